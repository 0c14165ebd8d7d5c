import pytest
from conftest import EXAMPLE, SEED, value

from coakg.errors import ReadError
from coakg.reader import read_file


def test_identity():
    r = read_file(SEED).reports[0]
    assert (r.department, r.year, r.document) == ("广州市增城区政务服务数据管理局", 2019, "决算")
    assert [t.kind for t in r.tables] == ["summary", "income", "expenditure", "fiscal-summary", "general-budget",
                                          "basic-expenditure", "sangong", "government-fund", "nontax"]
    assert all(t.unit == "万元" for t in r.tables)


def test_summary_two_sided_rows(reports):
    r = reports[SEED.name]
    assert value(r, "summary", "收入/一般公共预算财政拨款收入", "决算数") == "5230.08"
    assert value(r, "summary", "201", "决算数") == "4002.46"
    assert value(r, "summary", "206", "决算数") == "958.91"
    assert value(r, "summary", "208", "决算数") == "188.33"  # left half empty, only its 行次
    assert value(r, "summary", "221", "决算数") == "80.38"
    assert value(r, "summary", "224", "决算数") == "0.00"  # name wrapped over two lines
    assert value(r, "summary", "收入/本年收入合计", "决算数") == "5230.08"
    assert value(r, "summary", "支出/本年支出合计", "决算数") == "5230.08"
    assert value(r, "summary", "收入/总计", "决算数") == "5230.08"
    assert value(r, "summary", "支出/年末结转和结余", "决算数") == "0.00"


def test_income_and_expenditure(reports):
    r = reports[SEED.name]
    assert value(r, "income", "合计", "本年收入合计") == "5230.08"
    assert value(r, "income", "2080506", "财政拨款收入") == "133.82"
    assert value(r, "income", "2080506", "其他收入") == "0.00"
    assert value(r, "expenditure", "合计", "基本支出") == "1134.60"
    assert value(r, "expenditure", "2010306", "项目支出") == "3136.57"
    assert value(r, "expenditure", "2010306", "基本支出") == "0.00"
    assert value(r, "expenditure", "2080505", "对附属单位补助支出") == "0.00"


def test_wrapped_names(reports):
    labels = {f.row.key: f.row.label for f in reports[SEED.name].table("income").figures}
    assert labels["20103"] == "政府办公厅（室）及相关机构事务"
    assert labels["2080505"] == "机关事业单位基本养老保险缴费支出"
    fund = {f.row.key: f.row.label for f in reports[SEED.name].table("government-fund").figures}
    assert fund["21208"] == "国有土地使用权出让收入及对应专项债务收入安排的支出"


def test_fiscal_summary(reports):
    r = reports[SEED.name]
    assert value(r, "fiscal-summary", "收入/一般公共预算财政拨款", "决算数") == "5230.08"
    assert value(r, "fiscal-summary", "206", "一般公共预算财政拨款") == "958.91"
    assert value(r, "fiscal-summary", "206", "政府性基金预算财政拨款") == "0.00"
    assert value(r, "fiscal-summary", "支出/总计", "合计") == "5230.08"
    assert value(r, "fiscal-summary", "收入/年初财政拨款结转和结余/一般公共预算财政拨款", "决算数") == "0.00"


def test_basic_expenditure_both_halves(reports):
    r = reports[SEED.name]
    assert value(r, "basic-expenditure", "301", "决算数") == "1083.89"
    assert value(r, "basic-expenditure", "302", "决算数") == "32.14"
    assert value(r, "basic-expenditure", "30309", "决算数") == "15.89"
    assert value(r, "basic-expenditure", "30239", "决算数") == "8.38"
    assert value(r, "basic-expenditure", "31007", "决算数") == "1.20"
    assert value(r, "basic-expenditure", "39908", "决算数") == "0.00"
    assert value(r, "basic-expenditure", "人员经费合计", "决算数") == "1101.26"
    assert value(r, "basic-expenditure", "公用经费合计", "决算数") == "33.34"


