"""Benchmark this engine against micrograd (and PyTorch, where installed) on the same work.

Run with ``make bench``. Every figure that counts is a ratio measured in this one run: the
engines are timed in turns and the ratio is the median over the turns of the per-turn ratio,
so a shared or noisy machine changes the ratios far less than the absolute times. Prints a
markdown table and writes it, with a description of the machine, to benchmarks/RESULTS.md and
between the bench markers of README.md.

Python's cyclic garbage collector is part of what is measured: micrograd's nodes form
cycles (each holds a closure that refers back to it), which only that collector frees, while
this engine's graphs hold none, so it pauses the collector while a step builds and walks its
graph (``autograd.collector_paused``, as ``nn.fit`` does). Job 1 is therefore measured twice:
as each engine runs by default, and with the collector off for both (after a full collection
outside the timed region), which compares the engines' own work. Everything imported before
the jobs is frozen out of the collector's sight (``gc.freeze``), so that neither engine pays
for walking the interpreter's own objects.

Jobs:
1. micrograd's demo: MLP(2, [16, 16, 1]) on 100 two-moons points, SVM hinge loss plus 1e-4 L2,
   full-batch SGD with lr = 1 - 0.9·k/100; both engines start from identical weights, and
   their loss trajectories must agree to 1e-9.
2. primitives: a 200,000-node ladder of add and mul, forward and backward nodes per second.
3. memory per node of that ladder (tracemalloc), and this engine's forward time per node at
   10⁶ nodes against 10³ nodes.
4. a 1,000,000-node chain: backward here; micrograd's recursive sort raises RecursionError.
5. job 1 in PyTorch, vectorised, warm, float64 on one thread, for reference (where installed).
6.-8. compiled mode (``autograd.compile``) against PyTorch: job 1's step, a 64-128-128-10 net on
   digits at batch 64 and full batch, and the time to trace and compile.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import micrograd.engine
import micrograd.nn
import numpy as np

import autograd
import nn
from autograd.engine import tape
from nn.readme import replace_between_markers

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "9"))
LADDER_NODES = 200_000
CHAIN_NODES = 1_000_000
STEPS = 100


def timed(fn: Callable[[object], object], arg: object = None, collector: bool = True) -> float:
    """Wall time of ``fn(arg)``, started after a full collection so no engine pays for another's
    garbage (nor for its own from an earlier turn: the tape lets go of finished graphs too);
    with ``collector=False`` the cyclic collector stays off while ``fn`` runs."""
    gc.collect()
    tape.tidy()
    was_enabled = gc.isenabled()
    if not collector:
        gc.disable()
    try:
        start = time.perf_counter()
        fn(arg)
        return time.perf_counter() - start
    finally:
        if was_enabled:
            gc.enable()


def paired(
    theirs: Callable[[object], object],
    ours: Callable[[object], object],
    setup_theirs: Callable[[], object] = lambda: None,
    setup_ours: Callable[[], object] = lambda: None,
    repeats: int = REPEATS,
    collector: bool = True,
    steps: int = 1,
) -> tuple[float, float, float]:
    """Median times of ``theirs(setup_theirs())`` and ``ours(setup_ours())``, and the median ratio.

    The two are measured in turns, and the ratio is taken within each turn before the median
    over turns: a slow spell of a shared machine then slows both sides of a ratio alike,
    instead of landing in one engine's median and not the other's. With ``steps`` > 1 a turn
    times that many calls of each side one after the other, as a training loop makes them, and
    takes the time per call: a step of a few hundred microseconds run right after the other
    engine's would otherwise be timed with its caches full of the other engine's code and data.
    """
    times_theirs, times_ours = [], []
    for _ in range(repeats):
        times_theirs.append(timed(one_after_another(theirs, steps), setup_theirs(), collector) / steps)
        times_ours.append(timed(one_after_another(ours, steps), setup_ours(), collector) / steps)
    ratio = statistics.median(t / o for t, o in zip(times_theirs, times_ours))
    return statistics.median(times_theirs), statistics.median(times_ours), ratio


def one_after_another(fn: Callable[[object], object], steps: int) -> Callable[[object], None]:
    """``fn(arg)`` called ``steps`` times in a row."""

    def run(arg: object) -> None:
        for _ in range(steps):
            fn(arg)

    return run


# --- job 1: micrograd's demo --------------------------------------------------------------


def two_moons(n: int, noise: float, seed: int) -> tuple[list[list[float]], list[float]]:
    """Two interleaving half circles with labels -1 and +1, as in micrograd's demo."""
    rng = random.Random(seed)
    xs, ys = [], []
    for k in range(n):
        upper = k < n // 2
        t = math.pi * rng.random()
        x, y = (math.cos(t), math.sin(t)) if upper else (1 - math.cos(t), 0.5 - math.sin(t))
        xs.append([x + rng.gauss(0, noise), y + rng.gauss(0, noise)])
        ys.append(-1.0 if upper else 1.0)
    return xs, ys


