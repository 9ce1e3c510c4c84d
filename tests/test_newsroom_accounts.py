"""`vinhdanh user …` and `vinhdanh newsroom` as IT runs them on the server."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest
from serverproject import cli

from vinhdanh.newsroom.accounts import Accounts


def add(root: Path, monkeypatch, user: str, password: str, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return cli("--root", str(root), "user", "add", user, "--password-stdin", *extra)


def test_user_add_list_passwd_remove(tmp_path: Path, monkeypatch) -> None:
    status, out, err = add(tmp_path, monkeypatch, "lan.nguyen", "mot cau de nho thoi", "--role", "author", "--full-name", "Nguyễn Thị  Lan", "--email", "lan@bv.example.vn")
    assert status == 0 and "Đã thêm tài khoản lan.nguyen (Nguyễn Thị Lan, Biên tập viên)" in out, err
    state = tmp_path / ".newsroom"
    stored = json.loads((state / "users.json").read_text(encoding="utf-8"))["lan.nguyen"]
    assert stored["hash"].startswith("$argon2id$") and "mot cau" not in (state / "users.json").read_text(encoding="utf-8")
    assert stat.S_IMODE(state.stat().st_mode) == 0o700 and stat.S_IMODE((state / "users.json").stat().st_mode) == 0o600
    assert cli("--root", str(tmp_path), "user", "list")[1] == "lan.nguyen\tauthor\tNguyễn Thị Lan\tlan@bv.example.vn\n"
    accounts = Accounts(state)
    assert accounts.verify("lan.nguyen", "mot cau de nho thoi") is not None and accounts.verify("lan.nguyen", "sai") is None
    monkeypatch.setattr(sys, "stdin", io.StringIO("cau moi cung de nho\n"))
    assert cli("--root", str(tmp_path), "user", "passwd", "lan.nguyen", "--password-stdin")[0] == 0
    assert accounts.verify("lan.nguyen", "mot cau de nho thoi") is None and accounts.verify("lan.nguyen", "cau moi cung de nho") is not None
    assert cli("--root", str(tmp_path), "user", "remove", "lan.nguyen")[0] == 0
    assert accounts.verify("lan.nguyen", "cau moi cung de nho") is None and accounts.all() == []


@pytest.mark.parametrize(
    ("user", "password", "extra", "says"),
    [
        ("Lan Nguyen", "mot cau de nho thoi", ("--role", "author", "--full-name", "Lan"), "Tên đăng nhập"),
        ("lan", "ngan", ("--role", "author", "--full-name", "Lan"), "Mật khẩu quá ngắn"),
        ("lan", "mot cau de nho thoi", ("--role", "author", "--full-name", " "), "Thiếu họ tên"),
    ],
)
def test_bad_accounts_are_refused_in_vietnamese(tmp_path: Path, monkeypatch, user, password, extra, says) -> None:
    status, _, err = add(tmp_path, monkeypatch, user, password, *extra)
    assert status == 1 and err.startswith("lỗi: ") and says in err
    assert Accounts(tmp_path / ".newsroom").all() == []


def test_a_second_account_of_the_same_name_is_refused(tmp_path: Path, monkeypatch) -> None:
    assert add(tmp_path, monkeypatch, "lan", "mot cau de nho thoi", "--role", "author", "--full-name", "Lan")[0] == 0
    status, _, err = add(tmp_path, monkeypatch, "lan", "cau khac cung dai", "--role", "reviewer", "--full-name", "Lan B")
    assert status == 1 and "Đã có tài khoản `lan`" in err
    assert Accounts(tmp_path / ".newsroom").get("lan").role == "author"


def test_the_newsroom_needs_a_git_repository(tmp_path: Path) -> None:
    status, _, err = cli("--root", str(tmp_path), "newsroom", "--port", "0")
    assert status == 1 and "không phải kho git" in err
    status, _, err = cli("--root", str(tmp_path), "newsroom", "--port", "0", "--public-origin", "https://bv.example.vn/phong-tin")
    assert status == 1 and "--public-origin" in err


def test_a_command_that_opens_no_accounts_hashes_no_password(tmp_path: Path) -> None:
    # Every `vinhdanh` command imports this module for its argument parser: an Argon2 hash made
    # on import cost `vinhdanh validate` and every build ~0.3 s.
    import subprocess

    code = (
        "import argon2, sys\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
        "from vinhdanh.cli import main\n"
        f"status = main(['--root', {str(tmp_path)!r}, 'validate'])\n"
        "print(len(calls))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "0", done.stdout + done.stderr
