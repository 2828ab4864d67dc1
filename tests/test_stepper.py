"""Stepping through c = 2a + a² one contribution at a time, as in a notebook, without one, in a file."""

import base64
import re
import sys

import pytest
from lecture_graphs import chain_rule_iii

from autograd import Value, viz
from autograd.inspect.forward_stepper import ForwardStepper
from autograd.inspect.stepper import Stepper


def test_next_previous_and_goto_move_through_the_steps():
    _, c = chain_rule_iii()
    s = Stepper(c)
    assert (len(s), s.step) == (5, 0)
    assert s.next().next().step == 2
    assert s.previous().step == 1
    assert s.goto(4).next().step == 4  # stops at the last step
    assert s.goto(0).previous().step == 0
    with pytest.raises(IndexError, match=r"step 5 is not in 0 … 4"):
        s.goto(5)
    with pytest.raises(TypeError, match="must be an int"):
        s.goto(1.0)


def test_gradients_are_known_only_up_to_the_current_step():
    a, c = chain_rule_iii()
    v1, v2 = c.inputs
    s = Stepper(c).goto(2)  # c → v1, c → v2, v2 → a: a has one of its two contributions
    assert s.grads() == {c: 1.0, v1: 1.0, v2: 1.0, a: 2.0}
    assert s.goto(4).grads()[a] == 4.0
    assert a.grad == 0.0


def test_the_drawing_highlights_the_current_edge_and_hides_unknown_gradients(tmp_path):
    _, c = chain_rule_iii()
    s = Stepper(c).goto(2)
    source = s.to_dot().source
    assert source.count("grad ?") == 1  # only the constant 2 is not reached yet
    red = [line for line in source.splitlines() if "color=red" in line]
    assert len(red) == 3 and any("->" in line for line in red)  # a, v4 and the edge a → (**2)
    path = s.render(tmp_path / "step2.svg")
    assert ">grad 2<" in path.read_text() and ">grad ?<" in path.read_text()
    assert s.render(tmp_path / "step2.png").read_bytes()[:4] == b"\x89PNG"


def test_each_step_reads_upstream_times_local_and_the_chain_rule_sum_for_a():
    _, c = chain_rule_iii()
    s = Stepper(c)
    assert s.goto(2).caption() == [
        "edge a → (**2) → v4",
        "dL/dv4 · ∂v4/∂a = 1 · 2 = 2   (upstream × local = contribution)",
        "dL/da so far = 2",
        "chain rule for a: dL/da = dL/dv4·∂v4/∂a + dL/dv3·∂v3/∂a",
        "    = 1·2 + ? = 2 so far",
    ]
    assert s.goto(4).caption()[-1] == "    = 1·2 + 1·2 = 4"


def test_the_chosen_leaf_must_be_a_leaf_the_pass_reaches():
    _, c = chain_rule_iii()
    two = c.inputs[0].inputs[0]
    assert Stepper(c, leaf=two).goto(3).caption()[-2:] == [
        "chain rule for 2: dL/d2 = dL/dv3·∂v3/∂2",
        "    = 1·1 = 1",
    ]
    with pytest.raises(ValueError, match="not a leaf"):
        Stepper(c, leaf=c.inputs[0])


