"""A test hook for crash safety: with ``COAKG_CRASH_AT=N`` in the environment, the process kills itself
(SIGKILL, as ``kill -9`` would) at the Nth crash point it passes. Crash points mark the steps of a load
(after hashing, reading, checking and building each report, before and after each write, before and
after compacting); the fault-injection test kills ``coakg load`` at each of them in turn."""

from __future__ import annotations

import os
import signal

_AT = int(os.environ.get("COAKG_CRASH_AT") or 0)
_passed = 0


def crash_point() -> None:
    global _passed
    if _AT:
        _passed += 1
        if _passed == _AT:
            os.kill(os.getpid(), signal.SIGKILL)


def disable() -> None:
    """No crash points in this process (a worker process of a load: it reads and builds, and never writes)."""
    global _AT
    _AT = 0
