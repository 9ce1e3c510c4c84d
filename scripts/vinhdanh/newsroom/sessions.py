"""Signed-in sessions, kept on the server: the cookie is a random token, nothing else.

Only a hash of each token is stored (`sessions.json`): the state folder read by
someone else gives them no session. A session ends after IDLE without use, after
LIFETIME in any case, at logout, and when its account is removed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from pathlib import Path

from ..records import record
from .state import JsonFile

IDLE = 4 * 3600  # a working morning without a click: sign in again
LIFETIME = 12 * 3600


@record
class Session:
    user: str
    csrf: str  # sent back in X-CSRF-Token with every write: a cross-site page cannot read it
    created: float
    used: float


class Sessions:
    def __init__(self, state: Path, clock=time.time):
        self.file = JsonFile(state / "sessions.json", {})
        self.clock = clock

    def create(self, user: str) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(user, secrets.token_urlsafe(32), now, now)
        with self.file.lock:
            stored = self._alive(self.file.read(), now)
            stored[_key(token)] = session.__dict__
            self.file.write(stored)
        return token, session

    def get(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        now = self.clock()
        with self.file.lock:
            stored = self.file.read()
            entry = stored.get(_key(token))
            if entry is None:
                return None
            session = Session(**entry)
            if not _alive(session, now):
                del stored[_key(token)]
                self.file.write(stored)
                return None
            if now - session.used > 60:  # write the file at most once a minute per session
                stored[_key(token)]["used"] = now
                self.file.write(stored)
            return session

    def drop(self, token: str | None) -> None:
        if not token:
            return
        with self.file.lock:
            stored = self.file.read()
            if stored.pop(_key(token), None) is not None:
                self.file.write(stored)

    def _alive(self, stored: dict, now: float) -> dict:
        return {k: v for k, v in stored.items() if _alive(Session(**v), now)}


def csrf_matches(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), (sent or "").encode("utf-8", "replace"))


def _alive(session: Session, now: float) -> bool:
    return now - session.used < IDLE and now - session.created < LIFETIME


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
