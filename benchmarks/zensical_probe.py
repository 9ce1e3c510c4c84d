"""Zensical probe: can Zensical build the hospital's pages plus one shell per section page,
and can the section be spliced into those shells? Findings: docs/engines.md.

    python3 -m venv /tmp/zensical-venv && /tmp/zensical-venv/bin/pip install zensical
    .venv/bin/python benchmarks/zensical_probe.py [--zensical /tmp/zensical-venv/bin/zensical] [--variant classic]

1. MkDocs + Material build the sample site (the reference: the vinhdanh plugin makes the section).
2. A Zensical project is made from the same pages/, overrides/ and mkdocs.yml (our plugin dropped
   — Zensical ignores plugins it does not know — and its own search turned off, as ours is) plus, at the path of every section page, a shell:
   front matter `title`/`description`/`vinhdanh_head` placeholders and `<!--VD:article-->` as body.
3. Zensical builds it (timed). For every shell the probe checks that each placeholder came
   through where Material puts it, splices the reference page's title, description, head tags,
   header title and article in, and compares the page's landmark skeleton (header, tabs,
   sidebars, navigations, content, footer; article content left out) with Material's.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "zensical"
TODAY = "2026-11-25"
SECTION = ("guong-dien-hinh/", "phong-trao-thi-dua/")
SHELL = '---\ntitle: "VD:title"\ndescription: "VD:description"\nvinhdanh_head: "<!--VD:head-->"\n---\n\n<!--VD:article-->\n'
# Where Material (and a Material-compatible theme) puts each placeholder.
PLACES = {
    "title": re.compile(r"<title>VD:title - "),
    "description": re.compile(r'<meta name="description" content="VD:description">'),
    "head": re.compile(r"<!--VD:head-->\s*</head>"),
    "header title": re.compile(r'md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">\s*VD:title\s*</span>'),
    "article": re.compile(r'<article class="md-content__inner md-typeset">.*<!--VD:article-->', re.S),
}
LANDMARKS = re.compile(
    r"md-(header|header__inner|header__title|search|tabs|container|main|main__inner|sidebar--primary|sidebar--secondary|nav--primary|nav--secondary|content|footer|footer-meta|copyright|top|dialog)$"
)


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    env = dict(os.environ, VINHDANH_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(calendar.timegm(time.strptime(TODAY, "%Y-%m-%d"))))
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    log = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    if done.returncode:
        sys.exit(f"{command[0]} failed ({done.returncode}):\n{log[-4000:]}")
    return seconds, log


def material_site(work: Path) -> tuple[Path, float]:
    project = work / "material"
    for name in ("content", "pages", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    seconds, _ = run([sys.executable, "-m", "mkdocs", "build", "--quiet"], project)
    return project / "site", seconds


def section_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if p.relative_to(site).as_posix().startswith(SECTION))


def zensical_project(work: Path, pages: list[str], variant: str | None) -> Path:
    project = work / "zensical"
    shutil.copytree(ROOT / "pages", project / "pages")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    # It includes Material's nav through the plugin's "material/" template prefix: no such loader here.
    (project / "overrides" / "partials" / "nav.html").unlink()
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    # Our mkdocs.yml names no `search` (Pagefind is ours): MkDocs then has no search, Zensical
    # keeps its own unless told so.
    config["plugins"] = [{"search": {"enabled": False}}]
    if variant:
        config["theme"]["variant"] = variant
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for page in pages:
        shell = project / "pages" / page.replace("index.html", "index.md")
        shell.parent.mkdir(parents=True, exist_ok=True)
        shell.write_text(SHELL, encoding="utf-8")
    return project


class Skeleton(HTMLParser):
    """The landmarks of a page in document order; nothing inside the article. (Order, not
    depth: an HTML parser without a tree builder cannot count depth through implied end tags.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article, self.marks = 0, []

    def handle_starttag(self, tag, attrs):
        if self.in_article:
            self.in_article += tag == "article"
            return
        classes = (dict(attrs).get("class") or "").split()
        self.marks += [c for c in classes if LANDMARKS.match(c)]
        self.in_article = int("md-content__inner" in classes)

    def handle_endtag(self, tag):
        if self.in_article and tag == "article":
            self.in_article -= 1


def skeleton(html: str) -> list[str]:
    parser = Skeleton()
    parser.feed(html)
    return parser.marks


def article(html: str) -> tuple[int, int]:
    """Start and end of the article's inner HTML (articles nest: story cards are articles)."""
    start = html.index('<article class="md-content__inner md-typeset">')
    start = html.index(">", start) + 1
    depth = 1
    for tag in re.finditer(r"<(/?)article\b", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start, start + tag.start()
    raise ValueError("unclosed article")


def splice(shell: str, material: str) -> str:
    def one(pattern: str, text: str) -> str:
        found = re.search(pattern, text, re.S)
        assert found, pattern
        return found.group(1)

    out = re.sub(r"<title>.*?</title>", lambda _: one(r"(<title>.*?</title>)", material), shell, count=1)
    out = out.replace('<meta name="description" content="VD:description">', one(r'(<meta name="description" content="[^"]*">)', material), 1)
    out = out.replace("<!--VD:head-->", one(r'(<link rel="alternate".*?)\s*</head>', material), 1)
    out = out.replace("VD:title", one(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', material), 1)
    (a, b), (c, d) = article(out), article(material)
    return out[:a] + material[c:d] + out[b:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zensical", default="/tmp/zensical-venv/bin/zensical")
    parser.add_argument("--variant", choices=["modern", "classic"], help="Zensical's theme variant (default: Zensical's own, modern)")
    args = parser.parse_args()
    version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    shutil.rmtree(OUT, ignore_errors=True)
    reference, mk_seconds = material_site(OUT)
    pages = section_pages(reference)
    project = zensical_project(OUT, pages, args.variant)
    z_seconds, log = run([args.zensical, "build", "--clean"], project)
    site = project / "site"
    print(f"Zensical {version} (variant {args.variant or 'default'}); MkDocs + Material reference: {mk_seconds:.1f} s; Zensical: {z_seconds:.1f} s")
    print(f"hospital pages built: {sorted(p.name for p in (ROOT / 'pages').rglob('*.md'))} -> index.html {(site / 'index.html').is_file()}, 404.html {(site / '404.html').is_file()}")
    print("Zensical warnings:", Counter(line.strip() for line in log.splitlines() if line.strip().startswith(("Warning", "Error"))) or "none")

    missing, same, differ = Counter(), 0, []
    for page in pages:
        shell = (site / page).read_text(encoding="utf-8")
        missing.update(name for name, where in PLACES.items() if not where.search(shell))
        material = (reference / page).read_text(encoding="utf-8")
        spliced = splice(shell, material)
        (site / page).write_text(spliced, encoding="utf-8")
        if skeleton(spliced) == skeleton(material):
            same += 1
        else:
            differ.append(page)
    print(f"section pages: {len(pages)} shells; placeholders missing: {dict(missing) or 'none'}")
    print(f"spliced pages with Material's landmark skeleton: {same}/{len(pages)}")
    if differ:
        ours, theirs = skeleton((site / differ[0]).read_text(encoding="utf-8")), skeleton((reference / differ[0]).read_text(encoding="utf-8"))
        print(f"e.g. {differ[0]}:\n  Zensical {ours}\n  Material {theirs}")
    print(f"spliced site: {site}")


if __name__ == "__main__":
    main()
