"""Whether new nodes record the graph: on by default, off inside ``no_grad()``.

The state lives in a ContextVar, so one thread (or asyncio task) turning recording off
never affects another. It is ``True`` (record), ``False`` (``no_grad``), or a recorder: an
object with a ``record(node, prim, params)`` method that sees every recorded node as it is
made, with the primitive that made it (anomaly detection remembers where each node came from;
compile's tracer, which primitive made it). A recorder is truthy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from autograd.engine.primitives import Primitive
    from autograd.engine.value import Value


class Recorder(Protocol):
    def record(self, node: Value, prim: Primitive, params: Mapping[str, object]) -> None:
        """See each recorded node as it is made, with the primitive (and its parameters) that made it."""


_recording: ContextVar[bool | Recorder] = ContextVar("autograd_recording", default=True)


def is_grad_enabled() -> bool:
    """True when new Values record their inputs and local derivatives."""
    return bool(_recording.get())


@contextmanager
def no_grad() -> Iterator[None]:
    """Within this block, ops compute values only: each result is a leaf with no inputs.

    Use it for evaluation and for parameter updates, where building a graph would only
    cost time and memory. Works as a decorator too: ``@no_grad()``.
    """
    token = _recording.set(False)
    try:
        yield
    finally:
        _recording.reset(token)
