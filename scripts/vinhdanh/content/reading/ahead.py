"""Stories' lead photos checked ahead, on threads, while the stories are parsed.

Checking a photo decodes it at an eighth of its size (imagecheck.py): 0.3 s for
the 400 photos of a 5,000-story `vinhdanh validate`, one after another. Pillow
decodes without holding the interpreter, so the checks run on the other core
while this one parses YAML. The stories are read once, here: their bytes go to
the parse (`Run.ahead`), and a quick look at each front matter's `photo:` line
finds what to check. The look is a guess made for speed only: the photo the
parse resolves is checked inline when the guess missed it. A photo whose check a
build kept (`known`: cache/readcache.KeptImageChecks) is not decoded at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .. import imagecheck
from .run import Run

_PHOTO = re.compile(rb"""^photo:[ \t]*["']?([^"'\r\n#]+?)["']?[ \t]*$""", re.M)


class PhotosAhead:
    """Use as a context around the stories' reads, inside `imagecheck.bombs_are_errors()`."""

    def __init__(self, run: Run, stories: list[Path], known: Callable[[Path], tuple | None] | None = None):
        self._futures: dict[Path, Future] = {}
        self._known: dict[Path, tuple] = {}
        self._lookup = known
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)))
        for story in stories:
            try:
                data = story.read_bytes()
            except OSError:
                continue  # the read reports it
            run.ahead[story] = data
            end = data.find(b"\n---", 3)
            found = _PHOTO.search(data, 0, end if end > 0 else 0)
            if found is None:
                continue
            try:
                target = (story.parent / found.group(1).decode("utf-8")).resolve()
                wanted = target not in self._futures and target not in self._known and target.is_file()
            except (OSError, ValueError):  # undecodable, a NUL byte, a name too long: the parse reports it
                continue
            if wanted:
                kept = known(target) if known is not None else None
                if kept is not None:
                    self._known[target] = kept
                else:
                    self._futures[target] = self._pool.submit(imagecheck.inspect, target, True)

    def inspect(self, path: Path):
        kept = self._known.get(path)  # kept: stories may share a photo
        if kept is not None:
            return kept
        future = self._futures.get(path)
        if future is not None:
            return future.result()
        kept = self._lookup(path) if self._lookup is not None else None  # a photo the guess missed
        return kept if kept is not None else imagecheck.inspect(path, True)

    def __enter__(self) -> PhotosAhead:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
