"""The `vinhdanh` command: validate, new, edit, build, status, report, poster, deploy, guide; on a server init, nightly, rollback, builds."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import NoReturn

from .content.diagnostics import format_report
from .content.schema import LEVELS


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ `{value}`, cần dạng YYYY-MM-DD") from None


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with `command`, one that knows that command only.

    Making all ~35 sub-parsers costs every run ~12 ms (argparse looks up its
    translations for each); one command's costs ~1 ms. What the narrow parser
    refuses, `_parse` has the whole one report, in the words it always used.
    """
    parser = (argparse.ArgumentParser if command is None else _Narrow)(prog="vinhdanh", description="Vinh danh gương điển hình tiên tiến: kiểm tra nội dung, dựng trang, báo cáo.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của dự án (mặc định: thư mục hiện tại)")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="in phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", required=True)
    for names, add in _COMMANDS:
        if command is None or command in names:
            add(sub)
    return parser


class _Narrow(argparse.ArgumentParser):
    """The parser of one command (`_parser(command)`): an error is the whole parser's to report."""

    def error(self, message: str) -> NoReturn:
        raise _Refused(message)


class _Refused(Exception):
    pass


def _parse(argv: list[str]) -> argparse.Namespace:
    """`argv` parsed by the parser of its command alone when it names one after the
    global options, else (and to report an error or the help) by the whole parser."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("--root="):
            if word in _NAMES:
                try:
                    return _parser(word).parse_args(argv)
                except _Refused:
                    pass
            break
    return _parser().parse_args(argv)


def _validate_parser(sub) -> None:
    validate = sub.add_parser("validate", help="kiểm tra nội dung trong content/")
    validate.add_argument("paths", nargs="*", type=Path, help="chỉ báo lỗi của các tệp/thư mục này")
    validate.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text")
    validate.add_argument("--today", type=_date, help="ngày dùng để xét bài hẹn giờ (YYYY-MM-DD)")


def _new_parser(sub) -> None:
    new = sub.add_parser("new", help="tạo bài mới từ mẫu")
    new.add_argument("type", choices=("exemplar", "campaign", "event"))
    new.add_argument("name", help="tên người, tập thể, phong trào hoặc sự kiện")
    new.add_argument("--today", type=_date)


def _build_parser(sub) -> None:
    build = sub.add_parser("build", help="kiểm tra rồi dựng trang web")
    build.add_argument("--today", type=_date, help="ngày dựng (mặc định: hôm nay, giờ Việt Nam; hoặc SOURCE_DATE_EPOCH)")
    build.add_argument("--site-dir", type=Path, default=None)
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--full", action="store_true", help="dựng lại mọi trang, không dùng lại trang không đổi của lần dựng trước")


def _import_parser(sub) -> None:
    imp = sub.add_parser("import", help="Sở Y tế: nhập bản xuất của các đơn vị trực thuộc (đơn vị: phong trào của Sở); chỉ lệnh này dùng mạng")
    imp.add_argument("--accept", action="append", default=[], metavar="NGUON", help="nhận bản xuất của nguồn này dù mất nhiều bài cùng lúc (đơn vị gỡ bài thật)")
    imp.add_argument("--deadline", type=float, metavar="GIAY", help="thời hạn cho mỗi nguồn, tính cả ảnh (mặc định `department.import_timeout` trong site.yml, hoặc 60)")


def _status_parser(sub) -> None:
    status = sub.add_parser("status", help="hạn báo cáo: việc sắp đến hạn, quá hạn, còn thiếu (theo `calendar:` trong site.yml)")
    status.add_argument("--today", type=_date, help="xem tình hình vào ngày này (YYYY-MM-DD; mặc định: hôm nay, giờ Việt Nam)")
    status.add_argument("--within", type=int, default=30, metavar="NGAY", help="số ngày nhìn trước (mặc định 30)")


def _edit_parser(sub) -> None:
    edit = sub.add_parser("edit", help="mở trình soạn bài (Decap CMS) trên máy này, ghi thẳng vào content/")
    edit.add_argument("--port", type=int, default=8765, help="cổng trên 127.0.0.1 (mặc định 8765; 0 = cổng trống bất kỳ)")
    edit.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    edit.add_argument("--today", type=_date)


def _newsroom_parsers(sub) -> None:
    """`user …` and `newsroom`, defined beside the newsroom's accounts (imported for these commands only)."""
    from .newsroom.command import add_parsers

    add_parsers(sub)


def _guide_parser(sub) -> None:
    guide = sub.add_parser("guide", help="cập nhật bảng khóa trong hướng dẫn soạn bài từ schema.py")
    guide.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")


