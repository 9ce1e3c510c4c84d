"""`vinhdanh build`: validate, build beside the live site, then swap it in.

A failed build leaves the previous site byte-for-byte as it was (MkDocs and
Pelican empty the output folder first; we never touch it until the new one is whole).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..cache.incremental import PageStore
from ..content.diagnostics import format_report
from ..engine.assemble import EngineOutput, KeptPages, engine_key, link_engine_site, write_site
from ..section import ContentError, prepare
from . import recycle, staging

_RENAME_EXCHANGE = 2


def build_command(root: Path, config: Path, site_dir: Path | None, today: dt.date | None, full: bool = False) -> int:
    root = root.resolve()
    config = (root / config).resolve()
    target = (site_dir or root / "site").resolve()
    if not config.is_file():
        print(
            f"Không tìm thấy tệp cấu hình trang web `{config}`.\n    gợi ý: chạy lệnh ở thư mục gốc của dự án (nơi có `mkdocs.yml`), hoặc chỉ rõ bằng `--config đường/dẫn/mkdocs.yml`.", file=sys.stderr
        )
        return 1
    started = time.perf_counter()
    gc.disable()  # for the whole command, as the engine adapter does for a build (mkdocs_plugin._collector_paused)
    try:
        section = prepare(root, today)
        _check_address(root, config, section)
    except ContentError as exc:
        print(format_report(exc.diagnostics, "text", exc.files_checked), file=sys.stderr)
        print("Trang web KHÔNG được dựng; trang đang chạy giữ nguyên.", file=sys.stderr)
        return 1
    for warning in section.warnings:
        print(warning.text(), file=sys.stderr)
    section.images.start_rendering()  # photos and cards on the other core from now on
    try:
        build_into(config, target, section, reuse=not full)
    except Exception as exc:  # noqa: BLE001 - any engine failure: the live site stays as it was
        print(f"Dựng trang thất bại: {exc}\nTrang đang chạy giữ nguyên.", file=sys.stderr)
        return 1
    finally:
        section.stop_extras()  # nothing left running after a failure (a no-op after a build)
    pages = len(section.pages)
    from ..deploy import history  # which build is live, for `vinhdanh status` and `rollback`

    history.record(root, target, section.today, pages)
    print(f"Đã dựng {pages} trang của mục gương điển hình vào {target} trong {time.perf_counter() - started:.1f} giây (ngày dựng {section.today:%d/%m/%Y}).")
    return 0


def _check_address(root: Path, config: Path, section) -> None:
    """What `validate` checks of the site's address (E804), for this build's `--config`."""
    from .siteaddress import check_config

    problems = check_config(root, config, section.content.site.base_url)
    if problems:
        raise ContentError(problems, 1)


def build_into(config: Path, target: Path, section, reuse: bool = True) -> None:
    """Build in a sibling folder, then exchange it with `target` in one step.

    The engine runs only when what its output is made of changed (assemble.py);
    pages unchanged since an earlier build are linked from `.cache/pages/` (see
    incremental.py). `reuse` off (`--full`): the engine runs and every page is made.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for folder in (target.parent, previous_of(section.root, target).parent, recycle.spare_of(section.root, target).parent):
        for stale in folder.glob(f".{target.name}.old-*"):  # a previous clean-up that never ran
            shutil.rmtree(stale, ignore_errors=True)
    prefix = f".{target.name}.new-"
    staging.sweep(target.parent, prefix)  # left by builds that were killed; never a running one's
    spare = recycle.take(section.root, target, prefix)  # `--full` too: its folders are there
    work, there = spare if spare is not None else (staging.claim(target.parent, prefix), None)
    try:
        output, engine_site = engine_output(config, section, fresh=not reuse)
        store = PageStore(section.root / ".cache" / "pages" / "build", reuse=reuse)
        kept = KeptPages()
        if there is not None:  # the spare site: what is still right stays (recycle.py)
            _clear_spare(section, output, engine_site, work.path, there if reuse else {}, kept)
            section.timings["recycled_pages"] = len(kept.there)
        write_site(section, output, work.path, engine_site if there is None else None, store, kept=kept)
        recycle.record(section.root, work.path, kept.there)
        os.chmod(work.path, 0o755)
        swap(work.path, target)
    except BaseException:
        shutil.rmtree(work.path, ignore_errors=True)
        raise
    finally:
        work.release()
    _keep_previous(work.path, target, previous_of(section.root, target), section.root)


