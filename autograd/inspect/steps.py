"""The forward and backward passes as lists of steps, to read one at a time.

Lecture 03 writes the two passes over the ops f_1 … f_k of a graph, sorted in topological
order, as

    Forward:   for i = 1 … k:   O(i) = f_i(I(i))
    Backward:  dL/dv = 0 for every v, dL/dL = 1;
               for i = k … 1, for each v in I(i):   dL/dv += dL/dO(i) · ∂O(i)/∂v

``forward_steps`` lists the first loop, one record per node. ``backward_steps`` lists
every ``+=`` of the second loop, in exactly the order ``backward()`` applies them, with
each factor: the upstream gradient dL/dO, the local gradient ∂O/∂v and their product, the
contribution. Neither changes any ``.grad``: they replay the passes on the side.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.engine.backprop import BackwardStep, chain_rule, topological_order
from autograd.engine.checks import require_value
from autograd.engine.value import Value


@dataclass(frozen=True, slots=True)
class ForwardStep:
    """Node ``node`` of the forward pass: ``output = op(inputs)`` (a leaf has op "" and no inputs)."""

    index: int
    node: Value
    op: str
    inputs: tuple[float, ...]
    output: float


def forward_steps(root: Value) -> list[ForwardStep]:
    """Every node ``root`` depends on, in the order the forward pass computed them."""
    return [
        ForwardStep(k, node, node.op, tuple(v.data for v in node.inputs), node.data)
        for k, node in enumerate(topological_order(_checked("forward_steps", root)))
    ]


def backward_steps(root: Value) -> list[BackwardStep]:
    """The backward pass from ``root`` (dL/d root = 1), step by step, as ``backward()`` runs it.

    These are the steps of ``autograd.engine.backprop.chain_rule``, the lecture's loop, which
    ``backward()`` equals bit for bit. Summing the contributions into a node v gives the dL/dv
    that ``backward()`` adds to ``v.grad``. No ``.grad`` is changed. Raises FloatingPointError
    at the first step whose contribution or running sum is not finite, where ``backward()``
    would refuse too.
    """
    steps = []
    for step in chain_rule(_checked("backward_steps", root)):
        if not math.isfinite(step.grad_after):
            product = f"dL/dO · ∂O/∂v = {step.upstream!r} · {step.local_grad!r}"
            raise FloatingPointError(
                f"backward_steps: step {step.index}: {product} from op {step.output.op!r} "
                f"makes dL/dv = {step.grad_after!r}; backward() would refuse this graph"
            )
        steps.append(step)
    return steps


def node_names(root: Value) -> dict[int, str]:
    """A name for every node, keyed by ``id(node)``: its label, else the lecture's v1, v2, …

    Unlabelled nodes are numbered in topological order; an unlabelled constant is named by
    its number, as it is written in the expression.
    """
    names = {}
    for k, node in enumerate(topological_order(_checked("node_names", root)), start=1):
        if node.label:
            names[id(node)] = node.label
        elif node.role == "constant":
            names[id(node)] = f"{node.data:.4g}"
        else:
            names[id(node)] = f"v{k}"
    return names


_COLUMNS = ("step", "O", "op", "v", "dL/dO", "∂O/∂v", "contribution", "dL/dv after")


def _rows(root: Value, steps: Sequence[BackwardStep] | None) -> list[tuple[str, ...]]:
    names = node_names(root)
    if steps is None:
        steps = backward_steps(root)
    return [
        (
            str(s.index),
            names[id(s.output)],
            s.output.op,
            names[id(s.input)],
            f"{s.upstream:.4g}",
            f"{s.local_grad:.4g}",
            f"{s.contribution:.4g}",
            f"{s.grad_after:.4g}",
        )
        for s in steps
    ]


def step_table(
    root: Value, steps: Sequence[BackwardStep] | None = None, *, current: int | None = None
) -> str:
    """``backward_steps(root)`` (or ``steps`` of it) as a plain-text table; ▶ marks row ``current``.

    Nodes are named as ``node_names`` names them, so the table reads against the drawing.
    """
    return _text_table(_COLUMNS, _rows(root, steps), current)


def step_table_html(
    root: Value, steps: Sequence[BackwardStep] | None = None, *, current: int | None = None
) -> str:
    """The same table as HTML, with the ``current`` row in bold on a light background."""
    return _html_table(_COLUMNS, _rows(root, steps), current)


_FORWARD_COLUMNS = ("step", "O", "op", "inputs", "values", "O's value")


def forward_table(
    root: Value, steps: Sequence[ForwardStep] | None = None, *, current: int | None = None
) -> str:
    """``forward_steps(root)`` (or ``steps`` of it) as a plain-text table; ▶ marks row ``current``."""
    return _text_table(_FORWARD_COLUMNS, _forward_rows(root, steps), current)


def forward_table_html(
    root: Value, steps: Sequence[ForwardStep] | None = None, *, current: int | None = None
) -> str:
    """The same table as HTML, with the ``current`` row in bold on a light background."""
    return _html_table(_FORWARD_COLUMNS, _forward_rows(root, steps), current)


def _forward_rows(root: Value, steps: Sequence[ForwardStep] | None) -> list[tuple[str, ...]]:
    names = node_names(root)
    if steps is None:
        steps = forward_steps(root)
    return [
        (
            str(s.index),
            names[id(s.node)],
            s.op or "leaf",
            ", ".join(names[id(v)] for v in s.node.inputs),
            ", ".join(f"{x:.4g}" for x in s.inputs),
            f"{s.output:.4g}",
        )
        for s in steps
    ]


def _text_table(columns: Sequence[str], cells: list[tuple[str, ...]], current: int | None) -> str:
    rows = [tuple(columns), *cells]
    widths = [max(len(row[k]) for row in rows) for k in range(len(columns))]
    lines = []
    for n, row in enumerate(rows):
        mark = "▶ " if current is not None and n - 1 == current else "  "
        lines.append((mark + "  ".join(cell.ljust(w) for cell, w in zip(row, widths))).rstrip())
    return "\n".join(lines)


def _html_table(columns: Sequence[str], cells: list[tuple[str, ...]], current: int | None) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for n, row in enumerate(cells):
        style = ' style="font-weight:bold;background:#fde2e2"' if n == current else ""
        body.append(f"<tr{style}>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _checked(function: str, root: object) -> Value:
    require_value(function, "root", root)
    return root  # type: ignore[return-value]
