"""A year of a district health centre's exemplars, after the plans in ../shared/seeds.

Phù Mỹ's plan (Trung tâm Y tế, 2024): khoa, phòng and a commune health station; a
year campaign in two rounds (Đợt I to 30/6, Đợt II from 1/7); half-year and year
reports before 10/6 and 10/12. Hà Tĩnh's: one exemplar a month before the 20th, the
year's list before 05/12. The rehabilitation hospital's: the sơ kết before 20/5/2028.

STORIES is the truth the tests count from, independently of vinhdanh's code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

SITE = """\
name: Trung tâm Y tế huyện Phù Mỹ
short_name: TTYT Phù Mỹ
parent: Sở Y tế tỉnh Bình Định
locality: Phù Mỹ
base_url: https://ttyt-phumy.example.vn/
signer: {title: GIÁM ĐỐC, name: Nguyễn Văn Bình}
calendar:
  - name: Gửi 01 gương điển hình tiêu biểu của tháng về Sở Y tế
    due: monthly-exemplar
    day: 20
    to: Sở Y tế (qua phòng Tổ chức cán bộ)
  - name: Báo cáo 6 tháng, báo cáo năm về phong trào thi đua
    due: half-year-report
    dates: [10/06, 10/12]
  - name: Danh sách tập thể, cá nhân điển hình tiên tiến của năm
    due: yearly-list
    dates: [05/12]
  - name: Báo cáo sơ kết giai đoạn 2026 - 2028
    due: phase-review
    dates: [2028-05-20]
"""
CALENDAR_LINES = {"monthly-exemplar": 8, "half-year-report": 12, "yearly-list": 15, "phase-review": 18}  # `- name:` lines above

UNITS = {  # id: (name, kind)
    "kham": ("Khoa Khám bệnh", "khoa"),
    "hscc": ("Khoa Hồi sức cấp cứu", "khoa"),
    "noi": ("Khoa Nội tổng hợp", "khoa"),
    "sksss": ("Khoa Chăm sóc sức khỏe sinh sản", "khoa"),
    "ksbt": ("Khoa Kiểm soát bệnh tật", "khoa"),
    "tchc": ("Phòng Tổ chức - Hành chính", "phong"),
    "dstt": ("Phòng Dân số - Truyền thông và Giáo dục sức khỏe", "phong"),
    "tram-my-chanh": ("Trạm Y tế xã Mỹ Chánh", "tram"),
    "congdoan": ("Công đoàn cơ sở Trung tâm Y tế", "to-chuc"),
}

YEAR_CAMPAIGN = "thi-dua-2024"
DIGITAL = "chuyen-doi-so-2024"
CAMPAIGNS = {
    YEAR_CAMPAIGN: """\
---
title: Phong trào thi đua lập thành tích năm 2024
date: 2024-01-05
summary: Thi đua lập thành tích chào mừng các ngày lễ lớn của đất nước năm 2024.
host: Trung tâm Y tế huyện Phù Mỹ
start: 2024-01-01
end: 2024-12-31
phases:
  - name: Đợt I
    start: 2024-01-01
    end: 2024-06-30
  - name: Đợt II
    start: 2024-07-01
    end: 2024-12-31
quota: {collective: 2, individual: 6}
status: published
---

Đợt I chào mừng kỷ niệm 70 năm Chiến thắng Điện Biên Phủ; Đợt II chào mừng 79 năm Cách mạng tháng Tám.
""",
    DIGITAL: """\
---
title: Phong trào thi đua chuyển đổi số y tế năm 2024
date: 2024-02-20
summary: Thi đua ứng dụng công nghệ thông tin, bệnh án điện tử và thanh toán không dùng tiền mặt.
host: Trung tâm Y tế huyện Phù Mỹ
start: 2024-03-01
end: 2024-09-30
phases:
  - name: Đợt 1
    start: 2024-03-01
    end: 2024-05-31
  - name: Đợt 2
    start: 2024-06-01
    end: 2024-09-30
quota: {individual: 1}
status: published
---

