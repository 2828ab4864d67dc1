"""Bad input fails at once, with a message that names what was wrong."""

import math

import pytest

import autograd
from autograd import Value


@pytest.mark.parametrize(
    "bad, name", [("3", "str"), (None, "NoneType"), ([1], "list"), (True, "bool"), (1 + 2j, "complex")]
)
def test_value_rejects_non_numbers_naming_the_type(bad, name):
    with pytest.raises(TypeError, match=name):
        Value(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_value_rejects_non_finite_numbers(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)


def test_value_accepts_ints_and_stores_floats():
    v = Value(3)
    assert v.data == 3.0 and type(v.data) is float


def test_value_of_a_value_is_a_type_error():
    with pytest.raises(TypeError, match="Value"):
        Value(Value(1.0))


def test_bad_label_and_role():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)
    with pytest.raises(ValueError, match="role"):
        Value(1.0, role="weight")


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive(x):
    with pytest.raises(ValueError, match=r"log: input must be > 0, got " + repr(x)):
        Value(x).log()


def test_sqrt_of_negative():
    with pytest.raises(ValueError, match=r"sqrt: input must be >= 0, got -4.0"):
        Value(-4.0).sqrt()


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError, match=r"/: division by zero \(1.0 / 0.0\)"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError):
        1 / Value(0.0)


def test_exp_overflow():
    with pytest.raises(OverflowError, match=r"exp: exp\(710.0\) overflows"):
        Value(710.0).exp()


@pytest.mark.parametrize(
    "make",
    [
        lambda: Value(1e200) * Value(1e200),
        lambda: Value(1e308) + Value(1e308),
        lambda: Value(1e300) / Value(1e-300),
        lambda: Value(10.0) ** 400,
        lambda: 10 ** Value(400.0),
        lambda: autograd.sum([Value(1e308), Value(1e308)]),
        lambda: autograd.dot([Value(1e200)], [Value(1e200)]),
    ],
)
def test_overflow_raises_at_the_op_instead_of_returning_inf(make):
    with pytest.raises(OverflowError):
        make()


def test_power_domain_errors():
    with pytest.raises(ValueError, match=r"negative base -8\.0 needs an integer exponent"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ZeroDivisionError, match="negative power"):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match="negative base"):
        Value(-2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="negative base"):
        (-2) ** Value(2.0)


def test_unsupported_operands_are_type_errors():
    x = Value(1.0)
    for make in (lambda: x + "1", lambda: "1" * x, lambda: x * None, lambda: x ** "2", lambda: x + True):
        with pytest.raises(TypeError):
            make()


def test_bad_activation_parameters():
    with pytest.raises(TypeError, match="slope"):
        Value(1.0).leaky_relu("0.1")
    with pytest.raises(TypeError, match="alpha"):
        Value(1.0).elu(math.nan)


def test_nary_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        autograd.sum([])
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        autograd.dot([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="item 1 is a str"):
        autograd.maximum([Value(1.0), "2"])
    with pytest.raises(TypeError, match="iterable"):
        autograd.sum(5)


def test_no_op_silently_returns_nan():
    # every non-finite result raises at the op; sweep the ops over awkward inputs
    awkward = [0.0, -0.0, 1e-320, -1e-320, 1e308, -1e308, 709.0, -745.0, 6.0, 1.0, -1.0]
    # every one-input op (those with a parameter at its default), and every two-input op
    methods = [e.method for e in autograd.TABLE.values() if e.arity == 1 and e.method != "__pow__"]
    binary = [e.method for e in autograd.TABLE.values() if e.arity == 2]
    for x in awkward:
        for name in methods:
            try:
                out = getattr(Value(x), name)()
            except (ValueError, OverflowError, ZeroDivisionError):
                continue
            assert math.isfinite(out.data), (name, x)
            assert not any(math.isnan(d) for d in out.local_grads), (name, x)
        for y in awkward:
            for op in binary:
                try:
                    out = getattr(Value(x), op)(Value(y))
                except (ValueError, OverflowError, ZeroDivisionError):
                    continue
                assert math.isfinite(out.data), (op, x, y)
