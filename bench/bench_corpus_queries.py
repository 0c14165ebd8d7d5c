"""Benchmark: every named query on the whole corpus loaded together (real variety: every publisher, layout, unit
and phase of ../shared/corpus; read once and cached by bench/variety.py), and what the store's chart of accounts holds.

Prints, for the store of every corpus report that reads:
- its size: reports, quads, key figures; the concepts of each classification scheme (all real codes: digits only,
  a level from the length), and those of the uncoded-item scheme;
- every named query: seconds (first run, and best of three), rows, and the ratio of the best to a baseline
  query run in the same process (counting every quad of the store), against the target of 1 s.

    python3 bench/bench_corpus_queries.py
"""

from __future__ import annotations

import sys
import time

from variety import corpus_reports

from coakg.loading import add_report
from coakg.queries import available
from coakg.store import KnowledgeGraph

PARAMS = {"figures-for-code": {"code": "2010301"}, "department-expenditure": {"department": "上海市普陀区财政局",
                                                                            "year": "2024"},
          "kind-spending-by-class": {"kind": "财政局"}, "kind-totals": {"kind": "财政局"}}
BASELINE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def timed(run) -> tuple[float, float, int]:
    """(first, best of three) seconds and rows of a query."""
    times, rows = [], 0
    for _ in range(3):
        start = time.perf_counter()
        rows = len(run())
        times.append(time.perf_counter() - start)
    return times[0], min(times), rows


def main() -> None:
    reports = corpus_reports()
    kg = KnowledgeGraph(None)
    start = time.perf_counter()
    for report in reports:
        add_report(kg, report)
    kg.derive()
    print(f"loaded in {time.perf_counter() - start:.1f} s: {len(kg.store):,} quads")
    counts = kg.store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX coakg: <https://coakg.org/ns#>
        SELECT ?scheme (COUNT(DISTINCT ?c) AS ?concepts) (SUM(IF(REGEX(?n, "^[0-9]+$"), 1, 0)) AS ?codes)
        WHERE { GRAPH ?g { ?c skos:inScheme ?scheme ; skos:notation ?n } } GROUP BY ?scheme ORDER BY ?scheme""")
    for row in counts:
        print(f"  {row['scheme'].value.rsplit('/id/', 1)[-1]:<32} {int(row['concepts'].value):>6} concepts, "
              f"{int(row['codes'].value):>6} of them with a notation of digits only")
    figures = kg.store.query("PREFIX coakg: <https://coakg.org/ns#> "
                             "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?k a coakg:KeyFigure } }")
    print(f"  key figures: {next(iter(figures))['n'].value}")
    _, base, _ = timed(lambda: list(kg.store.query(BASELINE)))
    print(f"\nbaseline (count every quad): {base:.3f} s\n{'query':<40} {'first':>8} {'best':>8} {'rows':>6} "
          f"{'× baseline':>11}")
    slow = []
    for q in available():
        first, best, rows = timed(lambda q=q: kg.select(q, q.bind(PARAMS.get(q.name, {}))).rows)
        print(f"{q.name:<40} {first:>8.3f} {best:>8.3f} {rows:>6} {best / base:>11.1f}")
        if best >= 1:
            slow.append(q.name)
    print(f"\nover 1 s: {', '.join(slow) or 'none'}")
    kg.close()


if __name__ == "__main__":
    sys.exit(main())
