"""python -m coakg: the coakg command."""

from .cli import main

main()
