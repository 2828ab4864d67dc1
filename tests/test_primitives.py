"""Every primitive's value and local derivative against its closed form, and what a node records."""

import math
import pickle

import pytest

import autograd
from autograd import PRIMITIVES, Value


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


SCALE, ALPHA = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717  # selu's λ and α


def phi(x):
    """The normal distribution function Φ(x)."""
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def gelu_tanh(x):
    return 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def gelu_tanh_derivative(x):
    c = math.sqrt(2 / math.pi)
    t = math.tanh(c * (x + 0.044715 * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)


def mish_derivative(x):
    t = math.tanh(math.log1p(math.exp(x)))
    return t + x * (1 - t * t) * sigmoid(x)


# (method, f(x), f'(x), points where both are checked)
UNARY = [
    ("exp", math.exp, math.exp, [-3.0, 0.0, 2.5]),
    ("log", math.log, lambda x: 1 / x, [0.1, 1.0, 7.0]),
    ("sqrt", math.sqrt, lambda x: 0.5 / math.sqrt(x), [0.25, 1.0, 9.0]),
    ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2, [-2.0, 0.0, 0.7]),
    ("sigmoid", sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), [-4.0, 0.0, 1.5]),
    ("relu", lambda x: max(0.0, x), lambda x: 1.0 if x > 0 else 0.0, [-2.0, 0.0, 3.0]),
    ("softplus", lambda x: math.log(1 + math.exp(x)), sigmoid, [-3.0, 0.0, 2.0]),
    ("step", lambda x: 1.0 if x >= 0 else 0.0, lambda x: 0.0, [-1.0, 0.0, 2.0]),
    ("arctan", math.atan, lambda x: 1 / (1 + x * x), [-2.0, 0.0, 0.5]),
    ("softsign", lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2, [-3.0, 0.0, 2.0]),
    (
        "relu6",
        lambda x: min(max(0.0, x), 6.0),
        lambda x: 1.0 if 0 < x < 6 else 0.0,
        [-1.0, 0.0, 3.0, 6.0, 8.0],
    ),
    ("sin", math.sin, math.cos, [-1.0, 0.0, 2.0]),
    ("cos", math.cos, lambda x: -math.sin(x), [-1.0, 0.0, 2.0]),
    (
        "selu",
        lambda x: SCALE * (x if x > 0 else ALPHA * (math.exp(x) - 1)),
        lambda x: SCALE * (1.0 if x > 0 else ALPHA * math.exp(x)),
        [-2.0, 0.0, 1.5],
    ),
    (
        "silu",
        lambda x: x * sigmoid(x),
        lambda x: sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)),
        [-3.0, 0.0, 2.0],
    ),
    (
        "gelu",
        lambda x: x * phi(x),
        lambda x: phi(x) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi),
        [-2.0, 0.0, 1.0],
    ),
    ("gelu_tanh", gelu_tanh, gelu_tanh_derivative, [-2.0, 0.0, 1.0]),
    ("mish", lambda x: x * math.tanh(math.log1p(math.exp(x))), mish_derivative, [-2.0, 0.0, 1.5]),
    (
        "hardswish",
        lambda x: x * min(max(x + 3, 0), 6) / 6,
        lambda x: 0.0 if x < -3 else 1.0 if x > 3 else (2 * x + 3) / 6,
        [-4.0, -3.0, 0.5, 3.0, 5.0],
    ),
    (
        "hardsigmoid",
        lambda x: min(max(x + 3, 0), 6) / 6,
        lambda x: 1 / 6 if -3 < x < 3 else 0.0,
        [-4.0, -3.0, 0.5, 3.0, 5.0],
    ),
    (
        "hardtanh",
        lambda x: min(max(x, -1), 1),
        lambda x: 1.0 if -1 < x < 1 else 0.0,
        [-2.0, -1.0, 0.3, 1.0, 2.0],
    ),
    ("logsigmoid", lambda x: math.log(sigmoid(x)), lambda x: 1 - sigmoid(x), [-3.0, 0.0, 2.0]),
    ("tan", math.tan, lambda x: 1 / math.cos(x) ** 2, [-1.0, 0.0, 0.5]),
    ("sinh", math.sinh, math.cosh, [-2.0, 0.0, 1.0]),
    ("cosh", math.cosh, math.sinh, [-2.0, 0.0, 1.0]),
    ("asin", math.asin, lambda x: 1 / math.sqrt(1 - x * x), [-0.5, 0.0, 0.9]),
    ("acos", math.acos, lambda x: -1 / math.sqrt(1 - x * x), [-0.5, 0.0, 0.9]),
    ("asinh", math.asinh, lambda x: 1 / math.sqrt(1 + x * x), [-2.0, 0.0, 3.0]),
    ("acosh", math.acosh, lambda x: 1 / math.sqrt(x * x - 1), [1.5, 2.0, 10.0]),
    ("atanh", math.atanh, lambda x: 1 / (1 - x * x), [-0.5, 0.0, 0.9]),
    ("log2", math.log2, lambda x: 1 / (x * math.log(2)), [0.5, 1.0, 8.0]),
    ("log10", math.log10, lambda x: 1 / (x * math.log(10)), [0.5, 1.0, 100.0]),
    ("log1p", math.log1p, lambda x: 1 / (1 + x), [-0.5, 0.0, 3.0]),
    ("expm1", math.expm1, math.exp, [-2.0, 0.0, 1.0]),
    ("sign", lambda x: (x > 0) - (x < 0), lambda x: 0.0, [-2.0, 0.0, 3.0]),
    ("erf", math.erf, lambda x: 2 / math.sqrt(math.pi) * math.exp(-x * x), [-1.0, 0.0, 0.5]),
    ("__neg__", lambda x: -x, lambda x: -1.0, [-2.0, 3.0]),
    ("__abs__", abs, lambda x: math.copysign(1.0, x) if x else 0.0, [-2.0, 0.0, 3.0]),
]


