"""python -m nn train: the run folder, and every kind of bad input refused before anything is written."""

import json

import pytest

import nn
from nn import readme, report
from nn.cli import main

TINY = ["train", "--dataset", "xor", "--hidden", "4", "--epochs", "3", "--seed", "1"]


def test_a_run_writes_every_file_and_a_loadable_model(tmp_path):
    out = tmp_path / "xor-run"
    assert main([*TINY, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "accuracy.png",
        "confusion_matrix.png",
        "decision_boundary.png",
        "graph.svg",
        "index.html",
        "loss.png",
        "metrics.json",
        "model.json",
    ]
    run = json.loads((out / "metrics.json").read_text())
    assert 0.0 <= run["test"]["accuracy"] <= 1.0
    assert set(run) >= {"config", "data", "train", "val", "test", "history", "best_epoch", "stop_reason"}
    assert run["data"]["samples"] == {"train": 120, "val": 40, "test": 40}
    assert len(run["test"]["confusion_matrix"]) == 2 and "roc_auc" in run["test"]
    model = nn.MLP(2, [4, 2])
    model.load(out / "model.json")
    assert model.state_dict() == json.loads((out / "model.json").read_text())
    assert (out / "graph.svg").read_text().lstrip().startswith(("<?xml", "<svg"))


def test_the_default_job_learns_wine(tmp_path, capsys):
    assert main(["train", "--out", str(tmp_path / "wine")]) == 0
    run = json.loads((tmp_path / "wine" / "metrics.json").read_text())
    assert run["data"]["classes"] == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert run["test"]["accuracy"] >= 0.9
    assert "test: accuracy" in capsys.readouterr().out
    assert not (tmp_path / "wine" / "decision_boundary.png").exists()  # 13 features: no plane to draw


def test_without_out_each_run_gets_a_new_numbered_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(TINY) == 0
    assert main(TINY) == 0
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["xor-001", "xor-002"]


def test_an_existing_run_folder_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main([*TINY, "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b,label\n1,2,yes\n3,4\n", "line 3: 2 columns, expected 3"),
        ("a,b,label\n1,2,yes\n3,x,no\n", "line 3, column 2 (b): 'x' is not a finite number"),
        ("a,b,label\n", "no data rows"),
    ],
)
def test_a_bad_csv_is_refused_naming_line_and_column_and_nothing_is_written(tmp_path, capsys, text, message):
    csv = tmp_path / "mine.csv"
    csv.write_text(text)
    assert main(["train", "--data", str(csv), "--out", str(tmp_path / "run")]) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]


def test_a_users_csv_trains(tmp_path):
    csv = tmp_path / "mine.csv"
    rows = [f"{x},{x % 3},{'big' if x > 9 else 'small'}" for x in range(20)]
    csv.write_text("size,rest,label\n" + "\n".join(rows) + "\n")
    assert main(["train", "--data", str(csv), "--epochs", "2", "--out", str(tmp_path / "run")]) == 0
    run = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert run["data"]["classes"] == ["big", "small"]


@pytest.mark.parametrize(
    "flag, value, choice",
    [
        ("--dataset", "mnist", "wine"),
        ("--loss", "focal", "weighted-bce"),
        ("--optimizer", "lion", "rmsprop"),
        ("--activation", "swish", "tanh"),
    ],
)
def test_unknown_choices_are_one_line_listing_the_choices(capsys, flag, value, choice):
    assert main(["train", flag, value]) == 2
    err = capsys.readouterr().err
    assert f"invalid choice: '{value}'" in err and choice in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--hidden", "16,x"], "layer widths"),
        (["--hidden", "16,0"], "hidden (--hidden) must be a positive int, got 0"),
        (["--epochs", "0"], "epochs (--epochs) must be a positive int, got 0"),
        (["--lr", "-1"], "lr (--lr) must be a finite number > 0, got -1.0"),
    ],
)
def test_bad_flag_values_are_one_line_errors(capsys, flags, message):
    assert main(["train", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("error: ") and err.count("\n") == 1


def test_flags_that_do_not_fit_the_data_are_refused(tmp_path, capsys):
    assert main(["train", "--loss", "bce", "--out", str(tmp_path / "a")]) == 2
    assert "--loss bce is for two classes, but wine has 3" in capsys.readouterr().err
    assert main(["train", "--alpha", "10", "--out", str(tmp_path / "b")]) == 2
    assert "--alpha and --beta apply to weighted-bce" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_divergence_stops_training_and_says_so(tmp_path, capsys):
    flags = ["--loss", "bce", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "5"]
    assert main([*TINY[:-2], *flags, "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    assert "non-finite loss in epoch" in out and "try a lower learning rate" in out
    stop = json.loads((tmp_path / "run" / "metrics.json").read_text())["stop_reason"]
    assert stop.startswith("non-finite loss in epoch")


def test_the_readme_table_goes_between_its_markers():
    start, end = readme.markers(report.TABLE)
    text = f"intro\n{start}\nold table\n{end}\noutro\n"
    assert readme.replace_between_markers(text, "| new |", report.TABLE) == (
        f"intro\n{start}\n| new |\n{end}\noutro\n"
    )
    with pytest.raises(ValueError, match="markers"):
        readme.replace_between_markers("no markers here", "| new |", report.TABLE)


def test_meprop_report_checks_the_readme_markers_before_training(tmp_path):
    no_markers = tmp_path / "README.md"
    no_markers.write_text("no table here\n")
    assert main(["meprop-report", "--readme", str(no_markers)]) == 2  # at once, with no training
    assert no_markers.read_text() == "no table here\n"
