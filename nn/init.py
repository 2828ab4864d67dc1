"""Weight initialisers: each draws one weight from a ``random.Random``, biases start at 0.

Random weights break the symmetry between neurons: with equal initial weights every neuron of
a layer computes the same output and receives the same gradient (lecture notes, "Issue with
Symmetry"). Every draw comes from a seeded ``random.Random``, so the same seed gives the
same weights.

    lecture:  w ~ N(0, 0.01²), i.e. standard deviation 0.01 (the lecture's N(0, 10⁻²))
    xavier:   w ~ N(0, 2 / (fan_in + fan_out))    (Glorot and Bengio, 2010; for tanh, sigmoid)
    he:       w ~ N(0, 2 / fan_in)                (He et al., 2015; for relu)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from autograd.engine.checks import require_int

Initialiser = Callable[[random.Random, int, int], float]


def lecture(rng: random.Random, fan_in: int, fan_out: int) -> float:
    """w ~ N(0, 0.01²), whatever the layer's size."""
    return rng.gauss(0.0, 0.01)


def xavier(rng: random.Random, fan_in: int, fan_out: int) -> float:
    """w ~ N(0, σ²) with σ² = 2 / (fan_in + fan_out): keeps the variance of z and of dL/dz."""
    return rng.gauss(0.0, math.sqrt(2.0 / (fan_in + fan_out)))


def he(rng: random.Random, fan_in: int, fan_out: int) -> float:
    """w ~ N(0, σ²) with σ² = 2 / fan_in: relu zeroes half of its inputs, so twice the variance."""
    return rng.gauss(0.0, math.sqrt(2.0 / fan_in))


INITIALISERS: dict[str, Initialiser] = {"lecture": lecture, "xavier": xavier, "he": he}


def get(init: str) -> Initialiser:
    """The initialiser called ``init``; ValueError listing the known names otherwise."""
    try:
        return INITIALISERS[init]
    except (KeyError, TypeError):
        raise ValueError(f"unknown init {init!r}; known: {', '.join(INITIALISERS)}") from None


def rng_from(seed: int | random.Random | None) -> random.Random:
    """A ``random.Random`` for ``seed``: a new one seeded with an int (or None), or seed itself."""
    if isinstance(seed, random.Random):
        return seed
    return random.Random(None if seed is None else require_int("rng_from", "seed", seed))
