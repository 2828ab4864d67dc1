"""One training run, from a data set to a run folder.

``train(Config(...))``, which ``python -m nn train`` calls with its flags:

0. checks the configuration, loads the data, and reserves the run folder (``RunFolder``),
   so that a bad flag, a bad CSV or an ``--out`` that cannot be written stops the run before
   any training;
1. splits the data 60/20/20 by class (``config.seed``) and standardises it with the
   training split's statistics;
2. fits an MLP (``nn.train.fit``) with early stopping on the validation loss;
3. evaluates every split and writes, into a new folder that appears whole or not at all
   (whatever stops the run, an error or a signal, leaves nothing behind):

   - ``metrics.json``: the configuration, the data, the ``train``/``val``/``test`` sections
     (loss, accuracy, confusion matrix, precision/recall/specificity/F1 per class and macro;
     ROC AUC on test), the per-epoch ``history``, the best epoch, why training stopped, and
     the standardiser's means and standard deviations;
   - ``model.json``: the state dict (``model.load("model.json")`` on an MLP of the same shape);
   - ``loss.png``, ``accuracy.png``, ``confusion_matrix.png`` and, for two features,
     ``decision_boundary.png``;
   - ``graph.svg``: the computation graph of one training sample's loss, after backward, in
     the view that fits (``nn.drawing``: node by node, one box per neuron, or per layer),
     named in ``metrics.json`` under ``graph``; when collapsed, ``graph-full.dot`` holds the
     node-by-node view as Graphviz source;
   - ``index.html``: the report tying the metrics, the plots and the graph together
     (``nn.run_report``), readable offline.

   Nothing after training can discard the training: a picture that cannot be drawn is
   named in ``metrics.json`` (``not_drawn``) and the run is written without it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograd.engine import numerics
from autograd.engine.checks import ArgumentError, require_choice, require_int, require_number
from autograd.files import write_atomic
from nn import drawing, losses, metrics, optim, plots, run_report
from nn.activations import KNOWN as ACTIVATIONS
from nn.data import DATASETS, Dataset, Standardiser, load_dataset, read_csv, stratified_split
from nn.init import INITIALISERS
from nn.layers import MLP
from nn.train import MONITORS, FitResult, fit, loss_and_scores, predicted_class, scores


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

RUNS = Path("runs")

#: Where the hidden folder of a run being written goes, beside the run folder: ``runs/.wine-001.partial``.
PARTIAL = ".{name}.partial"


@dataclass(frozen=True)
class Config:
    """One run of ``python -m nn train``, every option with its default; each flag is a field.

    ``Config(dataset="iris", hidden=(8,))`` is ``python -m nn train --dataset iris --hidden 8``.
    Every field is checked when the Config is made (``ArgumentError`` names the field, its
    flag and the bad value); ``train`` then checks the fit with the data and reserves the run
    folder, before any training.
    """

    dataset: str = "wine"
    #: a CSV file (header row, label in the last column), used instead of ``dataset``
    data: Path | None = None
    hidden: tuple[int, ...] = (16,)
    activation: str = "relu"
    init: str = "he"
    loss: str = "cross-entropy"
    alpha: float = 1.0
    beta: float = 1.0
    optimizer: str = "adam"
    lr: float = 0.01
    epochs: int = 100
    batch_size: int = 16
    patience: int = 15
    #: what early stopping watches: "val_loss" (lower is better) or "val_accuracy" (higher)
    monitor: str = "val_loss"
    l1: float = 0.0
    l2: float = 0.0
    seed: int = 0
    #: the run folder to create; None: runs/DATASET-NNN, the first free number
    out: Path | None = None
    #: train with ``autograd.compile``'s program instead of the engine (``nn.fit(compile=True)``)
    compile: bool = False

    def __post_init__(self) -> None:
        def field(name: str) -> str:
            return f"{name} (--{name.replace('_', '-')})"

        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)  # frozen: the checked, normalised value

        require_choice("Config", field("dataset"), self.dataset, DATASETS)
        for name in ("data", "out"):
            value = getattr(self, name)
            if value is not None:
                if not isinstance(value, (str, os.PathLike)) or not str(value):
                    raise ArgumentError(f"Config: {field(name)} must be a path or None, got {value!r}")
                put(name, Path(value))
        if isinstance(self.hidden, (str, bytes)) or not isinstance(self.hidden, Sequence):
            raise ArgumentError(
                f"Config: {field('hidden')} must be a list of layer widths, got {self.hidden!r}"
            )
        put("hidden", tuple(require_int("Config", field("hidden"), w, minimum=1) for w in self.hidden))
        require_choice("Config", field("activation"), self.activation, HIDDEN_ACTIVATIONS)
        require_choice("Config", field("init"), self.init, INITIALISERS)
        require_choice("Config", field("loss"), self.loss, LOSSES)
        require_choice("Config", field("optimizer"), self.optimizer, optim.OPTIMIZERS)
        require_choice("Config", field("monitor"), self.monitor, MONITORS)
        for name in ("alpha", "beta", "l1", "l2"):
            put(name, require_number("Config", field(name), getattr(self, name), minimum=0.0))
        put("lr", require_number("Config", field("lr"), self.lr, positive=True))
        for name in ("epochs", "batch_size", "patience"):
            require_int("Config", field(name), getattr(self, name), minimum=1)
        require_int("Config", field("seed"), self.seed)
        if not isinstance(self.compile, bool):
            raise ArgumentError(f"Config: {field('compile')} must be True or False, got {self.compile!r}")
        if not LOSSES[self.loss].weighted and (self.alpha != 1.0 or self.beta != 1.0):
            raise ArgumentError(
                f"--alpha and --beta apply to weighted-bce and bce-with-logits, not {self.loss}"
            )

    def load_data(self) -> Dataset:
        """The data set this run trains on, once it fits the loss; ValueError says what does not."""
        data = read_csv(self.data) if self.data is not None else load_dataset(self.dataset, seed=self.seed)
        if data.num_classes < 2:
            raise ValueError(f"{data.name}: needs at least two classes, found only {data.class_names}")
        if LOSSES[self.loss].one_output and data.num_classes != 2:
            raise ValueError(
                f"--loss {self.loss} is for two classes, but {data.name} has {data.num_classes}; "
                "use --loss cross-entropy"
            )
        return data


#: The activations of hidden layers a run may use (not "linear", which would make the layers one).
HIDDEN_ACTIVATIONS = [a for a in ACTIVATIONS if a != "linear"]


def train(config: Config, log: Callable[[str], None] = print) -> dict:
    """Run the whole job; return the metrics written to the run folder's ``metrics.json``.

    Everything that can be checked before training is: the data, their fit with the loss,
    the split, and the run folder, which is reserved (see ``RunFolder``). A run that fails or
    is stopped (an error, Ctrl-C, SIGTERM, SIGHUP) leaves nothing behind.
    """
    started = time.perf_counter()
    data = config.load_data()
    train_raw, val_raw, test_raw = stratified_split(data, seed=config.seed)
    scale = Standardiser.fit(train_raw.features)
    train_set, val_set, test_set = (scale.apply(part) for part in (train_raw, val_raw, test_raw))
    with reserved(config.out, data.name) as folder:
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
        optimizer = optim.OPTIMIZERS[config.optimizer](model.parameters(), lr=config.lr)
        log(
            f"training {model} on {data.name}: {len(train_set)} train, {len(val_set)} val, "
            f"{len(test_set)} test samples; {config.loss} loss, {config.optimizer} lr={config.lr:g}"
        )
        try:
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
                monitor=config.monitor,
                seed=config.seed,
                threshold=spec.threshold,
                compile=config.compile,
            )
        except ArithmeticError as error:  # before any update: fit lets it through (see nn.train.fit)
            raise ValueError(
                f"training failed in its first batch, before any update: {error}; check the flags "
                "(--lr, --l1, --l2, --alpha, --beta) and the data"
            ) from error
        log(f"{result.stop_reason}; best epoch {result.best_epoch}")
        report = {
            "config": _config_json(config, folder.out, data),
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
        trained = _Trained(model, loss_fn, result, train_set, data, scale, spec.threshold)
        _write_run(folder.work, report, trained, log)
        folder.publish()
    test = report["test"]
    log(
        f"test: accuracy {test['accuracy']:.3f}, macro precision {test['macro']['precision']:.3f}, "
        f"recall {test['macro']['recall']:.3f}, F1 {test['macro']['f1']:.3f}"
        + (f", ROC AUC {test['roc_auc']:.3f}" if test.get("roc_auc") is not None else "")
    )
    log(f"wrote {folder.out}/ in {time.perf_counter() - started:.1f} s")
    return report


class RunFolder:
    """A run folder, reserved before training and published whole at the end, or never.

    The files are written into a hidden folder beside the run folder,
    ``.NAME.partial``; making it (``os.mkdir``, which fails if it exists) is what reserves the
    name, so two runs started together never pick the same one. ``publish`` renames it to
    the run folder; ``discard`` removes it, and any parent folder made for it. ``reserved``
    does both at the right time.
    """

    def __init__(self, out: Path, work: Path, made: list[Path]) -> None:
        self.out, self.work, self._made, self._published = out, work, made, False

    @classmethod
    def reserve(cls, out: Path | None, name: str) -> RunFolder:
        """Reserve ``out``, or with None the first free ``runs/NAME-NNN``; ValueError if it cannot be."""
        if out is not None:
            made = _make_parents(out)
            try:
                return cls(out, _reserve(out), made)
            except BaseException:
                _remove_empty(made)
                raise
        made = _make_parents(RUNS / name)
        for n in itertools.count(1):
            out = RUNS / f"{name}-{n:03d}"
            if not os.path.lexists(out) and not os.path.lexists(out.with_name(PARTIAL.format(name=out.name))):
                try:
                    return cls(out, _reserve(out), made)
                except ValueError:  # another run took it between the look and the mkdir
                    continue

    def publish(self) -> None:
        """Rename the finished hidden folder to the run folder."""
        if os.path.lexists(self.out):
            raise FileExistsError(f"{self.out} appeared while training; the run was not written")
        os.rename(self.work, self.out)
        self._published = True

    def discard(self) -> None:
        """Remove the hidden folder, unless it was published, and the parent folders made for it."""
        if not self._published:
            shutil.rmtree(self.work, ignore_errors=True)
            _remove_empty(self._made)


#: The signals that stop a run: each unwinds the program like Ctrl-C, so that the hidden
#: folder of the run is removed before the process ends.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def reserved(out: Path | None, name: str) -> Iterator[RunFolder]:
    """A ``RunFolder`` reserved for the block (``RunFolder.reserve``) and, unless the block
    publishes it, removed when the block ends, whatever ends it: an error, Ctrl-C, SIGTERM or
    SIGHUP. The signals wait while the folder is made and while it is removed, so that no
    signal can fall between making the folder and knowing to remove it."""
    folder = None
    with _signals_stop_the_run():
        try:
            with _signals_held():
                folder = RunFolder.reserve(out, name)
            yield folder
        finally:
            if folder is not None:
                with _signals_held():
                    folder.discard()


def _make_parents(out: Path) -> list[Path]:
    """Make the missing folders above ``out``; return them, deepest first. ValueError if one is a file."""
    missing = [p for p in out.parents if not p.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            pass  # made by a run started together with this one
        except (NotADirectoryError, PermissionError) as error:
            _remove_empty([p for p in missing if p.exists()])
            raise ValueError(f"cannot make the run folder {out}: {_why(error, folder.parent)}") from None
    return missing


def _reserve(out: Path) -> Path:
    """Make the hidden ``.NAME.partial`` folder beside ``out``; ValueError if ``out`` is taken."""
    work = out.with_name(PARTIAL.format(name=out.name))
    if os.path.lexists(out):
        raise ValueError(f"{out} already exists; choose another --out (a run is never overwritten)")
    try:
        os.mkdir(work)
    except FileExistsError:
        raise ValueError(
            f"{out} is being written by another run ({work} exists); if no run is, remove {work}"
        ) from None
    except OSError as error:
        raise ValueError(f"cannot make the run folder {out}: {_why(error, out.parent)}") from None
    return work


def _why(error: OSError, folder: Path) -> str:
    if isinstance(error, PermissionError):
        return f"no permission to write in {folder}"
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        file = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        return f"{file} is a file, not a folder"
    return error.strerror or str(error)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders, deepest first, that a run made and that are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


class _Stopped(KeyboardInterrupt):
    """The process was asked to stop by a signal: unwinds like Ctrl-C, so every ``finally`` runs.

    ``status`` is the exit status of a process ended by that signal, 128 + its number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}; no run folder was written")
        self.status = 128 + signum


