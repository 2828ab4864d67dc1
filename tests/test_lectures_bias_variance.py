"""DASC7606, two types of errors: MSE = bias² + variance (+ noise), and the U-shaped test error.

y = f(x) + ε; h is fitted on many training sets, h̄ is their mean:
bias² = (f - h̄)², variance = E[(h - h̄)²].
"""

from itertools import pairwise

import numpy as np
import pytest

from nn.bias_variance import decompose, draw, fit_polynomial, sweep

ROWS = sweep(range(8), n_train=20, fits=100, noise=0.3, seed=0)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"degree {r.degree}")
def test_error_to_f_is_bias_squared_plus_variance_exactly(row):
    assert row.error_to_f == pytest.approx(row.bias2 + row.variance, rel=1e-12)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"degree {r.degree}")
def test_test_error_is_bias_squared_plus_variance_plus_noise(row):
    assert row.noise == pytest.approx(0.09)
    assert row.test_error == pytest.approx(row.bias2 + row.variance + row.noise, rel=0.03)


def test_the_test_error_is_u_shaped_in_the_degree():
    errors = [r.test_error for r in ROWS]
    best = int(np.argmin(errors))
    assert 0 < best < len(ROWS) - 1
    assert errors[0] > 2 * errors[best] and errors[-1] > 2 * errors[best]


def test_low_complexity_has_high_bias_high_complexity_high_variance():
    line, cubic, seventh = ROWS[1], ROWS[3], ROWS[7]
    assert line.bias2 > line.variance  # under-fit: bias dominates
    assert seventh.variance > 10 * seventh.bias2  # over-fit: variance dominates
    assert cubic.bias2 < line.bias2 and cubic.variance < seventh.variance


def test_the_training_error_only_falls_with_the_degree():
    assert all(a.train_error > b.train_error for a, b in pairwise(ROWS))


def test_no_noise_and_a_true_polynomial_leave_nothing():
    row = decompose(2, fits=5, noise=0.0, f=lambda x: 1 - 2 * x + 3 * x**2)
    assert row.bias2 < 1e-20 and row.variance < 1e-20 and row.test_error < 1e-20


def test_the_same_seed_draws_the_same_sets():
    assert decompose(3, fits=10, seed=4) == decompose(3, fits=10, seed=4)
    x, y = draw(5, 0.1, np.random.default_rng(0))
    assert len(x) == len(y) == 5


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="degree-5 fit needs more than 5 points"):
        fit_polynomial(np.zeros(5), np.zeros(5), 5)
    with pytest.raises(ValueError, match="degree must be an int"):
        fit_polynomial(np.zeros(5), np.zeros(5), 1.5)
    with pytest.raises(ValueError, match="fits must be an int >= 2"):
        decompose(1, fits=1)
    with pytest.raises(ValueError, match="noise must be a finite number"):
        decompose(1, noise=-1)
