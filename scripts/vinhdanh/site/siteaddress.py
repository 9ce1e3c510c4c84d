"""One address for the site: `base_url` in content/site.yml.

MkDocs has its own, `site_url` in mkdocs.yml: the 404 page loads its stylesheets
from its path and every canonical link names its host. Left out, it is taken from
`base_url` (mkdocs_plugin.py); written down and different, validate and build
refuse (E804) rather than publish a site whose two halves disagree.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..content.diagnostics import Diagnostic

CODE = "E804"
SITE_YML = "content/site.yml"
_PLAIN = "tag:yaml.org,2002:str"


def key_line(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (0 when absent or unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key}:")), 0)


def configured_site_url(config: Path) -> tuple[str | None, int]:
    """(`site_url` as written in mkdocs.yml, its line); None when absent, or not a
    plain value (`!ENV`: known at build time only, where the plugin checks it)."""
    import yaml

    try:
        # compose, not load: MkDocs configs carry tags (`!ENV`, `!!python/name:`) no safe loader constructs
        root = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, 0  # MkDocs reports a broken config itself
    if not isinstance(root, yaml.MappingNode):
        return None, 0
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "site_url":
            plain = isinstance(value, yaml.ScalarNode) and value.tag == _PLAIN and value.value.strip()
            return (value.value.strip() if plain else None), key.start_mark.line + 1
    return None, 0


def same_address(a: str, b: str) -> bool:
    """Equal but for the case of scheme and host and a trailing slash."""
    x, y = urlsplit(a.strip()), urlsplit(b.strip())
    return (x.scheme.lower(), x.netloc.lower(), x.path.rstrip("/"), x.query, x.fragment) == (y.scheme.lower(), y.netloc.lower(), y.path.rstrip("/"), y.query, y.fragment)


def mismatch(site_url: str | None, base_url: str, config_name: str = "mkdocs.yml", line: int = 0, base_line: int = 0) -> Diagnostic | None:
    if not site_url or same_address(site_url, base_url):
        return None
    where = f"{SITE_YML}:{base_line}" if base_line else SITE_YML
    return Diagnostic(
        config_name,
        line,
        1 if line else 0,
        CODE,
        f"`site_url` trong {config_name} là `{site_url}`, khác `base_url` trong {where} là `{base_url}`: trang 404 sẽ nạp giao diện từ sai đường dẫn và liên kết chuẩn (canonical) sẽ chỉ sai địa chỉ.",
        f"Địa chỉ của trang chỉ nên ghi một nơi: xóa dòng `site_url` khỏi {config_name} (khi đó lấy theo `base_url` "
        f"trong {SITE_YML}), hoặc sửa hai giá trị cho giống hệt nhau, ví dụ `site_url: {base_url}`.",
        field="site_url",
    )


def check_config(root: Path, config: Path, base_url: str) -> list[Diagnostic]:
    """E804 for mkdocs.yml (or `--config`) against the site's `base_url`; [] when they agree."""
    if not config.is_file():
        return []
    site_url, line = configured_site_url(config)
    try:
        name = config.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = str(config)
    found = mismatch(site_url, base_url, name, line, key_line(root / SITE_YML, "base_url"))
    return [found] if found else []


def resolved_mismatch(config: Path, site_url: str, base_url: str) -> Diagnostic | None:
    """E804 for site_url as the engine resolved it (`!ENV` included)."""
    line = configured_site_url(config)[1] if config.is_file() else 0
    return mismatch(site_url, base_url, config.name, line, key_line(config.parent / SITE_YML, "base_url"))
