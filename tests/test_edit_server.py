"""`vinhdanh edit`'s local proxy: Decap's protocol over content/, every save validated first."""

from __future__ import annotations

import base64
import io
import os
import socket
from pathlib import Path

import pytest
from editing import call, running_editor, sample_copy
from PIL import Image

from vinhdanh.content.reader import load

LAN = "content/exemplars/2025/nguyen-thi-lan/index.md"


@pytest.fixture
def editor(tmp_path: Path):
    root = sample_copy(tmp_path / "site")
    with running_editor(root) as server:
        yield server


def jpeg_b64() -> str:
    out = io.BytesIO()
    Image.effect_noise((900, 700), 50).convert("RGB").save(out, "JPEG", quality=80)
    return base64.b64encode(out.getvalue()).decode()


def test_serves_on_loopback_only(editor) -> None:
    host, port = editor.server_address[:2]
    assert host == "127.0.0.1" and editor.url == f"http://127.0.0.1:{port}/"
    status, info = call(editor, "info")
    assert status == 200 and info == {"repo": "site", "publish_modes": ["simple"], "type": "local_fs"}


def test_lists_bundles_and_single_files_at_any_depth(editor) -> None:
    deep = editor.store.root / "content/exemplars/2026/khoa-a/tap-the/doi-b/index.md"
    deep.parent.mkdir(parents=True)
    deep.write_text((editor.store.root / LAN).read_text(encoding="utf-8"), encoding="utf-8")
    status, entries = call(editor, "entriesByFolder", folder="content/exemplars", extension="md", depth=100)
    paths = {e["file"]["path"] for e in entries}
    assert status == 200
    assert LAN in paths  # a page bundle
    assert "content/exemplars/2025/nguyen-van-hung.md" in paths  # a single file
    assert "content/exemplars/2026/khoa-a/tap-the/doi-b/index.md" in paths  # four folders down
    on_disk = {p.relative_to(editor.store.root).as_posix() for p in (editor.store.root / "content/exemplars").rglob("*.md")}
    assert paths == on_disk
    lan = next(e for e in entries if e["file"]["path"] == LAN)
    assert lan["data"].startswith("---\ntitle:") and len(lan["file"]["id"]) == 64
    status, shallow = call(editor, "entriesByFolder", folder="content/exemplars", extension="md", depth=2)
    assert {e["file"]["path"] for e in shallow} == {p for p in paths if p.count("/") == 3}


def test_get_entry_and_media(editor) -> None:
    status, entry = call(editor, "getEntry", path=LAN)
    assert status == 200 and "Nguyễn Thị Lan" in entry["data"]
    status, media = call(editor, "getMedia", mediaFolder="content/exemplars/2025/nguyen-thi-lan")
    assert status == 200 and [m["name"] for m in media] == ["lan-ca-truc.jpg"]
    assert base64.b64decode(media[0]["content"])[:2] == b"\xff\xd8"
    status, missing = call(editor, "getEntry", path="content/exemplars/khong-co.md")
    assert status == 200 and missing["data"] is None


@pytest.mark.parametrize(
    "path",
    [
        "../secret.md",
        "content/../mkdocs.yml",
        "/etc/passwd",
        "content/exemplars/../../mkdocs.yml",
        "mkdocs.yml",
        "content\\..\\mkdocs.yml",
        "",
        "content/a\0.md",
    ],
)
def test_paths_outside_content_are_refused(editor, path: str) -> None:
    before = (editor.store.root / "mkdocs.yml").read_bytes()
    for action, params in (
        ("getEntry", {"path": path}),
        ("getMediaFile", {"path": path}),
        ("persistMedia", {"asset": {"path": path, "content": "aGk=", "encoding": "base64"}}),
        ("deleteFile", {"path": path}),
        ("persistEntry", {"dataFiles": [{"slug": "x", "path": path, "raw": "---\n---\n"}], "assets": [], "options": {}}),
    ):
        status, body = call(editor, action, **params)
        assert status == 400 and ("content/" in body["error"] or "không hợp lệ" in body["error"]), (action, body)
    assert (editor.store.root / "mkdocs.yml").read_bytes() == before


def test_a_symlink_out_of_content_is_refused(editor) -> None:
    link = editor.store.root / "content/exemplars/ra-ngoai"
    os.symlink(editor.store.root, link)
    status, body = call(editor, "getEntry", path="content/exemplars/ra-ngoai/mkdocs.yml")
    assert status == 400 and "ra ngoài" in body["error"]


