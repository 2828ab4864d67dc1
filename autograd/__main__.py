"""Command line: ``python -m autograd demo``."""

from __future__ import annotations

import argparse

from autograd import demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograd", description="A scalar autodiff engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "demo", help="build the lecture's chain-rule examples, backpropagate, print every node"
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
