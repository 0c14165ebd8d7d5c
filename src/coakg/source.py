"""The source file of a report: its path and checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .model import Source


def describe(path: Path, data: bytes, media_type: str) -> Source:
    return Source(str(path), hashlib.sha256(data).hexdigest(), media_type)
