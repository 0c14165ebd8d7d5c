"""coakg load: add reports to the embedded store."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import typer
from rich.progress import Progress
from rich.text import Text

from .console import err, error
from .options import BASE, STORE

EXIT_FAILED = 2  # a file could not be read or written: bad input, as for every command


def _licence(value: str | None) -> str | None:
    """A licence option: an absolute IRI, checked before anything runs."""
    if value is None:
        return None
    import pyoxigraph as ox

    from ..iris import iri_problem

    problem = iri_problem(value)
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        problem = problem or str(exc)
    if problem:
        raise typer.BadParameter(f"{value!r} is not an IRI: expected {problem}")
    return value


def _published_url(value: str | None) -> str | None:
    """A --published-at URL: an absolute http(s) URL, checked before anything runs."""
    from ..publication import url_problem

    problem = None if value is None else url_problem(value)
    if problem:
        raise typer.BadParameter(f"{value!r} is not where a file was published: expected {problem}")
    return value


def _where_published(reports: list[Path], url: str | None, listed: Path | None) -> dict[int, tuple[str, str]]:
    """Where each file was published (its index: its SHA-256 and URL), from --published-at or --published-list,
    checked before anything is read."""
    from ..errors import UsageError
    from ..publication import match, read_list, sha256_of

    if url is not None and listed is not None:
        raise UsageError("--published-at and --published-list: give one (--published-at for one file, "
                         "--published-list for several)")
    if url is not None:
        if len(reports) != 1:
            raise UsageError(f"--published-at gives where one file was published, and {len(reports)} are given: "
                             "expected one file (for several, --published-list LIST.csv)")
        sha = sha256_of(reports[0])
        return {0: (sha, url)} if sha else {}
    if listed is None:
        return {}
    matched = match(reports, read_list(listed), str(listed))
    if matched.unmatched:
        names = ", ".join(f"{r.file} (line {r.line})" for r in matched.unmatched[:3])
        more = f" and {len(matched.unmatched) - 3} more" if len(matched.unmatched) > 3 else ""
        err.print(Text(f"{listed}: {len(matched.unmatched)} rows name no file of this load: {names}{more}"))
    return matched.urls


def load(
    reports: list[Path] = typer.Argument(..., help="Report files: PDF or extracted text."),
    store: Path = STORE,
    base: str = BASE,
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, envvar="COAKG_JOBS",
                             help="Worker processes that read, check and build files while one writes the store."),
    licence: str = typer.Option(None, "--licence", callback=_licence,
                                help="The licence of the store's data (an IRI), stated in its catalogue from now on; "
                                     "none is claimed unless stated."),
    published_at: str = typer.Option(None, "--published-at", metavar="URL", callback=_published_url,
                                     help="Where the one file given was published (an http(s) URL): the report's "
                                          "page and the catalogue link it."),
    published_list: Path = typer.Option(None, "--published-list", metavar="LIST.csv", dir_okay=False,
                                        help="Where each file was published: a CSV file with the columns file (a "
                                             "file's name or SHA-256) and url."),
) -> None:
    """Add REPORTS to the store, each with its checks; a newer file of the same department and year replaces the older.

    Each file is all-or-nothing; a file that fails is reported and the others are still loaded. Files are
    read by --jobs worker processes (default: one per CPU) while this one writes. --licence states the licence
    of the store's data (of every report, also those loaded before and after): coakg claims none otherwise.
    --published-at URL states where the file was published (its original URL); --published-list LIST.csv where
    each of several files was: a CSV file with a header naming the columns file and url, a row per file (its name,
    as given or its last part, or its SHA-256). Each URL must be an absolute http(s) URL, checked before anything
    is read. Exit code 0: every file loaded (or unchanged); 2: some files failed (the others are loaded).

    Example: coakg load reports/*.pdf --store .coakg/store

    Example: coakg load reports/*.pdf --licence https://creativecommons.org/licenses/by/4.0/

    Example: coakg load report.pdf --published-at https://www.example.gov.cn/2024/report.pdf

    Example: coakg load reports/*.pdf --published-list published.csv
    """
    from ..derivations import state
    from ..errors import StoreError
    from ..loading import Failed, load_files
    from ..store import KnowledgeGraph

    published = _where_published(reports, published_at, published_list)
    kg = KnowledgeGraph(store, base)
    try:
        with Progress(console=err, transient=True, disable=len(reports) < 2) as bar:
            for note in kg.recovered:
                err.print(Text(f"recovered {store}: {note}"))
            task = bar.add_task("loading", total=len(reports))
            outcomes = load_files(kg, reports, lambda path: bar.advance(task), jobs)
        loaded = {sha: url for i, (sha, url) in published.items() if not isinstance(outcomes[i], Failed)}
        if licence is not None or loaded:
            state(kg, licence, loaded)
    except BaseException:
        kg.close()
        raise
    closing: StoreError | None = None
    try:  # every file's outcome is printed, also when writing the store to disk fails at the end
        kg.close()
    except StoreError as exc:
        closing = exc
    counts = Counter("failed" if isinstance(o, Failed) else o.status for o in outcomes)
    for o in outcomes:
        if isinstance(o, Failed):
            error(o.error, label="failed")
        else:
            note = f" (replaces {o.previous})" if o.previous else ""
            err.print(Text(f"{o.status} {o.report}: {o.findings} findings{note}"))
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged", "failed") if s in counts)
    err.print(Text(f"{len(outcomes)} files: {summary}; store {store}"))
    if closing is not None:
        error(f"{closing}; the outcomes above may not all be on disk: run the same load again")
    raise typer.Exit(EXIT_FAILED if counts.get("failed") or closing is not None else 0)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
