"""Check an export against `feed.schema.json` (JSON Feed 1.1 + `_vinhdanh` v1) with jsonschema."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_FILE = Path(__file__).with_name("feed.schema.json")
SUPPORTED_VERSIONS = (1,)
MAX_PROBLEMS = 5


@functools.lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def version_of(feed: object) -> object:
    ext = feed.get("_vinhdanh") if isinstance(feed, dict) else None
    return ext.get("version") if isinstance(ext, dict) else None


def problems(feed: object) -> list[str]:
    """Vietnamese lines, one per schema violation (at most MAX_PROBLEMS, the first in document order)."""
    errors = sorted(validator().iter_errors(feed), key=lambda e: list(map(str, e.absolute_path)))
    out = []
    for error in errors[:MAX_PROBLEMS]:
        where = "/".join(str(p) for p in error.absolute_path) or "(gốc)"
        out.append(f"tại `{where}`: {error.message}")
    if len(errors) > MAX_PROBLEMS:
        out.append(f"… và {len(errors) - MAX_PROBLEMS} lỗi khác")
    return out
