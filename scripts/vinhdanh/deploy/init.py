"""`vinhdanh init DIR`: a new content repository that validates and builds at once.

It asks for (or takes as options) what only the hospital knows: its name, address,
web address and departments. Everything else is the project's usual layout: the
MkDocs config, the theme's overrides, a home page, and one sample story marked as
such and kept as a draft, so it shows how a story is written and never reaches the
public site by mistake.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

from ..content.reader import today_in_vietnam
from ..content.text import normalize, slugify
from ..records import record

SAMPLE = "bai-mau"
_KINDS = (("trung tâm", "trung-tam"), ("khoa", "khoa"), ("phòng", "phong"), ("trạm", "tram"))
_NOTE = (
    "# ===== BÀI MẪU do `vinhdanh init` tạo, để xem cách viết một bài. =====\n"
    "# Bài đang là nháp (`status: draft`) nên KHÔNG lên trang web.\n"
    "# Sửa thành bài thật rồi đổi thành `status: published`, hoặc xóa cả thư mục bai-mau/.\n"
)


class InitError(Exception):
    """An answer that would make a site that does not build: the message says which."""


@record
class Answers:
    name: str
    short_name: str
    address: str
    base_url: str
    units: tuple[str, ...]
    parent: str = ""
    department: bool = False  # a Department of Health (Sở Y tế): imports its units' stories


def unit_kind(name: str) -> str:
    lowered = name.lower()
    return next((kind for word, kind in _KINDS if lowered.startswith(word + " ")), "to-chuc")


def check(a: Answers) -> list[str]:
    """Every problem of the answers at once, in the words of the options."""
    problems = []
    if not a.name.strip():
        problems.append("`--name`: thiếu tên đơn vị, ví dụ --name 'Bệnh viện Đa khoa tỉnh Hậu Giang'.")
    if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", a.base_url):
        problems.append(f"`--base-url`: cần địa chỉ đầy đủ của trang web, ví dụ https://benhvien.example.vn/ (đang là `{a.base_url}`).")
    if not a.units:
        problems.append("`--unit`: cần ít nhất một khoa/phòng, ví dụ --unit 'Khoa Nhi' --unit 'Phòng Tổ chức cán bộ'.")
    ids = [slugify(u) for u in a.units]
    for unit, uid in zip(a.units, ids, strict=True):
        if not uid:
            problems.append(f"`--unit {unit}`: tên khoa/phòng cần có chữ cái hoặc chữ số.")
        elif ids.count(uid) > 1:
            problems.append(f"`--unit {unit}`: trùng với một khoa/phòng khác; mỗi tên chỉ ghi một lần.")
    return problems


def ask(a: Answers) -> Answers:
    """Fill in what the options left out, by asking at the terminal."""

    def q(label: str, current: str, example: str) -> str:
        return current or input(f"{label} (ví dụ: {example}): ").strip()

    name = q("Tên đơn vị", a.name, "Bệnh viện Đa khoa tỉnh Hậu Giang")
    short = q("Tên ngắn", a.short_name, "BVĐK Hậu Giang") or name
    address = q("Địa chỉ", a.address, "Số 1 đường Trần Hưng Đạo, phường 1, thành phố Vị Thanh")
    base_url = q("Địa chỉ trang web", a.base_url, "https://benhvien.example.vn/")
    units = a.units or tuple(u.strip() for u in input("Các khoa, phòng, cách nhau bằng dấu phẩy (ví dụ: Khoa Nhi, Phòng Tổ chức cán bộ): ").split(",") if u.strip())
    return Answers(name, short, address, base_url, units, a.parent, a.department)


def _render(name: str, values: dict) -> str:
    from jinja2 import Environment, StrictUndefined

    env = Environment(keep_trailing_newline=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["quoted"] = lambda text: json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar
    return env.from_string(_starter(name).read_text(encoding="utf-8")).render(**values)


def _starter(name: str):
    return resources.files("vinhdanh") / "deploy" / "files" / "starter" / name


def files(a: Answers, today: dt.date) -> dict[str, str]:
    """The repository's text files, by path."""
    from ..scaffold import exemplar_template

    base_url = a.base_url if a.base_url.endswith("/") else a.base_url + "/"
    values = {"name": a.name, "short_name": a.short_name or a.name, "address": a.address, "base_url": base_url, "parent": a.parent, "department": a.department, "year": today.year}
    units = [{"id": slugify(u), "name": u, "kind": unit_kind(u)} for u in a.units]
    units_yml = "# Khoa, phòng, trung tâm, trạm và tổ chức đoàn thể. Bài ghi `unit:` bằng id hoặc đúng tên đầy đủ.\n"
    units_yml += "".join(f"- id: {u['id']}\n  name: {json.dumps(u['name'], ensure_ascii=False)}\n  kind: {u['kind']}\n" for u in units)
    story = exemplar_template("Nguyễn Văn A", units[0]["id"], today)
    story = story.replace("---\n", "---\n" + _NOTE, 1).replace('title: "Gương sáng', 'title: "BÀI MẪU – Gương sáng', 1)
    return {
        "mkdocs.yml": _render("mkdocs.yml", values),
        "content/site.yml": _render("site.yml", values),
        "content/units.yml": units_yml,
        f"content/exemplars/{today.year}/{SAMPLE}/index.md": story,
        "content/campaigns/.gitkeep": "",
        "pages/index.md": _render("index.md", values),
        ".gitignore": _render("gitignore", values),
        "README.md": _render("README.md", values),
    }


