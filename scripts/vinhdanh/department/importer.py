"""`vinhdanh import`: every source's export → checked → media re-encoded → one snapshot file.

A snapshot (`.vinhdanh/snapshots/<source-id>.json`, not committed) holds the last good
export of one unit, the validators of the fetch (ETag, Last-Modified, content hash)
and the map from the unit's image URLs to re-encoded files. It is replaced whole
(atomic rename) and only by an export that passed every check, so a source that is
unreachable, malformed, of an unknown version, claiming another unit's id or that lost
most of its items at once keeps what was imported before.

An unchanged export costs one conditional request (304) or one hash: the second
import of sixty units where one changed parses one export.

A unit is not trusted: each source is fetched within its `Bounds` (fetch.py) and only
from its own origin (origin.py); a link or image elsewhere drops its item with a warning.
Sources run a few at a time and each reports as it finishes (the `progress` callback):
one slow unit holds up nobody else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import field
from pathlib import Path

from ..content.model import Follow, Site, Source
from ..records import record
from ..site.atomic import write_atomically
from . import media, schema
from .fetch import Bounds, Clock, Fetched, FetchError, fetch, is_url, read_file
from .origin import Folder, Origins, confine_feed, confine_items

SNAPSHOT_VERSION = 1
MIN_ITEMS_FOR_DROP_CHECK = 4  # a unit with 3 stories may withdraw 2 without it looking odd
JOBS = 6  # concurrent sources: fetching waits on the network; a few, so that a unit's server is not hammered


def snapshots_dir(root: Path) -> Path:
    return root / ".vinhdanh" / "snapshots"


def snapshot_file(root: Path, source_id: str) -> Path:
    return snapshots_dir(root) / f"{source_id}.json"


def follow_file(root: Path) -> Path:
    return root / ".vinhdanh" / "follow.json"


@record(frozen=False)
class Outcome:
    source: Source
    status: str  # imported | unchanged | kept | failed (nothing imported before either)
    message: str = ""
    items: int = 0
    images: int = 0  # newly re-encoded this run
    media: set[str] = field(default_factory=set)  # media files the snapshot now refers to
    warnings: list[str] = field(default_factory=list)  # what was dropped, each naming the unit
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "unchanged")

    @property
    def who(self) -> str:
        return f"{self.source.name} (`{self.source.id}`)"

    def text(self) -> str:
        if self.status == "imported":
            return f"{self.who}: đã nhập {self.items} mục, {self.images} ảnh mới."
        if self.status == "unchanged":
            return f"{self.who}: không thay đổi ({self.items} mục)."
        return f"cảnh báo: {self.who}: {self.message}"

    def progress(self, done: int, total: int) -> str:
        """`[3/60] Bệnh viện … (`bv-da-khoa`): đã nhập 504 mục, 12 ảnh mới, 1.2 s` as the source finishes."""
        return f"[{done}/{total}] {self.text().rstrip('.')}, {self.seconds:.1f} s"


Progress = Callable[[int, int, Outcome], None]


class Rejected(Exception):
    """The export cannot replace the snapshot; the message says why, in Vietnamese."""


def load_snapshot(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("snapshot_version") == SNAPSHOT_VERSION else None


def import_sources(root: Path, site: Site, accept: tuple[str, ...] = (), now: dt.datetime | None = None, bounds: Bounds | None = None, progress: Progress | None = None) -> list[Outcome]:
    """Import every source of the department site (and its own `follow`, if any), JOBS at a time;
    `progress(done, total, outcome)` hears of each source as it finishes. Outcomes in source order."""
    now = now or dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
    sources = list(site.department.sources) if site.department else []
    if bounds is None:
        timeout = site.department.import_timeout if site.department else None
        bounds = Bounds(deadline=timeout) if timeout else Bounds()
    total = len(sources) + (1 if site.follow else 0)
    outcomes: dict[int, Outcome] = {}
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {pool.submit(import_one, root, s, s.id in accept, now, bounds): n for n, s in enumerate(sources)}
        if site.follow:
            futures[pool.submit(import_follow, root, site.follow, now, bounds)] = len(sources)
        for done, future in enumerate(as_completed(futures), 1):
            outcomes[futures[future]] = outcome = future.result()
            if progress:
                progress(done, total, outcome)
    ordered = [outcomes[n] for n in range(total)]
    # Every outcome names the files its snapshot refers to (a kept one, the old ones).
    keep = set().union(*(o.media for o in ordered)) if ordered else set()
    media.sweep(root, keep | _media_of_unlisted(root, {s.id for s in sources}))
    return ordered


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


def import_one(root: Path, source: Source, accept_drop: bool = False, now: dt.datetime | None = None, bounds: Bounds | None = None) -> Outcome:
    """One unit's export, within `bounds` (everything fetched for it shares one deadline)."""
    return _timed(source, bounds, lambda clock: _import_unit(root, source, accept_drop, now, clock))


