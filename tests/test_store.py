"""The one store (cache/store.py): every reused output under `.cache/objects/<kind>/`,
one prune policy, and no cache detail left in the domain model."""

from __future__ import annotations

import dataclasses
import os

from sitebuild import TODAY, copy_project

from vinhdanh.cache import shards
from vinhdanh.cache.shards import COUNT, Pack, shard_of
from vinhdanh.cache.store import Store
from vinhdanh.section import prepare
from vinhdanh.site.build import build_into

KINDS = {"pages", "feeds", "search", "bodies", "export-items", "read-stories", "read-images", "related", "logo", "engine", "ics", "embeds", "contexts", "name-order"}


def test_a_build_keeps_everything_it_reuses_in_one_store_and_drops_the_old_caches(tmp_path):
    root = copy_project(tmp_path / "p")
    for old in ("read/stories", "bodies", "feeds", "pages/build/ab"):  # what builds before the store left
        (root / ".cache" / old).mkdir(parents=True)
    (root / ".cache" / "related.pickle").write_bytes(b"old")
    shards.forget()
    build_into(root / "mkdocs.yml", tmp_path / "site", prepare(root, TODAY))
    cache = root / ".cache"
    # Photos keep their content-addressed files, Jinja its compiled templates, pages/ the
    # record of which site folder holds what (site/recycle.py): no other cache of its own.
    assert {p.name for p in cache.iterdir()} <= {"objects", "photos", "jinja", "pages"}
    assert not (cache / "pages" / "build").exists()
    kinds = {p.name for p in (cache / "objects").iterdir() if p.is_dir()}
    assert kinds == KINDS

    shards.forget()  # a new process: the second build takes every page from the store
    section = prepare(root, TODAY)
    build_into(root / "mkdocs.yml", tmp_path / "site", section)
    assert section.timings["pages_rendered"] == 0 and section.timings["pages_reused"] > 40, section.timings


def test_the_domain_model_holds_no_cache_detail():
    from vinhdanh.cache import readcache
    from vinhdanh.content.model import LoadResult
    from vinhdanh.derive.views import Relations

    assert {f.name for f in dataclasses.fields(LoadResult)} == {"content", "diagnostics", "files_checked"}
    assert not any(hasattr(Relations, name) for name in ("key", "known", "found"))
    assert not hasattr(readcache, "looked_at")  # the reader says what it looked at through its Run


def test_a_pack_keeps_what_the_build_used_and_writes_only_the_shards_that_changed(tmp_path):
    folder = tmp_path / "bodies"
    first = Pack(folder, 1)
    for i in range(100):
        first.put(f"k{i}", f"giá trị {i}")
    first.save()
    shards.forget()
    stamp = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    second = Pack(folder, 1)  # a build that uses all but k7, and changes k3
    for i in range(100):
        if i != 7:
            assert second.get(f"k{i}") == f"giá trị {i}"
    second.put("k3", "đã sửa")
    second.save()
    changed = sorted(p.name for p in folder.iterdir() if p.stat().st_mtime_ns != stamp.get(p.name))
    assert changed == sorted({f"{shard_of('k3'):02d}.pickle", f"{shard_of('k7'):02d}.pickle"})
    shards.forget()
    third = Pack(folder, 1)
    assert third.get("k7") is None and third.get("k3") == "đã sửa" and len(third) == 99

    # `room`: what earlier builds kept stays while the pack holds at most that many (bodies)
    third.save(room=200)
    shards.forget()
    fourth = Pack(folder, 1)
    assert len(fourth) == 99
    fourth.get("k3")
    fourth.save(room=50)  # over the room: what this build used, alone
    shards.forget()
    assert len(Pack(folder, 1)) == 1
    assert Pack(folder, 2).get("k3") is None  # another format of values: nothing


def test_a_damaged_or_changed_object_is_no_object(tmp_path):
    store = Store(tmp_path / ".cache")
    store.put("logo", "a" * 64, b"\x89PNG...")
    assert store.get("logo", "a" * 64) == b"\x89PNG..."
    store.put("logo", "b" * 64, b"new")  # one value a kind: the old one goes
    assert store.get("logo", "a" * 64) is None and store.get("logo", "b" * 64) == b"new"
    (store.folder("logo") / f"{'b' * 64}.pickle").write_bytes(b"\x80 not a pickle")
    assert store.get("logo", "b" * 64, "none") == "none"

    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>trang</p>", encoding="utf-8")
    files = store.files("pages")
    files.written("c" * 64, page)
    files.commit()
    again = store.files("pages")
    assert again.place("c" * 64, tmp_path / "copy.html")
    # Written in place through a link (an editor, `--dirty`): never taken for the page again.
    with open(page, "r+b") as handle:
        handle.write(b"<p>XXXXX</p>")
    os.utime(page, ns=(1, 1))
    assert not store.files("pages").place("c" * 64, tmp_path / "other.html")


def test_every_key_holds_our_package(tmp_path, monkeypatch):
    from vinhdanh.cache import keys

    store = Store(tmp_path / ".cache")
    same = store.key("page", "x")
    monkeypatch.setattr(store, "package", "another package")
    assert store.key("page", "x") != same
    assert keys.sha("page", "x") not in (same, store.key("page", "x"))
    assert COUNT == 16


def test_a_kept_search_bundle_fetched_again_leaves_its_files_and_takes_no_other(tmp_path):
    """A recycled site folder holds the bundle already: its files, the stored ones as
    stored, stay (not looked up in the store again); a file written into since, or
    another file under a bundle's name, is not taken for the stored one."""
    from vinhdanh.cache.files import Tree

    bundle = tmp_path / "bundle"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "fragment" / "a.pf_fragment").write_bytes(b"a" * 100)
    (bundle / "pagefind.js").write_bytes(b"js")
    tree = Tree(tmp_path / "store")
    tree.keep("k", bundle)
    site = tmp_path / "site" / "pagefind"
    assert tree.fetch("k", site)
    kept = os.lstat(site / "pagefind.js").st_ino
    assert tree.fetch("k", site) and os.lstat(site / "pagefind.js").st_ino == kept  # left as it is

    (site / "pagefind.js").unlink()
    (site / "pagefind.js").write_bytes(b"js")  # another file of the same bytes
    (site / "stray.js").write_bytes(b"?")
    assert tree.fetch("k", site)
    assert os.lstat(site / "pagefind.js").st_ino == kept and not (site / "stray.js").exists()

    with open(site / "fragment" / "a.pf_fragment", "r+b") as fh:  # written in place: the store's file too
        fh.write(b"b")
    assert not tree.fetch("k", site) and not site.exists()  # no bundle: the build indexes again
