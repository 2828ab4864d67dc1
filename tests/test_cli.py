"""`python -m autograd graph EXPR --at ...`: gradients printed, the graph drawn, bad input refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.cli.main import main

CHECKOUT = Path(__file__).resolve().parent.parent


def run(*args, cwd):
    """The CLI in a fresh interpreter, as a user runs it, on this checkout's package."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "autograd", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_chain_rule_iii_from_the_command_line(tmp_path):
    done = run("graph", "2*a + a**2", "--at", "a=1", "-o", "c.svg", "--steps", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2*a + a**2 = 3"
    assert lines[1].split() == ["a", "=", "1", "d/da", "=", "4"]
    assert lines[3].split()[:2] == ["step", "O"] and len(lines) == 3 + 6 + 1
    assert lines[-1] == "wrote c.svg"
    svg = (tmp_path / "c.svg").read_text()
    assert ">grad 4<" in svg and ">data 3<" in svg


def test_two_variables_and_png(tmp_path, capsys):
    assert main(["graph", "tanh(x*y) + x", "--at", "x=1", "y=0", "-o", str(tmp_path / "g.png")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["x", "=", "1", "d/dx", "=", "1"]  # d/dx = y·(1 - tanh²) + 1 = 1
    assert out[2].split() == ["y", "=", "0", "d/dy", "=", "1"]  # d/dy = x·(1 - tanh²) = 1
    assert (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"


def test_without_an_output_nothing_is_drawn(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", "max(x, 2) * leaky_relu(-x, 0.1) + x ** -2", "--at", "x=3"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("= -0.788889")  # 3 · (-0.3) + 1/9
    assert list(tmp_path.iterdir()) == []


HOSTILE = [
    ("__import__('os').system('touch PWNED')", ["x=1"]),
    ("x.__class__", ["x=1"]),
    ("open('f')", ["x=1"]),
    ("x ** 10 ** 10 ** 10", ["x=2"]),
    ("lambda: 1", ["x=1"]),
    ("[x for x in y]", ["x=1"]),
    ("x if y else z", ["x=1"]),
    ("(x +", ["x=1"]),
    ("x + y", ["x=1"]),  # y is unknown
    ("x", ["x=1", "z=2"]),  # z is not in the expression
    ("x", ["x=abc"]),
    ("x", ["x=nan"]),
    ("x", ["1x=2"]),
    ("x", ["x=1", "x=2"]),
    ("exp(x)", ["x=1000"]),
    ("x / (x - 1)", ["x=1"]),
    ("x @ x", ["x=1"]),
    ("exp(x=x)", ["x=1"]),
    ("x" * 3000, ["x=1"]),
    ("9" * 400 + " * x", ["x=1"]),
    ("tanh(x, x)", ["x=1"]),
]


@pytest.mark.parametrize(("expression", "at"), HOSTILE, ids=range(len(HOSTILE)))
def test_bad_input_is_one_line_and_status_2_and_writes_nothing(expression, at, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["graph", expression, "--at", *at, "-o", "g.svg", "--steps"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and len(err) < 320
    assert list(tmp_path.iterdir()) == []


def test_hostile_expressions_execute_nothing_in_a_real_process(tmp_path):
    for expression in ("__import__('os').system('touch PWNED')", "x ** 10 ** 10 ** 10"):
        done = run("graph", expression, "--at", "x=2", "-o", "g.svg", cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_are_one_line_too(capsys):
    assert main(["graph"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the following arguments are required: EXPR") and err.count("\n") == 1
    assert main(["graph", "x", "--at", "x=1", "--format", "pdf"]) == 2


@pytest.mark.parametrize("name", ["g.jpg", "g.pdf"])
def test_a_drawing_other_than_svg_or_png_is_refused(tmp_path, capsys, name):
    assert main(["graph", "2*a", "--at", "a=1", "-o", str(tmp_path / name)]) == 2
    assert "a drawing is written as .svg or .png, chosen by the suffix" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_scale_draws_a_bigger_png(tmp_path, capsys):
    for name, scale in (("small.png", "1"), ("big.png", "2")):
        assert main(["graph", "2*a", "--at", "a=1", "-o", str(tmp_path / name), "--scale", scale]) == 0
    assert (tmp_path / "big.png").stat().st_size > (tmp_path / "small.png").stat().st_size


def test_demo_still_runs(capsys):
    assert main(["demo"]) == 0
    assert "Chain rule III" in capsys.readouterr().out
