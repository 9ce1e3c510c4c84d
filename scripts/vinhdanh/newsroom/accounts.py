"""Newsroom accounts: who may sign in, with which role; `users.json` in the state folder.

Passwords are hashed with Argon2id (argon2-cffi): salted, memory-hard, its parameters
kept in the hash so that a later, stronger setting rehashes on the next sign-in.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..records import record
from .state import JsonFile

ROLES = ("contributor", "author", "reviewer")
ROLE_LABELS = {"contributor": "Người gửi tin", "author": "Biên tập viên", "reviewer": "Người duyệt"}
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD = 10


@functools.cache
def _hasher():
    """Argon2, loaded on first use: every `vinhdanh` command's parser lists the newsroom's
    commands, and `build` or `validate` should not pay for loading it."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def _dummy() -> str:
    """Checked against when the account does not exist: a wrong name takes as long as a
    wrong password. Made on first use: at import it cost every `vinhdanh` command (even
    `build`, whose parser lists the newsroom's commands) an Argon2 hash, ~0.1-0.4 s."""
    return _hasher().hash("vinhdanh-no-such-account")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why, in Vietnamese."""


@record
class Account:
    user: str
    name: str
    role: str
    email: str = ""

    @property
    def commit_email(self) -> str:
        return self.email or f"{self.user}@newsroom"

    @property
    def public(self) -> dict[str, str]:
        return {"user": self.user, "name": self.name, "role": self.role, "role_label": ROLE_LABELS[self.role]}


class Accounts:
    def __init__(self, state: Path):
        self.file = JsonFile(state / "users.json", {})
        _dummy()  # before the first sign-in, so that it takes as long as every other

    def get(self, user: str) -> Account | None:
        entry = self.file.read().get(user)
        if not isinstance(entry, dict):
            return None
        return Account(user, entry["name"], entry["role"], entry.get("email", ""))

    def all(self) -> list[Account]:
        return [a for a in (self.get(u) for u in sorted(self.file.read())) if a is not None]

    def add(self, user: str, role: str, name: str, email: str, password: str) -> Account:
        if not NAME_RE.fullmatch(user):
            raise AccountError(f"Tên đăng nhập `{user}` không hợp lệ: 2–32 ký tự thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, ví dụ `lan.nguyen`.")
        if role not in ROLES:
            raise AccountError(f"Vai trò `{role}` không có; chọn một trong: {', '.join(ROLES)}.")
        if not name.strip():
            raise AccountError('Thiếu họ tên (--full-name), ví dụ --full-name "Nguyễn Thị Lan": tên này ghi vào lịch sử sửa bài.')
        if email and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", email):
            raise AccountError(f"Địa chỉ thư `{email}` không hợp lệ.")
        with self.file.lock:
            users = self.file.read()
            if user in users:
                raise AccountError(f"Đã có tài khoản `{user}`; đổi mật khẩu bằng `vinhdanh user passwd {user}`.")
            users[user] = {"name": " ".join(name.split()), "role": role, "email": email, "hash": _hash(password)}
            self.file.write(users)
        account = self.get(user)
        assert account is not None
        return account

    def remove(self, user: str) -> None:
        with self.file.lock:
            users = self.file.read()
            if users.pop(user, None) is None:
                raise AccountError(f"Không có tài khoản `{user}`.")
            self.file.write(users)

    def set_password(self, user: str, password: str) -> None:
        with self.file.lock:
            users = self.file.read()
            if user not in users:
                raise AccountError(f"Không có tài khoản `{user}`.")
            users[user]["hash"] = _hash(password)
            self.file.write(users)

    def verify(self, user: str, password: str) -> Account | None:
        """The account when `password` is its password; None otherwise (same time either way)."""
        entry = self.file.read().get(user) if isinstance(user, str) else None
        stored = entry["hash"] if isinstance(entry, dict) else _dummy()
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            _hasher().verify(stored, password)
        except (VerificationError, InvalidHashError):  # a mismatch is a VerificationError too
            return None
        if entry is None:
            return None
        if _hasher().check_needs_rehash(stored):
            self.set_password(user, password)
        return self.get(user)


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD} ký tự (một câu dễ nhớ là tốt nhất).")
    return _hasher().hash(password)
