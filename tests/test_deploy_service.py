"""The generated units and cron line of a server: the stable program path an upgrade
keeps, the cron hour on the server's own clock, the alert on failure, HTTPS."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from nginx import free_port, running_nginx
from serverproject import cli, init


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return init(tmp_path_factory.mktemp("svc") / "noidung")


def _unit(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Service"] if parser.has_section("Service") else parser["Unit"]


def _systemd_argv(exec_start: str) -> list[str]:
    """ExecStart= as systemd reads it: shell-like words, %% and $$ for % and $."""
    return [a.replace("%%", "%").replace("$$", "$") for a in shlex.split(exec_start)]


def _deploy(project: Path, out: Path, *extra: str, env: dict | None = None) -> None:
    """`vinhdanh deploy systemd` in a child process: PATH and TZ as a server has them."""
    command = [sys.executable, "-m", "vinhdanh.cli", "--root", str(project), "deploy", "systemd", "--site-dir", str(out.parent / "www/site"), "-o", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr


def test_units_name_the_stable_path_not_the_venv(project, tmp_path):
    """install-server.sh puts a new venv behind /usr/local/bin/vinhdanh on every
    upgrade: a unit naming the venv would run the old one, or nothing."""
    venv_program = Path(sys.executable).with_name("vinhdanh")
    if not venv_program.is_file():
        pytest.skip("no vinhdanh script in this environment")
    stable = tmp_path / "bin" / "vinhdanh"
    stable.parent.mkdir()
    stable.symlink_to(venv_program)
    _deploy(project, tmp_path / "out", "--alert", "true", env={"PATH": f"{stable.parent}:{os.environ['PATH']}"})
    for unit in ("vinhdanh-build.service", "vinhdanh-build-alert.service"):
        assert _systemd_argv(_unit(tmp_path / "out/systemd" / unit)["ExecStart"])[0] == str(stable), unit
    cron = (tmp_path / "out/cron/vinhdanh-build").read_text(encoding="utf-8")
    assert f"&& {stable} --root" in cron and str(venv_program) not in cron


@pytest.mark.parametrize(("zone", "hour"), [("UTC", "17"), ("Asia/Ho_Chi_Minh", "0"), ("Asia/Tokyo", "2")])
def test_the_cron_line_runs_after_midnight_in_vietnam_on_the_servers_clock(project, tmp_path, zone, hour):
    _deploy(project, tmp_path / "out", env={"TZ": zone})
    lines = [row for row in (tmp_path / "out/cron/vinhdanh-build").read_text(encoding="utf-8").splitlines() if row and not row.startswith("#")]
    assert lines[-1].split()[:5] == ["10", hour, "*", "*", "*"]


def test_a_failure_runs_the_alert_through_on_failure_and_cron(project, tmp_path):
    """The alert command reaches systemd and cron intact: `%` is a specifier in a unit
    and a new line in cron, `$` a variable in a unit."""
    alert = "curl -fsS --max-time 10 --data-binary @- 'https://hook.example.vn/a%20b?u=$USER'"
    _deploy(project, tmp_path / "out", "--alert", alert)
    service = (tmp_path / "out/systemd/vinhdanh-build.service").read_text(encoding="utf-8")
    assert "\nOnFailure=vinhdanh-build-alert.service\n" in service
    argv = _systemd_argv(_unit(tmp_path / "out/systemd/vinhdanh-build-alert.service")["ExecStart"])
    assert argv[argv.index("--command") + 1] == alert
    assert argv[argv.index("--root") + 1] == str(project)
    cron = (tmp_path / "out/cron/vinhdanh-build").read_text(encoding="utf-8").splitlines()[-1]
    assert "%" not in cron.replace("\\%", "")
    analyze = shutil.which("systemd-analyze")
    if analyze:
        units = [str(tmp_path / "out/systemd" / u) for u in ("vinhdanh-build.service", "vinhdanh-build-alert.service", "vinhdanh-build.timer")]
        done = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=60)
        assert not [line for line in done.stderr.splitlines() if "vinhdanh-build" in line], done.stderr


def test_the_alert_units_command_is_called_with_the_reason(project, tmp_path):
    (project / ".vinhdanh").mkdir(exist_ok=True)
    (project / ".vinhdanh/nightly-failure.txt").write_text("2026-11-25T00:10:00+07:00\nlý do thử\n", encoding="utf-8")
    got = tmp_path / "got.txt"
    _deploy(project, tmp_path / "out", "--alert", f'cat > {got}; echo "$VINHDANH_TIEU_DE" >> {got}')
    argv = _systemd_argv(_unit(tmp_path / "out/systemd/vinhdanh-build-alert.service")["ExecStart"])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=project)
    assert done.returncode == 0, done.stderr
    text = got.read_text(encoding="utf-8")
    assert "lý do thử" in text and "vinhdanh: dựng trang thất bại" in text
    (project / ".vinhdanh/nightly-failure.txt").unlink()


def test_without_an_alert_there_is_no_on_failure_unit(project, tmp_path):
    _deploy(project, tmp_path / "out")
    assert "OnFailure" not in (tmp_path / "out/systemd/vinhdanh-build.service").read_text(encoding="utf-8")
    assert not (tmp_path / "out/systemd/vinhdanh-build-alert.service").exists()


def test_https_with_the_certificate_in_the_server_block(project, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bv.example.vn", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60
    )
    site = tmp_path / "www/site"
    assert cli("--root", str(project), "build", "--site-dir", str(site))[0] == 0
    port, http_port = free_port(), free_port()
    status, _, err = cli(
        "--root", str(project), "deploy", "nginx", "--site-dir", str(site), "-o", str(tmp_path / "conf"),
        "--listen", f"127.0.0.1:{port}", "--http-listen", f"127.0.0.1:{http_port}", "--certificate", str(cert), "--certificate-key", str(key),
    )  # fmt: skip
    assert status == 0, err
    conf = tmp_path / "conf/nginx/vinhdanh-site.conf"
    assert f"ssl_certificate {cert};" in conf.read_text(encoding="utf-8")
    with running_nginx(tmp_path / "run", f"include {conf};", port):
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False  # the certificate names bv.example.vn; we dial 127.0.0.1
        deadline = time.monotonic() + 10
        while True:
            try:
                response = urllib.request.urlopen(f"https://127.0.0.1:{port}/", context=context, timeout=10)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status == 200 and "Thử Nghiệm" in response.read().decode("utf-8")
        hsts = response.headers.get("Strict-Transport-Security")
        redirect = urllib.request.build_opener(_NoRedirect).open(f"http://127.0.0.1:{http_port}/guong-dien-hinh/?a=1", timeout=10)
    assert redirect.status == 301 and redirect.headers["Location"] == "https://127.0.0.1/guong-dien-hinh/?a=1"
    assert hsts == "max-age=31536000"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_301(self, req, fp, code, msg, headers):
        return fp


def test_the_cron_job_exits_non_zero_and_alerts_on_a_content_error(tmp_path):
    root = init(tmp_path / "noidung")
    (root / "content/units.yml").write_text("- id: khoa-nhi\n  name: Khoa Nhi\n  kind: khoa-khong-co\n", encoding="utf-8")
    got = tmp_path / "got.txt"
    _deploy(root, tmp_path / "out", "--alert", f"cat > {got}")
    lines = (tmp_path / "out/cron/vinhdanh-build").read_text(encoding="utf-8").splitlines()
    shell = next(line.split("=", 1)[1] for line in lines if line.startswith("SHELL="))
    command = lines[-1].split(" ", 6)[6]  # after the five time fields and the user
    done = subprocess.run([shell, "-c", command], capture_output=True, text=True, timeout=300, env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert done.returncode != 0  # the build's status, not logger's
    assert "khoa-khong-co" in got.read_text(encoding="utf-8")
    assert not (tmp_path / "out/www/site").exists()
