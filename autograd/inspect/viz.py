"""Drawing a graph: value nodes as records, op nodes as small ovals between them.

This is the lecture's picture of a computation graph. Every Value is a box showing its
name, its data and its gradient dL/dv; every op is an oval that its inputs point into and
that points at its output node O::

    [a | data 1 | grad 4] ──> (*) ──> [v3 | data 2 | grad 1] ──> (+) ──> [c | data 3 | grad 1]

Leaves are told apart by style: parameters filled, inputs plain, constants dashed and grey.

A graph too big to read node by node can be drawn collapsed: ``to_dot_grouped`` draws one
box for each group of nodes (a neuron, a layer: ``nn.drawing`` makes the groups of a network)
and the rest node by node.

``to_dot`` builds a ``Drawing`` (a ``graphviz.Digraph``); ``layout``, ``save`` and ``render``
turn it into SVG or PNG, chosen by the file's suffix, with Graphviz's layout program: ``dot``
when it is on PATH, otherwise the ``graphviz-pure`` command (a self-contained port of dot
installed from PyPI with this package), looked up on PATH and next to the running Python. A
notebook shows a ``Drawing``, and a ``Value``, with the same program, as SVG and as PNG (the
PNG is what an untrusted or static view of a saved notebook can still show).
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from collections.abc import Collection, Mapping
from pathlib import Path

import graphviz

from autograd.engine.backprop import topological_order
from autograd.engine.checks import ArgumentError, is_number, require_int
from autograd.engine.value import Value
from autograd.files import write_atomic
from autograd.inspect.steps import node_names

FORMATS = ("svg", "png")

#: Dots per inch at scale 1, Graphviz's own for each format (an SVG counts points, 72 to the inch).
_DPI = {"svg": 72, "png": 96}

#: Drawing style of a leaf, by role; op outputs use the "" entry.
_LEAF_STYLE = {
    "parameter": {"style": "filled", "fillcolor": "#dbe9f6"},
    "input": {},
    "constant": {"style": "dashed", "color": "grey50", "fontcolor": "grey40"},
    "": {},
}
_HIGHLIGHT = {"color": "red", "penwidth": "2.5"}
#: A collapsed group of nodes: grey, with round corners.
_GROUP_STYLE = {"style": "filled,rounded", "fillcolor": "#eeeeee"}

#: A picture of a larger graph cannot be read, and its layout can take minutes.
DEFAULT_MAX_NODES = 300

#: The most Values a notebook draws for a Value on its own, so that showing one stays quick.
REPR_MAX_NODES = 100

#: Seconds one layout may take before it is abandoned.
LAYOUT_TIMEOUT = 60


class LayoutProgramNotFoundError(RuntimeError):
    """Neither ``dot`` nor ``graphviz-pure`` can be found, so nothing can be laid out."""


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that a notebook shows laid out by ``layout_program()``.

    graphviz's own display needs the system's ``dot``; this one falls back to ``graphviz-pure``.
    """

    def _repr_mimebundle_(self, include: object = None, exclude: object = None, **_: object) -> dict:
        return mimebundle(self)


def mimebundle(graph: graphviz.Digraph) -> dict[str, str]:
    """The picture of ``graph`` for a notebook: SVG, and PNG (base64) for views that refuse SVG;
    empty (so the text repr shows) when there is no layout program or the layout fails."""
    try:
        return {"image/svg+xml": layout(graph, "svg").decode(), "image/png": png_base64(graph)}
    except RuntimeError:
        return {}


def png_base64(graph: graphviz.Digraph, scale: float = 1.0) -> str:
    """The PNG picture of ``graph`` as base64 text, as notebooks and data: URIs hold it."""
    return base64.b64encode(layout(graph, "png", scale=scale)).decode("ascii")


