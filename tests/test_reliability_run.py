"""Runs of ``python -m nn train`` under load and faults: concurrent runs, signals, failing pictures.

Nothing lost, nothing overwritten, and a run that fails or is stopped leaves nothing behind.
The processes here are real ones.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nn import drawing, plots, run
from nn.cli import main

CHECKOUT = Path(__file__).resolve().parents[1]
TINY = ["train", "--dataset", "xor", "--hidden", "2", "--epochs", "2", "--seed", "1"]


def start(*args: str, cwd: Path) -> subprocess.Popen:
    """``python -m nn ARGS`` in a fresh interpreter, on this checkout's package."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "nn", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_three_runs_started_together_get_three_folders(tmp_path):
    processes = [start(*TINY, cwd=tmp_path) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], results
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["xor-001", "xor-002", "xor-003"]
    for folder in (tmp_path / "runs").iterdir():
        assert json.loads((folder / "metrics.json").read_text())["config"]["out"] == f"runs/{folder.name}"


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    """Until ``path`` exists; fails if the run ends first."""
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, f"the run ended before {path} appeared: {process.communicate()}"
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.002)


# Each stage of a run: what appears in its hidden folder then (the folder itself while training,
# model.json once training is over and the files are being written), and the epochs to run.
STAGES = {"training": ("", "200"), "writing": ("model.json", "5")}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
@pytest.mark.parametrize("stage", list(STAGES))
def test_a_run_stopped_by_a_signal_leaves_nothing(tmp_path, stage, signum):
    # wine: 13 features, so that drawing its graph keeps the writing stage long enough to catch
    written, epochs = STAGES[stage]
    process = start("train", "--epochs", epochs, "--out", "run", cwd=tmp_path)
    _wait_for(tmp_path / ".run.partial" / written, process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert list(tmp_path.iterdir()) == []


def test_a_picture_that_fails_after_training_costs_the_run_nothing(tmp_path, monkeypatch, capsys):
    def too_big(*args, **kwargs):
        raise ValueError("the graph has 24000 nodes, more than max_nodes=20000")

    monkeypatch.setattr(drawing, "draw", too_big)
    monkeypatch.setattr(plots, "confusion_matrix", too_big)
    assert main([*TINY, "--out", str(tmp_path / "run")]) == 0
    names = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert "graph.svg" not in names and "confusion_matrix.png" not in names
    assert {"model.json", "metrics.json", "loss.png"} <= set(names)
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    failure = "the graph has 24000 nodes, more than max_nodes=20000"
    assert metrics["not_drawn"] == {"confusion_matrix.png": failure, "graph.svg": failure}
    assert "graph" not in metrics
    out = capsys.readouterr().out
    assert "warning: graph.svg was not drawn" in out and "warning: confusion_matrix.png was not drawn" in out


def test_class_names_with_dollar_signs_are_drawn(tmp_path):
    csv = tmp_path / "prices.csv"
    tiers = ["$", "$$", "$$$"]
    csv.write_text("a,b,tier\n" + "".join(f"{i % 7},{i % 3},{tiers[i % 3]}\n" for i in range(60)))
    assert main(["train", "--data", str(csv), "--epochs", "2", "--out", str(tmp_path / "run")]) == 0
    assert (tmp_path / "run" / "confusion_matrix.png").exists()
    assert (tmp_path / "run" / "decision_boundary.png").exists()
    assert "not_drawn" not in json.loads((tmp_path / "run" / "metrics.json").read_text())


def test_a_stale_hidden_folder_of_a_killed_run_is_named_not_removed(tmp_path, capsys):
    (tmp_path / ".run.partial").mkdir()  # as a run killed by SIGKILL leaves it
    assert main([*TINY, "--out", str(tmp_path / "run")]) == 2
    assert "is being written by another run" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [".run.partial"]


def test_automatic_names_pass_over_a_stale_hidden_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / ".xor-001.partial").mkdir()
    assert main(TINY) == 0
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == [".xor-001.partial", "xor-002"]


def test_a_config_is_checked_when_it_is_made_and_runs_from_python(tmp_path):
    with pytest.raises(ValueError, match=r"Config: hidden \(--hidden\) must be a positive int, got 0"):
        run.Config(hidden=[4, 0])
    config = run.Config(dataset="xor", hidden=[2], epochs=2, out=str(tmp_path / "run"))
    assert config.hidden == (2,) and config.out == tmp_path / "run"
    report = run.train(config, log=lambda line: None)
    assert report["config"]["hidden"] == [2] and (tmp_path / "run" / "metrics.json").exists()
