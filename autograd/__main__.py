"""``python -m autograd``: the command line of ``autograd.cli.main``."""

from autograd.cli.main import main

raise SystemExit(main())
