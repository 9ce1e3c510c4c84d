"""Fingerprints: content hashes of model values, the inputs of a page's or a feed's key.

A page's key (engine/assemble.py) hashes everything its HTML is made of: its PageSpec
(title, description, template, the stories, listings and campaign views in its context),
the photos those show (by content hash), the build date when its templates read it, the
digest of its shell, our package's code and the site's settings. Same key, same bytes:
the page is reused instead of rendered. Anything a fingerprint cannot describe (an
unknown type in a context) makes the page render — when in doubt, rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
from pathlib import PurePath
from typing import NamedTuple

from .keys import sha

_SCALARS = (int, float, bool, type(None), bytes)
_FIELDS: dict[tuple, tuple[str, ...]] = {}


class Unhashable(TypeError):
    """A value the fingerprint cannot describe: its page is rendered, never reused."""


INNER_HIDDEN = ("body", "body_line")


class Kept(NamedTuple):
    """A value's fingerprint kept with its read (readcache.py)."""

    digest: str  # without extras or hidden fields
    inside: tuple  # the values with extras inside it (photos): their pixels may change while it does not
    hidden: str  # of its hidden fields (a story's body), for `whole`


def inner_digest(value, with_extras: type) -> Kept:
    """`value`'s fingerprint with no extras, and the `with_extras` values inside it.

    Kept with a value read once (readcache.py): `Fingerprints(known=...)` then hashes
    the value as this digest plus the extras of those inner values (a photo's pixels),
    which may change while the value does not.
    """
    inside: list = []

    def note(inner) -> str:
        if isinstance(inner, with_extras):
            inside.append(inner)
        return ""

    fps = Fingerprints(note, hidden=INNER_HIDDEN)
    digest = fps.of(value)
    return Kept(digest, tuple(inside), fps.hidden_of(value))


def _field_names(kind: type, hidden: tuple[str, ...]) -> tuple[str, ...]:
    names = _FIELDS.get((kind, hidden))
    if names is None:
        names = _FIELDS[(kind, hidden)] = tuple(f.name for f in dataclasses.fields(kind) if f.name not in hidden)
    return names


class Fingerprints:
    """Content hashes of model values, memoised per object for one build.

    `of(value)` leaves out the fields in `hidden` (a story's Markdown body): only the
    page of the story itself and the feeds show a body (templates get it as `body`,
    rendered for `spec.item` alone), so an edited body must not re-render every
    listing that shows the story's card. `whole(item)` is the item with its body
    and what `item_extra(item)` adds (its body images, its social card).
    `extra(value)` adds what a value's markup depends on beyond its fields (a
    photo's pixels): see `Section.fingerprints`.
    """

    def __init__(self, extra=None, item_extra=None, hidden: tuple[str, ...] = INNER_HIDDEN, known=None):
        self._memo: dict[int, tuple[str, object]] = {}  # id -> (hash, the object, kept alive)
        self._whole: dict[int, tuple[str, object]] = {}
        self._extra, self._item_extra, self._hidden = extra, item_extra, hidden
        # id -> (object, Kept): hashes kept from an earlier read (`inner_digest`), so
        # unchanged stories are not walked field by field again. An object not in it
        # is walked, as always.
        self._known: dict[int, tuple[object, Kept]] = known if known is not None and hidden == INNER_HIDDEN else {}

    def whole(self, item) -> str:
        if item is None:
            return "-"
        hit = self._whole.get(id(item))
        if hit is not None and hit[1] is item:
            return hit[0]
        digest = sha(self.of(item), self.hidden_of(item), self._item_extra(item) if self._item_extra else "")
        self._whole[id(item)] = (digest, item)
        return digest

    def hidden_of(self, item) -> str:
        """The fields `of` leaves out (a story's body)."""
        known = self._known.get(id(item))
        if known is not None and known[0] is item:
            return known[1].hidden
        return sha(*(self.of(getattr(item, name, None)) for name in self._hidden))

    def of(self, value) -> str:
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        if kind in _SCALARS:
            return f"{kind.__name__}:{value!r}"
        hit = self._memo.get(id(value))
        if hit is not None and hit[1] is value:
            return hit[0]
        if isinstance(value, (dt.date, PurePath, enum.Enum)):
            return f"{kind.__name__}:{value!s}"
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            kept = known[1]
            digest = sha("known", kept.digest, *map(self._extra, kept.inside)) if self._extra is not None else kept.digest
        else:
            digest = sha(*self._parts(value))
        self._memo[id(value)] = (digest, value)
        return digest

    def _parts(self, value) -> list[str]:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}"
        if kind is list or kind is tuple:  # the commonest first: thousands per build
            memo, of, parts = self._memo, self.of, [name]
            for v in value:  # the memo first: a listing's stories were hashed by a page before
                hit = memo.get(id(v))
                parts.append(hit[0] if hit is not None and hit[1] is v else of(v))
            return parts
        if kind is dict:  # insertion order is rendering order
            of = self.of
            return [name, *(f"{of(k)}={of(v)}" for k, v in value.items())]
        names = _FIELDS.get((kind, self._hidden))
        if names is not None or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            names = names or _field_names(kind, self._hidden)
            of, parts = self.of, [name]
            for n in names:  # `of` inlined for the plain fields: most of them, thousands of stories
                v = getattr(value, n)
                t = type(v)
                parts.append(f"s{len(v)}:{v}" if t is str else f"{t.__name__}:{v!r}" if t in _SCALARS else of(v))
            if self._extra is not None:
                parts.append(self._extra(value))
            return parts
        if isinstance(value, (list, tuple)):
            return [name, *map(self.of, value)]
        if isinstance(value, dict):
            return [name, *(f"{self.of(k)}={self.of(v)}" for k, v in value.items())]
        if isinstance(value, (set, frozenset)):
            return [name, *sorted(map(self.of, value))]
        if isinstance(value, functools.partial):
            return [name, self.of(value.func), self.of(value.args), self.of(value.keywords)]
        if isinstance(value, types.MethodType):
            return [name, self.of(value.__func__), self.of(value.__self__)]
        if hasattr(value, "__html__"):  # Markup
            return [name, str(value)]
        raise Unhashable(f"cannot fingerprint {name}")
