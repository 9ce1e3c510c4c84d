"""Stories read afresh on both cores: the last part of the files in a forked child.

Parsing a story is pure Python, so one core parses at a time: 2.3 s of a 5,000-story
`vinhdanh validate`, 0.5 s of a cold 1,000-story build, while the box's other core
waits. While this process reads the first part of the files, a forked child
(forked.py) reads the rest and sends back what each read gave — the story, its
diagnostics, the files it counted — pickled, as the read cache keeps them (a story's
model is plain data). They are applied here in file order, so the result is the one
an in-order read gives. A child that dies leaves its part to be read here; an
exception it raised is raised here.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ...forked import Forked, ForkedError, can_fork
from .run import Run

T = TypeVar("T")
V = TypeVar("V")

# Below this the fork and the pickles cost more than the parse they share saves
# (a story parses in ~0.4 ms; pickled, sent and unpickled in ~0.1).
SPLIT_FROM = 400
# The child's share: its stories are pickled there and unpickled here, so it reads a
# little less (~0.05 ms a story each way) and both parts end at about the same time.
CHILD_SHARE = 7 / 15


def in_halves(items: list[T], compute: Callable[[list[T]], list[V]]) -> list[V]:
    """`compute(items)`, the last part computed by a forked child when there are enough
    items and forking is safe. `compute` must return what it did as values: a change it
    makes to this process's objects is lost for the child's part."""
    if len(items) < SPLIT_FROM or not can_fork():
        return compute(items)
    mine = len(items) - round(len(items) * CHILD_SHARE)
    child = Forked(lambda: compute(items[mine:]))
    try:
        first = compute(items[:mine])
        rest = _joined(child)
    except ForkedError:  # killed, or out of memory: its part is computed here instead
        return first + compute(items[mine:])
    except BaseException:  # an error or Ctrl-C here: the child stops too
        child.cancel()
        raise
    return first + rest


def _joined(child: Forked):
    enabled = gc.isenabled()
    gc.disable()  # unpickling thousands of stories makes ~100,000 objects and frees none: no collection pays (-30 ms)
    try:
        return child.join()
    finally:
        if enabled:
            gc.enable()


def captured(run: Run, read: Callable[[], T]) -> tuple[T, list, int]:
    """`read()`, with the diagnostics it added to `run` and the files it counted taken
    back out and returned beside its result, to be applied in order (`applied`)."""
    before, counted = len(run.diagnostics), run.files
    result = read()
    diagnostics = run.diagnostics[before:]
    del run.diagnostics[before:]
    counted, run.files = run.files - counted, counted
    return result, diagnostics, counted


def applied(run: Run, diagnostics: list, counted: int) -> None:
    run.diagnostics.extend(diagnostics)
    run.files += counted


def read_stories(run: Run, files: list[Path], read: Callable[[Path], object | None], known=None) -> list:
    """`read(path)` of every file (no read cache: `vinhdanh validate`), in order, the Nones
    left out, their diagnostics in `run`. Each part checks its stories' photos on its own
    threads (ahead.py), started after the fork; `known`: image checks a build kept."""

    from .ahead import PhotosAhead  # here: its threads' imports (~10 ms) a build does without

    def part(files: list[Path]) -> list:
        inspect = run.inspect
        with PhotosAhead(run, files, known) as ahead:
            run.inspect = ahead.inspect
            try:
                return [captured(run, functools.partial(read, path)) for path in files]
            finally:
                run.inspect = inspect

    stories = []
    for story, diagnostics, counted in in_halves(files, part):
        applied(run, diagnostics, counted)
        if story is not None:
            stories.append(story)
    return stories
