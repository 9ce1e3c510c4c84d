"""The nginx configuration of `vinhdanh deploy nginx`, served by Debian's nginx.

The sample site at the root of its own server, then at a sub-path beside an existing
site; status, type, caching and compression asserted on real responses.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from nginx import deploy, free_port, get, running_nginx
from sitebuild import ROOT, SAMPLE_BASE_URL, TODAY, project_copy, rebase, sample_site

IMMUTABLE = "max-age=31536000"  # `expires 1y`: the server's add_header lines stay inherited


@pytest.fixture(scope="module")
def root_server(tmp_path_factory):
    site, section = sample_site()
    tmp = tmp_path_factory.mktemp("nginx-root")
    port = free_port()
    status, err = deploy("--root", str(ROOT), "deploy", "nginx", "--site-dir", str(site), "--listen", f"127.0.0.1:{port}", "-o", str(tmp / "conf"))
    assert status == 0, err
    with running_nginx(tmp / "run", f"include {tmp / 'conf/nginx/vinhdanh-site.conf'};", port) as base:
        yield base, site, section


def test_pages_are_html_with_short_caching(root_server):
    base, site, section = root_server
    story = next(p.path for p in section.pages if p.kind == "story")
    campaign = next(p.path for p in section.pages if p.kind == "campaign")
    for path in ("/", f"/{section.urls.exemplars}", f"/{story}", f"/{campaign}", f"/{section.urls.honour_roll}"):
        r = get(base, path)
        assert r.status == 200, path
        assert r.type == "text/html; charset=utf-8", path
        assert r.headers["cache-control"] == "max-age=300", path
        assert r.body == (site / path.lstrip("/") / "index.html").read_bytes(), path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_folder_without_slash_redirects_relatively(root_server):
    base, _, section = root_server
    r = get(base, "/" + section.urls.exemplars.rstrip("/"))
    assert r.status == 301
    assert r.headers["location"] == "/" + section.urls.exemplars


def test_hashed_photos_and_cards_are_immutable(root_server):
    base, site, section = root_server
    photos = sorted((site / section.urls.images).iterdir())
    photo = next(p for p in photos if re.search(r"-[0-9a-f]{10}-\d+\.webp$", p.name))
    card = next(p for p in photos if re.search(r"-the-[0-9a-f]{10}\.jpg$", p.name))
    for file, mime in ((photo, "image/webp"), (card, "image/jpeg")):
        r = get(base, "/" + str(file.relative_to(site)))
        assert r.status == 200
        assert r.type == mime
        assert r.headers["cache-control"] == IMMUTABLE
        assert r.body == file.read_bytes()
    # Files whose name does not change with their content keep the short lifetime.
    logo = get(base, "/" + section.urls.logo)
    assert logo.status == 200 and logo.type == "image/png" and logo.headers["cache-control"] == "max-age=300"


def test_feeds_have_their_own_types(root_server):
    base, site, section = root_server
    for path, mime in ((section.urls.rss, "application/rss+xml"), (section.urls.atom, "application/atom+xml")):
        r = get(base, "/" + path)
        assert r.status == 200
        assert r.type == f"{mime}; charset=utf-8"
        assert r.headers["cache-control"] == "max-age=300"
        assert r.body == (site / path).read_bytes()
    unit_feed = next(site.glob(f"{section.urls.exemplars}don-vi/*/rss.xml"))
    assert get(base, "/" + str(unit_feed.relative_to(site))).type == "application/rss+xml; charset=utf-8"
    export = get(base, f"/{section.urls.exemplars}feed.json")  # what a department imports
    assert export.status == 200 and export.type == "application/feed+json; charset=utf-8"
    assert export.body == (site / section.urls.exemplars / "feed.json").read_bytes()


def test_search_index_types(root_server):
    base, site, section = root_server
    folder = site / section.urls.exemplars / "pagefind"
    entry = get(base, "/" + str((folder / "pagefind-entry.json").relative_to(site)))
    assert entry.status == 200 and entry.type == "application/json; charset=utf-8"
    for pattern in ("*.pf_meta", "index/*.pf_index", "fragment/*.pf_fragment"):
        file = next(folder.glob(pattern))
        r = get(base, "/" + str(file.relative_to(site)), gzip_ok=True)
        assert r.status == 200, pattern
        assert r.type == "application/octet-stream", pattern
        assert r.headers["cache-control"] == IMMUTABLE, pattern
        assert "content-encoding" not in r.headers, "Pagefind chunks are gzip already"
        assert r.raw == file.read_bytes()
    wasm = next(folder.glob("*.pagefind"))
    r = get(base, "/" + str(wasm.relative_to(site)))
    assert r.type == "application/octet-stream" and r.headers["cache-control"] == "max-age=300"
    js = get(base, "/" + str((folder / "pagefind.js").relative_to(site)))
    assert js.type == "text/javascript; charset=utf-8"


def test_missing_page_is_the_vietnamese_404_page(root_server):
    base, site, _ = root_server
    for path in ("/khong-co-trang-nay/", "/guong-dien-hinh/khong-co.html", "/guong-dien-hinh/anh/khong-co-0123456789-400.webp"):
        r = get(base, path)
        assert r.status == 404, path
        assert r.type == "text/html; charset=utf-8", path
        assert r.body == (site / "404.html").read_bytes(), path
        assert "Không tìm thấy trang" in r.body.decode()


def test_text_is_gzipped_when_the_reader_accepts_it(root_server):
    base, site, section = root_server
    for path in ("/", "/" + section.urls.rss, "/" + next(str(p.relative_to(site)) for p in (site / "assets/vinhdanh").glob("*.css"))):
        plain = get(base, path)
        packed = get(base, path, gzip_ok=True)
        assert "content-encoding" not in plain.headers, path
        assert packed.headers["content-encoding"] == "gzip", path
        assert packed.headers["vary"] == "Accept-Encoding", path
        assert len(packed.raw) < len(plain.raw) and packed.body == plain.raw, path
    photo = next((site / section.urls.images).glob("*.jpg"))
    assert "content-encoding" not in get(base, "/" + str(photo.relative_to(site)), gzip_ok=True).headers


@pytest.fixture(scope="module")
def sub_path_project(tmp_path_factory):
    """The sample project moved under /vinh-danh/ of the hospital's domain, built."""
    from vinhdanh.site.build import build_command

    tmp = tmp_path_factory.mktemp("nginx-sub")
    root = rebase(project_copy(tmp / "project"), f"{SAMPLE_BASE_URL}vinh-danh/")
    site = tmp / "srv" / "site"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert build_command(root, Path("mkdocs.yml"), site, TODAY) == 0
    return tmp, root, site


