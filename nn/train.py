"""``fit``: mini-batch training with any optimizer and loss, early stopping, and a per-epoch history.

The lecture's algorithm, one mini-batch B at a time:

    J(θ) = (1/|B|) Σ_{i∈B} e(h(x_i), y_i)  [+ λ₁ Σ_j |θ_j|  + λ₂ Σ_j θ_j²]
    forward: build one graph for the whole batch; backward: dJ/dθ; step: θ ← optimizer(θ, dJ/dθ)

After each epoch the validation loss decides early stopping: when it has not improved for
``patience`` epochs, training stops and the weights of the best epoch are put back.

``loss_fn(outputs, labels)`` receives the model's outputs for a batch (one per sample) and
their class indices, and returns the batch loss as one Value: e.g. ``nn.losses.softmax_cross_entropy``
for an MLP with K logits, or ``lambda outs, ys: nn.losses.binary_cross_entropy(outs, ys)``
for one sigmoid output.

Everything random (the batch order) comes from ``random.Random(seed)``: with a model built
from a seed too, the same seeds give the same final weights, bit for bit.
"""

from __future__ import annotations

import functools
import math
import os
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

import autograd
from autograd import Value
from autograd.engine.checks import require_choice, require_int, require_number
from nn import losses
from nn.data import Dataset, batches
from nn.module import Module
from nn.optim import LRScheduler, Optimizer

Output = Value | list[Value]
LossFn = Callable[[list[Output], list[int]], Value]
#: What early stopping can monitor, and whether a larger value is the better one.
MONITORS = {"val_loss": False, "val_accuracy": True}

#: Called after every epoch with that epoch's history record and the model; returning True stops training.
Callback = Callable[[dict[str, float], Module], bool | None]


@dataclass
class FitResult:
    """What ``fit`` did: one history record per epoch run, the best epoch, and why it stopped.

    Each record has ``epoch`` (from 1), ``train_loss`` (the mean batch loss, penalty
    included), ``train_accuracy`` (of the predictions made while training), ``lr`` and, with
    validation data, ``val_loss`` and ``val_accuracy``.
    """

    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int | None = None
    stop_reason: str = "finished"


