"""``jacobian``: the matrix of every output's derivative with respect to every input.

For a vector-valued f: ℝⁿ → ℝᵐ, the Jacobian has one row per output and one column per input
(m × n), J[i][k] = ∂fᵢ/∂xₖ: the vector-by-vector derivative of the TU Graz notes, whose row
i is the gradient of output i. One backward pass per output gives one row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograd.engine.value import Value


def jacobian(f: Callable[..., Sequence[Value] | Value], inputs: Sequence[float]) -> np.ndarray:
    """J = ∂f/∂x, an (m, n) array, for f taking n Values (one per number of ``inputs``) and
    returning m Values (or one Value: then J is (1, n), the gradient as a row)."""
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence) or not inputs:
        raise TypeError(f"jacobian: inputs must be a non-empty list of numbers, got {inputs!r}")
    xs = [Value(x, label=f"x{k}") for k, x in enumerate(inputs)]
    outputs = f(*xs)
    outputs = [outputs] if isinstance(outputs, Value) else list(outputs)
    for i, out in enumerate(outputs):
        if not isinstance(out, Value):
            raise TypeError(f"jacobian: output {i} of f is a {type(out).__name__}, not a Value")
    J = np.zeros((len(outputs), len(xs)))
    for i, out in enumerate(outputs):
        for x in xs:
            x.grad = 0.0
        out.backward()  # row i: the gradient of output i, dfᵢ/dx
        J[i] = [x.grad for x in xs]
    return J
