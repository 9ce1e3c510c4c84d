"""Read `content/` once into the typed model, collecting every diagnostic on the way.

read → check each file → check across files. Nothing here renders or writes; the
readers of each kind of file live in `reading/`, the keys they read in `schema.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from . import imagecheck
from .model import Content, LoadResult
from .reading.across import check_campaign_links, followed_campaigns, unique_slugs
from .reading.campaigns import read_campaign
from .reading.events import read_event
from .reading.exemplars import read_exemplar
from .reading.hosts import own_host
from .reading.pipeline import check_proposals
from .reading.registrations import read_registrations
from .reading.registry import read_site, read_units, read_vocabulary
from .reading.run import Run, markdown_files, slug_of, today_in_vietnam
from .schema import CAMPAIGN_KEYS, CAMPAIGN_STATUSES, EXEMPLAR_KEYS, EXEMPLAR_STATUSES, SUMMARY_MAX, TITLE_MAX

__all__ = ["CAMPAIGN_KEYS", "CAMPAIGN_STATUSES", "EXEMPLAR_KEYS", "EXEMPLAR_STATUSES", "SUMMARY_MAX", "TITLE_MAX", "load", "today_in_vietnam"]


def load(root: Path, today: dt.date | None = None, reads=None, kept_images=None) -> LoadResult:
    """Read the project at `root` into a Content, with every diagnostic found.

    With `reads` (a cache.readcache.ReadCache), stories unchanged since the last read
    are not read again: the same result, diagnostics included. Without it, `kept_images`
    (a cache.readcache.KeptImageChecks) gives the image checks a build kept, read only.
    """
    run = Run(root.resolve(), today or today_in_vietnam())
    if not run.content_dir.is_dir():
        run.add("content", 0, 0, "E801", "Không tìm thấy thư mục `content/`.", "Chạy lệnh ở thư mục gốc của dự án, nơi có `content/` và `mkdocs.yml`.")
        return LoadResult(None, run.diagnostics, 0)
    cache = reads
    if cache is not None:
        run.inspect = cache.inspect
    elif kept_images is not None:
        run.inspect = functools.partial(_kept_or_checked, kept_images)
    site = read_site(run)
    if site is not None:
        run.own_hosts, run.image_hosts = frozenset({own_host(site.base_url)}), frozenset(site.image_hosts)
    units = read_units(run)
    vocabulary = read_vocabulary(run)
    campaign_files = markdown_files(run.content_dir / "campaigns")
    campaign_slugs = {slug_of(p) for p in campaign_files}
    story_files = markdown_files(run.content_dir / "exemplars")
    event_files = markdown_files(run.content_dir / "events")
    run.slugs = {"campaigns": set(campaign_slugs), "exemplars": {slug_of(p) for p in story_files}, "events": {slug_of(p) for p in event_files}}
    followed = followed_campaigns(run, site, campaign_slugs)  # the department's, from the last `vinhdanh import`
    campaign_slugs |= {c.slug for c in followed}
    campaigns = [c for c in (read_campaign(run, p) for p in campaign_files) if c] + followed
    by_slug = {c.slug: c for c in reversed(campaigns)}  # the first file of a duplicated slug wins, as in unique_slugs
    if cache is not None:
        key = cache.context_key(run.root, units, vocabulary, campaign_slugs, by_slug, run.today, (run.own_hosts, run.image_hosts))
        exemplars = [e for e in cache.read_all(run, story_files, key, functools.partial(read_exemplar, run, units=units, vocabulary=vocabulary, campaign_slugs=campaign_slugs, campaigns=by_slug)) if e]
        cache.save()
    else:  # every story read afresh (`vinhdanh validate`): on both cores, photos checked on threads meanwhile
        from .reading.halves import read_stories  # here: its pool's imports (concurrent.futures, logging: ~6 ms) are no build's

        with imagecheck.bombs_are_errors():
            exemplars = read_stories(run, story_files, functools.partial(read_exemplar, run, units=units, vocabulary=vocabulary, campaign_slugs=campaign_slugs, campaigns=by_slug), kept_images)
    campaigns = unique_slugs(run, campaigns, "phong trào")
    exemplars = unique_slugs(run, exemplars, "gương điển hình")
    check_campaign_links(run, exemplars, campaigns)
    check_proposals(run, exemplars)
    events = unique_slugs(run, [ev for ev in (read_event(run, p, campaign_slugs, run.slugs["exemplars"]) for p in event_files) if ev], "sự kiện")
    registrations = read_registrations(run, units, vocabulary, campaign_slugs, exemplars)
    content = None
    if site is not None:
        content = Content(run.root, site, units, vocabulary, tuple(exemplars), tuple(campaigns), registrations=tuple(registrations), events=tuple(events))
    return LoadResult(content, run.diagnostics, run.files)


def _kept_or_checked(kept_images, path: Path):
    kept = kept_images(path)
    return kept if kept is not None else imagecheck.inspect(path)
