"""Checks across files: one slug per story, campaign quotas."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from ..model import Campaign, Event, Exemplar, Site
from .run import Run

Item = TypeVar("Item", Exemplar, Campaign, Event)


def unique_slugs(run: Run, items: list[Item], label: str) -> list[Item]:
    seen: dict[str, Item] = {}
    kept = []
    for item in items:
        first = seen.get(item.slug)
        if first is not None:
            run.add(item.rel_path, 0, 0, "E307", f"Đường dẫn (slug) `{item.slug}` trùng với {label} trong `{first.rel_path}`.", f"Đổi tên tệp hoặc thư mục, ví dụ `{item.slug}-{item.date.year}`.")
            continue
        seen[item.slug] = item
        kept.append(item)
    return kept


def check_campaign_links(run: Run, exemplars: list[Exemplar], campaigns: list[Campaign]) -> None:
    """More exemplars honoured in a campaign than its quota allows is a warning."""
    known = {c.slug: c for c in campaigns}
    counts: dict[tuple[str, str], int] = {}
    for e in exemplars:
        if e.status == "published":
            for slug in e.campaigns:
                counts[(slug, e.kind)] = counts.get((slug, e.kind), 0) + 1
    for (slug, kind), honoured in sorted(counts.items()):
        campaign = known.get(slug)
        limit = campaign.quota.for_kind(kind) if campaign and campaign.quota else None
        if campaign is not None and limit is not None and honoured > limit:
            who = "tập thể" if kind == "collective" else "cá nhân"
            run.add(
                campaign.rel_path,
                key_line(campaign.source, "quota"),
                1,
                "W601",
                f"Đã có {honoured} {who} được vinh danh trong phong trào, vượt chỉ tiêu {limit}.",
                "Kiểm tra lại `quota` hoặc danh sách `campaigns` của các bài viết.",
                "quota",
                "warning",
            )


def key_line(path: Path, key: str) -> int:
    """The line of a top-level key; used only for rare cross-file messages."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0


def followed_campaigns(run: Run, site: Site | None, local: set[str]) -> list[Campaign]:
    """The department's campaigns a unit follows, from its last `vinhdanh import`; local slugs win."""
    if site is None or site.follow is None:
        return []
    from ...department.snapshot import read_followed

    campaigns, host = read_followed(run.root, site.follow)
    if not host:
        run.add(
            "content/site.yml",
            0,
            0,
            "W812",
            f"`follow` khai báo bản xuất của Sở Y tế (`{site.follow.location}`) nhưng chưa nhập lần nào: các bài chưa dùng được phong trào của Sở.",
            "Chạy `vinhdanh import` (cần mạng), rồi kiểm tra lại.",
            "follow",
            "warning",
        )
    for c in campaigns:
        if c.slug in local:
            run.add(
                f"content/campaigns/{c.slug}.md",
                0,
                0,
                "W813",
                f"Phong trào `{c.slug}` của {host} trùng tên với phong trào của đơn vị: bài viết ghi `{c.slug}` dùng phong trào của đơn vị.",
                "Đổi tên tệp phong trào của đơn vị nếu muốn dùng phong trào của Sở.",
                severity="warning",
            )
    return [c for c in campaigns if c.slug not in local]
