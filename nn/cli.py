"""Command line: ``python -m nn train`` trains an MLP and writes a run folder; ``python -m nn
predict RUN --data new.csv`` predicts new data with a trained run; ``python -m nn
imbalance-report`` reproduces tutorial 8's weighted-loss point; ``python -m nn meprop-report``
measures minimal-effort backpropagation (``nn.meprop.report``).

With no arguments, ``train`` fits a 13-16-3 MLP to the real wine data (softmax
cross-entropy, Adam) on a stratified 60/20/20 split, stops early on the validation loss,
prints the test metrics and writes ``runs/wine-NNN/`` (see ``nn.run``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from autograd.cli.errors import Fail, OneLineParser
from autograd.cli.errors import report as report_error
from nn import run
from nn.data import DATASETS
from nn.init import INITIALISERS
from nn.optim import OPTIMIZERS
from nn.train import MONITORS

#: The defaults of every flag, declared once in ``run.Config``.
DEFAULT = run.Config()


def _hidden(text: str) -> list[int]:
    """ "16,16" -> [16, 16]; "" -> [] (no hidden layer: logistic/softmax regression)."""
    if not text.strip():
        return []
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected layer widths such as 16,16; got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m nn", description="Train small networks on real data.")
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
    meprop_report = commands.add_parser(
        "meprop-report",
        help="train with full backpropagation and with meProp's top-k; print accuracy and weights touched",
    )
    meprop_report.add_argument(
        "--readme", type=Path, help="rewrite the table between the markers in this README"
    )
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
    """One flag per field of ``run.Config``, with its default; the values are checked by Config."""
    data = parser.add_mutually_exclusive_group()
    data.add_argument(
        "--dataset",
        choices=list(DATASETS),
        default=DEFAULT.dataset,
        help="a shipped or synthetic data set (default: %(default)s)",
    )
    data.add_argument(
        "--data", type=Path, metavar="PATH", help="a CSV file: a header row, numeric features, the label last"
    )
    parser.add_argument(
        "--hidden",
        type=_hidden,
        default=list(DEFAULT.hidden),
        metavar="W1,W2",
        help=f"hidden layer widths (default: {','.join(map(str, DEFAULT.hidden))})",
    )
    parser.add_argument(
        "--activation",
        choices=run.HIDDEN_ACTIVATIONS,
        default=DEFAULT.activation,
        help="of the hidden layers (default: %(default)s)",
    )
    parser.add_argument(
        "--init",
        choices=list(INITIALISERS),
        default=DEFAULT.init,
        help="weight initialisation (default: %(default)s)",
    )
    parser.add_argument(
        "--loss",
        choices=list(run.LOSSES),
        default=DEFAULT.loss,
        help="cross-entropy: K softmax outputs; the others: two classes, one output (default: %(default)s)",
    )
    parser.add_argument(
        "--alpha", type=float, default=DEFAULT.alpha, help="weight α of class 1 (weighted losses)"
    )
    parser.add_argument(
        "--beta", type=float, default=DEFAULT.beta, help="weight β of class 0 (weighted losses)"
    )
    parser.add_argument(
        "--optimizer", choices=list(OPTIMIZERS), default=DEFAULT.optimizer, help="(default: %(default)s)"
    )
    parser.add_argument("--lr", type=float, default=DEFAULT.lr, help="learning rate (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=DEFAULT.epochs, help="at most (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT.batch_size, help="(default: %(default)s)")
    parser.add_argument(
        "--patience",
        type=int,
        default=DEFAULT.patience,
        help="stop after this many epochs without a better --monitor (default: %(default)s)",
    )
    parser.add_argument(
        "--monitor",
        choices=list(MONITORS),
        default=DEFAULT.monitor,
        help="what early stopping watches: val_accuracy stops when it stops improving (default: %(default)s)",
    )
    parser.add_argument(
        "--l1", type=float, default=DEFAULT.l1, help="L1 penalty weight λ₁ (default: %(default)s)"
    )
    parser.add_argument(
        "--l2", type=float, default=DEFAULT.l2, help="L2 penalty weight λ₂ (default: %(default)s)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT.seed,
        help="seeds the data, split, weights and batch order (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="the run folder to create (default: runs/DATASET-NNN)"
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        help="trace one sample's loss once and train with the compiled numpy program (autograd.compile)",
    )


def config_from(args: argparse.Namespace) -> run.Config:
    """The ``run.Config`` of parsed ``train`` flags: one field per flag."""
    return run.Config(**{name: getattr(args, name) for name in run.Config.__dataclass_fields__})


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; any bad input, found before or after training, is one line and exit status 2."""
    try:
        args = build_parser().parse_args(argv)
        if args.command == "imbalance-report":
            from nn import report  # it uses this module's parser

            report.main(args.readme)
        elif args.command == "meprop-report":
            from nn import meprop, readme

            readme.publish(meprop.report, meprop.TABLE, args.readme)
        elif args.command == "predict":
            from nn import predict

            text = predict.main(args.run, args.data, args.out)
            if args.out is None:
                print(text, end="")
        else:
            run.train(config_from(args))
    except (Fail, ValueError, ArithmeticError, OSError) as error:
        # a usage error, a bad flag or data file, an --out that cannot be written, an op of the
        # engine that overflowed: each says what was wrong
        return report_error(error)
    except KeyboardInterrupt as stopped:  # Ctrl-C, SIGTERM or SIGHUP during a run
        report_error(str(stopped) or "interrupted; no run folder was written")
        return getattr(stopped, "status", 130)  # 128 + the signal's number, as a shell reports it
    return 0
