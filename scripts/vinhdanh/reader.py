"""Read `content/` once into the typed model, collecting every diagnostic on the way.

read → check each file → check across files. Nothing here renders or writes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from . import imagecheck, readcache
from .diagnostics import Diagnostic
from .fields import Fields, did_you_mean
from .nameindex import by_name as _by_name
from .frontmatter import Node, Problem, parse, read_document
from .model import PUBLISHED, Award, Campaign, Content, Exemplar, LoadResult, Phase, Photo, Quota, Signer, Site, Unit
from .text import is_slug, normalize, slugify, title_case_name
from .vocabulary import KINDS, UNIT_KINDS, AwardTitle, Field, Vocabulary

EXEMPLAR_KEYS = (
    "title",
    "kind",
    "name",
    "position",
    "unit",
    "date",
    "updated",
    "summary",
    "fields",
    "campaigns",
    "awards",
    "photo",
    "photo_alt",
    "photo_credit",
    "photo_focus",
    "video",
    "consent",
    "patients_identifiable",
    "patient_consent",
    "status",
    "featured",
    "tags",
    "author",
)
CAMPAIGN_KEYS = (
    "title",
    "date",
    "summary",
    "host",
    "owner",
    "start",
    "end",
    "phases",
    "review",
    "quota",
    "basis",
    "photo",
    "photo_alt",
    "photo_credit",
    "photo_focus",
    "status",
)
SITE_KEYS = (
    "name",
    "short_name",
    "base_url",
    "parent",
    "address",
    "phone",
    "email",
    "website",
    "logo",
    "locality",
    "signer",
    "hashtags",
    "paths",
    "feed_size",
    "page_size",
)
EXEMPLAR_STATUSES = ("draft", "review", "published", "withdrawn")
CAMPAIGN_STATUSES = ("draft", "published", "withdrawn")
TITLE_MAX, SUMMARY_MAX = 150, 400
YOUTUBE_RE = re.compile(r"^https://(www\.|m\.)?(youtube\.com/(watch\?v=|embed/|shorts/)|youtu\.be/)[A-Za-z0-9_-]{6,}")
_UNSAFE_HTML = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=|javascript:", re.I)
_BODY_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")  # ![alt][ref]: the target lives elsewhere
_HTML_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)  # may span lines, as Word pastes it
_HTML_SRC = re.compile(r"(?<![\w-])src\s*=\s*([\"'])([^\"']+)\1", re.I)
_HTML_ALT = re.compile(r"(?<![\w-])alt(?![\w-])(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?", re.I)
_FILE_NAME_ALT = re.compile(r"^\S+\.(jpe?g|png|webp|heic|heif|gif)$", re.I)


def today_in_vietnam() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone(dt.timedelta(hours=7))).date()
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()


class _Run:
    """State of one read: where we are and what we found."""

    def __init__(self, root: Path, today: dt.date):
        self.root = root
        self.content_dir = root / "content"
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.files = 0

    def rel(self, path: Path) -> str:
        text, prefix = str(path), str(self.root) + os.sep
        if text.startswith(prefix):  # the common case, without pathlib's parsing
            return text[len(prefix) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: str, line: int, column: int, code: str, message: str, hint: str = "", field: str = "", severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(path, line, column, code, message, hint, field, severity))

    def add_problems(self, rel: str, problems: list[Problem]) -> None:
        for p in problems:
            self.add(rel, p.line, p.column, p.code, p.message, p.hint, p.field)

    def read_text(self, path: Path) -> str | None:
        self.files += 1
        rel = self.rel(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.add(rel, 0, 0, "E101", f"Không đọc được tệp ({exc.strerror}).", "Kiểm tra quyền đọc tệp.")
            return None
        try:
            return normalize(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.add(rel, line, column, "E101", "Tệp không phải mã UTF-8 (có thể lưu từ Word với mã Windows-1258 hoặc TCVN3).", "Mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8.")
            return None

    def read_yaml(self, path: Path) -> tuple[Node | None, str]:
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return None, rel
        node, problems = parse(text, 1)
        self.add_problems(rel, problems)
        return node, rel


def load(root: Path, today: dt.date | None = None, reuse: bool = False) -> LoadResult:
    """Read the project at `root` into a Content, with every diagnostic found.

    With `reuse`, stories unchanged since the last read are not read again
    (readcache.py): the same result, diagnostics included.
    """
    run = _Run(root.resolve(), today or today_in_vietnam())
    if not run.content_dir.is_dir():
        run.add("content", 0, 0, "E801", "Không tìm thấy thư mục `content/`.", "Chạy lệnh ở thư mục gốc của dự án, nơi có `content/` và `mkdocs.yml`.")
        return LoadResult(None, run.diagnostics, 0)
    site = _read_site(run)
    units = _read_units(run)
    vocabulary = _read_vocabulary(run)
    campaign_files = _markdown_files(run.content_dir / "campaigns")
    campaign_slugs = {_slug_of(p) for p in campaign_files}
    campaigns = [c for c in (_read_campaign(run, p) for p in campaign_files) if c]
    by_slug = {c.slug: c for c in reversed(campaigns)}  # the first file of a duplicated slug wins, as in _unique_slugs
    story_files = _markdown_files(run.content_dir / "exemplars")
    if reuse:
        cache = readcache.for_project(run.root)
        key = readcache.context_key(run.root, units, vocabulary, campaign_slugs, by_slug, run.today)
        exemplars = [e for e in (cache.read(run, p, key, lambda p=p: _read_exemplar(run, p, units, vocabulary, campaign_slugs, by_slug)) for p in story_files) if e]
        cache.keep_only(story_files)
        cache.save()
    else:
        exemplars = [e for e in (_read_exemplar(run, p, units, vocabulary, campaign_slugs, by_slug) for p in story_files) if e]
    campaigns = _unique_slugs(run, campaigns, "phong trào")
    exemplars = _unique_slugs(run, exemplars, "gương điển hình")
    _check_campaign_links(run, exemplars, campaigns)
    content = None
    if site is not None:
        content = Content(run.root, site, units, vocabulary, tuple(exemplars), tuple(campaigns))
    return LoadResult(content, run.diagnostics, run.files)


def _slug_of(path: Path) -> str:
    return path.parent.name if path.name == "index.md" else path.stem


def _markdown_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        found += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(".md") and not f.startswith((".", "_"))]
    return found


# -- site, units, vocabulary ---------------------------------------------------


def _read_site(run: _Run) -> Site | None:
    path = run.content_dir / "site.yml"
    if not path.is_file():
        run.add(
            "content/site.yml",
            0,
            0,
            "E801",
            "Thiếu tệp `content/site.yml` (thông tin đơn vị: tên, địa chỉ, địa chỉ trang web).",
            "Tạo tệp với ít nhất `name:`, `short_name:` và `base_url: https://benhvien.example.vn/`.",
        )
        return None
    node, rel = run.read_yaml(path)
    if node is None:
        return None
    if node.kind != "map":
        run.add(rel, node.line, node.column, "E801", "`site.yml` phải là các cặp `khóa: giá trị`.", "Ví dụ: `name: Bệnh viện Đa khoa tỉnh ...`")
        return None
    f = Fields(node, rel, run.diagnostics)
    f.check_keys(SITE_KEYS)
    name = f.text("name", True, example="Bệnh viện Đa khoa tỉnh ...")
    short = f.text("short_name", False) or name
    base_url = f.text("base_url", True, example="https://benhvien.example.vn/")
    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        f.report("E208", f.map["base_url"], "base_url", f"`base_url` phải là địa chỉ tuyệt đối, nhưng đang là `{base_url}`.", "Ví dụ: `base_url: https://benhvien.example.vn/guong-dien-hinh/`")
        base_url = None
    logo = None
    logo_text = f.text("logo")
    if logo_text:
        logo = _resolve_inside(run, f, "logo", logo_text, run.content_dir)
        if logo is not None:
            info, problems = imagecheck.inspect(logo)
            for p in problems:
                if p.code != "W502":  # a logo is meant to be small
                    f.report(p.code, f.map["logo"], "logo", f"`{logo_text}`: {p.message}", p.hint, p.severity)
            logo = logo if info else None
    signer = None
    if "signer" in f.map:
        sub = f.mapping_of(f.map["signer"], "signer", ("title", "name"), "{title: GIÁM ĐỐC, name: Nguyễn Văn A}")
        if sub:
            signer = Signer(sub.text("title", True, example="GIÁM ĐỐC") or "", sub.text("name", True, example="Nguyễn Văn A") or "")
    paths = {"exemplars": "guong-dien-hinh", "campaigns": "phong-trao-thi-dua"}
    if "paths" in f.map:
        sub = f.mapping_of(f.map["paths"], "paths", tuple(paths), "{exemplars: guong-dien-hinh}")
        for key in paths if sub else ():
            value = sub.text(key)
            if value is not None:
                value = value.strip("/")
                if not all(is_slug(part) for part in value.split("/")):
                    sub.report("E306", sub.map[key], f"paths.{key}", f"Đường dẫn `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `{key}: {paths[key]}`")
                else:
                    paths[key] = value
    numbers = {}
    for key, default in (("feed_size", Site.feed_size), ("page_size", Site.page_size)):
        node_value = f.map.get(key)
        numbers[key] = (f.integer_of(node_value, key, str(default), 1) if node_value else None) or default
    if not (name and base_url):
        return None
    return Site(
        name=name,
        short_name=short,
        base_url=base_url.rstrip("/") + "/",
        parent=f.text("parent") or "",
        address=f.text("address") or "",
        phone=f.text("phone") or "",
        email=f.text("email") or "",
        website=f.text("website") or "",
        logo=logo,
        locality=f.text("locality") or "",
        signer=signer,
        hashtags=tuple(h.lstrip("#") for h in f.text_list("hashtags", "[GuongDienHinh]")),
        exemplars_path=paths["exemplars"],
        campaigns_path=paths["campaigns"],
        feed_size=numbers["feed_size"],
        page_size=numbers["page_size"],
    )


def _read_units(run: _Run) -> dict[str, Unit]:
    path = run.content_dir / "units.yml"
    if not path.is_file():
        run.add("content/units.yml", 0, 0, "E802", "Thiếu tệp `content/units.yml` (danh sách khoa, phòng).", "Tạo tệp với các mục `- id: hstc` / `name: Khoa Hồi sức tích cực` / `kind: khoa`.")
        return {}
    node, rel = run.read_yaml(path)
    units: dict[str, Unit] = {}
    if node is None:
        return units
    if node.kind != "seq":
        run.add(rel, node.line, node.column, "E802", "`units.yml` phải là một danh sách, mỗi mục bắt đầu bằng `- id:`.", "Ví dụ:\n    - id: hstc\n      name: Khoa Hồi sức tích cực\n      kind: khoa")
        return units
    for item in node.value:
        if item.kind != "map":
            run.add(rel, item.line, item.column, "E802", "Mỗi khoa, phòng phải có `id`, `name` và `kind`.", "Ví dụ: `- {id: hstc, name: Khoa Hồi sức tích cực, kind: khoa}`")
            continue
        f = Fields(item, rel, run.diagnostics)
        f.check_keys(("id", "name", "kind"))
        uid, name, kind = f.text("id", True, example="hstc"), f.text("name", True, example="Khoa Hồi sức tích cực"), f.choice("kind", UNIT_KINDS)
        if uid and not is_slug(uid):
            f.report("E802", f.map["id"], "id", f"Mã khoa, phòng `{uid}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `id: {slugify(uid) or 'hstc'}`")
            continue
        if uid in units:
            f.report("E802", f.map["id"], "id", f"Mã `{uid}` đã được dùng cho một khoa, phòng khác.", "Mỗi khoa, phòng cần một mã riêng.")
            continue
        if uid and name and kind:
            units[uid] = Unit(uid, name, kind)
    return units


def _read_vocabulary(run: _Run) -> Vocabulary:
    builtin = Vocabulary.builtin()
    path = run.content_dir / "vocabulary.yml"
    if not path.is_file():
        return builtin
    node, rel = run.read_yaml(path)
    if node is None or node.kind != "map":
        if node is not None:
            run.add(rel, node.line, node.column, "E803", "`vocabulary.yml` phải có dạng `fields:` và/hoặc `awards:`.", "Ví dụ:\n    fields:\n      - {id: duoc-lam-sang, name: Dược lâm sàng}")
        return builtin
    f = Fields(node, rel, run.diagnostics)
    f.check_keys(("fields", "awards"))
    fields, awards = [], []
    for item in f.items("fields", "[{id: duoc-lam-sang, name: Dược lâm sàng}]"):
        sub = f.mapping_of(item, "fields", ("id", "name"), "{id: duoc-lam-sang, name: Dược lâm sàng}")
        if not sub:
            continue
        fid, name = sub.text("id", True, example="duoc-lam-sang"), sub.text("name", True, example="Dược lâm sàng")
        if fid and _vocab_id_ok(sub, fid, builtin.fields):
            fields.append(Field(fid, name or fid))
    for item in f.items("awards", "[{id: ..., name: ..., for: both, rank: 58}]"):
        sub = f.mapping_of(item, "awards", ("id", "name", "abbreviation", "for", "rank", "category"), "{id: bang-khen-cong-doan, name: ..., for: both, rank: 58}")
        if not sub:
            continue
        aid, name = sub.text("id", True, example="bang-khen-cong-doan"), sub.text("name", True, example="Bằng khen của Công đoàn ngành Y tế")
        for_ = sub.choice("for", ("both", "individual", "collective"))
        rank_node = sub.get("rank", True, "58")
        rank = sub.integer_of(rank_node, "rank", "58", 0) if rank_node else None
        category = sub.choice("category", ("commendation", "title", "state"), required=False) or "commendation"
        if aid and name and for_ and rank is not None and _vocab_id_ok(sub, aid, builtin.awards):
            awards.append(AwardTitle(aid, name, sub.text("abbreviation") or "", for_, rank, category))
    return builtin.extended(fields, awards)


def _vocab_id_ok(f: Fields, value: str, builtin: dict) -> bool:
    if not is_slug(value):
        f.report("E803", f.map["id"], "id", f"Mã `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.", f"Ví dụ: `id: {slugify(value)}`")
        return False
    if value in builtin:
        f.report("E803", f.map["id"], "id", f"Mã `{value}` đã có trong bộ từ vựng dựng sẵn; không được định nghĩa lại.", "Đặt một mã mới, hoặc xóa mục này và dùng mã dựng sẵn.")
        return False
    return True


# -- stories and campaigns -------------------------------------------------------


def _open_document(run: _Run, path: Path) -> tuple[Fields | None, str, str, int, str]:
    """(fields, rel path, body, body line, slug) of a Markdown file."""
    rel = run.rel(path)
    slug = _slug_of(path)
    text = run.read_text(path)
    if text is None:
        return None, rel, "", 1, slug
    doc = read_document(text)
    run.add_problems(rel, doc.problems)
    if doc.meta is None:
        return None, rel, doc.body, doc.body_line, slug
    if not is_slug(slug):
        where = "thư mục" if path.name == "index.md" else "tệp"
        run.add(rel, 0, 0, "E306", f"Tên {where} `{slug}` không dùng được làm đường dẫn (slug): chỉ chữ thường không dấu, số và dấu gạch ngang.", f"Đổi tên thành `{slugify(slug) or 'ten-bai-viet'}`.")
    _check_body(run, rel, doc.body, doc.body_line, path.parent)
    return Fields(doc.meta, rel, run.diagnostics), rel, doc.body.strip("\n"), doc.body_line, slug


def _read_exemplar(run: _Run, path: Path, units: dict[str, Unit], vocabulary: Vocabulary, campaign_slugs: set[str], campaigns: dict[str, Campaign]) -> Exemplar | None:
    f, rel, body, body_line, slug = _open_document(run, path)
    if f is None:
        return None
    f.check_keys(EXEMPLAR_KEYS)
    before = len(run.diagnostics)
    title = f.text("title", True, TITLE_MAX, "Tấm gương tận tụy với người bệnh")
    kind = f.choice("kind", KINDS)
    name = f.text("name", True, example="Nguyễn Thị Lan")
    unit = _unit(f, units)
    date = f.date("date", True)
    updated = f.date("updated")
    if date and updated and updated < date:
        f.report("E209", f.map["updated"], "updated", f"Ngày cập nhật {updated:%d/%m/%Y} trước ngày đăng {date:%d/%m/%Y}.", "`updated` phải bằng hoặc sau `date`.")
    summary = f.text("summary", True, SUMMARY_MAX, "Tóm tắt thành tích trong 1–3 câu.")
    status = f.choice("status", EXEMPLAR_STATUSES)
    fields_ = _vocab_refs(f, "fields", vocabulary.fields, "E302", "lĩnh vực")
    awards = _awards(f, vocabulary, kind, run.today)
    campaign_refs = _campaign_refs(f, campaign_slugs, campaigns if status == PUBLISHED else {}, run.today)
    photo = _photo(run, f, path.parent, required_alt=True)
    video = f.text("video") or ""
    if video and not YOUTUBE_RE.match(video):
        f.report("E208", f.map["video"], "video", f"`video` phải là địa chỉ YouTube, nhưng đang là `{video}`.", "Ví dụ: `video: https://www.youtube.com/watch?v=abc123XYZ`")
        video = ""
    consent = _consent(f, kind, status)
    patients = f.boolean("patients_identifiable")
    patient_consent = f.boolean("patient_consent")
    if patients and not patient_consent:
        node = f.map.get("patient_consent") or f.map["patients_identifiable"]
        f.report(
            "E402",
            node,
            "patient_consent",
            "Bài viết có người bệnh nhận ra được (`patients_identifiable: true`) nhưng chưa có đồng ý bằng văn bản của người bệnh.",
            'Thêm `patient_consent: true` khi đã có đồng ý bằng văn bản, hoặc viết tắt tên người bệnh ("bệnh nhân Đ.T.N.") và bỏ ảnh nhận diện được.',
        )
    featured = f.boolean("featured")
    tags = f.text_list("tags", "[hiến máu, tình nguyện]")
    author = f.text("author") or ""
    position = f.text("position") or ""
    if any(d.is_error for d in run.diagnostics[before:]) or None in (title, kind, name, unit, date, summary, status):
        return None
    display_name = title_case_name(name) if kind == "individual" else name
    return Exemplar(
        slug=slug,
        source=path,
        rel_path=rel,
        title=title,
        kind=kind,
        name=display_name,
        unit=unit,
        date=date,
        summary=summary,
        status=status,
        body=body,
        body_line=body_line,
        position=position,
        updated=updated,
        fields=tuple(fields_),
        campaigns=tuple(dict.fromkeys(campaign_refs)),
        awards=tuple(awards),
        photo=photo,
        video=video,
        consent=consent,
        patients_identifiable=patients,
        patient_consent=patient_consent,
        featured=featured,
        tags=tuple(tags),
        author=author,
    )


def _read_campaign(run: _Run, path: Path) -> Campaign | None:
    f, rel, body, body_line, slug = _open_document(run, path)
    if f is None:
        return None
    f.check_keys(CAMPAIGN_KEYS)
    before = len(run.diagnostics)
    title = f.text("title", True, TITLE_MAX, "Phong trào thi đua ...")
    date = f.date("date", True)
    summary = f.text("summary", True, SUMMARY_MAX, "Mục đích của phong trào trong 1–3 câu.")
    host = f.text("host", True, example="Sở Y tế")
    start, end = f.date("start", True), f.date("end", True)
    if start and end and end < start:
        f.report("E601", f.map["end"], "end", f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.", "`end` phải bằng hoặc sau `start`.")
        start = end = None
    phases = _phases(f, start, end)
    review = f.date("review")
    quota = _quota(f)
    basis = f.text_list("basis", "[Kế hoạch số 123/KH-SYT ngày 01/3/2026]")
    photo = _photo(run, f, path.parent, required_alt=True)
    status = f.choice("status", CAMPAIGN_STATUSES)
    if any(d.is_error for d in run.diagnostics[before:]) or None in (title, date, summary, host, start, end, status):
        return None
    return Campaign(
        slug=slug,
        source=path,
        rel_path=rel,
        title=title,
        date=date,
        summary=summary,
        host=host,
        start=start,
        end=end,
        status=status,
        body=body,
        body_line=body_line,
        owner=f.text("owner") or "",
        phases=tuple(phases),
        review=review,
        quota=quota,
        basis=tuple(basis),
        photo=photo,
    )


# -- field readers ----------------------------------------------------------------


def _unit(f: Fields, units: dict[str, Unit]) -> Unit | None:
    value = f.text("unit", True, example=next(iter(units), "hstc"))
    if value is None:
        return None
    if value in units:
        return units[value]
    unit = _by_name(units).find(value)
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
        by_name = _by_name(known).find(value)
        hint = f"Dùng mã `{by_name.id}` thay cho tên." if by_name else (did_you_mean(value, list(known) + [v.name for v in known.values()]) or f"Các mã {label}: " + ", ".join(known))
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
    out = []
    example = '{year: 2025, title: chien-si-thi-dua-co-so, decision: "Quyết định số 123/QĐ-SYT ngày 10/12/2025"}'
    node = f.map.get("awards")
    if node is not None and node.kind not in ("seq", "null"):
        f.report("E203", node, "awards", "`awards` phải là một danh sách, mỗi mục có `year` và `title`.", f"Ví dụ:\n    awards:\n      - {example}")
        return out
    for item in node.value if node is not None and node.kind == "seq" else []:
        sub = f.mapping_of(item, "awards", ("year", "title", "decision", "by"), example)
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
                by_name = _by_name(vocabulary.awards, abbreviations=True).find(value)
                hint = f"Dùng mã `{by_name.id}` ({by_name.name})." if by_name else (did_you_mean(value, vocabulary.awards) or "Xem danh sách mã danh hiệu trong hướng dẫn soạn bài.")
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


def _resolve_inside(run: _Run, f: Fields, key: str, value: str, base: Path) -> Path | None:
    node = f.map[key]
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "://" in value:
        name = re.split(r"[\\/]", value)[-1] or "anh.jpg"  # Path(...).name keeps a Windows path whole
        f.report("E501", node, key, f"`{key}` phải là đường dẫn tương đối tới tệp trong `content/`, nhưng đang là `{value}`.", f"Đặt ảnh cạnh bài viết và ghi `{key}: {name}`.")
        return None
    try:
        target = (base / value).resolve()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        f.report("E502", node, key, f"Không tìm thấy tệp ảnh `{value}`.", "Tên tệp có ký tự không hợp lệ hoặc quá dài: đổi tên ảnh cho ngắn, không dấu, ví dụ `anh-chan-dung.jpg`.")
        return None
    content = run.content_dir.resolve()
    if content not in target.parents:
        f.report("E501", node, key, f"Ảnh `{value}` nằm ngoài thư mục `content/`.", "Chép ảnh vào cạnh bài viết và sửa đường dẫn.")
        return None
    if not _is_file(target):
        try:
            siblings = [p.name for p in target.parent.iterdir()] if target.parent.is_dir() else []
        except OSError:
            siblings = []
        hint = did_you_mean(target.name, siblings) or "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và thư mục chứa ảnh."
        f.report("E502", node, key, f"Không tìm thấy tệp ảnh `{value}`.", hint)
        return None
    return target


def _photo(run: _Run, f: Fields, base: Path, required_alt: bool) -> Photo | None:
    value = f.text("photo")
    if not value:
        return None
    alt = f.text("photo_alt")
    if required_alt and not alt:
        f.report(
            "E507",
            f.map.get("photo_alt") or f.map["photo"],
            "photo_alt",
            "Có `photo` nhưng thiếu `photo_alt` (mô tả ảnh cho người không nhìn thấy ảnh).",
            "Ví dụ: `photo_alt: Điều dưỡng Lan đo huyết áp cho cụ bà tại khoa`",
        )
    focus = _focus(f)
    path = _resolve_inside(run, f, "photo", value, base)
    if path is None:
        return None
    info, problems = imagecheck.inspect(path)
    for p in problems:
        f.report(p.code, f.map["photo"], "photo", f"`{value}`: {p.message}", p.hint, p.severity)
    if info is None:
        return None
    return Photo(path, alt or "", f.text("photo_credit") or "", focus, info.width, info.height)


def _focus(f: Fields) -> tuple[float, float]:
    node = f.map.get("photo_focus")
    default = (0.5, 0.4)
    if node is None or node.kind == "null":
        return default
    if node.kind == "seq" and len(node.value) == 2 and all(n.kind in ("int", "float") for n in node.value):
        x, y = (float(n.value) for n in node.value)
        if 0 <= x <= 1 and 0 <= y <= 1:
            return (x, y)
    f.report("E508", node, "photo_focus", "`photo_focus` phải là hai số từ 0 đến 1: vị trí ngang, dọc của khuôn mặt trong ảnh.", "Ví dụ: `photo_focus: [0.5, 0.3]` (giữa ảnh, phần trên).")
    return default


def _phases(f: Fields, start: dt.date | None, end: dt.date | None) -> list[Phase]:
    out: list[tuple[Phase, Node]] = []
    example = "{name: Đợt 1, start: 2026-03-01, end: 2026-06-30, goal: ...}"
    node = f.map.get("phases")
    if node is not None and node.kind not in ("seq", "null"):
        f.report("E203", node, "phases", "`phases` phải là một danh sách các đợt.", f"Ví dụ:\n    phases:\n      - {example}")
        return []
    for item in node.value if node is not None and node.kind == "seq" else []:
        sub = f.mapping_of(item, "phases", ("name", "start", "end", "goal"), example)
        if sub is None:
            continue
        name = sub.text("name", True, example="Đợt 1")
        p_start, p_end = sub.date("start", True), sub.date("end", True)
        if p_start and p_end and p_end < p_start:
            sub.report("E605", sub.map["end"], "phases.end", f'Đợt "{name}" kết thúc {p_end:%d/%m/%Y} trước khi bắt đầu {p_start:%d/%m/%Y}.', "Sửa lại `start` và `end` của đợt.")
            continue
        if not (name and p_start and p_end):
            continue
        if start and end and (p_start < start or p_end > end):
            sub.report(
                "E602",
                item,
                "phases",
                f'Đợt "{name}" ({p_start:%d/%m/%Y}–{p_end:%d/%m/%Y}) nằm ngoài thời gian phong trào ({start:%d/%m/%Y}–{end:%d/%m/%Y}).',
                "Mỗi đợt phải nằm trong khoảng `start`–`end` của phong trào.",
            )
            continue
        out.append((Phase(name, p_start, p_end, sub.text("goal") or ""), item))
    ordered = sorted(out, key=lambda pair: pair[0].start)
    for (a, _), (b, b_node) in zip(ordered, ordered[1:]):
        if b.start <= a.end:
            f.report(
                "E603",
                b_node,
                "phases",
                f'Đợt "{b.name}" bắt đầu {b.start:%d/%m/%Y}, trước khi đợt "{a.name}" kết thúc {a.end:%d/%m/%Y}.',
                "Các đợt không được chồng lên nhau: đợt sau bắt đầu sau ngày kết thúc của đợt trước.",
            )
    return [p for p, _ in ordered]


def _quota(f: Fields) -> Quota | None:
    node = f.map.get("quota")
    if node is None or node.kind == "null":
        return None
    sub = f.mapping_of(node, "quota", ("collective", "individual"), "{collective: 2, individual: 5}")
    if sub is None:
        return None
    values = {}
    for key in ("collective", "individual"):
        child = sub.map.get(key)
        values[key] = sub.integer_of(child, f"quota.{key}", "5", 0) if child is not None and child.kind != "null" else None
    return Quota(**values)


def _check_body(run: _Run, rel: str, body: str, body_line: int, base: Path) -> None:
    # Most bodies have no image and nothing the unsafe-HTML pattern could match
    # (it needs `<`, `=` or `javascript:`): skip them without running a regex per line.
    if "![" not in body and "<" not in body and "=" not in body and "javascript:" not in body.casefold():
        return
    for offset, line in enumerate(body.split("\n")):
        match = _UNSAFE_HTML.search(line)
        if match:
            run.add(
                rel,
                body_line + offset,
                match.start() + 1,
                "W701",
                f"HTML không an toàn (`{match.group(0).strip()}`) sẽ bị loại khỏi trang và bản tin.",
                "Xóa đoạn mã này; nội dung dán từ Word chỉ nên giữ chữ, bảng và ảnh.",
                severity="warning",
            )
        for image in [*_BODY_IMAGE.finditer(line), *_REFERENCE_IMAGE.finditer(line)]:
            _check_alt(run, rel, body_line + offset, image.start() + 1, image.group(1), markdown=True)
        for image in _BODY_IMAGE.finditer(line):
            _check_body_image(run, rel, body_line + offset, image.start() + 1, image.group(2), base)
    if "<img" in body or "<IMG" in body or "<Img" in body:
        for tag in _HTML_IMAGE_TAG.finditer(body):
            line = body_line + body.count("\n", 0, tag.start())
            column = tag.start() - body.rfind("\n", 0, tag.start())
            alt = _HTML_ALT.search(tag.group(0)[4:])  # past "<img", so `alt` is an attribute name
            _check_alt(run, rel, line, column, None if alt is None else next((g for g in alt.groups() if g is not None), ""), markdown=False)
            src = _HTML_SRC.search(tag.group(0))
            if src:
                _check_body_image(run, rel, line, column, src.group(2), base)


def _check_alt(run: _Run, rel: str, line: int, column: int, alt: str | None, markdown: bool) -> None:
    """Every content image needs a text alternative (WCAG 2.1, 1.1.1; Circular 26/2020/TT-BTTTT)."""
    example = "`![Kíp mổ cấp cứu trong đêm](kip-mo.jpg)`" if markdown else '`<img src="kip-mo.jpg" alt="Kíp mổ cấp cứu trong đêm">`'
    where = "chữ trong `![...]`" if markdown else "thuộc tính `alt`"
    if alt is None or not alt.strip():
        run.add(
            rel,
            line,
            column,
            "W703",
            f"Ảnh trong bài thiếu mô tả ({where}): người khiếm thị và người đọc khi ảnh không tải được sẽ không biết ảnh có gì.",
            f"Viết một câu ngắn tả nội dung ảnh, ví dụ {example}.",
            severity="warning",
        )
    elif _FILE_NAME_ALT.match(alt.strip()):
        run.add(rel, line, column, "W704", f"Mô tả ảnh `{alt.strip()}` chỉ là tên tệp, không cho người đọc biết ảnh có gì.", f"Thay bằng một câu tả nội dung ảnh, ví dụ {example}.", severity="warning")


def _check_body_image(run: _Run, rel: str, line: int, column: int, target: str, base: Path) -> None:
    """A local image in the body goes through the photo pipeline: same rules as `photo`."""
    if "://" in target or target.startswith(("data:", "#", "/", "mailto:")):
        return  # a URL, not a file of ours: the page links it as written
    path = base / target
    try:
        inside = run.content_dir.resolve() in path.resolve().parents
    except (OSError, ValueError):
        inside = False
    if not inside:
        run.add(rel, line, column, "E501", f"Ảnh `{target}` được chèn trong bài nằm ngoài thư mục `content/`.", "Chép ảnh vào cạnh bài viết và ghi tên tệp, ví dụ `![Mô tả ảnh](anh.jpg)`.")
        return
    if not _is_file(path):
        run.add(rel, line, column, "E702", f"Không tìm thấy ảnh `{target}` được chèn trong bài.", "Đặt ảnh cạnh bài viết và kiểm tra tên tệp.")
        return
    _, problems = imagecheck.inspect(path)
    for p in problems:
        run.add(rel, line, column, p.code, f"Ảnh `{target}` trong bài: {p.message}", p.hint, severity=p.severity)


def _is_file(path: Path) -> bool:
    """Path.is_file() that is False, not an exception, for names the OS refuses."""
    readcache.looked_at(path)  # a story's cached read is valid while this file is unchanged
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


# -- across files -----------------------------------------------------------------


def _unique_slugs(run: _Run, items: list, label: str) -> list:
    seen: dict[str, object] = {}
    kept = []
    for item in items:
        first = seen.get(item.slug)
        if first is not None:
            run.add(item.rel_path, 0, 0, "E307", f"Đường dẫn (slug) `{item.slug}` trùng với {label} trong `{first.rel_path}`.", f"Đổi tên tệp hoặc thư mục, ví dụ `{item.slug}-{item.date.year}`.")
            continue
        seen[item.slug] = item
        kept.append(item)
    return kept


def _check_campaign_links(run: _Run, exemplars: list[Exemplar], campaigns: list[Campaign]) -> None:
    """More exemplars honoured in a campaign than its quota allows is a warning."""
    known = {c.slug: c for c in campaigns}
    counts: dict[tuple[str, str], int] = {}
    for e in exemplars:
        if e.status == "published":
            for slug in e.campaigns:
                counts[(slug, e.kind)] = counts.get((slug, e.kind), 0) + 1
    for (slug, kind), honoured in sorted(counts.items()):
        campaign = known.get(slug)
        limit = campaign.quota.for_kind(kind) if campaign and campaign.quota else None
        if limit is not None and honoured > limit:
            who = "tập thể" if kind == "collective" else "cá nhân"
            run.add(
                campaign.rel_path,
                _key_line(campaign.source, "quota"),
                1,
                "W601",
                f"Đã có {honoured} {who} được vinh danh trong phong trào, vượt chỉ tiêu {limit}.",
                "Kiểm tra lại `quota` hoặc danh sách `campaigns` của các bài viết.",
                "quota",
                "warning",
            )


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level key; used only for rare cross-file messages."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0
