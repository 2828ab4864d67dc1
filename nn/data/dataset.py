"""``Dataset``: feature rows, class labels and their names; and reading one from a CSV file.

A data set is M samples x_i ∈ R^n with a class label y_i ∈ {0, ..., K-1}. ``class_names[k]``
is the text of class k; ``feature_names[j]`` names column j of every row.

The CSV format (the shipped data sets and a user's ``--data`` file alike): a header row of
column names, then one sample per row: n numeric feature columns and the class label, as
any text, in the last column. Blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Dataset:
    """M samples: ``features[i]`` (n floats) has class ``labels[i]`` (an index into ``class_names``)."""

    features: list[list[float]]
    labels: list[int]
    feature_names: list[str]
    class_names: list[str]
    name: str = ""

    def __post_init__(self) -> None:
        where = f"dataset {self.name!r}" if self.name else "dataset"
        if len(self.features) != len(self.labels):
            raise ValueError(f"{where}: {len(self.features)} feature rows but {len(self.labels)} labels")
        n = len(self.feature_names)
        for i, row in enumerate(self.features):
            if len(row) != n:
                raise ValueError(f"{where}: row {i} has {len(row)} features, expected {n}")
        k = len(self.class_names)
        for i, y in enumerate(self.labels):
            if type(y) is not int or not 0 <= y < k:
                raise ValueError(f"{where}: label {i} is {y!r}, expected a class index in 0..{k - 1}")

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def num_features(self) -> int:
        return len(self.feature_names)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def class_counts(self) -> list[int]:
        """How many samples each class has, in class order."""
        counts = [0] * self.num_classes
        for y in self.labels:
            counts[y] += 1
        return counts

    def subset(self, indices: list[int]) -> Dataset:
        """The samples at ``indices``, in that order."""
        return Dataset(
            [self.features[i] for i in indices],
            [self.labels[i] for i in indices],
            self.feature_names,
            self.class_names,
            self.name,
        )

    def with_features(self, features: list[list[float]]) -> Dataset:
        """The same samples and labels with new feature rows (e.g. standardised ones)."""
        return Dataset(features, self.labels, self.feature_names, self.class_names, self.name)


def read_csv(path: str | Path, name: str | None = None) -> Dataset:
    """Read a data set from a CSV file: header row, numeric features, label text in the last column.

    Raises ValueError naming the file, the line and the column for: an empty file, a header
    with fewer than two columns, a row with the wrong number of columns, a feature cell
    that is not a finite number, an empty label, and a file with no data rows.
    """
    path = Path(path)
    return _parse(csv_rows(path), str(path), path.stem if name is None else name)


def csv_rows(path: str | Path) -> Iterator[list[str]]:
    """The rows of a CSV file, for every reader of the project's CSV files.

    ValueError names the file for a device (``/dev/zero`` would be read for ever), a file
    that is not UTF-8, and (with the line) a field over the csv module's size limit or a
    stray quote. A byte-order mark is not part of the first column's name. The iterator's
    ``line_num`` is the line of the last row read.
    """
    path = Path(path)
    if path.is_char_device() or path.is_block_device():
        raise ValueError(f"{path}: a device, not a CSV file")
    try:
        # utf-8-sig: a byte-order mark (Excel writes one) is not part of the first column's name
        text = path.read_bytes().decode("utf-8-sig")  # as it is: the csv module reads the line ends
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not a UTF-8 text file ({error.reason} at byte {error.start})") from None
    return _Rows(csv.reader(io.StringIO(text, newline="")), str(path))


def _parse(reader: _Rows, where: str, name: str) -> Dataset:
    header = next((row for row in reader if row), None)
    if header is None:
        raise ValueError(f"{where}: the file is empty; expected a header row and data rows")
    header = [cell.strip() for cell in header]
    if len(header) < 2:
        raise ValueError(
            f"{where}: line {reader.line_num}: the header has {len(header)} column; "
            "expected at least one feature column and the label column"
        )
    features: list[list[float]] = []
    label_texts: list[str] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != len(header):
            raise ValueError(
                f"{where}: line {line}: {len(row)} columns, expected {len(header)} as in the header"
            )
        features.append([_number(cell, where, line, column, header) for column, cell in enumerate(row[:-1])])
        label = row[-1].strip()
        if not label:
            raise ValueError(f"{where}: line {line}, column {len(row)} ({header[-1]}): the label is empty")
        label_texts.append(label)
    if not features:
        raise ValueError(f"{where}: no data rows after the header")
    class_names = _class_order(set(label_texts))
    index = {text: k for k, text in enumerate(class_names)}
    return Dataset(features, [index[text] for text in label_texts], header[:-1], class_names, name)


class _Rows:
    """The rows of a csv reader, with its errors (a field over the csv module's size limit, a
    stray quote) raised as ValueError naming the file and the line."""

    def __init__(self, reader: Iterator[list[str]], where: str) -> None:
        self._reader, self._where = reader, where

    @property
    def line_num(self) -> int:
        return self._reader.line_num  # type: ignore[attr-defined]

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> list[str]:
        try:
            return next(self._reader)
        except csv.Error as error:
            raise ValueError(f"{self._where}: line {self.line_num}: {_csv_problem(error)}") from None


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if text.startswith("field larger than field limit"):
        return f"a field is longer than {csv.field_size_limit()} characters; is this a CSV file?"
    return text


def _number(cell: str, where: str, line: int, column: int, header: list[str]) -> float:
    try:
        x = float(cell)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        raise ValueError(
            f"{where}: line {line}, column {column + 1} ({header[column]}): {cell!r} is not a finite number"
        )
    return x


def _class_order(texts: set[str]) -> list[str]:
    """Class names sorted: numerically when every label is an integer ("2" before "10"), else as text."""
    try:
        return sorted(texts, key=int)
    except ValueError:
        return sorted(texts)
