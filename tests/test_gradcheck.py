"""numerical_grad and gradcheck: central differences, and a backward pass held against them."""

import math

import pytest

import autograd
from autograd import GradcheckError, Value, gradcheck, numerical_grad


@autograd.primitive("bad_cube")
def bad_cube(x):
    """O = x³, with a planted bug: ∂O/∂x written as 2x instead of 3x²."""
    return x**3, (2 * x,)


@autograd.primitive("bad_cos")
def bad_cos(x):
    """O = cos x, with a planted bug: ∂O/∂x written as sin x instead of -sin x."""
    return math.cos(x), (math.sin(x),)


def test_numerical_grad_of_the_practice_example():
    # z = xy + x at x = 1, y = 2: dz/dx = y + 1 = 3, dz/dy = x = 1 (lecture 03)
    assert numerical_grad(lambda x, y: x * y + x, [1.0, 2.0]) == pytest.approx([3.0, 1.0], rel=1e-9)


def test_numerical_grad_of_log_3a():
    # c = log(3a) at a = 1: dc/da = 1/a = 1 (lecture 03, chain rule I)
    assert numerical_grad(lambda a: (3 * a).log(), [1.0]) == pytest.approx([1.0], rel=1e-9)


def test_numerical_grad_is_second_order_accurate():
    # x³ at 2: (f(2 + ε) − f(2 − ε)) / 2ε = 12 + ε², with no first-order error term
    (d,) = numerical_grad(lambda x: x**3, [2.0], eps=1e-3)
    assert d == pytest.approx(12.0 + 1e-6, rel=1e-9)


def test_numerical_grad_of_a_function_returning_a_plain_number():
    assert numerical_grad(lambda x: 5.0, [1.0]) == [0.0]


def test_gradcheck_passes_the_logistic_regression_loss():
    # L = −y·log p − (1 − y)·log(1 − p), p = σ(w·x + b): dL/dw = (p − y)·x, dL/db = p − y
    x, y = 2.0, 1.0

    def loss(w, b):
        p = (w * x + b).sigmoid()
        return -y * p.log() - (1 - y) * (1 - p).log()

    assert gradcheck(loss, [0.3, -0.1]) is True
    p = 1 / (1 + math.exp(-(0.3 * x - 0.1)))
    assert numerical_grad(loss, [0.3, -0.1]) == pytest.approx([(p - y) * x, p - y], rel=1e-8)


def test_gradcheck_passes_every_method_and_the_n_ary_ops():
    def f(a, b, c):
        h = autograd.dot([a, b], [c.tanh(), a.sigmoid()]) + autograd.maximum([a, b * 0.5, c]).softplus()
        return h.elu(0.5) * a.leaky_relu(0.1) + (b / c).arctan() + c.sqrt().log() ** 2 + a.cos() - b.sin()

    assert gradcheck(f, [0.7, -1.3, 2.1])


def test_gradcheck_catches_a_wrong_derivative():
    # x³ at 2: the true derivative is 12, the planted rule says 2x = 4
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: autograd.apply(bad_cube, x), [2.0])
    assert caught.value.analytic == [4.0]
    assert caught.value.numeric == pytest.approx([12.0], rel=1e-9)


def test_gradcheck_catches_a_sign_error_inside_a_larger_graph():
    # cos(x·w) + w²: ∂/∂x = −sin(x·w)·w, and the planted rule flips its sign
    with pytest.raises(GradcheckError, match="2 of 2 inputs") as caught:
        gradcheck(lambda x, w: autograd.apply(bad_cos, x * w) + w * w, [1.2, 0.5])
    assert caught.value.numeric[0] == pytest.approx(-math.sin(0.6) * 0.5, rel=1e-8)
    assert caught.value.analytic[0] == pytest.approx(math.sin(0.6) * 0.5, rel=1e-12)


def test_the_error_message_is_a_table_with_a_row_per_input():
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x, w: autograd.apply(bad_cube, x) * w, [2.0, Value(1.5, "w")])
    header, row_x, row_w = str(caught.value).splitlines()[1:]
    assert header.split() == [
        "input",
        "value",
        "analytic",
        "numeric",
        "abs",
        "error",
        "rel",
        "error",
        "allowed",
    ]
    # x: analytic 4·1.5 = 6, numeric 12·1.5 = 18; w: 2³ = 8 both ways
    assert row_x.split()[:4] == ["x0", "2", "6", "18"]
    assert row_x.endswith("<-- mismatch")
    assert row_w.split()[:4] == ["w", "1.5", "8", "8"]
    assert "mismatch" not in row_w


def test_gradcheck_tolerances_are_atol_plus_rtol_times_numeric():
    # cube with a 1 % error in its derivative: caught at rtol = 1e-3, accepted at rtol = 0.02
    @autograd.primitive("slightly_off_cube")
    def slightly_off_cube(x):
        return x**3, (3.03 * x * x,)

    def f(x):
        return autograd.apply(slightly_off_cube, x)

    with pytest.raises(GradcheckError):
        gradcheck(f, [2.0])
    assert gradcheck(f, [2.0], rtol=0.02)


def test_gradcheck_leaves_the_callers_values_untouched():
    x = Value(3.0, "x")
    gradcheck(lambda v: v * v, [x])
    assert x.grad == 0.0


@pytest.mark.parametrize(
    "f, inputs, error, message",
    [
        (lambda x: [x], [1.0], TypeError, "f must return a Value or a number, got list"),
        (lambda x: math.nan, [1.0], ValueError, "non-finite number: nan"),
        (lambda x: x, ["a"], TypeError, "input 0 must be a number or a Value, got str"),
        (lambda x: x, [True], TypeError, "input 0 must be a number or a Value, got bool"),
        (lambda x: x, [math.inf], ValueError, "input 0 must be a finite number, got inf"),
        (lambda x: x, 1.0, TypeError, "inputs must be a list or tuple of numbers, got float"),
        (lambda x: x, [], ValueError, "needs at least one input"),
        ("not a function", [1.0], TypeError, "f must be a function of the inputs, got str"),
    ],
)
def test_bad_use_is_a_clear_error(f, inputs, error, message):
    for check in (numerical_grad, gradcheck):
        with pytest.raises(error, match=message):
            check(f, inputs)


@pytest.mark.parametrize("name, value", [("eps", 0.0), ("eps", -1e-6), ("eps", math.nan), ("atol", -1.0)])
def test_bad_tolerances_are_a_clear_error(name, value):
    with pytest.raises(ValueError, match=f"{name} must be"):
        gradcheck(lambda x: x * x, [1.0], **{name: value})


def test_a_point_within_eps_of_the_domain_edge_is_named():
    # log at 1e-7 is fine, but x − ε = −9e-7 is outside log's domain
    with pytest.raises(ValueError, match=r"input 0 = 1e-07 is moved by -1e-06 .*log: input must be > 0"):
        numerical_grad(lambda x: x.log(), [1e-7])
