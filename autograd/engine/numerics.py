"""The numerically delicate formulas, each written once: the sigmoid pair, softplus, log-sum-exp
and softmax, on plain floats.

The textbook forms overflow or cancel at large |x|: 1 / (1 + e^-x) takes e^-x, which overflows
for x < -709.78; 1 - σ(x) loses every digit once σ(x) rounds to 1; ln(1 + e^x) overflows for
x > 709.78; Σ e^zₖ overflows as soon as one zₖ does. Each function here rewrites its formula so
that the only exponential taken is of a number <= 0, which lies in (0, 1]. The primitives of the
engine (sigmoid, softplus, silu, mish, logsigmoid, ...) and the fused losses of ``nn`` call these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def sigmoid_pair(x: float) -> tuple[float, float]:
    """σ(x) and 1 - σ(x), each to full relative precision for every finite x.

        x >= 0:   σ(x) = 1 / (1 + e^-x),     1 - σ(x) = e^-x / (1 + e^-x)
        x <  0:   σ(x) = e^x / (1 + e^x),    1 - σ(x) = 1 / (1 + e^x)

    Only e^-|x| <= 1 is taken, so nothing overflows, and 1 - σ(x) is never formed by a
    subtraction, so it keeps its digits where σ(x) rounds to 1 (σ(40) = 1.0, 1 - σ(40) ≈ 4e-18).
    """
    e = math.exp(-abs(x))
    if x >= 0.0:
        return 1.0 / (1.0 + e), e / (1.0 + e)
    return e / (1.0 + e), 1.0 / (1.0 + e)


def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^-x), stable for every finite x (see ``sigmoid_pair``)."""
    return sigmoid_pair(x)[0]


def softplus(x: float) -> float:
    """ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|).

    The right-hand form takes only e^-|x| <= 1, and log1p keeps the digits of ln(1 + u) for a
    tiny u: softplus(800) = 800 and softplus(-800) = e^-800 (rounded to 0), with no overflow.
    Also -ln σ(x) = softplus(-x) and -ln(1 - σ(x)) = softplus(x).
    """
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def log_sum_exp(zs: Sequence[float]) -> float:
    """L = ln Σₖ e^zₖ = M + ln Σₖ e^(zₖ - M),  M = max z.

    Subtracting M makes every exponent <= 0 (no overflow) and one of them exactly 0, so the
    sum is at least 1 (no log of an underflowed 0).
    """
    top = max(zs)
    return top + math.log(math.fsum(math.exp(z - top) for z in zs))


def softmax(zs: Sequence[float]) -> list[float]:
    """pⱼ = e^zⱼ / Σₖ e^zₖ = e^(zⱼ - M) / Σₖ e^(zₖ - M),  M = max z.

    The shift by M cancels between numerator and denominator and keeps every exponential in
    (0, 1]: finite for every finite z, and the probabilities sum to 1 up to rounding.
    """
    top = max(zs)
    exps = [math.exp(z - top) for z in zs]
    total = math.fsum(exps)
    return [e / total for e in exps]