def test_sub_path_beside_an_existing_site(sub_path_project):
    tmp, root, site = sub_path_project
    existing = tmp / "wordpress"
    existing.mkdir()
    (existing / "index.html").write_text("<!doctype html><title>Cổng thông tin</title><p>Trang chủ cũ</p>", encoding="utf-8")
    status, err = deploy("--root", str(root), "deploy", "nginx", "--site-dir", str(site), "-o", str(tmp / "conf"))
    assert status == 0, err
    port = free_port()
    server = f"server {{\n listen 127.0.0.1:{port};\n root {existing};\n location / {{ try_files $uri $uri/ =404; }}\n include {tmp / 'conf/nginx/vinhdanh-location.conf'};\n}}"
    with running_nginx(tmp / "run", server, port) as base:
        assert b"Trang ch\xe1\xbb\xa7 c\xc5\xa9" in get(base, "/").body  # the existing site still answers at /
        home = get(base, "/vinh-danh/")
        assert home.status == 200 and home.body == (site / "index.html").read_bytes()
        section = get(base, "/vinh-danh/guong-dien-hinh/")
        assert section.status == 200 and section.type == "text/html; charset=utf-8"
        # every root-relative link of the section stays under the sub-path
        links = re.findall(rb'href="(/[^"]*)"', section.body)
        assert links and all(link.startswith(b"/vinh-danh/") for link in links), links[:5]
        for link in sorted(set(links))[:40]:
            assert get(base, link.decode().split("#")[0]).status == 200, link
        feed = get(base, "/vinh-danh/guong-dien-hinh/rss.xml")
        assert feed.type == "application/rss+xml; charset=utf-8"
        photo = next((site / "guong-dien-hinh/anh").glob("*-400.webp"))
        assert get(base, f"/vinh-danh/guong-dien-hinh/anh/{photo.name}").headers["cache-control"] == IMMUTABLE
        missing = get(base, "/vinh-danh/khong-co/", gzip_ok=True)
        assert missing.status == 404 and missing.body == (site / "404.html").read_bytes()
        assert missing.headers["content-encoding"] == "gzip"
        assert get(base, "/khong-co/").status == 404  # outside the section: the existing site's own 404
        bare = get(base, "/vinh-danh")
        assert bare.status == 301 and bare.headers["location"] == "/vinh-danh/"