def fit(
    model: Module,
    loss_fn: LossFn,
    optimizer: Optimizer,
    train: Dataset,
    val: Dataset | None = None,
    *,
    epochs: int = 100,
    batch_size: int = 16,
    l1: float = 0.0,
    l2: float = 0.0,
    patience: int | None = None,
    monitor: str = "val_loss",
    seed: int = 0,
    threshold: float = 0.5,
    scheduler: LRScheduler | None = None,
    callbacks: Sequence[Callback] = (),
    progress: bool | None = None,
    compile: bool = False,  # noqa: A002 - the name users know from autograd.compile
) -> FitResult:
    """Train ``model`` on ``train`` for up to ``epochs`` epochs of shuffled mini-batches.

    - ``optimizer``: any ``nn.optim`` optimizer over ``model.parameters()`` (``step``, ``zero_grad``, ``lr``).
    - ``l1``, ``l2``: the penalty weights λ₁, λ₂ on every parameter (the lecture's Σ_j over all θ_j).
    - ``patience``: stop when the validation loss has not improved for this many epochs and
      restore the best epoch's weights (needs ``val``). The best weights are restored at the
      end of training too.
    - ``monitor``: what "improved" means: a lower ``"val_loss"``, or a higher ``"val_accuracy"``
      (the DASC7606 notes: stop when the validation accuracy stops improving). A tie is not an
      improvement, so the best epoch is the first to reach the best value.
    - ``threshold``: for a model with one output, the score at or above which class 1 is predicted
      (0.5 for a sigmoid output, 0 for a raw score).
    - ``scheduler``: a learning-rate schedule whose ``step()`` is called after every epoch.
    - ``callbacks``: see ``Callback``.
    - ``progress``: a tqdm bar on stderr; None shows it only when stderr is a terminal and the
      environment variable CI is not set.
    - ``compile``: trace ``loss_fn(model(x), y)`` for one sample with ``autograd.compile`` and
      run every batch (and the validation) as its numpy program: the same data, batches,
      updates and metrics, with the same numbers up to rounding. ``loss_fn`` must be a mean
      over the samples, as every loss of ``nn.losses`` is; the penalties stay on the engine.

    A non-finite loss (an op overflowed, or a gradient came out inf or nan) stops training
    with ``stop_reason`` naming the epoch and suggesting a lower learning rate, and the model
    keeps the weights it had at the end of the last good epoch (or, with ``patience``, the
    best epoch's). So does a finite divergence: a training loss above its first epoch's and
    ``DIVERGED`` times its lowest (``divergence``), reported as such, not as early stopping.
    """
    _check_arguments(
        train, val, epochs=epochs, batch_size=batch_size, l1=l1, l2=l2, patience=patience, threshold=threshold
    )
    require_choice("fit", "monitor", monitor, MONITORS)
    sign = -1.0 if MONITORS[monitor] else 1.0  # minimise the loss, or minus the accuracy
    rng = random.Random(seed)
    training = _Training(model, loss_fn, optimizer, model.parameters(), l1, l2, threshold)
    result = FitResult()
    best_score, best_state = math.inf, None
    bar = _progress_bar(epochs, progress)
    model.train()
    program = _Compiled(model, loss_fn, train) if compile else None
    try:
        for epoch in range(1, epochs + 1):
            last_good = model.state_dict()
            try:
                if program is None:
                    step = functools.partial(_engine_step, training, train)
                else:
                    step = functools.partial(program.step, training)
                record = _train_epoch(training, len(train), batch_size, rng, step, stepped=epoch > 1)
                record = {"epoch": epoch, **record, "lr": optimizer.lr}
                if val is not None and program is None:
                    record["val_loss"], record["val_accuracy"] = _validate(model, loss_fn, val, threshold)
                elif val is not None:
                    record["val_loss"], record["val_accuracy"] = program.validate(val, threshold)
            except _Diverged as diverged:
                model.load_state_dict(last_good)
                result.stop_reason = (
                    f"non-finite loss in epoch {epoch} ({diverged.__cause__}): try a lower learning rate; "
                    f"kept the weights from before epoch {epoch}"
                )
                break
            if val is not None and sign * record[monitor] < best_score:
                best_score, best_state, result.best_epoch = sign * record[monitor], model.state_dict(), epoch
            result.history.append(record)
            growth = divergence([r["train_loss"] for r in result.history])
            if growth:
                model.load_state_dict(last_good)
                result.stop_reason = (
                    f"diverged in epoch {epoch}: {growth}; try a lower learning rate; "
                    f"kept the weights from before epoch {epoch}"
                )
                break
            if scheduler is not None:
                scheduler.step()
            if bar is not None:
                bar.set_postfix_str(_progress_text(record), refresh=False)
                bar.update(1)
            if any([callback(record, model) for callback in callbacks]):  # a list: every callback runs
                result.stop_reason = f"stopped by a callback after epoch {epoch}"
                break
            if patience is not None and epoch - result.best_epoch >= patience:
                result.stop_reason = (
                    f"early stopping after epoch {epoch}: no better {monitor} for {patience} epochs"
                )
                break
    finally:
        if bar is not None:
            bar.close()
    if patience is not None and best_state is not None:
        model.load_state_dict(best_state)
        result.stop_reason += f"; restored the weights of the best epoch ({result.best_epoch})"
    model.eval()
    return result


#: How many times its lowest value the training loss must reach (above its first value) to diverge.
DIVERGED = 100.0


def divergence(train_losses: Sequence[float]) -> str:
    """Why the training losses so far, one per epoch, show divergence, or "" if they do not.

    Diverging means growing by orders of magnitude: the last loss is above the first one and
    at least ``DIVERGED`` times the lowest. A loss that falls and then wobbles, or creeps up
    while the validation loss decides early stopping, is not divergence.
    """
    first, last, lowest = train_losses[0], train_losses[-1], min(train_losses)
    if last <= first or last < DIVERGED * lowest:
        return ""
    times = f"{last / lowest:.3g} times its lowest" if lowest > 0 else "from 0"
    return f"the training loss grew from {lowest:.3g} to {last:.3g}, {times}"


def _progress_text(record: dict[str, float]) -> str:
    """The bar's postfix, short enough that bar and text fit in 80 columns."""
    text = f"loss {record['train_loss']:.3g}"
    if "val_loss" in record:
        text += f" val {record['val_loss']:.3g} acc {record['val_accuracy']:.2f}"
    return text


class _Diverged(Exception):
    """An op overflowed or left its domain, or a gradient was not finite, after the weights were updated."""


@dataclass(frozen=True)
class _Training:
    """What every step of one ``fit`` uses."""

    model: Module
    loss_fn: LossFn
    optimizer: Optimizer
    params: list[Value]
    l1: float
    l2: float
    threshold: float

    def penalty(self) -> Value | None:
        """λ₁·Σ|θ| + λ₂·Σθ² over every parameter, or None without penalties."""
        penalty = None
        for weight, term in ((self.l1, losses.l1_penalty), (self.l2, losses.l2_penalty)):
            if weight:
                weighted = weight * term(self.params)
                penalty = weighted if penalty is None else penalty + weighted
        return penalty


