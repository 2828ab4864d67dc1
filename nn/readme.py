"""Tables that a script writes into README.md, each between two marker comments of its own.

A figure in the README comes from the script that made it: ``python -m nn imbalance-report``,
``python -m nn meprop-report``, ``make reliability`` and ``make bench`` print their table and,
given the README, put it between their markers, ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def markers(name: str) -> tuple[str, str]:
    """The start and end marker comments of the table called ``name``."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_between_markers(text: str, body: str, name: str) -> str:
    """``text`` with everything between the markers of table ``name`` replaced by ``body``."""
    start_marker, end_marker = markers(name)
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"the README needs the markers {start_marker} and {end_marker}, in that order")
    return text[: start + len(start_marker)] + "\n" + body.strip("\n") + "\n" + text[end:]


def publish(make_table: Callable[[], str], name: str, readme: Path | None) -> None:
    """Print the table ``make_table()`` returns and, given ``readme``, put it between the
    markers of table ``name`` there; the markers are checked first, since making a table may
    take minutes of training."""
    text = None if readme is None else readme.read_text(encoding="utf-8")
    if text is not None:
        replace_between_markers(text, "", name)
    markdown = make_table()
    print(markdown)
    if text is not None:
        readme.write_text(replace_between_markers(text, markdown, name), encoding="utf-8")
        print(f"updated {readme}")
