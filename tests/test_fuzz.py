"""Fuzzing: mutated reports (the bundled example in several encodings, a real PDF; truncated, bit-flipped, cut,
hostile text put in: terminal escapes, control characters, figures past what decimal arithmetic keeps exact)
through coakg extract and coakg check. Every outcome is exit 0, 1 or 2, never 3 or a traceback, and nothing of
the input reaches the terminal as a control character.

The default run tries a few dozen inputs, derandomized (the same ones every run); the slow run many more.
"""

import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, SGB
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()
TEXT = EXAMPLE.read_text(encoding="utf-8")
TEXTS = [TEXT.encode(e) for e in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32")]
# put into a report: a terminal escape, control characters, a figure of 10^24, one of 22 decimals, a bidi override
HOSTILE = [b"\x1b[2J\x1b]0;owned\x07", b"\r\x08\x00", b" 123456789012345678901234.00 ", b" 1.0000000000000000000001 ",
           "\u202e".encode(), b"\x1b[31m", b"\n\n", b"\t"]
PDF = SGB.read_bytes()  # 24 pages, the smallest of the corpus


def mutate(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for op, at, arg in edits:
        if not out:
            break
        at %= len(out)
        if op == "flip":
            out[at] ^= 1 << arg
        elif op == "truncate":
            del out[at:]
        elif op == "insert":
            out[at:at] = HOSTILE[arg]
        else:  # cut arg bytes out of the middle
            del out[at:at + arg]
    return bytes(out)


EDITS = st.lists(st.tuples(st.sampled_from(["flip", "flip", "flip", "truncate", "cut", "insert"]),
                           st.integers(0, 2**31), st.integers(0, 7)), min_size=1, max_size=8)
FLIPS = st.lists(st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(0, 7)), min_size=1, max_size=8)


def assert_contract(data: bytes, suffix: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        result = runner.invoke(app, [command, str(path)])
    if result.exit_code in (0, 1, 2) and "Traceback" not in result.output and "\x1b" not in result.output:
        return
    raise AssertionError(f"coakg {command} exited {result.exit_code}: {result.output[-2000:]}")


FAST = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
PDF_FAST = settings(FAST, max_examples=2, phases=[Phase.explicit, Phase.generate])  # no shrinking: 3 s an input
LONG = settings(FAST, max_examples=400, derandomize=False)
PDF_LONG = settings(PDF_FAST, max_examples=40, derandomize=False)


@FAST
@given(text=st.sampled_from(TEXTS), edits=EDITS, command=st.sampled_from(["extract", "check"]))
def test_mutated_text_reports_keep_the_contract(text, edits, command):
    assert_contract(mutate(text, edits), ".txt", command)


@PDF_FAST
@given(edits=FLIPS, command=st.sampled_from(["extract", "check"]))  # flips: the whole PDF is read (truncation: below)
def test_mutated_pdf_reports_keep_the_contract(edits, command):
    assert_contract(mutate(PDF, edits), ".pdf", command)


@pytest.mark.slow
@LONG
@given(text=st.sampled_from(TEXTS), edits=EDITS, command=st.sampled_from(["extract", "check"]))
def test_many_mutated_text_reports_keep_the_contract(text, edits, command):
    assert_contract(mutate(text, edits), ".txt", command)


@pytest.mark.slow
@PDF_LONG
@given(edits=EDITS, command=st.sampled_from(["extract", "check"]))
def test_many_mutated_pdf_reports_keep_the_contract(edits, command):
    assert_contract(mutate(PDF, edits), ".pdf", command)


def test_a_truncated_pdf_is_unreadable_input():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "half.pdf"
        path.write_bytes(PDF[:len(PDF) // 2])
        result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: file: a PDF document (PdfminerException: ")


def test_a_bit_flipped_media_box_is_unreadable_input(tmp_path):
    """A damaged page object (/MediaBox → /MediaBoX: pdfplumber cannot make the page) is an error naming the page."""
    at = PDF.index(b"/MediaBox") + len(b"/MediaBo")
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(mutate(PDF, [("flip", at, 5)]))  # /MediaBox → /MediaBoX, on page 1
    result = runner.invoke(app, ["check", str(flipped)])
    assert result.exit_code == 2, result.output
    assert f"error: {flipped}: page 1: a readable page (TypeError: " in result.stderr


def test_a_damaged_header_label_is_unreadable_input(tmp_path):
    """项目 read as 物目 (one bit flipped in GB18030): a 行次 before any label, an error naming the header's line."""
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(TEXT.replace("项    目 行次", "物    目 行次", 1), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(damaged)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {damaged}: line 5: a header of the summary table naming its columns, "
                                    "found '收入支出物目行次决算数项目行次决算数栏次1栏次2'")


def test_a_bit_flipped_page_dictionary_is_unreadable_input(tmp_path):
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(mutate(PDF, [("flip", 3133, 1), ("flip", 500, 7)]))  # found by the fuzz test
    result = runner.invoke(app, ["check", str(flipped)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {flipped}: ")
