"""Incremental build benchmark: cold build, warm full rebuild, rebuild after one
edited story, save-to-visible under `mkdocs serve`, side by side in one run.

    .venv/bin/python benchmarks/incremental.py [--sizes 1000 5000] [--runs 3] [--serve-edits 5]

* cold: `vinhdanh build` with no `.cache/` (every photo, card, body, page);
* full: `vinhdanh build --full` — every page rendered again, photo and body caches warm
  (what every rebuild cost before incremental builds);
* edit: `vinhdanh build` after one story's body was edited (a marker paragraph);
* noop: `vinhdanh build` with nothing changed;
* serve: `mkdocs serve` on 127.0.0.1 (a free port); one story's body gets a new
  marker, and the served page is polled until the marker shows: save-to-visible.

* blog (`--blog`, at most 1,000 stories): Material's blog plugin building the same
  stories (benchmarks/site.py's corpus), interleaved with ours; cold and full are
  quoted as ratios of its median (issue 22: cold ≤ 0.25×, full ≤ 0.10×, and an edit
  after a full build ≤ 0.15× the full one).

Runs are interleaved so every kind sees the same machine load; medians are
printed with every run. Also `vinhdanh validate` on 5,000 stories that name their
units by full name, against the libyaml floor (yaml.load with CSafeLoader of the
same files' front matter). Corpora live under benchmarks/out/ (git-ignored).
Targets (issue 13): serve ≤ 2 s at 1,000 stories and ≤ 20 % of full; edit ≤ 20 % of
full; validate ≤ 2× libyaml. The script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PY = sys.executable
TODAY = "2026-11-25"
# Commands run as an installed package runs them: with Python's bytecode cache. A
# PYTHONDONTWRITEBYTECODE in the caller's shell would make every command compile
# our 55 modules again (0.1 s each time, measured), which no installation does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

sys.path.insert(0, str(HERE))
from corpus import make_blog, make_corpus  # noqa: E402


def make_project(n: int) -> Path:
    folder = OUT / f"incremental-{n}"
    make_corpus(n, folder, published_only=True)
    for name in ("pages", "overrides"):
        if not (folder / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def story_of(folder: Path) -> Path:
    return sorted((folder / "content" / "exemplars").rglob("*.md"))[len(list((folder / "content" / "exemplars").rglob("*.md"))) // 2]


def url_of(story: Path) -> str:
    slug = story.parent.name if story.name == "index.md" else story.stem
    return f"guong-dien-hinh/{slug}/"


def mark(story: Path, marker: str) -> None:
    """Put `marker` as the first paragraph of the story's body (replacing an earlier one)."""
    text = story.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    body = re.sub(r"^\nVDMARK\w+\n", "", body)
    story.write_text(f"{head}{sep}\n{marker}\n{body}", encoding="utf-8")


