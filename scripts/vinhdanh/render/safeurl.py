"""The one gate every URL from content or imported data passes when it is written out.

Import checks URLs too, but a snapshot on disk, a field the schema leaves loose
(`home_page_url`) or a new template make one check at the door not enough: a page,
a report or a feed writes a link from input only through `safe_url`. Allowed are
http, https, mailto, tel and relative URLs; anything else (javascript:, data:,
vbscript:, file:…) is no link at all: the text stays, the link goes.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# A scheme is letters, digits, "+", "-", "." before the first ":" (RFC 3986 §3.1);
# a ":" after a "/", "?" or "#" is part of a relative URL.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop leading and trailing C0 controls and spaces before parsing a URL.
_EDGES = "".join(map(chr, range(0x21)))
# ...and every tab or newline inside it ("java\tscript:" is javascript:): a real URL
# has no control character, so one anywhere is refused rather than cleaned.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(url: object) -> str | None:
    """`url` (trimmed) if a browser following it would use an allowed scheme or stay
    relative to the page; None otherwise."""
    if not isinstance(url, str):
        return None
    text = url.strip(_EDGES)
    if not text or _CONTROL.search(text):
        return None
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return None
    return text


def url_attr(url: object, name: str = "href") -> Markup:
    """` href="…"` for a safe URL, nothing for another: `<a{{ url | url_attr }}>` is a
    link or a placeholder `<a>` (plain text, not focusable, goes nowhere)."""
    safe = safe_url(url)
    return Markup(f' {name}="{escape(safe)}"') if safe else Markup("")
