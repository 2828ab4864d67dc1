"""RMSProp: AdaGrad with a decaying average of squared gradients instead of their sum."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, lerp, signed_and_decayed


class RMSprop(Optimizer):
    """PyTorch's ``torch.optim.RMSprop``, step for step. For each parameter θ at step t:

        g ← ∇θ                                   (-∇θ if maximize)
        g ← g + λθ                               λ = weight_decay
        v ← αv + (1 - α)g²                       the lecture's G ← βG + (1-β)(∇J)²
        ṽ ← v - ḡ², ḡ ← αḡ + (1 - α)g            if centered (ṽ estimates the variance)
        ṽ ← v                                    otherwise
        b ← μb + g / (√ṽ + ε), θ ← θ - γb        if momentum μ > 0
        θ ← θ - γ·g / (√ṽ + ε)                   otherwise

    In exact arithmetic ṽ >= 0; a rounding below 0 is taken as 0.
    """

    STATE = ("square_avg", "grad_avg", "momentum_buffer")
    FLAGS = ("centered", "maximize")

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
            momentum=momentum,
            centered=centered,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, alpha, eps, mu = o["lr"], o["alpha"], o["eps"], o["momentum"]
        zeros = [0.0] * len(thetas)
        old_v = state.get("square_avg", zeros)
        old_mean = state.get("grad_avg", zeros)
        old_b = state.get("momentum_buffer", zeros)
        new_thetas, vs, means, buffers = [], [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            v = alpha * old_v[k] + (1 - alpha) * g * g
            vs.append(v)
            if o["centered"]:
                mean = lerp(old_mean[k], g, 1 - alpha)  # αḡ + (1 - α)g
                means.append(mean)
                avg = math.sqrt(max(v - mean * mean, 0.0)) + eps
            else:
                avg = math.sqrt(v) + eps
            if mu > 0:
                b = mu * old_b[k] + g / avg
                buffers.append(b)
                new_thetas.append(theta - lr * b)
            else:
                new_thetas.append(theta - lr * (g / avg))
        new_state = {"square_avg": vs}
        if o["centered"]:
            new_state["grad_avg"] = means
        if mu > 0:
            new_state["momentum_buffer"] = buffers
        return new_thetas, new_state
