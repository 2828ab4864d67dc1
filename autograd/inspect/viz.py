"""Drawing a graph: value nodes as records, op nodes as small ovals between them.

This is the lecture's picture of a computation graph. Every Value is a box showing its
name, its data and its gradient dL/dv; every op is an oval that its inputs point into and
that points at its output node O::

    [a | data 1 | grad 4] ──> (*) ──> [v3 | data 2 | grad 1] ──> (+) ──> [c | data 3 | grad 1]

Leaves are told apart by style: parameters filled, inputs plain, constants dashed and grey.

``to_dot`` builds a ``graphviz.Digraph``; ``layout``, ``save`` and ``render`` turn it into
SVG or PNG with Graphviz's layout program: ``dot`` when it is on PATH, otherwise the
``graphviz-pure`` command (a self-contained port of dot installed from PyPI with this
package), looked up on PATH and next to the running Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Collection, Mapping
from pathlib import Path

import graphviz

from autograd.engine.backprop import topological_order
from autograd.engine.checks import require_int
from autograd.engine.value import Value
from autograd.files import write_atomic
from autograd.inspect.steps import node_names

FORMATS = ("svg", "png")

#: Drawing style of a leaf, by role; op outputs use the "" entry.
_LEAF_STYLE = {
    "parameter": {"style": "filled", "fillcolor": "#dbe9f6"},
    "input": {},
    "constant": {"style": "dashed", "color": "grey50", "fontcolor": "grey40"},
    "": {},
}
_HIGHLIGHT = {"color": "red", "penwidth": "2.5"}

#: A picture of a larger graph cannot be read, and its layout can take minutes.
DEFAULT_MAX_NODES = 300

#: The most Values a notebook draws for a Value on its own, so that showing one stays quick.
REPR_MAX_NODES = 100

#: Seconds one layout may take before it is abandoned.
LAYOUT_TIMEOUT = 60


class LayoutProgramNotFoundError(RuntimeError):
    """Neither ``dot`` nor ``graphviz-pure`` can be found, so nothing can be laid out."""


def to_dot(
    root: Value,
    *,
    show_grad: bool = True,
    highlight: Collection[Value | tuple[Value, Value]] = (),
    rankdir: str = "LR",
    max_nodes: int = DEFAULT_MAX_NODES,
    grads: Mapping[Value, float] | None = None,
) -> graphviz.Digraph:
    """The graph of every Value ``root`` depends on, as a ``graphviz.Digraph``.

    Args:
        show_grad: show each node's gradient dL/dv next to its data.
        highlight: Values, and edges ``(v, O)`` from an input v into the op that made O,
            to draw in red.
        rankdir: graphviz's direction of flow: "LR", "RL", "TB" or "BT".
        max_nodes: the most Values to draw; a larger graph raises ValueError.
        grads: the gradient to show for each node, instead of its ``.grad``; a node not in
            the mapping shows none (what the step-through shows before a step reaches it).
    """
    if not isinstance(root, Value):
        raise TypeError(f"to_dot: expected a Value, got {type(root).__name__}")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"to_dot: rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    require_int("to_dot", "max_nodes", max_nodes, minimum=1)
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"to_dot: the graph has {len(order)} values, more than max_nodes={max_nodes}; "
            "draw a smaller part of it, or raise max_nodes"
        )
    for h in highlight:
        if not (isinstance(h, Value) or (isinstance(h, tuple) and len(h) == 2 and all(map(_is_value, h)))):
            raise TypeError(f"to_dot: highlight takes Values and (input, output) pairs of Values, got {h!r}")
    marked_nodes = {id(h) for h in highlight if isinstance(h, Value)}
    marked_edges = {(id(h[0]), id(h[1])) for h in highlight if isinstance(h, tuple)}
    names = node_names(root)
    ids = {id(node): f"n{k}" for k, node in enumerate(order)}

    graph = graphviz.Digraph(graph_attr={"rankdir": rankdir}, node_attr={"fontsize": "11"})
    for node in order:
        fields = [f"data {node.data:.4g}"]
        if show_grad:
            grad = node.grad if grads is None else grads.get(node)
            fields.append("grad ?" if grad is None else f"grad {grad:.4g}")
        if node.role != "constant" or node.label:
            fields.insert(0, names[id(node)])
        style = dict(_LEAF_STYLE[node.role])
        if id(node) in marked_nodes:
            style.update(_HIGHLIGHT)
        label = "{" + " | ".join(_record_text(f) for f in fields) + "}"
        graph.node(ids[id(node)], label=label, shape="record", **style)
        if node.op:  # the op's oval sits between its inputs and its output O
            op_id = ids[id(node)] + "_op"
            graph.node(op_id, label=_plain_text(node.op), shape="oval", height="0.3", fontsize="10")
            graph.edge(op_id, ids[id(node)])
            for v in node.inputs:
                edge_style = _HIGHLIGHT if (id(v), id(node)) in marked_edges else {}
                graph.edge(ids[id(v)], op_id, **edge_style)
    return graph


def layout_program() -> str:
    """The path of Graphviz's layout program: ``dot`` on PATH, else ``graphviz-pure``.

    ``graphviz-pure`` is looked for next to the running Python too, where ``pip install``
    puts it in a virtual environment that is not activated.
    """
    dot = shutil.which("dot")
    if dot:
        return dot
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    pure = shutil.which("graphviz-pure", path=search)
    if pure:
        return pure
    raise LayoutProgramNotFoundError(
        "drawing needs Graphviz's layout program, but neither 'dot' nor 'graphviz-pure' was found "
        f"on PATH or in {Path(sys.executable).parent}; run `pip install graphviz-pure` "
        "(or install Graphviz)"
    )


def layout(graph: graphviz.Digraph, format: str = "svg") -> bytes:  # noqa: A002 - graphviz's name
    """The picture of ``graph`` in ``format`` ("svg" or "png"), laid out by ``layout_program()``."""
    _check_format(format)
    try:
        done = subprocess.run(
            [layout_program(), f"-T{format}"],
            input=graph.source.encode(),
            capture_output=True,
            timeout=LAYOUT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(
            f"layout: Graphviz took more than {LAYOUT_TIMEOUT} s; draw a smaller graph"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"layout: Graphviz failed (exit status {done.returncode}): {message}")
    return done.stdout


def save(graph: graphviz.Digraph, path: str | os.PathLike[str], format: str = "svg") -> Path:  # noqa: A002
    """Write the picture of ``graph`` to ``path``, whole or not at all; return the path.

    The picture goes to a temporary file in the same folder, which then replaces ``path``
    in one step, so a failure never leaves a half-written file behind.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"save: folder {str(path.parent)!r} does not exist")
    return write_atomic(path, layout(graph, format))


