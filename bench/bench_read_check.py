"""Benchmark: PDF/text extraction (pages/s, figures/s) and checking (reports/s) on the corpus.

Prints figures, and the ratio of the SHACL engine (pySHACL) against the plain-Python
evaluation of the same summations, run in the same process.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

from coakg.check import check_report
from coakg.rdf import to_graph
from coakg.reader import read_file
from coakg.shacl import validate

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    pdfs = sorted((CORPUS / "putuo-2024").glob("*.pdf"))
    files = [CORPUS / "zengcheng-zsj-2019-final-accounts.txt", *pdfs]
    pages = sum(len(pdfplumber.open(p).pages) for p in pdfs)
    t0 = time.perf_counter()
    reports = [read_file(p).reports[0] for p in pdfs]
    dt = time.perf_counter() - t0
    figures = sum(len(t.figures) for r in reports for t in r.tables)
    print(f"PDF extraction: {pages} pages, {figures} figures in {dt:.2f} s: "
          f"{pages / dt:.1f} pages/s, {figures / dt:.0f} figures/s")
    reports = [read_file(p).reports[0] for p in files]
    t0 = time.perf_counter()
    for _ in range(10):
        for r in reports:
            check_report(r)
    py = (time.perf_counter() - t0) / (10 * len(reports))
    t0 = time.perf_counter()
    for r in reports:
        validate(to_graph(r, with_summations=True))
    sh = (time.perf_counter() - t0) / len(reports)
    print(f"check, plain Python: {1 / py:.1f} reports/s; pySHACL: {1 / sh:.2f} reports/s; ratio {sh / py:.0f}x")


if __name__ == "__main__":
    sys.exit(main())
