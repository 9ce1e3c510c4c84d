"""Decap CMS configuration, derived from the schema and the unit's own lists.

Both modes share the collections: `local` talks to `vinhdanh edit` on 127.0.0.1
(Decap's proxy protocol, files written straight into `content/`); `git` publishes
the editor with the site and saves through a GitLab, Gitea/Forgejo or GitHub
repository with the editorial workflow (draft → in review → ready).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..content.model import Content, EditorSettings
from ..content.schema import CAMPAIGN, EVENT, EXEMPLAR, REGISTRATION, Key

_DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}
_YOUTUBE = r"^(https://(www\.|m\.)?(youtube\.com/(watch\?v=|embed/|shorts/)|youtu\.be/)[A-Za-z0-9_-]{6,}.*)?$"
# Depth Decap lists: stories sit at exemplars/<year>/<slug>/index.md, or anywhere below.
NESTED_DEPTH = 100


def editor_config(content: Content, settings: EditorSettings | None = None, proxy_url: str = "") -> dict[str, Any]:
    """The whole `config.yml`: `proxy_url` for `vinhdanh edit`, else the git host of `settings`."""
    config: dict[str, Any] = {"locale": "vi"}
    if proxy_url:
        config["backend"] = {"name": "proxy", "proxy_url": proxy_url, "branch": "main"}
        config["local_backend"] = {"url": proxy_url}
    else:
        if settings is None:
            raise ValueError("a git-host editor needs the `editor` settings of site.yml")
        backend: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
        if settings.base_url:
            backend["base_url"] = settings.base_url
        if settings.api_root:
            backend["api_root"] = settings.api_root
        if settings.app_id:
            backend["app_id"] = settings.app_id
            backend["auth_type"] = "pkce"
        backend["commit_messages"] = {
            "create": "Thêm {{collection}} “{{slug}}”",
            "update": "Sửa {{collection}} “{{slug}}”",
            "delete": "Xóa {{collection}} “{{slug}}”",
            "uploadMedia": "Tải ảnh “{{path}}”",
            "deleteMedia": "Xóa ảnh “{{path}}”",
        }
        config["backend"] = backend
        if settings.workflow:
            config["publish_mode"] = "editorial_workflow"  # draft → in review → ready, then merged
        # Decap's Gitea backend refuses the editorial workflow: it saves on `branch`, and the
        # emulation office reviews the branch's pull request into the one the site builds from.
        config["site_url"] = content.site.base_url
    config.update(
        {
            # Required by Decap; every collection below keeps its photos beside the story instead.
            "media_folder": "content/exemplars/anh",
            "public_folder": "anh",
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": [_exemplars(content), _campaigns(content), _events(content), _registrations(content)],
        }
    )
    return config


def _exemplars(content: Content) -> dict[str, Any]:
    return _markdown_collection(
        content,
        EXEMPLAR,
        name="exemplars",
        label="Gương điển hình",
        singular="gương điển hình",
        description="Chọn năm ở cột bên trái để xem các bài; bài có thư mục riêng (ảnh đặt cạnh bài) hiện dưới tên thư mục của bài.",
        folder="content/exemplars",
        path="{{year}}/{{slug}}/index",  # a new story is a page bundle, as `vinhdanh new` makes it: <year>/<slug>/index.md
        slug="{{name}}",
        summary="{{title}} · {{name}}",  # status values are codes (draft, published): the form shows them in words
        sortable=["date", "title", "name", "status"],
    )


def _campaigns(content: Content) -> dict[str, Any]:
    return _markdown_collection(
        content, CAMPAIGN, name="campaigns", label="Phong trào thi đua", singular="phong trào", folder="content/campaigns", slug="{{title}}", summary="{{title}}", sortable=["date", "title", "status"]
    )


def _events(content: Content) -> dict[str, Any]:
    """Conferences, round-tables, exchanges, contests (`content/events/<slug>.md`), as `vinhdanh new event` writes them."""
    return _markdown_collection(
        content, EVENT, name="events", label="Sự kiện", singular="sự kiện", folder="content/events", slug="{{title}}", summary="{{title}} · {{start}}", sortable=["start", "date", "title", "status"]
    )


def _markdown_collection(
    content: Content, keys, *, name: str, label: str, singular: str, folder: str, slug: str, summary: str, sortable: list[str], description: str = "", path: str = ""
) -> dict[str, Any]:
    """A folder of Markdown files with front matter (stories, campaigns, events): what they
    share, in the key order Decap's config has always had; photos beside each file."""
    collection: dict[str, Any] = {"name": name, "label": label, "label_singular": singular}
    if description:
        collection["description"] = description
    collection.update({"folder": folder, "create": True, "extension": "md", "format": "frontmatter", "nested": {"depth": NESTED_DEPTH, "subfolders": False}})
    if path:
        collection["path"] = path
    collection.update({"slug": slug, "identifier_field": "title", "summary": summary, "sortable_fields": sortable, "media_folder": "", "public_folder": ""})
    collection["fields"] = [_field(k, content) for k in keys] + [_body()]
    return collection


def _registrations(content: Content) -> dict[str, Any]:
    """Registration forms (`content/registrations/**.yml`): YAML files, no body."""
    return {
        "name": "registrations",
        "label": "Đăng ký thi đua",
        "label_singular": "bản đăng ký",
        "folder": "content/registrations",
        "create": True,
        "extension": "yml",
        "format": "yml",
        "nested": {"depth": NESTED_DEPTH, "subfolders": False},
        "slug": "{{name}}",
        "identifier_field": "name",
        "summary": "{{name}} · {{period}}",
        "sortable_fields": ["name", "period"],
        "fields": [_field(k, content) for k in REGISTRATION],
    }


