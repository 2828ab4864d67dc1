"""NAdam: Adam with Nesterov momentum, looking one step ahead with a warming-up momentum."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, lerp, signed_and_decayed


class NAdam(Optimizer):
    """PyTorch's ``torch.optim.NAdam``, step for step. For each parameter θ at step t:

        g ← ∇θ                                  (-∇θ if maximize)
        θ ← θ - γλθ if decoupled_weight_decay, else g ← g + λθ      (λ = weight_decay)
        μₜ ← β₁(1 - ½·0.96^(tψ)),  μₜ₊₁ likewise     ψ = momentum_decay: μ warms up to β₁
        Πₜ ← Πₜ₋₁·μₜ                             the product of the μ so far (Π₀ = 1)
        m ← β₁m + (1 - β₁)g,  v ← β₂v + (1 - β₂)g²
        θ ← θ - γ(1 - μₜ)/(1 - Πₜ) · g/(√v̂ + ε) - γμₜ₊₁/(1 - Πₜμₜ₊₁) · m/(√v̂ + ε),  v̂ = v/(1 - β₂ᵗ)

    (Dozat, 2016.) The second term is the momentum step taken a step early (Nesterov).
    """

    STATE = ("exp_avg", "exp_avg_sq", "mu_product")
    FLAGS = ("decoupled_weight_decay", "maximize")

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, (beta1, beta2), eps, psi = o["lr"], o["betas"], o["eps"], o["momentum_decay"]
        correction2 = 1 - beta2**t
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        zeros = [0.0] * len(thetas)
        old_m = state.get("exp_avg", zeros)
        old_v = state.get("exp_avg_sq", zeros)
        old_product = state.get("mu_product", [1.0] * len(thetas))
        new_thetas, ms, vs, products = [], [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            product = old_product[k] * mu
            m = lerp(old_m[k], g, 1 - beta1)
            v = beta2 * old_v[k] + (1 - beta2) * g * g
            denom = math.sqrt(v / correction2) + eps
            theta = theta + (-lr * (1.0 - mu) / (1.0 - product)) * (g / denom)
            theta = theta + (-lr * mu_next / (1.0 - product * mu_next)) * (m / denom)
            new_thetas.append(theta)
            ms.append(m)
            vs.append(v)
            products.append(product)
        return new_thetas, {"exp_avg": ms, "exp_avg_sq": vs, "mu_product": products}
