"""Photo pipeline benchmark: ours (Pillow) cold and warm, against npm `sharp` (libvips).

    .venv/bin/python benchmarks/photos.py              # 200 phone photos, 3 runs each
    .venv/bin/python benchmarks/photos.py --count 20 --runs 1

Inputs: 4000×3000 JPEGs that compress like photos (gradients, shapes, blur, sensor
noise), with random EXIF orientation and GPS, generated once into
benchmarks/out/inputs/ (git-ignored). Both pipelines make the same 6 files per
photo — 400/800/1200 px wide, WebP q80 effort 4 and progressive JPEG q82 with
optimised Huffman tables, metadata stripped — on the same 2 cores.

sharp is installed on first use with
    npm install --prefix benchmarks/out/sharp sharp
(its prebuilt libvips comes in the @img/sharp-linux-x64 optional package).
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter  # noqa: E402

from vinhdanh.photos import plan_files, settings, write_photos  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
INPUTS = OUT / "inputs"
SHARP_DIR = OUT / "sharp"
SIZE = (4000, 3000)
IMAGES = "anh/"

SHARP_SCRIPT = r"""
const [,, listFile, outDir, jobs, webpQ, webpEffort, jpegQ, progressive, widthsJson, mode] = process.argv;
const sharp = require(require.resolve('sharp', {paths: [process.env.SHARP_DIR]}));
sharp.concurrency(1);            // one libvips thread per pipeline...
sharp.cache(false);
const files = require('fs').readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const widths = JSON.parse(widthsJson).sort((a, b) => b - a);
const webp = img => img.webp({quality: +webpQ, effort: +webpEffort});
const jpeg = img => img.jpeg({quality: +jpegQ, progressive: progressive === '1', optimizeCoding: true});
// "clone": sharp's documented idiom, one pipeline per output (each decodes with shrink-on-load).
async function clone(file, i) {
  const base = sharp(file).rotate();   // EXIF orientation; metadata is stripped by default
  const jobs = [];
  for (const w of widths) {
    const sized = () => base.clone().resize({width: w, withoutEnlargement: true});
    jobs.push(webp(sized()).toFile(`${outDir}/${i}-${w}.webp`), jpeg(sized()).toFile(`${outDir}/${i}-${w}.jpg`));
  }
  return Promise.all(jobs);
}
// "chain": our strategy in sharp: decode + resize once to the widest output, then each
// smaller width from the previous one, through raw buffers.
async function chain(file, i) {
  let {data, info} = await sharp(file).rotate().resize({width: widths[0], withoutEnlargement: true}).raw()
    .toBuffer({resolveWithObject: true});
  const out = [];
  for (const w of widths) {
    const raw = () => sharp(data, {raw: {width: info.width, height: info.height, channels: info.channels}});
    if (w < info.width) ({data, info} = await raw().resize({width: w}).raw().toBuffer({resolveWithObject: true}));
    out.push(...await Promise.all([webp(raw()).toFile(`${outDir}/${i}-${w}.webp`), jpeg(raw()).toFile(`${outDir}/${i}-${w}.jpg`)]));
  }
  return out;
}
(async () => {
  const one = mode === 'chain' ? chain : clone;
  const start = process.hrtime.bigint();
  let next = 0, bytes = {webp: 0, jpg: 0};
  async function worker() {        // ...and a pool of `jobs` photos in flight
    while (next < files.length) {
      const i = next++;
      for (const info of await one(files[i], i)) bytes[info.format === 'webp' ? 'webp' : 'jpg'] += info.size;
    }
  }
  await Promise.all(Array.from({length: +jobs}, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({seconds, bytes}));
})();
"""


# ---------------------------------------------------------------- inputs


def make_photo(seed: int, size=SIZE) -> Image.Image:
    rnd = random.Random(seed)
    w, h = size
    g1 = Image.linear_gradient("L").resize((w, h))
    g2 = Image.radial_gradient("L").resize((w, h))
    g3 = g1.rotate(rnd.choice([90, 180, 270]))
    img = Image.merge("RGB", (g1, g2, g3))
    img = Image.blend(img, Image.new("RGB", (w, h), tuple(rnd.randrange(40, 200) for _ in range(3))), 0.5)
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.randrange(h // 40, h // 5)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        if rnd.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise((w, h), 12).convert("RGB")  # sensor noise: keeps it from compressing like a drawing
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def _write_input(seed: int) -> Path:
    path = INPUTS / f"phone-{seed:04d}.jpg"
    if path.exists():
        return path
    rnd = random.Random(seed)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Orientation] = rnd.choice([1, 1, 3, 6, 6, 8])
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitude] = (10.0, 2.0, float(seed % 60))
    tmp = path.with_suffix(".tmp")
    make_photo(seed).save(tmp, "JPEG", quality=90, exif=exif)
    os.replace(tmp, path)
    return path


def inputs(count: int, jobs: int) -> list[Path]:
    INPUTS.mkdir(parents=True, exist_ok=True)
    missing = [s for s in range(count) if not (INPUTS / f"phone-{s:04d}.jpg").exists()]
    if missing:
        print(f"generating {len(missing)} input photos into {INPUTS} ...", flush=True)
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_write_input, missing))
    return [INPUTS / f"phone-{s:04d}.jpg" for s in range(count)]


# ---------------------------------------------------------------- runs


def ours(paths: list[Path], cache: Path, site: Path, jobs: int) -> tuple[float, object, dict]:
    start = time.perf_counter()
    photo_set = plan_files(paths, IMAGES, cache)
    stats = write_photos(photo_set, site, jobs=jobs)
    seconds = time.perf_counter() - start
    sizes = {"webp": 0, "jpg": 0}
    for url in photo_set.files():
        sizes["webp" if url.endswith(".webp") else "jpg"] += (site / url).stat().st_size
    return seconds, stats, sizes


def ensure_sharp() -> bool:
    if (SHARP_DIR / "node_modules" / "sharp").is_dir():
        return True
    if not shutil.which("npm"):
        return False
    print("installing sharp into benchmarks/out/sharp ...", flush=True)
    done = subprocess.run(["npm", "install", "--prefix", str(SHARP_DIR), "sharp"], capture_output=True, text=True)
    return done.returncode == 0


def sharp(paths: list[Path], out: Path, jobs: int, mode: str) -> tuple[float, dict]:
    out.mkdir(parents=True, exist_ok=True)
    listing = out / "inputs.txt"
    listing.write_text("\n".join(map(str, paths)))
    env = dict(os.environ, SHARP_DIR=str(SHARP_DIR), UV_THREADPOOL_SIZE=str(jobs))
    script = out / "sharp-bench.js"
    script.write_text(SHARP_SCRIPT)
    cmd = [
        "node",
        str(script),
        str(listing),
        str(out),
        str(jobs),
        str(settings.WEBP_QUALITY),
        str(settings.WEBP_METHOD),
        str(settings.JPEG_QUALITY),
        "1" if settings.JPEG_PROGRESSIVE else "0",
        json.dumps(list(settings.WIDTHS)),
        mode,
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, preexec_fn=_pin(jobs))
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["seconds"], report["bytes"]


def _pin(jobs: int):
    cpus = sorted(os.sched_getaffinity(0))[:jobs] if hasattr(os, "sched_getaffinity") else None
    return (lambda: os.sched_setaffinity(0, cpus)) if cpus else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200, help="photos (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per pipeline; median reported (default 3)")
    parser.add_argument("--jobs", type=int, default=2, help="cores for both pipelines (default 2)")
    parser.add_argument("--no-sharp", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: args.jobs])
    paths = inputs(args.count, args.jobs)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(
        f"{len(paths)} photos {SIZE[0]}×{SIZE[1]}, {megabytes:.0f} MB of JPEG; {args.jobs} cores; "
        f"6 outputs each ({'/'.join(map(str, settings.WIDTHS))} px × WebP q{settings.WEBP_QUALITY} m{settings.WEBP_METHOD} "
        f"+ JPEG q{settings.JPEG_QUALITY}{' progressive' if settings.JPEG_PROGRESSIVE else ''})",
        flush=True,
    )
    use_sharp = not args.no_sharp and ensure_sharp()
    if not args.no_sharp and not use_sharp:
        print("sharp unavailable (no npm or offline): ours only")

    cold, warm, warm_placed = [], [], []
    sharp_times: dict[str, list[float]] = {"clone": [], "chain": []}
    sharp_bytes: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="photos-bench-", dir=OUT) as tmp:
        tmp = Path(tmp)
        for run in range(args.runs):
            cache, site = tmp / f"cache{run}", tmp / f"site{run}"
            seconds, stats, our_bytes = ours(paths, cache, site, args.jobs)
            assert stats.generated == 6 * len(paths), stats
            cold.append(seconds)
            print(f"  run {run + 1}: ours cold {seconds:7.2f} s ({stats.decoded} decoded)", end="", flush=True)
            seconds, stats, _ = ours(paths, cache, tmp / f"site{run}-warm", args.jobs)  # fresh site dir: every file placed
            assert stats.generated == 0 and stats.decoded == 0, stats
            warm.append(seconds)
            seconds, stats, _ = ours(paths, cache, site, args.jobs)  # site already up to date
            warm_placed.append(seconds)
            print(f" | warm {warm[-1]:6.3f} s (into existing site {seconds:6.3f} s)", end="", flush=True)
            shutil.rmtree(cache), shutil.rmtree(site), shutil.rmtree(tmp / f"site{run}-warm")
            for mode in sharp_times if use_sharp else ():
                seconds, sharp_bytes[mode] = sharp(paths, tmp / f"sharp{run}", args.jobs, mode)
                sharp_times[mode].append(seconds)
                shutil.rmtree(tmp / f"sharp{run}")
                print(f" | sharp {mode} {seconds:7.2f} s", end="", flush=True)
            print(flush=True)

    n = len(paths)
    c, w, wp = statistics.median(cold), statistics.median(warm), statistics.median(warm_placed)
    print(f"\nmedian of {args.runs} run(s), {n} photos, {args.jobs} cores")
    print(f"  ours  cold  {c:8.2f} s  {n / c:6.2f} photos/s   bytes: WebP {our_bytes['webp'] / 1e6:.1f} MB, JPEG {our_bytes['jpg'] / 1e6:.1f} MB")
    print(f"  ours  warm  {w:8.3f} s  = {100 * w / c:.2f} % of cold (hash + header reads + hard links into an empty site)")
    print(f"  ours  warm  {wp:8.3f} s  = {100 * wp / c:.2f} % of cold (site already up to date)")
    labels = {"clone": "one pipeline per output (sharp's idiom)", "chain": "resize once, then downscale (our strategy)"}
    for mode, times in sharp_times.items():
        if times:
            s, b = statistics.median(times), sharp_bytes[mode]
            print(f"  sharp {mode:5} {s:7.2f} s  {n / s:6.2f} photos/s   bytes: WebP {b['webp'] / 1e6:.1f} MB, JPEG {b['jpg'] / 1e6:.1f} MB   ours/sharp throughput = {s / c:.2f}×  [{labels[mode]}]")


if __name__ == "__main__":
    main()
