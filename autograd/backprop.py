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
            raise NonFiniteGradientError(node, order)
        for v, local_grad in zip(node.inputs, node.local_grads):
            v._upstream += upstream * local_grad
    for node in order:
        node.grad += node._upstream


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0 on ``root`` and on every node it depends on."""
    for node in topological_order(root):
        node.grad = 0.0


class NonFiniteGradientError(FloatingPointError):
    """A gradient dL/dv came out inf or nan during ``backward``; no ``.grad`` was changed.

    Attributes:
        node: the node v whose gradient is not finite.
        output: the op's output node O whose contribution dL/dO · ∂O/∂v to v was not
            finite, or None when every contribution was finite and only their sum overflowed.
    """

    def __init__(self, node: Value, order: list[Value]) -> None:
        self.node = node
        self.output = _culprit(node, order)
        name = f"{node.label!r} " if node.label else ""
        made = f"made by {node.op!r}" if node.op else "a leaf"
        if self.output is None:
            why = "the sum of its contributions overflowed"
        else:
            o = self.output
            local_grad = o.local_grads[o.inputs.index(node)]
            args = ", ".join(repr(v.data) for v in o.inputs)
            why = (
                f"op {o.op!r} with inputs ({args}) sent dL/dO · ∂O/∂v = {o._upstream!r} · {local_grad!r}: "
                "a local derivative is infinite or the product overflowed"
            )
        super().__init__(
            f"backward: the gradient reaching node {name}({made}, data={node.data!r}) "
            f"is {node._upstream!r}; {why}. No .grad was changed."
        )


def _culprit(node: Value, order: list[Value]) -> Value | None:
    """The first op (in backward order) whose contribution to ``node`` is not finite."""
    for o in reversed(order):
        for v, local_grad in zip(o.inputs, o.local_grads):
            contribution = o._upstream * local_grad
            if v is node and contribution - contribution:
                return o
    return None
