"""Options shared by several commands. Importing this module imports none of the library."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

DEFAULT_BASE = "https://coakg.org/id/"  # = iris.DEFAULT_BASE (a test says so); kept here for a fast --help
DEFAULT_STORE = Path(".coakg") / "store"  # = store.DEFAULT_STORE
DEFAULT_TIMEOUT = 60


def _iri(value: str) -> str:
    from ..iris import iri_problem

    problem = iri_problem(value)
    if problem:
        raise typer.BadParameter(f"{value!r} is not an IRI: expected {problem}")
    return value


def _url(value: str | None) -> str | None:
    from ..endpoint import url_problem

    problem = None if value is None else url_problem(value)
    if problem:
        raise typer.BadParameter(f"{value!r} is not an endpoint URL: expected {problem}")
    return value


def _timeout(value: float) -> float:
    if not value > 0:
        raise typer.BadParameter("expected a number of seconds above 0")
    return value


BASE = typer.Option(DEFAULT_BASE, "--base", callback=_iri, help="Base of the IRIs coakg mints.")
STORE = typer.Option(DEFAULT_STORE, "--store", help="Directory of the embedded store.")
DEPARTMENT = typer.Option(None, "--department",
                          help="The department, for a file that holds only tables and names none.")
YEAR = typer.Option(None, "--year", help="The year, for a file that names none.")


class Phase(str, enum.Enum):
    budget = "预算"
    final = "决算"


PHASE = typer.Option(None, "--phase", help="预算 or 决算, for a file that does not say.")
TIMEOUT = typer.Option(float(DEFAULT_TIMEOUT), "--timeout", callback=_timeout,
                       help="Seconds to wait for each answer of the endpoint.")
USER = typer.Option(None, "--user", help="User name for the endpoint (HTTP digest).")
PASSWORD = typer.Option(None, "--password", help="Password for the endpoint.")


def endpoint_option(required: bool, help_text: str, name: str = "--endpoint"):
    """An endpoint option: an http(s) URL, checked before anything runs."""
    return typer.Option(... if required else None, name, callback=_url, help=help_text)
