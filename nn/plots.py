"""The run folder's pictures, drawn with matplotlib into files (no window, no pyplot).

- ``learning_curves``: the training and validation loss (or accuracy) per epoch, with the
  best epoch marked: the lecture's learning curves, where early stopping reads its signal.
- ``confusion_matrix``: C[t][p] as a grid, rows = true class, columns = predicted class.
- ``decision_boundary``: for two features, the class the model predicts at every point of
  a grid over the plane, with the samples on top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

# Figures are made directly, not through pyplot: saving them needs no display and no
# global backend, so importing this module leaves a notebook's inline plots alone.


def learning_curves(
    history: Sequence[dict[str, float]], metric: str, path: str | Path, best_epoch: int | None = None
) -> None:
    """Plot ``train_<metric>`` and, if recorded, ``val_<metric>`` against the epoch."""
    epochs = [record["epoch"] for record in history]
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for split in ("train", "val"):
        key = f"{split}_{metric}"
        if history and key in history[0]:
            ax.plot(epochs, [record[key] for record in history], label=split)
    if best_epoch is not None:
        ax.axvline(best_epoch, color="grey", linestyle="--", label=f"best epoch ({best_epoch})")
    if history:
        ax.legend()
    else:  # training stopped in its first epoch
        ax.text(0.5, 0.5, "no epoch completed", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(f"{metric} per epoch")
    ax.grid(alpha=0.3)
    _save(fig, path)


def confusion_matrix(matrix: Sequence[Sequence[int]], class_names: Sequence[str], path: str | Path) -> None:
    """Draw C with each count written in its cell."""
    k = len(class_names)
    fig = Figure(figsize=(1.2 * k + 3, 1.2 * k + 2))
    ax = fig.subplots()
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax)
    top = max(max(row) for row in matrix) or 1
    for t in range(k):
        for p in range(k):
            colour = "white" if matrix[t][p] > top / 2 else "black"
            ax.text(p, t, str(matrix[t][p]), ha="center", va="center", color=colour)
    ax.set_xticks(range(k), _literal(class_names), rotation=30, ha="right")
    ax.set_yticks(range(k), _literal(class_names))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title("confusion matrix (test split)")
    _save(fig, path)


def decision_boundary(
    predict: Callable[[list[list[float]]], list[int]],
    features: Sequence[Sequence[float]],
    labels: Sequence[int],
    feature_names: Sequence[str],
    class_names: Sequence[str],
    path: str | Path,
    resolution: int = 60,
) -> None:
    """Colour a ``resolution`` x ``resolution`` grid over the samples' range (plus a margin) by
    ``predict``'s class and scatter the samples, coloured by their true class."""
    if len(feature_names) != 2:
        raise ValueError(f"decision_boundary: needs exactly 2 features, got {len(feature_names)}")
    xs, ys = [row[0] for row in features], [row[1] for row in features]
    grid_x, grid_y = _axis(xs, resolution), _axis(ys, resolution)
    points = [[x, y] for y in grid_y for x in grid_x]
    predicted = predict(points)
    classes = [predicted[i * resolution : (i + 1) * resolution] for i in range(resolution)]
    k = len(class_names)
    cmap = matplotlib.colormaps["tab10"]
    fig = Figure(figsize=(6, 5))
    ax = fig.subplots()
    ax.contourf(
        grid_x, grid_y, classes, levels=[c - 0.5 for c in range(k + 1)], cmap=cmap, vmin=0, vmax=9, alpha=0.3
    )
    for c, name in enumerate(_literal(class_names)):
        mine = [i for i, y in enumerate(labels) if y == c]
        ax.scatter(
            [xs[i] for i in mine],
            [ys[i] for i in mine],
            s=12,
            color=cmap(c),
            label=name,
            edgecolors="k",
            linewidths=0.3,
        )
    ax.set_xlabel(_literal(feature_names)[0])
    ax.set_ylabel(_literal(feature_names)[1])
    ax.set_title("decision boundary")
    ax.legend()
    _save(fig, path)


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
