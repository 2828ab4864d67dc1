"""A reverse-mode automatic differentiation engine over scalars.

Build a graph with ``Value`` and its ops, then call ``backward()`` on the result::

    >>> from autograd import Value
    >>> a = Value(1.0, label="a")
    >>> c = 2 * a + a**2          # lecture 03, chain rule III
    >>> c.backward()
    >>> a.grad
    4.0

Note: the import name ``autograd`` is also used by the unrelated HIPS autograd package;
the two cannot be installed in the same environment.
"""

from autograd.anomaly import AnomalyError, detect_anomaly
from autograd.backprop import NonFiniteGradientError, backward, topological_order, zero_grad
from autograd.grad_mode import is_grad_enabled, no_grad
from autograd.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.primitives import PRIMITIVES, primitive
from autograd.steps import backward_steps, forward_steps
from autograd.value import Value, affine, apply, dot, linear, maximum, sum  # noqa: A004 - autograd.sum by design

__all__ = [
    "PRIMITIVES",
    "AnomalyError",
    "GradcheckError",
    "NonFiniteGradientError",
    "Value",
    "affine",
    "apply",
    "backward",
    "backward_steps",
    "detect_anomaly",
    "dot",
    "forward_steps",
    "gradcheck",
    "is_grad_enabled",
    "linear",
    "maximum",
    "no_grad",
    "numerical_grad",
    "primitive",
    "sum",
    "topological_order",
    "zero_grad",
]
