"""`vinhdanh import`: every source's export → checked → media re-encoded → one snapshot file.

A snapshot (`.vinhdanh/snapshots/<source-id>.json`, not committed) holds the last good
export of one unit, the validators of the fetch (ETag, Last-Modified, content hash)
and the map from the unit's image URLs to re-encoded files. It is replaced whole
(atomic rename) and only by an export that passed every check, so a source that is
unreachable, malformed, of an unknown version, claiming another unit's id or that lost
most of its items at once keeps what was imported before.

An unchanged export costs one conditional request (304) or one hash: the second
import of sixty units where one changed parses one export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomically
from ..model import Follow, Site, Source
from . import media, schema
from .fetch import MAX_IMAGE_BYTES, FetchError, fetch, is_url

SNAPSHOT_VERSION = 1
MIN_ITEMS_FOR_DROP_CHECK = 4  # a unit with 3 stories may withdraw 2 without it looking odd
JOBS = 4  # concurrent sources: fetching waits on the network


def snapshots_dir(root: Path) -> Path:
    return root / ".vinhdanh" / "snapshots"


def snapshot_file(root: Path, source_id: str) -> Path:
    return snapshots_dir(root) / f"{source_id}.json"


def follow_file(root: Path) -> Path:
    return root / ".vinhdanh" / "follow.json"


@dataclass
class Outcome:
    source: Source
    status: str  # imported | unchanged | kept | failed (nothing imported before either)
    message: str = ""
    items: int = 0
    images: int = 0  # newly re-encoded this run
    media: set[str] = field(default_factory=set)  # media files the snapshot now refers to

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "unchanged")

    def text(self) -> str:
        who = f"{self.source.name} (`{self.source.id}`)"
        if self.status == "imported":
            return f"{who}: đã nhập {self.items} mục, {self.images} ảnh mới."
        if self.status == "unchanged":
            return f"{who}: không thay đổi ({self.items} mục)."
        return f"cảnh báo: {who}: {self.message}"


class Rejected(Exception):
    """The export cannot replace the snapshot; the message says why, in Vietnamese."""


def load_snapshot(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("snapshot_version") == SNAPSHOT_VERSION else None


def import_sources(root: Path, site: Site, accept: tuple[str, ...] = (), now: dt.datetime | None = None) -> list[Outcome]:
    """Import every source of the department site (and its own `follow`, if any)."""
    now = now or dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
    sources = list(site.department.sources) if site.department else []
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        outcomes = list(pool.map(lambda s: import_one(root, s, s.id in accept, now), sources))
    if site.follow:
        outcomes.append(import_follow(root, site.follow, now))
    # Every outcome names the files its snapshot refers to (a kept one, the old ones).
    keep = set().union(*(o.media for o in outcomes)) if outcomes else set()
    media.sweep(root, keep | _media_of_unlisted(root, {s.id for s in sources}))
    return outcomes


def _media_of_unlisted(root: Path, listed: set[str]) -> set[str]:
    """Snapshots of sources no longer configured keep their files until removed by hand."""
    keep: set[str] = set()
    folder = snapshots_dir(root)
    for path in folder.glob("*.json") if folder.is_dir() else ():
        if path.stem not in listed:
            snap = load_snapshot(path) or {}
            keep |= _media_names(snap.get("media", {}))
    return keep


def _media_names(mapping: dict) -> set[str]:
    return {name for entry in mapping.values() for name in (entry.get("file"), entry.get("thumb")) if name}


def import_one(root: Path, source: Source, accept_drop: bool = False, now: dt.datetime | None = None) -> Outcome:
    target = snapshot_file(root, source.id)
    previous = load_snapshot(target)
    state = (previous or {}).get("state", {})
    old_media = (previous or {}).get("media", {})
    kept_items = len((previous or {}).get("feed", {}).get("items", []))

    def keep(message: str) -> Outcome:
        if previous is None:
            return Outcome(source, "failed", f"{message}; chưa có bản nào nhập trước đó nên đơn vị này chưa có trên trang của Sở.")
        when = state.get("imported_at", "")[:10]
        when = ".".join(reversed(when.split("-"))).replace(".", "/") if when else "?"
        return Outcome(source, "kept", f"{message}; giữ bản đã nhập ngày {when} ({kept_items} mục).", kept_items, media=_media_names(old_media))

    try:
        got = fetch(source.location, state.get("etag", ""), state.get("last_modified", ""))
    except FetchError as exc:
        return keep(f"không lấy được bản xuất `{source.location}`: {exc}")
    digest = hashlib.sha256(got.data).hexdigest() if got.data is not None else state.get("sha256")
    if previous is not None and (got.data is None or digest == state.get("sha256")):
        return Outcome(source, "unchanged", items=kept_items, media=_media_names(old_media))
    if got.data is None:  # "not modified" without a snapshot to keep: nothing was sent to compare with
        return keep("máy chủ trả lời «không đổi» nhưng chưa có bản nào đã nhập")
    try:
        feed = _checked(got.data, source, previous, accept_drop)
    except Rejected as exc:
        return keep(str(exc))
    new_media, fresh = _import_media(root, source, feed, old_media)
    for item in feed["items"]:  # the department links to the unit's page, never shows the full text
        item.pop("content_html", None)
        item.setdefault("content_text", item.get("summary", ""))
    snapshot = {
        "snapshot_version": SNAPSHOT_VERSION,
        "source": {"id": source.id, "name": source.name, "location": source.location},
        "state": {"etag": got.etag, "last_modified": got.last_modified, "sha256": digest, "imported_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat()},
        "media": new_media,
        "feed": feed,
    }
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomically(target, lambda fh: fh.write(data))
    return Outcome(source, "imported", items=len(feed["items"]), images=fresh, media=_media_names(new_media))


def _checked(data: bytes, source: Source, previous: dict | None, accept_drop: bool) -> dict:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Rejected("bản xuất không phải văn bản UTF-8") from None
    except ValueError as exc:
        raise Rejected(f"bản xuất không phải JSON hợp lệ (dòng {getattr(exc, 'lineno', '?')}, cột {getattr(exc, 'colno', '?')}: {getattr(exc, 'msg', exc)})") from None
    version = schema.version_of(feed)
    if isinstance(feed, dict) and version is not None and version not in schema.SUPPORTED_VERSIONS:
        raise Rejected(
            f"bản xuất dùng phiên bản `_vinhdanh` {version!r}, bản vinhdanh này chỉ đọc được phiên bản "
            + ", ".join(map(str, schema.SUPPORTED_VERSIONS))
            + " (cập nhật vinhdanh ở Sở Y tế, hoặc đơn vị dùng bản cũ hơn)"
        )
    problems = schema.problems(feed)
    if problems:
        raise Rejected("bản xuất không đúng định dạng JSON Feed 1.1 + `_vinhdanh` (docs/xuat-du-lieu.md): " + "; ".join(problems))
    claimed = feed["_vinhdanh"]["unit"]["id"]
    if claimed != source.id:
        raise Rejected(
            f"bản xuất ghi mã đơn vị `{claimed}`, không phải `{source.id}`: một đơn vị không được đưa nội dung vào mục của đơn vị khác (sửa `id` trong site.yml của đơn vị, hoặc mã nguồn trong `department.sources`)"
        )
    base = feed["_vinhdanh"]["base_url"]
    foreign = [i["_vinhdanh"]["page_url"] for i in feed["items"] if not i["_vinhdanh"]["page_url"].startswith(base)]
    if foreign:
        raise Rejected(f"{len(foreign)} mục trỏ tới trang ngoài địa chỉ của đơn vị ({base}), ví dụ {foreign[0]}")
    seen: set[tuple[str, str]] = set()
    for item in feed["items"]:
        key = (item["_vinhdanh"]["type"], item["_vinhdanh"]["slug"])
        if key in seen:
            raise Rejected(f"đường dẫn `{key[1]}` xuất hiện hai lần trong bản xuất")
        seen.add(key)
    if previous is not None and not accept_drop:
        before = {i.get("id") for i in previous.get("feed", {}).get("items", [])}
        gone = len(before - {i["id"] for i in feed["items"]})
        if len(before) >= MIN_ITEMS_FOR_DROP_CHECK and gone * 2 > len(before):
            raise Rejected(f"bản xuất mới mất {gone}/{len(before)} mục cùng lúc, bất thường nên chưa nhận (nếu đơn vị gỡ bài thật, chạy `vinhdanh import --accept {source.id}`)")
    return feed


def _import_media(root: Path, source: Source, feed: dict, old: dict) -> tuple[dict, int]:
    """{unit URL: stored files} for every card and photo; known URLs are not fetched again."""
    wanted: list[str] = []
    for item in feed["items"]:
        ext = item["_vinhdanh"]
        wanted.append(ext["card_url"])
        if ext.get("photo"):
            wanted.append(ext["photo"]["url"])
    out: dict = {}
    fresh = 0
    site_root = _local_site_root(source, feed)
    for url in dict.fromkeys(wanted):
        entry = old.get(url)
        if entry and all(media.media_file(root, entry[k]).is_file() for k in ("file", "thumb")):
            out[url] = entry  # unit image URLs carry a content hash: same URL, same pixels
            continue
        location = _image_location(url, feed, site_root)
        try:
            got = fetch(location, limit=MAX_IMAGE_BYTES)
            if got.data is None:
                continue
            out[url] = media.store(root, got.data)
            fresh += 1
        except FetchError:
            continue  # the item shows without its image; the next import tries again
        except Exception:  # noqa: BLE001 - a broken image never stops an import
            continue
    return out, fresh


def _local_site_root(source: Source, feed: dict) -> Path | None:
    """For an export read from disk: the built site it lies in, so its images are read from disk too."""
    if is_url(source.location):
        return None
    base, feed_url = feed["_vinhdanh"]["base_url"], feed.get("feed_url", "")
    if not feed_url.startswith(base):
        return None
    depth = len(feed_url[len(base) :].strip("/").split("/"))
    root = Path(source.location)
    for _ in range(depth):
        root = root.parent
    return root


def _image_location(url: str, feed: dict, site_root: Path | None) -> str:
    base = feed["_vinhdanh"]["base_url"]
    if site_root is not None and url.startswith(base):
        return str(site_root / url[len(base) :])
    return url


def import_follow(root: Path, follow: Follow, now: dt.datetime | None = None) -> Outcome:
    """The department export a unit follows: its campaigns only, no media."""
    target = follow_file(root)
    previous = load_snapshot(target)
    state = (previous or {}).get("state", {})
    label = Source("so-y-te", follow.name or "Sở Y tế (phong trào theo dõi)", follow.location)
    try:
        got = fetch(follow.location, state.get("etag", ""), state.get("last_modified", ""))
        digest = hashlib.sha256(got.data).hexdigest() if got.data is not None else state.get("sha256")
        if previous is not None and (got.data is None or digest == state.get("sha256")):
            return Outcome(label, "unchanged", items=len(previous["feed"]["items"]))
        if got.data is None:
            raise Rejected("máy chủ trả lời «không đổi» nhưng chưa có bản nào đã nhập")
        feed = _checked(got.data, Source(_claimed(got.data), label.name, follow.location), None, True)
    except (FetchError, Rejected) as exc:
        status = "kept" if previous else "failed"
        return Outcome(label, status, f"không nhập được phong trào của Sở từ `{follow.location}`: {exc}" + ("; giữ bản đã nhập trước." if previous else "."))
    feed["items"] = [i for i in feed["items"] if i["_vinhdanh"]["type"] == "campaign"]
    snapshot = {
        "snapshot_version": SNAPSHOT_VERSION,
        "source": {"id": feed["_vinhdanh"]["unit"]["id"], "name": follow.name or feed["_vinhdanh"]["unit"]["name"], "location": follow.location},
        "state": {"etag": got.etag, "last_modified": got.last_modified, "sha256": digest, "imported_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat()},
        "media": {},
        "feed": feed,
    }
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomically(target, lambda fh: fh.write(data))
    return Outcome(label, "imported", items=len(feed["items"]))


def _claimed(data: bytes) -> str:
    """The id a followed export claims (a unit follows whoever its site.yml names)."""
    try:
        return str(json.loads(data)["_vinhdanh"]["unit"]["id"])
    except (ValueError, KeyError, TypeError):
        return ""
