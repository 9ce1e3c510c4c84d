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
import os
from pathlib import Path
from typing import NamedTuple

from ..site.atomic import read_cache, write_cache
from .plan import PhotoSet

GRACE_DAYS = 7
RECORD = "retired-cards.pickle"


class Card(NamedTuple):
    kind: str
    slug: str
    photo: str | None  # the key of the photo it is cut from
    cache: str  # its rendered file, under the cache folder (which may move with the project)


def kept_cards(photo_set: PhotoSet, today: dt.date) -> dict[str, Path]:
    """URL -> cached file of every replaced card still in its grace period; records
    this build's cards for the next one."""
    store = photo_set.cache_dir / RECORD
    stored = read_cache(store, {})
    folder = photo_set.cache_dir
    inside = len(f"{folder}{os.sep}")  # cards' files are under the folder: a slice, not a thousand relative_to()
    live = {c.url: Card(c.kind, c.slug, c.photo.key if c.photo else None, str(c.cache)[inside:].replace(os.sep, "/")) for c in photo_set.cards.values()}
    photo_of = {(card.kind, card.slug): card.photo for card in live.values()}
    candidates = _candidates(stored, today)
    kept = {}
    for url, (card, day) in candidates.items():
        public_same_photo = photo_of.get((card.kind, card.slug), "-") == card.photo
        if url not in live and public_same_photo and (today - day).days <= GRACE_DAYS and (folder / card.cache).is_file():
            kept[url] = (card, day)
    # Plain tuples and ISO dates in the record: the pickle never names a class of ours.
    record = {"live": {url: tuple(card) for url, card in live.items()}, "retired": {url: (tuple(card), day.isoformat()) for url, (card, day) in kept.items()}}
    if record != stored:
        with contextlib.suppress(OSError):  # a read-only cache: old cards leave with this build
            write_cache(store, record)
    return {url: folder / card.cache for url, (card, _) in kept.items()}


def _candidates(stored, today: dt.date) -> dict[str, tuple[Card, dt.date]]:
    """The cards retired earlier (since when), and those the last build showed (from today)."""
    try:
        out = {url: (Card(*card), dt.date.fromisoformat(day)) for url, (card, day) in stored["retired"].items()}
        out.update((url, (Card(*card), today)) for url, card in stored["live"].items() if url not in out)
    except (TypeError, ValueError, KeyError, AttributeError):  # missing, damaged or of another version: none kept
        return {}
    return out
