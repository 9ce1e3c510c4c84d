"""Who may do what to a story: the roles and the transitions of `status`, enforced here.

The form only shows what `actions()` allows; every write goes through `decide()`,
whatever a client sends. A story's path decides its kind (exemplars/ or campaigns/);
a contributor's *good deed* is an exemplar file with `status: candidate`.
"""

from __future__ import annotations

from ..records import record

KINDS = ("gooddeed", "exemplar", "campaign")
ACTIONS = ("save", "submit", "approve", "return", "withdraw")
STATUS_LABELS = {
    "draft": "Nháp",
    "candidate": "Tin mới gửi",
    "review": "Chờ duyệt",
    "published": "Đã đăng",
    "scheduled": "Hẹn ngày đăng",
    "withdrawn": "Đã gỡ",
}
ACTION_LABELS = {"save": "Lưu", "submit": "Gửi duyệt", "approve": "Duyệt đăng", "return": "Trả lại", "withdraw": "Gỡ bài"}
# What an author (and a reviewer) may set by saving; `published` and `withdrawn` only by approve / withdraw.
SETTABLE = {"gooddeed": ("candidate",), "exemplar": ("draft", "candidate", "review"), "campaign": ("draft",)}
BUILDS = ("approve", "withdraw")  # the decisions that change the live site
PUBLISHED_LOCKED = (
    "Bài này đã được duyệt đăng (đang hiện trên trang web, hoặc hẹn ngày đăng): biên tập viên không sửa được, "
    "để bài đăng không thay đổi khi chưa qua duyệt. Ghi lại chỗ cần sửa và nhờ người duyệt sửa giúp (hoặc gỡ bài)."
)


class Forbidden(Exception):
    """The role may not do this; the message says so in Vietnamese."""


@record
class Item:
    """What the rules look at: the story's kind, its status on disk (None: new), whether the user created it."""

    kind: str
    status: str | None
    mine: bool


def kind_of(path: str, role: str) -> str | None:
    if path.startswith("content/exemplars/"):
        return "gooddeed" if role == "contributor" else "exemplar"
    if path.startswith("content/campaigns/"):
        return "campaign"
    return None


def actions(role: str, item: Item) -> list[str]:
    """The actions the form offers for `item`."""
    return [a for a in ACTIONS if _refusal(role, a, item, None) is None]


def why_not(role: str, action: str, item: Item) -> str | None:
    """Why `role` may not do `action` to `item` (Vietnamese), for the form to say; None when it may."""
    return _refusal(role, action, item, None)


def decide(role: str, action: str, item: Item, requested: str | None) -> str:
    """The status the file gets; Forbidden when `role` may not do `action` to `item`."""
    reason = _refusal(role, action, item, requested)
    if reason is not None:
        raise Forbidden(reason)
    return _target(role, action, item, requested)


def _target(role: str, action: str, item: Item, requested: str | None) -> str:
    if action == "save":
        if item.status in ("published", "withdrawn") and requested in (None, item.status):
            return item.status
        return requested or item.status or SETTABLE[item.kind][0]
    return {"submit": "review", "approve": "published", "return": "draft", "withdraw": "withdrawn"}[action]


def _refusal(role: str, action: str, item: Item, requested: str | None) -> str | None:
    """Why `role` may not do this (Vietnamese), or None when it may."""
    if action not in ACTIONS:
        return f"Không có thao tác `{action}`."
    if role == "contributor":
        return _contributor(action, item, requested)
    if role not in ("author", "reviewer"):
        return "Tài khoản này không có vai trò hợp lệ."
    if item.kind == "gooddeed" and item.status is not None:
        item = Item("exemplar", item.status, item.mine)  # an author edits a good deed as the story it becomes
    if action == "save":
        return _author_save(role, item, requested)
    if action == "submit":
        if item.kind == "campaign":
            return "Phong trào không qua bước chờ duyệt: lưu nháp, người duyệt đăng."
        return None if item.status in (None, "draft", "candidate", "review") else "Bài đã đăng hoặc đã gỡ không gửi duyệt lại được; người duyệt quyết định."
    if role != "reviewer":
        return f"Chỉ người duyệt được «{ACTION_LABELS[action]}»."
    wanted = {"approve": ("draft",) if item.kind == "campaign" else ("review",), "return": ("review",), "withdraw": ("published",)}[action]
    if item.status not in wanted:
        return f"«{ACTION_LABELS[action]}» chỉ dùng cho bài đang «{STATUS_LABELS[wanted[0]]}»; bài này đang «{STATUS_LABELS.get(item.status or '', 'chưa lưu')}»."
    return None


def _contributor(action: str, item: Item, requested: str | None) -> str | None:
    if action != "save":
        return "Người gửi tin chỉ gửi được tin mới; biên tập viên viết thành bài và gửi duyệt."
    if item.kind != "gooddeed":
        return "Người gửi tin chỉ gửi được tin về người tốt việc tốt."
    if item.status is not None and not (item.mine and item.status == "candidate"):
        return "Người gửi tin chỉ sửa được tin của chính mình, khi tin chưa được biên tập."
    if requested not in (None, "candidate"):
        return "Người gửi tin không đổi được trạng thái của tin."
    return None


def _author_save(role: str, item: Item, requested: str | None) -> str | None:
    if item.status == "published" and role != "reviewer":
        # Saved, the change would reach readers at the next build without anyone's review; and
        # an author may not change a published story's status (so not send it back to review).
        return PUBLISHED_LOCKED
    if item.status in ("published", "withdrawn"):
        if requested in (None, item.status):
            return None
        return "Không đổi được trạng thái của bài đã đăng hoặc đã gỡ; người duyệt gỡ bài bằng nút «Gỡ bài»."
    if requested is not None and requested not in SETTABLE[item.kind]:
        if requested == "published":
            return "Chỉ người duyệt đăng được bài, bằng nút «Duyệt đăng»."
        return f"Không đặt được trạng thái «{STATUS_LABELS.get(requested, requested)}» khi lưu."
    return None
