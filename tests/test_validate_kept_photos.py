"""`vinhdanh validate` after a build: the photo checks the build kept are reused, read only.

A build keeps each image's check in the store (`read-images`, cache/readcache.py) with
the file's signature. Validate decodes again only the photos whose file changed since,
reports exactly what a validate without any cache reports, and writes nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORY_PATH, Project
from PIL import Image

from vinhdanh.content import imagecheck
from vinhdanh.site.atomic import read_cache, write_cache

PHOTO = STORY_PATH.rsplit("/", 1)[0] + "/anh.jpg"
BUILD_READ = """
import sys
from pathlib import Path
from vinhdanh.cache.readcache import for_project
from vinhdanh.content.reader import load
load(Path(sys.argv[1]), reads=for_project(Path(sys.argv[1])))
"""


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def built(project: Project) -> Project:
    """A project with a story photo, read as `vinhdanh build` reads it (section.py: through the
    store), in a process of its own as a build runs (the store keeps our code's key on its first use)."""
    project.write(PHOTO, jpeg())
    project.edit(STORY_PATH, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: anh.jpg\nphoto_alt: Chị Lan bên giường bệnh\n")
    root = str(project.root.resolve())
    subprocess.run([sys.executable, "-c", BUILD_READ, root], check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert (project.root / ".cache/objects/read-images").is_dir()
    return project


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The photos `imagecheck.inspect` opened, in order."""
    opened: list[Path] = []
    inspect = imagecheck.inspect

    def counting(path: Path, filtered: bool = False):
        opened.append(Path(path))
        return inspect(path, filtered)

    monkeypatch.setattr(imagecheck, "inspect", counting)
    return opened


def files_of(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def without_cache(project: Project) -> tuple[int, dict]:
    kept = project.root.parent / "kept-cache"
    shutil.move(project.root / ".cache", kept)
    try:
        return project.validate()
    finally:
        shutil.move(kept, project.root / ".cache")


def test_a_photo_the_build_checked_is_not_decoded_again_and_nothing_is_written(built: Project, decoded: list[Path]) -> None:
    store = files_of(built.root / ".cache")
    status, report = built.validate()
    assert decoded == [], decoded
    assert files_of(built.root / ".cache") == store  # not a byte, not a modification time
    assert (status, report) == without_cache(built)  # the same diagnostics as a read of everything afresh
    assert decoded == [(built.root / PHOTO).resolve()]  # which did decode it


def test_validate_without_a_build_makes_no_cache(project: Project) -> None:
    project.write(PHOTO, jpeg())
    project.edit(STORY_PATH, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: anh.jpg\nphoto_alt: Chị Lan bên giường bệnh\n")
    status, report = project.validate()
    assert status == 0, report
    assert not (project.root / ".cache").exists()


def test_a_photo_damaged_after_the_build_is_checked_again(built: Project, decoded: list[Path]) -> None:
    """Overwritten in place (the same file, the same size), its modification time put back:
    the kept check is not trusted (the change time cannot be put back)."""
    photo = built.root / PHOTO
    before = photo.stat()
    with open(photo, "r+b") as f:
        f.write(b"\0" * 64)  # no JPEG header any more
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (photo.stat().st_size, photo.stat().st_mtime_ns, photo.stat().st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    status, report = built.validate()
    assert decoded == [photo.resolve()]
    assert [(d["code"], d["field"]) for d in report["diagnostics"]] == [("E506", "photo")], report
    assert (status, report) == without_cache(built)


def test_kept_checks_of_an_older_version_of_our_code_are_not_used(built: Project, decoded: list[Path]) -> None:
    kept_key = built.root / ".cache/objects/package-key.pickle"
    kept = read_cache(kept_key)
    write_cache(kept_key, {"signature": [["another", "package"]], "key": kept["key"]})
    status, report = built.validate()
    assert decoded == [(built.root / PHOTO).resolve()]
    assert status == 0, report
