"""The README's figure for the reliability tests: how many cases each ``tests/test_reliability_*.py``
holds, as pytest itself collects them (each parametrized case one bad input, fault or load).

    python tests/reliability_table.py                    # print the table
    python tests/reliability_table.py --readme README.md # put it between the README's markers

``make reliability`` runs the second; ``tests/test_readme_figures.py`` checks that the README
shows what this script counts now.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
FILES = "tests/test_reliability_*.py"
TABLE = "reliability-table"  # the name of its markers in the README (see nn.readme)


def counts() -> Counter[str]:
    """Test cases per file, from ``pytest --collect-only``."""
    files = sorted(str(p.relative_to(CHECKOUT)) for p in CHECKOUT.glob(FILES))
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return Counter(line.split("::")[0] for line in collected.splitlines() if "::" in line)


def table() -> str:
    """The Markdown table: each file's class of bad input (its docstring's first line) and its count."""
    found = counts()
    lines = ["| class of bad input, fault or load | test file | cases |", "| --- | --- | ---: |"]
    for file, n in sorted(found.items()):
        summary = ast.get_docstring(ast.parse((CHECKOUT / file).read_text(encoding="utf-8"))).split("\n\n")[0]
        lines.append(f"| {' '.join(summary.split()).replace('``', '`')} | `{file}` | {n} |")
    lines.append(f"| all | | {sum(found.values())} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", type=Path, help="rewrite the table between the markers in this README")
    args = parser.parse_args()
    sys.path.insert(0, str(CHECKOUT))
    from nn.readme import publish

    publish(table, TABLE, args.readme)


if __name__ == "__main__":
    main()
