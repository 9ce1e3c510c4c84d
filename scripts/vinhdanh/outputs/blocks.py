"""Blocks of the section shown elsewhere: on the hospital's own pages, and on other sites.

In a Markdown page of `pages/`, a line holding only a marker

    <!-- vinhdanh:moi-nhat 6 -->          the 6 newest exemplars (default 6)
    <!-- vinhdanh:phong-trao -->          campaigns under way (or: sap-dien-ra, tat-ca)
    <!-- vinhdanh:bang-vang 2025 -->      the honour roll of 2025 (default: the latest year)

is replaced at build time by that block (English names work too: newest, campaigns,
honour-roll). An HTML comment, so any other Markdown tool simply shows nothing, and
markers inside code blocks are left alone (a page may show how to write one).

For a hospital whose main site is another CMS, `write_embeds()` writes the same
blocks as self-contained HTML (inline styles, no script, no request of their own,
absolute links) and as JSON, under `<section>/nhung/`.

Everything reads the public view of the content only.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from pathlib import Path

from ..content.diagnostics import Diagnostic
from ..derive import views as derive
from ..pages.urls import EMBEDS  # folder of the embeddable blocks, under the section
from ..records import record

MARKER_LINE = re.compile(r"^ {0,3}<!--\s*vinhdanh:(?P<body>.*?)-->\s*$")
MARKER_START = re.compile(r"<!--\s*vinhdanh:")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
KINDS = {"moi-nhat": "newest", "newest": "newest", "phong-trao": "campaigns", "campaigns": "campaigns", "bang-vang": "honour-roll", "honour-roll": "honour-roll"}
STATES = {"dang-dien-ra": "ongoing", "ongoing": "ongoing", "sap-dien-ra": "upcoming", "upcoming": "upcoming", "tat-ca": "all", "all": "all"}
MAX_NEWEST = 24
USAGE = (
    "Các khối có thể chèn: `<!-- vinhdanh:moi-nhat 6 -->` (gương điển hình mới nhất), "
    "`<!-- vinhdanh:phong-trao -->` (phong trào đang diễn ra; hoặc `sap-dien-ra`, `tat-ca`), "
    "`<!-- vinhdanh:bang-vang 2025 -->` (bảng vàng một năm; bỏ số năm là năm gần nhất)."
)
PAGES = "pages"  # the hospital's own pages (the engine's docs_dir)


@record
class Marker:
    line: int  # 1-based, in the page file
    kind: str  # newest | campaigns | honour-roll
    count: int = 6
    state: str = "ongoing"  # ongoing | upcoming | all
    year: int | None = None  # None: the latest year with awards


class BlockError(Exception):
    """Markers that cannot be rendered; every one of them, with file and line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        from ..content.diagnostics import format_report

        self.diagnostics = diagnostics
        super().__init__(format_report(diagnostics, "text", len({d.path for d in diagnostics})))


# -- reading markers ------------------------------------------------------------------


def find_markers(text: str, rel_path: str) -> tuple[list[Marker], list[Diagnostic]]:
    markers, problems = [], []
    fence = ""
    for number, line in enumerate(text.splitlines(), 1):
        opened = FENCE.match(line)
        if fence:
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened["fence"]
            continue
        if not MARKER_START.search(line):
            continue
        whole = MARKER_LINE.match(line)
        if not whole:
            problems.append(
                _problem(
                    rel_path,
                    number,
                    line.find("<!--") + 1,
                    "E901",
                    "Dấu chèn khối `<!-- vinhdanh:... -->` phải nằm riêng trên một dòng và đóng bằng `-->`.",
                    "Đặt dấu chèn trên một dòng riêng, có dòng trống trước và sau. " + USAGE,
                )
            )
            continue
        marker, problem = _parse(whole["body"].split(), rel_path, number)
        if marker:
            markers.append(marker)
        elif problem is not None:
            problems.append(problem)
    return markers, problems


