"""`vinhdanh build` from start to end, one step a line: the product's table of contents.

load → check → derive → plan → render → write → swap. Each step is done by the module
named in its comment; nothing here but the order and what the author sees between them.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from .content.reader import today_in_vietnam
from .deploy import history
from .section import ContentError, Section, check, derive, plan, read
from .site import bodyedit
from .site.output import engine_output, write_into
from .site.siteaddress import check_config
from .site.swap import staged, swap


class BuildFailed(Exception):
    """The engine or the writing failed: the live site stays as it was."""


def build(root: Path, config: Path, target: Path, today: dt.date | None = None, full: bool = False) -> Section:
    """Build the site of the project at `root` (its `config`, the engine's) into `target`.

    Raises ContentError, with every diagnostic of the run, when the content or the
    site's address has errors, and BuildFailed when the build itself fails; either way
    nothing was swapped. `full` makes every page again and runs the engine.
    """
    started = time.perf_counter()
    today = today or today_in_vietnam()
    inputs = bodyedit.scan(root, target)  # every file's signature before any is read: the next build may be a body edit (site/bodyedit.py)
    result, reads = read(root, today)  # load: content/reader.py (unchanged stories from the store, cache/readcache.py)
    check(root, result)  # check: the content's errors (content/) and block markers (outputs/blocks.py)
    assert result.content is not None  # checked
    problems = check_config(root, config, result.content.site.base_url)  # check: site/siteaddress.py, as `validate` (E804)
    if problems:
        raise ContentError(problems, 1)
    public, sector = derive(root, result, today)  # derive: the public view (content/model.py), a department's units (department/snapshot.py)
    section = plan(root, result, public, sector, today, reads)  # plan: every page with its context (pages/plan.py, department/pages.py)
    section.timings["prepare"] = time.perf_counter() - started
    for warning in section.warnings:  # what is late or odd, before the long part
        print(warning.text(), file=sys.stderr)
    section.images.start_rendering()  # photos and cards on the other core from now on (render/images.py, photos/)
    commit = history.CommitQuery(root)  # the content's commit, from git while the build runs (deploy/history.py)
    try:
        with staged(root, target) as (folder, there):  # a folder beside the live site, or the spare one (site/swap.py, site/recycle.py)
            output, engine_site = engine_output(config, section, fresh=full)  # render: the engine's shells and pages (engine/), kept when unchanged
            write_into(section, output, engine_site, folder, there, reuse=not full)  # write: pages into shells, feeds, export, search (engine/assemble.py, outputs/)
            swap(folder, target)  # swap: one rename puts it live; the old site kept for rollback (site/swap.py)
    except Exception as exc:  # any engine failure: the live site stays as it was
        commit.cancel()
        raise BuildFailed(str(exc)) from exc
    finally:
        section.stop_extras()  # nothing left running after a failure (a no-op after a build)
    history.record(root, target, today, len(section.pages), commit)  # which build is live, for `vinhdanh status` and `rollback`
    bodyedit.remember(root, config, target, section, inputs)  # what it was made of, for the next build (site/bodyedit.py)
    return section
