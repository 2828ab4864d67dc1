"""Learning-rate schedules: change ``optimizer.lr`` once per epoch, as PyTorch's schedulers do.

Create the scheduler after the optimizer and call ``scheduler.step()`` at the end of each
epoch, after that epoch's ``optimizer.step()`` calls::

    opt = nn.optim.SGD(model.parameters(), lr=0.1)
    schedule = nn.optim.StepLR(opt, step_size=10, gamma=0.5)   # 0.1 for epochs 0-9, 0.05 for 10-19 ...
    for epoch in range(30):
        ...                                                     # opt.step() per batch
        schedule.step()
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable

from nn.optim.optimizer import Optimizer, nonnegative


class LRScheduler(ABC):
    """Sets ``optimizer.lr`` for epoch 0 now and for the next epoch at each ``step()``."""

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: expected an nn.optim optimizer, got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0
        optimizer.lr = self._lr()

    def step(self) -> None:
        """End of an epoch: set the learning rate of the next one."""
        self.last_epoch += 1
        self.optimizer.lr = self._lr()

    def get_last_lr(self) -> float:
        """The learning rate this scheduler set last."""
        return self.optimizer.lr

    @abstractmethod
    def _lr(self) -> float:
        """The learning rate for epoch ``self.last_epoch``."""


class StepLR(LRScheduler):
    """γ ← γ·gamma every ``step_size`` epochs: lr = base_lr·gamma^⌊epoch / step_size⌋."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"StepLR: step_size must be an int >= 1, got {step_size!r}")
        self.step_size = step_size
        self.gamma = nonnegative("StepLR", "gamma", gamma)
        super().__init__(optimizer)

    def _lr(self) -> float:
        # Multiplies the current lr, as PyTorch does, so a change made by hand is kept.
        if self.last_epoch == 0 or self.last_epoch % self.step_size:
            return self.optimizer.lr
        return self.optimizer.lr * self.gamma


class ExponentialLR(LRScheduler):
    """γ ← γ·gamma every epoch: lr = base_lr·gamma^epoch."""

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = nonnegative("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer)

    def _lr(self) -> float:
        if self.last_epoch == 0:
            return self.optimizer.lr
        return self.optimizer.lr * self.gamma


class LambdaLR(LRScheduler):
    """lr = base_lr · lr_lambda(epoch), for any function of the epoch number."""

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float]) -> None:
        if not callable(lr_lambda):
            raise TypeError(f"LambdaLR: lr_lambda must be a function of the epoch, got {lr_lambda!r}")
        self.lr_lambda = lr_lambda
        super().__init__(optimizer)

    def _lr(self) -> float:
        factor = self.lr_lambda(self.last_epoch)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not math.isfinite(factor):
            raise ValueError(
                f"LambdaLR: lr_lambda({self.last_epoch}) returned {factor!r}, not a finite number"
            )
        return self.base_lr * factor
