"""Consoles: stdout for data, stderr for progress and messages."""

from rich.console import Console

import sys

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)
