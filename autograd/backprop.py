"""The graph walk: topological order, the backward pass, and zeroing gradients.

This module knows nothing about particular ops. It reads each node's ``inputs`` and
``local_grads``, which the forward pass stored, and applies the lecture's rule

    Initialise dL/dv = 0 for every v, and dL/dL = 1
    for each op O in reverse topological order:
        for each input v of O:   dL/dv += dL/dO · ∂O/∂v

Nothing here recurses, so a graph may be as deep as memory allows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


def topological_order(root: Value) -> list[Value]:
    """Every Value that ``root`` depends on, each once: inputs before outputs, root last.

    An iterative depth-first search that appends a node once all its inputs are in.
    """
    order: list[Value] = []
    visited = {root}
    stack = [(root, iter(root.inputs))]
    while stack:
        node, pending = stack[-1]
        for v in pending:
            if v not in visited:
                visited.add(v)
                stack.append((v, iter(v.inputs)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def backward(root: Value, grad: float = 1.0) -> None:
    """Add dL/dv to ``v.grad`` for every node v that ``root`` (the loss L) depends on.

    ``grad`` is dL/d(root): 1.0 when root is the loss itself. Each pass adds this pass's
    gradients and nothing else: the upstream gradient dL/dO is gathered afresh for every
    node, so a ``.grad`` left from an earlier call is never sent down the graph again.
    Calling backward twice therefore doubles every ``.grad`` exactly.

    If any gradient comes out inf or nan, FloatingPointError is raised and no ``.grad``
    is changed.
    """
    if isinstance(grad, bool) or not isinstance(grad, (int, float)):
        raise TypeError(f"backward: grad must be a number, got {type(grad).__name__}")
    if not math.isfinite(grad):
        raise ValueError(f"backward: grad must be finite, got {grad!r}")
    order = topological_order(root)
    for node in order:
        node._upstream = 0.0
    root._upstream = float(grad)
    for node in reversed(order):
        upstream = node._upstream  # dL/dO, complete: every consumer of O came before it
        if upstream - upstream:  # nan for inf and nan, 0.0 for every finite float
            raise _non_finite_gradient(node, upstream)
        for v, local_grad in zip(node.inputs, node.local_grads):
            v._upstream += upstream * local_grad
    for node in order:
        node.grad += node._upstream


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0 on ``root`` and on every node it depends on."""
    for node in topological_order(root):
        node.grad = 0.0


def _non_finite_gradient(node: Value, upstream: float) -> FloatingPointError:
    name = f"{node.label!r} " if node.label else ""
    made = f"made by {node.op!r}" if node.op else "a leaf"
    return FloatingPointError(
        f"backward: the gradient reaching node {name}({made}, data={node.data!r}) is {upstream!r}; "
        "a local derivative is infinite or a product of them overflowed. No .grad was changed."
    )
