"""The engine given bad input: quotients, exponents, n-ary sums, non-Values, user primitives.

Each case, and the error (or the number) it gets. Every error names the function or op and
the value; no op returns inf or nan, no gradient is stored inf or nan, and a number that can
be computed is computed.
"""

import fractions
import math

import pytest

import autograd
from autograd import NonFiniteGradientError, Value
from autograd.check.gradcheck import gradcheck
from autograd.engine.checks import ArgumentError

# --- numbers that are fine, and must not be reported as overflows ---------------------------


def test_a_quotient_of_two_tiny_numbers_is_computed():
    q = Value(1e-300) / Value(1e-310)
    assert q.data == pytest.approx(1e10)
    assert (Value(1e-300) / 1e-310).data == pytest.approx(1e10)


def test_its_gradient_beyond_the_float_range_raises_instead_of_being_stored():
    a, b = Value(1e-300), Value(1e-310)
    with pytest.raises(NonFiniteGradientError, match=r"No \.grad was changed"):
        (a / b).backward()  # dO/da = 1/b = 1e310
    assert a.grad == 0.0 and b.grad == 0.0


def test_zero_to_a_value_power_gives_the_exponent_gradient_zero():
    # 0 ** y = 0 for every y > 0: y.grad = 0, as PyTorch and HIPS autograd give
    for exponent in (0.5, 0.1, 1.0, 2.5):
        y = Value(exponent)
        out = 0.0**y
        out.backward()
        assert out.data == 0.0 and y.grad == 0.0


# --- an inf gradient when adding to an earlier .grad ---------------------------------------


def test_adding_this_pass_to_an_earlier_grad_that_overflows_raises_and_changes_nothing():
    x = Value(2.0, label="x")
    y = x + 0.0
    x.grad = 1e308  # left by an earlier pass; this pass adds dL/dx = 1e308
    with pytest.raises(NonFiniteGradientError, match=r"to the \.grad left by earlier passes overflowed"):
        y.backward(1e308)
    assert x.grad == 1e308 and y.grad == 0.0


# --- functions of the graph given something that is not a node -----------------------------

GRAPH_FUNCTIONS = {
    "backward": autograd.backward,
    "zero_grad": autograd.zero_grad,
    "topological_order": autograd.topological_order,
    "reference_backward": autograd.engine.backprop.reference_backward,
    "chain_rule": lambda root: list(autograd.engine.backprop.chain_rule(root)),
    "forward_steps": autograd.forward_steps,
    "backward_steps": autograd.backward_steps,
}
NOT_NODES = [3, 2.5, None, "x", [Value(1.0)]]


@pytest.mark.parametrize("name", list(GRAPH_FUNCTIONS))
@pytest.mark.parametrize("thing", NOT_NODES, ids=repr)
def test_a_function_of_the_graph_names_itself_when_given_a_non_value(name, thing):
    with pytest.raises(TypeError, match=rf"^{name}: root must be a Value \(a node of the graph\), got"):
        GRAPH_FUNCTIONS[name](thing)


# --- n-ary ops that overflow name the op ---------------------------------------------------

BIG = [Value(1e308), Value(1e308)]
NARY_OVERFLOWS = [
    ("sum", lambda: autograd.sum(BIG)),
    ("dot", lambda: autograd.dot(BIG, [1.0, 1.0])),
    ("affine", lambda: autograd.affine(BIG, [1.0, 1.0], 0.0)),
    ("affine", lambda: autograd.linear([[1.0, 1.0]], [BIG], [0.0])),  # linear makes affine nodes
]


@pytest.mark.parametrize(("op", "build"), NARY_OVERFLOWS, ids=["sum", "dot", "affine", "linear"])
def test_an_n_ary_op_that_overflows_names_itself(op, build):
    with pytest.raises(OverflowError, match=rf"^{op}: the sum of its \d+ terms overflows a float"):
        build()


# --- exponents ----------------------------------------------------------------------------


def test_a_fraction_exponent_is_a_number_like_any_other():
    assert (Value(4.0) ** fractions.Fraction(1, 2)).data == 2.0


@pytest.mark.parametrize(
    "exponent", [math.nan, math.inf, -math.inf, 10**400], ids=["nan", "inf", "-inf", "10**400"]
)
def test_an_exponent_that_is_not_a_finite_float_is_refused(exponent):
    with pytest.raises(TypeError, match=r"^\*\*: the exponent must be a finite number, got"):
        Value(0.5) ** exponent


# --- a user primitive that breaks the contract --------------------------------------------


@pytest.mark.parametrize("op", [3, None, "", b"cube"], ids=repr)
def test_a_primitive_needs_a_name(op):
    with pytest.raises(TypeError, match=r"^primitive: op must be a non-empty str"):
        autograd.primitive(op)


def test_a_primitive_marks_a_function():
    with pytest.raises(TypeError, match=r"^primitive\('cube'\) marks a function, got 3"):
        autograd.primitive("cube")(3)


@autograd.primitive("returns_a_float")
def _returns_a_float(x):
    return x


@autograd.primitive("returns_a_float_pair")
def _returns_a_float_pair(x):
    return x, 1.0


@autograd.primitive("returns_three")
def _returns_three(x):
    return x, (1.0,), "extra"


@pytest.mark.parametrize(
    "prim", [_returns_a_float, _returns_a_float_pair, _returns_three], ids=lambda p: p.op
)
def test_a_primitive_returning_no_output_and_local_grads_pair_is_named(prim):
    with pytest.raises(
        TypeError, match=rf"^{prim.op}: a primitive must return \(output, \(local_grad, ...\)\)"
    ):
        autograd.apply(prim, 1.0)


# --- a Value is not a plain number ----------------------------------------------------------


@pytest.mark.parametrize(
    "use",
    [math.exp, math.log, math.sqrt, float, lambda v: math.isclose(v, 1.0)],
    ids=["math.exp", "math.log", "math.sqrt", "float", "math.isclose"],
)
def test_a_value_given_to_a_function_of_plain_numbers_refuses_instead_of_cutting_the_graph(use):
    with pytest.raises(TypeError, match=r"use \.data for its number \(1\.0\)"):
        use(Value(1.0))


def test_the_truth_of_a_value_is_that_of_its_number_as_for_a_one_element_tensor():
    # bool(Value(0.0)) was True (every object is); now it is False, so `if a < b:` tests the comparison
    assert [bool(Value(x)) for x in (0.0, -0.0, 1.0, -2.5)] == [False, False, True, True]
    assert bool(Value(1.0) < Value(2.0)) and not bool(Value(3.0) < Value(2.0))


# --- the argument checks themselves --------------------------------------------------------


def test_an_argument_error_is_both_a_type_error_and_a_value_error():
    with pytest.raises(ArgumentError) as caught:
        gradcheck(lambda x: x, [1.0], atol=-1.0)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)
