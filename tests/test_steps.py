"""The backward pass step by step: lecture 03's loop, one `dL/dv += dL/dO · ∂O/∂v` per record."""

import random

import pytest
from lecture_graphs import chain_rule_iii

import autograd
from autograd import Value, backward_steps, forward_steps
from autograd.inspect.steps import node_names, step_table, step_table_html


def test_two_contributions_of_2_sum_to_4():
    a, c = chain_rule_iii()
    steps = backward_steps(c)
    into_a = [s for s in steps if s.input is a]
    assert [s.contribution for s in into_a] == [2.0, 2.0]
    assert [s.grad_after for s in into_a] == [2.0, 4.0]
    assert a.grad == 0.0  # the steps replay the pass on the side


def test_each_step_holds_the_lectures_factors_in_the_engines_order():
    a, c = chain_rule_iii()
    v1, v2 = c.inputs
    steps = backward_steps(c)
    assert [s.index for s in steps] == [0, 1, 2, 3, 4]
    # reverse topological order: c first, then v2 = a**2, then v1 = 2*a
    assert [(s.output, s.input) for s in steps] == [(c, v1), (c, v2), (v2, a), (v1, v1.inputs[0]), (v1, a)]
    first, third = steps[0], steps[2]
    assert (first.upstream, first.local_grad, first.contribution, first.grad_after) == (1.0, 1.0, 1.0, 1.0)
    assert (third.upstream, third.local_grad, third.contribution) == (1.0, 2.0, 2.0)
    assert steps[4].position == 1 and steps[3].input.role == "constant"


def test_steps_agree_with_backward_on_random_graphs():
    rng = random.Random(5242)
    ops = [
        lambda x, y: x + y,
        lambda x, y: x * y,
        lambda x, y: x - y,
        lambda x, y: x.tanh() * y,
        lambda x, y: (x * x + 1).log() + y.sigmoid(),
        lambda x, y: autograd.sum([x, y, x]),
        lambda x, y: autograd.dot([x, y], [y, x]),
    ]
    for _ in range(30):
        leaves = [Value(rng.uniform(-2, 2), label=f"x{k}") for k in range(4)]
        pool = list(leaves)
        for _ in range(rng.randrange(1, 25)):
            pool.append(rng.choice(ops)(rng.choice(pool), rng.choice(pool)))
        root = pool[-1]
        sums = {}
        for s in backward_steps(root):
            sums[id(s.input)] = sums.get(id(s.input), 0.0) + s.contribution
        root.backward()
        for node in autograd.topological_order(root)[:-1]:
            assert sums.get(id(node), 0.0) == pytest.approx(node.grad, rel=1e-12, abs=1e-12)


def test_forward_steps_follow_the_topological_order():
    a, c = chain_rule_iii()
    steps = forward_steps(c)
    assert [s.node for s in steps] == autograd.topological_order(c)
    # the order in which the nodes were made: a, the constant 2, 2a, a², c
    assert steps[0].node is a and steps[0].op == "" and steps[0].output == 1.0
    assert steps[1].op == "" and steps[1].inputs == () and steps[1].output == 2.0
    assert [s.op for s in steps[2:]] == ["*", "**2", "+"]
    last = steps[-1]
    assert (last.index, last.op, last.inputs, last.output) == (4, "+", (2.0, 1.0), 3.0)


def test_a_deep_chain_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(20_000):
        y = y * 1.0
    steps = backward_steps(y)
    assert len(steps) == 40_000 and steps[-2].input is x and steps[-2].grad_after == 1.0
    assert len(forward_steps(y)) == 40_001


def test_a_non_finite_contribution_stops_the_replay_as_backward_would():
    y = Value(0.0, label="x").sqrt()  # ∂√x/∂x = +inf at 0
    with pytest.raises(FloatingPointError, match=r"step 0: .* from op 'sqrt'"):
        backward_steps(y)


def test_a_leaf_has_no_steps_and_a_non_value_is_refused():
    assert backward_steps(Value(3.0)) == []
    with pytest.raises(TypeError, match="backward_steps: root must be a Value"):
        backward_steps(3.0)


def test_names_and_step_table_read_against_the_drawing():
    _, c = chain_rule_iii()
    assert sorted(node_names(c).values()) == ["2", "a", "c", "v3", "v4"]
    table = step_table(c, current=2).splitlines()
    assert table[0].split() == ["step", "O", "op", "v", "dL/dO", "∂O/∂v", "contribution", "dL/dv", "after"]
    assert table[3].split() == ["▶", "2", "v4", "**2", "a", "1", "2", "2", "2"]
    assert table[5].split() == ["4", "v3", "*", "a", "1", "2", "2", "4"]
    page = step_table_html(c, current=2)
    assert page.count("<tr") == 6 and page.count("font-weight:bold") == 1
