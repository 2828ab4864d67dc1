"""Data: the shipped real data sets, seeded synthetic ones, and splitting, scaling and batching.

>>> from nn.data import load_wine, stratified_split, Standardiser
>>> train, val, test = stratified_split(load_wine(), seed=0)      # 60/20/20 per class
>>> scale = Standardiser.fit(train.features)                      # training split only
>>> train, val, test = (scale.apply(part) for part in (train, val, test))
"""

from nn.data.catalog import DATASETS, load_dataset
from nn.data.dataset import Dataset, read_csv
from nn.data.prepare import Standardiser, batches, stratified_split
from nn.data.real import load_breast_cancer, load_digits, load_iris, load_wine
from nn.data.synthetic import and_, blobs, circles, moons, spirals, wine_imbalanced, xor

__all__ = [
    "DATASETS",
    "Dataset",
    "Standardiser",
    "and_",
    "batches",
    "blobs",
    "circles",
    "load_breast_cancer",
    "load_dataset",
    "load_digits",
    "load_iris",
    "load_wine",
    "moons",
    "read_csv",
    "spirals",
    "stratified_split",
    "wine_imbalanced",
    "xor",
]
