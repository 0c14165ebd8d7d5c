"""Options shared by several commands."""

from __future__ import annotations

import enum

import typer

from ..iris import DEFAULT_BASE
from ..store import DEFAULT_STORE

BASE = typer.Option(DEFAULT_BASE, "--base", help="Base of the IRIs coakg mints.")
STORE = typer.Option(DEFAULT_STORE, "--store", help="Directory of the embedded store.")
DEPARTMENT = typer.Option(None, "--department", help="The department, for a file that holds only tables and names none.")
YEAR = typer.Option(None, "--year", help="The year, for a file that names none.")


class Phase(str, enum.Enum):
    budget = "预算"
    final = "决算"


PHASE = typer.Option(None, "--phase", help="预算 or 决算, for a file that does not say.")
