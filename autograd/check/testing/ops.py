"""The op table of the random tests: for every op of the engine's table, how to build it with
the public API (an operator, a Value method, ``autograd.sum``) and where to draw its inputs.

Every op of ``autograd.engine.primitives.TABLE`` is here: its domain and parameter ranges
come from its entry, so an op added to the table is drawn in random graphs with no change
here. Only the n-ary ops, whose arguments are lists, are written out.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from hypothesis import strategies as st

import autograd
from autograd.engine.primitives import ANYWHERE, NARY, TABLE, Domain, Domains, Entry, Primitive
from autograd.engine.value import Value

T = TypeVar("T")

_NO_PARAMS: st.SearchStrategy[dict[str, float]] = st.just({})


@dataclass(frozen=True)
class OpSpec:
    """How ``expressions()`` uses one op.

    Attributes:
        primitive: the op's primitive, ``(inputs) -> (output, local_grads)``. Drawing calls it
            to follow every node's value and its derivatives ∂v/∂xₖ with respect to the leaves.
        apply: builds the op's output node from its inputs (Values or numbers) and keyword
            params; None means ``autograd.apply(primitive, *inputs, **params)``.
        arities: the numbers of inputs the op may take (several for an n-ary op).
        domain: where its inputs may lie: one Domain for every input, a tuple with one Domain
            per input, or a function of the op's params that returns either.
        params: a strategy for the op's keyword params (an exponent, a slope), as a dict.
        unique_max: a tie for the largest input is a kink (max, a < b): the top two stay apart.
    """

    primitive: Primitive
    apply: Callable[..., Value] | None = None
    arities: tuple[int, ...] = (1,)
    domain: Domains = ANYWHERE
    params: st.SearchStrategy[dict[str, float]] = _NO_PARAMS
    unique_max: bool = False

    def build(self, *inputs: Value | float, **params: float) -> Value:
        """The output node of this op on ``inputs``."""
        if self.apply is None:
            return autograd.apply(self.primitive, *inputs, **params)
        return self.apply(*inputs, **params)

    def domains(self, arity: int, params: Mapping[str, float]) -> tuple[Domain, ...]:
        """One Domain per input, for ``arity`` inputs and these params."""
        domain = self.domain(**params) if callable(self.domain) else self.domain
        return domain if isinstance(domain, tuple) else (domain,) * arity


def _by_operator(name: str) -> Callable[..., Value]:
    """Builds with Python's operator ``name`` (``add``, ``pow``): plain numbers on either side,
    a parameter (the exponent of ``x ** p``) after the inputs."""
    apply_operator = getattr(operator, name)

    def build_with_operator(*inputs: Value | float, **params: float) -> Value:
        return apply_operator(*inputs, *params.values())

    return build_with_operator


def _by_method(name: str) -> Callable[..., Value]:
    """Builds with the Value method ``name``, parameters as keywords: ``x.leaky_relu(slope=0.1)``."""

    def build_with_method(x: Value, **params: float) -> Value:
        return getattr(x, name)(**params)

    return build_with_method


def _parameters(ranges: Mapping[str, tuple[float, float]]) -> st.SearchStrategy[dict[str, float]]:
    """Each parameter drawn from its range; a range given in ints (``(-2, 3)`` for an exponent)
    draws whole numbers (as floats) too, where an op treats them apart."""
    if not ranges:
        return _NO_PARAMS
    strategies = {}
    for name, (lo, hi) in ranges.items():
        floats = st.floats(float(lo), float(hi))
        whole = type(lo) is int and type(hi) is int
        strategies[name] = st.integers(lo, hi).map(float) | floats if whole else floats
    return st.fixed_dictionaries(strategies)


def _spec(entry: Entry) -> OpSpec:
    """The OpSpec of a unary or binary op of the table."""
    method = entry.method
    build = _by_operator(method.strip("_")) if method.startswith("__") else _by_method(method)
    return OpSpec(
        entry.primitive, build, (entry.arity,), entry.domain, _parameters(entry.params), entry.apart
    )


def _halves(items: tuple[T, ...]) -> tuple[tuple[T, ...], tuple[T, ...]]:
    n = len(items) // 2
    return items[:n], items[n:]


def _sum(*xs: Value | float) -> Value:
    return autograd.sum(xs)


def _dot(*ws_then_xs: Value | float) -> Value:
    return autograd.dot(*_halves(ws_then_xs))


def _affine(*ws_xs_b: Value | float) -> Value:
    return autograd.affine(*_halves(ws_xs_b[:-1]), ws_xs_b[-1])


def _maximum(*xs: Value | float) -> Value:
    return autograd.maximum(xs)


#: The n-ary ops: each takes a list, drawn with one of several lengths.
_NARY = {
    "sum": OpSpec(TABLE["sum"].primitive, _sum, (1, 2, 3, 4)),
    "dot": OpSpec(TABLE["dot"].primitive, _dot, (2, 4, 6)),
    "affine": OpSpec(TABLE["affine"].primitive, _affine, (3, 5, 7)),
    "max": OpSpec(TABLE["max"].primitive, _maximum, (2, 3, 4), unique_max=TABLE["max"].apart),
}

#: The whole op table: for each op name of ``autograd.PRIMITIVES``, how to build it with the
#: public API and where to draw its inputs.
OPS: dict[str, OpSpec] = {
    op: _NARY[op] if entry.kind == NARY else _spec(entry) for op, entry in TABLE.items()
}
