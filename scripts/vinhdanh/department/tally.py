"""Who a department's campaign honoured: its own stories and its units', counted once.

The campaign report (`report campaign --sector`) and the campaign's page both read this,
so the page can never show 0/2 while the report counts the units' stories.
"""

from __future__ import annotations

from ..content.model import Campaign, Content, Exemplar
from ..pages.urls import Urls
from ..records import record
from .snapshot import Sector, SectorExemplar

KINDS = ("collective", "individual")


@record
class CampaignTally:
    own: tuple[Exemplar, ...]  # the department's own stories in the campaign
    units: tuple[SectorExemplar, ...]  # the units' stories, newest first
    counts: dict  # kind -> how many, own and units together

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def campaign_tally(content: Content, sector: Sector, campaign: Campaign) -> CampaignTally:
    urls = Urls(content.site)
    own = tuple(content.honoured_in(campaign.slug))
    # By the campaign's page URL: a unit's own campaign of the same slug does not count.
    units = tuple(sorted(sector.honoured_in(urls.absolute(urls.campaign(campaign.slug))), key=lambda e: (e.date, e.source.id, e.slug), reverse=True))
    counts = {kind: sum(e.kind == kind for e in own) + sum(e.kind == kind for e in units) for kind in KINDS}
    return CampaignTally(own, units, counts)