def to_dot(
    root: Value,
    *,
    show_grad: bool = True,
    highlight: Collection[Value | tuple[Value, Value]] = (),
    rankdir: str = "LR",
    max_nodes: int = DEFAULT_MAX_NODES,
    grads: Mapping[Value, float] | None = None,
    data: Mapping[Value, float] | None = None,
    min_width: Mapping[Value, float] | None = None,
) -> Drawing:
    """The graph of every Value ``root`` depends on, as a ``Drawing`` (a ``graphviz.Digraph``).

    Args:
        show_grad: show each node's gradient dL/dv next to its data.
        highlight: Values, and edges ``(v, O)`` from an input v into the op that made O,
            to draw in red.
        rankdir: graphviz's direction of flow: "LR", "RL", "TB" or "BT".
        max_nodes: the most Values to draw; a larger graph raises ValueError.
        grads: the gradient to show for each node, instead of its ``.grad``; a node not in
            the mapping shows none (what the step-through shows before a step reaches it).
        data: the same for each node's data, instead of its ``.data`` (the forward stepper).
        min_width: the least width in inches of a node's box, so that a sequence of drawings
            whose texts change keeps one layout.
    """
    order = _checked_order("to_dot", root, rankdir, max_nodes)
    if len(order) > max_nodes:
        raise ValueError(
            f"to_dot: the graph has {len(order)} values, more than max_nodes={max_nodes}; "
            "draw it collapsed (to_dot_grouped), a smaller part of it, or raise max_nodes"
        )
    for h in highlight:
        if not (isinstance(h, Value) or (isinstance(h, tuple) and len(h) == 2 and all(map(_is_value, h)))):
            raise TypeError(f"to_dot: highlight takes Values and (input, output) pairs of Values, got {h!r}")
    marked_nodes = {id(h) for h in highlight if isinstance(h, Value)}
    marked_edges = {(id(h[0]), id(h[1])) for h in highlight if isinstance(h, tuple)}
    names = node_names(root)
    ids = {id(node): f"n{k}" for k, node in enumerate(order)}

    graph = _new_drawing(rankdir)
    for node in order:
        value = node.data if data is None else data.get(node)
        fields = ["data ?" if value is None else f"data {value:.4g}"]
        if show_grad:
            grad = node.grad if grads is None else grads.get(node)
            fields.append("grad ?" if grad is None else f"grad {grad:.4g}")
        if node.role != "constant" or node.label:
            fields.insert(0, names[id(node)])
        style = dict(_LEAF_STYLE[node.role])
        if id(node) in marked_nodes:
            style.update(_HIGHLIGHT)
        if min_width is not None and node in min_width:
            style["width"] = f"{min_width[node]:.2f}"
        _record(graph, ids[id(node)], fields, style)
        if node.op:  # the op's oval sits between its inputs and its output O
            op_id = _op_node(graph, ids[id(node)], node.op)
            for v in node.inputs:
                edge_style = _HIGHLIGHT if (id(v), id(node)) in marked_edges else {}
                graph.edge(ids[id(v)], op_id, **edge_style)
    return graph


