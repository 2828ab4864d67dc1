"""Both command lines given bad input: flags, --out, CSV files, -o, --at.

Every error is one line ``error: ...`` and exit status 2, found before any training where it
can be, and nothing is written.
"""

import json
import os
import stat
from pathlib import Path

import pytest

from autograd.cli.main import main as autograd_main
from nn.cli import main as nn_main

TINY = ["train", "--dataset", "xor", "--hidden", "2", "--epochs", "2", "--seed", "1"]


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder no file can be made in: read-only to a user; /sys to root, whom modes do not stop."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        return folder
    if not os.path.isdir("/sys"):
        pytest.skip("running as root without /sys: no folder refuses root")
    return Path("/sys")


# --- python -m nn: problems found before training ------------------------------------------

BAD_TRAIN_FLAGS = [
    (["--hidden", "16,0"], "hidden (--hidden) must be a positive int, got 0"),
    (["--epochs", "-3"], "epochs (--epochs) must be a positive int, got -3"),
    (["--batch-size", "0"], "batch_size (--batch-size) must be a positive int, got 0"),
    (["--lr", "inf"], "lr (--lr) must be a finite number > 0, got inf"),
    (["--lr", "nan"], "lr (--lr) must be a finite number > 0, got nan"),
    (["--l2", "-1"], "l2 (--l2) must be a finite number >= 0, got -1.0"),
    (["--alpha", "2"], "--alpha and --beta apply to weighted-bce and bce-with-logits, not cross-entropy"),
    (["--lr"], "argument --lr: expected one argument"),
    (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["--epochs", "ten"], "argument --epochs: invalid int value: 'ten'"),
]


@pytest.mark.parametrize(("flags", "message"), BAD_TRAIN_FLAGS, ids=range(len(BAD_TRAIN_FLAGS)))
def test_a_bad_flag_is_one_line_and_status_2(tmp_path, capsys, monkeypatch, flags, message):
    monkeypatch.chdir(tmp_path)
    assert nn_main(["train", *flags]) == 2
    assert message in _one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []


