"""Where a body's image would be fetched from: our pages make no request to another host.

A browser reads more as "another host" than `https://`: `//host`, `/\\host`, `http:host`
(on an https page), entities (`&#104;ttps:`), tabs and line breaks inside the URL.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_DROPPED = re.compile(r"[\t\n\r]")  # browsers remove these anywhere in a URL
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # and these at either end


def image_host(target: str) -> str | None:
    """The host a browser would fetch `target` from, or None for a path on this site (or a URL
    that fetches nothing: `data:` and `mailto:` images never reach a page, nh3 removes them)."""
    url = _DROPPED.sub("", html.unescape(target)).strip(_C0_AND_SPACE)
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return None
        rest = url[scheme.end() :]
    elif url[:2].replace("\\", "/") == "//":
        rest = url
    else:
        return None
    authority = re.split(r"[/\\?#]", rest.lstrip("/\\"), maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if not host.startswith("["):  # an IPv6 literal keeps its colons
        host = host.split(":", 1)[0]
    return host.lower().rstrip(".")


def own_host(base_url: str) -> str:
    return (urlsplit(base_url).hostname or "").rstrip(".")
