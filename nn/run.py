"""One training run, from a data set to a run folder.

``train(config)``:

1. splits the data 60/20/20 by class (``config.seed``) and standardises it with the
   training split's statistics;
2. fits an MLP (``nn.train.fit``) with early stopping on the validation loss;
3. evaluates every split and writes, into a new folder that appears whole or not at all:

   - ``metrics.json``: the configuration, the data, the ``train``/``val``/``test`` sections
     (loss, accuracy, confusion matrix, precision/recall/specificity/F1 per class and macro;
     ROC AUC on test), the per-epoch ``history``, the best epoch, why training stopped, and
     the standardiser's means and standard deviations;
   - ``model.json``: the state dict (``model.load("model.json")`` on an MLP of the same shape);
   - ``loss.png``, ``accuracy.png``, ``confusion_matrix.png`` and, for two features,
     ``decision_boundary.png``;
   - ``graph.svg``: the computation graph of one training sample's loss, after backward.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograd import viz
from autograd.engine import numerics
from nn import losses, metrics, optim, plots
from nn.data import Dataset, Standardiser, load_dataset, read_csv, stratified_split
from nn.layers import MLP
from nn.train import FitResult, fit, loss_and_scores, predicted_class, scores


@dataclass(frozen=True)
class Loss:
    """How a loss shapes the network: K logits or one output, its activation, its decision threshold."""

    one_output: bool
    output_activation: str
    threshold: float
    make: Callable[[float, float], Callable[[list, list[int]], object]]
    weighted: bool = False


LOSSES: dict[str, Loss] = {
    "cross-entropy": Loss(False, "linear", 0.5, lambda a, b: losses.softmax_cross_entropy),
    "bce": Loss(True, "sigmoid", 0.5, lambda a, b: losses.binary_cross_entropy),
    "weighted-bce": Loss(
        True,
        "sigmoid",
        0.5,
        lambda a, b: lambda outs, ys: losses.weighted_binary_cross_entropy(outs, ys, a, b),
        weighted=True,
    ),
    "bce-with-logits": Loss(
        True,
        "linear",
        0.0,
        lambda a, b: lambda outs, ys: losses.bce_with_logits(outs, ys, a, b),
        weighted=True,
    ),
    "mse": Loss(True, "sigmoid", 0.5, lambda a, b: losses.mse),
    # hinge wants targets in {-1, +1}: class 1 -> +1, class 0 -> -1.
    "hinge": Loss(
        True, "linear", 0.0, lambda a, b: lambda outs, ys: losses.hinge(outs, [2 * y - 1 for y in ys])
    ),
}

OPTIMIZERS = {"adam": optim.Adam, "sgd": optim.SGD, "rmsprop": optim.RMSprop, "adagrad": optim.Adagrad}

RUNS = Path("runs")


@dataclass(frozen=True)
class Config:
    """Everything a run needs, checked: the data set is loaded and the run folder is free."""

    data: Dataset
    out: Path
    hidden: list[int]
    activation: str
    init: str
    loss: str
    alpha: float
    beta: float
    optimizer: str
    lr: float
    epochs: int
    batch_size: int
    patience: int
    l1: float
    l2: float
    seed: int

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Config:
        """Load the data and check that the flags fit it; ValueError says what does not."""
        data = read_csv(args.data) if args.data else load_dataset(args.dataset, seed=args.seed)
        if data.num_classes < 2:
            raise ValueError(f"{data.name}: needs at least two classes, found only {data.class_names}")
        loss = LOSSES[args.loss]
        if loss.one_output and data.num_classes != 2:
            raise ValueError(
                f"--loss {args.loss} is for two classes, but {data.name} has {data.num_classes}; "
                "use --loss cross-entropy"
            )
        if not loss.weighted and (args.alpha != 1.0 or args.beta != 1.0):
            raise ValueError(f"--alpha and --beta apply to weighted-bce and bce-with-logits, not {args.loss}")
        out = args.out if args.out is not None else _free_name(RUNS, data.name)
        if out.exists():
            raise ValueError(f"{out} already exists; choose another --out (a run is never overwritten)")
        options = {
            name: getattr(args, name) for name in cls.__dataclass_fields__ if name not in ("data", "out")
        }
        return cls(data=data, out=out, **options)


def _free_name(root: Path, name: str) -> Path:
    """root/name-001, or the first free number after it."""
    n = 1
    while (root / f"{name}-{n:03d}").exists():
        n += 1
    return root / f"{name}-{n:03d}"


def train(config: Config, log: Callable[[str], None] = print) -> dict:
    """Run the whole job; return the metrics written to ``config.out/metrics.json``."""
    started = time.perf_counter()
    data = config.data
    train_raw, val_raw, test_raw = stratified_split(data, seed=config.seed)
    scale = Standardiser.fit(train_raw.features)
    train_set, val_set, test_set = (scale.apply(part) for part in (train_raw, val_raw, test_raw))
    spec = LOSSES[config.loss]
    outputs = 1 if spec.one_output else data.num_classes
    model = MLP(
        data.num_features,
        [*config.hidden, outputs],
        activation=config.activation,
        output_activation=spec.output_activation,
        seed=config.seed,
        init=config.init,
    )
    loss_fn = spec.make(config.alpha, config.beta)
    optimizer = OPTIMIZERS[config.optimizer](model.parameters(), lr=config.lr)
    log(
        f"training {model} on {data.name}: {len(train_set)} train, {len(val_set)} val, {len(test_set)} test "
        f"samples; {config.loss} loss, {config.optimizer} lr={config.lr:g}"
    )
    result = fit(
        model,
        loss_fn,
        optimizer,
        train_set,
        val_set,
        epochs=config.epochs,
        batch_size=config.batch_size,
        l1=config.l1,
        l2=config.l2,
        patience=config.patience,
        seed=config.seed,
        threshold=spec.threshold,
    )
    log(f"{result.stop_reason}; best epoch {result.best_epoch}")
    report = {
        "config": _config_json(config),
        "data": {
            "name": data.name,
            "features": data.feature_names,
            "classes": data.class_names,
            "samples": {"train": len(train_set), "val": len(val_set), "test": len(test_set)},
        },
        **{
            name: _split_metrics(model, loss_fn, part, spec.threshold, with_auc=name == "test")
            for name, part in (("train", train_set), ("val", val_set), ("test", test_set))
        },
        "best_epoch": result.best_epoch,
        "stop_reason": result.stop_reason,
        "history": result.history,
        "standardiser": {"means": scale.means, "stds": scale.stds},
    }
    report["seconds"] = round(time.perf_counter() - started, 2)
    _write_run(config.out, report, model, loss_fn, result, train_set, data, scale, spec.threshold)
    test = report["test"]
    log(
        f"test: accuracy {test['accuracy']:.3f}, macro precision {test['macro']['precision']:.3f}, "
        f"recall {test['macro']['recall']:.3f}, F1 {test['macro']['f1']:.3f}"
        + (f", ROC AUC {test['roc_auc']:.3f}" if test.get("roc_auc") is not None else "")
    )
    log(f"wrote {config.out}/ in {time.perf_counter() - started:.1f} s")
    return report


def _split_metrics(model, loss_fn, part: Dataset, threshold: float, with_auc: bool) -> dict:
    loss, outs = loss_and_scores(model, loss_fn, part)
    predicted = [predicted_class(o, threshold) for o in outs]
    section = {"loss": loss, **metrics.classification_report(part.labels, predicted, part.class_names)}
    if with_auc:
        section["roc_auc"] = _auc(part.labels, outs, part.num_classes)
    return section


def _auc(labels: list[int], outs: list, k: int) -> float | None:
    """ROC AUC of the scores (binary) or one-vs-rest macro AUC of the softmax probabilities;
    None when some class is missing from the split, where the ROC curve is undefined."""
    if len(set(labels)) < k:
        return None
    if isinstance(outs[0], float):
        return metrics.roc_auc(labels, outs)
    probabilities = [numerics.softmax(row) for row in outs]
    if k == 2:
        return metrics.roc_auc(labels, [p[1] for p in probabilities])
    return metrics.roc_auc_ovr(labels, probabilities)


def _config_json(config: Config) -> dict:
    fields = {name: getattr(config, name) for name in config.__dataclass_fields__ if name != "data"}
    fields["out"] = str(config.out)
    fields["dataset"] = config.data.name
    return fields


def _write_run(
    out: Path,
    report: dict,
    model: MLP,
    loss_fn,
    result: FitResult,
    train_set: Dataset,
    data,
    scale,
    threshold,
) -> None:
    """Write every file into a hidden temporary folder beside ``out``, then rename it to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it private; a run folder is meant to be read and shared
    try:
        (work / "metrics.json").write_text(json.dumps(report, indent=1, allow_nan=False) + "\n")
        model.save(work / "model.json")
        plots.learning_curves(result.history, "loss", work / "loss.png", result.best_epoch)
        plots.learning_curves(result.history, "accuracy", work / "accuracy.png", result.best_epoch)
        plots.confusion_matrix(
            report["test"]["confusion_matrix"], data.class_names, work / "confusion_matrix.png"
        )
        if data.num_features == 2:

            def predict(points: list[list[float]]) -> list[int]:
                return [predicted_class(o, threshold) for o in scores(model, scale.transform(points))]

            plots.decision_boundary(
                predict,
                data.features,
                data.labels,
                data.feature_names,
                data.class_names,
                work / "decision_boundary.png",
            )
        _draw_one_loss(model, loss_fn, train_set, work / "graph.svg")
        if out.exists():
            raise FileExistsError(f"{out} appeared while training; the run was not written")
        os.rename(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _draw_one_loss(model: MLP, loss_fn, train_set: Dataset, path: Path) -> None:
    """The graph of the first training sample's loss, backpropagated so every node shows dL/dv."""
    model.train()
    loss = loss_fn([model(train_set.features[0])], [train_set.labels[0]])
    model.zero_grad()
    loss.backward()
    viz.render(loss, path, max_nodes=2000)
    model.zero_grad()
    model.eval()
