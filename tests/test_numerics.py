"""The stable forms of autograd.engine.numerics: finite and accurate where the textbook forms are not."""

import math

import pytest

from autograd.engine import numerics


def test_sigmoid_pair_keeps_the_small_side_accurate():
    s, one_minus_s = numerics.sigmoid_pair(40.0)
    assert s == 1.0
    assert one_minus_s == pytest.approx(math.exp(-40.0), rel=1e-15)  # 1 - σ(40) by subtraction is 0
    assert numerics.sigmoid_pair(-1e308) == (0.0, 1.0)
    assert numerics.sigmoid_pair(1e308) == (1.0, 0.0)
    for x in (-3.0, -0.5, 0.0, 0.5, 3.0):
        s, c = numerics.sigmoid_pair(x)
        assert s == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-15) and s + c == pytest.approx(
            1.0, abs=3e-16
        )


def test_softplus_never_overflows():
    assert numerics.softplus(800.0) == 800.0  # ln(1 + e^800) overflows e^800
    assert numerics.softplus(-800.0) == 0.0
    assert numerics.softplus(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)
    assert numerics.softplus(1.0) == pytest.approx(math.log(1 + math.e), rel=1e-15)


def test_log_sum_exp_and_softmax_of_large_logits():
    assert numerics.log_sum_exp([1000.0, 1000.0]) == pytest.approx(1000.0 + math.log(2.0), rel=1e-15)
    assert numerics.log_sum_exp([-1000.0, -1000.0]) == pytest.approx(-1000.0 + math.log(2.0), rel=1e-15)
    p = numerics.softmax([1000.0, 999.0, -1e308])
    assert p == pytest.approx([1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1)), 0.0], rel=1e-15)
    z = [0.3, -1.2, 2.0]
    assert [math.log(q) for q in numerics.softmax(z)] == pytest.approx(
        [zj - numerics.log_sum_exp(z) for zj in z], rel=1e-14
    )
