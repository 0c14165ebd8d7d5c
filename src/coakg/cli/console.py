"""Consoles: stdout for data, stderr for progress and messages.

Neither interprets rich markup: file names, labels and messages are printed as they are (a file named
``report[/x].txt`` is a name, not a closing tag). Colour is given as a style, never as markup.
"""

from __future__ import annotations

import os
import re
import sys

from rich.console import Console
from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """Text with its control characters written as escapes (\\x1b, \\n): a file name or a report's text can neither
    drive the terminal nor split a one-line message."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _sized() -> bool:
    """Whether data is written to a terminal, or COLUMNS says how wide it is; else (a pipe, a file) it is written
    wide enough for a table of findings."""
    return sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()


def data_width() -> int:
    """How wide a line of data may be: the terminal's (or COLUMNS), else 200."""
    return out.width if _sized() else 200


class _Messages(Console):
    """A console of one-line messages, which prints the control characters of what it is given as escapes
    (:func:`shown`). Data (stdout) is written by its format's writer, which escapes what the format needs."""

    def print(self, *objects, **kwargs) -> None:
        safe = [shown(o) if isinstance(o, str) else Text(shown(o.plain), style=o.style)
                if isinstance(o, Text) and _CONTROL.search(o.plain) else o for o in objects]
        super().print(*safe, **kwargs)


out = Console(highlight=False, soft_wrap=True, markup=False, width=None if _sized() else 200)  # data
err = _Messages(stderr=True, highlight=False, soft_wrap=True, markup=False)


def error(message: str, label: str = "error") -> None:
    """Print one error message on stderr, ``label:`` in red."""
    err.print(Text.assemble((f"{label}: ", "red"), shown(message)))
