"""A reverse-mode automatic differentiation engine over scalars.

Build a graph with ``Value`` and its ops, then call ``backward()`` on the result::

    >>> from autograd import Value
    >>> a = Value(1.0, label="a")
    >>> c = 2 * a + a**2          # lecture 03, chain rule III
    >>> c.backward()
    >>> a.grad
    4.0

The package is laid out by job: ``autograd.engine`` (the table of primitives, ``Value``,
the graph walk), ``autograd.inspect`` (drawing and stepping through a graph),
``autograd.check`` (gradient checking), ``autograd.compiled`` (``autograd.compile``: a
traced graph run as a numpy program) and ``autograd.cli`` (``python -m autograd``).
Drawing is imported only when first used: ``autograd.viz`` and ``autograd.stepper`` are
there after ``import autograd``, and computing never imports graphviz.

Note: the import name ``autograd`` is also used by the unrelated HIPS autograd package;
the two cannot be installed in the same environment.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

from autograd.check.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.compiled.compiled import Compiled, compile  # noqa: A004
from autograd.compiled.jacobian import jacobian
from autograd.compiled.trace import DataDependenceError
from autograd.engine.backprop import NonFiniteGradientError, backward, topological_order, zero_grad
from autograd.engine.collector import collector_paused
from autograd.engine.grad_mode import is_grad_enabled, no_grad
from autograd.engine.primitives import ACTIVATION, FUNCTION, NARY, OPERATOR, PRIMITIVES, TABLE, primitive
from autograd.engine.value import Value, affine, apply, dot, linear, maximum, minimum, sum  # noqa: A004
from autograd.inspect.anomaly import AnomalyError, detect_anomaly
from autograd.inspect.steps import backward_steps, forward_steps

#: Each module's short path (``autograd.viz``) and its home. The short paths are the ones
#: the documentation uses; both name the same module object.
MODULES = {
    "autograd.primitives": "autograd.engine.primitives",
    "autograd.numerics": "autograd.engine.numerics",
    "autograd.value": "autograd.engine.value",
    "autograd.backprop": "autograd.engine.backprop",
    "autograd.grad_mode": "autograd.engine.grad_mode",
    "autograd.viz": "autograd.inspect.viz",
    "autograd.steps": "autograd.inspect.steps",
    "autograd.stepper": "autograd.inspect.stepper",
    "autograd.forward_stepper": "autograd.inspect.forward_stepper",
    "autograd.anomaly": "autograd.inspect.anomaly",
    "autograd.gradcheck": "autograd.check.gradcheck",
    "autograd.testing": "autograd.check.testing",
    "autograd.expr": "autograd.cli.expr",
    "autograd.demo": "autograd.cli.demo",
}


class _ShortPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes ``import autograd.viz`` give the module ``autograd.inspect.viz`` itself."""

    def find_spec(
        self, name: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in MODULES:
            return None
        return importlib.machinery.ModuleSpec(name, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(MODULES[spec.name])
        spec.loader_state = module.__spec__  # the import system will set __spec__ to ``spec``
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module ran under its home's name): give back its own spec."""
        module.__spec__ = module.__spec__.loader_state


if not any(isinstance(finder, _ShortPaths) for finder in sys.meta_path):
    sys.meta_path.append(_ShortPaths())

# The short paths of modules already loaded are entered now. Importing one later through the
# finder would also set it as an attribute of this package, replacing a function of the same
# name: ``import autograd.gradcheck`` would turn ``autograd.gradcheck`` into a module.
for _short, _home in MODULES.items():
    if _home in sys.modules:
        sys.modules.setdefault(_short, sys.modules[_home])


def __getattr__(name: str) -> ModuleType:
    """``autograd.viz`` and the other short paths, imported when first used."""
    if f"autograd.{name}" in MODULES:
        return importlib.import_module(f"autograd.{name}")
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


__all__ = [
    "ACTIVATION",
    "FUNCTION",
    "NARY",
    "OPERATOR",
    "PRIMITIVES",
    "TABLE",
    "AnomalyError",
    "Compiled",
    "DataDependenceError",
    "GradcheckError",
    "NonFiniteGradientError",
    "Value",
    "affine",
    "apply",
    "backward",
    "backward_steps",
    "collector_paused",
    "compile",
    "detect_anomaly",
    "dot",
    "forward_steps",
    "gradcheck",
    "is_grad_enabled",
    "jacobian",
    "linear",
    "maximum",
    "minimum",
    "no_grad",
    "numerical_grad",
    "primitive",
    "sum",
    "topological_order",
    "zero_grad",
]
