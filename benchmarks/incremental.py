"""Build benchmark of issue 22: our cold, warm `--full`, edit-after-full and `serve` figures
beside Material's blog plugin and Zensical's blog on the same stories, in one run.

    .venv/bin/python benchmarks/incremental.py [--sizes 1000 5000] [--runs 3] [--large-runs 1]
        [--blog] [--zensical /tmp/zensical-venv/bin/zensical] [--serve-edits 5] [--no-validate]

Ours (`vinhdanh build` on benchmarks/out/incremental-N, N published stories):
* cold: no `.cache/`, no `site/` (every photo, social card, body and page made; the old ones
  moved aside and deleted after the last run, for every tool alike: see `clean`);
* full: `build --full` right after, every page rendered again with warm photo and body caches;
* edit: `build` after one story's body got a marker paragraph, the build before it a full one;
* noop: `build` with nothing changed;
* serve: `mkdocs serve` on 127.0.0.1 (a free port); a story gets a new marker and its page is
  polled until the marker shows: save-to-visible (after all build runs, one server, several saves);
  with Playwright and /usr/bin/chromium, the same page open in Chromium is watched too: the time
  until the reload that follows the save shows the marker (what an author waits for).

Beside it, the same stories (corpus.py draws them from the same random stream) as blog posts
(benchmarks/out/site-blog-N):
* Material's blog plugin (`--blog`): cold = `mkdocs build` with no `site/`; warm = the same again
  with the last `site/` there (the blog keeps no cache: warm differs only by warm OS caches);
* Zensical's blog (`--zensical PATH` to its `zensical` command, e.g. from
  `python3 -m venv /tmp/zensical-venv && /tmp/zensical-venv/bin/pip install zensical`): cold =
  `zensical build --clean` with no `.cache/` and no `site/`; warm = `zensical build` again
  (Zensical caches rendered pages in `.cache/`). Zensical reads the blog's mkdocs.yml as it is
  and has the blog built in; without a blog it would build the posts as plain pages (said).

Every kind runs once per round and the rounds are interleaved, so all see the same machine
load; medians are printed with every run. Peak memory: "peak MB" is the max RSS of the largest
process of a build's tree (os.wait4's rusage: the build and every child it waited for); "tree MB"
the most the whole tree held at once (PSS of every process summed, sampled every 0.25 s). Issue 22's
targets are printed beside the ratios: cold ≤ 0.25× the blog's cold and ≤ 0.35× Zensical's
cold, full ≤ 0.10× the blog (warm), edit ≤ 0.15× our full, serve ≤ 0.5 s.

Then `vinhdanh validate` on 5,000 stories naming their units by full name, against the libyaml
floor (the same files read and their front matter loaded with CSafeLoader): wall and CPU time,
in process (`reader.load`) and as commands (Python start and imports included); target ≤ 1.5×.
Only that part: `--sizes --runs 3` (no build size). `--validate-old OTHER/scripts` times another
checkout's code in the same interleaved rounds: its `reader.load` in a child process after a
warm-up read, and ours the same way beside it ("child" rows: compare these two, not a child with
this process, whose larger heap and earlier rounds make its read slower).
Corpora live under benchmarks/out/ (git-ignored). The script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PY = sys.executable
TODAY = "2026-11-25"
CHROMIUM = "/usr/bin/chromium"
# Commands run as an installed package runs them: with Python's bytecode cache. A
# PYTHONDONTWRITEBYTECODE in the caller's shell would make every command compile
# our modules again (0.1 s each time, measured), which no installation does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

sys.path.insert(0, str(HERE))
from corpus import make_blog, make_corpus  # noqa: E402

# -- running and measuring one command -----------------------------------------------


@dataclass
class Sample:
    seconds: float  # wall
    cpu: float  # user + system of the whole process tree
    peak_mb: float  # max RSS of its largest process
    tree_mb: float = 0.0  # the most its processes held at once (PSS summed, sampled every 0.25 s)


class TreeMemory(threading.Thread):
    """Samples the proportional set size (shared pages split between sharers) of a process and all
    its descendants: a build that forks workers holds their sum, which no single RSS shows."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _tree(self.pid))))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+)", rollup, re.M)
    return int(found.group(1)) if found else 0


