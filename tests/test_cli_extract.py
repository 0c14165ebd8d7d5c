import csv
import io

from conftest import CZJ, SEED
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()


def test_csv_contract():
    result = runner.invoke(app, ["extract", str(SEED), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 578
    row = next(r for r in rows if r["row_code"] == "2010306" and r["table"] == "支出决算表" and r["column"] == "项目支出")
    assert (row["department"], row["year"], row["value"], row["unit"], row["row_label"]) == (
        "广州市增城区政务服务数据管理局", "2019", "3136.57", "万元", "政务公开审批")
    sangong = next(r for r in rows if r["column"] == "决算数/公务接待费")
    assert sangong["value"] == "0.06"


def test_pdf_csv_has_pages_and_no_blank_figures():
    result = runner.invoke(app, ["extract", str(CZJ)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = {(r["table"], r["row_code"], r["column"]): r for r in rows}
    assert cells[("支出决算表", "2010602", "项目支出")]["page"] == "10"
    assert ("支出决算表", "2010602", "基本支出") not in cells
    assert cells[("收入决算表", "2010601", "本年收入合计")]["value"] == "1511.90"


def test_rdf_formats():
    for fmt in ("ttl", "nt", "jsonld"):
        result = runner.invoke(app, ["extract", str(CZJ), "--format", fmt])
        assert result.exit_code == 0 and "coakg.org" in result.stdout


def test_bad_input_exit_2(tmp_path):
    not_report = tmp_path / "notes.txt"
    not_report.write_text("hello\n", encoding="utf-8")
    from coakg.cli import main
    import subprocess, sys  # noqa: E401

    for path, words in ((not_report, "notes.txt"), (tmp_path / "missing.pdf", "missing.pdf")):
        proc = subprocess.run([sys.executable, "-c", "from coakg.cli import main; main()", "extract", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert words in proc.stderr and "Traceback" not in proc.stderr
    assert callable(main)


def test_unparsable_figure(tmp_path):
    bad = tmp_path / "bad.txt"
    text = SEED.read_text(encoding="utf-8").replace("2010301 行政运行 865.89 865.89", "2010301 行政运行 865.89 86x.89", 1)
    bad.write_text(text, encoding="utf-8")
    import subprocess, sys  # noqa: E401

    proc = subprocess.run([sys.executable, "-c", "from coakg.cli import main; main()", "extract", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "line 205" in proc.stderr, proc.stderr
