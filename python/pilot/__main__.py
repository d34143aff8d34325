"""Entry point for ``python3 -m pilot``."""

import sys

from pilot.cli import main

if __name__ == "__main__":
    sys.exit(main())
