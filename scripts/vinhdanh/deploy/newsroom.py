"""`vinhdanh deploy newsroom`: the newsroom's systemd service and its nginx server block.

`vinhdanh newsroom` listens on 127.0.0.1 only; nginx terminates TLS in front of it on
the newsroom's own host name (never the site's: the session cookie is bound to the
host, and two server blocks cannot share one name). Every setting is checked here,
because a wrong one would put the newsroom on a public interface, publish its state
(the password hashes) or run it as root.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from dataclasses import replace
from pathlib import Path

from ..newsroom.handler import MAX_BODY
from ..newsroom.publish import TIMEOUT as BUILD_TIMEOUT
from ..records import record
from .server import DeployError, Settings, program, render, settings, systemd_quote, write

# MAX_BODY, the largest request the newsroom accepts (a photo straight from a phone), is
# nginx's client_max_body_size too, so an oversized upload is refused before it reaches
# the Python server. nginx waits for an answer as long as the newsroom lets one build run
# when a story is approved, and a minute.
READ_TIMEOUT = BUILD_TIMEOUT + 60
DEFAULT_PORT = 8770  # `vinhdanh newsroom`'s own default; `vinhdanh edit` has 8765
DEFAULT_STATE = Path("/var/lib/vinhdanh-newsroom")
LOOPBACK = "127.0.0.1"
FILES = ("nginx/vinhdanh-newsroom.conf", "systemd/vinhdanh-newsroom.service")
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
_PATH = re.compile(r"/[^\s;{}'\"\\#$%]+")


@record
class Newsroom:
    site: Settings  # the content repository, site folder, user and certificate, checked as for the site
    server_name: str
    listen: str  # nginx's HTTPS address
    http_listen: str  # nginx's plain-HTTP address: a redirect only
    port: int  # the newsroom's port on 127.0.0.1
    state: Path
    letsencrypt: bool  # no certificate given: certbot's paths, and a note

    @property
    def public_origin(self) -> str:
        port = _port_of(self.listen)
        return f"https://{self.server_name}" + ("" if port == 443 else f":{port}")

    @property
    def command(self) -> tuple[str, ...]:
        # `--site-dir`: approving a story builds and swaps the live site, as `vinhdanh build --site-dir` does.
        return (*program(), "--root", str(self.site.root), "newsroom", "--state", str(self.state), "--port", str(self.port),
                "--public-origin", self.public_origin, "--site-dir", str(self.site.site_dir))  # fmt: skip


def newsroom_settings(
    root: Path,
    site_dir: Path,
    server_name: str | None,
    *,
    listen: str | None = None,
    http_listen: str = "80",
    port: int = DEFAULT_PORT,
    state: Path = DEFAULT_STATE,
    user: str | None = None,
    certificate: tuple[str, str] = ("", ""),
) -> Newsroom:
    site = settings(root, site_dir, user=user, tls=(*certificate, http_listen))
    problems: list[str] = []

    def check(rule, *args):
        """The rule's answer, or None with its message kept: every problem in one run."""
        try:
            return rule(*args)
        except DeployError as exc:
            problems.append(str(exc))
            return None

    name = check(_server_name, server_name, site.server_name)
    newsroom_port = check(_check_port, port)  # None when wrong: no clash reported on top of it
    listen = check(_listen, "--listen", listen or "443", newsroom_port)
    http_listen = check(_listen, "--http-listen", http_listen or "80", newsroom_port)
    if listen and http_listen:
        check(_distinct, listen, http_listen)
    check(_not_root, site.user)
    state = check(_state, state, site)
    if problems:
        raise DeployError("\nLỗi: ".join(problems))
    letsencrypt = not site.certificate
    if letsencrypt:
        live = f"/etc/letsencrypt/live/{name}"
        site = _with_certificate(site, f"{live}/fullchain.pem", f"{live}/privkey.pem")
    return Newsroom(site, name, listen, http_listen, port, state, letsencrypt)


def _distinct(listen: str, http_listen: str) -> None:
    if _port_of(listen) == _port_of(http_listen):
        raise DeployError(f"`--http-listen {http_listen}` trùng cổng HTTPS `{listen}`.\n    gợi ý: HTTPS ở 443, HTTP (chỉ chuyển sang https://) ở 80.")


