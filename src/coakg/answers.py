"""Answers kept with the store: the answer of every query that takes no parameter (the named queries and the
site's page queries without one), worked out after each load's derivation and read instead of evaluated. Such a
question reads every report: at 10,000 reports several took 5 to 15 s to evaluate (one row or more per report);
a kept answer is read in a fraction of a second.

Each answer is a file ``answers/{folder}-{name}.json`` in the store's folder (``queries-reports.json``,
``pages-reports.json``), written whole (a temporary file renamed): a first line stating what it is the answer to,
the derivation it was worked out from (when the store last derived, to the nanosecond: the summaries graph's
``prov:generatedAtTime``, ``derivations/summaries.ru``), the SHA-256 of the query's text and coakg's version; then
the answer. It is read only when all three are those of the store and the query asked: an answer of an earlier
derivation (a store opened read-only before a later load) or of another text of the query is never read, the query
is evaluated. Writing reports removes every kept answer first (:func:`forget`): a load stopped before it derived
leaves none to read.
Values keep their kinds: integers, exact decimals (as ``["1.23"]``), text, null.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import PROV

from . import faults
from .derivations import coakg_version
from .queries import NamedQuery, Results, available, page_queries

if TYPE_CHECKING:
    from .store import KnowledgeGraph

FOLDER = "answers"
DERIVED_AT = ox.NamedNode(str(PROV.generatedAtTime))


def kept_queries() -> list[NamedQuery]:
    """The queries whose answers a store keeps: every SELECT query of the named queries and page queries that
    takes no parameter."""
    return [q for q in available() + page_queries() if q.form == "SELECT" and not q.parameters]


def derivation(kg: KnowledgeGraph) -> str | None:
    """When the store last derived (its summaries), or None (a store never derived, or derived by an earlier
    coakg)."""
    summaries = ox.NamedNode(kg.mint.graph("summaries"))
    found = next(kg.store.quads_for_pattern(summaries, DERIVED_AT, None, summaries), None)
    return found.object.value if found is not None and isinstance(found.object, ox.Literal) else None


def kept(kg: KnowledgeGraph, query: NamedQuery) -> Results | None:
    """The answer the store keeps to ``query`` (asked with no parameter), if it is the answer to this text of the
    query over the store as it is; else None."""
    data = _read(kg, query, answer=True)
    if data is None:
        return None
    return Results(tuple(data["columns"]), tuple(tuple(_value(v) for v in row) for row in data["rows"]))


def keep(kg: KnowledgeGraph, evaluate) -> int:
    """Work out and write the answer of every kept query (:func:`kept_queries`) the store does not keep for its
    derivation as it is now, each with ``evaluate(query)`` (which must evaluate it, never read a kept answer);
    remove the answers of queries no longer kept. How many were written. OSError if one cannot be written."""
    if kg.path is None or derivation(kg) is None:
        return 0
    folder = kg.path / FOLDER
    folder.mkdir(exist_ok=True)
    queries, written = kept_queries(), 0
    for query in queries:
        if _read(kg, query, answer=False) is not None:
            continue
        results: Results = evaluate(query)
        rows = {"columns": list(results.columns), "rows": [[_json(v) for v in row] for row in results.rows]}
        _write(folder / _file(query), json.dumps(_stamp(kg, query)) + "\n" +
               json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
        written += 1
        if written == 1:
            faults.crash_point()  # a load killed with some answers kept: the others are evaluated until kept
    names = {_file(q) for q in queries}
    for old in folder.iterdir():
        if old.name not in names:
            old.unlink()
    return written


def forget(kg: KnowledgeGraph) -> None:
    """Remove every kept answer, before the store is written to: until it is derived again, each query is
    evaluated (a load stopped before deriving, or whose derivation fails, leaves no answer of the store before).
    The folder is renamed first, so that no answer is left behind if the removal is stopped."""
    if kg.path is None or not (kg.path / FOLDER).exists():
        return
    gone = kg.path / f"{FOLDER}.removed"
    shutil.rmtree(gone, ignore_errors=True)
    os.replace(kg.path / FOLDER, gone)
    shutil.rmtree(gone, ignore_errors=True)


def _read(kg: KnowledgeGraph, query: NamedQuery, answer: bool) -> dict | None:
    """What the store keeps for ``query`` when it is the answer to it over the store as it is: the answer (or, with
    ``answer`` False, an empty dict, the answer left unread); else None."""
    if kg.path is None:
        return None
    try:
        with (kg.path / FOLDER / _file(query)).open(encoding="utf-8") as f:
            if json.loads(f.readline()) != _stamp(kg, query):
                return None
            return json.loads(f.read()) if answer else {}
    except (OSError, ValueError):
        return None


def _stamp(kg: KnowledgeGraph, query: NamedQuery) -> dict[str, str | None]:
    """What an answer is the answer to: the store's derivation, the query's text (its SHA-256) and the coakg that
    read the values."""
    return {"derivation": derivation(kg), "query": hashlib.sha256(query.text.encode("utf-8")).hexdigest(),
            "coakg": coakg_version()}


def _write(path: Path, text: str) -> None:
    temporary = path.with_suffix(".part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _file(query: NamedQuery) -> str:
    return f"{Path(query.path).parent.name}-{query.name}.json"


def _json(value: object) -> object:
    return [str(value)] if isinstance(value, Decimal) else value


def _value(value: object) -> object:
    return Decimal(value[0]) if isinstance(value, list) else value
