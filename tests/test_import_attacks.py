"""`vinhdanh import` against hostile units: a real server on 127.0.0.1 that drips, floods,
redirects elsewhere, points images at other services, spoofs its address or writes `javascript:`.

Every test here failed against the importer that trusted the feed (see the report of issue 20).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SITE, UNITS
from PIL import Image
from sitebuild import ROOT

from vinhdanh.cli import main
from vinhdanh.content.model import Department, Source
from vinhdanh.department import importer
from vinhdanh.department.fetch import Bounds
from vinhdanh.department.snapshot import read_sector
from vinhdanh.outputs import export
from vinhdanh.section import prepare

TODAY = dt.date(2026, 11, 25)
UID = "bvdk-song-hau"
NAME = "Bệnh viện Đa khoa Sông Hậu"
QUICK = Bounds(deadline=2.0, grace=0.5, min_rate=1024)  # the suite stays quick; the defaults are 60 s and 5 s


# -- a hostile unit ------------------------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


class Hostile:
    """A threaded server on an ephemeral port of 127.0.0.1; `routes` maps a path to what it does."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.sent = 0  # body bytes written by `flood`
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer.hits.append(self.path)
                route = outer.routes.get(self.path.split("?")[0])
                with contextlib.suppress(OSError):
                    route(self) if route else send(self, 404, b"")

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    servers: list[Hostile] = []

    def make() -> Hostile:
        servers.append(Hostile())
        return servers[-1]

    yield make
    for s in servers:
        s.stop()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, kind: str = "application/feed+json", **headers: str) -> None:
    h.send_response(status)
    h.send_header("Content-Type", kind)
    h.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        h.send_header(key.replace("_", "-"), value)
    h.end_headers()
    h.wfile.write(body)


def serve(body: bytes, kind: str = "application/feed+json") -> Route:
    return lambda h: send(h, 200, body, kind)


def redirect(location: str) -> Route:
    return lambda h: send(h, 302, b"", Location=location)


