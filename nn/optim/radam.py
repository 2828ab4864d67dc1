"""RAdam: Adam whose adaptive step is switched on only once the variance of v̂ can be trusted."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, lerp, signed_and_decayed


class RAdam(Optimizer):
    """PyTorch's ``torch.optim.RAdam``, step for step. For each parameter θ at step t:

        g ← ∇θ                                  (-∇θ if maximize)
        θ ← θ - γλθ if decoupled_weight_decay, else g ← g + λθ      (λ = weight_decay)
        m ← β₁m + (1 - β₁)g,  v ← β₂v + (1 - β₂)g²,  m̂ ← m/(1 - β₁ᵗ)
        ρ∞ ← 2/(1 - β₂) - 1,  ρₜ ← ρ∞ - 2tβ₂ᵗ/(1 - β₂ᵗ)       the length of the average of g²
        if ρₜ > 5:  r ← √((ρₜ - 4)(ρₜ - 2)ρ∞ / ((ρ∞ - 4)(ρ∞ - 2)ρₜ)),
                    θ ← θ - γ·m̂·r·√(1 - β₂ᵗ)/(√v + ε)          Adam, with its variance rectified
        else:       θ ← θ - γ·m̂                                 momentum SGD while v is young

    (Liu et al., 2020.) The warm-up that Adam needs comes from ρₜ instead of a schedule.
    """

    STATE = ("exp_avg", "exp_avg_sq")
    FLAGS = ("decoupled_weight_decay", "maximize")

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, (beta1, beta2), eps = o["lr"], o["betas"], o["eps"]
        correction1, correction2 = 1 - beta1**t, 1 - beta2**t
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * (beta2**t) / correction2
        rectified = rho_t > 5.0
        if rectified:
            r = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        zeros = [0.0] * len(thetas)
        old_m = state.get("exp_avg", zeros)
        old_v = state.get("exp_avg_sq", zeros)
        new_thetas, ms, vs = [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            m = lerp(old_m[k], g, 1 - beta1)
            v = beta2 * old_v[k] + (1 - beta2) * g * g
            m_hat = m / correction1
            if rectified:
                adaptive = correction2**0.5 / (math.sqrt(v) + eps)
                new_thetas.append(theta - m_hat * lr * adaptive * r)
            else:
                new_thetas.append(theta - m_hat * lr)
            ms.append(m)
            vs.append(v)
        return new_thetas, {"exp_avg": ms, "exp_avg_sq": vs}
