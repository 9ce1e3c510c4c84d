"""`vinhdanh newsroom`: the newsroom's HTTP server on 127.0.0.1, behind nginx.

The session checks are handler.py's, the routes routes.py's; this puts them together.
"""

from __future__ import annotations

from .desk import Desk
from .handler import SessionServer
from .routes import Handler


class NewsroomServer(SessionServer):
    def __init__(self, desk: Desk, port: int = 0, public_origin: str = "", log: bool = True):
        super().__init__(Handler, desk, port, public_origin, log)
