"""no_grad: values without a graph, per thread."""

import threading

from autograd import Value, is_grad_enabled, no_grad


def test_no_grad_records_no_inputs():
    x = Value(2.0)
    with no_grad():
        y = x * 3 + 1
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert y.data == 7.0
    assert (y.op, y.inputs, y.local_grads) == ("", (), ())
    z = x * 3
    assert z.inputs[0] is x  # recording is back on after the block


def test_no_grad_is_restored_after_an_exception():
    try:
        with no_grad():
            raise RuntimeError
    except RuntimeError:
        pass
    assert is_grad_enabled()


def test_no_grad_as_a_decorator():
    @no_grad()
    def evaluate(x):
        return x.tanh()

    assert evaluate(Value(0.5)).inputs == ()


def test_no_grad_in_one_thread_does_not_affect_another():
    inside = threading.Event()
    done = threading.Event()
    seen = {}

    def evaluator():
        with no_grad():
            inside.set()
            done.wait(5)

    def trainer():
        inside.wait(5)
        x = Value(1.0)
        seen["inputs"] = (x * 2).inputs
        done.set()

    threads = [threading.Thread(target=evaluator), threading.Thread(target=trainer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen["inputs"]) == 2
