"""Drawing the graph: records for values, ovals for ops, SVG and PNG with or without `dot`."""

import base64
import os
import shutil
import struct
import sys

import pytest
from lecture_graphs import chain_rule_iii

import autograd
from autograd import Value, viz


def test_the_svg_shows_every_value_and_gradient(tmp_path, no_dot_on_path):
    _, c = chain_rule_iii(backpropagated=True)
    path = viz.render(c, tmp_path / "c.svg")
    svg = path.read_text()
    assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>")
    for text in (
        ">a<",
        ">c<",
        ">v3<",
        ">v4<",
        ">data 1<",
        ">grad 4<",
        ">data 3<",
        ">data 2<",
        ">**2<",
        ">+<",
    ):
        assert text in svg, text
    assert svg.count(">grad 1<") == 4  # c, 2a, a² and the constant 2 (dc/d2 = a = 1)
    assert viz.layout_program().endswith("graphviz-pure")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_by_the_suffix_and_twice_the_size_at_scale_2(tmp_path, no_dot_on_path):
    _, c = chain_rule_iii(backpropagated=True)
    width, height = _png_size(viz.render(c, tmp_path / "c.PNG").read_bytes())
    big = _png_size(viz.render(c, tmp_path / "slide.png", scale=2).read_bytes())
    assert abs(big[0] - 2 * width) <= 1 and abs(big[1] - 2 * height) <= 1  # up to rounding


@pytest.mark.parametrize("name", ["g.jpg", "g.pdf", "g", "g.svg.txt"])
def test_any_other_suffix_is_refused_before_drawing(tmp_path, name):
    _, c = chain_rule_iii(backpropagated=True)
    with pytest.raises(ValueError, match=r"written as \.svg or \.png, chosen by the suffix"):
        viz.render(c, tmp_path / name)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("scale", [0, -1, 11, "2", True])
def test_a_bad_scale_is_named(tmp_path, scale):
    _, c = chain_rule_iii(backpropagated=True)
    with pytest.raises(ValueError, match=r"scale must be a number from 0\.1 to 10"):
        viz.render(c, tmp_path / "c.png", scale=scale)


def test_a_drawing_shows_itself_in_a_notebook_without_dot(no_dot_on_path):
    _, c = chain_rule_iii(backpropagated=True)
    bundle = viz.to_dot(c)._repr_mimebundle_()
    assert ">grad 4<" in bundle["image/svg+xml"]
    _png_size(base64.b64decode(bundle["image/png"]))
    _png_size(c._repr_png_())  # a Value too, for views that refuse SVG


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_the_system_dot_draws_the_same_texts(tmp_path):
    _, c = chain_rule_iii(backpropagated=True)
    assert viz.layout_program() == shutil.which("dot")
    svg = viz.render(c, tmp_path / "c.svg").read_text()
    assert ">grad 4<" in svg and svg.count(">grad 1<") == 4
    _png_size(viz.render(c, tmp_path / "c.png").read_bytes())


def test_dot_on_path_is_used_first_and_its_failure_writes_nothing(tmp_path, no_dot_on_path):
    fake = no_dot_on_path / "dot"
    fake.write_text("#!/bin/sh\necho '<svg half' ; echo 'dot: out of memory' >&2 ; exit 3\n")
    fake.chmod(0o755)
    _, c = chain_rule_iii(backpropagated=True)
    target = tmp_path / "kept.svg"
    target.write_text("the old picture")
    with pytest.raises(RuntimeError, match=r"exit status 3\): dot: out of memory"):
        viz.render(c, target)
    assert target.read_text() == "the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-bin", "kept.svg"]


def test_without_any_layout_program_the_error_says_what_to_install(tmp_path, no_dot_on_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(no_dot_on_path / "python"))
    _, c = chain_rule_iii(backpropagated=True)
    with pytest.raises(viz.LayoutProgramNotFoundError, match="pip install graphviz-pure"):
        viz.render(c, tmp_path / "c.svg")
    assert not (tmp_path / "c.svg").exists()
    assert c._repr_svg_() is None  # a notebook falls back to the text repr


def test_a_value_draws_itself_in_a_notebook():
    _, c = chain_rule_iii(backpropagated=True)
    svg = c._repr_svg_()
    assert svg.startswith("<?xml") and ">grad 4<" in svg