def _svg_size(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"', svg).groups()
    return float(width), float(height)


def test_every_step_keeps_one_picture_size_so_the_drawing_does_not_jump():
    x, w = Value(0.3, label="x"), Value(-1.7, label="w", role="parameter")
    y = ((x * w + x.exp()).tanh() * w - x).sigmoid()
    s = Stepper(y)
    widths, heights = zip(*(_svg_size(viz.layout(s.goto(k).to_dot()).decode()) for k in range(len(s))))
    # each box is as wide as its widest text; only a red border's thickness may add a point or two
    assert max(widths) - min(widths) <= 4 and max(heights) - min(heights) <= 4


def test_a_notebook_gets_html_a_png_alone_and_text():
    _, c = chain_rule_iii()
    s = Stepper(c).goto(3)
    marked = [line for line in s.table().splitlines() if line.startswith("▶")]
    assert marked == [s.table().splitlines()[4]] and marked[0].split()[1] == "3"
    bundle = s._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.startswith('<div><img src="data:image/png;base64,') and "max-width:100%" in page
    assert "<b>step 3 of 0 … 4</b>" in page and page.count("font-weight:bold") == 1
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert bundle["text/plain"] == str(s) and str(s).startswith("step 3 of 0 … 4\nedge 2 → (*) → v3\n")


def test_without_a_layout_program_the_notebook_still_gets_the_numbers(monkeypatch):
    def no_program():
        raise viz.LayoutProgramNotFoundError("no dot")

    monkeypatch.setattr(viz, "layout_program", no_program)
    _, c = chain_rule_iii()
    bundle = Stepper(c)._repr_mimebundle_()
    assert "image/png" not in bundle and "<img" not in bundle["text/html"]
    assert "upstream × local = contribution" in bundle["text/html"]


def test_save_html_writes_one_page_with_every_step_and_no_outside_reference(tmp_path):
    _, c = chain_rule_iii()
    s = Stepper(c).goto(1)
    page = s.save_html(tmp_path / "steps.html").read_text()
    assert s.step == 1  # saving steps through every step and comes back
    assert page.count('<section class="step"') == 5 and page.count('src="data:image/svg+xml;base64,') == 5
    assert "1·2 + 1·2 = 4" in page and "ArrowRight" in page
    assert not re.search(r"(src|href)=\"(https?:|//)", page)  # nothing to fetch: works offline
    pictures = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert ">grad ?<" in base64.b64decode(pictures[0]).decode()
    assert ">grad 4<" in base64.b64decode(pictures[-1]).decode()


@pytest.mark.parametrize(("name", "error"), [("steps.svg", ValueError), ("no/steps.html", FileNotFoundError)])
def test_save_html_refuses_a_wrong_suffix_or_folder(tmp_path, name, error):
    _, c = chain_rule_iii()
    with pytest.raises(error):
        Stepper(c).save_html(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_the_forward_stepper_computes_one_node_per_step():
    _, c = chain_rule_iii()
    f = ForwardStepper(c)
    assert [f.goto(k).caption()[0] for k in range(len(f))] == [
        "a = 1   (a leaf: input)",
        "2 = 2   (a leaf: constant)",
        "v3 = 2 * a",
        "v4 = a**2",
        "c = v3 + v4",
    ]
    assert f.goto(3).caption()[1] == "    = 1**2 = 1"
    source = f.to_dot().source
    assert source.count("data ?") == 1 and "grad" not in source  # only c is still to compute
    assert "▶ 3     v4  **2   a       1       1" in f.table()


def test_the_forward_stepper_saves_its_page_too(tmp_path):
    _, c = chain_rule_iii()
    page = ForwardStepper(c).save_html(tmp_path / "forward.html").read_text()
    assert page.count('<section class="step"') == 5 and "c = v3 + v4" in page


def test_a_leaf_has_nothing_to_step_through():
    with pytest.raises(ValueError, match="leaf"):
        Stepper(Value(1.0))


def test_widget_without_ipywidgets_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # as if it were not installed
    _, c = chain_rule_iii()
    with pytest.raises(ImportError, match=r"scalar-autograd\[widgets\]"):
        Stepper(c).widget()


def test_widget_slider_and_buttons_move_the_stepper():
    pytest.importorskip("ipywidgets")
    _, c = chain_rule_iii()
    s = Stepper(c)
    box = s.widget()
    (back, slider, forth), view = box.children[0].children, box.children[1]
    forth.click()
    forth.click()
    assert (slider.value, s.step) == (2, 2) and "step 2 of 0 … 4" in view.value
    back.click()
    assert s.step == 1


def test_without_dot_every_step_is_drawn_by_graphviz_pure(tmp_path, no_dot_on_path):
    _, c = chain_rule_iii()
    s = Stepper(c)
    assert viz.layout_program().endswith("graphviz-pure")
    assert base64.b64decode(s._repr_mimebundle_()["image/png"])[:4] == b"\x89PNG"
    assert s.save_html(tmp_path / "steps.html").read_text().count("data:image/svg+xml;base64,") == 5
