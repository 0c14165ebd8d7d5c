import json

from conftest import ALL, CZJ, EXAMPLE, SEED
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()


def test_consistent_reports_exit_0():
    consistent = [p for p in ALL if p != CZJ]  # 普陀区财政局's prose states one figure wrongly (test_narrative.py)
    result = runner.invoke(app, ["check", *map(str, consistent)])
    assert result.exit_code == 0, result.output
    assert "3 files: 3 checked, 0 unreadable, 0 with findings (0 findings)" in result.stderr


def test_findings_exit_1_json(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("2010306 政务公开审批 3136.57 0.00 3136.57",
                                                           "2010306 政务公开审批 3136.57 0.00 3137.57"),
                   encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad), "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    got = {(r["rule"], r["location"]["table"], r["location"]["row_code"], r["location"]["column"]) for r in records}
    assert ("column-identity", "expenditure", "2010306", "本年支出合计") in got
    rec = next(r for r in records if r["rule"] == "column-identity" and r["location"]["table"] == "expenditure")
    assert (rec["actual"], rec["expected"], rec["difference"]) == ("3136.57", "3137.57", "-1.00")


def test_the_bundled_example_has_its_misprint_found():
    result = runner.invoke(app, ["check", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 1
    got = {(r["rule"], r["location"]["row_code"], r["location"]["column"], r["actual"], r["expected"])
           for r in json.loads(result.stdout)}
    assert ("hierarchy-sum", "20103", "基本支出", "70.00", "71.00") in got


def test_findings_read_in_an_80_column_terminal():
    """Issue 22: in a terminal (or COLUMNS) narrower than the findings table, each finding is a block of short
    lines (report; table, row, column, page; the rule by name; the figures), none cut; a pipe without COLUMNS
    keeps the table."""
    import os
    import subprocess
    import sys

    from rich.cells import cell_len

    def run(**env) -> str:
        environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | env
        return subprocess.run([sys.executable, "-m", "coakg", "check", str(EXAMPLE)], capture_output=True,
                              text=True, env=environ).stdout

    narrow = run(COLUMNS="80")
    assert max(map(cell_len, narrow.splitlines())) <= 80
    assert "  表3 expenditure · 20103 政府办公厅（室）及相关机构事务 · 基本支出 · l.38" in narrow
    assert "  hierarchy-sum 上级科目等于下级科目之和" in narrow
    assert "  填报数 70.00  分项合计 71.00  差额 -1.00  允许尾差 ±0.015" in narrow
    assert "勾稽检查发现" in run()  # the table's title


def test_ttl_is_validation_report(tmp_path):
    result = runner.invoke(app, ["check", str(SEED), "--format", "ttl"])
    assert result.exit_code == 0 and "sh:ValidationReport" in result.stdout


def test_unreadable_exit_2(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nothing.pdf")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nothing.pdf'}: file: an existing file\n"


def test_a_bad_file_in_the_middle_does_not_stop_the_others(tmp_path):
    """Each file is checked and reported; the exit code is the worst: 2 for the unreadable one."""
    (tmp_path / "坏[").mkdir()
    bad = tmp_path / "坏[" / "x].pdf"  # the name ends 坏[/x].pdf: markup, were it read as markup
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    result = runner.invoke(app, ["check", str(SEED), str(bad), str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 2, result.output
    assert "广州市增城区政务服务数据管理局 2019 决算: 578 figures" in result.stderr
    assert f"error: {bad}" in result.stderr
    assert "示例市示例局 2024 决算: 190 figures, 154 identities, 2 findings" in result.stderr
    assert "3 files: 2 checked, 1 unreadable, 1 with findings (2 findings)" in result.stderr
    assert {r["report"] for r in json.loads(result.stdout)} == {"示例市示例局 2024 决算"}


def test_findings_and_consistent_reports_exit_1():
    result = runner.invoke(app, ["check", str(SEED), str(EXAMPLE)])
    assert result.exit_code == 1
    assert "hierarchy-sum" in result.stdout and "示例市示例局 2024" in result.stdout


def test_markup_in_a_department_name_is_printed_as_it_is(tmp_path):
    named = tmp_path / "report.txt"
    named.write_text(EXAMPLE.read_text(encoding="utf-8").replace("示例市示例局", "示例市[/x]局"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(named)])
    assert result.exit_code == 1, result.output
    assert "示例市[/x]局 2024 决算" in result.stdout  # in the table or, in a narrow terminal, a block per finding


def test_a_damaged_pdf_says_where_figures_may_be_missing(tmp_path):
    """Issue 24: of bit-flipped corpus PDFs some read with tables gone and exit 0 (pdfminer's data-loss messages
    were not shown): the damaged pages are named, in check's messages and inspect's warnings."""
    import random

    from conftest import CORPUS
    from typer.testing import CliRunner

    from coakg.cli import app

    data = bytearray((CORPUS / "cn-budgets/上海-2026年上海市审计局_部门预算.pdf").read_bytes())
    random.seed(0)
    for _ in range(10):
        data[random.randrange(2000, len(data) - 2000)] ^= 0x55
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    result = CliRunner().invoke(app, ["check", str(damaged)])
    assert result.exit_code in (0, 1, 2)
    assert f"warning: {damaged}: page 2: the PDF is damaged there (Data-loss while decompressing" in result.stderr
    inspected = CliRunner().invoke(app, ["inspect", str(damaged)])
    assert "the PDF is damaged there" in inspected.stderr


def test_bounds_on_a_files_size_pages_and_time_per_page(monkeypatch, tmp_path):
    """Issue 24: a file past a bound fails with a located message naming the bound and how to raise it; a page
    that takes too long to lay out is skipped with a warning, the other pages read. (A copy of a corpus file:
    the session's reading of the corpus is shared by every test.)"""
    import shutil
    import time

    from conftest import CORPUS
    from typer.testing import CliRunner

    import coakg.pdf_reader as pdf_reader
    from coakg.cli import app

    path = tmp_path / "budget.pdf"
    shutil.copy(CORPUS / "cn-budgets/上海-2026年上海市审计局_部门预算.pdf", path)
    monkeypatch.setenv("COAKG_MAX_MB", "0.1")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "file: a report of at most 0.1 MB (COAKG_MAX_MB raises the bound)" in result.stderr
    monkeypatch.delenv("COAKG_MAX_MB")
    monkeypatch.setenv("COAKG_MAX_PAGES", "5")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "page 6: a report of at most 5 pages" in result.stderr
    for value in ("inf", "0.5", "abc", "-1"):  # no usable bound: an error naming the variable, for every file
        monkeypatch.setenv("COAKG_MAX_PAGES", value)
        result = CliRunner().invoke(app, ["check", str(path)])
        assert result.exit_code == 2 and f"COAKG_MAX_PAGES={value!r}: expected a whole number above 0" in result.stderr
    monkeypatch.delenv("COAKG_MAX_PAGES")
    monkeypatch.setenv("COAKG_PAGE_SECONDS", "0.5")
    read_page = pdf_reader._read_page

    def slow_on_page_12(path, number, *args):
        if number == 12:
            time.sleep(3)
        return read_page(path, number, *args)

    monkeypatch.setattr(pdf_reader, "_read_page", slow_on_page_12)
    result = CliRunner().invoke(app, ["inspect", str(path), "--format", "json"])
    [record] = __import__("json").loads(result.stdout)
    assert any("page 12: not laid out within 0.5 s, skipped (COAKG_PAGE_SECONDS raises the bound)" in w
               for w in record["warnings"])
    pages = [t["pages"] for r in record["reports"] for t in r["tables"]]
    assert "12" not in pages and "7" in pages and "13–14" in pages  # 12 prints the 财政拨款收支总表


def _inflating_pdf(path, megabytes: int, form: bool = False, twice: bool = False) -> None:
    """A one-page PDF of a few hundred kilobytes whose content stream (or, ``form``, a form the page draws)
    inflates to ``megabytes`` of blanks (``twice``: compressed twice, its filters /FlateDecode /FlateDecode)."""
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b" " * (megabytes * 2**20), 9)
    stream = zlib.compress(stream, 9) if twice else stream
    flate = b"[/FlateDecode /FlateDecode]" if twice else b"/FlateDecode"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
            b"/Resources << /XObject << /X 4 0 R >> >> >>") if form else \
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    kind = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " if form else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
               b"<< %s/Length %d /Filter %s >>\nstream\n" % (kind, len(stream), flate) + stream + b"\nendstream"]
    if form:
        objects.append(b"<< /Length 8 >>\nstream\n/X Do \n\nendstream")
    _write_pdf(path, objects)


def _write_pdf(path, objects: list[bytes]) -> None:
    """A PDF of these objects (numbered from 1, the first its catalogue) with its cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)


def test_a_page_that_inflates_past_its_bound_is_skipped_with_bounded_memory(tmp_path, record_property):
    """Issue 24: a 200 KB PDF whose page inflates to 200 MB (was: 680 MB of memory for a file of kilobytes) is
    refused naming the page and the bound, its content never inflated whole: the command's peak memory is
    printed in the test summary. Raised past the content's size, the page is read (and holds only text)."""
    import os
    import re
    import subprocess
    import sys

    bomb = tmp_path / "bomb.pdf"
    _inflating_pdf(bomb, 200)
    assert bomb.stat().st_size < 400_000
    drawn = tmp_path / "form.pdf"
    _inflating_pdf(drawn, 200, form=True)  # the same inflating stream, as a form the page draws
    chained = tmp_path / "twice.pdf"
    _inflating_pdf(chained, 200, twice=True)  # compressed twice: a file of 1 KB

    def run(path, **env) -> tuple[int, str, float]:
        """The command's exit code, its messages and its peak memory: the high-water mark of its own address
        space, which begins at exec (a forked child's ru_maxrss counts its parent's memory)."""
        code = ("import atexit, re, runpy, sys\n"
                "atexit.register(lambda: sys.stderr.write('\\n' + re.search(r'VmHWM:.*', "
                "open('/proc/self/status').read()).group(0)))\n"
                "runpy.run_module('coakg', run_name='__main__')")
        done = subprocess.run([sys.executable, "-c", code, "check", str(path)], capture_output=True, text=True,
                              env={**os.environ, **env})
        peak = re.search(r"VmHWM:\s*(\d+) kB", done.stderr)
        return done.returncode, done.stderr, int(peak.group(1)) / 1024

    for path in (bomb, drawn, chained):
        code, err, peak = run(path)
        record_property("peak_memory_mb", peak)
        assert code == 2 and f"{path}: page 1: a page within coakg's bounds; its content inflates past 50 MB, " \
                             f"skipped (COAKG_PAGE_MB raises the bound)" in err
        assert peak < 200
    code, err, _ = run(bomb, COAKG_PAGE_MB="300")
    assert code == 2 and "they hold only text" in err


def test_forms_that_draw_each_other_many_times_are_counted_as_drawn(tmp_path):
    """Issue 23 (review): a PDF of 2 KB whose page draws a form 30 times, which draws the next 30 times, five deep
    (24 million drawings), made PDFium, which parses a page whole, use some 40 GB: each form now counts as many
    times as it is drawn, and the page is refused naming it and the bound, before any engine parses it."""
    from typer.testing import CliRunner

    from coakg.cli import app

    def stream(body: bytes, extra: bytes = b"") -> bytes:
        return b"<< %s/Length %d >>\nstream\n" % (extra, len(body)) + body + b"\nendstream"

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> "
               b"/Contents 4 0 R >>", stream(b"/X Do " * 30)]
    for level in range(5):
        last = level == 4
        objects.append(stream(b"0 0 m 10 10 l S" if last else b"/X Do " * 30,
                              b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                              + (b"" if last else b"/Resources << /XObject << /X %d 0 R >> >> " % (6 + level))))
    bomb = tmp_path / "forms.pdf"
    _write_pdf(bomb, objects)
    assert bomb.stat().st_size < 3000
    result = CliRunner().invoke(app, ["check", str(bomb)])
    assert result.exit_code == 2
    assert f"{bomb}: page 1: a page within coakg's bounds; its content inflates past 50 MB" in result.stderr
