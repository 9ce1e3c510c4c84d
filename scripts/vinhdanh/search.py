"""The search index: Pagefind over the story and campaign pages.

Pagefind splits its index into chunks fetched on demand, so what a reader
downloads per search stays small however many stories there are.

Each story and campaign gives Pagefind a lean document (templates/search_doc.html:
title, name, unit, summary, awards, fields), rendered as the engine starts;
Pagefind indexes them in its own process while the engine renders the pages.
(Its service mode, fed page by page, was measured at ~0.1 s per page here.)
Pagefind folds Vietnamese tones but not đ→d, so each searchable page carries a
hidden folded copy of its key words (`vd-fold` in search_doc.html).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from . import staging

SCRATCH_PREFIX = "vinhdanh-search-"


def _scratch() -> str | None:
    """A memory-backed folder when there is one: a thousand small files cost 20x less there."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def bundle_key(pages, urls, fingerprints) -> str:
    """Everything the search documents are made of (see `Renderer.search_document`)."""
    from .incremental import package_key, sha

    return sha(package_key(), fingerprints.of(urls), *(f"{spec.path}|{spec.title}|{spec.kind}|{fingerprints.of(spec.item)}" for spec in pages if spec.searchable))


class SearchIndex:
    """Pagefind on our lean documents, writing its bundle straight into `output`.

    With a `store` (incremental.BundleStore) and `key`, the bundle of the same
    documents from an earlier build is linked instead, and a new one is kept.
    """

    def __init__(self, pages, renderer, urls, output: Path, store=None, key: str = ""):
        self._process: subprocess.Popen | None = None
        self._store, self._key, self._output = store, key, output
        self.reused = False
        if not any(spec.searchable for spec in pages):
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
        base = urls.base_path.strip("/")
        for spec in pages:
            if not spec.searchable:
                continue
            target = source / base / spec.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(spec.title)}</title></head><body>{renderer.search_document(spec)}</body></html>',
                encoding="utf-8",
            )
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
