"""The unit's machine-readable export: JSON Feed 1.1 with a versioned `_vinhdanh` extension.

`guong-dien-hinh/feed.json` (`application/feed+json`) lists every public exemplar (and
model, initiative), every public campaign and every public event of the unit — all of
them, not the newest `feed_size`: a
department compiles the unit's whole record from it. A story withdrawn at the unit is
gone from the export on the next build, and so from the department on its next import.

The format is documented in docs/xuat-du-lieu.md; `department/feed.schema.json`
checks it (tests, `vinhdanh import`). Campaigns the unit follows from its department
are not re-published: they belong to the department's own export.
"""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import Path

from ..content.candidates import LEVEL_NAMES
from ..content.model import Campaign, Event, Exemplar
from ..derive.views import SUBJECT_TITLES
from ..photos.cardtext import card_kind
from .feeditem import EVENT_KIND_NAMES, item_html, local_datetime, permalink

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION_VERSION = 1
EXPORT_NAME = "feed.json"
MIME = "application/feed+json"


def export_path(urls) -> str:
    return f"{urls.exemplars}{EXPORT_NAME}"


def build_export(section) -> dict:
    """The export of the public section as a JSON-ready dict (cards must be planned)."""
    return _head(section, [make(section, item) for item, _, make in _entries(section)])


def _entries(section):
    """Every item of the export in order: the item, the other public items its JSON shows
    (campaigns, honoured stories: `None` where one is not public), what makes its JSON."""
    content = section.content
    # by slug once, not content.campaign()'s walk per story (the first of a slug, as it gives)
    campaigns = {c.slug: c for c in reversed(content.campaigns)}
    exemplars = {e.slug: e for e in reversed(content.exemplars)}
    for e in sorted(content.exemplars, key=lambda e: (e.date, e.slug), reverse=True):
        yield e, tuple(campaigns.get(s) for s in e.campaigns), _exemplar
    for c in sorted(content.campaigns, key=lambda c: (c.date, c.slug), reverse=True):
        if not c.origin:  # the department's own export has it
            yield c, (), _campaign
    for v in sorted(content.events, key=lambda v: (v.date, v.slug), reverse=True):
        yield v, (campaigns.get(v.campaign) if v.campaign else None, *(exemplars.get(s) for s in v.exemplars)), _event


def _head(section, items: list) -> dict:
    urls, site = section.urls, section.content.site
    feed = {
        "version": JSON_FEED_VERSION,
        "title": f"Gương điển hình tiên tiến – {site.short_name or site.name}",
        "home_page_url": urls.absolute(urls.exemplars),
        "feed_url": urls.absolute(export_path(urls)),
        "description": f"Gương điển hình tiên tiến và phong trào thi đua của {site.name} (dữ liệu cho Sở Y tế tổng hợp).",
        "language": "vi",
        "authors": [{"name": site.name, **({"url": site.website} if site.website else {})}],
        "_vinhdanh": {
            "version": EXTENSION_VERSION,
            "unit": {"id": site.id, "name": site.name, "short_name": site.short_name, "parent": site.parent},
            "base_url": site.base_url,
            "built": section.today.isoformat(),
        },
        "items": items,
    }
    if site.logo:
        feed["icon"] = urls.absolute(urls.logo)
    return feed


def _common(section, item) -> dict:
    urls = section.urls
    link = permalink(section, item)
    kind = card_kind(item)
    card = section.images.card(kind, item.slug)
    photo = _photo(section, item)
    updated = getattr(item, "updated", None) or item.date
    out = {
        "id": link,
        "url": link,
        "title": item.title,
        "summary": item.summary,
        "content_html": item_html(section, item),
        "image": urls.absolute(card.url),
        "date_published": local_datetime(item.date).isoformat(),
        "date_modified": local_datetime(updated).isoformat(),
        "language": "vi",
    }
    ext = {"type": kind, "slug": item.slug, "date": item.date.isoformat(), "updated": updated.isoformat(), "summary": item.summary, "page_url": link, "card_url": urls.absolute(card.url)}
    if photo:
        ext["photo"] = photo
    return out | {"_vinhdanh": ext}


def _photo(section, item) -> dict | None:
    if not item.photo:
        return None
    plan = section.images.plan.photo(item.photo.source)
    if plan is None:
        return None
    best = plan.largest
    return {"url": section.urls.absolute(best.url), "width": best.width, "height": best.height, "alt": item.photo.alt, "credit": item.photo.credit}


