"""Where each report file was published, as the user states it when loading it: ``coakg load FILE --published-at
URL`` for one file, ``coakg load FILE... --published-list LIST.csv`` for many (a row per file: its name or its
SHA-256, and the URL). Everything is checked before a file is read: each URL must be an absolute http or https URL.
A file is known by its content (its SHA-256), so what is stated of it holds whatever the file is called later; the
store keeps it in a graph of its own (:func:`coakg.derivations.state`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UsageError
from .iris import iri_problem

COLUMNS = ("file", "url")  # the list's header: other columns are left as they are (a title, a note)
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Row:
    """One row of a list: the file it names (a file name or a SHA-256), the URL, and its line in the list."""

    file: str
    url: str
    line: int


def url_problem(url: str) -> str | None:
    """Why ``url`` is not where a file can have been published (an absolute http or https URL with a host, that
    is an IRI: no space, no control character), or None when it is one."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"an http:// or https:// URL such as https://www.example.gov.cn/reports/2024.pdf ({exc})"
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        return "an absolute http:// or https:// URL, such as https://www.example.gov.cn/reports/2024.pdf"
    problem = iri_problem(url)
    if problem:
        return problem
    import pyoxigraph as ox

    try:
        ox.NamedNode(url)
    except ValueError as exc:
        return f"a URL that is an IRI ({exc})"
    return None


def read_list(path: Path) -> list[Row]:
    """The rows of a list of where files were published: a CSV file (UTF-8, as a spreadsheet saves it) whose
    header names the columns ``file`` and ``url``; each row a file's name (as given to ``coakg load`` or its last
    part) or SHA-256, and an absolute http(s) URL. An error names the list, the line and what was expected."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the list of where files were published ({exc.strerror or exc})") \
            from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: byte {exc.start}: expected a CSV file in UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), skipinitialspace=True)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if not set(COLUMNS) <= set(header):
        raise UsageError(f"{path}: line 1: expected a header naming the columns file and url (found "
                         f"{','.join(header) or 'nothing'})")
    reader.fieldnames = header
    rows: list[Row] = []
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line
        file, url = ((record.get(c) or "").strip() for c in COLUMNS)
        if not file:
            raise UsageError(f"{path}: line {line}: expected a file's name or SHA-256 in the column file")
        problem = url_problem(url)
        if problem:
            raise UsageError(f"{path}: line {line}: {url!r} is not where {file} was published: expected {problem}")
        rows.append(Row(file, url, line))
    return rows


@dataclass(frozen=True)
class Matched:
    """Where each file of a load was published (its index among the files given: its SHA-256 and URL), and the
    rows of the list that name none of the files."""

    urls: dict[int, tuple[str, str]]
    unmatched: list[Row]


def match(paths: Sequence[Path], rows: Sequence[Row], source: str) -> Matched:
    """The URL of each file of ``paths`` that a row names, by its name as given, its last part or its SHA-256. A
    file two rows give different URLs is an error naming both (``source`` names the list). A file that cannot be
    read is left out (the load reports it)."""
    by_key: dict[str, list[Row]] = {}
    for row in rows:
        by_key.setdefault(row.file.lower() if _SHA256.fullmatch(row.file) else row.file, []).append(row)
    urls: dict[int, tuple[str, str]] = {}
    used: set[Row] = set()
    by_content = any(_SHA256.fullmatch(key) for key in by_key)  # a row names a file by its SHA-256: hash each
    for i, path in enumerate(paths):
        named = [r for key in dict.fromkeys((str(path), path.name)) for r in by_key.get(key, [])]
        sha = sha256_of(path) if named or by_content else None
        found = sorted(named + (by_key.get(sha, []) if sha else []), key=lambda r: r.line)
        if not found or sha is None:
            continue
        other = next((r for r in found if r.url != found[0].url), None)
        if other is not None:
            lines = " and ".join(f"line {r.line} ({r.url})" for r in (found[0], other))
            raise UsageError(f"{source}: {lines} give {path} two URLs: expected one URL for a file")
        urls[i] = (sha, found[0].url)
        used.update(found)
    return Matched(urls, [r for r in rows if r not in used])


def sha256_of(path: Path) -> str | None:
    """The file's SHA-256, or None for what is not a regular file that can be read (the load reports it)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None
