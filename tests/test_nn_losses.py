"""The lectures' losses: worked values and the closed-form gradients the lectures derive."""

import math

import pytest

from autograd import Value
from nn import losses


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize("alpha, beta", [(1.0, 1.0), (10.0, 1.0), (0.5, 2.0), (3.0, 0.25)])
def test_tutorial_8_worked_value(alpha, beta):
    # Y = [0, 1], Ŷ = [0.2, 0.9]:  E = -(1/2){β·log 0.8 + α·log 0.9}
    E = losses.weighted_binary_cross_entropy([Value(0.2), Value(0.9)], [0, 1], alpha, beta)
    assert E.data == pytest.approx(-(beta * math.log(0.8) + alpha * math.log(0.9)) / 2, rel=1e-15)


@pytest.mark.parametrize("alpha, beta", [(1.0, 1.0), (10.0, 1.0), (0.5, 2.0)])
def test_tutorial_8_gradient_wrt_predictions(alpha, beta):
    # dE/dŷᵢ = (1/n)·[-α·yᵢ/ŷᵢ + β·(1-yᵢ)/(1-ŷᵢ)], the 1/n from the loss
    Y, preds = [0, 1, 1], [Value(0.2), Value(0.9), Value(0.35)]
    losses.weighted_binary_cross_entropy(preds, Y, alpha, beta).backward()
    for p, y in zip(preds, Y):
        closed_form = (-alpha * y / p.data + beta * (1 - y) / (1 - p.data)) / len(Y)
        assert p.grad == pytest.approx(closed_form, rel=1e-15)


def test_sigmoid_then_bce_gives_prediction_minus_target_over_n():
    # dE/df = (ŷ - y)/n, α = β = 1
    Y, fs = [1, 0, 1, 0], [Value(0.3), Value(-1.2), Value(2.5), Value(0.7)]
    preds = [f.sigmoid() for f in fs]
    losses.binary_cross_entropy(preds, Y).backward()
    for f, p, y in zip(fs, preds, Y):
        assert f.grad == pytest.approx((p.data - y) / len(Y), rel=1e-13)


def test_a_saturated_probability_points_to_bce_with_logits_and_eps():
    for pred, target in [(0.0, 1), (1.0, 0), (1.0, 1)]:
        with pytest.raises(ValueError, match=r"exactly .*use nn\.losses\.bce_with_logits .* pass eps"):
            losses.binary_cross_entropy([Value(pred)], [target])
    # eps clamps ŷ = 1 to 1 - eps: a finite loss, and no gradient through the clamp
    p = Value(1.0)
    E = losses.binary_cross_entropy([p], [0], eps=1e-7)
    E.backward()
    assert E.data == pytest.approx(-math.log(1e-7), rel=1e-9)
    assert p.grad == 0.0
    with pytest.raises(ValueError, match=r"preds\[0\] = 1.5 is not a probability"):
        losses.binary_cross_entropy([Value(1.5)], [1])


def test_bce_targets_must_be_probabilities():
    with pytest.raises(ValueError, match=r"targets\[1\] must be 0 or 1, or a probability in between, got 2"):
        losses.binary_cross_entropy([Value(0.5), Value(0.5)], [1, 2])
    with pytest.raises(ValueError, match=r"targets\[0\] must be 0 or 1, or a probability in between, got -1"):
        losses.bce_with_logits([Value(0.5)], [-1])


@pytest.mark.parametrize("alpha, beta", [(1.0, 1.0), (10.0, 1.0), (0.5, 2.0)])
def test_bce_with_logits_is_one_node_equal_to_the_composed_loss(alpha, beta):
    Y, zs = [1, 0, 1], [0.4, -2.0, 3.1]
    logits = [Value(z) for z in zs]
    E = losses.bce_with_logits(logits, Y, alpha, beta)
    E.backward()
    assert E.op == "bce_with_logits" and E.inputs == tuple(logits)
    composed = [Value(z) for z in zs]
    reference = losses.weighted_binary_cross_entropy([z.sigmoid() for z in composed], Y, alpha, beta)
    reference.backward()
    assert E.data == pytest.approx(reference.data, rel=1e-14)
    for z, ref, y in zip(logits, composed, Y):
        s = sigmoid(z.data)
        # dE/dz = (1/n)[β(1-y)σ(z) - αy(1-σ(z))]
        assert z.grad == pytest.approx((beta * (1 - y) * s - alpha * y * (1 - s)) / len(Y), rel=1e-14)
        assert z.grad == pytest.approx(ref.grad, rel=1e-13)


def test_bce_with_logits_is_finite_where_the_sigmoid_saturates():
    # σ(800) rounds to 1.0; the loss for target 0 is softplus(800) = 800 (+ e^-800)
    z = Value(800.0)
    E = losses.bce_with_logits([z, Value(-800.0)], [0, 1])
    E.backward()
    assert E.data == 800.0
    assert z.grad == 0.5


