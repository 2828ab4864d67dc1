"""Tutorial 8's point, measured: on 100 wines of cultivar A against 1000 of B, weighting the
minority class in the loss (α = 10, β = 1) finds more of it than plain binary cross-entropy.

``python -m nn imbalance-report`` runs ``python -m nn train`` with both sets of flags (run
folders go to a temporary directory), prints a Markdown table of the test split's
minority-class recall and the other metrics, and with ``--readme README.md`` puts that table
between the README's markers of ``imbalance-table`` (see ``nn.readme``).
"""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from nn import cli, run
from nn import readme as readme_tables

TABLE = "imbalance-table"  # the name of its markers in the README

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


def main(readme: Path | None = None) -> None:
    readme_tables.publish(table, TABLE, readme)