def build(folder: Path, *extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([PY, "-m", "vinhdanh.cli", "build", "--today", TODAY, *extra], cwd=folder, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return elapsed


def blog_build(folder: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], cwd=folder, capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(f"blog build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


class Serve:
    """`mkdocs serve` of `folder`, started and stopped by us."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        env = {**ENV, "VINHDANH_TODAY": TODAY}
        self.log = open(folder / ".serve.log", "w")  # noqa: SIM115 - open for the server's whole life; closed in stop()
        self.process = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"], cwd=folder, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.base = f"http://127.0.0.1:{self.port}/"

    def wait_for(self, path: str, needle: str, timeout: float = 600) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            try:
                if needle in _get(self.base + path):
                    return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit(f"{needle} never appeared on {path}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def serve_runs(folder: Path, edits: int) -> list[float]:
    story = story_of(folder)
    path = url_of(story)
    server = Serve(folder)
    try:
        server.wait_for(path, "</html>")
        times = []
        for _i in range(edits):
            marker = f"VDMARK{time.time_ns()}"
            time.sleep(1.0)  # let the server settle after the previous build
            started = time.perf_counter()
            mark(story, marker)
            server.wait_for(path, marker)
            times.append(time.perf_counter() - started)
        return times
    finally:
        server.stop()


def validate_figures(n: int, runs: int) -> dict:
    """`vinhdanh validate` on stories naming units by full name, against libyaml."""
    import yaml

    folder = OUT / f"incremental-validate-{n}"
    if not (folder / "done-names").exists():
        make_corpus(n, folder)
        units = {u["id"]: u["name"] for u in yaml.safe_load((folder / "content" / "units.yml").read_text(encoding="utf-8"))}
        for story in (folder / "content" / "exemplars").rglob("*.md"):
            text = story.read_text(encoding="utf-8")
            text = re.sub(r"^unit: (\S+)$", lambda m: f"unit: {units.get(m.group(1), m.group(1))}", text, count=1, flags=re.M)
            story.write_text(text, encoding="utf-8")
        (folder / "done-names").write_text("ok\n")
    files = sorted((folder / "content").rglob("*.md"))

    def floor() -> float:
        started = time.perf_counter()
        for path in files:
            text = path.read_bytes().decode("utf-8")
            if text.startswith("---"):
                end = text.find("\n---", 3)
                yaml.load(text[3:end], Loader=yaml.CSafeLoader)
        return time.perf_counter() - started

    def validate() -> float:
        started = time.perf_counter()
        subprocess.run([PY, "-m", "vinhdanh.cli", "--root", str(folder), "validate", "--today", TODAY], capture_output=True, env=ENV)
        return time.perf_counter() - started

    def libyaml_cli() -> float:  # the floor as a command too: Python start and yaml import included
        started = time.perf_counter()
        code = "import sys, yaml\nfor p in sys.argv[1:]:\n t = open(p, encoding='utf-8').read()\n if t.startswith('---'): yaml.load(t[3:t.find('\\n---', 3)], Loader=yaml.CSafeLoader)"
        subprocess.run([PY, "-c", code, *map(str, files)], capture_output=True, env=ENV)
        return time.perf_counter() - started

    sys.path.insert(0, str(ROOT / "scripts"))
    import datetime as dt

    from vinhdanh.reader import load

    def load_once() -> float:
        started = time.perf_counter()
        load(folder, dt.date.fromisoformat(TODAY))
        return time.perf_counter() - started

    floors, loads, clis, floor_clis = [], [], [], []
    for _ in range(runs):  # interleaved
        floors.append(floor()), loads.append(load_once()), clis.append(validate()), floor_clis.append(libyaml_cli())
    from vinhdanh import text

    calls = {"n": 0}
    original = text.tone_insensitive_placement

    def counting(value):
        calls["n"] += 1
        return original(value)

    import vinhdanh.nameindex as nameindex

    nameindex.tone_insensitive_placement = counting
    load(folder, dt.date.fromisoformat(TODAY))
    nameindex.tone_insensitive_placement = original
    return {
        "stories": n,
        "libyaml_s": statistics.median(floors),
        "reader_load_s": statistics.median(loads),
        "ratio_in_process": statistics.median(loads) / statistics.median(floors),
        "validate_cli_s": statistics.median(clis),
        "libyaml_cli_s": statistics.median(floor_clis),
        "ratio_cli": statistics.median(clis) / statistics.median(floor_clis),
        "tone_normalisations": calls["n"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-edits", type=int, default=5)
    parser.add_argument("--validate-stories", type=int, default=5000)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--blog", action="store_true", help="Material's blog plugin on the same stories, side by side")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    for n in args.sizes:
        folder = make_project(n)
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        shutil.rmtree(folder / "site", ignore_errors=True)
        blog_folder = OUT / f"site-blog-{n}"
        with_blog = args.blog and n <= 1000
        if with_blog:
            make_blog(n, blog_folder)
        cold = build(folder)
        story = story_of(folder)
        runs = args.runs if n <= 1000 else max(1, args.runs - 1)
        full, edit, noop, blog = [], [], [], []
        for _i in range(runs):  # interleaved: all kinds see the same machine load
            if with_blog:
                blog.append(blog_build(blog_folder))
            full.append(build(folder, "--full"))
            mark(story, f"VDMARK{time.time_ns()}")
            edit.append(build(folder))  # the build before it was a full one
            noop.append(build(folder))
        serve = serve_runs(folder, args.serve_edits if n <= 1000 else max(2, args.serve_edits - 2)) if args.serve_edits else [float("nan")]
        row = {
            "stories": n,
            "cold_s": round(cold, 2),
            "full_s": round(statistics.median(full), 2),
            "edit_s": round(statistics.median(edit), 2),
            "noop_s": round(statistics.median(noop), 2),
            "serve_s": round(statistics.median(serve), 2),
            "edit_vs_full": round(statistics.median(edit) / statistics.median(full), 3),
            "serve_vs_full": round(statistics.median(serve) / statistics.median(full), 3),
            "runs": {"full": [round(x, 2) for x in full], "edit": [round(x, 2) for x in edit], "noop": [round(x, 2) for x in noop], "serve": [round(x, 2) for x in serve]},
        }
        if blog:
            median = statistics.median(blog)
            row |= {"blog_s": round(median, 2), "cold_vs_blog": round(cold / median, 3), "full_vs_blog": round(statistics.median(full) / median, 3), "blog_runs": [round(x, 2) for x in blog]}
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if not args.no_validate:
        figures = validate_figures(args.validate_stories, args.runs)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
