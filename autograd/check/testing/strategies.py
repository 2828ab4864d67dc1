"""Hypothesis strategies: random graphs over the op table (``expressions``) and leaves (``values``)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from hypothesis import assume
from hypothesis import strategies as st

from autograd.check.testing.ops import OPS, Domain, OpSpec
from autograd.engine.checks import ArgumentError, require_int, require_number
from autograd.engine.value import Value

T = TypeVar("T")

#: Leaves and constants are drawn from [-SPAN, SPAN].
SPAN = 3.0
#: Every node of a drawn expression stays within ±BOUND, so no op overflows downstream.
BOUND = 1e4
#: ... and its sensitivity Σₖ|∂v/∂xₖ| to the leaves stays below SENSITIVITY.
SENSITIVITY = 1e6
#: A node v is kept KINK·(1 + Σₖ|∂v/∂xₖ|) away from every kink and every domain edge. Moving
#: one leaf by ε moves v by about ε·|∂v/∂xₖ|, so for any ε up to 1e-5 a central difference
#: never crosses a kink or leaves a domain.
KINK = 1e-3


def points(domain: Domain) -> st.SearchStrategy[float]:
    """Floats inside ``domain``, KINK from its edges and kinks, and within [-SPAN, SPAN]
    (or, for a domain outside that, within 2·SPAN of its nearest edge)."""
    if not isinstance(domain, Domain):
        raise ArgumentError(f"points: domain must be an autograd.testing Domain, got {type(domain).__name__}")
    lo, hi = max(domain.lo, -SPAN), min(domain.hi, SPAN)
    if lo > hi:
        lo, hi = (
            (domain.lo, min(domain.hi, domain.lo + 2 * SPAN))
            if domain.lo > SPAN
            else (domain.hi - 2 * SPAN, domain.hi)
        )
    return st.floats(lo, hi).filter(lambda x: domain.admits(x, KINK))


# --- expressions: small programs that build a graph --------------------------------------

_INFIX = {"+", "-", "*", "/", "**"}


@dataclass(frozen=True)
class Step:
    """One op node of an expression: ``op`` (a key of the op table) applied to ``args``.

    Each arg is an int, the index of an earlier node (nodes 0..n-1 are the n leaves), or a
    float, a constant that the op lifts into the graph itself.
    """

    op: str
    args: tuple[int | float, ...]
    params: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, repr=False)
class Expression:
    """A program drawn by ``expressions()``: ``expr(*inputs)`` builds its graph and returns the output.

    The inputs are the leaves (Values, or numbers that become Values); ``leaves`` holds the
    drawn leaf values, at which every op is inside its domain and away from its kinks.
    """

    leaves: tuple[float, ...]
    steps: tuple[Step, ...]
    ops: Mapping[str, OpSpec] = field(default_factory=lambda: OPS, compare=False)

    def __call__(self, *inputs: Value | float) -> Value:
        leaves = [x if isinstance(x, Value) else Value(x) for x in inputs]
        return self.replay(leaves, lambda op, args, params: self.ops[op].build(*args, **params))

    def replay(
        self, inputs: Sequence[T], apply: Callable[[str, list[T | float], Mapping[str, float]], T]
    ) -> T:
        """Run the program on ``inputs`` with ``apply(op, args, params)`` for each step; the last node.

        This is how the same expression is evaluated by another engine (e.g. in torch).
        """
        if len(inputs) != len(self.leaves):
            raise TypeError(f"this expression takes {len(self.leaves)} inputs, got {len(inputs)}")
        nodes: list[T] = list(inputs)
        for step in self.steps:
            args = [nodes[a] if isinstance(a, int) else a for a in step.args]
            nodes.append(apply(step.op, args, step.params))
        return nodes[-1]

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        # hypothesis (like IPython) prints a failing example with this hook; without it a
        # dataclass is printed field by field, the whole table of ops included
        printer.text(repr(self))  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        n = len(self.leaves)
        names = [f"x{k}" for k in range(n)] + [f"v{k}" for k in range(len(self.steps))]
        lines = [f"{names[k]} = {x!r}" for k, x in enumerate(self.leaves)]
        for k, step in enumerate(self.steps):
            args = [names[a] if isinstance(a, int) else repr(a) for a in step.args]
            if step.op in _INFIX:
                call = f" {step.op} ".join(args)
            elif step.op == "**{p:g}":
                call = f"{args[0]} ** {step.params['p']!r}"
            else:
                keywords = [f"{key}={value!r}" for key, value in step.params.items()]
                call = f"{step.op.split('(')[0]}({', '.join(args + keywords)})"
            lines.append(f"{names[n + k]} = {call}")
        return f"Expression({'; '.join(lines)})"


def expressions(
    ops: Mapping[str, OpSpec] | None = None,
    *,
    max_leaves: int = 3,
    max_steps: int = 8,
    leaves: st.SearchStrategy[Sequence[float]] | None = None,
) -> st.SearchStrategy[Expression]:
    """Random expressions over ``ops`` (default: ``OPS``, every primitive) with 1..``max_steps`` ops.

    Each op takes its inputs from the leaves and the earlier nodes (so nodes are shared and
    reused, the graph is a DAG) or, for ops of two or more inputs, from constants on either
    side. Every node stays inside the domain of each op it feeds, away from kinks, and within
    ±BOUND. ``leaves`` is a strategy for the leaf values; by default 1..``max_leaves`` floats
    in [-SPAN, SPAN], plus a new leaf inside an op's domain wherever no node fits it. Given
    ``leaves``, the expression takes exactly those.
    """
    ops = OPS if ops is None else ops
    if not isinstance(ops, Mapping) or not ops or not all(isinstance(s, OpSpec) for s in ops.values()):
        raise TypeError("expressions: ops must be a non-empty mapping of op names to OpSpec")
    require_int("expressions", "max_leaves", max_leaves, minimum=1)
    require_int("expressions", "max_steps", max_steps, minimum=1)
    if leaves is not None and not isinstance(leaves, st.SearchStrategy):
        raise ArgumentError(
            "expressions: leaves must be a hypothesis strategy of lists of floats, "
            f"got {type(leaves).__name__}"
        )
    if leaves is None:
        return _expressions(
            dict(ops), max_steps, st.lists(_points(Domain()), min_size=1, max_size=max_leaves), True
        )
    return _expressions(dict(ops), max_steps, leaves, False)


@st.composite
def _expressions(
    draw: st.DrawFn,
    ops: dict[str, OpSpec],
    max_steps: int,
    leaves: st.SearchStrategy[Sequence[float]],
    may_add_leaves: bool,
) -> Expression:
    graph = _Graph(tuple(map(float, draw(leaves))), may_add_leaves)
    names = sorted(ops)
    wanted = draw(_below(max_steps)) + 1
    for _ in range(2 * wanted):  # a step that would leave a domain is dropped, and another drawn
        if len(graph.steps) == wanted:
            break
        name = names[draw(_below(len(names)))]
        _draw_step(draw, graph, name, ops[name])
    assume(graph.steps)
    return graph.expression(ops)


@functools.cache
def _below(n: int) -> st.SearchStrategy[int]:
    """An index in range(n). Strategies are made once: making one costs more than drawing from it."""
    return st.integers(0, n - 1)


_points = functools.cache(points)


class _Graph:
    """The expression drawn so far: each node's value and its derivatives ∂v/∂xₖ by leaf k.

    Nodes are numbered in the order they are made; a leaf added on the way (when no node fits
    an op's domain) is moved before the op nodes by ``expression()``.
    """

    def __init__(self, leaves: tuple[float, ...], may_add_leaves: bool) -> None:
        self.data = list(leaves)
        self.derivatives: list[dict[int, float]] = [{k: 1.0} for k in range(len(leaves))]
        self.leaves = list(range(len(leaves)))
        self.steps: list[tuple[int, Step]] = []
        self.may_add_leaves = may_add_leaves

    def fits(self, domain: Domain) -> list[int]:
        """The nodes that may feed an input with this domain: inside it, away from its kinks."""
        return [i for i, v in enumerate(self.data) if domain.admits(v, _margin(self.derivatives[i]))]

    def add_leaf(self, x: float) -> int:
        node = len(self.data)
        self.data.append(x)
        self.derivatives.append({node: 1.0})
        self.leaves.append(node)
        return node

    def add_step(self, name: str, spec: OpSpec, args: list[int | float], params: dict[str, float]) -> None:
        """Add op ``name`` on ``args``, unless its value or sensitivity is out of bounds or max ties."""
        inputs = [self.data[a] if isinstance(a, int) else a for a in args]
        try:
            value, local_grads = spec.primitive(*inputs, **params)
        except (ArithmeticError, ValueError):
            return
        # Forward mode: ∂O/∂xₖ = Σ over the op's node inputs v of ∂O/∂v · ∂v/∂xₖ.
        derivatives: dict[int, float] = {}
        for a, local_grad in zip(args, local_grads):
            if isinstance(a, int):
                for k, d in self.derivatives[a].items():
                    derivatives[k] = derivatives.get(k, 0.0) + local_grad * d
        if not (abs(value) <= BOUND and math.fsum(map(abs, derivatives.values())) <= SENSITIVITY):
            return  # also catches an inf or nan derivative
        if spec.unique_max and not self._unique_max(args, inputs):
            return
        self.data.append(value)
        self.derivatives.append(derivatives)
        self.steps.append((len(self.data) - 1, Step(name, tuple(args), params)))

    def _unique_max(self, args: list[int | float], inputs: list[float]) -> bool:
        """The largest input leads the runner-up (another node or constant) by more than both margins."""
        distinct = {
            a if isinstance(a, int) else ("constant", a): (
                x,
                _margin(self.derivatives[a] if isinstance(a, int) else {}),
            )
            for a, x in zip(args, inputs)
        }
        ranked = sorted(distinct.values(), reverse=True)
        return len(ranked) < 2 or ranked[0][0] - ranked[1][0] >= ranked[0][1] + ranked[1][1]

    def expression(self, ops: Mapping[str, OpSpec]) -> Expression:
        """The program: leaves first, then the op nodes in the order they were made."""
        renumber = {node: k for k, node in enumerate(self.leaves + [node for node, _ in self.steps])}
        steps = tuple(
            Step(step.op, tuple(renumber[a] if isinstance(a, int) else a for a in step.args), step.params)
            for _, step in self.steps
        )
        return Expression(tuple(self.data[node] for node in self.leaves), steps, ops)


def _margin(derivatives: Mapping[int, float]) -> float:
    """How far a node must stay from a kink: KINK·(1 + Σₖ|∂v/∂xₖ|)."""
    return KINK * (1.0 + math.fsum(map(abs, derivatives.values())))


def _draw_step(draw: st.DrawFn, graph: _Graph, name: str, spec: OpSpec) -> None:
    """Draw the params and inputs of op ``name``, each inside its domain, and add the step if it fits."""
    params = draw(spec.params)
    arity = spec.arities[draw(_below(len(spec.arities)))]
    args: list[int | float] = []
    for position, domain in enumerate(spec.domains(arity, params)):
        fits = graph.fits(domain)
        # A constant may stand anywhere except where it would leave the op without a node input.
        constant_ok = arity > 1 and (position < arity - 1 or any(isinstance(a, int) for a in args))
        if constant_ok and (not fits or draw(_below(4)) == 0):
            args.append(draw(_points(domain)))
        elif fits:
            args.append(fits[draw(_below(len(fits)))])
        elif graph.may_add_leaves:
            args.append(graph.add_leaf(draw(_points(domain))))
        else:
            return
    graph.add_step(name, spec, args, params)


def values(
    min_value: float = -SPAN, max_value: float = SPAN, *, avoid: Sequence[float] = (), gap: float = 0.0
) -> st.SearchStrategy[Value]:
    """Leaf Values with data in [min_value, max_value], kept ``gap`` (and KINK) from each point of ``avoid``.

    E.g. ``values(avoid=[0.0])`` for the input of relu, ``values(0.1, 10.0)`` for log.
    """
    min_value = require_number("values", "min_value", min_value)
    max_value = require_number("values", "max_value", max_value)
    gap = require_number("values", "gap", gap, minimum=0.0)
    if isinstance(avoid, (str, bytes)) or not isinstance(avoid, Sequence):
        raise ArgumentError(f"values: avoid must be a list of numbers, got {type(avoid).__name__}")
    avoid = [require_number("values", f"avoid[{k}]", x) for k, x in enumerate(avoid)]
    if not min_value + 2 * KINK < max_value:
        raise ValueError(f"values: needs min_value < max_value, got [{min_value!r}, {max_value!r}]")
    domain = Domain(float(min_value), float(max_value), tuple(map(float, avoid)), float(gap))
    return st.floats(min_value, max_value).filter(lambda x: domain.admits(x, KINK)).map(Value)
