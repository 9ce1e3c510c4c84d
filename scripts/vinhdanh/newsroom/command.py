"""`vinhdanh user …` and `vinhdanh newsroom`: the commands IT runs on the server."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .accounts import ROLE_LABELS, ROLES, AccountError, Accounts
from .state import DEFAULT, open_state


def add_parsers(sub) -> None:
    user = sub.add_parser("user", help="tài khoản phòng tin: thêm, liệt kê, xóa, đổi mật khẩu")
    user.add_argument("--state", type=Path, help=f"thư mục trạng thái của phòng tin (mặc định {DEFAULT}/ ở thư mục gốc)")
    verbs = user.add_subparsers(dest="user_command", required=True)
    add = verbs.add_parser("add", help="thêm tài khoản (mật khẩu hỏi khi chạy, hoặc đọc từ đầu vào chuẩn)")
    add.add_argument("name", help="tên đăng nhập, ví dụ lan.nguyen")
    add.add_argument("--role", required=True, choices=ROLES, help="contributor: người gửi tin; author: biên tập viên; reviewer: người duyệt")
    add.add_argument("--full-name", required=True, help="họ tên, ghi vào lịch sử sửa bài")
    add.add_argument("--email", default="", help="thư điện tử (ghi vào lịch sử git; mặc định TÊN@newsroom)")
    add.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn")
    verbs.add_parser("list", help="liệt kê tài khoản")
    remove = verbs.add_parser("remove", help="xóa tài khoản (phiên đang mở của tài khoản hết hiệu lực ngay)")
    remove.add_argument("name")
    passwd = verbs.add_parser("passwd", help="đổi mật khẩu")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")

    news = sub.add_parser("newsroom", help="chạy phòng tin (trình soạn bài dùng chung, có tài khoản và duyệt bài) trên 127.0.0.1, sau nginx")
    news.add_argument("--state", type=Path, help=f"thư mục trạng thái (mặc định {DEFAULT}/ ở thư mục gốc): tài khoản, phiên, nhật ký")
    news.add_argument("--port", type=int, default=8770, help="cổng trên 127.0.0.1 (mặc định 8770)")
    news.add_argument("--public-origin", default="", help="địa chỉ người dùng mở, ví dụ https://phongtin.benhvien.vn (nginx chuyển vào đây)")
    news.add_argument("--site-dir", type=Path, help="thư mục trang web đang chạy (như `vinhdanh build --site-dir`)")


def _state(root: Path, state: Path | None) -> Path:
    return open_state((state or root / DEFAULT).resolve())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise AccountError("Hai lần nhập mật khẩu không khớp.")
    return first


def user_command(root: Path, args: argparse.Namespace) -> int:
    accounts = Accounts(_state(root, args.state))
    try:
        if args.user_command == "add":
            account = accounts.add(args.name, args.role, args.full_name, args.email, _password(args.password_stdin))
            print(f"Đã thêm tài khoản {account.user} ({account.name}, {ROLE_LABELS[account.role]}).")
        elif args.user_command == "list":
            for a in accounts.all():
                print(f"{a.user}\t{a.role}\t{a.name}\t{a.email}")
        elif args.user_command == "remove":
            accounts.remove(args.name)
            print(f"Đã xóa tài khoản {args.name}.")
        elif args.user_command == "passwd":
            if accounts.get(args.name) is None:
                raise AccountError(f"Không có tài khoản `{args.name}`.")
            accounts.set_password(args.name, _password(args.password_stdin))
            print(f"Đã đổi mật khẩu của {args.name}.")
    except AccountError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    return 0


def newsroom_command(root: Path, args: argparse.Namespace) -> int:
    from ..loopback_http import run_until_interrupted
    from .desk import Desk
    from .repo import GitError, check_repository
    from .server import NewsroomServer

    root = root.resolve()
    origin = args.public_origin.rstrip("/")
    if origin and (urlsplit(origin).scheme not in ("http", "https") or urlsplit(origin).path):
        print(f"lỗi: --public-origin `{origin}` cần dạng https://tên-máy (không có đường dẫn).", file=sys.stderr)
        return 1
    try:
        check_repository(root)
        server = NewsroomServer(Desk(root, _state(root, args.state), args.site_dir), args.port, origin)
    except GitError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"lỗi: không mở được cổng {args.port} trên 127.0.0.1 ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"Phòng tin đang chạy tại {server.url} (người dùng mở {server.public_origin}). Bấm Ctrl+C để dừng.", flush=True)
    return run_until_interrupted(server)
