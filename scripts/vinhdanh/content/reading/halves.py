"""Every story read afresh (`vinhdanh validate`), on both cores: the second half in a forked child.

Parsing a story is pure Python, so one core parses at a time: 2.3 s of a 5,000-story
validate. While this process reads the first half of the files, a forked child
(forked.py) reads the second and sends back its stories, the diagnostics they gave
and the files it counted, pickled as the read cache keeps them (a story's model is
plain data). The result is the one an in-order read gives: the first half's stories
and diagnostics, then the second's. Each half checks its photos on its own threads,
started after the fork (a thread must not be running when a process forks). A child
that dies leaves its half to be read here; an exception it raised is raised here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from ...forked import Forked, ForkedError, can_fork
from .ahead import PhotosAhead
from .run import Run

# Below this the fork and the pickles cost more than the parse they share saves
# (a story parses in ~0.4 ms; pickled, sent and unpickled in ~0.1).
SPLIT_FROM = 400
# The child's share: its stories are pickled there and unpickled here, so it reads a
# little less (~0.05 ms a story each way) and both halves end at about the same time.
CHILD_SHARE = 7 / 15


def read_stories(run: Run, files: list[Path], read: Callable[[Path], object | None], known=None) -> list:
    """`read(path)` of every file, in order, the Nones left out; their diagnostics in `run`
    as an in-order read adds them. `known`: image checks a build kept (ahead.py)."""
    if len(files) < SPLIT_FROM or not can_fork():
        return _read_here(run, files, read, known)
    mine = len(files) - round(len(files) * CHILD_SHARE)
    child = Forked(lambda: _read_for_parent(run, files[mine:], read, known))
    try:
        first = _read_here(run, files[:mine], read, known)
        stories, diagnostics, counted = _joined(child)
    except ForkedError:  # killed, or out of memory: its part is read here instead
        return first + _read_here(run, files[mine:], read, known)
    except BaseException:  # an error or Ctrl-C here: the child stops too
        child.cancel()
        raise
    run.diagnostics.extend(diagnostics)
    run.files += counted
    return first + stories


def _joined(child: Forked):
    enabled = gc.isenabled()
    gc.disable()  # unpickling thousands of stories makes ~100,000 objects and frees none: no collection pays (-30 ms)
    try:
        return child.join()
    finally:
        if enabled:
            gc.enable()


def _read_here(run: Run, files: list[Path], read: Callable[[Path], object | None], known) -> list:
    inspect = run.inspect
    with PhotosAhead(run, files, known) as ahead:
        run.inspect = ahead.inspect
        try:
            return [story for story in map(read, files) if story is not None]
        finally:
            run.inspect = inspect


def _read_for_parent(run: Run, files: list[Path], read: Callable[[Path], object | None], known) -> tuple[list, list, int]:
    """In the child: its half's stories, and what its reads added to `run`."""
    before, counted = len(run.diagnostics), run.files
    stories = _read_here(run, files, read, known)
    return stories, run.diagnostics[before:], run.files - counted
