"""What makes a rebuild after one edit cheap stays correct: the recycled site
folder, reused pages outside MkDocs' files, and serve's native file watching."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from test_incremental import STORY, Builds

from vinhdanh import mkdocs_speedups
from vinhdanh.build import previous_of, spare_of


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("photos")  # rendered photos are content-addressed: shared by the tests


def test_the_replaced_site_waits_in_the_cache_not_beside_the_site(tmp_path, photos):
    b = Builds(tmp_path, photos)
    b.incremental()
    b.incremental()  # the first site, replaced, is kept whole for `vinhdanh rollback`
    assert previous_of(b.root, b.site).parent == b.root / ".vinhdanh" / "previous-sites"
    assert previous_of(b.root, b.site).is_dir() and not spare_of(b.root, b.site).exists()
    b.incremental()  # ...and becomes the spare when the second one takes its place
    spare = spare_of(b.root, b.site)
    assert spare.is_dir() and spare.parent == b.root / ".cache" / "spare-sites"
    assert sorted(p.name for p in b.site.parent.iterdir() if p.name.startswith(".")) == []  # nothing hidden beside the site

    # A story withdrawn: gone from the new site; the spare that still has it is never served.
    b.edit(STORY, "status: published", "status: withdrawn")
    b.incremental()
    assert not (b.site / "guong-dien-hinh/ho-van-tam/index.html").exists()
    assert "ho-van-tam" not in (b.site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_page_changed_by_hand_in_the_recycled_folder_is_not_kept(tmp_path, photos):
    b = Builds(tmp_path, photos)
    b.incremental()
    b.incremental()
    b.incremental()  # the spare: the site two builds back (the previous one is kept for rollback)
    spare = spare_of(b.root, b.site)
    page = spare / "guong-dien-hinh/ho-van-tam/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # never in place: the file is linked to the live site and the store
    page.write_text(text.replace("</body>", "<p>sửa tay</p></body>"), encoding="utf-8")
    b.check("a page edited by hand in the recycled folder")
    assert "sửa tay" not in (b.site / "guong-dien-hinh/ho-van-tam/index.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_reused_pages_and_links_to_them_resolve(tmp_path, photos, monkeypatch):
    from mkdocs.commands import build as mkdocs_build

    rendered: list[str] = []
    real = mkdocs_build._build_theme_template

    def counting(template_name, *args):
        rendered.append(template_name)
        return real(template_name, *args)

    monkeypatch.setattr(mkdocs_build, "_build_theme_template", counting)
    b = Builds(tmp_path, photos)
    index = b.path("pages/index.md")
    index.write_text(index.read_text(encoding="utf-8") + "\n[Một tấm gương](guong-dien-hinh/ho-van-tam/index.md)\n", encoding="utf-8")
    b.check("a hospital page linking to a story by its .md path")
    rendered.clear()
    section = b.incremental()
    assert section.timings["pages_rendered"] == 0
    assert rendered == []  # 404.html and sitemap.xml linked from the page store, not rendered
    section = b.check("nothing changed: every story page reused")
    assert section.timings["pages_rendered"] == 0
    home = (b.site / "index.html").read_text(encoding="utf-8")
    assert 'href="guong-dien-hinh/ho-van-tam/"' in home  # MkDocs still resolved the .md link
    listed = set(re.findall(r"<loc>https?://[^/]+/([^<]*)</loc>", (b.site / "sitemap.xml").read_text(encoding="utf-8")))
    assert {spec.path for spec in section.pages} <= listed  # every page, none of them rendered this build


def test_serve_watches_by_inotify_and_ignores_reads(tmp_path):
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    content = tmp_path / "content"
    content.mkdir()
    story = content / "a.md"
    story.write_text("x", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))  # not bound: no socket
    server.watch(str(content))
    mkdocs_speedups.watch_natively(server)
    assert not isinstance(server.observer, PollingObserver)
    server.observer.start()
    try:
        time.sleep(0.2)
        story.read_text(encoding="utf-8")  # a build reading content/ must not start another build
        time.sleep(0.3)
        assert not server._want_rebuild
        story.write_text("y", encoding="utf-8")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not server._want_rebuild:
            time.sleep(0.005)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()


@pytest.mark.parametrize("site_url", ["https://benhvien.example.vn/", "https://benhvien.example.vn/tin-tuc", "http://127.0.0.1:8000/a/b/", "https://h.vn/x/?q=1#top", None])
def test_a_listed_page_has_the_sitemap_url_mkdocs_gives(site_url):
    from urllib.parse import urljoin, urlsplit

    for url in ["", "guong-dien-hinh/ho-van-tam/", "guong-dien-hinh/trang/2/", "a%20b/", "x/../y/", "./z/", "index.html", "a.b/c/", "/tuyet-doi/", "q?x=1"]:
        if site_url is None:
            expected = (None, None)
        else:
            base = site_url if site_url.endswith("/") else site_url + "/"
            canonical = urljoin(base, url)  # mkdocs.structure.pages.Page._set_canonical_url
            expected = (canonical, urlsplit(canonical).path)
        assert mkdocs_speedups._canonical(site_url, url) == expected, (site_url, url)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_page_file_has_the_destination_and_url_mkdocs_gives(tmp_path, directory_urls):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, InclusionLevel

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site"), "use_directory_urls": directory_urls})
    config.validate()
    config.plugins._current_plugin = "vinhdanh"  # as while a plugin's event runs
    for folder in ["guong-dien-hinh/", "guong-dien-hinh/ho-van-tam/", "guong-dien-hinh/trang/2/", "a_b~c/d-e/", "khoa nhi/", "đơn-vị/", "a%20b/", "x.y/", "q?x=1/"]:
        ours = mkdocs_speedups.page_file(config, folder, "# T\n")
        theirs = File.generated(config, f"{folder}index.md", content="# T\n", inclusion=InclusionLevel.NOT_IN_NAV)
        assert (ours.src_uri, ours.dest_uri, ours.url, ours.abs_dest_path, ours.inclusion) == (theirs.src_uri, theirs.dest_uri, theirs.url, theirs.abs_dest_path, theirs.inclusion), folder