Mỗi khoa, phòng đăng ký ít nhất một việc làm cụ thể.
""",
}


@dataclass(frozen=True)
class Award:
    year: int
    title: str
    decision: str = ""
    on: dt.date | None = None  # the day the decision text gives, if any


@dataclass(frozen=True)
class Story:
    slug: str
    kind: str
    name: str
    unit: str
    date: dt.date
    fields: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    awards: tuple[Award, ...] = ()
    status: str = "published"

    def public(self, today: dt.date) -> bool:
        return self.status == "published" and self.date <= today


def _award(year: int, title: str, on: dt.date | None = None) -> Award:
    decision = f"Quyết định số 15/QĐ-UBND ngày {on:%d/%m/%Y}" if on else "Quyết định của Giám đốc"
    return Award(year, title, decision, on)


D = dt.date
STORIES = (
    Story("tran-thi-hoa", "individual", "Trần Thị Hoa", "kham", D(2024, 1, 15), ("kham-chua-benh", "y-duc"), (YEAR_CAMPAIGN,), (_award(2023, "lao-dong-tien-tien"),)),
    Story("khoa-hoi-suc-cap-cuu", "collective", "Khoa Hồi sức cấp cứu", "hscc", D(2024, 2, 10), ("kham-chua-benh",), (), (_award(2024, "tap-the-lao-dong-xuat-sac", D(2024, 2, 5)),)),
    Story("le-van-duc", "individual", "Lê Văn Đức", "ksbt", D(2024, 3, 18), ("phong-chong-dich",), (YEAR_CAMPAIGN,), (_award(2024, "chien-si-thi-dua-co-so"),)),
    Story("pham-minh-tuan", "individual", "Phạm Minh Tuấn", "noi", D(2024, 5, 19), ("sang-kien",), (), (_award(2024, "sang-kien-co-so", D(2024, 5, 20)),)),
    Story("tram-y-te-my-chanh", "collective", "Trạm Y tế xã Mỹ Chánh", "tram-my-chanh", D(2024, 6, 5), ("phong-chong-dich", "nhan-dao-tu-thien"), (YEAR_CAMPAIGN,)),
    Story("vo-thi-lan", "individual", "Võ Thị Lan", "noi", D(2024, 7, 22), ("y-duc",), (YEAR_CAMPAIGN,)),
    Story("nguyen-quoc-bao", "individual", "Nguyễn Quốc Bảo", "dstt", D(2024, 8, 20), ("chuyen-doi-so",), (DIGITAL,)),
    Story("cong-doan-co-so", "collective", "Công đoàn cơ sở Trung tâm Y tế", "congdoan", D(2024, 9, 9), ("nhan-dao-tu-thien",), (), (_award(2024, "giay-khen", D(2024, 9, 2)),)),
    Story("dang-thu-trang", "individual", "Đặng Thu Trang", "sksss", D(2024, 10, 25), ("kham-chua-benh",), (YEAR_CAMPAIGN,), (_award(2024, "bang-khen-ubnd-tinh", D(2024, 11, 15)),)),
    Story("ho-van-nam", "individual", "Hồ Văn Nam", "kham", D(2024, 11, 15), ("cai-cach-hanh-chinh",)),
    # Published in 2023, honoured again in March 2024: belongs to the first half of 2024.
    Story("bui-thanh-son", "individual", "Bùi Thanh Sơn", "hscc", D(2023, 11, 2), ("kham-chua-benh",), (), (_award(2024, "chien-si-thi-dua-cap-tinh", D(2024, 3, 12)),)),
    # Never counted: not public.
    Story("ngo-thi-mai", "individual", "Ngô Thị Mai", "tchc", D(2024, 4, 10), ("van-hoa-cong-so",), status="draft"),
    Story("phan-van-khanh", "individual", "Phan Văn Khánh", "tchc", D(2024, 6, 20), ("cai-cach-hanh-chinh",), status="review"),
    Story("to-hanh-chinh", "collective", "Tổ Hành chính", "tchc", D(2024, 3, 1), ("van-hoa-cong-so",), status="withdrawn"),
    Story("truong-thi-yen", "individual", "Trương Thị Yến", "tchc", D(2024, 12, 28), ("y-duc",), (YEAR_CAMPAIGN,)),  # scheduled until 28/12
)


def _story(s: Story) -> str:
    lines = [
        "---",
        f"title: Gương sáng {s.name}",
        f"kind: {s.kind}",
        f"name: {s.name}",
        f"unit: {s.unit}",
        f"date: {s.date.isoformat()}",
        f"summary: {s.name} hoàn thành xuất sắc nhiệm vụ, là tấm gương tiêu biểu của đơn vị.",
        f"fields: [{', '.join(s.fields)}]",
        f"campaigns: [{', '.join(s.campaigns)}]",
    ]
    if s.awards:
        lines.append("awards:")
        for a in s.awards:
            lines += [f"  - year: {a.year}", f"    title: {a.title}", f"    decision: {a.decision}"]
    if s.kind == "individual":
        lines.append("consent: true")
    lines += [f"status: {s.status}", "---", "", f"Câu chuyện về {s.name}.", ""]
    return "\n".join(lines)


def write_corpus(root: Path, stories: tuple[Story, ...] = STORIES) -> Path:
    (root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
    (root / "content" / "site.yml").write_text(SITE, encoding="utf-8")
    units = "".join(f"- id: {uid}\n  name: {name}\n  kind: {kind}\n" for uid, (name, kind) in UNITS.items())
    (root / "content" / "units.yml").write_text(units, encoding="utf-8")
    for slug, text in CAMPAIGNS.items():
        (root / "content" / "campaigns" / f"{slug}.md").write_text(text, encoding="utf-8")
    for s in stories:
        folder = root / "content" / "exemplars" / str(s.date.year) / s.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(_story(s), encoding="utf-8")
    return root


@dataclass
class Expected:
    """What a period's report must say, counted here from STORIES alone."""

    exemplars: list[Story] = field(default_factory=list)
    awards: list[tuple[Story, Award]] = field(default_factory=list)


def award_falls(a: Award, first: dt.date, last: dt.date) -> bool:
    return first <= a.on <= last if a.on else first.year <= a.year <= last.year


def expected(first: dt.date, last: dt.date, today: dt.date) -> Expected:
    out = Expected()
    for s in STORIES:
        if not s.public(today):
            continue
        awarded = [a for a in s.awards if award_falls(a, first, last)]
        if first <= s.date <= last or awarded:
            out.exemplars.append(s)
            out.awards += [(s, a) for a in awarded]
    return out
