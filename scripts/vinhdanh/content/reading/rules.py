"""`rules:` in `content/vocabulary.yml`: a site's own eligibility conditions for a title.

    rules:
      - title: chien-si-thi-dua-cap-tinh
        text: ít nhất 02 lần được tặng Bằng khen của Chủ tịch UBND tỉnh
        needs:
          - {awards: [bang-khen-ubnd-tinh], count: 2}

Each entry is one way to be eligible (entries for the same title are alternatives,
"hoặc"); its `needs` must all be met. A site's rules for a title replace the built-in ones.
"""

from __future__ import annotations

from ..fields import Fields
from ..vocabulary import AwardTitle, Need, Rule
from .pipeline import award_title

_RULE_KEYS = ("title", "text", "needs")
_NEED_KEYS = ("awards", "count", "consecutive", "years")
_EXAMPLE = "{title: chien-si-thi-dua-cap-tinh, text: ..., needs: [{awards: [chien-si-thi-dua-co-so], count: 3, consecutive: true}]}"
_NEED_EXAMPLE = "{awards: [bang-khen-ubnd-tinh], count: 2}"


def read_rules(f: Fields, awards: dict[str, AwardTitle]) -> list[Rule]:
    rules = []
    for item in f.items("rules", f"[{_EXAMPLE}]"):
        sub = f.mapping_of(item, "rules", _RULE_KEYS, _EXAMPLE)
        if sub is None:
            continue
        title = _award_id(sub, sub.get("title", True, "chien-si-thi-dua-cap-tinh"), "rules.title", awards)
        text = sub.text("text", True, example="03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở")
        needs = [n for n in (_need(sub, node, awards) for node in sub.items("needs", f"[{_NEED_EXAMPLE}]")) if n]
        if not needs and "needs" in sub.map:
            continue  # each bad need has been reported
        if not needs:
            sub.report("E201", None, "needs", "Điều kiện thiếu `needs` (các thành tích cần có).", f"Thêm `needs: [{_NEED_EXAMPLE}]`.")
            continue
        if title and text:
            rules.append(Rule(title, text, tuple(needs)))
    return rules


def _need(f: Fields, node, awards: dict[str, AwardTitle]) -> Need | None:
    sub = f.mapping_of(node, "needs", _NEED_KEYS, _NEED_EXAMPLE)
    if sub is None:
        return None
    ids = [_award_id(sub, item, "needs.awards", awards) for item in sub.items("awards", "[bang-khen-ubnd-tinh]")]
    if not ids:
        sub.report("E201", None, "awards", "Điều kiện thiếu `awards` (mã danh hiệu được tính).", f"Ví dụ: `{_NEED_EXAMPLE}`")
    numbers = {}
    for key, default in (("count", 1), ("years", 0)):
        value = sub.map.get(key)
        numbers[key] = sub.integer_of(value, f"needs.{key}", "2", 0) if value is not None else default
    if numbers["count"] == 0:
        sub.report("E604", sub.map["count"], "needs.count", "`count` (số lần cần có) phải từ 1 trở lên.", "Ví dụ: `count: 2`")
        return None
    if None in ids or not ids or None in numbers.values():
        return None
    return Need(tuple(i for i in ids if i), numbers["count"] or 1, sub.boolean("consecutive"), numbers["years"] or 0)


def _award_id(f: Fields, node, key: str, awards: dict[str, AwardTitle]) -> str | None:
    title = award_title(f, node, key, awards, None) if node is not None else None
    return title.id if title else None
