"""Learning-rate schedules: change each parameter group's ``lr`` once per epoch (or per batch,
for ``OneCycleLR``), as PyTorch's schedulers do.

Create the scheduler after the optimizer and call ``scheduler.step()`` at the end of each
epoch, after that epoch's ``optimizer.step()`` calls::

    opt = nn.optim.SGD(model.parameters(), lr=0.1)
    schedule = nn.optim.StepLR(opt, step_size=10, gamma=0.5)   # 0.1 for epochs 0-9, 0.05 for 10-19 ...
    for epoch in range(30):
        ...                                                     # opt.step() per batch
        schedule.step()

``ReduceLROnPlateau`` is stepped with the epoch's validation loss: ``schedule.step(val_loss)``.
Each schedule is written as PyTorch computes it (most multiply the current lr, so that a change
made by hand is kept), and the oracle tests hold them to torch's learning rates.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from autograd.engine.checks import is_number, require_int
from nn.optim.optimizer import Optimizer, fraction, nonnegative


def _optimizer(owner: str, optimizer: object) -> Optimizer:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{owner}: expected an nn.optim optimizer, got {type(optimizer).__name__}")
    return optimizer


def _count(owner: str, name: str, n: object, least: int = 1) -> int:
    return require_int(owner, name, n, minimum=least)


class LRScheduler(ABC):
    """Sets every group's ``lr`` for epoch 0 now and for the next epoch at each ``step()``."""

    def __init__(self, optimizer: Optimizer) -> None:
        self.optimizer = _optimizer(type(self).__name__, optimizer)
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._set(self._lrs())

    def step(self) -> None:
        """End of an epoch: set the learning rate of the next one."""
        self.last_epoch += 1
        self._set(self._lrs())

    def get_last_lr(self) -> list[float]:
        """The learning rate of each group that this scheduler set last."""
        return [group["lr"] for group in self.optimizer.param_groups]

    def _set(self, lrs: list[float]) -> None:
        name = type(self).__name__
        checked = [nonnegative(name, f"the learning rate of epoch {self.last_epoch}", lr) for lr in lrs]
        for group, lr in zip(self.optimizer.param_groups, checked):
            group["lr"] = lr

    def _current(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def _base(self) -> list[float]:
        """Each group's lr when the schedule was made; ValueError if a group was added since,
        which has none (torch fails there with a KeyError or a zip of unequal lengths)."""
        groups, known = len(self.optimizer.param_groups), len(self.base_lrs)
        if groups != known:
            raise ValueError(
                f"{type(self).__name__}: the optimizer has {groups} parameter groups, {known} when this "
                "schedule was made, and the schedule needs each group's first lr: make the schedule "
                "after add_param_group"
            )
        return self.base_lrs

    @abstractmethod
    def _lrs(self) -> list[float]:
        """Each group's learning rate for epoch ``self.last_epoch``."""


class StepLR(LRScheduler):
    """lr ← lr·gamma every ``step_size`` epochs: lr = base_lr·gamma^⌊epoch / step_size⌋."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = _count("StepLR", "step_size", step_size)
        self.gamma = nonnegative("StepLR", "gamma", gamma)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size:
            return self._current()
        return [lr * self.gamma for lr in self._current()]


class MultiStepLR(LRScheduler):
    """lr ← lr·gamma at each epoch listed in ``milestones`` (gamma^k for a milestone listed k times)."""

    def __init__(self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1) -> None:
        if not isinstance(milestones, Iterable):
            raise TypeError(f"MultiStepLR: milestones must be a list of epochs, got {milestones!r}")
        self.milestones = [_count("MultiStepLR", "each milestone", m) for m in milestones]
        self.gamma = nonnegative("MultiStepLR", "gamma", gamma)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        times = self.milestones.count(self.last_epoch) if self.last_epoch else 0
        if not times:
            return self._current()
        return [lr * self.gamma**times for lr in self._current()]


class ExponentialLR(LRScheduler):
    """lr ← lr·gamma every epoch: lr = base_lr·gamma^epoch."""

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = nonnegative("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        if self.last_epoch == 0:
            return self._current()
        return [lr * self.gamma for lr in self._current()]


class LambdaLR(LRScheduler):
    """lr = base_lr · lr_lambda(epoch), for any function of the epoch number."""

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float]) -> None:
        if not callable(lr_lambda):
            raise TypeError(f"LambdaLR: lr_lambda must be a function of the epoch, got {lr_lambda!r}")
        self.lr_lambda = lr_lambda
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        factor = self.lr_lambda(self.last_epoch)
        if not is_number(factor) or not math.isfinite(factor):
            raise ValueError(
                f"LambdaLR: lr_lambda({self.last_epoch}) returned {factor!r}, not a finite number"
            )
        return [base * factor for base in self._base()]


class LinearLR(LRScheduler):
    """lr goes linearly from base_lr·start_factor to base_lr·end_factor over ``total_iters`` epochs:

        lr = base_lr·(s + (e - s)·min(epoch, T)/T)

    computed as PyTorch does, each epoch's lr from the last one:
    lr ← lr·(1 + (e - s) / (T·s + (epoch - 1)·(e - s))) for 0 < epoch <= T.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        if not is_number(start_factor) or not 0 < start_factor <= 1:
            raise ValueError(f"LinearLR: start_factor must be in (0, 1], got {start_factor!r}")
        if not is_number(end_factor) or not 0 <= end_factor <= 1:
            raise ValueError(f"LinearLR: end_factor must be in [0, 1], got {end_factor!r}")
        self.start_factor, self.end_factor = float(start_factor), float(end_factor)
        self.total_iters = _count("LinearLR", "total_iters", total_iters)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self._current()]
        if self.last_epoch > self.total_iters:
            return self._current()
        s, e, t = self.start_factor, self.end_factor, self.total_iters
        factor = 1.0 + (e - s) / (t * s + (self.last_epoch - 1) * (e - s))
        return [lr * factor for lr in self._current()]