def to_dot_grouped(
    root: Value,
    groups: Mapping[Value, str],
    *,
    show_grad: bool = True,
    rankdir: str = "LR",
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Drawing:
    """``root``'s graph with each group of nodes collapsed into one box; the rest node by node.

    ``groups`` names the group of each node that belongs to one (e.g. every parameter and
    intermediate node of a neuron: ``nn.drawing.groups``). A group's box shows its name, how
    many values it holds and, when the rest of the graph reads one node of it (a neuron's
    activation h), that node's data and gradient; else how many of its nodes are read (a
    layer's outputs). An arrow joins two boxes when some node of one is an input of some
    node of the other. ``max_nodes`` caps the boxes.
    """
    order = _checked_order("to_dot_grouped", root, rankdir, max_nodes)
    if not isinstance(groups, Mapping) or not all(isinstance(g, str) and g for g in groups.values()):
        raise TypeError("to_dot_grouped: groups must map Values to non-empty group names")
    members: dict[str, list[Value]] = {}
    for node in order:
        if node in groups:
            members.setdefault(groups[node], []).append(node)
    single = [node for node in order if node not in groups]
    if len(members) + len(single) > max_nodes:
        raise ValueError(
            f"to_dot_grouped: {len(members)} groups and {len(single)} other values are more than "
            f"max_nodes={max_nodes}; group more nodes together, or raise max_nodes"
        )
    names = node_names(root)
    box = {id(node): f"n{k}" for k, node in enumerate(single)}
    graph = _new_drawing(rankdir)
    read = {v for node in order for v in node.inputs if groups.get(v) != groups.get(node)} | {root}
    for k, (name, nodes) in enumerate(members.items()):
        box.update({id(node): f"g{k}" for node in nodes})
        outputs = [node for node in nodes if node in read]
        fields = [name, f"{len(nodes)} values"]
        if len(outputs) == 1:
            fields.append(f"out {outputs[0].data:.4g}")
            if show_grad:
                fields.append(f"grad {outputs[0].grad:.4g}")
        else:
            fields.append(f"{len(outputs)} outputs")
        _record(graph, f"g{k}", fields, _GROUP_STYLE)
    edges: set[tuple[str, str]] = set()
    for node in order:
        target = box[id(node)]
        if node not in groups:
            fields = [f"data {node.data:.4g}"] + ([f"grad {node.grad:.4g}"] if show_grad else [])
            if node.role != "constant" or node.label:
                fields.insert(0, names[id(node)])
            _record(graph, target, fields, _LEAF_STYLE[node.role])
            if node.op:  # its inputs point at its op's oval
                target = _op_node(graph, target, node.op)
        for v in node.inputs:
            edge = (box[id(v)], target)
            if edge[0] != edge[1] and edge not in edges:  # an arrow inside a group is hidden
                edges.add(edge)
                graph.edge(*edge)
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


def layout(graph: graphviz.Digraph, format: str = "svg", *, scale: float = 1.0) -> bytes:  # noqa: A002
    """The picture of ``graph`` in ``format`` ("svg" or "png"), laid out by ``layout_program()``.

    ``scale`` multiplies the picture's size: 2 draws a PNG at 192 dots per inch, for slides.
    """
    _check_format(format)
    _check_scale(scale)
    try:
        done = subprocess.run(
            [layout_program(), f"-T{format}", f"-Gdpi={_DPI[format] * scale:g}"],
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


def format_of(path: str | os.PathLike[str]) -> str:
    """The picture format a file's suffix asks for: "svg" or "png"; ValueError for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(
            f"{os.fspath(path)!r}: a drawing is written as .svg or .png, chosen by the suffix; "
            f"got {'no suffix' if not suffix else '.' + suffix}"
        )
    return suffix


def save(graph: graphviz.Digraph, path: str | os.PathLike[str], *, scale: float = 1.0) -> Path:
    """Write the picture of ``graph`` to ``path`` (SVG or PNG by its suffix), whole or not at all.

    The picture goes to a temporary file in the same folder, which then replaces ``path``
    in one step, so a failure never leaves a half-written file behind. Returns the path.
    """
    path = Path(path)
    format = format_of(path)  # noqa: A001 - graphviz's name
    if not path.parent.is_dir():
        raise FileNotFoundError(f"save: folder {str(path.parent)!r} does not exist")
    return write_atomic(path, layout(graph, format, scale=scale))


def render(root: Value, path: str | os.PathLike[str], *, scale: float = 1.0, **options: object) -> Path:
    """Draw ``root``'s graph (``options`` as for ``to_dot``) into ``path``: .svg or .png.

    ``scale`` as for ``layout``. Returns the path.
    """
    format_of(path)  # refuse a wrong suffix before drawing anything
    return save(to_dot(root, **options), path, scale=scale)  # type: ignore[arg-type]


def to_svg(root: Value, **options: object) -> str:
    """``root``'s graph as SVG text (``options`` as for ``to_dot``)."""
    return layout(to_dot(root, **options), "svg").decode()  # type: ignore[arg-type]


def _repr_svg(root: Value) -> str | None:
    """The SVG a notebook shows for a Value, or None (its text repr) when it cannot be drawn."""
    try:
        return to_svg(root, max_nodes=REPR_MAX_NODES)
    except (ValueError, RuntimeError):  # too big, or no layout program, or the layout failed
        return None


def _repr_png(root: Value) -> bytes | None:
    """The PNG a notebook shows for a Value where SVG is refused (an untrusted or static view)."""
    try:
        return layout(to_dot(root, max_nodes=REPR_MAX_NODES), "png")
    except (ValueError, RuntimeError):
        return None


def _checked_order(who: str, root: object, rankdir: str, max_nodes: object) -> list[Value]:
    if not isinstance(root, Value):
        raise TypeError(f"{who}: expected a Value, got {type(root).__name__}")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"{who}: rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    require_int(who, "max_nodes", max_nodes, minimum=1)
    return topological_order(root)


def _new_drawing(rankdir: str) -> Drawing:
    return Drawing(graph_attr={"rankdir": rankdir}, node_attr={"fontsize": "11"})


def _record(graph: Drawing, name: str, fields: list[str], style: Mapping[str, str]) -> None:
    """A box of stacked fields: name, data, grad."""
    label = "{" + " | ".join(_record_text(f) for f in fields) + "}"
    graph.node(name, label=label, shape="record", **style)


def _op_node(graph: Drawing, output: str, op: str) -> str:
    """The op's oval, pointing at its output's box; returns the oval's name."""
    name = output + "_op"
    graph.node(name, label=_plain_text(op), shape="oval", height="0.3", fontsize="10")
    graph.edge(name, output)
    return name


def _is_value(x: object) -> bool:
    return isinstance(x, Value)


def _check_format(format: str) -> None:  # noqa: A002
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")


def _check_scale(scale: object) -> None:
    if not is_number(scale) or not 0.1 <= float(scale) <= 10:  # type: ignore[arg-type]
        raise ArgumentError(f"layout: scale must be a number from 0.1 to 10, got {scale!r}")


def _plain_text(text: str) -> str:
    r"""``text`` for a graphviz label, where a backslash starts an escape such as \n."""
    return text.replace("\\", "\\\\")


def _record_text(text: str) -> str:
    """``text`` for one field of a record label, where { } | < > also have meanings."""
    return "".join("\\" + c if c in "\\{}|<>" else c for c in text)