def _poster_parser(sub) -> None:
    poster = sub.add_parser("poster", help="áp phích A4 cho bảng tin (.pdf, .png)")
    poster.add_argument("slug")
    poster.add_argument("--output", "-o", type=Path, required=True)
    poster.add_argument("--today", type=_date)


def _report_parsers(sub) -> None:
    """`vinhdanh report …`: one sub-command per kind of report."""
    report = sub.add_parser("report", help="báo cáo gửi Sở Y tế (.xlsx, .docx, .html)")
    kinds = report.add_subparsers(dest="report_kind", required=True)
    for name, arg, helptext in (
        ("monthly", "--month", "tháng, dạng YYYY-MM"),
        ("yearly", "--year", "năm, dạng YYYY"),
        ("registration", "--period", "giai đoạn, dạng YYYY-YYYY"),
    ):
        k = kinds.add_parser(name)
        k.add_argument(arg, required=True, help=helptext)
        k.add_argument("--output", "-o", type=Path, required=True)
        k.add_argument("--today", type=_date)
        k.add_argument("--sector", action="store_true", help="Sở Y tế: báo cáo toàn ngành, gộp các đơn vị trực thuộc (theo lần `vinhdanh import` gần nhất)")
    k = kinds.add_parser("selection", help="mô hình, gương điển hình được chọn đề nghị cấp trên (mặc định: cấp tỉnh)")
    k.add_argument("--year", required=True, help="năm, dạng YYYY")
    k.add_argument("--level", default="tinh", choices=[level for level, _ in LEVELS], help="cấp chọn (mặc định tinh)")
    k.add_argument("--output", "-o", type=Path, required=True)
    k.add_argument("--today", type=_date)
    k = kinds.add_parser("period", help="thống kê theo khoảng ngày (6 tháng, sơ kết, tổng kết): khoa phòng, lĩnh vực, danh hiệu, năm, chỉ tiêu, biểu đồ")
    k.add_argument("--from", dest="first", type=_date, required=True, metavar="YYYY-MM-DD", help="ngày đầu kỳ báo cáo")
    k.add_argument("--to", dest="last", type=_date, required=True, metavar="YYYY-MM-DD", help="ngày cuối kỳ báo cáo")
    k.add_argument("--output", "-o", type=Path, required=True)
    k.add_argument("--today", type=_date)
    k.add_argument("--sector", action="store_true", help="Sở Y tế: thống kê toàn ngành theo đơn vị trực thuộc (theo lần `vinhdanh import` gần nhất)")
    k = kinds.add_parser("campaign")
    k.add_argument("slug")
    k.add_argument("--output", "-o", type=Path, required=True)
    k.add_argument("--today", type=_date)
    k.add_argument("--sector", action="store_true", help="Sở Y tế: chỉ tiêu so với số được vinh danh ở mọi đơn vị")


