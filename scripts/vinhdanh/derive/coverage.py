"""Who has an exemplar when: the counts `vinhdanh status` and the period report share.

Pure functions over a Content: callers decide which view (public, or every published
story for the office's own status) they pass in.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

from ..content.model import Campaign, Content, Exemplar, Unit
from ..records import record

# Units the plans ask an exemplar of ("mỗi khoa, phòng ít nhất 01"): not the union or youth union.
DEPARTMENT_KINDS = ("khoa", "phong", "trung-tam", "tram")


def departments(content: Content) -> list[Unit]:
    """The khoa, phòng, trung tâm and trạm of units.yml, in its order."""
    return [u for u in content.units.values() if u.kind in DEPARTMENT_KINDS]


def published_between(exemplars, first: dt.date, last: dt.date) -> list[Exemplar]:
    return [e for e in exemplars if first <= e.date <= last]


def without_exemplar(content: Content, exemplars: list[Exemplar]) -> list[Unit]:
    """Departments none of `exemplars` belongs to, in units.yml order."""
    covered = {e.unit.id for e in exemplars}
    return [u for u in departments(content) if u.id not in covered]


@record
class Stage:
    """A campaign phase, or the whole campaign when it has none."""

    campaign: Campaign
    name: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        where = self.campaign.title if self.name == self.campaign.title else f"{self.name} – {self.campaign.title}"
        return f"{where} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"


def stages(campaign: Campaign) -> list[Stage]:
    if not campaign.phases:
        return [Stage(campaign, campaign.title, campaign.start, campaign.end)]
    return [Stage(campaign, p.name, p.start, p.end) for p in campaign.phases]


def honoured_in_stage(content: Content, stage: Stage) -> list[Exemplar]:
    """Stories naming the campaign and published during the stage."""
    return [e for e in content.honoured_in(stage.campaign.slug) if stage.start <= e.date <= stage.end]


class Decided(Protocol):
    """An award with a year and a decision's text: an Award, or a unit's award in a department's snapshot."""

    @property
    def year(self) -> int: ...

    @property
    def decision(self) -> str: ...


_DECISION_DATE = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.I)


def award_date(award: Decided) -> dt.date | None:
    """The day of the decision when its text gives one ('... ngày 10/12/2025') in the award's year."""
    match = _DECISION_DATE.search(award.decision)
    if not match:
        return None
    try:
        day = dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return day if day.year == award.year else None


def award_in(award: Decided, first: dt.date, last: dt.date) -> bool:
    """An award falls in [first, last] by its decision's date, or, undated, when its year overlaps."""
    day = award_date(award)
    if day is not None:
        return first <= day <= last
    return first.year <= award.year <= last.year
