"""Department benchmark: 60 units × 500 public stories (30,000 items) imported, then built.

    .venv/bin/python benchmarks/department.py [--sources 60] [--stories 500] [--images 20]

One unit project of `--stories` published stories (benchmarks/corpus.py) is prepared
and exported once, as its build would write `guong-dien-hinh/feed.json`; the export is
then written for each source with that source's unit id and address, as a local file
(`path:` in `department.sources`). `--images` of each source's items get a real card
file (1200×630 JPEG) next to the export; the others' card URLs lead nowhere and are
skipped by the import (fetching and re-encoding 30,000 cards would measure Pillow,
not the import).

Prints: first import (time, peak memory of the importing process), the department
build (`vinhdanh build` in a subprocess: time, peak memory), and a second import
where one source changed. Never asserts.

    .venv/bin/python benchmarks/department.py --served [--deadline 60] [--stories 100]

instead serves the units' folders over HTTP on 127.0.0.1 (`url:` sources) with two
hostile ones, source 7 dripping one byte every 2 s and source 41 on a port nobody
listens on, and runs `vinhdanh import` as the officer would: its progress lines, one
per source as it finishes, and the total time against the per-source deadline.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "department"
sys.path.insert(0, str(HERE))
from corpus import TODAY, make_corpus  # noqa: E402


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def unit_export(stories: int) -> dict:
    from vinhdanh.outputs import export
    from vinhdanh.section import prepare

    folder = make_corpus(stories, OUT / f"unit-{stories}", published_only=True)
    started = time.perf_counter()
    section = prepare(folder, TODAY)
    feed = json.loads(export.export_bytes(section))
    print(f"one unit's export: {len(feed['items'])} items, {len(json.dumps(feed)) / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s to prepare and export")
    return feed


def card_jpeg(seed: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((1200, 630), 30 + seed % 20).convert("RGB").save(out, "JPEG", quality=70)
    return out.getvalue()


def write_sources(feed: dict, sources: int, images: int, base_of=lambda uid: f"https://{uid}.example.vn/") -> list[tuple[str, str, Path]]:
    base = feed["_vinhdanh"]["base_url"]
    text = json.dumps(feed, ensure_ascii=False)
    out = []
    for n in range(sources):
        uid = f"ttyt-{n:02d}"
        url = base_of(uid)
        site = OUT / "units" / uid
        export = site / "guong-dien-hinh" / "feed.json"
        export.parent.mkdir(parents=True, exist_ok=True)
        data = json.loads(text.replace(base, url))
        data["_vinhdanh"]["unit"] = {"id": uid, "name": f"Trung tâm Y tế số {n}"}
        for k, item in enumerate(data["items"][:images]):
            card = site / item["_vinhdanh"]["card_url"][len(url) :]
            card.parent.mkdir(parents=True, exist_ok=True)
            card.write_bytes(card_jpeg(n * 1000 + k))
        export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out.append((uid, f"Trung tâm Y tế số {n}", export))
    return out


def department_project(sources: list[tuple[str, str, Path]] | list[tuple[str, str, str]]) -> Path:
    folder = OUT / "so-y-te"
    shutil.rmtree(folder, ignore_errors=True)
    for name in ("content", "pages", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    key = lambda where: "path" if isinstance(where, Path) else "url"  # noqa: E731
    lines = "".join(f"    - {{id: {uid}, name: {name}, {key(where)}: '{where}'}}\n" for uid, name, where in sources)
    site = (folder / "content" / "site.yml").read_text(encoding="utf-8")
    (folder / "content" / "site.yml").write_text(site + f"department:\n  sources:\n{lines}", encoding="utf-8")
    return folder


class Units(SimpleHTTPRequestHandler):
    """The units' built folders, except `/drip/`: headers at once, then one byte every 2 s."""

    def do_GET(self) -> None:
        if not self.path.startswith("/drip/"):
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(2)
        except OSError:
            pass  # the importer hung up: that is the point

    def log_message(self, *args) -> None:
        pass


def served(args: argparse.Namespace) -> None:
    """The officer's `vinhdanh import` of units on HTTP, two of them hostile."""
    from vinhdanh.department.command import import_command

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Units, directory=str(OUT / "units")))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    shutil.rmtree(OUT / "units", ignore_errors=True)
    sources = write_sources(unit_export(args.stories), args.sources, args.images, lambda uid: f"{server}{uid}/")
    urls = [(uid, name, f"{server}{uid}/guong-dien-hinh/feed.json") for uid, name, _path in sources]
    urls[7] = (urls[7][0], urls[7][1], f"{server}drip/feed.json")
    urls[41] = (urls[41][0], urls[41][1], f"http://127.0.0.1:{closed}/guong-dien-hinh/feed.json")
    dept = department_project(urls)
    print(f"$ vinhdanh import  # {args.sources} sources on {server}, deadline {args.deadline or 'default'} s per source", flush=True)
    started = time.perf_counter()
    import_command(dept, deadline=args.deadline)
    print(f"total: {time.perf_counter() - started:.1f} s", flush=True)
    httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=60)
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--images", type=int, default=20, help="items per source with a real card file")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--served", action="store_true", help="units on HTTP, one dripping and one unreachable: the import's progress lines")
    parser.add_argument("--deadline", type=float, help="with --served: seconds per source (default: the import's own)")
    args = parser.parse_args()
    if args.served:
        return served(args)

    from vinhdanh.content.reader import load
    from vinhdanh.department.importer import import_sources

    feed = unit_export(args.stories)
    sources = write_sources(feed, args.sources, args.images)
    dept = department_project(sources)
    site = load(dept, TODAY).content.site
    total = args.sources * len(feed["items"])
    print(f"{args.sources} sources × {len(feed['items'])} items = {total:,} items; {args.sources * args.images:,} card images")

    started = time.perf_counter()
    outcomes = import_sources(dept, site)
    first = time.perf_counter() - started
    good = sum(o.status == "imported" for o in outcomes)
    images = sum(o.images for o in outcomes)
    print(f"first import: {first:.1f} s ({good}/{len(outcomes)} imported, {images:,} images re-encoded), peak RSS {peak_mb():.0f} MB")

    if not args.no_build:
        started = time.perf_counter()
        build = subprocess.run([sys.executable, "-m", "vinhdanh.cli", "--root", str(dept), "build", "--today", TODAY.isoformat(), "--site-dir", str(OUT / "site")], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        pages = sum(1 for _ in (OUT / "site").rglob("index.html")) if build.returncode == 0 else 0
        print(f"department build: {elapsed:.1f} s, exit {build.returncode}, {pages:,} pages, peak RSS {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        if build.returncode:
            print(build.stderr[-2000:])

    _uid, _, path = sources[len(sources) // 2]
    changed = json.loads(path.read_text(encoding="utf-8"))
    changed["items"][0]["summary"] += " (đã cập nhật)"
    changed["items"][0]["_vinhdanh"]["summary"] += " (đã cập nhật)"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    outcomes = import_sources(dept, site)
    second = time.perf_counter() - started
    states = {s: sum(o.status == s for o in outcomes) for s in ("imported", "unchanged", "kept", "failed")}
    print(f"second import, 1 source changed: {second:.2f} s ({states}) = {second / first:.1%} of the first")


if __name__ == "__main__":
    main()
