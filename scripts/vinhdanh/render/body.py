"""A story's Markdown body to safe HTML.

Authors paste from Word, so raw HTML occurs: Ammonia (nh3) keeps a fixed allow-list
of tags and attributes, so no script, iframe, style, event handler or javascript:
URL reaches a page or a feed, whatever was pasted.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib
import re
from collections.abc import Callable
from pathlib import Path

import markdown
import nh3

from ..cache.shards import Pack
from ..content.text import slugify, strip_hidden
from ..records import record
from .safeurl import ALLOWED_SCHEMES, safe_url

_EXTENSIONS = ["tables", "footnotes", "admonition", "attr_list", "sane_lists", "toc", "abbr", "def_list"]
_CONFIG = {"toc": {"slugify": lambda value, sep: slugify(value), "permalink": False}}

_TAGS = set(nh3.ALLOWED_TAGS) - {"center", "strike", "tt", "acronym", "map", "area"} | {"picture", "source"}
_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "type", "sizes"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "abbr": {"title"},
}
_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')

# resolve_image(path of the image file, alt text) -> replacement HTML or None to keep <img>
ImageResolver = Callable[[Path, str], "str | None"]


@record
class Body:
    html: str
    images: tuple[Path, ...]  # local images the body shows, for the photo pipeline


_converter: markdown.Markdown | None = None
# Safe HTML by hash of the Markdown: one conversion per body per build (pages, feeds
# and the photo planner all ask), and none for unchanged bodies with a warm cache.
_safe: dict[str, str] = {}
_used: set[str] = set()
_converted: set[str] = set()  # converted by this build: not in the cache it loaded
# Any change to the converter or the allow-list must change this, or stale HTML is served.
CACHE_VERSION = f"3|{markdown.__version__}|{nh3.__version__ if hasattr(nh3, '__version__') else ''}|{sorted(_TAGS)}|{sorted((k, sorted(v)) for k, v in _ATTRIBUTES.items())}|{_EXTENSIONS}"


def _srcset(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of href and src, not of srcset: every candidate of a
    pasted `<source srcset>` passes safeurl too, or the attribute goes."""
    if attribute == "srcset" and not all(safe_url(c.split()[0]) for c in value.split(",") if c.strip()):
        return None
    return value


def _extensions() -> list:
    """The extensions as objects: by name, Markdown looks each one up among the installed
    packages' entry points (importlib.metadata, ~15 ms a process) before importing it."""
    return [importlib.import_module(f"markdown.extensions.{name}").makeExtension(**_CONFIG.get(name, {})) for name in _EXTENSIONS]


def _markdown(text: str) -> str:
    # Building a Markdown instance costs more than converting a story: build one, reset it.
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(extensions=_extensions(), output_format="html")
    try:
        return _converter.reset().convert(text)
    finally:
        _converter.reset()


def safe_html(text: str) -> str:
    """Markdown → HTML through the allow-list; local images still as <img>."""
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()
    _used.add(key)
    if key not in _safe and _pack is not None:
        kept = _pack.peek(key)
        if kept is not None:
            _safe[key] = kept
    if key not in _safe:
        raw = _markdown(text)
        _converted.add(key)
        clean = nh3.clean(raw, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(ALLOWED_SCHEMES), link_rel=None, strip_comments=True, attribute_filter=_srcset)
        _safe[key] = strip_hidden(clean)  # `&#x1b;`, `&#x202E;` decode to characters no page or feed may hold
    return _safe[key]


def kept_html(text: str) -> str | None:
    """`safe_html(text)` when this process or the store has it converted already, else
    None: nothing converted, nothing counted as used."""
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()
    found = _safe.get(key)
    return found if found is not None or _pack is None else _pack.peek(key)


def nothing_cached() -> bool:
    """No converted body at hand: a first build (or a new converter)."""
    return not _safe and (_pack is None or len(_pack) == 0)


def load_cache(pack: Pack) -> None:
    """Bodies converted by an earlier build, if it used the same converter (the store's
    pack of `bodies`, made with CACHE_VERSION)."""
    global _pack
    _used.clear()  # what this build asks for, from here on
    _converted.clear()
    _images.clear()
    _pack = pack


_pack: Pack | None = None


def save_cache(bodies: int) -> None:
    """Keep the converted bodies for later builds (the shards that changed): those this
    build asked for, and the earlier ones until there are over twice as many as the
    `bodies` the content has (edits and removed stories pile up, under serve most). Not
    every build asks for every body (`images_of`), so a pruned body may be converted
    once more. Nothing converted, nothing to write."""
    if _pack is None:
        return
    for key in _used:
        if key in _converted or _pack.get(key) is None:  # converted now, or by this process before (serve)
            _pack.put(key, _safe[key])
    _converted.clear()
    if len(_safe) > 2 * bodies + 16:  # this process's copies too (serve)
        kept = {k: _safe[k] for k in _used if k in _safe}
        _safe.clear()
        _safe.update(kept)
    with contextlib.suppress(OSError):  # a read-only project: converted again next time
        _pack.save(room=2 * bodies + 16)


def images_of(text: str, base_dir: Path) -> tuple[Path, ...]:
    """The local images a body shows; asked for each story by the photo plan and by
    every fingerprint of its pages, answered once per build."""
    if "![" not in text and "<" not in text:
        return ()  # only image syntax or an <img> tag makes an <img>: no need to convert it to know
    key = (text, base_dir)  # a str keeps its hash: a second lookup costs no hashing
    found = _images.get(key)
    if found is None:
        found = _images[key] = render(text, base_dir).images
    return found


_images: dict[tuple[str, Path], tuple[Path, ...]] = {}


def render(text: str, base_dir: Path, resolve_image: ImageResolver | None = None) -> Body:
    clean = safe_html(text)
    images: list[Path] = []

    def swap(match: re.Match) -> str:
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(match.group(0))}
        src = attrs.get("src", "")
        if not src or "://" in src or src.startswith(("/", "data:")):
            return match.group(0)
        path = (base_dir / src).resolve()
        images.append(path)
        replacement = resolve_image(path, attrs.get("alt", "")) if resolve_image else None
        return replacement if replacement is not None else match.group(0)

    if "<img" in clean:
        clean = _IMG.sub(swap, clean)
    return Body(clean, tuple(images))
