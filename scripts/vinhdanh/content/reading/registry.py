"""The unit's registries: `site.yml`, `units.yml`, `vocabulary.yml`."""

from __future__ import annotations

import re
from pathlib import Path

from ...pages.urls import ASSETS
from ..fields import Fields
from ..frontmatter import Node
from ..model import EditorSettings, Signer, Site, Unit
from ..text import is_slug, slugify
from ..vocabulary import UNIT_KINDS, AwardTitle, Field, Vocabulary
from .calendar import read_calendar
from .photo import resolve_inside
from .rules import read_rules
from .run import Run

SITE_KEYS = (
    "name",
    "short_name",
    "base_url",
    "parent",
    "address",
    "phone",
    "email",
    "website",
    "logo",
    "locality",
    "signer",
    "hashtags",
    "paths",
    "feed_size",
    "page_size",
    "editor",
    "id",  # the unit in its export (department/config.py)
    "department",  # a Department of Health: the units it imports
    "follow",  # a unit: the department export its campaigns come from
    "image_hosts",  # hosts a story's body may show images from (a warning each, not an error)
    "calendar",  # the reporting deadlines (reading/calendar.py); absent: the plans' usual ones
)
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def _logo(run: Run, f: Fields) -> Path | None:
    """`logo:`, a picture inside content/ that opens; None when absent or broken (reported)."""
    logo = None
    logo_text = f.text("logo")
    if logo_text:
        logo = resolve_inside(run, f, "logo", logo_text, run.content_dir)
        if logo is not None:
            info, problems = run.inspect(logo)
            for p in problems:
                if p.code != "W502":  # a logo is meant to be small
                    f.report(p.code, f.map["logo"], "logo", f"`{logo_text}`: {p.message}", p.hint, p.severity)
            logo = logo if info else None
    return logo


def _paths(f: Fields) -> dict[str, str]:
    """`paths:`, where the section's two trees live under the site (slugs only)."""
    paths = {"exemplars": "guong-dien-hinh", "campaigns": "phong-trao-thi-dua"}
    if "paths" in f.map:
        paths_of = f.mapping_of(f.map["paths"], "paths", tuple(paths), "{exemplars: guong-dien-hinh}")
        for key in paths if paths_of else ():
            assert paths_of is not None
            value = paths_of.text(key)
            if value is not None:
                value = value.strip("/")
                if not all(is_slug(part) for part in value.split("/")):
                    paths_of.report("E306", paths_of.map[key], f"paths.{key}", f"Đường dẫn `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `{key}: {paths[key]}`")
                else:
                    paths[key] = value
    return paths


def read_site(run: Run) -> Site | None:
    f = _site_fields(run)
    if f is None:
        return None
    f.check_keys(SITE_KEYS)
    name = f.text("name", True, example="Bệnh viện Đa khoa tỉnh ...")
    short = f.text("short_name", False) or name
    base_url = _base_url(f)
    logo = _logo(run, f)
    signer = _signer(f) if "signer" in f.map else None
    paths = _paths(f)
    numbers = {key: _number(f, key, default) for key, default in (("feed_size", Site.feed_size), ("page_size", Site.page_size))}
    editor = _editor(f) if "editor" in f.map else None
    _check_paths(f, {**paths, **({"editor": editor.path} if editor else {})})
    from ...department.config import read_department, read_follow, read_site_id

    site_id = read_site_id(f, short)
    department = read_department(f, run.content_dir) if "department" in f.map else None
    follow = read_follow(f, run.content_dir) if "follow" in f.map else None
    calendar = read_calendar(f) if "calendar" in f.map else None
    if not (name and base_url):
        return None
    return Site(
        name=name,
        short_name=short or name,
        base_url=base_url.rstrip("/") + "/",
        parent=f.text("parent") or "",
        address=f.text("address") or "",
        phone=f.text("phone") or "",
        email=f.text("email") or "",
        website=f.text("website") or "",
        logo=logo,
        locality=f.text("locality") or "",
        signer=signer,
        hashtags=tuple(h.lstrip("#") for h in f.text_list("hashtags", "[GuongDienHinh]")),
        exemplars_path=paths["exemplars"],
        campaigns_path=paths["campaigns"],
        feed_size=numbers["feed_size"],
        page_size=numbers["page_size"],
        editor=editor,
        id=site_id or "",
        department=department,
        follow=follow,
        image_hosts=_image_hosts(f),
        calendar=calendar,
    )


