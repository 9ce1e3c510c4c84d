"""The whole emulation cycle of issue 25, on one corpus built from the plans' own examples.

A year (2026) of Bệnh viện Phục hồi chức năng Đồng Tháp (../shared/seeds/001: plan
2026 – 2030, "01 gương điển hình tiên tiến tiêu biểu" a month, báo cáo năm before
20/10, sơ kết before 20/5/2028, tổng kết before 20/7/2030), with Hà Tĩnh's "trước
ngày 20 hàng tháng" and "trước ngày 05 tháng 12" (seeds/002) and Phù Mỹ's half-year
reports before 10/6 and 10/12 (seeds/004): registrations for the period, candidates
cultivated and proposed month by month, two models and an initiative, a conference
(and private events that must reach nothing), a half-year `report period` whose
counts are checked against STORIES counted here (never by vinhdanh's code), the
build's lich.ics read with the `icalendar` library, `vinhdanh status --today` on the
days just before and after each deadline, an eligibility check that passes and one
that fails. The period report is opened in Chromium at 390 and 1366 px
(test-artifacts/cycle/).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import icalendar
import lxml.html
import pytest
from sitebuild import copy_project
from test_period_report import html_tables

from vinhdanh.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "cycle"
BASE = "https://bvphcn-dongthap.example.vn/"
BUILT = dt.date(2026, 11, 25)  # the site's build day: the conference is announced, the contest is not yet
H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
H1_TODAY = dt.date(2026, 7, 15)  # the half-year report, written after the 10/6 deadline
DEPARTMENT_KINDS = ("khoa", "phong")

MONTHLY = "Gửi 01 gương điển hình tiên tiến tiêu biểu của tháng về Sở Y tế"
HALF_YEAR = "Báo cáo 6 tháng, báo cáo năm về công tác thi đua, khen thưởng"
YEAR_REPORT = "Báo cáo năm về xây dựng, nhân rộng điển hình tiên tiến"
YEAR_LIST = "Danh sách tập thể, cá nhân điển hình tiên tiến của năm"
REVIEW = "Báo cáo sơ kết giai đoạn 2026 – 2028"
FINAL = "Báo cáo tổng kết giai đoạn 2026 – 2030"
SITE = f"""\
name: Bệnh viện Phục hồi chức năng Đồng Tháp
short_name: BV PHCN Đồng Tháp
parent: Sở Y tế tỉnh Đồng Tháp
locality: Đồng Tháp
base_url: {BASE}
calendar:
  - name: {MONTHLY}
    due: monthly-exemplar
    day: 20
    to: Sở Y tế (qua phòng Tổ chức cán bộ)
  - name: {HALF_YEAR}
    due: half-year-report
    dates: [10/06, 10/12]
  - name: {YEAR_REPORT}
    due: yearly-report
    dates: [20/10]
  - name: {YEAR_LIST}
    due: yearly-list
    dates: [05/12]
  - name: {REVIEW}
    due: phase-review
    dates: [2028-05-20]
  - name: {FINAL}
    due: phase-review
    dates: [2030-07-20]
"""
UNITS = {  # id: (name, kind); seeds/001 names its own phòng
    "vltl": ("Khoa Vật lý trị liệu", "khoa"),
    "hdtl": ("Khoa Hoạt động trị liệu - Ngôn ngữ trị liệu", "khoa"),
    "kham": ("Khoa Khám bệnh", "khoa"),
    "duoc": ("Khoa Dược - Vật tư y tế", "khoa"),
    "tccb": ("Phòng Tổ chức cán bộ - Hành chính quản trị", "phong"),
    "tckt": ("Phòng Tài chính - Kế toán", "phong"),
    "congdoan": ("Công đoàn cơ sở Bệnh viện", "to-chuc"),
}
CAMPAIGN = "thi-dua-2026"
CAMPAIGN_TITLE = "Phong trào thi đua yêu nước năm 2026"
CAMPAIGNS = {
    CAMPAIGN: f"""\
---
title: {CAMPAIGN_TITLE}
date: 2026-01-05
summary: Thi đua thực hiện thắng lợi nhiệm vụ chăm sóc, phục hồi chức năng cho nhân dân năm 2026.
host: Bệnh viện Phục hồi chức năng Đồng Tháp
start: 2026-01-01
end: 2026-12-31
phases:
  - {{name: Đợt I, start: 2026-01-01, end: 2026-06-30}}
  - {{name: Đợt II, start: 2026-07-01, end: 2026-12-31}}
