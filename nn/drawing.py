"""The computation graph of a network's loss, drawn in the view that fits.

Three views of the same graph (``VIEWS``):

- "values": every Value, as ``autograd.viz.to_dot`` draws it: parameters named by their
  place (``layer1.neuron3.w[2]``), inputs by their feature name;
- "neurons": one box per neuron, holding its weights, bias, affine node z = wᵀx + b and
  activation h = g(z), and showing h and dL/dh; inputs and the loss's nodes as they are;
- "layers": one box per layer.

``draw`` picks the first view, in that order, whose boxes and arrows stay within the caps
(a bigger picture cannot be read, and its layout can take minutes), so a network of any size
gets a picture. The full view stays available: ``draw(..., view="values", max_nodes=...)``.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograd import Value, topological_order, viz
from autograd.files import write_atomic
from nn.layers import MLP

VIEWS = ("values", "neurons", "layers")

#: The most boxes, and arrows, that a drawing holds before a coarser view is taken.
MAX_BOXES = 300
MAX_ARROWS = 600


def groups(model: MLP, root: Value, view: str) -> dict[Value, str]:
    """The group of each node of ``root``'s graph that belongs to a neuron ("neurons") or a
    layer ("layers") of ``model``; empty for "values".

    A neuron's group holds its parameters, the affine node that reads them and the node that
    reads only that neuron's affine nodes (its activation, or a maxout unit's maximum).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    if not isinstance(model, MLP):
        raise TypeError(f"groups: the neurons and layers are an nn.MLP's, got {type(model).__name__}")
    if view == "values":
        return {}
    neuron: dict[Value, tuple[int, int]] = {}  # (layer, neuron), both from 1
    for i, layer in enumerate(model.layers, start=1):
        for j, unit in enumerate(layer.neurons, start=1):
            neuron.update(dict.fromkeys(unit.parameters(), (i, j)))
    for node in topological_order(root):
        if node.op == "affine":
            owners = {neuron[v] for v in node.inputs if v in neuron and v.role == "parameter"}
        elif node.op and node.inputs and all(v.op == "affine" for v in node.inputs):
            owners = {neuron.get(v) for v in node.inputs}
        else:
            continue
        if len(owners) == 1 and None not in owners:
            neuron[node] = owners.pop()
    if view == "layers":
        return {node: f"layer{i}" for node, (i, _) in neuron.items()}
    return {node: f"layer{i}.neuron{j}" for node, (i, j) in neuron.items()}


def size(root: Value, group: dict[Value, str]) -> tuple[int, int]:
    """(boxes, arrows) of the drawing of ``root`` with ``group`` collapsed (op ovals not counted)."""
    order = topological_order(root)
    boxes = len(set(group.values())) + sum(node not in group for node in order)
    arrows = {
        (group.get(v, id(v)), group.get(node, id(node)))
        for node in order
        for v in node.inputs
        if group.get(v, id(v)) != group.get(node, id(node))
    }
    return boxes, len(arrows)


def fitting_view(model: MLP, root: Value, max_boxes: int = MAX_BOXES, max_arrows: int = MAX_ARROWS) -> str:
    """The most detailed view whose drawing stays within ``max_boxes`` and ``max_arrows``;
    "layers" when none does (a layer view is as small as the network's depth allows)."""
    for view in VIEWS[:-1]:
        boxes, arrows = size(root, groups(model, root, view))
        if boxes <= max_boxes and arrows <= max_arrows:
            return view
    return "layers"


def draw(
    model: MLP,
    root: Value,
    path: str | os.PathLike[str],
    view: str | None = None,
    *,
    max_nodes: int = viz.DEFAULT_MAX_NODES,
) -> str:
    """Draw ``root``'s graph into ``path`` (.svg or .png) in ``view``, or the one that fits;
    return the view drawn. ``max_nodes`` caps the boxes of an explicitly chosen view."""
    if view is None:
        view = fitting_view(model, root)
        max_nodes = max(max_nodes, size(root, groups(model, root, view))[0])
    if view == "values":
        viz.save(viz.to_dot(root, max_nodes=max_nodes), path)
    else:
        viz.save(viz.to_dot_grouped(root, groups(model, root, view), max_nodes=max_nodes), path)
    return view


def one_sample_loss(
    model: MLP, loss_fn, features: list[float], label: int, feature_names: list[str]
) -> Value:
    """The loss of one sample in eval mode, backpropagated so that every node holds dL/dv:
    inputs are labelled with the feature names, the root "loss". The parameters keep this
    sample's gradients: call ``model.zero_grad()`` before training on."""
    x = [Value(v, label=name) for v, name in zip(features, feature_names)]
    model.eval()
    loss = loss_fn([model(x)], [label])
    loss.label = "loss"
    model.zero_grad()
    loss.backward()
    return loss


def write_full_source(root: Value, path: str | os.PathLike[str]) -> Path:
    """The "values" view as Graphviz source text (no layout, so any size is quick), for
    ``dot -Tsvg`` or any Graphviz viewer."""
    source = viz.to_dot(root, max_nodes=len(topological_order(root))).source
    return write_atomic(path, source)