def _site_fields(run: Run) -> Fields | None:
    """`content/site.yml`'s keys, or None when the file is missing or not `key: value` pairs (reported)."""
    path = run.content_dir / "site.yml"
    if not path.is_file():
        run.add(
            "content/site.yml",
            0,
            0,
            "E801",
            "Thiếu tệp `content/site.yml` (thông tin đơn vị: tên, địa chỉ, địa chỉ trang web).",
            "Tạo tệp với ít nhất `name:`, `short_name:` và `base_url: https://benhvien.example.vn/`.",
        )
        return None
    read = run.read_mapping(path, "E801", "`site.yml` phải là các cặp `khóa: giá trị`.", "Ví dụ: `name: Bệnh viện Đa khoa tỉnh ...`")
    return Fields(*read, run.diagnostics) if read else None


def _base_url(f: Fields) -> str | None:
    """`base_url:`, required and absolute (http or https); None when absent or wrong (reported)."""
    base_url = f.text("base_url", True, example="https://benhvien.example.vn/")
    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        f.report("E208", f.map["base_url"], "base_url", f"`base_url` phải là địa chỉ tuyệt đối, nhưng đang là `{base_url}`.", "Ví dụ: `base_url: https://benhvien.example.vn/guong-dien-hinh/`")
        return None
    return base_url


def _signer(f: Fields) -> Signer | None:
    """`signer: {title, name}`, who signs the reports."""
    sub = f.mapping_of(f.map["signer"], "signer", ("title", "name"), "{title: GIÁM ĐỐC, name: Nguyễn Văn A}")
    if not sub:
        return None
    return Signer(sub.text("title", True, example="GIÁM ĐỐC") or "", sub.text("name", True, example="Nguyễn Văn A") or "")


def _number(f: Fields, key: str, default: int) -> int:
    """`feed_size:` / `page_size:`, a whole number from 1; the default when absent or wrong (reported)."""
    node = f.map.get(key)
    return (f.integer_of(node, key, str(default), 1) if node else None) or default


_PATH_KEYS = {"exemplars": ("paths", "exemplars"), "campaigns": ("paths", "campaigns"), "editor": ("editor", "path")}


def _check_paths(f: Fields, paths: dict[str, str]) -> None:
    """Each of the site's folders its own: two that overlap (one the same as, or inside, another;
    or the theme's `assets/`) would have one folder's pages overwrite the other's, silently."""

    def node(name: str) -> Node | None:
        parent = f.map.get(_PATH_KEYS[name][0])
        return parent.value.get(_PATH_KEYS[name][1]) if parent is not None and parent.kind == "map" else None

    def label(name: str) -> str:
        return ".".join(_PATH_KEYS[name])

    names = list(paths)
    for i, name in enumerate(names):
        if paths[name].split("/")[0] == ASSETS:
            f.report(
                "E309",
                node(name),
                label(name),
                f"`{label(name)}: {paths[name]}` nằm trong thư mục `{ASSETS}/` của giao diện trang web: trang sẽ ghi đè lên tệp giao diện.",
                f"Chọn tên khác, ví dụ `{_PATH_KEYS[name][1]}: {Site.exemplars_path if name == 'exemplars' else 'phong-trao-thi-dua'}`.",
            )
        for other in names[:i]:
            a, b = paths[name], paths[other]
            if a == b or a.startswith(b + "/") or b.startswith(a + "/"):
                how = "trùng với" if a == b else "nằm trong" if a.startswith(b + "/") else "chứa"
                where = node(name) or node(other)
                f.report(
                    "E309",
                    where,
                    label(name if node(name) else other),
                    f"`{label(name)}: {a}` {how} `{label(other)}: {b}`: các trang của hai mục sẽ ghi đè lên nhau mà không báo lỗi.",
                    f"Đặt mỗi mục một thư mục riêng, không cái nào nằm trong cái kia, ví dụ `paths: {{exemplars: {Site.exemplars_path}, campaigns: {Site.campaigns_path}}}`.",
                )


