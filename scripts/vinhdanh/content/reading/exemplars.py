"""Stories (`content/exemplars/`): the schema's keys, then the rules that tie keys together."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...pages.urls import SECTION_FOLDERS
from ..fields import Fields, did_you_mean
from ..frontmatter import Node
from ..model import PUBLISHED, Award, Campaign, Exemplar, Unit
from ..nameindex import by_name
from ..schema import EXEMPLAR, EXEMPLAR_KEYS, Key, by_key, keys_of
from ..text import free_slug, slugify, title_case_name
from ..vocabulary import Vocabulary
from .document import open_document
from .keys import KeyReader, model_values, read_keys
from .photo import photo_readers
from .pipeline import read_cultivation, read_proposal, read_selected
from .run import Run

_AWARD_KEYS = keys_of(by_key(EXEMPLAR)["awards"].parts)
YOUTUBE_RE = re.compile(r"^https://(www\.|m\.)?(youtube\.com/(watch\?v=|embed/|shorts/)|youtu\.be/)[A-Za-z0-9_-]{6,}")


def read_exemplar(run: Run, path: Path, units: dict[str, Unit], vocabulary: Vocabulary, campaign_slugs: set[str], campaigns: dict[str, Campaign]) -> Exemplar | None:
    f, rel, body, body_line, slug = open_document(run, path)
    if f is None:
        return None
    f.check_keys(EXEMPLAR_KEYS)
    before = len(run.diagnostics)
    readers: dict[str, KeyReader | None] = {
        "unit": lambda k, v: unit_ref(f, k, units),
        "fields": lambda k, v: _vocab_refs(f, k.key, vocabulary.fields, "E302", "lĩnh vực"),
        "campaigns": lambda k, v: tuple(dict.fromkeys(_campaign_refs(f, campaign_slugs, campaigns if v["status"] == PUBLISHED else {}, run.today))),
        "awards": lambda k, v: _awards(f, vocabulary, v["kind"], run.today),
        **photo_readers(run, f, path.parent),  # with its alt, credit and focus
        "video": lambda k, v: _video(f, k),
        "consent": lambda k, v: _consent(f, v["kind"], v["status"]),
        "cultivation": lambda k, v: read_cultivation(f, k),
        "proposal": lambda k, v: read_proposal(f, k, vocabulary, v["kind"], v["awards"]),
        "selected": lambda k, v: read_selected(f, k, v["proposal"]),
    }
    values = read_keys(f, EXEMPLAR, readers, later=("campaigns", "consent"))
    values["subject"] = values["subject"] or "exemplar"
    _check_subject(f, values)
    date, updated = values["date"], values["updated"]
    if date and updated and updated < date:
        f.report("E209", f.map["updated"], "updated", f"Ngày cập nhật {updated:%d/%m/%Y} trước ngày đăng {date:%d/%m/%Y}.", "`updated` phải bằng hoặc sau `date`.")
    if values["patients_identifiable"] and not values["patient_consent"]:
        node = f.map.get("patient_consent") or f.map["patients_identifiable"]
        f.report(
            "E402",
            node,
            "patient_consent",
            "Bài viết có người bệnh nhận ra được (`patients_identifiable: true`) nhưng chưa có đồng ý bằng văn bản của người bệnh.",
            'Thêm `patient_consent: true` khi đã có đồng ý bằng văn bản, hoặc viết tắt tên người bệnh ("bệnh nhân Đ.T.N.") và bỏ ảnh nhận diện được.',
        )
    if slug in SECTION_FOLDERS:
        _reserved(run, rel, slug, path.name == "index.md", values["name"])
    if any(d.is_error for d in run.diagnostics[before:]) or any(values[k.key] is None for k in EXEMPLAR if k.required):
        return None
    if values["kind"] == "individual":
        values["name"] = title_case_name(values["name"])
    return Exemplar(slug=slug, source=path, rel_path=rel, body=body, body_line=body_line, **model_values(Exemplar, values))


def _check_subject(f: Fields, values: dict) -> None:
    """`recognition`, `applied_at`, `replicated_at` describe a model or an initiative, not a person."""
    if values["subject"] != "exemplar":
        return
    for key in ("recognition", "applied_at", "replicated_at"):
        if key in f.map and values[key]:
            f.report_key(
                "E333",
                f.map[key],
                key,
                f"`{key}` chỉ dùng cho bài về mô hình, sáng kiến, nhưng bài này là gương điển hình.",
                "Thêm `subject: model` (mô hình) hoặc `subject: initiative` (sáng kiến), hoặc xóa dòng này.",
            )


def _reserved(run: Run, rel: str, slug: str, bundle: bool, name: str | None) -> None:
    """A story in `tat-ca/` would replace the section's list of all stories, and the build would say nothing."""
    where = "thư mục" if bundle else "tệp"
    suggestion = free_slug(slugify(name or "") or "ten-nguoi-duoc-vinh-danh", run.slugs_beside(rel))
    run.add(
        rel,
        0,
        0,
        "E309",
        f"Đường dẫn (slug) `{slug}` trùng với trang `{slug}/` của mục gương điển hình: bài viết sẽ thay mất trang đó.",
        f"Đổi tên {where} theo tên người hoặc tập thể được vinh danh, ví dụ `{suggestion}`.",
    )


