"""`vinhdanh new`: write a new story or campaign from a commented template.

The file lists every key of the content model with a Vietnamese comment, so an
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

from .reader import today_in_vietnam
from .text import normalize, slugify, title_case_name

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


def create(root: Path, type: str, name: str, today: dt.date | None = None) -> int:
    """Create `content/exemplars/<year>/<slug>/index.md` or `content/campaigns/<slug>.md`."""
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
    if type == "exemplar":
        folder = content / "exemplars"
        target = folder / str(today.year) / slug / "index.md"
        text = exemplar_template(name, _first_unit(content), today)
    elif type == "campaign":
        folder = content / "campaigns"
        target = folder / f"{slug}.md"
        text = campaign_template(name, _site_parent(content), today)
    else:
        return _fail(f"Không có loại bài `{type}`.", "Chọn `exemplar` (gương điển hình) hoặc `campaign` (phong trào).")
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
    for step in _next_steps(type, rel):
        print(f"  {step}")
    return 0


# -- templates ------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _is_collective(name: str) -> bool:
    lowered = name.lower()
    return any(lowered == w or lowered.startswith(w + " ") for w in _COLLECTIVE_WORDS)


def exemplar_template(name: str, unit: str, today: dt.date) -> str:
    collective = _is_collective(name)
    kind = "collective" if collective else "individual"
    shown = name if collective else title_case_name(name)
    return f"""---
# ===== Gương điển hình: phần thông tin (giữa hai dòng ---) =====
# Mỗi dòng là `khóa: giá trị`. Dòng bắt đầu bằng # là ghi chú, không hiện trên trang.
# Khóa để trống là không dùng. Kiểm tra tệp bằng lệnh: vinhdanh validate

# Tiêu đề bài viết (bắt buộc, tối đa 150 ký tự).
title: {_q(f"Gương sáng {shown}")}
# Cá nhân hay tập thể (bắt buộc): individual = cá nhân, collective = tập thể.
kind: {kind}
# Họ và tên đầy đủ của người được vinh danh, hoặc tên tập thể (bắt buộc).
name: {_q(shown)}
# Chức vụ, chức danh (cá nhân), ví dụ: Điều dưỡng trưởng khoa. Có thể để trống.
position:
# Khoa, phòng (bắt buộc): mã hoặc đúng tên trong content/units.yml.
unit: {unit}
# Ngày đăng, dạng năm-tháng-ngày (bắt buộc). Ngày trong tương lai = hẹn giờ đăng.
date: {today.isoformat()}
# Ngày sửa lại nội dung sau khi đã đăng, dạng năm-tháng-ngày. Để trống nếu chưa sửa.
updated:
# Tóm tắt thành tích trong 1–3 câu (bắt buộc, tối đa 400 ký tự): hiện ở danh sách, bản tin, báo cáo.
summary: {_q(f"Tóm tắt thành tích của {shown}: làm gì, ở đâu, kết quả ra sao (viết lại câu này).")}
# Lĩnh vực, mã trong hướng dẫn soạn bài, ví dụ: [kham-chua-benh, y-duc, sang-kien].
fields: []
# Phong trào thi đua đã vinh danh: tên tệp trong content/campaigns/ (không có .md).
# Ví dụ: [thay-thuoc-nhu-me-hien-2026]
campaigns: []
# Thành tích, mỗi dòng một danh hiệu: năm, mã danh hiệu, số quyết định. Ví dụ:
#   - year: 2025
#     title: chien-si-thi-dua-co-so
#     decision: Quyết định số 123/QĐ-SYT ngày 10/12/2025
#     by: Giám đốc Sở Y tế
awards: []
# Ảnh chính: tên tệp ảnh JPEG, PNG, WebP hoặc HEIC đặt cùng thư mục với tệp này.
photo:
# Mô tả ảnh cho người không nhìn thấy ảnh (bắt buộc khi có ảnh).
photo_alt:
# Người chụp ảnh.
photo_credit:
# Vị trí khuôn mặt trong ảnh để cắt ảnh cho đẹp: [ngang, dọc], từ 0 đến 1. Ví dụ: [0.5, 0.3]
photo_focus:
# Video YouTube về tấm gương, ví dụ: https://www.youtube.com/watch?v=abc123XYZ
video:
# Sự đồng ý bằng văn bản của người trong bài (bắt buộc với cá nhân khi đăng):
# ghi true, hoặc tên biên bản, ví dụ: Phiếu đồng ý ngày 12/3/2025, lưu tại Phòng TCCB
consent:
# true nếu người bệnh có thể bị nhận ra trong bài hoặc ảnh.
patients_identifiable: false
# true khi người bệnh (hoặc người giám hộ) đã đồng ý bằng văn bản.
patient_consent:
# Trạng thái (bắt buộc): draft = nháp, review = chờ duyệt, published = đăng, withdrawn = gỡ.
status: draft
# true để ghim bài lên đầu danh sách.
featured: false
# Từ khóa tự do, ví dụ: [hiến máu, tình nguyện]
tags: []
# Người viết bài.
author:
---

<!-- Viết bài ở dưới đây. Xóa các dòng hướng dẫn như dòng này khi viết xong. -->

