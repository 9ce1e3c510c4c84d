"""`vinhdanh new`: write a new story, campaign or event from a commented template.

The file lists every key of the schema (schema.py) with its Vietnamese help, so an
author never has to look a key up; its placeholder values validate as they are
(`status: draft`), so the author can save, run `vinhdanh validate` and fill in
the rest step by step.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

from .content.reader import today_in_vietnam
from .content.schema import CAMPAIGN, EVENT, EXEMPLAR, Key
from .content.text import normalize, slugify, title_case_name

MAX_NAME = 120
_COLLECTIVE_WORDS = (
    # "Đoàn" and "Hội" are also family names: only the longer forms count.
    "tập thể",
    "khoa",
    "phòng",
    "trung tâm",
    "trạm",
    "tổ",
    "đội",
    "ban",
    "công đoàn",
    "chi đoàn",
    "đoàn thanh niên",
    "chi bộ",
    "kíp",
    "ê-kíp",
    "êkíp",
    "bệnh viện",
    "nhóm",
    "hội đồng",
)


def create(root: Path, kind: str, name: str, today: dt.date | None = None) -> int:
    """Create `content/exemplars/<year>/<slug>/index.md`, `content/campaigns/<slug>.md` or `content/events/<slug>.md`."""
    today = today or today_in_vietnam()
    content = root / "content"
    name = " ".join(normalize(name).split())
    if not content.is_dir():
        return _fail(f"Không tìm thấy thư mục `content/` trong `{root}`.", "Chạy lệnh ở thư mục gốc của kho nội dung, hoặc thêm `--root ĐƯỜNG_DẪN`.")
    if not name:
        return _fail("Chưa có tên.", 'Ví dụ: vinhdanh new exemplar "Nguyễn Thị Lan"')
    if len(name) > MAX_NAME:
        return _fail(f"Tên dài {len(name)} ký tự, tối đa {MAX_NAME}.", "Ghi tên ngắn gọn; tiêu đề đầy đủ viết sau trong tệp.")
    slug = slugify(name)
    if not slug:
        return _fail(f"Không tạo được tên tệp từ `{name}`.", "Tên cần có ít nhất một chữ cái hoặc chữ số.")
    if kind == "exemplar":
        folder = content / "exemplars"
        target = folder / str(today.year) / slug / "index.md"
        text = exemplar_template(name, _first_unit(content), today)
    elif kind == "campaign":
        folder = content / "campaigns"
        target = folder / f"{slug}.md"
        text = campaign_template(name, _site_value(content, "parent", "Sở Y tế"), today)
    elif kind == "event":
        folder = content / "events"
        target = folder / f"{slug}.md"
        text = event_template(name, _site_value(content, "name", "Công đoàn bệnh viện"), today)
    else:
        return _fail(f"Không có loại bài `{kind}`.", "Chọn `exemplar` (gương điển hình), `campaign` (phong trào) hoặc `event` (sự kiện).")
    existing = _same_slug(folder, slug)
    if existing is not None:
        return _fail(
            f"Đã có bài với đường dẫn `{slug}`: `{_rel(existing, root)}`. Không ghi đè.",
            f'Mở tệp đó để sửa, hoặc đặt tên khác để phân biệt, ví dụ "{name} {today.year}".',
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        return _fail(f"Tệp `{_rel(target, root)}` đã có. Không ghi đè.", "Mở tệp đó để sửa, hoặc đặt tên khác.")
    except OSError as exc:
        return _fail(f"Không ghi được tệp `{_rel(target, root)}` ({exc.strerror}).", "Kiểm tra quyền ghi vào thư mục `content/`.")
    rel = _rel(target, root)
    print(f"Đã tạo {rel}")
    print()
    print("Các bước tiếp theo:")
    for step in _next_steps(kind, rel):
        print(f"  {step}")
    return 0


# -- templates ------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _is_collective(name: str) -> bool:
    lowered = name.lower()
    return any(lowered == w or lowered.startswith(w + " ") for w in _COLLECTIVE_WORDS)


def front_matter(schema: tuple[Key, ...], heading: str, values: dict[str, str]) -> str:
    """Every key of `schema` with its Vietnamese help above it; `values` are YAML, the rest start empty."""
    lines = [
        "---",
        f"# ===== {heading}: phần thông tin (giữa hai dòng ---) =====",
        "# Mỗi dòng là `khóa: giá trị`. Dòng bắt đầu bằng # là ghi chú, không hiện trên trang.",
        "# Khóa để trống là không dùng. Kiểm tra tệp bằng lệnh: vinhdanh validate",
        "",
    ]
    for k in schema:
        lines.append(f"# {_comment(k)}")
        if k.note:
            lines.append("# Ví dụ:")
            lines += [f"# {line}" for line in k.note]
        value = values.get(k.key, _EMPTY.get(k.type, ""))
        lines.append(f"{k.key}: {value}".rstrip())
    lines.append("---")
    return "\n".join(lines) + "\n"


_EMPTY = {"refs": "[]", "list": "[]", "records": "[]", "bool": "false"}


def _comment(k: Key) -> str:
    text = k.help
    if k.choices:
        text += " " + ", ".join(f"{value} = {meaning}" for value, meaning in k.choices) + "."
    if k.required:
        text += " (bắt buộc)"
    elif k.required_when:
        text += f" (bắt buộc {k.required_when})"
    if k.example and k.type not in ("records", "choice", "bool") and k.key not in ("title", "summary", "name"):
        text += f" Ví dụ: {k.example}"
    return text


def exemplar_template(name: str, unit: str, today: dt.date) -> str:
    collective = _is_collective(name)
    kind = "collective" if collective else "individual"
    shown = name if collective else title_case_name(name)
    values = {
        "title": _q(f"Gương sáng {shown}"),
        "kind": kind,
        "name": _q(shown),
        "unit": unit,
        "date": today.isoformat(),
        "summary": _q(f"Tóm tắt thành tích của {shown}: làm gì, ở đâu, kết quả ra sao (viết lại câu này)."),
        "status": "draft",
    }
    return (
        front_matter(EXEMPLAR, "Gương điển hình", values)
        + """
