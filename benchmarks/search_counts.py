"""Search results with and without diacritics, side by side, on a synthetic corpus.

    .venv/bin/python benchmarks/search_counts.py [--stories 300]

Builds a project of `--stories` published stories (benchmarks/corpus.py) with the
code on PYTHONPATH, serves it on 127.0.0.1 and types each query into the search page
in Chromium, reading the count the page reports ("Tìm thấy N kết quả"). Run it with
PYTHONPATH pointing at another checkout's scripts/ to compare two versions.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUERIES = [("dieu duong", "điều dưỡng"), ("chien si thi dua", "chiến sĩ thi đua"), ("duoc si", "dược sĩ")]
DONE = "() => { const s = document.getElementById('vd-search-status').textContent; return s.startsWith('Tìm thấy') || s.startsWith('Không'); }"


def _site_benchmark():
    """benchmarks/site.py (its name is the standard library's `site`: loaded by path)."""
    spec = importlib.util.spec_from_file_location("site_benchmark", HERE / "site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def count(page, url: str, query: str) -> int:
    page.goto(f"{url}?q={quote(query)}")
    page.wait_for_function(DONE, timeout=30000)
    status = page.inner_text("#vd-search-status")
    return int(status.split()[2]) if status.startswith("Tìm thấy") else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()
    folder = HERE / "out" / f"search-{args.stories}"
    _site_benchmark().make_vinhdanh(args.stories, folder)
    site = folder / "site"
    shutil.rmtree(site, ignore_errors=True)
    build = [sys.executable, "-m", "vinhdanh.cli", "build", "--today", "2026-11-25", "--site-dir", str(site)]
    done = subprocess.run(build, cwd=folder, capture_output=True, text=True)  # the corpus's quota warnings: not ours
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import launch, serve
    from playwright.sync_api import sync_playwright

    code = subprocess.run([sys.executable, "-c", "import vinhdanh; print(vinhdanh.__file__)"], cwd=folder, capture_output=True, text=True).stdout.strip()
    print(f"{args.stories} published stories, built by {Path(code).parent}")
    print(f"{'without diacritics':>22} {'':>5}   {'with diacritics':<22}")
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        url = f"{base}/guong-dien-hinh/tim-kiem/"
        for plain, marked in QUERIES:
            print(f"{plain:>22} {count(page, url, plain):5d}   {count(page, url, marked):<5d} {marked}")
        browser.close()


if __name__ == "__main__":
    main()
