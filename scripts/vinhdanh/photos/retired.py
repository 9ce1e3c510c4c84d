"""Social cards a story no longer shows, kept in the site for a week.

A card's name carries a hash of its text, so an edited title renames it. Pages stay
cached for five minutes and every preview already shared on Facebook or Zalo names the
old file: deleting it in the same build breaks all of them. So an old card stays
GRACE_DAYS after the build that replaced it (by the build's date, `--today`), as long
as its story is public and shows the same photo: a withdrawn story, or a photo taken
out, takes its cards down at once (they may be why it was changed).

The record lives beside the rendered files (`.cache/photos/`), whose copy of each card
is what the next site gets; the site folder itself is swapped whole every build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import NamedTuple

from ..atomic import read_cache, write_cache
from .plan import PhotoSet

GRACE_DAYS = 7
RECORD = "retired-cards.pickle"


class Card(NamedTuple):
    kind: str
    slug: str
    photo: str | None  # the key of the photo it is cut from
    cache: str  # its rendered file


def kept_cards(photo_set: PhotoSet, today: dt.date) -> dict[str, Path]:
    """URL -> cached file of every replaced card still in its grace period; records
    this build's cards for the next one."""
    store = photo_set.cache_dir / RECORD
    stored = read_cache(store, {})  # missing or damaged: no old card is kept
    if not isinstance(stored, dict) or not isinstance(stored.get("live"), dict) or not isinstance(stored.get("retired"), dict):
        stored = {"live": {}, "retired": {}}
    live = {c.url: Card(c.kind, c.slug, c.photo.key if c.photo else None, str(c.cache)) for c in photo_set.cards.values()}
    photo_of = {(card.kind, card.slug): card.photo for card in live.values()}
    since = {url: dt.date.fromisoformat(day) for url, (_, day) in stored["retired"].items()}
    candidates = {url: (Card(*card), since[url]) for url, (card, _) in stored["retired"].items()}
    candidates.update((url, (Card(*card), today)) for url, card in stored["live"].items() if url not in candidates)
    retired = {}
    for url, (card, day) in candidates.items():
        public_same_photo = photo_of.get((card.kind, card.slug), "-") == card.photo
        if url not in live and public_same_photo and (today - day).days <= GRACE_DAYS and Path(card.cache).is_file():
            retired[url] = (tuple(card), day.isoformat())
    record = {"live": {url: tuple(card) for url, card in live.items()}, "retired": retired}
    if record != stored:
        with contextlib.suppress(OSError):  # a read-only cache: old cards leave with this build
            write_cache(store, record)
    return {url: Path(card[3]) for url, (card, _) in retired.items()}
