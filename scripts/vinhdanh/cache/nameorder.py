"""The honour roll's order of names as the last build worked it out, while the names are the same.

Vietnamese name order (content/text.py) is worked out word by word for every name:
~10 ms a build at 1,000 stories, for an order that only an added, removed or renamed
story (or our code, in every key) changes. Kept in the store as one value, under the
key of every story's slug, kind and name in the content's order (which orders ties).
"""

from __future__ import annotations

import contextlib

from ..content.model import Exemplar
from ..derive.views import name_order
from .keys import sha
from .store import Store

KIND = "name-order"


class KeptNameOrder:
    """`derive.views.name_order` of a unit's stories, from the last build's when it holds."""

    def __init__(self, exemplars: tuple[Exemplar, ...], store: Store):
        self._store = store
        self._key = store.key(KIND, sha(repr([(e.slug, e.kind, e.name) for e in exemplars])))
        known = store.get(KIND, self._key)
        self._fresh = not isinstance(known, dict)
        self._places: dict[str, int] = name_order(exemplars) if self._fresh else known

    def rank(self, story: Exemplar) -> int:
        return self._places[story.slug]

    def save(self) -> None:
        if self._fresh:
            with contextlib.suppress(OSError):  # a read-only project: worked out again next time
                self._store.put(KIND, self._key, self._places)