def _not_root(user: str) -> None:
    if user == "root":
        raise DeployError(
            "Phòng tin bài nhận yêu cầu từ mạng (qua nginx): không chạy bằng root (`--user`).\n    gợi ý: để tài khoản `vinhdanh` (install-server.sh tạo) sở hữu kho nội dung, hoặc ghi `--user vinhdanh`."
        )


def _with_certificate(site: Settings, certificate: str, key: str) -> Settings:
    return replace(site, certificate=certificate, certificate_key=key)


def _server_name(name: str | None, site_host: str) -> str:
    if not name:
        raise DeployError(
            f"Cần `--server-name TÊN_MIỀN`: tên miền riêng của phòng tin bài (không dùng chung tên của trang).\n    gợi ý: ví dụ `--server-name phongtin.{site_host}`, rồi trỏ tên đó (DNS) về máy chủ này."
        )
    name = name.strip().lower()
    if not _HOST.fullmatch(name) or (name.replace(".", "").isdigit() and not _is_ipv4(name)):
        raise DeployError(f"`--server-name {name}` không phải một tên miền.\n    gợi ý: chỉ chữ không dấu, số, `-` và `.`, không có `*`, ví dụ phongtin.benhvien.vn.")
    if name == site_host:
        raise DeployError(
            f"`--server-name {name}` là tên của trang (base_url): phòng tin bài cần tên miền riêng — "
            "cookie đăng nhập gắn với tên miền, và nginx không phục vụ hai khối server cùng một tên.\n"
            f"    gợi ý: ví dụ `--server-name phongtin.{site_host}`."
        )
    return name


def _is_ipv4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _check_port(port: int) -> int:
    # Below 1024 only root may listen; 0 would be a port nginx cannot know.
    if not 1024 <= port <= 65535:
        raise DeployError(
            f"`--port {port}`: cổng của phòng tin bài trên {LOOPBACK} phải từ 1024 đến 65535 (tài khoản thường không mở được cổng dưới 1024).\n"
            f"    gợi ý: bỏ `--port` (mặc định {DEFAULT_PORT}), hoặc chọn một cổng trống khác."
        )
    return port


def _listen(option: str, value: str, port: int | None) -> str:
    """`PORT`, `ADDRESS:PORT` or `[IPv6]:PORT`, and never the newsroom's own port."""
    value = value.strip()
    address, _, number = value.rpartition(":")
    ok = number.isdigit() and 1 <= int(number) <= 65535 and (not address or address == "*" or _is_address(address))
    if not ok:
        raise DeployError(f"`{option} {value}`: cần cổng (443) hoặc địa chỉ:cổng (203.0.113.5:443, [::]:443).\n    gợi ý: bỏ tùy chọn này để dùng mặc định.")
    if port is not None and int(number) == port:
        raise DeployError(
            f"`{option} {value}`: nginx sẽ chiếm cổng {port} của phòng tin bài (hoặc tự chuyển tiếp vào chính mình).\n    gợi ý: nginx nghe 443/80; phòng tin bài nghe {LOOPBACK}:{port} (đổi bằng `--port`)."
        )
    return value


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text[1:-1] if text.startswith("[") and text.endswith("]") else text)
    except ValueError:
        return False
    return True


def _port_of(listen: str) -> int:
    return int(listen.rpartition(":")[2])


def _state(state: Path, site: Settings) -> Path:
    """Never committed, never built, never served: the state holds the password hashes."""
    state = Path(state).expanduser()
    state = (state if state.is_absolute() else Path.cwd() / state).resolve()
    content = site.root / "content"
    places = {
        "thư mục content/ (được commit và được dựng thành trang)": state == content or content in state.parents,
        "thư mục web (nginx phục vụ cho mọi người)": state == site.site_dir or site.site_dir in state.parents,
        "kho nội dung": state == site.root or state in site.root.parents or state == site.root / ".git" or site.root / ".git" in state.parents,
    }
    for where, inside in places.items():
        if inside:
            raise DeployError(
                f"`--state {state}` nằm trong {where}: thư mục trạng thái giữ mật khẩu (đã băm), phiên đăng nhập và nhật ký.\n"
                f"    gợi ý: bỏ `--state` (mặc định {DEFAULT_STATE}) hoặc chọn một thư mục ngoài kho nội dung và thư mục web."
            )
    if not _PATH.fullmatch(str(state)):
        raise DeployError(f"`--state {state}` có khoảng trắng hoặc ký tự đặc biệt.\n    gợi ý: ví dụ {DEFAULT_STATE}.")
    return state


