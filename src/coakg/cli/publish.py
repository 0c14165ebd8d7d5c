"""coakg publish: push the store's graphs to a SPARQL 1.1 endpoint (e.g. Virtuoso)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from .console import err
from .options import PASSWORD, STORE, TIMEOUT, USER, endpoint_option


def publish(
    endpoint: str = endpoint_option(True, "The SPARQL query endpoint URL."),
    update_endpoint: str = endpoint_option(False, "The SPARQL update URL, if not --endpoint.",
                                                    "--update-endpoint"),
    user: str = USER,
    password: str = PASSWORD,
    timeout: float = TIMEOUT,
    store: Path = STORE,
) -> None:
    """Replace every graph of the store on ENDPOINT: each report, its checks, and the code list.

    Example: coakg publish --endpoint http://127.0.0.1:8890/sparql-auth --user dba --password dba
    """
    from ..endpoint import Endpoint
    from ..store import KnowledgeGraph

    target = Endpoint(endpoint, update_endpoint, user, password, timeout)
    with KnowledgeGraph.read_only(store) as kg:
        graphs = list(kg.graphs())
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("publishing", total=len(graphs))
        n = target.publish(graphs, lambda graph, count: bar.advance(task))
    err.print(f"published {n} graphs ({sum(len(t) for _, t in graphs)} triples) to {update_endpoint or endpoint}")


def register(app: typer.Typer) -> None:
    app.command("publish")(publish)