def test_a_valid_new_story_with_its_photo_is_written(editor) -> None:
    rel = "content/exemplars/2026/mai-thi-hoa/index.md"
    raw = (
        "---\ntitle: Điều dưỡng Mai Thị Hoa\nkind: individual\nname: Mai Thị Hoa\nunit: nhi\n"
        "date: 2026-05-20\nsummary: Chị Hoa lập nhóm trực đêm.\nphoto: hoa.jpg\nphoto_alt: Chị Hoa bên giường bệnh\n"
        "consent: Phiếu đồng ý ngày 15/5/2026\nstatus: published\n---\nNội dung.\n"
    )
    asset = {"path": "content/exemplars/2026/mai-thi-hoa/hoa.jpg", "content": jpeg_b64(), "encoding": "base64"}
    status, body = call(editor, "persistEntry", dataFiles=[{"slug": "2026/mai-thi-hoa/index", "path": rel, "raw": raw}], assets=[asset], options={"commitMessage": "x"})
    assert status == 200, body
    assert (editor.store.root / rel).read_text(encoding="utf-8") == raw
    result = load(editor.store.root)
    assert result.ok
    hoa = next(e for e in result.content.exemplars if e.slug == "mai-thi-hoa")
    assert hoa.photo is not None and hoa.photo.width == 900 and hoa.unit.id == "nhi"
    assert not list((editor.store.root / ".cache").glob("edit-*")), "the scratch mirror is removed"


def test_an_invalid_save_is_refused_with_vietnamese_diagnostics_and_nothing_written(editor) -> None:
    path = editor.store.root / LAN
    before = path.read_bytes()
    raw = before.decode().replace("consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB\n", "").replace("unit: hstc", "unit: khoa-khong-co")
    assert raw != before.decode()
    asset = {"path": "content/exemplars/2025/nguyen-thi-lan/moi.jpg", "content": jpeg_b64(), "encoding": "base64"}
    status, body = call(editor, "persistEntry", dataFiles=[{"slug": "s", "path": LAN, "raw": raw}], assets=[asset], options={})
    assert status == 422
    codes = {(d["code"], d["field"]) for d in body["diagnostics"]}
    assert {("E401", "consent"), ("E301", "unit")} <= codes
    assert all(d["path"] == LAN and d["line"] > 0 and d["hint"] for d in body["diagnostics"])
    assert body["error"].startswith("Bài CHƯA được lưu: có 2 lỗi") and "Gợi ý:" in body["error"]
    assert f"{LAN}:" in body["error"]
    assert path.read_bytes() == before
    assert not (path.parent / "moi.jpg").exists()  # not even the photo


def test_existing_errors_elsewhere_do_not_block_a_good_save(editor) -> None:
    broken = editor.store.root / "content/exemplars/2024/ho-van-tam.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("unit: ctxh", "unit: khong-co"), encoding="utf-8")
    raw = (editor.store.root / LAN).read_text(encoding="utf-8").replace("position: Điều dưỡng trưởng khoa", "position: Phó trưởng khoa")
    status, body = call(editor, "persistEntry", dataFiles=[{"slug": "s", "path": LAN, "raw": raw}], assets=[], options={})
    assert status == 200, body
    assert "Phó trưởng khoa" in (editor.store.root / LAN).read_text(encoding="utf-8")


def test_deleting_a_campaign_stories_name_is_refused(editor) -> None:
    rel = "content/campaigns/thay-thuoc-nhu-me-hien-2026.md"
    status, body = call(editor, "deleteFile", path=rel, options={"commitMessage": "x"})
    assert status == 422 and {d["code"] for d in body["diagnostics"]} == {"E305"}
    assert (editor.store.root / rel).exists()
    status, _ = call(editor, "deleteFile", path="content/exemplars/2024/ho-van-tam.md", options={"commitMessage": "x"})
    assert status == 200 and not (editor.store.root / "content/exemplars/2024/ho-van-tam.md").exists()


