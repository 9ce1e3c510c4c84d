"""Shared helpers for tests that drive a real browser or HTML checkers.

* Chromium is Debian's ``/usr/bin/chromium``; Playwright never downloads its own.
* axe-core and vnu-jar come from ``node_modules`` (``npm ci`` at the repo root,
  see ``scripts/setup.sh``).
* Outside CI a missing tool skips the test; with ``CI=true`` it fails loudly,
  so a broken CI image cannot silently turn browser tests into skips.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing(what: str) -> None:
    """Fail in CI, skip elsewhere."""
    msg = f"{what} (run `bash scripts/setup.sh`)"
    if in_ci():
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def chromium_path() -> str:
    """Path of the system Chromium; skip (or fail under CI=true) when absent."""
    override = os.environ.get("CHROMIUM")
    for cand in ((override,) if override else ()) + CHROMIUM_CANDIDATES:
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    _missing("Chromium not found at /usr/bin/chromium")
    raise AssertionError("unreachable")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        # Like a production server (nginx `error_page 404 /404.html`): the site's own 404 page.
        page = os.path.join(self.directory, "404.html")
        if code == 404 and os.path.isfile(page):
            with open(page, "rb") as handle:
                body = handle.read()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        # Never let the browser reuse a stale copy between tests.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


# Pagefind serves .pf_* fragments and wasm; make sure types are sensible.
_QuietHandler.extensions_map = {
    **http.server.SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser drops requests it no longer needs (a page left mid-load): not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: str | os.PathLike[str]) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (random port); yield base URL without trailing slash."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(directory))
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright, **kwargs):
    """Launch Debian's Chromium through Playwright (sync or async API object)."""
    return playwright.chromium.launch(
        executable_path=chromium_path(),
        args=list(CHROMIUM_ARGS),
        headless=True,
        **kwargs,
    )


def axe_path() -> Path:
    if not AXE_JS.is_file():
        _missing(f"axe-core not installed ({AXE_JS.relative_to(ROOT)})")
    return AXE_JS


def run_axe(page, context=None, options: dict | None = None) -> list[dict]:
    """Inject axe-core into a (sync-API) Playwright page and return its violations.

    ``context``: axe context (selector string or include/exclude dict), default whole document.
    ``options``: axe run options, e.g. ``{"runOnly": ["wcag2a", "wcag2aa"]}``.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    results = page.evaluate(
        """async ([ctx, opts]) => {
            const r = await axe.run(ctx ?? document, opts ?? {});
            return r.violations;
        }""",
        [context, options],
    )
    return list(results)


def format_violations(violations: Iterable[dict]) -> str:
    """Readable one-line-per-node summary for assertion messages."""
    lines = []
    for v in violations:
        for node in v.get("nodes", []):
            lines.append(f"{v['id']} [{v.get('impact')}]: {', '.join(map(str, node.get('target', [])))}")
    return "\n".join(lines)


def java_path() -> str | None:
    return shutil.which("java")


def vnu_available() -> bool:
    return VNU_JAR.is_file() and java_path() is not None


def vnu_check(paths: Iterable[str | os.PathLike[str]], *, skip_non_html: bool = True) -> list[dict]:
    """Run the Nu HTML Checker on files/directories; return error messages only.

    Each item is vnu's JSON message dict (keys: type, url, lastLine, message, extract...).
    Skips (or fails in CI) when Java or vnu.jar is missing.
    """
    if not VNU_JAR.is_file():
        _missing(f"vnu-jar not installed ({VNU_JAR.relative_to(ROOT)})")
    java = java_path()
    if java is None:
        _missing("java not found (apt-get install default-jre-headless)")
    targets = [os.fspath(p) for p in paths]
    if not targets:
        return []
    cmd = [java, "-Xss1024k", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
    if skip_non_html:
        cmd.append("--skip-non-html")
    proc = subprocess.run(cmd + targets, capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr.
    raw = proc.stderr.strip() or proc.stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError as exc:  # pragma: no cover - tool failure
        raise RuntimeError(f"vnu produced no JSON (rc={proc.returncode}): {raw[:2000]}") from exc
    return [m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}]


# Every control a finger may need on a phone: none may stick out of the screen.
CONTROLS = "input:not([type=hidden]):not(.visually-hidden), select, textarea, button, a, label.button, label.check"


def off_screen(page, width: int, selector: str = CONTROLS) -> list[str]:
    """What a finger could not reach without scrolling sideways: a page wider than the
    screen (horizontal scrolling), or a control (`selector`) sticking out of it."""
    out = page.evaluate(
        """([selector, width]) => {
            const bad = [];
            const wide = document.scrollingElement.scrollWidth;
            if (wide > width) bad.push('page ' + wide + ' px wide');
            for (const e of document.querySelectorAll(selector)) {
                const r = e.getBoundingClientRect();
                if (!r.width || !r.height) continue;
                if (r.left < 0 || r.right > width + 0.5) bad.push((e.textContent || e.name || e.id).trim().slice(0, 30) + ' at ' + Math.round(r.left) + '..' + Math.round(r.right));
            }
            return bad;
        }""",
        [selector, width],
    )
    return list(out)
