"""`vinhdanh deploy`: the files that put the built site onto a real server.

nginx (the whole site as one server, or a location beside an existing site), the
daily rebuild (systemd service + timer, or a cron line) and CI templates for a
hospital's content repository. The templates live in `files/`; this module only
fills in paths and checks them against content/site.yml.
"""

from __future__ import annotations

import datetime as dt
import pwd
import re
import shlex
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from ..siteaddress import key_line

WHAT = ("nginx", "systemd", "ci")
REBUILD_TIME = dt.time(0, 10)  # shortly after midnight: the new day's stories go live
VIETNAM_UTC_OFFSET = 7  # no daylight saving since 1975


class DeployError(Exception):
    """A setting that would produce a broken server: the message says what to change."""


@dataclass(frozen=True)
class Settings:
    root: Path  # the project (content repository) root
    site_dir: Path  # absolute: where `vinhdanh build --site-dir` puts the site
    prefix: str  # URL path the site is served at: "/" or "/a/b/"
    server_name: str
    listen: str
    user: str
    command: tuple[str, ...]  # the rebuild command line


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


def rebuild_command(root: Path, site_dir: Path) -> tuple[str, ...]:
    """The build command the timer, cron and admins run: this installation's `vinhdanh`."""
    script = Path(sys.executable).with_name("vinhdanh")
    program = (str(script),) if script.is_file() else (sys.executable, "-m", "vinhdanh.cli")
    return (*program, "--root", str(root), "build", "--site-dir", str(site_dir))


def settings(root: Path, site_dir: Path, prefix: str | None = None, server_name: str | None = None, listen: str = "80", user: str | None = None) -> Settings:
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
    return Settings(
        root=root,
        site_dir=site_dir,
        prefix=wanted,
        server_name=server_name or host,
        listen=listen,
        user=user or _owner(root),
        command=rebuild_command(root, site_dir),
    )


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
    site = render("nginx-site.conf", site_dir=str(s.site_dir), listen=s.listen, server_name=s.server_name, location=inner.rstrip("\n"))
    return {"nginx/vinhdanh-location.conf": location, "nginx/vinhdanh-site.conf": site}


def _images_folder() -> str:
    """The name of the photos folder ("anh/"), from the one place URLs are made."""
    from ..model import Site
    from ..urls import Urls

    return Urls(Site(name="", short_name="", base_url="https://x/")).images.split("/")[-2] + "/"


def systemd_quote(arg: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schedule_files(s: Settings) -> dict[str, str]:
    time = f"{REBUILD_TIME:%H:%M}"
    utc_hour = (REBUILD_TIME.hour - VIETNAM_UTC_OFFSET) % 24
    writable = " ".join(f"-{p}" for p in dict.fromkeys((str(s.root), str(s.site_dir.parent))))
    service = render("vinhdanh-build.service", root=str(s.root), user=s.user, exec_start=" ".join(systemd_quote(a) for a in s.command), writable=writable)
    timer = render("vinhdanh-build.timer", time=time)
    cron = render(
        "cron",
        time=time,
        minute=REBUILD_TIME.minute,
        hour=REBUILD_TIME.hour,
        utc_minute=REBUILD_TIME.minute,
        utc_hour=utc_hour,
        utc_time=f"{utc_hour:02d}:{REBUILD_TIME.minute:02d}",
        user=s.user,
        root_quoted=shlex.quote(str(s.root)),
        command=shlex.join(s.command),
    )
    return {"systemd/vinhdanh-build.service": service, "systemd/vinhdanh-build.timer": timer, "cron/vinhdanh-build": cron}


def ci_files() -> dict[str, str]:
    return {"ci/.github/workflows/vinhdanh.yml": template("ci/github-workflow.yml"), "ci/.gitlab-ci.yml": template("ci/gitlab-ci.yml")}


def write(out: Path, files: dict[str, str]) -> list[Path]:
    from ..atomic import write_bytes_atomically

    written = []
    for rel, text in files.items():
        target = out / rel
        write_bytes_atomically(target, text.encode("utf-8"))
        written.append(target)
    return written


def deploy_command(root: Path, what: str, site_dir: Path | None, out: Path, prefix: str | None, server_name: str | None, listen: str, user: str | None) -> int:
    kinds = WHAT if what == "all" else (what,)
    files: dict[str, str] = {}
    try:
        if "nginx" in kinds or "systemd" in kinds:
            if site_dir is None:
                raise DeployError("Cần `--site-dir THƯ_MỤC`: nơi `vinhdanh build --site-dir` đặt trang và nginx đọc trang.\n    gợi ý: ví dụ `--site-dir /var/www/vinhdanh/site`.")
            s = settings(root, site_dir, prefix, server_name, listen, user)
            if "nginx" in kinds:
                files.update(nginx_files(s))
            if "systemd" in kinds:
                files.update(schedule_files(s))
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
