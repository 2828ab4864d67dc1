"""The worked examples of lecture 03 (seed 003), reproduced exactly."""

from autograd import Value


def test_chain_rule_1_log_of_3a():
    # c = log(3a) at a = 1: dc/da = (1/b)·3 = 1
    a = Value(1.0)
    c = (3 * a).log()
    c.backward()
    assert a.grad == 1.0


def test_chain_rule_2_two_paths():
    # c = 2a + b² at a = b = 1: dc/da = 2, dc/db = 2b = 2
    a, b = Value(1.0), Value(1.0)
    c = 2 * a + b**2
    c.backward()
    assert (a.grad, b.grad) == (2.0, 2.0)
    assert c.data == 3.0


def test_chain_rule_3_one_input_used_twice():
    # c = 2a + a² at a = 1: dc/da = 1·2 + 1·2a = 4, the two paths add
    a = Value(1.0)
    v1, v2 = 2 * a, a**2
    c = v1 + v2
    c.backward()
    assert a.grad == 4.0
    assert (v1.grad, v2.grad, c.grad) == (1.0, 1.0, 1.0)


def test_practice_xy_plus_x():
    # z = xy + x at x = 1, y = 2: dz/dx = y + 1 = 3, dz/dy = x = 1
    x, y = Value(1.0), Value(2.0)
    z = x * y + x
    z.backward()
    assert (x.grad, y.grad) == (3.0, 1.0)


def test_every_node_gets_its_gradient():
    # Intermediates keep dL/dv too, so a drawing can show gradients everywhere.
    a = Value(1.0)
    b = 3 * a
    c = b.log()
    c.backward()
    assert c.grad == 1.0
    assert b.grad == 1.0 / 3.0
    assert b.inputs[0].grad == 1.0 / 3.0  # the constant 3: dc/d3 = a/b


def test_node_records_lecture_names():
    x, y = Value(2.0, label="x"), Value(5.0, label="y")
    o = x * y
    assert o.op == "*"
    assert o.inputs == (x, y)
    assert o.local_grads == (5.0, 2.0)  # ∂O/∂x = y, ∂O/∂y = x
    assert (x.op, x.inputs, x.local_grads, x.grad) == ("", (), (), 0.0)
