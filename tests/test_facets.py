"""The facets' listings grouped from the stories already newest first (as the pages'
plan has them) are those each group sorted on its own gives."""

from __future__ import annotations

import sys

from sitebuild import ROOT, TODAY

from vinhdanh.derive import views
from vinhdanh.section import prepare

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import make_corpus


def test_listings_from_the_stories_newest_first_are_those_sorted_group_by_group(tmp_path):
    content = prepare(make_corpus(120, tmp_path / "corpus"), TODAY).content
    newest = views.newest_first(content.exemplars)
    assert len({e.date for e in newest}) < len(newest)  # same-day stories: ties the slug breaks
    for facet in (views.by_unit, views.by_field, views.by_year, views.by_award, views.by_subject):
        assert facet(content, newest) == facet(content), facet.__name__
