"""``python -m nn train`` (see ``nn.cli``)."""

from nn.cli import main

raise SystemExit(main())
