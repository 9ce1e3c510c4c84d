"""`vinhdanh deploy newsroom`: the newsroom's systemd unit and its nginx server block.

Settings that would put the newsroom on a public interface, proxy it elsewhere,
publish its state (password hashes) or run it as root are refused in Vietnamese.
The generated block is then served by Debian's nginx with TLS on 127.0.0.1 — a
test CA made at run time, a real client verifying against it — in front of a
stub upstream standing in for `vinhdanh newsroom`.
"""

from __future__ import annotations

import configparser
import http.client
import json
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import urllib.request
from pathlib import Path

import pytest
from browser import launch
from nginx import free_port
from serverproject import cli, git, init
from tls import client_context, https, launch_trusting, listening, make_ca, newsroom_behind_nginx, stub_upstream

from vinhdanh.deploy.newsroom import DEFAULT_STATE
from vinhdanh.newsroom.handler import MAX_BODY
from vinhdanh.newsroom.publish import TIMEOUT as BUILD_TIMEOUT

SERVER = "phongtin.bv.example.vn"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return init(tmp_path_factory.mktemp("newsroom") / "noidung")


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"))


def _deploy(project: Path, out: Path, *extra: str) -> tuple[int, str]:
    """The project's files are root's here: the service runs as `vinhdanh` unless a test says."""
    site = project.parent / "www/site"
    user = () if "--user" in extra else ("--user", "vinhdanh")
    status, _, err = cli("--root", str(project), "deploy", "newsroom", "--site-dir", str(site), "-o", str(out), *user, *extra)
    return status, err


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def _directives(conf: str, name: str) -> list[str]:
    """The arguments of every `name …;` directive of an nginx file, comments left out."""
    lines = [row.split("#", 1)[0].strip() for row in conf.splitlines()]
    return [row[len(name) :].strip().rstrip(";").strip() for row in lines if row.startswith(name + " ")]


# -- settings that must be refused --------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ((), "--server-name"),  # the newsroom has its own name, never guessed
        (("--server-name", "bv.example.vn"), "tên miền riêng"),  # the site's own name: two servers, one name
        (("--server-name", "phongtin.bv.example.vn; include /etc/shadow"), "tên miền"),
        (("--server-name", "*.bv.example.vn"), "tên miền"),
        (("--server-name", SERVER, "--port", "0"), "--port"),
        (("--server-name", SERVER, "--port", "80"), "--port"),  # a privileged port: never bindable as a user
        (("--server-name", SERVER, "--port", "70000"), "--port"),
        (("--server-name", SERVER, "--port", "8770", "--listen", "8770"), "8770"),  # nginx would take the newsroom's port
        (("--server-name", SERVER, "--listen", "0.0.0.0:8770"), "8770"),
        (("--server-name", SERVER, "--http-listen", "127.0.0.1:8770"), "8770"),
        (("--server-name", SERVER, "--listen", "443; proxy_pass http://evil.example"), "--listen"),
        (("--server-name", SERVER, "--listen", "443", "--http-listen", "443"), "--http-listen"),
        (("--server-name", SERVER, "--user", "root"), "root"),
        (("--server-name", SERVER, "--certificate", "/etc/ssl/a.pem"), "--certificate-key"),
    ],
)
def test_unsafe_settings_are_refused_in_vietnamese(project, tmp_path, extra, says):
    status, err = _deploy(project, tmp_path / "out", *extra)
    assert status == 1
    assert err.startswith("Lỗi: ") and says in err and "gợi ý" in err
    assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.mark.parametrize("where", ["content/.newsroom", "site-dir/state", "."])
def test_state_is_never_where_it_would_be_built_published_or_committed(project, tmp_path, where):
    """users.json holds the password hashes: inside content/ it is committed and read by
    the build, inside the web root nginx serves it to anyone."""
    site = project.parent / "www/site"
    state = {"content/.newsroom": project / "content/.newsroom", "site-dir/state": site / "state", ".": project}[where]
    status, err = _deploy(project, tmp_path / "out", "--server-name", SERVER, "--state", str(state))
    assert status == 1 and "--state" in err and "gợi ý" in err, err


# -- the files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("files")
    status, err = _deploy(project, out, "--server-name", SERVER)
    assert status == 0, err
    return out, err


