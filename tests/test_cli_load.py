"""coakg load --published-at URL and --published-list LIST.csv (issue 22): where each report file was published is
kept in the store by the file's content, shown on the report's page as a link and in the catalogue a harvester
fetches as the source distribution's dcat:accessURL (the DCAT-AP 3 shapes still pass); loading again changes
nothing, another URL replaces it; a URL that is not an absolute http(s) URL, or a list that cannot be read, is
refused before anything runs (exit 2, no traceback)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from conftest import EXAMPLE, SEED
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT
from test_derivations import catalogue_served, violations
from typer.testing import CliRunner

from coakg.cli import app
from coakg.iris import Minter
from coakg.store import KnowledgeGraph

runner = CliRunner()
mint = Minter()
ORIGINAL = "https://www.example.gov.cn/czj/2024/部门决算.pdf"
OTHER = "https://www.example.gov.cn/czj/2024/index.html?id=7&lang=zh"
EXAMPLE_REPORT = mint.base + "report/" + quote("示例市示例局") + "/2024/final"
SEED_REPORT = mint.base + "report/" + quote("广州市增城区政务服务数据管理局") + "/2019/final"


def load(store: Path, *args: str, code: int = 0):
    result = runner.invoke(app, ["load", *args, "--store", str(store)])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def source(path: Path) -> URIRef:
    return URIRef(mint.source(hashlib.sha256(path.read_bytes()).hexdigest()))


def published(store: Path) -> set[tuple[str, str]]:
    """(source, URL) of each statement of where a file was published."""
    with KnowledgeGraph.read_only(store) as kg:
        graph = ox.NamedNode(mint.graph("publication"))
        return {(q.subject.value, q.object.value) for q in kg.store.quads_for_pattern(None, None, None, graph)
                if q.predicate.value == str(DCAT.accessURL)}


def every_quad(store: Path) -> set[str]:
    with KnowledgeGraph.read_only(store) as kg:
        return {str(q) for q in kg.store.quads_for_pattern(None, None, None, None)}


def report_page(store: Path, report: str) -> str:
    from coakg.web.app import create_app

    with KnowledgeGraph.read_only(store) as kg:
        response = create_app(kg).test_client().get("/id/" + report.removeprefix(mint.base),
                                                    headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_published_at_is_kept_shown_on_the_report_page_and_in_the_catalogue(tmp_path):
    store = tmp_path / "store"
    load(store, str(EXAMPLE), "--published-at", ORIGINAL)
    assert published(store) == {(str(source(EXAMPLE)), ORIGINAL)}
    html = report_page(store, EXAMPLE_REPORT)
    link = re.search(r"<dt>原始发布 Published at</dt><dd><a href=\"([^\"]+)\"[^>]*>([^<]+)</a>", html)
    assert link and link.groups() == (ORIGINAL, ORIGINAL)
    g = catalogue_served(store)
    report = URIRef(EXAMPLE_REPORT)
    assert source(EXAMPLE) in set(g.objects(report, DCAT.distribution))
    assert set(g.objects(source(EXAMPLE), DCAT.accessURL)) == {source(EXAMPLE), URIRef(ORIGINAL)}
    assert violations(g) == []


def test_loading_again_changes_nothing_and_another_url_replaces_it(tmp_path):
    store = tmp_path / "store"
    load(store, str(EXAMPLE), "--published-at", ORIGINAL)
    before = every_quad(store)
    assert "unchanged" in load(store, str(EXAMPLE), "--published-at", ORIGINAL).output
    assert every_quad(store) == before
    load(store, str(EXAMPLE))  # a load that states nothing keeps what was stated
    assert published(store) == {(str(source(EXAMPLE)), ORIGINAL)}
    load(store, str(EXAMPLE), "--published-at", OTHER)
    assert published(store) == {(str(source(EXAMPLE)), OTHER)}
    assert set(catalogue_served(store).objects(source(EXAMPLE), DCAT.accessURL)) == {source(EXAMPLE), URIRef(OTHER)}
    assert 'href="https://www.example.gov.cn/czj/2024/index.html?id=7&amp;lang=zh"' in report_page(store, EXAMPLE_REPORT)


def test_published_list_gives_each_file_its_url_by_name_or_sha256(tmp_path):
    store, listed = tmp_path / "store", tmp_path / "published.csv"
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    listed.write_text("\ufefftitle,file,url\n"  # as a spreadsheet saves it: a byte order mark, a column of its own
                      f"示例,{EXAMPLE.name},{ORIGINAL}\n"
                      f"增城,{sha.upper()},{OTHER}\n"
                      f"其他,另一个文件.pdf,https://www.example.gov.cn/other.pdf\n\n", encoding="utf-8")
    result = load(store, str(EXAMPLE), str(SEED), "--published-list", str(listed))
    assert "1 rows name no file of this load: 另一个文件.pdf (line 4)" in result.output
    assert published(store) == {(str(source(EXAMPLE)), ORIGINAL), (str(source(SEED)), OTHER)}
    g = catalogue_served(store)
    assert URIRef(OTHER) in set(g.objects(source(SEED), DCAT.accessURL))
    assert OTHER.replace("&", "&amp;") in report_page(store, SEED_REPORT)
    assert violations(g) == []


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--published-at", "javascript:alert(1)", "is not where a file was published: expected an absolute http:// or "
                                              "https:// URL"),
    ("--published-at", "www.example.gov.cn/a.pdf", "expected an absolute http:// or https:// URL"),
    ("--published-at", "https://www.example.gov.cn/a b.pdf", "expected an IRI without spaces"),
    ("--published-at", "ftp://www.example.gov.cn/a.pdf", "expected an absolute http:// or https:// URL"),
])
def test_a_url_that_is_not_an_absolute_http_url_is_refused_before_loading(tmp_path, option, value, expected):
    result = load(tmp_path / "store", str(EXAMPLE), option, value, code=2)
    assert expected in " ".join(result.output.split())
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("name,link\na.txt,https://www.example.gov.cn/a\n",
     "line 1: expected a header naming the columns file and url (found name,link)"),
    ("file,url\n示例.txt,https://www.example.gov.cn/a\n示例2.txt,/reports/b.pdf\n",
     "line 3: '/reports/b.pdf' is not where 示例2.txt was published: expected an absolute http:// or https:// URL"),
    ("file,url\n,https://www.example.gov.cn/a\n", "line 2: expected a file's name or SHA-256 in the column file"),
    (f"file,url\n{EXAMPLE.name},https://www.example.gov.cn/a\n{EXAMPLE},https://www.example.gov.cn/b\n",
     "line 2 (https://www.example.gov.cn/a) and line 3 (https://www.example.gov.cn/b) give"),
])
def test_a_list_that_cannot_be_used_is_refused_before_loading(tmp_path, text, expected):
    listed = tmp_path / "published.csv"
    listed.write_text(text, encoding="utf-8")
    result = load(tmp_path / "store", str(EXAMPLE), "--published-list", str(listed), code=2)
    assert f"{listed}: {expected}" in " ".join(result.output.split())
    assert not (tmp_path / "store").exists()


def test_published_at_names_one_file_alone_and_a_list_must_be_readable_utf8(tmp_path):
    result = load(tmp_path / "store", str(EXAMPLE), str(SEED), "--published-at", ORIGINAL, code=2)
    assert "--published-at gives where one file was published, and 2 are given" in result.output
    listed = tmp_path / "published.csv"
    listed.write_text(f"file,url\n{EXAMPLE.name},{ORIGINAL}\n", encoding="utf-8")
    result = load(tmp_path / "store", str(EXAMPLE), "--published-at", ORIGINAL, "--published-list", str(listed), code=2)
    assert "--published-at and --published-list: give one" in result.output
    listed.write_bytes(f"file,url\n{EXAMPLE.name},{ORIGINAL}\n".encode("gbk"))
    result = load(tmp_path / "store", str(EXAMPLE), "--published-list", str(listed), code=2)
    assert "expected a CSV file in UTF-8" in result.output
    result = load(tmp_path / "store", str(EXAMPLE), "--published-list", str(tmp_path / "none.csv"), code=2)
    assert "none.csv: cannot read the list of where files were published" in " ".join(result.output.split())
    assert not (tmp_path / "store").exists()


def test_the_source_page_links_where_its_file_was_published(tmp_path):
    from coakg.web.app import create_app

    store = tmp_path / "store"
    load(store, str(EXAMPLE), "--published-at", ORIGINAL)
    with KnowledgeGraph.read_only(store) as kg:
        client = create_app(kg).test_client()
        page = client.get("/id/" + str(source(EXAMPLE)).removeprefix(mint.base), headers={"Accept": "text/html"})
        turtle = client.get("/id/" + str(source(EXAMPLE)).removeprefix(mint.base) + ".ttl")
    assert f'href="{ORIGINAL}"' in page.get_data(as_text=True)
    assert (source(EXAMPLE), DCAT.accessURL, URIRef(ORIGINAL)) in Graph().parse(data=turtle.data, format="turtle")


def test_the_static_site_links_where_a_file_was_published_and_its_catalogue_names_it(tmp_path):
    from test_web_static import broken_links

    store, site = tmp_path / "store", tmp_path / "site"
    load(store, str(EXAMPLE), "--published-at", ORIGINAL)
    result = runner.invoke(app, ["publish", "--static", str(site), "--store", str(store)])
    assert result.exit_code == 0, result.output
    page = (site / "id" / "report" / "示例市示例局" / "2024" / "final.html").read_text(encoding="utf-8")
    assert f'<dt>原始发布 Published at</dt><dd><a href="{ORIGINAL}"' in page
    catalogue = Graph().parse(site / "id" / "dataset.ttl", format="turtle")
    assert set(catalogue.objects(source(EXAMPLE), DCAT.accessURL)) == {source(EXAMPLE), URIRef(ORIGINAL)}
    assert (None, DCAT.downloadURL, None) not in catalogue  # the static site ships no source files
    assert violations(catalogue) == [] and broken_links(site) == []


def test_a_file_that_fails_gets_no_url_and_the_others_do(tmp_path):
    bad, listed, store = tmp_path / "坏.txt", tmp_path / "published.csv", tmp_path / "store"
    bad.write_text("这不是一份报告。\n", encoding="utf-8")
    listed.write_text(f"file,url\n{bad.name},https://www.example.gov.cn/bad.pdf\n{EXAMPLE.name},{ORIGINAL}\n",
                      encoding="utf-8")
    result = load(store, str(bad), str(EXAMPLE), "--published-list", str(listed), code=2)
    assert f"failed: {bad}: lines 1–1" in result.output and "1 added, 1 failed" in result.output
    assert published(store) == {(str(source(EXAMPLE)), ORIGINAL)}


def test_a_url_in_the_store_that_is_not_http_is_shown_as_text_never_linked(tmp_path):
    """The load refuses such a URL; a store written otherwise may hold one: the report's page shows it, unlinked."""
    store = tmp_path / "store"
    load(store, str(EXAMPLE))
    with KnowledgeGraph(store) as kg:
        kg.store.add(ox.Quad(ox.NamedNode(str(source(EXAMPLE))), ox.NamedNode(str(DCAT.accessURL)),
                             ox.NamedNode("javascript:alert(1)"), ox.NamedNode(mint.graph("publication"))))
    html = report_page(store, EXAMPLE_REPORT)
    assert "<dt>原始发布 Published at</dt><dd>javascript:alert(1)</dd>" in html
    assert 'href="javascript:' not in html