def _body() -> dict[str, Any]:
    return {"name": "body", "label": "Nội dung bài", "widget": "markdown", "required": False, "hint": "Viết bài ở đây: mục lớn bằng nút H2, ảnh chèn kèm mô tả ảnh."}


def _hint(k: Key) -> str:
    text = k.help.replace("`", "")
    if k.type == "date":
        text += " Ô ngày hiện theo ngôn ngữ của trình duyệt; khung xem trước ghi ngày/tháng/năm."
    if k.required_when:
        text += f" Bắt buộc {k.required_when}."  # also in the label; a hint is read when typing
    return text


def _label(k: Key) -> str:
    """A key required only sometimes says when (editor.js hides Decap's "(không bắt buộc)" after it)."""
    return f"{k.label} (bắt buộc {k.required_when})" if k.required_when else k.label


def _field(k: Key, content: Content) -> dict[str, Any]:
    out: dict[str, Any] = {"name": k.key, "label": _label(k), "hint": _hint(k), "required": k.required}
    out.update(_widget(k, content))
    return out


def _widget(k: Key, content: Content) -> dict[str, Any]:
    if k.type == "text":
        extra: dict[str, Any] = {"widget": "string"}
        if k.max_len:
            extra["pattern"] = [f"^[\\s\\S]{{0,{k.max_len}}}$", f"Tối đa {k.max_len} ký tự."]
        return extra
    if k.type == "longtext":
        return {"widget": "text", "pattern": [f"^[\\s\\S]{{0,{k.max_len}}}$", f"Tối đa {k.max_len} ký tự."]} if k.max_len else {"widget": "text"}
    if k.type == "url":
        return {"widget": "string", "pattern": [_YOUTUBE, "Chỉ nhận địa chỉ video YouTube, ví dụ https://www.youtube.com/watch?v=abc123XYZ"]}
    if k.type == "date":
        return dict(_DATE)
    if k.type == "choice":
        options = {"widget": "select", "options": [{"label": f"{label} ({value})", "value": value} for value, label in k.choices]}
        return {**options, "default": k.example} if k.required else options  # an optional choice stays unset until chosen
    if k.type == "bool":
        return {"widget": "boolean", "default": False}
    if k.type in ("ref", "refs"):
        return {"widget": "select", "multiple": k.type == "refs", "options": _options(k.source, content)}
    if k.type == "list":
        return {"widget": "list", "field": {"name": "item", "label": k.label, "widget": "string"}}
    if k.type == "records":
        return {"widget": "list", "summary": _record_summary(k), "fields": [_field(p, content) for p in k.parts]}
    if k.type == "group":
        # An optional group (quota, proposal) left empty must not block saving: its parts are
        # only required by the validator, which checks them once the group is filled in.
        parts = k.parts if k.required else tuple(replace(p, required=False) for p in k.parts)
        return {"widget": "object", "collapsed": False, "fields": [_field(p, content) for p in parts]}
    if k.type == "int":
        return {"widget": "number", "value_type": "int", "min": 0}
    if k.type == "image":
        return {"widget": "image", "choose_url": False}
    if k.type == "focus":
        return {"widget": "list", "max": 2, "min": 2, "field": {"name": "value", "label": "Vị trí (0–1)", "widget": "number", "value_type": "float", "min": 0, "max": 1, "step": 0.05}}
    if k.type == "consent":
        return {"widget": "string"}
    if k.type == "period":
        return {"widget": "string", "pattern": ["^\\d{4}\\s*[-–]\\s*\\d{4}$", "Giai đoạn dạng năm đầu-năm cuối, ví dụ 2026-2030."]}
    if k.type == "month":
        return {"widget": "string", "pattern": ["^\\d{4}-(0?[1-9]|1[0-2])$", "Tháng dạng năm-tháng, ví dụ 2026-11."]}
    raise ValueError(f"no editor widget for key type {k.type}")


def _record_summary(k: Key) -> str:
    return {"awards": "{{fields.year}} · {{fields.title}}", "aims": "{{fields.year}} · {{fields.title}}", "phases": "{{fields.name}}", "cultivation": "{{fields.date}} · {{fields.note}}"}.get(
        k.key, ""
    )


def _options(source: str, content: Content) -> list[dict[str, str]]:
    if source == "units":
        return [{"label": u.name, "value": u.id} for u in content.units.values()]
    if source == "fields":
        return [{"label": f.name, "value": f.id} for f in content.vocabulary.fields.values()]
    if source == "awards":
        return [{"label": a.name + (f" ({a.abbreviation})" if a.abbreviation else ""), "value": a.id} for a in sorted(content.vocabulary.awards.values(), key=lambda a: a.rank)]
    if source == "exemplars":  # the published editor gets the public view: only public stories are offered
        return [{"label": f"{e.name} – {e.title}", "value": e.slug} for e in sorted(content.exemplars, key=lambda e: e.slug)]
    if source == "campaigns":
        # A select over the campaign slugs, not Decap's relation widget: a relation's
        # value is Decap's entry slug, which for `<slug>/index.md` or a campaign in a
        # sub-folder is a path ("x/index", "2025/x"), not the slug stories refer to.
        return [{"label": c.title, "value": c.slug} for c in sorted(content.campaigns, key=lambda c: c.date, reverse=True)]
    raise ValueError(f"unknown option source {source}")


def editor_path(value: str) -> bool:
    """A URL path for the published editor: lower-case segments of letters, digits, hyphens."""
    return bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*", value))
