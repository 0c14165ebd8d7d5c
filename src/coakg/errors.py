"""Exceptions: each means "cannot run". Findings about wrong data are returned, never raised."""


class CoakgError(Exception):
    """Base class of every error coakg raises on purpose."""


class ReadError(CoakgError):
    """A file cannot be read as a report; the message names file, page or line, and what was expected."""

    def __init__(self, path: str, where: str, expected: str):
        self.path, self.where, self.expected = path, where, expected
        super().__init__(f"{path}: {where}: {expected}")


class UnknownQuery(CoakgError):
    """A named query, or a parameter of one, does not exist."""


class StoreError(CoakgError):
    """The store or an endpoint cannot be used."""


class UsageError(CoakgError):
    """A setting given to coakg (an option, an environment variable) is not usable; the message names it."""
