"""The typed model: what is public, campaign state, honours; and the sample content as loaded."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from vinhdanh.content.model import Award, Campaign, Content, Exemplar, Phase, Quota, Site, Unit
from vinhdanh.content.reader import load
from vinhdanh.content.vocabulary import Vocabulary

D = dt.date
VOCAB = Vocabulary.builtin()
UNIT = Unit("hstc", "Khoa Hồi sức tích cực - Chống độc", "khoa")
SITE = Site("Bệnh viện Thử", "BV Thử", "https://bv.example.vn/")


STORY_DATE, CAMPAIGN_DATE = D(2026, 1, 10), D(2026, 1, 5)


def exemplar(slug: str, status: str = "published", date: D = STORY_DATE, **kw) -> Exemplar:
    values = {
        "slug": slug,
        "source": Path(f"/x/{slug}.md"),
        "rel_path": f"content/exemplars/{slug}.md",
        "title": f"Bài {slug}",
        "kind": "individual",
        "name": "Nguyễn Thị Lan",
        "unit": UNIT,
        "date": date,
        "summary": "Tóm tắt.",
        "status": status,
        "body": "Nội dung.",
    }
    values.update(kw)
    return Exemplar(**values)


def campaign(slug: str, status: str = "published", date: D = CAMPAIGN_DATE, **kw) -> Campaign:
    values = {
        "slug": slug,
        "source": Path(f"/x/{slug}.md"),
        "rel_path": f"content/campaigns/{slug}.md",
        "title": f"Phong trào {slug}",
        "date": date,
        "summary": "Mục đích.",
        "host": "Sở Y tế",
        "start": D(2026, 3, 1),
        "end": D(2026, 12, 31),
        "status": status,
        "body": "",
    }
    values.update(kw)
    return Campaign(**values)


def award(year: int, title_id: str) -> Award:
    return Award(year, VOCAB.awards[title_id])


# -- Content.public ---------------------------------------------------------------------------


def test_public_keeps_only_published_and_due() -> None:
    today = D(2026, 6, 1)
    content = Content(
        Path("/x"),
        SITE,
        {"hstc": UNIT},
        VOCAB,
        exemplars=(
            exemplar("published"),
            exemplar("due-today", date=today),
            exemplar("draft", "draft"),
            exemplar("review", "review"),
            exemplar("withdrawn", "withdrawn"),
            exemplar("scheduled", date=today + dt.timedelta(days=1)),
        ),
    )
    assert [e.slug for e in content.public(today).exemplars] == ["published", "due-today"]
    assert len(content.exemplars) == 6  # the full corpus is untouched


def test_public_drops_links_to_campaigns_that_are_not_public() -> None:
    today = D(2026, 6, 1)
    campaigns = (
        campaign("public"),
        campaign("draft", "draft"),
        campaign("withdrawn", "withdrawn"),
        campaign("scheduled", date=D(2026, 7, 1)),
    )
    story = exemplar("lan", campaigns=("public", "draft", "withdrawn", "scheduled"))
    content = Content(Path("/x"), SITE, {"hstc": UNIT}, VOCAB, (story,), campaigns)
    public = content.public(today)
    assert [c.slug for c in public.campaigns] == ["public"]
    assert public.exemplar("lan").campaigns == ("public",)
    assert public.honoured_in("draft") == [] and public.campaign("draft") is None
    assert content.exemplar("lan").campaigns == story.campaigns  # original kept
    later = content.public(D(2026, 7, 1))
    assert later.exemplar("lan").campaigns == ("public", "scheduled")


# -- Campaign.state -------------------------------------------------------------------------------

PHASES = (Phase("Đợt 1", D(2026, 3, 1), D(2026, 6, 30)), Phase("Đợt 2", D(2026, 8, 1), D(2026, 12, 31)))


@pytest.mark.parametrize(
    "today, kind, phase, label",
    [
        (D(2026, 2, 28), "upcoming", None, "Sắp diễn ra"),
        (D(2026, 3, 1), "ongoing", "Đợt 1", "Đang diễn ra"),
        (D(2026, 6, 30), "ongoing", "Đợt 1", "Đang diễn ra"),
        (D(2026, 7, 15), "ongoing", None, "Đang diễn ra"),  # between phases
        (D(2026, 8, 1), "ongoing", "Đợt 2", "Đang diễn ra"),
        (D(2026, 12, 31), "ongoing", "Đợt 2", "Đang diễn ra"),
        (D(2027, 1, 1), "ended", None, "Đã kết thúc"),
    ],
)
def test_campaign_state(today: D, kind: str, phase: str | None, label: str) -> None:
    state = campaign("c", phases=PHASES).state(today)
    assert state.kind == kind and state.label == label
    assert (state.phase.name if state.phase else None) == phase


def test_campaign_without_phases_is_ongoing_without_phase() -> None:
    state = campaign("c").state(D(2026, 5, 1))
    assert state.kind == "ongoing" and state.phase is None


def test_milestones_by_date_announcement_first_on_a_tie() -> None:
    """A campaign plan reads phát động → the phases → xét khen thưởng; dates decide, the plan breaks ties."""
    from vinhdanh.derive.views import campaign_view, milestones

    names = [m.name for m in milestones(campaign("c", date=D(2026, 3, 1), phases=PHASES, review=D(2027, 1, 12)))]
    assert names == ["Công bố phong trào", "Đợt 1", "Đợt 2", "Xét khen thưởng"]
    late = [m.name for m in milestones(campaign("c", date=D(2026, 3, 10), phases=PHASES))]
    assert late == ["Đợt 1", "Công bố phong trào", "Đợt 2"]  # announced after the first phase began
    whole = milestones(campaign("c"))  # no phases: the whole period is one step
    assert [(m.name, m.start, m.end) for m in whole][1:] == [("Thời gian thi đua", D(2026, 3, 1), D(2026, 12, 31))]
    content = Content(Path("/x"), SITE, {}, VOCAB)
    assert [campaign_view(content, campaign("c"), day).days for day in (D(2026, 2, 1), D(2026, 3, 1), D(2027, 5, 1))] == [(0, 306), (1, 306), (306, 306)]


def test_quota_for_kind() -> None:
    quota = Quota(collective=2, individual=5)
    assert (quota.for_kind("collective"), quota.for_kind("individual")) == (2, 5)
    assert Quota(individual=3).for_kind("collective") is None


# -- awards ---------------------------------------------------------------------------------------


def test_highest_award_is_the_smallest_rank() -> None:
    story = exemplar(
        "lan",
        awards=(
            award(2023, "lao-dong-tien-tien"),
            award(2024, "chien-si-thi-dua-co-so"),
            award(2025, "bang-khen-ubnd-tinh"),
            award(2025, "sang-kien-co-so"),
        ),
    )
    assert story.highest_award.title.id == "bang-khen-ubnd-tinh"
    assert exemplar("none").highest_award is None


def test_highest_award_tie_prefers_the_latest_year() -> None:
    story = exemplar("lan", awards=(award(2022, "chien-si-thi-dua-co-so"), award(2024, "chien-si-thi-dua-co-so"), award(2023, "chien-si-thi-dua-co-so")))
    assert story.highest_award.year == 2024


def test_awards_by_year_newest_first_then_by_rank() -> None:
    story = exemplar(
        "lan",
        awards=(
            award(2023, "lao-dong-tien-tien"),
            award(2025, "sang-kien-co-so"),
            award(2024, "chien-si-thi-dua-co-so"),
            award(2025, "bang-khen-ubnd-tinh"),
            award(2025, "giay-khen"),
        ),
    )
    grouped = [(year, [a.title.id for a in items]) for year, items in story.awards_by_year()]
    assert grouped == [
        (2025, ["bang-khen-ubnd-tinh", "sang-kien-co-so", "giay-khen"]),
        (2024, ["chien-si-thi-dua-co-so"]),
        (2023, ["lao-dong-tien-tien"]),
    ]
    assert exemplar("none").awards_by_year() == []


def test_name_key_orders_individuals_by_given_name() -> None:
    people = [exemplar("a", name="Lê Văn Bình"), exemplar("b", name="Nguyễn Thị Bình"), exemplar("c", name="Trần An")]
    assert [e.name for e in sorted(people, key=lambda e: e.name_key)] == ["Trần An", "Nguyễn Thị Bình", "Lê Văn Bình"]


def test_last_modified() -> None:
    assert exemplar("a").last_modified == D(2026, 1, 10)
    assert exemplar("a", updated=D(2026, 2, 1)).last_modified == D(2026, 2, 1)


def test_model_is_immutable() -> None:
    story = exemplar("a")
    with pytest.raises(FrozenInstanceError):
        story.title = "Khác"  # type: ignore[misc]
    assert replace(story, title="Khác").title == "Khác" and story.title == "Bài a"


# -- the sample content ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    root = Path(__file__).resolve().parent.parent
    return load(root, D(2026, 12, 31))


def test_sample_content_loads_clean(sample) -> None:
    assert sample.ok, [d.text() for d in sample.errors]
    assert sample.files_checked == 25  # 16 stories, 5 campaigns, 1 event, site, units, vocabulary
    assert sample.diagnostics == []  # clean: no error and no warning


def test_sample_content_counts(sample) -> None:
    content = sample.content
    assert len(content.exemplars) == 16
    assert len(content.campaigns) == 5
    assert len(content.events) == 1
    assert len(content.units) == 10
    assert sum(e.kind == "collective" for e in content.exemplars) == 5
    assert {e.status for e in content.exemplars} == {"published", "draft", "review", "withdrawn"}
    # Custom vocabulary from content/vocabulary.yml is added to the built-in one.
    assert "duoc-lam-sang" in content.vocabulary.fields and "bang-khen-cong-doan-nganh" in content.vocabulary.awards
    assert len(content.vocabulary.awards) == 23


def test_sample_public_view(sample) -> None:
    content = sample.content
    public = content.public(D(2026, 12, 31))
    assert len(public.exemplars) == 12  # minus draft, review, withdrawn and one scheduled for 2027
    assert {c.slug for c in public.campaigns} == {
        "chung-tay-phong-chong-sot-xuat-huyet-2025",
        "chuyen-doi-so-vi-nguoi-benh-2027",
        "sang-kien-cai-tien-chat-luong-2025",
        "thay-thuoc-nhu-me-hien-2026",
    }
    assert "huynh-ngoc-anh-thu" not in {e.slug for e in public.exemplars}
    assert "huynh-ngoc-anh-thu" in {e.slug for e in content.public(D(2027, 1, 15)).exemplars}
    visible = {c.slug for c in public.campaigns}
    assert all(set(e.campaigns) <= visible for e in public.exemplars)


def test_sample_story_as_read(sample) -> None:
    lan = sample.content.exemplar("nguyen-thi-lan")
    assert lan.name == "Nguyễn Thị Lan" and lan.unit.id == "hstc" and lan.featured
    assert lan.highest_award.title.id == "bang-khen-ubnd-tinh"
    assert [y for y, _ in lan.awards_by_year()] == [2025, 2024, 2023]
    assert lan.photo is not None and lan.photo.focus == (0.5, 0.3) and lan.photo.width > 0
    assert lan.consent.startswith("Phiếu đồng ý")
    campaign = sample.content.campaign("thay-thuoc-nhu-me-hien-2026")
    state = campaign.state(D(2026, 8, 1))
    assert state.kind == "ongoing" and state.phase.name.startswith("Đợt 2")
    assert campaign.state(D(2027, 1, 1)).kind == "ended"
    assert campaign.quota == Quota(collective=3, individual=10)


# -- the authoring guide's tables follow the vocabulary ------------------------------------------


def _guide(repo_root: Path) -> str:
    return (repo_root / "docs" / "huong-dan-soan-bai.md").read_text(encoding="utf-8")


def test_guide_tables_match_the_builtin_vocabulary(repo_root: Path) -> None:
    from vinhdanh.content.vocabulary import BUILTIN_AWARDS, BUILTIN_FIELDS

    guide = _guide(repo_root)
    fields = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+?) \|$", guide, re.M)
    assert fields == [(f.id, f.name) for f in BUILTIN_FIELDS]
    who = {"both": "cá nhân, tập thể", "individual": "cá nhân", "collective": "tập thể"}
    awards = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+?) \| ([^|]*?) \| ([^|]+?) \| (\d+) \|$", guide, re.M)
    assert awards == [(a.id, a.name, a.abbreviation, who[a.for_], str(a.rank)) for a in BUILTIN_AWARDS]


def test_guide_names_every_key_and_code(repo_root: Path) -> None:
    from vinhdanh.content.reader import CAMPAIGN_KEYS, EXEMPLAR_KEYS

    guide = _guide(repo_root)
    for key in EXEMPLAR_KEYS + CAMPAIGN_KEYS:
        assert f"`{key}`" in guide, key
    codes = set(re.findall(r"^\| `([EW]\d{3})` \|", guide, re.M))
    assert len(codes) >= 50 and {"E101", "E307", "E401", "E505", "W601", "W703"} <= codes
