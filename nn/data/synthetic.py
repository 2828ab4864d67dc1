"""Seeded synthetic data sets: the same seed always gives the same samples, in the same order.

Each generator draws every class's samples from ``random.Random(seed)`` and then shuffles
them with the same generator, so the classes are interleaved.
"""

from __future__ import annotations

import math
import random

from autograd.engine.checks import require_int, require_number
from nn.data.dataset import Dataset
from nn.data.real import load_wine

_XY = ["x1", "x2"]


def xor(n: int = 200, noise: float = 0.2, seed: int = 0) -> Dataset:
    """XOR: points around the corners (a, b) ∈ {0, 1}² with Gaussian noise; y = a XOR b.

    The corners take turns, so each holds n/4 samples (±1). With noise 0 this is the
    truth table repeated.
    """
    return _gate("xor", lambda a, b: a ^ b, n, noise, seed)


def and_(n: int = 200, noise: float = 0.2, seed: int = 0) -> Dataset:
    """AND: as ``xor`` but y = a AND b, so one sample in four is of class 1."""
    return _gate("and", lambda a, b: a & b, n, noise, seed)


def _gate(name: str, gate, n: int, noise: float, seed: int) -> Dataset:
    _check(name, n, noise)
    rng = random.Random(seed)
    corners = [(0, 0), (0, 1), (1, 0), (1, 1)]
    samples = []
    for i in range(n):
        a, b = corners[i % 4]
        samples.append(([a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)], gate(a, b)))
    return _shuffled(name, samples, _XY, ["0", "1"], rng)


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles: class 0 on (cos t, sin t), class 1 on (1 - cos t, 1/2 - sin t).

    t is uniform on [0, π]; Gaussian noise of standard deviation ``noise`` is added to each
    coordinate. Class 0 has ⌈n/2⌉ samples, class 1 ⌊n/2⌋.
    """
    _check("moons", n, noise)
    rng = random.Random(seed)
    samples = []
    for i in range(n):
        t = rng.uniform(0.0, math.pi)
        x, y = (math.cos(t), math.sin(t)) if i % 2 == 0 else (1.0 - math.cos(t), 0.5 - math.sin(t))
        samples.append(([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)], i % 2))
    return _shuffled("moons", samples, _XY, ["0", "1"], rng)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Dataset:
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (0 < factor < 1).

    The angle is uniform on [0, 2π); Gaussian noise is added to each coordinate.
    """
    _check("circles", n, noise)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"circles: factor must be between 0 and 1, got {factor!r}")
    rng = random.Random(seed)
    samples = []
    for i in range(n):
        t = rng.uniform(0.0, 2.0 * math.pi)
        r = 1.0 if i % 2 == 0 else factor
        samples.append(
            ([r * math.cos(t) + rng.gauss(0.0, noise), r * math.sin(t) + rng.gauss(0.0, noise)], i % 2)
        )
    return _shuffled("circles", samples, _XY, ["0", "1"], rng)


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0) -> Dataset:
    """``classes`` interleaved spiral arms, n/classes points each (the last arm takes the rest).

    Point j of arm k, of m points, has radius r = j/(m-1) and angle θ = 4k + 4r + noise·g
    (g standard Gaussian): x = (r sin θ, r cos θ).
    """
    _check("spirals", n, noise)
    require_int("spirals", "classes", classes, minimum=2)
    if n < 2 * classes:
        raise ValueError(f"spirals: n must be at least 2 per arm ({2 * classes}), got {n}")
    rng = random.Random(seed)
    samples = []
    for k in range(classes):
        m = n // classes if k < classes - 1 else n - (classes - 1) * (n // classes)
        for j in range(m):
            r = j / (m - 1)
            theta = 4.0 * k + 4.0 * r + noise * rng.gauss(0.0, 1.0)
            samples.append(([r * math.sin(theta), r * math.cos(theta)], k))
    return _shuffled("spirals", samples, _XY, [str(k) for k in range(classes)], rng)


def blobs(
    n: int = 300, centers: int = 3, features: int = 2, spread: float = 1.0, box: float = 5.0, seed: int = 0
) -> Dataset:
    """Gaussian blobs: ``centers`` centres uniform in [-box, box]^features, one class each.

    Sample i belongs to blob i mod centers and is its centre plus Gaussian noise of standard
    deviation ``spread`` in every coordinate.
    """
    _check("blobs", n, spread)
    require_int("blobs", "centers", centers, minimum=2)
    require_int("blobs", "features", features, minimum=1)
    rng = random.Random(seed)
    middles = [[rng.uniform(-box, box) for _ in range(features)] for _ in range(centers)]
    samples = []
    for i in range(n):
        k = i % centers
        samples.append(([c + rng.gauss(0.0, spread) for c in middles[k]], k))
    names = [f"x{j + 1}" for j in range(features)]
    return _shuffled("blobs", samples, names, [str(k) for k in range(centers)], rng)


def wine_imbalanced(
    n_minority: int = 100, n_majority: int = 1000, jitter: float = 0.3, seed: int = 0
) -> Dataset:
    """The tutorial's imbalanced wine problem: 100 wines of cultivar A against 1000 of cultivar B.

    Features (color_intensity, alcohol); y = 1 for cultivar A (the minority), 0 for B.

    The tutorial's 1100 wines are hypothetical, so they are drawn from the real ones: A is
    wine.csv's cultivar_1 (59 wines), B its cultivar_2 (71 wines). Each sample of a class
    is a real wine of that class picked uniformly with replacement, plus Gaussian jitter of
    standard deviation ``jitter`` times that class's (population) standard deviation of each
    feature: a smoothed bootstrap, which keeps the real classes' shape and overlap. All
    draws come from ``random.Random(seed)``, A's samples first, then B's, then a shuffle.
    """
    for what, count in (("n_minority", n_minority), ("n_majority", n_majority)):
        require_int("wine_imbalanced", what, count, minimum=1)
    require_number("wine_imbalanced", "jitter", jitter, minimum=0.0)
    wine = load_wine()
    columns = [wine.feature_names.index("color_intensity"), wine.feature_names.index("alcohol")]
    rng = random.Random(seed)
    samples = []
    for cultivar, label, count in (("cultivar_1", 1, n_minority), ("cultivar_2", 0, n_majority)):
        k = wine.class_names.index(cultivar)
        rows = [[row[j] for j in columns] for row, y in zip(wine.features, wine.labels) if y == k]
        stds = [_population_std([row[j] for row in rows]) for j in range(len(columns))]
        for _ in range(count):
            row = rng.choice(rows)
            samples.append(([x + rng.gauss(0.0, jitter * s) for x, s in zip(row, stds)], label))
    return _shuffled(
        "wine-imbalanced", samples, ["color_intensity", "alcohol"], ["cultivar_B", "cultivar_A"], rng
    )


def _population_std(xs: list[float]) -> float:
    mean = math.fsum(xs) / len(xs)
    return math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / len(xs))


def _check(name: str, n: int, noise: float) -> None:
    require_int(name, "n", n, minimum=1)
    require_number(name, "noise", noise, minimum=0.0)


def _shuffled(
    name: str,
    samples: list[tuple[list[float], int]],
    feature_names: list[str],
    class_names: list[str],
    rng: random.Random,
) -> Dataset:
    rng.shuffle(samples)
    return Dataset([x for x, _ in samples], [y for _, y in samples], feature_names, class_names, name)
