"""The static site (coakg publish --static) crawled: every link of every page names a file the site holds, and
every file name is short and plain, on stores whose IRIs hold an encoded '/' and a very long segment; a figure is
a cell of its report's page and its RDF in the report's downloads, with no file of its own; the catalogue passes
the DCAT-AP 3 shapes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import EXAMPLE, ROOT, SGB

# a department whose name holds a '/' (%2F in its IRIs) and is longer than a file name may be (over 255 bytes)
LONG_NAME = "示例市" + "很长的部门名称" * 13 + "局/预算处"
LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
ANCHOR = re.compile(r'\bid="([^"]*)"')
SHAPES = ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.0-SHACL.ttl"


def publish(folder: Path, *reports: tuple) -> Path:
    """The static site, in folder/site, of a store of the first report of each (file, department, year)."""
    from typer.testing import CliRunner

    from coakg.cli import app
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph

    with KnowledgeGraph(folder / "store") as kg:
        for report in reports:
            add_report(kg, read_file(*report).reports[0])
        kg.derive()
    result = CliRunner().invoke(app, ["publish", "--static", str(folder / "site"), "--store", str(folder / "store")])
    assert result.exit_code == 0, result.output
    return folder / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The static site of the bundled example and of 中共上海市普陀区委社会工作部's 2024 report (items such as
    收入/本年收入合计 in its summary tables: %2F in their IRIs)."""
    return publish(tmp_path_factory.mktemp("static"), (EXAMPLE,), (SGB,))


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every (page, link) of the site whose link is relative and names no file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue  # a link out of the site, or to a part of the page itself
            target = (page.parent / unquote(parts.path)).resolve()
            if not (target.is_relative_to(site.resolve()) and target.is_file()) or parts.query:
                broken.append((str(page.relative_to(site)), link))
    return broken


def test_a_crawl_of_the_static_site_finds_no_broken_link(site):
    assert len(list(site.rglob("*.html"))) > 100
    assert broken_links(site) == []
    # the vocabulary the pages link their properties to, in every form, and the context of the JSON-LD downloads
    assert {p.name for p in site.glob("ns.*")} == {"ns.html", "ns.ttl", "ns.jsonld", "ns.nt"}
    assert (site / "context.jsonld").is_file() and 'id="amount"' in (site / "ns.html").read_text(encoding="utf-8")


def test_every_file_name_of_the_static_site_is_short_and_plain(site, tmp_path):
    long_site = publish(tmp_path, (EXAMPLE, LONG_NAME, 2023))
    assert broken_links(long_site) == []
    names = [path.name for path in [*site.rglob("*"), *long_site.rglob("*")]]
    assert max(len(name.encode("utf-8")) for name in names) <= 255
    assert not [name for name in names if "%2F" in name.upper() or "/" in name or "\\" in name]
    # a segment with an encoded '/' is one file name, as deep as its path: its page's links go up to the root
    page = next(site.glob("id/code/item/*∕*.html"))
    assert 'href="../../../static/site.css"' in page.read_text(encoding="utf-8")


def test_a_file_name_is_one_segment_of_its_path_never_outside_the_folder_and_never_shared():
    from coakg.web.links import file_of

    assert file_of("/") == "index.html" and file_of("/id/report/%E7%A4%BA/2024/final", ".ttl") == "id/report/示/2024/final.ttl"
    odd = ["/id/a%2Fb", "/id/a\u2215b", "/id/..", "/id/%2E%2E", "/id/a//b", "/id/a/b", "/id/" + "%E5%90%8D" * 90,
           "/id/" + "%E5%90%8D" * 91, "/id/a%5Cb", "/id/a%00b"]
    files = [file_of(path) for path in odd]
    assert len(set(files)) == len(files)
    for path, file in zip(odd, files, strict=True):
        assert file.count("/") == path.strip("/").count("/"), (path, file)
        assert all(part not in ("", ".", "..") and len(part.encode("utf-8")) <= 120 for part in file.split("/"))
        assert "\\" not in file and "\x00" not in file