def _parse(words: list[str], rel_path: str, line: int) -> tuple[Marker | None, Diagnostic | None]:
    if not words:
        return None, _problem(rel_path, line, 1, "E901", "Dấu chèn `<!-- vinhdanh: -->` chưa ghi tên khối.", USAGE)
    name, args = words[0], words[1:]
    kind = KINDS.get(name)
    if kind is None:
        return None, _problem(rel_path, line, 1, "E901", f"Không có khối tên `{name}`.", USAGE)
    if len(args) > 1:
        return None, _problem(rel_path, line, 1, "E902", f"Khối `{name}` nhận nhiều nhất một tham số, ở đây có {len(args)}: `{' '.join(args)}`.", USAGE)
    arg = args[0] if args else None
    if kind == "newest":
        if arg is None:
            return Marker(line, kind), None
        if arg.isdigit() and 1 <= int(arg) <= MAX_NEWEST:
            return Marker(line, kind, count=int(arg)), None
        return None, _problem(rel_path, line, 1, "E902", f"Số gương điển hình `{arg}` không hợp lệ: cần một số từ 1 đến {MAX_NEWEST}.", f"Ví dụ: `<!-- vinhdanh:{name} 6 -->`.")
    if kind == "campaigns":
        if arg is None or arg in STATES:
            return Marker(line, kind, state=STATES[arg] if arg else "ongoing"), None
        return None, _problem(
            rel_path, line, 1, "E902", f"Khối `{name}` không biết `{arg}`: cần `dang-dien-ra` (mặc định), `sap-dien-ra` hoặc `tat-ca`.", f"Ví dụ: `<!-- vinhdanh:{name} sap-dien-ra -->`."
        )
    if arg is None or arg in ("moi-nhat", "latest"):
        return Marker(line, kind), None
    if re.fullmatch(r"(19|20)\d\d", arg):
        return Marker(line, kind, year=int(arg)), None
    return None, _problem(
        rel_path, line, 1, "E902", f"Năm `{arg}` của bảng vàng không hợp lệ: cần năm bốn chữ số, ví dụ 2025.", f"Ví dụ: `<!-- vinhdanh:{name} 2025 -->`, hoặc bỏ số năm để hiện năm gần nhất."
    )


def _problem(path: str, line: int, column: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, max(column, 1), code, message, hint)


def check_pages(pages_dir: Path, root: Path) -> list[Diagnostic]:
    """Every marker problem of every page at once (the validator and the build call this)."""
    problems: list[Diagnostic] = []
    if not pages_dir.is_dir():
        return problems
    for page in sorted(pages_dir.rglob("*.md")):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the engine reports unreadable pages itself
        problems.extend(find_markers(text, _rel(page, root))[1])
    return problems


def _lines_before(page_file: Path, markdown: str) -> int:
    try:
        raw = page_file.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return 0
    return raw[: len(raw) - len(markdown)].count("\n") if markdown and raw.endswith(markdown) else 0


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# -- what a block shows ----------------------------------------------------------------


