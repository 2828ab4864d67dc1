"""The assertion: ``backward()`` against central differences, at a tolerance that follows the
function's curvature and rounding."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

from autograd.check.gradcheck import analytic_grad, check_agreement, numerical_grad
from autograd.engine.backprop import topological_order
from autograd.engine.checks import require_number
from autograd.engine.value import Value

_UNIT_ROUNDOFF = sys.float_info.epsilon / 2


def assert_gradients_match(
    f: Callable[..., Value | float],
    inputs: Sequence[float | Value],
    *,
    eps: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 1e-12,
) -> None:
    """Assert that ``backward()`` through ``f`` agrees with central differences; else GradcheckError.

    With D(h) the central difference of step h and g the analytic gradient, input k passes when

        |g − D(ε)| <= atol + rtol·|D(ε)| + |D(ε) − D(2ε)| + 4u·Σᵥ|v·∂f/∂v| / ε

    The third term is the truncation error: D(h) = f' + h²·f'''/6 + ..., so D(ε) − D(2ε) is
    three times the error of D(ε), which follows the function's curvature. The last is the
    rounding error: each node v of f's graph is rounded by at most u·|v| (u = 2⁻⁵³), which
    reaches f multiplied by ∂f/∂v and the difference quotient divided by ε. A wrong rule (a
    factor of 2, a sign, a missing term) is off by far more than this, at rtol = 1e-6.
    """
    rtol = require_number("assert_gradients_match", "rtol", rtol, minimum=0.0)
    atol = require_number("assert_gradients_match", "atol", atol, minimum=0.0)
    out, analytic = analytic_grad(f, inputs)
    numeric = numerical_grad(f, inputs, eps)
    coarse = numerical_grad(f, inputs, 2 * eps)
    nodes = topological_order(out) if out is not None else []
    rounding = 4 * _UNIT_ROUNDOFF * math.fsum(abs(v.data * v.grad) for v in nodes) / eps
    allowed = [atol + rtol * abs(n) + abs(n - c) + rounding for n, c in zip(numeric, coarse)]
    check_agreement(
        f,
        inputs,
        analytic,
        numeric,
        allowed,
        f"eps={eps:g}: allowed = atol + rtol·|numeric| + truncation + rounding",
    )
