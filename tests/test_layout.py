"""The package's short import paths name the same modules as their homes, and drawing stays lazy."""

import importlib
import subprocess
import sys

import pytest

import autograd


@pytest.mark.parametrize(("short", "home"), sorted(autograd.MODULES.items()))
def test_short_path_is_the_module_itself(short: str, home: str) -> None:
    module = importlib.import_module(short)
    assert module is importlib.import_module(home)
    assert module.__name__ == home
    assert module.__spec__.name == home


def test_viz_and_stepper_are_attributes_after_import_autograd_alone() -> None:
    code = (
        "import sys, autograd\n"
        "assert 'graphviz' not in sys.modules, 'computing imported graphviz'\n"
        "assert autograd.viz.render and autograd.stepper.Stepper\n"
        "assert 'graphviz' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'vizz'"):
        autograd.vizz  # noqa: B018


def test_importing_a_short_path_leaves_the_function_of_the_same_name():
    # autograd.gradcheck is a function; the module it lives in has the same short path
    import autograd.gradcheck

    assert callable(autograd.gradcheck) and autograd.gradcheck.__name__ == "gradcheck"