def _image_hosts(f: Fields) -> tuple[str, ...]:
    """`image_hosts: [anh.benhvien.vn]`: host names, nothing else (no scheme, path or wildcard)."""
    hosts = []
    for item in f.items("image_hosts", "[anh.benhvien.example.vn]"):
        value = (f.text_of(item, "image_hosts") or "").lower().rstrip(".")
        if _HOST.match(value):
            hosts.append(value)
        else:
            f.report(
                "E208",
                item,
                "image_hosts",
                f"`image_hosts` chỉ gồm tên máy chủ, nhưng có `{value}`.",
                "Ghi tên máy chủ, không có `https://` hay đường dẫn, ví dụ `image_hosts: [anh.benhvien.example.vn]`.",
            )
    return tuple(hosts)


EDITOR_BACKENDS = ("gitlab", "github", "forgejo", "gitea")


def _editor(f: Fields) -> EditorSettings | None:
    example = "{path: soan-bai, backend: gitlab, repo: truyen-thong/vinh-danh}"
    sub = f.mapping_of(f.map["editor"], "editor", ("path", "backend", "repo", "branch", "base_url", "api_root", "app_id"), example)
    if sub is None:
        return None
    path = (sub.text("path", True, example="soan-bai") or "").strip("/")
    if path and not all(is_slug(part) for part in path.split("/")):
        sub.report("E306", sub.map["path"], "editor.path", f"Đường dẫn `{path}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", "Ví dụ: `path: soan-bai`")
        path = ""
    backend = sub.choice("backend", EDITOR_BACKENDS)
    repo = sub.text("repo", True, example="truyen-thong/vinh-danh")
    if repo and not re.fullmatch(r"[\w.-]+(/[\w.-]+)+", repo):
        sub.report("E208", sub.map["repo"], "editor.repo", f"`repo` phải có dạng `nhóm/tên-kho`, nhưng đang là `{repo}`.", "Ví dụ: `repo: truyen-thong/vinh-danh`")
        repo = None
    urls = {}
    for key in ("base_url", "api_root"):
        value = sub.text(key) or ""
        if value and not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            sub.report("E208", sub.map[key], f"editor.{key}", f"`{key}` phải là địa chỉ tuyệt đối, nhưng đang là `{value}`.", f"Ví dụ: `{key}: https://git.benhvien.example.vn`")
            value = ""
        urls[key] = value
    if not (path and backend and repo):
        return None
    return EditorSettings(path, backend, repo, sub.text("branch") or "main", urls["base_url"], urls["api_root"], sub.text("app_id") or "")


