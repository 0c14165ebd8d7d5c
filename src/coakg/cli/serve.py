"""coakg serve: the knowledge graph as a web site, its IRIs dereferenced, and a read-only SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import typer

from .console import err
from .options import BASE, STORE

DEFAULT_TIMEOUT = 30.0  # = web.app.DEFAULT_TIMEOUT (a test says so); kept here for a fast --help
DEFAULT_LIMIT = 10_000  # = web.app.DEFAULT_LIMIT


def _positive(value: float) -> float:
    if not value > 0:
        raise typer.BadParameter("expected a number above 0")
    return value


def serve(
    store: Path = STORE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    base: str = BASE,
    sparql_timeout: float = typer.Option(DEFAULT_TIMEOUT, "--sparql-timeout", callback=_positive,
                                         help="Seconds a SPARQL query may run."),
    sparql_limit: int = typer.Option(DEFAULT_LIMIT, "--sparql-limit", min=1,
                                     help="Results a SPARQL answer holds at most."),
) -> None:
    """Serve the store (opened read-only) as a web site: home, reports, codes, departments, schemes, named
    queries; every IRI under --base at its path (https://coakg.org/id/x is /id/x) as HTML, Turtle, JSON-LD or
    N-Triples; a SPARQL endpoint at /sparql.

    Example: coakg serve --store .coakg/store --port 8000
    """
    from ..store import KnowledgeGraph
    from ..web.app import Limits, create_app

    kg = KnowledgeGraph.read_only(store, base)
    try:
        app = create_app(kg, Limits(sparql_timeout, sparql_limit))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--base") from None
    err.print(f"serving {store} at http://{host}:{port}/ (IRIs under {base}; Ctrl+C stops)")
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
