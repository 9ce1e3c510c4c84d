"""Publishing: `vinhdanh build` for the live site, run as the command itself.

A separate process runs the very code path of `vinhdanh build` (validate, build in a
staging folder, swap): a failed build never touches the live site, and the long
build's memory and any crash stay out of the server.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

TIMEOUT = 30 * 60


def build_live(root: Path, site_dir: Path | None, today: dt.date | None) -> tuple[bool, str]:
    """(whether the site was built and swapped, the build's last output lines)."""
    command = [sys.executable, "-m", "vinhdanh.cli", "--root", str(root), "build"]
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    if today is not None:
        command += ["--today", today.isoformat()]
    try:
        process = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return False, f"Dựng trang quá {TIMEOUT // 60} phút."
    output = (process.stderr + process.stdout).strip()
    return process.returncode == 0, "\n".join(output.splitlines()[-15:])
