"""Adam: momentum on the gradient (m) and RMSProp on its square (v), both bias-corrected; and
AdamW, Adam with the weight decay taken out of the gradient."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, lerp, signed_and_decayed


class Adam(Optimizer):
    """PyTorch's ``torch.optim.Adam``, step for step. For each parameter θ at step t:

        g ← ∇θ                         (-∇θ if maximize)
        θ ← θ - γλθ                    if decoupled_weight_decay (AdamW), λ = weight_decay
        g ← g + λθ                     otherwise, if λ ≠ 0
        m ← β₁m + (1 - β₁)g            the lecture's m ← γm + (1-γ)∇J
        v ← β₂v + (1 - β₂)g²           the lecture's v ← βv + (1-β)(∇J)²
        m̂ ← m / (1 - β₁ᵗ),  v̂ ← v / (1 - β₂ᵗ)     (m and v start at 0: undo that bias)
        θ ← θ - γ·m̂ / (√v̂ + ε)

    With amsgrad, v̂ uses the largest v so far, vₘₐₓ ← max(vₘₐₓ, v), v̂ ← vₘₐₓ / (1 - β₂ᵗ),
    exactly as PyTorch's code does (it keeps the maximum of v before bias correction).
    """

    STATE = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    FLAGS = ("amsgrad", "maximize", "decoupled_weight_decay")

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, (beta1, beta2), eps = o["lr"], o["betas"], o["eps"]
        step_size = lr / (1 - beta1**t)
        sqrt_correction2 = math.sqrt(1 - beta2**t)
        zeros = [0.0] * len(thetas)
        old_m = state.get("exp_avg", zeros)
        old_v = state.get("exp_avg_sq", zeros)
        old_max = state.get("max_exp_avg_sq", zeros)
        new_thetas, ms, vs, maxima = [], [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            m = lerp(old_m[k], g, 1 - beta1)
            v = beta2 * old_v[k] + (1 - beta2) * g * g
            ms.append(m)
            vs.append(v)
            if o["amsgrad"]:
                v = max(old_max[k], v)
                maxima.append(v)
            new_thetas.append(theta - step_size * (m / (math.sqrt(v) / sqrt_correction2 + eps)))
        new_state = {"exp_avg": ms, "exp_avg_sq": vs}
        if o["amsgrad"]:
            new_state["max_exp_avg_sq"] = maxima
        return new_thetas, new_state


class AdamW(Adam):
    """PyTorch's ``torch.optim.AdamW``: Adam with decoupled weight decay, θ ← θ - γλθ before the
    Adam step instead of λθ added to the gradient (Loshchilov and Hutter, 2019), and λ = 0.01 by
    default. The decay then shrinks every weight at the same rate, whatever its v̂.
    """

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay=True)
