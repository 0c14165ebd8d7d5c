"""coakg serve: the knowledge graph as a web site, its IRIs dereferenced, and a read-only SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import typer

from .console import err
from .options import BASE, STORE

DEFAULT_TIMEOUT = 30.0  # = web.app.DEFAULT_TIMEOUT (a test says so); kept here for a fast --help
DEFAULT_LIMIT = 10_000  # = web.app.DEFAULT_LIMIT
DEFAULT_THREADS = 4  # waitress's own default


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
    threads: int = typer.Option(DEFAULT_THREADS, "--threads", min=1,
                                help="Requests answered at once (so also queries running at once, each in a process)."),
    sources: Path | None = typer.Option(None, "--sources", exists=True, file_okay=False, dir_okay=True,
                                        help="A folder of the report files (searched by name, proven by SHA-256): "
                                             "each source's file is served at its IRI with its extension."),
) -> None:
    """Serve the store (opened read-only) as a web site: home, reports, codes, departments, schemes, named
    queries; every IRI under --base at its path (https://coakg.org/id/x is /id/x) as HTML, Turtle, JSON-LD or
    N-Triples; a SPARQL endpoint at /sparql.

    The server is waitress (a production WSGI server); --port 0 takes a free port and says which.

    Example: coakg serve --store .coakg/store --port 8000
    """
    from waitress.server import MultiSocketServer, create_server

    from ..store import KnowledgeGraph
    from ..web.app import Limits, create_app

    kg = KnowledgeGraph.read_only(store, base)
    try:
        app = create_app(kg, Limits(sparql_timeout, sparql_limit), sources)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--base") from None
    server = create_server(app, host=host, port=port, threads=threads)
    listening = (server.effective_listen if isinstance(server, MultiSocketServer)  # a host of several addresses
                 else [(server.effective_host, server.effective_port)])
    at = ", ".join(f"http://{f'[{h}]' if ':' in h else h}:{p}/" for h, p in listening)
    err.print(f"serving {store} at {at} (IRIs under {base}; Ctrl+C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