quota: {{collective: 2, individual: 5}}
status: published
---

Kế hoạch phát động phong trào.
""",
    # seeds/002's campaign, still a draft here: no calendar, page or feed may show it
    "van-hoa-cong-so-2026": """\
---
title: Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở (nháp)
date: 2026-02-01
summary: Bản nháp phong trào văn hóa công sở.
host: Bệnh viện Phục hồi chức năng Đồng Tháp
start: 2026-03-01
end: 2026-11-30
phases:
  - {name: Đợt bí mật, start: 2026-03-01, end: 2026-05-31}
status: draft
---

Nháp.
""",
}


@dataclass(frozen=True)
class Story:
    slug: str
    name: str
    kind: str  # individual | collective
    unit: str
    date: dt.date
    status: str = "published"
    fields: tuple[str, ...] = ("kham-chua-benh",)
    campaigns: tuple[str, ...] = ()
    awards: tuple[tuple[int, str, str], ...] = ()  # (year, title, decision)
    proposal: str = ""  # YYYY-MM: proposed for that month's "01 gương điển hình"
    proposed_award: str = ""
    cultivation: tuple[tuple[str, str], ...] = ()
    selected: str = ""  # YYYY-MM-DD: picked for the province
    subject: str = "exemplar"
    recognition: str = ""
    applied_at: tuple[str, ...] = ()
    replicated_at: tuple[str, ...] = ()

    def public(self, today: dt.date) -> bool:
        return self.status == "published" and self.date <= today


D = dt.date
STORIES = (
    Story(
        "nguyen-thi-hong-nhung",
        "Nguyễn Thị Hồng Nhung",
        "individual",
        "vltl",
        D(2026, 1, 14),
        campaigns=(CAMPAIGN,),
        awards=((2025, "chien-si-thi-dua-co-so", "Quyết định số 15/QĐ-BVPHCN ngày 10/01/2025"),),
        proposal="2026-01",
        cultivation=(("2025-12-10", "Cử đi tập huấn kỹ thuật phục hồi chức năng sau đột quỵ"),),
        selected="2026-10-01",
    ),
    Story("khoa-kham-benh", "Khoa Khám bệnh", "collective", "kham", D(2026, 2, 10), fields=("cai-cach-hanh-chinh",), proposal="2026-02"),
    Story(
        "le-van-phuc",
        "Lê Văn Phúc",
        "individual",
        "hdtl",
        D(2026, 3, 2),
        status="candidate",
        proposal="2026-03",
        proposed_award="chien-si-thi-dua-cap-tinh",
        awards=((2023, "chien-si-thi-dua-co-so", ""), (2024, "chien-si-thi-dua-co-so", ""), (2025, "chien-si-thi-dua-co-so", "")),
        cultivation=(("2026-02-05", "Giao hướng dẫn nhóm ngôn ngữ trị liệu cho trẻ tự kỷ"), ("2026-03-02", "Báo cáo kinh nghiệm tại giao ban bệnh viện")),
    ),
    Story("khoa-duoc-vat-tu-y-te", "Khoa Dược - Vật tư y tế", "collective", "duoc", D(2026, 3, 25), fields=("tiet-kiem-chong-lang-phi",), campaigns=(CAMPAIGN,)),
    Story(
        "mo-hinh-benh-vien-xanh-sach-dep",
        "Phòng Tổ chức cán bộ - Hành chính quản trị",
        "collective",
        "tccb",
        D(2026, 4, 8),
        fields=("van-hoa-cong-so",),
        proposal="2026-04",
        subject="model",
        recognition="nganh",
        applied_at=("Toàn bệnh viện",),
        replicated_at=("Trung tâm Y tế huyện Tháp Mười",),
    ),
    Story(
        "tran-thi-my-linh",
        "Trần Thị Mỹ Linh",
        "individual",
        "vltl",
        D(2026, 5, 6),
        status="review",
        proposal="2026-05",
        proposed_award="chien-si-thi-dua-cap-tinh",
        awards=((2022, "chien-si-thi-dua-co-so", ""), (2024, "chien-si-thi-dua-co-so", ""), (2025, "chien-si-thi-dua-co-so", "")),
    ),
    Story(
        "sang-kien-bai-tap-nuot",
        "Phạm Quốc Huy",
        "individual",
        "hdtl",
        D(2026, 6, 5),
        fields=("sang-kien",),
        campaigns=(CAMPAIGN,),
        proposal="2026-06",
        awards=((2026, "sang-kien-co-so", "Quyết định số 45/QĐ-BVPHCN ngày 02/06/2026"),),
        subject="initiative",
        recognition="co-so",
        applied_at=("Khoa Hoạt động trị liệu - Ngôn ngữ trị liệu",),
    ),
    Story("ngo-van-binh", "Ngô Văn Bình", "individual", "tckt", D(2026, 3, 3), status="withdrawn"),
    # July: nothing proposed, nothing published — the month's deadline is missed
    Story(
        "mo-hinh-so-hoa-ho-so-phcn",
        "Khoa Khám bệnh",
        "collective",
        "kham",
        D(2026, 8, 12),
        fields=("chuyen-doi-so",),
        proposal="2026-08",
        subject="model",
        recognition="tinh",
        applied_at=("Khoa Khám bệnh", "Khoa Vật lý trị liệu"),
    ),
    Story("vo-minh-tam", "Võ Minh Tâm", "individual", "duoc", D(2026, 9, 9), status="candidate", proposal="2026-09"),
    Story("dang-thi-thu-trang", "Đặng Thị Thu Trang", "individual", "tccb", D(2026, 10, 15), awards=((2026, "giay-khen", ""),)),
    Story("huynh-van-loc", "Huỳnh Văn Lộc", "individual", "kham", D(2026, 11, 4), status="draft", proposal="2026-11"),
    Story("ly-thi-kim-anh", "Lý Thị Kim Anh", "individual", "tckt", D(2026, 12, 28)),  # scheduled: not yet the unit's
)
STORY = {s.slug: s for s in STORIES}

EVENTS = {  # slug: (title, kind, date, start, status, honoured); only the first is public on BUILT
    "hoi-nghi-bieu-duong-2026": (
        "Hội nghị biểu dương điển hình tiên tiến năm 2026",
        "hoi-nghi",
        "2026-11-20",
        "2026-12-18",
        "published",
        ["nguyen-thi-hong-nhung", "le-van-phuc", "sang-kien-bai-tap-nuot"],
    ),
    "toa-dam-guong-sang-nhap": ("Tọa đàm gương sáng phục hồi chức năng bí mật", "toa-dam", "2026-10-01", "2026-12-02", "draft", []),
    "giao-luu-da-go": ("Giao lưu điển hình tiên tiến đã gỡ bí mật", "giao-luu", "2026-09-01", "2026-09-20", "withdrawn", []),
    "cuoc-thi-viet-hen-gio": ("Cuộc thi viết người tốt việc tốt hẹn giờ bí mật", "cuoc-thi", "2026-12-01", "2027-01-15", "published", []),
}
PRIVATE_EVENTS = [slug for slug, v in EVENTS.items() if v[4] != "published" or dt.date.fromisoformat(v[2]) > BUILT]

# A year of registrations (seeds/000's form: titles aimed for year by year, campaigns, models, pacts).
REGISTRATIONS = {
    "khoa-vat-ly-tri-lieu": """\
