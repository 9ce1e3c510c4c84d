"""Lighthouse (npm `lighthouse`, Debian chromium) on the sample site, mobile settings.

    .venv/bin/python benchmarks/lighthouse.py

Serves the built sample site on 127.0.0.1 with gzip (as any production web server
would) and prints the four category scores for a story page, the index, the landing page and
the search page opened with a query, plus the bytes each first view transfers, its
LCP and CLS. Lighthouse is installed on first
use under benchmarks/out/lh (git-ignored).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LH = HERE / "out" / "lh"
TEXT = (".html", ".css", ".js", ".xml", ".json", ".svg")


class GzipHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


def main() -> None:
    if not (LH / "node_modules/.bin/lighthouse").exists():
        LH.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(LH), "--no-audit", "--no-fund", "lighthouse@12"], check=True)
    site = HERE / "out" / "lighthouse-site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # The sample project with its base URL pointing here, so absolute URLs (404 page,
    # feed links) resolve to this server as they would to the hospital's own host.
    project = HERE / "out" / "lighthouse-project"
    shutil.rmtree(project, ignore_errors=True)
    for name in ("content", "pages", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("content/site.yml", "mkdocs.yml"):
        text = (ROOT / name).read_text(encoding="utf-8").replace("https://benhvien-songhau.example.vn/", base + "/")
        (project / name).write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "vinhdanh.cli", "--root", str(project), "build", "--today", "2026-11-25", "--site-dir", str(site)], check=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = {
        "story": "/guong-dien-hinh/nguyen-thi-lan/",
        "index": "/guong-dien-hinh/tat-ca/",
        "landing": "/guong-dien-hinh/",
        "search": "/guong-dien-hinh/tim-kiem/?q=dieu%20duong",  # opened with a query: results load with the page
    }
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
    for name, path in pages.items():
        out = HERE / "out" / f"lighthouse-{name}.json"
        subprocess.run(
            [
                str(LH / "node_modules/.bin/lighthouse"),
                base + path,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--form-factor=mobile",
            ],
            check=True,
            env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        )
        report = json.loads(out.read_text())
        scores = {k: v["score"] for k, v in report["categories"].items()}
        total = report["audits"]["total-byte-weight"]["numericValue"]
        lcp = report["audits"]["largest-contentful-paint"]["displayValue"]
        cls = report["audits"]["cumulative-layout-shift"]["displayValue"]
        print(f"{name:8s} {path}: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.items()) + f"; first view {total / 1024:.0f} KiB transferred; LCP {lcp}; CLS {cls}")
        for audit in report["audits"].values():
            if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"):
                print(f"    below 0.9: {audit['id']} ({audit.get('displayValue', '')})")
    server.shutdown()


if __name__ == "__main__":
    main()
