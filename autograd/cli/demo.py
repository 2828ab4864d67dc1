"""The lecture's chain-rule examples, built, backpropagated and printed node by node.

Run with ``python -m autograd demo``.
"""

from __future__ import annotations

from autograd.engine.backprop import topological_order
from autograd.engine.value import Value


def _examples() -> list[tuple[str, Value]]:
    """(title, root) for each worked example of lecture 03 (seed 003)."""
    a = Value(1.0, label="a")
    b = 3 * a
    b.label = "b"
    c = b.log()
    c.label = "c"
    chain_1 = ("Chain rule I: c = log(3a) at a = 1; dc/da = 1", c)

    a, b = Value(1.0, label="a"), Value(1.0, label="b")
    v1, v2 = 2 * a, b**2
    v1.label, v2.label = "v1", "v2"
    c = v1 + v2
    c.label = "c"
    chain_2 = ("Chain rule II: c = 2a + b^2 at a = b = 1; (dc/da, dc/db) = (2, 2)", c)

    a = Value(1.0, label="a")
    v1, v2 = 2 * a, a**2
    v1.label, v2.label = "v1", "v2"
    c = v1 + v2
    c.label = "c"
    chain_3 = ("Chain rule III: c = 2a + a^2 at a = 1; dc/da = 4", c)

    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    xy = x * y
    xy.label = "xy"
    z = xy + x
    z.label = "z"
    practice = ("Practice: z = xy + x at x = 1, y = 2; (dz/dx, dz/dy) = (3, 1)", z)
    return [chain_1, chain_2, chain_3, practice]


def node_table(root: Value) -> str:
    """Every node of root's graph in forward order: name, how it was made, data and grad."""
    rows = [("node", "made by", "data", "grad")]
    for node in topological_order(root):
        rows.append((node.label or "", _made_by(node), f"{node.data:.6g}", f"{node.grad:.6g}"))
    widths = [max(len(row[k]) for row in rows) for k in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _made_by(node: Value) -> str:
    """How a node was made, as the lecture writes it: "v1 + v2", "b**2", "log(b)"; a leaf's role."""
    if not node.op:
        return node.role
    names = [v.label or f"{v.data:g}" for v in node.inputs]
    if node.op in ("+", "-", "*", "/", "**"):
        return f" {node.op} ".join(names)
    if node.op.startswith("**"):
        return names[0] + node.op
    return f"{node.op}({', '.join(names)})"


def main() -> None:
    for title, root in _examples():
        root.backward()
        print(title)
        print(node_table(root))
        print()