def _deploy_parser(sub) -> None:
    """`vinhdanh deploy`: the server's configuration files."""
    deploy = sub.add_parser("deploy", help="tệp cấu hình đưa trang lên máy chủ: nginx, dựng lại hằng ngày, CI")
    deploy.add_argument(
        "what",
        nargs="?",
        choices=("all", "nginx", "systemd", "ci", "newsroom"),
        default="all",
        help="nginx: cấu hình máy chủ web; systemd: dựng lại mỗi ngày (và dòng cron); ci: mẫu GitHub Actions, GitLab CI; newsroom: dịch vụ phòng tin bài và khối server nginx HTTPS của nó",
    )
    deploy.add_argument("--site-dir", type=Path, help="thư mục trang đã dựng mà nginx phục vụ (như `vinhdanh build --site-dir`)")
    deploy.add_argument("--output", "-o", type=Path, required=True, help="thư mục ghi các tệp cấu hình")
    deploy.add_argument("--prefix", help="đường dẫn của trang trên máy chủ (mặc định: theo base_url trong content/site.yml)")
    deploy.add_argument("--server-name", help="tên miền (mặc định: theo base_url)")
    deploy.add_argument("--listen", help="cổng/địa chỉ nginx lắng nghe (mặc định 80; 443 khi có chứng chỉ)")
    deploy.add_argument("--certificate", default="", help="HTTPS: tệp chuỗi chứng chỉ (fullchain.pem), ghi vào khối server cùng HSTS")
    deploy.add_argument("--certificate-key", default="", help="HTTPS: tệp khóa riêng (privkey.pem)")
    deploy.add_argument("--http-listen", default="80", help="HTTPS: cổng HTTP chuyển mọi yêu cầu sang https:// (mặc định 80)")
    deploy.add_argument("--user", help="tài khoản chạy lệnh dựng hằng ngày (mặc định: chủ thư mục dự án)")
    deploy.add_argument("--port", type=int, default=8770, help="newsroom: cổng của phòng tin bài trên 127.0.0.1 (mặc định 8770, như `vinhdanh newsroom`)")
    deploy.add_argument("--state", type=Path, default=Path("/var/lib/vinhdanh-newsroom"), help="newsroom: thư mục tài khoản, phiên, nhật ký (mặc định /var/lib/vinhdanh-newsroom)")
    deploy.add_argument("--alert", metavar="LENH", help="lệnh báo động khi dựng hằng đêm thất bại (lý do ở đầu vào chuẩn), ví dụ: mail -s vinhdanh it@benhvien.vn")


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "new":
            from .scaffold import create

            return create(args.root, args.type, args.name, args.today)
        if args.command == "build":
            from .site.build import build_command

            return build_command(args.root, args.config, args.site_dir, args.today, full=args.full)
        if args.command == "import":
            from .department.command import import_command

            return import_command(args.root, args.accept, args.deadline)
        if args.command == "report":
            from .reports.command import run_report

            return run_report(args)
        if args.command == "status":
            return _status(args)
        if args.command == "edit":
            from .editor.server import serve

            return serve(args.root, args.port, args.today, not args.no_browser)
        if args.command in ("user", "newsroom"):
            from .newsroom.command import newsroom_command, user_command

            return (user_command if args.command == "user" else newsroom_command)(args.root, args)
        if args.command == "guide":
            from .content.schemadoc import run

            return run(args.root, args.check)
        if args.command == "deploy" and args.what == "newsroom":
            from .deploy.newsroom import newsroom_command as deploy_newsroom

            tls = (args.certificate, args.certificate_key)
            return deploy_newsroom(args.root, args.site_dir, args.output, args.server_name, args.listen, args.http_listen, args.port, args.state, args.user, tls)
        if args.command == "deploy":
            from .deploy.server import deploy_command

            return deploy_command(
                args.root, args.what, args.site_dir, args.output, args.prefix, args.server_name, args.listen, args.user, args.alert, (args.certificate, args.certificate_key, args.http_listen)
            )
        if args.command in ("init", "nightly", "rollback", "builds", "alert"):
            return _server(args)
        if args.command == "poster":
            from .reports.command import run_poster

            return run_poster(args)
    except KeyboardInterrupt:
        return 130
    return 2


class _VersionAction(argparse.Action):
    """`--version`, its number looked up only when asked: importlib.metadata costs every
    other command (a build after one edit included) ~0.1 s of imports."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(message=_version() + "\n")


def _version() -> str:
    """The installed version, and where it runs from (an upgrade makes a new venv)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("vinhdanh")
    except PackageNotFoundError:
        number = "?"
    return f"vinhdanh {number} ({sys.prefix})"