def write(target: Path, a: Answers, today: dt.date) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for rel, text in files(a, today).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    with resources.as_file(_starter("overrides")) as overrides:
        shutil.copytree(overrides, target / "overrides")


def git_commit(target: Path) -> str:
    """`git init` and a first commit when git is installed; what happened, in a sentence."""
    if shutil.which("git") is None:
        return "không có git trên máy: chưa tạo kho git (cài git rồi `git init` để giữ lịch sử sửa bài)."

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(target), *args], capture_output=True, text=True, timeout=60)

    git("init", "-q")
    git("symbolic-ref", "HEAD", "refs/heads/main")
    who = [] if git("config", "user.email").stdout.strip() else ["-c", "user.name=vinhdanh init", "-c", "user.email=vinhdanh@localhost"]
    git("add", "-A")
    done = git(*who, "commit", "-q", "-m", "Kho nội dung mới (vinhdanh init)")
    if done.returncode != 0:
        return f"đã `git init` nhưng chưa commit được: {done.stderr.strip()}"
    return "đã tạo kho git (nhánh main) với commit đầu tiên."


def _cleaned(a: Answers) -> Answers:
    """Text as typed or pasted (NFD, stray spaces) in the form the reader expects."""

    def clean(text: str) -> str:
        return " ".join(normalize(text).split())

    return replace(
        a, name=clean(a.name), short_name=clean(a.short_name), address=clean(a.address), base_url=a.base_url.strip(), units=tuple(u for u in map(clean, a.units) if u), parent=clean(a.parent)
    )


def init_command(target: Path, a: Answers, interactive: bool, today: dt.date | None = None) -> int:
    target = target.expanduser().resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"Lỗi: `{target}` đã có và không trống; `vinhdanh init` không ghi đè.\n    gợi ý: chọn một thư mục mới (chưa có).", file=sys.stderr)
        return 1
    a = _cleaned(a)
    if interactive:
        with contextlib.suppress(EOFError):  # no more answers: report what is missing below
            a = ask(a)
    problems = check(a)
    if problems:
        print("Lỗi: chưa tạo được kho nội dung:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 1
    today = today or today_in_vietnam()
    write(target, a, today)
    print(f"Đã tạo kho nội dung ở {target}; {git_commit(target)}")
    print(f"  Bài mẫu (nháp, không lên trang): content/exemplars/{today.year}/{SAMPLE}/index.md")
    print(f"  Tiếp theo: cd {target} && vinhdanh validate && vinhdanh build")
    return 0