#: One batch's update: given the batch's sample indices, it steps the optimizer and returns
#: the batch loss (penalty included), each sample's score and the batch's labels.
BatchStep = Callable[[list[int]], tuple[float, list, Sequence[int]]]


def _train_epoch(
    training: _Training, n: int, batch_size: int, rng: random.Random, step: BatchStep, *, stepped: bool
) -> dict:
    """One pass over the ``n`` shuffled training samples, a ``step`` per batch; the mean loss and
    accuracy over its batches.

    The engine raises at the op instead of producing inf or nan. Once the weights have been
    updated (``stepped``), such an error means training diverged and becomes ``_Diverged``;
    before any update it is a problem of the model, loss or data, and propagates as it is.
    """
    total_loss, correct = 0.0, 0
    for batch in batches(n, batch_size, rng):
        try:
            loss, scores, labels = step(batch)
        except (ArithmeticError, ValueError) as error:
            if not stepped:
                raise
            raise _Diverged from error
        stepped = True
        total_loss += loss * len(batch)
        correct += sum(int(predicted_class(s, training.threshold) == y) for s, y in zip(scores, labels))
    return {"train_loss": total_loss / n, "train_accuracy": correct / n}


def _engine_step(training: _Training, train: Dataset, batch: list[int]) -> tuple[float, list, list[int]]:
    """A batch's update on the engine: its graph built and walked, then the optimizer's step."""
    labels = [train.labels[i] for i in batch]
    with autograd.collector_paused():  # a graph holds no cycles: see autograd.engine.collector
        outputs = training.model.forward_batch([train.features[i] for i in batch])
        loss = training.loss_fn(outputs, labels)
        penalty = training.penalty()
        if penalty is not None:
            loss = loss + penalty
        training.optimizer.zero_grad()
        loss.backward()
    training.optimizer.step()
    return loss.data, [_score(out) for out in outputs], labels


