"""The smaller items of the lectures: RReLU (lecture 03's table), tutorial 8's bias-free
networks, the DASC7606 notes' J = ½(h(x) - y)² with its δ, and early stopping when the
validation accuracy stops improving."""

import json

import pytest

import nn
from autograd import Value
from nn.cli import main
from nn.data import Dataset
from nn.optim import SGD

# --- RReLU: f(α, x) = αx for x < 0, x for x >= 0;  f'(α, x) = α for x < 0, 1 for x >= 0 ------


@pytest.mark.parametrize("x, slope", [(-2.0, 0.125), (-2.0, 0.3), (0.0, 0.2), (3.0, 0.2)])
def test_rrelu_is_the_tables_formula_for_the_slope_drawn(x, slope):
    v = Value(x)
    out = v.rrelu(slope)
    out.backward()
    assert out.data == (x if x >= 0 else slope * x)
    assert v.grad == (1.0 if x > 0 else slope)
    assert out.op == f"rrelu({slope:g})"


def test_rrelu_draws_a_slope_in_its_range_at_every_call_while_training():
    g = nn.RReLU(seed=0)
    slopes = [g(Value(-1.0)).data / -1.0 for _ in range(200)]
    assert all(1 / 8 <= a <= 1 / 3 for a in slopes)
    assert len(set(slopes)) == 200  # a new α every call
    assert sum(slopes) / 200 == pytest.approx((1 / 8 + 1 / 3) / 2, abs=0.01)


def test_rrelu_in_eval_mode_uses_the_mean_slope_eleven_forty_eighths():
    g = nn.RReLU(seed=0).eval()
    assert g(Value(-48.0)).data == pytest.approx(-11.0)
    assert nn.activations.ACTIVATIONS["rrelu"](Value(-48.0)).data == pytest.approx(-11.0)


def test_rrelu_slopes_are_fixed_by_the_seed():
    def outputs(seed):
        net = nn.MLP(2, [3, 1], activation="rrelu", seed=seed)
        return [net([-1.0, 0.5]).data for _ in range(5)]

    assert outputs(1) == outputs(1)
    assert outputs(1) != outputs(2)


def test_an_rrelu_network_has_the_weights_of_a_leaky_one_with_the_same_seed():
    rrelu, leaky = nn.MLP(2, [3, 1], "rrelu", seed=4), nn.MLP(2, [3, 1], "leaky_relu", seed=4)
    assert rrelu.state_dict() == leaky.state_dict()


@pytest.mark.parametrize(
    "lower, upper, message",
    [
        (0.4, 0.2, "needs 0 <= lower <= upper <= 1"),
        (0.1, 1.5, "needs 0 <= lower <= upper <= 1"),
        (-0.1, 0.2, "lower must be a finite number >= 0, got -0.1"),
        (0.1, "1", "upper must be a finite number >= 0, got '1'"),
    ],
)
def test_rrelu_rejects_a_bad_range(lower, upper, message):
    with pytest.raises(ValueError, match=message):
        nn.RReLU(lower, upper)


# --- tutorial 8: f[1] = W[1]ᵀX, a[1] = relu(f[1]), f[2] = W[2]ᵀa[1], Ŷ = σ(f[2]): no biases -----


def test_a_bias_free_mlp_has_only_weights():
    net = nn.MLP(3, [2, 1], activation="relu", output_activation="sigmoid", bias=False, seed=0)
    assert len(net.parameters()) == 3 * 2 + 2 * 1
    assert all(".w." in name for name, _ in net.named_parameters())
    assert all(n.b.role == "constant" and n.b.data == 0.0 for layer in net.layers for n in layer.neurons)


def test_tutorial_8_gradient_of_w11_in_a_bias_free_network():
    # ∂E/∂W₁₁⁽¹⁾ = [-αY/Ŷ + β(1-Y)/(1-Ŷ)] · σ(f⁽²⁾)(1-σ(f⁽²⁾)) · W₁₀⁽²⁾ · 1[f₁₀⁽¹⁾ > 0] · X₁₀
    net = nn.MLP(3, [2, 1], activation="relu", output_activation="sigmoid", bias=False, seed=3)
    hidden, out = net.layers
    X, Y, alpha, beta = [1.0, 0.8, -0.4], 1, 10.0, 1.0
    for k, w in enumerate([0.5, 0.7, -0.2]):  # unit 1 of the hidden layer: f₁₀ > 0
        hidden.neurons[1].w[k].data = w
    y_hat = net(X)
    nn.losses.weighted_binary_cross_entropy([y_hat], [Y], alpha, beta).backward()

    f1 = sum(w.data * x for w, x in zip(hidden.neurons[1].w, X))
    dE_dY = -alpha * Y / y_hat.data + beta * (1 - Y) / (1 - y_hat.data)
    by_hand = dE_dY * y_hat.data * (1 - y_hat.data) * out.neurons[0].w[1].data * (f1 > 0) * X[1]
    assert f1 > 0
    assert hidden.neurons[1].w[1].grad == pytest.approx(by_hand, rel=1e-12)


def test_bias_false_is_checked():
    with pytest.raises(TypeError, match="bias must be True or False"):
        nn.MLP(2, [1], bias=0)
    with pytest.raises(ValueError, match="maxout"):
        nn.Layer(2, 2, "maxout", bias=False)


