"""The graph walk: the backward pass, topological order, and zeroing gradients.

This module knows nothing about particular ops. It reads each node's ``inputs`` and
``local_grads``, which the forward pass stored, and applies the lecture's rule

    Initialise dL/dv = 0 for every v, and dL/dL = 1
    for each op O in reverse topological order:
        for each input v of O:   dL/dv += dL/dO · ∂O/∂v

``chain_rule`` is that loop as written, one ``+=`` at a time; ``reference_backward`` and
``autograd.backward_steps`` are built on it. ``backward`` is the same rule unrolled for speed:
it walks the tape (every node in the order it was made, see ``autograd.engine.tape``) from
the root down, so it needs no search and no sort. It applies the contributions in exactly
the same order as ``chain_rule``, so the two give the same gradients bit for bit (a property
test holds them to ``==``).

Nothing here recurses, so a graph may be as deep as memory allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from autograd.engine import tape
from autograd.engine.checks import require_number, require_value

if TYPE_CHECKING:
    from autograd.engine.value import Value

_GRAD = attrgetter("grad")

# Every Value is put on the tape when it is made (Value(), an op, pickle or copy); one made
# around those, e.g. by object.__new__, is not, and the walk cannot order it.
_NOT_ON_THE_TAPE = (
    "{function}: a node of the graph is not on the tape: it was made without Value(), an op, pickle or copy"
)


# --- the lecture's backward pass, as written ------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackwardStep:
    """One ``dL/dv += dL/dO · ∂O/∂v`` of the backward pass.

    ``input`` is v, the ``position``-th input of the op's output node ``output`` (O);
    ``contribution = upstream · local_grad``, and ``grad_after`` is dL/dv in this pass
    once the contribution is added.
    """

    index: int
    output: Value
    input: Value
    position: int
    local_grad: float
    upstream: float
    contribution: float
    grad_after: float


def chain_rule(root: Value, grad: float = 1.0) -> Iterator[BackwardStep]:
    """The backward pass from ``root`` (dL/d root = ``grad``), one ``+=`` at a time.

    Changes no ``.grad``: dL/dv is kept on the side, by node.
    """
    require_value("chain_rule", "root", root)
    order = topological_order(root)
    dL_dv = dict.fromkeys(map(id, order), 0.0)  # by identity: a Value's == is its own business
    dL_dv[id(root)] = grad
    index = 0
    for output in reversed(order):  # every op O, after all of its consumers
        upstream = dL_dv[id(output)]  # dL/dO, complete
        for position, (v, local_grad) in enumerate(zip(output.inputs, output.local_grads)):
            contribution = upstream * local_grad  # dL/dO · ∂O/∂v
            dL_dv[id(v)] += contribution
            yield BackwardStep(index, output, v, position, local_grad, upstream, contribution, dL_dv[id(v)])
            index += 1


def reference_backward(root: Value, grad: float = 1.0) -> None:
    """Add dL/dv to ``v.grad`` for every node v below ``root``: ``chain_rule``, applied.

    The readable reference for ``backward``, which must give the same numbers. Raises
    FloatingPointError, changing no ``.grad``, if any dL/dv comes out inf or nan.
    """
    require_value("reference_backward", "root", root)
    totals = {id(root): (root, 0.0 + grad)}
    for step in chain_rule(root, grad):
        totals[id(step.input)] = (step.input, step.grad_after)  # the last one is dL/dv
    for v, dL_dv in totals.values():
        if not math.isfinite(v.grad + dL_dv):
            raise FloatingPointError(f"reference_backward: dL/dv of {v!r} would be {v.grad + dL_dv!r}")
    for v, dL_dv in totals.values():
        v.grad += dL_dv


# --- the graph, found from its root ---------------------------------------------------------


def topological_order(root: Value) -> list[Value]:
    """Every Value that ``root`` depends on, each once, in the order they were made: inputs
    before outputs, root last."""
    require_value("topological_order", "root", root)
    found = _search(root)
    mark = root._mark
    with tape.lock:
        # every node is on the tape; the newest of the graph is root, so walk down from the top
        order = []
        for node in reversed(tape.nodes):
            if node._mark is mark:
                order.append(node)
                if len(order) == len(found):
                    break
    if len(order) != len(found):
        raise RuntimeError(_NOT_ON_THE_TAPE.format(function="topological_order"))
    order.reverse()
    return order


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
        for v in node.inputs:
            if v._mark is not mark:
                v._mark = mark
                reach(v)
    return found


def zero_grad(root: Value) -> None:
    """Set ``.grad`` to 0 on ``root`` and on every node it depends on."""
    require_value("zero_grad", "root", root)
    for node in _search(root):
        node.grad = 0.0


# --- the backward pass, unrolled for speed --------------------------------------------------


def backward(root: Value, grad: float = 1.0) -> None:
    """Add dL/dv to ``v.grad`` for every node v that ``root`` (the loss L) depends on.

    ``grad`` is dL/d(root): 1.0 when root is the loss itself. Each pass adds this pass's
    gradients and nothing else: the upstream gradient dL/dO is gathered afresh for every
    node, so a ``.grad`` left from an earlier call is never sent down the graph again.
    Calling backward twice therefore doubles every ``.grad`` exactly.

    If any gradient comes out inf or nan, or overflows when added to the ``.grad`` an
    earlier pass left, NonFiniteGradientError is raised and no ``.grad`` is changed.
    """
    require_value("backward", "root", root)
    grad = require_number("backward", "grad", grad)
    # During the pass .grad holds this pass's dL/dv alone; ``held`` keeps each .grad that was
    # not 0 before (left by an earlier pass), to be added back at the end.
    mark = object()
    root._mark = mark
    held = [(root, root.grad)] if root.grad else []
    root.grad = 0.0 + grad
    with tape.lock:
        leaves = _walk(tape.nodes, root, mark, held)
        # An inf or nan reaches every node below the one where it arose (inf·0 and nan·x are
        # nan; inf or nan plus anything is inf or nan), and every node has leaves below it:
        # so the leaves alone tell whether any gradient is not finite.
        total = sum(map(_GRAD, leaves))
        if total - total:  # nan for inf and nan, 0.0 for every finite float
            reached = _reached(mark)
            bad = _first_non_finite(reached)
            if bad is not None:  # else the sum overflowed with every gradient finite
                error = NonFiniteGradientError(bad, reached)
                _give_back(reached, held)
                raise error
        for node, old in held:
            node.grad += old
            if not math.isfinite(node.grad):
                error = NonFiniteGradientError(node, [])
                _give_back(_reached(mark), held)
                raise error


def _walk(nodes: list[Value], root: Value, mark: object, held: list[tuple[Value, float]]) -> list[Value]:
    """Apply the rule to every op below ``root``, newest first; return the leaves met.

    Walks the tape down from its top. A node is reached by its first contribution: it is
    marked, its old ``.grad`` (if not 0) goes to ``held``, and its ``.grad`` becomes the
    contribution; later contributions add to it. Nodes not marked are not in root's graph
    (or newer than root) and are passed by. ``pending`` counts the op nodes reached but not
    yet met; the first node passed by once it is 0 ends the walk, just below the oldest op
    of the graph.

    The rule is written out for each stored form of the inputs rather than called as a
    helper: a call for every edge would cost more than the rule itself. Two inputs, the
    commonest form (+, -, *, / of two Values), are the only form that fills ``_y``, so one
    test sends them the shortest way through the loop. A sum of two Values stores no local
    derivatives (both are 1): its branch sends dL/dO itself to both inputs, the same number
    as dL/dO · 1.0 without making a float for each. ``v.grad = v.grad + contribution`` is
    ``+=`` written out, which CPython runs in fewer steps; for the same reason a mark is
    tested as ``mark is v._mark``, which starts with two local names that CPython loads in
    one step, rather than ``v._mark is mark``.
    """
    leaves = []
    reach_leaf, hold = leaves.append, held.append
    if root._x is None:
        return [root]
    pending = 1
    for node in reversed(nodes):
        if mark is not node._mark:
            if not pending:
                return leaves
            continue
        upstream = node.grad  # dL/dO, complete: every consumer of O is newer, so came before
        x = node._x  # the inputs, read from the node's stored form (see Value.__slots__)
        y = node._y
        # for each input v of O:  dL/dv += dL/dO · ∂O/∂v
        if y is not None:  # two inputs
            if node._dx is None:  # a sum u + v: ∂O/∂u = ∂O/∂v = 1, so dL/dO · 1 is dL/dO
                if mark is x._mark:
                    x.grad = x.grad + upstream
                    pending -= 1
                else:
                    x._mark = mark
                    if x.grad:
                        hold((x, x.grad))
                    x.grad = upstream
                    if x._x is None:
                        reach_leaf(x)
                        pending -= 1
                if mark is y._mark:
                    y.grad = y.grad + upstream
                else:
                    y._mark = mark
                    if y.grad:
                        hold((y, y.grad))
                    y.grad = upstream
                    if y._x is None:
                        reach_leaf(y)
                    else:
                        pending += 1
                continue
            if mark is x._mark:
                x.grad = x.grad + upstream * node._dx
                pending -= 1  # O is met
            else:
                x._mark = mark
                if x.grad:
                    hold((x, x.grad))
                x.grad = upstream * node._dx
                if x._x is None:
                    reach_leaf(x)
                    pending -= 1  # O is met
                # else x, an op reached for the first time, takes O's place among the
                # pending (as in a chain), and the count stays as it is
            if mark is y._mark:
                y.grad = y.grad + upstream * node._dy
            else:
                y._mark = mark
                if y.grad:
                    hold((y, y.grad))
                y.grad = upstream * node._dy
                if y._x is None:
                    reach_leaf(y)
                else:
                    pending += 1
            continue
        if x is None:  # a leaf, already counted when reached
            if not pending:
                return leaves
            continue
        if type(x) is not tuple:  # one input: as the first of two
            if mark is x._mark:
                x.grad = x.grad + upstream * node._dx
                pending -= 1
            else:
                x._mark = mark
                if x.grad:
                    hold((x, x.grad))
                x.grad = upstream * node._dx
                if x._x is None:
                    reach_leaf(x)
                    pending -= 1
            continue
        # three or more, or grouped
        pending -= 1  # O is met
        local_grads = node._dx
        if node._dy is not None:  # grouped: _dx pairs the second group of inputs with the
            more, local_grads = local_grads  # first group's local derivatives
            x, local_grads = x + more, local_grads + node._dy
        if not upstream:  # e.g. the z of a dead relu unit: skip it if that changes nothing
            their_sum = sum(local_grads)
            if not their_sum - their_sum:  # every ∂O/∂v finite, so every dL/dO · ∂O/∂v is ±0,
                continue  # and adding ±0 to a sum changes nothing but the sign of a zero
        for v, local_grad in zip(x, local_grads):
            contribution = upstream * local_grad
            if mark is v._mark:
                v.grad = v.grad + contribution
            else:
                v._mark = mark
                if v.grad:
                    hold((v, v.grad))
                v.grad = contribution
                if v._x is None:
                    reach_leaf(v)
                else:
                    pending += 1
    if not pending:
        return leaves
    raise RuntimeError(_NOT_ON_THE_TAPE.format(function="backward"))


def _reached(mark: object) -> list[Value]:
    """The nodes this pass reached (marked with ``mark``), newest first."""
    return [node for node in reversed(tape.nodes) if node._mark is mark]


def _give_back(reached: list[Value], held: list[tuple[Value, float]]) -> None:
    """Give every node of ``reached`` its ``.grad`` from before the pass."""
    for node in reached:
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


class NonFiniteGradientError(FloatingPointError):
    """A gradient dL/dv came out inf or nan during ``backward``; no ``.grad`` was changed.

    Attributes:
        node: the node v whose gradient is not finite.
        output: the op's output node O whose contribution dL/dO · ∂O/∂v to v was not
            finite, or None when every contribution was finite and only a sum overflowed.
    """

    def __init__(self, node: Value, order: list[Value]) -> None:
        # made during the pass, when every .grad in ``order`` holds this pass's gradient alone
        self.node = node
        self.output = _culprit(node, order)
        name = f"{node.label!r} " if node.label else ""
        made = f"made by {node.op!r}" if node.op else "a leaf"
        if not order:
            why = "this pass's gradient added to the .grad left by earlier passes overflowed"
        elif self.output is None:
            why = "the sum of its contributions overflowed"
        else:
            o = self.output
            local_grad = next(g for v, g in zip(o.inputs, o.local_grads) if v is node)
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
