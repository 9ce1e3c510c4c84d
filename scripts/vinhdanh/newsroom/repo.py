"""The content repository's history: each save a commit authored by its user.

`git` runs as a subprocess (argument lists, never a shell) on paths the store has
already confined to `content/`. A commit names its user in a `Newsroom-User:`
trailer as well, so that who created a story is known without trusting an e-mail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path

from ..records import record
from .accounts import Account

TRAILER = "Newsroom-User"
_RS, _US = "\x1e", "\x1f"


class GitError(RuntimeError):
    pass


@record
class Change:
    by: str  # the author's name as git has it
    at: str  # ISO 8601 with offset
    user: str = ""  # the newsroom account, when the commit came from the newsroom


def version(data: bytes) -> str:
    """What a client sends back to say which file it edited: the bytes' SHA-256."""
    return hashlib.sha256(data).hexdigest()


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    process = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120, check=False)
    if process.returncode != 0:
        raise GitError(f"git {args[0]}: {process.stderr.strip() or process.stdout.strip()}")
    return process.stdout


def check_repository(root: Path) -> None:
    """GitError (in Vietnamese) when `root` is not inside a git work tree."""
    try:
        git(root, "rev-parse", "--is-inside-work-tree")
    except (GitError, OSError):
        raise GitError(f"`{root}` không phải kho git: phòng tin ghi mỗi lần lưu thành một commit. Chạy `git init` (hoặc `vinhdanh init`) trước.") from None


def commit(root: Path, paths: list[str], account: Account, message: str) -> str | None:
    """Commit exactly `paths` (added, changed or deleted) as `account`; None when nothing changed."""
    git(root, "add", "-A", "--", *paths)
    if not git(root, "diff", "--cached", "--name-only", "--", *paths).strip():
        return None
    who = {"GIT_AUTHOR_NAME": account.name, "GIT_AUTHOR_EMAIL": account.commit_email}
    who |= {"GIT_COMMITTER_NAME": account.name, "GIT_COMMITTER_EMAIL": account.commit_email}
    body = f"{message}\n\n{TRAILER}: {account.user}\n"
    git(root, "commit", "--quiet", "--no-verify", "-m", body, "--", *paths, env=who)
    return git(root, "rev-parse", "HEAD").strip()


@record
class Trail:
    """A file's history as the lists need it."""

    last: Change
    first: Change  # the commit that added it
    users: frozenset[str]  # every newsroom account that committed it


def history(root: Path, folder: str = "content") -> dict[str, Trail]:
    """For each file ever committed under `folder` its Trail, from one `git log`."""
    try:
        out = git(root, "log", "--name-status", "--no-renames", f"--format={_RS}%an{_US}%aI{_US}%(trailers:key={TRAILER},valueonly,separator=)", "--", folder)
    except GitError:
        return {}  # a repository without commits yet
    found: dict[str, list[Change]] = {}
    users: dict[str, set[str]] = {}
    for entry_text in out.split(_RS)[1:]:
        head, _, files = entry_text.partition("\n")
        by, at, user = [*head.split(_US), "", ""][:3]
        change = Change(by, at, user.strip())
        for line in files.splitlines():
            status, _, path = line.partition("\t")
            if not path:
                continue
            entry = found.setdefault(path, [change, change])
            users.setdefault(path, set()).add(change.user)
            if status.startswith("A"):
                entry[1] = change  # the log runs newest first: the last "A" seen is the first addition
    return {path: Trail(last, first, frozenset(users[path] - {""})) for path, (last, first) in found.items()}


def last_change(root: Path, rel: str) -> Change:
    """Who changed `rel` last, and when: the last commit, or the file itself when it has changes not committed."""
    if git(root, "status", "--porcelain", "--", rel).strip():
        stamp = dt.datetime.fromtimestamp((root / rel).stat().st_mtime, dt.timezone.utc).astimezone()
        return Change("ai đó trên máy chủ (chưa ghi vào lịch sử git)", stamp.isoformat(timespec="seconds"))
    out = git(root, "log", "-1", f"--format=%an{_US}%aI{_US}%(trailers:key={TRAILER},valueonly,separator=)", "--", rel).strip()
    by, at, user = [*out.split(_US), "", "", ""][:3]
    return Change(by or "không rõ", at, user)


def creator(root: Path, rel: str) -> str:
    """The newsroom account that added `rel` ('' when it came from elsewhere)."""
    out = git(root, "log", "--diff-filter=A", f"--format=%(trailers:key={TRAILER},valueonly,separator=)", "--", rel)
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    return lines[-1] if lines else ""
