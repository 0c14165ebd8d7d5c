"""Work on the store under a time limit, in a process of its own that is killed at the deadline.

Oxigraph evaluates a query in native code that Python cannot interrupt, and a thread cannot be stopped: a query
left running past its time limit went on using a core and gigabytes of memory until it ended by itself (a cross
join of the example store grew the server to 4 GB within 6 s of its 503). So each piece of work runs in a worker
process that opens the store read-only, does the work and sends its result back; at the deadline the worker is
killed and the operating system takes back everything it used. Workers are forked by multiprocessing's fork
server, a process started once that has imported coakg: the web server itself, which runs threads, is never
forked. A worker costs about 30 ms (fork, open the store, send the answer back).
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import CoakgError
from ..store import KnowledgeGraph

T = TypeVar("T")
_FORKS = multiprocessing.get_context("forkserver")
# imported once, by the fork server, not by every worker; the command's modules too, since a worker runs the
# command's script again (multiprocessing's way of preparing a worker's __main__), which then imports nothing
_FORKS.set_forkserver_preload(["coakg.cli", "coakg.web.app"])


class TimeLimit(CoakgError):
    """Work not done within its time limit: it was stopped."""


def call(kg: KnowledgeGraph, seconds: float, work: Callable[..., T], *args: Any) -> T:
    """``work(kg, *args)`` done within ``seconds``, else :class:`TimeLimit` (the work stopped and its memory freed).

    ``work`` is a function of a module (a worker finds it by name), its arguments and result can be pickled, and
    the errors it means to report are :class:`CoakgError` (raised here again). A store on disk opened read-only
    (``coakg serve``'s) is opened again by the worker process. A store in memory, or one opened for writing, cannot
    be opened by another process: there the work runs in a thread of this process, which cannot be stopped: past
    the deadline :class:`TimeLimit` is raised and the thread runs on until the engine is done."""
    if kg.path is None or kg.writable:
        return _in_thread(kg, seconds, work, args)
    receiver, sender = _FORKS.Pipe(duplex=False)
    worker = _FORKS.Process(target=_work, args=(sender, kg.path, kg.base, seconds, work, args), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TimeLimit(f"stopped after {seconds:g} s")
        done, value = receiver.recv()
    except EOFError:
        worker.join(1)
        raise CoakgError(f"the worker process ended without an answer (exit code {worker.exitcode})") from None
    finally:
        worker.kill()
        worker.join()
        receiver.close()
    if not done:
        raise value
    return value


def _work(sender, path: Path, base: str, seconds: float, work: Callable, args: tuple) -> None:
    """A worker process: open the store, do the work, send (True, its result) or (False, the CoakgError; any other
    error as one, naming it: the work's own failures are CoakgErrors, and the caller is told, never left waiting)."""
    signal.alarm(math.ceil(seconds) + 1)  # its own deadline too, should the server that waits for it be gone
    try:
        outcome = (True, work(KnowledgeGraph.read_only(path, base), *args))
    except CoakgError as exc:
        outcome = (False, exc)
    except Exception as exc:  # noqa: BLE001 - sent to the caller, which answers with it
        outcome = (False, CoakgError(f"{type(exc).__name__}: {exc}"))
    sender.send(outcome)


def _in_thread(kg: KnowledgeGraph, seconds: float, work: Callable[..., T], args: tuple) -> T:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work(kg, *args)
        except Exception as exc:  # noqa: BLE001 - raised again in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeLimit(f"stopped after {seconds:g} s (still running: a store in memory is queried in a thread)")
    if "error" in box:
        raise box["error"]
    return box["result"]
