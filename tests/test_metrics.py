"""The lecture's metrics against confusion matrices counted by hand."""

import pytest

from nn import metrics

# Binary: 3 positives, 5 negatives. TP = 2, FN = 1, FP = 1, TN = 4.
BINARY_TRUE = [1, 1, 1, 0, 0, 0, 0, 0]
BINARY_PRED = [1, 1, 0, 1, 0, 0, 0, 0]

# Three classes, counted by hand:      predicted 0  1  2
THREE_TRUE = [0, 0, 0, 1, 1, 2, 2, 2, 2]  # true 0: 2  1  0
THREE_PRED = [0, 1, 0, 1, 2, 2, 2, 0, 2]  # true 1: 0  1  1
#                                           true 2: 1  0  3


def test_binary_confusion_matrix_rows_are_truth_columns_are_prediction():
    assert metrics.confusion_matrix(BINARY_TRUE, BINARY_PRED) == [[4, 1], [1, 2]]


def test_binary_metrics_from_tp_fn_fp_tn():
    assert metrics.accuracy(BINARY_TRUE, BINARY_PRED) == 6 / 8
    assert metrics.precision(BINARY_TRUE, BINARY_PRED) == pytest.approx(2 / 3)  # TP / (TP + FP)
    assert metrics.recall(BINARY_TRUE, BINARY_PRED) == pytest.approx(2 / 3)  # TP / (TP + FN)
    assert metrics.specificity(BINARY_TRUE, BINARY_PRED) == pytest.approx(4 / 5)  # TN / (TN + FP)
    assert metrics.f1(BINARY_TRUE, BINARY_PRED) == pytest.approx(2 / 3)


def test_binary_metrics_of_the_other_class_swap_the_roles():
    # Class 0 as positive: TP = 4, FN = 1, FP = 1, TN = 2.
    assert metrics.precision(BINARY_TRUE, BINARY_PRED, positive=0) == pytest.approx(4 / 5)
    assert metrics.specificity(BINARY_TRUE, BINARY_PRED, positive=0) == pytest.approx(2 / 3)


def test_three_class_confusion_matrix():
    assert metrics.confusion_matrix(THREE_TRUE, THREE_PRED) == [[2, 1, 0], [0, 1, 1], [1, 0, 3]]
    assert metrics.accuracy(THREE_TRUE, THREE_PRED) == pytest.approx(6 / 9)


def test_three_class_per_class_and_macro():
    assert metrics.precision(THREE_TRUE, THREE_PRED, average=None) == pytest.approx([2 / 3, 1 / 2, 3 / 4])
    assert metrics.recall(THREE_TRUE, THREE_PRED, average=None) == pytest.approx([2 / 3, 1 / 2, 3 / 4])
    assert metrics.specificity(THREE_TRUE, THREE_PRED, average=None) == pytest.approx([5 / 6, 6 / 7, 4 / 5])
    assert metrics.f1(THREE_TRUE, THREE_PRED, average=None) == pytest.approx([2 / 3, 1 / 2, 3 / 4])
    assert metrics.precision(THREE_TRUE, THREE_PRED, average="macro") == pytest.approx(23 / 36)


def test_classification_report_collects_every_metric_by_class_name():
    report = metrics.classification_report(THREE_TRUE, THREE_PRED, ["a", "b", "c"])
    assert report["confusion_matrix"] == [[2, 1, 0], [0, 1, 1], [1, 0, 3]]
    assert report["per_class"]["c"] == pytest.approx(
        {"precision": 3 / 4, "recall": 3 / 4, "specificity": 4 / 5, "f1": 3 / 4, "support": 4}
    )
    assert report["macro"]["specificity"] == pytest.approx((5 / 6 + 6 / 7 + 4 / 5) / 3)


def test_a_class_never_predicted_has_precision_zero_not_a_division_error():
    assert metrics.precision([0, 1, 1], [0, 0, 0]) == 0.0
    assert metrics.f1([0, 1, 1], [0, 0, 0]) == 0.0


def test_roc_curve_and_auc_of_a_small_example():
    # Negatives score 0.1 and 0.4, positives 0.35 and 0.8: 3 of the 4 (positive, negative) pairs are ordered.
    y, scores = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    thresholds, fpr, tpr = metrics.roc_curve(y, scores)
    assert thresholds == [float("inf"), 0.8, 0.4, 0.35, 0.1]
    assert fpr == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert tpr == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert metrics.roc_auc(y, scores) == pytest.approx(0.75)


def test_tied_scores_enter_the_roc_curve_together_and_count_one_half():
    # Pairs (positive, negative): (0.5, 0.5) tie -> 1/2, the other three ordered -> AUC = 3.5 / 4.
    y, scores = [0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]
    _, fpr, tpr = metrics.roc_curve(y, scores)
    assert list(zip(fpr, tpr)) == [(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)]
    assert metrics.roc_auc(y, scores) == pytest.approx(0.875)


def test_one_vs_rest_auc_per_class_and_macro():
    y = [0, 1, 2, 2]
    probs = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.5, 0.1, 0.4]]
    # Class 0 scores 0.8 against 0.2, 0.3, 0.5: perfect. Class 1: 0.7 above all: perfect.
    # Class 2: positives 0.4, 0.4 against 0.1, 0.1: perfect.
    assert metrics.roc_auc_ovr(y, probs, average=None) == [1.0, 1.0, 1.0]
    probs[3] = [0.5, 0.1, 0.05]  # now one class-2 sample scores below a negative's 0.1
    assert metrics.roc_auc_ovr(y, probs, average=None)[2] == pytest.approx(0.5)
    assert metrics.roc_auc_ovr(y, probs) == pytest.approx(2.5 / 3)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: metrics.accuracy([0, 1], [0]), "2 labels"),
        (lambda: metrics.accuracy([], []), "at least one"),
        (lambda: metrics.recall([0, 1.0], [0, 1]), "class indices"),
        (lambda: metrics.precision([0, 1], [0, 1], average="micro"), "average"),
        (lambda: metrics.roc_auc([1, 1], [0.2, 0.3]), "both positive"),
        (lambda: metrics.roc_auc([0, 1], [0.2, float("nan")]), "finite"),
        (lambda: metrics.confusion_matrix([0, 3], [0, 1], num_classes=2), "out of range"),
    ],
)
def test_bad_input_names_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()
