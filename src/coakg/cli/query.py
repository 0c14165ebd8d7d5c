"""coakg query: run a named SPARQL query on the embedded store or on an endpoint; coakg queries: list them."""

from __future__ import annotations

import csv
import enum
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .console import out
from .options import PASSWORD, STORE, TIMEOUT, USER, endpoint_option

if TYPE_CHECKING:

    from ..queries import Answer


class QueryFormat(str, enum.Enum):
    table = "table"
    csv = "csv"
    json = "json"


def query(
    name: str = typer.Argument(..., help="A named query (see coakg queries) or a .rq file."),
    param: list[str] = typer.Option([], "--param", "-p", help="A parameter as name=value; repeat for several."),
    store: Path = STORE,
    endpoint: str = endpoint_option(False, "A SPARQL endpoint URL to ask instead of the store."),
    user: str = USER,
    password: str = PASSWORD,
    timeout: float = TIMEOUT,
    output_format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Run query NAME with its parameters bound as RDF terms, and print the answer.

    A SELECT query prints rows (--format), an ASK query true or false, a CONSTRUCT or DESCRIBE query Turtle.

    Example: coakg query figures-for-code --param code=2080505 --format csv
    """
    from ..errors import UnknownQuery
    from ..queries import find

    q = find(name)
    values = {}
    for p in param:
        key, sep, value = p.partition("=")
        if not sep:
            raise UnknownQuery(f"--param {p!r}: expected name=value")
        values[key.strip()] = value.strip()
    bindings = q.bind(values)
    answer: Answer
    if endpoint:
        from ..endpoint import Endpoint

        answer = Endpoint(endpoint, user=user, password=password, timeout=timeout).run(q, bindings)
    else:
        from ..store import KnowledgeGraph

        with KnowledgeGraph.read_only(store) as kg:
            answer = kg.run(q, bindings)
    render(answer, output_format, title=q.title)


def render(answer: Answer, output_format: QueryFormat, title: str = "") -> None:
    from rich.table import Table as RichTable

    from ..queries import Triples

    if isinstance(answer, bool):
        out.out(json.dumps(answer) if output_format is QueryFormat.json else str(answer).lower())
        return
    if isinstance(answer, Triples):
        out.out(answer.turtle, end="")
        return
    records = answer.records()
    if output_format is QueryFormat.json:
        out.out(json.dumps(records, ensure_ascii=False, indent=2, default=str))
    elif output_format is QueryFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(answer.columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
        out.out(buffer.getvalue(), end="")
    else:
        from ..answer_columns import AMOUNT, COUNT, PERCENT, columns, shown

        heads = columns(answer.columns)
        table = RichTable(title=f"{title}（{len(records)} 行）")
        for c in heads:  # amounts right-aligned, with the decimals a report prints, as on the site
            table.add_column(c.name, justify="right" if c.holds in (AMOUNT, COUNT, PERCENT) else "left")
        for row in answer.rows:
            table.add_row(*(shown(v, c.holds) for v, c in zip(row, heads, strict=True)))
        out.print(table)


def queries() -> None:
    """List the named queries: name, title, parameters and the question each answers.

    Example: coakg queries
    """
    from rich.table import Table as RichTable

    from ..queries import available

    table = RichTable(title="coakg named queries")
    table.add_column("name", no_wrap=True)  # whole in a narrow terminal: it is what the user types
    for column in ("title", "parameters", "question"):
        table.add_column(column)
    for q in available():
        table.add_row(q.name, q.title, ", ".join(f"{p.name} ({p.type})" for p in q.parameters), q.question)
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
    app.command("queries")(queries)
