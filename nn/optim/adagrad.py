"""AdaGrad: a learning rate per parameter, shrinking with its history of squared gradients."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, signed_and_decayed


class Adagrad(Optimizer):
    """PyTorch's ``torch.optim.Adagrad``, step for step. For each parameter θ at step t:

        g ← ∇θ                              (-∇θ if maximize)
        g ← g + λθ                          λ = weight_decay
        γ̃ ← γ / (1 + (t - 1)·η)             η = lr_decay
        G ← G + g²                          G starts at initial_accumulator_value
        θ ← θ - γ̃·g / (√G + ε)              ε outside the square root

    The lecture's G ← G + (∇J)², w ← w - α∇J/√(G + ε): a large gradient history means a
    small step.
    """

    STATE = ("sum",)
    FLAGS = ("maximize",)

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        clr = o["lr"] / (1 + (t - 1) * o["lr_decay"])
        eps = o["eps"]
        old = state.get("sum") or [o["initial_accumulator_value"]] * len(thetas)
        new_thetas, sums = [], []
        for theta, g, total in zip(thetas, grads, old):
            theta, g = signed_and_decayed(theta, g, o)
            total = total + g * g
            sums.append(total)
            new_thetas.append(theta - clr * (g / (math.sqrt(total) + eps)))
        return new_thetas, {"sum": sums}