class CosineAnnealingLR(LRScheduler):
    """lr = η_min + ½(base_lr - η_min)(1 + cos(π·epoch / T_max)): half a cosine from base_lr down
    to η_min over T_max epochs, then back up (SGDR without restarts; Loshchilov and Hutter, 2017).

    Computed as PyTorch does, each epoch's lr from the last one:
    lr ← η_min + (lr - η_min)·(1 + cos(π·epoch/T)) / (1 + cos(π·(epoch - 1)/T)),
    and lr ← lr + (base_lr - η_min)(1 - cos(π/T))/2 where that ratio would be 0/0.
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        self.T_max = _count("CosineAnnealingLR", "T_max", T_max)
        self.eta_min = nonnegative("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        epoch, period, low = self.last_epoch, self.T_max, self.eta_min
        if epoch == 0:
            return self._current()
        if (epoch - 1 - period) % (2 * period) == 0:
            rise = (1 - math.cos(math.pi / period)) / 2
            return [lr + (base - low) * rise for lr, base in zip(self._current(), self._base())]
        ratio = (1 + math.cos(math.pi * epoch / period)) / (1 + math.cos(math.pi * (epoch - 1) / period))
        return [ratio * (lr - low) + low for lr in self._current()]


class OneCycleLR(LRScheduler):
    """The one-cycle policy (Smith and Topor, 2018), stepped after every batch for ``total_steps``:

        lr rises from max_lr/div_factor to max_lr over the first pct_start of the steps,
        then falls to max_lr/(div_factor·final_div_factor) by the last step;

    each phase follows half a cosine, start + (end - start)(1 - cos(π·pct))/2 ("cos"), or a straight
    line ("linear"), pct being the fraction of the phase done. With ``cycle_momentum`` the momentum
    (SGD's momentum, Adam's β₁) moves the other way, from max_momentum to base_momentum and back.
    A ``step()`` after the last one keeps the final values.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float,
        total_steps: int,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: float = 0.85,
        max_momentum: float = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
    ) -> None:
        owner = "OneCycleLR"
        _optimizer(owner, optimizer)
        self.total_steps = _count(owner, "total_steps", total_steps)
        if not is_number(pct_start) or not 0 <= pct_start <= 1:
            raise ValueError(f"{owner}: pct_start must be a number in [0, 1], got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"{owner}: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
        self.anneal = _cosine if anneal_strategy == "cos" else _linear
        self.max_lr = nonnegative(owner, "max_lr", max_lr)
        div = nonnegative(owner, "div_factor", div_factor)
        final = nonnegative(owner, "final_div_factor", final_div_factor)
        if not div or not final:
            raise ValueError(f"{owner}: div_factor and final_div_factor must be > 0")
        self.initial_lr = self.max_lr / div
        self.min_lr = self.initial_lr / final
        # The step at which each phase ends, with its lr and momentum at the start and the end.
        self.phases = [
            (
                float(pct_start * self.total_steps) - 1,
                self.initial_lr,
                self.max_lr,
                max_momentum,
                base_momentum,
            ),
            (self.total_steps - 1, self.max_lr, self.min_lr, base_momentum, max_momentum),
        ]
        self.cycle_momentum = bool(cycle_momentum)
        if self.cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(f"{owner}: cycle_momentum needs an optimizer with momentum or betas")
            fraction(owner, "base_momentum", base_momentum)
            fraction(owner, "max_momentum", max_momentum)
            self._set_momentum(max_momentum, optimizer)
        super().__init__(optimizer)

    def _lrs(self) -> list[float]:
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(f"OneCycleLR: stepped {step} times, past total_steps = {self.total_steps}")
        start = 0.0
        for k, (end, lr_start, lr_end, momentum_start, momentum_end) in enumerate(self.phases):
            if step <= end or k == len(self.phases) - 1:
                # past the last step's end, stay at the final values (torch extrapolates there,
                # to a negative lr along a straight line)
                pct = min((step - start) / (end - start), 1.0)
                if self.cycle_momentum:
                    self._set_momentum(self.anneal(momentum_start, momentum_end, pct), self.optimizer)
                return [self.anneal(lr_start, lr_end, pct)] * len(self.optimizer.param_groups)
            start = end
        raise AssertionError("the last phase always matches")

    @staticmethod
    def _set_momentum(momentum: float, optimizer: Optimizer) -> None:
        for group in optimizer.param_groups:
            if "betas" in group:
                group["betas"] = (momentum, group["betas"][1])
            else:
                group["momentum"] = momentum


def _cosine(start: float, end: float, pct: float) -> float:
    """From start (pct = 0) to end (pct = 1) along half a cosine: end + (start - end)(1 + cos πp)/2."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)


def _linear(start: float, end: float, pct: float) -> float:
    """From start (pct = 0) to end (pct = 1) along a straight line."""
    return (end - start) * pct + start


class ReduceLROnPlateau:
    """lr ← max(lr·factor, min_lr) once the metric given to ``step(metric)`` has not improved for
    more than ``patience`` epochs; then wait ``cooldown`` epochs before counting again.

    In mode "min" (a loss) the metric improves when it falls below best·(1 - threshold) ("rel")
    or best - threshold ("abs"); in mode "max" (an accuracy) when it rises above
    best·(1 + threshold) or best + threshold. A change smaller than ``eps`` is not made.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float = 0.0,
        eps: float = 1e-8,
    ) -> None:
        owner = "ReduceLROnPlateau"
        self.optimizer = _optimizer(owner, optimizer)
        if mode not in ("min", "max"):
            raise ValueError(f"{owner}: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"{owner}: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
        self.mode, self.threshold_mode = mode, threshold_mode
        self.factor = fraction(owner, "factor", factor)
        self.patience = _count(owner, "patience", patience, least=0)
        self.cooldown = _count(owner, "cooldown", cooldown, least=0)
        self.threshold = nonnegative(owner, "threshold", threshold)
        self.min_lr = nonnegative(owner, "min_lr", min_lr)
        self.eps = nonnegative(owner, "eps", eps)
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0

    def step(self, metric: float) -> None:
        """End of an epoch whose validation metric was ``metric``."""
        if not is_number(metric) or not math.isfinite(metric):
            raise ValueError(f"ReduceLROnPlateau.step: the metric must be a finite number, got {metric!r}")
        metric = float(metric)
        self.last_epoch += 1
        if self._improves(metric):
            self.best = metric
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs during the cooldown do not count
        if self.num_bad_epochs > self.patience:
            for group in self.optimizer.param_groups:
                new_lr = max(group["lr"] * self.factor, self.min_lr)
                if group["lr"] - new_lr > self.eps:
                    group["lr"] = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0

    def get_last_lr(self) -> list[float]:
        """The learning rate of each group."""
        return [group["lr"] for group in self.optimizer.param_groups]

    def _improves(self, metric: float) -> bool:
        best, threshold = self.best, self.threshold
        if self.mode == "min":
            return metric < (best * (1.0 - threshold) if self.threshold_mode == "rel" else best - threshold)
        return metric > (best * (threshold + 1.0) if self.threshold_mode == "rel" else best + threshold)
