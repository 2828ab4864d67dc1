"""A trained run reused in one call: ``nn.load_run(folder)`` and ``python -m nn predict``.

A run folder (``python -m nn train``) holds everything a prediction needs: ``metrics.json``
has the architecture (the hidden widths, the activation and the loss, which fixes the output
layer), the feature and class names and the standardiser's means and standard deviations;
``model.json`` has the weights. ``load_run`` puts them back together into a ``Predictor``,
which standardises raw feature rows exactly as training did before the network sees them::

    model = nn.load_run("runs/wine-001")
    model.predict([[13.2, 1.78, 2.14, ...]])        # ['1']: class names, as in the data
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

from autograd import Value
from autograd.engine import numerics
from autograd.engine.checks import require_number
from autograd.files import write_atomic
from nn.data import Standardiser
from nn.data.dataset import _number, csv_rows
from nn.layers import MLP
from nn.module import Module
from nn.train import predicted_class, scores


class Predictor(Module):
    """A trained MLP with the standardiser of its training data: it takes raw feature rows.

    ``forward(x)`` is the network's output (logits, or the one output) for one raw row;
    ``scores(rows)`` the outputs as floats, ``probabilities(rows)`` the softmax of K logits
    (the one output itself after a sigmoid), and ``predict(rows)`` the class names.
    """

    def __init__(
        self,
        model: MLP,
        standardiser: Standardiser,
        feature_names: list[str],
        class_names: list[str],
        threshold: float,
        output_activation: str,
    ) -> None:
        self.model = model
        self.standardiser = standardiser
        self.feature_names = feature_names
        self.class_names = class_names
        self.threshold = threshold
        self.output_activation = output_activation

    def forward(self, x: Sequence[float]) -> Value | list[Value]:
        """The network's output for one raw feature row."""
        return self.model(self._standardise([x])[0])

    def scores(self, rows: Sequence[Sequence[float]]) -> list[float] | list[list[float]]:
        """The network's outputs as floats, one per row (K floats for K classes)."""
        return scores(self.model, self._standardise(rows))

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[list[float]]:
        """P(class | row) for every class, from the softmax of the logits or the one sigmoid output.

        A run trained with a one-output loss that is no probability (hinge, bce-with-logits'
        logit) is turned into one with the sigmoid of its score.
        """
        out = []
        for score in self.scores(rows):
            if isinstance(score, list):
                out.append(numerics.softmax(score))
            else:
                p = score if self.output_activation == "sigmoid" else numerics.sigmoid(score)
                out.append([1.0 - p, p])
        return out

    def predict(self, rows: Sequence[Sequence[float]]) -> list[str]:
        """The predicted class name of every row."""
        return [self.class_names[predicted_class(s, self.threshold)] for s in self.scores(rows)]

    def _standardise(self, rows: Sequence[Sequence[float]]) -> list[list[float]]:
        if not isinstance(rows, (list, tuple)) or any(not isinstance(row, (list, tuple)) for row in rows):
            raise TypeError("Predictor: expects a list of feature rows, each a list of numbers")
        n = len(self.feature_names)
        checked = []
        for i, row in enumerate(rows):
            if len(row) != n:
                raise ValueError(f"Predictor: row {i} has {len(row)} features, the model takes {n}")
            names = (f"row {i}, feature {name!r}" for name in self.feature_names)
            checked.append([require_number("Predictor", name, x) for name, x in zip(names, row)])
        return self.standardiser.transform(checked)

    def __repr__(self) -> str:
        return f"Predictor({self.model}, classes={self.class_names})"


def load_run(folder: str | os.PathLike) -> Predictor:
    """The trained model of a run folder, ready to predict on raw features.

    Raises ValueError naming the folder and what is missing or wrong: no such folder, no
    ``metrics.json`` or ``model.json``, or files that do not fit together.
    """
    # The loss decides the output layer, as in training. nn.run brings the plotting along, so it
    # is imported here rather than with ``import nn``.
    from nn.run import LOSSES

    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such run folder (python -m nn train writes one under runs/)")
    report = _json(folder / "metrics.json")
    try:
        config, data, scale = report["config"], report["data"], report["standardiser"]
        loss = LOSSES[config["loss"]]
        features, classes = list(data["features"]), list(data["classes"])
        outputs = 1 if loss.one_output else len(classes)
        model = MLP(
            len(features),
            [*config["hidden"], outputs],
            activation=config["activation"],
            output_activation=loss.output_activation,
        )
        standardiser = Standardiser(list(scale["means"]), list(scale["stds"]))
    except (KeyError, TypeError) as error:
        raise ValueError(
            f"{folder / 'metrics.json'}: not the metrics of a training run (missing {error})"
        ) from None
    if len(standardiser.means) != len(features) or len(standardiser.stds) != len(features):
        raise ValueError(f"{folder / 'metrics.json'}: the standardiser does not have one entry per feature")
    if not (folder / "model.json").is_file():
        raise ValueError(f"{folder}: no model.json (the weights)")
    model.load(folder / "model.json")
    model.eval()
    return Predictor(model, standardiser, features, classes, loss.threshold, loss.output_activation)


def _json(path: Path) -> dict:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"{path.parent}: no {path.name}; is this a run folder of python -m nn train?"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not valid JSON ({error})") from None
    except RecursionError:  # json recurses once per level of nesting, as in Module.load
        raise ValueError(f"{path}: not valid JSON (nested too deeply)") from None
    if not isinstance(content, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return content


def read_features(path: str | os.PathLike, feature_names: list[str]) -> list[list[float]]:
    """The feature rows of a CSV file with a header row, taken by column name.

    The file must have a column for every feature of the model (in any order); other columns,
    such as the label, are ignored. ValueError names the file, line and column of a bad cell.
    """
    path = Path(path)
    reader = csv_rows(path)
    header = next((row for row in reader if row), None)
    if header is None:
        raise ValueError(f"{path}: the file is empty; expected a header row and data rows")
    header = [cell.strip() for cell in header]
    missing = [name for name in feature_names if name not in header]
    if missing:
        raise ValueError(
            f"{path}: no column {missing[0]!r}; the model takes the features {', '.join(feature_names)}"
        )
    columns = [header.index(name) for name in feature_names]
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ValueError(
                f"{path}: line {reader.line_num}: {len(row)} columns, expected {len(header)} as in the header"
            )
        rows.append([_number(row[c], str(path), reader.line_num, c, header) for c in columns])
    if not rows:
        raise ValueError(f"{path}: no data rows after the header")
    return rows


def predictions_csv(predictor: Predictor, rows: list[list[float]]) -> str:
    """One line per row: the predicted class and the probability of every class."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["predicted", *(f"p({name})" for name in predictor.class_names)])
    for name, probabilities in zip(predictor.predict(rows), predictor.probabilities(rows)):
        writer.writerow([name, *(f"{p:.6g}" for p in probabilities)])
    return out.getvalue()


def main(run_folder: Path, data: Path, out: Path | None) -> str:
    """``python -m nn predict``: the predictions for ``data``, written to ``out`` (atomically) or returned."""
    predictor = load_run(run_folder)
    text = predictions_csv(predictor, read_features(data, predictor.feature_names))
    if out is not None:
        write_atomic(out, text)
    return text
