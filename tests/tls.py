"""TLS for the real-nginx tests: a throw-away CA and a server certificate for
localhost / 127.0.0.1, made at test time with the `openssl` command (Debian's
`openssl` package, which scripts/setup.sh installs), and a stub upstream that
records what nginx passes on.

A client verifies against the test CA (`client_context`), with host-name checking
on, as a phone's browser would; nothing is trusted by exception.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browser import CHROMIUM_ARGS, _missing, chromium_path
from nginx import free_port, running_nginx
from serverproject import cli


@dataclass(frozen=True)
class TestCA:
    ca: Path  # the CA certificate a client trusts
    certificate: Path  # the server's chain (leaf + CA), as fullchain.pem
    key: Path  # the server's private key, as privkey.pem


def _openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"openssl {' '.join(args)}:\n{done.stderr}"


def make_ca(folder: Path, names: tuple[str, ...] = ("localhost",), addresses: tuple[str, ...] = ("127.0.0.1",)) -> TestCA:
    """A CA, and a server certificate it signed for `names` and `addresses` (2 days)."""
    if not shutil.which("openssl"):
        _missing("openssl not found (apt-get install openssl)")
    folder.mkdir(parents=True, exist_ok=True)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-days", "2", "-subj", "/CN=vinhdanh test CA", "-keyout", "ca.key", "-out", "ca.pem",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    _openssl("req", "-new", *ec, "-subj", f"/CN={names[0]}", "-keyout", "privkey.pem", "-out", "server.csr", cwd=folder)
    san = ",".join([*(f"DNS:{n}" for n in names), *(f"IP:{a}" for a in addresses)])
    (folder / "server.ext").write_text(f"subjectAltName={san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n", encoding="utf-8")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem", cwd=folder)
    chain = folder / "fullchain.pem"
    chain.write_bytes((folder / "server.pem").read_bytes() + (folder / "ca.pem").read_bytes())
    return TestCA(ca=folder / "ca.pem", certificate=chain, key=folder / "privkey.pem")


def spki_pin(ca: TestCA) -> str:
    """base64(sha256(the server key's SubjectPublicKeyInfo)): what Chromium's
    --ignore-certificate-errors-spki-list takes to trust this one key and no other."""
    done = subprocess.run(["openssl", "pkey", "-in", str(ca.key), "-pubout", "-outform", "DER"], capture_output=True, timeout=60, check=True)
    return base64.b64encode(hashlib.sha256(done.stdout).digest()).decode("ascii")


def launch_trusting(playwright, ca: TestCA, *extra_args: str, **kwargs):
    """Debian's Chromium that accepts the test server's key (and still refuses any other);
    `extra_args` e.g. a --host-resolver-rules that sends the site's name to the test nginx."""
    args = [*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki_pin(ca)}", *extra_args]
    return playwright.chromium.launch(executable_path=chromium_path(), args=args, headless=True, **kwargs)


def client_context(ca: TestCA) -> ssl.SSLContext:
    """Trusts the test CA only, checks the host name: what a browser does."""
    return ssl.create_default_context(cafile=str(ca.ca))


def https(ca: TestCA, host: str, port: int) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection(host, port, timeout=20, context=client_context(ca))


@dataclass
class Seen:
    """One request as the upstream received it."""

    method: str
    path: str
    client: str  # the address the upstream's socket saw (nginx's)
    headers: dict[str, str]  # lower-case names
    body_length: int


@dataclass
class Upstream:
    port: int
    seen: list[Seen] = field(default_factory=list)


class _Recorder(BaseHTTPRequestHandler):
    server: _StubServer

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = Seen(self.command, self.path, self.client_address[0], {k.lower(): v for k, v in self.headers.items()}, len(body))
        self.server.upstream.seen.append(seen)
        data = json.dumps({"path": self.path, "length": len(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        # Headers nginx sets itself: the client must get nginx's one copy, not two.
        self.send_header("X-Frame-Options", "ALLOWALL")
        self.send_header("Strict-Transport-Security", "max-age=0")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _StubServer(ThreadingHTTPServer):
    daemon_threads = True
    upstream: Upstream


@contextlib.contextmanager
def stub_upstream() -> Iterator[Upstream]:
    """An HTTP server on 127.0.0.1 (a free port) standing in for `vinhdanh newsroom`."""
    server = _StubServer(("127.0.0.1", 0), _Recorder)
    server.upstream = Upstream(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.upstream
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def listening(port: int) -> list[str]:
    """The local addresses of every listening TCP socket on `port` (IPv4 and IPv6), from /proc."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hexport = local.split(":")
                if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                    found.append(_address(address, width))
    return found


def _address(hexaddr: str, width: int) -> str:
    raw = bytes.fromhex(hexaddr)
    # /proc prints each 32-bit word in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6, words)


@dataclass(frozen=True)
class Newsroom:
    origin: str  # https://localhost:PORT, the newsroom's --public-origin
    port: int  # nginx's HTTPS port
    http_port: int  # nginx's plain-HTTP port (a redirect only)
    conf: Path  # the server block, as `vinhdanh deploy newsroom` wrote it


@contextlib.contextmanager
def newsroom_behind_nginx(root: Path, site_dir: Path, upstream_port: int, ca: TestCA, tmp: Path, *extra: str) -> Iterator[Newsroom]:
    """nginx with TLS on 127.0.0.1 in front of a newsroom (or a stub) on `upstream_port`,
    configured by `vinhdanh deploy newsroom` itself; only its ports and certificate are the
    test's. `extra` http { } lines (e.g. another server block's include) go beside it."""
    port, http_port = free_port(), free_port()
    options = ("--server-name", "localhost", "--port", str(upstream_port), "--listen", f"127.0.0.1:{port}", "--http-listen", f"127.0.0.1:{http_port}")
    tls = ("--certificate", str(ca.certificate), "--certificate-key", str(ca.key))
    status, _, err = cli("--root", str(root), "deploy", "newsroom", "--site-dir", str(site_dir), "-o", str(tmp / "out"), "--user", "vinhdanh", *options, *tls)
    assert status == 0, err
    conf = tmp / "out/nginx/vinhdanh-newsroom.conf"
    with running_nginx(tmp / "run", "\n".join([*extra, f"include {conf};"]), port):
        yield Newsroom(f"https://localhost:{port}", port, http_port, conf)
