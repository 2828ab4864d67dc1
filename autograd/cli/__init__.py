"""The command line ``python -m autograd``: the expression parser and the lecture demo."""
