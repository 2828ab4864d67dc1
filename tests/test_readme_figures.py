"""The README's reliability table is what ``tests/reliability_table.py`` counts now."""

import sys
from pathlib import Path

from nn.readme import replace_between_markers

sys.path.insert(0, str(Path(__file__).parent))
import reliability_table  # the script beside this file

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_reliability_table_is_the_tests_own_count():
    text = README.read_text(encoding="utf-8")
    table = reliability_table.table()
    current = replace_between_markers(text, table, reliability_table.TABLE)
    assert text == current, "the README's reliability table is out of date: run make reliability"
