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
    from autograd.engine.value import Value

_INDEX = attrgetter("_index")
_GRAD = attrgetter("grad")


def topological_order(root: Value) -> list[Value]:
    """Every Value that ``root`` depends on, each once: inputs before outputs, root last."""
    return sorted(_search(root), key=_INDEX)


def _search(root: Value) -> list[Value]:
    """Every node ``root`` depends on, root first, found breadth-first with one visit each.

    A node found is marked in its ``_mark`` slot with an object made afresh for this
    search, which cannot be confused with the mark of an earlier search.
    """
    mark = object()
    root._mark = mark
    found = [root]
    reach = found.append
    for node in found:  # the list is its own work queue: each node found is visited in turn
        # the inputs, read from the node's stored form (see Value.__slots__)
        x = node._x
        if x is None:
            continue
        y = node._y
        if y is not None:  # two inputs
            if x._mark is not mark:
                x._mark = mark
                reach(x)
            if y._mark is not mark:
                y._mark = mark
                reach(y)
        elif type(x) is tuple:  # three or more
            for v in x:
                if v._mark is not mark:
                    v._mark = mark
                    reach(v)
        elif x._mark is not mark:  # one
            x._mark = mark
            reach(x)
    return found


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
    # Sweep breadth-first from the root, applying the rule as each op is met. In a chain or
    # a ladder that meets the ops newest first, which is a valid order: every node is made
    # after its inputs, so an op comes after all its consumers, when dL/dO is complete.
    # If the sweep meets an op newer than the one before, give every .grad back and sweep
    # again over all the nodes sorted by creation, newest first.
    # During the pass .grad holds this pass's dL/dv alone; ``held`` keeps each .grad that was
    # not 0 before (left by an earlier pass), to be added back at the end.
    mark = object()
    root._mark = mark
    held = [(root, root.grad)] if root.grad else []
    root.grad = 0.0 + grad
    queue = [root]
    try:
        leaves = _sweep(queue, mark, held)
    except _OutOfOrder:
        _give_back(queue, held)
        queue = sorted(_search(root), key=_INDEX, reverse=True)  # every node, marked
        held = [(node, node.grad) for node in queue if node.grad]
        for node, _ in held:
            node.grad = 0.0
        root.grad += grad
        leaves = _sweep(queue, root._mark, held)
    # An inf or nan reaches every node below the one where it arose (inf·0 and nan·x are
    # nan; inf or nan plus anything is inf or nan), and every node has leaves below it:
    # so the leaves alone tell whether any gradient is not finite.
    total = sum(map(_GRAD, leaves))
    if total - total:  # nan for inf and nan, 0.0 for every finite float
        bad = _first_non_finite(queue)
        if bad is not None:  # else the sum overflowed with every gradient finite
            error = NonFiniteGradientError(bad, queue)
            _give_back(queue, held)
            raise error
    for node, old in held:
        node.grad += old


class _OutOfOrder(Exception):
    """The sweep met an op newer than the op before it."""


def _sweep(queue: list[Value], mark: object, held: list[tuple[Value, float]]) -> list[Value]:
    """Apply the rule for each op of ``queue`` in turn; return the leaves met.

    A node is reached by its first contribution: it is marked, its old ``.grad`` (if not 0)
    goes to ``held``, its ``.grad`` becomes the contribution, and it joins the queue. Later
    contributions add to it. A queue given in creation order, newest first, already holds
    every node, marked: then nothing joins it, and no op comes out of order.

    That step is written out for each stored form of the inputs rather than called as a
    helper: a call for every edge would cost more than the rule itself.
    """
    leaves = []
    reach, reach_leaf, hold = queue.append, leaves.append, held.append
    newer = queue[0]._index + 1
    for node in queue:
        # the inputs, read from the node's stored form (see Value.__slots__)
        x = node._x
        if x is None:
            reach_leaf(node)
            continue
        index = node._index
        if index > newer:
            raise _OutOfOrder
        newer = index
        upstream = node.grad  # dL/dO, complete: every consumer of O came before it
        # for each input v of O:  dL/dv += dL/dO · ∂O/∂v
        y = node._y
        if y is not None:  # two inputs
            contribution = upstream * node._dx
            if x._mark is mark:
                x.grad += contribution
            else:
                x._mark = mark
                if x.grad:
                    hold((x, x.grad))
                x.grad = contribution
                reach(x)
            contribution = upstream * node._dy
            if y._mark is mark:
                y.grad += contribution
            else:
                y._mark = mark
                if y.grad:
                    hold((y, y.grad))
                y.grad = contribution
                reach(y)
        elif type(x) is tuple:  # three or more
            local_grads = node._dx
            if not upstream:  # e.g. the z of a dead relu unit: skip it if that changes nothing
                their_sum = sum(local_grads)
                if not their_sum - their_sum:  # every ∂O/∂v finite, so every dL/dO · ∂O/∂v is ±0
                    continue  # and adding ±0 to a sum changes nothing but the sign of a zero
            for v, local_grad in zip(x, local_grads):
                contribution = upstream * local_grad
                if v._mark is mark:
                    v.grad += contribution
                else:
                    v._mark = mark
                    if v.grad:
                        hold((v, v.grad))
                    v.grad = contribution
                    reach(v)
        else:  # one
            contribution = upstream * node._dx
            if x._mark is mark:
                x.grad += contribution
            else:
                x._mark = mark
                if x.grad:
                    hold((x, x.grad))
                x.grad = contribution
                reach(x)
    return leaves


def _give_back(queue: list[Value], held: list[tuple[Value, float]]) -> None:
    """Give every node of ``queue`` its ``.grad`` from before the pass."""
    for node in queue:
        node.grad = 0.0
    for node, old in held:
        node.grad = old


def _first_non_finite(order: list[Value]) -> Value | None:
    """The first node of ``order`` whose gradient in this pass is inf or nan, or None."""
    for node in order:
        g = node.grad
        if g - g:
            return node
    return None


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0 on ``root`` and on every node it depends on."""
    for node in _search(root):
        node.grad = 0.0


class NonFiniteGradientError(FloatingPointError):
    """A gradient dL/dv came out inf or nan during ``backward``; no ``.grad`` was changed.

    Attributes:
        node: the node v whose gradient is not finite.
        output: the op's output node O whose contribution dL/dO · ∂O/∂v to v was not
            finite, or None when every contribution was finite and only their sum overflowed.
    """

    def __init__(self, node: Value, order: list[Value]) -> None:
        # made during the pass, when every .grad in ``order`` holds this pass's gradient alone
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
                f"op {o.op!r} with inputs ({args}) sent dL/dO · ∂O/∂v = {o.grad!r} · {local_grad!r}: "
                "a local derivative is infinite or the product overflowed"
            )
        super().__init__(
            f"backward: the gradient reaching node {name}({made}, data={node.data!r}) "
            f"is {node.grad!r}; {why}. No .grad was changed."
        )


def _culprit(node: Value, order: list[Value]) -> Value | None:
    """The first op of ``order`` (newest first) whose contribution to ``node`` is not finite."""
    for o in order:
        for v, local_grad in zip(o.inputs, o.local_grads):
            contribution = o.grad * local_grad
            if v is node and contribution - contribution:
                return o
    return None
