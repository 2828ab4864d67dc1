"""Step through the forward pass one node at a time: lecture 03's ``O(i) = f_i(I(i))`` for i = 1 … k.

At step k the drawing shows the data of every node computed so far, in topological order
(see ``autograd.inspect.steps.forward_steps``), with node k in red; later nodes show
"data ?". Beside it, the step in names and in numbers::

    f = ForwardStepper(c)
    f.goto(2)                  # v3 = 2 * a = 2 · 1 = 2
    f.save_html("forward.html")

It steps, draws and exports like the backward ``Stepper`` (``autograd.inspect.stepper``).
"""

from __future__ import annotations

from autograd.engine.value import Value
from autograd.inspect import viz
from autograd.inspect.stepper import StepThrough, box_widths
from autograd.inspect.steps import ForwardStep, forward_steps, forward_table, forward_table_html, node_names

_INFIX = ("+", "-", "*", "/", "**")


def written(op: str, inputs: list[str]) -> str:
    """``op`` applied to ``inputs`` as the lecture writes it: a * b, a**2, tanh(a)."""
    if op in _INFIX and len(inputs) == 2:
        return f" {op} ".join(inputs)
    if op.startswith("**") and len(inputs) == 1:  # a power by a constant, e.g. **2
        return inputs[0] + op
    return f"{op}({', '.join(inputs)})"


class ForwardStepper(StepThrough):
    """The forward pass that computed ``root``, one node per step, leaves first."""

    def __init__(self, root: Value, *, max_nodes: int = viz.DEFAULT_MAX_NODES) -> None:
        self.root = root
        self.steps: list[ForwardStep] = forward_steps(root)
        self.max_nodes = max_nodes
        self.step = 0
        self.names = node_names(root)
        self.title = f"Forward pass of {self.names[id(root)]}: O = f(I), node by node"
        self._widths = box_widths(
            {s.node: [[self.names[id(s.node)]], ["data ?", f"data {s.output:.4g}"]] for s in self.steps}
        )

    def known(self) -> dict[Value, float]:
        """The data of every node computed up to the current step."""
        return {s.node: s.output for s in self.steps[: self.step + 1]}

    def to_dot(self) -> viz.Drawing:
        return viz.to_dot(
            self.root,
            show_grad=False,
            data=self.known(),
            highlight=[self.current.node],
            max_nodes=self.max_nodes,
            min_width=self._widths,
        )

    def caption(self) -> list[str]:
        """The current node: a leaf and its value, or O = f(I) in names and in numbers."""
        s = self.current
        name = self.names[id(s.node)]
        if not s.op:
            return [f"{name} = {s.output:.4g}   (a leaf: {s.node.role})"]
        inputs = [self.names[id(v)] for v in s.node.inputs]
        return [
            f"{name} = {written(s.op, inputs)}",
            f"    = {written(s.op, [f'{x:.4g}' for x in s.inputs])} = {s.output:.4g}",
        ]

    def table(self) -> str:
        return forward_table(self.root, self.steps, current=self.step)

    def table_html(self) -> str:
        return forward_table_html(self.root, self.steps, current=self.step)
