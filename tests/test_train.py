"""fit: mini-batch training, reproducibility, early stopping's restore, regularisation, divergence."""

import math

import pytest

import nn
from nn import data, losses
from nn.train import fit


def _moons():
    train, val = data.stratified_split(data.moons(n=60, seed=1), fractions=(0.7, 0.3), seed=1)
    return train, val


def _model(seed=0):
    return nn.MLP(2, [6, 2], activation="tanh", seed=seed, init="xavier")


def _train(seed, epochs=4, **options):
    train, val = _moons()
    model = _model()
    result = fit(
        model,
        losses.softmax_cross_entropy,
        nn.optim.Adam(model.parameters(), lr=0.05),
        train,
        val,
        epochs=epochs,
        batch_size=8,
        seed=seed,
        **options,
    )
    return model, result


def test_the_same_seed_gives_the_same_weights_bit_for_bit():
    first, _ = _train(seed=7)
    again, _ = _train(seed=7)
    other, _ = _train(seed=8)  # another batch order
    assert first.state_dict() == again.state_dict()
    assert first.state_dict() != other.state_dict()


def test_training_lowers_the_loss_and_records_one_history_entry_per_epoch():
    _, result = _train(seed=0, epochs=15)
    history = result.history
    assert [record["epoch"] for record in history] == list(range(1, 16))
    assert set(history[0]) == {"epoch", "train_loss", "train_accuracy", "lr", "val_loss", "val_accuracy"}
    assert history[-1]["train_loss"] < 0.7 * history[0]["train_loss"]
    assert history[-1]["val_accuracy"] >= 0.8
    assert result.stop_reason == "finished"


def test_early_stopping_restores_the_weights_of_the_best_validation_epoch():
    train, _ = _moons()
    # Validation labels are the training labels flipped: the better the fit, the worse the
    # validation loss, so the best epoch comes early and patience runs out.
    flipped = train.subset(list(range(len(train))))
    flipped = data.Dataset(
        flipped.features, [1 - y for y in train.labels], train.feature_names, train.class_names
    )
    model = _model()
    states = []
    result = fit(
        model,
        losses.softmax_cross_entropy,
        nn.optim.Adam(model.parameters(), lr=0.05),
        train,
        flipped,
        epochs=50,
        batch_size=8,
        patience=3,
        callbacks=[lambda record, m: states.append(m.state_dict())],
    )
    val_losses = [record["val_loss"] for record in result.history]
    best = val_losses.index(min(val_losses)) + 1
    assert result.best_epoch == best
    assert len(result.history) == best + 3
    assert "early stopping after epoch" in result.stop_reason
    assert model.state_dict() == states[best - 1]
    assert model.state_dict() != states[-1]


def test_a_callback_can_stop_training():
    _, result = _train(seed=0, epochs=10, callbacks=[lambda record, model: record["epoch"] == 2])
    assert len(result.history) == 2
    assert result.stop_reason == "stopped by a callback after epoch 2"


def test_l2_regularisation_keeps_the_weights_smaller():
    def size(model):
        return math.fsum(p.data**2 for p in model.parameters())

    plain, _ = _train(seed=0, epochs=8)
    ridge, _ = _train(seed=0, epochs=8, l2=0.05)
    assert size(ridge) < 0.7 * size(plain)


def test_a_non_finite_loss_stops_with_the_epoch_and_keeps_the_last_good_weights():
    train, val = _moons()
    model = nn.MLP(2, [1], output_activation="sigmoid", seed=0, init="xavier")
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    states = []

    def blow_up_after_epoch_2(record, m):
        states.append(m.state_dict())
        if record["epoch"] == 2:
            optimizer.lr = 1e6  # a step this large saturates the sigmoid: BCE needs log(0)

    result = fit(
        model,
        losses.binary_cross_entropy,
        optimizer,
        train,
        val,
        epochs=5,
        batch_size=4,
        callbacks=[blow_up_after_epoch_2],
    )
    assert len(result.history) == 2
    assert result.stop_reason.startswith("non-finite loss in epoch 3 (binary_cross_entropy: preds")
    assert result.stop_reason.endswith("try a lower learning rate; kept the weights from before epoch 3")
    assert model.state_dict() == states[1]


def test_an_error_before_any_update_is_not_called_divergence():
    train, _ = _moons()
    model = nn.MLP(2, [3], seed=0)  # three logits for two classes is fine; a one-output loss is not
    with pytest.raises(TypeError):
        fit(model, losses.binary_cross_entropy, nn.optim.SGD(model.parameters(), lr=0.1), train, epochs=1)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"l2": -1.0}, "l2"),
        ({"patience": 3, "val": None}, "needs validation data"),
    ],
)
def test_bad_arguments_name_the_problem(options, message):
    train, val = _moons()
    model = _model()
    arguments = {"val": val, **options}
    with pytest.raises(ValueError, match=message):
        fit(model, losses.softmax_cross_entropy, nn.optim.Adam(model.parameters()), train, **arguments)


def test_a_loss_growing_by_orders_of_magnitude_is_divergence_not_early_stopping():
    train, val = _moons()
    model = nn.MLP(2, [8, 1], activation="tanh", output_activation="linear", seed=0, init="lecture")
    optimizer = nn.optim.SGD(model.parameters(), lr=0.01)

    def raise_the_rate_after_epoch_2(record, m):
        if record["epoch"] == 2:
            optimizer.lr = 1.0  # mse on a linear output: each step now overshoots further

    result = fit(
        model,
        losses.mse,
        optimizer,
        train,
        val,
        epochs=40,
        patience=5,
        callbacks=[raise_the_rate_after_epoch_2],
    )
    losses_by_epoch = [record["train_loss"] for record in result.history]
    low, last = min(losses_by_epoch), losses_by_epoch[-1]
    assert last > 100 * low  # orders of magnitude: what the report says is what happened
    assert result.stop_reason.startswith(
        f"diverged in epoch {len(losses_by_epoch)}: the training loss grew from {low:.3g} to {last:.3g}, "
        f"{last / low:.3g} times its lowest; try a lower learning rate"
    )
    assert "early stopping" not in result.stop_reason


def test_divergence_needs_orders_of_magnitude_above_the_start():
    from nn.train import divergence

    assert divergence([1.0, 0.5, 0.2]) == ""
    assert divergence([1.0, 0.001, 0.05]) == ""  # 50 times its lowest, still under the start
    assert divergence([1.0, 0.01, 2.0]) == "the training loss grew from 0.01 to 2, 200 times its lowest"
    assert divergence([1.0, 0.0, 3.0]) == "the training loss grew from 0 to 3, from 0"


def test_the_progress_bar_fits_in_80_columns(monkeypatch):
    import io

    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    train, val = _moons()
    model = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    fit(
        model,
        losses.binary_cross_entropy,
        nn.optim.Adam(model.parameters()),
        train,
        val,
        epochs=3,
        progress=True,
    )
    lines = [line for line in stream.getvalue().replace("\r", "\n").splitlines() if line.strip()]
    assert lines and "loss " in lines[-1] and " val " in lines[-1]
    assert max(len(line) for line in lines) <= 80
