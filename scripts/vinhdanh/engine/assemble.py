"""The site from the engine's output and the section's own pages.

The engine (mkdocs_plugin.py) renders the hospital's pages and one shell per
skeleton (shells.py) and describes them in an `EngineOutput`. Here every section
page is its fragment spliced into its shell and written; the hospital's pages
with section blocks get that day's blocks; the sitemap lists every page.

`vinhdanh build` keeps the engine's output in the store (cache/store.py, kind
`engine`), keyed by all it is made of (`engine_key`): a build whose content changed but not that starts no
engine at all (build.py). Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import os
import re
import sys
from dataclasses import field
from pathlib import Path
from urllib.parse import quote, urljoin

from ..cache.contexts import KeptContexts
from ..cache.files import Files, link
from ..cache.fingerprints import Unhashable
from ..cache.keys import file_key, sha, tree_key
from ..outputs.blocks import PAGES, Marker
from ..pages.plan import PageSpec
from ..records import record
from . import shells
from .inputs import build_date, config_env
from .shells import Shell

ROOT_ANCHORS = ("", "assets/")  # the home page; the theme's and our styles, scripts and logo
_PLAIN = re.compile(r"(?:[A-Za-z0-9_%~-][A-Za-z0-9_.%~-]*/)*(?:[A-Za-z0-9_%~-][A-Za-z0-9_.%~-]*)?")  # relative, no "." segment
_ODD_BASE = re.compile(r"[?#;]|^[^:]*$")  # a query, fragment or parameters; no scheme
_MD_TARGET = re.compile(r"""[^\s()<>\[\]"'`|]+\.md\b""")


@record(frozen=False)
class EngineOutput:
    """What one engine run made, and what the section needs of it to splice its pages."""

    key: str  # engine_key() of its inputs
    site_url: str
    directory_urls: bool
    anchors: tuple[str, ...]  # what the theme links to from every page (shells.skeleton_of)
    own: frozenset[str]  # section pages named in the nav: a skeleton each, their real title in it
    shells: dict[str, Shell] = field(default_factory=dict)  # skeleton key -> shell
    blocks: dict[str, tuple[Shell, tuple[Marker, ...]]] = field(default_factory=dict)  # hospital page file -> shell, markers
    sitemap: list[str] = field(default_factory=list)  # the hospital's pages, in the engine's order
    ours: set[str] = field(default_factory=set)  # files of the engine's site that we write ourselves
    # (path, titled, described) -> skeleton key: kept with the output in the store, so a build
    # reusing it does not work out 1,400 keys again (16 ms). Made of `anchors` and `own`
    # too, which the engine sets before it asks for the first (mkdocs_plugin.on_files).
    skeletons: dict[tuple[str, bool, bool], str] = field(default_factory=dict)

    def skeleton(self, spec: PageSpec) -> str:
        page = (spec.path, bool(spec.title), bool(spec.description))
        found = self.skeletons.get(page)
        if found is None:  # interned: the pages of one skeleton share one string in the pickle
            found = self.skeletons[page] = sys.intern(shells.skeleton_of(*page, self.anchors, self.own))
        return found

    def url(self, spec: PageSpec) -> str:
        return quote(spec.path if self.directory_urls else f"{spec.path}index.html", safe="/")

    def canonical(self, spec: PageSpec) -> str:
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        url = self.url(spec)
        if _PLAIN.fullmatch(url) and not _ODD_BASE.search(base):  # what urljoin gives, without its parsing (twice per page)
            return base + url
        return urljoin(base, url)

    def missing(self, pages: list[PageSpec]) -> list[str]:
        """Skeletons these pages need that this output has no shell for."""
        return sorted({key for spec in pages if (key := self.skeleton(spec)) not in self.shells})


@record(frozen=False)
class KeptPages:
    """The section's pages already in a site folder that outlives its builds (servetree.py)."""

    there: dict[str, str] = field(default_factory=dict)  # page file -> fingerprint of what is written there
    engine_writes: bool = False  # `serve`: the engine writes its pages into the folder on every build
    present: set[str] = field(default_factory=set)  # files in the folder (a recycled one's pages), replaced when not right
    # Pages the engine writes over on every build (those it renders itself): their text, to write again.
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # page file -> fingerprint, text


def representatives(pages: list[PageSpec], output: EngineOutput, linked: list[str]) -> list[PageSpec]:
    """What the engine renders of the section: a page per skeleton, the pages the nav
    names, and those the hospital's pages link to (`linked_pages`); none for a
    skeleton `output` has a shell for already (a `serve` rebuild of the same inputs)."""
    seen: set[str] = set(output.shells)
    chosen = []
    for spec in pages:
        key = output.skeleton(spec)
        if key not in seen or spec.path in output.own or f"{spec.path}index.md" in linked:
            seen.add(key)
            chosen.append(spec)
    return chosen


