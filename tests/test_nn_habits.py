"""What a PyTorch or micrograd user types by habit: forward, Linear, Sequential, a trainable
default init, and clear messages where the habit does not fit."""

import random

import pytest

import nn
from autograd import Value


class TwoLayers(nn.Module):
    """A PyTorch-style subclass: parts set in __init__, the computation in forward."""

    def __init__(self):
        self.hidden = nn.Linear(2, 8, seed=0)
        self.out = nn.Linear(8, 1, seed=1)

    def forward(self, x):
        return self.out([h.tanh() for h in self.hidden(x)])[0]


def test_a_module_subclass_is_called_through_forward():
    model = TwoLayers()
    assert model([0.5, -1.0]).data == model.forward([0.5, -1.0]).data
    assert len(model.parameters()) == 2 * 8 + 8 + 8 * 1 + 1
    assert model.named_parameters()[0][0] == "hidden.weight.0.0"


def test_a_module_without_forward_says_so():
    class Empty(nn.Module):
        pass

    with pytest.raises(NotImplementedError, match="Empty must define forward"):
        Empty()([1.0])


def test_linear_is_wx_plus_b():
    layer = nn.Linear(3, 2, seed=0)
    layer.bias[1].data = 0.5
    x = [1.0, -2.0, 0.5]
    z = layer(x)
    for j in range(2):
        expected = sum(w.data * xi for w, xi in zip(layer.weight[j], x)) + layer.bias[j].data
        assert z[j].data == pytest.approx(expected, rel=1e-15)
    assert [[v.data for v in row] for row in layer.forward_batch([x, x])] == [[v.data for v in z]] * 2


def test_linear_without_bias_trains_only_the_weights():
    layer = nn.Linear(3, 2, bias=False, seed=0)
    assert len(layer.parameters()) == 6
    assert repr(layer) == "Linear(3, 2, bias=False)"


def test_sequential_chains_modules_and_activation_names():
    model = nn.Sequential(nn.Linear(2, 4, seed=0), "relu", nn.Linear(4, 1, seed=1))
    x = [0.3, -0.7]
    by_hand = model[2](model[1](model[0](x)))
    assert model(x)[0].data == by_hand[0].data
    assert len(model) == 3
    assert [name for name, _ in model.named_parameters()][:2] == [
        "layers.0.weight.0.0",
        "layers.0.weight.0.1",
    ]
    model.load_state_dict(model.state_dict())
    batch = [x, [1.0, 2.0], [-0.5, 0.0]]
    assert [[v.data for v in out] for out in model.forward_batch(batch)] == [
        [v.data for v in model(sample)] for sample in batch
    ]


def test_sequential_refuses_what_is_not_a_module():
    with pytest.raises(TypeError, match=r"item 1 must be an nn\.Module"):
        nn.Sequential(nn.Linear(2, 2), 3)
    with pytest.raises(ValueError, match="unknown activation 'rellu'"):
        nn.Sequential(nn.Linear(2, 2), "rellu")


@pytest.mark.parametrize("bad", ["Relu", "softmax", ""])
def test_unknown_activation_names_are_refused(bad):
    with pytest.raises(ValueError, match=f"unknown activation {bad!r}; known: linear, sigmoid"):
        nn.Activation(bad)
    with pytest.raises(ValueError, match="unknown activation"):
        nn.MLP(2, [3, 1], activation=bad)


def test_maxout_is_a_unit_not_an_elementwise_activation():
    with pytest.raises(ValueError, match=r"nn\.Maxout"):
        nn.Activation("maxout")


def test_every_activation_of_the_table_is_a_module():
    for name in nn.activations.ACTIVATIONS:
        assert nn.Activation(name)([Value(0.5)])[0].data == nn.activations.ACTIVATIONS[name](Value(0.5)).data


@pytest.mark.parametrize("model", [nn.MLP(2, [3, 1]), nn.Linear(2, 3), nn.Layer(2, 3), nn.Neuron(2)])
def test_a_batch_passed_to_model_names_forward_batch(model):
    with pytest.raises(TypeError, match=r"one sample.*forward_batch"):
        model([[1.0, 2.0], [3.0, 4.0]])


def micrograd_loop(**init):
    """micrograd's demo habit: an MLP, the mean squared error, plain gradient steps."""
    rng = random.Random(0)
    xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(20)]
    ys = [1.0 if a * b > 0 else -1.0 for a, b in xs]
    model = nn.MLP(2, [16, 16, 1], seed=0, **init)
    for _ in range(60):
        loss = sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0)) * (1 / len(xs))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
    return loss.item()


def test_a_micrograd_style_loop_learns_with_the_default_init():
    # He's init by default; the lecture's N(0, 0.01²) starts every output near 0, where the
    # gradients through two relu layers are about 1e-4 and the loss stays near 1.
    assert micrograd_loop() < 0.5
    assert micrograd_loop(init="lecture") > 0.95


def test_fit_trains_a_sequential_model_as_an_mlp():
    # the same weights in nn.Sequential and nn.MLP give the same fit, epoch for epoch
    train, val = nn.data.stratified_split(nn.data.moons(n=60, seed=1), fractions=(0.7, 0.3), seed=1)
    mlp = nn.MLP(2, [6, 2], activation="tanh", seed=0)
    seq = nn.Sequential(nn.Linear(2, 6), "tanh", nn.Linear(6, 2))
    for layer, linear in zip(mlp.layers, (seq[0], seq[2])):
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                linear.weight[j][k].data = w.data
    results = [
        nn.fit(
            m, nn.losses.cross_entropy, nn.optim.Adam(m.parameters(), lr=0.05), train, val, epochs=3, seed=2
        )
        for m in (mlp, seq)
    ]
    assert len(results[0].history) == 3
    assert [e["val_loss"] for e in results[0].history] == [e["val_loss"] for e in results[1].history]
