"""The run folder's pictures, drawn with matplotlib into files (no window, no pyplot).

- ``learning_curves``: the training and validation loss (or accuracy) per epoch, with the
  best epoch marked: the lecture's learning curves, where early stopping reads its signal.
  Epochs are whole numbers on the axis; the title names the data set and the loss.
- ``confusion_matrix``: C[t][p] as a grid, rows = true class, columns = predicted class; beside
  it the same matrix normalised by row, C[t][p] / Σ_p C[t][p], whose diagonal is each class's recall.
- ``decision_boundary``: for two features, the class the model predicts in every cell of
  a grid over the plane (one flat colour per class, nothing drawn between classes), with the
  samples on top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Figures are made directly, not through pyplot: saving them needs no display and no
# global backend, so importing this module leaves a notebook's inline plots alone.

_CLASS_COLOURS = matplotlib.colormaps["tab10"]


def learning_curves(
    history: Sequence[dict[str, float]],
    metric: str,
    path: str | Path,
    best_epoch: int | None = None,
    title: str = "",
) -> None:
    """Plot ``train_<metric>`` and, if recorded, ``val_<metric>`` against the epoch.

    ``title`` (e.g. "wine, cross-entropy loss") heads the plot before the metric's name.
    """
    epochs = [record["epoch"] for record in history]
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for split in ("train", "val"):
        key = f"{split}_{metric}"
        if history and key in history[0]:
            ax.plot(
                epochs,
                [record[key] for record in history],
                label=split,
                marker="." if len(epochs) < 30 else "",
            )
    if best_epoch is not None:
        ax.axvline(best_epoch, color="grey", linestyle="--", label=f"best epoch ({best_epoch})")
    if history:
        ax.legend()
    else:  # training stopped in its first epoch
        ax.text(0.5, 0.5, "no epoch completed", ha="center", va="center", transform=ax.transAxes)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # there is no epoch 2.5
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(_titled(title, f"{metric} per epoch"))
    ax.grid(alpha=0.3)
    _save(fig, path)


def confusion_matrix(
    matrix: Sequence[Sequence[int]], class_names: Sequence[str], path: str | Path, dataset: str = ""
) -> None:
    """Draw C with each count in its cell and, beside it, C normalised by row (each true class's
    share of predictions; a row with no samples stays 0)."""
    k = len(class_names)
    totals = [sum(row) for row in matrix]
    shares = [[c / total if total else 0.0 for c in row] for row, total in zip(matrix, totals)]
    fig = Figure(figsize=(2.4 * k + 5, 1.2 * k + 2))
    counts_ax, shares_ax = fig.subplots(1, 2)
    top = max(max(row) for row in matrix) or 1
    _grid(counts_ax, matrix, [[str(c) for c in row] for row in matrix], top, class_names)
    counts_ax.set_title("counts")
    _grid(shares_ax, shares, [[f"{s:.2f}" for s in row] for row in shares], 1.0, class_names)
    shares_ax.set_title("normalised by row (diagonal = recall)")
    fig.suptitle(_titled(dataset, "confusion matrix, test split"))
    _save(fig, path)


def _grid(ax, values, texts, top: float, class_names: Sequence[str]) -> None:
    k = len(class_names)
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for t in range(k):
        for p in range(k):
            colour = "white" if values[t][p] > top / 2 else "black"
            ax.text(p, t, texts[t][p], ha="center", va="center", color=colour)
    ax.set_xticks(range(k), _literal(class_names), rotation=30, ha="right")
    ax.set_yticks(range(k), _literal(class_names))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")


def decision_boundary(
    predict: Callable[[list[list[float]]], list[int]],
    features: Sequence[Sequence[float]],
    labels: Sequence[int],
    feature_names: Sequence[str],
    class_names: Sequence[str],
    path: str | Path,
    dataset: str = "",
    resolution: int = 60,
) -> None:
    """Colour each cell of a ``resolution`` x ``resolution`` grid over the samples' range (plus
    a margin) by the class ``predict`` gives its centre, and scatter the samples, coloured by
    their true class. Each class has one flat colour: no band of another class is drawn where
    two classes meet, as a contour plot of the class numbers would."""
    if len(feature_names) != 2:
        raise ValueError(f"decision_boundary: needs exactly 2 features, got {len(feature_names)}")
    xs, ys = [row[0] for row in features], [row[1] for row in features]
    grid_x, grid_y = _axis(xs, resolution), _axis(ys, resolution)
    predicted = predict([[x, y] for y in grid_y for x in grid_x])
    classes = [predicted[i * resolution : (i + 1) * resolution] for i in range(resolution)]
    k = len(class_names)
    colours = ListedColormap([_CLASS_COLOURS(c) for c in range(k)])
    fig = Figure(figsize=(6, 5))
    ax = fig.subplots()
    ax.pcolormesh(
        grid_x,
        grid_y,
        classes,
        cmap=colours,
        norm=BoundaryNorm([c - 0.5 for c in range(k + 1)], k),
        shading="nearest",
        alpha=0.3,
    )
    for c, name in enumerate(_literal(class_names)):
        mine = [i for i, y in enumerate(labels) if y == c]
        ax.scatter(
            [xs[i] for i in mine],
            [ys[i] for i in mine],
            s=12,
            color=_CLASS_COLOURS(c),
            label=name,
            edgecolors="k",
            linewidths=0.3,
        )
    ax.set_xlabel(_literal(feature_names)[0])
    ax.set_ylabel(_literal(feature_names)[1])
    ax.set_title(_titled(dataset, "predicted class"))
    ax.legend()
    _save(fig, path)


def _titled(heading: str, what: str) -> str:
    """A title: "wine: confusion matrix", or just what the plot shows when there is no heading."""
    return f"{_literal([heading])[0]}: {what}" if heading else what


def _literal(names: Sequence[str]) -> list[str]:
    """Names as matplotlib should print them: a ``$`` (price tiers "$", "$$") would start its
    mathtext and fail; escaped, it is a dollar sign."""
    return [name.replace("$", r"\$") for name in names]


def _axis(values: Sequence[float], resolution: int) -> list[float]:
    low, high = min(values), max(values)
    margin = 0.1 * (high - low) or 1.0
    low, high = low - margin, high + margin
    return [low + (high - low) * i / (resolution - 1) for i in range(resolution)]


def _save(fig: Figure, path: str | Path) -> None:
    fig.savefig(path, dpi=100, bbox_inches="tight")
