"""The peers' test suites, ported: micrograd's test_engine and the nn-zero-to-hero lecture 1.

Each test builds what the original builds and checks the numbers the original prints or
asserts; where the original compares with PyTorch, tests/test_oracle_torch.py does too.
"""

import math

import pytest
from peer_graphs import NEURON, micrograd_more_ops, micrograd_sanity, neuron, neuron_by_exp

import nn
from autograd import Value, numerical_grad

# --- micrograd: test/test_engine.py and the README's example ---------------------------------


def test_micrograd_sanity_check():
    # z = 3x + 2 = -10, q = relu(z) + zx = 40, h = relu(z²) = 100, y = h + q + qx = -20
    # dy/dx = 2z·3 + (3x + z) + q + x(3x + z) = -60 - 22 + 40 + 88 = 46
    x = Value(-4.0)
    y = micrograd_sanity(x)
    y.backward()
    assert (y.data, x.grad) == (-20.0, 46.0)


def test_micrograd_more_ops():
    # c = 3a + 4b + 3 = -1, d = 4(ab + b³) + relu(b - a) = 6, e = c - d = -7, f = e² = 49,
    # g = f/2 + 10/f; dg/de = 2e(1/2 - 10/f²), de/da = 3 - (12b - 1), de/db = 4 - (12(a + 3b²) + 1)
    a, b = Value(-4.0), Value(2.0)
    g = micrograd_more_ops(a, b)
    g.backward()
    dg_de = -14 * (0.5 - 10 / 49**2)
    assert g.data == pytest.approx(24.5 + 10 / 49, rel=1e-15)
    assert a.grad == pytest.approx(dg_de * -20, rel=1e-15)
    assert b.grad == pytest.approx(dg_de * -93, rel=1e-15)
    # what micrograd's README prints
    assert (f"{g.data:.4f}", f"{a.grad:.4f}", f"{b.grad:.4f}") == ("24.7041", "138.8338", "645.5773")


# --- nn-zero-to-hero lecture 1: micrograd from scratch --------------------------------------


def test_the_derivative_of_a_simple_function_by_bumping_x():
    def f(x):
        return 3 * x**2 - 4 * x + 5

    assert f(3.0) == 20.0
    h = 0.0001
    assert (f(3.0 + h) - f(3.0)) / h == pytest.approx(14.0003, abs=1e-9)
    x = Value(3.0)
    f(x).backward()
    assert x.grad == 14.0  # 6x - 4
    for at, slope in [(-3.0, -22.0), (2 / 3, 0.0)]:
        x = Value(at)
        f(x).backward()
        assert x.grad == pytest.approx(slope, abs=1e-15)


def test_d_equals_a_times_b_plus_c_and_its_slopes():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    d = a * b + c
    assert d.data == 4.0
    d.backward()
    assert (a.grad, b.grad, c.grad) == (-3.0, 2.0, 1.0)  # b, a and 1
    bumped = numerical_grad(lambda a, b, c: a * b + c, [2.0, -3.0, 10.0], eps=0.0001)
    assert bumped == pytest.approx([-3.0, 2.0, 1.0], abs=1e-9)


def the_L_graph():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return a, b, c, e, d, f, L


def test_the_L_graph_forward_and_its_gradients_by_hand():
    a, b, c, e, d, f, L = the_L_graph()
    assert (e.data, d.data, L.data) == (-6.0, 4.0, -8.0)
    L.backward()
    # dL/dd = f, dL/df = d; + routes the gradient unchanged: dL/dc = dL/de = dL/dd;
    # dL/da = dL/de · b and dL/db = dL/de · a, the chain rule
    assert L.grad == 1.0
    assert (d.grad, f.grad) == (-2.0, 4.0)
    assert (c.grad, e.grad) == (-2.0, -2.0)
    assert (a.grad, b.grad) == (6.0, -4.0)


def test_the_L_graph_gradients_match_the_lol_bump():
    # the lecture's lol(): bump one leaf by h = 0.001 and take (L2 - L1)/h
    slopes = numerical_grad(lambda a, b, c, f: (a * b + c) * f, [2.0, -3.0, 10.0, -2.0], eps=0.001)
    assert slopes == pytest.approx([6.0, -4.0, -2.0, 4.0], abs=1e-9)


def test_one_step_along_the_gradient_raises_L():
    a, b, c, _, _, f, L = the_L_graph()
    L.backward()
    for leaf in (a, b, c, f):
        leaf.data += 0.01 * leaf.grad
    L = (a * b + c) * f
    assert L.data == pytest.approx(-7.286496, abs=1e-12)


def test_the_neuron_and_its_gradients():
    values = {name: Value(x, label=name) for name, x in NEURON.items()}
    o = neuron(**values)
    assert o.data == pytest.approx(0.7071, abs=1e-4)
    assert o.data == pytest.approx(1 / math.sqrt(2), abs=1e-15)
    o.backward()
    # do/dn = 1 - o² = 0.5, then each product sends 0.5 times the other factor
    grads = {name: v.grad for name, v in values.items()}
    assert grads == pytest.approx(dict(x1=-1.5, w1=1.0, x2=0.5, w2=0.0, b=0.5), abs=1e-15)


def test_tanh_spelled_out_in_exp_gives_the_same_gradients():
    direct = {name: Value(x) for name, x in NEURON.items()}
    spelled = {name: Value(x) for name, x in NEURON.items()}
    o1, o2 = neuron(**direct), neuron_by_exp(**spelled)
    o1.backward()
    o2.backward()
    assert o2.data == pytest.approx(o1.data, abs=1e-15)
    for name in NEURON:
        assert spelled[name].grad == pytest.approx(direct[name].grad, abs=1e-15)


def test_a_node_used_twice_accumulates_its_gradient():
    # the lecture's bug: b = a + a once gave a.grad = 1; the gradients of both uses add up
    a = Value(3.0, label="a")
    b = a + a
    b.backward()
    assert a.grad == 2.0
    a, b = Value(-2.0, label="a"), Value(3.0, label="b")
    f = (a * b) * (a + b)
    f.backward()
    assert (f.data, a.grad, b.grad) == (-6.0, -3.0, -8.0)


def test_numbers_on_either_side_and_the_other_operations():
    a, b = Value(2.0), Value(4.0)
    assert (a + 1).data == (1 + a).data == 3.0
    assert (a * 2).data == (2 * a).data == 4.0
    assert (a / b).data == 0.5
    assert (a - b).data == -2.0
    assert a.exp().data == pytest.approx(math.exp(2.0), rel=1e-15)


def test_the_lectures_mlp_learns_its_four_examples():
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    n = nn.MLP(3, [4, 4, 1], activation="tanh", output_activation="tanh", seed=0)
    losses = []
    for _ in range(20):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.1 * losses[0]
    assert [math.copysign(1.0, n(x).data) for x in xs] == ys