def test_unknown_action_and_bad_json(editor) -> None:
    status, body = call(editor, "unpublishedEntries")
    assert status == 422 and body["error"] == "Unknown action unpublishedEntries"
    with socket.create_connection(editor.server_address[:2]) as s:
        host = f"127.0.0.1:{editor.server_address[1]}".encode()
        s.sendall(b"POST " + editor.api_path.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{bad}")
        assert b" 400 " in s.recv(200)


def _raw(editor, request: bytes) -> bytes:
    with socket.create_connection(editor.server_address[:2]) as s:
        s.sendall(request)
        return s.recv(4096)


@pytest.mark.parametrize(
    "headers",
    [
        "Host: evil.example:{port}\r\nContent-Type: application/json",  # DNS rebinding: a hostile name that resolves to 127.0.0.1
        "Host: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nContent-Type: application/json",
        "Host: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nContent-Type: text/plain",  # a cross-site "simple" request
        "Host: 127.0.0.1:{port}\r\nContent-Type: text/plain",
    ],
)
def test_requests_other_sites_make_the_browser_send_are_refused(editor, headers: str) -> None:
    port = editor.server_address[1]
    body = b'{"action": "deleteFile", "params": {"branch": "main", "path": "content/exemplars/2024/ho-van-tam.md", "options": {"commitMessage": "x"}}}'
    head = headers.format(port=port).encode()
    answer = _raw(editor, b"POST " + editor.api_path.encode() + b" HTTP/1.1\r\n" + head + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    assert b" 403 " in answer.split(b"\r\n", 1)[0]
    assert (editor.store.root / "content/exemplars/2024/ho-van-tam.md").exists()
    if "evil.example:" in headers:  # nor can a rebound name read what is in the editor
        answer = _raw(editor, b"GET /config.yml HTTP/1.1\r\nHost: evil.example:" + str(port).encode() + b"\r\nConnection: close\r\n\r\n")
        assert b" 403 " in answer.split(b"\r\n", 1)[0]


def test_the_editor_itself_is_let_in(editor) -> None:
    port = editor.server_address[1]
    body = b'{"action": "info", "params": {}}'
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        answer = _raw(
            editor,
            b"POST "
            + editor.api_path.encode()
            + b" HTTP/1.1\r\nHost: "
            + host.encode()
            + b"\r\nOrigin: http://"
            + host.encode()
            + b"\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nConnection: close\r\n\r\n"
            + body,
        )
        assert b" 200 " in answer.split(b"\r\n", 1)[0], answer


def test_config_is_generated_from_the_content(editor) -> None:
    import urllib.request

    import yaml

    with urllib.request.urlopen(editor.url + "config.yml") as response:
        config = yaml.safe_load(response.read())
    assert editor.api_url.startswith(editor.url + "api/v1/") and len(editor.api_url) > len(editor.url + "api/v1/") + 32
    assert config["locale"] == "vi" and config["backend"] == {"name": "proxy", "proxy_url": editor.api_url, "branch": "main"}
    assert config["local_backend"] == {"url": editor.api_url}
    for path in ("/", "/editor.js", "/locale-vi.js", "/vinhdanh.css", "/decap/decap-cms.js"):
        with urllib.request.urlopen(editor.url + path.lstrip("/")) as response:
            assert response.status == 200 and response.read(10)


def test_a_symlinked_folder_under_content_does_not_block_saves(editor, tmp_path: Path) -> None:
    """The reader never walks into a symlinked folder, so neither may the check of a save:
    mirroring content/ used to copy the linked folder's files in, and every save was refused
    for errors in a file `validate` does not even read."""
    elsewhere = tmp_path / "kho-khac"
    elsewhere.mkdir()
    (elsewhere / "bai-hong.md").write_text("---\ntitle: Bài hỏng\nunit: khong-co\n---\n", encoding="utf-8")
    os.symlink(elsewhere, editor.store.root / "content/exemplars/lien-ket")
    assert load(editor.store.root).ok  # validate reads nothing behind the link
    raw = (editor.store.root / LAN).read_text(encoding="utf-8").replace("position: Điều dưỡng trưởng khoa", "position: Phó trưởng khoa")
    status, body = call(editor, "persistEntry", dataFiles=[{"slug": "s", "path": LAN, "raw": raw}], assets=[], options={})
    assert status == 200, body
    assert "Phó trưởng khoa" in (editor.store.root / LAN).read_text(encoding="utf-8")
    assert (editor.store.root / "content/exemplars/lien-ket").is_symlink()  # left as it was
