"""The shipped data sets, the seeded generators, the split, standardisation and batches."""

import random
import statistics

import pytest

from nn import data


def test_shipped_data_sets_have_their_documented_shape():
    wine, iris, cancer = data.load_wine(), data.load_iris(), data.load_breast_cancer()
    assert (len(wine), wine.num_features, wine.class_counts()) == (178, 13, [59, 71, 48])
    assert wine.class_names == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert wine.feature_names[0] == "alcohol" and wine.feature_names[9] == "color_intensity"
    assert wine.features[0][0] == 14.23 and wine.labels[0] == 0
    assert (len(iris), iris.num_features, iris.class_counts()) == (150, 4, [50, 50, 50])
    assert (len(cancer), cancer.num_features, cancer.class_names) == (569, 30, ["benign", "malignant"])
    assert cancer.class_counts() == [357, 212]


@pytest.mark.parametrize("name", sorted(data.DATASETS))
def test_every_named_data_set_is_the_same_for_the_same_seed(name):
    first, again = data.load_dataset(name, seed=3), data.load_dataset(name, seed=3)
    assert first == again
    assert len(first) > 0 and first.num_classes >= 2


def test_synthetic_data_changes_with_the_seed():
    assert data.moons(seed=0).features != data.moons(seed=1).features


def test_xor_without_noise_is_the_truth_table():
    xor = data.xor(n=8, noise=0.0)
    table = sorted((tuple(x), y) for x, y in zip(xor.features, xor.labels))
    assert table == [((0, 0), 0)] * 2 + [((0, 1), 1)] * 2 + [((1, 0), 1)] * 2 + [((1, 1), 0)] * 2


def test_and_gate_has_one_positive_corner_in_four():
    assert data.and_(n=200).class_counts() == [150, 50]


def test_imbalanced_wine_is_100_of_cultivar_a_against_1000_of_b():
    wine = data.wine_imbalanced(seed=0)
    assert wine.feature_names == ["color_intensity", "alcohol"]
    assert wine.class_counts() == [1000, 100]  # y = 1 for cultivar A, the minority
    a = [x for x, y in zip(wine.features, wine.labels) if y == 1]
    b = [x for x, y in zip(wine.features, wine.labels) if y == 0]
    # Drawn from the real cultivars: A (cultivar_1) is deeper in colour and stronger than B (cultivar_2).
    assert statistics.mean(x[0] for x in a) == pytest.approx(5.53, abs=0.4)
    assert statistics.mean(x[1] for x in b) == pytest.approx(12.28, abs=0.1)


def test_stratified_split_is_60_20_20_within_every_class():
    train, val, test = data.stratified_split(data.load_wine(), seed=0)
    assert train.class_counts() == [35, 43, 29]  # 59·0.6 = 35.4, 71·0.6 = 42.6, 48·0.6 = 28.8
    assert val.class_counts() == [12, 14, 10]
    assert test.class_counts() == [12, 14, 9]
    rows = [tuple(x) for part in (train, val, test) for x in part.features]
    assert len(set(rows)) == 178  # every wine in exactly one part


def test_split_is_reproducible_and_changes_with_the_seed():
    wine = data.load_wine()
    assert data.stratified_split(wine, seed=5) == data.stratified_split(wine, seed=5)
    assert data.stratified_split(wine, seed=5)[0] != data.stratified_split(wine, seed=6)[0]


def test_standardiser_uses_the_training_rows_only():
    scale = data.Standardiser.fit([[1.0, 5.0], [3.0, 5.0]])
    assert scale.means == [2.0, 5.0]
    assert scale.stds == [1.0, 1.0]  # population std 1; the constant column gets 1, not 0
    assert scale.transform([[4.0, 7.0]]) == [[2.0, 2.0]]


def test_standardised_training_split_has_mean_0_and_std_1():
    train, _, _ = data.stratified_split(data.load_wine(), seed=0)
    scaled = data.Standardiser.fit(train.features).apply(train)
    proline = [row[12] for row in scaled.features]
    assert statistics.fmean(proline) == pytest.approx(0.0, abs=1e-12)
    assert statistics.pstdev(proline) == pytest.approx(1.0)


def test_batches_cover_every_index_once_in_a_seeded_order():
    batches = data.batches(10, 4, random.Random(0))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(i for b in batches for i in b) == list(range(10))
    assert batches == data.batches(10, 4, random.Random(0))
    assert batches != data.batches(10, 4, random.Random(1))


def test_read_csv_takes_a_header_and_the_label_in_the_last_column(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("a,b,label\n1,2,yes\n\n3,4.5,no\n")
    tiny = data.read_csv(path)
    assert tiny.name == "tiny" and tiny.feature_names == ["a", "b"]
    assert tiny.features == [[1.0, 2.0], [3.0, 4.5]]
    assert tiny.class_names == ["no", "yes"] and tiny.labels == [1, 0]


def test_integer_labels_sort_as_numbers(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("x,y\n1,10\n2,2\n")
    assert data.read_csv(path).class_names == ["2", "10"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b,label\n1,2,yes\n3,4\n", "line 3: 2 columns, expected 3"),
        ("a,b,label\n1,2,yes\n3,x,no\n", r"line 3, column 2 \(b\): 'x' is not a finite number"),
        ("a,b,label\n1,nan,yes\n", r"line 2, column 2 \(b\): 'nan'"),
        ("a,b,label\n1,2,\n", r"line 2, column 3 \(label\): the label is empty"),
        ("a,b,label\n", "no data rows"),
        ("", "empty"),
        ("label\n1\n", "at least one feature column"),
    ],
)
def test_bad_csv_names_the_line_and_column(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        data.read_csv(path)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: data.stratified_split(data.xor(n=4), fractions=(0.6, 0.2, 0.2)), "empty"),
        (lambda: data.stratified_split(data.xor(), fractions=(0.5, 0.2)), "add up to 1"),
        (lambda: data.batches(10, 0, random.Random(0)), "batch_size"),
        (lambda: data.load_dataset("mnist"), "unknown dataset 'mnist'"),
        (lambda: data.moons(n=-1), "n must be"),
        (lambda: data.Dataset([[1.0]], [2], ["x"], ["a", "b"]), "label 0 is 2"),
    ],
)
def test_bad_arguments_name_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()
