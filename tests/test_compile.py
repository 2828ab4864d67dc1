"""autograd.compile: the traced program gives the engine's values and gradients, for one sample
and for a batch, and refuses a function whose graph depends on the values of its inputs."""

import numpy as np
import pytest

import autograd
import nn
from autograd import TABLE, DataDependenceError, Value
from autograd.compiled import arrays


def engine_gradients(f, samples, params):
    """The mean of f over the samples and dL/dp for each parameter, by the scalar engine."""
    for p in params:
        p.grad = 0.0
    loss = autograd.sum([f(*sample) for sample in samples]) / len(samples)
    loss.backward()
    return loss.data, np.array([p.grad for p in params])


def compiled_gradients(compiled, batch, params):
    for p in params:
        p.grad = 0.0
    values = compiled(*batch)
    return values, np.array([p.grad for p in params])


def normwise(got, expected):
    """The largest difference over the largest entry (0 when both are 0)."""
    scale = np.abs(expected).max()
    return np.abs(got - expected).max() / scale if scale else np.abs(got - expected).max()


# --- the lecture's chain rule, compiled ---------------------------------------------------


def test_chain_rule_three_on_one_sample():
    # lecture 03: c = 2a + a², dc/da = 2 + 2a; here a is a leaf f closes over, x the sample
    a = Value(1.0, label="a", role="parameter")
    compiled = autograd.compile(lambda x: 2 * a * x + a**2, 1.0)
    assert compiled(1.0) == 3.0
    assert a.grad == 4.0
    compiled(3.0)  # dc/da = 2x + 2a = 8 added to the 4 already there, as backward() adds
    assert a.grad == 12.0


def test_a_batch_adds_the_gradient_of_the_mean_or_the_sum():
    w = Value(0.5, label="w", role="parameter")
    compiled = autograd.compile(lambda x: (w * x).tanh(), 0.1)
    xs = np.array([0.1, -2.0, 3.0])
    values = compiled(xs)
    assert values == pytest.approx(np.tanh(0.5 * xs), rel=1e-15)
    assert w.grad == pytest.approx(np.mean(xs * (1 - np.tanh(0.5 * xs) ** 2)), rel=1e-14)
    w.grad = 0.0
    compiled(xs, reduction="sum")
    assert w.grad == pytest.approx(np.sum(xs * (1 - np.tanh(0.5 * xs) ** 2)), rel=1e-14)
    with pytest.raises(ValueError, match="reduction must be one of"):
        compiled(xs, reduction="max")


def test_every_primitive_of_the_table_has_an_array_form():
    # a primitive without one would still compile (called once per sample), only slowly
    assert {entry.primitive for entry in TABLE.values()} <= set(arrays.ARRAY_FORMS)


