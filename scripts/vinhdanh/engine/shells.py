"""A section page is its theme skeleton plus what is its own: the skeleton is a *shell*.

The engine renders one page per distinct skeleton with a marker in each place
where pages differ (title, description, canonical address, our head tags, the
article); `parse` turns that output into a `Shell`, and `Shell.fill` puts a page's
own parts where the markers were. Which pages share a skeleton: those whose
relative URLs to everything the theme links to are the same (`skeleton_of`);
the byte-for-byte test (tests/test_shells.py) holds us to it.

The hospital's own pages with block markers (blocks.py) are shells too: the
engine renders them once with a marker per block, and every build fills in the
blocks of that day's content.

Nothing here imports the engine.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from html import escape

from ..records import record

TOKEN = "vdslot-{}-5b1e"  # no character any escaping or URL quoting changes
_SLOT = re.compile(r"vdslot-([a-z0-9]+)-5b1e")
# Material writes its own <h1> when the article has none: ours always has one, so
# the marker handed to the engine as the article says it has one too.
CONTENT = f"<h1>{TOKEN.format('content')}</h1>"
TITLE, DESCRIPTION, CANONICAL, HEAD = (TOKEN.format(name) for name in ("title", "description", "canonical", "head"))


def block_marker(index: int) -> str:
    """The raw HTML block that stands for a page's `index`-th section block."""
    return f"<div>{TOKEN.format(f'block{index}')}</div>"


class ShellError(ValueError):
    """A page cannot go into its shell as the engine would have written it."""


@record
class Shell:
    """Literal text and slot names, alternating: text, slot, text, …, text."""

    parts: tuple[str, ...]

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(self.parts[1::2])

    @functools.cached_property  # a frozen dataclass still has its __dict__
    def digest(self) -> str:
        return hashlib.sha256("\0".join(self.parts).encode("utf-8", "surrogatepass")).hexdigest()

    def fill(self, values: Mapping[str, str]) -> str:
        missing = self.slots - values.keys()
        if missing:
            raise ShellError(f"no value for {sorted(missing)}")
        parts = list(self.parts)
        parts[1::2] = [values[name] for name in self.parts[1::2]]
        return "".join(parts)


def parse(html: str) -> Shell:
    """The engine's output for a page rendered with markers, as a Shell."""
    html = html.replace(CONTENT, TOKEN.format("content"))
    for index in range(html.count("<div>vdslot-block")):
        html = html.replace(block_marker(index), TOKEN.format(f"block{index}"))
    return Shell(tuple(_SLOT.split(html)))


def page_values(title: str, description: str, canonical: str, head: str, article: str) -> dict[str, str]:
    """A section page's own parts, escaped as the engine writes them (Material prints
    `page.meta` as it is: the adapter hands it these same escaped strings)."""
    if "<h1" not in article:
        raise ShellError("the article has no <h1>: Material would add one of its own")
    return {
        "title": escape(title, quote=False),
        "description": escape(description),
        "canonical": canonical,
        "head": head,
        "content": article,
    }


def relative_url(url: str, page: str) -> str:
    """MkDocs' `get_relative_url(url, page)` for a page URL ending in "/" (its
    posixpath.relpath, without the cost: thousands of pages times every anchor)."""
    target, here = [s for s in url.split("/") if s], [s for s in page.split("/") if s]
    common = 0
    for a, b in zip(target, here, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + target[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


@functools.lru_cache(maxsize=65536)
def skeleton_of(path: str, titled: bool, described: bool, anchors: tuple[str, ...], own: frozenset[str]) -> str:
    """Pages with equal keys get the same skeleton from the engine.

    `anchors` are what the theme links to from every page (nav entries, the site
    root, assets, the logo); pages whose relative URLs to all of them agree lay
    out the same. A page in `own` (named in the nav, or inside whose folder an
    anchor lies) has a skeleton of its own. A page without a title or description
    (`titled`, `described`) gets another head from Material.
    """
    if path in own or any(a.startswith(path) for a in anchors):
        shape = f"own {path}"
    elif (stem := path.rstrip("/")) and not any(a.startswith(stem) for a in anchors):
        shape = _sibling_shape(stem.rpartition("/")[0], anchors)
    else:
        shape = " ".join(relative_url(a, path) for a in anchors)
    return f"{shape} | {titled} {described}"


@functools.lru_cache(maxsize=4096)
def _sibling_shape(parent: str, anchors: tuple[str, ...]) -> str:
    """The relative URLs of a page in `parent` whose name begins no anchor: the same for
    all of them (a thousand stories in one folder, once)."""
    return " ".join(relative_url(a, f"{parent}/\0/") for a in anchors)
