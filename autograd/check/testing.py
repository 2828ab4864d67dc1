"""Property-based testing of gradients: hypothesis strategies and a central-difference assertion.

Import it explicitly (it needs hypothesis)::

    from hypothesis import given
    from autograd.check.testing import assert_gradients_match, expressions

    @given(expressions())
    def test_backward_matches_central_differences(expr):
        assert_gradients_match(expr, expr.leaves)

``expressions()`` draws random computation graphs over the whole op table, ``OPS``: DAGs with
shared sub-expressions, nodes used twice by one op, constants on either side of an op and
the n-ary sum, dot and max. Every op's inputs are kept inside its domain and away from its
kinks, so that central differences are a valid reference at every drawn point.

To test an op of your own, give it an ``OpSpec`` and add it to the table::

    @autograd.primitive("cube")
    def cube(x):  # O = x³,  ∂O/∂x = 3x²
        return x**3, (3 * x * x,)

    @given(expressions({**OPS, "cube": OpSpec(cube)}))
    def test_cube(expr):
        assert_gradients_match(expr, expr.leaves)
"""

from __future__ import annotations

import functools
import math
import operator
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from hypothesis import assume
from hypothesis import strategies as st

import autograd
from autograd.check.gradcheck import analytic_grad, check_agreement, numerical_grad
from autograd.engine.backprop import topological_order
from autograd.engine.primitives import PRIMITIVES, Primitive
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


