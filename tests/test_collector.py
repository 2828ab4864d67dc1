"""Pausing the cyclic garbage collector while graphs are built loses no memory: graphs hold no cycles."""

import gc
import threading

import autograd
import nn
from autograd import Value, collector_paused
from autograd.engine import tape


def training_step(model, xs, ys):
    """One step of the hinge-loss demo: forward, backward and an SGD update."""
    scores = model.forward_batch(xs)
    loss = autograd.sum([(1 - y * s).relu() for y, s in zip(ys, scores)]) * (1.0 / len(ys))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.1 * p.grad
    return loss.data


def moons():
    xs = [[(k % 7) / 7 - 0.5, (k % 5) / 5 - 0.5] for k in range(20)]
    ys = [1.0 if x[0] * x[1] > 0 else -1.0 for x in xs]
    return xs, ys


def test_graphs_built_with_the_collector_paused_leave_nothing_for_it_to_collect():
    # Every node of every graph is freed by reference counting alone, so a collection after
    # many steps finds no garbage that the steps made.
    model = nn.MLP(2, [8, 1], activation="relu", output_activation="linear", seed=0)
    xs, ys = moons()
    gc.collect()
    with collector_paused():
        for _ in range(50):
            training_step(model, xs, ys)
        assert gc.collect() == 0


def live_values():
    return sum(type(o) is Value for o in gc.get_objects())


def test_no_node_outlives_its_step_with_the_collector_paused():
    # After 30 steps and after 330, the same number of nodes is alive (the parameters, and
    # whatever else the process still uses), once the tape has let go of the finished graphs.
    model = nn.MLP(2, [8, 1], activation="relu", output_activation="linear", seed=0)
    xs, ys = moons()
    with collector_paused():
        for _ in range(30):
            training_step(model, xs, ys)
        tape.tidy()
        after_30 = live_values()
        for _ in range(300):
            training_step(model, xs, ys)
        tape.tidy()
        after_330 = live_values()
    assert after_330 == after_30
    assert after_330 == len(tape.nodes)  # a tidied tape holds exactly the nodes still in use


def test_a_freed_graph_leaves_the_tape_when_it_is_tidied():
    with collector_paused():
        root = Value(1.0)
        for _ in range(20_000):
            root = root * 1.0
        del root
        tape.tidy()
    assert len(tape.nodes) < 1000


def test_blocks_nest_and_leave_the_collector_as_they_found_it():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still open
    assert gc.isenabled()

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off stays off
    finally:
        gc.enable()


def test_the_collector_runs_again_only_when_the_last_thread_closes_its_block():
    inside, release = threading.Event(), threading.Event()

    def other_thread():
        with collector_paused():
            inside.set()
            release.wait(timeout=10)

    worker = threading.Thread(target=other_thread)
    worker.start()
    inside.wait(timeout=10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's block is still open
    release.set()
    worker.join()
    assert gc.isenabled()