def _server_commands(sub) -> None:
    """Subcommands of a server: a new content repository, the nightly job, rollback."""
    init = sub.add_parser("init", help="tạo kho nội dung mới cho một bệnh viện hoặc Sở Y tế (hỏi những gì còn thiếu)")
    init.add_argument("directory", type=Path, help="thư mục mới (chưa có hoặc trống)")
    init.add_argument("--name", default="", help="tên đơn vị, ví dụ 'Bệnh viện Đa khoa tỉnh Hậu Giang'")
    init.add_argument("--short-name", default="", help="tên ngắn, ví dụ 'BVĐK Hậu Giang'")
    init.add_argument("--address", default="", help="địa chỉ")
    init.add_argument("--base-url", default="", help="địa chỉ trang web, ví dụ https://benhvien.example.vn/")
    init.add_argument("--parent", default="", help="cơ quan chủ quản, ví dụ 'Sở Y tế tỉnh Hậu Giang'")
    init.add_argument("--unit", action="append", default=[], help="một khoa/phòng (lặp lại cho mỗi khoa/phòng)")
    init.add_argument("--so-y-te", action="store_true", help="kho của Sở Y tế: nhập bài của các đơn vị trực thuộc")
    init.add_argument("--no-input", action="store_true", help="không hỏi; thiếu gì thì báo lỗi")
    for name, helptext in (
        ("nightly", "việc hằng đêm: kéo nội dung mới (git, chỉ fast-forward), dựng; thất bại thì giữ trang cũ và báo động"),
        ("rollback", "đưa bản dựng trước trở lại (đổi chỗ một bước); chạy lần nữa để trở lại bản vừa thay"),
        ("builds", "bản dựng nào đang chạy: lúc dựng, commit nội dung; và bản trước"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("--site-dir", type=Path, default=None, help="thư mục trang (như `vinhdanh build --site-dir`)")
        if name == "nightly":
            cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
            cmd.add_argument("--alert", metavar="LENH", help="lệnh báo động khi thất bại (lý do ở đầu vào chuẩn và biến VINHDANH_LY_DO)")
    alert = sub.add_parser("alert", help="(cho systemd OnFailure=) báo động với lý do lần dựng hằng đêm đã ghi")
    alert.add_argument("--command", dest="alert_command", required=True, metavar="LENH")
    alert.add_argument("--unit", default="vinhdanh-build.service")


# Every command with what adds its parser, in the order `vinhdanh --help` lists them.
_COMMANDS = (
    (("init", "nightly", "rollback", "builds", "alert"), _server_commands),
    (("validate",), _validate_parser),
    (("new",), _new_parser),
    (("build",), _build_parser),
    (("import",), _import_parser),
    (("report",), _report_parsers),
    (("status",), _status_parser),
    (("edit",), _edit_parser),
    (("user", "newsroom"), _newsroom_parsers),
    (("guide",), _guide_parser),
    (("deploy",), _deploy_parser),
    (("poster",), _poster_parser),
)
_NAMES = frozenset(name for names, _ in _COMMANDS for name in names)


def _server(args: argparse.Namespace) -> int:
    if args.command == "init":
        from .deploy.init import Answers, init_command

        answers = Answers(args.name, args.short_name, args.address, args.base_url, tuple(args.unit), args.parent, args.so_y_te)
        return init_command(args.directory, answers, interactive=not args.no_input and sys.stdin.isatty())
    if args.command == "nightly":
        from .deploy.nightly import nightly_command

        return nightly_command(args.root, args.config, args.site_dir, args.alert)
    if args.command == "alert":
        from .deploy.nightly import alert_command

        return alert_command(args.root, args.alert_command, args.unit)
    from .deploy.rollback import builds_command, rollback_command

    return (rollback_command if args.command == "rollback" else builds_command)(args.root, args.site_dir)


def _validate(args: argparse.Namespace) -> int:
    from .content.reader import load, today_in_vietnam
    from .outputs.blocks import PAGES, check_pages
    from .site.siteaddress import check_config
    from .status import warnings as overdue

    root = args.root.resolve()
    kept_images = None
    if (root / ".cache").is_dir():  # a build ran here: the photos it checked are not decoded again (imported only then: 20 ms)
        from .cache.readcache import KeptImageChecks

        kept_images = KeptImageChecks(root)
    result = load(root, args.today, kept_images=kept_images)
    diagnostics = result.diagnostics + check_pages(root / PAGES, root)  # block markers in the hospital's pages
    if result.content is not None:  # mkdocs.yml's site_url against site.yml's base_url; what is overdue
        diagnostics += check_config(root, root / "mkdocs.yml", result.content.site.base_url)
        diagnostics += overdue(result.content, args.today or today_in_vietnam())
    if args.paths:
        # A relative PATH is read from here, or else from --root (`--root site validate content/...`).
        wanted = [(p if p.is_absolute() or p.exists() else root / p).resolve() for p in args.paths]
        diagnostics = [d for d in diagnostics if _under((root / d.path).resolve(), wanted) or not d.path.startswith("content/") or d.path.endswith(".yml")]
    print(format_report(diagnostics, args.format, result.files_checked))
    return 1 if any(d.is_error for d in diagnostics) else 0


def _status(args: argparse.Namespace) -> int:
    from .content.reader import load, today_in_vietnam
    from .status import check, render

    today = args.today or today_in_vietnam()
    result = load(args.root.resolve(), today)
    if result.content is None or not result.ok:
        print(format_report(result.diagnostics, "text", result.files_checked), file=sys.stderr)
        return 1
    print(render(check(result.content, today, max(args.within, 0)), result.content.site.name), end="")
    return 0


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def run() -> NoReturn:
    """The `vinhdanh` command: `main`, then an exit that skips the interpreter's teardown.

    Freeing a build's objects one by one at exit took 0.16 s after a 1,000-story
    rebuild (a tenth of it), for memory the system takes back anyway. Exit handlers
    still run (logging, temporary folders, worker pools), and output is flushed;
    every file we write is closed before `main` returns.
    """
    import atexit

    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage writes its report at exit: let it
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