def _clear_spare(section, output: EngineOutput, engine_site: Path, folder: Path, there: dict, kept: KeptPages) -> None:
    """The spare site made ready for this build: the engine's files linked (those there
    already stay), every file gone but this build's pages (replaced unless `there`
    says they are right) and what the photos and the search bundle check themselves."""
    engine = link_engine_site(engine_site, folder, output)
    pages = {f"{spec.path}index.html" for spec in section.pages}
    recycled = (section.urls.images, section.urls.search_bundle)  # photos/write.py, incremental.BundleStore
    present = recycle.clear(folder, sorted(os.listdir(folder)), lambda rel: rel in engine or rel in pages or rel.startswith(recycled))
    kept.there = recycle.kept_pages(folder, there, present)
    kept.present = present


ENGINE = "engine"  # in .cache/: the engine's last output (site files and shells)


def engine_output(config: Path, section, fresh: bool = False) -> tuple[EngineOutput, Path]:
    """The engine's output for this build: the kept one when it was made of the same
    inputs and has a shell for every page, else a new engine run (kept for the next)."""
    from .atomic import read_cache, write_cache

    folder = section.root / ".cache" / ENGINE
    kept = None if fresh else read_cache(folder / "output.pickle")
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], EngineOutput):
        output, name = kept
        if output.key == engine_key(section, config) and not output.missing(section.pages) and (folder / name).is_dir():
            return output, folder / name
    from ..engine.mkdocs_plugin import render

    staging.sweep(folder, ".run-")
    run = staging.claim(folder, ".run-")
    try:
        output = render(config, run.path, section)
        name = f"site-{run.path.name[len('.run-') :]}"
        os.rename(run.path, folder / name)
    except BaseException:
        shutil.rmtree(run.path, ignore_errors=True)
        raise
    finally:
        run.release()
    with staging.held(folder):
        for old in folder.glob("site-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
        write_cache(folder / "output.pickle", (output, name))
    section.timings["engine_runs"] = 1
    return output, folder / name


def previous_of(root: Path, target: Path) -> Path:
    """Where the site the last swap replaced is kept on purpose, whole, for
    `vinhdanh rollback`: in the project, never beside the site, which may be inside
    a web root (the previous site still has pages the new one withdrew)."""
    import hashlib

    name = hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return root / ".vinhdanh" / "previous-sites" / name


def _keep_previous(old_site: Path, target: Path, previous: Path, root: Path) -> None:
    """The replaced site becomes the previous one (for `vinhdanh rollback`); the one
    before it becomes the spare the next build starts from (recycle.py). A rollback
    swaps live and previous, so neither is ever written into."""
    if not old_site.is_dir():  # nothing was replaced
        return
    previous.parent.mkdir(parents=True, exist_ok=True)
    with staging.held(previous.parent):  # `vinhdanh rollback` takes it too
        if previous.is_dir() and not recycle.keep_spare(previous, root, target, lambda old: _discard(old, target)):
            _discard(previous, target)
        try:
            os.rename(old_site, previous)
            return
        except OSError:  # another file system than the site: no rollback
            pass
    _discard(old_site, target)


def _discard(old_site: Path, target: Path) -> None:
    """Delete the replaced site without making the reader of the new one wait.

    The new site is live already; deleting thousands of old files costs up to half
    a second on a slow disk, so a detached process does it (the next build removes
    whatever it left).
    """
    trash = old_site.with_name(f".{target.name}.old-{os.getpid()}-{old_site.name[-8:]}")
    try:
        os.rename(old_site, trash)
    except OSError:  # nothing was replaced, or a concurrent build's sweep took it already
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, str(trash)], start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)


def swap(new: Path, target: Path) -> None:
    """Put `new` at `target`; afterwards `new` holds the old site (or nothing)."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap atomically."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: 6 ms of imports a build only needs when it swaps
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return result == 0
