"""The backward pass: reuse, repeated calls, depth, order and zeroing."""

import math
import sys

import pytest

import autograd
from autograd import Value, topological_order, zero_grad


def test_node_reused_many_times_sums_every_path():
    # y = x + x + ... + x (100 times): dy/dx = 100; z = x·x·x: dz/dx = 3x²
    x = Value(2.0)
    y = x
    for _ in range(99):
        y = y + x
    y.backward()
    assert x.grad == 100.0

    x = Value(2.0)
    z = x * x * x
    z.backward()
    assert x.grad == 12.0


def test_shared_sub_expression_gets_the_sum_of_its_consumers():
    # s = a·b feeds both u = s² and v = 3s; L = u + v; dL/ds = 2s + 3
    a, b = Value(2.0), Value(3.0)
    s = a * b
    loss = s**2 + 3 * s
    loss.backward()
    assert s.grad == 2 * 6.0 + 3
    assert (a.grad, b.grad) == (15.0 * 3.0, 15.0 * 2.0)


def test_backward_twice_adds_exactly_the_same_gradient_again():
    a, b = Value(1.5), Value(-0.5)
    h = (a * b).tanh()
    loss = h * h + a
    loss.backward()
    first = [v.grad for v in topological_order(loss)]
    loss.backward()
    second = [v.grad for v in topological_order(loss)]
    assert second == [2 * g for g in first]


def test_stale_intermediate_grad_is_not_propagated():
    # micrograd sends the intermediate's accumulated .grad down again on the second call,
    # so the leaf would get 1 + 2 = 3 times the gradient; here it gets exactly 2 times.
    x = Value(3.0)
    mid = x * 2
    out = mid * 1
    out.backward()
    out.backward()
    assert mid.grad == 2.0
    assert x.grad == 4.0


def test_backward_with_upstream_gradient():
    x = Value(3.0)
    y = x * x
    y.backward(grad=0.5)
    assert (y.grad, x.grad) == (0.5, 3.0)


def test_million_node_chain_without_recursion():
    limit = sys.getrecursionlimit()
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
    assert sys.getrecursionlimit() == limit
    del y  # freeing a million-deep chain must not crash either


def test_topological_order_puts_inputs_first_and_root_last():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d.exp() * c
    order = topological_order(e)
    assert order[-1] is e
    assert len(order) == len(set(map(id, order))) == 6
    position = {id(v): k for k, v in enumerate(order)}
    for node in order:
        for v in node.inputs:
            assert position[id(v)] < position[id(node)]


def test_topological_order_of_a_leaf_is_itself():
    a = Value(1.0)
    assert topological_order(a) == [a]


def test_zero_grad_clears_the_whole_graph():
    a = Value(2.0)
    loss = (a * a).log()
    loss.backward()
    zero_grad(loss)
    assert all(v.grad == 0.0 for v in topological_order(loss))
    loss.backward()
    assert a.grad == pytest.approx(1.0)  # d/da log(a²) = 2/a


def test_infinite_gradient_raises_and_leaves_grads_untouched():
    # d/dx √x is infinite at 0: the pass stops with a clear error and changes nothing.
    x = Value(0.0)
    y = x.sqrt() * 2
    with pytest.raises(FloatingPointError, match="infinite") as error:
        y.backward()
    assert (x.grad, y.grad) == (0.0, 0.0)
    assert error.value.node is x
    assert error.value.output.op == "sqrt"


def test_overflowing_gradient_raises():
    # Forward values stay finite, but dz/dx = 1e300 · 1e300 does not.
    x = Value(1e-300)
    z = (x * 1e300) * 1e300
    assert z.data == pytest.approx(1e300)
    with pytest.raises(FloatingPointError, match="overflowed"):
        z.backward()


def test_nan_arising_deep_in_the_graph_names_the_node_where_it_arose():
    # √u at u = 0 sends dL/du = inf · 1; below u every gradient is inf or nan too,
    # but the error names u, the first node (in backward order) whose gradient is not finite.
    a, b, c = Value(2.0, "a"), Value(-2.0, "b"), Value(3.0, "c")
    u = a + b
    u.label = "u"
    loss = (u.sqrt() + c) * c
    with pytest.raises(FloatingPointError) as error:
        loss.backward()
    assert error.value.node is u
    assert error.value.output.op == "sqrt"
    assert all(v.grad == 0.0 for v in topological_order(loss))


