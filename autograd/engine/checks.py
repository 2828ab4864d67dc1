"""Checks of the arguments public functions take: one home for "is this a number, an int, a flag".

Every check names the function and the argument and quotes the bad value::

    require_number("gradcheck", "atol", -1.0, minimum=0.0)
    # ArgumentError: gradcheck: atol must be a finite number >= 0, got -1.0

``bool`` is never accepted as a number (``True`` is an int to Python, but ``epochs=True`` is
a mistake). The error is ``ArgumentError``, which is both a TypeError and a ValueError, so
callers may catch whichever fits: a wrong type and a value out of range are one mistake to the
person who made it, "this argument is wrong".
"""

from __future__ import annotations

import math
import numbers


class ArgumentError(TypeError, ValueError):
    """An argument of the wrong type or out of its range; the message names the function,
    the argument and the value."""


def is_number(x: object) -> bool:
    """True for a real number (int, float, Fraction, numpy scalar, ...), False for bool and the rest."""
    return type(x) in (float, int) or (isinstance(x, numbers.Real) and not isinstance(x, bool))


def require_number(
    who: str,
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    positive: bool = False,
    finite: bool = True,
) -> float:
    """``value`` as a float, once it is a real number (not a bool) within the bounds asked for.

    ``finite`` refuses nan and ±inf; ``minimum`` refuses anything below it; ``positive``
    refuses anything <= 0. nan is refused whenever a bound is asked for, since it satisfies none.
    """
    want = "a finite number" if finite else "a number"
    if positive:
        want += " > 0"
    elif minimum is not None:
        want += f" >= {minimum:g}"
    if not is_number(value):
        raise ArgumentError(f"{who}: {name} must be {want}, got {_show(value)}")
    try:
        x = float(value)  # type: ignore[arg-type]
    except OverflowError:  # an int or Fraction beyond the largest float
        too_large = f"{_show(value)}, too large for a float"
        raise ArgumentError(f"{who}: {name} must be {want}, got {too_large}") from None
    if (
        (finite and not math.isfinite(x))
        or (positive and not x > 0)
        or (minimum is not None and not x >= minimum)
    ):
        raise ArgumentError(f"{who}: {name} must be {want}, got {_show(value)}")
    return x


def require_int(who: str, name: str, value: object, *, minimum: int | None = None) -> int:
    """``value`` itself, once it is an int (not a bool) and at least ``minimum``."""
    want = "an int" if minimum is None else "a positive int" if minimum == 1 else f"an int >= {minimum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentError(f"{who}: {name} must be {want}, got {_show(value)}")
    if minimum is not None and value < minimum:
        raise ArgumentError(f"{who}: {name} must be {want}, got {_show(value)}")
    return int(value)


def require_bool(who: str, name: str, value: object) -> bool:
    """``value`` itself, once it is True or False."""
    if not isinstance(value, bool):
        raise ArgumentError(f"{who}: {name} must be True or False, got {_show(value)}")
    return value


def require_choice(who: str, name: str, value: object, choices: object) -> str:
    """``value`` itself, once it is one of ``choices`` (names, listed in the message when it is not)."""
    options = list(choices)  # type: ignore[call-overload]
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(map(str, options))
        raise ArgumentError(f"{who}: {name} must be one of {listed}; got {_show(value)}")
    return value


def require_value(who: str, name: str, value: object) -> None:
    """Refuse anything but a ``Value`` where a function of the graph expects a node of it."""
    from autograd.engine.value import Value  # here: value imports the graph walk, which imports this

    if not isinstance(value, Value):
        raise ArgumentError(f"{who}: {name} must be a Value (a node of the graph), got {_show(value)}")


def _show(value: object) -> str:
    """The value as a message quotes it: its repr, cut short, with its type when that is not obvious."""
    try:
        text = repr(value)
    except ValueError:  # an int of more digits than Python converts to text
        text = f"an int of about {int(value).bit_length() * 0.30103:.0f} digits"  # type: ignore[call-overload]
    if len(text) > 60:
        text = text[:57] + "..."
    if type(value) in (int, float, str, bool, type(None)):
        return text
    return f"{type(value).__name__} {text}"