def points_inside(entry, params, position):
    """Three inputs for input ``position`` of the op, inside its domain and away from its kinks."""
    domain = entry.domain(**params) if callable(entry.domain) else entry.domain
    if isinstance(domain, tuple):
        domain = domain[position]
    candidates = [*np.linspace(-2.9, 2.9, 59), *(domain.lo + 0.1 * k for k in range(1, 30) if domain.lo > -3)]
    inside = [x for x in candidates if domain.admits(x, 0.05)]
    return np.array([inside[0], inside[len(inside) // 2], inside[-1]])


@pytest.mark.parametrize("op", sorted(TABLE))
def test_each_array_form_gives_the_primitives_numbers(op):
    entry = TABLE[op]
    params = {name: (lo + hi) / 2 for name, (lo, hi) in entry.params.items()}
    if entry.arity is None:
        X = np.array([[0.3, -1.2, 2.0, 0.7, 0.5], [1.5, 0.2, -0.4, 0.9, -0.6]])
        X = X if op == "affine" else X[:, :4]  # x₁, x₂, w₁, w₂ and b
        out, local = arrays.ARRAY_FORMS[entry.primitive].form(X, **params)
        for i, row in enumerate(X):
            expected, expected_local = entry.primitive(*row.tolist(), **params)
            assert out[i] == pytest.approx(expected, rel=1e-14)
            assert np.broadcast_to(local, X.shape)[i] == pytest.approx(expected_local, rel=1e-14)
        return
    xs = [points_inside(entry, params, k) for k in range(entry.arity)]
    out, local = arrays.ARRAY_FORMS[entry.primitive].form(*xs, **params)
    for i in range(3):
        expected, expected_local = entry.primitive(*[float(x[i]) for x in xs], **params)
        assert out[i] == pytest.approx(expected, rel=1e-12, abs=1e-300)
        got = [float(np.broadcast_to(g, (3,))[i]) for g in local]
        assert got == pytest.approx(list(expected_local), rel=1e-12, abs=1e-300)


# --- the programs -----------------------------------------------------------------------------


def small_net():
    model = nn.MLP(3, [4, 2], activation="tanh", seed=3)

    def f(x, y):
        return nn.losses.softmax_cross_entropy(model(x), y)

    return model, f


def test_the_scalar_program_is_one_line_per_node_and_one_per_edge():
    a, b = Value(2.0, label="a", role="parameter"), Value(-3.0, label="b", role="parameter")
    source = autograd.compile(lambda x: (a * x + b).relu(), 1.0).source
    lines = [line.strip() for line in source.splitlines()]
    for node in [
        "a_0 = theta[0]",
        "x = inputs[:, 0]",
        "v1, (dv1_da_0, dv1_dx,) = mul(a_0, x)",
        "v2, (dv2_dv1, dv2_db_1,) = add(v1, b_1)",
        "v3, (dv3_dv2,) = relu(v2)",
    ]:
        assert node in lines
    # every edge but the one into the input x, outputs before inputs; the first contribution
    # to a node starts its sum
    backward = lines[lines.index("dL_dv3 = seed") + 1 :][:4]
    assert backward == [
        "dL_dv2 = dL_dv3 * dv3_dv2",
        "dL_dv1 = dL_dv2 * dv2_dv1",
        "dL_db_1 = dL_dv2 * dv2_db_1",
        "dL_da_0 = dL_dv1 * dv1_da_0",
    ]


def test_the_matrix_program_writes_each_layer_as_the_lecture_does():
    _, f = small_net()
    source = autograd.compile(f, [0.1, 0.2, 0.3], 1).matrix_source
    assert "H1 = np.matmul(X1, W1.T, out=buffer('H1', (len(X1), 4)))  # H = X @ W.T + b:" in source
    assert "H1 += b1  # (B, 4) = (B, 3) @ (3, 4) + (4,)" in source
    assert "dW = dHᵀ·X" in source and "db = 1ᵀ·dH" in source and "dX = dH·W" in source
    assert "fused_softmax_cross_entropy(H3" in source  # the loss takes the logits as one array


def test_matrix_and_scalar_programs_give_the_same_numbers():
    _, f = small_net()
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, size=7)
    compiled = autograd.compile(f, X[0].tolist(), int(y[0]))
    theta = compiled.theta()
    values, grad, _ = compiled.evaluate(theta, X, y)
    ref_values, ref_grad, _ = compiled.reference(theta, X, y)
    assert normwise(values, ref_values) < 1e-14
    assert normwise(grad, ref_grad) < 1e-14


def test_every_gradient_has_the_shape_of_its_variable():
    model = nn.MLP(5, [6, 4, 3], seed=1)
    compiled = autograd.compile(lambda x, y: nn.losses.softmax_cross_entropy(model(x), y), [0.0] * 5, 2)
    made = compiled.arrays(np.ones((9, 5)), np.full(9, 2))
    blocks = [name for name in made if name[0] in "HA" and name[1:].isdigit()]
    assert blocks == ["H1", "A2", "H3", "A4", "H5"]
    for name in blocks:
        assert made[f"d{name}"].shape == made[name].shape == (9, int(made[name].shape[1]))
        if name[0] == "H":  # [dW | db] has the shape of [W | b]
            assert made[f"g{name}"].shape == made[f"Wb{name[1:]}"].shape


def test_a_layer_that_reads_its_weights_transposed_matches_the_engine():
    # a tied autoencoder: h = tanh(Wx + b), x̂ = Wᵀh + c; the second layer's weights are W's
    # columns, which are not one block of theta: the program gathers them and scatters dW back
    rng = np.random.default_rng(2)
    W = [[Value(rng.normal(), role="parameter") for _ in range(4)] for _ in range(3)]
    b = [Value(0.1, role="parameter") for _ in range(3)]
    c = [Value(-0.1, role="parameter") for _ in range(4)]
    params = [w for row in W for w in row] + b + c
    transposed = [list(column) for column in zip(*W)]

    def reconstruction_error(x):
        h = [z.tanh() for z in autograd.linear([x], W, b)[0]]
        x_hat = autograd.linear([h], transposed, c)[0]
        return autograd.sum([(u - v) ** 2 for u, v in zip(x_hat, x)])

    X = rng.normal(size=(6, 4))
    compiled = autograd.compile(reconstruction_error, X[0].tolist())
    assert "bincount" in compiled.matrix_source  # the gathered layer's dW goes back by position
    expected_loss, expected = engine_gradients(reconstruction_error, [(x.tolist(),) for x in X], params)
    values, got = compiled_gradients(compiled, (X,), params)
    assert values.mean() == pytest.approx(expected_loss, rel=1e-13)
    assert normwise(got, expected) < 1e-12


def test_a_label_gets_its_own_trace_and_the_batch_matches_the_engine():
    model = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0)

    def f(x, y):  # binary cross-entropy takes log ŷ for y = 1 and log(1 - ŷ) for y = 0
        return nn.losses.binary_cross_entropy([model(x)], [y])

    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 2)), np.array([0, 1] * 5)
    compiled = autograd.compile(f, X[0].tolist(), int(y[0]))
    expected_loss, expected = engine_gradients(
        f, [(x.tolist(), int(t)) for x, t in zip(X, y)], model.parameters()
    )
    values, got = compiled_gradients(compiled, (X, y), model.parameters())
    assert values.mean() == pytest.approx(expected_loss, rel=1e-13)
    assert normwise(got, expected) < 1e-12