@pytest.mark.parametrize("name, f, df, points", UNARY, ids=[u[0] for u in UNARY])
def test_unary_value_and_derivative(name, f, df, points):
    for x in points:
        v = Value(x)
        out = getattr(v, name)()
        out.backward()
        assert out.data == pytest.approx(f(x), rel=1e-12, abs=1e-15)
        assert v.grad == pytest.approx(df(x), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("x, slope", [(-2.0, 0.01), (-2.0, 0.2), (0.0, 0.1), (3.0, 0.1)])
def test_leaky_relu(x, slope):
    v = Value(x)
    out = v.leaky_relu(slope)
    out.backward()
    assert out.data == (x if x > 0 else slope * x)
    assert v.grad == (1.0 if x > 0 else slope)
    assert out.op == f"leaky_relu({slope:g})"


def test_leaky_relu_default_slope_is_one_hundredth():
    assert Value(-5.0).leaky_relu().data == pytest.approx(-0.05)


@pytest.mark.parametrize("x, alpha", [(-1.5, 1.0), (-1.5, 0.5), (0.0, 2.0), (2.0, 1.0)])
def test_elu(x, alpha):
    v = Value(x)
    out = v.elu(alpha)
    out.backward()
    assert out.data == pytest.approx(x if x > 0 else alpha * (math.exp(x) - 1))
    assert v.grad == pytest.approx(1.0 if x > 0 else alpha * math.exp(x))


BINARY = [
    ("+", lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    ("-", lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    ("*", lambda a, b: a * b, lambda a, b: (b, a)),
    ("/", lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2)),
    ("**", lambda a, b: a**b, lambda a, b: (b * a ** (b - 1), a**b * math.log(a))),
]


@pytest.mark.parametrize("op, f, df", BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize("a, b", [(1.5, 2.0), (3.0, -0.5), (0.2, 4.0)])
def test_binary_value_and_derivatives(op, f, df, a, b):
    x, y = Value(a), Value(b)
    out = {"+": x + y, "-": x - y, "*": x * y, "/": x / y, "**": x**y}[op]
    out.backward()
    assert out.op == op
    assert out.data == pytest.approx(f(a, b), rel=1e-12)
    assert (x.grad, y.grad) == pytest.approx(df(a, b), rel=1e-12)


def test_plain_numbers_on_either_side_become_constant_leaves():
    x = Value(3.0)
    cases = [
        (x + 2, 5.0),
        (2 + x, 5.0),
        (x - 2, 1.0),
        (2 - x, -1.0),
        (x * 2, 6.0),
        (2 * x, 6.0),
        (x / 2, 1.5),
        (6 / x, 2.0),
        (2**x, 8.0),
    ]
    for out, expected in cases:
        assert out.data == expected
        (constant,) = [v for v in out.inputs if v is not x]
        assert constant.role == "constant" and constant.op == ""


def test_a_leaf_has_a_role_and_an_output_has_an_op_also_when_pickled():
    w, x = Value(0.5, role="parameter"), Value(2.0)
    z = w * x + 1
    with autograd.no_grad():
        frozen = w * x  # made without recording: a constant leaf
    constant = z.inputs[1]  # the 1
    for node, role, op in [
        (w, "parameter", ""),
        (x, "input", ""),
        (z, "", "+"),
        (constant, "constant", ""),
        (frozen, "constant", ""),
    ]:
        copied = pickle.loads(pickle.dumps(node))
        assert (node.role, node.op) == (copied.role, copied.op) == (role, op)
        assert copied.data == node.data and copied.local_grads == node.local_grads


def test_a_sum_reports_the_tables_local_grads_however_it_was_made():
    # A sum keeps no 1s in its node (the backward pass sends dL/dO down as it is); what it
    # reports as local_grads is add's entry of the table, also after pickling.
    x, y = Value(3.0), Value(-2.0)
    for s in [x + y, x + 2, 2 + x, x + x, autograd.apply(autograd.PRIMITIVES["+"], x, y)]:
        assert s.op == "+"
        assert s.local_grads == autograd.PRIMITIVES["+"](s.inputs[0].data, s.inputs[1].data)[1] == (1.0, 1.0)
        assert pickle.loads(pickle.dumps(s)).local_grads == (1.0, 1.0)
    chain = x
    for _ in range(5):
        chain = chain + y  # x + 5y: dL/dx = 1, dL/dy = 5
    chain.backward()
    assert (x.grad, y.grad) == (1.0, 5.0)


@pytest.mark.parametrize("x, p", [(3.0, 2), (3.0, 0.5), (-2.0, 3), (-2.0, -2), (5.0, 0), (0.0, 2), (0.0, 1)])
def test_power_with_a_number_exponent(x, p):
    v = Value(x)
    out = v**p
    out.backward()
    assert out.data == pytest.approx(x**p)
    assert v.grad == pytest.approx(p * x ** (p - 1) if p else 0.0)
    assert out.op == f"**{p:g}" and out.inputs == (v,)


def test_power_at_zero_with_fractional_exponent_has_infinite_slope():
    out = Value(0.0) ** 0.5
    assert out.data == 0.0 and out.local_grads == (math.inf,)


def test_number_to_the_power_of_a_value():
    # d/dx 2^x = 2^x ln 2
    x = Value(3.0)
    out = 2**x
    out.backward()
    assert out.data == 8.0
    assert x.grad == pytest.approx(8 * math.log(2))


def test_sum_is_one_node_with_n_inputs():
    xs = [Value(float(k)) for k in range(5)]
    s = autograd.sum(xs)
    assert s.op == "sum" and s.inputs == tuple(xs) and s.data == 10.0
    s.backward()
    assert [x.grad for x in xs] == [1.0] * 5


def test_dot_is_one_node_with_2n_inputs():
    ws = [Value(1.0), Value(-2.0), Value(0.5)]
    xs = [Value(3.0), Value(4.0), Value(2.0)]
    z = autograd.dot(ws, xs)
    assert z.op == "dot" and z.inputs == (*ws, *xs)
    assert z.data == 3.0 - 8.0 + 1.0
    z.backward()
    assert [w.grad for w in ws] == [3.0, 4.0, 2.0]  # ∂z/∂w = x
    assert [x.grad for x in xs] == [1.0, -2.0, 0.5]  # ∂z/∂x = w


def test_affine_is_a_neurons_z_in_one_node_with_2n_plus_1_inputs():
    ws = [Value(1.0), Value(-2.0), Value(0.5)]
    xs = [Value(3.0), Value(4.0), Value(2.0)]
    b = Value(0.25)
    z = autograd.affine(ws, xs, b)
    assert z.op == "affine" and z.inputs == (*xs, *ws, b)  # the input x, then the parameters
    assert z.data == 3.0 - 8.0 + 1.0 + 0.25
    z.backward()
    assert [w.grad for w in ws] == [3.0, 4.0, 2.0]  # ∂z/∂w = x
    assert [x.grad for x in xs] == [1.0, -2.0, 0.5]  # ∂z/∂x = w
    assert b.grad == 1.0  # ∂z/∂b = 1


def test_affine_rejects_a_bias_that_is_not_a_number():
    with pytest.raises(TypeError, match="affine: b must be a Value or a number, got str"):
        autograd.affine([1.0], [2.0], "0")
    with pytest.raises(ValueError, match="affine: ws and xs must have the same length, got 1 and 2"):
        autograd.affine([1.0], [2.0, 3.0], 0.0)


def test_linear_makes_the_same_affine_nodes_as_one_by_one():
    # Z = XWᵀ + b for two samples through a layer of three units.
    W = [[Value(1.0), Value(-2.0)], [Value(0.5), Value(0.25)], [Value(-1.0), Value(3.0)]]
    b = [Value(0.1), Value(0.2), Value(0.3)]
    X = [[Value(3.0), Value(4.0)], [2.0, -1.0]]
    Z = autograd.linear(X, W, b)
    assert [len(row) for row in Z] == [3, 3]
    for i, x in enumerate(X):
        for j, (w, bj) in enumerate(zip(W, b)):
            one = autograd.affine(w, x, bj)
            assert Z[i][j].op == "affine" and Z[i][j].data == one.data
            assert Z[i][j].local_grads == one.local_grads
            assert Z[i][j].inputs[2:4] == tuple(w) and Z[i][j].inputs[-1] is bj
    assert Z[0][0].inputs[:2] == tuple(X[0])
    # the nodes share their parts: a sample's x and (x, 1) across the layer, a neuron's ((w, b), w)
    # across the batch
    assert Z[1][0]._x is Z[1][1]._x and Z[1][0]._dy is Z[1][1]._dy and Z[0][2]._dx is Z[1][2]._dx
    autograd.sum([z for row in Z for z in row]).backward()
    assert [w.grad for w in W[0]] == [3.0 + 2.0, 4.0 - 1.0]  # ∂/∂w = Σ over samples of x
    assert [x.grad for x in X[0]] == [1.0 + 0.5 - 1.0, -2.0 + 0.25 + 3.0]  # ∂/∂x = Σ over units of w
    assert [bj.grad for bj in b] == [2.0, 2.0, 2.0]


def test_linear_names_what_does_not_fit():
    w, b = [[1.0, 2.0]], [0.0]
    with pytest.raises(ValueError, match="sample 1 of xs has 1 inputs, the rows of W have 2"):
        autograd.linear([[1.0, 2.0], [1.0]], w, b)
    with pytest.raises(ValueError, match="b must have one bias per row of W \\(1\\), got 2"):
        autograd.linear([[1.0, 2.0]], w, [0.0, 1.0])
    with pytest.raises(ValueError, match="rows of W differ in length: row 0 has 2, row 1 has 3"):
        autograd.linear([[1.0, 2.0]], [[1.0, 2.0], [1.0, 2.0, 3.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="W needs at least one row"):
        autograd.linear([[1.0]], [], [])
    with pytest.raises(TypeError, match="linear: expected xs as an iterable of samples, got float"):
        autograd.linear(1.0, w, b)
    with pytest.raises(TypeError, match="linear: a sample of xs: item 1 is a str, not a Value or a number"):
        autograd.linear([[1.0, "2"]], w, b)
    assert autograd.linear([], w, b) == []  # an empty batch has no outputs


def test_dot_and_sum_accept_plain_numbers():
    w = [Value(2.0), Value(3.0)]
    z = autograd.dot(w, [1, 10])
    assert z.data == 32.0
    assert autograd.sum([w[0], 1.5]).data == 3.5


def test_maximum_sends_the_gradient_to_the_first_arg_max():
    xs = [Value(1.0), Value(4.0), Value(4.0), Value(-2.0)]
    m = autograd.maximum(xs)
    m.backward()
    assert m.data == 4.0 and m.op == "max"
    assert [x.grad for x in xs] == [0.0, 1.0, 0.0, 0.0]


def test_the_table_lists_every_primitive():
    assert set(PRIMITIVES) == {
        "+",
        "-",
        "*",
        "/",
        "neg",
        "abs",
        "**{p:g}",
        "**",
        "exp",
        "log",
        "sqrt",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu({slope:g})",
        "rrelu({slope:g})",
        "elu({alpha:g})",
        "softplus({beta:g})",
        "step",
        "arctan",
        "softsign",
        "relu6",
        "celu({alpha:g})",
        "selu",
        "silu",
        "gelu",
        "gelu_tanh",
        "mish",
        "hardswish",
        "hardsigmoid",
        "hardtanh",
        "logsigmoid",
        "sin",
        "cos",
        "tan",
        "sinh",
        "cosh",
        "asin",
        "acos",
        "asinh",
        "acosh",
        "atanh",
        "log2",
        "log10",
        "log1p",
        "expm1",
        "sign",
        "erf",
        "<",
        "<=",
        ">",
        ">=",
        "==",
        "!=",
        "%",
        "sum",
        "dot",
        "affine",
        "max",
    }
    for op, prim in PRIMITIVES.items():
        assert prim.op == op
        assert "∂O/∂" in prim.__doc__, f"{op}: the docstring must state the local derivative"


@pytest.mark.parametrize("method", ["sigmoid", "tanh", "softplus", "elu"])
@pytest.mark.parametrize("x", [1e308, -1e308, 800.0, -800.0, 40.0, -40.0])
def test_stable_for_any_finite_input(method, x):
    v = Value(x)
    out = getattr(v, method)()
    out.backward()
    assert math.isfinite(out.data) and math.isfinite(v.grad)


def test_stable_values_at_the_extremes():
    assert Value(-1e308).sigmoid().data == 0.0
    assert Value(1e308).sigmoid().data == 1.0
    assert Value(1e308).softplus().data == 1e308
    assert Value(-1e308).softplus().data == 0.0
    assert Value(-1e308).elu().data == -1.0
    # far out in the tail the derivative is tiny but not lost to cancellation
    assert Value(-40.0).sigmoid().local_grads[0] == pytest.approx(math.exp(-40), rel=1e-12)
    assert Value(40.0).sigmoid().local_grads[0] == pytest.approx(math.exp(-40), rel=1e-12)


def test_a_user_defined_primitive():
    @autograd.primitive("cube")
    def cube(x):  # O = x³,  ∂O/∂x = 3x²
        return x**3, (3 * x * x,)

    x = Value(2.0)
    y = autograd.apply(cube, x)
    y.backward()
    assert (y.op, y.data, x.grad) == ("cube", 8.0, 12.0)
    assert "cube" not in PRIMITIVES  # the built-in table stays the engine's own


def test_a_user_primitive_with_a_parameter_and_several_inputs():
    @autograd.primitive("scaled_sum({k:g})")
    def scaled_sum(*xs, k):
        return k * sum(xs), (k,) * len(xs)

    a, b = Value(1.0), Value(2.0)
    y = autograd.apply(scaled_sum, a, b, 3.0, k=2)
    y.backward()
    assert (y.op, y.data, a.grad, b.grad) == ("scaled_sum(2)", 12.0, 2.0, 2.0)
    assert y.inputs[2].role == "constant"


def test_apply_rejects_what_is_not_a_primitive():
    with pytest.raises(TypeError, match="not a primitive"):
        autograd.apply(lambda x: (x, (1.0,)), Value(1.0))

    @autograd.primitive("broken")
    def broken(x, y):
        return x + y, (1.0,)

    with pytest.raises(ValueError, match="1 local gradients for 2 inputs"):
        autograd.apply(broken, Value(1.0), Value(2.0))
