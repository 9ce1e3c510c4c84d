"""A build after a story's body alone was edited: its page, feed entries and export item
get the new body; every other file is the live site's. No model read, no page planned.

Most saves change a body only (a typo, a paragraph), and a normal build still reads
what changed, plans ~1,400 pages and places the unchanged ones (~0.5 s at 1,000
stories). Here, when the last build recorded what it was made of (`remember`) and
since then nothing but one story's (campaign's, event's) Markdown file changed, with
its front matter the same bytes, on the same day, with the same code, and its new body
passes every check without a word and shows no local image:

1. the old body's HTML is found in the live page between `<div class="vd-body">` and
   `</div>` (its length and hash recorded), and in each feed and the export in their
   encoding (XML text, a JSON string) exactly once where the item has its entry;
2. the spare site (recycle.py), or a new folder, becomes the live site's twin by hard
   links (a walk of both trees comparing inodes: no byte read), takes the new files,
   and is swapped in as any build's site is (swap.py).

Anything else (another file changed, added or removed, a count other than one, an
image, a warning) and the caller builds as always, having touched nothing. The next
normal build makes the edited story's outputs again: its read and pages are stale in
the store by their keys. tests/test_bodyedit.py checks the site equals a normal build's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from ..deploy import history
from ..engine.inputs import build_date, config_env
from ..records import record
from . import staging
from .atomic import read_cache, signature, write_cache

STATE = "bodyedit"  # .cache/bodyedit/: a file per site folder the project builds into
_MARK = '<div class="vd-body">'  # templates/story.html, campaign.html, event.html
_END = "</div>"
_OUTSIDE = re.compile(r"^\s*(?:INHERIT\s*:|(?:docs_dir|custom_dir)\s*:\s*['\"]?(?:/|~|[^\n]*\.\.))", re.M)
_NOT_IN_XML = frozenset("\r\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")


@record
class Item:
    """Where a story's body is on the site, and what it is there."""

    page: str  # the page file, site-relative
    url: str  # the page's address: its entries' id, the base of their absolute links
    front: str  # sha1 of the file's front matter text, as written
    length: int  # the body's HTML, in characters
    html: str  # sha1 of the body's HTML


@record
class State:
    """What the live site was made of, by its last build."""

    made_of: tuple[str, ...]  # the code, the configuration and its environment, the build's day and the sitemap's
    site: str  # the live folder's identity (device:inode): replaced or rolled back since, no state
    inputs: dict  # every project file -> signature (`scan`)
    items: dict  # story file -> Item, for the stories whose body this may replace
    skip: tuple[str, ...]  # the site's folders no feed or export is in (photos, search)
    warnings: tuple[str, ...]  # what the build said, said again
    pages: int


def scan(root: Path, target: Path) -> dict | None:
    """Every file of the project a build may read, by signature; hidden names and the
    site left out. None when a folder is a link (its files' changes would go unseen)."""
    found: dict = {}
    skip, start = str(target), len(str(root)) + 1
    stack = [str(root)]
    try:
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or entry.name == "__pycache__" or entry.path == skip:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_dir():  # a link to a folder
                        return None
                    else:
                        st = entry.stat()
                        found[entry.path[start:]] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)  # atomic.signature's
    except OSError:
        return None
    return found


def remember(root: Path, config: Path, target: Path, section, inputs: dict | None) -> None:
    """Record what the site just swapped in at `target` was made of (`inputs`: `scan`
    before the build read anything), for the next build to be a body edit."""
    path = state_file(root, target)
    identity = history.identity(target)
    made_of = _made_of(config, section.today.isoformat())
    if inputs is None or made_of is None or section.sector is not None or identity is None:  # a department's units' stories: no
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return
    last = read_cache(path)
    last = last if isinstance(last, State) else None
    told = {w.path for w in section.warnings}
    pages_of: dict[str, list] = {}
    for spec in section.pages:
        rel = getattr(spec.item, "rel_path", None)
        if rel is not None and rel not in told:
            pages_of.setdefault(rel, []).append(spec)
    items = {}
    for rel, specs in pages_of.items():  # a body on two pages: not here
        found = _recorded(root, specs[0], section, inputs.get(rel), last) if len(specs) == 1 else None
        if found is not None:
            items[rel] = found
    urls = section.urls
    skip = (urls.images, urls.search_bundle, "assets/")
    state = State(made_of, identity, inputs, items, skip, tuple(w.text() for w in section.warnings), len(section.pages))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_cache(path, state)
    except OSError:  # a read-only project: every build a normal one (a state left is not this site's)
        pass


def _recorded(root: Path, spec, section, scanned: tuple | None, last: State | None) -> Item | None:
    """Where the body of the page `spec` shows is; None when this may not replace it: a
    body with a local image (the photos' work), or a file changed since the scan."""
    from ..outputs.feeditem import permalink
    from ..render.body import kept_html

    item = spec.item
    html = kept_html(item.body) if isinstance(getattr(item, "body", None), str) else None
    if html is None or "<img" in html or scanned is None or signature(root / item.rel_path) != scanned:
        return None
    known = last.items.get(item.rel_path) if last is not None and last.inputs.get(item.rel_path) == scanned else None
    front = known.front if known is not None else _front(root / item.rel_path)
    if front is None:
        return None
    return Item(f"{spec.path}index.html", permalink(section, item), front, len(html), _sha(html))


def build(root: Path, config: Path, target: Path, today) -> int | None:
    """The new site after a body edit (or none) since the last build, swapped in at
    `target`: the number of pages. None, having touched nothing, when it is not that case."""
    path = state_file(root, target)
    state = read_cache(path)
    if not isinstance(state, State) or state.made_of != _made_of(config, today.isoformat()) or history.identity(target) != state.site:  # None is never made_of
        return None
    inputs = scan(root, target)
    if inputs is None or inputs.keys() != state.inputs.keys():
        return None
    changed = [rel for rel, sig in inputs.items() if state.inputs[rel] != sig]
    if len(changed) > 1:
        return None
    from . import recycle, swap, twin

    live = twin.listing(str(target))
    items = dict(state.items)
    files: dict[str, bytes] = {}
    if changed:
        edit = _edited(root, state, changed[0], today)
        if edit is None:
            return None
        item, old_hash, html = edit
        spliced = _spliced(str(target), live, state.skip, item, old_hash, html)
        if spliced is None:
            return None
        items[changed[0]] = Item(item.page, item.url, item.front, len(html), _sha(html))
        files = spliced
    commit = history.CommitQuery(root)
    # Beside the spare (the site's file system, out of the web root), swept as a replaced site's (swap.py).
    trash = recycle.spare_of(root, target).with_name(f".{target.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        with swap.spare_staged(root, target) as folder:
            twin.mirror(str(target), live, str(folder), str(trash))
            for rel, data in files.items():
                os.unlink(folder / rel)  # the live site's file, linked: never written into
                (folder / rel).write_bytes(data)
            recycle.copy_record(root, target, folder, set(files))
            os.chmod(folder, 0o755)
            swap.swap(folder, target)
    except OSError:  # no hard links there, the live site changed meanwhile: a normal build
        return None
    finally:
        if trash.is_dir():
            swap.delete_detached(trash)
    with contextlib.suppress(OSError):  # the site is live: a state not written makes the next build a normal one
        write_cache(path, State(state.made_of, history.identity(target) or "", inputs, items, state.skip, state.warnings, state.pages))
    for warning in state.warnings:
        print(warning, file=sys.stderr)
    history.record(root, target, today, state.pages, commit)
    return state.pages


def _edited(root: Path, state: State, rel: str, today) -> tuple[Item, str, str] | None:
    """(item, old HTML hash, new HTML) of `rel` when only its body changed and the new
    body passes every check without a word and shows no local image; else None."""
    from ..content.frontmatter import split
    from ..content.reading.document import check_body
    from ..content.reading.run import Run
    from ..content.text import normalize_reporting
    from ..render.body import safe_html

    item = state.items.get(rel)
    if item is None:
        return None
    try:
        raw = (root / rel).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if _front_of(raw) != item.front:
        return None
    text, hidden = normalize_reporting(raw)  # as the reader reads it
    front, body, body_line, problem = split(text)
    if hidden is not None or problem is not None or front is None:
        return None
    run = Run(root, today)
    check_body(run, rel, body, body_line, (root / rel).parent)
    if run.diagnostics:
        return None
    html = safe_html(body.strip("\n"))
    if "<img" in html or not _NOT_IN_XML.isdisjoint(html):
        return None
    return item, item.html, html


def _spliced(live: str, listing: tuple, skip: tuple[str, ...], item: Item, old_hash: str, new: str) -> dict[str, bytes] | None:
    """The new bytes of every file holding the item's body: its page, and the feeds and
    the export where it has an entry. None when one is not found exactly as expected."""
    from ..render.absolute import absolutize

    try:
        page = Path(live, item.page).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    start = page.find(_MARK) + len(_MARK)
    old = page[start : start + item.length]
    if page.count(_MARK) != 1 or _sha(old) != old_hash or not page.startswith(_END, start + item.length):
        return None
    out = {item.page: (page[:start] + new + page[start + item.length :]).encode("utf-8")}
    before, after = absolutize(old, item.url), absolutize(new, item.url)
    forms = {  # bytes: the export is megabytes, never decoded
        "rss": (_xml(before), _xml(after), f'<guid isPermaLink="true">{_xml(item.url)}</guid>'),
        "atom": (_xml(before), _xml(after), f"<id>{_xml(item.url)}</id>"),
        "json": (_json(before), _json(after), f'"id": {json.dumps(item.url, ensure_ascii=False)}'),  # the export (JSON Feed)
    }
    encoded = {kind: tuple(form.encode("utf-8") for form in three) for kind, three in forms.items()}
    for rel in listing[0]:
        if not rel.endswith((".xml", ".json")) or rel.endswith("sitemap.xml") or rel.startswith(skip):
            continue
        try:
            data = Path(live, rel).read_bytes()
        except OSError:
            return None
        kind = _feed_kind(rel, data)
        if kind is None:  # no item's HTML in it: a block's list
            continue
        old_form, new_form, entry = encoded[kind]
        found, listed = data.count(old_form), entry in data
        if found == 0 and not listed:
            continue
        if found != 1 or not listed:
            return None
        out[rel] = data.replace(old_form, new_form)
    return out


def _feed_kind(rel: str, data: bytes) -> str | None:
    """What a file holding items' HTML is, by its root: a title reading `<content:encoded>`
    is in the JSON as written, never taken for an RSS element."""
    if rel.endswith(".json"):
        return "json" if b'"content_html": ' in data else None  # a key: a string's quotes are escaped
    head = data[:512]
    return "rss" if b"<rss" in head else "atom" if b"<feed" in head else None


def _xml(text: str) -> str:
    """As lxml writes text: &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _json(text: str) -> str:
    """As the export writes a string, inside its quotes."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _made_of(config: Path, today: str) -> tuple[str, ...] | None:
    """What a build is made of besides the project's files; None when the engine reads
    files the scan does not see (a configuration inheriting another, pages or overrides
    outside the project)."""
    from ..cache.keys import package_signature

    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if _OUTSIDE.search(text):
        return None
    env = (f"VINHDANH_TODAY={os.environ.get('VINHDANH_TODAY')}", *config_env(text))
    return (_sha(repr(package_signature())), str(config), _sha(text), today, build_date(), *env)


def _front(path: Path) -> str | None:
    try:
        return _front_of(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None


def _front_of(text: str) -> str | None:
    """The hash of a Markdown file's front matter as written (not normalised: a fourth
    of the cost, and the same bytes normalise the same)."""
    from ..content.frontmatter import split

    front = split(text)[0]
    return None if front is None else _sha(front)


def state_file(root: Path, target: Path) -> Path:
    """Where the state of the site at `target` is kept."""
    return root / ".cache" / STATE / f"{staging.site_key(target)}.pickle"


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