def test_f_may_return_its_outputs_beside_the_loss():
    model = nn.MLP(2, [3, 2], seed=0)

    def f(x, y):
        out = model(x)
        return nn.losses.softmax_cross_entropy(out, y), out

    compiled = autograd.compile(f, [0.5, 0.5], 0)
    _, outputs = compiled(np.array([[0.5, 0.5], [1.0, -1.0]]), np.array([0, 1]))
    assert outputs.shape == (2, 2)
    assert outputs[1].tolist() == pytest.approx([v.data for v in model([1.0, -1.0])], rel=1e-14)


# --- never silently wrong ---------------------------------------------------------------------


def test_reading_an_input_value_is_refused_while_tracing():
    w = Value(1.0, role="parameter")

    def f(x):
        return w * x if x.data > 0 else w * x * 0.01

    with pytest.raises(DataDependenceError, match=r"reads the value \(\.data\) of its input 'x'.*relu"):
        autograd.compile(f, 1.0)


def test_a_branch_on_an_intermediate_value_is_caught_on_a_second_sample():
    w = Value(2.0, role="parameter")

    def f(x):
        z = w * x
        return z if z.data > 0 else z * 0.01  # a leaky relu by hand: write z.leaky_relu(0.01)

    compiled = autograd.compile(f, 1.0)
    with pytest.raises(DataDependenceError, match="different graphs"):
        compiled(np.array([1.0, -1.0]))


def test_an_if_on_a_comparison_is_refused_and_a_comparison_as_a_mask_is_compiled():
    w = Value(2.0, role="parameter")

    def branch(x):
        z = w * x
        return z if z > 0 else z * 0.01  # the comparison is tested, then dropped

    with pytest.raises(DataDependenceError, match=r"comparison \('>'\).*mask"):
        autograd.compile(branch, 1.0)
    compiled = autograd.compile(lambda x: (w * x > 0) * (w * x), 1.0)  # relu as a mask
    assert compiled(np.array([1.0, -1.0])).tolist() == [2.0, 0.0]
    assert w.grad == 0.5  # the mean of 1 and 0


def test_a_constant_computed_from_a_value_is_caught_on_a_second_sample():
    w = Value(2.0, role="parameter")

    def f(x):
        z = w * x
        return z * z.data  # z.data is frozen into the graph as a number

    compiled = autograd.compile(f, 1.0)
    with pytest.raises(DataDependenceError, match=r"constant .* is 2\.0 for one sample and 6\.0"):
        compiled(np.array([1.0, 3.0]))


def test_dropout_masks_change_between_calls_and_are_refused():
    model = nn.MLP(4, [8, 1], seed=0, dropout=0.5)
    compiled = autograd.compile(lambda x: model(x), [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(DataDependenceError, match="dropout"):
        compiled(np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 1.0, 1.5, 2.0]]))