def test_softmax_is_stable_and_sums_to_one():
    probs = losses.softmax([Value(1000.0), Value(1000.0), Value(999.0)])
    e = math.exp(-1)
    assert [p.data for p in probs] == pytest.approx([1 / (2 + e), 1 / (2 + e), e / (2 + e)], rel=1e-15)
    assert math.fsum(p.data for p in probs) == pytest.approx(1.0, abs=1e-15)


def test_cross_entropy_on_probabilities():
    # J = -log p_c = -log 0.7
    probs = [Value(0.2), Value(0.7), Value(0.1)]
    J = losses.cross_entropy_from_probs(probs, 1)
    J.backward()
    assert J.data == -math.log(0.7)
    assert [p.grad for p in probs] == [0.0, pytest.approx(-1 / 0.7), 0.0]
    assert losses.cross_entropy_from_probs([Value(0.2), Value(0.7), Value(0.1)], [0, 1, 0]).data == J.data


def test_softmax_cross_entropy_gradient_is_p_minus_y():
    zs = [0.3, -1.2, 2.0, 0.5]
    logits = [Value(z) for z in zs]
    J = losses.softmax_cross_entropy(logits, 2)
    J.backward()
    assert J.op == "softmax_cross_entropy" and J.inputs == tuple(logits)  # ONE node
    total = math.fsum(math.exp(z) for z in zs)
    p = [math.exp(z) / total for z in zs]
    y = [0, 0, 1, 0]
    assert J.data == pytest.approx(-math.log(p[2]), rel=1e-15)
    assert [v.grad for v in logits] == pytest.approx([pj - yj for pj, yj in zip(p, y)], abs=1e-15)
    # the same as the composed graph softmax -> cross_entropy, to 1e-12
    composed = [Value(z) for z in zs]
    reference = losses.cross_entropy_from_probs(losses.softmax(composed), [0, 0, 1, 0])
    reference.backward()
    assert J.data == pytest.approx(reference.data, abs=1e-12)
    assert [v.grad for v in logits] == pytest.approx([v.grad for v in composed], abs=1e-12)


def test_softmax_cross_entropy_batch_is_the_mean_with_gradient_over_m():
    rows = [[1.0, 2.0, 0.5], [-0.3, 0.0, 4.0]]
    targets = [1, [1, 0, 0]]
    logits = [[Value(z) for z in row] for row in rows]
    J = losses.softmax_cross_entropy(logits, targets)
    J.backward()
    assert len(J.inputs) == 6
    singles = [losses.softmax_cross_entropy([Value(z) for z in row], t) for row, t in zip(rows, targets)]
    assert J.data == pytest.approx((singles[0].data + singles[1].data) / 2, rel=1e-15)
    for row, values, t in zip(rows, logits, [1, 0]):
        total = math.fsum(math.exp(z) for z in row)
        for j, (z, v) in enumerate(zip(row, values)):
            assert v.grad == pytest.approx((math.exp(z) / total - (j == t)) / 2, abs=1e-15)


def test_class_targets_are_checked():
    with pytest.raises(ValueError, match="class index 3 is out of range for 3 classes"):
        losses.softmax_cross_entropy([Value(0.0)] * 3, 3)
    with pytest.raises(ValueError, match="class index -1 is out of range"):
        losses.cross_entropy_from_probs([Value(0.5), Value(0.5)], -1)
    with pytest.raises(ValueError, match="one-hot target needs 3 entries, got 2"):
        losses.softmax_cross_entropy([Value(0.0)] * 3, [0, 1])
    with pytest.raises(ValueError, match="a batch of 2 rows needs a list of 2 targets, got 1"):
        losses.softmax_cross_entropy([[Value(0.0)] * 3] * 2, [0])
    with pytest.raises(ValueError, match="row 1 has 2"):
        losses.softmax_cross_entropy([[Value(0.0)] * 3, [Value(0.0)] * 2], [0, 1])


def test_mse():
    # E = ((1.5 - 1)² + (0 - 2)²)/2 = (0.25 + 4)/2;  dE/dŷ = 2(ŷ - y)/n = [0.5, -2]
    preds = [Value(1.5), Value(0.0)]
    E = losses.mse(preds, [1.0, 2.0])
    E.backward()
    assert E.data == 2.125
    assert [p.grad for p in preds] == [0.5, -2.0]


def test_hinge():
    # max(0, 1 - 1·2) = 0, max(0, 1 + 0.5) = 1.5, max(0, 1 - 0.5) = 0.5: E = 2/3
    scores = [Value(2.0), Value(0.5), Value(0.5)]
    E = losses.hinge(scores, [1, -1, 1])
    E.backward()
    assert E.data == pytest.approx(2 / 3, rel=1e-15)
    assert [s.grad for s in scores] == pytest.approx([0.0, 1 / 3, -1 / 3], rel=1e-15)
    with pytest.raises(ValueError, match=r"targets\[0\] must be -1 or 1, got 0"):
        losses.hinge([Value(1.0)], [0])