def _timed(source: Source, bounds: Bounds | None, work: Callable[[Clock], Outcome]) -> Outcome:
    started = time.monotonic()
    with Clock(bounds or Bounds()) as clock:
        outcome = work(clock)
    outcome.seconds = time.monotonic() - started
    outcome.warnings = [f"cảnh báo: {source.name} (`{source.id}`): {w}" for w in outcome.warnings]
    return outcome


def _keep(source: Source, previous: dict | None, message: str) -> Outcome:
    """The export is refused: the last good snapshot stays, and the message says which one."""
    if previous is None:
        return Outcome(source, "failed", f"{message}; chưa có bản nào nhập trước đó nên đơn vị này chưa có trên trang của Sở.")
    when = previous.get("state", {}).get("imported_at", "")[:10]
    when = ".".join(reversed(when.split("-"))).replace(".", "/") if when else "?"
    items = len(previous.get("feed", {}).get("items", []))
    return Outcome(source, "kept", f"{message}; giữ bản đã nhập ngày {when} ({items} mục).", items, media=_media_names(previous.get("media", {})))


def _import_unit(root: Path, source: Source, accept_drop: bool, now: dt.datetime | None, clock: Clock) -> Outcome:
    target = snapshot_file(root, source.id)
    previous = load_snapshot(target)
    state = (previous or {}).get("state", {})
    old_media = (previous or {}).get("media", {})
    try:  # the officer's `url:` and `base_url:` are the origins; a redirect may not leave them
        got = fetch(source.location, clock, Origins.of(source.location, source.base_url), clock.bounds.export_limit, state.get("etag", ""), state.get("last_modified", ""))
    except FetchError as exc:
        return _keep(source, previous, f"không lấy được bản xuất `{source.location}`: {exc}")
    digest = hashlib.sha256(got.data).hexdigest() if got.data is not None else state.get("sha256")
    if previous is not None and (got.data is None or digest == state.get("sha256")):
        return Outcome(source, "unchanged", items=len(previous.get("feed", {}).get("items", [])), media=_media_names(old_media))
    if got.data is None:  # "not modified" without a snapshot to keep: nothing was sent to compare with
        return _keep(source, previous, "máy chủ trả lời «không đổi» nhưng chưa có bản nào đã nhập")
    try:
        feed = _parsed(got.data)
        _claims(feed, source)
        origins, folder, warnings = _confined(feed, source)
        _unique(feed)
        _not_emptied(feed, source, previous, accept_drop)
    except Rejected as exc:
        return _keep(source, previous, str(exc))
    new_media, fresh, left = _import_media(root, feed, old_media, clock, origins, folder)
    complete = not left
    if left:  # the export is good; the images still missing come with the next import
        warnings.append(f"{clock.error()}: còn {left} ảnh chưa tải, lần nhập sau tải tiếp")
    for item in feed["items"]:  # the department links to the unit's page, never shows the full text
        item.pop("content_html", None)
        item.setdefault("content_text", item.get("summary", ""))
    _write_snapshot(target, {"id": source.id, "name": source.name, "location": source.location}, got, digest if complete else "", now, new_media, feed, complete)
    return Outcome(source, "imported", items=len(feed["items"]), images=fresh, media=_media_names(new_media), warnings=warnings)


def _write_snapshot(target: Path, source: dict, got: Fetched, digest: str | None, now: dt.datetime | None, media_map: dict, feed: dict, complete: bool = True) -> None:
    """An incomplete import keeps no validators, so that the next one is not told «unchanged»."""
    state = {"etag": got.etag if complete else "", "last_modified": got.last_modified if complete else "", "sha256": digest}
    state["imported_at"] = (now or dt.datetime.now(dt.timezone.utc)).isoformat()
    snapshot = {"snapshot_version": SNAPSHOT_VERSION, "source": source, "state": state, "media": media_map, "feed": feed}
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomically(target, lambda fh: fh.write(data))


def _parsed(data: bytes) -> dict:
    """JSON, of a version this vinhdanh reads, valid against the schema."""
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
    return feed


def _claims(feed: dict, source: Source) -> None:
    claimed = feed["_vinhdanh"]["unit"]["id"]
    if claimed != source.id:
        raise Rejected(
            f"bản xuất ghi mã đơn vị `{claimed}`, không phải `{source.id}`: một đơn vị không được đưa nội dung vào mục của đơn vị khác (sửa `id` trong site.yml của đơn vị, hoặc mã nguồn trong `department.sources`)"
        )


def _confined(feed: dict, source: Source) -> tuple[Origins, Folder | None, list[str]]:
    """Drop every link and image off the source's origins (a local export: out of its folder).

    The origins are those of `url:` and `base_url:` in site.yml; a local export without a
    `base_url:` has only its own word for where the unit lives."""
    origins = Origins.of(source.location, source.base_url)
    if not origins.allowed:
        origins = Origins.of(feed["_vinhdanh"]["base_url"])
    warnings = confine_feed(feed, origins, source.base_url)
    folder = None if is_url(source.location) else Folder.of_export(Path(source.location), feed["_vinhdanh"]["base_url"], feed.get("feed_url"))
    return origins, folder, warnings + confine_items(feed, origins, folder)


