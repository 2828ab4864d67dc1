"""Tracing: run a per-sample function once on the engine and keep its graph as plain data.

``trace(f, args)`` calls ``f`` on one sample with every float argument made an input leaf,
and returns the ``Graph`` of the scalar it returns: every node in creation order (a
topological order: inputs before outputs), each with its primitive, its plain-number
parameters and the positions of its inputs. The leaves fall into three kinds:

- inputs: the sample's numbers, which change from call to call;
- leaves: Values that ``f`` closes over (a model's parameters), which receive gradients;
- constants: numbers lifted into the graph while ``f`` ran (the 1 of ``1 - y·s``).

A graph is one path through ``f``. Whatever ``f`` decided from the numbers of this sample
(a Python ``if`` on ``.data``, a constant computed from an input) is frozen into it, so a
graph is only good for another sample if tracing that sample gives the same graph:
``same_graph`` compares two traces and ``DataDependenceError`` says where they differ.
Reading an input's value outside the engine (``x.data``, ``float(x)``, ``x == 1``) is
refused at once, during tracing.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from autograd.engine import tape
from autograd.engine.backprop import topological_order
from autograd.engine.grad_mode import _recording
from autograd.engine.primitives import TABLE, Primitive
from autograd.engine.value import Value

#: What to write instead of a branch on a value, for the errors below.
ADVICE = (
    "write the branch with the engine's own ops (relu, step, abs, autograd.maximum, ...), "
    "or pass the branch as data: an int argument (a class label) is traced once per value"
)


class DataDependenceError(ValueError):
    """The graph of ``f`` depends on the values of its inputs, so one trace cannot stand for all."""


@dataclass(frozen=True)
class Node:
    """One node of a traced graph.

    ``kind`` is "input" (``slot``: its position among the sample's numbers), "leaf" (``slot``:
    its position in ``Graph.leaves``), "constant" or "op" (``prim`` with ``params``, applied to
    the nodes at positions ``inputs``). ``value`` is its value in this trace.
    """

    kind: str
    value: float
    name: str
    slot: int = -1
    prim: Primitive | None = None
    params: dict = field(default_factory=dict)
    inputs: tuple[int, ...] = ()

    def signature(self, leaves: list[Value]) -> tuple:
        """What must agree between two traces for one program to serve both: all but numbers."""
        if self.kind == "op":
            return ("op", self.prim, tuple(sorted(self.params)), self.inputs)
        if self.kind == "leaf":
            return ("leaf", id(leaves[self.slot]))
        return (self.kind, self.slot)


@dataclass
class Graph:
    """A traced per-sample graph: ``nodes`` in creation order, the root (the loss) last."""

    nodes: list[Node]
    leaves: list[Value]
    n_inputs: int
    outputs: tuple[int, ...] = ()  # the nodes f returned beside the loss

    def signature(self) -> tuple:
        return (self.outputs, *(node.signature(self.leaves) for node in self.nodes))


# --- the arguments of f ---------------------------------------------------------------------


@dataclass(frozen=True)
class Argument:
    """How one argument of ``f`` is fed: "label" (an int, traced once per value), "scalar"
    (one number, one input) or "vector" (``size`` numbers, one input each)."""

    name: str
    kind: str
    size: int = 1


def describe_arguments(f: Callable, args: Sequence[object]) -> list[Argument]:
    """Each example argument's kind, named after ``f``'s parameters where it has names."""
    try:
        names = [p.name for p in inspect.signature(f).parameters.values()]
    except (TypeError, ValueError):
        names = []
    described = []
    for k, arg in enumerate(args):
        name = names[k] if k < len(names) and names[k].isidentifier() else f"arg{k}"
        if name in _taken_names():  # the generated programs use these names themselves
            name += "_in"
        if isinstance(arg, bool):
            raise TypeError(
                f"compile: argument {name} is a bool; pass a number, a list of numbers or an int label"
            )
        if isinstance(arg, int):
            described.append(Argument(name, "label"))
        elif isinstance(arg, float) or _is_real(arg):
            described.append(Argument(name, "scalar"))
        elif isinstance(arg, (list, tuple)) and arg and all(_is_real(x) for x in arg):
            described.append(Argument(name, "vector", len(arg)))
        else:
            raise TypeError(
                f"compile: argument {name} must be a number, a non-empty list of numbers or an int label, "
                f"got {type(arg).__name__}"
            )
    return described


def _taken_names() -> set[str]:
    from autograd.compiled.arrays import ARRAY_FORMS  # here: nn registers forms after import

    own = {"np", "columns", "per_sample", "program", "inputs", "theta", "seed", "S", "grad"}
    return own | {prim.__name__ for prim in ARRAY_FORMS}


def _is_real(x: object) -> bool:
    return (isinstance(x, (int, float)) and not isinstance(x, bool)) or (
        type(x).__module__ == "numpy" and (getattr(x, "shape", None) == ())
    )


# --- inputs that refuse to be read ----------------------------------------------------------


def _engine_reads(depth: int = 2) -> bool:
    """True when the caller of the guarded access is the engine itself (it reads every input)."""
    return sys._getframe(depth).f_globals.get("__name__", "").startswith("autograd.")


def _refuse(node: Value, what: str) -> DataDependenceError:
    return DataDependenceError(
        f"compile: f {what} of its input {node.label!r} while being traced, so its graph may depend on "
        f"the input's value, which a compiled program cannot follow; {ADVICE}"
    )


class _Input(Value):
    """An input leaf during tracing: the engine reads its value, ``f`` may not."""

    __slots__ = ()

    @property
    def data(self) -> float:
        if not _engine_reads():
            raise _refuse(self, "reads the value (.data)")
        return Value.data.__get__(self)

    @data.setter
    def data(self, x: float) -> None:
        Value.data.__set__(self, x)

    def __float__(self) -> float:
        raise _refuse(self, "converts to float")

    def __bool__(self) -> bool:
        raise _refuse(self, "tests the truth")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Value):
            return self is other
        raise _refuse(self, "compares the value")

    __hash__ = Value.__hash__


# --- tracing ----------------------------------------------------------------------------------


class _Tracer:
    """The grad mode while tracing: sees each op node as it is made and notes its primitive and
    parameters, which the node itself does not keep (its op name shows them only rounded)."""

    __slots__ = ("made",)

    def __init__(self) -> None:
        self.made: dict[int, tuple[Value, Primitive, dict]] = {}

    def record(self, node: Value) -> None:
        # record <- _node <- the engine's function that applied the primitive (see value.py):
        # _unary, _binary, _unary_with and _nary hold it as ``prim`` with ``params``; dot,
        # affine and linear apply the table's entry of the op they are named after.
        maker = sys._getframe(2).f_locals
        prim = maker.get("prim")
        if prim is None:
            prim = TABLE[node.op].primitive
        self.made[id(node)] = (node, prim, dict(maker.get("params") or {}))


_NAME = re.compile(r"[^0-9a-zA-Z_]")


def trace(f: Callable, arguments: list[Argument], args: Sequence[object]) -> tuple[Graph, Value]:
    """Run ``f`` on one sample and return its graph (and the root, for the caller to compare)."""
    call_args, inputs = [], []
    for spec, arg in zip(arguments, args):
        if spec.kind == "label":
            call_args.append(int(arg))
        elif spec.kind == "scalar":
            inputs.append(_Input(float(arg), label=spec.name))
            call_args.append(inputs[-1])
        else:
            leaves = [_Input(float(x), label=f"{spec.name}{k}") for k, x in enumerate(arg)]
            inputs.extend(leaves)
            call_args.append(leaves)
    tracer = _Tracer()
    nodes = tape.nodes
    before = nodes[-1] if nodes else None  # held: tidying never drops it, so it marks where f began
    token = _recording.set(tracer)
    try:
        root = f(*call_args)
    finally:
        _recording.reset(token)
    root, outputs = _loss_and_outputs(root)
    with tape.lock:
        start = 0
        if before is not None:
            start = next(k for k in range(len(nodes) - 1, -1, -1) if nodes[k] is before) + 1
        made_by_f = {id(node) for node in nodes[start:]}
    return _graph(root, outputs, inputs, made_by_f, tracer), root


def _loss_and_outputs(returned: object) -> tuple[Value, list[Value]]:
    """f returns the loss, or (loss, outputs) with outputs a Value or a list of Values."""
    outputs: object = []
    if isinstance(returned, tuple) and len(returned) == 2:
        returned, outputs = returned
        outputs = [outputs] if isinstance(outputs, Value) else outputs
        if not isinstance(outputs, (list, tuple)) or not all(isinstance(v, Value) for v in outputs):
            raise TypeError("compile: f may return (loss, outputs) with outputs a Value or a list of Values")
    if not isinstance(returned, Value):
        raise TypeError(f"compile: f must return one scalar Value (the loss), got {type(returned).__name__}")
    return returned, list(outputs)


def _graph(
    root: Value, outputs: list[Value], inputs: list[Value], made_by_f: set[int], tracer: _Tracer
) -> Graph:
    slot_of_input = {id(x): k for k, x in enumerate(inputs)}
    position: dict[int, int] = {}
    leaf_slot: dict[int, int] = {}
    leaves: list[Value] = []
    graph_nodes: list[Node] = []
    for v in topological_order(root):
        k = len(graph_nodes)
        position[id(v)] = k
        name = _NAME.sub("_", v.label) if v.label else ""
        if id(v) in slot_of_input:
            node = Node("input", v.data, name, slot_of_input[id(v)])
        elif not v.op:
            if id(v) in made_by_f:
                node = Node("constant", v.data, f"c{k}")
            else:
                if id(v) not in leaf_slot:
                    leaf_slot[id(v)] = len(leaves)
                    leaves.append(v)
                node = Node("leaf", v.data, f"{name or 'leaf'}_{k}", leaf_slot[id(v)])
        elif id(v) not in made_by_f:
            raise ValueError(
                f"compile: f uses the node {v!r}, made by op {v.op!r} before f was called; a compiled "
                "program starts from leaves: compute it inside f, or use its value as a number"
            )
        elif id(v) not in tracer.made:
            raise ValueError(
                f"compile: node {v!r} of op {v.op!r} was not made by an op (copied or unpickled?)"
            )
        else:
            _, prim, params = tracer.made[id(v)]
            node = Node(
                "op",
                v.data,
                f"{name}_{k}" if name else f"v{k}",
                prim=prim,
                params=params,
                inputs=tuple(position[id(u)] for u in v.inputs),
            )
        graph_nodes.append(node)
    if any(id(v) not in position for v in outputs):
        raise ValueError(
            "compile: the outputs f returns beside the loss must be nodes the loss is computed from"
        )
    return Graph(graph_nodes, leaves, len(inputs), tuple(position[id(v)] for v in outputs))


def same_graph(first: Graph, second: Graph) -> None:
    """Raise DataDependenceError, naming the first node that differs, unless the two traces of
    one label give the same graph: the same ops on the same nodes, constants and parameters."""
    if len(first.nodes) != len(second.nodes) or first.signature() != second.signature():
        raise DataDependenceError(
            "compile: two samples gave different graphs (different ops or wiring), so the graph "
            f"depends on the values of the inputs (a Python if on .data?); {ADVICE}"
        )
    for a, b in zip(first.nodes, second.nodes):
        if a.kind == "constant" and a.value != b.value:
            raise DataDependenceError(
                f"compile: the constant {a.name} is {a.value!r} for one sample and {b.value!r} for another: "
                "it was computed from an input's value (through .data, or inside no_grad), or from "
                f"something that changes between calls such as a dropout mask; {ADVICE}"
            )
        if a.kind == "op" and not _same_params(a.params, b.params):
            raise DataDependenceError(
                f"compile: op {a.name} has parameters {a.params!r} for one sample and {b.params!r} for "
                f"another: they were computed from an input's value; {ADVICE}"
            )


def _same_params(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k] == b[k] for k in a)
