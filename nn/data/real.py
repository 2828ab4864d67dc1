"""The four real data sets shipped with the package (``nn/datasets/*.csv``), read with no download.

All four come from the UCI Machine Learning Repository under CC BY 4.0:

- ``load_wine()``: 178 wines, 13 chemical measurements (alcohol, ..., color_intensity, ...,
  proline), 3 cultivars (59, 71, 48). Forina et al., PARVUS, donated 1991.
- ``load_iris()``: 150 irises, 4 measurements in cm (sepal/petal length and width),
  3 species (50 each). R. A. Fisher, 1936.
- ``load_breast_cancer()``: 569 cell-nucleus images, 30 features (mean, standard error and
  worst of 10 measures), benign (357) or malignant (212). Breast Cancer Wisconsin
  (Diagnostic), Wolberg, Street, Mangasarian, 1995.
- ``load_digits()``: 1797 handwritten digits as 8×8 images, 64 pixel intensities 0..16
  (pixel_R_C, row R and column C), 10 classes digit_0 … digit_9 (about 180 each). Optical
  Recognition of Handwritten Digits, E. Alpaydin, C. Kaynak, 1998 (the test set).

Class indices follow the sorted class names: wine cultivar_1, cultivar_2, cultivar_3; iris
setosa, versicolor, virginica; breast cancer benign = 0, malignant = 1; digits digit_0 = 0, …,
digit_9 = 9.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from nn.data.dataset import Dataset, read_csv


def _shipped(file_name: str, name: str) -> Dataset:
    with as_file(files("nn") / "datasets" / file_name) as path:
        return read_csv(path, name=name)


def load_wine() -> Dataset:
    """UCI Wine: 178 samples, 13 features, 3 cultivars."""
    return _shipped("wine.csv", "wine")


def load_iris() -> Dataset:
    """UCI Iris: 150 samples, 4 features, 3 species."""
    return _shipped("iris.csv", "iris")


def load_breast_cancer() -> Dataset:
    """UCI Breast Cancer Wisconsin (Diagnostic): 569 samples, 30 features, benign/malignant."""
    return _shipped("breast_cancer.csv", "breast-cancer")


def load_digits() -> Dataset:
    """UCI Optical Recognition of Handwritten Digits: 1797 samples, 64 features, 10 digits."""
    return _shipped("digits.csv", "digits")
