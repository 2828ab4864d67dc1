"""detect_anomaly(): an inf or nan, forward or backward, names the line of user code behind it."""

import pytest

import autograd
from autograd import AnomalyError, NonFiniteGradientError, Value, detect_anomaly, no_grad


def test_an_infinite_local_derivative_names_the_line_that_made_the_op():
    x = Value(0.0, label="x")
    with pytest.raises(NonFiniteGradientError) as caught, detect_anomaly():
        y = x.sqrt()  # ∂√x/∂x = +inf at x = 0
        y.backward()
    error = caught.value
    assert isinstance(error, AnomalyError)
    assert (error.node, error.output) == (x, y)
    assert "op 'sqrt' was made at" in str(error) and "test_anomaly.py" in str(error)
    assert "y = x.sqrt()  # ∂√x/∂x = +inf at x = 0" in str(error)
    assert isinstance(error.__cause__, NonFiniteGradientError) and not isinstance(
        error.__cause__, AnomalyError
    )


def test_an_overflowing_product_in_backward_names_both_nodes():
    w = Value(1e-300, label="w")
    with pytest.raises(NonFiniteGradientError) as caught, detect_anomaly():
        u = w * 1e300  # u = 1, du/dw = 1e300
        m = u * 1e300  # dm/dw = 1e300 · 1e300 = inf
        m.backward()
    message = str(caught.value)
    assert caught.value.output.op == "*" and caught.value.node is w
    assert "u = w * 1e300  # u = 1, du/dw = 1e300" in message
    assert w.grad == 0.0


def test_a_forward_overflow_keeps_its_type_and_names_the_op_its_input_and_line():
    with pytest.raises(OverflowError) as caught, detect_anomaly():
        Value(1000.0).exp()  # e^1000 is beyond the largest float
    message = str(caught.value)
    assert isinstance(caught.value, AnomalyError)
    assert "exp(1000.0)" in message and "Value(1000.0).exp()  # e^1000 is beyond the largest float" in message


@pytest.mark.parametrize(
    ("make", "kind"),
    [(lambda x: x / 0, ZeroDivisionError), (lambda x: (-x).log(), ValueError)],
)
def test_every_forward_error_of_the_engine_is_enriched(make, kind):
    with pytest.raises(kind, match=r"the op was called at .*test_anomaly\.py") as caught, detect_anomaly():
        make(Value(1.0))
    assert isinstance(caught.value, AnomalyError)


def test_errors_not_from_the_engine_pass_unchanged():
    with pytest.raises(ValueError, match=r"^mine$") as caught, detect_anomaly():
        raise ValueError("mine")
    assert not isinstance(caught.value, AnomalyError)


@detect_anomaly()
def loss_of(x):
    with no_grad():
        assert not autograd.is_grad_enabled()
        Value(2.0) * x  # a leaf: nothing recorded
    assert autograd.is_grad_enabled()
    return (x * 0.0).sqrt()


def test_as_a_decorator_nested_in_a_block_and_with_no_grad_inside():
    expected = r"'sqrt' was made at .*: return \(x \* 0.0\).sqrt\(\)"
    with pytest.raises(NonFiniteGradientError, match=expected), detect_anomaly():
        loss_of(Value(3.0)).backward()
    with pytest.raises(NonFiniteGradientError) as caught:
        loss_of(Value(3.0)).backward()  # backward runs after the decorated function has returned
    assert not isinstance(caught.value, AnomalyError)


def test_recording_ends_with_the_block():
    with detect_anomaly():
        pass
    assert autograd.engine.grad_mode._recording.get() is True
    x = Value(0.0)
    with pytest.raises(NonFiniteGradientError) as caught:
        x.sqrt().backward()
    assert not isinstance(caught.value, AnomalyError)