<!-- Viết bài ở dưới đây. Xóa các dòng hướng dẫn như dòng này khi viết xong. -->

<!-- Mở đầu: một khoảnh khắc cụ thể (một ca trực, một ca bệnh, một việc làm), 2–3 câu. -->

## Thành tích nổi bật

<!-- Những việc đã làm và kết quả đo được: số ca, số giờ, sáng kiến, danh hiệu. -->

- ...

## Lời kể

<!-- Lời của đồng nghiệp, người bệnh (viết tắt tên người bệnh, ví dụ: bệnh nhân Đ.T.N.). -->
"""
    )


def campaign_template(name: str, host: str, today: dt.date) -> str:
    match = re.search(r"\b(19\d\d|20\d\d)\b", name)
    year = int(match.group(1)) if match else today.year
    start = dt.date(year, 1, 1) if match else today
    values = {
        "title": _q(name if name.lower().startswith("phong trào") else f"Phong trào thi đua {name}"),
        "date": today.isoformat(),
        "summary": _q(f"Mục đích của phong trào {name} (viết lại câu này)."),
        "host": _q(host),
        "start": start.isoformat(),
        "end": dt.date(year, 12, 31).isoformat(),
        "status": "draft",
    }
    return (
        front_matter(CAMPAIGN, "Phong trào thi đua", values)
        + """
## Mục đích

<!-- Phong trào nhằm điều gì, cho ai. -->

## Nội dung thi đua

- ...

## Cách đăng ký và xét chọn

