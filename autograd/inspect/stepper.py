"""Step through the backward pass one contribution at a time, in a notebook, a plain session or a file.

At step k the drawing shows what the backward pass knows after its first k + 1 steps
(see ``autograd.inspect.steps``): dL/dL = 1 at the root, and for every node v that a step up to k
reached, dL/dv so far. The edge of step k, from v into the op that made O, is drawn in
red, with v and O; nodes no step has reached yet show "grad ?". Beside the drawing, the
step's numbers, upstream × local = contribution, and the chain-rule sum for one leaf::

    s = Stepper(c)
    s.next()                    # in a notebook: the drawing at step 1, its numbers and the table
    print(s.table())            # in a plain session: every step, ▶ marking step 1
    s.render("step1.svg")
    s.save_html("steps.html")   # every step in one file that any browser opens, offline

Every step is drawn with the same layout (each box is as wide as the widest text it will
show), so the picture does not jump from one step to the next. ``StepThrough`` is what the
backward stepper and the forward one (``autograd.inspect.forward_stepper``) share.
"""

from __future__ import annotations

import html
import os
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from autograd.engine.backprop import topological_order
from autograd.engine.checks import require_int
from autograd.engine.value import Value
from autograd.inspect import step_html, viz
from autograd.inspect.steps import BackwardStep, backward_steps, node_names, step_table, step_table_html

#: Points per character of an 11-point label and per field of a box, a little over what Graphviz needs.
_POINTS_PER_CHAR, _POINTS_PER_FIELD = 6.5, 12


class StepThrough(ABC):
    """Steps 0 … n-1 with a current one, drawn and described; subclasses say what a step is.

    ``next()`` and ``previous()`` stop at the ends; ``goto(k)`` jumps. Each returns the
    stepper, so that a notebook cell ending in ``s.next()`` shows the new step. A subclass
    sets ``root``, ``steps``, ``max_nodes`` and ``title`` and defines ``to_dot``,
    ``caption``, ``table`` and ``table_html``.
    """

    root: Value
    steps: list
    max_nodes: int
    title: str
    step: int = 0

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def current(self):  # a BackwardStep or a ForwardStep
        """The record of the current step."""
        return self.steps[self.step]

    def next(self) -> StepThrough:
        self.step = min(self.step + 1, len(self.steps) - 1)
        return self

    def previous(self) -> StepThrough:
        self.step = max(self.step - 1, 0)
        return self

    def goto(self, k: int) -> StepThrough:
        require_int(f"{type(self).__name__}.goto", "the step", k)
        if not 0 <= k < len(self.steps):
            raise IndexError(f"{type(self).__name__}.goto: step {k} is not in 0 … {len(self.steps) - 1}")
        self.step = k
        return self

    def heading(self) -> str:
        return f"step {self.step} of 0 … {len(self.steps) - 1}"

    @abstractmethod
    def caption(self) -> list[str]:
        """The current step in words and numbers, one line each."""

    @abstractmethod
    def table(self) -> str:
        """Every step as a text table, the current one marked with ▶."""

    @abstractmethod
    def table_html(self) -> str:
        """The same table as HTML, the current row in bold."""

    @abstractmethod
    def to_dot(self) -> viz.Drawing:
        """The drawing of the current step."""

    def render(self, path: str | os.PathLike[str], *, scale: float = 1.0) -> Path:
        """Write the drawing of the current step to ``path`` (.svg or .png)."""
        return viz.save(self.to_dot(), path, scale=scale)

    def save_html(self, path: str | os.PathLike[str], *, scale: float = 1.0) -> Path:
        """Write every step into ONE self-contained HTML file: pictures, numbers, a few lines
        of script to step with buttons or the arrow keys. It needs no network and no kernel."""
        step_html.check_path(path)
        here = self.step
        try:
            frames = []
            for k in range(len(self.steps)):
                self.goto(k)
                svg = viz.layout(self.to_dot(), "svg", scale=scale).decode()
                frames.append(step_html.Frame(self.heading(), svg, self.caption()))
        finally:
            self.step = here
        return step_html.write(path, self.title, frames)

    def __str__(self) -> str:
        return "\n".join([self.heading(), *self.caption(), "", self.table()])

    def _repr_mimebundle_(self, include: object = None, exclude: object = None, **_: object) -> dict:
        """The current step for a notebook: HTML (the picture fitted to the width, its numbers,
        the table), a PNG alone for views that refuse HTML, and the text of ``str``."""
        bundle = {"text/plain": str(self)}
        try:
            png = viz.png_base64(self.to_dot())
        except (ValueError, RuntimeError):  # too big to draw, or no layout program
            png = None
        picture = "" if png is None else step_html.png_img(png)
        text = html.escape("\n".join(self.caption()))
        bundle["text/html"] = (
            f"<div>{picture}<p><b>{html.escape(self.heading())}</b></p>"
            f"<pre>{text}</pre>{self.table_html()}</div>"
        )
        if png is not None:
            bundle["image/png"] = png
        return bundle

    def widget(self) -> object:
        """An ipywidgets control: a slider over the steps, previous/next buttons and the view.

        Needs the optional ``widgets`` extra: ``pip install 'scalar-autograd[widgets]'``.
        """
        try:
            import ipywidgets
        except ImportError:
            raise ImportError(
                f"{type(self).__name__}.widget needs ipywidgets: pip install 'scalar-autograd[widgets]'; "
                "without it, step with next(), previous() and goto(k)"
            ) from None
        view = ipywidgets.HTML(self._repr_mimebundle_()["text/html"])
        slider = ipywidgets.IntSlider(value=self.step, min=0, max=len(self.steps) - 1, description="step")
        back, forth = ipywidgets.Button(description="◀ previous"), ipywidgets.Button(description="next ▶")

        def show(change: dict) -> None:
            self.goto(change["new"])
            view.value = self._repr_mimebundle_()["text/html"]

        slider.observe(show, names="value")
        # the buttons move the slider, whose observer redraws
        back.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
        forth.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, slider.max)))
        return ipywidgets.VBox([ipywidgets.HBox([back, slider, forth]), view])


