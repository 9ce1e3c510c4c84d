"""Diagnostics: what the validator says, in the shape of a compiler message.

`path:line:col: CODE message` — message and hint in Vietnamese, the code stable so
that tests, CI annotations and the authors' guide can refer to it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from ..records import record


@record(order=True)
class Diagnostic:
    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    code: str
    message: str
    hint: str = ""
    field: str = ""  # the front matter key concerned, dotted for nested keys
    severity: str = "error"  # error | warning

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def text(self) -> str:
        label = "lỗi" if self.is_error else "cảnh báo"
        key = f" [{self.field}]" if self.field else ""
        out = f"{self.location()}: {self.code} {label}{key}: {self.message}"
        if self.hint:
            out += f"\n    gợi ý: {self.hint}"
        return out

    def github(self) -> str:
        kind = "error" if self.is_error else "warning"
        body = self.message + (f" — gợi ý: {self.hint}" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        loc = f"file={self.path}"
        if self.line:
            loc += f",line={self.line},col={self.column or 1}"
        return f"::{kind} {loc},title={self.code}::{body}"

    def code_quality(self) -> dict:
        """One issue of GitLab's code-quality report (a subset of Code Climate's format)."""
        body = self.message + (f" — gợi ý: {self.hint}" if self.hint else "")
        identity = "\0".join((self.path, str(self.line), str(self.column), self.code, self.message))
        return {
            "type": "issue",
            "check_name": self.code,
            "description": body,
            "categories": ["Style"],
            # GitLab shows errors as merge-blocking "major", warnings as "minor".
            "severity": "major" if self.is_error else "minor",
            "fingerprint": hashlib.md5(identity.encode("utf-8")).hexdigest(),
            "location": {"path": self.path, "lines": {"begin": max(self.line, 1)}},
        }


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.message)


def format_report(diagnostics: list[Diagnostic], fmt: str, files_checked: int) -> str:
    items = sorted(diagnostics, key=sort_key)
    errors = sum(d.is_error for d in items)
    warnings = len(items) - errors
    if fmt == "json":
        return json.dumps(
            {
                "files": files_checked,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [asdict(d) for d in items],
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "gitlab":
        return json.dumps([d.code_quality() for d in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in items)
    lines = [d.text() for d in items]
    lines.append(f"Đã kiểm tra {files_checked} tệp: {errors} lỗi, {warnings} cảnh báo." + ("" if errors else " Nội dung hợp lệ."))
    return "\n".join(lines)
