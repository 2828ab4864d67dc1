"""Every data set by name, as the command line offers them: ``load_dataset("wine")``."""

from __future__ import annotations

from collections.abc import Callable

from nn.data import real, synthetic
from nn.data.dataset import Dataset

#: name -> loader taking the seed (the real data sets ignore it: they are what they are).
DATASETS: dict[str, Callable[[int], Dataset]] = {
    "wine": lambda seed: real.load_wine(),
    "iris": lambda seed: real.load_iris(),
    "breast-cancer": lambda seed: real.load_breast_cancer(),
    "digits": lambda seed: real.load_digits(),
    "wine-imbalanced": lambda seed: synthetic.wine_imbalanced(seed=seed),
    "xor": lambda seed: synthetic.xor(seed=seed),
    "and": lambda seed: synthetic.and_(seed=seed),
    "moons": lambda seed: synthetic.moons(seed=seed),
    "circles": lambda seed: synthetic.circles(seed=seed),
    "spirals": lambda seed: synthetic.spirals(seed=seed),
    "blobs": lambda seed: synthetic.blobs(seed=seed),
}


def load_dataset(name: str, seed: int = 0) -> Dataset:
    """The data set called ``name`` (one of ``DATASETS``); ``seed`` drives the synthetic ones."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[name](seed)
