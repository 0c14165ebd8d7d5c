"""Options shared by several commands."""

from __future__ import annotations

import typer

from ..iris import DEFAULT_BASE

BASE = typer.Option(DEFAULT_BASE, "--base", help="Base of the IRIs coakg mints.")
