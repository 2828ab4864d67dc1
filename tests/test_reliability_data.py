"""Data, metrics and model files given bad input: CSV files, huge features, score rows, model JSON.

Each case, and what it gets.
"""

import csv
import json
import math
import re

import pytest

import nn
from nn.data import Standardiser, read_csv, stratified_split
from nn.metrics import roc_auc_ovr

# --- CSV files -------------------------------------------------------------------------------


def _csv(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path):
    data = read_csv(_csv(tmp_path, "size,weight,label\n1,2,a\n3,4,b\n", encoding="utf-8-sig"))
    assert data.feature_names == ["size", "weight"]


def test_a_field_longer_than_the_csv_limit_names_its_line(tmp_path):
    limit = csv.field_size_limit()
    path = _csv(tmp_path, "a,label\n1,x\n" + "2," + "y" * (limit + 1) + "\n")
    with pytest.raises(ValueError, match=rf"line 3: a field is longer than {limit} characters"):
        read_csv(path)


TOO_SMALL_TO_SPLIT = [
    # (rows, the message's words)
    ("1,a\n2,b\n", "2 of 2 classes have fewer than 4 samples (class 'a' has 1)"),
    ("1,a\n2,a\n3,b\n", "2 of 2 classes have fewer than 4 samples (class 'a' has 2)"),
]


@pytest.mark.parametrize(("rows", "message"), TOO_SMALL_TO_SPLIT)
def test_a_data_set_too_small_to_split_names_the_small_classes(tmp_path, rows, message):
    data = read_csv(_csv(tmp_path, "x,label\n" + rows))
    with pytest.raises(ValueError, match=re.escape(message)):
        stratified_split(data)


def test_a_continuous_label_column_is_suspected_not_blamed_on_the_sample_count(tmp_path):
    rows = "".join(f"{i},{0.37 * i:.2f}\n" for i in range(50))  # the last column is a measurement
    data = read_csv(_csv(tmp_path, "x,length\n" + rows))
    with pytest.raises(ValueError, match="is the label column a measurement rather than a class"):
        stratified_split(data)


# --- standardising features near the float limit -------------------------------------------

HUGE_COLUMNS = [
    [1e154, 2e154, 3e154],  # the squares pass the float limit
    [1e300, -1e300, 5e299],
    [1.7e308, -1.7e308, 0.0],  # x - μ itself passes it
]


@pytest.mark.parametrize("column", HUGE_COLUMNS, ids=["1e154", "1e300", "1.7e308"])
def test_standardising_features_near_the_float_limit_gives_mean_0_and_std_1(column):
    scale = Standardiser.fit([[x] for x in column])
    z = [row[0] for row in scale.transform([[x] for x in column])]
    assert all(math.isfinite(v) for v in z)
    assert math.fsum(z) == pytest.approx(0.0, abs=1e-12)
    assert math.fsum(v * v for v in z) / len(z) == pytest.approx(1.0)


def test_a_value_beyond_the_float_range_of_standard_deviations_is_named():
    scale = Standardiser.fit([[1.0], [1.0 + 1e-12]])
    with pytest.raises(ValueError, match=r"row 0, feature 0: 1e\+308 lies more than the largest float"):
        scale.transform([[1e308]])


# --- metrics given score rows of the wrong width -------------------------------------------

BAD_SCORE_ROWS = [
    ([[0.2, 0.8], [0.1, 0.2, 0.7], [0.5, 0.5]], "row 0 has 2, row 1 has 3"),
    ([[0.2, 0.3, 0.5], [0.1], [0.5, 0.2, 0.3]], "row 0 has 3, row 1 has 1"),
    ([[0.2, 0.8], [0.1, 0.9], 0.5], "row 0 has 2, row 2 has float"),
    ([[0.2, 0.8], [0.3, 0.7], [0.6, 0.4]], "label 2 has no column among the 2 scores"),
    ([[1.0], [1.0], [1.0]], "needs a score for each of at least two classes, got 1"),
]


@pytest.mark.parametrize(("rows", "message"), BAD_SCORE_ROWS, ids=range(len(BAD_SCORE_ROWS)))
def test_score_rows_of_the_wrong_width_are_named(rows, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        roc_auc_ovr([0, 1, 2], rows)


# --- model files -------------------------------------------------------------------------------


def _nested(state: dict) -> str:
    return "[" * 100_000 + "]" * 100_000


def _400_digits(state: dict) -> str:
    return json.dumps({**state, "layers.0.neurons.0.w.0": int("9" * 400)})


def _beyond_the_float_range(state: dict) -> str:
    return json.dumps(state).replace("0.5", "1e999", 1)  # json reads 1e999 as inf


BAD_MODEL_FILES = [
    (_nested, "not a JSON state dict (nested too deeply)"),
    (_400_digits, "must be a finite number, got 99999"),
    (_beyond_the_float_range, "must be a finite number, got inf"),
]


@pytest.mark.parametrize(("write", "message"), BAD_MODEL_FILES, ids=lambda x: getattr(x, "__name__", ""))
def test_a_bad_model_file_is_a_value_error_and_changes_nothing(tmp_path, write, message):
    model = nn.MLP(1, [1], seed=0)
    before = model.state_dict()
    path = tmp_path / "model.json"
    path.write_text(write(dict.fromkeys(before, 0.5)))
    with pytest.raises(ValueError, match=re.escape(message)):
        model.load(path)
    assert model.state_dict() == before
