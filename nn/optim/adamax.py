"""Adamax: Adam with the infinity norm, a decaying maximum of |g|, in place of √v."""

from __future__ import annotations

from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, lerp, signed_and_decayed


class Adamax(Optimizer):
    """PyTorch's ``torch.optim.Adamax``, step for step. For each parameter θ at step t:

        g ← ∇θ                                  (-∇θ if maximize)
        g ← g + λθ                              λ = weight_decay
        m ← β₁m + (1 - β₁)g
        u ← max(β₂u, |g| + ε)                   the decaying largest |g|, never 0 (ε > 0)
        θ ← θ - γ/(1 - β₁ᵗ) · m/u

    (Kingma and Ba, 2015, section 7.) u needs no bias correction: a maximum does not start low.
    """

    STATE = ("exp_avg", "exp_inf")
    FLAGS = ("maximize",)

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize)
        )

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        (beta1, beta2), eps = o["betas"], o["eps"]
        clr = o["lr"] / (1 - beta1**t)
        zeros = [0.0] * len(thetas)
        old_m = state.get("exp_avg", zeros)
        old_u = state.get("exp_inf", zeros)
        new_thetas, ms, us = [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            m = lerp(old_m[k], g, 1 - beta1)
            u = max(beta2 * old_u[k], abs(g) + eps)
            ms.append(m)
            us.append(u)
            new_thetas.append(theta - clr * (m / u))
        return new_thetas, {"exp_avg": ms, "exp_inf": us}