def test_a_build_replaces_the_earlier_site_whole_and_an_interrupted_one_leaves_it(site, tmp_path, monkeypatch):
    from coakg.errors import StoreError
    from coakg.store import KnowledgeGraph
    from coakg.web import static

    target = tmp_path / "site"
    with KnowledgeGraph.read_only(site.parent / "store") as kg:
        static.write_site(kg, target)
        (target / "earlier.html").write_text("a file of an earlier site", encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(static.pages, "for_resource", lambda *args: 1 / 0)
            with pytest.raises(ZeroDivisionError):
                static.write_site(kg, target)
        assert (target / "earlier.html").is_file() and [path.name for path in tmp_path.iterdir()] == ["site"]
        static.write_site(kg, target)
        assert (target / "index.html").is_file() and not (target / "earlier.html").exists()
        assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "mine.txt").write_text("not a site", encoding="utf-8")
        with pytest.raises(StoreError, match="no site"):
            static.write_site(kg, tmp_path / "notes")
        assert [path.name for path in (tmp_path / "notes").iterdir()] == ["mine.txt"]
        (tmp_path / "www").mkdir()  # a web server's folder with a home page of its own is no site coakg wrote
        (tmp_path / "www" / "index.html").write_text("<h1>my server</h1>", encoding="utf-8")
        with pytest.raises(StoreError, match="no site coakg wrote"):
            static.write_site(kg, tmp_path / "www")
        assert [path.name for path in (tmp_path / "www").iterdir()] == ["index.html"]


def test_the_static_site_holds_the_resources_its_pages_link_to_and_only_those(site):
    from coakg.web.links import file_of

    # every page is reached from the home page by following links
    root = site.resolve()
    reached, waiting = {root / "index.html"}, [root / "index.html"]
    while waiting:
        page = waiting.pop()
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link.replace("&amp;", "&"))
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.scheme or parts.netloc or target in reached or not target.is_file():
                continue
            reached.add(target)
            if target.suffix == ".html":
                waiting.append(target)
    assert {path for path in root.rglob("*") if path.is_file()} == reached | {root / ".coakg-site"}  # and its mark
    # a summation of the checks is linked from no page, and has no file
    assert not (site / file_of("/id/report/中共上海市普陀区委社会工作部/2024/final/sum/0")).exists()


def test_a_figure_is_a_cell_of_its_reports_page_and_its_rdf_the_reports_downloads(site):
    import pyoxigraph as ox
    from rdflib import Graph

    from coakg.store import KnowledgeGraph

    report = "/id/report/中共上海市普陀区委社会工作部/2024/final"
    # a report is four files, its page and its graph in each RDF form; its parts (figures, tables, rows, columns,
    # sums, checks, key figures) have none
    assert sorted(path.name for path in (site / report.strip("/")).parent.iterdir()) == [
        "final.html", "final.jsonld", "final.nt", "final.ttl"]
    assert len([path for path in (site / "id" / "report").rglob("*") if path.is_file()]) == 2 * 4
    # every link to a figure or a table (a code page's, a report page's) opens its report's page at its cell
    anchors: dict[Path, set[str]] = {}
    links = 0
    for page in site.rglob("*.html"):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or not parts.fragment.startswith(("obs/", "table/")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if target not in anchors:
                anchors[target] = set(ANCHOR.findall(target.read_text(encoding="utf-8")))
            assert parts.fragment in anchors[target], (page, link)
            links += 1
    assert links > 1000
    # the downloads hold the report's graph, every triple of it
    with KnowledgeGraph.read_only(site.parent / "store") as kg:
        iri = kg.base + report.removeprefix("/id/").replace("中共上海市普陀区委社会工作部",
                                                              "%E4%B8%AD%E5%85%B1%E4%B8%8A%E6%B5%B7%E5%B8%82%E6%99%AE"
                                                              "%E9%99%80%E5%8C%BA%E5%A7%94%E7%A4%BE%E4%BC%9A%E5%B7%A5"
                                                              "%E4%BD%9C%E9%83%A8")
        stored = len(list(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))))
    assert stored > 3000
    for suffix, rdf_format in ((".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")):
        graph = Graph().parse(site / (report.strip("/") + suffix), format=rdf_format)
        assert len(graph) == stored, suffix


def test_the_catalogue_a_harvester_fetches_from_the_static_site_passes_the_dcat_ap_shapes(site):
    import pyshacl
    from rdflib import RDF, Graph
    from rdflib.namespace import DCAT

    catalogue = Graph().parse(site / "id" / "dataset.ttl", format="turtle")
    assert len(set(catalogue.subjects(RDF.type, DCAT.Dataset))) == 2
    assert not set(catalogue.subjects(RDF.type, DCAT.DataService))  # a static site has no SPARQL endpoint
    conforms, _, text = pyshacl.validate(catalogue, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, text
    # its page lists the reports, linked to their pages
    page = (site / "id" / "dataset.html").read_text(encoding="utf-8")
    assert page.count('href="../id/report/') >= 2
