"""What the engine's output depends on besides files: the day it dates its pages by and
the environment variables its configuration reads. No engine imported (bodyedit.py asks
before anything else is loaded)."""

from __future__ import annotations

import datetime as dt
import os
import re

_ENV_TAG = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def build_date() -> str:
    """The sitemap's date, as MkDocs dates its pages (SOURCE_DATE_EPOCH, else now, UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y-%m-%d")


def config_env(text: str) -> list[str]:
    """`NAME=value` of every environment variable the configuration `text` reads (`!ENV`)."""
    return [f"{name}={os.environ.get(name)}" for name in sorted(set(_ENV_TAG.findall(text)))]
