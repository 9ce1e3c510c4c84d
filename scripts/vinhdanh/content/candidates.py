"""The candidate pipeline: candidate → cultivated → proposed → selected.

A story carries its stage in `cultivation`, `proposal` and `selected` (schema.py).
These are internal records: `Content.public()` strips them, so no page, feed,
search index or export can show them; only the internal reports read them.
"""

from __future__ import annotations

import datetime as dt

from ..records import record
from .schema import LEVELS
from .vocabulary import AwardTitle

LEVEL_NAMES = dict(LEVELS)
CANDIDATE = "candidate"


@record
class Note:
    date: dt.date
    note: str


@record
class Proposal:
    by: str
    level: str  # a LEVELS id
    year: int
    month: int
    award: AwardTitle | None = None  # the title proposed for, checked against the award history

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


@record
class Selection:
    level: str
    date: dt.date

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]
