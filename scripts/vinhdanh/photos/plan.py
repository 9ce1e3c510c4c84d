"""Decide every processed file before any pixel is touched.

Planning reads source bytes (to hash them) and image headers (for sizes and
orientation) — nothing is decoded, so a rebuild where nothing changed costs a
hash per photo. Each output's URL carries a hash of the source bytes and of
every setting that shapes it: a changed photo or setting means a new URL.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import operator
import os
import re
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Literal

from ..content.imagecheck import SUPPORTED
from ..content.model import Campaign, Content, Event, Exemplar, Site
from ..content.text import slugify
from ..pages.urls import Urls
from ..records import record
from ..render import body as body_html
from ..site.atomic import read_cache, write_cache
from . import settings as S
from .cache import cache_path
from .cardtext import CardText, campaign_text, event_text, exemplar_text
from .probe import SourceInfo, probe

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")

CardKind = Literal["exemplar", "campaign", "event"]
_CARD_TEXT_VALUES = operator.attrgetter(*(f.name for f in dataclasses.fields(CardText)))  # plain values (str, int), as a tuple


@record
class Variant:
    url: str  # site-relative, under urls.images
    width: int
    height: int
    mime: str  # image/webp | image/jpeg
    cache: Path  # the rendered file in the cache

    @property
    def format(self) -> str:
        return "WEBP" if self.mime == "image/webp" else "JPEG"


@record
class PhotoPlan:
    source: Path
    key: str  # sha256 of source bytes + settings; key[:10] is in every URL
    format: str  # of the source: JPEG, PNG, WEBP, HEIF, MPO
    width: int  # source size as displayed (after EXIF orientation)
    height: int
    orientation: int
    variants: tuple[Variant, ...]  # widest first, WebP and JPEG per width

    @property
    def webp(self) -> tuple[Variant, ...]:
        return tuple(sorted((v for v in self.variants if v.mime == "image/webp"), key=lambda v: v.width))

    @property
    def jpeg(self) -> tuple[Variant, ...]:
        return tuple(sorted((v for v in self.variants if v.mime == "image/jpeg"), key=lambda v: v.width))

    @property
    def fallback(self) -> Variant:
        """The <img src>: the widest JPEG not above FALLBACK_WIDTH (or the narrowest)."""
        jpegs = self.jpeg
        fitting = [v for v in jpegs if v.width <= S.FALLBACK_WIDTH]
        return fitting[-1] if fitting else jpegs[0]

    @property
    def largest(self) -> Variant:
        return self.jpeg[-1]


@record
class CardPlan:
    kind: CardKind
    slug: str
    url: str
    key: str
    cache: Path
    text: CardText
    photo: PhotoPlan | None  # the lead photo it is cut from, if any
    focus: tuple[float, float]
    logo: Path | None
    width: int = S.CARD_WIDTH
    height: int = S.CARD_HEIGHT
    mime: str = "image/jpeg"


@record(frozen=False)
class PhotoSet:
    cache_dir: Path
    images: str  # urls.images: the folder every planned file lives in
    photos: dict[Path, PhotoPlan] = field(default_factory=dict)
    cards: dict[tuple[str, str], CardPlan] = field(default_factory=dict)
    skipped: dict[Path, str] = field(default_factory=dict)  # unreadable sources, with the reason

    def photo(self, path: Path) -> PhotoPlan | None:
        # The reader gives resolved paths: resolve() (a stat per path component) only
        # for another spelling of one.
        plan = self.photos.get(path)
        return plan if plan is not None else self.photos.get(_normal(path))

    def card(self, kind: CardKind, slug: str) -> CardPlan:
        return self.cards[(kind, slug)]

    def card_bytes(self, card: CardPlan) -> int:
        """Length of the card file, for RSS enclosures; the card must have been written."""
        return card.cache.stat().st_size

    def files(self) -> dict[str, Path]:
        """Every planned output: site-relative URL -> cached file."""
        out: dict[str, Path] = {}
        for plan in self.photos.values():
            for v in plan.variants:
                out[v.url] = v.cache
        for card in self.cards.values():
            out[card.url] = card.cache
        return out


# Names this package writes under urls.images; only such files are ever pruned.
_OURS = re.compile(r"-[0-9a-f]{10}-\d+\.(?:webp|jpg)$|-the-[0-9a-f]{10}\.jpg$")


def is_ours(name: str) -> bool:
    """A file name this package writes under urls.images (content-hashed: never rewritten in place)."""
    return bool(_OURS.search(name))


def plan_photos(content: Content, urls: Urls, cache_dir: Path) -> PhotoSet:
    """Plan every output for `content` — pass the public part, `content.public(today)`."""
    with _known_digests(Path(cache_dir) / DIGESTS):
        return _plan_photos(content, urls, cache_dir)


DIGESTS = "digests.pickle"


@contextlib.contextmanager
def _known_digests(store: Path):
    """Photo digests of earlier runs, by path, size, mtime, ctime and inode: a rebuild
    hashes only new or changed photos, not every phone photo's megabytes again."""
    stored = read_cache(store, {})  # missing or damaged: photos are hashed and probed again
    if not isinstance(stored, dict) or not isinstance(stored.get("digests"), dict) or not isinstance(stored.get("probes"), dict):
        stored = {"digests": {}, "probes": {}}
    for seen, digest in stored["digests"].items():
        _SHA_SEEN.setdefault(seen, digest)
    for digest, info in stored["probes"].items():
        _PROBED.setdefault(digest, info)
    _USED.clear()
    _PROBES_USED.clear()
    yield
    used = {
        "digests": {seen: _SHA_SEEN[seen] for seen in _USED if seen in _SHA_SEEN},
        "probes": {digest: _PROBED[digest] for digest in _PROBES_USED if digest in _PROBED},
    }
    if used != stored:
        with contextlib.suppress(OSError):
            write_cache(store, used)


