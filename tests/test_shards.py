"""The sharded cache files: an edit rewrites one part, a bad part costs only its entries."""

from __future__ import annotations

from vinhdanh.cache.shards import COUNT, Shards, shard_of


def test_a_change_rewrites_only_its_part_and_everything_loads_back(tmp_path):
    store = Shards(tmp_path / "c", version=1)
    entries = {f"content/exemplars/{i}.md": ("kết quả", i) for i in range(200)}
    store.save(entries, set(range(COUNT)))
    assert store.load() == entries
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "c").iterdir()}
    key = "content/exemplars/7.md"
    entries[key] = ("đã sửa", 7)
    stamp = store.stamp()
    store.save(entries, {shard_of(key)})
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "c").iterdir()}
    assert [name for name in after if after[name] != before[name]] == [f"{shard_of(key):02d}.pickle"]
    assert store.stamp() != stamp
    assert store.load() == entries


def test_a_damaged_or_foreign_part_is_only_missing_entries(tmp_path):
    store = Shards(tmp_path / "c", version=1)
    entries = {f"k{i}": i for i in range(100)}
    store.save(entries, set(range(COUNT)))
    (tmp_path / "c" / "03.pickle").write_bytes(b"\x80 not a pickle")
    loaded = store.load()
    assert loaded == {k: v for k, v in entries.items() if shard_of(k) != 3}
    assert Shards(tmp_path / "c", version=2).load() == {}  # another version of our code
    assert Shards(tmp_path / "missing", version=1).load() == {}
