"""Ontology, shapes, queries and derivations are package data: found with importlib.resources, shipped in the
wheel."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib.resources import files
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT
from typer.testing import CliRunner

import coakg.queries
import coakg.shacl
from coakg.cli import app
from coakg.queries import available

runner = CliRunner()


def test_the_package_data_is_the_repository_folders():
    data = files("coakg") / "data"
    assert (data / "ontology" / "coakg.ttl").read_text(encoding="utf-8") == \
        (ROOT / "ontology" / "coakg.ttl").read_text(encoding="utf-8")
    assert [q.name for q in available()] == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(p.name for p in (data / "shapes").iterdir()) == ["observation.ttl", "rules.ttl", "summation.ttl"]
    assert sorted(p.name for p in (data / "derivations").iterdir()) == ["catalogue-served.rq", "catalogue.ru",
                                                                     "changed-everything.ru", "labels.ru",
                                                                     "publication.ru", "summaries.ru"]
    assert (data / "ontology" / "context.jsonld").is_file()


def test_no_bundled_queries_is_an_internal_error(monkeypatch, tmp_path):
    monkeypatch.setattr(coakg.queries, "QUERIES", tmp_path)
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 3
    assert f"RuntimeError: no named queries in {tmp_path}: coakg is installed without its package data" \
        in result.stderr


def test_no_shapes_is_an_internal_error(monkeypatch, tmp_path):
    monkeypatch.setattr(coakg.shacl, "SHAPES", tmp_path / "missing")
    with pytest.raises(RuntimeError, match="no SHACL shapes in .*missing: coakg is installed without its package"):
        coakg.shacl.shapes_graph()
    (tmp_path / "empty.ttl").write_text("", encoding="utf-8")
    monkeypatch.setattr(coakg.shacl, "SHAPES", tmp_path)
    with pytest.raises(RuntimeError, match="no SHACL shapes"):
        coakg.shacl.shapes_graph()


def test_no_derivations_is_an_internal_error(monkeypatch, tmp_path):
    import coakg.derivations

    monkeypatch.setattr(coakg.derivations, "DERIVATIONS", tmp_path)
    with pytest.raises(RuntimeError, match="no derivation labels.ru in .*: coakg is installed without its package"):
        coakg.derivations.update_text("labels")


@pytest.mark.slow
def test_the_wheel_installed_outside_the_repository_checks_and_answers(tmp_path):
    """Build the wheel from a copy of the project, install it into a fresh virtualenv (the dependencies come from
    the system's site-packages), and run coakg there, far from the repository."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for name in ("src", "ontology", "shapes", "queries", "pages", "derivations"):
        shutil.copytree(ROOT / name, project / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing of the repository on the path

    def run(*args, cwd=tmp_path):
        return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    built = run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(project))
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("coakg-*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)).returncode == 0
    python = venv / "bin" / "python"
    # the dependencies are where this interpreter finds them: the system's, or a virtual environment's the tests
    # run in (which --system-site-packages does not see); the wheel installed in the new venv comes first
    inner = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(inner) / "outer-environment.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")
    installed = run(sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    "--ignore-installed", str(wheel))
    assert installed.returncode == 0, installed.stderr
    where = run(str(python), "-c", "import coakg; print(coakg.__file__)")
    assert where.stdout.startswith(str(venv)), where.stdout
    coakg = str(venv / "bin" / "coakg")
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = work / EXAMPLE.name
    shutil.copy(EXAMPLE, example)

    checked = run(coakg, "check", example.name, "--format", "json", cwd=work)
    assert checked.returncode == 1, checked.stderr
    assert {(f["rule"], f["location"]["row_code"], f["location"]["column"]) for f in json.loads(checked.stdout)} == {
        ("hierarchy-sum", "20103", "基本支出"), ("column-identity", "2010350", "本年支出合计")}
    listed = run(coakg, "queries", cwd=work)
    assert listed.returncode == 0 and all(q.name in listed.stdout for q in available())
    loaded = run(coakg, "load", example.name, cwd=work)
    assert loaded.returncode == 0, loaded.stderr
    answered = run(coakg, "query", "findings-by-department", "--format", "json", cwd=work)
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout) == [
        {"department": "示例市示例局", "year": 2024, "rule": "column-identity", "findings": 1},
        {"department": "示例市示例局", "year": 2024, "rule": "hierarchy-sum", "findings": 1}]
    # the site's templates, style sheet and page queries travel with the wheel
    published = run(coakg, "publish", "--static", "site", cwd=work)
    assert published.returncode == 0, published.stderr
    assert "示例市示例局2024年度部门决算" in (work / "site" / "index.html").read_text(encoding="utf-8")
    assert (work / "site" / "static" / "site.css").is_file() and (work / "site" / "code" / "2010301.html").is_file()
