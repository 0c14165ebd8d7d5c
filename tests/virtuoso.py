"""Start and stop a private Virtuoso server (Debian's virtuoso-opensource) on 127.0.0.1 for the tests."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
_FOLDERS: dict[str, tuple[Path, int]] = {}  # a running server's HTTP base URL: its folder and its SQL port


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if shutil.which("virtuoso-t") is None or not SYSTEM_INI.is_file():
        return "Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does it)"
    return None


def start(folder: Path, buffers: tuple[int, int] | None = None, rows: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start a server whose database lives in folder; (process, http base URL) once it answers SPARQL. The server
    may read the files in its folder (its DirsAllowed holds ".", the folder it runs in). ``buffers``: its
    NumberOfBuffers and MaxDirtyBuffers (8 KB each), if not the system's small ones; ``rows``: its
    ResultSetMaxRows (the most rows of an answer), if not the system's 10,000."""
    sql, http = _free_port(), _free_port()
    ini = SYSTEM_INI.read_text()
    ini = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{folder}/", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b", f"ServerPort = 127.0.0.1:{sql}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b", f"ServerPort = 127.0.0.1:{http}", ini)
    if buffers:
        ini = re.sub(r"(?m)^NumberOfBuffers\s*=.*$", f"NumberOfBuffers = {buffers[0]}", ini)
        ini = re.sub(r"(?m)^MaxDirtyBuffers\s*=.*$", f"MaxDirtyBuffers = {buffers[1]}", ini)
    if rows:
        ini = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", f"ResultSetMaxRows = {rows}", ini)
    (folder / "virtuoso.ini").write_text(ini)
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}; see {folder}/virtuoso.log")
        try:
            with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    _FOLDERS[url] = (folder, sql)
                    return proc, url
        except OSError:
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError("Virtuoso did not answer within 90 s")


def bulk_options(url: str) -> list[str]:
    """The options of coakg publish that bulk-load into the server at url: a folder it reads, and its isql."""
    folder, sql = _FOLDERS[url]
    return ["--virtuoso-bulk", str(folder / "bulk"), "--isql", f"isql-vt 127.0.0.1:{sql} dba dba"]


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
