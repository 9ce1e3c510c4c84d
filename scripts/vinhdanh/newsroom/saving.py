"""One write of the newsroom: check the role, refuse a stale save, validate, write, commit.

In this order, under the desk's lock, so that nothing is written unless every check
passed: the role's transition (403), the version the user opened (409, naming who
changed the file since and when), the reader's validation of the result (422, with
the form's labels), then the atomic write and one commit authored by the user.
Approving or withdrawing then rebuilds the live site (publish.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from ..content.text import free_slug, slugify
from ..editor.store import Refusal
from ..records import record
from . import photos, repo
from .accounts import Account
from .desk import Desk, NotFound
from .publish import build_live
from .workflow import BUILDS, KINDS, Forbidden, Item, decide, kind_of

VIETNAM = dt.timezone(dt.timedelta(hours=7))  # no daylight saving
MESSAGES = {"save": "Lưu", "submit": "Gửi duyệt", "approve": "Duyệt đăng", "return": "Trả lại", "withdraw": "Gỡ bài"}


@record(frozen=False)
class Reply:
    status: int
    body: dict[str, Any] = field(default_factory=dict)


def save(desk: Desk, account: Account, request: dict[str, Any]) -> Reply:
    """Answer a `POST /api/item` (see NEWSROOM.md); nothing is written unless it is 200."""
    from . import formfile, forms

    kind, action, rel = request.get("kind"), request.get("action", "save"), request.get("path")
    values = request.get("values")
    if kind not in KINDS or not isinstance(values, dict) or not (rel is None or isinstance(rel, str)):
        return Reply(400, {"message": "Yêu cầu không hợp lệ: cần `kind` (gooddeed, exemplar, campaign) và `values`."})
    old_text = _current(desk, account, rel, kind)
    if isinstance(old_text, Reply):
        return old_text  # not found
    item = desk.item(account, rel, old_text) if rel and old_text is not None else Item(kind, None, True)
    try:
        status = decide(account.role, str(action), item, _requested(values))
    except Forbidden as refused:
        return Reply(403, {"message": str(refused)})
    comment = str(request.get("comment") or "").strip()
    if action == "return" and not comment:
        return Reply(422, {"errors": [{"field": "comment", "label": "Ý kiến trả lại", "message": "Ghi ý kiến để người viết biết cần sửa gì."}]})
    if old_text is not None:
        stale = _stale(desk, rel or "", old_text, request.get("version"))
        if stale:
            return stale
    rel = rel or _new_path(desk, kind, values)
    try:
        text = formfile.to_file(kind, {**values, "status": status}, old_text, desk.day())
    except ValueError as exc:  # the file on disk has no front matter the form can keep
        return Reply(422, {"errors": [{"field": "", "label": "", "message": f"Không sửa được tệp này bằng biểu mẫu ({exc}); nhờ biên tập viên sửa trực tiếp."}]})
    writes = {rel: text.encode("utf-8"), **photos.claimed(desk, account, rel, values)}
    try:
        desk.store.change(writes)
    except Refusal as refusal:
        # The story's own lines name a group's part (proposal › month); another file's lines mean nothing here.
        own = [d for d in refusal.errors if d.path == rel]
        return Reply(422, {"errors": forms.errors(kind, own, text) + forms.errors(kind, [d for d in refusal.errors if d.path != rel])})
    title = str(values.get("title") or values.get("name") or rel)
    message = f"{MESSAGES[str(action)]}: {title}" + (f" — {comment}" if comment else "")
    repo.commit(desk.root, sorted(writes), account, message)
    photos.release(desk, account, writes)
    if action == "return":
        desk.comments.add(rel, account.name, comment)
    data = (desk.root / rel).read_bytes()
    body: dict[str, Any] = {"path": rel, "version": repo.version(data), "status": status}
    return _publish(desk, rel, body) if action in BUILDS else Reply(200, body)


def _current(desk: Desk, account: Account, rel: str | None, kind: str) -> str | Reply | None:
    """The file's text as it is now (None: a new story), or a 404 Reply."""
    if rel is None:
        return None
    path = desk.store.resolve(rel)
    expected = kind_of(rel, account.role)
    if not path.is_file() or expected is None or (kind == "campaign") != (expected == "campaign"):
        return Reply(404, {"message": f"Không có bài `{rel}` (hoặc bài không thuộc loại này)."})
    return path.read_bytes().decode("utf-8-sig")


def _stale(desk: Desk, rel: str, old_text: str, version: Any) -> Reply | None:
    """A 409 when the file is no longer the one the user opened."""
    if version == repo.version((desk.root / rel).read_bytes()):
        return None
    change = repo.last_change(desk.root, rel)
    when = _local_time(change.at)
    message = f"Bài đã được {change.by} sửa lúc {when}, sau khi bạn mở. Chưa lưu gì: phần bạn đang soạn vẫn còn trên màn hình; chép lại phần của mình, mở lại bài rồi lưu."
    return Reply(409, {"message": message, "by": change.by, "at": change.at})


def _local_time(iso: str) -> str:
    try:
        stamp = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return stamp.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")  # the server's clock may be UTC


def _requested(values: dict[str, Any]) -> str | None:
    status = values.get("status")
    return status if isinstance(status, str) and status else None


def _folder(kind: str) -> str:
    return "content/campaigns/" if kind == "campaign" else "content/exemplars/"


def _new_path(desk: Desk, kind: str, values: dict[str, Any]) -> str:
    """Where a new story goes: exemplars/<year>/<slug>/index.md (as `vinhdanh new`), or campaigns/<slug>.md."""
    from ..content.reading.run import markdown_files, slug_of

    folder = desk.root / _folder(kind)
    taken = {slug_of(p) for p in markdown_files(folder)}
    wanted = slugify(str(values.get("title" if kind == "campaign" else "name") or values.get("title") or "")) or "bai-moi"
    slug = free_slug(wanted[:80].strip("-"), taken)
    if kind == "campaign":
        return f"content/campaigns/{slug}.md"
    try:
        year = dt.date.fromisoformat(str(values.get("date"))).year
    except ValueError:
        year = desk.day().year
    return f"content/exemplars/{year}/{slug}/index.md"


def _publish(desk: Desk, rel: str, body: dict[str, Any]) -> Reply:
    """Rebuild the live site; a failed build leaves it as it was (build.py) and says so."""
    if desk.build:
        ok, output = build_live(desk.root, desk.site_dir, desk.today)
        if not ok:
            message = "Đã ghi quyết định vào kho nội dung, nhưng dựng trang thất bại nên trang web đang chạy giữ nguyên. Báo bộ phận CNTT; lần dựng sau sẽ cập nhật."
            return Reply(502, {**body, "message": message, "build": output})
    url = desk.page_url(rel)
    if url:
        body["page_url"] = url
    return Reply(200, body)


__all__ = ["NotFound", "Reply", "save"]