def _plan_photos(content: Content, urls: Urls, cache_dir: Path) -> PhotoSet:
    planner = _Planner(PhotoSet(Path(cache_dir), urls.images))
    items: list[tuple[CardKind, Exemplar | Campaign | Event]] = [("exemplar", e) for e in content.exemplars]
    items += [("campaign", c) for c in content.campaigns]
    items += [("event", ev) for ev in content.events]
    bodies = [body_html.images_of(item.body, item.source.parent) for _, item in items]
    planner.prehash([item.photo.source for _, item in items if item.photo] + [p for images in bodies for p in images])
    leads: dict[tuple[str, str], PhotoPlan | None] = {}
    for kind, item in items:  # lead photos first: they are named after their story
        leads[(kind, item.slug)] = planner.photo(item.photo.source, item.slug) if item.photo else None
    for images in bodies:
        for image in images:
            planner.photo(image)
    for kind, item in items:
        text = exemplar_text(item, content.site) if isinstance(item, Exemplar) else event_text(item, content.site) if isinstance(item, Event) else campaign_text(item, content.site)
        focus = item.photo.focus if item.photo else (0.5, 0.4)
        planner.card(kind, item.slug, text, leads[(kind, item.slug)], focus, content.site)
    return planner.photo_set


def plan_files(paths: Iterable[Path], images: str, cache_dir: Path) -> PhotoSet:
    """Plan responsive variants for bare files (no cards): benchmarks and tools."""
    planner = _Planner(PhotoSet(Path(cache_dir), images))
    paths = list(paths)
    planner.prehash(paths)
    for path in paths:
        planner.photo(path)
    return planner.photo_set


def output_widths(source_width: int) -> tuple[int, ...]:
    """400/800/1200 without upscaling; a source narrower than 400 is used at its own width."""
    kept = tuple(w for w in S.WIDTHS if w <= source_width)
    return kept or (source_width,)