class Blocks:
    """Renders markers and embeds from the section's public content."""

    def __init__(self, section):
        self.section = section
        self.content, self.urls, self.renderer = section.content, section.urls, section.renderer

    def newest(self, count: int):
        return derive.chronological(self.content.exemplars)[:count]

    @functools.cached_property
    def _campaign_groups(self):
        return derive.campaigns_by_state(self.content, self.section.today)

    @functools.cached_property
    def _roll(self):
        return derive.honour_roll(self.content)

    def campaigns(self, state: str):
        groups = self._campaign_groups
        return [v for key in ("ongoing", "upcoming", "ended") if state in (key, "all") for v in groups[key]]

    def honour_year(self, year: int | None):
        roll = self._roll
        if year is None:
            return roll[0] if roll else None
        return next((y for y in roll if y.year == year), None)

    # in the hospital's pages

    def expand(self, markdown: str, page_file: Path) -> str:
        """The page's Markdown with every marker replaced; BlockError when any is wrong."""
        rel = _rel(page_file, self.section.root)
        markers, problems = find_markers(markdown, rel)
        if problems:
            # Engines hand over the page without its front matter: report file lines.
            offset = _lines_before(page_file, markdown)
            raise BlockError([replace(d, line=d.line + offset) for d in problems])
        if not markers:
            return markdown
        lines = markdown.splitlines()
        for marker in reversed(markers):
            lines[marker.line - 1] = "\n" + self.page_html(marker) + "\n"
        return "\n".join(lines) + "\n"

    def slotted(self, markdown: str, page_file: Path) -> tuple[str, tuple[Marker, ...]]:
        """The page's Markdown with a shell slot for each marker (shells.py), and the
        markers: the engine renders the page once, every build fills in the blocks."""
        from ..engine.shells import block_marker

        self.expand(markdown, page_file)  # its errors, as ever
        markers = tuple(find_markers(markdown, "")[0])
        if not markers:
            return markdown, markers
        lines = markdown.splitlines()
        for index, marker in enumerate(markers):
            lines[marker.line - 1] = f"\n{block_marker(index)}\n"
        return "\n".join(lines) + "\n", markers

    def page_html(self, marker: Marker) -> str:
        env = self.renderer.env
        data = self._data(marker)
        sector = self.section.sector
        if marker.kind == "newest" and sector is not None:  # a department: its units' stories too
            from ..department.pages import SectorUrls, newest_in_sector

            data = {"items": newest_in_sector(self.content, sector, marker.count), "s": SectorUrls(self.urls)}
        html = env.get_template("block.html").render(marker=marker, **data)
        # One raw HTML block for Markdown: no blank line may end it early.
        return "\n".join(line for line in html.splitlines() if line.strip())

    def _data(self, marker: Marker) -> dict:
        if marker.kind == "newest":
            return {"items": self.newest(marker.count)}
        if marker.kind == "campaigns":
            return {"views": self.campaigns(marker.state)}
        return {"year": self.honour_year(marker.year), "wanted": marker.year}

    # on other sites

    def write_embeds(self, site_dir: Path) -> list[Path]:
        """Self-contained HTML (iframe document and paste-in snippet) and JSON of each block;
        with `section.reuse`, from the store while what they show is unchanged."""
        from ..site.atomic import write_bytes_atomically

        folder = site_dir / self.urls.exemplars / EMBEDS
        files = self.section.store.made("embeds", self._embeds_key(), self._embed_files, dict, self.section.reuse)
        written = []
        for name, data in files.items():
            write_bytes_atomically(folder / name, data)
            written.append(folder / name)
        return written

    def _embeds_key(self) -> str | None:
        """What the embeds are made of: the public content but its bodies (photos counted
        in), the addresses and the day (a campaign's state, the JSON's `today`)."""
        from ..cache.fingerprints import Unhashable

        fps = self.section.fingerprints
        try:
            return self.section.store.key("embeds", fps.of(self.content), fps.of(self.urls), self.section.today.isoformat())
        except Unhashable:
            return None

    def _embed_files(self) -> dict[str, bytes]:
        files = {}
        for name, marker in (("moi-nhat", Marker(0, "newest")), ("phong-trao", Marker(0, "campaigns")), ("bang-vang", Marker(0, "honour-roll"))):
            snippet = self.embed_snippet(marker)
            document = self.renderer.env.get_template("embed_page.html").render(snippet=snippet, title=self._title(marker))
            data = json.dumps(self.embed_data(marker), ensure_ascii=False, indent=2) + "\n"
            for suffix, text in ((".html", document), (".snippet.html", snippet + "\n"), (".json", data)):
                files[f"{name}{suffix}"] = text.encode("utf-8")
        return files

    def embed_snippet(self, marker: Marker) -> str:
        html = self.renderer.env.get_template("embed.html").render(marker=marker, title=self._title(marker), absolute=self.urls.absolute, **self._data(marker))
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())

    def _title(self, marker: Marker) -> str:
        if marker.kind == "newest":
            return "Gương điển hình mới đăng"
        if marker.kind == "campaigns":
            return {"ongoing": "Phong trào thi đua đang diễn ra", "upcoming": "Phong trào thi đua sắp diễn ra", "all": "Phong trào thi đua"}[marker.state]
        year = self.honour_year(marker.year)
        return f"Bảng vàng năm {year.year}" if year else "Bảng vàng"

    def embed_data(self, marker: Marker) -> dict:
        site, absolute = self.content.site, self.urls.absolute
        out = {"site": site.name, "title": self._title(marker), "today": self.section.today.isoformat()}
        data = self._data(marker)
        if marker.kind == "newest":
            out["url"] = absolute(self.urls.index_page(1))
            out["items"] = [self._story(e) for e in data["items"]]
        elif marker.kind == "campaigns":
            out["url"] = absolute(self.urls.campaigns)
            out["items"] = [
                {
                    "title": v.campaign.title,
                    "url": absolute(self.urls.campaign(v.campaign.slug)),
                    "summary": v.campaign.summary,
                    "host": v.campaign.host,
                    "start": v.campaign.start.isoformat(),
                    "end": v.campaign.end.isoformat(),
                    "state": v.state.kind,
                    "state_label": v.state.label,
                    "phase": v.state.phase.name if v.state.phase else None,
                    "honoured": len(v.honoured),
                }
                for v in data["views"]
            ]
        else:
            year = data["year"]
            out["url"] = absolute(self.urls.honour_roll_year(year.year) if year else self.urls.honour_roll)
            out["year"] = year.year if year else None
            out["groups"] = [
                {
                    "award": g.title.name,
                    "entries": [{**self._story(h.exemplar, brief=True), "decision": h.award.decision} for h in g.entries],
                }
                for g in (year.groups if year else ())
            ]
        return out

    def _story(self, e, brief: bool = False) -> dict:
        absolute = self.urls.absolute
        item = {"name": e.name, "kind": e.kind, "position": e.position, "unit": e.unit.name, "url": absolute(self.urls.exemplar(e.slug))}
        if brief:
            return item
        top = e.highest_award
        plan = self.section.images.plan.photo(e.photo.source) if e.photo else None
        thumb = plan.fallback if plan else None
        return {
            **item,
            "title": e.title,
            "summary": e.summary,
            "date": e.date.isoformat(),
            "award": f"{top.title.name} {top.year}" if top else None,
            "photo": {"url": absolute(thumb.url), "width": thumb.width, "height": thumb.height, "alt": e.photo.alt} if thumb else None,
        }