def named_paths(nav) -> set[str]:
    """Every path the engine's nav names (titles too: more is harmless)."""
    if isinstance(nav, str):
        return {nav.lstrip("/")}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*map(named_paths, items))


def linked_pages(docs_dir: Path, section) -> list[str]:
    """Section pages a hospital page links to by `….md` path: the engine must know them
    to turn such links into addresses. Generous: any `….md` in the text counts."""
    found: set[str] = set()
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else ():
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        folder = page.parent.relative_to(docs_dir).as_posix()
        for target in _MD_TARGET.findall(text):
            target = target.split("#")[0]
            for rel in (os.path.normpath(f"{folder}/{target}"), os.path.normpath(target.lstrip("/"))):
                if rel.endswith("index.md") and section.page_for(rel[: -len("index.md")]) is not None:
                    found.add(rel)
    return sorted(found)


def engine_key(section, config_file: Path) -> str:
    """Everything the engine's output is made of: our code and the engine's version
    (the package key), the configuration (and the environment variables it reads),
    the hospital's pages and overrides, what of the site settings the theme shows,
    and the section pages the hospital's pages link to."""
    text = config_file.read_text(encoding="utf-8", errors="replace") if config_file.is_file() else ""
    env = config_env(text)
    root = config_file.parent
    folders = [root / _setting(text, "docs_dir", PAGES), root / _setting(text, "custom_dir", "overrides")]
    site = section.content.site
    return section.store.key(
        "engine",
        text,
        *env,
        tree_key(*folders),
        section.fingerprints.of(site),
        file_key(site.logo),
        *linked_pages(folders[0], section),
    )


def _setting(text: str, key: str, default: str) -> str:
    found = re.search(rf"^\s*{key}:\s*['\"]?([^'\"#\s]+)", text, re.MULTILINE)
    return found.group(1) if found else default


# -- writing ------------------------------------------------------------------------


def write_site(section, output: EngineOutput, site_dir: Path, engine_site: Path | None, store: Files | None, fork: bool = True, kept: KeptPages | None = None, served: bool = False) -> None:
    """The whole site into `site_dir`: the engine's files (linked from `engine_site`,
    or already there under `mkdocs build`), the section's pages, and what the engine
    never makes (photos, feeds, export, search index), the latter in a forked child
    while this process writes the pages (forked.py). `kept`: the pages already in
    `site_dir` by fingerprint (servetree.py), left as they are while it matches. `served`:
    `site_dir` is served as it is written (`serve`), so the photos go before the pages."""
    if engine_site is not None:
        link_engine_site(engine_site, site_dir, output)
    section.reuse = store is not None or kept is not None  # feeds, export and search index from the store too
    section.start_extras(site_dir, fork=fork)
    try:
        if served:  # a page served as soon as written comes after the photos it shows
            section.images.write(site_dir, section.today)
        rendered, reused = write_pages(section, output, site_dir, store, kept)
        section.write_extras(site_dir)
    finally:
        section.stop_extras()  # a build that stopped early leaves no child writing
    if store is not None:
        store.commit()
    if store is not None or kept is not None:
        section.timings.update(pages_rendered=rendered, pages_reused=reused)


def link_engine_site(engine_site: Path, site_dir: Path, output: EngineOutput) -> set[str]:
    """The engine's files (theme assets, the hospital's pages, 404) into a site, linked;
    one that is there already as the same file stays (a recycled folder, recycle.py).
    Returns their paths."""
    top, linked = str(engine_site), set()
    for dirpath, _, filenames in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in filenames:
            rel = prefix + name
            if rel in output.ours:
                continue
            linked.add(rel)
            source, dest = os.path.join(dirpath, name), f"{site_dir}{os.sep}{rel}"
            try:
                link(source, dest)
            except FileExistsError:
                if not os.path.samefile(source, dest):
                    os.unlink(dest)
                    link(source, dest)
    return linked


