"""Gradient clipping by norm: the remedy for an exploding gradient.

    g = (∂L/∂p₁, ..., ∂L/∂pₙ),  ‖g‖ = √(Σ gₖ²);   if ‖g‖ > max_norm:  g ← g · max_norm / ‖g‖

The direction of the step is kept, only its length is capped, so one exploding gradient
cannot throw the weights far away. Call it between ``backward()`` and ``optimizer.step()``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd import Value
from autograd.engine.checks import require_number, require_value


def grad_norm(params: Sequence[Value]) -> float:
    """‖g‖ = √(Σₖ (∂L/∂pₖ)²) over every parameter's ``.grad``."""
    return math.hypot(*(p.grad for p in _checked("grad_norm", params)))


def clip_grad_norm(params: Sequence[Value], max_norm: float) -> float:
    """Scale every ``p.grad`` by max_norm / ‖g‖ when ‖g‖ > max_norm; return ‖g‖ before clipping."""
    max_norm = require_number("clip_grad_norm", "max_norm", max_norm, minimum=0.0)
    params = _checked("clip_grad_norm", params)
    norm = grad_norm(params)
    if norm > max_norm:
        scale = max_norm / norm
        for p in params:
            p.grad *= scale
    return norm


def _checked(who: str, params: object) -> list[Value]:
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"{who}: params must be a list of Values such as model.parameters()")
    for k, p in enumerate(params):
        require_value(who, f"params[{k}]", p)
    return list(params)
