"""Arithmetic expressions such as ``2*a + a**2`` or ``tanh(w*x + b)``, evaluated into a graph.

The expression is parsed with Python's ``ast`` and checked against a whitelist before
anything is evaluated: numbers, variable names, ``+ - * / **``, unary minus and plus, and
calls of the engine's functions by name with positional arguments. Everything else
(attributes, subscripts, lambdas, comprehensions, keywords, strings, ...) is refused.
Nothing is ever passed to ``eval`` or ``exec``.

Every number becomes a constant Value, so each operation is an op of the engine, with its
checks: ``10 ** 10 ** 10`` raises the engine's OverflowError instead of Python computing a
ten-billion-digit integer. The one exception is a number written as an exponent, which stays
a plain-number exponent (``x ** 2``), so that a negative base is allowed as in the engine.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from autograd.engine.primitives import ACTIVATION, FUNCTION, TABLE
from autograd.engine.value import Value, maximum
from autograd.engine.value import sum as value_sum

#: The longest expression accepted, in characters.
MAX_LENGTH = 2000

#: The engine's functions and activations, from its table of primitives.
_CALLABLE = [entry for entry in TABLE.values() if entry.kind in (FUNCTION, ACTIVATION)]

#: Functions of one Value, by the name an expression calls them: exp(x), relu(x), abs(x).
UNARY = {entry.name: getattr(Value, entry.method) for entry in _CALLABLE if not entry.params}

#: Functions of one Value and a plain-number parameter: leaky_relu(x, 0.1), elu(x, 1); without
#: the number, the parameter's default: softplus(x) is softplus(x, 1).
WITH_PARAMETER = {entry.name: getattr(Value, entry.method) for entry in _CALLABLE if entry.params}

#: Functions of any number of Values: each is one node of the graph.
VARIADIC: dict[str, Callable[[list[Value]], Value]] = {"sum": value_sum, "max": maximum}

FUNCTIONS = frozenset(UNARY) | frozenset(WITH_PARAMETER) | frozenset(VARIADIC)

_BINARY = {
    ast.Add: Value.__add__,
    ast.Sub: Value.__sub__,
    ast.Mult: Value.__mul__,
    ast.Div: Value.__truediv__,
    ast.Pow: Value.__pow__,
}


class ExpressionError(ValueError):
    """The expression is not one this module accepts; the message says what is wrong."""


def parse(expr: str) -> ast.Expression:
    """The syntax tree of ``expr``, once every node of it is on the whitelist."""
    if not isinstance(expr, str):
        raise TypeError(f"the expression must be a str, got {type(expr).__name__}")
    if len(expr) > MAX_LENGTH:
        raise ExpressionError(f"the expression has {len(expr)} characters, more than {MAX_LENGTH}")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"syntax error at column {error.offset}: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply") from None
    for node in ast.walk(tree):  # iterative: no depth limit of its own
        _check(node)
    return tree


def variables(tree: ast.Expression) -> set[str]:
    """The variable names ``tree`` uses: every name that is not a function being called."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called}