def measure(command: list[str], cwd: Path, env: dict | None = None, what: str = "", ok: tuple[int, ...] = (0,)) -> Sample:
    """Run `command`, its wall time, CPU time and peak memory from the kernel's rusage of it."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=env or ENV)
        memory = TreeMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)  # the child's rusage, its own waited children included
        seconds = time.perf_counter() - started
        tree_mb = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            errors.seek(0)
            raise SystemExit(f"{what or command[0]} failed ({process.returncode}):\n{errors.read().decode(errors='replace')[-3000:]}")
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_mb)


@dataclass
class Series:
    """The samples of one kind of build, one per round."""

    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def row(self) -> str:
        runs = " ".join(f"{s.seconds:.2f}" for s in self.samples)
        cpu = statistics.median(s.cpu for s in self.samples)
        peak = max(s.peak_mb for s in self.samples)
        tree = max(s.tree_mb for s in self.samples)
        return f"{self.label:<34} {self.median:>8.2f} {cpu:>8.2f} {peak:>8.0f} {tree:>8.0f}   {runs}"


# -- the projects -------------------------------------------------------------------


def make_project(n: int) -> Path:
    folder = OUT / f"incremental-{n}"
    make_corpus(n, folder, published_only=True)
    for name in ("pages", "overrides"):
        if not (folder / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def make_zensical(n: int, blog: Path) -> Path:
    """The blog's posts and mkdocs.yml, hard-linked into a folder of its own (Zensical writes `.cache/`)."""
    folder = OUT / f"site-zensical-{n}"
    if not (folder / "done").exists() or (folder / "done").read_text() != (blog / "done").read_text():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copytree(blog / "docs", folder / "docs", copy_function=os.link)
        shutil.copy(blog / "mkdocs.yml", folder / "mkdocs.yml")
        shutil.copy(blog / "done", folder / "done")
    return folder


def story_of(folder: Path) -> Path:
    stories = sorted((folder / "content" / "exemplars").rglob("*.md"))
    return stories[len(stories) // 2]


def url_of(story: Path) -> str:
    slug = story.parent.name if story.name == "index.md" else story.stem
    return f"guong-dien-hinh/{slug}/"


def mark(story: Path, marker: str) -> None:
    """Put `marker` as the first paragraph of the story's body (replacing an earlier one)."""
    text = story.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    body = re.sub(r"^\nVDMARK\w+\n", "", body)
    story.write_text(f"{head}{sep}\n{marker}\n{body}", encoding="utf-8")


def ours(folder: Path, *extra: str) -> Sample:
    return measure([PY, "-m", "vinhdanh.cli", "build", "--today", TODAY, *extra], folder, what="vinhdanh build")


TRASH = OUT / "trash"


def clean(folder: Path, *names: str) -> None:
    """`names` out of `folder` for a cold build, moved into the trash, not deleted: the
    trash is emptied after the last timed run (`empty_trash`). This box's file system
    (ext4 without a journal) skips the inodes freed in the last minute or more when it
    makes a file, scanning past each of them (ext4's `recently_deleted`, seen with perf):
    right after deleting the last build's 3,600 files, a cold build of 1,000 stories
    spent up to 4 s more in the kernel creating its own. A fresh clone (CI) deletes
    nothing first; every tool's clean goes through here alike."""
    TRASH.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (folder / name).exists():
            os.rename(folder / name, TRASH / f"{folder.name}-{name.strip('.')}-{time.time_ns()}")


def empty_trash(wait: bool = False) -> None:
    """Delete what `clean` moved aside; `wait`: then let the file system forget it (the
    next timed build would pay, see `clean`)."""
    if TRASH.exists():
        shutil.rmtree(TRASH, ignore_errors=True)
        if wait:
            print("trash of an earlier run deleted: waiting 90 s before timing anything")
            time.sleep(90)


# -- serve --------------------------------------------------------------------------


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

    def wait_for(self, path: str, needle: str, timeout: float = 1800) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"mkdocs serve ended ({self.process.returncode}); see {self.log.name}")
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