def box_widths(fields: dict[Value, Sequence[Iterable[str]]]) -> dict[Value, float]:
    """The width in inches of each node's box that holds the longest text of each of its fields.

    ``fields[node]`` lists, for each field of the box (name, data, grad), every text it will
    show; the fields stand side by side, so their widths add up.
    """
    return {
        node: sum(_POINTS_PER_FIELD + _POINTS_PER_CHAR * max(map(len, texts)) for texts in boxes) / 72
        for node, boxes in fields.items()
    }


class Stepper(StepThrough):
    """The backward pass from ``root`` as a sequence of steps 0 … n-1, with a current step.

    ``leaf`` is the node whose chain-rule sum each step shows, filled in as its contributions
    arrive; by default the leaf that the most steps reach (the first such in topological order).
    """

    def __init__(
        self, root: Value, *, leaf: Value | None = None, max_nodes: int = viz.DEFAULT_MAX_NODES
    ) -> None:
        self.root = root
        self.steps: list[BackwardStep] = backward_steps(root)
        if not self.steps:
            raise ValueError("Stepper: the root is a leaf; its backward pass has no steps")
        self.max_nodes = max_nodes
        self.step = 0
        self.names = node_names(root)
        self.leaf = self._leaf(leaf)
        self.title = f"Backward pass of {self.names[id(root)]}: dL/dv += dL/dO · ∂O/∂v"
        self._widths = self._box_widths()

    def _leaf(self, leaf: Value | None) -> Value:
        # by identity: == between Values is a comparison node, not "the same node"
        reached = [s.input for s in self.steps if not s.input.op]
        counts = Counter(map(id, reached))
        if leaf is None:
            return max(dict.fromkeys(reached), key=lambda v: counts[id(v)])
        if id(leaf) not in counts:
            raise ValueError(
                f"Stepper: leaf {leaf!r} is not a leaf that the backward pass of the root reaches"
            )
        return leaf

    def grads(self) -> dict[Value, float]:
        """dL/dv as known after the current step: the root's 1, then each step's grad_after."""
        known = {self.root: 1.0}
        for s in self.steps[: self.step + 1]:
            known[s.input] = s.grad_after
        return known

    def to_dot(self) -> viz.Drawing:
        s = self.current
        return viz.to_dot(
            self.root,
            grads=self.grads(),
            highlight=(s.input, s.output, (s.input, s.output)),
            max_nodes=self.max_nodes,
            min_width=self._widths,
        )

    def caption(self) -> list[str]:
        """The current step in words and numbers: its edge, upstream × local = contribution,
        and the chain-rule sum for ``leaf`` with the contributions known so far."""
        s, name = self.current, self.names
        o, v, x = name[id(s.output)], name[id(s.input)], name[id(self.leaf)]
        terms = [t for t in self.steps if t.input is self.leaf]
        known = [t for t in terms if t.index <= self.step]
        numbers = " + ".join(
            f"{t.upstream:.4g}·{t.local_grad:.4g}" if t.index <= self.step else "?" for t in terms
        )
        total = f"{known[-1].grad_after:.4g}" if known else "?"
        return [
            f"edge {v} → ({s.output.op}) → {o}",
            f"dL/d{o} · ∂{o}/∂{v} = {s.upstream:.4g} · {s.local_grad:.4g} = {s.contribution:.4g}"
            f"   (upstream × local = contribution)",
            f"dL/d{v} so far = {s.grad_after:.4g}",
            f"chain rule for {x}: dL/d{x} = "
            + " + ".join(f"dL/d{name[id(t.output)]}·∂{name[id(t.output)]}/∂{x}" for t in terms),
            f"    = {numbers} = {total}" + ("" if len(known) == len(terms) else " so far"),
        ]

    def table(self) -> str:
        return step_table(self.root, self.steps, current=self.step)

    def table_html(self) -> str:
        return step_table_html(self.root, self.steps, current=self.step)

    def _box_widths(self) -> dict[Value, float]:
        grads: dict[Value, list[str]] = {node: ["grad ?"] for node in topological_order(self.root)}
        grads[self.root].append("grad 1")
        for s in self.steps:
            grads[s.input].append(f"grad {s.grad_after:.4g}")
        return box_widths(
            {node: [[self.names[id(node)]], [f"data {node.data:.4g}"], g] for node, g in grads.items()}
        )
