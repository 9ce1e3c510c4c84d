"""The CI templates of `vinhdanh deploy ci`, run step by step as the CI would.

The workflow's own `run:` steps (GitHub) and `script:` lines (GitLab) are executed on a
copy of the sample content with one planted error, then with the error fixed. Only the
`pip install` of vinhdanh is left out: the test runs inside an installed venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nginx import deploy
from sitebuild import project_copy

PLANTED = "content/exemplars/2026/ly-thanh-son.md"


@pytest.fixture(scope="module")
def ci(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ci")
    status, err = deploy("deploy", "ci", "-o", str(tmp / "out"))
    assert status == 0, err
    root = project_copy(tmp / "repo")
    good = (root / PLANTED).read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(good.splitlines(), 1) if l.startswith("unit:"))
    bad = good.replace("\nunit: ", "\nunit: khoa-khong-co-", 1)
    return tmp / "out", root, good, bad, line


def _shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """bash as both CIs run a step: errexit and pipefail on."""
    full = {**os.environ, **env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "CI": "true"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


def _github_steps(workflow: dict) -> tuple[dict, list[dict]]:
    job = workflow["jobs"]["build"]
    return {**workflow.get("env", {}), **job.get("env", {})}, job["steps"]


def _run_github(workflow: dict, root: Path) -> list[tuple[dict, subprocess.CompletedProcess]]:
    """Run the `run:` steps in order; stop at the first failure, as Actions does."""
    env, steps = _github_steps(workflow)
    done = []
    for step in steps:
        if "run" not in step or step.get("id") == "install":
            continue
        proc = _shell(step["run"], root, {**env, **step.get("env", {})})
        done.append((step, proc))
        if proc.returncode != 0:
            break
    return done


def test_github_workflow_triggers(ci):
    out, *_ = ci
    workflow = yaml.safe_load((out / "ci/.github/workflows/vinhdanh.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"] == [{"cron": "10 17 * * *"}]  # 00:10 in Vietnam
    install = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("id") == "install")
    assert "pip install" in install["run"] and "VINHDANH_PIP" in install["run"]
    deploy_job = workflow["jobs"]["deploy"]
    assert deploy_job["needs"] == "build" and "pull_request" in deploy_job["if"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy_job["steps"])


def test_github_steps_annotate_the_planted_error_then_build(ci):
    out, root, good, bad, line = ci
    workflow = yaml.safe_load((out / "ci/.github/workflows/vinhdanh.yml").read_text(encoding="utf-8"))
    (root / PLANTED).write_text(bad, encoding="utf-8")
    try:
        done = _run_github(workflow, root)
    finally:
        (root / PLANTED).write_text(good, encoding="utf-8")
    step, proc = done[-1]
    assert "vinhdanh validate --format github" in step["run"]
    assert proc.returncode == 1, "the validate step must fail the job"
    annotations = [l for l in proc.stdout.splitlines() if l.startswith("::error ")]
    assert any(l.startswith(f"::error file={PLANTED},line={line},") for l in annotations), proc.stdout

    done = _run_github(workflow, root)
    assert all(p.returncode == 0 for _, p in done), [p.stderr for _, p in done]
    assert any("vinhdanh build" in s["run"] for s, _ in done)
    upload = next(s for s in _github_steps(workflow)[1] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    published = root / upload["with"]["path"]
    assert (published / "index.html").is_file() and (published / "guong-dien-hinh/rss.xml").is_file()


def _gitlab_script(ci_yaml: dict, job: str) -> str:
    before = ci_yaml.get("default", {}).get("before_script", [])
    assert all("pip install" in line for line in before)  # only the install, which the venv replaces
    return "\n".join(ci_yaml[job]["script"])


def test_gitlab_code_quality_report_names_file_and_line(ci):
    out, root, good, bad, line = ci
    ci_yaml = yaml.safe_load((out / "ci/.gitlab-ci.yml").read_text(encoding="utf-8"))
    job = ci_yaml["validate"]
    report_name = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"  # the report survives the failed job
    env = {k: str(v) for k, v in ci_yaml.get("variables", {}).items()}
    (root / PLANTED).write_text(bad, encoding="utf-8")
    try:
        proc = _shell(_gitlab_script(ci_yaml, "validate"), root, env)
    finally:
        (root / PLANTED).write_text(good, encoding="utf-8")
    assert proc.returncode == 1
    assert f"{PLANTED}:{line}:" in proc.stdout  # the readable list in the job log
    report = json.loads((root / report_name).read_text(encoding="utf-8"))
    assert isinstance(report, list) and report
    issue = next(i for i in report if i["location"]["path"] == PLANTED)
    assert issue["location"]["lines"]["begin"] == line
    assert issue["severity"] == "major" and issue["check_name"] and issue["description"]
    assert len({i["fingerprint"] for i in report}) == len(report)

    proc = _shell(_gitlab_script(ci_yaml, "validate"), root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads((root / report_name).read_text(encoding="utf-8")) == []


def test_gitlab_pages_job_builds_public(ci):
    out, root, *_ = ci
    ci_yaml = yaml.safe_load((out / "ci/.gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci_yaml["pages"]["artifacts"]["paths"] == ["public"]  # GitLab Pages publishes public/
    env = {k: str(v) for k, v in ci_yaml.get("variables", {}).items()}
    proc = _shell(_gitlab_script(ci_yaml, "pages"), root, env)
    assert proc.returncode == 0, proc.stderr
    assert (root / "public/index.html").is_file() and (root / "public/404.html").is_file()
