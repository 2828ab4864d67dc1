"""How both command lines (``python -m autograd`` and ``python -m nn``) report bad input.

Every error is one line ``error: ...`` on stderr and exit status 2, as argparse uses for
usage errors: a usage error, a bad file, a value out of range, an op that overflows.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

#: Exit status for bad input, as argparse uses.
BAD_INPUT = 2

#: The longest error message printed; an engine message can quote a long number.
MAX_MESSAGE = 300


class Fail(Exception):
    """Stop the command with a one-line error."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line too, not the usage text."""

    def error(self, message: str) -> NoReturn:
        raise Fail(f"{message} (see {self.prog} --help)")


def report(error: BaseException | str) -> int:
    """Print ``error`` as one line ``error: ...`` on stderr; return the exit status for bad input."""
    message = " ".join(str(error).split())  # one line, whatever the message held
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    print(f"error: {message}", file=sys.stderr)
    return BAD_INPUT
