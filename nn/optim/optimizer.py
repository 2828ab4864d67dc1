"""``Optimizer``: the base of the update rules, which turn each p.grad into a step on p.data.

An optimizer holds the parameters (leaves with role "parameter"), a learning rate ``lr`` and
per-parameter state (momentum buffers, running averages). ``step()`` reads dL/dp from every
``p.grad`` and writes the new ``p.data``: plain floats, no graph. The new values are all
computed first and checked to be finite, so a step that would overflow changes nothing.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable

from autograd import Value


def nonnegative(owner: str, name: str, x: object) -> float:
    """x as a float, or ValueError unless it is a finite number >= 0 (as PyTorch checks)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{owner}: {name} must be a number, got {type(x).__name__}")
    if not 0.0 <= x < math.inf:
        raise ValueError(f"{owner}: invalid {name} {x!r}, must be a finite number >= 0")
    return float(x)


def fraction(owner: str, name: str, x: object) -> float:
    """x as a float, or ValueError unless 0 <= x < 1 (a decay rate such as Adam's betas)."""
    x = nonnegative(owner, name, x)
    if x >= 1.0:
        raise ValueError(f"{owner}: invalid {name} {x!r}, must be in [0, 1)")
    return x


class Optimizer(ABC):
    """Updates ``params`` in place from their ``.grad`` each time ``step()`` is called.

    Subclasses give the update rule in ``_update``, from the current values and gradients
    to the new values and the new state (lists named in ``STATE``); ``self.t`` counts the
    steps taken.
    """

    STATE: tuple[str, ...] = ()

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        name = type(self).__name__
        if isinstance(params, Value) or not isinstance(params, Iterable):
            raise TypeError(f"{name}: params must be a list of Values such as model.parameters()")
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{name}: got an empty list of parameters")
        for k, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(f"{name}: params[{k}] must be a Value, got {type(p).__name__}")
        if len({id(p) for p in self.params}) != len(self.params):
            raise ValueError(f"{name}: a parameter appears more than once in params")
        self.lr = lr
        self.t = 0
        self.state: dict[str, list[float]] = {}

    @property
    def lr(self) -> float:
        """The learning rate γ; a schedule (``nn.optim.StepLR`` ...) may change it between steps."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = nonnegative(type(self).__name__, "lr", value)

    def zero_grad(self) -> None:
        """Set every p.grad to 0: backward() accumulates, so clear before each new gradient."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """One update of every parameter from its current gradient."""
        thetas = [p.data for p in self.params]
        grads = [p.grad for p in self.params]
        new_thetas, new_state = self._update(self.t + 1, thetas, grads)
        for k, theta in enumerate(new_thetas):
            if theta - theta:  # nan for inf and nan, 0.0 for every finite float
                label = f" ({self.params[k].label})" if self.params[k].label else ""
                raise FloatingPointError(
                    f"{type(self).__name__}.step: parameter {k}{label} would become {theta!r} "
                    f"(value {thetas[k]!r}, grad {grads[k]!r}); nothing was changed, try a smaller lr"
                )
        for p, theta in zip(self.params, new_thetas):
            p.data = theta
        self.state = new_state
        self.t += 1

    @abstractmethod
    def _update(
        self, t: int, thetas: list[float], grads: list[float]
    ) -> tuple[list[float], dict[str, list[float]]]:
        """(θ_t for every parameter, the new state) at step t from θ_{t-1} and the gradients g_t."""

    def state_dict(self) -> dict[str, object]:
        """{"lr", "step", "state"}: everything needed to resume, as JSON-able lists of floats."""
        return {"lr": self.lr, "step": self.t, "state": {k: list(v) for k, v in self.state.items()}}

    def load_state_dict(self, state: dict[str, object]) -> None:
        """Resume from ``state_dict()``; every entry is checked before anything changes."""
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, dict) or set(state) != {"lr", "step", "state"}:
            raise ValueError(f"{name}: expected a dict with keys 'lr', 'step' and 'state'")
        nonnegative(name, "lr", state["lr"])
        step = state["step"]
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError(f"{name}: 'step' must be an int >= 0, got {step!r}")
        buffers = state["state"]
        if not isinstance(buffers, dict):
            raise ValueError(f"{name}: 'state' must be a dict of lists, got {type(buffers).__name__}")
        for key, values in buffers.items():
            if key not in self.STATE:
                raise ValueError(
                    f"{name}: unexpected state {key!r}; {type(self).__name__} keeps {self.STATE}"
                )
            if not isinstance(values, list) or len(values) != len(self.params):
                raise ValueError(f"{name}: state {key!r} must be a list of {len(self.params)} numbers")
            for x in values:
                if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                    raise ValueError(f"{name}: state {key!r} holds {x!r}, not a finite number")
        self.lr = state["lr"]
        self.t = step
        self.state = {key: [float(x) for x in values] for key, values in buffers.items()}
