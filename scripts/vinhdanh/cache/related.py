"""Related stories as the last build ranked them, while what the ranking reads is unchanged.

derive.Relations ranks; this stands in front of it for a build: an edited body or
title changes no ranking, so the answers are taken from the store (one value,
`related`) under the key of everything `Relations.related()` reads.
"""

from __future__ import annotations

import contextlib

from ..content.model import Exemplar
from ..derive.views import Relations
from .keys import sha
from .store import Store

KIND = "related"


class KeptRelations:
    """`Relations.related`, answered from the last build's rankings when they still hold."""

    def __init__(self, relations: Relations, store: Store):
        self._relations, self._store = relations, store
        self._key = store.key(KIND, key_of(relations))
        known = store.get(KIND, self._key, {})
        self._known: dict[str, list[str]] = known if isinstance(known, dict) else {}
        self._found: dict[str, list[str]] = {}

    def related(self, story: Exemplar, limit: int = 3) -> list[Exemplar]:
        if limit != 3:  # only the story pages' three are kept
            return self._relations.related(story, limit)
        slugs = self._known.get(story.slug)
        kept = [self._relations.story(slug) for slug in slugs or ()]
        found = [e for e in kept if e is not None]
        if slugs is None or len(found) != len(kept):  # not kept, or a story it named is gone
            found = self._relations.related(story, limit)
        self._found[story.slug] = [e.slug for e in found]
        return found

    def save(self) -> None:
        """Keep this build's answers when they differ from the kept ones."""
        if self._found != self._known:
            with contextlib.suppress(OSError):  # a read-only project: the next run ranks again
                self._store.put(KIND, self._key, self._found)


def key_of(relations: Relations) -> str:
    """Everything `related()` reads: each story's groups and its place (date, slug)."""
    return sha(repr([(e.slug, e.date.toordinal(), relations.groups_of(e)) for e in relations.ordered]) + f"|{relations.CANDIDATES}")
