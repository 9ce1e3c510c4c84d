"""An edit that changes no page's context hashes no context again (cache/contexts.py),
and every change a context is made of hashes them all: the site stays the clean build's."""

from __future__ import annotations

from PIL import Image
from test_incremental import STORY, Builds

PHOTO = "content/exemplars/anh/bep-com-yeu-thuong.jpg"  # a lead photo the listings show


def test_an_edited_body_hashes_no_context_and_the_rest_hash_them_all(tmp_path, tmp_path_factory):
    b = Builds(tmp_path, tmp_path_factory.mktemp("photos"))
    first = b.check("the first build")
    pages = first.timings["pages_rendered"] + first.timings["pages_reused"]
    assert first.timings["contexts_hashed"] == pages, first.timings

    b.edit(STORY, "\n---\n", "\n---\n\nĐoạn mở đầu mới thêm vào bài.\n\n")
    section = b.check("a story's body")
    assert section.timings["contexts_hashed"] == 0, section.timings
    assert section.timings["pages_rendered"] >= 1

    # Each of these changes a context but no body: the kept fingerprints must not stand for them.
    b.edit(STORY, "title: ", "title: Tiêu đề sửa - ")
    assert b.check("a story's title").timings["contexts_hashed"] == pages
    Image.new("RGB", (900, 600), (30, 120, 200)).save(b.path(PHOTO), quality=85)
    assert b.check("a listed photo's pixels, same name").timings["contexts_hashed"] == pages
    b.today = b.today.replace(year=b.today.year + 1)
    b.check("another build date")
    b.edit(STORY, "\n---\n", "\n---\n\nThêm một đoạn nữa.\n\n")
    assert b.check("a body again").timings["contexts_hashed"] == 0
