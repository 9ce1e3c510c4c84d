"""reading/halves.py: stories read on two cores give what a read in one process gives."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from pathlib import Path

import pytest

import vinhdanh.content.reading.halves as halves
from vinhdanh.content.reader import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 stories (drafts, photos) with a broken story in each half."""
    root = make_corpus(60, tmp_path_factory.mktemp("halves") / "corpus")
    stories = sorted((root / "content" / "exemplars").rglob("*.md"))
    for story in (stories[3], stories[-3]):
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("\ndate: ", "\ndate: 2025-02-30\nold_date: ", 1), encoding="utf-8")
    return root


def one_process(root: Path, monkeypatch):
    monkeypatch.setattr(halves, "MIN_STORIES", 10**9)
    result = load(root, TODAY)
    monkeypatch.setattr(halves, "MIN_STORIES", 2)
    return result


def test_two_halves_read_what_one_process_reads(corpus, monkeypatch):
    expected = one_process(corpus, monkeypatch)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    got = load(corpus, TODAY)
    assert forks == [1]
    codes = [d.code for d in expected.diagnostics]
    assert codes.count("E205") == 2 and codes.count("E202") == 2  # one broken story in each half
    assert got.diagnostics == expected.diagnostics
    assert got.content.exemplars == expected.content.exemplars
    assert got.files_checked == expected.files_checked


def test_a_child_that_fails_leaves_its_half_to_this_process(corpus, monkeypatch):
    expected = one_process(corpus, monkeypatch)
    monkeypatch.setattr(halves, "_child", lambda *args: os._exit(3))
    got = load(corpus, TODAY)
    assert got.diagnostics == expected.diagnostics
    assert got.content.exemplars == expected.content.exemplars


def test_no_fork_while_another_thread_runs(corpus, monkeypatch):
    expected = one_process(corpus, monkeypatch)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked beside a running thread"))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        got = load(corpus, TODAY)
    finally:
        stop.set()
        other.join()
    assert got.diagnostics == expected.diagnostics
