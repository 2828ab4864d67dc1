"""The table of primitives: every operation the engine knows, each defined once.

A primitive is a function from its input floats to ``(output, local_grads)``. These are
the two lists the lecture gives for every operation f_i with inputs I(i) and output O(i):

    Forward(I(i)):   O(i) = f_i(I(i))
    Backward:        local_grads[k] = ∂O(i)/∂v  for the k-th input v in I(i)

The local derivatives are computed here, in the forward pass, and stored on the output
node. The backward pass (``autograd.engine.backprop``) never calls a primitive again: it only
multiplies each stored local derivative by the upstream gradient dL/dO(i).

Every primitive checks its own domain and raises at the op, naming the op and the
offending value; none returns nan. Where a derivative is undefined at a single point
(relu, abs, step, ... at 0) the convention is PyTorch's, and the docstring says so.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from autograd.engine import numerics as N
from autograd.engine.checks import ArgumentError

Result: TypeAlias = tuple[float, tuple[float, ...]]
Primitive: TypeAlias = Callable[..., Result]

# The kinds of op, which decide where an op shows up: operators are Python's (+, -, *, /, **,
# unary -, abs); functions and activations are Value methods and functions of
# ``python -m autograd graph``; activations are also the names a neuron accepts (nn).
OPERATOR = "operator"
FUNCTION = "function"
ACTIVATION = "activation"
NARY = "n-ary"


@dataclass(frozen=True)
class Domain:
    """Where an op's input may be drawn by a random test: within [lo, hi] and at least ``gap``
    from each point in ``avoid``.

    That is the op's domain, kept away from its kinks (relu at 0, relu6 at 0 and 6) and poles
    (a divisor at 0, with a ``gap`` that keeps 1/b small), where central differences are a
    valid reference.
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


ANYWHERE = Domain()
KINK_AT_ZERO = Domain(avoid=(0.0,))
POSITIVE = Domain(lo=0.1)  # log, sqrt, a base with a Value exponent: 1/x stays <= 10

#: An op's domain: one Domain for every input, one per input, or a function of its parameters.
Domains: TypeAlias = Domain | tuple[Domain, ...] | Callable[..., Domain | tuple[Domain, ...]]


@dataclass(frozen=True)
class Entry:
    """One row of the table: an op, its primitive, and where the op shows up.

    Attributes:
        op: the name an output node records; a ``{field}`` shows a plain-number parameter.
        primitive: ``(input floats, **params) -> (output, local_grads)``.
        kind: OPERATOR, FUNCTION, ACTIVATION or NARY.
        method: the ``Value`` method that applies it (``"__add__"``, ``"exp"``); "" for an
            n-ary op, which is a function of ``autograd`` (``autograd.sum``).
        arity: the number of inputs (None for an n-ary op).
        domain: where a random test may draw its inputs.
        params: each plain-number parameter and the range a random test draws it from (a
            range in ints draws whole numbers too: x**p treats a whole p apart).
        apart: the op has a kink wherever two inputs are equal (max, a < b): a random test
            keeps the largest input clear of the others.
    """

    op: str
    primitive: Primitive
    kind: str
    method: str
    arity: int | None = 1
    domain: Domains = ANYWHERE
    params: Mapping[str, tuple[float, float] | tuple[int, int]] = field(default_factory=dict)
    apart: bool = False

    @property
    def name(self) -> str:
        """The op's name without its parameters: ``leaky_relu`` for ``leaky_relu({slope:g})``."""
        return self.op.split("(")[0]


#: The built-in table, in the order the ops are defined below: op name -> Entry.
TABLE: dict[str, Entry] = {}

# Shared local-gradient tuples: add and sub create no new floats per node.
_ONE = (1.0,)
_MINUS_ONE = (-1.0,)
_ZERO = (0.0,)
_ONE_ONE = (1.0, 1.0)
_ONE_MINUS_ONE = (1.0, -1.0)
_ZERO_ZERO = (0.0, 0.0)

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def primitive(op: str) -> Callable[[Primitive], Primitive]:
    """Mark ``fn`` as a primitive whose output nodes record the name ``op``.

    This is how a user defines an op of their own::

        @autograd.primitive("cube")
        def cube(x):  # O = x³,  ∂O/∂x = 3x²
            return x**3, (3 * x * x,)

        y = autograd.apply(cube, x)

    Keyword parameters given to ``apply`` are passed on to ``fn`` and fill the ``{fields}``
    of ``op``.
    """

    if not isinstance(op, str) or not op:
        raise ArgumentError(f"primitive: op must be a non-empty str, the op's name in drawings, got {op!r}")

    def mark(fn: Primitive) -> Primitive:
        if not callable(fn):
            raise ArgumentError(f"primitive({op!r}) marks a function, got {fn!r}")
        fn.op = op  # type: ignore[attr-defined]
        return fn

    return mark


