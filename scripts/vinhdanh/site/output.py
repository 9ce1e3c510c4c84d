"""The new site's files: the engine's output (kept from the last build when made of the
same inputs, else rendered) and the whole site written from it into a folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..engine.assemble import EngineOutput, KeptPages, engine_key, link_engine_site, write_site
from . import recycle, staging


ENGINE = "engine"  # the store's kind of the engine's last output (site files and shells)


def engine_output(config: Path, section, fresh: bool = False) -> tuple[EngineOutput, Path]:
    """The engine's output for this build: the kept one when it was made of the same
    inputs and has a shell for every page, else a new engine run (kept for the next)."""
    from .atomic import read_cache, write_cache

    folder = section.store.folder(ENGINE)
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


def write_into(section, output: EngineOutput, engine_site: Path, folder: Path, there: dict | None, reuse: bool) -> None:
    """The whole site into `folder` (assemble.write_site), the spare site's right pages left
    as they are; unchanged pages linked from the store unless `reuse` is off."""
    store = section.store.files("pages", reuse=reuse)
    kept = KeptPages()
    unchanged: dict = {}  # the spare's record of the pages found right there: no writer replaces them
    if there is not None:  # the spare site: what is still right stays (recycle.py)
        _clear_spare(section, output, engine_site, folder, there if reuse else {}, kept)
        section.timings["recycled_pages"] = len(kept.there)
        unchanged = {rel: there[rel] for rel in kept.there}
    write_site(section, output, folder, engine_site if there is None else None, store, kept=kept)
    recycle.record(section.root, folder, kept.there, unchanged)
    os.chmod(folder, 0o755)


def _clear_spare(section, output: EngineOutput, engine_site: Path, folder: Path, there: dict, kept: KeptPages) -> None:
    """The spare site made ready for this build: the engine's files linked (those there
    already stay), every file gone but this build's pages (replaced unless `there`
    says they are right) and what the photos and the search bundle check themselves."""
    engine = link_engine_site(engine_site, folder, output)
    pages = {f"{spec.path}index.html" for spec in section.pages}
    recycled = (section.urls.images, section.urls.search_bundle)  # photos/write.py, cache.files.Tree
    present = recycle.clear(folder, sorted(os.listdir(folder)), lambda rel: rel in engine or rel in pages or rel.startswith(recycled))
    kept.there = recycle.kept_pages(folder, there, present)
    kept.present = present
