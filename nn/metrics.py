"""How good are the predictions? The lecture's metrics, for two classes or many.

Everything starts from the confusion matrix C: C[t][p] counts the samples of true class t
predicted as class p (rows = truth, columns = prediction). For one class k taken as
"positive" and every other class as "negative":

    TP = C[k][k]         FN = Σ_p C[k][p] - TP     (class k missed)
    FP = Σ_t C[t][k] - TP (wrongly called k)        TN = M - TP - FN - FP

    accuracy    = Σ_k C[k][k] / M
    precision   = TP / (TP + FP)     of those called k, how many are k       ("accurate")
    recall      = TP / (TP + FN)     of the k's, how many were found         ("positive", sensitivity)
    specificity = TN / (TN + FP)     of the non-k's, how many were rejected  ("reject")
    F1          = 2·precision·recall / (precision + recall)                  (harmonic mean)

A ratio with a zero denominator is 0 (e.g. the precision of a class never predicted).

``average`` chooses what a per-class metric returns: "binary" the value for class
``positive`` (1 by default), "macro" the unweighted mean over classes, None the list per class.

The ROC curve plots the true-positive rate (recall) against the false-positive rate
(1 - specificity) as the decision threshold on a score sweeps from +∞ down; its area, the
AUC, is the probability that a random positive scores above a random negative (ties count 1/2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd.engine.checks import require_int, require_number

AVERAGES = ("binary", "macro", None)


def confusion_matrix(
    y_true: Sequence[int], y_pred: Sequence[int], num_classes: int | None = None
) -> list[list[int]]:
    """C[t][p] = number of samples of true class t predicted as p; K x K with K = ``num_classes``
    (default: 1 + the largest label seen)."""
    _check_labels(y_true, y_pred)
    k = max(max(y_true), max(y_pred)) + 1 if num_classes is None else num_classes
    require_int("confusion_matrix", "num_classes", k, minimum=1)
    matrix = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred):
        if t >= k or p >= k:
            raise ValueError(f"label {max(t, p)} is out of range for num_classes={k}")
        matrix[t][p] += 1
    return matrix


def accuracy(y_true: Sequence[int], y_pred: Sequence[int]) -> float:
    """The fraction of samples predicted correctly: Σ_k C[k][k] / M."""
    _check_labels(y_true, y_pred)
    return sum(t == p for t, p in zip(y_true, y_pred)) / len(y_true)


def precision(
    y_true: Sequence[int], y_pred: Sequence[int], average: str | None = "binary", positive: int = 1
) -> float | list[float]:
    """TP / (TP + FP) per class."""
    return _per_class(y_true, y_pred, average, positive, "precision")


def recall(
    y_true: Sequence[int], y_pred: Sequence[int], average: str | None = "binary", positive: int = 1
) -> float | list[float]:
    """TP / (TP + FN) per class (sensitivity, true-positive rate)."""
    return _per_class(y_true, y_pred, average, positive, "recall")


def specificity(
    y_true: Sequence[int], y_pred: Sequence[int], average: str | None = "binary", positive: int = 1
) -> float | list[float]:
    """TN / (TN + FP) per class (true-negative rate)."""
    return _per_class(y_true, y_pred, average, positive, "specificity")


def f1(
    y_true: Sequence[int], y_pred: Sequence[int], average: str | None = "binary", positive: int = 1
) -> float | list[float]:
    """2·precision·recall / (precision + recall) per class, i.e. 2TP / (2TP + FP + FN)."""
    return _per_class(y_true, y_pred, average, positive, "f1")


def classification_report(
    y_true: Sequence[int], y_pred: Sequence[int], class_names: Sequence[str]
) -> dict[str, object]:
    """Accuracy, the confusion matrix, and precision/recall/specificity/F1 per class and macro (JSON-able)."""
    k = len(class_names)
    matrix = confusion_matrix(y_true, y_pred, k)
    per_class: dict[str, dict[str, float]] = {name: {} for name in class_names}
    macro = {}
    for metric in _FORMULAS:
        values = _values(matrix, metric)
        for name, value in zip(class_names, values):
            per_class[name][metric] = value
        macro[metric] = math.fsum(values) / k
    for name, row in zip(class_names, matrix):
        per_class[name]["support"] = sum(row)
    return {
        "accuracy": accuracy(y_true, y_pred),
        "macro": macro,
        "per_class": per_class,
        "confusion_matrix": matrix,
    }


def roc_curve(
    y_true: Sequence[int], scores: Sequence[float], positive: int = 1
) -> tuple[list[float], list[float], list[float]]:
    """(thresholds, FPR, TPR): one point per distinct score, predicting "positive" when score >= threshold.

    The curve starts at (0, 0) with threshold +∞ and ends at (1, 1) with the lowest score.
    Equal scores are one threshold, so tied samples enter the curve together (a diagonal step).
    """
    positives, negatives = _check_scores(y_true, scores, positive)
    ranked = sorted(zip(scores, y_true), key=lambda pair: pair[0], reverse=True)
    thresholds, fpr, tpr = [math.inf], [0.0], [0.0]
    tp = fp = 0
    for i, (score, label) in enumerate(ranked):
        if label == positive:
            tp += 1
        else:
            fp += 1
        if i + 1 == len(ranked) or ranked[i + 1][0] != score:
            thresholds.append(score)
            fpr.append(fp / negatives)
            tpr.append(tp / positives)
    return thresholds, fpr, tpr


def roc_auc(y_true: Sequence[int], scores: Sequence[float], positive: int = 1) -> float:
    """Area under the ROC curve by the trapezoid rule: Σ (FPR_i - FPR_{i-1})·(TPR_i + TPR_{i-1})/2."""
    _, fpr, tpr = roc_curve(y_true, scores, positive)
    return math.fsum((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2 for i in range(1, len(fpr)))


def roc_auc_ovr(
    y_true: Sequence[int], class_scores: Sequence[Sequence[float]], average: str | None = "macro"
) -> float | list[float]:
    """One-vs-rest AUC for K classes: class k's AUC uses column k of ``class_scores`` (e.g. softmax
    probabilities) with class k positive; "macro" averages the K values, None returns them."""
    if average not in ("macro", None):
        raise ValueError(f"roc_auc_ovr: average must be 'macro' or None, got {average!r}")
    if len(class_scores) != len(y_true):
        raise ValueError(f"roc_auc_ovr: {len(y_true)} labels but {len(class_scores)} score rows")
    k = len(class_scores[0]) if class_scores else 0
    for i, row in enumerate(class_scores):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != k:
            width = len(row) if isinstance(row, Sequence) else type(row).__name__
            raise ValueError(
                f"roc_auc_ovr: every score row needs one score per class; row 0 has {k}, row {i} has {width}"
            )
    if k < 2:
        raise ValueError(f"roc_auc_ovr: needs a score for each of at least two classes, got {k}")
    if max(y_true) >= k:
        raise ValueError(f"roc_auc_ovr: label {max(y_true)} has no column among the {k} scores of each row")
    values = [roc_auc(y_true, [row[c] for row in class_scores], positive=c) for c in range(k)]
    return math.fsum(values) / k if average == "macro" else values


def _per_class(y_true, y_pred, average, positive, metric) -> float | list[float]:
    if average not in AVERAGES:
        raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
    _check_labels(y_true, y_pred)
    values = _values(confusion_matrix(y_true, y_pred, max(max(y_true), max(y_pred), positive) + 1), metric)
    if average == "binary":
        return values[positive]
    if average == "macro":
        return math.fsum(values) / len(values)
    return values


#: metric -> its formula in (TP, FN, FP, TN) of one class against the rest.
_FORMULAS = {
    "precision": lambda tp, fn, fp, tn: _ratio(tp, tp + fp),
    "recall": lambda tp, fn, fp, tn: _ratio(tp, tp + fn),
    "specificity": lambda tp, fn, fp, tn: _ratio(tn, tn + fp),
    "f1": lambda tp, fn, fp, tn: _ratio(2 * tp, 2 * tp + fp + fn),
}


def _values(matrix: list[list[int]], metric: str) -> list[float]:
    """``metric`` for every class of the confusion matrix."""
    return [_FORMULAS[metric](*_counts(matrix, k)) for k in range(len(matrix))]


def _counts(matrix: list[list[int]], k: int) -> tuple[int, int, int, int]:
    """(TP, FN, FP, TN) for class k against the rest."""
    total = sum(map(sum, matrix))
    tp = matrix[k][k]
    fn = sum(matrix[k]) - tp
    fp = sum(row[k] for row in matrix) - tp
    return tp, fn, fp, total - tp - fn - fp


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _check_labels(y_true: Sequence[int], y_pred: Sequence[int]) -> None:
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}")
    if not y_true:
        raise ValueError("no labels: metrics need at least one sample")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        for i, y in enumerate(labels):
            if type(y) is not int or y < 0:
                raise ValueError(f"{name}[{i}] is {y!r}; labels must be class indices (integers >= 0)")


def _check_scores(y_true: Sequence[int], scores: Sequence[float], positive: int) -> tuple[int, int]:
    if len(y_true) != len(scores):
        raise ValueError(f"y_true has {len(y_true)} labels but scores has {len(scores)}")
    for i, s in enumerate(scores):
        require_number("roc_curve", f"scores[{i}]", s)
    positives = sum(y == positive for y in y_true)
    negatives = len(y_true) - positives
    if positives == 0 or negatives == 0:
        raise ValueError(
            f"ROC needs both positive (class {positive}) and negative samples; "
            f"got {positives} positive and {negatives} negative"
        )
    return positives, negatives