def _video(f: Fields, k: Key) -> str:
    video = f.text(k.key) or ""
    if video and not YOUTUBE_RE.match(video):
        f.report("E208", f.map[k.key], k.key, f"`video` phải là địa chỉ YouTube, nhưng đang là `{video}`.", f"Ví dụ: `video: {k.example}`")
        return ""
    return video


def unit_ref(f: Fields, k: Key, units: dict[str, Unit]) -> Unit | None:
    value = f.text(k.key, k.required, example=next(iter(units), k.example))
    if value is None:
        return None
    if value in units:
        return units[value]
    unit = by_name(units).find(value)  # names normalised once per run, not once per story
    if unit is not None:
        return unit
    choices = list(units) + [u.name for u in units.values()]
    hint = did_you_mean(value, choices) or ("Các mã hợp lệ: " + ", ".join(units) if units else "Khai báo khoa, phòng trong `content/units.yml`.")
    f.report("E301", f.map["unit"], "unit", f"Không có khoa, phòng `{value}` trong `content/units.yml`.", hint)
    return None


def _vocab_refs(f: Fields, key: str, known: dict, code: str, label: str) -> list:
    out = []
    for item in f.items(key, f"[{next(iter(known))}]"):
        value = f.text_of(item, key)
        if value is None:
            continue
        if value in known:
            out.append(known[value])
            continue
        named = by_name(known).find(value)
        hint = f"Dùng mã `{named.id}` thay cho tên." if named else (did_you_mean(value, list(known) + [v.name for v in known.values()]) or f"Các mã {label}: " + ", ".join(known))
        f.report(code, item, key, f"Không có {label} `{value}` trong bộ từ vựng.", hint)
    return out


def _campaign_refs(f: Fields, known: set[str], read: dict[str, Campaign], today: dt.date) -> list[str]:
    """Slugs of existing campaigns; `read` (empty unless the story is published) warns of hidden ones."""
    out = []
    for item in f.items("campaigns", "[thay-thuoc-nhu-me-hien-2026]"):
        slug = f.text_of(item, "campaigns")
        if slug is None:
            continue
        if slug not in known:
            hint = did_you_mean(slug, known) or "Tên phong trào là tên tệp trong `content/campaigns/` (không có `.md`)."
            f.report("E305", item, "campaigns", f"Không có phong trào `{slug}` trong `content/campaigns/`.", hint)
            continue
        campaign = read.get(slug)
        if campaign is not None and not campaign.is_public(today):
            _warn_hidden_campaign(f, item, campaign)
        out.append(slug)
    return out


def _warn_hidden_campaign(f: Fields, item: Node, campaign: Campaign) -> None:
    """A published story loses the link to a campaign nobody can see yet: say so, and when it comes back."""
    where = f"`{campaign.rel_path}`"
    if campaign.status == PUBLISHED:  # published, with an announcement date still ahead
        message = f"Phong trào `{campaign.slug}` chưa đến ngày công bố ({campaign.date:%d/%m/%Y}): đến ngày đó liên kết tới phong trào mới hiện trong bài."
        hint = f"Không cần sửa nếu đúng kế hoạch; muốn hiện ngay thì sửa `date` trong {where}."
    else:
        state = "bản nháp (`status: draft`)" if campaign.status == "draft" else "đã gỡ (`status: withdrawn`)"
        message = f"Phong trào `{campaign.slug}` đang là {state}, nên bài này chưa hiện liên kết tới phong trào; liên kết sẽ hiện khi phong trào được đăng."
        hint = f"Đăng phong trào bằng `status: published` trong {where}, hoặc bỏ `{campaign.slug}` khỏi `campaigns`."
    f.report("W602", item, "campaigns", message, hint, severity="warning")