<!-- Mở đầu: một khoảnh khắc cụ thể (một ca trực, một ca bệnh, một việc làm), 2–3 câu. -->

## Thành tích nổi bật

<!-- Những việc đã làm và kết quả đo được: số ca, số giờ, sáng kiến, danh hiệu. -->

- ...

## Lời kể

<!-- Lời của đồng nghiệp, người bệnh (viết tắt tên người bệnh, ví dụ: bệnh nhân Đ.T.N.). -->
"""


def campaign_template(name: str, host: str, today: dt.date) -> str:
    match = re.search(r"\b(19\d\d|20\d\d)\b", name)
    year = int(match.group(1)) if match else today.year
    start = dt.date(year, 1, 1) if match else today
    end = dt.date(year, 12, 31)
    return f"""---
# ===== Phong trào thi đua: phần thông tin (giữa hai dòng ---) =====
# Mỗi dòng là `khóa: giá trị`. Dòng bắt đầu bằng # là ghi chú, không hiện trên trang.
# Khóa để trống là không dùng. Kiểm tra tệp bằng lệnh: vinhdanh validate

# Tên phong trào (bắt buộc, tối đa 150 ký tự).
title: {_q(name if name.lower().startswith("phong trào") else f"Phong trào thi đua {name}")}
# Ngày phát động, dạng năm-tháng-ngày (bắt buộc).
date: {today.isoformat()}
# Mục đích của phong trào trong 1–3 câu (bắt buộc, tối đa 400 ký tự).
summary: {_q(f"Mục đích của phong trào {name} (viết lại câu này).")}
# Cơ quan chủ trì (bắt buộc), ví dụ: Sở Y tế.
host: {_q(host)}
# Bộ phận phụ trách, ví dụ: Phòng Tổ chức cán bộ.
owner:
# Thời gian phong trào (bắt buộc): ngày bắt đầu và ngày kết thúc, dạng năm-tháng-ngày.
start: {start.isoformat()}
end: {end.isoformat()}
# Các đợt thi đua: nằm trong thời gian phong trào, không chồng lên nhau. Ví dụ:
#   - name: Đợt 1
#     start: {start.isoformat()}
#     end: {dt.date(year, 6, 30).isoformat() if dt.date(year, 6, 30) >= start else end.isoformat()}
#     goal: 100% khoa, phòng đăng ký giao ước thi đua
phases: []
# Ngày xét khen thưởng, dạng năm-tháng-ngày.
review:
# Số lượng xét khen thưởng, ví dụ: {{collective: 2, individual: 5}}
quota:
# Căn cứ: các văn bản phong trào thực hiện, mỗi dòng một văn bản. Ví dụ:
#   - Kế hoạch số 123/KH-SYT ngày 01/3/{year} của Sở Y tế
basis: []
# Ảnh băng rôn: tên tệp ảnh trong content/, tính từ thư mục chứa tệp này, ví dụ: anh/bang-ron.jpg
photo:
# Mô tả ảnh cho người không nhìn thấy ảnh (bắt buộc khi có ảnh).
photo_alt:
# Người chụp, người thiết kế ảnh.
photo_credit:
# Vị trí chính của ảnh khi cắt: [ngang, dọc], từ 0 đến 1.
photo_focus:
# Trạng thái (bắt buộc): draft = nháp, published = đăng, withdrawn = gỡ.
status: draft
---

## Mục đích

<!-- Phong trào nhằm điều gì, cho ai. -->

## Nội dung thi đua

- ...

## Cách đăng ký và xét chọn

<!-- Hạn đăng ký, nơi nhận, tiêu chí chấm điểm, hình thức khen thưởng. -->
"""


# -- helpers ---------------------------------------------------------------------------------


def _first_unit(content: Path) -> str:
    try:
        units = yaml.safe_load((content / "units.yml").read_text(encoding="utf-8-sig"))
        return str(units[0]["id"])
    except Exception:  # missing or broken registry: validate will say so
        return "hstc"


def _site_parent(content: Path) -> str:
    try:
        site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8-sig"))
        return str(site.get("parent") or "Sở Y tế")
    except Exception:
        return "Sở Y tế"


def _same_slug(folder: Path, slug: str) -> Path | None:
    """A story or campaign that already uses this slug, in any sub-folder."""
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


def _next_steps(type: str, rel: str) -> list[str]:
    folder = rel.rsplit("/", 1)[0] if rel.endswith("/index.md") else rel
    if type == "exemplar":
        return [
            "1. Mở tệp, viết lại tiêu đề (title), tóm tắt (summary), chọn khoa/phòng (unit), thêm thành tích (awards).",
            "2. Chép ảnh vào cùng thư mục với tệp, rồi ghi `photo:` (tên tệp ảnh) và `photo_alt:` (mô tả ảnh).",
            "3. Viết bài bên dưới dòng --- thứ hai.",
            f"4. Kiểm tra: vinhdanh validate {folder}",
            "5. Khi có phiếu đồng ý của người trong bài: ghi `consent:`, đổi `status: review` để trình duyệt;",
            "   lãnh đạo duyệt xong thì đổi `status: published`.",
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