def serve_runs(folder: Path, edits: int) -> tuple[list[float], list[float]]:
    """Save-to-visible over HTTP (the page's new text served) and, with Chromium there, in
    an open page (the reload that follows the save, as an author sees it)."""
    story = story_of(folder)
    path = url_of(story)
    server = Serve(folder)
    try:
        server.wait_for(path, "</html>")
        with _browser_page(server.base + path) as page:
            http, browser = [], []
            for _i in range(edits):
                marker = f"VDMARK{time.time_ns()}"
                time.sleep(1.0)  # let the server settle after the previous build
                started = time.perf_counter()
                mark(story, marker)
                seen: dict[str, float] = {}
                while len(seen) < (2 if page else 1):
                    if time.perf_counter() - started > 300:
                        raise SystemExit(f"{marker} never appeared on {path}")
                    if "http" not in seen and _has(server.base + path, marker):
                        seen["http"] = time.perf_counter() - started
                    if page and "browser" not in seen and _shows(page, marker):
                        seen["browser"] = time.perf_counter() - started
                    time.sleep(0.02)
                http.append(seen["http"])
                browser += [seen["browser"]] if "browser" in seen else []
        return http, browser
    finally:
        server.stop()


def _has(url: str, needle: str) -> bool:
    try:
        return needle in _get(url)
    except OSError:
        return False


def _shows(page, needle: str) -> bool:
    try:
        return bool(page.evaluate("n => !!document.body && document.body.innerText.includes(n)", needle))
    except Exception:  # noqa: BLE001 - the page is reloading
        return False