def test_prefix_must_match_base_url(sub_path_project, tmp_path):
    _, root, site = sub_path_project
    status, err = deploy("--root", str(root), "deploy", "nginx", "--site-dir", str(site), "--prefix", "/guong-dien-hinh/", "-o", str(tmp_path))
    assert status == 1
    assert "content/site.yml:" in err and "--prefix /guong-dien-hinh/" in err and "/vinh-danh/" in err and "gợi ý" in err
    assert not (tmp_path / "nginx").exists()
    status, err = deploy("--root", str(root), "deploy", "nginx", "--site-dir", str(site), "--prefix", "vinh-danh", "-o", str(tmp_path))
    assert status == 0, err


def test_site_dir_is_required_and_sane(tmp_path):
    status, err = deploy("--root", str(ROOT), "deploy", "nginx", "-o", str(tmp_path))
    assert status == 1 and "--site-dir" in err
    status, err = deploy("--root", str(ROOT), "deploy", "nginx", "--site-dir", "/srv/my site", "-o", str(tmp_path))
    assert status == 1 and "khoảng trắng" in err
    status, err = deploy("--root", str(ROOT), "deploy", "nginx", "--site-dir", str(ROOT), "-o", str(tmp_path))
    assert status == 1 and "thư mục riêng" in err


HOST_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-frame-options": "SAMEORIGIN",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'",
}


def test_the_hosts_security_headers_survive_under_the_section(sub_path_project):
    """nginx inherits a server's add_header lines only into a location that sets none:
    every response of the included section still carries the hospital's own headers."""
    tmp, root, site = sub_path_project
    existing = tmp / "portal"
    existing.mkdir(exist_ok=True)
    (existing / "index.html").write_text("<!doctype html><title>Cổng</title>", encoding="utf-8")
    status, err = deploy("--root", str(root), "deploy", "nginx", "--site-dir", str(site), "-o", str(tmp / "conf-headers"))
    assert status == 0, err
    lines = "".join(f' add_header {name} "{value}" always;\n' for name, value in HOST_HEADERS.items())
    port = free_port()
    server = f"server {{\n listen 127.0.0.1:{port};\n root {existing};\n{lines} include {tmp / 'conf-headers/nginx/vinhdanh-location.conf'};\n}}"
    photo = next((site / "guong-dien-hinh/anh").glob("*-400.webp")).name
    card = next(p.name for p in (site / "guong-dien-hinh/anh").iterdir() if re.search(r"-the-[0-9a-f]{10}\.jpg$", p.name))
    chunk = next((site / "guong-dien-hinh/pagefind").glob("*.pf_meta")).name
    bundle = next((site / "assets/stylesheets").glob("main.*.min.css")).name
    paths = {
        "/": 200,  # the existing site itself
        "/vinh-danh/": 200,
        "/vinh-danh/guong-dien-hinh/": 200,
        "/vinh-danh/guong-dien-hinh/rss.xml": 200,
        "/vinh-danh/guong-dien-hinh/atom.xml": 200,
        "/vinh-danh/guong-dien-hinh/feed.json": 200,
        f"/vinh-danh/guong-dien-hinh/anh/{photo}": 200,
        f"/vinh-danh/guong-dien-hinh/anh/{card}": 200,
        f"/vinh-danh/guong-dien-hinh/pagefind/{chunk}": 200,
        f"/vinh-danh/assets/stylesheets/{bundle}": 200,
        "/vinh-danh/khong-co/": 404,
        "/vinh-danh": 301,
        "/vinh-danh/guong-dien-hinh": 301,
    }
    with running_nginx(tmp / "run-headers", server, port) as base:
        for path, wanted in paths.items():
            r = get(base, path)
            assert r.status == wanted, path
            for name, value in HOST_HEADERS.items():
                assert r.headers.get(name) == value, (path, name, r.headers)
        # the section's own caching still applies
        assert "max-age=300" in get(base, "/vinh-danh/guong-dien-hinh/").headers["cache-control"]
        assert "max-age=31536000" in get(base, f"/vinh-danh/guong-dien-hinh/anh/{photo}").headers["cache-control"]
