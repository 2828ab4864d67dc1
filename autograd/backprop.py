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
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value

_INDEX = attrgetter("_index")
_UPSTREAM = attrgetter("_upstream")


def topological_order(root: Value) -> list[Value]:
    """Every Value that ``root`` depends on, each once: inputs before outputs, root last."""
    return _search(root)[0]


def _search(root: Value) -> tuple[list[Value], list[Value]]:
    """The nodes ``root`` depends on in topological order, and the leaves among them.

    The nodes are sorted by when they were made: a node is always made after its inputs,
    so creation order puts inputs before outputs. Finding the nodes is then one visit
    each, and the sort runs in C. Visited nodes are marked in their ``_upstream`` slot
    with a float 0.0 made afresh for this search, which cannot be confused with a value
    left from an earlier pass, and which leaves every node found ready for the backward
    pass to accumulate dL/dO into.
    """
    seen = float("0")
    root._upstream = seen
    found, leaves = [root], []
    mark_found, mark_leaf = found.append, leaves.append
    for node in found:  # the list is its own work queue: each node found is visited in turn
        # the inputs, read from the node's stored form (see Value.__slots__)
        x = node._x
        if x is None:
            mark_leaf(node)
            continue
        y = node._y
        if y is not None:  # two inputs
            if x._upstream is not seen:
                x._upstream = seen
                mark_found(x)
            if y._upstream is not seen:
                y._upstream = seen
                mark_found(y)
        elif type(x) is tuple:  # three or more
            for v in x:
                if v._upstream is not seen:
                    v._upstream = seen
                    mark_found(v)
        elif x._upstream is not seen:  # one
            x._upstream = seen
            mark_found(x)
    found.sort(key=_INDEX)
    return found, leaves


def backward(root: Value, grad: float = 1.0) -> None:
    """Add dL/dv to ``v.grad`` for every node v that ``root`` (the loss L) depends on.

    ``grad`` is dL/d(root): 1.0 when root is the loss itself. Each pass adds this pass's
    gradients and nothing else: the upstream gradient dL/dO is gathered afresh for every
    node, so a ``.grad`` left from an earlier call is never sent down the graph again.
    Calling backward twice therefore doubles every ``.grad`` exactly.

    If any gradient comes out inf or nan, NonFiniteGradientError is raised and no ``.grad``
    is changed.
    """
    if isinstance(grad, bool) or not isinstance(grad, (int, float)):
        raise TypeError(f"backward: grad must be a number, got {type(grad).__name__}")
    if not math.isfinite(grad):
        raise ValueError(f"backward: grad must be finite, got {grad!r}")
    order, leaves = _search(root)  # which leaves every _upstream at 0.0
    root._upstream = float(grad)
    for node in reversed(order):
        upstream = node._upstream  # dL/dO, complete: every consumer of O came before it
        # for each input v of O:  dL/dv += dL/dO · ∂O/∂v  (read from the node's stored form)
        y = node._y
        if y is not None:  # two inputs
            node._x._upstream += upstream * node._dx
            y._upstream += upstream * node._dy
        else:
            x = node._x
            if type(x) is tuple:  # three or more
                local_grads = node._dx
                if not upstream:  # e.g. the z of a dead relu unit: skip it if that changes nothing
                    their_sum = sum(local_grads)
                    if not their_sum - their_sum:  # every ∂O/∂v finite, so every dL/dO · ∂O/∂v is ±0
                        continue  # and a sum that started at +0.0 is unchanged by adding ±0
                for v, local_grad in zip(x, local_grads):
                    v._upstream += upstream * local_grad
            elif x is not None:  # one
                x._upstream += upstream * node._dx
    # An inf or nan reaches every node below the one where it arose (inf·0 and nan·x are
    # nan; inf or nan plus anything is inf or nan), and every node has leaves below it:
    # so the leaves alone tell whether any gradient is not finite.
    total = sum(map(_UPSTREAM, leaves))
    if total - total:  # nan for inf and nan, 0.0 for every finite float
        _check_finite(order)  # the sum may have overflowed with every gradient finite
    for node in order:  # only now, so that an error above leaves every .grad as it was
        node.grad += node._upstream


def _check_finite(order: list[Value]) -> None:
    """Raise NonFiniteGradientError for the first node, in backward order, whose dL/dv is inf or nan."""
    for node in reversed(order):
        upstream = node._upstream
        if upstream - upstream:
            raise NonFiniteGradientError(node, order)


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
