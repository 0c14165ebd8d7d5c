"""Bounds on the work one input file may cause, with defaults every real report passes.

A hostile or broken file (a page whose content stream takes minutes to lay out, a file of gigabytes) fails
with a located message, and the other files of a batch go on. Each bound can be raised through the
environment: ``COAKG_MAX_MB`` (size of a file), ``COAKG_MAX_PAGES`` (pages of a PDF), ``COAKG_PAGE_SECONDS``
(time to lay out one page), ``COAKG_PAGE_MB`` (what a page's content streams inflate to: a file of kilobytes
may inflate to gigabytes).
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Limits:
    max_mb: float = 200.0
    max_pages: int = 3000
    page_seconds: float = 120.0
    page_mb: float = 50.0  # the corpus's largest page content is 0.4 MB

    @classmethod
    def from_environment(cls) -> Limits:
        """The bounds, each raised (or lowered) by its environment variable; a value that is no finite number above
        0 (a whole one for pages) is a :class:`UsageError` naming the variable."""
        def number(name: str, default: float, whole: bool = False) -> float:
            text = os.environ.get(name, "").strip()
            if not text:
                return default
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and value > 0 and (not whole or value == int(value))):
                raise UsageError(f"{name}={text!r}: expected a {'whole ' if whole else ''}number above 0")
            return value

        d = cls()
        return cls(number("COAKG_MAX_MB", d.max_mb), int(number("COAKG_MAX_PAGES", d.max_pages, whole=True)),
                   number("COAKG_PAGE_SECONDS", d.page_seconds), number("COAKG_PAGE_MB", d.page_mb))


class Overtime(BaseException):
    """A page took longer than its bound (no Exception: the reader's handlers of a page's own failures let it
    pass)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Overtime` in the block when it runs longer than ``seconds`` (in the main thread of a process,
    where a timer signal can interrupt pure-Python work; elsewhere the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Overtime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
