"""Adam: momentum on the gradient (m) and RMSProp on its square (v), both bias-corrected."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, fraction, nonnegative


class Adam(Optimizer):
    """PyTorch's ``torch.optim.Adam``, step for step. For each parameter θ at step t:

        g ← ∇θ                         (-∇θ if maximize)
        g ← g + λθ                     if weight_decay λ ≠ 0
        m ← β₁m + (1 - β₁)g            the lecture's m ← γm + (1-γ)∇J
        v ← β₂v + (1 - β₂)g²           the lecture's v ← βv + (1-β)(∇J)²
        m̂ ← m / (1 - β₁ᵗ),  v̂ ← v / (1 - β₂ᵗ)     (m and v start at 0: undo that bias)
        θ ← θ - γ·m̂ / (√v̂ + ε)

    With amsgrad, v̂ uses the largest v so far, vₘₐₓ ← max(vₘₐₓ, v), v̂ ← vₘₐₓ / (1 - β₂ᵗ),
    exactly as PyTorch's code does (it keeps the maximum of v before bias correction).
    """

    STATE = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (fraction("Adam", "beta1", betas[0]), fraction("Adam", "beta2", betas[1]))
        self.eps = nonnegative("Adam", "eps", eps)
        self.weight_decay = nonnegative("Adam", "weight_decay", weight_decay)
        self.amsgrad, self.maximize = bool(amsgrad), bool(maximize)

    def _update(
        self, t: int, thetas: list[float], grads: list[float]
    ) -> tuple[list[float], dict[str, list[float]]]:
        (beta1, beta2), eps, wd = self.betas, self.eps, self.weight_decay
        step_size = self.lr / (1 - beta1**t)
        sqrt_correction2 = math.sqrt(1 - beta2**t)
        zeros = [0.0] * len(thetas)
        old_m = self.state.get("exp_avg", zeros)
        old_v = self.state.get("exp_avg_sq", zeros)
        old_max = self.state.get("max_exp_avg_sq", zeros)
        new_thetas, ms, vs, maxima = [], [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            if self.maximize:
                g = -g
            if wd:
                g = g + wd * theta
            m = beta1 * old_m[k] + (1 - beta1) * g
            v = beta2 * old_v[k] + (1 - beta2) * g * g
            ms.append(m)
            vs.append(v)
            if self.amsgrad:
                v = max(old_max[k], v)
                maxima.append(v)
            new_thetas.append(theta - step_size * (m / (math.sqrt(v) / sqrt_correction2 + eps)))
        state = {"exp_avg": ms, "exp_avg_sq": vs}
        if self.amsgrad:
            state["max_exp_avg_sq"] = maxima
        return new_thetas, state