class _Planner:
    def __init__(self, photo_set: PhotoSet) -> None:
        self.photo_set = photo_set
        self._digests: dict[Path, str] = {}
        self._photo_fp = S.fingerprint(S.photo_settings())
        self._card_fp = S.fingerprint(S.card_settings())
        self._logo_seen: tuple | None = None
        self._fonts: str | None = None  # the fonts' digest, once per plan rather than once per card

    def photo(self, source: Path, stem: str | None = None) -> PhotoPlan | None:
        ps = self.photo_set
        if source in ps.photos:  # planned under this (resolved) path already
            return ps.photos[source]
        path = _normal(source)
        if path in ps.photos:
            return ps.photos[path]
        if path in ps.skipped:
            return None
        try:
            digest = self._digest(path)
            info = _probe(path, digest)
        except Exception as exc:  # noqa: BLE001 - validation reports bad photos; never stop the plan
            ps.skipped[path] = f"{type(exc).__name__}: {exc}"
            return None
        if info.format not in SUPPORTED:  # e.g. a GIF or SVG in a body: left as it is
            ps.skipped[path] = f"unsupported format {info.format or '?'}"
            return None
        key = _sha(self._photo_fp, digest)
        name = slugify(stem or path.stem) or "anh"
        variants = []
        for w in sorted(output_widths(info.width), reverse=True):
            h = max(1, round(info.height * w / info.width))
            for mime, ext in (("image/webp", "webp"), ("image/jpeg", "jpg")):
                url = f"{ps.images}{name}-{key[:10]}-{w}.{ext}"
                variants.append(Variant(url, w, h, mime, cache_path(ps.cache_dir, key, str(w), ext)))
        plan = PhotoPlan(path, key, info.format, info.width, info.height, info.orientation, tuple(variants))
        ps.photos[path] = plan
        return plan

    def card(self, kind: CardKind, slug: str, text: CardText, photo: PhotoPlan | None, focus: tuple[float, float], site: Site) -> CardPlan:
        logo, logo_digest = self._logo(site)
        ps = self.photo_set
        card = _card_plan(self._card_fp, self._fonts_digest(), ps.images, ps.cache_dir, kind, slug, text, photo, (focus[0], focus[1]), logo, logo_digest)
        ps.cards[(kind, slug)] = card
        return card

    def _fonts_digest(self) -> str:
        if self._fonts is None:
            self._fonts = _font_digest()
        return self._fonts

    def _logo(self, site: Site) -> tuple[Path | None, str | None]:
        """The logo every card shows, looked up once per plan, not once per card."""
        if self._logo_seen is None or self._logo_seen[0] != site.logo:
            logo = site.logo if site.logo is not None and Path(site.logo).is_file() else None
            self._logo_seen = (site.logo, logo, self._digest(_normal(logo)) if logo else None)
        return self._logo_seen[1], self._logo_seen[2]

    def prehash(self, sources: Iterable[Path]) -> None:
        """Hash all sources on a few threads (hashlib releases the GIL): a warm rebuild is mostly this."""
        todo = sorted({p for p in map(_normal, sources) if p not in self._digests and p.is_file()})
        if len(todo) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor  # here: a rebuild knows its photos' hashes and never loads it (nor logging)

        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            for path, digest in zip(todo, pool.map(_file_sha_or_none, todo), strict=False):
                if digest is not None:
                    self._digests[path] = digest

    def _digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = _file_sha(path)
        return self._digests[path]


@functools.lru_cache(maxsize=16384)
def _card_plan(
    card_fp: str, fonts: str, images: str, cache_dir: Path, kind: CardKind, slug: str, text: CardText, photo: PhotoPlan | None, focus: tuple[float, float], logo: Path | None, logo_digest: str | None
) -> CardPlan:
    """A card's plan from everything it is made of (`serve` plans every card again on each
    save: an unchanged one is looked up, not keyed, named and given a path again)."""
    # repr() of plain values (str, float, None): as exact as JSON, a quarter of its time
    parts = (
        kind,
        _CARD_TEXT_VALUES(text),
        focus if photo else None,
        photo.key if photo else None,
        logo_digest,
        fonts,
    )
    key = _sha(card_fp, "card/2", repr(parts))
    prefix = {"exemplar": "", "campaign": "phong-trao-", "event": "su-kien-"}[kind]
    url = f"{images}{prefix}{slug}-the-{key[:10]}.jpg"
    return CardPlan(kind, slug, url, key, cache_path(cache_dir, key, "card", "jpg"), text, photo, focus, logo)


def _normal(path: Path) -> Path:
    return Path(path).resolve()


def _sha(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _file_sha_or_none(path: Path) -> str | None:
    try:
        return _file_sha(path)
    except OSError:
        return None  # reported when the photo is planned


_SHA_SEEN: dict[tuple, str] = {}  # (path, size, mtime, ctime, inode) -> sha256, for this process (serve) and from .cache
_USED: set[tuple] = set()  # the keys asked for by the plan in progress
_PROBED: dict[str, SourceInfo] = {}  # sha256 -> what probe() read from those bytes
_PROBES_USED: set[str] = set()


def _probe(path: Path, digest: str) -> SourceInfo:
    """`probe(path)` of the bytes with `digest`: read once, then kept (a warm rebuild
    then never opens a photo, nor loads the imaging library)."""
    info = _PROBED.get(digest)
    if info is None:
        info = _PROBED[digest] = probe(path)
    _PROBES_USED.add(digest)
    return info


def _file_sha(path: Path) -> str:
    st = os.stat(path)
    seen = (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if seen not in _SHA_SEEN:
        _SHA_SEEN[seen] = _read_sha(path)
    _USED.add(seen)
    return _SHA_SEEN[seen]


def _read_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _font_digest() -> str:
    return _sha(*(_file_sha(FONT_DIR / name) for name in FONT_FILES))
