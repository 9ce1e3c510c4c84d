"""Keys of the store (store.py): hashes of what an output is made of.

`sha` joins typed parts; `package_key` is our code, templates, fonts and the versions of
what renders with them, mixed into every key of the store; `tree_key` and `file_key` hash
files an output is made of. Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path

from ..site.atomic import read_cache, write_cache

PACKAGE = Path(__file__).resolve().parent.parent
# Third-party code whose output reaches a page, a feed or the search index.
_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "nh3", "lxml", "pillow", "pagefind", "pyyaml")


def sha(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


_PACKAGE_KEY: list[str] = []  # once per process


def package_key(kept_in: Path | None = None) -> str:
    """Our code, templates, assets and fonts, plus the versions of what renders with them.

    With `kept_in` (a file of the project's .cache/), the key is kept there with the
    signatures (size, mtime, ctime, inode) of those files and of the folders packages
    are installed in: while none changes, no byte of the package (2.6 MB with the
    fonts) is read again. Once known, the process's key is returned whatever is asked.
    """
    if not _PACKAGE_KEY:
        _PACKAGE_KEY.append(_kept_package_key(kept_in) if kept_in is not None else _package_key())
    return _PACKAGE_KEY[0]


def package_signature() -> list:
    """What changes when our code or an installed package does: the sizes, times and
    inodes of the package's files and of the folders packages are installed in."""
    found = []
    for dirpath, dirnames, filenames in os.walk(PACKAGE):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            found.append([os.path.relpath(os.path.join(dirpath, name), PACKAGE), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    for folder in sys.path:  # installing, upgrading or removing a package changes its folder
        if os.path.basename(folder) in ("site-packages", "dist-packages"):
            with contextlib.suppress(OSError):
                st = os.stat(folder)
                found.append([folder, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    found.append([sys.version])
    return found


def known_package_key(kept_in: Path, signature: list | None = None) -> str | None:
    """The key `package_key(kept_in)` kept there, while the package is unchanged (its
    `signature`); else None (missing or damaged too). Reads only (`vinhdanh validate`
    writes no cache): nothing is hashed, nothing written."""
    kept = read_cache(kept_in, {})
    if isinstance(kept, dict) and isinstance(kept.get("key"), str) and kept.get("signature") == (signature if signature is not None else package_signature()):
        return kept["key"]
    return None


def _kept_package_key(store: Path) -> str:
    signature = package_signature()
    key = known_package_key(store, signature)
    if key is not None:
        return key
    key = _package_key()
    if package_signature() == signature:  # not changed while it was read
        with contextlib.suppress(OSError):
            write_cache(store, {"signature": signature, "key": key})
    return key


def _package_key() -> str:
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    from importlib import metadata  # here: `vinhdanh validate` needs no package key

    for name in _DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def tree_key(*folders: Path) -> str:
    """Every file (name and bytes) under `folders`; a missing folder counts as empty."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(f"[{folder}]".encode())
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath, name)
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b"\xff unreadable"
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def file_key(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"
