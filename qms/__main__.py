"""Allow ``python -m qms``."""

from qms.cli import main

raise SystemExit(main())