def test_sangong_matrix(reports):
    r = reports[SEED.name]
    got = {f.column: str(f.value) for f in r.table("sangong").figures}
    assert got == {
        "预算数/合计": "2.87", "预算数/因公出国（境）费": "0.00", "预算数/公务用车购置及运行费": "2.10",
        "预算数/公务用车购置费": "0.00", "预算数/公务用车运行费": "2.10", "预算数/公务接待费": "0.77",
        "决算数/合计": "1.41", "决算数/因公出国（境）费": "0.00", "决算数/公务用车购置及运行费": "1.35",
        "决算数/公务用车购置费": "0.00", "决算数/公务用车运行费": "1.35", "决算数/公务接待费": "0.06",
    }


def test_zero_table_and_nontax(reports):
    r = reports[SEED.name]
    fund = r.table("government-fund")
    assert fund.figures and all(f.value == 0 for f in fund.figures)
    assert value(r, "government-fund", "2296003", "年末结转和结余") == "0.00"
    assert value(r, "nontax", "合计", "合计") == "0.14"
    assert value(r, "nontax", "国有资源（资产）有偿使用收入", "纳入预算管理已缴国库小计") == "0.14"


def test_every_figure_counted(reports):
    counts = {t.kind: len(t.figures) for t in reports[SEED.name].tables}
    assert counts == {"summary": 37, "income": 105, "expenditure": 90, "fiscal-summary": 82, "general-budget": 45,
                      "basic-expenditure": 81, "sangong": 12, "government-fund": 90, "nontax": 36}


def test_a_file_of_two_units_reports_is_two_reports_and_a_repeat_is_read_once(tmp_path):
    from conftest import EXAMPLE

    from coakg.reader import read_file

    text = EXAMPLE.read_text(encoding="utf-8")
    tables = text[text.index("收入支出决算总表") - 10:]
    other = tables.replace("部门： 示例市示例局", "部门： 示例市示例局第二中心").replace("1,000.00", "1,000.01", 1)
    two = tmp_path / "two.txt"
    two.write_text(text + "\n" + other, encoding="utf-8")
    reading = read_file(two)
    assert [r.unit_name for r in reading.reports] == [None, "示例市示例局第二中心"]
    assert reading.reports[1].department == "示例市示例局"
    repeated = tmp_path / "repeated.txt"
    repeated.write_text(text + "\n" + tables * 3, encoding="utf-8")
    reading = read_file(repeated)
    assert len(reading.reports) == 1 and len(reading.warnings) == 3
    assert "the tables of 示例市示例局 2024 决算 printed again, read once" in reading.warnings[0]


