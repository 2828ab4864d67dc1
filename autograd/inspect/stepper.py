"""Step through the backward pass one contribution at a time, in a notebook or a plain session.

At step k the drawing shows what the backward pass knows after its first k + 1 steps
(see ``autograd.inspect.steps``): dL/dL = 1 at the root, and for every node v that a step up to k
reached, dL/dv so far. The edge of step k, from v into the op that made O, is drawn in
red, with v and O; nodes no step has reached yet show "grad ?"::

    s = Stepper(c)
    s.next()               # in a notebook: the drawing at step 1 and the step table
    print(s.table())       # in a plain session: every step, ▶ marking step 1
    s.render("step1.svg")
"""

from __future__ import annotations

import os
from pathlib import Path

import graphviz

from autograd.engine.checks import require_int
from autograd.engine.value import Value
from autograd.inspect import viz
from autograd.inspect.steps import BackwardStep, backward_steps, step_table, step_table_html


class Stepper:
    """The backward pass from ``root`` as a sequence of steps 0 … n-1, with a current step.

    ``next()`` and ``previous()`` stop at the ends; ``goto(k)`` jumps. Each returns the
    stepper, so that a notebook cell ending in ``s.next()`` shows the new step.
    """

    def __init__(self, root: Value, *, max_nodes: int = viz.DEFAULT_MAX_NODES) -> None:
        self.root = root
        self.steps: list[BackwardStep] = backward_steps(root)
        if not self.steps:
            raise ValueError("Stepper: the root is a leaf; its backward pass has no steps")
        self.max_nodes = max_nodes
        self.step = 0

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def current(self) -> BackwardStep:
        """The record of the current step."""
        return self.steps[self.step]

    def next(self) -> Stepper:
        self.step = min(self.step + 1, len(self.steps) - 1)
        return self

    def previous(self) -> Stepper:
        self.step = max(self.step - 1, 0)
        return self

    def goto(self, k: int) -> Stepper:
        require_int("Stepper.goto", "the step", k)
        if not 0 <= k < len(self.steps):
            raise IndexError(f"Stepper.goto: step {k} is not in 0 … {len(self.steps) - 1}")
        self.step = k
        return self

    def grads(self) -> dict[Value, float]:
        """dL/dv as known after the current step: the root's 1, then each step's grad_after."""
        known = {self.root: 1.0}
        for s in self.steps[: self.step + 1]:
            known[s.input] = s.grad_after
        return known

    def to_dot(self) -> graphviz.Digraph:
        s = self.current
        return viz.to_dot(
            self.root,
            grads=self.grads(),
            highlight=(s.input, s.output, (s.input, s.output)),
            max_nodes=self.max_nodes,
        )

    def render(self, path: str | os.PathLike[str], format: str = "svg") -> Path:  # noqa: A002
        """Write the drawing of the current step to ``path``."""
        return viz.save(self.to_dot(), path, format)

    def table(self) -> str:
        """Every step as a text table, the current one marked with ▶."""
        return step_table(self.root, self.steps, current=self.step)

    def __str__(self) -> str:
        return f"step {self.step} of 0 … {len(self.steps) - 1}\n{self.table()}"

    def _repr_svg_(self) -> str | None:
        try:
            return viz.layout(self.to_dot(), "svg").decode()
        except (ValueError, RuntimeError):  # too big to draw, or no layout program
            return None

    def _repr_html_(self) -> str:
        """The drawing of the current step (when it can be drawn) above the step table."""
        picture = self._repr_svg_() or ""
        caption = f"<p>step {self.step} of 0 … {len(self.steps) - 1}</p>"
        return picture + caption + step_table_html(self.root, self.steps, current=self.step)

    def widget(self) -> object:
        """An ipywidgets control: a slider over the steps, previous/next buttons and the view.

        Needs the optional ``widgets`` extra: ``pip install 'scalar-autograd[widgets]'``.
        """
        try:
            import ipywidgets
        except ImportError:
            raise ImportError(
                "Stepper.widget needs ipywidgets: pip install 'scalar-autograd[widgets]'; "
                "without it, step with next(), previous() and goto(k)"
            ) from None
        view = ipywidgets.HTML(self._repr_html_())
        slider = ipywidgets.IntSlider(value=self.step, min=0, max=len(self.steps) - 1, description="step")
        back, forth = ipywidgets.Button(description="◀ previous"), ipywidgets.Button(description="next ▶")

        def show(change: dict) -> None:
            self.goto(change["new"])
            view.value = self._repr_html_()

        slider.observe(show, names="value")
        # the buttons move the slider, whose observer redraws
        back.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
        forth.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, slider.max)))
        return ipywidgets.VBox([ipywidgets.HBox([back, slider, forth]), view])