def micrograd_step(model, xs, ys, k):
    """One step of micrograd's demo, written as micrograd's README writes it."""
    inputs = [list(map(micrograd.engine.Value, x)) for x in xs]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(ys, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    total = data_loss + reg_loss
    model.zero_grad()
    total.backward()
    lr = 1.0 - 0.9 * k / STEPS
    for p in model.parameters():
        p.data -= lr * p.grad
    return total.data


def our_step(model, xs, ys, k):
    """The same step on this engine: one affine node per neuron, one sum, one dot for the L2;
    the graph is built and walked with the cyclic collector paused, as ``nn.fit`` does."""
    params = model.parameters()
    with autograd.collector_paused():
        scores = model.forward_batch(xs)
        losses = [(1 - y * s).relu() for y, s in zip(ys, scores)]
        total = autograd.sum(losses) * (1.0 / len(losses)) + 1e-4 * autograd.dot(params, params)
        model.zero_grad()
        total.backward()
    lr = 1.0 - 0.9 * k / STEPS
    for p in params:
        p.data -= lr * p.grad
    return total.data


def job_training() -> dict[str, float]:
    xs, ys = two_moons(100, 0.1, seed=1337)
    random.seed(1337)
    reference = micrograd.nn.MLP(2, [16, 16, 1])
    initial = [p.data for p in reference.parameters()]

    def fresh_models():
        theirs = micrograd.nn.MLP(2, [16, 16, 1])
        ours = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear")
        for p, value in zip(theirs.parameters(), initial):
            p.data = value
        for p, value in zip(ours.parameters(), initial, strict=True):
            p.data = float(value)
        return theirs, ours

    theirs, ours = fresh_models()
    their_losses = [micrograd_step(theirs, xs, ys, k) for k in range(STEPS)]
    our_losses = [our_step(ours, xs, ys, k) for k in range(STEPS)]
    worst = max(abs(a - b) / max(abs(a), 1e-300) for a, b in zip(their_losses, our_losses))
    if worst > 1e-9:
        raise SystemExit(f"job 1: loss trajectories differ by {worst:.3g} (relative), more than 1e-9")

    theirs, ours = fresh_models()
    step_theirs, step_ours = iter(range(10**9)), iter(range(10**9))
    t_theirs, t_ours, speedup = paired(
        lambda _: micrograd_step(theirs, xs, ys, next(step_theirs) % STEPS),
        lambda _: our_step(ours, xs, ys, next(step_ours) % STEPS),
    )
    t_theirs_off, t_ours_off, speedup_off = paired(
        lambda _: micrograd_step(theirs, xs, ys, next(step_theirs) % STEPS),
        lambda _: our_step(ours, xs, ys, next(step_ours) % STEPS),
        collector=False,
    )
    return {
        "micrograd_s": t_theirs,
        "ours_s": t_ours,
        "speedup": speedup,
        "micrograd_off_s": t_theirs_off,
        "ours_off_s": t_ours_off,
        "speedup_off": speedup_off,
        "trajectory_error": worst,
        "final_loss": our_losses[-1],
    }


# --- jobs 2 and 3: the primitive ladder ---------------------------------------------------


def ladder(value_type, nodes: int):
    """x ← x·a + b, repeated: ``nodes`` op nodes (half mul, half add) over two leaves."""
    a, b = value_type(0.999), value_type(0.001)
    x = value_type(1.0)
    for _ in range(nodes // 2):
        x = x * a + b
    return x


def job_primitives() -> dict[str, float]:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * LADDER_NODES))  # micrograd recurses
    result = {}
    for collector, suffix in ((True, ""), (False, "_off")):
        forward = paired(
            lambda _: ladder(micrograd.engine.Value, LADDER_NODES),
            lambda _: ladder(autograd.Value, LADDER_NODES),
            collector=collector,
        )
        # this engine's backward over the ladder takes about 30 ms, short enough for one turn's
        # ratio to swing by half on a shared machine: the median is taken over more turns
        backward = paired(
            lambda root: root.backward(),
            lambda root: root.backward(),
            lambda: ladder(micrograd.engine.Value, LADDER_NODES),
            lambda: ladder(autograd.Value, LADDER_NODES),
            repeats=max(REPEATS, 25),
            collector=collector,
        )
        result |= {
            f"micrograd_forward{suffix}_s": forward[0],
            f"ours_forward{suffix}_s": forward[1],
            f"forward_ratio{suffix}": forward[2],
            f"micrograd_backward{suffix}_s": backward[0],
            f"ours_backward{suffix}_s": backward[1],
            f"backward_ratio{suffix}": backward[2],
        }
    result["micrograd_gc_share"] = gc_share(micrograd.engine.Value)
    result["ours_gc_share"] = gc_share(autograd.Value)
    return result


