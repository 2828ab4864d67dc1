"""Neurons, layers, MLPs, activations, initialisers, dropout, and saving a model's state."""

import json
import math
import statistics

import pytest

import nn
from autograd import Value


def test_the_lectures_mlp_has_26_parameters():
    # (3×4) + (4×2) = 20 weights, plus 4 + 2 = 6 biases
    model = nn.MLP(3, [4, 2])
    assert len(model.parameters()) == 26
    names = [name for name, _ in model.named_parameters()]
    assert names[:4] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.0.w.2",
        "layers.0.neurons.0.b",
    ]
    assert names[-1] == "layers.1.neurons.1.b"
    assert "layers.0.neurons.1.w.2" in names
    assert all(p.role == "parameter" for p in model.parameters())


def xor_network():
    """Lecture 03: h = max(0, Wx + c), y = wᵀh + b; W = [[1, 1], [1, 1]], c = [0, -1], w = [1, -2], b = 0."""
    model = nn.MLP(2, [2, 1])
    model.load_state_dict(
        {
            "layers.0.neurons.0.w.0": 1.0, "layers.0.neurons.0.w.1": 1.0, "layers.0.neurons.0.b": 0.0,
            "layers.0.neurons.1.w.0": 1.0, "layers.0.neurons.1.w.1": 1.0, "layers.0.neurons.1.b": -1.0,
            "layers.1.neurons.0.w.0": 1.0, "layers.1.neurons.0.w.1": -2.0, "layers.1.neurons.0.b": 0.0,
        }
    )  # fmt: skip
    return model


def test_xor_with_the_lectures_hand_weights():
    model = xor_network()
    outputs = [model(x) for x in ([0, 0], [0, 1], [1, 0], [1, 1])]
    assert all(isinstance(y, Value) for y in outputs)
    assert [y.data for y in outputs] == [0.0, 1.0, 1.0, 0.0]
    # the hidden features of (1, 1): h = relu([2, 1]) = [2, 1], y = 2 - 2 = 0
    assert [h.data for h in model.layers[0]([1, 1])] == [2.0, 1.0]


def test_a_neuron_is_one_affine_node_then_its_activation():
    neuron = nn.Neuron(3, activation="tanh", seed=0)
    out = neuron([1.0, 2.0, 3.0])
    assert out.op == "tanh"
    z = out.inputs[0]
    x, w, b = z.inputs[:3], z.inputs[3:6], z.inputs[6]  # z's inputs: x, then the neuron's w and b
    assert z.op == "affine" and w == tuple(neuron.w) and b is neuron.b
    assert [v.data for v in x] == [1.0, 2.0, 3.0]
    assert [w.label for w in neuron.w] + [neuron.b.label] == ["w[0]", "w[1]", "w[2]", "b"]
    expected = math.tanh(sum(w.data * x for w, x in zip(neuron.w, [1, 2, 3])))
    assert out.data == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("activation", ["tanh", "prelu", "maxout", "linear"])
def test_forward_batch_is_the_model_sample_by_sample(activation):
    model = nn.MLP(3, [4, 2], activation=activation, seed=1)
    xs = [[1.0, -2.0, 0.5], [0.0, 3.0, -1.0], [2.0, 2.0, 2.0]]
    batch = model.forward_batch(xs)
    one_by_one = [model(x) for x in xs]
    assert [[v.data for v in out] for out in batch] == [[v.data for v in out] for out in one_by_one]
    layer = model.layers[0]
    assert [[v.data for v in h] for h in layer.forward_batch(xs)] == [[v.data for v in layer(x)] for x in xs]
    neuron = nn.Neuron(3, seed=2)
    assert [v.data for v in neuron.forward_batch(xs)] == [neuron(x).data for x in xs]
    with pytest.raises(TypeError, match=r"MLP\.forward_batch expects a list of samples, got str"):
        model.forward_batch("123")
    with pytest.raises(ValueError, match="MLP expects 3 inputs, got 2"):
        model.forward_batch([[1.0, 2.0, 3.0], [1.0, 2.0]])


