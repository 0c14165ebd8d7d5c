"""Options shared by several commands."""

from __future__ import annotations

import typer

from ..iris import DEFAULT_BASE
from ..store import DEFAULT_STORE

BASE = typer.Option(DEFAULT_BASE, "--base", help="Base of the IRIs coakg mints.")
STORE = typer.Option(DEFAULT_STORE, "--store", help="Directory of the embedded store.")
