"""Tutorial 8's point, measured: on 100 wines of cultivar A against 1000 of B, weighting the
minority class in the loss (α = 10, β = 1) finds more of it than plain binary cross-entropy.

``python -m nn imbalance-report`` runs ``python -m nn train`` with both sets of flags (run
folders go to a temporary directory), prints a Markdown table of the test split's
minority-class recall and the other metrics, and with ``--readme README.md`` puts that table
between the README's two marker comments.
"""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from nn import cli, run

START = "<!-- imbalance-table:start -->"
END = "<!-- imbalance-table:end -->"

RUNS = {
    "binary cross-entropy": ["--dataset", "wine-imbalanced", "--loss", "bce"],
    "weighted BCE, α = 10, β = 1": [
        "--dataset",
        "wine-imbalanced",
        "--loss",
        "weighted-bce",
        "--alpha",
        "10",
        "--beta",
        "1",
    ],
}


def table() -> str:
    """Train both runs and return the Markdown table of their test metrics."""
    parser = cli.build_parser()
    lines = [
        "| loss | command | recall of A (minority) | precision of A | specificity | accuracy |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for k, (name, flags) in enumerate(RUNS.items()):
            args = parser.parse_args(["train", *flags, "--out", str(Path(folder) / f"run-{k}")])
            test = run.train(cli.config_from(args), log=lambda line: None)["test"]
            a = test["per_class"]["cultivar_A"]
            command = "python -m nn train " + shlex.join(flags)
            lines.append(
                f"| {name} | `{command}` | {a['recall']:.2f} | {a['precision']:.2f} | "
                f"{a['specificity']:.2f} | {test['accuracy']:.3f} |"
            )
    return "\n".join(lines)


def replace_between_markers(text: str, body: str, start_marker: str = START, end_marker: str = END) -> str:
    """``text`` with everything between the two markers (by default this table's) replaced by ``body``."""
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"the README needs the markers {start_marker} and {end_marker}, in that order")
    return text[: start + len(start_marker)] + "\n" + body + "\n" + text[end:]


def main(readme: Path | None = None) -> None:
    text = None if readme is None else readme.read_text(encoding="utf-8")
    if text is not None:
        replace_between_markers(text, "")  # check the markers before spending a minute training
    markdown = table()
    print(markdown)
    if text is not None:
        readme.write_text(replace_between_markers(text, markdown), encoding="utf-8")
        print(f"updated {readme}")
