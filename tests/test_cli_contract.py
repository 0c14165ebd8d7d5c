"""The exit-code contract of every command: 0 ok, 1 findings, 2 bad input, usage or I/O, 3 internal (--debug)."""

import subprocess
import sys

import pytest
from conftest import EXAMPLE, ROOT
from typer.testing import CliRunner

import coakg.check
from coakg.cli import app, options

runner = CliRunner()


def test_usage_errors_exit_2():
    for args in (["nonsense"], ["check"], ["extract", str(EXAMPLE), "--format", "xml"], ["query"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_a_full_disk_is_a_clear_message(monkeypatch):
    from rich.console import Console

    import coakg.cli.extract

    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(coakg.cli.extract, "out", Console(file=full, markup=False))
        result = runner.invoke(app, ["extract", str(EXAMPLE)])
    assert result.exit_code == 2
    assert result.stderr == "error: No space left on device\n"


def test_an_unwritable_store_is_a_clear_message(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["load", str(EXAMPLE), "--store", str(blocked / "store")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and str(blocked) in result.stderr and "Traceback" not in result.output


def test_an_internal_error_exits_3_and_debug_shows_it(monkeypatch):
    def broken(report):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(coakg.check, "check_report", broken)
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 3
    assert result.stderr == "internal error: ZeroDivisionError: planted (run coakg --debug … for a traceback)\n"
    result = runner.invoke(app, ["--debug", "check", str(EXAMPLE)])
    assert isinstance(result.exception, ZeroDivisionError)


def test_debug_may_stand_anywhere_on_the_command_line(monkeypatch):
    from coakg import cli

    seen = {}
    monkeypatch.setattr(cli, "app", lambda args, prog_name: seen.setdefault("args", args))
    monkeypatch.setattr(sys, "argv", ["coakg", "check", "a.txt", "--debug"])
    cli.main()
    assert seen["args"] == ["--debug", "check", "a.txt"]


def test_help_imports_no_heavy_module():
    """coakg --help starts fast: rdflib, pyoxigraph, pdfplumber, pySHACL and networkx load only when used."""
    code = ("import sys\nfrom coakg.cli import app\n"
            "try:\n    app(['--help'], prog_name='coakg')\nexcept SystemExit as e:\n    assert e.code == 0\n"
            "heavy = ('rdflib', 'pyoxigraph', 'pdfplumber', 'pdfminer', 'pyshacl', 'networkx', 'SPARQLWrapper')\n"
            "print(sorted(m for m in heavy if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


def test_the_options_defaults_are_the_library_defaults():
    from coakg.endpoint import DEFAULT_TIMEOUT
    from coakg.iris import DEFAULT_BASE
    from coakg.store import DEFAULT_STORE

    assert (options.DEFAULT_BASE, options.DEFAULT_STORE, options.DEFAULT_TIMEOUT) == (
        DEFAULT_BASE, DEFAULT_STORE, DEFAULT_TIMEOUT)


@pytest.mark.parametrize("command", [c.name for c in app.registered_commands])
def test_every_command_has_an_example_in_its_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example: coakg" in result.stdout


def test_a_device_or_a_fifo_is_refused_and_the_batch_goes_on(tmp_path):
    """/dev/zero would be read for ever (it grew to 12.9 GB in 30 s), a FIFO would wait for ever: exit 2, the file
    named, the other files of a load still loaded."""
    import os

    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    runner = CliRunner()
    for command in ("check", "inspect", "extract"):
        result = runner.invoke(app, [command, "/dev/zero"])
        assert result.exit_code == 2 and "/dev/zero: file: a regular file" in result.stderr, command
    result = runner.invoke(app, ["load", str(fifo), str(EXAMPLE), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert f"{fifo}: file: a regular file" in result.stderr and "1 added, 1 failed" in result.stderr


def test_control_characters_of_a_file_name_are_shown_escaped(tmp_path):
    """A file name holding an escape sequence or a newline can neither colour the terminal nor split the one-line
    message (issue 24): its control characters are printed as escapes, in every command; a report's text read
    from a file loses its control characters."""
    from coakg.layout import normalize

    named = tmp_path / "a\x1b[31mred\nb.pdf"
    named.write_bytes(b"not a report")
    for command in ("check", "inspect", "extract"):
        result = CliRunner().invoke(app, [command, str(named)])
        assert result.exit_code == 2 and "\x1b" not in result.stderr, command
        assert "a\\x1b[31mred\\nb.pdf" in result.stderr and len(result.stderr.strip().splitlines()) == 1, command
    assert normalize("西安市\x1b[31m民政局\x00") == "西安市[31m民政局"


def test_a_store_that_cannot_be_written_at_the_end_still_reports_every_file(monkeypatch, tmp_path):
    """Issue 24: on a full disk a report was written, but the only output was 'cannot write the store to disk' (the
    flush at close replaced the per-file report). Now each file's outcome, then the error; exit 2."""
    from coakg.errors import StoreError
    from coakg.store import KnowledgeGraph

    def full(self):
        raise StoreError(f"{self.path}: cannot write the store to disk (No space left on device)")

    monkeypatch.setattr(KnowledgeGraph, "flush", full)
    store = tmp_path / "store"
    result = runner.invoke(app, ["load", str(EXAMPLE), "--store", str(store)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("added 示例市示例局 2024 决算: 2 findings") and "1 files: 1 added" in lines[1]
    assert lines[2].startswith(f"error: {store}: cannot write the store to disk (No space left on device); the "
                               "outcomes above may not all be on disk")