def evaluate(expr: str, values: Mapping[str, Value]) -> Value:
    """``expr`` computed with the engine's ops, its variables taken from ``values``.

    Raises ExpressionError for an expression off the whitelist, a name without a value or a
    value without a name in the expression; the engine's own errors (OverflowError,
    ValueError, ZeroDivisionError) for an op out of its domain.
    """
    tree = parse(expr)
    used = variables(tree)
    if missing := sorted(used - set(values)):
        raise ExpressionError(f"no value given for {', '.join(missing)}")
    if unused := sorted(set(values) - used):
        raise ExpressionError(f"{', '.join(unused)} given a value but not used in the expression")
    # Post-order walk with an explicit stack: a node is computed once its children are.
    results: dict[int, Value] = {}
    stack: list[tuple[ast.AST, bool]] = [(tree.body, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            results[id(node)] = _compute(node, results, values)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in _operands(node))
    return results[id(tree.body)]


def _check(node: ast.AST) -> None:
    """Raise ExpressionError unless ``node`` is on the whitelist."""
    match node:
        case ast.Expression() | ast.Load() | ast.USub() | ast.UAdd():
            return
        case ast.operator() if type(node) in _BINARY:
            return
        case ast.BinOp(op=op) if type(op) in _BINARY:
            return
        case ast.UnaryOp(op=ast.USub() | ast.UAdd()):
            return
        case ast.Constant(value=value) if type(value) in (int, float):
            return
        case ast.Name(id=name) if not name.startswith("_"):
            return
        case ast.Call(func=ast.Name(id=name), args=args, keywords=[]) if name in FUNCTIONS:
            _check_call(name, args)
            return
        case ast.Call(func=ast.Name(id=name), keywords=[]):
            raise ExpressionError(f"unknown function {name!r}; known: {', '.join(sorted(FUNCTIONS))}")
        case ast.Call():
            raise ExpressionError(
                "only the engine's functions may be called, by name, with positional arguments"
            )
        case ast.Constant(value=value):
            raise ExpressionError(f"only numbers are allowed as constants, got {value!r}")
        case ast.Name(id=name):
            raise ExpressionError(f"names starting with '_' are not allowed: {name!r}")
        case ast.BinOp(op=op) | ast.UnaryOp(op=op):
            raise ExpressionError(f"operator {type(op).__name__} is not allowed; use + - * / **")
    raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")


def _check_call(name: str, args: list[ast.expr]) -> None:
    if any(isinstance(a, ast.Starred) for a in args):
        raise ExpressionError(f"{name}: *arguments are not allowed")
    if name in UNARY and len(args) != 1:
        raise ExpressionError(f"{name} takes 1 argument, got {len(args)}")
    if name in WITH_PARAMETER and not (len(args) == 1 or (len(args) == 2 and _number(args[1]) is not None)):
        raise ExpressionError(f"{name} takes an expression and a plain number, e.g. {name}(x, 0.1)")
    if name in VARIADIC and not args:
        raise ExpressionError(f"{name} takes at least 1 argument")


def _number(node: ast.AST) -> float | None:
    """The value of a plain number, possibly signed (``-0.1``); None for anything else."""
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            return sign * float(node.value)
        except OverflowError:
            raise ExpressionError(
                f"a number of {len(str(node.value))} digits is too large for a float"
            ) from None
    return None


def _operands(node: ast.AST) -> list[ast.AST]:
    """The children evaluated before ``node``; plain-number exponents and parameters are not."""
    match node:
        case ast.BinOp(op=ast.Pow(), left=left, right=right) if _number(right) is not None:
            return [left]
        case ast.BinOp(left=left, right=right):
            return [left, right]
        case ast.UnaryOp(operand=operand):
            return [operand]
        case ast.Call(func=ast.Name(id=name), args=args) if name in WITH_PARAMETER:
            return [args[0]]
        case ast.Call(args=args):
            return list(args)
    return []


def _compute(node: ast.AST, results: dict[int, Value], values: Mapping[str, Value]) -> Value:
    """The Value of ``node``, from the Values of its operands in ``results``."""

    def operand(child: ast.AST) -> Value:
        return results[id(child)]

    match node:
        case ast.Constant():
            return Value(_number(node), role="constant")
        case ast.Name(id=name):
            return values[name]
        case ast.BinOp(op=ast.Pow(), left=left, right=right) if (p := _number(right)) is not None:
            return operand(left) ** p
        case ast.BinOp(op=op, left=left, right=right):
            return _BINARY[type(op)](operand(left), operand(right))
        case ast.UnaryOp(op=ast.USub(), operand=inner):
            return -operand(inner)
        case ast.UnaryOp(operand=inner):
            return operand(inner)
        case ast.Call(func=ast.Name(id=name), args=args) if name in UNARY:
            return UNARY[name](operand(args[0]))
        case ast.Call(func=ast.Name(id=name), args=args) if name in WITH_PARAMETER:
            return WITH_PARAMETER[name](operand(args[0]), *map(_number, args[1:]))
        case ast.Call(func=ast.Name(id=name), args=args):
            return VARIADIC[name]([operand(a) for a in args])
    raise AssertionError(f"unchecked node {type(node).__name__}")  # parse() refused it already
