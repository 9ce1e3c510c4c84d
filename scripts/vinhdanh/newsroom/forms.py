"""The newsroom's forms, derived from schema.py, and the errors they show.

`describe` gives the browser each form a role may fill in (labels, help, choices
by Vietnamese names); `errors` turns the reader's diagnostics into the 422 answer,
with the form's labels for the keys. The file behind a form is formfile.py's: its
values read from, and written back to, a story's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..content.diagnostics import Diagnostic
from ..content.frontmatter import split
from ..content.model import Content
from ..content.schema import CAMPAIGN, EXEMPLAR, Key, by_key
from .yamllines import key_spans

KINDS = {"gooddeed": "Việc tốt", "exemplar": "Gương điển hình", "campaign": "Phong trào thi đua"}
ROLE_KINDS = {"contributor": ("gooddeed",), "author": ("gooddeed", "exemplar", "campaign"), "reviewer": ("gooddeed", "exemplar", "campaign")}
SCHEMAS = {"gooddeed": EXEMPLAR, "exemplar": EXEMPLAR, "campaign": CAMPAIGN}
# `status` is set by the actions (Lưu, Gửi duyệt, Duyệt đăng...), never typed in a form.
ACTION_KEYS = ("status",)
# What a staff member fills in for a good deed; the rest of the story is written later by an author.
GOODDEED_KEYS = ("name", "kind", "unit", "photo", "photo_alt", "consent", "submitted_by")
GOODDEED_LABELS = {
    "name": ("Ai đã làm việc tốt", "Họ tên người làm việc tốt, hoặc tên tập thể (ví dụ: Khoa Nhi)."),
    "unit": ("Khoa, phòng của người đó", "Chọn khoa, phòng trong danh sách."),
    "photo": ("Ảnh", "Chụp ngay bằng điện thoại hoặc chọn ảnh có sẵn. Vị trí (GPS) trong ảnh được xóa khi tải lên."),
    "photo_alt": ("Mô tả ảnh", "Trong ảnh là ai, đang làm gì: để người không nhìn thấy ảnh cũng hiểu."),
    "consent": ("Người được nêu đã đồng ý", "Đánh dấu nếu người (hoặc tập thể) được nêu đã đồng ý cho viết bài; chưa chắc thì để trống, phòng tin bài sẽ hỏi."),
    "submitted_by": ("Họ tên của bạn", "Người gửi việc tốt: họ tên, khoa, phòng. Chỉ phòng tin bài thấy, không hiện trên trang web."),
}
BODY = {
    "gooddeed": ("Việc tốt đã làm", "Kể ngắn gọn: việc gì, ở đâu, khi nào, ai được giúp."),
    "exemplar": ("Nội dung bài", "Nội dung bài viết. Mục lớn bắt đầu bằng ## ở đầu dòng; đoạn văn cách nhau một dòng trống."),
    "campaign": ("Nội dung", "Nội dung phong trào: nội dung thi đua, tiêu chí, cách đăng ký."),
}
# Help that speaks of files and YAML where the form has a list or a box instead.
FORM_HELP = {
    "unit": "Chọn khoa, phòng trong danh sách.",
    "fields": "Chọn một hay nhiều lĩnh vực.",
    "campaigns": "Các phong trào thi đua đã vinh danh người, tập thể này.",
    "awards": "Mỗi mục một danh hiệu: năm, danh hiệu, số quyết định, cấp tặng.",
    "awards.title": "Chọn danh hiệu trong danh sách.",
    "proposal.award": "Danh hiệu đề nghị; hệ thống kiểm tra điều kiện từ các thành tích đã ghi.",
    "photo": "Ảnh chính: JPEG, PNG hoặc ảnh HEIC của iPhone; vị trí (GPS) trong ảnh được xóa khi tải lên.",
    "photo_focus": "Vị trí khuôn mặt để cắt ảnh cho đẹp: hai số từ 0 đến 1 (ngang, dọc), ví dụ 0.5, 0.3. Để trống nếu không cần.",
    "consent": "Sự đồng ý bằng văn bản của người trong bài (mục 6 của hướng dẫn): đánh dấu đã đồng ý, hoặc ghi tên biên bản. Bài về cá nhân không được đăng khi chưa có.",
    "patients_identifiable": "Đánh dấu nếu có người bệnh nhận ra được trong bài hoặc ảnh.",
    "patient_consent": "Đánh dấu khi người bệnh (hoặc người giám hộ) đã đồng ý bằng văn bản.",
    "featured": "Đánh dấu để ghim bài lên đầu danh sách.",
    "subject": "Bài về một gương điển hình (mặc định), hay về một mô hình, sáng kiến do cá nhân, tập thể ở trên xây dựng.",
    "selected": "Được cấp trên chọn: cấp nào, ngày chọn. Cần có đề xuất.",
    "photo.campaign": "Ảnh băng rôn của phong trào.",
}


# -- the forms ----------------------------------------------------------------------------


def describe(role: str, content: Content) -> dict[str, Any]:
    """{kind: {"label", "fields": [...]}} for each kind `role` may create or edit, fields in schema order."""
    return {kind: {"label": KINDS[kind], "fields": _fields(kind, content)} for kind in ROLE_KINDS.get(role, ())}


def _fields(kind: str, content: Content) -> list[dict[str, Any]]:
    schema = by_key(SCHEMAS[kind])
    if kind == "gooddeed":
        keys = [schema[k] for k in GOODDEED_KEYS]
    else:
        keys = [k for k in SCHEMAS[kind] if k.key not in ACTION_KEYS]
    out = [_field(k, kind, content) for k in keys]
    label, help_text = BODY[kind]
    body = {"name": "body", "label": label, "type": "markdown" if kind != "gooddeed" else "longtext", "help": help_text}
    out.append({**body, "required": kind == "gooddeed", "choices": [], "max_len": None, "parts": []})
    if kind == "gooddeed":  # what happened comes right after who and where
        out.insert(3, out.pop())
    return out


def _field(k: Key, kind: str, content: Content, parent: str = "") -> dict[str, Any]:
    path = f"{parent}.{k.key}" if parent else k.key
    label, help_text = k.label, FORM_HELP.get(f"{path}.{kind}") or FORM_HELP.get(path) or form_text(k.help, kind)
    if kind == "gooddeed" and k.key in GOODDEED_LABELS:
        label, help_text = GOODDEED_LABELS[k.key]
    required = k.required or (kind == "gooddeed" and k.key in ("name", "unit", "submitted_by"))
    # A good deed is never published as it is sent: consent is asked for later, by the newsroom.
    required_when = "" if kind == "gooddeed" and k.key == "consent" else k.required_when
    return {
        "name": k.key,
        "label": label,
        "type": k.type,
        "help": help_text,
        "required": required,
        "required_when": required_when,
        "choices": _choices(k, content),
        "max_len": k.max_len,
        "example": k.example,
        "parts": [_field(p, kind, content, path) for p in k.parts],
    }


def _choices(k: Key, content: Content) -> list[list[str]]:
    if k.choices:
        return [[value, label[:1].upper() + label[1:]] for value, label in k.choices]
    if k.source == "units":
        return [[u.id, u.name] for u in content.units.values()]
    if k.source == "fields":
        return [[f.id, f.name] for f in content.vocabulary.fields.values()]
    if k.source == "awards":
        awards = sorted(content.vocabulary.awards.values(), key=lambda a: a.rank)
        return [[a.id, a.name + (f" ({a.abbreviation})" if a.abbreviation else "")] for a in awards]
    if k.source == "campaigns":
        return [[c.slug, c.title] for c in sorted(content.campaigns, key=lambda c: c.date, reverse=True)]
    return []


def form_text(text: str, kind: str = "exemplar", within: str = "") -> str:
    """A schema or reader sentence with its YAML words (`consent: true`, `photo_alt`) in the form's labels.

    `within`: the group or list the sentence is about (`proposal`), whose parts' names come first.
    """
    schema = by_key(SCHEMAS.get(kind, EXEMPLAR))
    group = schema.get(within)
    schema = {**schema, **by_key(group.parts)} if group is not None else schema

    def key_value(match: re.Match[str]) -> str:
        key, value = match.group(1), match.group(2).strip()
        k = schema.get(key)
        if k is None:
            return match.group(0)
        shown = dict(k.choices).get(value, value)
        if value in ("true", "false") and k.type in ("bool", "consent"):
            shown = "đã đánh dấu" if value == "true" else "bỏ trống"
        return f"«{_label(k, kind)}»: {shown}"

    def key_only(match: re.Match[str]) -> str:
        key = match.group(1)
        k = schema.get(key)
        return f"«{_label(k, kind)}»" if k is not None else match.group(0)

    text = re.sub(r"`([a-z_]+):\s*([^`\n]*)`", key_value, text)
    text = re.sub(r"`([a-z_]+)`", key_only, text)
    text = re.sub(r"Thêm dòng «([^»]+)»: (.+)$", r"Điền «\1», ví dụ: \2", text)
    text = re.sub(r"Khóa bắt buộc «([^»]+)» (bị thiếu|để trống)\.", r"Chưa điền «\1».", text)
    return text.replace("`", "")


def _label(k: Key, kind: str) -> str:
    if kind == "gooddeed" and k.key in GOODDEED_LABELS:
        return GOODDEED_LABELS[k.key][0]
    return k.label


# -- diagnostics → the 422 answer ----------------------------------------------------------


def errors(kind: str, diagnostics: Iterable[Diagnostic], text: str | None = None) -> list[dict[str, str]]:
    """[{"field", "label", "message"}] of the errors, each named by its form label (the field "" for the whole file).

    With the file's `text`, a key inside a group (`proposal: {by: …}`), which the reader
    names by its own name only, is found under the group on the line it stands on.
    """
    owners = _owners(text) if text is not None else {}
    out = []
    for d in diagnostics:
        if not d.is_error:
            continue
        owner = owners.get(d.line)
        dotted = f"{owner}.{d.field}" if owner and d.field and d.field.split(".")[0] != owner else d.field
        field, label = field_label(kind, dotted)
        message = form_text(d.message, kind, field) + (" Cách sửa: " + form_text(d.hint, kind, field) if d.hint else "")
        out.append({"field": field, "label": label, "message": message})
    return out


def _owners(text: str) -> dict[int, str]:
    """{file line: the top-level key whose value spans it}, for the lines below a key's own line."""
    front = split(text.lstrip("\ufeff").replace("\r\n", "\n"))[0]
    try:
        spans = key_spans(front or "")
    except ValueError:
        return {}
    # Front matter line 0 is file line 2 (after the opening ---).
    return {line + 2: key for key, (first, last) in spans.items() for line in range(first + 1, last + 1)}


def field_label(kind: str, dotted: str) -> tuple[str, str]:
    """The form field a reader's key (`awards.title`) belongs to, and its label ("Thành tích, danh hiệu › Danh hiệu")."""
    if not dotted:
        return "", ""
    names = dotted.split(".")
    schema = by_key(SCHEMAS.get(kind, EXEMPLAR))
    if kind == "gooddeed" and names[0] in ("title", "summary", "date"):
        return "body", BODY["gooddeed"][0]  # derived from what happened: the contributor never sees them
    labels: list[str] = []
    for name in names:
        k = schema.get(name)
        if k is None:
            break
        labels.append(_label(k, kind))
        schema = by_key(k.parts)
    return names[0], " › ".join(labels) or names[0]
