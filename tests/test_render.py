"""render.py: page contexts are plain data, and the templates that print the build date
are declared (SHOWS_TODAY), not guessed from their text: both checked on the sample site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

from sitebuild import ROOT

from vinhdanh.render.fragments import SHOWS_TODAY, Renderer
from vinhdanh.section import prepare

# A day on which the sample's campaigns are under way (a phase is "current").
TODAY = dt.date(2026, 6, 1)


def _values(value, seen: set[int]):
    """Every value reachable from a context, through containers and dataclasses."""
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _values(k, seen)
            yield from _values(v, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _values(v, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _values(getattr(value, f.name), seen)


def test_page_contexts_hold_no_functions():
    """A context is data the page store can key: no lambda, bound method or partial."""
    section = prepare(ROOT, TODAY)
    for spec in section.pages:
        seen: set[int] = set()
        callables = [v for v in _values(spec.context, seen) if isinstance(v, (types.FunctionType, types.MethodType, types.BuiltinFunctionType)) or type(v).__name__ == "partial"]
        assert not callables, f"{spec.path}: {callables[:3]}"


def test_only_declared_templates_change_with_the_build_date():
    """Render every page of one plan at two dates: a page may differ only when its template is
    in SHOWS_TODAY, and each declared template does differ (the declaration is not stale)."""
    section = prepare(ROOT, TODAY)
    old = section.renderer
    later = Renderer(old.content, old.urls, old.images, TODAY + dt.timedelta(days=40))
    differing = {spec.template for spec in section.pages if later.fragment(spec) != old.fragment(spec)}
    assert differing <= SHOWS_TODAY, f"these templates print the date but are not declared: {sorted(differing - SHOWS_TODAY)}"
    assert differing == SHOWS_TODAY, f"declared but never showing the date: {sorted(SHOWS_TODAY - differing)}"
