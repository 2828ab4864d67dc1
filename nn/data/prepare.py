"""Getting a data set ready to train on: a stratified split, standardisation, shuffled mini-batches.

The lecture's protocol: train on the training split, watch the validation split to decide
when to stop, and report the test split once at the end (standard ratios 60/20/20).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from autograd.engine.checks import require_int
from nn.data.dataset import Dataset


def stratified_split(
    data: Dataset, fractions: tuple[float, ...] = (0.6, 0.2, 0.2), seed: int = 0
) -> tuple[Dataset, ...]:
    """Split ``data`` into parts of the given fractions, keeping every class's proportion in each part.

    Each class's samples are shuffled with ``random.Random(seed)`` and dealt out: class c with
    M_c samples gives ⌊f_p·M_c⌋ to part p, and the samples left over go one each to the parts
    with the largest remainders f_p·M_c - ⌊f_p·M_c⌋. Each part is then shuffled.
    """
    if len(fractions) < 2 or any(not (isinstance(f, (int, float)) and f > 0) for f in fractions):
        raise ValueError(
            f"stratified_split: fractions must be two or more positive numbers, got {fractions!r}"
        )
    if not math.isclose(math.fsum(fractions), 1.0, abs_tol=1e-9):
        raise ValueError(f"stratified_split: fractions must add up to 1, got {fractions!r}")
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in fractions]
    for k in range(data.num_classes):
        members = [i for i, y in enumerate(data.labels) if y == k]
        rng.shuffle(members)
        start = 0
        for p, count in enumerate(_shares(len(members), fractions)):
            parts[p].extend(members[start : start + count])
            start += count
    for p, part in enumerate(parts):
        if not part:
            raise ValueError(
                f"stratified_split: part {p} of fractions {fractions!r} is empty: {_too_few(data, fractions)}"
            )
        rng.shuffle(part)
    return tuple(data.subset(part) for part in parts)


def _too_few(data: Dataset, fractions: tuple[float, ...]) -> str:
    """Why a split came out empty: which classes are too small, and whether the labels look continuous."""
    counts = data.class_counts()
    need = next(m for m in itertools.count(len(fractions)) if min(_shares(m, fractions)) >= 1)
    small = [(name, count) for name, count in zip(data.class_names, counts) if count < need]
    if not small:
        return f"{len(data)} samples are too few"
    name, count = small[0]
    why = (
        f"{len(small)} of {data.num_classes} classes have fewer than {need} samples "
        f"(class {name!r} has {count}), too few to give every part one"
    )
    if data.num_classes > max(10, len(data) / 2):
        why += (
            f"; {data.num_classes} classes among {len(data)} samples: is the label column a "
            "measurement rather than a class? (the label is the last column)"
        )
    return why


def _shares(m: int, fractions: tuple[float, ...]) -> list[int]:
    """m split by the largest-remainder rule: whole shares first, then the leftovers by remainder."""
    exact = [f * m for f in fractions]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda p: counts[p] - exact[p])
    for p in by_remainder[: m - sum(counts)]:
        counts[p] += 1
    return counts


@dataclass(frozen=True)
class Standardiser:
    """x'_j = (x_j - μ_j) / σ_j per feature j, with μ and σ measured on the training split only.

    Fitting on the training split alone keeps validation and test data unseen. σ is the
    population standard deviation; a constant feature (σ = 0) gets σ = 1, so it maps to 0
    instead of dividing by zero.
    """

    means: list[float]
    stds: list[float]

    @classmethod
    def fit(cls, features: list[list[float]]) -> Standardiser:
        """μ and σ of each column, for any finite features, 1e300 included."""
        if not features:
            raise ValueError("Standardiser.fit: needs at least one row")
        means, stds = [], []
        for column in zip(*features):
            mu, sigma = _mean_and_std(column)
            means.append(mu)
            stds.append(sigma or 1.0)
        return cls(means, stds)

    def transform(self, features: list[list[float]]) -> list[list[float]]:
        """(x_j - μ_j) / σ_j for every row; ValueError for a value too far out to be a float."""
        n = len(self.means)
        for i, row in enumerate(features):
            if len(row) != n:
                raise ValueError(f"Standardiser.transform: row {i} has {len(row)} features, expected {n}")
        rows = [[_standard(x, mu, s) for x, mu, s in zip(row, self.means, self.stds)] for row in features]
        for i, row in enumerate(rows):
            for j, z in enumerate(row):
                if not math.isfinite(z):
                    raise ValueError(
                        f"Standardiser.transform: row {i}, feature {j}: {features[i][j]!r} lies more "
                        f"than the largest float of standard deviations ({self.stds[j]!r}) from the "
                        f"mean {self.means[j]!r}"
                    )
        return rows

    def apply(self, data: Dataset) -> Dataset:
        """``data`` with standardised features."""
        return data.with_features(self.transform(data.features))


def _mean_and_std(column: tuple[float, ...]) -> tuple[float, float]:
    """μ and the population σ of a column of finite floats."""
    n = len(column)
    try:
        mu = math.fsum(column) / n
        sigma = math.sqrt(math.fsum((x - mu) ** 2 for x in column) / n)
    except OverflowError:  # Python's float ** raises where the square passes the float limit
        sigma = math.inf
    if math.isfinite(sigma):
        return mu, sigma
    # Near the float limit (|x| beyond about 1e154 the squares overflow): the same in units
    # of the column's largest |x|, c, where every x/c is within [-1, 1].
    c = max(map(abs, column))
    scaled = [x / c for x in column]
    mu = math.fsum(scaled) / n
    return mu * c, math.sqrt(math.fsum((x - mu) ** 2 for x in scaled) / n) * c


def _standard(x: float, mu: float, sigma: float) -> float:
    """(x - μ) / σ, also where x - μ alone would overflow (x and μ near the float limit, opposite signs)."""
    z = (x - mu) / sigma
    return z if math.isfinite(z) else x / sigma - mu / sigma


def batches(n: int, batch_size: int, rng: random.Random) -> list[list[int]]:
    """The indices 0..n-1 shuffled by ``rng`` and cut into mini-batches (the last may be smaller)."""
    require_int("batches", "batch_size", batch_size, minimum=1)
    order = list(range(n))
    rng.shuffle(order)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]
