"""Site build benchmark: vinhdanh vs Material's blog plugin, side by side in one run.

    .venv/bin/python benchmarks/site.py [--sizes 1000 5000] [--runs 3]

Prints build time (median of runs), peak memory (max RSS of the build process and
its children), output size, and the search bytes a reader downloads at 5,000
stories. Corpora are written under benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PY = sys.executable

sys.path.insert(0, str(HERE))
from corpus import make_blog, make_corpus  # noqa: E402


def make_vinhdanh(n: int, folder: Path) -> None:
    """A project of `n` published stories (the sample's site, units and campaigns)."""
    make_corpus(n, folder, published_only=True)
    for name in ("pages", "overrides"):
        if not (folder / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")


_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{rc.returncode} {elapsed:.3f} {peak:.1f}")
if rc.returncode: print(rc.stderr[-2000:], file=sys.stderr)
"""


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    done = subprocess.run([PY, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True)
    rc, seconds, peak = done.stdout.split()
    if rc != "0":
        raise SystemExit(f"{command} failed:\n{done.stderr}")
    return float(seconds), float(peak)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_bytes(site: Path, queries: list[str]) -> list[int]:
    """Bytes fetched by the search page per query, in a real browser."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import launch, serve
    from playwright.sync_api import sync_playwright

    out = []
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for query in queries:
            page = browser.new_page()  # a fresh reader each time: nothing cached
            fetched = []
            page.on("requestfinished", lambda r, fetched=fetched: fetched.append(r) if "/pagefind/" in r.url else None)
            page.goto(f"{base}/guong-dien-hinh/tim-kiem/?q={query}")
            page.wait_for_function(
                "document.getElementById('vd-search-status').textContent.startsWith('Tìm thấy') || document.getElementById('vd-search-status').textContent.startsWith('Không')", timeout=30000
            )
            page.wait_for_timeout(300)
            out.append(sum((r.sizes()["responseBodySize"]) for r in fetched))
            page.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-blog", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    results = {}
    for n in args.sizes:
        ours = OUT / f"site-vinhdanh-{n}"
        make_vinhdanh(n, ours)
        blog = OUT / f"site-blog-{n}"
        run_blog = not args.no_blog and n <= 1000
        if run_blog:
            make_blog(n, blog)
        times, peaks, blog_times, blog_peaks = [], [], [], []
        build = [PY, "-m", "vinhdanh.cli", "build", "--today", "2026-11-25", "--site-dir", str(ours / "site")]
        # Cold: no .cache (every photo, social card and body converted); then warm rebuilds.
        shutil.rmtree(ours / ".cache", ignore_errors=True)
        shutil.rmtree(ours / "site", ignore_errors=True)
        cold, cold_peak = measure(build, ours)
        runs = args.runs if n <= 1000 else max(1, args.runs - 1)
        for _ in range(runs):  # interleaved, so both see the same machine load
            s, m = measure(build, ours)
            times.append(s), peaks.append(m)
            if run_blog:
                s, m = measure([PY, "-m", "mkdocs", "build", "-q", "-d", str(blog / "site")], blog)
                blog_times.append(s), blog_peaks.append(m)
        row = {
            "stories": n,
            "vinhdanh_cold_s": cold,
            "vinhdanh_s": statistics.median(times),
            "vinhdanh_runs": times,
            "vinhdanh_peak_mb": max([*peaks, cold_peak]),
            "vinhdanh_site_mb": folder_size(ours / "site") / 1e6,
        }
        if run_blog:
            row |= {
                "blog_s": statistics.median(blog_times),
                "blog_runs": blog_times,
                "blog_peak_mb": max(blog_peaks),
                "ratio": statistics.median(times) / statistics.median(blog_times),
                "ratio_cold": cold / statistics.median(blog_times),
                "blog_search_index_mb": (blog / "site/search/search_index.json").stat().st_size / 1e6,
            }
        results[n] = row
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if len(args.sizes) > 1:
        a, b = args.sizes[0], args.sizes[-1]
        print(f"scaling {b}/{a}: {results[b]['vinhdanh_s'] / results[a]['vinhdanh_s']:.2f}x time for {b / a:.0f}x stories")
    for n in args.sizes:  # what one search costs a reader, as the corpus grows
        sizes = search_bytes(OUT / f"site-vinhdanh-{n}" / "site", ["nguyen thi lan", "dieu duong", "sáng kiến", "Hùng"])
        print(f"search at {n} stories: bytes per search (fresh reader, uncompressed server) {sizes}; median {statistics.median(sizes) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
