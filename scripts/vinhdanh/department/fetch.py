"""Fetch one export or one image: an http(s) URL (urllib, timeouts, conditional GET) or a local path.

Only `vinhdanh import` calls this; the build never touches the network.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

TIMEOUT = 20  # seconds per request: a district centre's server may be slow, never forever
MAX_EXPORT_BYTES = 64 << 20
MAX_IMAGE_BYTES = 25 << 20
USER_AGENT = f"vinhdanh/{__version__} (+department import)"


class FetchError(Exception):
    """The source could not be read; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class Fetched:
    data: bytes | None  # None: not modified since the validators given
    etag: str = ""
    last_modified: str = ""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def fetch(location: str, etag: str = "", last_modified: str = "", limit: int = MAX_EXPORT_BYTES, timeout: float = TIMEOUT) -> Fetched:
    if not is_url(location):
        return _read_file(Path(location), limit)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/feed+json, application/json;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(location, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            if len(data) > limit:
                raise FetchError(f"dữ liệu lớn hơn {limit >> 20} MB")
            return Fetched(data, response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, last_modified)
        raise FetchError(f"máy chủ trả lời lỗi HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"không kết nối được ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"quá {timeout:g} giây không có trả lời") from None
    except OSError as exc:
        raise FetchError(f"lỗi mạng ({exc})") from None


def _read_file(path: Path, limit: int) -> Fetched:
    try:
        size = path.stat().st_size
        if size > limit:
            raise FetchError(f"tệp lớn hơn {limit >> 20} MB")
        return Fetched(path.read_bytes())
    except FileNotFoundError:
        raise FetchError(f"không có tệp `{path}`") from None
    except OSError as exc:
        raise FetchError(f"không đọc được tệp `{path}` ({exc.strerror})") from None