def drip_body(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 0.2 s: each read returns, so no socket timeout fires."""
    h.send_response(200)
    h.send_header("Content-Length", "1000000")
    h.end_headers()
    for _ in range(600):
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.2)


def drip_headers(h: BaseHTTPRequestHandler) -> None:
    """The status line, then a header one byte every 0.2 s: no body is ever reached."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(600):
        h.wfile.write(b"a")
        h.wfile.flush()
        time.sleep(0.2)


def flood(owner: Hostile, declared: bool) -> Route:
    """200 MB of a JSON string, streamed in 64 KiB writes; `owner.sent` counts what got out."""

    def route(h: BaseHTTPRequestHandler) -> None:
        total, block = 200 << 20, b"x" * (64 << 10)
        h.send_response(200)
        if declared:
            h.send_header("Content-Length", str(total))
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(b'{"title": "')
        while owner.sent < total:
            h.wfile.write(block)
            owner.sent += len(block)

    return route


def jpeg(width: int, height: int, color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_feed() -> dict:
    return json.loads(export.export_bytes(prepare(ROOT, TODAY)))


def rebased(feed: dict, base: str, uid: str = UID, items: int | None = None) -> dict:
    """The sample export as if the unit lived at `base` (every URL moves with it)."""
    text = json.dumps(feed, ensure_ascii=False).replace(feed["_vinhdanh"]["base_url"], base)
    out = json.loads(text)
    out["_vinhdanh"]["unit"] = {**out["_vinhdanh"]["unit"], "id": uid}
    if items is not None:
        out["items"] = out["items"][:items]
    return out


def body(feed: dict) -> bytes:
    return json.dumps(feed, ensure_ascii=False).encode("utf-8")


def bounded(call: Callable[[], object], seconds: float):
    """Run `call` on a thread; a call still running after `seconds` fails the test instead of hanging it."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    started = time.perf_counter()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still importing after {seconds} s"
    return result[0], time.perf_counter() - started


def exemplar_urls(root: Path, src: Source) -> list[str]:
    snap = read_sector(root, Department((src,))).snapshot(src.id)
    assert snap is not None
    return [snap.unit_url, *(e.page_url for e in snap.exemplars)]


# -- bounds: time and size ------------------------------------------------------------------------


@pytest.mark.parametrize("drip", [drip_body, drip_headers], ids=["body", "headers"])
def test_a_dripping_source_is_cut_at_its_deadline_and_keeps_its_snapshot(tmp_path, server, sample_feed, drip):
    unit = server()
    unit.routes["/feed.json"] = serve(body(rebased(sample_feed, unit.url, items=3)))
    src = Source(UID, NAME, unit.url + "feed.json")
    assert importer.import_one(tmp_path, src, bounds=QUICK).status == "imported"
    before = importer.snapshot_file(tmp_path, UID).read_bytes()
    unit.routes["/feed.json"] = drip
    outcome, elapsed = bounded(lambda: importer.import_one(tmp_path, src, bounds=QUICK), 10)
    assert elapsed < QUICK.deadline + 1.5, elapsed
    assert outcome.status == "kept", outcome.message
    assert re.search(r"quá thời hạn 2 giây|chậm hơn 1 KB/giây", outcome.message), outcome.message
    assert f"{NAME} (`{UID}`)" in outcome.text() and "giữ bản đã nhập" in outcome.text()
    assert importer.snapshot_file(tmp_path, UID).read_bytes() == before


def test_a_source_slower_than_the_minimum_rate_is_cut_after_the_grace_period(tmp_path, server):
    unit = server()
    unit.routes["/feed.json"] = drip_body
    src = Source(UID, NAME, unit.url + "feed.json")
    outcome, elapsed = bounded(lambda: importer.import_one(tmp_path, src, bounds=Bounds(deadline=30, grace=0.5, min_rate=1024)), 10)
    assert elapsed < 3, elapsed  # long before the 30 s deadline
    assert outcome.status == "failed" and "chậm hơn 1 KB/giây" in outcome.message, outcome.message


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_200_mb_response_is_cut_at_the_cap_without_reading_it_all(tmp_path, server, declared):
    unit = server()
    unit.routes["/feed.json"] = flood(unit, declared)
    src = Source(UID, NAME, unit.url + "feed.json")
    cap = Bounds(export_limit=2 << 20)
    outcome, _elapsed = bounded(lambda: importer.import_one(tmp_path, src, bounds=cap), 20)
    assert outcome.status == "failed" and "lớn hơn 2 MB" in outcome.message, outcome.message
    time.sleep(0.2)  # the server notices the closed connection
    assert unit.sent < 24 << 20, unit.sent  # the cap, and what the sockets' buffers held: not 200 MB


def test_the_deadline_covers_images_and_the_next_import_fetches_the_rest(tmp_path, server, sample_feed):
    unit = server()
    feed = rebased(sample_feed, unit.url, items=3)
    for n, item in enumerate(feed["items"]):
        item["_vinhdanh"].pop("photo", None)
        item["_vinhdanh"]["card_url"] = f"{unit.url}card{n}.jpg"
        unit.routes[f"/card{n}.jpg"] = lambda h: (time.sleep(0.7), send(h, 200, jpeg(120, 63), "image/jpeg"))
    unit.routes["/feed.json"] = serve(body(feed))
    src = Source(UID, NAME, unit.url + "feed.json")
    slow = Bounds(deadline=1.0)
    first = importer.import_one(tmp_path, src, bounds=slow)
    assert first.status == "imported" and first.items == 3 and first.images < 3 and first.seconds < 2.0
    assert any("quá thời hạn 1 giây" in w and "ảnh chưa tải" in w for w in first.warnings), first.warnings
    done = first.images
    for _ in range(3):  # the export is the same, but its images are not all in yet: not «unchanged»
        later = importer.import_one(tmp_path, src, bounds=slow)
        assert later.status == "imported", later.status
        done += later.images
        if done == 3:
            break
    assert done == 3
    assert importer.import_one(tmp_path, src, bounds=slow).status == "unchanged"


# -- origin: where links and images may lead ------------------------------------------------------


def test_images_are_never_fetched_from_another_port_host_or_through_a_redirect(tmp_path, server, sample_feed):
    unit, internal = server(), server()
    internal.routes["/secret.jpg"] = serve(jpeg(333, 111), "image/jpeg")
    feed = rebased(sample_feed, unit.url)
    exemplars = [i for i in feed["items"] if i["_vinhdanh"]["type"] == "exemplar"]
    assert len(exemplars) >= 4
    exemplars[0]["_vinhdanh"]["card_url"] = internal.url + "secret.jpg"  # another port of 127.0.0.1
    exemplars[1]["_vinhdanh"]["card_url"] = unit.url.replace("127.0.0.1", "localhost") + "secret.jpg"  # another host name
    exemplars[2]["_vinhdanh"]["photo"] = {"url": "http://169.254.169.254/latest/meta-data/card.jpg", "alt": "x"}  # a cloud's metadata
    exemplars[3]["_vinhdanh"]["card_url"] = unit.url + "moved.jpg"  # on the origin, but redirected away
    unit.routes["/moved.jpg"] = redirect(internal.url + "secret.jpg")
    unit.routes["/feed.json"] = serve(body(feed))
    src = Source(UID, NAME, unit.url + "feed.json")
    outcome = importer.import_one(tmp_path, src, bounds=QUICK)
    assert outcome.status == "imported", outcome.message
    assert internal.hits == []  # the internal service was never asked
    assert "/moved.jpg" in unit.hits
    warned = "\n".join(outcome.warnings)
    for item, field in ((exemplars[0], "card_url"), (exemplars[1], "card_url"), (exemplars[2], "photo.url")):
        assert f"`{item['_vinhdanh']['slug']}`" in warned and f"`{field}`" in warned, warned
    assert f"{NAME} (`{UID}`)" in warned
    snap = json.loads(importer.snapshot_file(tmp_path, UID).read_text(encoding="utf-8"))
    assert all(entry["width"] != 333 for entry in snap["media"].values())
    kept = {i["_vinhdanh"]["slug"] for i in snap["feed"]["items"]}
    assert exemplars[3]["_vinhdanh"]["slug"] in kept  # shown without its image, not dropped
    assert not kept & {i["_vinhdanh"]["slug"] for i in exemplars[:3]}


def test_an_export_redirected_to_another_port_is_not_followed(tmp_path, server, sample_feed):
    unit, other = server(), server()
    other.routes["/feed.json"] = serve(body(rebased(sample_feed, other.url)))
    unit.routes["/feed.json"] = redirect(other.url + "feed.json")
    outcome = importer.import_one(tmp_path, Source(UID, NAME, unit.url + "feed.json"), bounds=QUICK)
    assert outcome.status == "failed" and "chuyển hướng" in outcome.message and other.url in outcome.message, outcome.message
    assert other.hits == []


def test_redirects_on_the_origin_are_followed_five_times_at_most(tmp_path, server, sample_feed):
    unit = server()
    unit.routes["/feed.json"] = serve(body(rebased(sample_feed, unit.url, items=3)))
    unit.routes["/old.json"] = redirect("/feed.json")
    for n in range(7):
        unit.routes[f"/loop{n}"] = redirect(f"/loop{n + 1}")
    assert importer.import_one(tmp_path, Source(UID, NAME, unit.url + "old.json"), bounds=QUICK).status == "imported"
    looping = importer.import_one(tmp_path / "b", Source(UID, NAME, unit.url + "loop0"), bounds=QUICK)
    assert looping.status == "failed" and "quá 5 lần" in looping.message, looping.message
    assert "/loop5" in unit.hits and "/loop6" not in unit.hits


@pytest.mark.parametrize("honest", [0, 1], ids=["every-link", "all-but-one"])
def test_a_spoofed_base_url_cannot_point_the_links_elsewhere(tmp_path, server, sample_feed, honest):
    unit = server()
    feed = rebased(sample_feed, "http://evil.invalid/")
    feed["items"][:honest] = rebased(sample_feed, unit.url)["items"][:honest]  # on the real origin
    unit.routes["/feed.json"] = serve(body(feed))
    src = Source(UID, NAME, unit.url + "feed.json")
    outcome = importer.import_one(tmp_path, src, bounds=QUICK)
    assert outcome.status == "imported", outcome.message
    urls = exemplar_urls(tmp_path, src)
    assert all(u.startswith(unit.url) for u in urls), urls  # the unit page and every card link to where the export came from
    assert outcome.items == honest
    warned = "\n".join(outcome.warnings)
    assert "`base_url`" in warned and "evil.invalid" in warned and f"`{UID}`" in warned
    assert "`page_url`" in warned


def test_the_officers_base_url_in_site_yml_is_an_allowed_origin(tmp_path, server, sample_feed):
    unit = server()
    unit.routes["/feed.json"] = serve(body(rebased(sample_feed, "https://bv.example.vn/", items=3)))
    src = Source(UID, NAME, unit.url + "feed.json", base_url="https://bv.example.vn/")
    outcome = importer.import_one(tmp_path, src, bounds=QUICK)
    assert outcome.status == "imported" and outcome.items == 3 and not outcome.warnings, outcome.warnings
    assert all(u.startswith("https://bv.example.vn/") for u in exemplar_urls(tmp_path, src))


@pytest.mark.parametrize("home", ["javascript:alert(document.domain)", "http://evil.invalid/", " JavaScript:alert(1)"])
def test_a_home_page_off_the_origin_is_dropped(tmp_path, server, sample_feed, home):
    unit = server()
    feed = rebased(sample_feed, unit.url, items=3)
    feed["home_page_url"] = home
    unit.routes["/feed.json"] = serve(body(feed))
    src = Source(UID, NAME, unit.url + "feed.json")
    outcome = importer.import_one(tmp_path, src, bounds=QUICK)
    assert outcome.status == "imported" and outcome.items == 3
    snap = read_sector(tmp_path, Department((src,))).snapshot(UID)
    assert snap is not None and snap.unit_url == unit.url  # the export's base_url, on its origin
    assert any("`home_page_url`" in w for w in outcome.warnings), outcome.warnings


# -- path: sources stay in their folder -------------------------------------------------------------


def _path_source(tmp_path: Path, sample_feed: dict, card: str, feed_url: str | None = None) -> tuple[Source, dict]:
    base = "https://bv.example.vn/"
    site = tmp_path / "units" / UID
    (site / "guong-dien-hinh").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "ok.jpg").write_bytes(jpeg(200, 100, "green"))
    (tmp_path / "secret.jpg").write_bytes(jpeg(333, 111))  # the officer's own file, beside the unit's folder
    os.symlink(tmp_path / "secret.jpg", site / "assets" / "link.jpg")
    feed = rebased(sample_feed, base, items=4)
    if feed_url:
        feed["feed_url"] = feed_url
    feed["items"][0]["_vinhdanh"]["card_url"] = base + "assets/ok.jpg"
    feed["items"][1]["_vinhdanh"]["card_url"] = base + card
    export_file = site / "guong-dien-hinh" / "feed.json"
    export_file.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return Source(UID, NAME, str(export_file)), feed


@pytest.mark.parametrize(
    "card, feed_url",
    [
        ("../secret.jpg", None),
        ("assets/../../../secret.jpg", None),
        ("%2e%2e/secret.jpg", None),
        ("assets/link.jpg", None),  # a symlink out of the folder
        ("secret.jpg", "https://bv.example.vn/a/b/c/feed.json"),  # a feed_url that climbs above the folder
    ],
    ids=["dotdot", "nested-dotdot", "encoded-dotdot", "symlink", "deep-feed-url"],
)
def test_a_path_source_reads_images_only_inside_its_folder(tmp_path, sample_feed, card, feed_url):
    src, feed = _path_source(tmp_path, sample_feed, card, feed_url)
    outcome = importer.import_one(tmp_path / "so", src, bounds=QUICK)
    assert outcome.status == "imported", outcome.message
    snap = json.loads(importer.snapshot_file(tmp_path / "so", UID).read_text(encoding="utf-8"))
    sizes = {(e["width"], e["height"]) for e in snap["media"].values()}
    assert (333, 111) not in sizes  # the file outside was neither read nor published
    if feed_url is None:
        assert (200, 100) in sizes  # the unit's own image still is
        slug = feed["items"][1]["_vinhdanh"]["slug"]
        assert any(f"`{slug}`" in w and "`card_url`" in w for w in outcome.warnings), outcome.warnings


# -- sixty sources, one dripping, one silent, one unreachable ---------------------------------------


def silent(h: BaseHTTPRequestHandler) -> None:
    """Accepts the request and never answers."""
    time.sleep(30)


def test_sixty_sources_with_hostile_ones_finish_within_the_deadline_with_a_line_each(tmp_path, server, sample_feed):
    unit = server()
    with socket.socket() as s:  # a port nobody listens on: refused at once
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    lines = []
    for n in range(60):
        uid = f"ttyt-{n:02d}"
        base = f"{unit.url}{uid}/"
        unit.routes[f"/{uid}/feed.json"] = serve(body(rebased(sample_feed, base, uid, items=3)))
        location = f"{base}feed.json"
        if n == 7:
            unit.routes[f"/{uid}/feed.json"] = drip_body
        elif n == 23:
            unit.routes[f"/{uid}/feed.json"] = silent
        elif n == 41:
            location = f"http://127.0.0.1:{closed}/feed.json"
        lines.append(f"    - {{id: {uid}, name: Trung tâm Y tế số {n}, url: '{location}'}}\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/units.yml").write_text(UNITS, encoding="utf-8")
    (tmp_path / "content/site.yml").write_text(SITE + "id: so-y-te\ndepartment:\n  import_timeout: 3\n  sources:\n" + "".join(lines), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return main(["--root", str(tmp_path), "import"])

    code, elapsed = bounded(run, 20)
    assert code == 0, err.getvalue()
    assert elapsed < 3 + 2.5, elapsed  # the deadline, not 60 × anything
    printed = out.getvalue() + err.getvalue()
    progress = re.findall(r"^\[(\d+)/60\] (.*)$", printed, re.M)
    assert sorted(int(n) for n, _ in progress) == list(range(1, 61)), printed
    assert sum("đã nhập 3 mục" in line for _, line in progress) == 57
    bad = {re.search(r"`(ttyt-\d\d)`", line).group(1): line for _, line in progress if "cảnh báo" in line}  # type: ignore[union-attr]
    assert set(bad) == {"ttyt-07", "ttyt-23", "ttyt-41"}, bad
    assert "Trung tâm Y tế số 7" in bad["ttyt-07"] and re.search(r"quá thời hạn 3 giây|chậm hơn 1 KB/giây", bad["ttyt-07"])
    assert "quá thời hạn 3 giây" in bad["ttyt-23"]
    assert "không kết nối được" in bad["ttyt-41"]
