"""Activation functions g(z) by name, PReLU (the activation with a learnable slope), and
``Activation``, a named activation as a module of its own for ``nn.Sequential``.

Each named activation is one node of the engine (see ``autograd.engine.primitives`` for its local
derivative). ``resolve`` turns a name or a callable into the function a neuron applies.
"prelu" needs a parameter per neuron, so it resolves to a new ``PReLU`` module each time;
"rrelu" draws a new slope at every call in training, so it resolves to a new ``RReLU``;
"maxout" is a unit of its own (``nn.Maxout``), which ``nn.Layer`` builds.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

import autograd
from autograd import ACTIVATION, TABLE, Value
from autograd.compiled.arrays import array_form
from autograd.engine.checks import require_number
from autograd.engine.primitives import RRELU_LOWER, RRELU_UPPER
from nn.init import rng_from
from nn.module import Module

ActivationFn = Callable[[Value], Value]


def linear(z: Value) -> Value:
    """g(z) = z: no node at all."""
    return z


#: "linear" and every activation of the engine's table of primitives, by name, with its
#: default parameter (leaky relu's slope 0.01, the lecture's; elu's α = 1; rrelu's mean
#: slope 11/48, which is its evaluation mode: a neuron's "rrelu" is an ``RReLU``).
ACTIVATIONS: dict[str, ActivationFn] = {
    "linear": linear,
    **{entry.name: getattr(Value, entry.method) for entry in TABLE.values() if entry.kind == ACTIVATION},
}

#: Every name a neuron or layer accepts: the functions above, "prelu", and (for layers) "maxout".
KNOWN = (*ACTIVATIONS, "prelu", "maxout")


@autograd.primitive("prelu")
def prelu(x: float, a: float) -> tuple[float, tuple[float, float]]:
    """O = x if x > 0 else a·x.    ∂O/∂x = 1 if x > 0 else a;  ∂O/∂a = 0 if x > 0 else x"""
    if x > 0.0:
        return x, (1.0, 0.0)
    return a * x, (a, x)


@array_form(prelu)
def _prelu_on_arrays(x: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """``prelu`` for a batch (see ``autograd.compiled.arrays``)."""
    positive = x > 0
    return np.where(positive, x, a * x), (np.where(positive, 1.0, a), np.where(positive, 0.0, x))


class PReLU(Module):
    """Parametric relu, g(z) = max(a·z, z) for z's sign, with the slope a learned (starts at 0.25)."""

    def __init__(self, slope: float = 0.25) -> None:
        self.a = Value(slope, label="a", role="parameter")

    def forward(self, z: Value) -> Value:
        """max(a·z, z) by z's sign, one node with inputs z and a."""
        return autograd.apply(prelu, z, self.a)

    def __repr__(self) -> str:
        return f"PReLU(a={self.a.data:g})"


class RReLU(Module):
    """Randomised leaky relu: g(z) = z for z >= 0 and α·z below, with α ~ U(lower, upper) drawn
    afresh at every call in training mode, and α = (lower + upper)/2 in eval mode.

    The noise in the negative slope acts as a regulariser, as dropout does. ``seed`` (an int or
    a ``random.Random``) fixes the slopes drawn.
    """

    def __init__(
        self, lower: float = RRELU_LOWER, upper: float = RRELU_UPPER, seed: int | random.Random | None = None
    ) -> None:
        lower = require_number("RReLU", "lower", lower, minimum=0.0)
        upper = require_number("RReLU", "upper", upper, minimum=0.0)
        if not lower <= upper <= 1.0:
            raise ValueError(f"RReLU: needs 0 <= lower <= upper <= 1, got lower={lower!r}, upper={upper!r}")
        self.lower, self.upper = lower, upper
        self._rng = rng_from(seed)

    def slope(self) -> float:
        """The α of the next call: drawn from U(lower, upper) in training, their mean in eval."""
        if self.training:
            return self._rng.uniform(self.lower, self.upper)
        return (self.lower + self.upper) / 2

    def forward(self, z: Value) -> Value:
        """g(z) with the slope of ``slope()``."""
        return z.rrelu(self.slope())

    def __repr__(self) -> str:
        return f"RReLU(lower={self.lower:g}, upper={self.upper:g})"


def resolve(activation: str | ActivationFn, seed: int | random.Random | None = None) -> ActivationFn:
    """The function g for a name in ``KNOWN`` (except "maxout") or a callable Value -> Value.

    ``seed`` fixes the slopes an "rrelu" draws; the other names ignore it.
    """
    if callable(activation):
        return activation
    if activation == "prelu":
        return PReLU()
    if activation == "rrelu":
        return RReLU(seed=seed)
    try:
        return ACTIVATIONS[activation]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {activation!r}; known: {', '.join(KNOWN)}") from None


class Activation(Module):
    """An activation as a module of its own, applied to every value of a list: the piece that
    goes between two ``nn.Linear`` in an ``nn.Sequential`` (PyTorch's ``nn.ReLU()`` and kin).

    ``nn.Activation("relu")``, ``nn.Activation("leaky_relu")``, or any function Value -> Value;
    an unknown name raises ValueError listing the known ones.
    """

    def __init__(self, activation: str | ActivationFn = "relu") -> None:
        if activation == "maxout":
            raise ValueError("maxout is a unit with weights of its own: use nn.Maxout(nin, pieces)")
        self.name = activation if isinstance(activation, str) else getattr(activation, "__name__", "custom")
        self.g = resolve(activation)

    def forward(self, x: Value | list[Value]) -> Value | list[Value]:
        """g(x) for one Value, [g(v) for v in x] for a list."""
        if isinstance(x, Value):
            return self.g(x)
        if not isinstance(x, (list, tuple)):
            raise TypeError(
                f"Activation({self.name!r}) expects a Value or a list of Values, got {type(x).__name__}"
            )
        return [self.g(v) for v in x]

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"
