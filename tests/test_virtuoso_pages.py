"""Issue 23: the site's page queries (pages/*.rq) answer on Virtuoso, loaded in bulk by coakg publish, as on the
embedded store: each query with its parameters bound to a real report of the four (its tables, a figure, its
checks, a code it prints, its department), run on both."""

import pytest
import virtuoso as server
from test_store import _unordered, coakg
from test_virtuoso_bulk import store  # noqa: F401 - the fixture: the four real reports' store

from coakg.endpoint import Endpoint
from coakg.queries import page_queries
from coakg.store import KnowledgeGraph
from coakg.web.site import page_query


def _values(kg: KnowledgeGraph) -> dict[str, str]:
    """A value for each page query's parameter, read from the store: the report with the most findings."""
    reports = kg.select(page_query("reports"), {}).records()
    report = max(reports, key=lambda r: (r["findings"] or 0, r["report"]))
    tables = kg.select(page_query("report-tables"), page_query("report-tables").bind(
        {"report": report["report"]})).records()
    cells = kg.select(page_query("report-cells"), page_query("report-cells").bind(
        {"report": report["report"]})).records()
    schemes = kg.select(page_query("schemes"), {}).records()
    return {"report": report["report"], "resource": report["report"], "checks": f"{report['report']}/checks",
            "department": report["department"], "code": "2010301", "words": "行政运行", "first": "0", "end": "60",
            "table": tables[0]["table"], "observation": cells[0]["observation"], "scheme": schemes[0]["scheme"],
            "publication": f"{kg.base}graph/publication"}


@pytest.mark.slow
def test_the_sites_page_queries_answer_on_virtuoso_as_on_the_embedded_store(store, virtuoso):  # noqa: F811
    assert coakg("publish", "--store", str(store), *server.bulk_options(virtuoso)).returncode == 0
    endpoint = Endpoint(f"{virtuoso}/sparql")
    answered, differ = 0, []
    with KnowledgeGraph.read_only(store) as kg:
        values = _values(kg)
        for q in page_queries():
            bindings = q.bind({p.name: values[p.name] for p in q.parameters})
            if q.form != "SELECT":
                assert sorted(map(str, kg.triples(q, bindings))) and endpoint.run(q, bindings), q.name
                continue
            embedded = kg.select(q, bindings).records()
            remote = endpoint.select(q, bindings).records()
            if _unordered(remote) != _unordered(embedded):
                differ.append(f"{q.name}: {len(remote)} rows on Virtuoso, {len(embedded)} embedded")
            answered += bool(embedded)
    assert not differ
    assert answered >= 20  # queries answered with rows, not only alike because empty
