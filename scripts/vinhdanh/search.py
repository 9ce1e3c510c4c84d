"""The search index: Pagefind over the built story and campaign pages.

Pagefind splits its index into chunks fetched on demand, so what a reader
downloads per search stays small however many stories there are. Pagefind folds
Vietnamese tones but not đ→d, so each searchable page carries a hidden folded
copy of its key words (see templates: `vd-fold`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def index(section, site_dir: Path) -> None:
    output = site_dir / section.urls.exemplars / "pagefind"
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