def read_units(run: Run) -> dict[str, Unit]:
    path = run.content_dir / "units.yml"
    if not path.is_file():
        run.add("content/units.yml", 0, 0, "E802", "Thiếu tệp `content/units.yml` (danh sách khoa, phòng).", "Tạo tệp với các mục `- id: hstc` / `name: Khoa Hồi sức tích cực` / `kind: khoa`.")
        return {}
    node, rel = run.read_yaml(path)
    units: dict[str, Unit] = {}
    if node is None:
        return units
    if node.kind != "seq":
        run.add(rel, node.line, node.column, "E802", "`units.yml` phải là một danh sách, mỗi mục bắt đầu bằng `- id:`.", "Ví dụ:\n    - id: hstc\n      name: Khoa Hồi sức tích cực\n      kind: khoa")
        return units
    for item in node.value:
        if item.kind != "map":
            run.add(rel, item.line, item.column, "E802", "Mỗi khoa, phòng phải có `id`, `name` và `kind`.", "Ví dụ: `- {id: hstc, name: Khoa Hồi sức tích cực, kind: khoa}`")
            continue
        f = Fields(item, rel, run.diagnostics)
        f.check_keys(("id", "name", "kind"))
        uid, name, kind = f.text("id", True, example="hstc"), f.text("name", True, example="Khoa Hồi sức tích cực"), f.choice("kind", UNIT_KINDS)
        if uid and not is_slug(uid):
            f.report("E802", f.map["id"], "id", f"Mã khoa, phòng `{uid}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `id: {slugify(uid) or 'hstc'}`")
            continue
        if uid in units:
            f.report("E802", f.map["id"], "id", f"Mã `{uid}` đã được dùng cho một khoa, phòng khác.", "Mỗi khoa, phòng cần một mã riêng.")
            continue
        if uid and name and kind:
            units[uid] = Unit(uid, name, kind)
    return units


def read_vocabulary(run: Run) -> Vocabulary:
    builtin = Vocabulary.builtin()
    path = run.content_dir / "vocabulary.yml"
    if not path.is_file():
        return builtin
    read = run.read_mapping(path, "E803", "`vocabulary.yml` phải có dạng `fields:` và/hoặc `awards:`.", "Ví dụ:\n    fields:\n      - {id: duoc-lam-sang, name: Dược lâm sàng}")
    if read is None:
        return builtin
    f = Fields(*read, run.diagnostics)
    f.check_keys(("fields", "awards", "rules"))
    fields, awards = [], []
    for item in f.items("fields", "[{id: duoc-lam-sang, name: Dược lâm sàng}]"):
        sub = f.mapping_of(item, "fields", ("id", "name"), "{id: duoc-lam-sang, name: Dược lâm sàng}")
        if not sub:
            continue
        fid, name = sub.text("id", True, example="duoc-lam-sang"), sub.text("name", True, example="Dược lâm sàng")
        if fid and _vocab_id_ok(sub, fid, builtin.fields):
            fields.append(Field(fid, name or fid))
    for item in f.items("awards", "[{id: ..., name: ..., for: both, rank: 58}]"):
        sub = f.mapping_of(item, "awards", ("id", "name", "abbreviation", "for", "rank", "category"), "{id: bang-khen-cong-doan, name: ..., for: both, rank: 58}")
        if not sub:
            continue
        aid, name = sub.text("id", True, example="bang-khen-cong-doan"), sub.text("name", True, example="Bằng khen của Công đoàn ngành Y tế")
        for_ = sub.choice("for", ("both", "individual", "collective"))
        rank_node = sub.get("rank", True, "58")
        rank = sub.integer_of(rank_node, "rank", "58", 0) if rank_node else None
        category = sub.choice("category", ("commendation", "title", "state"), required=False) or "commendation"
        if aid and name and for_ and rank is not None and _vocab_id_ok(sub, aid, builtin.awards):
            awards.append(AwardTitle(aid, name, sub.text("abbreviation") or "", for_, rank, category))
    added = {a.id: a for a in awards}
    return builtin.extended(fields, awards, read_rules(f, {**builtin.awards, **added}))


def _vocab_id_ok(f: Fields, value: str, builtin: dict) -> bool:
    if not is_slug(value):
        f.report("E803", f.map["id"], "id", f"Mã `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `id: {slugify(value)}`")
        return False
    if value in builtin:
        f.report("E803", f.map["id"], "id", f"Mã `{value}` đã có trong bộ từ vựng dựng sẵn; không được định nghĩa lại.", "Đặt một mã mới, hoặc xóa mục này và dùng mã dựng sẵn.")
        return False
    return True


# -- stories and campaigns -------------------------------------------------------
