"""Command line: ``python -m nn train`` trains an MLP and writes a run folder; ``python -m nn
imbalance-report`` reproduces tutorial 8's weighted-loss point.

With no arguments, ``train`` fits a 13-16-3 MLP to the real wine data (softmax
cross-entropy, Adam) on a stratified 60/20/20 split, stops early on the validation loss,
prints the test metrics and writes ``runs/wine-NNN/`` (see ``nn.run``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from nn import run
from nn.activations import KNOWN as ACTIVATIONS
from nn.data import DATASETS


def _hidden(text: str) -> list[int]:
    """ "16,16" -> [16, 16]; "" -> [] (no hidden layer: logistic/softmax regression)."""
    if not text.strip():
        return []
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected layer widths such as 16,16; got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"every layer width must be at least 1; got {text!r}")
    return sizes


def _bounded(convert: type[int] | type[float], low: float, *, strict: bool, what: str):
    """An argparse type: ``convert(text)``, finite and above ``low`` (or at least ``low``)."""

    def parse(text: str) -> float:
        try:
            x = convert(text)
        except ValueError:
            x = None
        if x is None or not (x > low if strict else x >= low) or x == float("inf"):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return x

    return parse


_positive_int = _bounded(int, 0, strict=True, what="a positive integer")
_non_negative = _bounded(float, 0.0, strict=False, what="a finite number >= 0")
_positive = _bounded(float, 0.0, strict=True, what="a finite number > 0")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nn", description="Train small networks on real data.")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train",
        help="train an MLP and write a run folder (metrics, model, plots, graph)",
        description="Train an MLP on a data set and write runs/NAME/ with its metrics, weights and plots.",
    )
    add_train_arguments(train)
    report = commands.add_parser(
        "imbalance-report",
        help="train BCE and weighted BCE on wine-imbalanced and print the minority-class recall table",
    )
    report.add_argument("--readme", type=Path, help="rewrite the table between the markers in this README")
    predict = commands.add_parser(
        "predict",
        help="predict the classes of new data with a trained run",
        description="Load a run folder's model and standardiser and predict every row of a CSV file.",
    )
    predict.add_argument("run", type=Path, metavar="RUN", help="a run folder written by python -m nn train")
    predict.add_argument(
        "--data",
        type=Path,
        required=True,
        metavar="PATH",
        help="a CSV file with a column per feature of the run",
    )
    predict.add_argument(
        "--out", type=Path, metavar="PATH", help="write the predictions here (default: print them)"
    )
    return parser


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    data = parser.add_mutually_exclusive_group()
    data.add_argument(
        "--dataset",
        choices=list(DATASETS),
        default="wine",
        help="a shipped or synthetic data set (default: wine)",
    )
    data.add_argument(
        "--data", type=Path, metavar="PATH", help="a CSV file: a header row, numeric features, the label last"
    )
    parser.add_argument(
        "--hidden", type=_hidden, default=[16], metavar="W1,W2", help="hidden layer widths (default: 16)"
    )
    parser.add_argument(
        "--activation",
        choices=[a for a in ACTIVATIONS if a != "linear"],
        default="relu",
        help="of the hidden layers (default: %(default)s)",
    )
    parser.add_argument(
        "--init",
        choices=["lecture", "xavier", "he"],
        default="he",
        help="weight initialisation (default: he)",
    )
    parser.add_argument(
        "--loss",
        choices=list(run.LOSSES),
        default="cross-entropy",
        help="cross-entropy: K softmax outputs; the others: two classes, one output (default: %(default)s)",
    )
    parser.add_argument(
        "--alpha", type=_non_negative, default=1.0, help="weight α of class 1 (weighted losses)"
    )
    parser.add_argument(
        "--beta", type=_non_negative, default=1.0, help="weight β of class 0 (weighted losses)"
    )
    parser.add_argument("--optimizer", choices=list(run.OPTIMIZERS), default="adam", help="(default: adam)")
    parser.add_argument("--lr", type=_positive, default=0.01, help="learning rate (default: %(default)s)")
    parser.add_argument("--epochs", type=_positive_int, default=100, help="at most (default: %(default)s)")
    parser.add_argument("--batch-size", type=_positive_int, default=16, help="(default: %(default)s)")
    parser.add_argument(
        "--patience",
        type=_positive_int,
        default=15,
        help="stop after this many epochs without a better validation loss (default: %(default)s)",
    )
    parser.add_argument("--l1", type=_non_negative, default=0.0, help="L1 penalty weight λ₁ (default: 0)")
    parser.add_argument("--l2", type=_non_negative, default=0.0, help="L2 penalty weight λ₂ (default: 0)")
    parser.add_argument(
        "--seed", type=int, default=0, help="seeds the data, split, weights and batch order (default: 0)"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="the run folder to create (default: runs/DATASET-NNN)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "imbalance-report":
        from nn import report  # it uses this module's parser

        report.main(args.readme)
        return 0
    if args.command == "predict":
        from nn import predict

        try:
            text = predict.main(args.run, args.data, args.out)
        except (ValueError, OSError) as error:  # a bad run folder or data file
            print(f"python -m nn predict: error: {error}", file=sys.stderr)
            return 2
        if args.out is None:
            print(text, end="")
        return 0
    try:
        config = run.Config.from_args(args)
    except (ValueError, OSError) as error:  # a bad data file, a flag that misfits the data, a taken --out
        print(f"python -m nn train: error: {error}", file=sys.stderr)
        return 2
    run.train(config)
    return 0