def test_mlp_returns_a_value_for_one_output_else_a_list():
    assert isinstance(nn.MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    outputs = nn.MLP(2, [3, 2], seed=0)([1.0, 2.0])
    assert isinstance(outputs, list) and len(outputs) == 2
    assert len(nn.Layer(2, 1, seed=0)([1.0, 2.0])) == 1


def test_same_seed_same_weights():
    def weights(**kw):
        return [p.data for p in nn.MLP(3, [4, 2], **kw).parameters()]

    assert weights(seed=7) == weights(seed=7)
    assert weights(seed=7) != weights(seed=8)
    assert weights(seed=7, init="he") == weights(seed=7, init="he")
    assert [w.data for w in nn.Neuron(5, seed=3).w] == [w.data for w in nn.Neuron(5, seed=3).w]


@pytest.mark.parametrize(
    "init, std", [("lecture", 0.01), ("xavier", math.sqrt(2 / (100 + 50))), ("he", math.sqrt(2 / 100))]
)
def test_initialisers_draw_the_documented_spread_and_zero_biases(init, std):
    layer = nn.Layer(100, 50, seed=1, init=init)
    weights = [w.data for n in layer.neurons for w in n.w]
    assert statistics.fmean(weights) == pytest.approx(0.0, abs=4 * std / math.sqrt(len(weights)))
    assert statistics.pstdev(weights) == pytest.approx(std, rel=0.03)
    assert all(n.b.data == 0.0 for n in layer.neurons)


ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: max(0.0, z),
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
    "elu": lambda z: z if z > 0 else math.expm1(z),
    "sigmoid": lambda z: 1 / (1 + math.exp(-z)),
    "tanh": math.tanh,
    "step": lambda z: 1.0 if z >= 0 else 0.0,
    "arctan": math.atan,
    "softsign": lambda z: z / (1 + abs(z)),
    "relu6": lambda z: min(max(0.0, z), 6.0),
    "softplus": lambda z: math.log1p(math.exp(z)),
    "prelu": lambda z: z if z > 0 else 0.25 * z,
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("z", [-1.5, 0.5, 7.0])
def test_activation_by_name(name, z):
    neuron = nn.Neuron(1, activation=name)
    neuron.w[0].data = 1.0
    assert neuron([z]).data == pytest.approx(ACTIVATIONS[name](z), abs=1e-15)


def test_activation_may_be_any_callable():
    neuron = nn.Neuron(2, activation=lambda z: z**2)
    neuron.load_state_dict({"w.0": 1.0, "w.1": 2.0, "b": 1.0})
    assert neuron([1.0, 1.0]).data == 16.0


def test_prelu_learns_its_slope():
    # z = -2 < 0: h = a·z, ∂h/∂a = z = -2, ∂h/∂z = a = 0.25
    neuron = nn.Neuron(1, activation="prelu")
    neuron.load_state_dict({"w.0": 1.0, "b": 0.0, "activation.a": 0.25})
    x = Value(-2.0)
    h = neuron([x])
    h.backward()
    assert (h.data, neuron.activation.a.grad, x.grad) == (-0.5, -2.0, 0.25)
    assert len(nn.MLP(2, [3, 1], activation="prelu").parameters()) == 9 + 4 + 3


def test_maxout_passes_the_gradient_to_the_largest_piece():
    unit = nn.Maxout(2, pieces=3)
    unit.load_state_dict(
        {"pieces.0.w.0": 1.0, "pieces.0.w.1": 0.0, "pieces.0.b": 0.0,
         "pieces.1.w.0": 0.0, "pieces.1.w.1": 1.0, "pieces.1.b": 0.0,
         "pieces.2.w.0": -1.0, "pieces.2.w.1": -1.0, "pieces.2.b": 0.0}
    )  # fmt: skip
    h = unit([2.0, 3.0])  # pieces: 2, 3, -5
    h.backward()
    assert h.data == 3.0
    assert [p.grad for p in unit.parameters()] == [0, 0, 0, 2.0, 3.0, 1.0, 0, 0, 0]
    layer = nn.Layer(2, 4, activation="maxout", seed=0)
    assert len(layer.parameters()) == 4 * 2 * 3 and len(layer([1.0, 2.0])) == 4


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(
        ValueError, match=r"unknown activation 'swish'; known: linear, sigmoid, tanh, relu, .*prelu, maxout"
    ):
        nn.MLP(2, [2, 1], activation="swish")
    with pytest.raises(ValueError, match="unknown init 'glorot'; known: lecture, xavier, he"):
        nn.Layer(2, 2, init="glorot")


def test_dropout_is_inverted_seeded_and_only_in_training():
    xs = [Value(1.0) for _ in range(2000)]
    drop = nn.Dropout(0.25, seed=5)
    ys = [y.data for y in drop(xs)]
    assert set(ys) == {0.0, 1 / 0.75}
    assert statistics.fmean(ys) == pytest.approx(1.0, abs=0.05)  # E[output] = input
    assert ys == [y.data for y in nn.Dropout(0.25, seed=5)(xs)]
    assert drop.eval()(xs) == xs
    kept = drop.train()(xs[:1])[0]
    kept.backward()
    assert xs[0].grad in (0.0, 1 / 0.75)


def test_train_and_eval_reach_every_submodule():
    model = nn.MLP(4, [8, 8, 1], seed=0, dropout=0.5)
    assert model.eval() is model
    assert not model.training and not model.dropout.training and not model.layers[1].neurons[0].training
    x = [1.0, -1.0, 0.5, 2.0]
    assert model(x).data == model(x).data  # no dropout in eval mode
    model.train()
    assert model.dropout.training
    # dropout draws after the weights: the same seed gives the same weights with or without it
    assert [p.data for p in model.parameters()] == [p.data for p in nn.MLP(4, [8, 8, 1], seed=0).parameters()]


def test_zero_grad_clears_every_parameter():
    model = xor_network()
    model([1.0, 0.0]).backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_state_dict_round_trip_through_a_json_file(tmp_path):
    model = nn.MLP(3, [4, 2], seed=1)
    path = tmp_path / "model.json"
    model.save(path)
    assert json.loads(path.read_text()) == model.state_dict()
    other = nn.MLP(3, [4, 2], seed=2)
    other.load(path)
    assert other.state_dict() == model.state_dict()
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary file left


@pytest.mark.parametrize(
    "change, error, message",
    [
        (lambda s: s.pop("layers.1.neurons.0.b"), KeyError, "missing key 'layers.1.neurons.0.b'"),
        (lambda s: s.update(extra=1.0), KeyError, "unexpected key 'extra'"),
        (
            lambda s: s.update({"layers.0.neurons.0.w.1": "0.5"}),
            ValueError,
            "'layers.0.neurons.0.w.1' must be a finite number, got '0.5'",
        ),
        (
            lambda s: s.update({"layers.0.neurons.0.b": math.inf}),
            ValueError,
            "'layers.0.neurons.0.b' must be a finite number, got inf",
        ),
    ],
)
def test_a_mismatched_state_names_the_key_and_changes_nothing(change, error, message):
    model = nn.MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    state = {name: 9.0 for name in before}
    change(state)
    with pytest.raises(error, match=message):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_a_malformed_file_names_the_file_and_changes_nothing(tmp_path):
    model = nn.MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    bad = tmp_path / "bad.json"
    bad.write_text('{"layers.0.neurons.0.w.0": 1.0,')
    with pytest.raises(ValueError, match=r"bad\.json: not a JSON state dict"):
        model.load(bad)
    bad.write_text("[1, 2]")
    with pytest.raises(ValueError, match=r"bad\.json: load_state_dict: expected a dict, got list"):
        model.load(bad)
    bad.write_text(json.dumps({"layers.0.neurons.0.w.0": 1.0}))
    with pytest.raises(ValueError, match=r"bad\.json: load_state_dict: missing key 'layers.0.neurons.0.w.1'"):
        model.load(bad)
    assert model.state_dict() == before


def test_wrong_inputs_are_named():
    with pytest.raises(ValueError, match="Layer expects 3 inputs, got 2"):
        nn.Layer(3, 2)([1.0, 2.0])
    with pytest.raises(ValueError, match="MLP expects 3 inputs, got 4"):
        nn.MLP(3, [2, 1])([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(TypeError, match="Neuron expects a list of 2 numbers or Values, got Value"):
        nn.Neuron(2)(Value(1.0))
    with pytest.raises(TypeError, match="Value\\(\\) takes a real number, got str"):
        nn.MLP(2, [1])([1.0, "2"])
    with pytest.raises(ValueError, match="Neuron: nin must be a positive int, got 0"):
        nn.Neuron(0)
    with pytest.raises(TypeError, match="sizes must be a non-empty list"):
        nn.MLP(2, 3)
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\], got 1.5"):
        nn.Dropout(1.5)


def test_parameters_are_labelled_by_their_place_in_the_network():
    model = nn.MLP(2, [3, 1], seed=0)
    assert model.layers[0].neurons[2].w[1].label == "layer1.neuron3.w[1]"
    assert model.layers[1].neurons[0].b.label == "layer2.neuron1.b"
    assert [p.label for p in nn.Layer(2, 1).parameters()] == ["neuron1.w[0]", "neuron1.w[1]", "neuron1.b"]
    maxout = nn.MLP(2, [1, 1], activation="maxout", seed=0)
    assert maxout.layers[0].neurons[0].pieces[1].b.label == "layer1.neuron1.piece2.b"
    assert len({p.label for p in model.parameters()}) == len(model.parameters())  # every name once
