"""Load report files into the knowledge graph: each file all-or-nothing, the others go on when one fails."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import CoakgError
from .reader import read_report
from .store import Added, KnowledgeGraph


COMPACT_AFTER = 20  # reports written in one batch after which the store is compacted for fast queries


@dataclass(frozen=True)
class Failed:
    path: str
    error: str


def load_files(kg: KnowledgeGraph, paths: Iterable[Path],
               progress: Callable[[Path], None] = lambda path: None) -> list[Added | Failed]:
    """Read, check and add each file; report what happened to each file."""
    outcomes: list[Added | Failed] = []
    for path in paths:
        try:
            outcomes.append(kg.add(read_report(path)))
        except CoakgError as exc:
            outcomes.append(Failed(str(path), str(exc)))
        progress(path)
    if sum(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) >= COMPACT_AFTER:
        kg.optimize()
    return outcomes
