"""A recurrent layer, unrolled on the engine, and backpropagation through time (BPTT) by hand.

The NYU notes' recurrence, with a given fixed initial state h₀:

    z_{t-1} = W x_{t-1} + U h_{t-1},      h_t = g(z_{t-1}),      t = 1, ..., T

``RNN`` builds h₁, ..., h_T from the same W and U at every step, so ``backward()`` on a loss
of h_T is backpropagation through time: every step adds its share to ∂L/∂W and ∂L/∂U.
``bptt`` writes the same gradients out as the notes' sum over time:

    ∂L/∂h_t     = (Π_{k=t}^{T-1} Uᵀ D_k) ∂L/∂h_T          D_k = diag(g'(z_k))
    ∂L/∂z_{t-1} = D_{t-1} ∂L/∂h_t
    ∂L/∂U = Σ_{t=1}^{T} ∂L/∂z_{t-1} h_{t-1}ᵀ,    ∂L/∂W = Σ_{t=1}^{T} ∂L/∂z_{t-1} x_{t-1}ᵀ

(The notes' product runs from k = t-1, which puts one Uᵀ too many in front of D_{t-1}.)
Each factor Uᵀ D_k stretches the gradient by at most σ_max(U)·max|g'| and at least
σ_min(U)·min|g'|: above 1 at every step the gradient explodes, below 1 it vanishes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import autograd
from autograd import Value
from autograd.engine.checks import require_int
from nn import init as initialisers
from nn.activations import ActivationFn, resolve
from nn.module import Module

Matrix = list[list[float]]


class RNN(Module):
    """h_t = g(W x_{t-1} + U h_{t-1}): W is nhidden × nin, U is nhidden × nhidden, no bias.

    The weights are held row by row, ``W[i*nin + j]`` = Wᵢⱼ and ``U[i*nhidden + j]`` = Uᵢⱼ, so
    ``state_dict()`` names them ``W.0``, ``W.1``, ...; ``matrices()`` gives them as matrices.
    Each unit's z is one dot node over (Wᵢ, Uᵢ)·(x, h): (nin + nhidden) inputs.
    """

    def __init__(
        self,
        nin: int,
        nhidden: int,
        activation: str | ActivationFn = "tanh",
        seed: int | random.Random | None = None,
        init: str = "xavier",
    ) -> None:
        self.nin = require_int("RNN", "nin", nin, minimum=1)
        self.nhidden = require_int("RNN", "nhidden", nhidden, minimum=1)
        draw, rng = initialisers.get(init), initialisers.rng_from(seed)
        fan_in = nin + nhidden
        self.W = [
            Value(draw(rng, fan_in, nhidden), label=f"W{i}{j}", role="parameter")
            for i in range(nhidden)
            for j in range(nin)
        ]
        self.U = [
            Value(draw(rng, fan_in, nhidden), label=f"U{i}{j}", role="parameter")
            for i in range(nhidden)
            for j in range(nhidden)
        ]
        self.activation = resolve(activation, rng)

    @classmethod
    def from_matrices(cls, W: Matrix, U: Matrix, activation: str | ActivationFn = "tanh") -> RNN:
        """An RNN with these W (nhidden × nin) and U (nhidden × nhidden): a U of chosen singular values."""
        nhidden = len(U)
        if not W or len(W) != nhidden or any(len(row) != nhidden for row in U):
            raise ValueError(f"RNN.from_matrices: U must be square and W must have its {nhidden} rows")
        nin = len(W[0])
        if any(len(row) != nin for row in W):
            raise ValueError("RNN.from_matrices: the rows of W differ in length")
        rnn = cls(nin, nhidden, activation, seed=0)
        for p, x in zip(rnn.W + rnn.U, [*(w for row in W for w in row), *(u for row in U for u in row)]):
            p.data = float(x)
        return rnn

    def matrices(self) -> tuple[Matrix, Matrix]:
        """(W, U) as matrices of floats."""
        return _rows(self.W, self.nin), _rows(self.U, self.nhidden)

    def forward(self, xs: Sequence[Sequence[Value | float]], h0: Sequence[float] | None = None) -> list:
        """[h₀, h₁, ..., h_T] for the inputs [x₀, ..., x_{T-1}]: h_t at index t, as in the notes.

        h₀ (zeros by default) is a constant; each h_t (t >= 1) is a list of nhidden Values.
        """
        if not isinstance(xs, (list, tuple)) or not xs:
            raise ValueError("RNN expects a non-empty list of inputs x₀, ..., x_{T-1}")
        h0 = [0.0] * self.nhidden if h0 is None else list(h0)
        if len(h0) != self.nhidden:
            raise ValueError(f"RNN: h0 must have {self.nhidden} entries, got {len(h0)}")
        hs = [[Value(float(v), label=f"h0_{i}") for i, v in enumerate(h0)]]
        W, U = self.W, self.U
        for t, x in enumerate(xs):
            if not isinstance(x, (list, tuple)) or len(x) != self.nin:
                raise ValueError(f"RNN: x_{t} must be a list of {self.nin} numbers or Values, got {x!r}")
            inputs = [*x, *hs[-1]]
            z = [
                autograd.dot(
                    [*W[i * self.nin : (i + 1) * self.nin], *U[i * self.nhidden : (i + 1) * self.nhidden]],
                    inputs,
                )
                for i in range(self.nhidden)
            ]
            hs.append([self.activation(zi) for zi in z])
        return hs

    def __repr__(self) -> str:
        return f"RNN({self.nin}, {self.nhidden})"


@dataclass
class BPTT:
    """The notes' gradients: ∂L/∂W, ∂L/∂U, and ∂L/∂h_t for t = 0, ..., T (index t)."""

    dW: Matrix
    dU: Matrix
    dh: list[list[float]]


def bptt(
    W: Matrix,
    U: Matrix,
    xs: Sequence[Sequence[float]],
    h0: Sequence[float],
    dL_dhT: Sequence[float],
    activation: str | ActivationFn = "tanh",
) -> BPTT:
    """Backpropagation through time in plain floats, step by step as the notes write it.

    Forward: z_{t-1} = W x_{t-1} + U h_{t-1}, h_t = g(z_{t-1}), keeping D_{t-1} = diag(g'(z_{t-1})).
    Backward from ∂L/∂h_T: ∂L/∂z_{t-1} = D_{t-1} ∂L/∂h_t, ∂L/∂h_{t-1} = Uᵀ ∂L/∂z_{t-1}, and
    each step adds ∂L/∂z_{t-1} h_{t-1}ᵀ to ∂L/∂U and ∂L/∂z_{t-1} x_{t-1}ᵀ to ∂L/∂W.
    g and g'(z) are the engine's own: the activation's value and local derivative.
    """
    g = resolve(activation)
    n = len(U)
    hs, Ds = [list(map(float, h0))], []
    for x in xs:
        z = [a + b for a, b in zip(_matvec(W, x), _matvec(U, hs[-1]))]
        outs = [g(Value(zi)) for zi in z]
        hs.append([o.data for o in outs])
        Ds.append([o.local_grads[0] if o.inputs else 1.0 for o in outs])  # "linear" makes no node
    T = len(xs)
    dh: list[list[float]] = [[] for _ in range(T + 1)]
    dh[T] = list(map(float, dL_dhT))
    dW = [[0.0] * len(W[0]) for _ in range(n)]
    dU = [[0.0] * n for _ in range(n)]
    for t in range(T, 0, -1):
        dz = [d * g_ for d, g_ in zip(Ds[t - 1], dh[t])]  # ∂L/∂z_{t-1} = D_{t-1} ∂L/∂h_t
        _add_outer(dU, dz, hs[t - 1])
        _add_outer(dW, dz, xs[t - 1])
        dh[t - 1] = _matvec(_transpose(U), dz)  # ∂L/∂h_{t-1} = Uᵀ D_{t-1} ∂L/∂h_t
    return BPTT(dW, dU, dh)


def _rows(flat: list[Value], ncols: int) -> Matrix:
    return [[p.data for p in flat[i : i + ncols]] for i in range(0, len(flat), ncols)]


def _matvec(A: Matrix, v: Sequence[float]) -> list[float]:
    return [sum(a * x for a, x in zip(row, v)) for row in A]


def _transpose(A: Matrix) -> Matrix:
    return [list(col) for col in zip(*A)]


def _add_outer(into: Matrix, u: Sequence[float], v: Sequence[float]) -> None:
    for i, ui in enumerate(u):
        for j, vj in enumerate(v):
            into[i][j] += ui * vj