def test_huge_but_finite_gradients_are_not_an_error():
    # dL/da₁ = dL/da₂ = 1e308: each is finite, though their sum would overflow.
    a1, a2, c = Value(1e-300), Value(1e-300), Value(1e308)
    loss = a1 * c + a2 * c
    loss.backward()
    assert (a1.grad, a2.grad) == (1e308, 1e308)


def test_bad_upstream_gradient():
    x = Value(1.0)
    with pytest.raises(TypeError, match="grad must be a finite number, got '1'"):
        x.backward("1")
    with pytest.raises(ValueError, match="finite"):
        x.backward(float("nan"))


def test_a_dead_relu_unit_sends_exactly_zero_to_its_weights_and_inputs():
    # z = wᵀx + b < 0, so relu'(z) = 0 and dL/dz = 0: every w, x and b gets dL/dv = 0 from it.
    w, x, b = [Value(1.0), Value(-2.0)], [Value(3.0), Value(4.0)], Value(0.5)
    h = autograd.affine(w, x, b).relu()
    loss = h + x[0] * 2
    loss.backward()
    assert [v.grad for v in w] == [0.0, 0.0] and b.grad == 0.0
    assert [v.grad for v in x] == [2.0, 0.0]


def test_a_zero_upstream_times_an_infinite_local_derivative_is_still_an_error():
    # 0 · ∞ is not a number: a node whose dL/dO is 0 is only skipped when every ∂O/∂v is finite.
    @autograd.primitive("sqrt_of_sum")
    def sqrt_of_sum(a, b, c):  # O = √(a + b + c),  ∂O/∂v = 1 / (2√(a + b + c))
        s = math.sqrt(a + b + c)
        return s, (1 / (2 * s) if s else math.inf,) * 3

    a, b, c = Value(0.0), Value(0.0), Value(0.0)
    loss = autograd.apply(sqrt_of_sum, a, b, c).relu()
    with pytest.raises(FloatingPointError, match="nan"):
        loss.backward()
    assert (a.grad, b.grad, c.grad) == (0.0, 0.0, 0.0)


def test_a_graph_met_out_of_creation_order_gets_its_gradients_by_hand():
    # u = a·b, v = u·c, L = u + v. From L the search meets u before v, but v is newer: the
    # pass must wait for v before u. dL/du = 1 + c, dL/da = b(1 + c), dL/db = a(1 + c), dL/dc = u.
    a, b, c = Value(2.0), Value(3.0), Value(4.0)
    u = a * b
    v = u * c
    loss = u + v
    loss.backward()
    assert (u.grad, v.grad) == (5.0, 1.0)
    assert (a.grad, b.grad, c.grad) == (15.0, 10.0, 6.0)
    loss.backward()
    assert (u.grad, v.grad, a.grad, b.grad, c.grad) == (10.0, 2.0, 30.0, 20.0, 12.0)


def test_an_error_leaves_earlier_gradients_as_they_were():
    # Both ways through the graph: a chain (met newest first) and a graph met out of order.
    for out_of_order in (False, True):
        x, w = Value(0.0), Value(1.0)
        s = x.sqrt()
        y = s * w + (w * 2 if out_of_order else 0.0)
        for v in (x, w, s, y):
            v.grad = 7.0
        with pytest.raises(FloatingPointError, match="infinite"):
            y.backward()
        assert [v.grad for v in (x, w, s, y)] == [7.0] * 4


class _CountedMark(Value):
    """A leaf that counts how often a walk reads its mark."""

    __slots__ = ()
    reads = 0

    @property
    def _mark(self) -> object:
        _CountedMark.reads += 1
        return None

    @_mark.setter
    def _mark(self, mark: object) -> None:
        pass


def test_the_walk_ends_at_the_first_node_below_the_oldest_op_of_its_graph():
    # Older nodes still in use (kept losses, other graphs) lie on the tape below a new graph,
    # here below its oldest op and above its leaves: the walk reads the first of them and stops.
    a, b = Value(2.0), Value(3.0)
    older = [_CountedMark(float(k)) for k in range(100)]
    _CountedMark.reads = 0
    loss = (a * b + a).tanh() * b
    loss.backward()
    assert _CountedMark.reads == 1
    assert loss.grad == 1.0 and len(older) == 100
