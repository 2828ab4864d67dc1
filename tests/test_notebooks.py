"""Every notebook in notebooks/ is stored with its outputs, and they are the outputs it gives now.

Each notebook runs top to bottom, headless (so each of its asserts holds), and its fresh
outputs are compared with the stored ones, leaving out timings, memory addresses and the bytes
of pictures (see ``notebooks/execute.py``). When a change to the code changes what a notebook
shows, ``make notebooks`` stores the new outputs.
"""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

_spec = importlib.util.spec_from_file_location("notebook_execute", ROOT / "notebooks" / "execute.py")
execute = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), (
        f"{path.name}: run `make notebooks` to store its outputs"
    )
    assert any(cell.outputs for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_are_what_the_code_gives_now(path, tmp_path):
    stored = execute.comparable(nbformat.read(path, as_version=4))
    fresh = execute.comparable(execute.execute(path, tmp_path))
    for k, (old, new) in enumerate(zip(stored, fresh, strict=True)):
        assert old == new, f"{path.name}, code cell {k + 1}: stale outputs; run `make notebooks`"


def test_timings_addresses_and_picture_bytes_are_left_out_of_the_comparison():
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="loss 0.25\ntime: 1.37 s\n"),
        nbformat.v4.new_output("stream", name="stdout", text="accuracy 0.9\n"),
        nbformat.v4.new_output(
            "display_data",
            data={
                "image/png": "iVBORw0KGgo=",
                # the picture's base64 holds "0xBEEF", which must not be taken for an address
                "text/html": '<img src="data:image/png;base64,iVBO0xBEEFRw0KGgo="><svg a="1"><g/></svg>',
                "text/plain": "<Stepper at 0x7f3a2c10>",
            },
        ),
    ]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert execute.comparable(notebook) == [
        [
            {"stream": "stdout", "text": "loss 0.25\naccuracy 0.9\n"},
            {
                "data": {
                    "image/png": "<picture>",
                    "text/html": '<img src="data:image/png;base64,…"><svg/>',
                    "text/plain": "<Stepper at 0x…>",
                }
            },
        ]
    ]
    cell.outputs[0]["text"] = "loss 0.26\n"
    assert execute.comparable(notebook)[0][0]["text"] == "loss 0.26\naccuracy 0.9\n"  # a change is seen
