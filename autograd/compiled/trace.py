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
Two things are refused at once, while tracing: reading an input's value outside the engine
(``x.data``, ``if x:``), and a comparison of values that come from the inputs which the
result does not use (what ``if z > 0:`` leaves behind: the comparison was made to be tested).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from types import MappingProxyType

from autograd.engine import tape
from autograd.engine.checks import is_number
from autograd.engine.grad_mode import _recording
from autograd.engine.primitives import OPERATOR, TABLE, Primitive
from autograd.engine.value import Value

#: What to write instead of a branch on a value, for the errors below.
ADVICE = (
    "write the branch with the engine's own ops (relu, step, abs, autograd.maximum, ...), "
    "or pass the branch as data: an int argument (a class label) is traced once per value"
)


class DataDependenceError(ValueError):
    """The graph of ``f`` depends on the values of its inputs, so one trace cannot stand for all."""


_NO_PARAMS: Mapping[str, object] = MappingProxyType({})


class Node:
    """One node of a traced graph.

    ``kind`` is "input" (``slot``: its position among the sample's numbers), "constant" or
    "op" (``prim`` with ``params``, applied to ``inputs``: each the position of a node, or for a
    leaf k of ``Graph.leaves``, -1 - k). ``value`` is its value in this trace.
    """

    # a plain class with slots: a graph has a node per parameter, tens of thousands of them
    __slots__ = ("inputs", "kind", "name", "params", "prim", "slot", "value")

    def __init__(
        self,
        kind: str,
        value: float,
        name: str,
        slot: int = -1,
        prim: Primitive | None = None,
        params: Mapping[str, object] = _NO_PARAMS,
        inputs: tuple[int, ...] = (),
    ) -> None:
        self.kind, self.value, self.name, self.slot = kind, value, name, slot
        self.prim, self.params, self.inputs = prim, params, inputs

    def signature(self) -> tuple:
        """What must agree between two traces for one program to serve both: all but numbers."""
        if self.kind == "op":
            return ("op", self.prim, tuple(sorted(self.params)), self.inputs)
        return (self.kind, self.slot)


@dataclass
class Graph:
    """A traced per-sample graph: ``nodes`` in creation order, the root (the loss) last, and the
    ``leaves`` f closes over (the parameters), which ops name by -1 - k: there are tens of
    thousands of them in a network, so they get no Node of their own."""

    nodes: list[Node]
    leaves: list[Value]
    n_inputs: int
    outputs: tuple[int, ...] = ()  # the nodes f returned beside the loss
    _signature: tuple | None = None

    def signature(self) -> tuple:
        if self._signature is None:
            nodes = (node.signature() for node in self.nodes)
            self._signature = (self.outputs, tuple(map(id, self.leaves)), *nodes)
        return self._signature

    def leaf_names(self) -> list[str]:
        """A name for each leaf in programs: its label (or "leaf") and its position."""
        return [f"{_name(leaf.label) or 'leaf'}_{k}" for k, leaf in enumerate(self.leaves)]


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
        elif is_number(arg):
            described.append(Argument(name, "scalar"))
        elif isinstance(arg, (list, tuple)) and arg and all(map(is_number, arg)):
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

    def __bool__(self) -> bool:
        raise _refuse(self, "tests the truth")

    __hash__ = Value.__hash__


# --- tracing ----------------------------------------------------------------------------------


class _Tracer:
    """The grad mode while tracing: sees each op node as it is made and notes its primitive and
    parameters, which the node itself does not keep (its op name shows them only rounded)."""

    __slots__ = ("made",)

    def __init__(self) -> None:
        self.made: dict[Value, tuple[Primitive, dict]] = {}

    def record(self, node: Value, prim: Primitive, params: Mapping[str, object]) -> None:
        self.made[node] = (prim, dict(params))


_NAME = re.compile(r"[^0-9a-zA-Z_]+")


def _name(label: str) -> str:
    """A label as a Python name: "layer1.neuron2.w[0]" -> "layer1_neuron2_w_0"; "" for none."""
    name = _NAME.sub("_", label).strip("_")
    return f"v_{name}" if name[:1].isdigit() else name