class _Held:
    """Whether the stop signals are held now (``_signals_held``), and the one that came meanwhile."""

    holding = False
    pending: int | None = None


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Within the block a stop signal waits; it stops the run when the block ends.

    Held by the handler itself, not by the signal mask: a process-wide signal may be
    delivered to any thread (numpy's, say), whose mask is not the main thread's.
    """
    _Held.holding = True
    try:
        yield
    finally:
        _Held.holding = False
    if _Held.pending is not None:
        signum, _Held.pending = _Held.pending, None
        raise _Stopped(signum)


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """Within the block, each of STOP_SIGNALS raises ``_Stopped``, so that the run folder being
    written is removed before the process ends. Only the main thread can handle signals;
    elsewhere the block changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        if _Held.holding:
            _Held.pending = signum
            return
        for s in previous:  # a second signal must not interrupt the removal of the folder
            signal.signal(s, signal.SIG_IGN)
        raise _Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


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


def _config_json(config: Config, out: Path, data: Dataset) -> dict:
    fields = {name: getattr(config, name) for name in config.__dataclass_fields__}
    fields.update(out=str(out), data=None if config.data is None else str(config.data), dataset=data.name)
    fields["hidden"] = list(config.hidden)
    return fields


@dataclass(frozen=True)
class _Trained:
    """What training made, for the files of the run folder."""

    model: MLP
    loss_fn: Callable[[list, list[int]], object]
    result: FitResult
    train_set: Dataset
    data: Dataset
    scale: Standardiser
    threshold: float


def _write_run(work: Path, report: dict, trained: _Trained, log: Callable[[str], None]) -> None:
    """Write every file of the run into ``work``.

    The model and the metrics are the run; a picture that cannot be drawn (no layout program,
    a plotting error) is named in ``metrics.json`` under ``not_drawn`` and in the log, and
    costs the run nothing. ``index.html`` comes last, showing what was drawn.
    """
    trained.model.save(work / "model.json")
    history, best = trained.result.history, trained.result.best_epoch
    data = trained.data
    title = f"{data.name}, {report['config']['loss']} loss"
    graph: dict[str, str] = {}
    pictures: dict[str, Callable[[Path], object]] = {
        "loss.png": lambda path: plots.learning_curves(history, "loss", path, best, title),
        "accuracy.png": lambda path: plots.learning_curves(history, "accuracy", path, best, title),
        "confusion_matrix.png": lambda path: plots.confusion_matrix(
            report["test"]["confusion_matrix"], data.class_names, path, data.name
        ),
    }
    if data.num_features == 2:

        def predict(points: list[list[float]]) -> list[int]:
            outs = scores(trained.model, trained.scale.transform(points))
            return [predicted_class(o, trained.threshold) for o in outs]

        pictures["decision_boundary.png"] = lambda path: plots.decision_boundary(
            predict, data.features, data.labels, data.feature_names, data.class_names, path, data.name
        )
    pictures["graph.svg"] = lambda path: graph.update(_draw_one_loss(trained, path))
    not_drawn = {}
    for name, draw in pictures.items():
        try:
            draw(work / name)
        except Exception as error:  # any failure of a picture: the run is kept
            not_drawn[name] = " ".join(str(error).split()) or type(error).__name__
            log(f"warning: {name} was not drawn: {not_drawn[name]}")
    if graph:
        report["graph"] = graph
    if not_drawn:
        report["not_drawn"] = not_drawn
    write_atomic(work / "metrics.json", json.dumps(report, indent=1, allow_nan=False) + "\n")
    try:
        run_report.write_index(work, report)
    except Exception as error:  # the page only shows the files above: the run is kept without it
        log(f"warning: index.html was not written: {' '.join(str(error).split())}")


def _draw_one_loss(trained: _Trained, path: Path) -> dict[str, str]:
    """Draw the graph of the first training sample's loss into ``path``, in the view that fits
    (``nn.drawing``); return what was drawn, for ``metrics.json``: the view and, when it is
    collapsed, ``graph-full.dot``, every node as Graphviz source beside it."""
    model, features = trained.model, trained.train_set.features[0]
    loss = drawing.one_sample_loss(
        model, trained.loss_fn, features, trained.train_set.labels[0], trained.data.feature_names
    )
    try:
        drawn = {"file": path.name, "view": drawing.draw(model, loss, path)}
        if drawn["view"] != "values":
            drawn["full"] = drawing.write_full_source(loss, path.with_name("graph-full.dot")).name
    finally:
        model.zero_grad()
    return drawn