@dataclass(frozen=True)
class Domain:
    """Where an op's input may lie: within [lo, hi] and at least ``gap`` from each point in ``avoid``.

    ``avoid`` holds the kinks (relu at 0, relu6 at 0 and 6) and the poles (a divisor at 0, with
    a ``gap`` that keeps 1/b small).
    """

    lo: float = -math.inf
    hi: float = math.inf
    avoid: tuple[float, ...] = ()
    gap: float = 0.0

    def admits(self, x: float, margin: float = 0.0) -> bool:
        """x lies inside, ``margin`` from each edge, and ``gap + margin`` from each avoided point."""
        return self.lo + margin <= x <= self.hi - margin and all(
            abs(x - a) >= self.gap + margin for a in self.avoid
        )

    def points(self) -> st.SearchStrategy[float]:
        """Floats inside the domain, KINK from its edges and kinks, and within [-SPAN, SPAN]
        (or, for a domain outside that, within 2·SPAN of its nearest edge)."""
        lo, hi = max(self.lo, -SPAN), min(self.hi, SPAN)
        if lo > hi:
            lo, hi = (
                (self.lo, min(self.hi, self.lo + 2 * SPAN))
                if self.lo > SPAN
                else (self.hi - 2 * SPAN, self.hi)
            )
        return st.floats(lo, hi).filter(lambda x: self.admits(x, KINK))


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
        unique_max: a tie for the largest input is a kink (max): the top two stay apart.
    """

    primitive: Primitive
    apply: Callable[..., Value] | None = None
    arities: tuple[int, ...] = (1,)
    domain: Domain | tuple[Domain, ...] | Callable[..., Domain | tuple[Domain, ...]] = Domain()
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


def _method(name: str) -> Callable[..., Value]:
    return lambda x, **params: getattr(x, name)(**params)


def _power_domain(p: float) -> Domain:
    """x^p: any x for a whole p >= 0; x away from 0 for a whole p < 0; x >= 0.1 otherwise."""
    if p.is_integer():
        return Domain() if p >= 0 else Domain(avoid=(0.0,), gap=0.5)
    return Domain(lo=0.1)


_ANYWHERE = Domain()
_KINK_AT_ZERO = Domain(avoid=(0.0,))
_POSITIVE = Domain(lo=0.1)  # log, sqrt, a base with a Value exponent: 1/x stays <= 10

#: The whole op table: for each op name of ``autograd.PRIMITIVES``, how to build it with the
#: public API (operators, methods, autograd.sum/dot/maximum) and where to draw its inputs.
OPS: dict[str, OpSpec] = {
    "+": OpSpec(PRIMITIVES["+"], operator.add, (2,)),
    "-": OpSpec(PRIMITIVES["-"], operator.sub, (2,)),
    "*": OpSpec(PRIMITIVES["*"], operator.mul, (2,)),
    "/": OpSpec(PRIMITIVES["/"], operator.truediv, (2,), (_ANYWHERE, Domain(avoid=(0.0,), gap=0.5))),
    "neg": OpSpec(PRIMITIVES["neg"], operator.neg),
    "abs": OpSpec(PRIMITIVES["abs"], operator.abs, domain=_KINK_AT_ZERO),
    "**{p:g}": OpSpec(
        PRIMITIVES["**{p:g}"],
        lambda x, p: x**p,
        domain=_power_domain,
        params=st.fixed_dictionaries({"p": st.integers(-2, 3).map(float) | st.floats(-2.0, 3.0)}),
    ),
    "**": OpSpec(PRIMITIVES["**"], operator.pow, (2,), (_POSITIVE, _ANYWHERE)),
    "exp": OpSpec(PRIMITIVES["exp"], _method("exp"), domain=Domain(hi=math.log(BOUND))),
    "log": OpSpec(PRIMITIVES["log"], _method("log"), domain=_POSITIVE),
    "sqrt": OpSpec(PRIMITIVES["sqrt"], _method("sqrt"), domain=_POSITIVE),
    "sigmoid": OpSpec(PRIMITIVES["sigmoid"], _method("sigmoid")),
    "tanh": OpSpec(PRIMITIVES["tanh"], _method("tanh")),
    "relu": OpSpec(PRIMITIVES["relu"], _method("relu"), domain=_KINK_AT_ZERO),
    "leaky_relu({slope:g})": OpSpec(
        PRIMITIVES["leaky_relu({slope:g})"],
        _method("leaky_relu"),
        domain=_KINK_AT_ZERO,
        params=st.fixed_dictionaries({"slope": st.floats(0.01, 0.5)}),
    ),
    "elu({alpha:g})": OpSpec(
        PRIMITIVES["elu({alpha:g})"],
        _method("elu"),
        domain=_KINK_AT_ZERO,
        params=st.fixed_dictionaries({"alpha": st.floats(0.1, 2.0)}),
    ),
    "softplus": OpSpec(PRIMITIVES["softplus"], _method("softplus")),
    "step": OpSpec(PRIMITIVES["step"], _method("step"), domain=_KINK_AT_ZERO),
    "arctan": OpSpec(PRIMITIVES["arctan"], _method("arctan")),
    # softsign'' jumps at 0, where a central difference is only first-order accurate.
    "softsign": OpSpec(PRIMITIVES["softsign"], _method("softsign"), domain=_KINK_AT_ZERO),
    "relu6": OpSpec(PRIMITIVES["relu6"], _method("relu6"), domain=Domain(avoid=(0.0, 6.0))),
    "sin": OpSpec(PRIMITIVES["sin"], _method("sin")),
    "cos": OpSpec(PRIMITIVES["cos"], _method("cos")),
    "sum": OpSpec(PRIMITIVES["sum"], lambda *xs: autograd.sum(xs), (1, 2, 3, 4)),
    "dot": OpSpec(PRIMITIVES["dot"], lambda *ws_then_xs: autograd.dot(*_halves(ws_then_xs)), (2, 4, 6)),
    "affine": OpSpec(
        PRIMITIVES["affine"], lambda *ws_xs_b: autograd.affine(*_halves(ws_xs_b[:-1]), ws_xs_b[-1]), (3, 5, 7)
    ),
    "max": OpSpec(PRIMITIVES["max"], lambda *xs: autograd.maximum(xs), (2, 3, 4), unique_max=True),
}


def _halves(items: tuple[T, ...]) -> tuple[tuple[T, ...], tuple[T, ...]]:
    n = len(items) // 2
    return items[:n], items[n:]


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
    for name, value in (("max_leaves", max_leaves), ("max_steps", max_steps)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expressions: {name} must be an int >= 1, got {value!r}")
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


_points = functools.cache(Domain.points)


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
    for name, x in (("min_value", min_value), ("max_value", max_value), ("gap", gap)):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ValueError(f"values: {name} must be a finite number, got {x!r}")
    if not min_value + 2 * KINK < max_value:
        raise ValueError(f"values: needs min_value < max_value, got [{min_value!r}, {max_value!r}]")
    domain = Domain(float(min_value), float(max_value), tuple(map(float, avoid)), float(gap))
    return st.floats(min_value, max_value).filter(lambda x: domain.admits(x, KINK)).map(Value)


# --- the assertion --------------------------------------------------------------------

_UNIT_ROUNDOFF = sys.float_info.epsilon / 2


def assert_gradients_match(
    f: Callable[..., Value | float],
    inputs: Sequence[float | Value],
    *,
    eps: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 1e-12,
) -> None:
    """Assert that ``backward()`` through ``f`` agrees with central differences; else GradcheckError.

    With D(h) the central difference of step h and g the analytic gradient, input k passes when

        |g − D(ε)| <= atol + rtol·|D(ε)| + |D(ε) − D(2ε)| + 4u·Σᵥ|v·∂f/∂v| / ε

    The third term is the truncation error: D(h) = f' + h²·f'''/6 + ..., so D(ε) − D(2ε) is
    three times the error of D(ε), which follows the function's curvature. The last is the
    rounding error: each node v of f's graph is rounded by at most u·|v| (u = 2⁻⁵³), which
    reaches f multiplied by ∂f/∂v and the difference quotient divided by ε. A wrong rule (a
    factor of 2, a sign, a missing term) is off by far more than this, at rtol = 1e-6.
    """
    out, analytic = analytic_grad(f, inputs)
    numeric = numerical_grad(f, inputs, eps)
    coarse = numerical_grad(f, inputs, 2 * eps)
    nodes = topological_order(out) if out is not None else []
    rounding = 4 * _UNIT_ROUNDOFF * math.fsum(abs(v.data * v.grad) for v in nodes) / eps
    allowed = [atol + rtol * abs(n) + abs(n - c) + rounding for n, c in zip(numeric, coarse)]
    check_agreement(
        f,
        inputs,
        analytic,
        numeric,
        allowed,
        f"eps={eps:g}: allowed = atol + rtol·|numeric| + truncation + rounding",
    )
