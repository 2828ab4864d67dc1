"""Minimal-effort backpropagation (DASC7606): only the top-k entries of δ = ∂L/∂z go back through
each layer, so only k rows of its weight matrix are updated for a sample."""

import math

import pytest

import nn
from nn import meprop
from nn.data import Standardiser, load_iris, stratified_split

XS = [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]
LABELS = [2, 0]


def _model(seed=0, activation="tanh"):
    return nn.MLP(3, [6, 5, 3], activation=activation, init="xavier", seed=seed)


def test_top_k_keeps_the_largest_magnitudes():
    assert meprop.top_k([0.1, -0.9, 0.4, 0.05], 2) == [0.0, -0.9, 0.4, 0.0]
    assert meprop.top_k([0.3, -0.3, 0.1], 1) == [0.3, 0.0, 0.0]  # a tie: the first stays
    assert meprop.top_k([1.0, 2.0], 5) == [1.0, 2.0]


def test_with_every_entry_kept_it_is_backpropagation():
    plain, cut = _model(), _model()
    nn.losses.softmax_cross_entropy(plain.forward_batch(XS), LABELS).backward()
    outputs, cuts = meprop.forward(cut, XS)
    meprop.backward(nn.losses.softmax_cross_entropy(outputs, LABELS), cuts, k=None)
    assert [p.grad for p in cut.parameters()] == pytest.approx(
        [p.grad for p in plain.parameters()], rel=1e-12
    )


def test_only_k_rows_of_each_weight_matrix_get_a_gradient():
    model = _model()
    outputs, cuts = meprop.forward(model, XS[:1])
    meprop.backward(nn.losses.softmax_cross_entropy(outputs, LABELS[:1]), cuts, k=2)
    for layer in model.layers:
        rows = [n for n in layer.neurons if any(w.grad != 0.0 for w in n.w)]
        assert len(rows) == 2


def test_the_gradient_is_delta_tilde_times_x_transposed():
    # one hidden layer: δ̃₂ = top_k(p - y), δ₁ = g'(z₁) ⊙ W₂ᵀ δ̃₂, ∂L/∂W₁ = top_k(δ₁) xᵀ
    model = nn.MLP(3, [5, 3], activation="tanh", init="xavier", seed=1)
    x, label, k = XS[0], LABELS[0], 2
    outputs, cuts = meprop.forward(model, [x])
    meprop.backward(nn.losses.softmax_cross_entropy(outputs, [label]), cuts, k)

    hidden, out = model.layers
    z1 = [sum(w.data * xi for w, xi in zip(n.w, x)) + n.b.data for n in hidden.neurons]
    h1 = [math.tanh(z) for z in z1]
    z2 = [sum(w.data * hi for w, hi in zip(n.w, h1)) + n.b.data for n in out.neurons]
    p = nn.losses.softmax(z2)
    delta2 = meprop.top_k([pj.data - (j == label) for j, pj in enumerate(p)], k)
    back = [sum(out.neurons[j].w[i].data * delta2[j] for j in range(3)) for i in range(5)]
    delta1 = meprop.top_k([(1 - h * h) * b for h, b in zip(h1, back)], k)
    for i, n in enumerate(hidden.neurons):
        assert [w.grad for w in n.w] == pytest.approx([delta1[i] * xi for xi in x], abs=1e-15)
        assert n.b.grad == pytest.approx(delta1[i], abs=1e-15)
    for j, n in enumerate(out.neurons):
        assert [w.grad for w in n.w] == pytest.approx([delta2[j] * h for h in h1], abs=1e-15)


def test_training_with_a_few_rows_per_step_still_learns_iris():
    train, _, test = stratified_split(load_iris(), seed=0)
    scale = Standardiser.fit(train.features)
    train, test = scale.apply(train), scale.apply(test)
    model = nn.MLP(4, [16, 3], activation="relu", init="he", seed=0)
    history = meprop.train(
        model,
        nn.losses.softmax_cross_entropy,
        nn.optim.SGD(model.parameters(), lr=0.05),
        train,
        test,
        k=2,
        epochs=4,
    )
    last = history[-1]
    assert last.test_accuracy >= 0.9
    assert last.weights_touched <= (2 * 4 + 2 * 16) / (16 * 4 + 3 * 16)  # at most k rows per layer


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"meprop\.backward: k must be a positive int, got 0"):
        outputs, cuts = meprop.forward(_model(), XS)
        meprop.backward(nn.losses.softmax_cross_entropy(outputs, LABELS), cuts, k=0)
    with pytest.raises(ValueError, match="dropout"):
        meprop.forward(nn.MLP(3, [4, 2], dropout=0.5), XS)
    with pytest.raises(ValueError, match="maxout"):
        meprop.forward(nn.MLP(3, [4, 2], activation="maxout"), XS)
    with pytest.raises(TypeError, match=r"expects an nn\.MLP"):
        meprop.forward(nn.Layer(3, 2), XS)


def test_the_report_compares_full_backpropagation_with_top_k():
    table = meprop.report(datasets=("iris",), ks=(None, 2)).splitlines()
    assert table[0].startswith("| data set | backward pass | test accuracy |")
    full, top2 = (row.split("|") for row in table[2:])
    assert full[2].strip() == "full backpropagation" and top2[2].strip() == "meProp, top 2 of 64"
    assert float(top2[4].strip(" %")) < float(full[4].strip(" %"))  # fewer weights touched
