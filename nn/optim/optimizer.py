"""``Optimizer``: the base of the update rules, which turn each p.grad into a step on p.data.

An optimizer holds the parameters (leaves with role "parameter") in parameter groups, each with
its own options (learning rate, weight decay, ...), as PyTorch's ``param_groups``; and the
per-parameter state of each group (momentum buffers, running averages). ``step()`` reads dL/dp
from every ``p.grad`` and writes the new ``p.data``: plain floats, no graph. The new values and
the new state are all computed first and checked to be finite, so a step that would overflow
changes nothing and says which parameter and which quantity went wrong.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping

from autograd import Value
from autograd.engine.checks import is_number, require_bool, require_int

Options = dict[str, object]
State = dict[str, list[float]]


def nonnegative(owner: str, name: str, x: object) -> float:
    """x as a float, or ValueError unless it is a finite number >= 0 (as PyTorch checks)."""
    if not is_number(x):
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


def betas_pair(owner: str, betas: object) -> tuple[float, float]:
    """(β₁, β₂), each in [0, 1)."""
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError(f"{owner}: betas must be a pair (beta1, beta2), got {betas!r}")
    return fraction(owner, "beta1", betas[0]), fraction(owner, "beta2", betas[1])


def lerp(start: float, end: float, weight: float) -> float:
    """(1 - w)·start + w·end, the running average m ← βm + (1 - β)g with w = 1 - β.

    Computed as PyTorch's ``lerp`` does, start + w·(end - start) for w < 0.5 and
    end - (end - start)·(1 - w) otherwise, so that long runs agree with it to the last bits.
    """
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


def signed_and_decayed(theta: float, g: float, o: Options) -> tuple[float, float]:
    """θ and g as each optimizer takes them before its own rule, in PyTorch's order:

    g ← -g with ``maximize`` (ascend instead of descend); then weight decay λ, added to the
    gradient, g ← g + λθ (the L2 penalty's gradient), or with ``decoupled_weight_decay``
    (AdamW's) applied to θ itself, θ ← θ(1 - γλ).
    """
    if o["maximize"]:
        g = -g
    wd = o["weight_decay"]
    if wd:
        if o.get("decoupled_weight_decay"):
            theta = theta * (1 - o["lr"] * wd)
        else:
            g = g + wd * theta
    return theta, g


class Optimizer(ABC):
    """Updates the parameters in place from their ``.grad`` each time ``step()`` is called.

    ``params`` is a list of Values (one group with the optimizer's options), or a list of
    dicts, each ``{"params": [...], option: value, ...}``: a group whose options override the
    optimizer's, as in PyTorch::

        nn.optim.SGD([{"params": body}, {"params": head, "lr": 0.01}], lr=0.1, momentum=0.9)

    Subclasses name their switches in ``FLAGS`` (every other option is a number >= 0, or the
    pair ``betas`` of decay rates in [0, 1)) and give the update rule in ``_update``, from one
    group's current values and gradients to its new values and new state (lists named in
    ``STATE``). ``self.steps`` counts the steps each group has taken: PyTorch counts
    them per parameter, but here every parameter of a group takes every step (its ``grad`` is
    always a number, never PyTorch's None that skips it), so one count per group is the same.
    """

    STATE: tuple[str, ...] = ()
    FLAGS: tuple[str, ...] = ()  # the options that are bools

    def __init__(self, params: Iterable[Value] | Iterable[Mapping[str, object]], defaults: Options) -> None:
        name = type(self).__name__
        if isinstance(params, (Value, dict)) or not isinstance(params, Iterable):
            raise TypeError(f"{name}: params must be a list of Values such as model.parameters()")
        items = list(params)
        if not items:
            raise ValueError(f"{name}: got an empty list of parameters")
        self.defaults = self._check(dict(defaults))
        self.param_groups: list[Options] = []
        self.state: list[State] = []
        self.steps: list[int] = []
        groups = items if all(isinstance(item, Mapping) for item in items) else [{"params": items}]
        for k, group in enumerate(groups):
            self._add_group("" if len(groups) == 1 else f"group {k} ", group)

    def add_param_group(self, param_group: Mapping[str, object]) -> None:
        """Add a group ``{"params": [...], option: value, ...}``, as PyTorch's ``add_param_group``:
        checked as the constructor checks its groups, its missing options from the defaults.

        Typical use: unfreeze a part of a model during training. Its parameters have taken no
        step yet, so their step count t starts again at 1 (Adam's bias correction 1 - β₁ᵗ is
        that of a first step), as in PyTorch, which counts steps per parameter.
        """
        if not isinstance(param_group, Mapping):
            raise TypeError(
                f"{type(self).__name__}.add_param_group: param_group must be a dict, "
                f"got {type(param_group).__name__}"
            )
        self._add_group(f"group {len(self.param_groups)} ", param_group)

    def _add_group(self, where: str, group: Mapping[str, object]) -> None:
        """Check a group and append it with no state and no step taken; a parameter may be in one
        group only. ``where`` is "group k " when there are several groups, for the messages."""
        checked = self._group(where, group)
        held = {id(p) for known in self.param_groups for p in known["params"]}
        for j, p in enumerate(checked["params"]):
            if id(p) in held:
                raise ValueError(
                    f"{type(self).__name__}: {where}params[{j}] appears more than once in the parameters"
                )
            held.add(id(p))
        self.param_groups.append(checked)
        self.state.append({})
        self.steps.append(0)

    def _group(self, where: str, group: Mapping[str, object]) -> Options:
        """A parameter group, checked, with every option it does not set taken from the defaults."""
        name = type(self).__name__
        if "params" not in group:
            raise TypeError(f"{name}: param {where}must be a dict with a 'params' list")
        self._refuse_unknown(name, where, set(group) - {"params"})
        params = group["params"]
        if isinstance(params, Value) or not isinstance(params, Iterable):
            raise TypeError(f"{name}: the 'params' of {where}must be a list of Values")
        params = list(params)
        if not params:
            raise ValueError(f"{name}: got an empty list of parameters {where}".rstrip())
        for j, p in enumerate(params):
            if not isinstance(p, Value):
                raise TypeError(f"{name}: {where}params[{j}] must be a Value, got {type(p).__name__}")
        options = self._check({**self.defaults, **{key: v for key, v in group.items() if key != "params"}})
        return {"params": params, **options}

    def _refuse_unknown(self, who: str, where: str, options: Iterable[str]) -> None:
        """ValueError naming the first of ``options`` that this optimizer does not have."""
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            known = ", ".join(self.defaults)
            raise ValueError(f"{who}: param {where}has unknown option {unknown[0]!r}; options: {known}")

    def _check(self, options: Options) -> Options:
        """The options checked and normalised (floats, bools); an error names a bad one. An
        optimizer with a rule that ties options together extends this."""
        name = type(self).__name__
        for key, value in options.items():
            if key == "betas":
                options[key] = betas_pair(name, value)
            elif key in self.FLAGS:
                options[key] = require_bool(name, key, value)
            else:
                options[key] = nonnegative(name, key, value)
        return options

    @property
    def params(self) -> list[Value]:
        """Every parameter, group after group."""
        return [p for group in self.param_groups for p in group["params"]]

    @property
    def lr(self) -> float:
        """The learning rate γ of the first group; setting it sets every group's."""
        return self.param_groups[0]["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        value = nonnegative(type(self).__name__, "lr", value)
        for group in self.param_groups:
            group["lr"] = value

    def zero_grad(self) -> None:
        """Set every p.grad to 0: backward() accumulates, so clear before each new gradient."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """One update of every parameter from its current gradient."""
        name = type(self).__name__
        updates = []
        for group, state, taken in zip(self.param_groups, self.state, self.steps):
            params = group["params"]
            thetas = [p.data for p in params]
            grads = [p.grad for p in params]
            try:
                new_thetas, new_state = self._update(taken + 1, thetas, grads, state, group)
            except ZeroDivisionError:
                raise FloatingPointError(
                    f"{name}.step: a division by zero in the update rule (eps = {group.get('eps')!r}); "
                    "a parameter whose gradients have all been 0 needs eps > 0. Nothing was changed"
                ) from None
            for k, theta in enumerate(new_thetas):
                if theta - theta:  # nan for inf and nan, 0.0 for every finite float
                    raise FloatingPointError(
                        f"{name}.step: parameter {_describe(params, k)} would become {theta!r} "
                        f"(value {thetas[k]!r}, grad {grads[k]!r}); nothing was changed, try a smaller lr"
                    )
            for key, values in new_state.items():
                for k, x in enumerate(values):
                    if x - x:
                        raise FloatingPointError(
                            f"{name}.step: the state {key!r} of parameter {_describe(params, k)} would "
                            f"become {x!r} (grad {grads[k]!r}); nothing was changed: a gradient this "
                            "large needs clipping or a rescaled loss"
                        )
            updates.append((params, new_thetas, new_state))
        for k, (params, new_thetas, new_state) in enumerate(updates):
            for p, theta in zip(params, new_thetas):
                p.data = theta
            self.state[k] = new_state
            self.steps[k] += 1

    @abstractmethod
    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, group: Options
    ) -> tuple[list[float], State]:
        """(θ_t for every parameter of a group, its new state) at step t from θ_{t-1}, the
        gradients g_t, the group's state after step t - 1 ({} before the first) and its options."""

    def state_dict(self) -> dict[str, object]:
        """{"steps", "param_groups", "state"}: everything needed to resume, as JSON-able lists."""
        return {
            "steps": list(self.steps),
            "param_groups": [
                {k: v for k, v in group.items() if k != "params"} for group in self.param_groups
            ],
            "state": [{k: list(v) for k, v in state.items()} for state in self.state],
        }

    def load_state_dict(self, state: dict[str, object]) -> None:
        """Resume from ``state_dict()``; every entry is checked before anything changes."""
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, dict) or set(state) != {"steps", "param_groups", "state"}:
            raise ValueError(f"{name}: expected a dict with keys 'steps', 'param_groups' and 'state'")
        steps, groups, buffers = state["steps"], state["param_groups"], state["state"]
        n = len(self.param_groups)
        if not all(isinstance(x, list) and len(x) == n for x in (steps, groups, buffers)):
            raise ValueError(
                f"{name}: 'steps', 'param_groups' and 'state' must be lists of {n} (one per group)"
            )
        for k, step in enumerate(steps):
            require_int(name, f"'steps'[{k}]", step, minimum=0)
        for k, group in enumerate(groups):
            self._refuse_unknown(name, f"group {k} ", _dict(name, f"param group {k}", group))
        options = [self._check({**self.defaults, **group}) for group in groups]
        for k, (group, saved) in enumerate(zip(self.param_groups, buffers)):
            for key, values in _dict(name, f"state of group {k}", saved).items():
                if key not in self.STATE:
                    raise ValueError(
                        f"{name}: unexpected state {key!r}; {type(self).__name__} keeps {self.STATE}"
                    )
                size = len(group["params"])
                if not isinstance(values, list) or len(values) != size:
                    raise ValueError(f"{name}: state {key!r} must be a list of {size} numbers")
                for x in values:
                    if not is_number(x) or not math.isfinite(x):
                        raise ValueError(f"{name}: state {key!r} holds {x!r}, not a finite number")
        for group, checked in zip(self.param_groups, options):
            group.update(checked)
        self.steps = list(steps)
        self.state = [{key: [float(x) for x in values] for key, values in saved.items()} for saved in buffers]


def _describe(params: list[Value], k: int) -> str:
    return f"{k} ({params[k].label})" if params[k].label else str(k)


def _dict(name: str, what: str, x: object) -> dict:
    if not isinstance(x, dict):
        raise ValueError(f"{name}: {what} must be a dict, got {type(x).__name__}")
    return x
