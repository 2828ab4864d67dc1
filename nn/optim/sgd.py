"""Stochastic gradient descent with momentum, Nesterov momentum and weight decay (PyTorch's SGD)."""

from __future__ import annotations

from collections.abc import Iterable

from autograd import Value
from nn.optim.optimizer import Optimizer, Options, State, signed_and_decayed


class SGD(Optimizer):
    """PyTorch's ``torch.optim.SGD``, step for step. For each parameter θ at step t:

        g ← ∇θ                       (-∇θ if maximize)
        g ← g + λθ                   if weight_decay λ ≠ 0
        if momentum μ ≠ 0:
            b ← g                    at the first step (no dampening then)
            b ← μb + (1 - τ)g        afterwards, τ = dampening
            g ← g + μb if nesterov else b
        θ ← θ - γg

    The buffer b is the lecture's velocity v without the learning rate in it: PyTorch's
    v ← μv + g, θ ← θ - γv rather than v ← μv - γg, θ ← θ + v (the same when γ is fixed).
    """

    STATE = ("momentum_buffer",)
    FLAGS = ("nesterov", "maximize")

    def __init__(
        self,
        params: Iterable[Value] | Iterable[dict],
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check(self, o: Options) -> Options:
        o = super()._check(o)
        if o["nesterov"] and (o["momentum"] <= 0 or o["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum > 0 and zero dampening")
        return o

    def _update(
        self, t: int, thetas: list[float], grads: list[float], state: State, o: Options
    ) -> tuple[list[float], State]:
        lr, mu, tau = o["lr"], o["momentum"], o["dampening"]
        old = state.get("momentum_buffer")
        new_thetas, buffers = [], []
        for k, (theta, g) in enumerate(zip(thetas, grads)):
            theta, g = signed_and_decayed(theta, g, o)
            if mu:
                b = g if old is None else mu * old[k] + (1 - tau) * g
                buffers.append(b)
                g = g + mu * b if o["nesterov"] else b
            new_thetas.append(theta - lr * g)
        return new_thetas, ({"momentum_buffer": buffers} if mu else {})
