"""Gradient checking: the backward pass against central differences.

The derivative is the limit of a difference quotient. The central difference

    ∂f/∂xₖ ≈ (f(x + ε·eₖ) − f(x − ε·eₖ)) / 2ε

is its two-sided estimate: its error is ε²/6 · ∂³f/∂xₖ³ plus the rounding error of f
divided by ε, so for a smooth f and ε ≈ 1e-6 it agrees with the true derivative to about
nine digits. ``gradcheck`` holds every gradient that ``backward()`` accumulates against it,
the check that proves a hand-written derivative or a new op's backward rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.engine.checks import ArgumentError, is_number, require_number
from autograd.engine.grad_mode import no_grad
from autograd.engine.value import Value


class GradcheckError(AssertionError):
    """The analytic gradient disagrees with central differences at one or more inputs.

    The message is a table with one row per input. Attributes:
        analytic: dL/dxₖ from ``backward()``, one per input.
        numeric: the central difference for each input.
    """

    def __init__(self, message: str, analytic: list[float], numeric: list[float]) -> None:
        super().__init__(message)
        self.analytic = analytic
        self.numeric = numeric


def numerical_grad(
    f: Callable[..., Value | float], inputs: Sequence[float | Value], eps: float = 1e-6
) -> list[float]:
    """∂f/∂xₖ ≈ (f(x + ε·eₖ) − f(x − ε·eₖ)) / 2ε for each input xₖ, by central differences.

    ``f`` takes one argument per input (each a Value leaf) and returns a Value or a number;
    it is evaluated under ``no_grad()``, so no graph is built. ``inputs`` are numbers, or
    Values whose ``data`` is used. The divisor is the step actually taken, (x + ε) − (x − ε)
    in floating point, not 2ε, so the rounding of x ± ε costs nothing.
    """
    _check_function("numerical_grad", f)
    points, _ = _points("numerical_grad", inputs)
    eps = require_number("numerical_grad", "eps", eps, positive=True)
    grads = []
    with no_grad():
        # f at the point itself first: a bad return value or a point outside f's domain is
        # reported as such, not as a failure of the shifted points.
        _as_output(f(*map(Value, points)), "numerical_grad: f")
        for k, x in enumerate(points):
            up, down = x + eps, x - eps
            if up == x or down == x:  # x ± eps rounds back to x: the step would be 0 or one-sided
                raise ArgumentError(
                    f"numerical_grad: eps={eps!r} is below the resolution of input {k} = {x!r}, "
                    f"whose neighbouring floats are {math.ulp(x):.3g} apart; use an eps of at least "
                    f"{2 * math.ulp(x):.3g}"
                )
            f_up = _evaluate_shifted(f, points, k, up, eps)
            f_down = _evaluate_shifted(f, points, k, down, -eps)
            grads.append((f_up - f_down) / (up - down))
    return grads


def gradcheck(
    f: Callable[..., Value | float],
    inputs: Sequence[float | Value],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """True if ``backward()`` through ``f`` agrees with central differences at ``inputs``.

    Input k passes when |analytic − numeric| <= atol + rtol·|numeric|, as in
    ``torch.autograd.check.gradcheck``. Otherwise GradcheckError is raised, whose message is a
    table of every input: its value, the analytic and the numeric gradient, the absolute
    and the relative error and the error allowed. ``f`` takes one Value per input and
    returns a Value (or a number, whose gradient is then 0).
    """
    _check_function("gradcheck", f)
    atol = require_number("gradcheck", "atol", atol, minimum=0.0)
    rtol = require_number("gradcheck", "rtol", rtol, minimum=0.0)
    _, analytic = analytic_grad(f, inputs)
    numeric = numerical_grad(f, inputs, eps)
    allowed = [atol + rtol * abs(n) for n in numeric]
    check_agreement(f, inputs, analytic, numeric, allowed, f"eps={eps:g}: allowed = atol + rtol·|numeric|")
    return True


def analytic_grad(
    f: Callable[..., Value | float], inputs: Sequence[float | Value]
) -> tuple[Value | None, list[float]]:
    """The output of ``f`` on fresh leaves and dL/dxₖ for each input, from one backward pass.

    The output is None when ``f`` returned a plain number, which depends on no leaf.
    """
    _check_function("gradcheck", f)
    points, labels = _points("gradcheck", inputs)
    leaves = [Value(x, label) for x, label in zip(points, labels)]
    out = _as_output(f(*leaves), "gradcheck: f")
    if isinstance(out, Value):
        out.backward()
        return out, [leaf.grad for leaf in leaves]
    return None, [0.0] * len(leaves)


def check_agreement(
    f: Callable[..., Value | float],
    inputs: Sequence[float | Value],
    analytic: list[float],
    numeric: list[float],
    allowed: list[float],
    rule: str,
) -> None:
    """Raise GradcheckError with the table of every input unless each |analytic − numeric| <= allowed."""
    errors = [abs(a - n) for a, n in zip(analytic, numeric)]
    if all(e <= tol for e, tol in zip(errors, allowed)):
        return
    points, labels = _points("gradcheck", inputs)
    header = ("input", "value", "analytic", "numeric", "abs error", "rel error", "allowed", "")
    rows = [header]
    for k, (x, a, n, e, tol) in enumerate(zip(points, analytic, numeric, errors, allowed)):
        rel = e / abs(n) if n else (0.0 if e == 0.0 else math.inf)
        name = labels[k] or f"x{k}"
        rows.append(
            (
                name,
                f"{x:.6g}",
                f"{a:.10g}",
                f"{n:.10g}",
                f"{e:.3g}",
                f"{rel:.3g}",
                f"{tol:.3g}",
                "" if e <= tol else "<-- mismatch",
            )
        )
    widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
    table = "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)
    failed = sum(e > tol for e, tol in zip(errors, allowed))
    name = getattr(f, "__name__", type(f).__name__)
    raise GradcheckError(
        f"gradcheck: the analytic gradient of {name} disagrees with central differences at "
        f"{failed} of {len(points)} inputs ({rule})\n{table}",
        list(analytic),
        list(numeric),
    )


# --- checking what the user gave -------------------------------------------------------


def _check_function(who: str, f: object) -> None:
    if not callable(f):
        raise TypeError(f"{who}: f must be a function of the inputs, got {type(f).__name__}")


def _points(who: str, inputs: object) -> tuple[list[float], list[str]]:
    """The inputs as floats, and the label of each (the Value's label, or "")."""
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(f"{who}: inputs must be a list or tuple of numbers, got {type(inputs).__name__}")
    if not inputs:
        raise ValueError(f"{who}: needs at least one input, got none")
    points, labels = [], []
    for k, x in enumerate(inputs):
        if isinstance(x, Value):
            points.append(x.data)
            labels.append(x.label)
            continue
        if not is_number(x):
            kind = type(x).__name__
            raise ArgumentError(f"{who}: input {k} must be a number or a Value, got {kind}: {x!r}")
        points.append(require_number(who, f"input {k}", x))
        labels.append("")
    return points, labels


def _as_output(out: object, what: str) -> Value | float:
    """What ``f`` returned, checked: a Value or a finite number, nothing else."""
    if isinstance(out, Value):
        return out
    if not is_number(out):
        raise TypeError(f"{what} must return a Value or a number, got {type(out).__name__}: {out!r:.80}")
    if not math.isfinite(out):
        raise ValueError(f"{what} returned a non-finite number: {out!r}")
    return float(out)


def _evaluate_shifted(
    f: Callable[..., Value | float], points: list[float], k: int, x: float, shift: float
) -> float:
    """f at ``points`` with input k moved to x = xₖ + shift, as a float."""
    args = [Value(p) for p in points]
    args[k] = Value(x)
    try:
        out = f(*args)
    except (ArithmeticError, ValueError) as err:
        # f was fine at the point itself, so the point lies within eps of the edge of its domain.
        raise ValueError(
            f"numerical_grad: f fails when input {k} = {points[k]!r} is moved by {shift:+g} ({err}); "
            "the point is within eps of the edge of f's domain: move it or use a smaller eps"
        ) from err
    out = _as_output(out, f"numerical_grad: f (with input {k} moved by {shift:+g})")
    return out.data if isinstance(out, Value) else out
