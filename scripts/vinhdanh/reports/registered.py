"""The rows of the registration report: awards won, and what was registered for the years to come.

One row per collective or person: a public story of the period, a registration
(content/registrations/), or both when the registration names (or matches) the story.
A year's cell shows what was won that year, then what was registered and not (yet)
won, as "ĐK: …" — the plans' form "Đăng ký thành tích qua các năm".
"""

from __future__ import annotations

from collections.abc import Iterable

from ..content.model import Award, Content, Exemplar
from ..content.registration import Aim, Registration
from ..content.text import collation_key, name_order_key
from ..derive import eligibility
from ..records import record

REGISTERED = "ĐK"


@record
class Entry:
    kind: str
    name: str
    position: str
    unit: str
    awards: tuple[Award, ...] = ()
    registration: Registration | None = None

    @property
    def aims(self) -> tuple[Aim, ...]:
        return self.registration.aims if self.registration else ()

    @property
    def sort_key(self) -> tuple:
        return name_order_key(self.name) if self.kind == "individual" else collation_key(self.name)


def entries(exemplars: Iterable[Exemplar], registrations: Iterable[Registration], first: int, last: int) -> dict[str, list[Entry]]:
    """{kind: entries in name order}, collectives first; a registration joins its story's row."""
    rows: dict[str, Entry] = {e.slug: Entry(e.kind, e.name, e.position, e.unit.name, e.awards) for e in exemplars}
    for r in registrations:
        if not r.overlaps(first, last):
            continue
        story = r.exemplar
        key = story.slug if story is not None else f"registration:{r.rel_path}"
        position = r.position or (story.position if story else "")
        rows[key] = Entry(r.kind, r.name, position, r.unit.name, r.awards, r)
    out: dict[str, list[Entry]] = {"collective": [], "individual": []}
    for entry in rows.values():
        out[entry.kind].append(entry)
    return {kind: sorted(items, key=lambda e: (e.sort_key, e.unit)) for kind, items in out.items()}


def year_cell(entry: Entry, year: int) -> str:
    """'LĐTT – CSTĐCS; ĐK: CSTĐ cấp tỉnh': won that year, then registered and not won."""
    won = sorted((a for a in entry.awards if a.year == year), key=lambda a: a.title.rank)
    won_ids = {a.title.id for a in won}
    aimed = [a for a in entry.aims if a.year == year and a.title.id not in won_ids]
    parts = []
    if won:
        parts.append(" – ".join(a.title.short for a in won))
    if aimed:
        parts.append(f"{REGISTERED}: " + " – ".join(a.title.short for a in aimed))
    return "; ".join(parts)


def note_cell(entry: Entry, content: Content) -> str:
    """Campaigns, initiatives, models and pact registered; eligibility of each title aimed for."""
    r = entry.registration
    if r is None:
        return ""
    notes = []
    if r.campaigns:
        titles = [c.title if (c := content.campaign(slug)) else slug for slug in r.campaigns]
        notes.append("Phong trào: " + ", ".join(titles))
    for label, items in (("Sáng kiến", r.initiatives), ("Mô hình", r.models)):
        if items:
            notes.append(f"{label}: " + ", ".join(items))
    if r.pact:
        notes.append(f"Giao ước: {r.pact}")
    won = {(a.year, a.title.id) for a in entry.awards}
    for aim in r.aims:
        verdict = eligibility.check(content.vocabulary, aim.title.id, entry.awards, aim.year)
        # A rule only about the year itself (CSTĐCS: LĐTT and an initiative that year) is judged at
        # the year's end; a registration plans ahead, so only conditions on earlier years are shown.
        ahead = verdict.rule is not None and any(n.years != 1 for n in verdict.rule.needs)
        if (aim.year, aim.title.id) not in won and ahead:
            notes.append(f"{aim.year}: {verdict.text(content.vocabulary)}")
    return "; ".join(notes)


def legend_items(groups: dict[str, list[Entry]]) -> list:
    """Objects with `.awards` for the abbreviation legend: what was won and what was registered."""
    return [_Titles(tuple(e.awards) + tuple(Award(a.year, a.title) for a in e.aims)) for items in groups.values() for e in items]


@record
class _Titles:
    awards: tuple[Award, ...]
