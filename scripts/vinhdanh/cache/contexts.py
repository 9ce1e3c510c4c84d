"""Pages' context fingerprints as the last build made them, while what contexts are made of is unchanged.

A page's context (pages/plan.py, department/pages.py) is made by our code from the
public content, a department's sector and the build date, and nothing else; its
fingerprint (fingerprints.py) leaves the stories' bodies out. So while the
fingerprint of the content as a whole (bodies left out, photos' pixels counted),
the sector's and the date are the last build's, every context's fingerprint is
too: an edited body hashes one story's page again (`whole`, in assemble.py), not
6,700 contexts (a fifth of a second at 5,000 stories). Anything else changed — a
title, a unit, a photo, a story added or gone, another day, our code (in every
store key) — and every context is hashed again. Kept in the store as one value.
"""

from __future__ import annotations

from .fingerprints import Unhashable

KIND = "contexts"


class KeptContexts:
    """`fingerprints.of(spec.context)` for a section's pages, from the last build's
    when its key holds; `reuse=False` (`--full`) takes none but keeps this build's."""

    def __init__(self, section, reuse: bool = True):
        self._fps, self._store = section.fingerprints, section.store
        try:
            self._key: str | None = self._store.key(KIND, self._fps.of(section.content), self._fps.of(section.sector), section.today.isoformat())
        except Unhashable:  # nothing to key them by: each context is hashed, none kept
            self._key = None
        known = self._store.get(KIND, self._key, {}) if self._key is not None and reuse else {}
        self._known: dict[str, str] = known if isinstance(known, dict) else {}
        self._found: dict[str, str] = {}
        self.hashed = 0  # contexts hashed by this build (the rest were kept)

    def of(self, spec) -> str:
        """The fingerprint of `spec.context`; raises Unhashable as `Fingerprints.of` does."""
        digest = self._known.get(spec.path)
        if digest is None:
            digest = self._fps.of(spec.context)
            self.hashed += 1
        self._found[spec.path] = digest
        return digest

    def save(self) -> None:
        """Keep this build's when they differ from the kept ones."""
        if self._key is not None and self._found != self._known:
            self._store.put(KIND, self._key, self._found)  # read-only project: hashed again next time
