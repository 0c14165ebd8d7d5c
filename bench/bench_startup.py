"""Benchmark: the start-up time of `coakg --help`, beside importing the heavy libraries alone.

Each command runs in a fresh interpreter, several times; prints the best and median CPU time (user + system)
and wall time. `coakg --help` should cost little more than Python with typer: the library (rdflib,
pyoxigraph, pdfplumber, pySHACL) is imported by a command only when it runs.

    python3 bench/bench_startup.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
RUNS = 7
CASES = [
    ("python -c pass", ["-c", "pass"]),
    ("import typer", ["-c", "import typer"]),
    ("coakg --help", ["-m", "coakg", "--help"]),
    ("coakg queries", ["-m", "coakg", "queries"]),
    ("import rdflib", ["-c", "import rdflib"]),
    ("import pyoxigraph", ["-c", "import pyoxigraph"]),
    ("import pdfplumber", ["-c", "import pdfplumber"]),
    ("import pyshacl", ["-c", "import pyshacl"]),
    ("import coakg.cli + every command's library", ["-c", "import coakg.cli, coakg.reader, coakg.check, coakg.store, "
                                                           "coakg.endpoint, coakg.rdf"]),
]


def measure(args: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of python with args."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    print(f"start-up, {RUNS} runs each, CPU (user + system) and wall seconds: best / median")
    for name, args in CASES:
        cpu, wall = zip(*(measure(args) for _ in range(RUNS)), strict=True)
        print(f"  {name:45} CPU {min(cpu):.2f} / {statistics.median(cpu):.2f} s   "
              f"wall {min(wall):.2f} / {statistics.median(wall):.2f} s")


if __name__ == "__main__":
    main()