def _unique(feed: dict) -> None:
    seen: set[tuple[str, str]] = set()
    for item in feed["items"]:
        key = (item["_vinhdanh"]["type"], item["_vinhdanh"]["slug"])
        if key in seen:
            raise Rejected(f"đường dẫn `{key[1]}` xuất hiện hai lần trong bản xuất")
        seen.add(key)


def _not_emptied(feed: dict, source: Source, previous: dict | None, accept_drop: bool) -> None:
    """Most items gone at once (withdrawn, or dropped as leading elsewhere) looks like a mistake."""
    if previous is not None and not accept_drop:
        before = {i.get("id") for i in previous.get("feed", {}).get("items", [])}
        gone = len(before - {i["id"] for i in feed["items"]})
        if len(before) >= MIN_ITEMS_FOR_DROP_CHECK and gone * 2 > len(before):
            raise Rejected(f"bản xuất mới mất {gone}/{len(before)} mục cùng lúc, bất thường nên chưa nhận (nếu đơn vị gỡ bài thật, chạy `vinhdanh import --accept {source.id}`)")


def _import_media(root: Path, feed: dict, old: dict, clock: Clock, origins: Origins, folder: Folder | None) -> tuple[dict, int, int]:
    """({unit URL: stored files}, images re-encoded, images left for lack of time) of every card
    and photo; known URLs are not fetched again."""
    wanted: list[str] = []
    for item in feed["items"]:
        ext = item["_vinhdanh"]
        if ext["type"] == "event":  # shown nowhere at the department (snapshot.py): not worth the unit's bandwidth
            continue
        wanted.append(ext["card_url"])
        if ext.get("photo"):
            wanted.append(ext["photo"]["url"])
    out: dict = {}
    fresh = 0
    todo = [u for u in dict.fromkeys(wanted) if not _stored(root, old.get(u), out, u)]
    for n, url in enumerate(todo):
        try:
            clock.check()
            data = _image(url, clock, origins, folder)
            if data is not None:
                out[url] = media.store(root, data)
                fresh += 1
        except FetchError:
            if clock.remaining() <= 0:  # this one and the rest wait for the next import
                return out, fresh, len(todo) - n
            continue  # the item shows without its image
        except Exception:  # noqa: BLE001 - a broken image never stops an import
            continue
    return out, fresh, 0


def _stored(root: Path, entry: dict | None, out: dict, url: str) -> bool:
    """Unit image URLs carry a content hash: same URL, same pixels, kept if its files are still there."""
    if entry and all(media.media_file(root, entry[k]).is_file() for k in ("file", "thumb")):
        out[url] = entry
        return True
    return False


def _image(url: str, clock: Clock, origins: Origins, folder: Folder | None) -> bytes | None:
    """A local export's images come from its folder, never the network; a remote one's from its origins."""
    limit = clock.bounds.image_limit
    if folder is None:
        return fetch(url, clock, origins, limit).data
    path = folder.file(url)
    if path is None:  # confine_items dropped such items already
        raise FetchError(f"`{url}` ngoài thư mục của đơn vị")
    return read_file(path, limit).data


def import_follow(root: Path, follow: Follow, now: dt.datetime | None = None, bounds: Bounds | None = None) -> Outcome:
    """The department export a unit follows: its campaigns only, no media."""
    label = Source("so-y-te", follow.name or "Sở Y tế (phong trào theo dõi)", follow.location)
    return _timed(label, bounds, lambda clock: _import_follow(root, follow, label, now, clock))


def _import_follow(root: Path, follow: Follow, label: Source, now: dt.datetime | None, clock: Clock) -> Outcome:
    target = follow_file(root)
    previous = load_snapshot(target)
    state = (previous or {}).get("state", {})
    try:
        got = fetch(follow.location, clock, Origins.of(follow.location), clock.bounds.export_limit, state.get("etag", ""), state.get("last_modified", ""))
        digest = hashlib.sha256(got.data).hexdigest() if got.data is not None else state.get("sha256")
        if previous is not None and (got.data is None or digest == state.get("sha256")):
            return Outcome(label, "unchanged", items=len(previous["feed"]["items"]))
        if got.data is None:
            raise Rejected("máy chủ trả lời «không đổi» nhưng chưa có bản nào đã nhập")
        feed = _parsed(got.data)
        _origins, _folder, warnings = _confined(feed, Source(feed["_vinhdanh"]["unit"]["id"], label.name, follow.location))
        _unique(feed)
    except (FetchError, Rejected) as exc:
        status = "kept" if previous else "failed"
        return Outcome(label, status, f"không nhập được phong trào của Sở từ `{follow.location}`: {exc}" + ("; giữ bản đã nhập trước." if previous else "."))
    feed["items"] = [i for i in feed["items"] if i["_vinhdanh"]["type"] == "campaign"]
    source = {"id": feed["_vinhdanh"]["unit"]["id"], "name": follow.name or feed["_vinhdanh"]["unit"]["name"], "location": follow.location}
    _write_snapshot(target, source, got, digest, now, {}, feed)
    return Outcome(label, "imported", items=len(feed["items"]), warnings=warnings)
