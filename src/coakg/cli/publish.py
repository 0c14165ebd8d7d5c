"""coakg publish: push the store's graphs to a SPARQL 1.1 endpoint (e.g. Virtuoso), or write the site as files."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from .console import err
from .options import PASSWORD, STORE, TIMEOUT, USER, endpoint_option


def publish(
    endpoint: str = endpoint_option(False, "The SPARQL query endpoint URL."),
    update_endpoint: str = endpoint_option(False, "The SPARQL update URL, if not --endpoint.",
                                                    "--update-endpoint"),
    static: Path = typer.Option(None, "--static", help="A folder to write the site into, as files."),
    user: str = USER,
    password: str = PASSWORD,
    timeout: float = TIMEOUT,
    store: Path = STORE,
) -> None:
    """Replace every graph of the store on ENDPOINT (each report, its checks, and the code list), or write the
    site into a folder (--static): its pages and each resource as Turtle, JSON-LD and N-Triples.

    Example: coakg publish --endpoint http://127.0.0.1:8890/sparql-auth --user dba --password dba

    Example: coakg publish --static site/
    """
    from ..errors import CoakgError
    from ..store import KnowledgeGraph

    if (endpoint is None) == (static is None):
        raise CoakgError("coakg publish needs exactly one target: --endpoint URL or --static DIR")
    if static is not None:
        from ..web.static import write_site

        with KnowledgeGraph.read_only(store) as kg, Progress(console=err, transient=True) as bar:
            task = bar.add_task("writing", total=None)
            written = write_site(kg, static, lambda n: bar.update(task, completed=n))
        err.print(f"wrote {written.pages} pages and {written.resources} resources (×3 RDF formats) to {static}; "
                  f"open {static / 'index.html'}")
        return
    from ..endpoint import Endpoint

    target = Endpoint(endpoint, update_endpoint, user, password, timeout)
    with KnowledgeGraph.read_only(store) as kg:
        graphs = list(kg.graphs())
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("publishing", total=len(graphs))
        n = target.publish(graphs, lambda graph, count: bar.advance(task))
    err.print(f"published {n} graphs ({sum(len(t) for _, t in graphs)} triples) to {update_endpoint or endpoint}")


def register(app: typer.Typer) -> None:
    app.command("publish")(publish)
