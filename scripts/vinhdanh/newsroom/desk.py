"""The newsroom's desk: its settings and services, and what a signed-in user may read.

No HTTP here (server.py speaks it): lists, one story with its actions, the values a
form shows. Writes are in saving.py.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from ..cache import readcache
from ..content.frontmatter import split
from ..content.model import Campaign, Content, Exemplar
from ..content.reader import load, today_in_vietnam
from ..editor.store import Store
from ..pages.urls import Urls
from ..records import record
from . import repo
from .accounts import Account, Accounts
from .audit import Audit
from .comments import Comments
from .ratelimit import LoginLimiter
from .sessions import Sessions
from .workflow import STATUS_LABELS, Item, actions, kind_of, why_not


class NotFound(Exception):
    pass


@record(frozen=False)
class Desk:
    root: Path
    state: Path
    site_dir: Path | None = None  # where `vinhdanh build` puts the live site (None: its default)
    today: dt.date | None = None  # fixed in tests; else Vietnam's today at each request
    build: bool = True  # approve/withdraw rebuild the live site
    accounts: Accounts = field(init=False)
    sessions: Sessions = field(init=False)
    audit: Audit = field(init=False)
    comments: Comments = field(init=False)
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one write at a time: each validates what the last wrote

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.store = Store(self.root, self.today)
        self.accounts, self.sessions = Accounts(self.state), Sessions(self.state)
        self.audit, self.comments = Audit(self.state), Comments(self.state)

    def day(self) -> dt.date:
        return self.today or today_in_vietnam()

    def content(self) -> Content:
        result = load(self.root, self.day(), reads=readcache.for_project(self.root))
        if result.content is None:
            raise RuntimeError("Không đọc được content/site.yml: chạy `vinhdanh validate` trên máy chủ để xem lỗi.")
        return result.content

    # -- lists -----------------------------------------------------------------------

    def items(self, account: Account, wanted: str | None) -> list[dict[str, Any]]:
        """The stories and campaigns `account` may see, newest first; `wanted` a status or `mine`."""
        content, history = self.content(), repo.history(self.root)
        out = []
        for item in _all(content):
            trail = history.get(item.rel_path)
            last = trail.last if trail else None
            created = trail is not None and trail.first.user == account.user
            if account.role == "contributor" and not created:
                continue  # a contributor sees its own submissions only
            # «Của tôi»: what one sent or has saved (an author writes up deeds others sent).
            mine = created or (trail is not None and account.user in trail.users)
            status = self._status(item)
            if (wanted == "mine" and not mine) or (wanted not in (None, "", "mine") and item.status != wanted):
                continue
            out.append(
                {
                    "path": item.rel_path,
                    "kind": kind_of(item.rel_path, account.role),
                    "title": item.title,
                    "name": item.name if isinstance(item, Exemplar) else "",
                    "status": item.status,
                    "status_label": STATUS_LABELS[status],
                    "unit": item.unit.name if isinstance(item, Exemplar) else item.host,
                    "date": item.date.isoformat(),
                    "updated": last.at if last else "",
                    "updated_by": last.by if last else "",
                }
            )
        return sorted(out, key=lambda i: i["updated"] or i["date"], reverse=True)

    def _status(self, item: Exemplar | Campaign) -> str:
        return "scheduled" if item.status == "published" and item.date > self.day() else item.status

    # -- one story -----------------------------------------------------------------------

    def read(self, account: Account, rel: str) -> dict[str, Any]:
        from . import formfile

        path = self.store.resolve(rel)
        kind = kind_of(rel, account.role)
        if kind is None or not path.is_file():
            raise NotFound(rel)
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        info = self.item(account, rel, text)
        if account.role == "contributor" and not info.mine:
            raise NotFound(rel)  # not even its existence
        offered = actions(account.role, info)
        answer: dict[str, Any] = {
            "path": rel,
            "kind": kind,
            "values": formfile.from_file(kind, text),
            "version": repo.version(data),
            "status": info.status,
            "comments": self.comments.of(rel),
            "actions": offered,
        }
        if "save" not in offered:
            answer["notice"] = why_not(account.role, "save", info)  # the form says why it offers no «Lưu»
        url = self.page_url(rel)
        if url:
            answer["page_url"] = url
        return answer

    def item(self, account: Account, rel: str, text: str) -> Item:
        """What the workflow looks at for the story `rel`, whose file holds `text`."""
        return Item(kind_of(rel, account.role) or "", status_of(text), repo.creator(self.root, rel) == account.user)

    def page_url(self, rel: str) -> str | None:
        """The public page's address of `rel`, when it is on the site today."""
        content = self.content()
        for item in _all(content):
            if item.rel_path == rel and item.is_public(self.day()):
                urls = Urls(content.site)
                return urls.absolute(urls.exemplar(item.slug) if isinstance(item, Exemplar) else urls.campaign(item.slug))
        return None


def _all(content: Content) -> list[Exemplar | Campaign]:
    return [*content.exemplars, *content.campaigns]


def status_of(text: str) -> str | None:
    front = split(text)[0]
    try:
        meta = yaml.safe_load(front) if front else None
    except yaml.YAMLError:
        return None
    status = meta.get("status") if isinstance(meta, dict) else None
    return status if isinstance(status, str) else None