def render(
    root: Value,
    path: str | os.PathLike[str],
    format: str = "svg",  # noqa: A002 - graphviz's name
    **options: object,
) -> Path:
    """Draw ``root``'s graph (``options`` as for ``to_dot``) and write it to ``path``."""
    _check_format(format)
    return save(to_dot(root, **options), path, format)  # type: ignore[arg-type]


def to_svg(root: Value, **options: object) -> str:
    """``root``'s graph as SVG text (``options`` as for ``to_dot``)."""
    return layout(to_dot(root, **options), "svg").decode()  # type: ignore[arg-type]


def _repr_svg(root: Value) -> str | None:
    """The SVG a notebook shows for a Value, or None (its text repr) when it cannot be drawn."""
    try:
        return to_svg(root, max_nodes=REPR_MAX_NODES)
    except (ValueError, RuntimeError):  # too big, or no layout program, or the layout failed
        return None


def _is_value(x: object) -> bool:
    return isinstance(x, Value)


def _check_format(format: str) -> None:  # noqa: A002
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")


def _plain_text(text: str) -> str:
    r"""``text`` for a graphviz label, where a backslash starts an escape such as \n."""
    return text.replace("\\", "\\\\")


def _record_text(text: str) -> str:
    """``text`` for one field of a record label, where { } | < > also have meanings."""
    return "".join("\\" + c if c in "\\{}|<>" else c for c in text)
