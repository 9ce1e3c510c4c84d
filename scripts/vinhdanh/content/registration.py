"""Registrations (đăng ký thi đua): what a collective or a person aims for in a period.

Read from `content/registrations/**.yml` (reading/registrations.py). Internal forms:
`Content.public()` drops them; only the registration report reads them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..records import record
from .model import Award, Exemplar, Unit
from .vocabulary import AwardTitle


@record
class Aim:
    year: int
    title: AwardTitle


@record
class Registration:
    slug: str
    source: Path
    rel_path: str
    kind: str  # individual | collective
    name: str
    unit: Unit
    first: int  # the period's first and last years
    last: int
    position: str = ""
    date: dt.date | None = None
    exemplar: Exemplar | None = None  # the story whose `awards` are this registrant's history
    aims: tuple[Aim, ...] = ()
    campaigns: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    pact: str = ""

    @property
    def awards(self) -> tuple[Award, ...]:
        """Won so far: the linked story's award history."""
        return self.exemplar.awards if self.exemplar else ()

    def overlaps(self, first: int, last: int) -> bool:
        return self.first <= last and first <= self.last
