"""Compiled training: every activation × loss of nn against the engine, fit(compile=True), the CLI
flag, and the digits data set that gives compile a job worth its name."""

import json

import numpy as np
import pytest

import autograd
import nn
from nn import cli
from nn.activations import KNOWN
from nn.data import Standardiser, load_digits, load_wine, stratified_split
from nn.run import LOSSES


def model(hidden, nin, nout, output):
    """An MLP with two hidden layers of the activation ``hidden`` (a name nn knows)."""
    return nn.MLP(nin, [4, 3, nout], activation=hidden, output_activation=output, seed=1)


def normwise(got, expected):
    return np.abs(got - expected).max() / np.abs(expected).max()


@pytest.mark.parametrize("activation", KNOWN)
@pytest.mark.parametrize("loss_name", sorted(LOSSES))
def test_every_activation_and_loss_matches_the_engine(activation, loss_name):
    spec = LOSSES[loss_name]
    classes = 2 if spec.one_output else 3
    net = model(activation, 4, 1 if spec.one_output else classes, spec.output_activation)
    if activation == "rrelu":
        net.eval()  # in training mode its slope is drawn anew at every call: see the next test
    loss_fn = spec.make(2.0, 0.5) if spec.weighted else spec.make(1.0, 1.0)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 4)), np.arange(12) % classes
    params = net.parameters()

    net.zero_grad()
    loss = loss_fn(net.forward_batch(X.tolist()), y.tolist())
    loss.backward()
    expected = np.array([p.grad for p in params])

    compiled = autograd.compile(lambda x, t: loss_fn([net(x)], [t]), X[0].tolist(), int(y[0]))
    net.zero_grad()
    values = compiled(X, y)
    assert values.mean() == pytest.approx(loss.data, rel=1e-12)
    assert normwise(np.array([p.grad for p in params]), expected) <= 1e-12


def test_rrelu_in_training_mode_draws_its_slope_anew_and_is_refused():
    net = model("rrelu", 4, 3, "linear")  # a new module is in training mode
    compiled = autograd.compile(lambda x, t: nn.losses.softmax_cross_entropy(net(x), t), [0.1] * 4, 0)
    with pytest.raises(autograd.DataDependenceError, match="drawn anew at each call"):
        compiled(np.array([[0.1] * 4, [0.2] * 4]), np.array([0, 0]))


def wine_splits():
    train, val, _ = stratified_split(load_wine(), seed=0)
    scale = Standardiser.fit(train.features)
    return scale.apply(train), scale.apply(val)


@pytest.mark.parametrize("penalties", [{}, {"l1": 1e-3, "l2": 1e-2}])
def test_fit_with_compile_ends_with_the_engines_weights(penalties):
    train, val = wine_splits()
    weights, histories = [], []
    for compile_it in (False, True):
        model = nn.MLP(13, [8, 3], seed=0, init="he")
        optimizer = nn.optim.Adam(model.parameters(), lr=0.01)
        result = nn.fit(
            model,
            nn.losses.softmax_cross_entropy,
            optimizer,
            train,
            val,
            epochs=8,
            patience=5,
            compile=compile_it,
            **penalties,
        )
        weights.append(np.array([p.data for p in model.parameters()]))
        histories.append(result.history)
    assert np.abs(weights[1] - weights[0]).max() <= 1e-9 * np.abs(weights[0]).max()
    for ours, theirs in zip(histories[1], histories[0]):
        assert ours.keys() == theirs.keys()
        assert ours["train_accuracy"] == theirs["train_accuracy"]
        assert ours["val_loss"] == pytest.approx(theirs["val_loss"], rel=1e-12)


def test_fit_with_compile_refuses_a_loss_that_is_not_a_mean_over_samples():
    train, val = wine_splits()
    model = nn.MLP(13, [3], seed=0)

    def weighted(outputs, labels):  # the mean divides by the rows' total weight, not their number
        return nn.losses.softmax_cross_entropy(outputs, labels, weight=[1.0, 5.0, 1.0])

    with pytest.raises(ValueError, match="mean over the samples"):
        nn.fit(model, weighted, nn.optim.SGD(model.parameters(), lr=0.1), train, val, epochs=1, compile=True)


def test_nn_train_compile_flag(tmp_path):
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "iris", "--epochs", "3", "--compile", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["compile"] is True
    assert len(metrics["history"]) == 3


def test_digits_is_shipped_like_the_other_real_data_sets():
    digits = load_digits()
    assert (len(digits), digits.num_features, digits.num_classes) == (1797, 64, 10)
    assert digits.class_names == [f"digit_{k}" for k in range(10)]
    assert digits.feature_names[0] == "pixel_0_0" and digits.feature_names[63] == "pixel_7_7"
    assert sum(digits.class_counts()) == 1797 and min(digits.class_counts()) >= 170
    assert all(0 <= x <= 16 for row in digits.features for x in row)
    assert "digits" in nn.data.DATASETS
