"""A network's graph drawn in the view that fits: node by node, one box per neuron, one per layer."""

import pytest

import nn
from autograd import viz
from nn import drawing, losses
from nn.data import load_dataset


def _loss(hidden, activation="relu"):
    wine = load_dataset("wine", seed=0)
    model = nn.MLP(13, [*hidden, 3], activation=activation, seed=0)
    loss = drawing.one_sample_loss(
        model, losses.softmax_cross_entropy, wine.features[0], wine.labels[0], wine.feature_names
    )
    return model, loss


def test_a_neuron_holds_its_weights_bias_affine_node_and_activation():
    model, loss = _loss([2])
    groups = drawing.groups(model, loss, "neurons")
    first = model.layers[0].neurons[0]
    mine = [node for node, name in groups.items() if name == "layer1.neuron1"]
    assert len(mine) == 13 + 1 + 2  # 13 weights and b; z = wᵀx + b; h = relu(z)
    assert set(first.parameters()) <= set(mine)
    assert {node.op for node in mine} == {"", "affine", "relu"}
    assert loss not in groups  # the loss's own node stays as it is, reading the three logits
    assert [groups[z] for z in loss.inputs] == ["layer2.neuron1", "layer2.neuron2", "layer2.neuron3"]
    assert set(drawing.groups(model, loss, "layers").values()) == {"layer1", "layer2"}
    assert drawing.groups(model, loss, "values") == {}


def test_the_view_that_fits_gets_coarser_as_the_network_grows():
    small, tiny_loss = _loss([])
    assert drawing.fitting_view(small, tiny_loss) == "values"
    default, loss = _loss([16])
    assert drawing.size(loss, {})[0] > drawing.MAX_BOXES
    assert drawing.fitting_view(default, loss) == "neurons"
    wide, wide_loss = _loss([128])
    assert drawing.fitting_view(wide, wide_loss) == "layers"
    assert drawing.size(wide_loss, drawing.groups(wide, wide_loss, "layers")) == (16, 15)


def test_nodes_are_named_by_their_place_and_features_by_name(tmp_path):
    model, loss = _loss([])
    assert drawing.draw(model, loss, tmp_path / "g.svg") == "values"
    svg = (tmp_path / "g.svg").read_text()
    for name in (">alcohol<", ">proline<", ">layer1.neuron3.w[2]<", ">layer1.neuron1.b<", ">loss<"):
        assert name in svg, name
    assert ">v" + "1<" not in svg


def test_a_layer_box_counts_its_outputs_and_the_full_view_stays_available(tmp_path):
    model, loss = _loss([128])
    assert drawing.draw(model, loss, tmp_path / "g.svg") == "layers"
    svg = (tmp_path / "g.svg").read_text()
    assert ">layer1<" in svg and ">128 outputs<" in svg and ">3 outputs<" in svg
    source = drawing.write_full_source(loss, tmp_path / "full.dot").read_text()
    assert (
        source.count("shape=record") == len(viz.to_dot(loss, max_nodes=5000).source.split("shape=record")) - 1
    )
    assert "layer1.neuron128.w[12]" in source


def test_an_unknown_view_is_named():
    model, loss = _loss([])
    with pytest.raises(ValueError, match="view must be one of"):
        drawing.groups(model, loss, "cells")
    with pytest.raises(TypeError, match=r"an nn\.MLP's, got Neuron"):
        drawing.groups(nn.Neuron(2), loss, "neurons")
