"""`vinhdanh deploy`: the files that put the built site onto a real server.

nginx (the whole site as one server, or a location beside an existing site), the
daily rebuild (systemd service + timer, or a cron line) and CI templates for a
hospital's content repository. The templates live in `files/`; this module only
fills in paths and checks them against content/site.yml.
"""

from __future__ import annotations

import datetime as dt
import os
import pwd
import re
import shlex
import shutil
import sys
from importlib import resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from ..records import record
from ..site.siteaddress import key_line
from . import VIETNAM_UTC_OFFSET

WHAT = ("nginx", "systemd", "ci")
REBUILD_TIME = dt.time(0, 10)  # shortly after midnight: the new day's stories go live


class DeployError(Exception):
    """A setting that would produce a broken server: the message says what to change."""


@record
class Settings:
    root: Path  # the project (content repository) root
    site_dir: Path  # absolute: where `vinhdanh build --site-dir` puts the site
    prefix: str  # URL path the site is served at: "/" or "/a/b/"
    server_name: str
    listen: str
    user: str
    command: tuple[str, ...]  # the rebuild command line
    alert: str = ""  # shell command run when the nightly job fails
    certificate: str = ""  # HTTPS: the certificate chain and its key, in the server block
    certificate_key: str = ""
    http_listen: str = "80"  # with a certificate: the plain-HTTP server that redirects


def _env() -> Environment:
    return Environment(keep_trailing_newline=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)


def template(name: str) -> str:
    return (resources.files("vinhdanh") / "deploy" / "files" / name).read_text(encoding="utf-8")


def render(name: str, **values) -> str:
    return _env().from_string(template(name)).render(**values)


# -- settings ---------------------------------------------------------------------


def site_base(root: Path) -> tuple[str, int]:
    """(base_url, its line) from content/site.yml, without reading the stories."""
    import yaml

    path = root / "content" / "site.yml"
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DeployError(f"Không đọc được `content/site.yml` ({exc}).\n    gợi ý: chạy lệnh ở thư mục gốc của dự án, hoặc chỉ rõ bằng `--root`; kiểm tra bằng `vinhdanh validate`.") from None
    base = str(data.get("base_url") or "") if isinstance(data, dict) else ""
    line = key_line(path, "base_url")
    if "://" not in base:
        raise DeployError(f"content/site.yml:{line or 1}: thiếu `base_url` (địa chỉ đầy đủ của trang, ví dụ https://benhvien.vn/).\n    gợi ý: chạy `vinhdanh validate` để xem lỗi chi tiết.")
    return (base if base.endswith("/") else base + "/"), line


def url_path(base_url: str) -> str:
    rest = base_url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def normalise_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip().strip("/")
    return prefix if prefix == "/" else prefix + "/"


def program() -> tuple[str, ...]:
    """This installation's `vinhdanh`, by the stable name an upgrade keeps.

    install-server.sh makes a new venv for every upgrade and points
    /opt/vinhdanh/bin/vinhdanh (and /usr/local/bin/vinhdanh) at it: a unit naming
    the venv itself would keep running the old one, or nothing once it is removed.
    So the `vinhdanh` on PATH is named when it leads to this very program."""
    script = Path(sys.executable).with_name("vinhdanh")
    if not script.is_file():
        return (sys.executable, "-m", "vinhdanh.cli")
    found = shutil.which("vinhdanh")
    if found and os.path.isabs(found) and Path(found).resolve() == script.resolve():
        return (found,)
    return (str(script),)


def rebuild_command(root: Path, site_dir: Path) -> tuple[str, ...]:
    """The nightly command the timer, cron and admins run: pull, build, alert."""
    return (*program(), "--root", str(root), "nightly", "--site-dir", str(site_dir))