def test_leaves_are_told_apart_by_role_and_ops_are_ovals():
    w = Value(0.5, label="w", role="parameter")
    x = Value(2.0, label="x")
    y = (w * x + 1).tanh()
    lines = viz.to_dot(y).source.splitlines()

    def line(name):
        return next(s for s in lines if f'label="{{{name} |' in s or f'label="{{data {name} |' in s)

    assert "style=filled" in line("w")
    assert "style" not in line("x")
    assert "style=dashed" in line("1")
    assert "shape=oval" in next(s for s in lines if "label=tanh" in s)


def test_record_characters_in_labels_are_escaped():
    a = Value(1.0, label='a{<|>}"\\')
    svg = viz.to_svg(a * 2)
    assert ">a{&lt;|&gt;}&quot;\\<" in svg


def test_grads_and_highlight_show_a_moment_of_the_backward_pass():
    _, c = chain_rule_iii(backpropagated=True)
    _, v2 = c.inputs
    source = viz.to_dot(c, grads={c: 1.0, v2: 1.0}, highlight=[v2, (v2, c)], rankdir="TB").source
    assert source.count("grad ?") == 3 and source.count("grad 1") == 2
    assert "rankdir=TB" in source
    assert sum("color=red" in line for line in source.splitlines()) == 2  # the node v2 and its edge into +
    assert "grad" not in viz.to_dot(c, show_grad=False).source


def test_a_graph_beyond_max_nodes_is_refused_quickly():
    y = Value(0.5)
    for _ in range(100_000):
        y = y * 1.0
    with pytest.raises(ValueError, match=r"200001 values, more than max_nodes=300"):
        viz.to_dot(y)
    assert y._repr_svg_() is None


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"rankdir": "XY"}, ValueError, "rankdir"),
        ({"max_nodes": 0}, ValueError, "max_nodes"),
        ({"highlight": [3]}, TypeError, "highlight"),
    ],
)
def test_bad_options_are_named(kwargs, error, match):
    _, c = chain_rule_iii(backpropagated=True)
    with pytest.raises(error, match=match):
        viz.to_dot(c, **kwargs)


def test_bad_format_and_missing_folder_are_named(tmp_path):
    _, c = chain_rule_iii(backpropagated=True)
    with pytest.raises(ValueError, match="format must be one of"):
        viz.layout(viz.to_dot(c), "pdf")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        viz.render(c, tmp_path / "no" / "c.svg")
    with pytest.raises(TypeError, match="expected a Value"):
        viz.to_dot(2.0)
    assert os.listdir(tmp_path) == []


def test_data_and_min_width_draw_a_moment_of_the_forward_pass():
    a, c = chain_rule_iii()
    source = viz.to_dot(c, show_grad=False, data={a: 1.0}, min_width={a: 2.0}).source
    assert source.count("data ?") == 4  # the constant 2, 2a, a² and c are not computed yet
    assert "data 1" in source and "width=2.00" in source


def test_a_group_is_drawn_as_one_box_with_its_output():
    x = [Value(1.0, label="x0"), Value(2.0, label="x1")]
    w = [Value(0.5, label="w0", role="parameter"), Value(-1.0, label="w1", role="parameter")]
    b = Value(0.25, label="b", role="parameter")
    h = autograd.affine(w, x, b).tanh()
    loss = (h - 1.0) ** 2
    loss.backward()
    neuron = {node: "neuron1" for node in [*w, b, h, h.inputs[0]]}
    source = viz.to_dot_grouped(loss, neuron).source
    # w0, w1, b, the affine node and tanh; the box shows tanh's data and gradient
    assert f"{{neuron1 | 5 values | out {h.data:.4g} | grad {h.grad:.4g}}}" in source
    edges = {line.strip() for line in source.splitlines() if "->" in line}
    assert {"n0 -> g0", "n1 -> g0", "g0 -> n3_op"} <= edges  # x0, x1 in; h out into h - 1
    assert len([e for e in edges if "g0" in e]) == 3  # no arrow inside the group
    svg = viz.layout(viz.to_dot_grouped(loss, neuron)).decode()
    assert ">neuron1<" in svg and ">x0<" in svg and ">w0<" not in svg


def test_groups_beyond_max_nodes_and_bad_groups_are_refused():
    x = Value(1.0, label="x")
    y = x * 2 + x * 3
    with pytest.raises(ValueError, match="max_nodes=2"):
        viz.to_dot_grouped(y, {}, max_nodes=2)
    with pytest.raises(TypeError, match="groups must map Values to non-empty group names"):
        viz.to_dot_grouped(y, {x: ""})
