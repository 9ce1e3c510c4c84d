"""Is a person or collective eligible for a title? The vocabulary's rules checked against an award history.

A title's rules are alternatives ("hoặc"); a rule's needs must all be met. Only the
awards up to the year in question count: a proposal for 2026 is judged on what was
won by 2026. A title without rules is eligible as far as the history can tell.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..content.vocabulary import Need, Rule, Vocabulary
from ..records import record


@record
class Verdict:
    title: str  # award id
    eligible: bool
    rule: Rule | None = None  # the rule met, or the closest one missed
    missing: tuple[str, ...] = ()  # Vietnamese: what the closest rule still lacks

    @property
    def checked(self) -> bool:
        return self.rule is not None

    def text(self, vocabulary: Vocabulary) -> str:
        """'CSTĐ cấp tỉnh: chưa đủ điều kiện (cần 03 lần liên tục…; còn thiếu: …)'."""
        name = vocabulary.awards[self.title].short if self.title in vocabulary.awards else self.title
        if self.rule is None:
            return f"{name}: không có điều kiện kiểm tra được từ thành tích"
        if self.eligible:
            return f"{name}: đủ điều kiện ({self.rule.text})"
        return f"{name}: chưa đủ điều kiện (cần {self.rule.text}; còn thiếu: {'; '.join(self.missing)})"


def check(vocabulary: Vocabulary, title: str, awards: Iterable, year: int) -> Verdict:
    """`awards`: objects with `.year` and `.title.id` (model.Award), the history to judge on."""
    history = [(a.year, a.title.id) for a in awards if a.year <= year]
    rules = vocabulary.rules.get(title, ())
    if not rules:
        return Verdict(title, True)
    best: tuple[int, Rule, tuple[str, ...]] | None = None
    for rule in rules:
        missing = tuple(m for m in (_missing(need, history, year, vocabulary) for need in rule.needs) if m)
        if not missing:
            return Verdict(title, True, rule)
        if best is None or len(missing) < best[0]:
            best = (len(missing), rule, missing)
    assert best is not None
    return Verdict(title, False, best[1], best[2])


def _missing(need: Need, history: list[tuple[int, str]], year: int, vocabulary: Vocabulary) -> str:
    """'' when met, else what is lacking, in words."""
    first = year - need.years + 1 if need.years else -10_000
    years = sorted(y for y, title in history if title in need.awards and first <= y <= year)
    have = _longest_run(years) if need.consecutive else len(years)
    if have >= need.count:
        return ""
    names = " hoặc ".join(vocabulary.awards[a].name if a in vocabulary.awards else a for a in need.awards)
    times = f"{need.count:02d} năm liên tục" if need.consecutive else f"{need.count:02d} lần"
    where = f" trong năm {year}" if need.years == 1 else (f" trong {need.years} năm gần nhất" if need.years else "")
    got = f"mới có {have}" + (f" ({', '.join(str(y) for y in sorted(set(years)))})" if years else "")
    return f"{times} {names}{where}, {got}"


def _longest_run(years: list[int]) -> int:
    run = best = 0
    previous = None
    for y in sorted(set(years)):
        run = run + 1 if previous is not None and y == previous + 1 else 1
        best = max(best, run)
        previous = y
    return best