def _builtin(
    op: str,
    kind: str,
    method: str,
    *,
    arity: int | None = 1,
    domain: Domains = ANYWHERE,
    params: Mapping[str, tuple[float, float] | tuple[int, int]] | None = None,
    apart: bool = False,
) -> Callable[[Primitive], Primitive]:
    """Register ``fn`` in the engine's own table as op ``op`` (see ``Entry`` for the rest)."""

    def register(fn: Primitive) -> Primitive:
        TABLE[op] = Entry(op, primitive(op)(fn), kind, method, arity, domain, params or {}, apart)
        return fn

    return register


# --- arithmetic -------------------------------------------------------------------------


@_builtin("+", OPERATOR, "__add__", arity=2)
def add(a: float, b: float) -> Result:
    """O = a + b.    ∂O/∂a = 1,  ∂O/∂b = 1"""
    return a + b, _ONE_ONE


@_builtin("-", OPERATOR, "__sub__", arity=2)
def sub(a: float, b: float) -> Result:
    """O = a - b.    ∂O/∂a = 1,  ∂O/∂b = -1"""
    return a - b, _ONE_MINUS_ONE


@_builtin("*", OPERATOR, "__mul__", arity=2)
def mul(a: float, b: float) -> Result:
    """O = a · b.    ∂O/∂a = b,  ∂O/∂b = a"""
    return a * b, (b, a)


@_builtin("/", OPERATOR, "__truediv__", arity=2, domain=(ANYWHERE, Domain(avoid=(0.0,), gap=0.5)))
def div(a: float, b: float) -> Result:
    """O = a / b.    ∂O/∂a = 1/b,  ∂O/∂b = -a/b² = -O/b

    O is a / b itself, not a · (1/b): 1/b overflows for b below 1/1.8e308 (1e-310, say)
    where a / b may be an ordinary number (1e-300 / 1e-310 = 1e10).
    """
    if b == 0.0:
        raise ZeroDivisionError(f"/: division by zero ({a!r} / {b!r})")
    out = a / b
    return out, (1.0 / b, -out / b)


@_builtin("neg", OPERATOR, "__neg__")
def neg(x: float) -> Result:
    """O = -x.    ∂O/∂x = -1"""
    return -x, _MINUS_ONE


@_builtin("abs", FUNCTION, "__abs__", domain=KINK_AT_ZERO)
def abs_(x: float) -> Result:
    """O = |x|.    ∂O/∂x = sign(x), and 0 at x = 0 (PyTorch's convention)."""
    if x > 0.0:
        return x, _ONE
    if x < 0.0:
        return -x, _MINUS_ONE
    return 0.0, _ZERO


def _power_domain(p: float) -> Domain:
    """x^p: any x for a whole p >= 0; x away from 0 for a whole p < 0; x >= 0.1 otherwise."""
    if float(p).is_integer():
        return ANYWHERE if p >= 0 else Domain(avoid=(0.0,), gap=0.5)
    return POSITIVE


@_builtin("**{p:g}", OPERATOR, "__pow__", domain=_power_domain, params={"p": (-2, 3)})
def pow_number(x: float, p: float) -> Result:
    """O = x^p for a plain-number exponent p.    ∂O/∂x = p · x^(p-1)

    x < 0 needs an integer p; x = 0 needs p >= 0. At x = 0 with 0 < p < 1 the
    derivative is +inf (the curve is vertical there).
    """
    if x < 0.0 and not float(p).is_integer():
        raise ValueError(f"**: a negative base {x!r} needs an integer exponent, got {p!r}")
    if x == 0.0:
        if p < 0:
            raise ZeroDivisionError(f"**: 0.0 cannot be raised to the negative power {p!r}")
        if p == 0:
            return 1.0, _ZERO
        return 0.0, (math.inf if p < 1 else float(p == 1),)
    try:
        out = x**p
    except OverflowError:
        raise OverflowError(f"**: {x!r} ** {p!r} overflows a float") from None
    return out, (p * out / x,)


