"""Synthetic corpora for the benchmarks: realistic stories, written once, reused.

Front matter with awards, fields and campaigns, bodies of ~300 words, ~2 % of
stories with a small real JPEG. Written under benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))

from vinhdanh.content.text import slugify  # noqa: E402

TODAY = dt.date(2026, 11, 25)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Hoàng", "Quốc", "Kim", "Bảo"]
GIVEN = [
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Châu",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Uyên",
    "Vy",
    "Yến",
]
WORDS = [
    "chăm",
    "sóc",
    "người",
    "bệnh",
    "tận",
    "tụy",
    "trực",
    "đêm",
    "cấp",
    "cứu",
    "kịp",
    "thời",
    "cải",
    "tiến",
    "quy",
    "trình",
    "tiết",
    "kiệm",
    "chi",
    "phí",
    "sáng",
    "kiến",
    "được",
    "công",
    "nhận",
    "hướng",
    "dẫn",
    "đồng",
    "nghiệp",
    "trẻ",
    "hiến",
    "máu",
    "tình",
    "nguyện",
    "khám",
    "bệnh",
    "miễn",
    "phí",
    "vùng",
    "sâu",
    "vùng",
    "xa",
    "chuyển",
    "đổi",
    "số",
    "bệnh",
    "án",
    "điện",
    "tử",
    "giảm",
    "thời",
    "gian",
    "chờ",
    "đợi",
]
INDIVIDUAL_AWARDS = ["lao-dong-tien-tien", "chien-si-thi-dua-co-so", "giay-khen", "bang-khen-ubnd-tinh", "bang-khen-bo-y-te", "sang-kien-co-so", "thay-thuoc-uu-tu"]
COLLECTIVE_AWARDS = ["tap-the-lao-dong-tien-tien", "tap-the-lao-dong-xuat-sac", "giay-khen", "bang-khen-ubnd-tinh", "co-thi-dua-bo-tinh"]
FIELDS = ["kham-chua-benh", "y-duc", "chuyen-doi-so", "sang-kien", "nhan-dao-tu-thien", "phong-chong-dich", "van-hoa-cong-so"]
STATUSES = ["published"] * 8 + ["draft", "review"]  # a real repository holds work in progress too
# Written into each corpus's `done` marker: a corpus of another version is made again, so that
# ours and the blog's (made separately) always hold the same stories.
VERSION = "2"


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."  # one call, not one per word: 5,000 stories in ~1 s


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((800, 600), 40).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def story(rng: random.Random, i: int, units: list[str], campaigns: list[str], photo: str | None, statuses: list[str] = STATUSES) -> tuple[str, str]:
    collective = i % 7 == 0
    name = f"Khoa {rng.choice(GIVEN)} {i}" if collective else f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    year = 2020 + i % 6
    date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    awards = "".join(
        f"  - year: {year - k}\n    title: {rng.choice(COLLECTIVE_AWARDS if collective else INDIVIDUAL_AWARDS)}\n"
        f"    decision: Quyết định số {rng.randint(1, 999)}/QĐ-SYT ngày {rng.randint(1, 28)}/12/{year - k}\n"
        for k in range(rng.randint(0, 4))
    )
    lines = [
        "---",
        f'title: "{name}: {sentence(rng, 10)[:-1]}"',
        f"kind: {'collective' if collective else 'individual'}",
        f"name: {name}",
        "position: Điều dưỡng trưởng khoa" if not collective else "",
        f"unit: {rng.choice(units)}",
        f"date: {date}",
        f"updated: {year}-12-30" if i % 5 == 0 else "",
        f"summary: {sentence(rng, 45)[:390]}",
        f"fields: [{', '.join(rng.sample(FIELDS, 2))}]",
        f"campaigns: [{rng.choice(campaigns)}]" if i % 3 == 0 else "",
        "awards:\n" + awards.rstrip("\n") if awards else "awards: []",
        f"photo: {photo}\nphoto_alt: {name} bên giường bệnh\nphoto_focus: [0.5, 0.3]" if photo else "",
        "consent: Phiếu đồng ý lưu tại Phòng TCCB" if not collective else "",
        f"status: {rng.choice(statuses)}",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        "author: Phòng Công tác xã hội",
        "---",
        "",
    ]
    body = "\n\n".join(
        [
            "## Hành trình\n\n" + sentence(rng, 70),
            sentence(rng, 80),
            "- " + sentence(rng, 12) + "\n- " + sentence(rng, 12),
            "## Lời kể\n\n> " + sentence(rng, 40),
            sentence(rng, 70),
        ]
    )
    slug = f"{slugify(name)}-{i}"
    return slug, "\n".join(line for line in lines if line) + "\n" + body + "\n"


def is_made(folder: Path) -> bool:
    marker = folder / "done"
    return marker.exists() and marker.read_text().strip() == VERSION


def registry(units_by_name: bool = False) -> tuple[list[str], list[str]]:
    """The sample's units (ids, or full names) and public campaigns, which the stories draw from."""
    import yaml

    units = [u["name" if units_by_name else "id"] for u in yaml.safe_load((ROOT / "content" / "units.yml").read_text(encoding="utf-8"))]
    campaigns = sorted(p.stem for p in (ROOT / "content" / "campaigns").glob("*.md"))
    campaigns.remove("van-hoa-cong-so-2027")  # a draft: honouring in it is fine but keep links public
    return units, campaigns


