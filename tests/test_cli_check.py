import json

from conftest import ALL, SEED
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()


def test_consistent_reports_exit_0():
    result = runner.invoke(app, ["check", *map(str, ALL)])
    assert result.exit_code == 0, result.output


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


def test_ttl_is_validation_report(tmp_path):
    result = runner.invoke(app, ["check", str(SEED), "--format", "ttl"])
    assert result.exit_code == 0 and "sh:ValidationReport" in result.stdout


def test_unreadable_exit_2(tmp_path):
    import subprocess, sys  # noqa: E401

    proc = subprocess.run([sys.executable, "-c", "from coakg.cli import main; main()", "check",
                           str(tmp_path / "nothing.pdf")], capture_output=True, text=True)
    assert proc.returncode == 2 and "nothing.pdf" in proc.stderr
