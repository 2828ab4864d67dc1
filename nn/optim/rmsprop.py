"""RMSProp: AdaGrad with a decaying average of squared gradients instead of their sum."""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, nonnegative


class RMSprop(Optimizer):
    """PyTorch's ``torch.optim.RMSprop``, step for step. For each parameter θ at step t:

        g ← ∇θ + λθ                              λ = weight_decay
        v ← αv + (1 - α)g²                       the lecture's G ← βG + (1-β)(∇J)²
        ṽ ← v - ḡ², ḡ ← αḡ + (1 - α)g            if centered (ṽ estimates the variance)
        ṽ ← v                                    otherwise
        b ← μb + g / (√ṽ + ε), θ ← θ - γb        if momentum μ > 0
        θ ← θ - γ·g / (√ṽ + ε)                   otherwise

    In exact arithmetic ṽ >= 0; a rounding below 0 is taken as 0.
    """

    STATE = ("square_avg", "grad_avg", "momentum_buffer")

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
    ) -> None:
        super().__init__(params, lr)
        self.alpha = nonnegative("RMSprop", "alpha", alpha)
        self.eps = nonnegative("RMSprop", "eps", eps)
        self.weight_decay = nonnegative("RMSprop", "weight_decay", weight_decay)
        self.momentum = nonnegative("RMSprop", "momentum", momentum)
        self.centered = bool(centered)

    def _update(
        self, t: int, thetas: list[float], grads: list[float]
    ) -> tuple[list[float], dict[str, list[float]]]:
        lr, alpha, eps, wd, mu = self.lr, self.alpha, self.eps, self.weight_decay, self.momentum
        zeros = [0.0] * len(thetas)
        old_v = self.state.get("square_avg", zeros)
        old_mean = self.state.get("grad_avg", zeros)
        old_b = self.state.get("momentum_buffer", zeros)
        new_thetas, vs, means, buffers = [], [], [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            if wd:
                g = g + wd * theta
            v = alpha * old_v[k] + (1 - alpha) * g * g
            vs.append(v)
            if self.centered:
                mean = alpha * old_mean[k] + (1 - alpha) * g
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
        state = {"square_avg": vs}
        if self.centered:
            state["grad_avg"] = means
        if mu > 0:
            state["momentum_buffer"] = buffers
        return new_thetas, state