def test_the_service_runs_the_newsroom_on_loopback_hardened(project, files):
    out, _ = files
    unit = _unit(out / "systemd/vinhdanh-newsroom.service")
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).is_absolute()
    assert argv[argv.index("--root") + 1] == str(project)
    options = argv[argv.index("newsroom") + 1 :]
    assert dict(zip(options[::2], options[1::2], strict=True)) == {
        "--state": "/var/lib/vinhdanh-newsroom",
        "--port": "8770",
        "--public-origin": f"https://{SERVER}",
        "--site-dir": str(project.parent / "www/site"),
    }
    assert not [a for a in argv if a in ("--host", "--bind", "--listen", "0.0.0.0")]  # 127.0.0.1 is the server's only address
    assert service["User"] == "vinhdanh" and service["Restart"] == "on-failure"
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
        "StateDirectory": "vinhdanh-newsroom",
        "StateDirectoryMode": "0700",
    }.items():
        assert service[key] == value, key
    writable = service["ReadWritePaths"].split()
    assert writable == [f"-{project}", f"-{project.parent / 'www'}"]  # the repository, the site's folder (staging beside it)
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_unit_passes_systemd_analyze(files):
    out, _ = files
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze not installed (the unit was parsed above)")
    unit = out / "systemd/vinhdanh-newsroom.service"
    done = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert not [row for row in done.stderr.splitlines() if "vinhdanh-newsroom" in row], done.stderr
    security = subprocess.run([analyze, "security", "--offline=yes", "--threshold=30", str(unit)], capture_output=True, text=True, timeout=60)
    assert security.returncode == 0, security.stdout[-2000:]  # "exposure" at most 3.0 of 10


def test_without_a_certificate_the_block_names_lets_encrypt_with_a_note(files):
    out, err = files
    conf = (out / "nginx/vinhdanh-newsroom.conf").read_text(encoding="utf-8")
    assert _directives(conf, "ssl_certificate") == [f"/etc/letsencrypt/live/{SERVER}/fullchain.pem"]
    assert f"certbot certonly --nginx -d {SERVER}" in err and "chứng chỉ" in err
    assert _directives(conf, "proxy_pass") and set(_directives(conf, "proxy_pass")) == {"http://127.0.0.1:8770"}
    assert _directives(conf, "client_max_body_size") == [f"{MAX_BODY // 1048576}m"]
    assert _directives(conf, "proxy_read_timeout") == [f"{BUILD_TIMEOUT + 60}s"]  # nginx outwaits an approval's build


# -- served by nginx with TLS -------------------------------------------------------


@pytest.fixture(scope="module")
def served(project, ca, tmp_path_factory):
    """The block as generated (only ports and certificate paths are the test's), with the
    site's own HTTPS block beside it in the same nginx, as on the hospital's server."""
    tmp = tmp_path_factory.mktemp("served")
    site_dir = project.parent / "www/site"
    tls = ("--certificate", str(ca.certificate), "--certificate-key", str(ca.key))
    status, _, err = cli("--root", str(project), "deploy", "nginx", "--site-dir", str(site_dir), "-o", str(tmp / "site"),
                         "--listen", f"127.0.0.1:{free_port()}", "--http-listen", f"127.0.0.1:{free_port()}", *tls)  # fmt: skip
    assert status == 0, err
    with stub_upstream() as upstream, newsroom_behind_nginx(project, site_dir, upstream.port, ca, tmp, f"include {tmp / 'site/nginx/vinhdanh-site.conf'};") as newsroom:
        yield upstream, newsroom.port, newsroom.http_port, newsroom.conf


def _request(ca, port, method, path, body=b"", headers=None, host="localhost"):
    conn = https(ca, host, port)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read(), r.headers
    finally:
        conn.close()


def test_tls_verifies_against_the_hospitals_certificate(served, ca):
    _, port, _, _ = served
    for host in ("localhost", "127.0.0.1"):  # host name and address, both in the certificate
        status, _, body, _ = _request(ca, port, "GET", "/api/me", host=host)
        assert status == 200 and json.loads(body)["path"] == "/api/me"
    # A client that does not trust the CA gets no page at all.
    with pytest.raises(ssl.SSLCertVerificationError), socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        ssl.create_default_context().wrap_socket(raw, server_hostname="localhost")