def test_l1_and_l2_penalties():
    ws = [Value(-2.0), Value(0.5), Value(0.0)]
    l1 = losses.l1_penalty(ws)
    l1.backward()
    assert l1.data == 2.5 and [w.grad for w in ws] == [-1.0, 1.0, 0.0]
    for w in ws:
        w.grad = 0.0
    l2 = losses.l2_penalty(ws)
    l2.backward()
    assert l2.data == 4.25 and [w.grad for w in ws] == [-4.0, 1.0, 0.0]


def test_lists_are_required_and_lengths_must_match():
    with pytest.raises(TypeError, match=r"mse: preds must be a list .* got Value"):
        losses.mse(Value(1.0), [1.0])
    with pytest.raises(TypeError, match="targets must be a list"):
        losses.binary_cross_entropy([Value(0.5)], 1)
    with pytest.raises(ValueError, match="got 2 preds but 1 targets"):
        losses.mse([Value(1.0), Value(2.0)], [1.0])
    with pytest.raises(ValueError, match="needs at least one sample"):
        losses.mse([], [])


def test_cross_entropy_takes_logits_as_in_pytorch():
    # F.cross_entropy's habit: logits in, softmax applied inside
    zs = [0.3, -1.2, 2.0]
    J = losses.cross_entropy([Value(z) for z in zs], 2)
    assert J.data == losses.softmax_cross_entropy([Value(z) for z in zs], 2).data
    assert J.data == pytest.approx(-math.log(math.exp(2.0) / math.fsum(math.exp(z) for z in zs)), rel=1e-15)


def test_logits_where_probabilities_are_expected_are_refused():
    with pytest.raises(
        ValueError, match=r"\[0\.3, -1\.2, 2\] is not a row of probabilities.*nn\.losses\.cross_entropy"
    ):
        losses.cross_entropy_from_probs([Value(0.3), Value(-1.2), Value(2.0)], 2)
    with pytest.raises(ValueError, match="summing to 1"):
        losses.cross_entropy_from_probs([Value(0.3), Value(0.3)], 0)
    with pytest.raises(ValueError, match=r"preds\[0\] = 2\.5 is not a probability.*bce_with_logits"):
        losses.binary_cross_entropy([Value(2.5)], [1])


def test_reduction_sum_and_none():
    preds = [Value(1.5), Value(0.0)]
    assert losses.mse(preds, [1.0, 2.0], reduction="sum").data == 4.25
    each = losses.mse(preds, [1.0, 2.0], reduction="none")
    assert [e.data for e in each] == [0.25, 4.0]
    rows = [[Value(1.0), Value(2.0)], [Value(0.0), Value(0.0)]]
    per_row = losses.cross_entropy(rows, [1, 0], reduction="none")
    mean = losses.cross_entropy(rows, [1, 0])
    assert mean.data == pytest.approx(math.fsum(r.data for r in per_row) / 2, rel=1e-15)
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum', 'none', got 'avg'"):
        losses.hinge([Value(1.0)], [1], reduction="avg")


def test_label_smoothing_moves_the_target_towards_uniform():
    # k = 2, ε = 0.2: the target (0, 1) becomes (0.1, 0.9)
    z = [Value(0.5), Value(-0.5)]
    smoothed = losses.cross_entropy(z, 1, label_smoothing=0.2)
    soft = losses.cross_entropy([Value(0.5), Value(-0.5)], [0.1, 0.9])
    assert smoothed.data == pytest.approx(soft.data, rel=1e-15)


def test_ignore_index_rows_add_nothing():
    rows = [[Value(1.0), Value(2.0)], [Value(5.0), Value(-5.0)]]
    J = losses.cross_entropy(rows, [1, -100])
    J.backward()
    assert J.data == pytest.approx(losses.cross_entropy([1.0, 2.0], 1).data, rel=1e-15)
    assert [v.grad for v in rows[1]] == [0.0, 0.0]
    with pytest.raises(ValueError, match="every target is ignore_index"):
        losses.cross_entropy(rows, [-100, -100])


def test_class_weights_and_pos_weight_are_checked():
    with pytest.raises(ValueError, match="weight must be a list of 2 class weights"):
        losses.cross_entropy([1.0, 2.0], 0, weight=[1.0])
    with pytest.raises(ValueError, match=r"weight\[1\] must be a finite number >= 0"):
        losses.cross_entropy([1.0, 2.0], 0, weight=[1.0, -1.0])
    with pytest.raises(ValueError, match="pos_weight must be a number or a list of 2"):
        losses.bce_with_logits([[0.0, 1.0]], [[0, 1]], pos_weight=[1.0, 2.0, 3.0])


def test_soft_bce_targets_take_both_logs():
    # y = 0.25: E = -(0.25·log 0.6 + 0.75·log 0.4)
    E = losses.binary_cross_entropy([Value(0.6)], [0.25])
    assert E.data == pytest.approx(-(0.25 * math.log(0.6) + 0.75 * math.log(0.4)), rel=1e-15)