def settings(
    root: Path,
    site_dir: Path,
    prefix: str | None = None,
    server_name: str | None = None,
    listen: str | None = None,
    user: str | None = None,
    alert: str | None = None,
    tls: tuple[str, str, str] = ("", "", "80"),
) -> Settings:
    root = root.resolve()
    base_url, line = site_base(root)
    wanted = url_path(base_url)
    if prefix is not None and normalise_prefix(prefix) != wanted:
        raise DeployError(
            f"content/site.yml:{line}: `--prefix {prefix}` khác đường dẫn của base_url `{base_url}` ({wanted}); "
            f"mọi liên kết của trang được dựng theo base_url nên sẽ hỏng.\n"
            f"    gợi ý: bỏ `--prefix` (mặc định lấy theo base_url), hoặc sửa base_url trong content/site.yml "
            f"(site_url trong mkdocs.yml bỏ trống hoặc giống hệt) thành địa chỉ có đường dẫn {normalise_prefix(prefix)} rồi dựng lại."
        )
    site_dir = site_dir.expanduser()
    site_dir = (site_dir if site_dir.is_absolute() else Path.cwd() / site_dir).resolve()
    if site_dir == Path("/") or root == site_dir or site_dir in root.parents:
        raise DeployError(f"`--site-dir {site_dir}` không dùng được: mỗi lần dựng, thư mục này được thay cả thư mục.\n    gợi ý: chọn một thư mục riêng, ví dụ /var/www/vinhdanh/site.")
    if not re.fullmatch(r"[^\s;{}'\"\\#$]+", str(site_dir)):
        raise DeployError(f"`--site-dir {site_dir}` có khoảng trắng hoặc ký tự đặc biệt mà cấu hình nginx không chấp nhận.\n    gợi ý: chọn đường dẫn chỉ gồm chữ không dấu, số, `-`, `_`, `.` và `/`.")
    host = base_url.split("://", 1)[1].split("/", 1)[0].split(":")[0]
    certificate, key, http_listen = _tls(*tls)
    return Settings(
        root=root,
        site_dir=site_dir,
        prefix=wanted,
        server_name=server_name or host,
        listen=listen or ("443" if certificate else "80"),
        user=user or _owner(root),
        command=rebuild_command(root, site_dir),
        alert=(alert or "").strip(),
        certificate=certificate,
        certificate_key=key,
        http_listen=http_listen,
    )


def _tls(certificate: str, key: str, http_listen: str) -> tuple[str, str, str]:
    if bool(certificate) != bool(key):
        raise DeployError(
            "HTTPS cần cả `--certificate` (chuỗi chứng chỉ, fullchain.pem) và `--certificate-key` (khóa riêng, privkey.pem).\n    gợi ý: với Let's Encrypt: /etc/letsencrypt/live/TÊN_MIỀN/fullchain.pem và privkey.pem."
        )
    for option, value in (("--certificate", certificate), ("--certificate-key", key)):
        if value and not re.fullmatch(r"/[^\s;{}'\"\\#$]+", value):
            raise DeployError(f"`{option} {value}`: cần đường dẫn tuyệt đối, không khoảng trắng hay ký tự đặc biệt.\n    gợi ý: ví dụ /etc/letsencrypt/live/benhvien.vn/fullchain.pem.")
    return certificate, key, http_listen or "80"


def _owner(path: Path) -> str:
    """The account that owns the content: the build runs as it, not as root."""
    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (KeyError, OSError):
        return "www-data"


# -- files -----------------------------------------------------------------------


def nginx_files(s: Settings) -> dict[str, str]:
    images = _images_folder()
    values = {"site_dir": str(s.site_dir), "prefix": s.prefix, "images": images}
    location = render("nginx-location.conf", standalone=True, **values)
    inner = render("nginx-location.conf", standalone=False, **values)
    tls = {"certificate": s.certificate, "certificate_key": s.certificate_key, "http_listen": s.http_listen}
    site = render("nginx-site.conf", site_dir=str(s.site_dir), listen=s.listen, server_name=s.server_name, location=inner.rstrip("\n"), **tls)
    return {"nginx/vinhdanh-location.conf": location, "nginx/vinhdanh-site.conf": site}


def _images_folder() -> str:
    """The name of the photos folder ("anh/"), from the one place URLs are made."""
    from ..content.model import Site
    from ..pages.urls import Urls

    return Urls(Site(name="", short_name="", base_url="https://x/")).images.split("/")[-2] + "/"


