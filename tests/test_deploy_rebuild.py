"""Publishing into the served folder: nginx keeps serving while `vinhdanh build` swaps it.

Several threads request a mix of pages from nginx for the whole of a rebuild with a
changed story; every answer must be complete and be either the old or the new file.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
from pathlib import Path

from nginx import deploy, free_port, get, running_nginx
from sitebuild import TODAY, project_copy

THREADS = 4
STORY = "content/exemplars/2026/ly-thanh-son.md"


def build(root: Path, site: Path) -> subprocess.CompletedProcess:
    """The real command line, in its own process, as the daily timer runs it."""
    cmd = [str(Path(sys.executable).with_name("vinhdanh")), "--root", str(root), "build", "--site-dir", str(site), "--today", TODAY.isoformat()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_requests_during_a_rebuild_never_fail_or_see_half_a_page(tmp_path):
    root = project_copy(tmp_path / "project")
    site = tmp_path / "srv" / "site"
    first = build(root, site)
    assert first.returncode == 0, first.stderr
    paths = [
        "index.html",
        "guong-dien-hinh/index.html",
        "guong-dien-hinh/ly-thanh-son/index.html",
        "guong-dien-hinh/tat-ca/index.html",
        "guong-dien-hinh/nam/2026/index.html",
        "phong-trao-thi-dua/index.html",
        "guong-dien-hinh/rss.xml",
        "guong-dien-hinh/atom.xml",
        "guong-dien-hinh/pagefind/pagefind-entry.json",
        "sitemap.xml",
        "assets/vinhdanh/vinhdanh.css",
    ]
    paths.append(str(next((site / "guong-dien-hinh/anh").glob("*-400.webp")).relative_to(site)))
    old = {p: (site / p).read_bytes() for p in paths}

    text = (root / STORY).read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    (root / STORY).write_text(text.replace(summary, summary + " Cập nhật tháng 11 năm 2026, anh nhận thêm Bằng khen."), encoding="utf-8")

    port = free_port()
    status, err = deploy("--root", str(root), "deploy", "nginx", "--site-dir", str(site), "--listen", f"127.0.0.1:{port}", "-o", str(tmp_path / "conf"))
    assert status == 0, err
    answers: list[tuple[str, int, bytes, str]] = []
    failures: list[str] = []
    building = threading.Event()
    stop = threading.Event()

    def reader(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = offset
        mine = []
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            url = "/" + path.removesuffix("index.html")
            try:
                r = get(base, url, gzip_ok=n % 2 == 0, conn=conn)
                mine.append((path, r.status, r.body, "during" if building.is_set() else "around"))
            except Exception as exc:  # noqa: BLE001 - every failure counts, whatever its kind
                failures.append(f"{url}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()
        answers.extend(mine)

    with running_nginx(tmp_path / "run", f"include {tmp_path / 'conf/nginx/vinhdanh-site.conf'};", port) as base:
        threads = [threading.Thread(target=reader, args=(i * 3,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        building.set()
        started = time.perf_counter()
        second = build(root, site)
        seconds = time.perf_counter() - started
        building.clear()
        time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join()
    assert second.returncode == 0, second.stderr
    new = {p: (site / p).read_bytes() for p in paths}
    assert old["guong-dien-hinh/ly-thanh-son/index.html"] != new["guong-dien-hinh/ly-thanh-son/index.html"]

    errors = list(failures)
    seen_new = 0
    for path, status, body, _ in answers:
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        elif path.endswith(".html") and not body.rstrip().endswith(b"</html>"):
            errors.append(f"{path}: incomplete page ({len(body)} bytes)")
        elif body not in (old[path], new[path]):
            errors.append(f"{path}: neither the old nor the new file ({len(body)} bytes)")
        elif body != old[path]:
            seen_new += 1
    during = sum(a[3] == "during" for a in answers)
    print(f"\n{len(answers)} requests ({during} during the {seconds:.1f} s rebuild), {len(errors)} errors")
    assert not errors, errors[:10]
    assert during >= 100, "too few requests overlapped the rebuild to prove anything"
    assert seen_new > 0, "no reader saw the new site after the swap"
