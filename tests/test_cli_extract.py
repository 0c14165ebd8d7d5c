import csv
import io

from conftest import CZJ, EXAMPLE, SEED
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()


def test_csv_contract():
    result = runner.invoke(app, ["extract", str(SEED), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 578
    row = next(r for r in rows
               if r["row_code"] == "2010306" and r["table"] == "支出决算表" and r["column"] == "项目支出")
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


def test_jsonld_is_compact_with_the_published_context_and_the_same_graph_as_turtle():
    import json

    from rdflib import Graph
    from rdflib.compare import isomorphic

    from coakg.rdf import jsonld_context

    turtle = runner.invoke(app, ["extract", str(CZJ), "--format", "ttl"])
    compact = runner.invoke(app, ["extract", str(CZJ), "--format", "jsonld"])
    assert turtle.exit_code == compact.exit_code == 0
    document = json.loads(compact.stdout)
    assert document["@context"] == jsonld_context()
    assert document["@context"]["amount"] == {"@id": "coakg:amount", "@type": "xsd:decimal"}
    cell = next(n for n in document["@graph"] if n["@id"].endswith("/obs/income/function/2010601/income-total"))
    assert (cell["amount"], cell["decimals"]) == ("1511.90", "2") and "dataSet" in str(sorted(cell))
    assert cell["row"].endswith("/code/function/2024/2010601")
    printed = next(n for n in document["@graph"] if n["@id"] == cell["inPrintedRow"])
    assert (printed["page"], printed["rowLabel"], printed["rowConcept"]) == (
        "8", {"@language": "zh", "@value": "行政运行"}, cell["row"])
    expanded = Graph().parse(data=compact.stdout, format="json-ld")
    assert isomorphic(expanded, Graph().parse(data=turtle.stdout, format="turtle"))


def test_bad_input_exit_2(tmp_path):
    not_report = tmp_path / "notes.txt"
    not_report.write_text("hello\n", encoding="utf-8")
    for path, words in ((not_report, "notes.txt: lines 1–1: a table of a 部门预算 or 部门决算 (e.g. 收支总表, 支出决算表); they hold only text"), (tmp_path / "missing.pdf", "missing.pdf: file")):
        result = runner.invoke(app, ["extract", str(path)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {tmp_path}") and words in result.stderr
        assert result.stdout == ""


def test_unparsable_figure(tmp_path):
    bad = tmp_path / "bad.txt"
    text = SEED.read_text(encoding="utf-8").replace("2010301 行政运行 865.89 865.89",
                                                    "2010301 行政运行 865.89 86x.89", 1)
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2 and "line 205" in result.stderr, result.output


def test_markup_in_a_file_name_is_a_name(tmp_path):
    """A file name is printed as it is, never read as rich markup ([/x] once raised MarkupError: exit 1)."""
    folder = tmp_path / "[bold]report["
    folder.mkdir()
    named = folder / "x].txt"
    named.write_bytes(EXAMPLE.read_bytes())
    assert str(named).endswith("[bold]report[/x].txt")
    result = runner.invoke(app, ["extract", str(named)])
    assert result.exit_code == 0 and result.stdout.count("\n") == 191
    missing = runner.invoke(app, ["extract", str(folder / "gone].txt")])
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {folder}/gone].txt: file: an existing file\n"
    empty = folder / "red].txt"
    empty.write_text("[/red] 不是报告\n", encoding="utf-8")
    refused = runner.invoke(app, ["check", str(empty)])
    assert refused.exit_code == 2 and f"error: {empty}: lines 1–1: a table of" in refused.stderr


def test_the_reports_of_one_file_share_their_labels(tmp_path):
    """A file of two units' reports of 2024, the second printing 2010301 as 行政运行支出: one graph, in which
    the code has one preferred name (a tie: the first in code-point order) and the other as an altLabel."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    from coakg.iris import Minter

    text = EXAMPLE.read_text(encoding="utf-8")
    tables = text[text.index("收入支出决算总表") - 10:]
    other = tables.replace("部门： 示例市示例局", "部门： 示例市示例局第二中心").replace("2010301 行政运行", "2010301 行政运行支出")
    two = tmp_path / "two.txt"
    two.write_text(text + "\n" + other, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(two), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    code = URIRef(Minter().code("function", "2010301", 2024))
    assert list(g.objects(code, SKOS.prefLabel)) == [Literal("行政运行", lang="zh")]
    assert list(g.objects(code, SKOS.altLabel)) == [Literal("行政运行支出", lang="zh")]


def test_each_half_of_a_two_sided_table_keeps_its_own_header(reports):
    """The 收支总表 of 普陀区财政局 prints 决算数 under 收入 and under 支出: a figure of the income half has the
    income header (was: the expenditure half's, which has the same canonical column)."""
    from coakg.tabular import figure_records

    records = [r for r in figure_records(reports[CZJ.name]) if r["table_kind"] == "summary"]
    header = {r["row_label"]: r["header"] for r in records}
    assert header["一、一般公共预算财政拨款收入"] == "收入/决算数"
    assert header["一、一般公共服务支出"] == "支出/决算数"