def gc_share(value_type) -> float:
    """The fraction of one ladder build spent in Python's cyclic garbage collector."""
    in_gc, started = 0.0, [0.0]

    def clock(phase: str, info: dict) -> None:
        nonlocal in_gc
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            in_gc += time.perf_counter() - started[0]

    gc.collect()
    gc.callbacks.append(clock)
    try:
        start = time.perf_counter()
        root = ladder(value_type, LADDER_NODES)
        total = time.perf_counter() - start
    finally:
        gc.callbacks.remove(clock)
    del root
    return in_gc / total


def bytes_per_node(value_type) -> float:
    gc.collect()
    tracemalloc.start()
    root = ladder(value_type, LADDER_NODES)
    used, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del root
    return used / LADDER_NODES


def forward_time_per_node(nodes: int, repeats: int) -> float:
    """Median time per node of building this engine's ladder of ``nodes`` nodes, with the
    collector paused as ``nn.fit`` pauses it."""
    times = []
    for _ in range(repeats):
        with autograd.collector_paused():
            times.append(timed(lambda _: ladder(autograd.Value, nodes)) / nodes)
    return statistics.median(times)


def job_memory() -> dict[str, float]:
    small = forward_time_per_node(1_000, 20 * REPEATS)
    large = forward_time_per_node(1_000_000, max(3, REPEATS // 3))
    return {
        "micrograd_bytes": bytes_per_node(micrograd.engine.Value),
        "ours_bytes": bytes_per_node(autograd.Value),
        "ours_ns_per_node_1e3": small * 1e9,
        "ours_ns_per_node_1e6": large * 1e9,
        "scaling": large / small,
    }


# --- job 4: the million-node chain --------------------------------------------------------


def chain(value_type, nodes: int):
    x = value_type(1.0)
    root = x
    for _ in range(nodes):
        root = root * 1.0
    return x, root


def job_deep_chain() -> dict[str, object]:
    sys.setrecursionlimit(1000)
    x, root = chain(autograd.Value, CHAIN_NODES)
    start = time.perf_counter()
    root.backward()
    ours = time.perf_counter() - start
    assert x.grad == 1.0
    del x, root
    _, root = chain(micrograd.engine.Value, CHAIN_NODES)
    try:
        root.backward()
        theirs = "completed"
    except RecursionError:
        theirs = "RecursionError"
    return {"ours_s": ours, "micrograd": theirs}


# --- job 5: PyTorch, vectorised -----------------------------------------------------------


def job_torch() -> dict[str, float] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    step = torch_demo_step(torch)
    for k in range(20):  # warm: the first calls of a PyTorch program pay for setting up its kernels
        step(k)
    # Both timed step after step, as in training: no full collection between steps to empty
    # the caches (which costs PyTorch's short step about two thirds of its speed)
    xs, ys = two_moons(100, 0.1, seed=1337)
    ours = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", seed=1337)
    return {
        "torch_s": warm_median(lambda k: step(k % STEPS), max(REPEATS, 20) * 5),
        "ours_s": warm_median(lambda k: our_step(ours, xs, ys, k % STEPS), max(REPEATS, 20)),
    }


def torch_demo_step(torch) -> Callable[[int], None]:
    """Job 1's step k in PyTorch, vectorised: MLP 2-16-16-1 in float64 (seed 1337), hinge loss
    plus 1e-4 L2 on the 100 moons, SGD with lr = 1 - 0.9·k/100."""
    xs, ys = two_moons(100, 0.1, seed=1337)
    x, y = torch.tensor(xs, dtype=torch.float64), torch.tensor(ys, dtype=torch.float64)
    torch.manual_seed(1337)
    model = torch_mlp(torch, [2, 16, 16, 1])
    params = list(model.parameters())

    def step(k: int) -> None:
        scores = model(x).squeeze(1)
        total = torch.relu(1 - y * scores).mean() + 1e-4 * sum((p * p).sum() for p in params)
        model.zero_grad()
        total.backward()
        with torch.no_grad():
            for p in params:
                p -= (1.0 - 0.9 * k / STEPS) * p.grad

    return step


def warm_median(step: Callable[[int], object], steps: int) -> float:
    """The median time of ``step(k)`` over ``steps`` calls made one after the other."""
    times = []
    for k in range(steps):
        start = time.perf_counter()
        step(k)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- jobs 6 to 8: compiled mode against PyTorch ------------------------------------------------
# autograd.compile traces one sample's loss and runs the batch as numpy matrix code. Each ratio
# is PyTorch's time over the compiled program's, both float64 on one thread, in turns.


def torch_mlp(torch, sizes: list[int]):
    """A float64 PyTorch MLP with relu between its linear layers."""
    layers = []
    for k, (nin, nout) in enumerate(itertools.pairwise(sizes)):
        layers += [torch.nn.Linear(nin, nout), *([torch.nn.ReLU()] if k < len(sizes) - 2 else [])]
    return torch.nn.Sequential(*layers).double()


def job_compiled_demo(torch) -> dict[str, float]:
    """Job 1's training step (hinge + L2 on 100 moons, MLP 2-16-16-1), compiled, with the
    parameters held in an array and the batch prepared once (as PyTorch holds its tensors),
    against PyTorch, each side's steps timed one after another as training runs them; its first
    steps against the engine's; and the same step through the model's Values."""
    xs, ys = two_moons(100, 0.1, seed=1337)
    X, Y = np.array(xs), np.array(ys, dtype=int)
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    params = model.parameters()

    def per_sample(x, y):  # the mean over samples of hinge + L2 is job 1's total
        return (1 - y * model(x)).relu() + 1e-4 * autograd.dot(params, params)

    program = autograd.compile(per_sample, xs[0], int(ys[0]))
    batch = program.batch(X, Y)
    theta = program.theta()

    def compiled_step(k: int) -> float:
        values, grad, _ = program.evaluate(theta, batch)
        theta[:] -= (1.0 - 0.9 * k / STEPS) * grad
        return values.mean()

    def through_values(k: int) -> None:
        for p in params:
            p.grad = 0.0
        program(batch)
        lr = 1.0 - 0.9 * k / STEPS
        for p in params:
            p.data -= lr * p.grad

    engine_model = nn.MLP(2, [16, 16, 1], seed=1337)
    engine_losses = [our_step(engine_model, xs, ys, k) for k in range(20)]
    compiled_losses = [compiled_step(k) for k in range(20)]
    agreement = max(abs(a - b) / abs(a) for a, b in zip(engine_losses, compiled_losses))

    torch_step = torch_demo_step(torch)
    turns_theirs, turns_ours = iter(range(10**9)), iter(range(10**9))
    t_torch, t_ours, ratio = paired(
        lambda _: torch_step(next(turns_theirs) % STEPS),
        lambda _: compiled_step(next(turns_ours) % STEPS),
        repeats=max(REPEATS, 20),
        steps=20,
    )
    values_s = statistics.median(timed(through_values, k % STEPS) for k in range(max(REPEATS, 20)))
    result = {"torch_s": t_torch, "ours_s": t_ours, "ratio": ratio, "agreement": agreement}
    return result | {"values_s": values_s}


def job_compiled_digits(torch) -> dict[str, float]:
    """A 64-128-128-10 MLP with softmax cross-entropy on digits: one SGD step (forward, backward,
    update) at batch 64 and at full batch, the compiled program (parameters held in an array)
    against PyTorch (batch-64 steps timed ten after another, as training runs them); and one
    batch's gradient against the engine's."""
    digits = nn.data.load_digits()
    X = nn.data.Standardiser.fit(digits.features).apply(digits).features
    X, y = np.array(X), np.array(digits.labels)
    model = nn.MLP(64, [128, 128, 10], seed=0)

    def per_sample(x, label):
        return nn.losses.softmax_cross_entropy(model(x), label)

    program = autograd.compile(per_sample, X[0].tolist(), int(y[0]))
    order = np.random.default_rng(0).permutation(len(y))
    sample = order[:64]

    model.zero_grad()
    engine_loss = nn.losses.softmax_cross_entropy(model.forward_batch(X[sample].tolist()), y[sample].tolist())
    engine_loss.backward()
    engine_grad = np.array([p.grad for p in program.leaves])
    values, grad, _ = program.evaluate(program.theta(), X[sample], y[sample])
    agreement = np.abs(grad - engine_grad).max() / np.abs(engine_grad).max()

    reference = torch_mlp(torch, [64, 128, 128, 10])
    xt, yt = torch.tensor(X), torch.tensor(y)
    theta = program.theta()
    prepared = program.batch(X, y)  # checked once; a step takes its rows, as PyTorch's takes xt[rows]
    result = {"agreement": agreement, "loss_agreement": abs(values.mean() - engine_loss.data)}
    for name, batch, steps in (("batch64", sample, 10), ("full", order, 1)):
        rows = torch.tensor(batch)

        def torch_step(_, rows=rows):
            loss = torch.nn.functional.cross_entropy(reference(xt[rows]), yt[rows])
            reference.zero_grad()
            loss.backward()
            with torch.no_grad():
                for p in reference.parameters():
                    p -= 0.01 * p.grad

        def compiled_step(_, batch=batch):
            _, step_grad, _ = program.evaluate(theta, prepared[batch])
            theta[:] -= 0.01 * step_grad

        t_torch, t_ours, ratio = paired(torch_step, compiled_step, repeats=max(REPEATS, 20), steps=steps)
        result |= {f"{name}_torch_s": t_torch, f"{name}_ours_s": t_ours, f"{name}_ratio": ratio}

    # the same step through Values: read every parameter's .data, add every .grad
    def through_values(_):
        model.zero_grad()
        program(X[sample], y[sample])

    result["values_s"] = statistics.median(timed(through_values) for _ in range(max(REPEATS, 20)))
    return result


def job_compile_times() -> dict[str, float]:
    """Trace + compile, median over turns: job 6's net and loss, and softmax cross-entropy on
    the digits net and on 784-256-128-10."""
    rng = random.Random(0)
    times = {}
    for name, nin, sizes in (
        ("demo", 2, [16, 16, 1]),
        ("digits", 64, [128, 128, 10]),
        ("mnist", 784, [256, 128, 10]),
    ):
        model = nn.MLP(nin, sizes, seed=0)
        params = model.parameters()
        x = [rng.random() for _ in range(nin)]

        def per_sample(x, label, model=model, params=params):
            if len(params) == 337:  # job 6: hinge + L2, one score
                return (1 - label * model(x)).relu() + 1e-4 * autograd.dot(params, params)
            return nn.losses.softmax_cross_entropy(model(x), label)

        def trace_and_compile(_, per_sample=per_sample, x=x):
            return autograd.compile(per_sample, x, 1)

        times[name] = statistics.median(timed(trace_and_compile) for _ in range(5))
    return times


def job_compiled() -> dict[str, object] | None:
    """Jobs 6 to 8 (None where PyTorch is not installed: then only the compile times)."""
    times = job_compile_times()
    try:
        import torch
    except ImportError:
        return {"times": times}
    torch.set_num_threads(1)
    return {"times": times, "demo": job_compiled_demo(torch), "digits": job_compiled_digits(torch)}


def compiled_table(compiled: dict[str, object]) -> str:
    """The rows of jobs 6 to 8, as a second table."""
    times = compiled["times"]
    lines = [
        "",
        "| compiled (`autograd.compile`) | PyTorch, float64, 1 thread | compiled | ratio | target | met |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    notes = []
    if "demo" in compiled:
        demo, digits = compiled["demo"], compiled["digits"]
        rows = [
            (
                "6. demo training step (ms)",
                demo["torch_s"],
                demo["ours_s"],
                demo["ratio"],
                "≥ 4× faster",
                demo["ratio"] >= 4,
            ),
            (
                "7. digits 64-128-128-10, batch 64 step (ms)",
                digits["batch64_torch_s"],
                digits["batch64_ours_s"],
                digits["batch64_ratio"],
                "≥ 1× (no slower)",
                digits["batch64_ratio"] >= 1,
            ),
            (
                "7. digits, full batch 1797 step (ms)",
                digits["full_torch_s"],
                digits["full_ours_s"],
                digits["full_ratio"],
                "≥ 1/1.5 (≤ 1.5× slower)",
                digits["full_ratio"] >= 1 / 1.5,
            ),
        ]
        for what, theirs, ours, ratio, target, met in rows:
            cells = [
                what,
                f"{theirs * 1000:.2f}",
                f"{ours * 1000:.2f}",
                f"{ratio:.2f}×",
                target,
                "yes" if met else "NO",
            ]
            lines.append(f"| {' | '.join(cells)} |")
        notes += [
            "Ratios are PyTorch's time over the compiled program's (above 1: compiled is faster), "
            "median over turns.",
            "Jobs 6 and 7: the compiled step holds the parameters in a numpy array and its batch is "
            "checked once (`program.batch`), as PyTorch holds its tensors; each side's steps are timed "
            "one after another, as training runs them (20 per turn for job 6, 10 at batch 64).",
            f"Job 6 losses agree with the engine's to {demo['agreement']:.1e} (relative) over 20 steps; "
            f"through the model's 337 Values instead (zeroing every .grad, reading every .data, adding "
            f"every .grad, updating every .data) a step takes {demo['values_s'] * 1000:.2f} ms.",
            f"Job 7: the batch's gradient agrees with the engine's to {digits['agreement']:.1e} normwise; "
            "through the 26,122 Values instead (reading "
            f"every .data, adding every .grad) a batch-64 step takes {digits['values_s'] * 1000:.1f} ms.",
        ]
    for name, label, limit in (
        ("demo", "2-16-16-1", 0.05),
        ("digits", "64-128-128-10", 0.05),
        ("mnist", "784-256-128-10", 1.0),
    ):
        met = times[name] < limit
        cells = [
            f"8. trace + compile {label} (ms)",
            "",
            f"{times[name] * 1000:.0f}",
            "",
            f"< {limit * 1000:.0f}",
        ]
        lines.append(f"| {' | '.join(cells)} | {'yes' if met else 'NO'} |")
    notes.append("numpy's BLAS runs on one thread (OPENBLAS_NUM_THREADS=1), as PyTorch does here.")
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"


# --- report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()} "
        f"({platform.python_implementation()}) on {platform.system()} {platform.machine()}"
    )


def table(training, primitives, memory, deep, torch_result) -> str:
    def row(what, theirs, ours, ratio, target, met):
        verdict = "" if met is None else "yes" if met else "NO"
        return f"| {what} | {theirs} | {ours} | {ratio} | {target} | {verdict} |"

    def speed_row(what, job, theirs_key, ours_key, ratio_key, target, scale=1.0, unit=".4f"):
        """A row of speeds (or times); ``target`` None: shown for comparison, with no target."""
        ratio = job[ratio_key]
        return row(
            what,
            f"{scale / job[theirs_key] if scale != 1.0 else job[theirs_key]:{unit}}",
            f"{scale / job[ours_key] if scale != 1.0 else job[ours_key]:{unit}}",
            f"{ratio:.1f}×",
            "" if target is None else f"≥ {target}×",
            None if target is None else ratio >= target,
        )

    kn = LADDER_NODES / 1000
    lines = [
        "| job | micrograd 0.1.0 | this engine | ratio | target | met |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
        speed_row("1. demo training step (s)", training, "micrograd_s", "ours_s", "speedup", 35),
        speed_row(
            "1. demo training step, collector off for both (s)",
            training,
            "micrograd_off_s",
            "ours_off_s",
            "speedup_off",
            12,
        ),
    ]
    # the targets are for the engines as they run by default; with the collector off, for comparison
    for collector, suffix, target in (("", "", 6), (", collector off for both", "_off", None)):
        for phase in ("forward", "backward"):
            lines.append(
                speed_row(
                    f"2. ladder {phase}{collector} (k nodes/s)",
                    primitives,
                    f"micrograd_{phase}{suffix}_s",
                    f"ours_{phase}{suffix}_s",
                    f"{phase}_ratio{suffix}",
                    target,
                    scale=kn,
                    unit=".0f",
                )
            )
    lines += [
        row(
            "3. memory per ladder node (bytes)",
            f"{memory['micrograd_bytes']:.0f}",
            f"{memory['ours_bytes']:.0f}",
            f"{memory['ours_bytes'] / memory['micrograd_bytes']:.2f} of micrograd's",
            "≤ 150 bytes",
            memory["ours_bytes"] <= 150,
        ),
        row(
            "3. forward time per node, 10⁶ nodes against 10³ (ns)",
            "",
            f"{memory['ours_ns_per_node_1e6']:.0f} / {memory['ours_ns_per_node_1e3']:.0f}",
            f"{memory['scaling']:.2f}×",
            "≤ 1.5×",
            memory["scaling"] <= 1.5,
        ),
        row(
            "4. 1,000,000-node chain backward",
            deep["micrograd"],
            f"{deep['ours_s']:.1f} s",
            "",
            "completes",
            True,
        ),
    ]
    notes = [
        "Times are medians; each ratio is the median over the turns of micrograd's time / this engine's.",
        "This engine builds and walks each step's graph with the cyclic collector paused, as `nn.fit` "
        "does (`autograd.collector_paused`); micrograd's nodes form cycles, which only that collector frees.",
        f"Job 1 trajectories agree to {training['trajectory_error']:.1e} (relative) over {STEPS} steps; "
        f"final loss {training['final_loss']:.6f}.",
        f"Share of a ladder forward spent in Python's cyclic garbage collector when it runs: "
        f"micrograd {primitives['micrograd_gc_share']:.0%}, this engine {primitives['ours_gc_share']:.0%}.",
    ]
    if torch_result:
        notes.append(
            f"5. PyTorch {__import__('torch').__version__}, vectorised float64, one thread, warm, timed "
            f"step after step: {torch_result['torch_s'] * 1000:.2f} ms per step; this engine timed the "
            f"same way: {torch_result['ours_s'] * 1000:.2f} ms "
            f"(PyTorch {torch_result['ours_s'] / torch_result['torch_s']:.0f}× faster)."
        )
    else:
        notes.append("5. PyTorch is not installed here: job 5 skipped.")
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"


def write_readme_table(text: str) -> None:
    """Put ``text`` between the README's bench markers."""
    readme = ROOT / "README.md"
    content = replace_between_markers(readme.read_text(encoding="utf-8"), text, "bench")
    readme.write_text(content, encoding="utf-8")


def main() -> None:
    if "OPENBLAS_NUM_THREADS" not in os.environ:  # numpy's BLAS on one thread, as PyTorch's
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    # What is imported by now lives as long as the process: out of the collector's sight, it
    # costs neither engine a walk through it in every full collection.
    gc.freeze()
    # the README's markers, checked before minutes of measuring
    replace_between_markers((ROOT / "README.md").read_text(encoding="utf-8"), "", "bench")
    print(f"Benchmark: median of {REPEATS} repeats (more for the shortest timings); {machine()}", flush=True)
    training = job_training()
    print("job 1 done", flush=True)
    primitives = job_primitives()
    print("job 2 done", flush=True)
    memory = job_memory()
    deep = job_deep_chain()
    torch_result = job_torch()
    compiled = job_compiled()
    text = table(training, primitives, memory, deep, torch_result) + compiled_table(compiled)
    print(text)
    header = (
        "# Benchmark results\n\n"
        f"Produced by `make bench` (benchmarks/bench.py) on {time.strftime('%Y-%m-%d')}.\n\n"
        f"Machine: {machine()}. Median of {REPEATS} repeats, more for the shortest timings.\n\n"
    )
    (ROOT / "benchmarks" / "RESULTS.md").write_text(header + text)
    write_readme_table(f"Measured by `make bench` on {machine()}:\n\n{text}")


if __name__ == "__main__":
    main()