def test_an_input_out_of_an_ops_domain_raises_the_engines_error():
    compiled = autograd.compile(lambda x: x.log(), 1.0)
    with pytest.raises(ValueError, match=r"log: input must be > 0, got -2.0"):
        compiled(np.array([1.0, -2.0]))
    compiled = autograd.compile(lambda x: x.exp(), 1.0)
    with pytest.raises(OverflowError, match="exp"):
        compiled(np.array([1.0, 1000.0]))


@pytest.mark.filterwarnings("ignore:overflow encountered")  # numpy's word before the engine's error
def test_a_sum_beyond_the_largest_float_raises_as_the_engine_does():
    # two finite numbers, each below the largest float, whose sum is not
    with pytest.raises(OverflowError, match=r"\+"):
        Value(1e308) + Value(1e308)
    compiled = autograd.compile(lambda x, y: x + y, 1.0, 1.0)
    with pytest.raises(OverflowError, match=r"\+: the result for inputs \[1e\+308, 1e\+308\]"):
        compiled(np.array([1.0, 1e308]), np.array([2.0, 1e308]))


def test_a_gradient_that_is_not_finite_raises_and_changes_no_grad():
    w = Value(0.0, role="parameter")
    compiled = autograd.compile(lambda x: (w * x).sqrt(), 1.0)  # ∂√u/∂u = +inf at u = 0
    with pytest.raises(FloatingPointError, match=r"No \.grad was changed"):
        compiled(1.0)
    assert w.grad == 0.0


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((np.ones((2, 3)),), ValueError, r"should have shape \(2, 2\)"),
        ((np.array([[1.0, np.nan], [1.0, 1.0]]),), ValueError, "nan or inf"),
        ((np.ones((2, 2)), np.ones(2)), TypeError, "takes 1 arguments"),
    ],
)
def test_a_bad_batch_is_named(args, error, match):
    w = Value(1.0, role="parameter")
    compiled = autograd.compile(lambda x: w * x[0] + x[1], [1.0, 2.0])
    with pytest.raises(error, match=match):
        compiled(*args)


def test_f_must_return_a_value():
    with pytest.raises(TypeError, match="must return one scalar Value"):
        autograd.compile(lambda x: [x, x], 1.0)


# --- a batch prepared once -------------------------------------------------------------------


def test_a_prepared_batch_and_its_minibatches_give_what_the_arrays_give():
    model, f = small_net()
    params = model.parameters()
    compiled = autograd.compile(f, [0.1, 0.2, 0.3], 1)
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 3)), rng.integers(0, 2, 12)
    batch = compiled.batch(X, y)  # every label is traced here, once
    theta = compiled.theta()
    for rows in (slice(None), [0, 5, 7], np.arange(3, 9)):
        expected = compiled.evaluate(theta, X[rows], y[rows])
        got = compiled.evaluate(theta, batch[rows])
        assert all(np.array_equal(a, b) for a, b in zip(got, expected))
    values, grads = compiled_gradients(compiled, [batch[[2, 4]]], params)
    samples = [(X[2].tolist(), int(y[2])), (X[4].tolist(), int(y[4]))]
    expected_values, expected_grads = engine_gradients(f, samples, params)
    assert len(batch[[2, 4]]) == 2
    assert abs(values.mean() - expected_values) <= 1e-12 and normwise(grads, expected_grads) <= 1e-12


def test_a_batch_belongs_to_its_program_and_picks_at_least_one_sample():
    _, f = small_net()
    one = autograd.compile(f, [0.1, 0.2, 0.3], 1)
    other = autograd.compile(f, [0.1, 0.2, 0.3], 1)
    batch = one.batch(np.ones((3, 3)), np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="made by another compiled program"):
        other.evaluate(other.theta(), batch)
    with pytest.raises(IndexError, match="one or more samples"):
        batch[[]]
    with pytest.raises(IndexError, match="one or more samples"):
        batch[0]


# --- the Jacobian -----------------------------------------------------------------------------


def test_jacobian_is_m_rows_by_n_columns():
    # f: R² -> R³, J[i][k] = ∂fᵢ/∂xₖ
    J = autograd.jacobian(lambda a, b: [a * b, a + b, a**2], [2.0, 3.0])
    assert J.shape == (3, 2)
    assert J.tolist() == [[3.0, 2.0], [1.0, 1.0], [4.0, 0.0]]


def test_the_jacobian_of_a_linear_map_is_its_matrix():
    W = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    J = autograd.jacobian(lambda *x: [autograd.dot(row, x) for row in W], [0.1, 0.2, 0.3])
    assert J.tolist() == W
