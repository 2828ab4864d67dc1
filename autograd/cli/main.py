"""Command line: ``python -m autograd demo`` and ``python -m autograd graph EXPR --at x=1 ...``.

``graph`` evaluates an expression with the given variables as Values, backpropagates,
prints each variable's value and gradient (and with ``--steps`` every step of the backward
pass) and draws the graph::

    python -m autograd graph "2*a + a**2" --at a=1 -o graph.svg --steps

Any bad input is one line ``error: ...`` on stderr and exit status 2, and no file is written.
"""

from __future__ import annotations

import argparse
import math
import unicodedata
from pathlib import Path

from autograd.cli import demo, expr
from autograd.cli.errors import Fail, OneLineParser, report
from autograd.engine.value import Value
from autograd.inspect import viz
from autograd.inspect.steps import step_table


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m autograd", description="A scalar autodiff engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "demo", help="build the lecture's chain-rule examples, backpropagate, print every node"
    )
    graph = commands.add_parser(
        "graph",
        help="evaluate an expression, backpropagate, print the gradients and draw the graph",
        description="Evaluate EXPR with the variables of --at as Values, backpropagate, print each "
        "variable's value and gradient and draw the graph. EXPR may use numbers, variables, "
        "+ - * / **, unary minus and the engine's functions: " + ", ".join(sorted(expr.FUNCTIONS)) + ". "
        "An EXPR starting with '-' goes after '--'.",
    )
    graph.add_argument("expression", metavar="EXPR", help='e.g. "2*a + a**2" or "tanh(w*x + b)"')
    graph.add_argument(
        "--at", nargs="+", default=[], metavar="NAME=VALUE", help="the variables, e.g. x=1 y=2"
    )
    graph.add_argument(
        "-o", "--output", type=Path, help="where to write the drawing: .svg or .png, chosen by the suffix"
    )
    graph.add_argument(
        "--scale", type=float, default=1.0, help="picture size factor, e.g. 2 for slides (default: 1)"
    )
    graph.add_argument("--steps", action="store_true", help="print every step of the backward pass")
    try:
        args = parser.parse_args(argv)
        if args.command == "demo":
            demo.main()
        else:
            _graph(args)
    except Fail as failure:
        return report(failure)
    return 0


def _graph(args: argparse.Namespace) -> None:
    values = _variables(args.at)
    try:
        root = expr.evaluate(args.expression, values)
        root.backward()
    except (ArithmeticError, ValueError, TypeError) as error:  # the expression's or the engine's
        raise Fail(str(error)) from None
    if args.output is not None:
        try:
            viz.render(root, args.output, scale=args.scale)
        except (ValueError, OSError, RuntimeError) as error:  # a bad suffix or scale, no layout program, ...
            raise Fail(str(error)) from None
    print(f"{args.expression.strip()} = {root.data:.6g}")
    width = max(len(name) for name in values) if values else 0
    for name, value in values.items():
        print(f"  {name.ljust(width)} = {value.data:<10.6g} d/d{name} = {value.grad:.6g}")
    if args.steps:
        print()
        print(step_table(root))
    if args.output is not None:
        print(f"wrote {args.output}")


def _variables(pairs: list[str]) -> dict[str, Value]:
    """The Values of ``--at``: each NAME=VALUE a leaf labelled NAME."""
    values: dict[str, Value] = {}
    for pair in pairs:
        name, sep, number = pair.partition("=")
        # as Python reads names in the expression: full-width ａ is a, ﬁ is fi
        name = unicodedata.normalize("NFKC", name.strip())
        if not sep or not name.isidentifier() or name.startswith("_"):
            raise Fail(f"--at takes NAME=VALUE with NAME a variable name, got {pair!r}")
        if name in expr.FUNCTIONS:
            raise Fail(f"--at: {name!r} is a function name; choose another variable name")
        if name in values:
            raise Fail(f"--at: {name} is given twice")
        try:
            x = float(number)
        except ValueError:
            raise Fail(f"--at: the value of {name} must be a number, got {number!r}") from None
        if not math.isfinite(x):
            raise Fail(f"--at: the value of {name} must be finite, got {number!r}")
        values[name] = Value(x, label=name)
    return values
