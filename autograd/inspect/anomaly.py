"""``detect_anomaly()``: when an op or a gradient goes non-finite, say which line of yours made it.

The engine already refuses every inf and nan where it happens: a forward op raises
(OverflowError, ValueError, ZeroDivisionError naming the op and its inputs) and
``backward()`` raises NonFiniteGradientError naming the op O whose contribution
dL/dO · ∂O/∂v was not finite. What it cannot tell is where in your code that op was
written. Inside ``detect_anomaly()`` every new node remembers the line of user code (the
innermost frame outside this package) that created it, and an error from the engine that
leaves the block is raised again as an ``AnomalyError`` that names that line::

    with autograd.detect_anomaly():
        y = x.sqrt()          # at x = 0: ∂y/∂x = +inf
        y.backward()          # AnomalyError: ... op 'sqrt' ... made at test.py:2: y = x.sqrt()

The new error is also an instance of the original's type, so ``except OverflowError`` and
``except NonFiniteGradientError`` still catch it; the original is its ``__cause__``.
Remembering costs one dict entry per node and keeps the block's nodes alive until it ends.
"""

from __future__ import annotations

import functools
import linecache
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType

from autograd.engine.backprop import NonFiniteGradientError
from autograd.engine.grad_mode import _recording
from autograd.engine.primitives import Primitive
from autograd.engine.value import Value

# the autograd package folder: frames inside it are the engine's, not the user's
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

#: The engine's errors for a forward op whose result or input is out of range.
_FORWARD_ERRORS = (OverflowError, ZeroDivisionError, ValueError)

Where = tuple[str, int]  # (filename, line number)


class AnomalyError(Exception):
    """An engine error, raised again by ``detect_anomaly()`` with the line that made the node.

    Every AnomalyError is also an instance of the error it replaces (OverflowError,
    ValueError, ZeroDivisionError or NonFiniteGradientError) and keeps that error's
    attributes; the original is its ``__cause__``.
    """

    def __init__(self, message: str) -> None:
        # Exception's own __init__, not the replaced class's (whose arguments differ)
        Exception.__init__(self, message)


@functools.cache
def _anomalous(kind: type[BaseException]) -> type[AnomalyError]:
    """The AnomalyError that is also a ``kind``: AnomalyError[OverflowError], …"""
    return type(f"AnomalyError[{kind.__name__}]", (AnomalyError, kind), {"__module__": __name__})


class _Recorder:
    """Remembers where each new node was made; installed as the grad mode while recording."""

    __slots__ = ("made",)

    def __init__(self) -> None:
        # id(node) -> (node, where); the node is kept so that its id is not reused meanwhile
        self.made: dict[int, tuple[Value, Where]] = {}

    def record(self, node: Value, prim: Primitive, params: Mapping[str, object]) -> None:
        frame = sys._getframe(1)
        while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
            frame = frame.f_back
        self.made[id(node)] = (node, (frame.f_code.co_filename, frame.f_lineno))

    def where(self, node: Value | None) -> str:
        found = self.made.get(id(node)) if node is not None else None
        if found is None or found[0] is not node:
            return "outside detect_anomaly()"
        return "at " + _describe(found[1])


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Within this block, an engine error names the line of user code behind the failing op.

    Works as a decorator too: ``@detect_anomaly()``. Inside ``no_grad()`` nothing is
    recorded: no graph is built there, so there is nothing to remember.
    """
    current = _recording.get()
    if isinstance(current, _Recorder):  # nested: keep one record, so the outer block sees it all
        recorder, token = current, None
    else:
        recorder = _Recorder()
        token = _recording.set(recorder) if current else None
    try:
        yield
    except NonFiniteGradientError as error:
        if isinstance(error, AnomalyError):  # from a detect_anomaly() nested in this one
            raise
        o, v = error.output, error.node
        parts = [f"op {o.op!r} was made {recorder.where(o)}"] if o is not None else []
        if v.op:  # a leaf was made by the user's Value(...), which the message names already
            parts.append(f"the node it feeds, made by op {v.op!r}, was made {recorder.where(v)}")
        if not parts:  # only a sum into a leaf overflowed: no op of the user's to point at
            raise
        raise _enriched(error, "; ".join(parts)) from error
    except _FORWARD_ERRORS as error:
        if isinstance(error, AnomalyError) or not _raised_by_engine(error.__traceback__):
            raise
        where = f"the op was called at {_describe(_user_frame(error.__traceback__))}"
        raise _enriched(error, where) from error
    finally:
        if token is not None:
            _recording.reset(token)


def _enriched(error: BaseException, where: str) -> AnomalyError:
    """``error`` as an AnomalyError of its own type, with ``where`` added to its message."""
    new = _anomalous(type(error))(f"{error}\n  detect_anomaly: {where}")
    new.__dict__.update(error.__dict__)  # NonFiniteGradientError's node and output
    return new


def _raised_by_engine(tb: TracebackType | None) -> bool:
    """True when the innermost frame of the traceback is in this package: an op raised it."""
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    return last is not None and last.tb_frame.f_code.co_filename.startswith(_PACKAGE)


def _user_frame(tb: TracebackType | None) -> Where:
    """(filename, line) of the innermost traceback frame outside this package."""
    where = ("<unknown>", 0)
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(_PACKAGE):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _describe(where: Where) -> str:
    filename, lineno = where
    line = linecache.getline(filename, lineno).strip()
    return f"{filename}:{lineno}: {line}" if line else f"{filename}:{lineno}"
