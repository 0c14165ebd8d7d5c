"""Benchmark: coakg's reading of every corpus PDF against its engine's own bare extraction of the same pages.

In this process, one file after the other: PDFium's bare extraction of each page (pypdfium2: every character's
code and box, every path object's points; what coakg's reading cannot do without), coakg's reading of the tables
with PDFium (``read_pdf``, the default), and, with ``--pdfminer``, with pdfminer (some 3 minutes). Prints pages/s
of each and the ratio of coakg's reading to the bare extraction.

    python bench/bench_engines.py [--pdfminer]
"""

from __future__ import annotations

import ctypes
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from coakg.pdf_reader import read_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def bare(path: Path) -> int:
    """PDFium's extraction of every page of a file: each character's code and box, each path's points. Pages."""
    document = pdfium.PdfDocument(path)
    box, x, y = raw.FS_RECTF(), ctypes.c_float(), ctypes.c_float()
    try:
        for k in range(len(document)):
            page = document[k]
            text = page.get_textpage()
            for i in range(raw.FPDFText_CountChars(text)):
                raw.FPDFText_GetUnicode(text, i)
                raw.FPDFText_GetLooseCharBox(text, i, box)
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
                for s in range(raw.FPDFPath_CountSegments(obj.raw)):
                    raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj.raw, s), x, y)
            text.close()
            page.close()
        return len(document)
    finally:
        document.close()


def timed(work, files: list[Path]) -> float:
    t0 = time.perf_counter()
    for path in files:
        try:
            work(path)
        except Exception:  # noqa: BLE001 - a file without a table: its pages were read to say so
            pass
    return time.perf_counter() - t0


def main() -> None:
    files = sorted(CORPUS.rglob("*.pdf"))
    pages = sum(len(pdfium.PdfDocument(p)) for p in files)
    seconds = {"PDFium, bare extraction": timed(bare, files),
               "coakg, PDFium": timed(read_pdf, files)}
    if "--pdfminer" in sys.argv:
        seconds["coakg, pdfminer"] = timed(lambda p: read_pdf(p, "pdfminer"), files)
    base = seconds["PDFium, bare extraction"]
    print(f"{len(files)} PDFs, {pages} pages, in this process:")
    for name, s in seconds.items():
        print(f"  {name:26} {s:6.1f} s  {pages / s:6.1f} pages/s  {s / base:5.2f}x the bare extraction")
    if "coakg, pdfminer" in seconds:
        print(f"  PDFium reads {seconds['coakg, pdfminer'] / seconds['coakg, PDFium']:.2f}x as fast as pdfminer")


if __name__ == "__main__":
    sys.exit(main())