@_builtin("**", OPERATOR, "__pow__", arity=2, domain=(POSITIVE, ANYWHERE))
def pow_value(a: float, b: float) -> Result:
    """O = a^b with both a and b in the graph.    ∂O/∂a = b · a^(b-1),  ∂O/∂b = a^b · ln a

    ln a needs a > 0. a = 0 is allowed for b > 0, where O = 0 and ∂O/∂b = 0 (its limit).
    For a fixed exponent use a plain number (x ** 2), which allows a negative base.
    """
    if a < 0.0:
        raise ValueError(
            f"**: a negative base {a!r} with a Value exponent has no real derivative "
            "a^b·ln a; use a plain-number exponent such as x ** 2"
        )
    if a == 0.0:
        if b <= 0.0:
            raise ZeroDivisionError(f"**: 0.0 cannot be raised to the power {b!r}")
        return 0.0, (math.inf if b < 1 else float(b == 1), 0.0)
    try:
        out = a**b
    except OverflowError:
        raise OverflowError(f"**: {a!r} ** {b!r} overflows a float") from None
    return out, (b * out / a, out * math.log(a))


# --- comparisons and remainder ------------------------------------------------------------
# A comparison gives 1.0 or 0.0, a step in its inputs: its derivative is 0 wherever it exists.


@_builtin("<", OPERATOR, "__lt__", arity=2, apart=True)
def less(a: float, b: float) -> Result:
    """O = 1 if a < b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a < b else 0.0), _ZERO_ZERO


@_builtin("<=", OPERATOR, "__le__", arity=2, apart=True)
def less_equal(a: float, b: float) -> Result:
    """O = 1 if a <= b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a <= b else 0.0), _ZERO_ZERO


@_builtin(">", OPERATOR, "__gt__", arity=2, apart=True)
def greater(a: float, b: float) -> Result:
    """O = 1 if a > b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a > b else 0.0), _ZERO_ZERO


@_builtin(">=", OPERATOR, "__ge__", arity=2, apart=True)
def greater_equal(a: float, b: float) -> Result:
    """O = 1 if a >= b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a >= b else 0.0), _ZERO_ZERO


