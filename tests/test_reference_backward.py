"""The fast backward pass is the lecture's loop unrolled: the same gradients, bit for bit.

``reference_backward`` is the lecture's algorithm as written (``chain_rule``: for each op O in
reverse topological order, for each input v of O, dL/dv += dL/dO · ∂O/∂v). ``backward`` walks
the tape instead and writes the rule out per stored form of a node. Both add the same
contributions in the same order, so the gradients must be equal with ``==``, not close.
"""

import copy

from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Value, topological_order
from autograd.check.testing import OPS, expressions
from autograd.engine.backprop import chain_rule, reference_backward

#: Gradients that an earlier pass may have left in ``.grad``.
EARLIER = st.sampled_from([0.0, 0.0, 1.0, -0.5, 2.75, 1e-3])
#: dL/d(root) for the pass.
UPSTREAM = st.sampled_from([1.0, -1.0, 0.5, 3.0, 0.0])


def grads(root):
    return [v.grad for v in topological_order(root)]


def preset(root, earlier):
    for v, g in zip(topological_order(root), earlier):
        v.grad = g


@given(data=st.data(), expr=expressions(max_leaves=4, max_steps=14))
def test_backward_equals_the_lecture_loop_on_random_graphs(data, expr):
    # The same program built twice: one copy gets backward(), the other the lecture's loop.
    assert_backward_equals_the_lecture_loop(data, expr(*expr.leaves), expr(*expr.leaves))


@given(data=st.data(), expr=expressions(max_leaves=4, max_steps=14))
def test_backward_equals_the_lecture_loop_when_every_node_is_used(data, expr):
    # The root of a drawn program is its last node, which may not use every step; here each
    # node is added into the root, so every op of the program is walked.
    assert_backward_equals_the_lecture_loop(data, sum_of_every_node(expr), sum_of_every_node(expr))


@given(data=st.data(), expr=expressions({op: OPS[op] for op in ("+", "*")}, max_leaves=3, max_steps=14))
def test_sums_send_dL_dO_down_as_the_lecture_loop_does(data, expr):
    # A sum stores no local derivatives: backward sends dL/dO itself to both inputs, where the
    # lecture's loop adds dL/dO · 1.0. Graphs of + and * only, each node of the program added
    # into the root, so that most ops are sums: chains of them, sums of a node with itself,
    # sums of a node that a newer op reached first.
    assert_backward_equals_the_lecture_loop(data, sum_of_every_node(expr), sum_of_every_node(expr))


def sum_of_every_node(expr):
    nodes = []

    def build(op, args, params):
        nodes.append(expr.ops[op].build(*args, **params))
        return nodes[-1]

    expr.replay([Value(x) for x in expr.leaves], build)
    root = nodes[0]
    for node in nodes[1:]:
        root = root + node
    return root


def assert_backward_equals_the_lecture_loop(data, fast, slow):
    n = len(topological_order(fast))
    earlier = data.draw(st.lists(EARLIER, min_size=n, max_size=n), label="earlier .grad")
    preset(fast, earlier)
    preset(slow, earlier)
    for _ in range(data.draw(st.integers(1, 3), label="passes")):
        upstream = data.draw(UPSTREAM, label="dL/droot")
        fast.backward(upstream)
        reference_backward(slow, upstream)
        assert grads(fast) == grads(slow)


@given(data=st.data(), expr=expressions(max_leaves=3, max_steps=10))
def test_backward_from_an_inner_node_equals_the_lecture_loop(data, expr):
    # A pass may start anywhere: from a node that newer nodes of the graph consume.
    fast, slow = expr(*expr.leaves), expr(*expr.leaves)
    k = data.draw(st.integers(0, len(topological_order(fast)) - 1), label="start")
    inner_fast, inner_slow = topological_order(fast)[k], topological_order(slow)[k]
    inner_fast.backward()
    reference_backward(inner_slow)
    assert grads(fast) == grads(slow)


@given(
    weights=st.lists(st.floats(-2, 2), min_size=12, max_size=12),
    inputs=st.lists(st.floats(-2, 2), min_size=6, max_size=6),
)
def test_a_layer_with_dead_relu_units_equals_the_lecture_loop(weights, inputs):
    # Z = XWᵀ + b for two samples through four relu units; units with z < 0 are dead and send
    # dL/dz = 0 down, which backward skips and the lecture's loop adds as zeros.
    def loss():
        W = [[Value(w) for w in weights[3 * j : 3 * j + 3]] for j in range(3)]
        b = [Value(0.1), Value(-0.2), Value(0.0)]
        X = [inputs[:3], inputs[3:]]
        H = [[z.relu() for z in row] for row in autograd.linear(X, W, b)]
        return autograd.sum([h * h for row in H for h in row])

    fast, slow = loss(), loss()
    fast.backward()
    reference_backward(slow)
    assert grads(fast) == grads(slow)


def test_a_graph_copied_and_met_out_of_creation_order_equals_the_lecture_loop():
    # u = a·b, v = u·c, L = u + v, then a deep copy of it, which is made in another order
    # (a, b, u, c, ...): the search from L meets u before v, and the two tapes differ.
    a, b, c = Value(2.0, "a"), Value(3.0, "b"), Value(4.0, "c")
    u = a * b
    u.label = "u"
    v = u * c
    v.label = "v"
    loss = u + v
    copied = copy.deepcopy(loss)
    assert [n.label for n in topological_order(copied)] != [n.label for n in topological_order(loss)]
    loss.backward()
    reference_backward(copied)
    by_label = {n.label: n.grad for n in topological_order(copied)}
    assert {n.label: n.grad for n in topological_order(loss)} == by_label
    assert by_label == {"a": 15.0, "b": 10.0, "c": 6.0, "u": 5.0, "v": 1.0, "": 1.0}


def test_the_lecture_loop_changes_no_grad_and_lists_every_edge_once():
    # chain_rule keeps dL/dv on the side; each step is one dL/dv += dL/dO · ∂O/∂v.
    a, b = Value(2.0), Value(-3.0)
    loss = (a * b).tanh() + a
    steps = list(chain_rule(loss))
    assert [v.grad for v in (a, b, loss)] == [0.0, 0.0, 0.0]
    edges = [(s.output.op, s.position) for s in steps]
    assert edges == [("+", 0), ("+", 1), ("tanh", 0), ("*", 0), ("*", 1)]
    for s in steps:
        assert s.contribution == s.upstream * s.local_grad