kind: collective
name: Khoa Vật lý trị liệu
unit: vltl
period: 2026-2030
date: 2026-01-12
aims:
  - {year: 2026, title: tap-the-lao-dong-tien-tien}
  - {year: 2027, title: tap-the-lao-dong-xuat-sac}
  - {year: 2028, title: bang-khen-ubnd-tinh}
campaigns: [thi-dua-2026]
models: [Mô hình “Bệnh viện xanh – sạch – đẹp”]
pact: Giao ước thi đua ngày 12/01/2026 giữa các khoa lâm sàng
""",
    "tran-thi-my-linh": """\
kind: individual
name: Trần Thị Mỹ Linh
position: Điều dưỡng
unit: vltl
period: 2026-2030
date: 2026-01-15
aims:
  - {year: 2026, title: chien-si-thi-dua-co-so}
  - {year: 2027, title: chien-si-thi-dua-cap-tinh}
""",
    "le-van-phuc": """\
kind: individual
name: Lê Văn Phúc
position: Kỹ thuật viên
unit: hdtl
period: 2026-2030
date: 2026-01-15
aims:
  - {year: 2026, title: chien-si-thi-dua-cap-tinh}
initiatives: [Bài tập ngôn ngữ trị liệu theo nhóm cho trẻ tự kỷ]
""",
}


def _story_text(s: Story) -> str:
    lines = ["---", f"title: Gương sáng {s.name}" if s.subject == "exemplar" else f"title: {s.subject.capitalize()} của {s.name}"]
    lines += [f"kind: {s.kind}", f"name: {s.name}", f"unit: {s.unit}", f"date: {s.date.isoformat()}"]
    lines += [f"summary: {s.name} hoàn thành xuất sắc nhiệm vụ phục hồi chức năng cho người bệnh.", f"fields: [{', '.join(s.fields)}]"]
    if s.campaigns:
        lines.append(f"campaigns: [{', '.join(s.campaigns)}]")
    if s.awards:
        lines.append("awards:")
        for year, title, decision in s.awards:
            lines += [f"  - year: {year}", f"    title: {title}"] + ([f"    decision: {decision}"] if decision else [])
    if s.subject != "exemplar":
        lines += [f"subject: {s.subject}", f"recognition: {s.recognition}", f"applied_at: [{', '.join(s.applied_at)}]"]
        if s.replicated_at:
            lines.append(f"replicated_at: [{', '.join(s.replicated_at)}]")
    if s.cultivation:
        lines.append("cultivation:")
        lines += [f"  - {{date: {day}, note: {note}}}" for day, note in s.cultivation]
    if s.proposal:
        lines += ["proposal:", f"  by: {UNITS[s.unit][0]}", "  level: nganh", f"  month: {s.proposal}"]
        if s.proposed_award:
            lines.append(f"  award: {s.proposed_award}")
    if s.selected:
        lines.append(f"selected: {{level: tinh, date: {s.selected}}}")
    if s.kind == "individual":
        lines.append(f"consent: Phiếu đồng ý ngày {s.date:%d/%m/%Y}, lưu tại Phòng Tổ chức cán bộ")
    lines += [f"status: {s.status}", "---", "", f"Câu chuyện về {s.name}.", ""]
    return "\n".join(lines)


def _event_text(title: str, kind: str, date: str, start: str, status: str, honoured: list[str]) -> str:
    return (
        f"---\ntitle: {title}\nkind: {kind}\ndate: {date}\nstart: {start}\nplace: Hội trường Bệnh viện\nhost: Công đoàn cơ sở Bệnh viện\n"
        f"summary: {title}, biểu dương các tập thể, cá nhân tiêu biểu.\ncampaign: {CAMPAIGN}\nexemplars: [{', '.join(honoured)}]\nstatus: {status}\n---\n\nChương trình.\n"
    )


def write_corpus(root: Path) -> Path:
    copy_project(root)
    content = root / "content"
    for sub in ("exemplars", "campaigns", "events", "registrations"):
        if (content / sub).exists():
            for path in sorted((content / sub).rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        (content / sub).mkdir(exist_ok=True)
    (content / "vocabulary.yml").unlink(missing_ok=True)
    (content / "site.yml").write_text(SITE, encoding="utf-8")
    (content / "units.yml").write_text("".join(f"- id: {uid}\n  name: {name}\n  kind: {kind}\n" for uid, (name, kind) in UNITS.items()), encoding="utf-8")
    for slug, text in CAMPAIGNS.items():
        (content / "campaigns" / f"{slug}.md").write_text(text, encoding="utf-8")
    for s in STORIES:
        (content / "exemplars" / str(s.date.year)).mkdir(exist_ok=True)
        (content / "exemplars" / str(s.date.year) / f"{s.slug}.md").write_text(_story_text(s), encoding="utf-8")
    for slug, spec in EVENTS.items():
        (content / "events" / f"{slug}.md").write_text(_event_text(*spec), encoding="utf-8")
    (content / "registrations" / "2026-2030").mkdir()
    for slug, text in REGISTRATIONS.items():
        (content / "registrations" / "2026-2030" / f"{slug}.yml").write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {BASE}", config.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("phcn-dong-thap") / "p")


@pytest.fixture(scope="module")
def site(corpus) -> Path:
    out = corpus.parent / "site"
    code, _, err = run(corpus, "build", "--today", BUILT.isoformat(), "--site-dir", str(out))
    assert code == 0, err
    return out


# -- the corpus is valid; eligibility passes for one proposal and fails for the other ---------------


def validate(root: Path, today: str) -> list[tuple[str, str, str]]:
    code, out, _ = run(root, "validate", "--format", "json", "--today", today)
    report = json.loads(out)
    assert code == 0 and report["errors"] == 0, out
    return [(d["path"], d["code"], d["message"]) for d in report["diagnostics"]]


def test_the_corpus_validates_and_eligibility_passes_for_one_and_fails_for_the_other(corpus):
    """Lê Văn Phúc (CSTĐCS 2023, 2024, 2025) may be proposed for CSTĐ cấp tỉnh; Trần Thị Mỹ
    Linh (2022, 2024, 2025: not three years running) gets W330 on her proposal."""
    found = validate(corpus, "2026-03-20")  # no deadline overdue that day: the only warning is hers
    assert [(path, code) for path, code, _ in found] == [("content/exemplars/2026/tran-thi-my-linh.md", "W330")]
    assert "03 năm liên tục Chiến sĩ thi đua cơ sở, mới có 2 (2022, 2024, 2025)" in found[0][2]


def test_the_registration_report_shows_the_years_to_come_and_the_eligibility(corpus, tmp_path):
    out = tmp_path / "dang-ky.html"
    code, _, err = run(corpus, "report", "registration", "--period", "2026-2030", "--output", str(out), "--today", "2026-11-25")
    assert code == 0, err
    table = lxml.html.parse(str(out)).getroot().find(".//table[@class='data']")
    rows = {r[1]: r for r in ([td.text_content() for td in tr.findall("td")] for tr in table.findall("./tbody/tr")) if len(r) > 1}
    # STT, name, position, unit, 2026 … 2030, note
    assert rows["Khoa Vật lý trị liệu"][4:9] == ["ĐK: TTLĐTT", "ĐK: TTLĐXS", "ĐK: BK UBND tỉnh", "", ""]
    assert "Giao ước: Giao ước thi đua ngày 12/01/2026" in rows["Khoa Vật lý trị liệu"][9]
    linh = rows["Trần Thị Mỹ Linh"]
    assert linh[5] == "ĐK: CSTĐ cấp tỉnh" and "2027: CSTĐ cấp tỉnh: chưa đủ điều kiện" in linh[9]
    phuc = rows["Lê Văn Phúc"]
    assert phuc[4] == "ĐK: CSTĐ cấp tỉnh" and "chưa đủ điều kiện" not in phuc[9]


# -- the half-year report, counted from STORIES -------------------------------------------------------


def _award_in(year: int, decision: str, first: dt.date, last: dt.date) -> bool:
    """The plans' reading of an award's date: its decision's day, else its year."""
    m = re.search(r"ngày (\d{2})/(\d{2})/(\d{4})", decision)
    return first <= dt.date(int(m[3]), int(m[2]), int(m[1])) <= last if m else first.year <= year <= last.year


