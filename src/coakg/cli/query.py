"""coakg query: run a named SPARQL query on the embedded store or on an endpoint; coakg queries: list them."""

from __future__ import annotations

import csv
import enum
import io
import json
from pathlib import Path

import typer
from rich.table import Table as RichTable

from ..endpoint import Endpoint
from ..errors import UnknownQuery
from ..queries import Results, available, find
from ..store import KnowledgeGraph
from .console import out
from .options import STORE


class QueryFormat(str, enum.Enum):
    table = "table"
    csv = "csv"
    json = "json"


def query(
    name: str = typer.Argument(..., help="A named query (see coakg queries) or a .rq file."),
    param: list[str] = typer.Option([], "--param", "-p", help="A parameter as name=value; repeat for several."),
    store: Path = STORE,
    endpoint: str = typer.Option(None, "--endpoint", help="A SPARQL endpoint URL to ask instead of the store."),
    user: str = typer.Option(None, "--user", help="User name for the endpoint (HTTP digest)."),
    password: str = typer.Option(None, "--password", help="Password for the endpoint."),
    output_format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Run query NAME with its parameters bound as RDF terms, and print the answer.

    Example: coakg query figures-for-code --param code=2080505 --format csv
    """
    q = find(name)
    values = {}
    for p in param:
        key, sep, value = p.partition("=")
        if not sep:
            raise UnknownQuery(f"--param {p!r}: expected name=value")
        values[key.strip()] = value.strip()
    bindings = q.bind(values)
    if endpoint:
        results = Endpoint(endpoint, user=user, password=password).select(q, bindings)
    else:
        with KnowledgeGraph.read_only(store) as kg:
            results = kg.select(q, bindings)
    render(results, output_format, title=q.title)


def render(results: Results, output_format: QueryFormat, title: str = "") -> None:
    records = results.records()
    if output_format is QueryFormat.json:
        out.out(json.dumps(records, ensure_ascii=False, indent=2, default=str))
    elif output_format is QueryFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(results.columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
        out.out(buffer.getvalue(), end="")
    else:
        table = RichTable(*results.columns, title=f"{title}（{len(records)} 行）")
        for r in records:
            table.add_row(*("" if v is None else str(v) for v in r.values()))
        out.print(table)


def queries() -> None:
    """List the named queries: name, title, parameters and the question each answers."""
    table = RichTable("name", "title", "parameters", "question", title="coakg named queries")
    for q in available():
        table.add_row(q.name, q.title, ", ".join(f"{p.name} ({p.type})" for p in q.parameters), q.question)
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
    app.command("queries")(queries)
