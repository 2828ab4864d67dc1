"""Minimal-effort backpropagation (meProp, Sun et al. 2017), as the DASC7606 notes describe it:
only a small subset of the full gradient is computed, so only k rows of a weight matrix change.

For each layer z = Wx + b, h = g(z), and each sample, the gradient δ = ∂L/∂z coming back into
the layer is cut down to its k entries of largest magnitude, δ̃ = top_k(δ), and only δ̃ goes on:

    ∂L/∂W ≈ δ̃ xᵀ     (k rows that are not 0: the other units' weights are left alone)
    ∂L/∂b ≈ δ̃        ∂L/∂x ≈ Wᵀ δ̃   (the layer below gets its δ from the kept units only)

On the engine, each layer's z is cut from what follows it: the activation reads a copy of z,
a leaf. One ``backward()`` from the loss stops at the top layer's copies, whose ``.grad`` is
that layer's δ. Then, layer by layer from the top, one node Σ δ̃ⱼ·zⱼ (over the batch) is
backpropagated: its gradient to W and b is δ̃ xᵀ and δ̃, and it reaches the copies of the layer
below, whose ``.grad`` is that layer's δ. With k at least the width, this is backpropagation
itself, to the last bit (the tests hold it against ``loss.backward()``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import autograd
from autograd import Value
from autograd.engine.checks import require_int
from nn.data import Dataset, Standardiser, batches, load_dataset, stratified_split
from nn.layers import MLP, Neuron
from nn.losses import softmax_cross_entropy
from nn.optim import SGD, Optimizer
from nn.train import LossFn, evaluate


def top_k(delta: Sequence[float], k: int) -> list[float]:
    """δ with every entry but the k of largest |δⱼ| set to 0 (on a tie, the first ones stay)."""
    keep = set(sorted(range(len(delta)), key=lambda j: -abs(delta[j]))[:k])
    return [d if j in keep else 0.0 for j, d in enumerate(delta)]


@dataclass
class Cut:
    """One layer of a forward pass: ``z[i][j]`` is unit j's z for sample i, ``copies`` the leaves g reads."""

    z: list[list[Value]]
    copies: list[list[Value]]


def forward(model: MLP, xs: Sequence[Sequence[float]]) -> tuple[list, list[Cut]]:
    """The model's outputs for ``xs`` (as ``model.forward_batch`` gives them) and each layer's cut."""
    _check_model(model)
    hs = [[Value(float(v)) for v in x] for x in xs]
    cuts = []
    for layer in model.layers:
        Z = layer.pre_activations(hs)
        copies = [[Value(z.data) for z in row] for row in Z]
        cuts.append(Cut(Z, copies))
        hs = layer.activate(copies)
    return [out[0] if len(out) == 1 else out for out in hs], cuts


def backward(loss: Value, cuts: list[Cut], k: int | None) -> None:
    """Backpropagate ``loss`` keeping, for every sample and layer, the top ``k`` entries of δ.

    ``k=None`` keeps every entry: plain backpropagation. Gradients add to ``.grad`` as
    ``Value.backward`` does.
    """
    if k is not None:
        require_int("meprop.backward", "k", k, minimum=1)
    loss.backward()
    for cut in reversed(cuts):
        deltas = [[c.grad for c in row] for row in cut.copies]
        kept = deltas if k is None else [top_k(row, k) for row in deltas]
        zs = [z for row in cut.z for z in row]
        autograd.dot([d for row in kept for d in row], zs).backward()


@dataclass
class Epoch:
    """One epoch of ``train``: the mean training loss, the accuracy on ``test``, and the share of
    the weights (biases aside) whose gradient was not 0, averaged over the steps."""

    epoch: int
    train_loss: float
    test_accuracy: float
    weights_touched: float


def train(
    model: MLP,
    loss_fn: LossFn,
    optimizer: Optimizer,
    data: Dataset,
    test: Dataset,
    *,
    k: int | None,
    epochs: int = 10,
    batch_size: int = 1,
    seed: int = 0,
) -> list[Epoch]:
    """Train with meProp (or plain backpropagation, ``k=None``) in shuffled mini-batches."""
    rng = random.Random(seed)
    weights = [w for layer in model.layers for n in layer.neurons for w in n.w]
    history = []
    for epoch in range(1, epochs + 1):
        model.train()
        total, shares = 0.0, []
        for batch in batches(len(data), batch_size, rng):
            outputs, cuts = forward(model, [data.features[i] for i in batch])
            loss = loss_fn(outputs, [data.labels[i] for i in batch])
            optimizer.zero_grad()
            backward(loss, cuts, k)
            shares.append(sum(w.grad != 0.0 for w in weights) / len(weights))
            optimizer.step()
            total += loss.data * len(batch)
        accuracy = evaluate(model, loss_fn, test)[1]
        history.append(Epoch(epoch, total / len(data), accuracy, sum(shares) / len(shares)))
    return history


TABLE = "meprop-table"  # the name of the report's markers in the README


def report(
    datasets: Sequence[str] = ("wine", "breast-cancer", "digits"), ks: Sequence[int | None] = (None, 8, 4, 2)
) -> str:
    """A markdown table: for each data set and k, the test accuracy after 10 epochs of SGD
    (lr 0.05, one sample per step) of a 64-unit relu network, and the share of weights touched.

    The data are split 60/20/20 per class and standardised as ``python -m nn train`` does; the
    validation split is not used. ``python -m nn meprop-report`` prints it (and with
    ``--readme README.md`` puts it between the README's markers of ``TABLE``).
    """
    lines = [
        "| data set | backward pass | test accuracy | weights with a gradient, per step |",
        "| --- | --- | ---: | ---: |",
    ]
    for name in datasets:
        data = load_dataset(name)
        part, _, test = stratified_split(data, seed=0)
        scale = Standardiser.fit(part.features)
        part, test = scale.apply(part), scale.apply(test)
        for k in ks:
            model = MLP(len(part.features[0]), [64, len(data.class_names)], "relu", init="he", seed=0)
            optimizer = SGD(model.parameters(), lr=0.05)
            last = train(model, softmax_cross_entropy, optimizer, part, test, k=k)[-1]
            how = "full backpropagation" if k is None else f"meProp, top {k} of 64"
            lines.append(f"| {name} | {how} | {last.test_accuracy:.3f} | {last.weights_touched:.1%} |")
    return "\n".join(lines)


def _check_model(model: object) -> None:
    if not isinstance(model, MLP):
        raise TypeError(f"meprop: expects an nn.MLP, got {type(model).__name__}")
    if model.dropout is not None:
        raise ValueError("meprop: a model with dropout is not supported; build the MLP with dropout=0")
    if any(not isinstance(layer.neurons[0], Neuron) for layer in model.layers):
        raise ValueError("meprop: maxout layers have no single z per unit; use a neuron activation")