def make_corpus(n: int, folder: Path, published_only: bool = False, units_by_name: bool = False) -> Path:
    """`n` stories under folder/content; `published_only` for a site of exactly `n` public stories;
    `units_by_name`: stories name their unit by its full name (`unit: Khoa Nhi`), not its id."""
    if is_made(folder):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content"
    content.mkdir(parents=True)
    for name in ("site.yml", "units.yml", "vocabulary.yml", "logo.png"):
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copytree(ROOT / "content" / "campaigns", content / "campaigns")
    units, campaigns = registry(units_by_name)
    photo = jpeg()
    rng = random.Random(2026)
    for i in range(n):
        with_photo = i % 50 == 7  # ~2 %
        slug, text = story(rng, i, units, campaigns, "anh.jpg" if with_photo else None, ["published"] if published_only else STATUSES)
        year = 2020 + i % 6
        if with_photo:
            target = content / "exemplars" / str(year) / slug / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            (target.parent / "anh.jpg").write_bytes(photo)
        else:
            target = content / "exemplars" / str(year) / f"{slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (folder / "done").write_text(VERSION + "\n")
    return folder


def make_blog(n: int, folder: Path) -> None:
    """The same stories as Material blog posts (benchmarks/site.py, incremental.py --blog); Zensical
    builds this folder too (it reads mkdocs.yml and has the blog built in)."""
    if is_made(folder):
        return
    shutil.rmtree(folder, ignore_errors=True)
    posts = folder / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Trang chủ\n")
    (folder / "docs" / "blog" / "index.md").write_text("# Gương điển hình\n")
    (folder / "mkdocs.yml").write_text(
        textwrap.dedent("""\
        site_name: Blog benchmark
        site_url: https://benhvien.example.vn/
        theme:
          name: material
          language: vi
          font: false
        plugins:
          - search
          - blog
        """)
    )
    rng = random.Random(2026)
    units, campaigns = registry()  # drawn from as make_corpus draws: the same random stream, the same texts
    for i in range(n):
        # The same stories as ours (published_only), as blog posts: front matter reduced to what the blog knows.
        slug, text = story(rng, i, units, campaigns, None, ["published"])
        front, body = text.split("\n---\n", 1)
        meta = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line and not line.startswith(" "))
        title = meta["title"].strip('"')
        (posts / f"{slug}.md").write_text(f"---\ndate: {meta['date']}\ncategories: [{meta['fields'].strip('[]')}]\n---\n\n# {title}\n\n{meta['summary']}\n\n<!-- more -->\n\n{body}", encoding="utf-8")
    (folder / "done").write_text(VERSION + "\n")
