"""Registrations (`content/registrations/**.yml`): the schema's keys, then the rules that tie them to the rest."""

from __future__ import annotations

import re
from pathlib import Path

from ..fields import Fields, did_you_mean
from ..model import Exemplar, Unit
from ..registration import Aim, Registration
from ..schema import REGISTRATION, REGISTRATION_KEYS, Key, by_key, keys_of
from ..text import fold, is_slug, slugify, title_case_name
from ..vocabulary import Vocabulary
from .exemplars import unit_ref
from .keys import KeyReader, model_values, read_keys
from .pipeline import award_title
from .run import Run, content_files

PERIOD_RE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
_AIM_KEYS = keys_of(by_key(REGISTRATION)["aims"].parts)


def read_registrations(run: Run, units: dict[str, Unit], vocabulary: Vocabulary, campaign_slugs: set[str], exemplars: list[Exemplar]) -> list[Registration]:
    by_slug = {e.slug: e for e in exemplars}
    out = [r for r in (_read(run, path, units, vocabulary, campaign_slugs, by_slug) for path in content_files(run.content_dir / "registrations", (".yml", ".yaml"))) if r]
    return out


def _read(run: Run, path: Path, units, vocabulary: Vocabulary, campaign_slugs: set[str], exemplars: dict[str, Exemplar]) -> Registration | None:
    read = run.read_mapping(path, "E105", "Tệp đăng ký phải là các cặp `khóa: giá trị`.", "Ví dụ:\n    kind: collective\n    name: Khoa Nhi\n    unit: nhi\n    period: 2026-2030")
    if read is None:
        return None
    node, rel = read
    slug = path.stem
    if not is_slug(slug):
        run.add(rel, 0, 0, "E306", f"Tên tệp `{slug}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Đổi tên thành `{slugify(slug) or 'dang-ky'}.yml`.")
    f = Fields(node, rel, run.diagnostics)
    f.check_keys(REGISTRATION_KEYS)
    before = len(run.diagnostics)
    readers: dict[str, KeyReader | None] = {
        "unit": lambda k, v: unit_ref(f, k, units),
        "period": lambda k, v: _period(f, k),
        "exemplar": lambda k, v: _exemplar(f, k, exemplars),
        "aims": lambda k, v: _aims(f, k, vocabulary, v["kind"], v["period"]),
        "campaigns": lambda k, v: _campaigns(f, k, campaign_slugs),
    }
    values = read_keys(f, REGISTRATION, readers)
    if any(d.is_error for d in run.diagnostics[before:]) or any(values[k.key] is None for k in REGISTRATION if k.required):
        return None
    first, last = values.pop("period")
    if values["kind"] == "individual":
        values["name"] = title_case_name(values["name"])
    values["exemplar"] = values["exemplar"] or _same_person(values, exemplars.values())
    return Registration(slug=slug, source=path, rel_path=rel, first=first, last=last, **model_values(Registration, values))


def _period(f: Fields, k: Key) -> tuple[int, int] | None:
    node = f.get(k.key, k.required, k.example)
    if node is None:
        return None
    match = PERIOD_RE.match(node.raw.strip()) if node.is_scalar else None
    if not match or int(match[2]) < int(match[1]) or int(match[2]) - int(match[1]) > 10:
        f.report("E331", node, k.key, f"`{k.key}` phải là giai đoạn dạng `YYYY-YYYY`, năm cuối không trước năm đầu, dài tối đa 10 năm; đang là `{node.raw}`.", f"Ví dụ: `{k.key}: {k.example}`")
        return None
    return int(match[1]), int(match[2])


def _exemplar(f: Fields, k: Key, exemplars: dict[str, Exemplar]) -> Exemplar | None:
    slug = f.text(k.key)
    if not slug:
        return None
    if slug not in exemplars:
        hint = did_you_mean(slug, exemplars) or "Ghi tên tệp (hoặc thư mục) của bài trong `content/exemplars/`, không có `.md`."
        f.report("E332", f.map[k.key], k.key, f"Không có bài gương điển hình `{slug}` trong `content/exemplars/`.", hint)
        return None
    return exemplars[slug]


def _same_person(values: dict, exemplars) -> Exemplar | None:
    """Without `exemplar`: the one story of the same kind, name and unit, if there is exactly one."""
    name = fold(values["name"])
    found = [e for e in exemplars if e.kind == values["kind"] and e.unit.id == values["unit"].id and fold(e.name) == name]
    return found[0] if len(found) == 1 else None


def _aims(f: Fields, k: Key, vocabulary: Vocabulary, kind: str | None, period: tuple[int, int] | None) -> list[Aim]:
    out: list[Aim] = []
    example = "{year: 2026, title: tap-the-lao-dong-xuat-sac}"
    for item in f.items(k.key, f"[{example}]"):
        sub = f.mapping_of(item, k.key, _AIM_KEYS, example)
        if sub is None:
            continue
        year_node = sub.get("year", True, "2026")
        year = sub.integer_of(year_node, "aims.year", "2026") if year_node else None
        if year is not None and period and not period[0] <= year <= period[1]:
            sub.report("E331", year_node, "aims.year", f"Năm {year} nằm ngoài giai đoạn {period[0]}-{period[1]} của bản đăng ký.", f"Ghi năm từ {period[0]} đến {period[1]}, hoặc sửa `period`.")
            year = None
        title_node = sub.get("title", True, "tap-the-lao-dong-xuat-sac")
        title = award_title(sub, title_node, "aims.title", vocabulary.awards, kind) if title_node else None
        if year is not None and title is not None:
            out.append(Aim(year, title))
    return sorted(out, key=lambda a: (a.year, a.title.rank))


def _campaigns(f: Fields, k: Key, known: set[str]) -> list[str]:
    out = []
    for item in f.items(k.key, k.example):
        slug = f.text_of(item, k.key)
        if slug and slug not in known:
            hint = did_you_mean(slug, known) or "Tên phong trào là tên tệp trong `content/campaigns/` (không có `.md`)."
            f.report("E305", item, k.key, f"Không có phong trào `{slug}` trong `content/campaigns/`.", hint)
        elif slug:
            out.append(slug)
    return out