class _Compiled:
    """``fit``'s epoch and validation with ``autograd.compile``: one program call per batch."""

    def __init__(self, model: Module, loss_fn: LossFn, train: Dataset) -> None:
        def per_sample(x: list[Value], y: int) -> tuple[Value, Output]:
            out = model(x)
            return loss_fn([out], [y]), out

        self.features = np.array(train.features, dtype=float)
        self.labels = np.array(train.labels)
        self.program = autograd.compile(per_sample, list(train.features[0]), int(train.labels[0]))
        self.data = self.program.batch(self.features, self.labels)  # checked once, for every epoch
        self._check_the_mean(model, loss_fn)

    def _check_the_mean(self, model: Module, loss_fn: LossFn) -> None:
        """The program adds the gradient of the mean of per-sample losses: on a few samples, that
        must be the gradient of ``loss_fn`` on them as a batch (it is not for a loss weighted
        by class, or a sum). Changes no ``.grad``."""
        # a sample of every class (a weight by class shows only across classes), then a few more
        firsts = np.unique(self.labels, return_index=True)[1].tolist()
        rows = sorted({*firsts, *range(0, len(self.labels), max(1, len(self.labels) // 8))})
        params = model.parameters()
        held = [p.grad for p in params]
        for p in params:
            p.grad = 0.0
        loss = loss_fn(model.forward_batch(self.features[rows].tolist()), self.labels[rows].tolist())
        loss.backward()
        expected = {id(p): p.grad for p in params}
        for p, grad in zip(params, held):
            p.grad = grad
        values, grad, _ = self.program.evaluate(self.program.theta(), self.data[rows])
        batch = np.array([expected.get(id(leaf), 0.0) for leaf in self.program.leaves])
        scale = max(np.abs(batch).max(initial=0.0), abs(loss.data), 1e-300)
        if (
            abs(values.mean() - loss.data) > 1e-9 * scale
            or np.abs(grad - batch).max(initial=0.0) > 1e-9 * scale
        ):
            raise ValueError(
                f"fit(compile=True): on {len(rows)} samples the batch loss is {loss.data!r} but the mean "
                f"of their losses one by one is {values.mean()!r}: compile needs a loss that is the mean "
                "over the samples (reduction 'mean', no class weights); train without compile"
            )

    def step(self, training: _Training, batch: list[int]) -> tuple[float, list, np.ndarray]:
        """A batch's update from the program (see ``fit``): its loss and gradients, the penalty's
        on the engine, then the optimizer's step."""
        labels = self.labels[batch]
        training.optimizer.zero_grad()
        values, outputs = self.program(self.data[batch])
        loss = float(values.mean())
        penalty = training.penalty()
        if penalty is not None:
            penalty.backward()
            loss += penalty.data
        if not math.isfinite(loss):
            raise FloatingPointError(f"the batch loss is {loss!r}")
        training.optimizer.step()
        return loss, [_row(out) for out in outputs], labels

    def validate(self, val: Dataset, threshold: float) -> tuple[float, float]:
        """(loss, accuracy) on ``val`` from the program, changing no ``.grad``."""
        try:
            theta = self.program.theta()
            values, _, outputs = self.program.evaluate(
                theta, np.array(val.features, dtype=float), np.array(val.labels)
            )
        except (ArithmeticError, ValueError) as error:
            raise _Diverged from error
        correct = sum(int(predicted_class(_row(out), threshold) == y) for out, y in zip(outputs, val.labels))
        return float(values.mean()), correct / len(val)


def _row(output: np.ndarray) -> float | list[float]:
    """A program's output row as ``_score`` gives a model's output: one float, or a list of K."""
    return float(output[0]) if len(output) == 1 else output.tolist()


def _validate(model: Module, loss_fn: LossFn, val: Dataset, threshold: float) -> tuple[float, float]:
    """``evaluate`` on the validation set after an epoch (where a math error means divergence)."""
    try:
        loss_and_accuracy = evaluate(model, loss_fn, val, threshold)
    except (ArithmeticError, ValueError) as error:
        raise _Diverged from error
    model.train()
    return loss_and_accuracy


def evaluate(model: Module, loss_fn: LossFn, data: Dataset, threshold: float = 0.5) -> tuple[float, float]:
    """(loss, accuracy) of ``model`` on ``data`` in eval mode, without building a graph."""
    loss, outs = loss_and_scores(model, loss_fn, data)
    correct = sum(predicted_class(out, threshold) == y for out, y in zip(outs, data.labels))
    return loss, correct / len(data)


def loss_and_scores(model: Module, loss_fn: LossFn, data: Dataset) -> tuple[float, list]:
    """The loss on ``data`` and the raw outputs as ``scores`` gives them, from one forward pass."""
    model.eval()
    with autograd.no_grad():
        outputs = model.forward_batch(data.features)
        loss = loss_fn(outputs, list(data.labels)).data
    return loss, [_score(out) for out in outputs]


def predicted_class(score: float | list[float], threshold: float = 0.5) -> int:
    """argmax_k of K scores; for one score, 1 if it is at or above ``threshold``, else 0."""
    if isinstance(score, float):
        return int(score >= threshold)
    return score.index(max(score))


def scores(model: Module, features: list[list[float]]) -> list[float] | list[list[float]]:
    """The model's raw outputs as floats, one per sample (a list of K floats for K outputs), in eval mode."""
    model.eval()
    with autograd.no_grad():
        return [_score(out) for out in model.forward_batch(features)]


def _score(output: Output) -> float | list[float]:
    return output.data if isinstance(output, Value) else [v.data for v in output]


def _progress_bar(epochs: int, progress: bool | None):
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    if not progress:
        return None
    from tqdm import tqdm  # only when a bar is shown

    # at most 80 columns, fewer in a narrower terminal: the bar shrinks, the text stays whole
    columns = min(80, shutil.get_terminal_size().columns)
    return tqdm(total=epochs, unit="epoch", file=sys.stderr, ncols=columns, bar_format=_BAR)


#: tqdm's layout without the rate (epochs/s), which leaves room for the losses.
_BAR = "{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}] {postfix}"


def _check_arguments(
    train: object,
    val: object,
    *,
    epochs: object,
    batch_size: object,
    l1: object,
    l2: object,
    patience: object,
    threshold: object,
) -> None:
    if not isinstance(train, Dataset) or len(train) == 0:
        raise ValueError("fit: train must be a non-empty nn.data.Dataset")
    if val is not None and (not isinstance(val, Dataset) or len(val) == 0):
        raise ValueError("fit: val must be a non-empty nn.data.Dataset or None")
    require_int("fit", "epochs", epochs, minimum=1)
    require_int("fit", "batch_size", batch_size, minimum=1)
    require_number("fit", "l1", l1, minimum=0.0)
    require_number("fit", "l2", l2, minimum=0.0)
    if patience is not None:
        require_int("fit", "patience", patience, minimum=1)
        if val is None:
            raise ValueError("fit: early stopping (patience) needs validation data (val)")
    require_number("fit", "threshold", threshold)