def systemd_quote(arg: str) -> str:
    """One argument of ExecStart=: `%` starts a specifier and `$` a variable there."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cron_time(at: dt.time, offset: dt.timedelta) -> tuple[int, int]:
    """(minute, hour) on a clock `offset` from UTC when it is `at` in Vietnam."""
    minutes = (at.hour * 60 + at.minute - VIETNAM_UTC_OFFSET * 60 + int(offset.total_seconds()) // 60) % (24 * 60)
    return minutes % 60, minutes // 60


def server_clock() -> tuple[str, dt.timedelta]:
    """The name and UTC offset of this machine's clock, which Debian's cron reads."""
    now = dt.datetime.now().astimezone()
    return now.tzname() or "UTC", now.utcoffset() or dt.timedelta(0)


def schedule_files(s: Settings) -> dict[str, str]:
    time = f"{REBUILD_TIME:%H:%M}"
    writable = " ".join(f"-{p}" for p in dict.fromkeys((str(s.root), str(s.site_dir.parent))))
    exec_start = " ".join(systemd_quote(a) for a in s.command)
    service = render("vinhdanh-build.service", root=str(s.root), user=s.user, exec_start=exec_start, writable=writable, alert=bool(s.alert))
    files = {"systemd/vinhdanh-build.service": service, "systemd/vinhdanh-build.timer": render("vinhdanh-build.timer", time=time)}
    if s.alert:
        alert = (*program(), "--root", str(s.root), "alert", "--command", s.alert, "--unit", "vinhdanh-build.service")
        files["systemd/vinhdanh-build-alert.service"] = render("vinhdanh-build-alert.service", root=str(s.root), user=s.user, exec_start=" ".join(systemd_quote(a) for a in alert))
    files["cron/vinhdanh-build"] = cron_file(s, time)
    return files


def cron_file(s: Settings, time: str) -> str:
    """The cron line, in the server's own clock: Debian's cron ignores CRON_TZ."""
    zone, offset = server_clock()
    minute, hour = cron_time(REBUILD_TIME, offset)
    command = shlex.join((*s.command, "--alert", s.alert) if s.alert else s.command)
    hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
    return render(
        "cron",
        time=time,
        minute=minute,
        hour=hour,
        zone=zone,
        offset=f"UTC{'+' if offset >= dt.timedelta(0) else '-'}{abs(hours)}" + (f":{abs(rest):02d}" if rest else ""),
        user=s.user,
        root_quoted=shlex.quote(str(s.root)),
        command=command.replace("%", "\\%"),  # cron turns a bare % into a new line
    )


def ci_files() -> dict[str, str]:
    return {"ci/.github/workflows/vinhdanh.yml": template("ci/github-workflow.yml"), "ci/.gitlab-ci.yml": template("ci/gitlab-ci.yml")}


def write(out: Path, files: dict[str, str]) -> list[Path]:
    from ..site.atomic import write_bytes_atomically

    written = []
    for rel, text in files.items():
        target = out / rel
        write_bytes_atomically(target, text.encode("utf-8"))
        written.append(target)
    return written


def deploy_command(
    root: Path,
    what: str,
    site_dir: Path | None,
    out: Path,
    prefix: str | None,
    server_name: str | None,
    listen: str | None,
    user: str | None,
    alert: str | None = None,
    tls: tuple[str, str, str] = ("", "", "80"),
) -> int:
    kinds = WHAT if what == "all" else (what,)
    files: dict[str, str] = {}
    try:
        if "nginx" in kinds or "systemd" in kinds:
            if site_dir is None:
                raise DeployError("Cần `--site-dir THƯ_MỤC`: nơi `vinhdanh build --site-dir` đặt trang và nginx đọc trang.\n    gợi ý: ví dụ `--site-dir /var/www/vinhdanh/site`.")
            s = settings(root, site_dir, prefix, server_name, listen, user, alert, tls)
            if "nginx" in kinds:
                files.update(nginx_files(s))
            if "systemd" in kinds:
                files.update(schedule_files(s))
                if s.user == "root":
                    print(
                        "Cảnh báo: lệnh dựng hằng đêm sẽ chạy bằng root (chủ thư mục dự án).\n    gợi ý: để tài khoản `vinhdanh` (install-server.sh tạo) sở hữu kho nội dung, hoặc ghi `--user vinhdanh`.",
                        file=sys.stderr,
                    )
        if "ci" in kinds:
            files.update(ci_files())
    except DeployError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    for path in write(out, files):
        print(path)
    print(_next_steps(out, kinds), file=sys.stderr)
    return 0


def _next_steps(out: Path, kinds: tuple[str, ...]) -> str:
    steps = []
    if "nginx" in kinds:
        steps.append(
            f"nginx: cả trang → {out}/nginx/vinhdanh-site.conf vào /etc/nginx/sites-available/; "
            f"bên cạnh trang có sẵn → include {out}/nginx/vinhdanh-location.conf trong khối server; `nginx -t && systemctl reload nginx`."
        )
    if "systemd" in kinds:
        steps.append(
            f"dựng lại mỗi ngày: cp {out}/systemd/* /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now vinhdanh-build.timer "
            f"(không có systemd: {out}/cron/vinhdanh-build vào /etc/cron.d/)."
        )
    if "ci" in kinds:
        steps.append(f"CI: chép {out}/ci/.github/ hoặc {out}/ci/.gitlab-ci.yml vào kho nội dung.")
    return "\n".join(steps)
