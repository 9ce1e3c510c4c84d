"""Every URL of an HTML fragment made absolute: a feed reader or another site shows
the fragment away from its page, where root-relative and relative links would break
(sub-path sites: '/benh-vien/...')."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTR = re.compile(r"""(\s)(href|src|srcset|poster|cite|action|data)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)
_KEEP = ("mailto:", "tel:", "data:", "javascript:")


def absolute_url(value: str, base: str) -> str:
    """`value` as an absolute URL, relative to the page at `base`."""
    value = value.strip()
    if not value or value.lower().startswith(_KEEP):
        return value
    return urljoin(base, value)


def _srcset(value: str, base: str) -> str:
    out = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            out.append(" ".join([absolute_url(parts[0], base), *parts[1:]]))
    return ", ".join(out)


def absolutize(fragment: str, base: str) -> str:
    """Every href/src/srcset in an HTML fragment made absolute against `base` (a page URL)."""

    def attr(match: re.Match) -> str:
        space, name, eq, raw = match.groups()
        value = html.unescape(raw[1:-1] if raw[:1] in "\"'" else raw)
        new = _srcset(value, base) if name.lower() == "srcset" else absolute_url(value, base)
        return f'{space}{name}{eq}"{html.escape(new, quote=True)}"'

    return _TAG.sub(lambda tag: _ATTR.sub(attr, tag.group(0)), fragment)