def _h1() -> tuple[list[Story], list[tuple[Story, str]]]:
    first, last = H1
    chosen, awards = [], []
    for s in STORIES:
        won = [title for year, title, decision in s.awards if _award_in(year, decision, first, last)]
        if s.public(H1_TODAY) and (first <= s.date <= last or won):
            chosen.append(s)
            awards += [(s, t) for t in won]
    return chosen, awards


def _kinds(stories) -> list[str]:
    count = Counter(s.kind for s in stories)
    return [str(count["collective"]), str(count["individual"]), str(len(stories))]


@pytest.fixture(scope="module")
def half_year(corpus) -> Path:
    out = corpus.parent / "bao-cao-6-thang-2026.html"
    code, _, err = run(corpus, "report", "period", "--from", H1[0].isoformat(), "--to", H1[1].isoformat(), "--today", H1_TODAY.isoformat(), "-o", str(out))
    assert code == 0 and err == "", err
    return out


def test_the_half_year_report_counts_what_the_corpus_holds(half_year):
    chosen, awards = _h1()
    assert len(chosen) == 5 and len(awards) == 1  # by hand: the candidates, the review, the withdrawn one stay out
    tables = html_tables(half_year)
    by_unit = {row[1]: row[2:] for row in tables["THEO KHOA, PHÒNG"]}
    assert by_unit == {name: _kinds([s for s in chosen if s.unit == uid]) for uid, (name, kind) in UNITS.items() if kind in DEPARTMENT_KINDS}
    by_field = {row[1]: row[2:] for row in tables["THEO LĨNH VỰC"]}
    from vinhdanh.content.vocabulary import Vocabulary

    names = Vocabulary.builtin().fields
    assert by_field == {names[f].name: _kinds([s for s in chosen if f in s.fields]) for f in {f for s in chosen for f in s.fields}}
    by_award = {row[1]: row[2:] for row in tables["THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG"]}
    assert by_award == {"Sáng kiến được công nhận cấp cơ sở": ["0", "1", "1"]}
    silent = [row[1] for row in tables["KHOA, PHÒNG CHƯA CÓ GƯƠNG ĐIỂN HÌNH"]]
    assert silent == [name for uid, (name, kind) in UNITS.items() if kind in DEPARTMENT_KINDS and uid not in {s.unit for s in chosen}] == ["Phòng Tài chính - Kế toán"]
    text = lxml.html.fromstring(half_year.read_bytes()).text_content()
    count = Counter(s.kind for s in chosen)
    assert f"Tổng số: {len(chosen)} gương điển hình ({count['collective']} tập thể, {count['individual']} cá nhân); {len(awards)} lượt khen thưởng." in text
    private = [s.name for s in STORIES if not s.public(H1_TODAY) and s.name not in {c.name for c in chosen}]
    assert private and not any(name in text for name in private)
    # The legend explains the abbreviations of this period's awards, not of a story's older ones
    # (Nguyễn Thị Hồng Nhung's CSTĐCS of 2025 is in no table of the first half of 2026).
    assert "CSTĐCS" not in text


