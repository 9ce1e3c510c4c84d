"""Registered names by their tone-insensitive form, normalised once per run.

Authors may name a unit, field or award by its full name instead of its id
(`unit: Khoa Hồi sức tích cực - Chống độc`); matching every story against every
registered name re-normalised each time would make validation quadratic.
"""

from __future__ import annotations

import functools

from . import text


@functools.lru_cache(maxsize=8192)
def tone_insensitive_placement(value: str) -> str:
    """The story's own value, normalised once per distinct spelling (stories repeat their unit)."""
    return text.tone_insensitive_placement(value)


_built: dict[int, tuple[object, tuple[NameIndex, bool]]] = {}  # id(registry) -> (registry, index); kept small


class NameIndex:
    def __init__(self, registry: dict, abbreviations: bool = False):
        self._by_name: dict[str, tuple[int, object]] = {}
        self._by_abbreviation: dict[str, tuple[int, object]] = {}
        for position, item in enumerate(registry.values()):
            self._by_name.setdefault(tone_insensitive_placement(item.name), (position, item))
            if abbreviations and getattr(item, "abbreviation", None):
                self._by_abbreviation.setdefault(item.abbreviation, (position, item))

    def find(self, value: str):
        """The first registered item (in registry order) named `value`, or abbreviated so."""
        hits = [hit for hit in (self._by_name.get(tone_insensitive_placement(value)), self._by_abbreviation.get(value)) if hit]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None


def by_name(registry: dict, abbreviations: bool = False) -> NameIndex:
    """The index of `registry` (a dict that no longer changes), built on first use."""
    key = id(registry)
    hit = _built.get(key)
    if hit is not None and hit[0] is registry and hit[1][1] == abbreviations:
        return hit[1][0]
    if len(_built) > 16:
        _built.clear()
    index = NameIndex(registry, abbreviations)
    _built[key] = (registry, (index, abbreviations))
    return index
