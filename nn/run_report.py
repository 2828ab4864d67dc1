"""``index.html``: one page per run folder tying its metrics, plots and graph together.

The page holds the run's configuration, a table of loss, accuracy, macro precision, recall
and F1 (and ROC AUC on test) for the train, validation and test splits, why training stopped,
then the pictures the folder holds, and why any other was not drawn. Everything is linked by
relative path and nothing is fetched, so the folder can be copied anywhere and read offline.
"""

from __future__ import annotations

import html
from pathlib import Path

from autograd.files import write_atomic

#: The pictures of a run folder, in the order the page shows them, with their captions.
PICTURES = {
    "loss.png": "Learning curves: loss per epoch",
    "accuracy.png": "Learning curves: accuracy per epoch",
    "confusion_matrix.png": "Confusion matrix of the test split",
    "decision_boundary.png": "Predicted class over the plane of the two features",
    "graph.svg": "The computation graph of one training sample's loss, after backward",
}

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; max-width: 70em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 1.2em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
"""


def write_index(folder: Path, report: dict) -> Path:
    """Write ``folder/index.html`` for the run whose metrics are ``report``; return its path."""
    return write_atomic(folder / "index.html", page(folder, report))


def page(folder: Path, report: dict) -> str:
    """The HTML of the report; a picture is shown only if ``folder`` holds it."""
    config, data = report["config"], report["data"]
    title = f"{data['name']}: {config['loss']} loss, {config['optimizer']}, hidden {config['hidden']}"
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{_samples(data)}. {html.escape(_stopped(report))}.</p>",
        _metrics_table(report),
        _config_table(config),
        '<p>Files: <a href="metrics.json">metrics.json</a> (every number), '
        '<a href="model.json">model.json</a> (the weights).</p>',
    ]
    for name, caption in PICTURES.items():
        if (folder / name).exists():
            parts.append(_figure(name, caption + _graph_note(report, name)))
    for name, why in report.get("not_drawn", {}).items():
        parts.append(f"<p>{html.escape(name)} was not drawn: {html.escape(why)}</p>")
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
{body}
</body>
</html>
"""


def _stopped(report: dict) -> str:
    best = report["best_epoch"]
    return report["stop_reason"] + ("" if best is None else f"; best epoch {best}")


def _samples(data: dict) -> str:
    counts = data["samples"]
    return html.escape(
        f"{len(data['features'])} features, classes {', '.join(map(str, data['classes']))}; "
        f"{counts['train']} train, {counts['val']} validation, {counts['test']} test samples"
    )


_COLUMNS = ("split", "loss", "accuracy", "precision", "recall", "F1", "ROC AUC")


def _metrics_table(report: dict) -> str:
    rows = []
    for split, name in (("train", "train"), ("val", "validation"), ("test", "test")):
        section = report[split]
        auc = section.get("roc_auc")
        cells = [
            name,
            f"{section['loss']:.4f}",
            f"{section['accuracy']:.3f}",
            *(f"{section['macro'][k]:.3f}" for k in ("precision", "recall", "f1")),
            "" if auc is None else f"{auc:.3f}",
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{c}</th>" for c in _COLUMNS)
    caption = "<caption>Precision, recall and F1 are macro averages over the classes.</caption>"
    return f"<table>{caption}<tr>{head}</tr>{''.join(rows)}</table>"


def _config_table(config: dict) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(key)}</td><td>{html.escape(str(value))}</td></tr>"
        for key, value in config.items()
    )
    return f"<details><summary>Configuration</summary><table>{rows}</table></details>"


def _graph_note(report: dict, name: str) -> str:
    graph = report.get("graph") or {}
    if name != "graph.svg" or "view" not in graph:
        return ""
    note = {"values": "node by node", "neurons": "one box per neuron", "layers": "one box per layer"}
    text = f" ({note[graph['view']]}"
    if "full" in graph:
        text += f'; every node: <a href="{html.escape(graph["full"])}">{html.escape(graph["full"])}</a>'
    return text + ")"


def _figure(name: str, caption: str) -> str:
    return (
        f'<figure><img src="{html.escape(name)}" alt="{html.escape(name)}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