def test_plain_http_is_redirected_to_the_public_origin(served, ca):
    _, port, http_port, _ = served
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    conn.request("POST", "/api/login?a=1", body=b'{"user":"x","password":"y"}', headers={"Host": "evil.example"})
    r = conn.getresponse()
    assert r.status == 301 and r.getheader("Location") == f"https://localhost:{port}/api/login?a=1"  # never the Host sent
    conn.close()
    # A browser following it lands on the newsroom over verified TLS.
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=client_context(ca)))
    with opener.open(f"http://localhost:{http_port}/static/app.js", timeout=20) as landed:
        assert landed.url == f"https://localhost:{port}/static/app.js" and json.loads(landed.read())["path"] == "/static/app.js"


def test_the_upstream_sees_https_and_the_real_client_address(served, ca):
    upstream, port, _, _ = served
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9", "X-Forwarded-Proto": "http", "Origin": f"https://localhost:{port}"}
    status, *_ = _request(ca, port, "POST", "/api/item", body=b'{"a":1}', headers={**forged, "Content-Type": "application/json"})
    assert status == 200
    seen = upstream.seen[-1]
    assert seen.path == "/api/item" and seen.body_length == 7
    assert seen.client == "127.0.0.1"  # nginx, on loopback
    # The address the rate limit and the audit log use is the one the TCP connection came
    # from: a client cannot choose it by sending the header itself.
    assert seen.headers["x-forwarded-for"] == "127.0.0.1" and seen.headers["x-real-ip"] == "127.0.0.1"
    assert seen.headers["x-forwarded-proto"] == "https"
    # The Host the browser sent, port included: the newsroom accepts only its public origin's
    # host:port, and nginx's $host (without the port) was refused on any port but 443.
    assert seen.headers["host"] == f"localhost:{port}" and seen.headers["origin"] == f"https://localhost:{port}"


def test_security_headers_once_and_on_errors_too(served, ca):
    _, port, _, _ = served
    status, headers, _, raw = _request(ca, port, "GET", "/")
    assert status == 200
    assert raw.get_all("X-Frame-Options") == ["SAMEORIGIN"]  # the upstream's own copy is hidden
    assert raw.get_all("Strict-Transport-Security") == ["max-age=31536000"]
    expected = {"x-content-type-options": "nosniff", "referrer-policy": "same-origin", "x-robots-tag": "noindex, nofollow"}
    assert {k: headers.get(k) for k in expected} == expected
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert "server" not in headers or "nginx/" not in headers["server"]  # no version


