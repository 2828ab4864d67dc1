"""``Value``: one scalar node of a computation graph, and the ops that build the graph.

A leaf holds a number given by the user. Every other node is the output O of one
primitive op: it records the op's name, its inputs I and the local derivative ∂O/∂v for
each input v, all computed in the forward pass from the table in ``autograd.engine.primitives``.
The backward pass lives in ``autograd.engine.backprop``.

Values are built without closures and without reference cycles (a node refers only to
its inputs), so Python frees a graph by reference counting alone and the cyclic garbage
collector never has to untangle one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from autograd.engine import primitives as P
from autograd.engine import tape
from autograd.engine.backprop import backward
from autograd.engine.checks import is_number, require_number
from autograd.engine.grad_mode import _recording

#: What a leaf stands for, which drawings show by style. Op outputs have role "".
ROLES = ("input", "parameter", "constant")


class Value:
    """A scalar in a computation graph.

    Attributes:
        data: the value, a finite float.
        grad: dL/d(this node), accumulated by ``backward()``; 0.0 at creation.
        label: a name for drawings and messages ("" if none).
        op: the name of the op that made this node, "" for a leaf.
        inputs: the Values this node was computed from (the op's inputs I).
        local_grads: ∂(this node)/∂v for each v in ``inputs``, computed in the forward pass.
        role: for a leaf, "input", "parameter" or "constant" (a plain number lifted into
            the graph); "" for an op's output.
    """

    # The inputs and their local derivatives are stored in the node itself, in one of five forms
    # (a leaf has neither, and keeps its role in _dx), so that a node is one object for Python's
    # garbage collector to track, not three (which makes building a graph about twice as fast):
    #   a leaf:        _x = None                 _dx = its role        (_y, _dy None)
    #   one input:     _x = v                    _dx = ∂O/∂v           (_y, _dy None)
    #   two inputs:    _x, _y = u, v             _dx, _dy = ∂O/∂u, ∂O/∂v
    #   a sum u + v:   _x, _y = u, v             _dx, _dy = None, None   (both are 1)
    #   three or more: _x = (v₁, ..., vₙ)        _dx = (∂O/∂v₁, ..., ∂O/∂vₙ)   (_y, _dy None)
    #   grouped:       _x = (v₁, ..., vₖ)        _dy = (∂O/∂vₖ₊₁, ..., ∂O/∂vₙ)   (_y None)
    #                  _dx = ((vₖ₊₁, ..., vₙ), (∂O/∂v₁, ..., ∂O/∂vₖ))
    #                  An affine node z = wᵀx + b holds x, ((w, b), w) and (x, 1): x and (x, 1)
    #                  shared with the other nodes of its sample, the pair with the other nodes
    #                  of its neuron (see ``linear``).
    # Only the two-input form fills _y, so the backward pass tells that form, the commonest,
    # from the others by one slot (autograd.engine.backprop). A sum keeps no 1s, so that the
    # backward pass sends dL/dO down as it is, with no multiply and no new float. The grouped
    # form keeps its second group of inputs in _dx, paired with the first group's local
    # derivatives: for an affine node both belong to the neuron, so the pair is shared too. A
    # leaf, which has no local derivatives, keeps its role in _dx rather than in a slot of its
    # own: the collector visits every slot of every node each time it passes, so each slot
    # costs the forward pass.
    # _mark: the mark of the last graph walk that reached this node (see autograd.engine.backprop).
    # Every node goes on the tape when it is made (autograd.engine.tape): the order of making
    # is a topological order, so no node needs to carry a number for it.
    __slots__ = ("data", "grad", "label", "op", "_x", "_y", "_dx", "_dy", "_mark")

    def __init__(self, data: float, label: str = "", *, role: str = "input") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        if role not in ROLES:
            raise ValueError(f"Value role must be one of {ROLES}, got {role!r}")
        self.data = _as_float(data)
        self.grad = 0.0
        self.label = label
        self.op = ""
        self._dx = role
        self._x = self._y = self._dy = None
        self._mark: object = None
        _record(self)
        if len(_nodes) >= tape.limit:
            tape.tidy()

    @property
    def role(self) -> str:
        """For a leaf, "input", "parameter" or "constant"; "" for an op's output."""
        return self._dx if self._x is None else ""

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this node was computed from: the op's inputs I; () for a leaf."""
        return _stored_inputs(self._x, self._y, self._dx, self._dy)

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂(this node)/∂v for each v in ``inputs``, computed in the forward pass."""
        return _stored_local_grads(self._x, self._y, self._dx, self._dy)

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        made = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{name}{made})"

    # A Value is not a plain number: math.exp(v) or float(v) would return a float cut off from
    # the graph (no gradient would flow back through it), so it refuses and says what to write
    # instead; `.data` (or `.item()`) is the number.
    def __float__(self) -> float:
        raise TypeError(
            f"a Value is not converted to a float, which would cut it from the graph: use .data for "
            f"its number ({self.data!r}), or its own methods (v.exp(), v.log(), ...) to stay in the graph"
        )

    def __bool__(self) -> bool:
        # As a one-element torch tensor: true when its number is not 0, so that a comparison's
        # Value (`if a < b:`) can be tested. The branch taken is part of the graph as built.
        return self.data != 0.0

    # == gives a Value (below), so hashing cannot follow equality: a node hashes by identity,
    # which keeps Values usable as dict keys and set members.
    __hash__ = object.__hash__

    def item(self) -> float:
        """The number this node holds, as a plain float (``torch.Tensor.item``)."""
        return self.data

    def detach(self) -> Value:
        """A new constant leaf with this node's value: the graph stops here, no gradient flows back."""
        return Value(self.data, self.label, role="constant")

    def __reduce__(self) -> tuple:
        # pickle and copy rebuild a node through _restore, which puts it on the tape; its inputs
        # are among the arguments, so they are rebuilt (and taped) before it
        return _restore, (
            self.data,
            self.grad,
            self.label,
            self.op,
            self._x,
            self._y,
            self._dx,
            self._dy,
        )

    def _repr_svg_(self) -> str | None:
        """The drawing of this node's graph, which Jupyter shows inline; None (the text repr)
        when it cannot be drawn: no layout program, or a graph too big to read."""
        from autograd.inspect import viz  # here, not at the top: computing never needs drawing

        return viz._repr_svg(self)

    def _repr_png_(self) -> bytes | None:
        """The same drawing as PNG, which an untrusted or static view of a notebook still shows."""
        from autograd.inspect import viz

        return viz._repr_png(self)

    def backward(self, grad: float = 1.0) -> None:
        """Backpropagate from this node: every node it depends on gains dL/dv in ``.grad``.

        ``grad`` is dL/d(this node), 1.0 when this node is the loss L itself.
        """
        backward(self, grad)

    # Each method applies one primitive of the table (autograd.engine.primitives) and takes
    # that primitive's docstring, with the formula, as its own (see the end of this module).
    # Arithmetic: a plain number on either side becomes a constant leaf.
    def __add__(self, other: Value | float) -> Value:
        if type(other) is Value:  # the most common node, written out: add's entry of the table
            return _node(_ADD, self.data + other.data, self, other, None, None, P.add)
        return _binary(P.add, self, other)

    def __radd__(self, other: Value | float) -> Value:
        return _binary(P.add, other, self)

    def __sub__(self, other: Value | float) -> Value:
        return _binary(P.sub, self, other)

    def __rsub__(self, other: Value | float) -> Value:
        return _binary(P.sub, other, self)

    def __mul__(self, other: Value | float) -> Value:
        if type(other) is Value:  # written out as for +: mul's entry of the table
            a, b = self.data, other.data
            return _node(_MUL, a * b, self, other, b, a, P.mul)
        return _binary(P.mul, self, other)

    def __rmul__(self, other: Value | float) -> Value:
        return _binary(P.mul, other, self)

    def __truediv__(self, other: Value | float) -> Value:
        return _binary(P.div, self, other)

    def __rtruediv__(self, other: Value | float) -> Value:
        return _binary(P.div, other, self)

    def __pow__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return _binary(P.pow_value, self, other)
        if not is_number(other):
            return NotImplemented
        return _unary_with(P.pow_number, self, p=require_number("**", "the exponent", other))

    def __rpow__(self, other: Value | float) -> Value:
        base = _lift(other)  # other is a plain number here: a Value base calls its own __pow__
        if base is None:
            return NotImplemented
        out, (d_base, d_exponent) = P.pow_value(base.data, self.data)
        if d_base == math.inf:
            # 0 ** y with 0 < y < 1: ∂O/∂a is infinite, but the base is a constant no gradient is
            # asked of; like PyTorch, only the exponent's (here 0) is computed.
            d_base = 0.0
        return _node(P.pow_value.op, out, base, self, d_base, d_exponent, P.pow_value)

    def pow(self, exponent: Value | float) -> Value:
        """self ** exponent, by name (``torch.Tensor.pow``)."""
        return self.__pow__(exponent)

    def __mod__(self, other: Value | float) -> Value:
        return _binary(P.remainder, self, other)

    def __rmod__(self, other: Value | float) -> Value:
        return _binary(P.remainder, other, self)

    # Comparisons give a Value of 1.0 or 0.0 with zero gradient, as MiniTorch's do; Python
    # turns 2 < x into x > 2, so no reflected forms are needed.
    def __lt__(self, other: Value | float) -> Value:
        return _binary(P.less, self, other)

    def __le__(self, other: Value | float) -> Value:
        return _binary(P.less_equal, self, other)

    def __gt__(self, other: Value | float) -> Value:
        return _binary(P.greater, self, other)

    def __ge__(self, other: Value | float) -> Value:
        return _binary(P.greater_equal, self, other)

    def __eq__(self, other: object) -> Value:  # type: ignore[override]
        return _binary(P.equal, self, other)

    def __ne__(self, other: object) -> Value:  # type: ignore[override]
        return _binary(P.not_equal, self, other)

    def __neg__(self) -> Value:
        return _unary(P.neg, self)

    def __abs__(self) -> Value:
        return _unary(P.abs_, self)

    # Elementary functions and activations.
    def exp(self) -> Value:
        return _unary(P.exp, self)

    def log(self) -> Value:
        return _unary(P.log, self)

    def sqrt(self) -> Value:
        return _unary(P.sqrt, self)

    def sin(self) -> Value:
        return _unary(P.sin, self)

    def cos(self) -> Value:
        return _unary(P.cos, self)

    def tanh(self) -> Value:
        return _unary(P.tanh, self)

    def sigmoid(self) -> Value:
        return _unary(P.sigmoid, self)

    def relu(self) -> Value:
        return _unary(P.relu, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        return _unary_with(P.leaky_relu, self, slope=require_number("leaky_relu", "slope", slope))

    def rrelu(self, slope: float = (P.RRELU_LOWER + P.RRELU_UPPER) / 2) -> Value:
        return _unary_with(P.rrelu, self, slope=require_number("rrelu", "slope", slope))

    def elu(self, alpha: float = 1.0) -> Value:
        return _unary_with(P.elu, self, alpha=require_number("elu", "alpha", alpha))

    def softplus(self, beta: float = 1.0) -> Value:
        return _unary_with(P.softplus, self, beta=require_number("softplus", "beta", beta))

    def step(self) -> Value:
        return _unary(P.step, self)

    def arctan(self) -> Value:
        return _unary(P.arctan, self)

    def softsign(self) -> Value:
        return _unary(P.softsign, self)

    def relu6(self) -> Value:
        return _unary(P.relu6, self)

    def celu(self, alpha: float = 1.0) -> Value:
        return _unary_with(P.celu, self, alpha=require_number("celu", "alpha", alpha))

    def selu(self) -> Value:
        return _unary(P.selu, self)

    def silu(self) -> Value:
        return _unary(P.silu, self)

    def gelu(self) -> Value:
        return _unary(P.gelu, self)

    def gelu_tanh(self) -> Value:
        return _unary(P.gelu_tanh, self)

    def mish(self) -> Value:
        return _unary(P.mish, self)

    def hardswish(self) -> Value:
        return _unary(P.hardswish, self)

    def hardsigmoid(self) -> Value:
        return _unary(P.hardsigmoid, self)

    def hardtanh(self) -> Value:
        return _unary(P.hardtanh, self)

    def logsigmoid(self) -> Value:
        return _unary(P.logsigmoid, self)

    def tan(self) -> Value:
        return _unary(P.tan, self)

    def sinh(self) -> Value:
        return _unary(P.sinh, self)

    def cosh(self) -> Value:
        return _unary(P.cosh, self)

    def asin(self) -> Value:
        return _unary(P.asin, self)

    def acos(self) -> Value:
        return _unary(P.acos, self)

    def asinh(self) -> Value:
        return _unary(P.asinh, self)

    def acosh(self) -> Value:
        return _unary(P.acosh, self)

    def atanh(self) -> Value:
        return _unary(P.atanh, self)

    def log2(self) -> Value:
        return _unary(P.log2, self)

    def log10(self) -> Value:
        return _unary(P.log10, self)

    def log1p(self) -> Value:
        return _unary(P.log1p, self)

    def expm1(self) -> Value:
        return _unary(P.expm1, self)

    def sign(self) -> Value:
        return _unary(P.sign, self)

    def erf(self) -> Value:
        return _unary(P.erf, self)


def sum(values: Iterable[Value | float]) -> Value:  # noqa: A001 - autograd.sum by design
    """Σ values as ONE node with n inputs (not a chain of n - 1 additions)."""
    return _nary(P.sum_, _lift_all("sum", values))


def dot(ws: Iterable[Value | float], xs: Iterable[Value | float]) -> Value:
    """wᵀx = Σ wₖ·xₖ as ONE node with 2n inputs (w₁..wₙ, x₁..xₙ)."""
    ws, xs = _same_length("dot", ws, xs)
    inputs = ws + xs
    out, local_grads = P.dot(*[v.data for v in inputs])  # a hot path: the checks of _nary cannot fail here
    return _node(P.dot.op, out, inputs, None, local_grads, None, P.dot)


def affine(ws: Iterable[Value | float], xs: Iterable[Value | float], b: Value | float) -> Value:
    """wᵀx + b = Σ wₖ·xₖ + b as ONE node with 2n + 1 inputs (x₁..xₙ, w₁..wₙ, b): a neuron's z."""
    lifted_b = _lift(b)
    if lifted_b is None:
        raise TypeError(f"affine: b must be a Value or a number, got {type(b).__name__}")
    ws, xs = _same_length("affine", ws, xs)
    w_data = tuple(w.data for w in ws)
    xs_1 = (*(x.data for x in xs), 1.0)
    # the grouped stored form (see Value.__slots__): inputs x then (w, b), whose local
    # derivatives are w (∂z/∂x) and (x, 1) (∂z/∂w, ∂z/∂b)
    out = P.affine_value((*w_data, lifted_b.data), xs_1)
    return _node(P.affine.op, out, xs, None, ((*ws, lifted_b), w_data), xs_1, P.affine)


def linear(
    xs: Iterable[Iterable[Value | float]], W: Iterable[Iterable[Value | float]], b: Iterable[Value | float]
) -> list[list[Value]]:
    """Z = XWᵀ + b for a batch: ``Z[i][j] = W[j]ᵀ xs[i] + b[j]``, one affine node each.

    The lecture's z = Wx + b for every sample x of ``xs`` at once: a layer of neurons (row j
    of W and bias b[j] are neuron j's) over a batch. The nodes are exactly those that
    ``affine(W[j], xs[i], b[j])`` makes, but they share their parts: every node of sample i
    holds the same tuples x and (x, 1), every node of neuron j the same pair ((w, b), w), so
    a node costs no tuple of its own.
    """
    rows = [_lift_all("linear: a row of W", w) for w in _tuple("linear", "W as an iterable of rows", W)]
    if not rows:
        raise ValueError("linear: W needs at least one row, got none")
    biases = _lift_all("linear: b", b)
    n = len(rows[0])
    for j, w in enumerate(rows):
        if len(w) != n:
            raise ValueError(f"linear: rows of W differ in length: row 0 has {n}, row {j} has {len(w)}")
    if len(biases) != len(rows):
        raise ValueError(f"linear: b must have one bias per row of W ({len(rows)}), got {len(biases)}")
    batch = _tuple("linear", "xs as an iterable of samples", xs)
    samples = [_lift_all("linear: a sample of xs", x) for x in batch]
    for i, x in enumerate(samples):
        if len(x) != n:
            raise ValueError(f"linear: sample {i} of xs has {len(x)} inputs, the rows of W have {n}")
    # per neuron: its (w, b) as data, and the pair of its (w, b) as Values and its w as data (∂z/∂x)
    units = []
    for w, bias in zip(rows, biases):
        w_data = tuple(v.data for v in w)
        units.append(((*w_data, bias.data), ((*w, bias), w_data)))
    op, value = P.affine.op, P.affine_value
    Z = []
    for x in samples:
        xs_1 = (*(v.data for v in x), 1.0)  # the sample's x as data, and the 1 that multiplies b
        # each node in the grouped form of ``affine``, from tuples shared across the layer
        Z.append(
            [_node(op, value(wb_data, xs_1), x, None, neuron, xs_1, P.affine) for wb_data, neuron in units]
        )
    return Z


def maximum(values: Iterable[Value | float]) -> Value:
    """max(values) as one node; its gradient goes to the (first) arg-max only."""
    return _nary(P.maximum, _lift_all("maximum", values))


def minimum(values: Iterable[Value | float]) -> Value:
    """min(values) = -max(-x₁, ..., -xₙ): its gradient goes to the (first) arg-min only.

    Built from neg and max nodes, so it needs no rule of its own.
    """
    return -maximum([-v for v in _lift_all("minimum", values)])


# --- building nodes ---------------------------------------------------------------------

_new_value = object.__new__
# Bound once: CPython compiles a method call on an imported name (``_recording.get()``) as an
# attribute load, which would make a bound method for every node.
_recording_now = _recording.get
# + and * between two Values skip the table's function (a call and two tuples per node, a
# fifth of the cost of building a ladder of them); tests hold them to the table's numbers.
_ADD, _MUL = P.add.op, P.mul.op
#: ∂O/∂u, ∂O/∂v of every sum O = u + v, from the table: what a sum's stored None, None stand for.
_SUM_LOCAL_GRADS = P.add(0.0, 0.0)[1]
_NO_PARAMS: Mapping[str, object] = MappingProxyType({})
_nodes, _record = tape.nodes, tape.record


def _node(
    op: str,
    out: float,
    x: object,
    y: object,
    dx: object,
    dy: object,
    prim: P.Primitive,
    params: Mapping[str, object] = _NO_PARAMS,
) -> Value:
    """The output node O of primitive ``prim`` (with ``params``), named ``op``, in the stored
    form of ``Value.__slots__``.

    Records the inputs and ∂O/∂I unless inside no_grad(), where O is a constant leaf. A
    recorder (see ``autograd.engine.grad_mode``) is shown the node, its primitive and params.
    """
    if out - out:  # nan for inf and nan, 0.0 for every finite float
        raise _not_finite(op, _stored_inputs(x, y, dx, dy), out)
    node = _new_value(Value)
    node.data = out
    node.grad = 0.0
    node.label = ""
    node._mark = None
    recording = _recording_now()
    if recording:
        node.op = op
        node._x = x
        node._y = y
        node._dx = dx
        node._dy = dy
        if recording is not True:  # a recorder: detect_anomaly(), or compile's tracer
            recording.record(node, prim, params)
    else:
        node.op = ""
        node._dx = "constant"
        node._x = node._y = node._dy = None
    _record(node)
    if len(_nodes) >= tape.limit:
        tape.tidy()
    return node


def _stored_inputs(x: object, y: object, dx: object, dy: object) -> tuple:
    """A node's inputs, in order, from its stored form (``Value.__slots__``)."""
    if y is not None:
        return (x, y)
    if type(x) is tuple:
        return x if dy is None else x + dx[0]
    return () if x is None else (x,)


def _stored_local_grads(x: object, y: object, dx: object, dy: object) -> tuple:
    """A node's local derivatives, in the order of its inputs, from its stored form."""
    if y is not None:
        return (dx, dy) if dx is not None else _SUM_LOCAL_GRADS
    if type(x) is tuple:
        return dx if dy is None else dx[1] + dy
    return () if x is None else (dx,)


def _restore(
    data: float, grad: float, label: str, op: str, x: object, y: object, dx: object, dy: object
) -> Value:
    """A node rebuilt from its slots by pickle or copy, and put on the tape."""
    node = _new_value(Value)
    node.data, node.grad, node.label, node.op = data, grad, label, op
    node._x, node._y, node._dx, node._dy = x, y, dx, dy
    node._mark = None
    _record(node)
    return node


def _binary(prim: P.Primitive, a: Value | float, b: Value | float) -> Value:
    """The output node of the two-input primitive ``prim`` on a and b (one may be a plain number)."""
    if type(a) is not Value:
        a = _lift(a)
        if a is None:
            return NotImplemented
    if type(b) is not Value:
        b = _lift(b)
        if b is None:
            return NotImplemented
    out, (da, db) = prim(a.data, b.data)
    if prim is P.add:  # a sum, in its stored form
        da = db = None
    return _node(prim.op, out, a, b, da, db, prim)


def _unary(prim: P.Primitive, x: Value) -> Value:
    """The output node of the one-input primitive ``prim`` on x."""
    out, (dx,) = prim(x.data)
    return _node(prim.op, out, x, None, dx, None, prim)


def _unary_with(prim: P.Primitive, x: Value, **params: float) -> Value:
    """A one-input op with plain-number ``params`` (an exponent, a slope), which appear in its op name."""
    out, (dx,) = prim(x.data, **params)
    return _node(prim.op.format(**params), out, x, None, dx, None, prim, params)


def _nary(prim: P.Primitive, inputs: tuple[Value, ...], **params: object) -> Value:
    result = prim(*[v.data for v in inputs], **params)
    if type(result) is not tuple or len(result) != 2 or not isinstance(result[1], (tuple, list)):
        raise TypeError(
            f"{prim.op}: a primitive must return (output, (local_grad, ...)), one local gradient "
            f"per input; got {result!r:.80}"
        )
    out, local = result
    if len(local) != len(inputs):
        raise ValueError(f"{prim.op}: returned {len(local)} local gradients for {len(inputs)} inputs")
    op = prim.op.format(**params) if params else prim.op
    if len(inputs) == 1:
        return _node(op, out, inputs[0], None, local[0], None, prim, params)
    if len(inputs) == 2:
        return _node(op, out, inputs[0], inputs[1], local[0], local[1], prim, params)
    return _node(op, out, inputs, None, tuple(local), None, prim, params)


def apply(prim: P.Primitive, *inputs: Value | float, **params: object) -> Value:
    """The output node of primitive ``prim`` (see ``autograd.primitive``) applied to ``inputs``.

    Plain numbers among ``inputs`` become constant leaves; ``params`` are passed to ``prim``
    as keywords and are not part of the graph.
    """
    if not callable(prim) or not isinstance(getattr(prim, "op", None), str):
        raise TypeError(f"apply: {prim!r} is not a primitive; mark it with @autograd.primitive(op)")
    return _nary(prim, _lift_all(prim.op, inputs), **params)


def _lift(x: object) -> Value | None:
    """x as a Value (a plain number becomes a constant leaf), or None if it is neither."""
    if isinstance(x, Value):
        return x
    if is_number(x):
        return Value(x, role="constant")
    return None


_JUST_VALUE = frozenset({Value})


def _lift_all(op: str, values: Iterable[Value | float]) -> tuple[Value, ...]:
    """``values`` as a tuple of Values, plain numbers lifted to constant leaves."""
    if type(values) is not tuple:
        values = _tuple(op, "an iterable of Values or numbers", values)
    if _JUST_VALUE.issuperset(map(type, values)) and values:  # the common case, checked at C speed
        return values
    if not values:
        raise ValueError(f"{op}: needs at least one value, got none")
    lifted = tuple(map(_lift, values))
    for k, (item, value) in enumerate(zip(values, lifted)):
        if value is None:
            raise TypeError(f"{op}: item {k} is a {type(item).__name__}, not a Value or a number")
    return lifted


def _tuple(op: str, expected: str, items: object) -> tuple:
    try:
        return tuple(items)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{op}: expected {expected}, got {type(items).__name__}") from None


def _same_length(
    op: str, ws: Iterable[Value | float], xs: Iterable[Value | float]
) -> tuple[tuple[Value, ...], tuple[Value, ...]]:
    """ws and xs as tuples of Values, after checking that they are equally long."""
    ws, xs = _lift_all(op, ws), _lift_all(op, xs)
    if len(ws) != len(xs):
        raise ValueError(f"{op}: ws and xs must have the same length, got {len(ws)} and {len(xs)}")
    return ws, xs


def _as_float(x: object) -> float:
    """The float a Value holds; TypeError for non-numbers (bool included), ValueError for nan/inf."""
    if type(x) is not float:
        if isinstance(x, Value):
            raise TypeError("Value() takes a number, got a Value; use that Value itself")
        if not is_number(x):
            raise TypeError(f"Value() takes a real number, got {type(x).__name__}: {x!r}")
        try:
            x = float(x)
        except OverflowError:
            raise OverflowError(f"Value(): {x!r} is too large for a float") from None
    if not math.isfinite(x):
        raise ValueError(f"Value() needs a finite number, got {x!r}")
    return x


def _not_finite(op: str, inputs: tuple[Value, ...], out: float) -> ArithmeticError:
    args = ", ".join(repr(v.data) for v in inputs)
    why = "beyond the largest float" if out == out else "an intermediate result overflowed"
    return OverflowError(f"{op}: the result for inputs ({args}) is {out!r}: {why}")


def _take_docstrings() -> None:
    """Give each Value method its primitive's docstring, so ``help(Value.relu)`` shows the formula."""
    for entry in P.TABLE.values():
        if entry.method:
            method = getattr(Value, entry.method)
            method.__doc__ = "\n\n".join(filter(None, (method.__doc__, entry.primitive.__doc__)))


_take_docstrings()
