"""coakg publish: push the store's graphs to a SPARQL 1.1 endpoint (e.g. Virtuoso)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from ..endpoint import Endpoint
from ..store import KnowledgeGraph
from .console import err
from .options import STORE


def publish(
    endpoint: str = typer.Option(..., "--endpoint", help="The SPARQL query endpoint URL."),
    update_endpoint: str = typer.Option(None, "--update-endpoint", help="The SPARQL update URL, if not --endpoint."),
    user: str = typer.Option(None, "--user", help="User name for the endpoint (HTTP digest)."),
    password: str = typer.Option(None, "--password", help="Password for the endpoint."),
    store: Path = STORE,
) -> None:
    """Replace every graph of the store on ENDPOINT: each report, its checks, and the code list.

    Example: coakg publish --endpoint http://127.0.0.1:8890/sparql-auth --user dba --password dba
    """
    with KnowledgeGraph.read_only(store) as kg:
        graphs = list(kg.graphs())
    target = Endpoint(endpoint, update_endpoint, user, password)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("publishing", total=len(graphs))
        n = target.publish(graphs, lambda graph, count: bar.advance(task))
    err.print(f"published {n} graphs ({sum(len(t) for _, t in graphs)} triples) to {update_endpoint or endpoint}",
              highlight=False)


def register(app: typer.Typer) -> None:
    app.command("publish")(publish)