<!-- Hạn đăng ký, nơi nhận, tiêu chí chấm điểm, hình thức khen thưởng. -->
"""
    )


# The event kind a title names, by its first words ("Tọa đàm ...", "Hội nghị ..."); else `other`.
_EVENT_WORDS = (("hoi-nghi", ("hội nghị",)), ("toa-dam", ("tọa đàm", "toạ đàm")), ("giao-luu", ("giao lưu",)), ("cuoc-thi", ("cuộc thi", "hội thi", "thi viết")))


def _event_kind(name: str) -> str:
    lowered = name.lower()
    return next((kind for kind, words in _EVENT_WORDS if any(w in lowered for w in words)), "other")


def event_template(name: str, host: str, today: dt.date) -> str:
    """An event announced today and held today: both dates are there to be changed, and validate as they are."""
    values = {
        "title": _q(name),
        "kind": _event_kind(name),
        "date": today.isoformat(),
        "start": today.isoformat(),
        "place": _q("Hội trường (viết lại nơi tổ chức)"),
        "host": _q(host),
        "summary": _q(f"Nội dung chính của {name}: ai tham dự, biểu dương ai (viết lại câu này)."),
        "status": "draft",
    }
    return (
        front_matter(EVENT, "Sự kiện", values)
        + """
<!-- Viết thông báo ở dưới đây: chương trình, thành phần tham dự, cách đăng ký. -->

## Chương trình

- ...
"""
    )


# -- helpers ---------------------------------------------------------------------------------


def _first_unit(content: Path) -> str:
    try:
        units = yaml.safe_load((content / "units.yml").read_text(encoding="utf-8-sig"))
        return str(units[0]["id"])
    except (OSError, yaml.YAMLError, LookupError, TypeError):  # missing or broken registry: validate will say so
        return "hstc"


def _site_value(content: Path, key: str, default: str) -> str:
    """A text of site.yml (`parent`, `name`), or `default` when it is missing or broken: validate will say so."""
    try:
        site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8-sig"))
        return str(site.get(key) or default)
    except (OSError, yaml.YAMLError, AttributeError):
        return default


def _same_slug(folder: Path, slug: str) -> Path | None:
    """A story, campaign or event that already uses this slug, in any sub-folder."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.rglob("*.md")):
        if (path.parent.name if path.name == "index.md" else path.stem) == slug:
            return path
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _next_steps(kind: str, rel: str) -> list[str]:
    folder = rel.rsplit("/", 1)[0] if rel.endswith("/index.md") else rel
    if kind == "exemplar":
        return [
            "1. Mở tệp, viết lại tiêu đề (title), tóm tắt (summary), chọn khoa/phòng (unit), thêm thành tích (awards).",
            "2. Chép ảnh vào cùng thư mục với tệp, rồi ghi `photo:` (tên tệp ảnh) và `photo_alt:` (mô tả ảnh).",
            "3. Viết bài bên dưới dòng --- thứ hai.",
            f"4. Kiểm tra: vinhdanh validate {folder}",
            "5. Khi có phiếu đồng ý của người trong bài: ghi `consent:`, đổi `status: review` để trình duyệt;",
            "   lãnh đạo duyệt xong thì đổi `status: published`.",
        ]
    if kind == "event":
        return [
            "1. Mở tệp, viết lại tên (title), loại (kind), ngày diễn ra (start, end), địa điểm (place), đơn vị tổ chức (host), tóm tắt (summary).",
            "2. `date` là ngày đăng tin: trước ngày này sự kiện chưa hiện. Ghi `campaign:` và `exemplars:` nếu sự kiện biểu dương các gương.",
            f"3. Kiểm tra: vinhdanh validate {folder}",
            "4. Khi đã duyệt: đổi `status: published`.",
        ]
    return [
        "1. Mở tệp, viết lại tiêu đề (title), mục đích (summary), cơ quan chủ trì (host), thời gian (start, end).",
        "2. Thêm các đợt (phases), chỉ tiêu (quota) và căn cứ (basis) nếu có.",
        f"3. Kiểm tra: vinhdanh validate {folder}",
        "4. Khi đã duyệt: đổi `status: published`.",
    ]


def _fail(message: str, hint: str) -> int:
    print(f"lỗi: {message}", file=sys.stderr)
    print(f"    gợi ý: {hint}", file=sys.stderr)
    return 1
