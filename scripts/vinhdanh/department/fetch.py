"""Fetch one export or one image, within bounds: an http(s) URL (urllib) or a local path.

A unit's server is not trusted to be quick, small or honest. Each source gets a `Clock`:
one wall-clock deadline for everything fetched for it (connect, redirects, headers,
body, images), enforced by a watchdog that shuts the socket down, because a server
sending one byte per second never trips a per-read timeout. Bodies are read in chunks,
capped while streaming and cut when slower than a minimum rate after a grace period.
Redirects may not leave the origins the source is allowed (`origin.py`), five at most.

Only `vinhdanh import` calls this; the build never touches the network.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .. import __version__
from ..records import record
from .origin import Origins, origin_of

DEADLINE = 60.0  # seconds per source, everything included; `department.import_timeout` in site.yml
MAX_DEADLINE = 3600  # what a setting may ask: an hour per source is already a stuck import
READ_TIMEOUT = 20.0  # seconds a single read may wait: a district centre's server may be slow
MIN_RATE = 1024  # bytes per second on average, checked once GRACE seconds have passed
GRACE = 5.0
MAX_EXPORT_BYTES = 64 << 20
MAX_IMAGE_BYTES = 25 << 20
MAX_REDIRECTS = 5
CHUNK = 64 << 10
USER_AGENT = f"vinhdanh/{__version__} (+department import)"


class FetchError(Exception):
    """The source could not be read; the message is Vietnamese and says why (and which bound)."""


@record
class Bounds:
    """What one source may cost: time, rate, size."""

    deadline: float = DEADLINE
    read_timeout: float = READ_TIMEOUT
    min_rate: int = MIN_RATE
    grace: float = GRACE
    export_limit: int = MAX_EXPORT_BYTES
    image_limit: int = MAX_IMAGE_BYTES


@record
class Fetched:
    data: bytes | None  # None: not modified since the validators given
    etag: str = ""
    last_modified: str = ""


class Clock:
    """One source's deadline. Sockets opened for the source are shut down when it passes."""

    def __init__(self, bounds: Bounds) -> None:
        self.bounds = bounds
        self.end = time.monotonic() + bounds.deadline
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Clock:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            raise self.error()

    def error(self) -> FetchError:
        return FetchError(f"quá thời hạn {self.bounds.deadline:g} giây cho mỗi đơn vị (`department.import_timeout` trong site.yml)")

    def timeout(self) -> float:
        """The socket timeout for the next connect or read: never past the deadline."""
        self.check()
        return max(0.01, min(self.bounds.read_timeout, self.remaining()))

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self._timer is None:
                self._timer = threading.Timer(max(0.0, self.remaining()), self._expire)
                self._timer.daemon = True
                self._timer.start()
        if self.remaining() <= 0:
            self._expire()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                # The plain socket's shutdown (an SSL socket's own would drop its state under the
                # reader); a socket closed already has nothing to stop.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def fetch(location: str, clock: Clock, origins: Origins, limit: int, etag: str = "", last_modified: str = "") -> Fetched:
    """`location` (a URL on `origins`, or a local file) read within `clock` and `limit` bytes."""
    if not is_url(location):
        return read_file(Path(location), limit)
    if origin_of(location) not in origins:
        raise FetchError(f"địa chỉ `{location}` không thuộc địa chỉ của đơn vị")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/feed+json, application/json;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = urllib.request.build_opener(_Handler(clock), _TlsHandler(clock), _Redirects(origins))
    started = time.monotonic()
    try:
        with opener.open(urllib.request.Request(location, headers=headers), timeout=clock.timeout()) as response:
            data = _read_body(response, clock, limit, started)
            return Fetched(data, response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, last_modified)
        raise FetchError(f"máy chủ trả lời lỗi HTTP {exc.code} {exc.reason}") from None
    except (OSError, http.client.HTTPException) as exc:
        if clock.expired or clock.remaining() <= 0:
            raise clock.error() from None
        raise FetchError(_network_error(exc, clock)) from None


def _network_error(exc: Exception, clock: Clock) -> str:
    if isinstance(exc, urllib.error.URLError):
        return f"không kết nối được ({exc.reason})"
    if isinstance(exc, TimeoutError):
        return f"quá {clock.bounds.read_timeout:g} giây không có trả lời"
    return f"lỗi mạng ({exc})"


def _read_body(response: http.client.HTTPResponse, clock: Clock, limit: int, started: float) -> bytes:
    """The body in chunks: refused as soon as it is too big, too late or too slow."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_big(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        clock.check()
        chunk = response.read1(CHUNK)  # returns what one read brought: a drip cannot hold it
        if not chunk:
            if clock.expired:  # the watchdog shut the socket: not the end of the body
                raise clock.error()
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _too_big(limit)
        chunks.append(chunk)
        elapsed = time.monotonic() - started
        if elapsed > clock.bounds.grace and size / elapsed < clock.bounds.min_rate:
            raise FetchError(f"máy chủ gửi chậm hơn {_rate(clock.bounds.min_rate)} ({size:,} byte sau {elapsed:.0f} giây)")


def _too_big(limit: int) -> FetchError:
    return FetchError(f"dữ liệu lớn hơn {_size(limit)}")


def _size(limit: int) -> str:
    return f"{limit / (1 << 20):g} MB" if limit >= 1 << 20 else f"{limit:,} byte"


def _rate(rate: int) -> str:
    return f"{rate / 1024:g} KB/giây" if rate >= 1024 else f"{rate} byte/giây"


class _Watched(http.client.HTTPConnection):
    """A connection whose socket its source's clock may shut, and whose timeouts stop at the deadline."""

    def __init__(self, *args, clock: Clock, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock

    def connect(self) -> None:
        self.timeout = self.clock.timeout()
        super().connect()  # the TLS subclass wraps the socket here
        self.clock.watch(self.sock)


class _WatchedTls(_Watched, http.client.HTTPSConnection):
    pass


class _Handler(urllib.request.HTTPHandler):
    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.connection = functools.partial(_Watched, clock=clock)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _TlsHandler(urllib.request.HTTPSHandler):
    def __init__(self, clock: Clock) -> None:
        super().__init__()  # the default context: certificates and host names checked
        self.connection = functools.partial(_WatchedTls, clock=clock)

    def https_open(self, req):
        return self.do_open(self.connection, req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only on the source's own origins, and MAX_REDIRECTS times at most."""

    def __init__(self, origins: Origins) -> None:
        super().__init__()
        self.origins = origins
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.count += 1
        if self.count > MAX_REDIRECTS:
            raise FetchError(f"máy chủ chuyển hướng quá {MAX_REDIRECTS} lần")
        if origin_of(newurl) not in self.origins:
            raise FetchError(f"máy chủ chuyển hướng sang `{newurl}`, ngoài địa chỉ của đơn vị ({self.origins.text()}); không theo")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def read_file(path: Path, limit: int) -> Fetched:
    try:
        if not path.is_file():  # a FIFO or a device would never end
            raise FetchError(f"không có tệp `{path}`")
        if path.stat().st_size > limit:
            raise _too_big(limit)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_big(limit)
        return Fetched(data)
    except OSError as exc:
        raise FetchError(f"không đọc được tệp `{path}` ({exc.strerror})") from None
