"""Graphs from the lecture notes that several test files draw, step through and check."""

from autograd import Value


def chain_rule_iii(backpropagated: bool = False) -> tuple[Value, Value]:
    """(a, c) for c = 2a + a² at a = 1 (lecture 03): dc/da = 2 + 2a = 4, through two paths."""
    a = Value(1.0, label="a")
    c = 2 * a + a**2
    c.label = "c"
    if backpropagated:
        c.backward()
    return a, c
