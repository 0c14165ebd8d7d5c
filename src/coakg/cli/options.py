"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

from ..iris import DEFAULT_BASE

BASE = typer.Option(DEFAULT_BASE, "--base", help="Base of the IRIs coakg mints.")
REPORTS = typer.Argument(..., help="Report files: PDF or extracted text.", exists=False)
STORE = typer.Option(Path(".coakg/store"), "--store", help="Directory of the embedded store.")
