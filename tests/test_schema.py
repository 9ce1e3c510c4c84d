"""One schema: the reader, `vinhdanh new`, the guide's key tables and the editor all come from schema.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import SITE, Project
from editing import sample_copy

from vinhdanh.content import schema, schemadoc
from vinhdanh.content.reader import load
from vinhdanh.editor import config as editor_config_module
from vinhdanh.editor.assets import write_site_editor
from vinhdanh.editor.config import editor_config
from vinhdanh.scaffold import front_matter


def test_the_committed_guide_matches_the_schema(repo_root: Path) -> None:
    text = (repo_root / schemadoc.GUIDE).read_text(encoding="utf-8")
    assert schemadoc.render(text) == text, "run `vinhdanh guide` to regenerate the key tables"
    assert text.count("<!-- keys:") == len(schema.COLLECTIONS)  # every table is generated, none hand-written
    for k in schema.EXEMPLAR + schema.CAMPAIGN + schema.CALENDAR + schema.REGISTRATION:
        assert f"| `{k.key}` | {k.required_text} | {k.help}" in text


def test_guide_check_command(repo_root: Path, tmp_path: Path, capsys) -> None:
    from vinhdanh.cli import main

    copy = tmp_path / "docs"
    copy.mkdir()
    (copy / "huong-dan-soan-bai.md").write_text((repo_root / schemadoc.GUIDE).read_text(encoding="utf-8").replace("| `title` | có |", "| `title` | không |", 1), encoding="utf-8")
    assert main(["--root", str(tmp_path), "guide", "--check"]) == 1
    assert "vinhdanh guide" in capsys.readouterr().out
    assert main(["--root", str(tmp_path), "guide"]) == 0
    assert main(["--root", str(tmp_path), "guide", "--check"]) == 0


def test_a_new_key_is_one_entry(monkeypatch, project: Project) -> None:
    """Append one Key: the template, the guide table and the editor form show it, and the reader checks it."""
    from vinhdanh.content.reading import exemplars

    new = schema.Key("reviewer", "text", "Người duyệt", "Người duyệt bài ở phòng thi đua.", "Trần Văn Bảo", max_len=60)
    extended = (*schema.EXEMPLAR, new)
    assert "reviewer: " in front_matter(extended, "Gương điển hình", {}).replace("reviewer:\n", "reviewer: \n")
    assert "| `reviewer` | không | Người duyệt bài ở phòng thi đua. | `reviewer: Trần Văn Bảo` |" in schemadoc.key_table(extended)
    monkeypatch.setattr(editor_config_module, "EXEMPLAR", extended)
    root = Path(__file__).resolve().parent.parent
    fields = editor_config(load(root).content, proxy_url="http://127.0.0.1:1/api/v1")["collections"][0]["fields"]
    reviewer = next(f for f in fields if f["name"] == "reviewer")
    assert (reviewer["label"], reviewer["widget"], reviewer["required"], reviewer["pattern"][0]) == ("Người duyệt", "string", False, "^[\\s\\S]{0,60}$")
    monkeypatch.setattr(exemplars, "EXEMPLAR", extended)
    monkeypatch.setattr(exemplars, "EXEMPLAR_KEYS", schema.keys_of(extended))
    from conftest import STORY_PATH

    project.edit(STORY_PATH, "status: published\n", "status: published\nreviewer: " + "Trần Văn Bảo " * 6 + "\n")
    _code, report = project.validate()
    assert [(d["code"], d["field"]) for d in report["diagnostics"]] == [("E206", "reviewer")]


def test_the_reader_takes_its_keys_limits_and_choices_from_the_schema(project: Project, monkeypatch) -> None:
    from vinhdanh.content.reading import exemplars

    shorter = tuple(dataclasses.replace(k, max_len=20) if k.key == "title" else k for k in schema.EXEMPLAR)
    monkeypatch.setattr(exemplars, "EXEMPLAR", shorter)
    code, report = project.validate()
    assert code == 1 and [(d["code"], d["field"]) for d in report["diagnostics"]] == [("E206", "title")]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = sample_copy(tmp_path_factory.mktemp("schema") / "site")
    return root, load(root, dt.date(2026, 11, 25)).content


def test_local_config_has_every_key_and_the_units_lists(sample) -> None:
    root, content = sample
    config = editor_config(content, proxy_url="http://127.0.0.1:9/api/v1")
    assert config["locale"] == "vi" and "publish_mode" not in config
    exemplars, campaigns, events, registrations = config["collections"]
    assert [f["name"] for f in events["fields"]] == [*schema.EVENT_KEYS, "body"]
    assert (events["folder"], events["extension"], events["format"]) == ("content/events", "md", "frontmatter")
    assert [o["value"] for o in {f["name"]: f for f in events["fields"]}["kind"]["options"]] == [k for k, _ in schema.EVENT_KINDS]
    assert [f["name"] for f in registrations["fields"]] == list(schema.REGISTRATION_KEYS)
    assert (registrations["folder"], registrations["extension"], registrations["format"]) == ("content/registrations", "yml", "yml")
    assert [f["name"] for f in exemplars["fields"]] == [*schema.EXEMPLAR_KEYS, "body"]
    assert [f["name"] for f in campaigns["fields"]] == [*schema.CAMPAIGN_KEYS, "body"]
    by_name = {f["name"]: f for f in exemplars["fields"]}
    units = yaml.safe_load((root / "content/units.yml").read_text(encoding="utf-8"))
    assert by_name["unit"]["widget"] == "select" and [o["value"] for o in by_name["unit"]["options"]] == [u["id"] for u in units]
    vocab = yaml.safe_load((root / "content/vocabulary.yml").read_text(encoding="utf-8"))
    field_ids = [o["value"] for o in by_name["fields"]["options"]]
    assert by_name["fields"]["multiple"] and set(content.vocabulary.fields) == set(field_ids)
    assert {f["id"] for f in vocab.get("fields", [])} <= set(field_ids)  # the unit's own fields too
    award = {f["name"]: f for f in by_name["awards"]["fields"]}
    assert by_name["awards"]["widget"] == "list" and list(award) == ["year", "title", "decision", "by"]
    assert award["year"]["value_type"] == "int" and {a["id"] for a in vocab.get("awards", [])} <= {o["value"] for o in award["title"]["options"]}
    assert [o["value"] for o in by_name["campaigns"]["options"]] == [c.slug for c in sorted(content.campaigns, key=lambda c: c.date, reverse=True)]
    assert [o["value"] for o in by_name["status"]["options"]] == list(schema.EXEMPLAR_STATUSES)
    assert by_name["date"]["format"] == "YYYY-MM-DD" and by_name["date"]["time_format"] is False
    assert by_name["photo"]["widget"] == "image" and exemplars["media_folder"] == "" and exemplars["public_folder"] == ""
    assert by_name["photo_alt"]["label"] == "Mô tả ảnh (bắt buộc khi có ảnh)"
    assert "đồng ý" in by_name["consent"]["hint"] and "không được đăng" in by_name["consent"]["hint"]
    assert by_name["title"]["pattern"][0] == "^[\\s\\S]{0,150}$"
    assert exemplars["nested"] == {"depth": 100, "subfolders": False} and exemplars["path"] == "{{year}}/{{slug}}/index"
    assert all(f["required"] is (f["name"] in {k.key for k in schema.EXEMPLAR if k.required}) for f in exemplars["fields"])


def _git_site(project: Project, editor_block: str):
    project.write("content/site.yml", SITE + editor_block)
    result = load(project.root)
    return result


def test_git_host_mode_config_and_published_files(project: Project, tmp_path: Path) -> None:
    # A draft campaign: private, so the published editor's lists must not name it.
    project.write("content/campaigns/nhap-2026.md", "---\ntitle: Phong trào bí mật\ndate: 2026-01-01\nsummary: Chưa công bố.\nhost: Sở Y tế\nstart: 2026-01-01\nend: 2026-12-31\nstatus: draft\n---\n")
    result = _git_site(project, "editor:\n  path: soan-bai\n  backend: gitlab\n  repo: truyen-thong/vinh-danh\n  base_url: https://git.benhvien.example.vn\n  app_id: abc123\n")
    assert result.ok, [d.text() for d in result.diagnostics]
    settings = result.content.site.editor
    assert settings is not None and (settings.path, settings.backend, settings.branch) == ("soan-bai", "gitlab", "main")
    public = result.content.public(dt.date(2026, 6, 1))
    config = editor_config(public, settings)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "gitlab" and config["backend"]["repo"] == "truyen-thong/vinh-danh"
    assert config["backend"]["auth_type"] == "pkce" and config["backend"]["app_id"] == "abc123" and config["backend"]["base_url"] == "https://git.benhvien.example.vn"
    assert "local_backend" not in config and config["locale"] == "vi"
    text = yaml.safe_dump(config, allow_unicode=True)
    assert "nhap-2026" not in text and "bí mật" not in text
    from vinhdanh.section import prepare

    section = prepare(project.root, dt.date(2026, 6, 1))
    site = tmp_path / "site"
    section.write_editor(site)
    published = site / "soan-bai"
    assert (published / "index.html").is_file() and (published / "decap/decap-cms.js").stat().st_size > 1_000_000
    assert yaml.safe_load((published / "config.yml").read_text(encoding="utf-8"))["publish_mode"] == "editorial_workflow"
    assert "nhap-2026" not in (published / "config.yml").read_text(encoding="utf-8")
    assert not list(published.rglob("*.map")) and 'src="decap/decap-cms.js"' in (published / "index.html").read_text(encoding="utf-8")


def test_gitea_saves_on_a_review_branch(project: Project) -> None:
    result = _git_site(
        project, "editor: {path: quan-tri/soan-bai, backend: gitea, repo: tt/vd, branch: cho-duyet, base_url: https://gitea.benhvien.vn, api_root: https://gitea.benhvien.vn/api/v1, app_id: x}\n"
    )
    assert result.ok
    config = editor_config(result.content, result.content.site.editor)
    assert "publish_mode" not in config and config["backend"]["branch"] == "cho-duyet" and config["backend"]["api_root"] == "https://gitea.benhvien.vn/api/v1"


@pytest.mark.parametrize(
    ("block", "code", "field"),
    [
        ("editor: {path: Soạn Bài, backend: gitlab, repo: a/b}\n", "E306", "editor.path"),
        ("editor: {path: soan-bai, backend: bitbucket, repo: a/b}\n", "E204", "backend"),
        ("editor: {path: soan-bai, backend: github, repo: khong-co-nhom}\n", "E208", "editor.repo"),
        ("editor: {path: soan-bai, backend: github, repo: a/b, base_url: git.local}\n", "E208", "editor.base_url"),
        ("editor: {path: soan-bai, backend: github}\n", "E201", "repo"),
        ("editor: {path: soan-bai, backend: github, repo: a/b, token: bí-mật}\n", "E202", "editor.token"),
    ],
)
def test_site_editor_settings_are_validated(project: Project, block: str, code: str, field: str) -> None:
    project.write("content/site.yml", SITE + block)
    status, report = project.validate()
    assert status == 1
    found = [(d["code"], d["field"], d["path"]) for d in report["diagnostics"]]
    assert (code, field, "content/site.yml") in found, found


def test_the_published_editor_is_off_by_default(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    assert load(root).content.site.editor is None
    out = write_site_editor(root, tmp_path, "locale: vi\n", "x")
    assert (out / "config.yml").read_text(encoding="utf-8") == "locale: vi\n"
