"""Where a unit's export may lead: http(s) on the origin it was fetched from, and nowhere else.

A unit writes its export; the department's officer writes `department.sources`. So the
origins a source is allowed are the scheme+host+port of its `url:` and of the `base_url:`
the officer gave it — never what the export says of itself. A link or image elsewhere
(another host, another port of 127.0.0.1, `javascript:`) drops the item it is in, with a
warning; the rest of the export is imported. A `path:` source reads its images from its
own folder only: `..` and symlinks that lead out are refused like another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..records import record

Origin = tuple[str, str, int]  # scheme, host, port
DEFAULT_PORTS = {"http": 80, "https": 443}
IMAGE_FIELDS = ("card_url", "photo.url", "image")
SHOWN = 5  # items named per warning; the count says the rest


def origin_of(url: object) -> Origin | None:
    """(scheme, host, port) of an absolute http(s) URL; None for anything else."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 literal
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return (scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme])


def origin_url(origin: Origin) -> str:
    scheme, host, port = origin
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}/" if port == DEFAULT_PORTS[scheme] else f"{scheme}://{shown}:{port}/"


@record
class Origins:
    """The origins one source may use, first the one its export comes from."""

    allowed: tuple[Origin, ...]

    @classmethod
    def of(cls, *urls: str) -> Origins:
        found = (origin_of(u) for u in urls if u)
        return cls(tuple(dict.fromkeys(o for o in found if o)))

    def __contains__(self, origin: object) -> bool:
        return origin is not None and origin in self.allowed

    def allows(self, url: object) -> bool:
        return origin_of(url) in self

    def root(self) -> str:
        return origin_url(self.allowed[0]) if self.allowed else ""

    def text(self) -> str:
        return ", ".join(origin_url(o).rstrip("/") for o in self.allowed) or "không có"


@record
class Folder:
    """The built site a `path:` export lies in, served at `base`: images are read from here only."""

    root: Path  # resolved
    base: str

    @classmethod
    def of_export(cls, export_file: Path, base: str, feed_url: object) -> Folder:
        """The site's root: as many folders above the export as its `feed_url` is below `base`,
        if those folders carry the names the URL gives (else the export's own folder): an export
        cannot climb above the folder the officer pointed at by claiming a deep `feed_url`."""
        root = export_file.parent
        base_path, feed_path = urlsplit(base).path, urlsplit(feed_url).path if isinstance(feed_url, str) else ""
        if Origins.of(base).allows(feed_url) and feed_path.startswith(base_path):
            parts = [unquote(p) for p in feed_path[len(base_path) :].split("/") if p]
            if parts and tuple(parts) == export_file.parts[-len(parts) :]:
                root = export_file.parents[len(parts) - 1]
        return cls(root.resolve(), base)

    def file(self, url: str) -> Path | None:
        """The file `url` names inside the folder (symlinks followed); None if it lies outside."""
        path, base_path = urlsplit(url).path, urlsplit(self.base).path
        if not path.startswith(base_path):
            return None
        target = (self.root / unquote(path[len(base_path) :]).lstrip("/")).resolve()
        return target if target.is_relative_to(self.root) else None


def item_urls(item: dict) -> Iterator[tuple[str, object]]:
    """(field as the export names it, value) of every URL the department keeps of an item."""
    ext = item["_vinhdanh"]
    yield "page_url", ext["page_url"]
    yield "card_url", ext["card_url"]
    if ext.get("photo"):
        yield "photo.url", ext["photo"]["url"]
    for key in ("url", "image"):
        if key in item:
            yield key, item[key]


def confine_feed(feed: dict, origins: Origins, fallback_base: str) -> list[str]:
    """The export's own addresses on `origins`: a foreign `base_url` becomes `fallback_base`
    (the officer's) or the origin's root; a foreign home or feed URL goes. Returns the warnings."""
    warnings = []
    ext = feed["_vinhdanh"]
    if not origins.allows(ext["base_url"]):
        new = fallback_base if origins.allows(fallback_base) else origins.root()
        warnings.append(f"`base_url` của bản xuất là `{ext['base_url']}`, ngoài địa chỉ của đơn vị ({origins.text()}): dùng `{new}`")
        ext["base_url"] = new
    for key in ("home_page_url", "feed_url"):
        if key in feed and not origins.allows(feed[key]):
            warnings.append(f"bỏ `{key}` `{feed[key]}`: không phải địa chỉ http(s) của đơn vị ({origins.text()})")
            del feed[key]
    return warnings


def confine_items(feed: dict, origins: Origins, folder: Folder | None = None) -> list[str]:
    """Keep the items whose every URL is on `origins` (and, for a local export, in `folder`);
    one warning per field and reason, naming the items dropped."""
    dropped: dict[tuple[str, str], list[str]] = {}
    kept = []
    for item in feed["items"]:
        problem = _problem(item, origins, folder)
        if problem is None:
            kept.append(item)
        else:
            dropped.setdefault(problem[:2], []).append(f"`{item['_vinhdanh']['slug']}` ({problem[2]})")
    feed["items"] = kept
    warnings = []
    for (field, why), items in dropped.items():
        more = f" và {len(items) - SHOWN} mục khác" if len(items) > SHOWN else ""
        warnings.append(f"bỏ {len(items)} mục có `{field}` {why}: " + ", ".join(items[:SHOWN]) + more)
    return warnings


def _problem(item: dict, origins: Origins, folder: Folder | None) -> tuple[str, str, str] | None:
    """(field, why, value) of the first URL of `item` that may not be used."""
    for field, url in item_urls(item):
        if not origins.allows(url):
            return field, f"ngoài địa chỉ của đơn vị ({origins.text()})", str(url)
        if folder is not None and field in IMAGE_FIELDS and folder.file(str(url)) is None:
            return field, f"trỏ ra ngoài thư mục của đơn vị ({folder.root})", str(url)
    return None