# --- DASC7606: J = ½(h(x) - y)²,  δ⁽ᴸ⁾ = ∂J/∂s⁽ᴸ⁾ = g'(s⁽ᴸ⁾)(h(x) - y) --------------------------


def test_the_notes_example_half_of_point_six_minus_one_squared():
    assert nn.losses.half_squared_error([0.6], [1.0]).data == pytest.approx(0.08)


def test_delta_of_the_output_layer_is_g_prime_times_h_minus_y():
    s = Value(0.4054651081081644)  # σ(s) = 0.6
    h = s.sigmoid()
    nn.losses.half_squared_error([h], [1.0]).backward()
    assert h.data == pytest.approx(0.6)
    assert s.grad == pytest.approx(0.6 * (1 - 0.6) * (0.6 - 1.0))  # g'(s)(h - y) = -0.096


def test_half_squared_error_is_half_of_mse_over_a_batch():
    preds, targets = [0.2, 1.5, -0.3], [0.0, 1.0, 1.0]
    assert nn.losses.half_squared_error(preds, targets).data == pytest.approx(
        nn.losses.mse(preds, targets).data / 2
    )


def test_half_squared_error_names_a_bad_argument():
    with pytest.raises(ValueError, match="half_squared_error: got 2 preds but 1 targets"):
        nn.losses.half_squared_error([0.1, 0.2], [1.0])


# --- DASC7606: stop when the validation accuracy stops improving --------------------------


def _iris(seed):
    train, val, _ = nn.data.stratified_split(nn.data.load_iris(), seed=seed)
    scale = nn.data.Standardiser.fit(train.features)
    return scale.apply(train), scale.apply(val)


def test_early_stopping_on_validation_accuracy_keeps_the_first_best_epoch():
    train, val = _iris(0)
    model = nn.MLP(4, [6, 3], activation="tanh", seed=0)
    result = nn.fit(
        model,
        nn.losses.softmax_cross_entropy,
        SGD(model.parameters(), lr=0.05),
        train,
        val,
        epochs=60,
        patience=4,
        monitor="val_accuracy",
    )
    accuracies = [r["val_accuracy"] for r in result.history]
    best = max(accuracies)
    assert result.best_epoch == accuracies.index(best) + 1  # a tie is no improvement
    assert "no better val_accuracy for 4 epochs" in result.stop_reason
    assert len(result.history) == result.best_epoch + 4
    assert nn.train.evaluate(model, nn.losses.softmax_cross_entropy, val)[1] == best


def test_the_monitor_must_be_known():
    train = Dataset([[0.0], [1.0]], [0, 1], ["x"], ["no", "yes"])
    model = nn.MLP(1, [1], output_activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match="monitor must be one of val_loss, val_accuracy"):
        nn.fit(model, nn.losses.binary_cross_entropy, SGD(model.parameters()), train, train, monitor="acc")


class _Scripted(nn.Module):
    """A model whose validation accuracy in epoch e is ``script[e]``: it scores the first
    round(100·script[e]) of 100 validation samples (all of class 1) as class 1, the rest as 0."""

    def __init__(self, script):
        self.script, self.epoch = script, 0
        self.p = Value(0.0, role="parameter")

    def train(self, mode=True):
        self.epoch += not mode and self.training  # fit validates once per epoch, in eval mode
        return super().train(mode)

    def forward_batch(self, xs):
        if self.training:
            return [self.p + 1.0 for _ in xs]  # a perfect fit of the labels (all 1): training stays put
        correct = round(100 * self.script.get(self.epoch, 0.0))
        return [Value(1.0 if x[0] < correct else 0.0) for x in xs]


def test_the_notes_epoch_table_stops_when_the_validation_accuracy_stops_improving():
    # DASC7606: epoch 15: 80 %, 16: 82 %, 17: 85 %, 18: 83 %, 19: 78 %, 20: 75 %: STOP!!!
    table = {15: 0.80, 16: 0.82, 17: 0.85, 18: 0.83, 19: 0.78, 20: 0.75}
    script = {**{e: 0.50 + 0.02 * e for e in range(1, 15)}, **table}  # improving before epoch 15
    val = Dataset([[float(i)] for i in range(100)], [1] * 100, ["i"], ["no", "yes"])
    model = _Scripted(script)
    result = nn.fit(
        model, nn.losses.mse, SGD(model.parameters()), val, val, epochs=40, patience=3, monitor="val_accuracy"
    )
    assert [r["val_accuracy"] for r in result.history][14:] == list(table.values())
    assert result.best_epoch == 17
    assert len(result.history) == 20  # stopped after epoch 20, three epochs without a better accuracy


def test_python_m_nn_train_can_stop_on_validation_accuracy(tmp_path):
    out = tmp_path / "iris"
    args = ["train", "--dataset", "iris", "--hidden", "8", "--epochs", "60", "--patience", "5"]
    assert main([*args, "--monitor", "val_accuracy", "--out", str(out)]) == 0
    run = json.loads((out / "metrics.json").read_text())
    assert run["config"]["monitor"] == "val_accuracy"
    accuracies = [record["val_accuracy"] for record in run["history"]]
    assert run["best_epoch"] == accuracies.index(max(accuracies)) + 1
    assert "no better val_accuracy for 5 epochs" in run["stop_reason"]
