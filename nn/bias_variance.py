"""Bias and variance, measured: refit one kind of model on many training sets (DASC7606).

Data come from y = f(x) + ε with ε ~ N(0, s²). A model h of fixed complexity (here a polynomial
of some degree, fitted by least squares) is fitted on each of R training sets drawn afresh, and
h̄(x) is the mean of the R fits. Over test points x:

    bias²    = mean_x (f(x) - h̄(x))²            the expected model against the truth
    variance = mean_x mean_r (h_r(x) - h̄(x))²   each fit against the expected model
    mean_x mean_r (f(x) - h_r(x))² = bias² + variance          exactly (h̄ is the mean of the h_r)
    E[(f(x) + ε - h(x))²]          = bias² + variance + s²     on fresh noisy targets

Low degree: bias² is high (under-fitting); high degree: variance is high (over-fitting); the
test error, their sum, is U-shaped in the degree. h̄ is a mean of R fits, not the expectation,
so the measured bias² also holds variance / R, which dominates it where the variance is huge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from autograd.engine.checks import require_int, require_number

Function = Callable[[np.ndarray], np.ndarray]


def sine(x: np.ndarray) -> np.ndarray:
    """The true function of the examples: f(x) = sin(πx) on [-1, 1]."""
    return np.sin(np.pi * x)


def draw(n: int, noise: float, rng: np.random.Generator, f: Function = sine) -> tuple[np.ndarray, np.ndarray]:
    """n points x ~ U(-1, 1) with noisy targets y = f(x) + ε, ε ~ N(0, noise²)."""
    x = rng.uniform(-1.0, 1.0, n)
    return x, f(x) + rng.normal(0.0, noise, n)


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.polynomial.Polynomial:
    """The least-squares polynomial of this degree through (x, y): argmin Σ (h(xᵢ) - yᵢ)².

    ``Polynomial.fit`` works on x mapped to [-1, 1], so high degrees stay well conditioned.
    """
    require_int("fit_polynomial", "degree", degree, minimum=0)
    if len(x) <= degree:
        raise ValueError(
            f"fit_polynomial: a degree-{degree} fit needs more than {degree} points, got {len(x)}"
        )
    return np.polynomial.Polynomial.fit(x, y, degree)


@dataclass(frozen=True)
class Decomposition:
    """One degree's numbers, each a mean over the test points (and over the fits)."""

    degree: int
    bias2: float
    variance: float
    noise: float  # s², the error no model can remove
    error_to_f: float  # mean (f - h)²: equals bias2 + variance
    test_error: float  # mean (y - h)² on fresh noisy targets: about bias2 + variance + noise
    train_error: float  # mean (y - h)² on each fit's own training set


def decompose(
    degree: int,
    *,
    n_train: int = 20,
    fits: int = 200,
    noise: float = 0.3,
    n_test: int = 200,
    seed: int = 0,
    f: Function = sine,
) -> Decomposition:
    """Fit a degree-``degree`` polynomial on ``fits`` training sets of ``n_train`` points each,
    and measure bias², variance and the errors on ``n_test`` fixed test points.

    The same ``seed`` draws the same training sets for every degree, so the degrees are
    compared on the same data.
    """
    require_int("decompose", "fits", fits, minimum=2)  # variance needs several fits
    noise = require_number("decompose", "noise", noise, minimum=0.0)
    rng = np.random.default_rng(seed)
    x_test = np.linspace(-1.0, 1.0, n_test)
    f_test = f(x_test)
    predictions, train_errors = [], []
    for _ in range(fits):
        x, y = draw(n_train, noise, rng, f)
        h = fit_polynomial(x, y, degree)
        predictions.append(h(x_test))
        train_errors.append(np.mean((h(x) - y) ** 2))
    H = np.array(predictions)  # one row per fit
    h_bar = H.mean(axis=0)
    y_test = f_test + rng.normal(0.0, noise, H.shape)  # fresh noise for every fit and test point
    return Decomposition(
        degree=degree,
        bias2=float(np.mean((f_test - h_bar) ** 2)),
        variance=float(np.mean((H - h_bar) ** 2)),
        noise=float(noise) ** 2,
        error_to_f=float(np.mean((f_test - H) ** 2)),
        test_error=float(np.mean((y_test - H) ** 2)),
        train_error=float(np.mean(train_errors)),
    )


def sweep(degrees: Sequence[int], **settings: object) -> list[Decomposition]:
    """``decompose`` for every degree, with the same settings and training sets."""
    return [decompose(d, **settings) for d in degrees]  # type: ignore[arg-type]
