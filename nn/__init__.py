"""Neural networks built on the autograd engine's public API."""
