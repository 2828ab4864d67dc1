"""The tape: every live node, in the order it was made.

Every node is made after its inputs, so the tape is a topological order of every graph on it,
at no cost: the backward pass walks it from the root down to the oldest node it needs and
applies the rule to each node of the root's graph as it meets it, with no search and no sort.

The tape must not keep a graph alive. When it has doubled since it was last tidied, ``tidy``
drops every node that nothing but the tape refers to, newest first: a node dropped frees its
inputs (always older, so further down) for the same sweep. The tape therefore holds at most
about twice the nodes that the program still uses.

Reading the tape while it is tidied would be wrong, so both happen under ``lock``; adding a
node needs no lock (``list.append`` is atomic, and it changes no position a walk reads).
"""

from __future__ import annotations

import sys
import threading
from itertools import compress, repeat
from operator import indexOf, is_not
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.engine.value import Value

#: Every live node, oldest first.
nodes: list[Value] = []
record = nodes.append

#: Held while the tape is walked or tidied.
lock = threading.Lock()

#: The tape is tidied when it reaches this length: twice what it held after the last tidy.
_SMALLEST_LIMIT = 4096
limit = _SMALLEST_LIMIT


def _counts_when_alone() -> tuple[int, int]:
    """What ``sys.getrefcount`` reads for an object that only a list refers to, when called on
    an item of the list (``getrefcount(nodes[k])``) and when mapped over it, newest first. Measured rather
    than assumed, since interpreters count borrowed references differently."""
    probe = [object()]
    return sys.getrefcount(probe[0]), next(map(sys.getrefcount, reversed(probe)))


_ALONE, _ALONE_IN_MAP = _counts_when_alone()


def tidy() -> None:
    """Drop every node that only the tape refers to; set the next ``limit``."""
    global limit
    with lock:
        # A node that nothing but the tape refers to is unused; the newest one is found at C
        # speed. If there is none (a graph still being built), the tape keeps every node.
        try:
            newest_unused = indexOf(map(sys.getrefcount, reversed(nodes)), _ALONE_IN_MAP)
        except ValueError:
            pass
        else:
            _drop_unused(len(nodes) - 1 - newest_unused)
        limit = max(_SMALLEST_LIMIT, 2 * len(nodes))


def _drop_unused(top: int) -> None:
    """Drop the unused nodes at or below position ``top``, newest first.

    Setting a slot to None frees its node at once, and with it the node's references to its
    inputs, which come later in this sweep: so a whole unused graph goes in one sweep.
    """
    refcount = sys.getrefcount
    for position in range(top, -1, -1):
        if refcount(nodes[position]) == _ALONE:
            nodes[position] = None  # type: ignore[call-overload]
    nodes[:] = compress(nodes, map(is_not, nodes, repeat(None)))
