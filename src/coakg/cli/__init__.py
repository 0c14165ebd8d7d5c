"""The coakg command line: a thin layer over the library. Data to stdout, messages to stderr.

Exit codes: 0 success (and consistent), 1 findings, 2 unreadable input or wrong usage, 3 internal error.
"""

from __future__ import annotations

import sys

import typer

from ..errors import CoakgError
from . import check, extract, inspect, load, publish, query
from .console import err

app = typer.Typer(help="coakg: a knowledge graph of Chinese department budgets and final accounts.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def _root() -> None:
    """coakg: a knowledge graph of Chinese department budgets and final accounts."""


for module in (extract, inspect, check, load, query, publish):
    module.register(app)

EXIT_INPUT, EXIT_INTERNAL = 2, 3


def main() -> None:
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except CoakgError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(EXIT_INPUT)
    except SystemExit:
        raise
    except Exception as exc:
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a usage error of the command line
            exc.show()
            sys.exit(EXIT_INPUT)
        if debug:
            raise
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        sys.exit(EXIT_INTERNAL)
