"""A run folder's index.html, and a run that never fails for a picture."""

import html
import json
import re

from autograd import viz
from nn.cli import main

TINY = ["train", "--dataset", "xor", "--hidden", "4", "--epochs", "3", "--seed", "1"]


def _pictures(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', page)


def test_index_ties_metrics_plots_and_graph_together(tmp_path):
    out = tmp_path / "run"
    assert main([*TINY, "--out", str(out)]) == 0
    page = (out / "index.html").read_text()
    run = json.loads((out / "metrics.json").read_text())
    assert _pictures(page) == [
        "loss.png",
        "accuracy.png",
        "confusion_matrix.png",
        "decision_boundary.png",
        "graph.svg",
    ]
    assert f"<td>test</td><td>{run['test']['loss']:.4f}</td><td>{run['test']['accuracy']:.3f}</td>" in page
    assert run["stop_reason"] in page and "(node by node)" in page
    assert not re.search(r"(src|href)=\"(https?:|//|/)", page)  # relative links only: readable offline


def test_a_wide_network_gets_its_run_with_the_graph_per_layer(tmp_path, capsys):
    out = tmp_path / "wide"
    assert main(["train", "--dataset", "wine", "--hidden", "128", "--epochs", "1", "--out", str(out)]) == 0
    graph = json.loads((out / "metrics.json").read_text())["graph"]
    assert graph == {"file": "graph.svg", "view": "layers", "full": "graph-full.dot"}
    assert ">alcohol<" in (out / "graph.svg").read_text()
    assert "layer1.neuron128.w[12]" in (out / "graph-full.dot").read_text()
    assert 'one box per layer; every node: <a href="graph-full.dot">' in (out / "index.html").read_text()


def test_without_a_layout_program_the_run_is_written_without_its_graph(tmp_path, capsys, monkeypatch):
    def no_program():
        raise viz.LayoutProgramNotFoundError("neither 'dot' nor 'graphviz-pure' was found")

    monkeypatch.setattr(viz, "layout_program", no_program)
    out = tmp_path / "run"
    assert main([*TINY, "--out", str(out)]) == 0
    why = "neither 'dot' nor 'graphviz-pure' was found"
    assert f"warning: graph.svg was not drawn: {why}" in capsys.readouterr().out
    assert not (out / "graph.svg").exists() and (out / "model.json").exists()
    run = json.loads((out / "metrics.json").read_text())
    assert "graph" not in run and run["not_drawn"] == {"graph.svg": why}
    page = (out / "index.html").read_text()
    assert "graph.svg" not in _pictures(page) and f"graph.svg was not drawn: {why}" in html.unescape(page)
