"""Run notebooks top to bottom and store their outputs, so the repository shows them executed.

    python notebooks/execute.py              # every notebooks/*.ipynb, rewritten in place
    python notebooks/execute.py 09_x.ipynb   # just these

A notebook runs in a scratch folder (whatever it writes lands there), with this checkout's
packages importable and a fixed hash seed, and is stored without timing metadata; cell ids
and execution counts are the same from one run to the next. ``tests/test_notebooks.py``
executes each notebook again and compares the outputs with ``comparable``, which leaves out
what may differ between two honest runs:

- how printed text was split into pieces;
- lines that start with ``time:`` (print timings that way: ``print(f"time: {t:.2f} s")``);
- memory addresses such as ``0x7f3a2c``;
- the bytes of pictures (PNG and SVG, alone or inside HTML), which depend on the versions of
  matplotlib and Graphviz: a picture must still be there, of the same kind.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: Seconds one cell may run.
CELL_TIMEOUT = 300

_TIMING_LINE = re.compile(r"^time:.*(\n|$)", re.MULTILINE)
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_DATA_URI = re.compile(r"data:image/(png|svg\+xml);base64,[A-Za-z0-9+/=]+")
_PICTURES = ("image/png", "image/svg+xml", "image/jpeg")


def execute(path: Path, scratch: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` after running every cell in the folder ``scratch``."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(scratch)}},
    )
    client.execute(env=_kernel_environment())
    return notebook


def _kernel_environment() -> dict[str, str]:
    """The kernel imports this checkout's packages even where they are not installed."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONHASHSEED": "0"}


def comparable(notebook: nbformat.NotebookNode) -> list[list[dict]]:
    """Each code cell's outputs, without what may honestly differ between two runs (see above)."""
    return [
        [_output(out) for out in _joined_streams(cell.outputs)]
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def _joined_streams(outputs: list) -> list:
    """``outputs`` with printed text that arrived in several pieces joined into one piece: the
    kernel sends what is printed when it flushes, which depends on timing."""
    joined: list = []
    for out in outputs:
        last = joined[-1] if joined else None
        if last and out["output_type"] == last["output_type"] == "stream" and out["name"] == last["name"]:
            joined[-1] = nbformat.v4.new_output("stream", name=out["name"], text=last["text"] + out["text"])
        else:
            joined.append(out)
    return joined


def _output(out: dict) -> dict:
    if out["output_type"] == "stream":
        return {"stream": out["name"], "text": _text(out["text"])}
    if out["output_type"] == "error":
        return {"error": out["ename"], "value": _text(out["evalue"])}
    data = {}
    for mime, content in out["data"].items():
        text = content if isinstance(content, str) else "".join(content)
        data[mime] = "<picture>" if mime in _PICTURES else _text(text)
    return {"data": data}


def _text(text: str) -> str:
    text = _TIMING_LINE.sub("", text)
    # pictures first: a picture's base64 may hold "0x" and hex digits, which are no address
    text = _INLINE_SVG.sub("<svg/>", text)
    text = _DATA_URI.sub(r"data:image/\1;base64,…", text)
    return _ADDRESS.sub("0x…", text)


def store(path: Path) -> None:
    """Execute the notebook at ``path`` and write it back with its outputs."""
    with tempfile.TemporaryDirectory() as scratch:
        notebook = execute(path, Path(scratch))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = _joined_streams(cell.outputs)
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"execute: {path} is not a notebook file", file=sys.stderr)
            return 2
    for path in paths:
        print(f"executing {path.name}", flush=True)
        store(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
