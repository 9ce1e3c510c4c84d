"""Property tests: whatever an author (or a broken editor) writes, the reader never crashes.

Each test writes one project once and rewrites the same file for every example, so
that a few hundred examples stay well under a few seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import yaml
from conftest import CAMPAIGN, CAMPAIGN_PATH, STORY, STORY_PATH, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from vinhdanh.content.reader import load

TODAY = dt.date(2026, 6, 1)
CODE = re.compile(r"[EW]\d{3}")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# The sample story's 16 front matter lines, plus the optional keys that touch the disk.
FRONT = [
    *STORY.split("\n")[1:17],
    "photo: anh.jpg",
    "photo_alt: Chị Lan bên giường bệnh",
    "photo_focus: [0.5, 0.3]",
    "video: https://www.youtube.com/watch?v=abc123XYZ",
    "updated: 2025-07-01",
    "patients_identifiable: false",
]
BODY = "\n".join(STORY.split("\n")[18:]) + "\n![Ca trực](anh.jpg)\n"

# Values as YAML would spell them: scalars of every type, nested lists and maps.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["2025-02-30", "0000-00-00", "~", "yes", "0x1F", "1e400", ".nan", "-.inf", "&a x", "*a", "!tag x", "|", ">", "'", '"', "[", "{", "- ", ": ", "#", "\t", "%YAML"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def dump(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip().removesuffix("\n...").strip()


def mutation():
    line = st.integers(0, 25)
    return st.one_of(
        st.tuples(st.just("delete"), line),
        st.tuples(st.just("duplicate"), line),
        st.tuples(st.just("swap"), line, line),
        st.tuples(st.just("insert"), line, st.integers(0, 80), st.text(min_size=1, max_size=5)),
        st.tuples(st.just("value"), line, values.map(dump)),
        st.tuples(st.just("raw"), line, st.text(max_size=40)),
        st.tuples(st.just("path"), line, st.sampled_from(["\\0", "a" * 300, "a/" * 3000, ".", "..", "../" * 8, "C:\\\\x.jpg", "/etc/passwd", "anh.jpg/", "http://x/y.jpg", "~/anh.jpg"])),
        st.tuples(st.just("indent"), line, st.sampled_from([" ", "  ", "\t", "    ", "- "])),
    )


def apply(lines: list[str], op: tuple) -> list[str]:
    lines = list(lines)
    if not lines:
        return lines
    kind, i = op[0], op[1] % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = op[2] % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        at = min(op[2], len(lines[i]))
        lines[i] = lines[i][:at] + op[3] + lines[i][at:]
    elif kind == "value":
        key = lines[i].split(":", 1)[0] if ":" in lines[i] else "title"
        lines[i] = f"{key}: {op[2]}"
    elif kind == "path":  # a photo path the file system may refuse
        i = next((n for n, text in enumerate(lines) if text.startswith("photo:")), i)
        lines[i] = f'photo: "{op[2]}"'
    elif kind == "raw":
        lines[i] = op[2]
    elif kind == "indent":
        lines[i] = op[2] + lines[i]
    return lines


def check(project: Project, rel: str, data: bytes) -> None:
    """Load must not raise, and every diagnostic must be located and coded."""
    result = load(project.root, TODAY)
    line_count = data.count(b"\n") + data.count(b"\r") + 2
    for d in result.diagnostics:
        assert d.path and CODE.fullmatch(d.code), d
        assert d.severity in ("error", "warning") and d.message, d
        assert d.line >= 0 and d.column >= 0, d
        if d.path == rel:
            assert d.line <= line_count, (d, line_count)
    assert result.files_checked >= 1


def small_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 80)).save(out, "JPEG")
    return out.getvalue()


def test_mutated_front_matter_never_raises(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    project.write(STORY_PATH.replace("index.md", "anh.jpg"), small_jpeg())

    @SETTINGS
    @given(st.lists(mutation(), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]), st.booleans())
    def run(ops, newline, bom):
        lines = FRONT
        for op in ops:
            lines = apply(lines, op)
        text = "---\n" + "\n".join(lines) + "\n---\n" + BODY
        data = ("\ufeff" if bom else "") + text.replace("\n", newline)
        raw = data.encode("utf-8", errors="surrogatepass")
        project.write(STORY_PATH, raw)
        check(project, STORY_PATH, raw)

    run()


def test_random_bytes_in_front_matter_never_raise(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    front = "\n".join(FRONT).encode()

    @SETTINGS
    @given(st.integers(0, len(front)), st.binary(min_size=1, max_size=40), st.sampled_from([b"", b"\x00", b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf"]))
    def run(at, noise, extra):
        # \xed\xa0\x80 is a UTF-16 surrogate encoded as if it were UTF-8: invalid UTF-8.
        raw = b"---\n" + front[:at] + noise + extra + front[at:] + b"\n---\n" + BODY.encode()
        project.write(STORY_PATH, raw)
        check(project, STORY_PATH, raw)

    run()


def test_random_bytes_as_a_file_never_raise(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    targets = [STORY_PATH, CAMPAIGN_PATH, "content/site.yml", "content/units.yml", "content/vocabulary.yml"]
    originals = {rel: project.path(rel).read_bytes() if project.path(rel).exists() else None for rel in targets}

    @SETTINGS
    @given(st.sampled_from(targets), st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
    def run(rel, raw):
        for other, data in originals.items():  # one broken file per example
            if data is not None:
                project.write(other, data)
            elif project.path(other).exists():
                project.path(other).unlink()
        project.write(rel, raw)
        check(project, rel, raw)

    run()


def test_mutated_campaign_never_raises(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    lines0 = CAMPAIGN.split("\n")[1:18]
    body = "\n".join(CAMPAIGN.split("\n")[19:])

    @SETTINGS
    @given(st.lists(mutation(), min_size=1, max_size=6))
    def run(ops):
        lines = lines0
        for op in ops:
            lines = apply(lines, op)
        raw = ("---\n" + "\n".join(lines) + "\n---\n" + body).encode("utf-8", "surrogatepass")
        project.write(CAMPAIGN_PATH, raw)
        check(project, CAMPAIGN_PATH, raw)

    run()
