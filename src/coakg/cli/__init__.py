"""The coakg command line: a thin layer over the library. Data to stdout, messages to stderr.

Exit codes (see :mod:`exits`): 0 success (and consistent), 1 findings, 2 unreadable input, wrong usage or
an I/O error, 3 internal error. Errors become exit codes inside the Typer app (:class:`CoakgGroup`), so
the app behaves the same under ``typer.testing.CliRunner`` as on the command line.

Command modules import the library (rdflib, pyoxigraph, pdfplumber, pySHACL) inside their functions, so
that ``coakg --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from ..errors import CoakgError
from . import check, exits, extract, inspect, load, publish, query, serve
from .console import error

try:  # recent typer carries its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer on the real click
    from click.exceptions import ClickException  # type: ignore[assignment]

_CLICK = (ClickException, typer.Exit, typer.Abort)  # usage errors and exits: typer shows them itself


class CoakgGroup(TyperGroup):
    """The root command: maps every exception a command raises to a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _CLICK:
            raise
        except CoakgError as exc:
            error(str(exc))
            raise typer.Exit(exits.INPUT) from None
        except OSError as exc:
            error(_os_message(exc))
            raise typer.Exit(exits.INPUT) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            error(f"{type(exc).__name__}: {exc} (run coakg --debug … for a traceback)", label="internal error")
            raise typer.Exit(exits.INTERNAL) from None


def _os_message(exc: OSError) -> str:
    """An I/O error as one line: the file names it concerns, then the reason (e.g. No space left on device)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    names = [str(n) for n in (exc.filename, exc.filename2) if n]
    return ": ".join([*names, reason])


app = typer.Typer(cls=CoakgGroup, help="coakg: a knowledge graph of Chinese department budgets and final accounts.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)


def _version(shown: bool) -> None:
    if shown:
        from ..derivations import coakg_version

        typer.echo(f"coakg {coakg_version()}")
        raise typer.Exit()


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error."),
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show coakg's version and exit.")) -> None:
    """coakg: a knowledge graph of Chinese department budgets and final accounts."""


for module in (extract, inspect, check, load, query, publish, serve):
    module.register(app)


def main() -> None:
    """The console script: ``--debug`` may stand anywhere on the command line."""
    args = sys.argv[1:]
    if "--debug" in args:
        args = ["--debug", *(a for a in args if a != "--debug")]
    app(args=args, prog_name="coakg")
