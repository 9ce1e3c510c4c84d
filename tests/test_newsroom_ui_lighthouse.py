"""Lighthouse accessibility on the newsroom's pages, mobile settings: every score 1.0.

The login page, the reviewer's "Chờ duyệt" queue, the contributor's good deed form
and an author's story form, each signed in by its session cookie (Lighthouse's
--extra-headers). Lighthouse is the one `benchmarks/lighthouse.py` installs under
benchmarks/out/lh (`npm install --prefix benchmarks/out/lh lighthouse@12`).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from browser import chromium_path
from newsroomkit import GOOD_DEED, running_newsroom, signed_in

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "out" / "lh" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"


def lighthouse(url: str, out: Path, cookie: str = "") -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={FLAGS}", "--only-categories=accessibility", "--form-factor=mobile"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, timeout=240, env={"CHROME_PATH": chromium_path(), "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(out.parent)})
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_newsroom_page_scores_one(tmp_path: Path) -> None:
    # setup.sh does not install Lighthouse (benchmarks/lighthouse.py does): a clean CI clone skips.
    if not LIGHTHOUSE.exists():
        pytest.skip("Lighthouse not installed (npm install --prefix benchmarks/out/lh lighthouse@12)")
    with running_newsroom(tmp_path, build=False) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        tam, lan, minh = (signed_in(server, user) for user in ("tam", "lan", "minh"))
        rel = tam.post("/api/item", {"path": None, "kind": "gooddeed", "values": GOOD_DEED, "action": "save"}).body["path"]
        item = lan.get(f"/api/item?path={rel}").body
        assert lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "submit"}).status == 200
        pages = {
            "dang-nhap": (base, ""),
            "cho-duyet": (base + "#/list?status=review", minh.cookie),
            "viec-tot": (base + "#/new?kind=gooddeed", tam.cookie),
            "bai-viet": (base + "#/edit?path=" + rel, lan.cookie),
        }
        scores, failing = {}, {}
        for name, (url, cookie) in pages.items():
            report = lighthouse(url, tmp_path / f"lighthouse-{name}.json", cookie)
            scores[name] = report["categories"]["accessibility"]["score"]
            failing[name] = [a["id"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
            if name in ("viec-tot", "bai-viet"):  # the signed-in form was audited, not the login page
                assert report["fullPageScreenshot"]["screenshot"]["height"] > 1500, name
        print("Lighthouse accessibility:", scores)
        assert scores == dict.fromkeys(pages, 1.0), failing
