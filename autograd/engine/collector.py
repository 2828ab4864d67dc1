"""Quieting Python's cyclic garbage collector while graphs are built.

Python frees an object as soon as nothing refers to it (reference counting). Objects that
refer to each other in a cycle are never freed that way, so a second mechanism, the cyclic
collector, walks every tracked object from time to time to find such cycles. It walks every
live node of every graph, again and again as the graph grows: building a graph of 10⁶
nodes spends most of its time there (see ``make bench``).

A graph has no cycles: a node refers only to its inputs, which are older, and nothing
refers back (no closures, no parent pointers). So reference counting alone frees a whole
graph when its root goes, and pausing the cyclic collector while graphs are built and walked
loses nothing: the test suite checks that a collection after many such steps finds nothing
to free.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The collector is one per process: the blocks open in all threads are counted, and the last
# one to close turns it back on, if it was on when the first one opened.
_lock = threading.Lock()
_open_blocks = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within this block Python's cyclic garbage collector does not run on its own.

    Use it around building a graph and its backward pass (``nn.fit`` does, per step). Cycles
    that other code makes meanwhile are collected after the block as usual. Blocks nest, in
    one thread or several: the collector runs again when the last open block closes, if it
    was running when the first one opened.
    """
    global _open_blocks, _was_enabled
    with _lock:
        if not _open_blocks:
            _was_enabled = gc.isenabled()
            gc.disable()
        _open_blocks += 1
    try:
        yield
    finally:
        with _lock:
            _open_blocks -= 1
            if not _open_blocks and _was_enabled:
                gc.enable()
