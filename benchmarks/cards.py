"""Social-card benchmark: CPU to render every card of a corpus, this code beside another.

    .venv/bin/python benchmarks/cards.py                                  # ours, 3 runs
    .venv/bin/python benchmarks/cards.py --against /work/main/scripts     # ours vs main, interleaved
    .venv/bin/python benchmarks/cards.py --corpus benchmarks/out/incremental-1000 --runs 5

Each run is a fresh process that plans the corpus (`section.prepare`, not timed), then renders
every card (and only the cards: no photo variants) into an empty temporary cache on one core
(`photos/write.render_shared`, this process alone), and prints the CPU time (user + system of that process) per
card and the cards' total bytes. The codes' runs alternate so both see the same machine load;
medians are printed. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "out" / "incremental-1000"
TODAY = dt.date(2026, 12, 3)


def child(corpus: Path) -> dict:
    from vinhdanh.photos import write
    from vinhdanh.photos.plan import PhotoSet
    from vinhdanh.section import prepare

    photo_set = prepare(corpus, TODAY).images.plan
    with tempfile.TemporaryDirectory(prefix="cards-bench-") as tmp:
        only_cards = PhotoSet(
            cache_dir=Path(tmp),
            images=photo_set.images,
            photos={src: dataclasses.replace(plan, variants=()) for src, plan in photo_set.photos.items()},
            cards={k: dataclasses.replace(c, cache=Path(tmp) / f"{c.key}.jpg") for k, c in photo_set.cards.items()},
        )
        import PIL.Image  # noqa: F401 - imported before the clock starts, as in a build's forked child

        cpu, wall = time.process_time(), time.perf_counter()
        made = _render_all(write, only_cards)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    return {"cards": made, "cpu": cpu, "wall": wall, "bytes": size}


def _render_all(write, photo_set) -> int:
    """Every missing file rendered in this process, on one core: through the build's
    shared tasks (forked.Shares, taken by this process alone), or an older checkout's
    `render_missing(..., jobs=1)` (`--against`)."""
    if not hasattr(write, "render_shared"):
        return write.render_missing(photo_set, jobs=1)
    from vinhdanh.forked import Shares

    tasks = write.missing_tasks(photo_set)
    shares = Shares(len(tasks))
    try:
        return write.render_shared(tasks, shares)
    finally:
        shares.close()


def run(scripts: Path, corpus: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(scripts)}
    out = subprocess.run([sys.executable, __file__, "--child", "--corpus", str(corpus)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout's scripts/ folder, run alternately with ours")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.corpus.resolve())))
        return
    codes = {"ours": ROOT / "scripts"}
    if args.against:
        codes["other"] = args.against.resolve()
    results: dict[str, list[dict]] = {name: [] for name in codes}
    for n in range(args.runs):
        for name, scripts in codes.items():
            r = run(scripts, args.corpus.resolve())
            results[name].append(r)
            print(f"run {n + 1} {name:5}: {r['cards']} cards, {r['cpu'] / r['cards'] * 1000:.2f} ms CPU/card, wall {r['wall']:.1f} s, {r['bytes'] / r['cards'] / 1000:.1f} KB/card", flush=True)
    for name, rs in results.items():
        cpu = statistics.median(r["cpu"] / r["cards"] * 1000 for r in rs)
        size = statistics.median(r["bytes"] / r["cards"] / 1000 for r in rs)
        print(f"median {name:5} ({codes[name]}): {cpu:.2f} ms CPU per card, {size:.1f} KB per card")


if __name__ == "__main__":
    main()
