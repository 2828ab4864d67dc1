"""AdaGrad: a learning rate per parameter, shrinking with its history of squared gradients."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, nonnegative


class Adagrad(Optimizer):
    """PyTorch's ``torch.optim.Adagrad``, step for step. For each parameter θ at step t:

        γ̃ ← γ / (1 + (t - 1)·η)             η = lr_decay
        g ← ∇θ + λθ                         λ = weight_decay
        G ← G + g²                          G starts at initial_accumulator_value
        θ ← θ - γ̃·g / (√G + ε)              ε outside the square root

    The lecture's G ← G + (∇J)², w ← w - α∇J/√(G + ε): a large gradient history means a
    small step.
    """

    STATE = ("sum",)

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
    ) -> None:
        super().__init__(params, lr)
        self.lr_decay = nonnegative("Adagrad", "lr_decay", lr_decay)
        self.weight_decay = nonnegative("Adagrad", "weight_decay", weight_decay)
        self.initial_accumulator_value = nonnegative(
            "Adagrad", "initial_accumulator_value", initial_accumulator_value
        )
        self.eps = nonnegative("Adagrad", "eps", eps)

    def _update(
        self, t: int, thetas: list[float], grads: list[float]
    ) -> tuple[list[float], dict[str, list[float]]]:
        clr = self.lr / (1 + (t - 1) * self.lr_decay)
        wd, eps = self.weight_decay, self.eps
        old = self.state.get("sum") or [self.initial_accumulator_value] * len(thetas)
        new_thetas, sums = [], []
        for theta, g, total in zip(thetas, grads, old):
            if wd:
                g = g + wd * theta
            total = total + g * g
            sums.append(total)
            new_thetas.append(theta - clr * (g / (math.sqrt(total) + eps)))
        return new_thetas, {"sum": sums}
