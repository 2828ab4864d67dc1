"""A trained run reused in one call: nn.load_run on raw features, and python -m nn predict."""

import csv
import json
import re

import pytest

import nn
from nn.cli import main
from nn.data import Standardiser, load_iris, stratified_split
from nn.train import predicted_class, scores

IRIS = ["train", "--dataset", "iris", "--hidden", "6", "--epochs", "30", "--seed", "3"]


@pytest.fixture(scope="module")
def iris_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "iris"
    assert main([*IRIS, "--out", str(out)]) == 0
    return out


def test_load_run_predicts_on_raw_features_as_training_did(iris_run):
    model = nn.load_run(iris_run)
    data = load_iris()
    train, _, test = stratified_split(data, seed=3)
    # the run's own pipeline: standardise with the training split, then the network
    scale = Standardiser.fit(train.features)
    trained = nn.MLP(4, [6, 3])
    trained.load(iris_run / "model.json")
    expected = [predicted_class(s) for s in scores(trained, scale.transform(test.features))]
    assert model.predict(test.features) == [data.class_names[k] for k in expected]
    accuracy = json.loads((iris_run / "metrics.json").read_text())["test"]["accuracy"]
    hits = sum(p == data.class_names[y] for p, y in zip(model.predict(test.features), test.labels))
    assert hits / len(test) == pytest.approx(accuracy)
    for row in model.probabilities(test.features[:5]):
        assert sum(row) == pytest.approx(1.0) and all(0.0 <= p <= 1.0 for p in row)
    assert model(test.features[0])[0].data == scores(trained, scale.transform(test.features[:1]))[0][0]


def test_predict_writes_one_line_per_row(iris_run, tmp_path):
    data = load_iris()
    new = tmp_path / "new.csv"
    # the columns in another order and no label: taken by name
    names = list(reversed(data.feature_names))
    with new.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(names)
        for row in data.features[:7]:
            writer.writerow(list(reversed(row)))
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(iris_run), "--data", str(new), "--out", str(out)]) == 0
    lines = list(csv.reader(out.open()))
    assert lines[0] == ["predicted", *(f"p({c})" for c in data.class_names)]
    assert [line[0] for line in lines[1:]] == nn.load_run(iris_run).predict(data.features[:7])


def test_predict_prints_without_out(iris_run, tmp_path, capsys):
    new = tmp_path / "new.csv"
    new.write_text(
        "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species\n5.1,3.5,1.4,0.2,setosa\n"
    )
    assert main(["predict", str(iris_run), "--data", str(new)]) == 0
    assert capsys.readouterr().out.splitlines()[1].split(",")[0] in load_iris().class_names


@pytest.mark.parametrize(
    "content, message",
    [
        ("sepal_length_cm,sepal_width_cm,petal_length_cm\n1,2,3\n", "no column 'petal_width_cm'"),
        (
            "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n1,2,x,4\n",
            r"line 2, column 3 \(petal_length_cm\): 'x'",
        ),
        ("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n", "no data rows"),
    ],
)
def test_bad_data_is_named(iris_run, tmp_path, capsys, content, message):
    new = tmp_path / "new.csv"
    new.write_text(content)
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(iris_run), "--data", str(new), "--out", str(out)]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists()


def test_a_folder_that_is_not_a_run_is_named(tmp_path):
    with pytest.raises(ValueError, match="no such run folder"):
        nn.load_run(tmp_path / "nothing")
    with pytest.raises(ValueError, match=r"no metrics\.json"):
        nn.load_run(tmp_path)
    (tmp_path / "metrics.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match=r"metrics\.json: not valid JSON \(nested too deeply\)"):
        nn.load_run(tmp_path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([5.1, 3.5, float("nan"), 0.2], r"row 0, feature 'petal_length_cm' must be a finite number, got nan"),
        ([5.1, True, 1.4, 0.2], r"row 0, feature 'sepal_width_cm' must be a finite number, got True"),
        ([5.1, "3.5", 1.4, 0.2], r"row 0, feature 'sepal_width_cm' must be a finite number, got '3.5'"),
    ],
)
def test_a_bad_feature_given_in_python_is_named(iris_run, row, message):
    predictor = nn.load_run(iris_run)
    with pytest.raises(ValueError, match=message):
        predictor.predict([row])