def test_an_out_below_a_regular_file_is_refused_before_training(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert nn_main([*TINY, "--out", str(tmp_path / "notes.txt" / "run")]) == 2
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in _one_line_error(capsys)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_out_deeper_below_a_regular_file_is_refused_and_makes_no_folder(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert nn_main([*TINY, "--out", str(tmp_path / "notes.txt" / "a" / "b" / "run")]) == 2
    assert "is a file, not a folder" in _one_line_error(capsys)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_out_in_an_unwritable_folder_is_refused_before_training(tmp_path, capsys):
    folder = _unwritable_folder(tmp_path)
    assert nn_main([*TINY, "--out", str(folder / "run")]) == 2
    out, err = capsys.readouterr()
    assert "training" not in out
    assert err.startswith("error: cannot make the run folder") and err.count("\n") == 1


def test_missing_parent_folders_are_made_and_removed_again_when_the_run_fails(tmp_path, capsys):
    csv = tmp_path / "two.csv"
    csv.write_text("x,label\n1,a\n2,b\n")  # too small to split
    assert nn_main(["train", "--data", str(csv), "--out", str(tmp_path / "a" / "b" / "run")]) == 2
    assert "too few to give every part one" in _one_line_error(capsys)
    assert [p.name for p in tmp_path.iterdir()] == ["two.csv"]


# --- python -m nn: problems found while training or writing ---------------------------------

BAD_DURING_TRAINING = [
    (["--l1", "1e308"], "training failed in its first batch, before any update"),
    (["--l2", "1e308"], "training failed in its first batch, before any update"),
    (["--loss", "weighted-bce", "--alpha", "1e308"], "training failed in its first batch, before any update"),
    (["--lr", "1e308"], "training failed in its first batch, before any update"),
]


@pytest.mark.parametrize(("flags", "message"), BAD_DURING_TRAINING, ids=["l1", "l2", "alpha", "lr"])
def test_a_penalty_that_overflows_is_one_line_and_leaves_no_folder(tmp_path, capsys, flags, message):
    assert nn_main([*TINY, *flags, "--out", str(tmp_path / "run")]) == 2
    assert message in _one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []


BAD_CSVS = [
    ("x,label\n1,a\n2,b\n", "2 of 2 classes have fewer than 4 samples"),
    ("x,size\n" + "".join(f"{i},{i * 0.37:.2f}\n" for i in range(40)), "is the label column a measurement"),
    ("x,label\n1,a\n" + "2," + "y" * 200_000 + "\n", "line 3: a field is longer than 131072 characters"),
    ("x,label\n1,a\n\xff,b\n", "not a UTF-8 text file"),
]


@pytest.mark.parametrize(
    ("text", "message"), BAD_CSVS, ids=["tiny", "continuous label", "long field", "latin-1"]
)
def test_a_csv_that_cannot_be_trained_on_is_one_line_naming_the_problem(tmp_path, capsys, text, message):
    csv = tmp_path / "data.csv"
    csv.write_bytes(text.encode("utf-8") if "\xff" not in text else text.encode("latin-1"))
    assert nn_main(["train", "--data", str(csv), "--out", str(tmp_path / "run")]) == 2
    assert message in _one_line_error(capsys)
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]


BAD_DATA_PATHS = [
    (lambda tmp: tmp / "missing.csv", "No such file or directory"),
    (lambda tmp: tmp, "Is a directory"),
    (lambda tmp: Path("/dev/zero"), "/dev/zero: a device, not a CSV file"),  # else read for ever
]


@pytest.mark.parametrize(("where", "message"), BAD_DATA_PATHS, ids=["missing", "a folder", "/dev/zero"])
def test_a_data_path_that_is_no_csv_file_is_one_line(tmp_path, capsys, where, message):
    assert nn_main(["train", "--data", str(where(tmp_path)), "--out", str(tmp_path / "run")]) == 2
    assert message in _one_line_error(capsys)
    assert not (tmp_path / "run").exists()


def test_features_near_the_float_limit_train_and_write_a_run(tmp_path):
    csv = tmp_path / "huge.csv"
    rows = [f"{(i % 7) * 1e300},{(i % 5) * -1e155},{'big' if i % 2 else 'small'}" for i in range(40)]
    csv.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    assert nn_main(["train", "--data", str(csv), "--epochs", "2", "--out", str(tmp_path / "run")]) == 0
    assert (tmp_path / "run" / "model.json").exists()


def test_a_byte_order_mark_in_a_csv_header_trains(tmp_path):
    csv = tmp_path / "bom.csv"
    rows = [f"{x},{x % 3},{'big' if x > 9 else 'small'}" for x in range(20)]
    csv.write_text("size,rest,label\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    assert nn_main(["train", "--data", str(csv), "--epochs", "2", "--out", str(tmp_path / "run")]) == 0


BAD_PREDICT_DATA = [
    (lambda tmp: Path("/dev/zero"), "/dev/zero: a device, not a CSV file"),
    (lambda tmp: _write(tmp / "long.csv", "x1,x2\n1," + "9" * 200_000 + "\n"), "a field is longer than"),
    (lambda tmp: _write(tmp / "empty.csv", ""), "the file is empty"),
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize(("where", "message"), BAD_PREDICT_DATA, ids=["/dev/zero", "long field", "empty"])
def test_predict_reads_csv_files_as_train_does(tmp_path, capsys, where, message):
    assert nn_main([*TINY, "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    assert nn_main(["predict", str(tmp_path / "run"), "--data", str(where(tmp_path))]) == 2
    assert message in _one_line_error(capsys)


def test_predict_takes_a_header_with_a_byte_order_mark(tmp_path, capsys):
    assert nn_main([*TINY, "--out", str(tmp_path / "run")]) == 0
    names = json.loads((tmp_path / "run" / "metrics.json").read_text())["data"]["features"]
    csv = tmp_path / "new.csv"
    csv.write_text(",".join(names) + "\n0.5,0.5\n", encoding="utf-8-sig")
    assert nn_main(["predict", str(tmp_path / "run"), "--data", str(csv)]) == 0


def test_imbalance_report_with_a_missing_readme_is_one_line(tmp_path, capsys):
    assert nn_main(["imbalance-report", "--readme", str(tmp_path / "README.md")]) == 2
    assert "No such file or directory" in _one_line_error(capsys)


# --- python -m autograd ------------------------------------------------------------------------


def test_graph_to_dev_null_writes_through_and_leaves_the_device(tmp_path, capsys):
    link = tmp_path / "out.svg"
    link.symlink_to(os.devnull)  # a link, so that a writer replacing what it finds spares /dev/null
    assert autograd_main(["graph", "2*x", "--at", "x=1", "-o", str(link)]) == 0
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


BAD_GRAPH_OUTPUTS = [
    (lambda tmp: _folder(tmp / "g.svg"), "it is a folder, not a regular file"),
    (lambda tmp: tmp / "missing" / "g.svg", "does not exist"),
]


@pytest.mark.parametrize(("where", "message"), BAD_GRAPH_OUTPUTS, ids=["a folder", "no folder"])
def test_graph_to_a_place_it_cannot_write_is_one_line_and_status_2(tmp_path, capsys, where, message):
    assert autograd_main(["graph", "2*x", "--at", "x=1", "-o", str(where(tmp_path))]) == 2
    assert message in _one_line_error(capsys)


def test_a_full_width_variable_name_is_the_name_python_reads(capsys):
    # Python reads the full-width ａ of an expression as a (NFKC); --at reads it the same way
    assert autograd_main(["graph", "2*ａ", "--at", "ａ=1"]) == 0
    assert "d/da = 2" in capsys.readouterr().out


# --- both alike ----------------------------------------------------------------------------------

BOTH_CLIS = [
    (autograd_main, ["graph"]),
    (autograd_main, ["nonsense"]),
    (autograd_main, ["graph", "x", "--at", "x=inf"]),
    (nn_main, ["train", "--dataset", "mnist"]),
    (nn_main, ["nonsense"]),
    (nn_main, []),
]


@pytest.mark.parametrize(
    ("main", "argv"), BOTH_CLIS, ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_both_command_lines_report_alike(capsys, main, argv):
    assert main(argv) == 2
    _one_line_error(capsys)