@_builtin("==", OPERATOR, "__eq__", arity=2, apart=True)
def equal(a: float, b: float) -> Result:
    """O = 1 if a = b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a == b else 0.0), _ZERO_ZERO


@_builtin("!=", OPERATOR, "__ne__", arity=2, apart=True)
def not_equal(a: float, b: float) -> Result:
    """O = 1 if a ≠ b else 0.    ∂O/∂a = 0,  ∂O/∂b = 0"""
    return (1.0 if a != b else 0.0), _ZERO_ZERO


# a % b jumps wherever a/b is whole; random tests keep a/b within (1, 2): 2.1/2 >= 1.05, 2.4/1.25 <= 1.92
@_builtin("%", OPERATOR, "__mod__", arity=2, domain=(Domain(2.1, 2.4), Domain(1.25, 2.0)))
def remainder(a: float, b: float) -> Result:
    """O = a mod b = a - b·⌊a/b⌋, with the sign of b (Python's %, torch.remainder).
    ∂O/∂a = 1,  ∂O/∂b = -⌊a/b⌋

    The derivative is taken away from the jumps at whole a/b, as PyTorch takes it everywhere.
    """
    if b == 0.0:
        raise ZeroDivisionError(f"%: remainder of division by zero ({a!r} % {b!r})")
    quotient, rest = divmod(a, b)
    return rest, (1.0, -quotient)


# --- exponentials and logarithms --------------------------------------------------------


@_builtin("exp", FUNCTION, "exp", domain=Domain(hi=math.log(1e4)))  # e^x <= 1e4, as random tests keep nodes
def exp(x: float) -> Result:
    """O = e^x.    ∂O/∂x = e^x = O"""
    try:
        out = math.exp(x)
    except OverflowError:
        raise OverflowError(f"exp: exp({x!r}) overflows a float (x must be <= 709.78)") from None
    return out, (out,)


@_builtin("log", FUNCTION, "log", domain=POSITIVE)
def log(x: float) -> Result:
    """O = ln x, for x > 0.    ∂O/∂x = 1/x"""
    if x <= 0.0:
        raise ValueError(f"log: input must be > 0, got {x!r}")
    return math.log(x), (1.0 / x,)


@_builtin("sqrt", FUNCTION, "sqrt", domain=POSITIVE)
def sqrt(x: float) -> Result:
    """O = √x, for x >= 0.    ∂O/∂x = 1 / (2√x), +inf at x = 0"""
    if x < 0.0:
        raise ValueError(f"sqrt: input must be >= 0, got {x!r}")
    out = math.sqrt(x)
    return out, (0.5 / out if out else math.inf,)


# --- activations (seed 003's table; seed 002's derivations) -----------------------------


@_builtin("sigmoid", ACTIVATION, "sigmoid")
def sigmoid(x: float) -> Result:
    """O = σ(x) = 1 / (1 + e^-x).    ∂O/∂x = σ(x) · (1 - σ(x))

    Stable for any finite x: e^-|x| is the only exponential taken (``numerics.sigmoid_pair``).
    """
    s, one_minus_s = N.sigmoid_pair(x)
    return s, (s * one_minus_s,)


@_builtin("tanh", ACTIVATION, "tanh")
def tanh(x: float) -> Result:
    """O = tanh(x) = (e^x - e^-x) / (e^x + e^-x).    ∂O/∂x = 1 - tanh²(x)"""
    t = math.tanh(x)
    return t, (1.0 - t * t,)


@_builtin("relu", ACTIVATION, "relu", domain=KINK_AT_ZERO)
def relu(x: float) -> Result:
    """O = max(0, x).    ∂O/∂x = 1 if x > 0 else 0

    At x = 0 the derivative is taken as 0, as in PyTorch. The seed notes disagree with
    each other here: lecture 03's table and the DASC7606 notes write 1 for x >= 0, while
    tutorial 8 uses the indicator 1[x > 0], which is what this engine does.
    """
    if x > 0.0:
        return x, _ONE
    return 0.0, _ZERO


@_builtin(
    "leaky_relu({slope:g})", ACTIVATION, "leaky_relu", domain=KINK_AT_ZERO, params={"slope": (0.01, 0.5)}
)
def leaky_relu(x: float, slope: float = 0.01) -> Result:
    """O = x if x > 0 else slope · x.    ∂O/∂x = 1 if x > 0 else slope (slope at 0, as PyTorch)"""
    if x > 0.0:
        return x, _ONE
    return slope * x, (slope,)


#: RReLU's default range for its random slope, as PyTorch's: α ~ U(1/8, 1/3) in training.
RRELU_LOWER, RRELU_UPPER = 1.0 / 8.0, 1.0 / 3.0


@_builtin(
    "rrelu({slope:g})",
    ACTIVATION,
    "rrelu",
    domain=KINK_AT_ZERO,
    params={"slope": (RRELU_LOWER, RRELU_UPPER)},
)
def rrelu(x: float, slope: float = (RRELU_LOWER + RRELU_UPPER) / 2) -> Result:
    """O = x if x >= 0 else α·x, the randomised leaky relu (RReLU) of lecture 03's table.

    ∂O/∂x = 1 if x > 0 else α (α at 0, as leaky relu)

    α is drawn from U(lower, upper) for every unit and every forward pass in training, and is
    the mean (lower + upper)/2 in evaluation (11/48 for the default 1/8 and 1/3); the node
    records the α it was given, e.g. ``rrelu(0.2)``. ``nn.RReLU`` does the drawing.
    """
    if x > 0.0:
        return x, _ONE
    return slope * x, (slope,)


@_builtin("elu({alpha:g})", ACTIVATION, "elu", domain=KINK_AT_ZERO, params={"alpha": (0.1, 2.0)})
def elu(x: float, alpha: float = 1.0) -> Result:
    """O = x if x > 0 else α(e^x - 1).    ∂O/∂x = 1 if x > 0 else α·e^x

    Stable for any finite x: e^x is only taken for x <= 0.
    """
    if x > 0.0:
        return x, _ONE
    return alpha * math.expm1(x), (alpha * math.exp(x),)


@_builtin("softplus({beta:g})", ACTIVATION, "softplus", params={"beta": (0.5, 3.0)})
def softplus(x: float, beta: float = 1.0) -> Result:
    """O = (1/β)·ln(1 + e^(βx)).    ∂O/∂x = σ(βx)

    β > 0 sharpens the corner (β → ∞ gives relu). Computed as (1/β)·softplus(βx) with the
    stable max(u, 0) + ln(1 + e^-|u|) of ``numerics.softplus``: finite for any finite x.
    PyTorch's softplus returns x itself once βx > 20; this is ln(1 + e^(βx))/β everywhere.
    """
    if not beta > 0.0:
        raise ValueError(f"softplus: beta must be > 0, got {beta!r}")
    u = beta * x
    return N.softplus(u) / beta, (N.sigmoid(u),)


@_builtin("step", ACTIVATION, "step", domain=KINK_AT_ZERO)
def step(x: float) -> Result:
    """O = 1 if x >= 0 else 0 (the binary step of lecture 03).    ∂O/∂x = 0 everywhere

    The true derivative is undefined at 0; 0 everywhere is what PyTorch's heaviside gives.
    """
    return (1.0 if x >= 0.0 else 0.0), _ZERO


@_builtin("arctan", ACTIVATION, "arctan")
def arctan(x: float) -> Result:
    """O = tan⁻¹(x).    ∂O/∂x = 1 / (1 + x²)"""
    if abs(x) > 1e154:  # x² would overflow; the derivative is below 1e-308 anyway
        return math.atan(x), _ZERO
    return math.atan(x), (1.0 / (1.0 + x * x),)


# softsign'' jumps at 0, where a central difference is only first-order accurate.
@_builtin("softsign", ACTIVATION, "softsign", domain=KINK_AT_ZERO)
def softsign(x: float) -> Result:
    """O = x / (1 + |x|).    ∂O/∂x = 1 / (1 + |x|)²"""
    d = 1.0 + abs(x)
    return x / d, (1.0 / d / d,)


@_builtin("relu6", ACTIVATION, "relu6", domain=Domain(avoid=(0.0, 6.0)))
def relu6(x: float) -> Result:
    """O = min(max(0, x), 6).    ∂O/∂x = 1 if 0 < x < 6 else 0 (0 at both kinks, as PyTorch)"""
    if x <= 0.0:
        return 0.0, _ZERO
    if x >= 6.0:
        return 6.0, _ZERO
    return x, _ONE


@_builtin("celu({alpha:g})", ACTIVATION, "celu", domain=KINK_AT_ZERO, params={"alpha": (0.1, 2.0)})
def celu(x: float, alpha: float = 1.0) -> Result:
    """O = x if x > 0 else α(e^(x/α) - 1).    ∂O/∂x = 1 if x > 0 else e^(x/α)

    elu with its slope at 0⁻ made 1 for every α, so the derivative is continuous. α > 0;
    e^(x/α) is only taken for x <= 0.
    """
    if not alpha > 0.0:
        raise ValueError(f"celu: alpha must be > 0, got {alpha!r}")
    if x > 0.0:
        return x, _ONE
    u = x / alpha
    return alpha * math.expm1(u), (math.exp(u),)


#: selu's α and λ (Klambauer et al., 2017): they make N(0, 1) activations stay N(0, 1).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@_builtin("selu", ACTIVATION, "selu", domain=KINK_AT_ZERO)
def selu(x: float) -> Result:
    """O = λx if x > 0 else λα(e^x - 1),  λ ≈ 1.0507, α ≈ 1.6733.    ∂O/∂x = λ if x > 0 else λα·e^x"""
    if x > 0.0:
        return SELU_SCALE * x, (SELU_SCALE,)
    return SELU_SCALE * SELU_ALPHA * math.expm1(x), (SELU_SCALE * SELU_ALPHA * math.exp(x),)


@_builtin("silu", ACTIVATION, "silu")
def silu(x: float) -> Result:
    """O = x·σ(x) (SiLU, also called swish).    ∂O/∂x = σ(x)·(1 + x·(1 - σ(x)))"""
    s, one_minus_s = N.sigmoid_pair(x)
    return x * s, (s * (1.0 + x * one_minus_s),)


_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@_builtin("gelu", ACTIVATION, "gelu")
def gelu(x: float) -> Result:
    """O = x·Φ(x), Φ(x) = ½(1 + erf(x/√2)) the normal distribution function.
    ∂O/∂x = Φ(x) + x·φ(x),  φ(x) = e^(-x²/2) / √(2π)

    Φ is computed as ½·erfc(-x/√2), which keeps its digits for negative x where 1 + erf(...)
    would cancel.
    """
    cdf = 0.5 * math.erfc(-x * _SQRT_HALF)
    pdf = _INV_SQRT_2PI * math.exp(-0.5 * x * x)  # 0.0 once x² is large, inf included
    return x * cdf, (cdf + x * pdf,)


_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_K = 0.044715


@_builtin("gelu_tanh", ACTIVATION, "gelu_tanh")
def gelu_tanh(x: float) -> Result:
    """O = ½x·(1 + tanh u),  u = √(2/π)·(x + 0.044715x³): gelu's tanh approximation.
    ∂O/∂x = ½(1 + tanh u) + ½x·(1 - tanh²u)·√(2/π)·(1 + 3·0.044715x²)

    With ½(1 + tanh u) = σ(2u) and 1 - tanh²u = 4σ(2u)(1 - σ(2u)) this is
    O = x·σ(2u), ∂O/∂x = σ(2u) + 2x·σ(2u)(1 - σ(2u))·u', computed with the stable sigmoid pair.
    """
    if abs(x) > 1e30:  # x³ would overflow; σ(2u) is exactly 1 (x > 0) or 0 (x < 0) long before
        return (x, _ONE) if x > 0.0 else (0.0, _ZERO)
    u = _GELU_C * (x + _GELU_K * x * x * x)
    s, one_minus_s = N.sigmoid_pair(2.0 * u)
    du = _GELU_C * (1.0 + 3.0 * _GELU_K * x * x)
    return x * s, (s + 2.0 * x * s * one_minus_s * du,)


@_builtin("mish", ACTIVATION, "mish")
def mish(x: float) -> Result:
    """O = x·tanh(softplus(x)).    ∂O/∂x = tanh(sp) + x·(1 - tanh²(sp))·σ(x),  sp = softplus(x)"""
    t = math.tanh(N.softplus(x))
    return x * t, (t + x * (1.0 - t * t) * N.sigmoid(x),)


@_builtin("hardswish", ACTIVATION, "hardswish", domain=Domain(avoid=(-3.0, 3.0)))
def hardswish(x: float) -> Result:
    """O = x·relu6(x + 3)/6: 0 for x <= -3, x for x >= 3, x(x + 3)/6 between.
    ∂O/∂x = 0 for x < -3, 1 for x > 3, (2x + 3)/6 for -3 <= x <= 3 (PyTorch's at both kinks)
    """
    if x < -3.0:
        return 0.0, _ZERO
    if x > 3.0:
        return x, _ONE
    return x * (x + 3.0) / 6.0, ((2.0 * x + 3.0) / 6.0,)


@_builtin("hardsigmoid", ACTIVATION, "hardsigmoid", domain=Domain(avoid=(-3.0, 3.0)))
def hardsigmoid(x: float) -> Result:
    """O = relu6(x + 3)/6: 0 for x <= -3, 1 for x >= 3, x/6 + 1/2 between.
    ∂O/∂x = 1/6 for -3 < x < 3, else 0 (0 at both kinks, as PyTorch)
    """
    if x <= -3.0:
        return 0.0, _ZERO
    if x >= 3.0:
        return 1.0, _ZERO
    return x / 6.0 + 0.5, (1.0 / 6.0,)


@_builtin("hardtanh", ACTIVATION, "hardtanh", domain=Domain(avoid=(-1.0, 1.0)))
def hardtanh(x: float) -> Result:
    """O = min(max(x, -1), 1).    ∂O/∂x = 1 for -1 < x < 1, else 0 (0 at both kinks, as PyTorch)"""
    if x <= -1.0:
        return -1.0, _ZERO
    if x >= 1.0:
        return 1.0, _ZERO
    return x, _ONE


@_builtin("logsigmoid", ACTIVATION, "logsigmoid")
def logsigmoid(x: float) -> Result:
    """O = ln σ(x) = -softplus(-x).    ∂O/∂x = 1 - σ(x)

    Both from ``numerics``: finite for any finite x, where ln of a σ(x) that rounded to 0 is -inf.
    """
    return -N.softplus(-x), (N.sigmoid_pair(x)[1],)


@_builtin("sin", FUNCTION, "sin")
def sin(x: float) -> Result:
    """O = sin x.    ∂O/∂x = cos x"""
    return math.sin(x), (math.cos(x),)


@_builtin("cos", FUNCTION, "cos")
def cos(x: float) -> Result:
    """O = cos x.    ∂O/∂x = -sin x"""
    return math.cos(x), (-math.sin(x),)


@_builtin("tan", FUNCTION, "tan", domain=Domain(-1.3, 1.3))  # away from the poles at ±π/2
def tan(x: float) -> Result:
    """O = tan x.    ∂O/∂x = 1 + tan²x = 1/cos²x"""
    t = math.tan(x)
    return t, (1.0 + t * t,)


@_builtin("sinh", FUNCTION, "sinh", domain=Domain(-9.2, 9.2))  # |sinh x| <= 1e4, as exp
def sinh(x: float) -> Result:
    """O = sinh x = (e^x - e^-x)/2.    ∂O/∂x = cosh x"""
    try:
        return math.sinh(x), (math.cosh(x),)
    except OverflowError:
        raise OverflowError(f"sinh: sinh({x!r}) overflows a float (|x| must be <= 710.47)") from None


@_builtin("cosh", FUNCTION, "cosh", domain=Domain(-9.2, 9.2))
def cosh(x: float) -> Result:
    """O = cosh x = (e^x + e^-x)/2.    ∂O/∂x = sinh x"""
    try:
        return math.cosh(x), (math.sinh(x),)
    except OverflowError:
        raise OverflowError(f"cosh: cosh({x!r}) overflows a float (|x| must be <= 710.47)") from None


def _inside_unit(op: str, x: float) -> None:
    if not -1.0 <= x <= 1.0:
        raise ValueError(f"{op}: input must be in [-1, 1], got {x!r}")


@_builtin("asin", FUNCTION, "asin", domain=Domain(-0.9, 0.9))
def asin(x: float) -> Result:
    """O = sin⁻¹ x, for -1 <= x <= 1.    ∂O/∂x = 1/√(1 - x²), +inf at x = ±1"""
    _inside_unit("asin", x)
    root = math.sqrt((1.0 - x) * (1.0 + x))  # (1 - x)(1 + x) keeps its digits near ±1
    return math.asin(x), (1.0 / root if root else math.inf,)


@_builtin("acos", FUNCTION, "acos", domain=Domain(-0.9, 0.9))
def acos(x: float) -> Result:
    """O = cos⁻¹ x, for -1 <= x <= 1.    ∂O/∂x = -1/√(1 - x²), -inf at x = ±1"""
    _inside_unit("acos", x)
    root = math.sqrt((1.0 - x) * (1.0 + x))
    return math.acos(x), (-1.0 / root if root else -math.inf,)


@_builtin("asinh", FUNCTION, "asinh")
def asinh(x: float) -> Result:
    """O = sinh⁻¹ x = ln(x + √(x² + 1)).    ∂O/∂x = 1/√(1 + x²)

    √(1 + x²) is taken as hypot(1, x), which does not overflow for |x| > 1e154.
    """
    return math.asinh(x), (1.0 / math.hypot(1.0, x),)


@_builtin("acosh", FUNCTION, "acosh", domain=Domain(lo=1.1))
def acosh(x: float) -> Result:
    """O = cosh⁻¹ x = ln(x + √(x² - 1)), for x >= 1.    ∂O/∂x = 1/√(x² - 1), +inf at x = 1"""
    if x < 1.0:
        raise ValueError(f"acosh: input must be >= 1, got {x!r}")
    root = math.sqrt(x - 1.0) * math.sqrt(x + 1.0)  # no overflow of x² for a large x
    return math.acosh(x), (1.0 / root if root else math.inf,)


@_builtin("atanh", FUNCTION, "atanh", domain=Domain(-0.9, 0.9))
def atanh(x: float) -> Result:
    """O = tanh⁻¹ x = ½ ln((1 + x)/(1 - x)), for -1 < x < 1.    ∂O/∂x = 1/(1 - x²)"""
    if not -1.0 < x < 1.0:
        raise ValueError(f"atanh: input must be in (-1, 1), got {x!r}")
    return math.atanh(x), (1.0 / ((1.0 - x) * (1.0 + x)),)


@_builtin("log2", FUNCTION, "log2", domain=POSITIVE)
def log2(x: float) -> Result:
    """O = log₂ x, for x > 0.    ∂O/∂x = 1/(x·ln 2)"""
    if x <= 0.0:
        raise ValueError(f"log2: input must be > 0, got {x!r}")
    return math.log2(x), (1.0 / (x * _LN2),)


@_builtin("log10", FUNCTION, "log10", domain=POSITIVE)
def log10(x: float) -> Result:
    """O = log₁₀ x, for x > 0.    ∂O/∂x = 1/(x·ln 10)"""
    if x <= 0.0:
        raise ValueError(f"log10: input must be > 0, got {x!r}")
    return math.log10(x), (1.0 / (x * _LN10),)


@_builtin("log1p", FUNCTION, "log1p", domain=Domain(lo=-0.9))
def log1p(x: float) -> Result:
    """O = ln(1 + x), for x > -1, accurate for a tiny x.    ∂O/∂x = 1/(1 + x)"""
    if x <= -1.0:
        raise ValueError(f"log1p: input must be > -1, got {x!r}")
    return math.log1p(x), (1.0 / (1.0 + x),)


@_builtin("expm1", FUNCTION, "expm1", domain=Domain(hi=math.log(1e4)))
def expm1(x: float) -> Result:
    """O = e^x - 1, accurate for a tiny x.    ∂O/∂x = e^x"""
    try:
        return math.expm1(x), (math.exp(x),)
    except OverflowError:
        raise OverflowError(f"expm1: expm1({x!r}) overflows a float (x must be <= 709.78)") from None


@_builtin("sign", FUNCTION, "sign", domain=KINK_AT_ZERO)
def sign(x: float) -> Result:
    """O = 1 if x > 0, -1 if x < 0, 0 at x = 0.    ∂O/∂x = 0 everywhere (0 at the jump, as PyTorch)"""
    return (1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0), _ZERO


@_builtin("erf", FUNCTION, "erf")
def erf(x: float) -> Result:
    """O = erf x = (2/√π) ∫₀ˣ e^(-t²) dt.    ∂O/∂x = (2/√π)·e^(-x²)"""
    return math.erf(x), (_TWO_OVER_SQRT_PI * math.exp(-x * x),)


# --- n-ary ------------------------------------------------------------------------------


@_builtin("sum", NARY, "", arity=None)
def sum_(*xs: float) -> Result:
    """O = x₁ + x₂ + ... + xₙ, one node with n inputs.    ∂O/∂xₖ = 1"""
    try:
        return math.fsum(xs), _ONE * len(xs)
    except OverflowError:
        raise _sum_overflows("sum", len(xs)) from None


@_builtin("dot", NARY, "", arity=None)
def dot(*ws_then_xs: float) -> Result:
    """O = wᵀx = Σ wₖ·xₖ, one node with inputs (w₁..wₙ, x₁..xₙ).    ∂O/∂wₖ = xₖ,  ∂O/∂xₖ = wₖ

    The lecture's Dot: Forward(x, w) = wᵀx, Backward(dz, x, w) = dz·x (and dz·w for x).
    """
    n = len(ws_then_xs) // 2
    ws, xs = ws_then_xs[:n], ws_then_xs[n:]
    try:
        return math.fsum(map(operator.mul, ws, xs)), xs + ws
    except OverflowError:
        raise _sum_overflows("dot", n) from None


@_builtin("affine", NARY, "", arity=None)
def affine(*xs_ws_b: float) -> Result:
    """O = wᵀx + b = Σ wₖ·xₖ + b, one node with inputs (x₁..xₙ, w₁..wₙ, b).
    ∂O/∂xₖ = wₖ,  ∂O/∂wₖ = xₖ,  ∂O/∂b = 1

    A neuron's pre-activation z = wᵀx + b: the lecture's Dot, Forward(x, w) = wᵀx, with the
    bias added in the same node. The inputs are the neuron's input x, then its parameters.
    """
    n = len(xs_ws_b) // 2
    ws_b = xs_ws_b[n:]
    xs_1 = (*xs_ws_b[:n], 1.0)
    return affine_value(ws_b, xs_1), (*ws_b[:-1], *xs_1)


def affine_value(ws_b: tuple[float, ...], xs_1: tuple[float, ...]) -> float:
    """wᵀx + b written as [w; b]ᵀ[x; 1], summed with one rounding (``math.fsum``).

    ``autograd.linear`` calls this directly with each neuron's (w, b) and each sample's (x, 1),
    which it builds once per layer, not once per node.
    """
    try:
        return math.fsum(map(operator.mul, ws_b, xs_1))
    except OverflowError:
        raise _sum_overflows("affine", len(ws_b)) from None


def _sum_overflows(op: str, n: int) -> OverflowError:
    """The error for a sum of n terms whose running total passed the largest float (math.fsum's own
    message names no op)."""
    return OverflowError(f"{op}: the sum of its {n} terms overflows a float (beyond ±1.8e308)")


@_builtin("max", NARY, "", arity=None, apart=True)
def maximum(*xs: float) -> Result:
    """O = max(x₁, ..., xₙ).    ∂O/∂xₖ = 1 for the first k where xₖ is the maximum, else 0

    The whole gradient goes to one arg-max, as in a maxout unit.
    """
    k = max(range(len(xs)), key=xs.__getitem__)
    local = [0.0] * len(xs)
    local[k] = 1.0
    return xs[k], tuple(local)


#: op name -> primitive, for every op of the table.
PRIMITIVES: dict[str, Primitive] = {op: entry.primitive for op, entry in TABLE.items()}
