"""Adadelta: RMSProp whose step size comes from a running average of the past steps themselves."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, signed_and_decayed


class Adadelta(Optimizer):
    """PyTorch's ``torch.optim.Adadelta``, step for step. For each parameter θ at step t:

        g ← ∇θ                                  (-∇θ if maximize)
        g ← g + λθ                              λ = weight_decay
        v ← ρv + (1 - ρ)g²                      running average of g²
        Δ ← √(u + ε) / √(v + ε) · g             the step, in the units of θ
        u ← ρu + (1 - ρ)Δ²                      running average of Δ²
        θ ← θ - γΔ

    (Zeiler, 2012.) Both averages start at 0, so ε sets the size of the first steps.
    """

    STATE = ("square_avg", "acc_delta")
    FLAGS = ("maximize",)

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize))

    def _check(self, o: Options) -> Options:
        o = super()._check(o)
        if o["rho"] > 1.0:
            raise ValueError(f"Adadelta: invalid rho {o['rho']!r}, must be in [0, 1]")
        return o

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, rho, eps = o["lr"], o["rho"], o["eps"]
        zeros = [0.0] * len(thetas)
        old_v = state.get("square_avg", zeros)
        old_u = state.get("acc_delta", zeros)
        new_thetas, vs, us = [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            v = rho * old_v[k] + (1 - rho) * g * g
            delta = math.sqrt(old_u[k] + eps) / math.sqrt(v + eps) * g
            vs.append(v)
            us.append(rho * old_u[k] + (1 - rho) * delta * delta)
            new_thetas.append(theta - lr * delta)
        return new_thetas, {"square_avg": vs, "acc_delta": us}
