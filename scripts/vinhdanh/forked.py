"""Work done by a forked child while this process goes on: the second core of the box.

The section's extras (photos, feeds, export, blocks) need the model only, not the
engine, so they are written while the engine lays out and renders its pages. The
child shares the model without copying it (fork), returns its result or exception
through a pipe and leaves with `os._exit`, so nothing of the parent (exit
handlers, buffered output, the engine's state) runs twice.

Only where forking is safe: POSIX, and this process runs no other thread (a
thread could hold a lock the child would then wait on forever: `serve` watches
files in threads, so it writes its extras in order, as before).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any


class ForkedError(RuntimeError):
    """The child ended without a result (killed, or its exception could not be sent)."""


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """`work()` in a child process; `join()` returns its result or raises its exception."""

    def __init__(self, work: Callable[[], Any]):
        reader, writer = os.pipe()
        ended, working = os.pipe()  # `working` is held by the child alone, closed when its work returns
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(reader)
            os.close(ended)
            os.setpgid(0, 0)  # its own group: `cancel` stops what it started too (Pagefind)
            _run_and_leave(work, writer, working)
        os.close(writer)
        os.close(working)
        self._pid: int | None = pid
        self._reader = reader
        self._ended = ended

    def wait_done(self) -> None:
        """Wait until the child's work has returned or raised, here or in a process
        forked from this one later (which cannot `join` a sibling): nothing is read of
        its result, which may still be on its way to `join`."""
        while os.read(self._ended, 4096):  # nothing is ever written: this returns at end of file
            pass

    def join(self) -> Any:
        with os.fdopen(self._reader, "rb") as pipe:
            data = pipe.read()
        self._reap()
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - nothing or garbage: the child died
            raise ForkedError("tiến trình con ghi ảnh, nguồn tin và dữ liệu xuất đã dừng đột ngột") from None
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        if self._pid is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)  # before it made its group
        self._reap()
        os.close(self._reader)

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None
            os.close(self._ended)


class Shares:
    """Tasks any process may do, each done once: whoever is free first takes the next.
    A token of two bytes in a pipe for each run of tasks, the pipe filled before the fork
    and its writing end closed: a read takes the pipe's lock, so a read of two bytes is
    one whole token and no two processes take the same, and a read of the empty pipe
    returns at once (end of file)."""

    TOKENS = 2048  # two bytes each: 4 KiB, what any pipe holds before anyone reads

    def __init__(self, count: int):
        self._count = count
        self._run = max(1, -(-count // self.TOKENS))  # tasks a token stands for: 1 up to 2,048 tasks
        self._reader, writer = os.pipe()
        os.write(writer, b"".join(token.to_bytes(2, "big") for token in range(-(-count // self._run))))
        os.close(writer)

    def taken(self) -> Iterator[int]:
        """The indexes of the tasks this process takes, as it asks for them, until every
        task was taken (here or elsewhere). Iterated by one process: not across a fork."""
        while self._reader >= 0 and (data := os.read(self._reader, 2)):
            start = int.from_bytes(data, "big") * self._run
            yield from range(start, min(start + self._run, self._count))

    def close(self) -> None:
        if self._reader >= 0:
            os.close(self._reader)
            self._reader = -1


def _run_and_leave(work: Callable[[], Any], writer: int, working: int) -> None:
    code = 0
    try:
        outcome: tuple[bool, Any] = (True, work())
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        outcome, code = (False, exc), 1
    os.close(working)  # done: before the result, which waits for a reader once it fills the pipe
    try:
        data = pickle.dumps(outcome)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
        data = pickle.dumps((False, ForkedError(f"{type(exc).__name__}: {exc}")))
    try:
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
