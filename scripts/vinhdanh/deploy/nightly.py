"""`vinhdanh nightly`: what the timer (or cron) runs every night.

Pull the content repository (fast-forward only) when it has a remote, build, and on
failure say why in Vietnamese on stderr (the journal, or cron's log), keep the
reason for `vinhdanh alert`, run the alert command if one is given, and exit
non-zero. The live site is only ever replaced by a whole, successful build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

ALERT_TIMEOUT = 60  # seconds: an alert that hangs (a mail server away) must not hold the job
GIT_TIMEOUT = 180
REASON_LINES = 60  # the start of a long report is enough for an e-mail; the journal has all


def failure_file(root: Path) -> Path:
    return root / ".vinhdanh" / "nightly-failure.txt"


class _Tee(io.TextIOBase):
    """Write to the real stream and keep a copy: the journal gets everything as it
    comes, the alert gets the same text."""

    def __init__(self, stream):
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.stream.flush()


def pull(root: Path) -> str | None:
    """Fast-forward to the remote branch; the reason it could not, or None. Nothing
    to do (no git, not a repository, no upstream) is no failure."""
    try:
        upstream = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    except FileNotFoundError:
        return None
    if upstream.returncode != 0:
        return None  # no remote branch to follow: the content is edited on this server
    branch = upstream.stdout.strip()
    fetched = _git(root, "fetch", "--quiet")
    if fetched.returncode != 0:
        return f"Không tải được nội dung mới từ kho git ({branch}): {_last(fetched.stderr)}\n    gợi ý: kiểm tra mạng và quyền đọc kho (`git -C {root} fetch`)."
    merged = _git(root, "merge", "--ff-only", "--quiet", "@{u}")
    if merged.returncode != 0:
        return (
            f"Không cập nhật được nội dung từ {branch} (chỉ nhận cập nhật thẳng, fast-forward): {_last(merged.stderr)}\n"
            f"    gợi ý: trên máy chủ có sửa đổi chưa đưa lên kho chung; xem `git -C {root} status` và `git -C {root} log @{{u}}..`, đưa sửa đổi lên kho chung hoặc bỏ chúng."
        )
    return None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never wait for a password at night
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=GIT_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", f"git {args[0]} quá {GIT_TIMEOUT} giây")


def _last(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "không rõ lý do"


def nightly_command(root: Path, config: Path, site_dir: Path | None, alert: str | None) -> int:
    from ..site.build import build_command

    root = root.resolve()
    with contextlib.suppress(OSError):  # a reason left by an earlier run is not this run's
        failure_file(root).unlink(missing_ok=True)
    reasons = []
    pulled = pull(root)
    if pulled:
        print(f"Lỗi: {pulled}", file=sys.stderr)
        reasons.append(pulled)  # still build what is here: scheduled stories appear on their day
    tee = _Tee(sys.stderr)
    with contextlib.redirect_stderr(tee):
        status = build_command(root, config, site_dir, None)
    if status != 0:
        reasons.append("Dựng trang thất bại; trang đang chạy giữ nguyên (bản cũ).\n" + "\n".join(tee.copy.getvalue().strip().splitlines()[:REASON_LINES]))
    if not reasons:
        return 0
    reason = "\n\n".join(reasons)
    _keep(root, reason)
    print(f"vinhdanh nightly: THẤT BẠI ở {root}; trang đang chạy giữ nguyên.", file=sys.stderr)
    if alert:
        run_alert(alert, root, reason)
    return 1


def _keep(root: Path, reason: str) -> None:
    from ..site.atomic import write_bytes_atomically

    stamp = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):
        write_bytes_atomically(failure_file(root), f"{stamp}\n{reason}\n".encode())


def run_alert(command: str, root: Path, reason: str) -> bool:
    """`sh -c COMMAND` with the reason on stdin and in VINHDANH_LY_DO; whether it worked."""
    subject = f"vinhdanh: dựng trang thất bại ({root})"
    env = {**os.environ, "VINHDANH_LY_DO": reason, "VINHDANH_TIEU_DE": subject, "VINHDANH_THU_MUC": str(root)}
    try:
        done = subprocess.run(["/bin/sh", "-c", command], input=f"{subject}\n\n{reason}\n", text=True, env=env, timeout=ALERT_TIMEOUT, capture_output=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"Lỗi: lệnh báo động `{command}` không chạy được ({exc}).", file=sys.stderr)
        return False
    if done.returncode != 0:
        print(f"Lỗi: lệnh báo động `{command}` thoát với mã {done.returncode}: {_last(done.stderr)}", file=sys.stderr)
        return False
    print(f"Đã gửi báo động: {command}", file=sys.stderr)
    return True


def alert_command(root: Path, command: str, unit: str) -> int:
    """For systemd's OnFailure= unit: alert with the reason the failed run kept."""
    root = root.resolve()
    try:
        reason = failure_file(root).read_text(encoding="utf-8")
    except OSError:
        reason = f"{unit} thất bại trước khi ghi được lý do (bị dừng, hết bộ nhớ, hết thời gian?).\n    gợi ý: xem `journalctl -u {unit}`."
    reason += f"\nNhật ký đầy đủ: journalctl -u {unit}"
    return 0 if run_alert(command, root, reason) else 1
