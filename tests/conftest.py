"""Shared test set-up."""

import os

import pytest
from hypothesis import settings

# Hypothesis profiles. "ci" (chosen when the CI variable is set) is bounded and repeatable:
# a fixed example budget, examples derived from each test's name, no timing deadline (a
# shared machine's timing is noisy). "dev" explores more and remembers failures in
# .hypothesis/. HYPOTHESIS_PROFILE=name picks one explicitly.
settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def no_dot_on_path(tmp_path, monkeypatch):
    """A PATH that holds no Graphviz `dot` (nor anything else): drawing falls back to graphviz-pure."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty
