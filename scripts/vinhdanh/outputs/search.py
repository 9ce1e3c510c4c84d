"""The search index: Pagefind over lean documents of the stories and campaigns.

Pagefind splits its index into chunks fetched on demand, so what a reader
downloads per search stays small however many stories there are.

Each story, campaign (and, on a department's site, each unit's imported story)
gives Pagefind a lean document (`Doc`, rendered by templates/search_doc.html):
what a result row shows as Pagefind metadata, and the words a reader searches by.
Pagefind indexes them in its own process while the engine renders the pages.
(Its service mode, fed page by page, was measured at ~0.1 s per page here.)

Every searchable word is indexed folded (text.fold: no tones, "đ" → "d") and the
search page folds the query the same way (assets/vinhdanh.js), so "dieu duong" and
"điều dưỡng" find the same stories, whichever field holds them. Pagefind's own
folding keeps "đ", so the original words are not indexed: they would rank the
stories whose words have no "đ" above the others.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..content.candidates import LEVEL_NAMES
from ..content.text import fold, short_date
from ..derive.views import SUBJECT_TITLES
from ..records import record
from ..site import staging

SCRATCH_PREFIX = "vinhdanh-search-"


def _scratch() -> str | None:
    """A memory-backed folder when there is one: a thousand small files cost 20x less there."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


# Pagefind weights (0-10): a name outranks a title, which outranks the rest.
NAME, TITLE, ROLE, HONOURS, OTHER = 10, 6, 4, 3, 1


@record
class Doc:
    """One search result: what its row shows (`meta`) and what finds it (`words`)."""

    meta: tuple[tuple[str, str], ...]  # Pagefind metadata, by name: see `doc()`
    words: tuple[tuple[int, str], ...]  # (Pagefind weight, folded text)


def doc(
    *,
    title: str,
    summary: str,
    date: dt.date,
    unit: str,
    words: Sequence[tuple[int, Sequence[str]]],
    name: str = "",
    position: str = "",
    kind: str = "",
    image: str = "",
    focus: tuple[float, float] = (0.5, 0.4),
    url: str = "",
) -> Doc:
    """`image`: a root-relative thumbnail URL; `url`: where the result links when it is
    not a page of this site (a unit's own story page, http(s) only)."""
    meta = {"title": title, "summary": summary, "name": name, "position": position, "kind": kind, "unit": unit, "date": short_date(date), "iso": date.isoformat()}
    if image:
        meta |= {"image": image, "focus": f"{focus[0] * 100:.0f}% {focus[1] * 100:.0f}%"}
    if url:
        meta["url"] = url
    folded = tuple((weight, fold(" ; ".join(t for t in texts if t))) for weight, texts in words if any(texts))
    return Doc(tuple((k, v) for k, v in meta.items() if v), folded)


def _thumb(images, urls, photo) -> dict:
    variant = images.thumb(photo) if photo else None
    return {"image": urls.href(variant.url), "focus": photo.focus} if variant else {}


def subject_label(item) -> str:
    """ "Mô hình cấp tỉnh", "Sáng kiến, giải pháp": what a model or initiative is; '' for a person's story."""
    title = SUBJECT_TITLES.get(item.subject, "")
    return f"{title} {LEVEL_NAMES[item.recognition]}" if title and item.recognition else title


def page_doc(spec, images, urls) -> Doc:
    """The document of a story or campaign page."""
    item = spec.item
    if spec.kind == "story":
        honours = [f"{a.title.name} {a.title.abbreviation} {a.year}" for a in item.awards] + [f.name for f in item.fields]
        subject = subject_label(item)  # a model's or initiative's row says so; "mo hinh" finds them
        return doc(
            title=spec.title,
            summary=item.summary,
            date=item.date,
            unit=item.unit.name,
            name=item.name,
            position=item.position,
            kind=subject,
            **_thumb(images, urls, item.photo),
            words=[
                (NAME, [item.name]),
                (TITLE, [spec.title]),
                (ROLE, [item.position, item.unit.name]),
                (HONOURS, [*honours, subject]),
                (OTHER, [*item.tags, item.summary, *item.applied_at, *item.replicated_at]),
            ],
        )
    if spec.kind == "event":
        return doc(
            title=spec.title,
            summary=item.summary,
            date=item.start,
            unit=item.host,
            kind="Sự kiện",
            **_thumb(images, urls, item.photo),
            words=[(NAME, [spec.title]), (ROLE, [item.host, item.place]), (OTHER, [item.summary])],
        )
    return doc(
        title=spec.title,
        summary=item.summary,
        date=item.date,
        unit=item.host,
        kind="Phong trào thi đua",
        **_thumb(images, urls, item.photo),
        words=[(NAME, [spec.title]), (ROLE, [item.host, item.owner]), (HONOURS, [p.name for p in item.phases]), (OTHER, [item.summary])],
    )


def bundle_key(pages, urls, fingerprints, extra: Sequence[tuple[str, Doc]] = ()) -> str:
    """Everything the search documents are made of (see `page_doc`), and the `extra` ones
    (our code is in every key of the store: store.Store.key)."""
    from ..cache.keys import sha

    own = (f"{spec.path}|{spec.title}|{spec.kind}|{fingerprints.of(spec.item)}" for spec in pages if spec.searchable)
    return sha(fingerprints.of(urls), *own, *(f"{path}|{d!r}" for path, d in extra))


class SearchIndex:
    """Pagefind on our lean documents, writing its bundle straight into `output`.

    With a `store` (the store's cache.files.Tree) and `key`, the bundle of the same
    documents from an earlier build is linked instead, and a new one is kept.
    """

    def __init__(self, pages, renderer, urls, output: Path, store=None, key: str = "", extra: Sequence[tuple[str, Doc]] = ()):
        self._process: subprocess.Popen | None = None
        self._store, self._key, self._output = store, key, output
        self.reused = False
        if not extra and not any(spec.searchable for spec in pages):
            shutil.rmtree(output, ignore_errors=True)  # a recycled site folder's old bundle
            return  # nothing published yet: no index, and the search page says so
        if store is not None and store.fetch(key, output):
            self.reused = True
            return
        scratch = Path(_scratch() or tempfile.gettempdir())
        staging.sweep(scratch, SCRATCH_PREFIX)  # RAM that killed builds left in /dev/shm
        self._claim = staging.claim(scratch, SCRATCH_PREFIX)
        self._work = self._claim.path
        source = self._work / "pages"
        # Under the base path: each result's URL is the page's root-relative address,
        # and the search page tells Pagefind to prefix nothing (baseUrl "/").
        base = urls.base_path.strip("/")
        template = renderer.env.get_template("search_doc.html")
        docs = [(spec.path, page_doc(spec, renderer.images, urls)) for spec in pages if spec.searchable]
        for path, d in [*docs, *extra]:
            target = source / base / path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(template.render(doc=d), encoding="utf-8")
        shutil.rmtree(output, ignore_errors=True)  # Pagefind writes files in place: never into kept ones
        command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self) -> None:
        """Wait for Pagefind to finish writing its bundle."""
        if self._process is None:
            return
        try:
            output, _ = self._process.communicate()
            if self._process.returncode != 0:
                raise RuntimeError(f"Pagefind failed ({self._process.returncode}): {output.strip()}")
            if self._store is not None:
                self._store.keep(self._key, self._output)
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._work, ignore_errors=True)
        self._claim.release()
