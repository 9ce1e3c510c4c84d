"""Render what the cache lacks (in parallel), then place every planned file in the site.

Warm path: every planned file is already in the cache, so nothing is decoded —
the files are hard-linked (or copied) into the site directory and that is all.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from ..records import record
from .cache import place
from .plan import PhotoPlan, PhotoSet, is_ours
from .tasks import Result, Task


@record
class PhotoStats:
    generated: int  # files rendered into the cache this run
    reused: int  # planned files found in the cache
    decoded: int  # source photos decoded this run (0 on a warm rebuild)
    placed: int  # files linked or copied into the site (already-present ones are skipped)
    pruned: int  # stale files of ours removed from the site's image folder
    seconds: float
    jobs: int

    @property
    def files(self) -> int:
        return self.generated + self.reused


def write_photos(photo_set: PhotoSet, site_dir: Path, jobs: int | None = None, prune: bool = True, today: dt.date | None = None) -> PhotoStats:
    """With `today` (a site build), cards replaced less than a week ago stay too (retired.py)."""
    start = time.perf_counter()
    files = photo_set.files()
    if today is not None:
        from .retired import kept_cards

        files.update(kept_cards(photo_set, today))
    there = _in_place(files, site_dir)
    tasks, reused = _tasks(photo_set, {files[url] for url in there})
    jobs = max(1, jobs if jobs is not None else _cpus())
    results = _run(tasks, jobs)
    placed = 0
    for url, cached in files.items():
        if url not in there:
            placed += place(cached, site_dir / url)
    pruned = _prune(photo_set, site_dir, set(files)) if prune else 0
    return PhotoStats(
        generated=sum(r.files for r in results),
        reused=reused,
        decoded=sum(r.decoded for r in results),
        placed=placed,
        pruned=pruned,
        seconds=time.perf_counter() - start,
        jobs=jobs,
    )


def lacks_files(photo_set: PhotoSet) -> bool:
    """Whether any planned file is missing from the cache (a stat each until one is)."""
    return not all(os.path.exists(cached) for cached in photo_set.files().values())


def missing_tasks(photo_set: PhotoSet) -> list[Task]:
    """What rendering the files the cache lacks takes, the biggest first."""
    return _tasks(photo_set, set())[0]


def render_shared(tasks: list[Task], shares, strict: bool = True) -> int:
    """Render the `tasks` this process takes from `shares` (forked.Shares) until none is
    left: the renderer forked at the start, and any process that would otherwise wait
    for it. Returns how many files; `strict`: a failure raises PhotoError, else the file
    stays missing and `write_photos` renders it again (and says why it fails)."""
    from .render import run

    files, failures = 0, []
    for index in shares.taken():
        try:
            files += run(tasks[index]).files
        except Exception as exc:  # noqa: BLE001 - reported together below
            failures.append(_failure(tasks[index], exc))
    if failures and strict:
        raise PhotoError("; ".join(failures))
    return files


CARD_BATCH = 25


def _in_place(files: dict[str, Path], site_dir: Path) -> set[str]:
    """The URLs whose file in the site already is their cached file (a recycled site
    folder keeps them): a thousand cards, so plain strings and one stat a side."""
    found = set()
    root = f"{site_dir}{os.sep}"
    for url, cached in files.items():
        try:
            there, st = os.lstat(root + url), os.stat(cached)
        except OSError:
            continue
        if (there.st_ino, there.st_dev) == (st.st_ino, st.st_dev):
            found.add(url)
    return found


def _tasks(photo_set: PhotoSet, cached: set[Path]) -> tuple[list[Task], int]:
    """A task per source photo for its variants, one for its cards, and batches of
    photo-less cards. `cached`: cache files known to exist. Photos of the same bytes
    (one picture in several stories' folders) share their rendered files: they are
    rendered by one task, from one of their paths."""
    reused = 0
    by_photo: dict[str, tuple[PhotoPlan, list, list]] = {}  # by the photo's key: its bytes and the settings
    bare_cards = []
    for plan in photo_set.photos.values():
        if all(v.cache in cached or v.cache.exists() for v in plan.variants):
            reused += len(plan.variants)
        elif plan.key not in by_photo:  # all of them again: each width is reduced from the next, the same chain every time
            by_photo[plan.key] = (plan, list(plan.variants), [])
    for card in photo_set.cards.values():
        if card.cache in cached or card.cache.exists():
            reused += 1
        elif card.photo is None:
            bare_cards.append(card)
        else:
            by_photo.setdefault(card.photo.key, (card.photo, [], []))[2].append(card)
    tasks = []
    for plan, variants, cards in by_photo.values():
        # Variants and cards decode separately: a card's pixels then never depend on
        # which other outputs happened to be missing (a rebuild repeats a cold build).
        for outputs in ((tuple(variants), ()), ((), tuple(cards))):
            if any(outputs):
                tasks.append(Task(plan.source, plan.orientation, outputs[0], outputs[1], _size(plan.source)))
    # Photo-less cards are cheap: batch them so the pool's per-task cost stays small,
    # by initials so a batch draws few distinct panels (cards.py keeps the last few).
    bare_cards.sort(key=lambda card: card.text.initials)
    tasks.extend(Task(None, 1, (), tuple(bare_cards[i : i + CARD_BATCH])) for i in range(0, len(bare_cards), CARD_BATCH))
    tasks.sort(key=lambda t: -t.size)  # biggest first: the pool ends evenly
    return tasks, reused


class PhotoError(RuntimeError):
    """Some photos could not be rendered; every other file was still written."""


def _run(tasks: list[Task], jobs: int) -> list[Result]:
    results: list[Result] = []
    failures: list[str] = []
    if not tasks:  # a warm rebuild: nothing to decode, no imaging library to load
        return results
    from ..forked import can_fork
    from .render import run

    # Where forking is not safe (a `serve` process runs other threads) it renders here: a
    # forked worker could copy a lock some thread held and hang forever.
    if jobs == 1 or len(tasks) <= 1 or not can_fork():
        for task in tasks:
            try:
                results.append(run(task))
            except Exception as exc:  # noqa: BLE001 - reported together below
                failures.append(_failure(task, exc))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
            futures = {pool.submit(run, task): task for task in tasks}
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # noqa: BLE001
                    failures.append(_failure(futures[future], exc))
    if failures:
        raise PhotoError("; ".join(failures))
    return results


def _failure(task: Task, exc: Exception) -> str:
    what = task.source.name if task.source else ", ".join(c.slug for c in task.cards)
    return f"{what}: {type(exc).__name__}: {exc}"


def _prune(photo_set: PhotoSet, site_dir: Path, planned: set[str]) -> int:
    folder = site_dir / photo_set.images
    if not folder.is_dir():
        return 0
    removed = 0
    with os.scandir(folder) as entries:  # no stat per file: a thousand cards
        for entry in entries:
            if photo_set.images + entry.name not in planned and entry.is_file() and is_ours(entry.name):
                os.unlink(entry.path)
                removed += 1
    return removed


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
