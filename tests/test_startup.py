"""What a command costs before it starts: the parser it builds and the modules it imports.

A build after one edited story takes well under a second, so what every command
imports and builds at start is a large part of it. The parser of the command
named must read its arguments exactly as the whole parser does, and every error
and help text must stay the whole parser's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, Project
from sitebuild import TODAY as BUILD_DAY
from sitebuild import project_copy

from vinhdanh import cli

ROOT = Path(__file__).resolve().parent.parent
# Every command, its sub-commands and options, as written in the guide and the deploy files.
VALID = [
    ["build"],
    ["--root", "/srv/site", "build", "--today", "2026-11-25", "--full", "--site-dir", "out", "--config", "x.yml"],
    ["--root=/srv/site", "build"],
    ["validate", "content/exemplars", "--format", "json", "--today", "2026-11-25"],
    ["new", "exemplar", "Nguyễn Thị Lan", "--today", "2026-11-25"],
    ["import", "--accept", "bv-a", "--accept", "bv-b", "--deadline", "30"],
    ["report", "monthly", "--month", "2026-11", "-o", "t.docx", "--sector"],
    ["report", "selection", "--year", "2026", "--level", "tinh", "-o", "s.xlsx"],
    ["report", "period", "--from", "2026-01-01", "--to", "2026-06-30", "-o", "p.xlsx"],
    ["report", "campaign", "chung-tay", "-o", "c.docx"],
    ["status", "--within", "10"],
    ["edit", "--port", "0", "--no-browser"],
    ["user", "add", "lan.nguyen", "--role", "author", "--full-name", "Nguyễn Thị Lan", "--password-stdin"],
    ["user", "list"],
    ["newsroom", "--port", "8771", "--public-origin", "https://phongtin.example.vn"],
    ["guide", "--check"],
    ["deploy", "nginx", "-o", "out", "--prefix", "/vinh-danh/"],
    ["poster", "nguyen-thi-lan", "-o", "a.pdf"],
    ["init", "dir", "--name", "Bệnh viện", "--unit", "a", "--unit", "b", "--no-input"],
    ["nightly", "--alert", "mail -s x it@example.vn"],
    ["rollback"],
    ["builds", "--site-dir", "/srv/www"],
    ["alert", "--command", "mail"],
]
# What the parser of one command alone would word differently, or cannot know.
REFUSED = [
    [],
    ["-h"],
    ["--root", "build", "--help"],  # `build` is the root here: the whole help
    ["build", "--bogus"],  # the usage line lists every command
    ["build", "--today", "2026-13-01"],
    ["build", "--help"],
    ["bulid"],
    ["report"],
    ["report", "monthly"],
    ["user", "add", "x", "--role", "admin", "--full-name", "X"],
    ["deploy", "--what", "nginx"],
    ["--ro", "/srv", "status"],  # an abbreviated option: only the whole parser knows it
]


@pytest.mark.parametrize("argv", VALID, ids=" ".join)
def test_a_command_is_read_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    assert cli._parse(argv) == cli._parser().parse_args(argv)


@pytest.mark.parametrize("argv", REFUSED, ids=lambda argv: " ".join(argv) or "nothing")
def test_errors_and_help_are_the_whole_parsers(argv: list[str], capsys) -> None:
    def outcome(parse) -> tuple:
        try:
            return ("parsed", parse(argv))
        except SystemExit as exc:
            out = capsys.readouterr()
            return (exc.code, out.out, out.err)

    assert outcome(cli._parse) == outcome(cli._parser().parse_args)


def _imports(root: Path, *argv: str) -> set[str]:
    """The modules a real `vinhdanh --root ROOT ARGV` has imported when it ends (its
    exit handlers run before it leaves: cli.run)."""
    record = root.parent / "modules.json"
    code = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(record)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = ['vinhdanh', '--root', {str(root)!r}, *{list(argv)!r}]\n"
        "from vinhdanh.cli import run\n"
        "run()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return set(json.loads(record.read_text()))


# Modules of other commands, or whose only use was replaced: never loaded by a build or a validate.
NOT_AT_START = {
    "vinhdanh.newsroom.command",  # `user` and `newsroom` only
    "vinhdanh.newsroom.accounts",
    "vinhdanh.deploy.server",  # `deploy` only
    "importlib.resources",  # its templates
    "uuid",  # temporary names (site/atomic.py): os.urandom
    "platform",
    "email.utils",  # a feed's dates, when a feed is written
}


def test_a_rebuild_imports_no_other_commands_modules(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "project")
    _imports(root, "build", "--today", BUILD_DAY.isoformat())
    story = next((root / "content" / "exemplars").rglob("*.md"))
    story.write_text(story.read_text(encoding="utf-8") + "\nMột dòng thêm.\n", encoding="utf-8")
    loaded = _imports(root, "build", "--today", BUILD_DAY.isoformat())
    assert "vinhdanh.pipeline" in loaded and "mkdocs" not in loaded  # a rebuild: the engine's output kept
    assert not loaded & NOT_AT_START


def test_validate_imports_no_other_commands_modules(project: Project) -> None:
    loaded = _imports(project.root, "validate", "--today", TODAY)
    assert "vinhdanh.content.reader" in loaded
    assert not loaded & (NOT_AT_START | {"vinhdanh.pipeline", "vinhdanh.site.build"})
