"""The editor's files: our page and script, the section's CSS, Decap's npm bundle."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
PAGE = PACKAGE / "assets" / "editor"
SECTION_CSS = PACKAGE / "assets" / "vinhdanh.css"


def decap_dist(root: Path) -> Path:
    """node_modules/decap-cms/dist of the project, else of the checkout this package runs from."""
    for base in (root.resolve(), PACKAGE.parent.parent):
        dist = base / "node_modules" / "decap-cms" / "dist"
        if (dist / "decap-cms.js").is_file():
            return dist
    raise FileNotFoundError("không tìm thấy Decap CMS (node_modules/decap-cms). Gợi ý: chạy `npm ci --ignore-scripts` ở thư mục gốc dự án (scripts/setup.sh làm việc này).")


def editor_files(root: Path) -> dict[str, Path]:
    """URL path → file, for everything the editor page loads (all from this machine)."""
    files = {"/": PAGE / "index.html", "/vinhdanh.css": SECTION_CSS}
    files.update({f"/{p.name}": p for p in PAGE.iterdir() if p.name != "index.html"})
    dist = decap_dist(root)
    files.update({f"/decap/{p.name}": p for p in dist.iterdir() if p.is_file() and not p.name.endswith(".map")})
    return files
