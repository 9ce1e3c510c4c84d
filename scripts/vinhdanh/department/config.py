"""`department:` and `follow:` in site.yml, read into model objects with positioned errors."""

from __future__ import annotations

import re
from pathlib import Path

from ..content.fields import Fields
from ..content.model import Department, Follow, Source
from ..content.text import is_slug, slugify

_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")
SOURCE_KEYS = ("id", "name", "url", "path", "base_url")
SOURCE_EXAMPLE = "{id: ttyt-phong-dien, name: Trung tâm Y tế huyện Phong Điền, url: https://ttyt-phongdien.example.vn/guong-dien-hinh/feed.json}"


def read_department(f: Fields, content_dir: Path) -> Department | None:
    """The `department:` block: `sources:` is a list of {id, name, url | path, base_url?};
    `import_timeout:` the seconds `vinhdanh import` gives each source."""
    node = f.map["department"]
    sub = f.mapping_of(node, "department", ("sources", "import_timeout"), "{sources: [...]}")
    if sub is None:
        return None
    timeout = _import_timeout(sub)
    sources: list[Source] = []
    seen: set[str] = set()
    items_node = sub.map.get("sources")
    if items_node is not None and items_node.kind not in ("seq", "null"):
        sub.report(
            "E810", items_node, "department.sources", "`department.sources` phải là một danh sách các đơn vị trực thuộc.", f"Ví dụ:\n    department:\n      sources:\n        - {SOURCE_EXAMPLE}"
        )
        return Department((), timeout)
    for item in items_node.value if items_node is not None and items_node.kind == "seq" else []:
        entry = sub.mapping_of(item, "department.sources", SOURCE_KEYS, SOURCE_EXAMPLE)
        if entry is None:
            continue
        source = _source(entry, content_dir, seen)
        if source is not None:
            sources.append(source)
    return Department(tuple(sources), timeout)


def _import_timeout(sub: Fields) -> float | None:
    node = sub.map.get("import_timeout")
    if node is None or node.kind == "null":
        return None
    from .fetch import MAX_DEADLINE  # here: fetch loads http.client and ssl, which every `vinhdanh validate` read of site.yml paid for

    value = node.value if node.kind in ("int", "float") else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_DEADLINE:
        return float(value)
    sub.report(
        "E812",
        node,
        "department.import_timeout",
        f"`import_timeout` là số giây `vinhdanh import` chờ mỗi đơn vị (tính cả ảnh), từ 1 đến {MAX_DEADLINE}, nhưng đang là `{node.raw}`.",
        "Ví dụ: `import_timeout: 120` (bỏ dòng này thì mỗi đơn vị có 60 giây).",
    )
    return None


def _source(entry: Fields, content_dir: Path, seen: set[str]) -> Source | None:
    uid = entry.text("id", True, example="ttyt-phong-dien")
    name = entry.text("name", True, example="Trung tâm Y tế huyện Phong Điền")
    if uid and not is_slug(uid):
        entry.report(
            "E810", entry.map["id"], "department.sources.id", f"Mã đơn vị `{uid}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `id: {slugify(uid) or 'ttyt-phong-dien'}`"
        )
        uid = None
    elif uid in seen:
        entry.report(
            "E810",
            entry.map["id"],
            "department.sources.id",
            f"Mã đơn vị `{uid}` đã được dùng cho một nguồn khác.",
            "Mỗi đơn vị trực thuộc cần một mã riêng; mã này phải trùng mã đơn vị ghi trong bản xuất (`feed.json`) của đơn vị đó.",
        )
        uid = None
    if uid:
        seen.add(uid)  # an entry broken elsewhere still holds its id
    location = _location(entry, "department.sources", content_dir)
    base_url = _base_url(entry)
    if not (uid and name and location) or base_url is None:
        return None
    return Source(uid, name, location, base_url)


def _base_url(entry: Fields) -> str | None:
    """The officer's `base_url:` of a unit: its links and images may be there (None: wrong)."""
    value = entry.text("base_url")
    if not value:
        return ""
    if not _URL.match(value):
        entry.report(
            "E811",
            entry.map["base_url"],
            "department.sources.base_url",
            f"`base_url` phải là địa chỉ http(s) tuyệt đối của trang đơn vị, nhưng đang là `{value}`.",
            "Ví dụ: `base_url: https://ttyt-phongdien.example.vn/` (địa chỉ mà trang của đơn vị được xem).",
        )
        return None
    return value if value.endswith("/") else value + "/"


def _location(entry: Fields, key: str, content_dir: Path) -> str | None:
    """`url: https://...` or `path: relative/to/content/feed.json` (exactly one)."""
    url, path = entry.text("url"), entry.text("path")
    if url and path:
        entry.report("E811", entry.map["path"], f"{key}.path", "Chỉ ghi một trong hai: `url` (địa chỉ trên mạng) hoặc `path` (tệp trên máy).", "Xóa một trong hai dòng.")
        return None
    if url:
        if not _URL.match(url):
            entry.report(
                "E811",
                entry.map["url"],
                f"{key}.url",
                f"`url` phải là địa chỉ http(s) tuyệt đối của bản xuất, nhưng đang là `{url}`.",
                "Ví dụ: `url: https://ttyt-phongdien.example.vn/guong-dien-hinh/feed.json`",
            )
            return None
        return url
    if path:
        return str((content_dir / path).resolve())  # an absolute path stays as written
    entry.report("E201", None, f"{key}.url", "Thiếu địa chỉ bản xuất: cần `url:` hoặc `path:`.", "Ví dụ: `url: https://ttyt-phongdien.example.vn/guong-dien-hinh/feed.json`")
    return None


def read_follow(f: Fields, content_dir: Path) -> Follow | None:
    """`follow: URL` or `follow: {url | path, name}`: the department whose campaigns a unit runs."""
    node = f.map["follow"]
    if node.is_scalar:
        value = f.text_of(node, "follow") or ""
        if _URL.match(value):
            return Follow(value)
        if value and "://" not in value:
            return Follow(str((content_dir / value).resolve()))
        f.report("E811", node, "follow", f"`follow` phải là địa chỉ bản xuất của Sở Y tế, nhưng đang là `{value}`.", "Ví dụ: `follow: https://soyte.example.vn/guong-dien-hinh/feed.json`")
        return None
    entry = f.mapping_of(node, "follow", ("url", "path", "name"), "{url: https://soyte.example.vn/guong-dien-hinh/feed.json, name: Sở Y tế}")
    if entry is None:
        return None
    location = _location(entry, "follow", content_dir)
    return Follow(location, entry.text("name") or "") if location else None


def read_site_id(f: Fields, short_name: str | None) -> str | None:
    """`id:` of the site, else derived from `short_name`: what the unit's export claims to be."""
    value = f.text("id")
    if value is None:
        return slugify(short_name or "") or None
    if not is_slug(value):
        f.report(
            "E810",
            f.map["id"],
            "id",
            f"Mã đơn vị `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.",
            f"Ví dụ: `id: {slugify(value) or 'bvdk-song-hau'}`; Sở Y tế ghi đúng mã này trong `department.sources`.",
        )
        return None
    return value