def _exemplar(section, e: Exemplar) -> dict:
    content = section.content
    out = _common(section, e)
    campaigns = [_campaign_ref(section, c) for c in (content.campaign(slug) for slug in e.campaigns) if c is not None]
    subject = [SUBJECT_TITLES[e.subject]] if e.subject in SUBJECT_TITLES else []  # readers filter models, initiatives
    out["tags"] = [*subject, e.unit.name, *(f.name for f in e.fields), *e.tags]
    out["authors"] = [{"name": e.author or content.site.name}]
    out["_vinhdanh"] |= {
        "kind": e.kind,
        "name": e.name,
        "position": e.position,
        "unit": {"id": e.unit.id, "name": e.unit.name},
        "fields": [{"id": f.id, "name": f.name} for f in e.fields],
        "awards": [
            {"year": a.year, "id": a.title.id, "name": a.title.name, "short": a.title.short, "rank": a.title.rank, "category": a.title.category, "decision": a.decision, "by": a.by} for a in e.awards
        ],
        "campaigns": campaigns,
        "featured": e.featured,
        # a model or initiative is a subject of its own, with where it is recognised, applied and replicated
        "subject": e.subject,
        "recognition": {"id": e.recognition, "name": LEVEL_NAMES[e.recognition]} if e.recognition else None,
        "applied_at": list(e.applied_at),
        "replicated_at": list(e.replicated_at),
    }
    return out


def _campaign_ref(section, c: Campaign) -> dict:
    """A campaign as an item names it: `url` is where it is hosted (a department's page for the department's)."""
    return {"slug": c.slug, "title": c.title, "host": c.host, "url": c.origin or section.urls.absolute(section.urls.campaign(c.slug))}


def _campaign(section, c: Campaign) -> dict:
    out = _common(section, c)
    out["tags"] = ["Phong trào thi đua", c.host]
    out["_vinhdanh"] |= {
        "host": c.host,
        "owner": c.owner,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "review": c.review.isoformat() if c.review else None,
        "phases": [{"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(), "goal": p.goal} for p in c.phases],
        "quota": {"collective": c.quota.collective, "individual": c.quota.individual} if c.quota else None,
        "basis": list(c.basis),
    }
    return out


def _event(section, v: Event) -> dict:
    content = section.content
    out = _common(section, v)
    kind = EVENT_KIND_NAMES.get(v.kind, v.kind)
    out["tags"] = ["Sự kiện", kind[:1].upper() + kind[1:], v.host]
    campaign = content.campaign(v.campaign) if v.campaign else None
    honoured = [e for e in (content.exemplar(s) for s in v.exemplars) if e is not None]  # public stories only
    out["_vinhdanh"] |= {
        "kind": v.kind,
        "kind_name": kind,
        "start": v.start.isoformat(),
        "end": v.end.isoformat() if v.end else None,
        "place": v.place,
        "host": v.host,
        "campaign": _campaign_ref(section, campaign) if campaign else None,
        "exemplars": [{"slug": e.slug, "name": e.name, "url": permalink(section, e)} for e in honoured],
    }
    return out


def _dumps(value) -> str:
    # Sorted keys and fixed separators: the same content gives the same bytes, so a
    # department's import can skip an unchanged export by its hash.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def export_bytes(section) -> bytes:
    return _dumps(build_export(section)).encode("utf-8") + b"\n"


# The items' place in the document `_dumps` writes: a list (one level) inside the
# feed (another), so every line of an item's own JSON moves two spaces in.
_ITEMS_MARK = "\u0000vinhdanh-items"
_ITEM_INDENT = "  "


def export_bytes_cached(section, cache) -> bytes:
    """`export_bytes`, with each item's JSON taken from `cache` (the store's cache.shards.Pack)
    while the item, its photo, card, the items it shows, the site and our code are unchanged.
    The bytes are those of `export_bytes`; tests compare the two."""
    from ..cache.fingerprints import Unhashable
    from ..cache.keys import sha

    content, fps = section.content, section.fingerprints
    shared = section.store.key("export-item", fps.of(section.urls), fps.of(content.site))

    def key(item, shown=()) -> str | None:
        try:
            return sha(shared, fps.whole(item), *(fps.of(other) for other in shown))
        except Unhashable:
            return None

    def piece(item, make) -> bytes:
        # UTF-8 once per item, kept as bytes: the whole document is never encoded again
        return _dumps(make(section, item)).replace("\n", "\n" + _ITEM_INDENT).encode("utf-8")

    def kept(key: str | None, make) -> bytes:
        found = cache.get(key) if key is not None else None
        if found is None:
            found = make()
            if key is not None:
                cache.put(key, found)
        return found

    pieces = [kept(key(item, shown), functools.partial(piece, item, make)) for item, shown, make in _entries(section)]
    if not pieces:
        return export_bytes(section)
    before, mark, after = _dumps(_head(section, [_ITEMS_MARK])).partition(json.dumps(_ITEMS_MARK))
    assert mark, "the items' mark is in the document"
    return b"".join((before.encode("utf-8"), (b",\n" + _ITEM_INDENT.encode()).join(pieces), after.encode("utf-8"), b"\n"))


def write_export(section, site_dir: Path) -> None:
    target = Path(site_dir) / export_path(section.urls)
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = section.store.pack("export-items", EXPORT_ITEMS, reuse=section.reuse)
    target.write_bytes(export_bytes_cached(section, cache))
    with contextlib.suppress(OSError):  # a read-only project: made again next time
        cache.save()


EXPORT_ITEMS = 3  # the format of the store's export items: 3, bytes
