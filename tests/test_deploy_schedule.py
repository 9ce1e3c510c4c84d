"""The daily rebuild: systemd service + timer and the cron line of `vinhdanh deploy systemd`."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from nginx import deploy
from sitebuild import ROOT, project_copy


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schedule")
    root = project_copy(tmp / "project")
    site = tmp / "srv" / "site"
    status, err = deploy("--root", str(root), "deploy", "systemd", "--site-dir", str(site), "-o", str(tmp / "out"))
    assert status == 0, err
    return tmp, root, site, tmp / "out"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_units_pass_systemd_analyze_verify(units):
    _, _, _, out = units
    analyze = shutil.which("systemd-analyze")
    service, timer = out / "systemd/vinhdanh-build.service", out / "systemd/vinhdanh-build.timer"
    if analyze:
        proc = subprocess.run([analyze, "verify", str(service), str(timer)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        ours = [line for line in proc.stderr.splitlines() if "vinhdanh-build" in line]
        assert not ours, ours  # not even "unknown key, ignoring"
        calendar = subprocess.run([analyze, "calendar", "--iterations=2", _unit(timer)["Timer"]["OnCalendar"]], capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
        assert calendar.returncode == 0, calendar.stderr
        assert "17:10:00 UTC" in calendar.stdout  # 00:10 in Vietnam, UTC+7
    # Parsed either way: the keys that make it a daily, catch-up, Vietnam-time job.
    t = _unit(timer)
    assert t["Timer"]["OnCalendar"] == "*-*-* 00:10:00 Asia/Ho_Chi_Minh"
    assert t["Timer"]["Persistent"] == "true"
    assert t["Install"]["WantedBy"] == "timers.target"
    s = _unit(service)
    assert s["Service"]["Type"] == "oneshot"
    assert s["Service"]["User"]


def test_exec_start_is_a_working_build(units):
    _, root, site, out = units
    service = _unit(out / "systemd/vinhdanh-build.service")["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[-3:] == ["nightly", "--site-dir", str(site)]
    assert Path(argv[0]).is_absolute()
    for writable in service["ReadWritePaths"].split():
        assert Path(writable.lstrip("-")) in (root, site.parent)
    proc = subprocess.run(argv, cwd=service["WorkingDirectory"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Đã dựng" in proc.stdout
    assert (site / "index.html").is_file() and (site / "guong-dien-hinh/index.html").is_file()
    # no --today: the day in Vietnam, as the timer sees it at 00:10
    from vinhdanh.content.reader import today_in_vietnam

    assert f"ngày dựng {today_in_vietnam():%d/%m/%Y}" in proc.stdout


def test_cron_line_runs_the_same_command(units):
    _, root, _site, out = units
    lines = [row for row in (out / "cron/vinhdanh-build").read_text(encoding="utf-8").splitlines() if row and not row.startswith("#")]
    assert not any(line.startswith("CRON_TZ") for line in lines)  # Debian's cron ignores it
    assert lines[0] == "SHELL=/bin/bash"
    minute, _hour, dom, month, dow, user, *command = lines[1].split()
    assert (minute, dom, month, dow) == ("10", "*", "*", "*")  # the hour: test_deploy_service.py
    service = _unit(out / "systemd/vinhdanh-build.service")["Service"]
    assert user == service["User"]
    shell = " ".join(command)
    assert shell.startswith(f"set -o pipefail; cd {shlex.quote(str(root))} && ")
    assert shlex.join(shlex.split(service["ExecStart"])) in shell


def test_systemd_needs_site_dir(tmp_path):
    status, err = deploy("--root", str(ROOT), "deploy", "systemd", "-o", str(tmp_path))
    assert status == 1 and "--site-dir" in err