@contextlib.contextmanager
def _browser_page(url: str):
    """An open page in Debian's Chromium, or None without Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield None
        return
    if not Path(CHROMIUM).exists():
        yield None
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page()
            page.goto(url)
            yield page
        finally:
            browser.close()


# -- one size -----------------------------------------------------------------------


def zensical_version(command: str | None) -> tuple[str | None, str]:
    """(version, why not) of the Zensical command given."""
    if not command:
        return None, "no --zensical PATH given (python3 -m venv /tmp/zensical-venv && /tmp/zensical-venv/bin/pip install zensical)"
    if not shutil.which(command):
        return None, f"{command} not found"
    done = subprocess.run([command, "--version"], capture_output=True, text=True)
    return (done.stdout.strip() or "?"), ""


def has_blog(zensical: str) -> bool:
    """Zensical's own blog: its theme carries the blog's templates."""
    found = subprocess.run([str(Path(zensical).parent / "python"), "-c", "import zensical, pathlib; print(pathlib.Path(zensical.__file__).parent)"], capture_output=True, text=True)
    return found.returncode == 0 and (Path(found.stdout.strip()) / "templates" / "blog-post.html").is_file()


def one_size(n: int, runs: int, args: argparse.Namespace, zensical: str | None) -> dict:
    folder = make_project(n)
    blog = OUT / f"site-blog-{n}"
    if args.blog or zensical:
        make_blog(n, blog)
    zfolder = make_zensical(n, blog) if zensical else None
    story = story_of(folder)
    kinds = ["cold", "full", "edit", "noop"] + (["blog_cold", "blog_warm"] if args.blog else []) + (["zensical_cold", "zensical_warm"] if zensical else [])
    labels = {
        "cold": "vinhdanh cold (no .cache)",
        "full": "vinhdanh build --full",
        "edit": "vinhdanh edit after --full",
        "noop": "vinhdanh nothing changed",
        "blog_cold": "Material blog cold",
        "blog_warm": "Material blog warm",
        "zensical_cold": "Zensical blog cold (--clean)",
        "zensical_warm": "Zensical blog warm",
    }
    series = {k: Series(labels[k]) for k in kinds}
    load_before = os.getloadavg()
    for _round in range(runs):  # interleaved: every kind sees the same machine load
        clean(folder, ".cache", "site")
        series["cold"].samples.append(ours(folder))
        if args.blog:
            clean(blog, "site")
            series["blog_cold"].samples.append(measure([PY, "-m", "mkdocs", "build", "-q"], blog, what="mkdocs build (blog)"))
        if zfolder:
            clean(zfolder, ".cache", "site")
            series["zensical_cold"].samples.append(measure([zensical, "build", "--clean"], zfolder, what="zensical build"))
        series["full"].samples.append(ours(folder, "--full"))
        mark(story, f"VDMARK{time.time_ns()}")
        series["edit"].samples.append(ours(folder))  # the build before it was a full one
        series["noop"].samples.append(ours(folder))
        if args.blog:
            series["blog_warm"].samples.append(measure([PY, "-m", "mkdocs", "build", "-q"], blog, what="mkdocs build (blog)"))
        if zfolder:
            series["zensical_warm"].samples.append(measure([zensical, "build"], zfolder, what="zensical build"))
    edits = args.serve_edits if n <= 1000 else max(2, args.serve_edits - 2)
    serve, serve_browser = serve_runs(folder, edits) if edits else ([], [])
    sites = {"vinhdanh": folder / "site", "Material blog": blog / "site" if args.blog else None, "Zensical blog": zfolder / "site" if zfolder else None}
    pages = {name: sum(1 for _ in site.rglob("*.html")) for name, site in sites.items() if site is not None and site.is_dir()}
    return report(n, runs, series, serve, serve_browser, load_before, args, zensical, pages)


def report(
    n: int, runs: int, series: dict[str, Series], serve: list[float], serve_browser: list[float], load_before: tuple, args: argparse.Namespace, zensical: str | None, pages: dict[str, int]
) -> dict:
    load_after = os.getloadavg()
    print(f"\n== {n:,} stories: {runs} interleaved round(s); load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (2 cores) ==")
    print("HTML pages written: " + ", ".join(f"{name} {count:,}" for name, count in pages.items()))
    print(f"{'':<34} {'median s':>8} {'cpu s':>8} {'peak MB':>8} {'tree MB':>8}   runs (wall s)")
    for s in series.values():
        print(s.row())
    if serve:
        print(f"{'vinhdanh serve save-to-visible':<34} {statistics.median(serve):>8.2f} {'':>8} {'':>8} {'':>8}   {' '.join(f'{x:.2f}' for x in serve)}")
    if serve_browser:
        print(f"{'  … the open page reloaded':<34} {statistics.median(serve_browser):>8.2f} {'':>8} {'':>8} {'':>8}   {' '.join(f'{x:.2f}' for x in serve_browser)}")
    m = {k: s.median for k, s in series.items()}
    cpu = {k: statistics.median(x.cpu for x in s.samples) for k, s in series.items()}
    checks = []  # (what, ratio or seconds, target, unit, the same ratio in CPU time)
    for ours_, theirs, what, target in (
        ("cold", "blog_cold", "cold / Material blog cold", 0.25),
        ("cold", "zensical_cold", "cold / Zensical blog cold", 0.35),
        ("full", "blog_warm", "full / Material blog warm", 0.10),
        ("edit", "full", "edit after full / full", 0.15),
    ):
        if theirs in m:
            checks.append((what, m[ours_] / m[theirs], target, "×", cpu[ours_] / cpu[theirs]))
    if serve:
        checks.append(("serve save-to-visible", statistics.median(serve), 0.5, " s", None))
    print("issue 22 target (wall-time ratio of medians; the CPU-time ratio beside it is steadier on a loaded box):")
    for what, value, target, unit, by_cpu in checks:
        beside = f"(cpu {by_cpu:.3f}×)" if by_cpu is not None else ""
        print(f"  {what:<32} {value:>7.3f}{unit} {beside:<14} target ≤ {target}{unit}  {'met' if value <= target else 'NOT met'}")
    if not args.blog:
        print("  (Material's blog: not run; add --blog)")
    if not zensical:
        print(f"  (Zensical: skipped: {zensical_version(args.zensical)[1]})")
    row = {"stories": n, "rounds": runs, "load": [round(load_before[0], 1), round(load_after[0], 1)], "html_pages": pages}
    for k, s in series.items():
        row[k] = {
            "median_s": round(s.median, 3),
            "runs_s": [round(x.seconds, 3) for x in s.samples],
            "cpu_s": [round(x.cpu, 2) for x in s.samples],
            "peak_mb": round(max(x.peak_mb for x in s.samples)),
        }
    row["serve"] = {"median_s": round(statistics.median(serve), 3), "runs_s": [round(x, 3) for x in serve]} if serve else None
    row["serve_browser"] = {"median_s": round(statistics.median(serve_browser), 3), "runs_s": [round(x, 3) for x in serve_browser]} if serve_browser else None
    row["ratios"] = {what: round(value, 3) for what, value, _, _, _ in checks}
    row["cpu_ratios"] = {what: round(by_cpu, 3) for what, _, _, _, by_cpu in checks if by_cpu is not None}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


# -- validate -----------------------------------------------------------------------


# `reader.load` of another checkout (--validate-old), timed as validate_figures times ours.
OLD_LOAD = """
import datetime as dt, os, sys, time
from pathlib import Path
from vinhdanh.content.plainyaml import forget
from vinhdanh.content.reader import load
folder, today = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
load(folder, today)
forget()
cpu = lambda: sum(os.times()[:4])
wall, before = time.perf_counter(), cpu()
load(folder, today)
print(time.perf_counter() - wall, cpu() - before)
"""


def validate_figures(n: int, runs: int, old: str | None = None) -> dict:
    """`vinhdanh validate` on stories naming units by full name, against libyaml, interleaved."""
    import yaml

    folder = make_corpus(n, OUT / f"incremental-validate-{n}", units_by_name=True)
    files = sorted((folder / "content").rglob("*.md"))

    def floor() -> None:
        for path in files:
            text = path.read_bytes().decode("utf-8")
            if text.startswith("---"):
                end = text.find("\n---", 3)
                yaml.load(text[3:end], Loader=yaml.CSafeLoader)

    sys.path.insert(0, str(ROOT / "scripts"))
    import datetime as dt

    from vinhdanh.content.plainyaml import forget
    from vinhdanh.content.reader import load

    def cold_load() -> None:  # as `vinhdanh validate` reads: no line remembered from the round before
        forget()
        load(folder, dt.date.fromisoformat(TODAY))

    def cpu() -> float:  # this process and the children it waited for (validate may read on a forked child)
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def timed(f) -> tuple[float, float]:
        wall, before = time.perf_counter(), cpu()
        f()
        return time.perf_counter() - wall, cpu() - before

    floor_code = "import sys, yaml\nfor p in sys.argv[1:]:\n t = open(p, encoding='utf-8').read()\n if t.startswith('---'): yaml.load(t[3:t.find('\\n---', 3)], Loader=yaml.CSafeLoader)"
    commands = {  # the floor as a command too: Python start and yaml import included
        "validate_cli": [PY, "-m", "vinhdanh.cli", "--root", str(folder), "validate", "--today", TODAY],
        "libyaml_cli": [PY, "-c", floor_code, *map(str, files)],
    }
    old_env = {**ENV, "PYTHONPATH": old} if old else None
    results: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("libyaml", "reader_load", "validate_cli", "libyaml_cli", *(("reader_load_child", "reader_load_old", "validate_cli_old") if old else ()))
    }
    load(folder, dt.date.fromisoformat(TODAY))  # the OS file cache warm for everyone
    for _ in range(runs):  # interleaved
        results["libyaml"].append(timed(floor))
        results["reader_load"].append(timed(cold_load))
        for name, command in commands.items():
            sample = measure(command, ROOT, what=name, ok=(0, 1))  # validate exits 1 on errors: a result too
            results[name].append((sample.seconds, sample.cpu))
        if old_env:
            for name, env in (("reader_load_child", {**ENV, "PYTHONPATH": str(ROOT / "scripts")}), ("reader_load_old", old_env)):
                done = subprocess.run([PY, "-c", OLD_LOAD, str(folder), TODAY], env=env, capture_output=True, text=True, check=True)
                results[name].append(tuple(map(float, done.stdout.split())))  # type: ignore[arg-type]
            sample = measure(commands["validate_cli"], ROOT, env=old_env, what="validate_cli_old", ok=(0, 1))
            results["validate_cli_old"].append((sample.seconds, sample.cpu))

    def med(name: str, i: int) -> float:
        return statistics.median(x[i] for x in results[name])

    figures = {"stories": n, "rounds": runs}
    for name in results:
        figures[f"{name}_s"], figures[f"{name}_cpu_s"] = med(name, 0), med(name, 1)
    figures["ratio_in_process"] = med("reader_load", 0) / med("libyaml", 0)
    figures["ratio_in_process_cpu"] = med("reader_load", 1) / med("libyaml", 1)
    figures["ratio_cli"] = med("validate_cli", 0) / med("libyaml_cli", 0)
    figures["ratio_cli_cpu"] = med("validate_cli", 1) / med("libyaml_cli", 1)
    print(f"\n== validate, {n:,} stories naming units by full name: {runs} interleaved round(s), medians ==")
    print(f"{'':<28} {'wall s':>8} {'cpu s':>8}")
    rows = [("libyaml", "libyaml (in process)"), ("reader_load", "reader.load"), ("libyaml_cli", "libyaml script"), ("validate_cli", "vinhdanh validate")]
    ratios = [("in process", figures["ratio_in_process"], figures["ratio_in_process_cpu"]), ("commands", figures["ratio_cli"], figures["ratio_cli_cpu"])]
    if old:
        rows += [("reader_load_child", "reader.load, child"), ("reader_load_old", "reader.load, child, old"), ("validate_cli_old", "vinhdanh validate, old")]
        print(f"old: {old}")
        for name, floor_name, what in (("reader_load_child", "libyaml", "child"), ("reader_load_old", "libyaml", "child, old"), ("validate_cli_old", "libyaml_cli", "commands, old")):
            figures[f"ratio_{what.replace(', ', '_').replace(' ', '_')}"] = med(name, 0) / med(floor_name, 0)
            ratios.append((what, med(name, 0) / med(floor_name, 0), med(name, 1) / med(floor_name, 1)))
    for name, label in rows:
        print(f"{label:<28} {med(name, 0):>8.2f} {med(name, 1):>8.2f}")
    for what, wall, cpu in ratios:
        print(f"  ratio {what:<12} wall {wall:.2f}×  cpu {cpu:.2f}×  target ≤ 1.5×  {'met' if wall <= 1.5 else 'NOT met'}")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, ensure_ascii=False), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds at 1,000 stories or fewer")
    parser.add_argument("--large-runs", type=int, help="rounds above 1,000 stories (default: --runs minus one, at least 1)")
    parser.add_argument("--serve-edits", type=int, default=5)
    parser.add_argument("--validate-stories", type=int, default=5000)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--validate-old", metavar="SCRIPTS", help="another checkout's scripts/: its validate timed in the same rounds")
    parser.add_argument("--blog", action="store_true", help="Material's blog plugin on the same stories, side by side")
    parser.add_argument("--zensical", metavar="PATH", help="Zensical's `zensical` command: its blog on the same stories, side by side")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    # Our package byte-compiled first, as an install does (the blog's and Zensical's are):
    # with PYTHONDONTWRITEBYTECODE set, every timed process would compile it again (~0.1 s).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "scripts" / "vinhdanh")], check=True, stdout=subprocess.DEVNULL)
    version, why = zensical_version(args.zensical)
    zensical = args.zensical if version else None
    if zensical:
        blog = "its blog" if has_blog(zensical) else "NO blog in this version: the posts are built as plain pages"
        print(f"Zensical {version} ({zensical}): {blog}")
    else:
        print(f"Zensical: skipped: {why}")
    empty_trash(wait=True)  # left by a run that was stopped
    try:
        for n in args.sizes:
            runs = args.runs if n <= 1000 else (args.large_runs or max(1, args.runs - 1))
            one_size(n, runs, args, zensical)
    finally:
        empty_trash()
    if not args.no_validate:
        validate_figures(args.validate_stories, args.runs, args.validate_old)


if __name__ == "__main__":
    main()
