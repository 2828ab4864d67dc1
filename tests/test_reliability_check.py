"""The gradient-checking kit given bad arguments: eps, tolerances, strategy arguments.

Each case, and the message it gets.
"""

import math

import pytest
from hypothesis import strategies as st

from autograd import testing
from autograd.check.gradcheck import gradcheck, numerical_grad
from autograd.check.testing.ops import Domain
from autograd.check.testing.strategies import points


def square(x):
    return x * x


# --- an eps below the resolution of an input -----------------------------------------------

EPS_BELOW_RESOLUTION = [
    (1e10, 1e-8),  # the floats next to 1e10 are 1.9e-6 apart
    (1.0, 1e-17),  # next to 1.0 they are 2.2e-16 apart
    (-3e5, 1e-12),
]


@pytest.mark.parametrize(("x", "eps"), EPS_BELOW_RESOLUTION)
@pytest.mark.parametrize("check", [numerical_grad, gradcheck], ids=lambda f: f.__name__)
def test_an_eps_below_the_inputs_resolution_is_refused_naming_the_input(check, x, eps):
    with pytest.raises(ValueError, match=rf"eps={eps!r} is below the resolution of input 0 = {x!r}"):
        check(square, [x], eps=eps)


def test_the_smallest_eps_it_suggests_is_accepted():
    x = 1e10
    assert numerical_grad(lambda v: v, [x], eps=2 * math.ulp(x)) == [1.0]


# --- tolerances ------------------------------------------------------------------------------

BAD_TOLERANCES = [math.inf, math.nan, -1e-6, "1e-5", True, None]


@pytest.mark.parametrize("value", BAD_TOLERANCES, ids=repr)
@pytest.mark.parametrize("name", ["atol", "rtol"])
@pytest.mark.parametrize("check", [gradcheck, testing.assert_gradients_match], ids=lambda f: f.__name__)
def test_a_tolerance_that_is_not_a_finite_number_at_least_0_is_refused(check, name, value):
    with pytest.raises(ValueError, match=rf"^{check.__name__}: {name} must be a finite number >= 0, got"):
        check(square, [1.0], **{name: value})


@pytest.mark.parametrize("eps", [0.0, -1e-6, math.inf, math.nan, "1e-6"], ids=repr)
def test_an_eps_that_is_not_a_positive_finite_number_is_refused(eps):
    with pytest.raises(ValueError, match=r"^numerical_grad: eps must be a finite number > 0, got"):
        numerical_grad(square, [1.0], eps=eps)


# --- arguments of the hypothesis strategies, refused when the strategy is made ---------------

BAD_STRATEGY_ARGUMENTS = [
    (lambda: testing.expressions(max_steps=0), r"expressions: max_steps must be a positive int, got 0"),
    (lambda: testing.expressions(max_leaves=2.5), r"expressions: max_leaves must be a positive int, got 2.5"),
    (lambda: testing.expressions(max_steps=True), r"expressions: max_steps must be a positive int, got True"),
    (lambda: testing.expressions(leaves=[1.0, 2.0]), r"expressions: leaves must be a hypothesis strategy"),
    (lambda: testing.expressions({"add": "not a spec"}), r"expressions: ops must be a non-empty mapping"),
    (lambda: testing.values("0", 1.0), r"values: min_value must be a finite number, got '0'"),
    (lambda: testing.values(0.0, math.inf), r"values: max_value must be a finite number, got inf"),
    (lambda: testing.values(gap=-1.0), r"values: gap must be a finite number >= 0, got -1.0"),
    (lambda: testing.values(avoid=0.0), r"values: avoid must be a list of numbers, got float"),
    (lambda: testing.values(avoid=["0"]), r"values: avoid\[0\] must be a finite number, got '0'"),
    (lambda: points((0.0, 1.0)), r"points: domain must be an autograd.testing Domain, got tuple"),
]


@pytest.mark.parametrize(("make", "message"), BAD_STRATEGY_ARGUMENTS, ids=range(len(BAD_STRATEGY_ARGUMENTS)))
def test_a_strategy_argument_of_the_wrong_type_is_named_when_the_strategy_is_made(make, message):
    with pytest.raises((TypeError, ValueError), match=message):
        make()


def test_good_arguments_still_make_strategies():
    assert isinstance(testing.values(avoid=[0.0], gap=0.1), st.SearchStrategy)
    assert isinstance(points(Domain(0.1, 5.0)), st.SearchStrategy)
    assert isinstance(testing.expressions(leaves=st.lists(st.floats(1, 2), min_size=1)), st.SearchStrategy)
