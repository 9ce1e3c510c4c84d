"""The newsroom's forms, derived from schema.py, and the form ⇄ file conversion.

`describe` gives the browser each form a role may fill in (labels, help, choices
by Vietnamese names); `from_file` reads a story's front matter and body into form
values; `to_file` writes form values back as an author would write them. Editing
an existing file changes only the lines of the keys whose value changed: the
author's comments, unknown keys, quoting and list style stay as they were, so a
save from the phone never breaks a story written by hand. `errors` turns the
reader's diagnostics into the 422 answer, with the form's labels for the keys.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

import yaml

from ..content.diagnostics import Diagnostic
from ..content.frontmatter import Node, read_document, split
from ..content.model import Content
from ..content.schema import CAMPAIGN, EXEMPLAR, SUMMARY_MAX, TITLE_MAX, Key, by_key

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
NUMBER = re.compile(r"^\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        spans = _spans(front or "")
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


# -- file → form values --------------------------------------------------------------------


def from_file(kind: str, text: str) -> dict[str, Any]:
    """The form values of a story or campaign: every front matter key (unknown ones too) plus "body"."""
    text = text.lstrip("\ufeff")
    document = read_document(text)
    values: dict[str, Any] = {}
    if document.meta is not None:
        schema = by_key(SCHEMAS.get(kind, EXEMPLAR))
        for key, node in document.meta.value.items():
            k = schema.get(key)
            values[key] = _form_value(k, _plain(node)) if k is not None else _plain(node)
    values["body"] = document.body.lstrip("\n")
    return values


def _plain(node: Node) -> Any:
    if node.kind == "seq":
        return [_plain(n) for n in node.value]
    if node.kind == "map":
        return {key: _plain(n) for key, n in node.value.items()}
    return node.value  # dates stay text: the form shows them as written


def _form_value(k: Key, value: Any) -> Any:
    """A file value in the shape the form edits for `k`'s type (the file may use another shape)."""
    if k.type in ("list", "refs"):
        if value is None:
            return []
        return [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
    if k.type == "records":
        if not isinstance(value, list):
            return value if value else []
        parts = by_key(k.parts)
        return [{key: _form_value(parts[key], v) if key in parts else v for key, v in item.items()} if isinstance(item, dict) else item for item in value]
    if k.type == "group":
        if not isinstance(value, dict):
            return value if value else {}
        parts = by_key(k.parts)
        return {key: _form_value(parts[key], v) if key in parts else v for key, v in value.items()}
    if k.type == "focus" and isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if k.type in ("bool", "consent", "int") and isinstance(value, (bool, int)):
        return value
    if k.type == "bool":
        return value if value is not None else False
    return "" if value is None else (_text(value) if not isinstance(value, (list, dict)) else value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# -- form values → file --------------------------------------------------------------------


def to_file(kind: str, values: dict[str, Any], old_text: str | None = None, today: dt.date | None = None) -> str:
    """The file text for `values`; with `old_text`, only the lines of changed keys are rewritten.

    Keys absent from `values` keep what the file had; a key the form emptied stays as `key:`.
    """
    values = dict(values)
    if kind == "gooddeed":
        values = _gooddeed(values, old_text, today)
    schema = SCHEMAS.get(kind, EXEMPLAR)
    body = values.pop("body", None)
    if old_text is None:
        return _new_file(schema, values, body or "")
    newline = "\r\n" if "\r\n" in old_text else "\n"
    text = old_text.lstrip("\ufeff").replace("\r\n", "\n")
    front, old_body, _, problem = split(text)
    if problem is not None or front is None:
        raise ValueError("the existing file has no readable front matter")
    old_values = from_file(kind, text)
    lines = _rewrite(front.split("\n") if front else [], schema, values, old_values)
    if body is None:
        body = old_body
    else:
        body = "\n" + body.replace("\r\n", "\n").strip("\n") + "\n"
    out = "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body
    return out.replace("\n", newline)


def _gooddeed(values: dict[str, Any], old_text: str | None, today: dt.date | None) -> dict[str, Any]:
    """A good deed is a candidate story: title, summary and date come from what was sent."""
    from ..content.reader import today_in_vietnam

    old = from_file("gooddeed", old_text) if old_text else {}
    out = {k: v for k, v in values.items() if k in GOODDEED_KEYS or k == "body"}
    out["kind"] = out.get("kind") or old.get("kind") or "individual"
    name = " ".join(str(out.get("name") or "").split())
    if not old.get("title"):
        out["title"] = f"Việc tốt của {name}"[:TITLE_MAX] if name else ""
    if not old.get("summary"):
        out["summary"] = _summary(str(out.get("body") or ""))
    if not old.get("date"):
        out["date"] = (today or today_in_vietnam()).isoformat()
    out["status"] = "candidate"
    return out


def _summary(body: str) -> str:
    text = " ".join(re.sub(r"[#*_>`]+", " ", body).split())
    if len(text) <= SUMMARY_MAX:
        return text
    cut = text[: SUMMARY_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _new_file(schema: tuple[Key, ...], values: dict[str, Any], body: str) -> str:
    lines: list[str] = []
    for k in schema:
        if k.key in values and not _empty(values[k.key]):
            lines += _emit(k, values[k.key])
    for key, value in values.items():  # keys the schema does not know: kept, after the schema's
        if key not in by_key(schema) and not _empty(value):
            lines += _emit_unknown(key, value)
    body = body.replace("\r\n", "\n").strip("\n")
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n" + (body + "\n" if body else "")


def _rewrite(lines: list[str], schema: tuple[Key, ...], values: dict[str, Any], old: dict[str, Any]) -> list[str]:
    """Replace the lines of each changed key, insert new keys after the schema key before them."""
    spans = _spans("\n".join(lines))
    keys = by_key(schema)
    replaced: dict[int, list[str]] = {}  # first line of a key's span -> its new lines
    inserts: dict[int, list[str]] = {}  # insert before this line index
    last_end = _last_key_end(spans, len(lines))
    for k in schema:
        if k.key not in values or _same(k, values[k.key], old.get(k.key)):
            continue
        new = _emit(k, values[k.key]) if not _empty(values[k.key]) else ([f"{k.key}:"] if k.key in spans else [])
        if k.key in spans:
            replaced[spans[k.key][0]] = new
        elif new:
            at = _insert_at(k, schema, spans, last_end)
            inserts.setdefault(at, []).extend(new)
    for key, value in values.items():
        if key not in keys and key not in spans and not _empty(value):
            inserts.setdefault(last_end, []).extend(_emit_unknown(key, value))
    out: list[str] = []
    skip_until = -1
    ends = dict(spans.values())
    for index, line in enumerate([*lines, ""]):
        out += inserts.get(index, [])
        if index == len(lines):
            break
        if index in replaced:
            out += replaced[index]
            skip_until = ends[index]
        elif index > skip_until:
            out.append(line)
    return out


def _spans(front: str) -> dict[str, tuple[int, int]]:
    """{key: (first line, last line)} of each top-level key (0-based lines of the front matter)."""
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ValueError("the existing front matter is not valid YAML") from exc
    if not isinstance(root, yaml.MappingNode):
        return {}
    lines = front.split("\n")
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in root.value:
        first, end = key_node.start_mark.line, value_node.end_mark
        last = end.line - 1 if end.column == 0 and end.line > first else end.line
        # A block ends where the next key starts: the comments and blank lines before that key are not its own.
        while last > first and (last >= len(lines) or not lines[last].strip() or lines[last].lstrip().startswith("#")):
            last -= 1
        spans[str(key_node.value)] = (first, last)
    return spans


def _last_key_end(spans: dict[str, tuple[int, int]], count: int) -> int:
    return max((end for _, end in spans.values()), default=count - 1) + 1


def _insert_at(k: Key, schema: tuple[Key, ...], spans: dict[str, tuple[int, int]], last_end: int) -> int:
    """After the nearest key declared before `k` that the file has, else before the first one after it."""
    order = [s.key for s in schema]
    index = order.index(k.key)
    for before in reversed(order[:index]):
        if before in spans:
            return spans[before][1] + 1
    for after in order[index + 1 :]:
        if after in spans:
            return spans[after][0]
    return last_end


def _same(k: Key, new: Any, old: Any) -> bool:
    return _normal(_form_value(k, new)) == _normal(_form_value(k, old))


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _normal(v) for key, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_normal(v) for v in value if not _empty(v)]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


# -- YAML as an author writes it -----------------------------------------------------------


def _emit(k: Key, value: Any) -> list[str]:
    """`key: value` lines: plain scalars where YAML reads them back as the same text, flow lists, block records."""
    if k.type == "records" and isinstance(value, list):
        items = [item for item in value if not _empty(item)]
        lines = [f"{k.key}:"]
        for item in items:
            lines += _record(k, item)
        return lines
    if k.type == "group" and isinstance(value, dict):
        return [f"{k.key}:"] + ["  " + line for line in _mapping(k, value)]
    return _key_line(k.key, _value(k, value))


def _record(k: Key, item: Any) -> list[str]:
    if not isinstance(item, dict):
        return [f"  - {_scalar(_text(item))}"]
    body = _mapping(k, item)
    return [("  - " if i == 0 else "    ") + line for i, line in enumerate(body)]


def _mapping(k: Key, value: dict[str, Any]) -> list[str]:
    parts = by_key(k.parts)
    lines: list[str] = []
    for key in value:  # the file's order, or the form's (which is the schema's)
        if _empty(value[key]):
            continue
        part = parts.get(key)
        lines += _emit(part, value[key]) if part is not None else _emit_unknown(key, value[key])
    return lines


def _key_line(key: str, rendered: str | list[str]) -> list[str]:
    if isinstance(rendered, list):  # a block: `key: |-` and its indented lines
        return [f"{key}: {rendered[0]}"] + ["  " + line if line else "" for line in rendered[1:]]
    return [f"{key}: {rendered}" if rendered else f"{key}:"]


def _value(k: Key, value: Any) -> str | list[str]:
    if k.type in ("list", "refs"):
        items = [_text(v).strip() for v in (value if isinstance(value, list) else [value]) if not _empty(v)]
        return _flow(items)
    if k.type == "bool":
        return "true" if value is True or _text(value).strip().lower() == "true" else "false"
    if k.type == "consent":
        if isinstance(value, bool):
            return "true" if value else "false"
        return _scalar(_text(value).strip())
    if k.type == "int" and (isinstance(value, int) or NUMBER.match(_text(value).strip())):
        return str(int(value))
    if k.type == "date" and DATE.match(_text(value).strip()):
        return _text(value).strip()
    if k.type == "focus":
        numbers = [n.strip() for n in (value if isinstance(value, list) else _text(value).split(","))]
        if len(numbers) == 2 and all(re.fullmatch(r"\d+(\.\d+)?", _text(n)) for n in numbers):
            return f"[{numbers[0]}, {numbers[1]}]"
    text = _text(value).replace("\r\n", "\n").strip() if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False)
    if "\n" in text:
        block = ["|-", *text.split("\n")]
        return block if _reads_as("\n".join(block[:1] + ["  " + line for line in block[1:]]), text) else json.dumps(text, ensure_ascii=False)
    return _scalar(text)


def _emit_unknown(key: str, value: Any) -> list[str]:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    return dumped.rstrip("\n").split("\n")


def _scalar(text: str) -> str:
    """`text` plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML)."""
    if not text:
        return ""
    if _reads_as(text, text) and not text.startswith(("'", '"', "&", "*", "!", "|", ">", "%", "@", "`", "[", "{", "-", "?", "#", ",")):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    if not items:
        return ""
    flow = "[" + ", ".join(json.dumps(i, ensure_ascii=False) if re.search(r"[,\[\]{}]", i) else _scalar(i) for i in items) + "]"
    return flow if _reads_as(flow, items) else json.dumps(items, ensure_ascii=False)


def _reads_as(text: str, expected: Any) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": expected}
    except yaml.YAMLError:
        return False