# -- files -----------------------------------------------------------------------


def newsroom_files(n: Newsroom) -> dict[str, str]:
    return {FILES[0]: nginx_block(n), FILES[1]: service_unit(n)}


def nginx_block(n: Newsroom) -> str:
    return render(
        "nginx-newsroom.conf",
        server_name=n.server_name,
        listen=n.listen,
        http_listen=n.http_listen,
        public_origin=n.public_origin,
        upstream=f"{LOOPBACK}:{n.port}",
        certificate=n.site.certificate,
        certificate_key=n.site.certificate_key,
        letsencrypt=n.letsencrypt,
        max_body_mb=MAX_BODY // (1024 * 1024),
        read_timeout=READ_TIMEOUT,
    )


def service_unit(n: Newsroom) -> str:
    # The repository (git commits, .cache, .vinhdanh) and the site's parent folder (the
    # build's staging folder beside the live one) are writable; the rest of the system is not.
    writable = [f"-{p}" for p in dict.fromkeys((str(n.site.root), str(n.site.site_dir.parent)))]
    managed = n.state.parent == Path("/var/lib")  # systemd creates it, owned by the user, mode 0700
    if not managed:
        writable.append(str(n.state))
    homes = (Path("/home"), Path("/root"), Path("/run/user"))
    under_home = any(h == p or h in p.parents for p in (n.site.root, n.site.site_dir, n.state) for h in homes)
    return render(
        "vinhdanh-newsroom.service",
        root=str(n.site.root),
        user=n.site.user,
        exec_start=" ".join(systemd_quote(a) for a in n.command),
        writable=" ".join(writable),
        state_directory=n.state.name if managed else "",
        protect_home="read-only" if under_home else "yes",
        server_name=n.server_name,
        address=f"{LOOPBACK}:{n.port}",
    )


def newsroom_command(
    root: Path, site_dir: Path | None, out: Path, server_name: str | None, listen: str | None, http_listen: str, port: int, state: Path, user: str | None, certificate: tuple[str, str]
) -> int:
    try:
        if site_dir is None:
            raise DeployError("Cần `--site-dir THƯ_MỤC`: trang mà phòng tin bài dựng lại khi duyệt đăng bài.\n    gợi ý: như `vinhdanh build --site-dir`, ví dụ `--site-dir /var/www/vinhdanh/site`.")
        n = newsroom_settings(root, site_dir, server_name, listen=listen, http_listen=http_listen, port=port, state=state, user=user, certificate=certificate)
    except DeployError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    for path in write(out, newsroom_files(n)):
        print(path)
    print(_next_steps(n, out), file=sys.stderr)
    return 0


def _next_steps(n: Newsroom, out: Path) -> str:
    steps = []
    if n.letsencrypt:
        steps.append(
            f"Chưa có chứng chỉ: tệp nginx dùng chứng chỉ Let's Encrypt ở /etc/letsencrypt/live/{n.server_name}/. Lấy nó TRƯỚC khi bật tệp:\n"
            f"    sudo apt install certbot python3-certbot-nginx && sudo certbot certonly --nginx -d {n.server_name} --deploy-hook 'systemctl reload nginx'\n"
            "    (có chứng chỉ của đơn vị: chạy lại lệnh này với `--certificate FULLCHAIN.pem --certificate-key KEY.pem`)."
        )
    steps.append(f"dịch vụ: sudo cp {out}/{FILES[1]} /etc/systemd/system/ && sudo systemctl daemon-reload && sudo systemctl enable --now vinhdanh-newsroom")
    steps.append(
        f"nginx: sudo cp {out}/{FILES[0]} /etc/nginx/sites-available/ && sudo ln -s ../sites-available/vinhdanh-newsroom.conf /etc/nginx/sites-enabled/ "
        f"&& sudo nginx -t && sudo systemctl reload nginx; rồi mở {n.public_origin}/"
    )
    return "\n".join(steps)
