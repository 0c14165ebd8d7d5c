"""Consoles: stdout for data, stderr for progress and messages.

Neither interprets rich markup: file names, labels and messages are printed as they are (a file named
``report[/x].txt`` is a name, not a closing tag). Colour is given as a style, never as markup.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.text import Text

out = Console(highlight=False, soft_wrap=True, markup=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def error(message: str, label: str = "error") -> None:
    """Print one error message on stderr, ``label:`` in red."""
    err.print(Text.assemble((f"{label}: ", "red"), message))
