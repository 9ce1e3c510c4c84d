"""Which exemplars go in each report: pure functions over an already-public Content.

Callers pass `content.public(today)`, so drafts, stories in review, withdrawn and
scheduled stories cannot reach a report from here.

- monthly: stories published (`date`) in that month. The plans ask for one exemplar a
  month "kèm tóm tắt thành tích"; all of the month are listed, the one to send first:
  featured, then highest award, then the latest story, then name order.
- yearly: stories published in that year, or whose person/collective received an
  award dated that year (an older story honoured again belongs to the year's list).
- registration (giai đoạn YYYY-YYYY): the same rule over every year of the period.
- campaign: the exemplars honoured in the campaign (their `campaigns` list).
- date range (`report period --from --to`): stories published in the range, or honoured
  with an award in it (by the decision's date when its text has one, else by its year).
- proposed, selected (the candidate pipeline): these read the WHOLE corpus, since a
  candidate is proposed before it is published; only internal reports call them, and
  no page links a story that is not public.

Grouped lists put collectives first, then individuals (as in the seeds' forms), each
in Vietnamese order: individuals by given name (`name_order_key`), collectives by
dictionary order (`collation_key`).
"""

from __future__ import annotations

import datetime as dt

from ..content.model import Content, Exemplar
from ..content.text import collation_key, name_order_key
from ..derive.coverage import award_in

KIND_ORDER = ("collective", "individual")
NO_AWARD_RANK = 10_000


def name_key(exemplar: Exemplar) -> tuple:
    """Vietnamese list order for one kind; slug breaks ties between equal names."""
    key = name_order_key(exemplar.name) if exemplar.kind == "individual" else collation_key(exemplar.name)
    return (key, exemplar.slug)


def in_years(exemplar: Exemplar, first: int, last: int) -> bool:
    """Published in, or honoured with an award of, a year from `first` to `last`."""
    return first <= exemplar.date.year <= last or any(first <= a.year <= last for a in exemplar.awards)


def monthly(content: Content, year: int, month: int) -> list[Exemplar]:
    chosen = [e for e in content.exemplars if (e.date.year, e.date.month) == (year, month)]

    def priority(e: Exemplar) -> tuple:
        top = e.highest_award
        return (not e.featured, top.title.rank if top else NO_AWARD_RANK, -e.date.toordinal(), name_key(e))

    return sorted(chosen, key=priority)


def period(content: Content, first: int, last: int) -> dict[str, list[Exemplar]]:
    """Exemplars of the years `first`..`last`, by kind, in name order."""
    return grouped(e for e in content.exemplars if in_years(e, first, last))


def yearly(content: Content, year: int) -> dict[str, list[Exemplar]]:
    return period(content, year, year)


def campaign(content: Content, slug: str) -> dict[str, list[Exemplar]]:
    return grouped(content.honoured_in(slug))


def grouped(exemplars) -> dict[str, list[Exemplar]]:
    """{kind: exemplars in name order} for every kind, collectives first."""
    out: dict[str, list[Exemplar]] = {kind: [] for kind in KIND_ORDER}
    for e in exemplars:
        out[e.kind].append(e)
    return {kind: sorted(items, key=name_key) for kind, items in out.items()}


def in_range(exemplar: Exemplar, first: dt.date, last: dt.date) -> bool:
    return first <= exemplar.date <= last or any(award_in(a, first, last) for a in exemplar.awards)


def between(content: Content, first: dt.date, last: dt.date) -> list[Exemplar]:
    """Exemplars of the range `first`..`last`, collectives first, in name order."""
    return [e for items in grouped(e for e in content.exemplars if in_range(e, first, last)).values() for e in items]


def proposed(content: Content, year: int, month: int) -> list[Exemplar]:
    """Stories proposed in that month (any status but withdrawn), by unit, then level, then name."""
    chosen = [e for e in content.exemplars if e.proposal and (e.proposal.year, e.proposal.month) == (year, month) and e.status != "withdrawn"]
    return sorted(chosen, key=lambda e: (collation_key(e.unit.name), e.proposal.level if e.proposal else "", name_key(e)))


def selected(content: Content, year: int, level: str) -> dict[str, list[Exemplar]]:
    """Stories selected at `level` in `year` (the department's picks for the province), by kind."""
    return grouped(e for e in content.exemplars if e.selected and e.selected.level == level and e.selected.date.year == year and e.status != "withdrawn")