def _awards(f: Fields, vocabulary: Vocabulary, kind: str | None, today: dt.date) -> list[Award]:
    out: list[Award] = []
    example = '{year: 2025, title: chien-si-thi-dua-co-so, decision: "Quyết định số 123/QĐ-SYT ngày 10/12/2025"}'
    node = f.map.get("awards")
    if node is not None and node.kind not in ("seq", "null"):
        f.report("E203", node, "awards", "`awards` phải là một danh sách, mỗi mục có `year` và `title`.", f"Ví dụ:\n    awards:\n      - {example}")
        return out
    for item in node.value if node is not None and node.kind == "seq" else []:
        sub = f.mapping_of(item, "awards", _AWARD_KEYS, example)
        if sub is None:
            continue
        year_node = sub.get("year", True, str(today.year))
        year = sub.integer_of(year_node, "awards.year", str(today.year)) if year_node else None
        if year is not None and not 1945 <= year <= today.year + 1:
            sub.report("E308", year_node, "awards.year", f"Năm {year} không hợp lệ cho một danh hiệu.", f"Năm từ 1945 đến {today.year + 1}, ví dụ `year: {today.year}`.")
            year = None
        title_node = sub.get("title", True, "chien-si-thi-dua-co-so")
        title = None
        if title_node is not None:
            value = sub.text_of(title_node, "awards.title")
            title = vocabulary.awards.get(value or "")
            if title is None and value:
                named = by_name(vocabulary.awards, abbreviations=True).find(value)
                hint = f"Dùng mã `{named.id}` ({named.name})." if named else (did_you_mean(value, vocabulary.awards) or "Xem danh sách mã danh hiệu trong hướng dẫn soạn bài.")
                sub.report("E303", title_node, "awards.title", f"Không có danh hiệu `{value}` trong bộ từ vựng.", hint)
            elif title is not None and kind and not title.allows(kind):
                who = "tập thể" if title.for_ == "collective" else "cá nhân"
                sub.report(
                    "E304",
                    title_node,
                    "awards.title",
                    f'Danh hiệu "{title.name}" chỉ dành cho {who}, nhưng bài viết có `kind: {kind}`.',
                    "Kiểm tra lại `kind` của bài viết, hoặc chọn danh hiệu đúng đối tượng.",
                )
                title = None
        if year is not None and title is not None:
            out.append(Award(year, title, sub.text("decision") or "", sub.text("by") or ""))
    return out


def _consent(f: Fields, kind: str | None, status: str | None) -> bool | str:
    node = f.map.get("consent")
    value: bool | str = False
    if node is not None and node.kind != "null":
        if node.kind == "bool":
            value = bool(node.value)
            if not value and status == "published":  # `false` on a draft is honest, not an error
                f.report(
                    "E403",
                    node,
                    "consent",
                    "`consent: false` nghĩa là người trong bài chưa đồng ý: không được đăng.",
                    "Giữ `status: draft` cho đến khi có phiếu đồng ý, rồi ghi `consent: true` hoặc tên biên bản.",
                )
        elif node.is_scalar and node.raw.strip():
            value = " ".join(node.raw.split())
        else:
            f.report("E403", node, "consent", "`consent` phải là `true` hoặc tên văn bản đồng ý.", "Ví dụ: `consent: Phiếu đồng ý ngày 12/3/2025, lưu tại Phòng TCCB`")
    if kind == "individual" and status == "published" and not value and (node is None or node.kind == "null"):
        f.report(
            "E401",
            f.map.get("status"),
            "consent",
            "Bài về cá nhân được đăng (`status: published`) phải có sự đồng ý bằng văn bản của người đó (Luật Bảo vệ dữ liệu cá nhân, Bộ luật Dân sự Điều 32).",
            "Thêm `consent: true` hoặc `consent: Phiếu đồng ý ngày 12/3/2025, lưu tại Phòng TCCB`; nếu chưa có, để `status: review`.",
        )
    return value
