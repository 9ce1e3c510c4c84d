"""The honour roll's order of names is kept between builds (cache/nameorder.py): taken
again while no story is added, removed or renamed, worked out again when one is, and
always the order `derive.honour_roll` gives."""

from __future__ import annotations

from sitebuild import TODAY, project_copy

from vinhdanh.cache import nameorder, shards
from vinhdanh.derive.views import honour_roll
from vinhdanh.section import prepare


def _planned_roll(section):
    return next(spec.context["roll"] for spec in section.pages if spec.template == "honour_index.html")


def _names(roll) -> list[str]:
    return [entry.exemplar.name for year in roll for group in year.groups for entry in group.entries]


def test_the_kept_order_of_names_is_taken_again_and_follows_a_renamed_story(tmp_path, monkeypatch):
    root = project_copy(tmp_path / "p")
    shards.forget()
    first = prepare(root, TODAY)
    assert _planned_roll(first) == honour_roll(first.content) and len(_names(_planned_roll(first))) > 3

    def worked_out(*args):
        raise AssertionError("the kept order was not taken")

    with monkeypatch.context() as patched:  # nothing changed: the order is the kept one
        patched.setattr(nameorder, "name_order", worked_out)
        shards.forget()
        assert _planned_roll(prepare(root, TODAY)) == honour_roll(first.content)

    story = root.joinpath("content", "exemplars", "2025", "nguyen-thi-lan", "index.md")  # after Võ Thị Thu Hà in 2023's Lao động tiên tiến: before her as An
    story.write_text(story.read_text(encoding="utf-8").replace("name: Nguyễn Thị Lan", "name: Nguyễn Thị An"), encoding="utf-8")
    shards.forget()
    renamed = prepare(root, TODAY)
    roll = _planned_roll(renamed)
    group = next(g for y in roll if y.year == 2023 for g in y.groups if g.title.id == "lao-dong-tien-tien")
    assert [e.exemplar.name for e in group.entries] == ["Nguyễn Thị An", "Võ Thị Thu Hà"]
    assert roll == honour_roll(renamed.content)
