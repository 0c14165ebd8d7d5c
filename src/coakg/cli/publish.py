"""coakg publish: push the store's graphs to a SPARQL 1.1 endpoint (e.g. Virtuoso) or to Virtuoso by its bulk loader,
or write the site as files."""

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
    virtuoso_bulk: Path = typer.Option(None, "--virtuoso-bulk",
                                       help="A folder Virtuoso reads (DirsAllowed): load the store from files there "
                                            "by Virtuoso's bulk loader."),
    isql: str = typer.Option("isql-vt 1111 dba dba", "--isql",  # = virtuoso.DEFAULT_ISQL (a test says so)
                             help="With --virtuoso-bulk: Virtuoso's isql client, the server's SQL port "
                                  "(host:port), user and password."),
    user: str = USER,
    password: str = PASSWORD,
    timeout: float = TIMEOUT,
    store: Path = STORE,
) -> None:
    """Replace every graph of the store on ENDPOINT (each report, its checks, and the code list) or on Virtuoso
    by its bulk loader (--virtuoso-bulk), or write the site into a folder (--static): its pages and each resource
    as Turtle, JSON-LD and N-Triples.

    Example: coakg publish --endpoint http://127.0.0.1:8890/sparql-auth --user dba --password dba

    Example: coakg publish --virtuoso-bulk /var/lib/virtuoso-opensource-7/db --isql 'isql-vt 1111 dba dba'

    Example: coakg publish --static site/
    """
    from ..errors import CoakgError
    from ..store import KnowledgeGraph

    if sum(target is not None for target in (endpoint, static, virtuoso_bulk)) != 1:
        raise CoakgError("coakg publish needs exactly one target: --endpoint URL, --virtuoso-bulk DIR or --static DIR")
    if virtuoso_bulk is not None:
        _bulk_load(store, virtuoso_bulk, isql)
        return
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


def _bulk_load(store: Path, folder: Path, isql: str) -> None:
    from ..store import KnowledgeGraph
    from ..virtuoso import Isql, bulk_load

    server = Isql(isql)
    with KnowledgeGraph.read_only(store) as kg, Progress(console=err, transient=True) as bar:
        task = bar.add_task("publishing", total=None)
        done = bulk_load(kg, folder, server,
                         lambda step, n, total: bar.update(task, description=step, completed=n, total=total or None))
    err.print(f"published {done.graphs} graphs ({done.quads} quads; {done.replaced} replaced) to Virtuoso by its bulk "
              f"loader from {done.files} files in {done.seconds:.1f} s")


def register(app: typer.Typer) -> None:
    app.command("publish")(publish)