def test_a_body_over_the_servers_cap_is_refused_by_nginx(served, ca):
    """The photo upload's cap, in nginx: an oversized body never reaches the newsroom,
    and the answer is JSON in Vietnamese like the server's own refusals."""
    upstream, port, _, _ = served
    before = len(upstream.seen)
    conn = https(ca, "localhost", port)
    conn.putrequest("POST", "/api/photo?for=new")
    conn.putheader("Content-Type", "image/jpeg")
    conn.putheader("Content-Length", str(MAX_BODY + 1))
    conn.endheaders()  # nginx answers from the length alone
    r = conn.getresponse()
    assert r.status == 413
    assert r.getheader("Content-Type").startswith("application/json")
    assert "MB" in json.loads(r.read())["message"]
    assert r.getheader("Strict-Transport-Security") == "max-age=31536000"
    conn.close()
    # Chunked (no length announced): counted as it arrives, refused all the same.
    conn = https(ca, "localhost", port)
    conn.putrequest("POST", "/api/photo?for=new")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"\0" * (1 << 20)
    try:
        for _ in range(MAX_BODY // len(chunk) + 1):
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert conn.getresponse().status == 413
    conn.close()
    assert len(upstream.seen) == before
    # One just at the cap passes, whole.
    status, _, body, _ = _request(ca, port, "POST", "/api/photo?for=new", body=b"\xff" * MAX_BODY, headers={"Content-Type": "image/jpeg"})
    assert status == 200 and json.loads(body)["length"] == MAX_BODY


def test_newsroom_down_is_a_json_answer_not_an_nginx_page(project, ca, tmp_path):
    """The phone's form reads every answer as JSON: when the service is stopped or
    restarting, nginx's own 502 would be an HTML page it cannot show."""
    dead = free_port()  # nothing listens there
    with newsroom_behind_nginx(project, project.parent / "www/site", dead, ca, tmp_path) as newsroom:
        status, headers, body, _ = _request(ca, newsroom.port, "POST", "/api/item", body=b"{}")
    assert status == 502 and headers["content-type"].startswith("application/json")
    assert "thử lại" in json.loads(body)["message"]
    assert headers["strict-transport-security"] == "max-age=31536000"


def test_only_loopback_and_the_given_ports_listen(served):
    upstream, port, http_port, conf = served
    text = conf.read_text(encoding="utf-8")
    assert sorted(_directives(text, "listen")) == sorted([f"127.0.0.1:{port} ssl", f"127.0.0.1:{http_port}"])
    assert set(_directives(text, "proxy_pass")) == {f"http://127.0.0.1:{upstream.port}"}
    for p in (port, http_port, upstream.port):
        assert listening(p) == ["127.0.0.1"], (p, listening(p))


def test_the_state_folder_is_never_committed(project):
    """`vinhdanh newsroom`'s default state is `.newsroom/` at the project root: both this
    repository and every one `vinhdanh init` makes ignore it."""
    (project / ".newsroom").mkdir(exist_ok=True)
    (project / ".newsroom/users.json").write_text("{}", encoding="utf-8")
    git(project, "add", "-A")
    assert ".newsroom" not in git(project, "status", "--porcelain", "--untracked-files=all")
    here = Path(__file__).resolve().parents[1]
    done = subprocess.run(["git", "-C", str(here), "check-ignore", "-q", ".newsroom/users.json"], timeout=30)
    assert done.returncode == 0


def test_the_it_guide_commands_make_these_files(project, tmp_path):
    """docs/van-hanh-may-chu.md §9 as IT types it (paths moved into the test's folders):
    `deploy newsroom` succeeds and writes the files the next commands copy."""
    guide = (Path(__file__).resolve().parents[1] / "docs/van-hanh-may-chu.md").read_text(encoding="utf-8")
    start = guide.index("vinhdanh --root /srv/vinhdanh/noidung deploy newsroom")
    command = guide[start : guide.index("\n#", start)].replace("\\\n", " ")
    moved = {"/srv/vinhdanh/noidung": str(project), "/var/www/vinhdanh/site": str(tmp_path / "www/site"), "/srv/vinhdanh/deploy": str(tmp_path / "deploy")}
    for server_path, here in moved.items():
        command = command.replace(server_path, here)
    argv = shlex.split(command)[1:]  # without the program's name
    status, _, err = cli(*argv, "--user", "vinhdanh")
    assert status == 0, err
    copied = re.findall(r"sudo cp /srv/vinhdanh/deploy/(\S+)", guide[start:])
    assert copied[:2] == ["systemd/vinhdanh-newsroom.service", "nginx/vinhdanh-newsroom.conf"]
    for rel in copied[:2]:
        assert (tmp_path / "deploy" / rel).is_file(), rel
    state = f"--state {DEFAULT_STATE}"
    assert state in (tmp_path / "deploy/systemd/vinhdanh-newsroom.service").read_text(encoding="utf-8")
    assert f"-m 0700 {DEFAULT_STATE}" in guide  # the folder the guide creates is the unit's


def test_chromium_reaches_the_newsroom_over_tls(served, ca):
    """The harness the newsroom's browser tests use: Chromium trusts the test server's key
    only (no blanket "ignore certificate errors"), follows http:// to https://."""
    pytest.importorskip("playwright")
    from playwright.sync_api import Error, sync_playwright

    _, port, http_port, _ = served
    with sync_playwright() as p:
        browser = launch_trusting(p, ca)
        try:
            page = browser.new_page()
            page.goto(f"http://localhost:{http_port}/api/me")
            assert page.url == f"https://localhost:{port}/api/me"
            assert json.loads(page.inner_text("body"))["path"] == "/api/me"
        finally:
            browser.close()
        other = launch(p)  # the same Chromium without the pin
        try:
            with pytest.raises(Error, match="ERR_CERT"):
                other.new_page().goto(f"https://localhost:{port}/api/me")
        finally:
            other.close()


def test_every_wrong_setting_is_reported_in_one_run(project, tmp_path):
    status, err = _deploy(project, tmp_path / "out", "--server-name", "bv.example.vn", "--port", "80", "--listen", "x", "--user", "root", "--state", str(project / "content/s"))
    assert status == 1
    for option in ("--server-name", "--port", "--listen", "root", "--state"):
        assert option in err, option
    assert err.count("Lỗi: ") == 5 and err.count("gợi ý") == 5