def test_figures_codes_and_years_typed_in_full_width_read_as_printed_in_ascii(tmp_path, reports):
    """The seed report with every digit, point, comma and minus typed in full-width characters (１２０．００,
    ２０１０３０１, ２０１９年度), as a Chinese input method types them: the same department, year and figures."""
    full = tmp_path / "full-width.txt"
    full.write_text(SEED.read_text(encoding="utf-8").translate(str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")),
                    encoding="utf-8")
    seed, typed = reports[SEED.name], read_file(full).reports[0]

    def figures(report):
        return {(t.kind, f.row.scheme, f.row.key, f.column, f.value) for t in report.tables for f in t.figures}

    assert (typed.department, typed.year, typed.document) == (seed.department, seed.year, seed.document)
    assert figures(typed) == figures(seed) and len(figures(seed)) == 578


def test_only_a_figure_or_code_is_turned_into_ascii():
    from coakg.layout import plain_number

    assert [plain_number(t) for t in ("１，２３４．５６", "－１２．００", "２０１０３０１", "１")] == \
        ["1,234.56", "-12.00", "2010301", "1"]
    assert [plain_number(t) for t in ("２０２６年", "第２中学", "－", "")] == ["２０２６年", "第２中学", "－", ""]


def test_the_seed_saved_in_gb18030_or_utf_16_reads_as_in_utf_8(tmp_path, reports):
    """Text files as Chinese Windows saves them: GB18030 (ANSI), UTF-16 begun by its byte-order mark (Notepad's
    "Unicode", little- or big-endian), and UTF-32 begun by its mark (was: decoded as UTF-16, "the tables print
    none"); the same figures. UTF-16 without its mark stays an error (NUL bytes); Big5 (traditional characters,
    which GB18030 decodes into others) is refused saying so (was: "they hold only text")."""
    text, seed = SEED.read_text(encoding="utf-8"), reports[SEED.name]
    for name, data in (("gb18030", text.encode("gb18030")), ("utf-16", text.encode("utf-16")),
                       ("utf-16-be", b"\xfe\xff" + text.encode("utf-16-be")), ("utf-32", text.encode("utf-32")),
                       ("utf-32-be", b"\x00\x00\xfe\xff" + text.encode("utf-32-be"))):
        saved = tmp_path / f"{name}.txt"
        saved.write_bytes(data)
        got = read_file(saved).reports[0]
        assert (got.department, got.year) == (seed.department, seed.year)
        assert [t.figures for t in got.tables] == [t.figures for t in seed.tables], name
    bare = tmp_path / "no-mark.txt"
    bare.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(ReadError, match="a PDF or a text file"):
        read_file(bare)
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("廣州市增城區政務服務數據管理局2019年度部門決算\n收入支出決算總表\n".encode("big5"))
    with pytest.raises(ReadError, match=r"simplified Chinese .*this file is in Big5") as exc:
        read_file(big5)
    assert exc.value.where == "file"


def _as_radicals(text: str) -> str:
    """``text`` with each ideograph that has a Kangxi radical written as that radical (一 as ⼀ U+2F00), as a font's
    map may name it."""
    from coakg.layout import IDEOGRAPHS

    radicals = {ideograph: chr(cp) for cp, ideograph in IDEOGRAPHS.items() if 0x2F00 <= cp < 0x2FE0}
    return "".join(radicals.get(c, c) for c in text)


def test_radicals_read_as_the_ideographs_they_stand_for(tmp_path):
    """A text whose titles, names and headers are written with radicals (⼀般公共预算⽀出, ⼈员经费) reads as the
    text written with ideographs: the same tables, rows and figures."""
    text = SEED.read_text(encoding="utf-8")
    planted = _as_radicals(text)
    assert planted != text and "⼀" in planted and "⽀出" in planted
    path = tmp_path / "radicals.txt"
    path.write_text(planted, encoding="utf-8")
    read, expected = read_file(path).reports[0], read_file(SEED).reports[0]
    assert (read.department, read.year, [t.kind for t in read.tables]) == (
        expected.department, expected.year, [t.kind for t in expected.tables])
    assert [[(f.row.key, f.row.label, f.column, f.value) for f in t.figures] for t in read.tables] == [
        [(f.row.key, f.row.label, f.column, f.value) for f in t.figures] for t in expected.tables]


def test_simplified_radicals_read_as_the_ideographs_they_stand_for(tmp_path):
    """The simplified radicals of the supplement (⻔ for 门, ⻓ for 长), which have no decomposition, read as the
    ideographs too: 部⻔决算 names the report."""
    text = EXAMPLE.read_text(encoding="utf-8")
    planted = text.replace("门", "⻔").replace("长", "⻓").replace("部门", "部⻔")
    path = tmp_path / "radicals.txt"
    path.write_text(planted, encoding="utf-8")
    read, expected = read_file(path).reports[0], read_file(EXAMPLE).reports[0]
    assert "⻔" in planted and (read.department, read.year, read.document) == (
        expected.department, expected.year, expected.document)
    assert [[(f.row.key, f.value) for f in t.figures] for t in read.tables] == [
        [(f.row.key, f.value) for f in t.figures] for t in expected.tables]
