"""Whether new nodes record the graph: on by default, off inside ``no_grad()``.

The flag lives in a ContextVar, so one thread (or asyncio task) turning recording off
never affects another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_grad_enabled: ContextVar[bool] = ContextVar("autograd_grad_enabled", default=True)


def is_grad_enabled() -> bool:
    """True when new Values record their inputs and local derivatives."""
    return _grad_enabled.get()


@contextmanager
def no_grad() -> Iterator[None]:
    """Within this block, ops compute values only: each result is a leaf with no inputs.

    Use it for evaluation and for parameter updates, where building a graph would only
    cost time and memory. Works as a decorator too: ``@no_grad()``.
    """
    token = _grad_enabled.set(False)
    try:
        yield
    finally:
        _grad_enabled.reset(token)
