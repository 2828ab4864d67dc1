"""The step-activation network of the NYU notes (question 1), built to represent a function exactly.

    f(x) = w₀ + Σᵢ wᵢ hᵢ(x),   hᵢ(x) = g(bᵢ + vᵢ x),   g(z) = 1 if z >= 0 else 0

The notes' construction: two hidden units give one constant piece,

    (-c)·g(x - b) + c·g(x - a) = c for a <= x < b, and 0 elsewhere,

so a sum of such pairs is any piecewise-constant function with finitely many pieces. That is
all it can be: every hᵢ is constant except at its one jump, so f takes at most n + 1 values.
A line, the hinge max(1 - x, 0) and a quadratic take infinitely many, and no step network
represents them exactly. And since g' = 0, backpropagation sends no gradient to any vᵢ or bᵢ.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.engine.checks import require_number
from nn.layers import MLP

Piece = tuple[float, float, float]


def step_network(pieces: Sequence[Piece], w0: float = 0.0) -> MLP:
    """A 1-(2m)-1 step network f with f(x) = w0 + c on each piece (a, b, c), a <= x < b.

    Pieces may overlap (their constants add). Hidden unit 2i is g(x - a) with output weight c,
    unit 2i + 1 is g(x - b) with output weight -c: vᵢ = 1 and bᵢ = -a or -b.
    """
    if not isinstance(pieces, (list, tuple)) or not pieces:
        raise ValueError("step_network: needs a non-empty list of pieces (a, b, c)")
    for k, piece in enumerate(pieces):
        if not (isinstance(piece, (list, tuple)) and len(piece) == 3):
            raise ValueError(f"step_network: piece {k} must be (a, b, c), got {piece!r}")
        a, b, _ = (require_number("step_network", f"piece {k}'s {n}", v) for n, v in zip("abc", piece))
        if not a < b:
            raise ValueError(f"step_network: piece {k} needs a < b, got {piece!r}")
    net = MLP(1, [2 * len(pieces), 1], activation="step", output_activation="linear", seed=0)
    hidden, out = net.layers[0].neurons, net.layers[1].neurons[0]
    for i, (a, b, c) in enumerate(pieces):
        rise, fall = hidden[2 * i], hidden[2 * i + 1]
        rise.w[0].data, rise.b.data = 1.0, -float(a)  # g(x - a): 1 from x = a on
        fall.w[0].data, fall.b.data = 1.0, -float(b)  # g(x - b): 1 from x = b on
        out.w[2 * i].data, out.w[2 * i + 1].data = float(c), -float(c)
    out.b.data = require_number("step_network", "w0", w0)
    return net
