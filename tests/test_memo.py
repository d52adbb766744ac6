"""Remembered per-line values (memo.py): bounded, and never a change in results."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from dedupe_article import CleanConfig, clean_article, memo
from dedupe_article.memo import Memo

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_memo_stays_bounded_and_computes_each_value_once_while_it_holds_it() -> None:
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    remembered = Memo[str, int](3)
    assert [remembered.get(k, compute) for k in ("a", "bb", "a", "ccc", "a")] == [1, 2, 1, 3, 1]
    assert calls == ["a", "bb", "ccc"]
    for key in map(str, range(100)):
        remembered.get(key, compute)
        assert len(remembered) <= 3


def _texts() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted(FIXTURES.glob("*/*/input.txt"))]
    texts.append((FIXTURES / "gate-es" / "input.txt").read_text("utf-8"))
    # A site's frame recurring on every document of a batch, around each fixture's text.
    frame_top = "Home\nNews\nSport\nSign in\nShare on Facebook\n"
    frame_end = "\nRead more\nAll rights reserved © 2024 Example Media\nVer originales\n"
    # A line a start-scoped rule removes before the body, and the same line inside it, which stays:
    # a verdict remembered for one place must not answer for the other.
    body = "The council approved the new budget after a long debate on Tuesday evening, officials said."
    after = "The mayor said the plan would take effect next spring and cover every district."
    placed = [f"#alternate\n{body}\n{after}\n", f"{body}\n#alternate\n{after}\n"]
    return texts + [frame_top + text + frame_end for text in texts] + placed


@pytest.mark.parametrize("config", [CleanConfig(), CleanConfig(page_chrome=True, unwrap=True)], ids=["auto", "page"])
def test_results_are_the_same_with_and_without_memos(monkeypatch: pytest.MonkeyPatch, config: CleanConfig) -> None:
    texts = _texts()
    remembered = [clean_article(text, config) for text in texts]
    monkeypatch.setattr(memo, "ENABLED", False)
    config.catalog.verdicts._values.clear()  # what was remembered above must not answer now
    importlib.import_module("dedupe_article.pipeline")._VALUES._values.clear()
    fresh = [clean_article(text, config) for text in texts]
    assert len(config.catalog.verdicts) == 0
    assert [(r.text, r.removals) for r in remembered] == [(r.text, r.removals) for r in fresh]