def write_pages(section, output: EngineOutput, site_dir: Path, store: Files | None, kept: KeptPages | None = None) -> tuple[int, int]:
    """Every section page spliced into its shell; unchanged ones linked from `store`,
    or left in place when `kept` (updated here) says they are there. Returns how many
    pages were rendered and how many reused."""
    skeletons = {spec.path: output.skeleton(spec) for spec in section.pages}  # once a page: asked thrice
    missing = sorted({key for key in skeletons.values() if key not in output.shells})
    if missing:
        raise shells.ShellError(f"the engine made no shell for {missing[:3]}")
    fps: dict[str, str | None] = {}
    if store is not None or kept is not None:
        shared = section.store.key("page", section.fingerprints.of(section.content.site), output.site_url)
        contexts = KeptContexts(section, reuse=store is None or store.reuse)
        fps = {spec.path: _fingerprint(section, spec, output.shells[skeletons[spec.path]].digest, shared, contexts) for spec in section.pages}
        contexts.save()
        section.timings["contexts_hashed"] = contexts.hashed
    rendered = reused = 0
    site = f"{site_dir}{os.sep}"
    for spec in section.pages:
        rel, fp = f"{spec.path}index.html", fps.get(spec.path)
        path = site + rel  # a string: a thousand pages an edit, most of them only linked
        engine_wrote = rel in output.ours and (kept is None or kept.engine_writes)
        if kept is not None and fp is not None and _kept(kept, rel, fp, path, engine_wrote):
            reused += 1
            if store is not None:
                store.keep(fp)  # the store keeps it for the builds after this one
            continue
        if store is not None and fp is not None and _place(store, fp, path, rel in output.ours or (kept is not None and rel in kept.present)):
            reused += 1
            if kept is not None:
                _keep(kept, rel, fp, "", False)
            continue
        values = shells.page_values(spec.title, spec.description, output.canonical(spec), section.head_tags(spec), section.renderer.fragment(spec))
        text = output.shells[skeletons[spec.path]].fill(values)
        if not (kept is not None and rel in kept.present and not engine_wrote and _same(path, text)):
            _write(Path(path), text)
        rendered += 1
        if store is not None and fp is not None:
            store.written(fp, Path(path))
        if kept is not None:
            _keep(kept, rel, fp, text, engine_wrote)
    for rel, (shell, markers) in output.blocks.items():
        _write(site_dir / rel, shell.fill({f"block{i}": section.blocks.page_html(m) for i, m in enumerate(markers)}))
    write_sitemap(site_dir, [*output.sitemap, *(output.canonical(spec) for spec in section.pages)])
    return rendered, reused


def _kept(kept: KeptPages, rel: str, fp: str, path: str, engine_wrote: bool) -> bool:
    """Whether the page of `fp` is at `path` now (written again when the engine wrote there)."""
    hit = kept.texts.get(rel)
    if not engine_wrote:  # what the last build wrote is there
        return kept.there.get(rel) == fp or (hit is not None and hit[0] == fp)
    if hit is None or hit[0] != fp:
        return False
    _write(Path(path), hit[1])
    return True


def _keep(kept: KeptPages, rel: str, fp: str | None, text: str, engine_wrote: bool) -> None:
    kept.there.pop(rel, None)
    kept.texts.pop(rel, None)
    if fp is not None and engine_wrote:
        kept.texts[rel] = (fp, text)
    elif fp is not None:
        kept.there[rel] = fp


def _place(store: Files, fp: str, path: str, shell_there: bool) -> bool:
    if shell_there and store.knows(fp):  # under `mkdocs build` and `serve`, the engine's page is in the site
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return store.place(fp, path)


def _fingerprint(section, spec: PageSpec, shell: str, shared: str, contexts: KeptContexts) -> str | None:
    """Everything a section page is made of: its shell (by digest) and its own parts' inputs."""
    try:
        today = section.today.isoformat() if section.renderer.reads_today(spec.template) else ""
        parts = (spec.path, spec.title, spec.description, spec.template, spec.kind, str(spec.searchable))
        return sha(shared, shell, *parts, contexts.of(spec), section.fingerprints.whole(spec.item), today)
    except Unhashable:
        return None


def _same(path: str, text: str) -> bool:
    """Whether the file at `path` (a recycled folder's: recycle.py) holds `text` already.
    A `--full` build renders every page again, mostly to the same bytes: a read of the
    file there costs a tenth of writing it again (and of the disk flushing it while the
    next build runs)."""
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _write(path: Path, text: str) -> None:
    """A new file, never written in place: a linked page's bytes belong to the store too."""
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def write_sitemap(site_dir: Path, addresses: list[str]) -> None:
    """sitemap.xml and .gz of every page, as MkDocs' own template writes them."""
    from markupsafe import escape  # the template's `|e`

    date = build_date()
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for address in addresses:
        out.append(f"\n    <url>\n         <loc>{escape(address)}</loc>\n         <lastmod>{date}</lastmod>\n    </url>")
    text = "".join(out) + "\n</urlset>"
    _write(site_dir / "sitemap.xml", text)
    buffer = io.BytesIO()
    stamp = int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc).timestamp())
    with gzip.GzipFile(fileobj=buffer, filename=str(site_dir / "sitemap.xml.gz"), mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    (site_dir / "sitemap.xml.gz").write_bytes(buffer.getvalue())
