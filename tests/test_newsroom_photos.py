"""Photos through the newsroom: cleaned on upload, held aside, committed beside the story with it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from newsroomkit import GOOD_DEED, log_of, running_newsroom, signed_in
from PIL import Image

GPS = 0x8825


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make: kept
    exif.get_ifd(GPS).update({1: "N", 2: (10.0, 2.0, 3.0), 3: "E", 4: (105.0, 46.0, 1.0)})
    out = io.BytesIO()
    Image.effect_noise((900, 700), 40).convert("RGB").save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


@pytest.fixture
def newsroom(tmp_path: Path):
    with running_newsroom(tmp_path, build=False) as server:
        yield server


def test_a_photo_waits_aside_then_is_committed_beside_its_story_without_gps(newsroom) -> None:
    root = newsroom.desk.root
    tam = signed_in(newsroom, "tam")
    before = sorted(p.name for p in (root / "content").rglob("*"))
    sent = tam.post("/api/photo?for=new", raw=jpeg_with_gps(), headers={"Content-Type": "image/jpeg"})
    assert sent.status == 200 and sent.body == {"name": "anh-1.jpg", "url": "/api/photo?pending=anh-1.jpg"}
    assert sorted(p.name for p in (root / "content").rglob("*")) == before  # nothing in content/ before the save
    shown = tam.get(sent.body["url"])
    assert shown.status == 200 and shown.headers["content-type"] == "image/jpeg"
    assert signed_in(newsroom, "lan").get(sent.body["url"]).status == 404  # another user's upload is not theirs to see
    values = {**GOOD_DEED, "photo": "anh-1.jpg", "photo_alt": "Chị Mai bên giường bệnh nhi"}
    saved = tam.post("/api/item", {"path": None, "kind": "gooddeed", "values": values, "action": "save"})
    assert saved.status == 200, saved.body
    rel = saved.body["path"]
    photo = root / Path(rel).parent / "anh-1.jpg"
    with Image.open(photo) as image:
        exif = image.getexif()
        assert exif.get(0x010F) == "Apple" and not exif.get_ifd(GPS)
    assert len(log_of(root, rel)) == 1 and log_of(root, str(Path(rel).parent / "anh-1.jpg")) == log_of(root, rel)  # one commit, both files
    assert tam.get(f"/api/photo?path={Path(rel).parent / 'anh-1.jpg'}").status == 200
    assert not any((newsroom.desk.state / "pending" / "tam").iterdir())


def test_what_is_not_a_photo_is_refused(newsroom) -> None:
    tam = signed_in(newsroom, "tam")
    for kind, data in (("text/plain", b"hello"), ("image/jpeg", b"not a jpeg"), ("image/svg+xml", b"<svg/>")):
        answer = tam.post("/api/photo?for=new", raw=data, headers={"Content-Type": kind})
        assert answer.status in (415, 422) and answer.closed and answer.body["message"]
    assert tam.post("/api/photo?for=content/../mkdocs.yml", raw=jpeg_with_gps(), headers={"Content-Type": "image/jpeg"}).status in (400, 404)
    assert not (newsroom.desk.state / "pending" / "tam").exists() or not any((newsroom.desk.state / "pending" / "tam").iterdir())