def test_the_half_year_report_in_chromium_at_phone_and_desktop_width(half_year):
    """Screenshots in test-artifacts/cycle/ (looked at by hand); the page requests nothing else."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser import launch

    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            for width in (390, 1366):
                page = browser.new_page(viewport={"width": width, "height": 900})
                requests: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.goto(half_year.as_uri())
                assert requests == [half_year.as_uri()]
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                assert page.locator("figure.chart svg").count() >= 2  # by khoa/phòng and by field; one year: no year chart
                page.screenshot(path=str(SHOTS / f"half-year-{width}.png"), full_page=True)
                page.close()
        finally:
            browser.close()


# -- the calendar feed ----------------------------------------------------------------------------------


def test_the_ics_feed_has_deadlines_campaign_phases_and_the_conference_and_nothing_private(site):
    cal = icalendar.Calendar.from_ical((site / "guong-dien-hinh" / "lich.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    summaries = {str(e["summary"]) for e in events.values()}
    for name in (MONTHLY, HALF_YEAR, YEAR_REPORT, YEAR_LIST, REVIEW, FINAL):
        assert f"Hạn: {name}" in summaries, name
    monthly = events["han-monthly-exemplar-ngay-20"]
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYMONTHDAY"] == [20]
    assert events["han-yearly-list-05-12"].decoded("dtstart").strftime("%d/%m") == "05/12"
    assert events["han-yearly-report-20-10"].decoded("dtstart").strftime("%d/%m") == "20/10"
    assert {events[k].decoded("dtstart").strftime("%d/%m") for k in ("han-half-year-report-10-06", "han-half-year-report-10-12")} == {"10/06", "10/12"}
    assert events["han-phase-review-2028-05-20"].decoded("dtstart") == dt.date(2028, 5, 20)
    assert events["han-phase-review-2030-07-20"].decoded("dtstart") == dt.date(2030, 7, 20)
    phases = {str(events[k]["summary"]): (events[k].decoded("dtstart"), events[k].decoded("dtend")) for k in events if k.startswith(f"phong-trao-{CAMPAIGN}-dot-")}
    assert phases == {f"Đợt I – {CAMPAIGN_TITLE}": (dt.date(2026, 1, 1), dt.date(2026, 7, 1)), f"Đợt II – {CAMPAIGN_TITLE}": (dt.date(2026, 7, 1), dt.date(2027, 1, 1))}
    conference = events["su-kien-hoi-nghi-bieu-duong-2026"]
    assert conference.decoded("dtstart") == dt.date(2026, 12, 18) and str(conference["location"]) == "Hội trường Bệnh viện"
    ics = (site / "guong-dien-hinh" / "lich.ics").read_bytes().decode("utf-8")
    for secret in ("van-hoa-cong-so-2026", "Đợt bí mật", *PRIVATE_EVENTS, *(EVENTS[s][0] for s in PRIVATE_EVENTS)):
        assert secret not in ics.replace("\r\n ", ""), secret


def test_private_events_and_stories_reach_no_output(site):
    """Pages, listings, search index, sitemap, feeds, ICS, export: none names a private event,
    or a candidate, draft, story in review, withdrawn or scheduled one — not even the conference
    that honours the candidate Lê Văn Phúc."""
    secrets = [*PRIVATE_EVENTS, *(EVENTS[s][0] for s in PRIVATE_EVENTS)]
    secrets += [x for s in STORIES if not s.public(BUILT) for x in (s.slug, s.name)]
    secrets += ["Giao hướng dẫn nhóm ngôn ngữ trị liệu", "Giao ước thi đua"]  # cultivation notes, registrations
    leaks = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".js", ".pf_fragment", ".pf_meta", ".pf_index"):
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzipped
                data = gzip.decompress(data)
            leaks += [(path.relative_to(site).as_posix(), s) for s in secrets if s.encode() in data]
    assert leaks == []
    fragments = [gzip.decompress(p.read_bytes()) for p in (site / "guong-dien-hinh" / "pagefind" / "fragment").iterdir()]
    assert any("Hội nghị biểu dương điển hình tiên tiến năm 2026".encode() in f for f in fragments)  # the check reads the index
    page = (site / "guong-dien-hinh" / "su-kien" / "hoi-nghi-bieu-duong-2026" / "index.html").read_text(encoding="utf-8")
    assert "Nguyễn Thị Hồng Nhung" in page and "Phạm Quốc Huy" in page
    export = json.loads((site / "guong-dien-hinh" / "feed.json").read_text(encoding="utf-8"))
    [event] = [i["_vinhdanh"] for i in export["items"] if i["_vinhdanh"]["type"] == "event"]
    assert [e["slug"] for e in event["exemplars"]] == ["nguyen-thi-hong-nhung", "sang-kien-bai-tap-nuot"]
    subjects = {i["_vinhdanh"]["slug"]: (i["_vinhdanh"]["subject"], (i["_vinhdanh"]["recognition"] or {}).get("id")) for i in export["items"] if i["_vinhdanh"]["type"] == "exemplar"}
    assert {k: v for k, v in subjects.items() if v[0] != "exemplar"} == {s.slug: (s.subject, s.recognition) for s in STORIES if s.subject != "exemplar" and s.public(BUILT)}


# -- vinhdanh status, the day before and the day after each deadline ------------------------------------


@dataclass
class Found:
    overdue: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def any(self, part: str, words: str) -> list[str]:
        return [line for line in getattr(self, part) if words in line]


def status(root: Path, today: str) -> Found:
    code, out, err = run(root, "status", "--today", today)
    assert code == 0 and not err, err
    found, current = Found(), ""
    for line in out.splitlines():
        heading = re.match(r"^(QUÁ HẠN|SẮP ĐẾN HẠN|CÒN THIẾU)", line)
        if heading:
            current = {"QUÁ HẠN": "overdue", "SẮP ĐẾN HẠN": "due", "CÒN THIẾU": "missing"}[heading[1]]
        elif line.startswith("  ") and not line.startswith("      gợi ý") and current:
            getattr(found, current).append(line.strip())
    return found


def _months_exemplar(month: int) -> list[str]:
    """Who answers the 20/<month> deadline, by the plan's rule counted here: proposed for that
    month (any status but withdrawn), or published (scheduled too) after the previous 20th."""
    due = dt.date(2026, month, 20)
    since = dt.date(2026, month - 1, 21) if month > 1 else dt.date(2025, 12, 21)
    proposed = [s for s in STORIES if s.proposal == f"2026-{month:02d}" and s.status != "withdrawn"]
    published = [s for s in STORIES if s.status == "published" and since <= s.date <= due and s not in proposed]
    return [f"{s.name} (đề xuất tháng {month:02d}/2026, {UNITS[s.unit][0]})" for s in proposed] + [f"{s.name} (bài đăng ngày {s.date:%d/%m/%Y})" for s in published]


@pytest.mark.parametrize("month", [3, 4, 10])
def test_a_month_with_its_exemplar_says_which_and_is_never_overdue(corpus, month):
    """March: the candidate Lê Văn Phúc is proposed; April: the model, proposed and published; October: a story published."""
    which = _months_exemplar(month)
    assert which
    before = status(corpus, f"2026-{month:02d}-20")
    assert [line for line in before.any("due", MONTHLY) if line.startswith(f"• 20/{month:02d}/")] == [
        f"• 20/{month:02d}/2026 (hôm nay là hạn cuối): {MONTHLY}, gửi Sở Y tế (qua phòng Tổ chức cán bộ). Đã có: {', '.join(which)}."
    ]
    assert status(corpus, f"2026-{month:02d}-21").any("overdue", MONTHLY) == []


def test_july_has_no_exemplar_due_on_the_20th_then_overdue(corpus):
    assert _months_exemplar(7) == []
    before = status(corpus, "2026-07-20")
    assert before.overdue == []
    assert before.any("due", MONTHLY) == [
        f"• 20/07/2026 (hôm nay là hạn cuối): {MONTHLY}, gửi Sở Y tế (qua phòng Tổ chức cán bộ). Chưa có gương nào được đề xuất tháng 07/2026, chưa có bài nào đăng từ 21/06/2026."
    ]
    after = status(corpus, "2026-07-21")
    assert after.overdue == [f"✗ {MONTHLY}: đã quá hạn 20/07/2026 mà chưa có gương nào được đề xuất tháng 07/2026, cũng chưa có bài nào đăng từ 21/06/2026."]
    assert "• Tháng chưa có gương điển hình (đề xuất trong tháng, hay đăng trước hạn) năm 2026: 07." in after.missing


def test_the_years_list_on_05_12_then_overdue_for_the_department_with_none(corpus):
    """Phòng Tài chính - Kế toán has only a withdrawn story and one scheduled for 28/12."""
    public = {s.unit for s in STORIES if s.public(dt.date(2026, 12, 5))}
    silent = [name for uid, (name, kind) in UNITS.items() if kind in DEPARTMENT_KINDS and uid not in public]
    assert silent == ["Phòng Tài chính - Kế toán"]
    departments = sum(kind in DEPARTMENT_KINDS for _, kind in UNITS.values())
    before = status(corpus, "2026-12-05")
    assert before.overdue == [] and before.any("due", YEAR_LIST) == [f"• 05/12/2026 (hôm nay là hạn cuối): {YEAR_LIST}."]
    assert f"• Khoa, phòng chưa có gương điển hình năm 2026 (1/{departments}): Phòng Tài chính - Kế toán." in before.missing
    after = status(corpus, "2026-12-06")
    assert after.overdue == [f"✗ {YEAR_LIST}: đã quá hạn 05/12/2026, còn 1 khoa, phòng chưa có gương điển hình năm 2026: Phòng Tài chính - Kế toán."]


@pytest.mark.parametrize(
    ("name", "before", "day", "after"),
    [
        (HALF_YEAR, "2026-06-09", "10/06/2026", "2026-06-11"),
        (HALF_YEAR, "2026-12-09", "10/12/2026", "2026-12-11"),
        (YEAR_REPORT, "2026-10-19", "20/10/2026", "2026-10-21"),
        (REVIEW, "2028-05-19", "20/05/2028", "2028-05-21"),
        (FINAL, "2030-07-19", "20/07/2030", "2030-07-21"),
    ],
)
def test_reports_the_office_writes_are_announced_up_to_their_day_and_never_overdue(corpus, name, before, day, after):
    found = status(corpus, before)
    assert [line.split(" (")[0] for line in found.any("due", name)] == [f"• {day}"] and "(còn 1 ngày)" in found.any("due", name)[0]
    later = status(corpus, after)
    assert later.any("due", name) == [] and later.any("overdue", name) == []


def test_the_campaigns_first_round_ends_with_its_exemplars_named(corpus):
    honoured = sorted((s for s in STORIES if CAMPAIGN in s.campaigns and s.status == "published" and H1[0] <= s.date <= H1[1]), key=lambda s: (s.date, s.slug))
    found = status(corpus, "2026-06-29")
    assert found.any("due", f"Đợt I – {CAMPAIGN_TITLE}") == [
        f"• 30/06/2026 (còn 1 ngày): kết thúc Đợt I – {CAMPAIGN_TITLE} (01/01/2026–30/06/2026); đã vinh danh {len(honoured)}: {', '.join(s.name for s in honoured)}."
    ]
    assert status(corpus, "2026-07-01").any("overdue", "Đợt I") == []
