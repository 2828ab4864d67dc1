"""Stepping through c = 2a + a² one contribution at a time, as in a notebook, without one."""

import sys

import pytest
from lecture_graphs import chain_rule_iii

from autograd import Value
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
    svg = s._repr_svg_()
    assert ">grad 2<" in svg and ">grad ?<" in svg
    path = s.render(tmp_path / "step2.svg")
    assert ">grad 2<" in path.read_text()


def test_the_table_marks_the_current_step_in_text_and_html():
    _, c = chain_rule_iii()
    s = Stepper(c).goto(3)
    marked = [line for line in s.table().splitlines() if line.startswith("▶")]
    assert marked == [s.table().splitlines()[4]] and marked[0].split()[1] == "3"
    page = s._repr_html_()
    assert page.startswith("<?xml") and "step 3 of 0 … 4" in page and page.count("font-weight:bold") == 1
    assert str(s).startswith("step 3 of 0 … 4\n")


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
