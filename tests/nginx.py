"""Debian's nginx, started by a test on 127.0.0.1 with its own prefix, pid and temp paths.

Like the browser helpers: outside CI a missing nginx skips the test; with CI=true it
fails, so a CI image without nginx cannot turn these tests into skips.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from browser import _missing

NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")


def nginx_path() -> str:
    for cand in NGINX_CANDIDATES:
        if os.access(cand, os.X_OK):
            return cand
    found = shutil.which("nginx")
    if found:
        return found
    _missing("nginx not found (apt-get install nginx)")
    raise AssertionError("unreachable")


def deploy(*args: str) -> tuple[int, str]:
    """(exit status, stderr) of the real CLI, e.g. deploy("--root", R, "deploy", "nginx", ...)."""
    import io

    from vinhdanh.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, err.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main_conf(tmp: Path, http_body: str) -> str:
    """A whole nginx.conf whose every path is under `tmp`; `http_body` goes in http { }."""
    temps = "\n".join(f"    {name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, workers would switch to `nobody`, who cannot enter pytest's 0700 tmp folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return (
        f"daemon off;\n{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\n"
        f"events {{ worker_connections 256; }}\nhttp {{\n    access_log off;\n{temps}\n{http_body}\n}}\n"
    )


@contextlib.contextmanager
def running_nginx(tmp: Path, http_body: str, port: int) -> Iterator[str]:
    """Start nginx in the foreground with `http_body`; yield http://127.0.0.1:PORT; stop it."""
    binary = nginx_path()
    tmp.mkdir(parents=True, exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(main_conf(tmp, http_body), encoding="utf-8")
    cmd = [binary, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")]
    check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t rejected the configuration:\n{check.stderr}\n{conf.read_text()}"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"nginx exited with {proc.returncode}: {proc.stderr.read().decode()} {(tmp / 'error.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline:
                raise AssertionError("nginx did not start listening within 10 s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful stop of this test's nginx only
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stderr.close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    raw: bytes  # as sent on the wire

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.raw) if self.headers.get("content-encoding") == "gzip" else self.raw

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "")


def get(base: str, path: str, gzip_ok: bool = False, conn: http.client.HTTPConnection | None = None) -> Response:
    host, port = base.split("//", 1)[1].split(":")
    own = conn is None
    conn = conn or http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        r = conn.getresponse()
        raw = r.read()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, raw)
    finally:
        if own:
            conn.close()