#: The comparisons (a < b, ...): a number 0 or 1 whose use in a Python if is a branch on a value.
_COMPARISONS = {op for op, entry in TABLE.items() if entry.kind == OPERATOR and entry.apart}


def trace(f: Callable, arguments: list[Argument], args: Sequence[object]) -> tuple[Graph, Value]:
    """Run ``f`` on one sample and return its graph (and the root, for the caller to compare)."""
    nodes = tape.nodes
    before = nodes[-1] if nodes else None  # held: tidying never drops it, so it marks where f began
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
        made_by_f = nodes[start:]
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
    root: Value, outputs: list[Value], inputs: list[Value], made_by_f: list[Value], tracer: _Tracer
) -> Graph:
    """The graph of ``root`` from the nodes f made (in the order made, so inputs come first)
    and the older leaves they read, each placed just before the first node that reads it."""
    # Values key the sets and dicts below themselves: a node hashes by identity (see Value), and
    # a network's affine nodes read tens of thousands of leaves, for which id() would make an int each
    needed = {root}
    inputs_of = [v.inputs for v in made_by_f]  # each node's tuple, made once
    for v, its_inputs in zip(reversed(made_by_f), reversed(inputs_of)):  # newest first: each
        if v in needed:  # node is needed before its inputs are seen
            needed.update(its_inputs)
    _refuse_unused_comparisons(made_by_f, needed, inputs)
    slot_of_input = {x: k for k, x in enumerate(inputs)}
    position: dict[Value, int] = {}
    leaves: list[Value] = []
    graph_nodes: list[Node] = []
    for v, its_inputs in zip(made_by_f, inputs_of):
        if v not in needed:
            continue
        k = len(graph_nodes)
        if v in slot_of_input:
            graph_nodes.append(Node("input", v.data, v.label, slot_of_input[v]))
        elif not v.op:
            graph_nodes.append(Node("constant", v.data, f"c{k}"))
        elif v not in tracer.made:
            raise ValueError(f"compile: node {v!r} of op {v.op!r} was not made by an op (copied? unpickled?)")
        else:
            unknown = list(filterfalse(position.__contains__, its_inputs))
            if unknown:  # inputs made before f: leaves it closes over, met here for the first time
                new = list(dict.fromkeys(unknown))  # each leaf once, in the order read
                for u in new:
                    if u.op:
                        raise ValueError(
                            f"compile: f uses the node {u!r}, made by op {u.op!r} before f was called; a "
                            "compiled program starts from leaves: compute it inside f, or use its value "
                            "as a number"
                        )
                position.update(zip(new, range(-1 - len(leaves), -1 - len(leaves) - len(new), -1)))
                leaves.extend(new)
            prim, params = tracer.made[v]
            name = _name(v.label)
            graph_nodes.append(
                Node(
                    "op",
                    v.data,
                    f"{name}_{k}" if name else f"v{k}",
                    prim=prim,
                    params=params,
                    inputs=tuple(map(position.__getitem__, its_inputs)),
                )
            )
        position[v] = k
    if any(v not in position for v in outputs):
        raise ValueError("compile: the outputs f returns beside the loss must be nodes the loss depends on")
    return Graph(graph_nodes, leaves, len(inputs), tuple(position[v] for v in outputs))


def _refuse_unused_comparisons(made_by_f: list[Value], needed: set[Value], inputs: list[Value]) -> None:
    """A comparison of the sample's values (x > 0) that the result does not use was made to be
    tested, by a Python if: the graph would then depend on the input's value."""
    if not any(v.op in _COMPARISONS and v not in needed for v in made_by_f):
        return  # the common case, decided without looking at any edge
    from_inputs = set(inputs)
    for v in made_by_f:
        if v.op and any(u in from_inputs for u in v.inputs):
            from_inputs.add(v)
            if v.op in _COMPARISONS and v not in needed:
                raise DataDependenceError(
                    f"compile: f made a comparison ({v.op!r}) of values that come from its inputs and "
                    f"did not use it in its result: a Python if on it makes the graph depend on the "
                    f"input's value; {ADVICE}, or use the comparison in the result, as a mask: (x > 0) * x"
                )


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
                "another: they were computed from an input's value, or drawn anew at each call (rrelu "
                f"in training mode); {ADVICE}"
            )


def _same_params(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k] == b[k] for k in a)
