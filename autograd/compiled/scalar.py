"""The scalar program: a traced graph written out as Python, one line per node, one per edge.

Forward, every node O gets its value and its local derivatives from the array form of its
primitive; backward, every edge from O to an input v is the lecture's rule as one line:

    dL_dv += dL_dO * dO_dv

Each variable holds one number per sample (an array over the batch), so the same lines run
a whole batch at once: this is the lecture's Approach I (each example on its own), with the
examples stacked. A leaf's gradient is the sum of its per-sample gradients. The matrix
program (``autograd.compiled.matrix``) computes the same numbers with matrices; this one is
its readable reference.

The generated function is ``program(inputs, theta, seed, S, grad)``: ``inputs`` (B, n) the
samples, ``theta`` the values of the leaves, ``seed`` (B,) dL/dLᵢ for each sample's value
Lᵢ, ``S`` the constants and parameters that differ from sample to sample, and ``grad`` the
array the leaves' gradients are added into. It returns the root's value for every sample,
and the values of the nodes ``f`` returned beside it, (B, n).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograd.compiled import arrays
from autograd.compiled.trace import Graph, Node


@dataclass(frozen=True)
class Varying:
    """Which constants and parameters of a graph differ between the labels it was traced for:
    the names ``S`` holds them under (node name, and "name.param" for a parameter)."""

    constants: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()


def columns(*values: np.ndarray | float) -> np.ndarray:
    """The values as the columns of one (B, n) array (one row when every value is one number)."""
    return (
        np.column_stack(np.broadcast_arrays(*values))
        if any(np.ndim(v) for v in values)
        else np.array([values])
    )


def outputs(seed: np.ndarray, *values: np.ndarray | float) -> np.ndarray:
    """The values of the nodes f returned beside the loss, one row per sample: (B, n)."""
    return np.column_stack([np.broadcast_to(v, seed.shape) for v in values] or [np.zeros((len(seed), 0))])


class Workspace:
    """Arrays a program reuses from call to call, by name, one set per thread: at a large batch,
    getting a fresh array from the system (which maps new pages for it) costs more than
    filling it. A program never returns one of them: what it returns is copied."""

    def __init__(self) -> None:
        self._local = threading.local()

    def __call__(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        try:
            held = self._local.arrays
        except AttributeError:  # the first call in this thread
            held = self._local.arrays = {}
        array = held.get(name)
        if array is None or array.shape != shape:
            array = held[name] = np.empty(shape)
        return array


def namespace() -> dict[str, object]:
    """What a generated program may call: numpy and helpers (``bind`` adds the array forms)."""
    return {
        "np": np,
        "columns": columns,
        "outputs": outputs,
        "per_sample": arrays.per_sample,
        "buffer": Workspace(),
    }


def bind(space: dict[str, object], name: str, thing: object) -> str:
    """Put ``thing`` in ``space`` under ``name`` (or ``name_2``, ... if that is taken by
    something else) and return the name the program uses for it."""
    candidate, k = name, 1
    while candidate in space and space[candidate] is not thing:
        k += 1
        candidate = f"{name}_{k}"
    space[candidate] = thing
    return candidate


def call(node: Node, operands: list[str], varying: Varying, space: dict[str, object]) -> str:
    """The call that computes ``node``: its array form (or the primitive per sample) on ``operands``."""
    params = []
    for key, value in node.params.items():
        if f"{node.name}.{key}" in varying.params:
            params.append(f'{key}=S["{node.name}.{key}"]')
        elif isinstance(value, (int, float)):
            params.append(f"{key}={value!r}")
        else:
            params.append(f"{key}={bind(space, f'{node.name}_{key}', np.asarray(value))}")
    if node.prim in arrays.ARRAY_FORMS:
        name = bind(space, node.prim.__name__, arrays.ARRAY_FORMS[node.prim].form)
        args = [f"columns({', '.join(operands)})"] if arrays.is_nary(node.prim) else operands
        return f"{name}({', '.join(args + params)})"
    prim = bind(space, f"prim_{node.prim.__name__}", node.prim)
    rows = [p for p in params if 'S["' in p]
    fixed = [p for p in params if 'S["' not in p]
    return (
        f"per_sample({prim}, columns({', '.join(operands)}), "
        f"{{{', '.join(_as_item(p) for p in rows)}}}, {{{', '.join(_as_item(p) for p in fixed)}}})"
    )


def _as_item(param: str) -> str:
    key, value = param.split("=", 1)
    return f"{key!r}: {value}"


def leaf_value(node: Node, varying: Varying) -> str:
    """The expression for an input or constant node's value."""
    if node.kind == "input":
        return f"inputs[:, {node.slot}]"
    if node.name in varying.constants:
        return f'S["{node.name}"]'
    return repr(node.value)


def source(graph: Graph, theta_index: list[int], varying: Varying, space: dict[str, object]) -> str:
    """The scalar program of ``graph`` as Python source (see the module docstring)."""
    nodes = graph.nodes
    leaf_names = graph.leaf_names()

    def name(i: int) -> str:
        return leaf_names[-1 - i] if i < 0 else nodes[i].name

    lines = [
        "def program(inputs, theta, seed, S, grad):",
        "    # forward: each node's value O and its local derivatives dO_dv",
    ]
    lines += [f"    {leaf} = theta[{theta_index[k]}]" for k, leaf in enumerate(leaf_names)]
    local_names: dict[int, list[str]] = {}
    for k, node in enumerate(nodes):
        if node.kind != "op":
            lines.append(f"    {node.name} = {leaf_value(node, varying)}")
            continue
        operands = [name(i) for i in node.inputs]
        if arrays.is_nary(node.prim):
            local_names[k] = [f"d{node.name}[:, {p}]" for p in range(len(node.inputs))]
            lines.append(f"    {node.name}, d{node.name} = {call(node, operands, varying, space)}")
        else:
            names = [f"d{node.name}_d{operand}" for operand in operands]
            if len(set(names)) < len(names):  # the same input twice, as in x * x
                names = [f"{local}_{p}" for p, local in enumerate(names)]
            local_names[k] = names
            lines.append(f"    {node.name}, ({', '.join(names)},) = {call(node, operands, varying, space)}")
    root = nodes[-1]
    lines += [
        "    # backward: dL_dv += dL_dO * dO_dv for every edge, outputs before inputs",
        f"    dL_d{root.name} = seed",
    ]
    reached = {len(nodes) - 1}
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.kind != "op":
            continue
        for i, local in zip(node.inputs, local_names[k]):
            if i >= 0 and nodes[i].kind in ("constant", "input"):
                continue
            sign = "+=" if i in reached else "="
            reached.add(i)
            lines.append(f"    dL_d{name(i)} {sign} dL_d{node.name} * {local}")
    lines.append("    # each leaf's gradient: the sum over the samples")
    lines += [f"    grad[{theta_index[k]}] += np.sum(dL_d{leaf})" for k, leaf in enumerate(leaf_names)]
    returned = ", ".join(nodes[k].name for k in graph.outputs)
    lines.append(f"    return np.broadcast_to({root.name}, seed.shape), outputs(seed, {returned})")
    return "\n".join(lines) + "\n"


def build(text: str, space: dict[str, object]) -> Callable:
    """The function ``program`` defined by ``text``, run in ``space``."""
    code = compile(text, "<compiled program>", "exec")
    exec(code, space)  # the text is generated from the traced graph, never from user input
    return space["program"]
