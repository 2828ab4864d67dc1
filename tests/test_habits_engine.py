"""Value's methods by their PyTorch names: item, detach, pow, comparisons, %, and minimum."""

import pytest

import autograd
from autograd import Value


def test_item_is_the_plain_number():
    x = Value(2.5)
    assert x.item() == 2.5 and type(x.item()) is float


def test_detach_cuts_the_graph():
    x = Value(3.0)
    y = x * x
    z = y.detach() * x  # y's value, but no gradient flows through it to x
    z.backward()
    assert x.grad == 9.0  # only ∂z/∂x with y held constant
    assert y.detach().role == "constant"


def test_pow_by_name():
    x = Value(3.0)
    assert x.pow(2).data == 9.0
    assert x.pow(Value(2.0)).data == 9.0


@pytest.mark.parametrize(
    "compare, expected",
    [
        (lambda a, b: a < b, 1.0),
        (lambda a, b: a <= b, 1.0),
        (lambda a, b: a > b, 0.0),
        (lambda a, b: a >= b, 0.0),
        (lambda a, b: a == b, 0.0),
        (lambda a, b: a != b, 1.0),
    ],
)
def test_comparisons_are_values_with_zero_gradient(compare, expected):
    a, b = Value(1.0), Value(2.0)
    out = compare(a, b)
    assert isinstance(out, Value) and out.data == expected
    (out * a).backward()
    assert b.grad == 0.0 and a.grad == expected  # d(out·a)/da = out, as out is a constant step


def test_comparisons_with_plain_numbers_and_in_if():
    x = Value(3.0)
    assert (x > 2).data == 1.0 and (x == 3).data == 1.0
    assert (2 > x).data == 0.0  # noqa: SIM300 - the reflected form is what is tested
    assert x > 2  # a 1.0 is true, as a one-element tensor is
    assert not (x < 2)


def test_values_stay_usable_as_keys_though_equality_gives_values():
    a, b = Value(1.0), Value(1.0)
    assert len({a, b}) == 2 and {a: 1}[a] == 1


def test_remainder_has_the_sign_of_the_divisor():
    a, b = Value(7.5), Value(-2.0)
    r = a % b
    r.backward()
    assert r.data == 7.5 % -2.0 == -0.5
    assert a.grad == 1.0 and b.grad == 4.0  # -⌊7.5 / -2⌋ = 4
    assert (7.0 % Value(3.0)).data == 1.0


def test_remainder_by_zero_is_refused():
    with pytest.raises(ZeroDivisionError, match="%"):
        Value(1.0) % 0


def test_minimum_sends_its_gradient_to_the_arg_min():
    xs = [Value(3.0), Value(-1.0), Value(2.0)]
    m = autograd.minimum(xs)
    m.backward()
    assert m.data == -1.0
    assert [x.grad for x in xs] == [0.0, 1.0, 0.0]
