"""Validation benchmark: how long `vinhdanh validate` takes on a large corpus.

    .venv/bin/python benchmarks/validate.py [--stories 5000] [--runs 5] [--profile]

Writes a synthetic corpus (realistic front matter with awards, fields and campaigns,
bodies of ~300 words, ~2 % of stories with a small real JPEG) under
benchmarks/out/validate-N/ (git-ignored), then prints the median time of
`reader.load` over several runs and the time of one full CLI run in a subprocess.
Target: well under 2 s for 5,000 stories.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import TODAY, make_corpus  # noqa: E402

from vinhdanh.content.plainyaml import forget  # noqa: E402
from vinhdanh.content.reader import load  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the 25 most expensive functions of one run")
    args = parser.parse_args()

    t0 = time.perf_counter()
    folder = make_corpus(args.stories, HERE / "out" / f"validate-{args.stories}")
    print(f"corpus: {folder.relative_to(ROOT)} ({time.perf_counter() - t0:.1f} s to prepare)")

    result = load(folder, TODAY)  # warm the OS file cache once
    errors = list(result.errors)
    if errors:
        print(f"warning: {len(errors)} errors in the synthetic corpus, first: {errors[0].text()}")
    stories = len(result.content.exemplars) if result.content else 0

    times, cpu = [], []
    for _ in range(args.runs):
        forget()  # each run as a new process's: no line remembered from the run before
        t, c = time.perf_counter(), time.process_time()
        load(folder, TODAY)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    median = statistics.median(times)

    cli = [str(Path(sys.executable).with_name("vinhdanh"))]
    if not Path(cli[0]).exists():
        cli = [sys.executable, "-m", "vinhdanh.cli"]
    t = time.perf_counter()
    done = subprocess.run([*cli, "--root", str(folder), "validate", "--today", TODAY.isoformat()], capture_output=True, text=True)
    cli_seconds = time.perf_counter() - t

    print(f"stories:           {stories} ({result.files_checked} files)")
    print(f"reader.load:       median {median:.3f} s of {args.runs} runs (min {min(times):.3f}, max {max(times):.3f})")
    print(f"  CPU time:        median {statistics.median(cpu):.3f} s (wall minus waiting for a busy machine)")
    print(f"stories/s:         {stories / median:,.0f}")
    print(f"CLI validate:      {cli_seconds:.3f} s once, exit {done.returncode}, last line: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        load(folder, TODAY)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
