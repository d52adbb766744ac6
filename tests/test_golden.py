"""Golden cases: whole articles in, the exact cleaned text and removals out.

Each folder under ``fixtures/cases/`` is one case (see its README): the
input as the scraper gave it, the text a careful editor keeps, and the
removals with their reasons. Cases the tool currently gets wrong carry an
``xfail`` reason in ``case.toml`` and run as strict xfail, so fixing the bug
makes the suite say so.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from dedupe_article import CleanConfig, clean_article, split_paragraphs
from dedupe_article.page import split_units

CASES = Path(__file__).parent.parent / "fixtures" / "cases"
FIELDS = ("index", "reason", "rule_id", "duplicate_of", "method")


def _load_meta(case: Path) -> dict[str, Any]:
    path = case / "case.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _params() -> list[Any]:
    params = []
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        meta = _load_meta(case)
        marks = []
        if "xfail" in meta:
            marks.append(pytest.mark.xfail(strict=True, reason=meta["xfail"]))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _read(path: Path) -> str:
    # Bytes, then UTF-8: CR and CRLF line ends must reach the cleaner untouched.
    return path.read_bytes().decode("utf-8")


def test_cases_are_present() -> None:
    slugs = [p.name for p in CASES.iterdir() if p.is_dir()]
    assert len(slugs) >= 12
    for slug in slugs:
        for name in ("input.txt", "expected.txt", "removals.json", "case.toml"):
            assert (CASES / slug / name).is_file(), f"{slug} lacks {name}"
        assert _load_meta(CASES / slug).get("label"), f"{slug}: case.toml needs a label"


@pytest.mark.parametrize("case", _params())
def test_golden(case: Path) -> None:
    meta = _load_meta(case)
    config = CleanConfig(**meta.get("options", {}))
    text = _read(case / "input.txt")
    result = clean_article(text, config)

    # (a) the cleaned text, exactly
    assert result.text == _read(case / "expected.txt")

    # (b) the removals and their reasons
    removals = [{f: getattr(r, f) for f in FIELDS} for r in result.removals]
    assert removals == json.loads(_read(case / "removals.json"))

    # (c) invariants
    paragraphs = split_paragraphs(text, layout=result.layout)
    n = len(split_units(text, paragraphs) if result.page else paragraphs)  # a page is judged in units
    kept = [p.index for p in result.kept]
    removed = [r.index for r in result.removals]
    assert not set(kept) & set(removed)
    assert sorted(kept + removed) == list(range(n))
    kept_set = set(kept)
    for r in result.removals:
        if r.reason == "near_duplicate":
            assert r.duplicate_of in kept_set and r.duplicate_of < r.index
    # Paragraph texts are the input's lines without their trailing whitespace.
    lines = text.removeprefix("\N{ZERO WIDTH NO-BREAK SPACE}").replace("\r\n", "\n").replace("\r", "\n")
    normalised = "\n".join(line.rstrip() for line in lines.split("\n"))
    for p in result.kept:
        assert p.text in normalised, f"kept paragraph {p.index} is not in the input"
    again = clean_article(result.text, config)
    assert again.text == result.text, "cleaning the output again changed it"
    assert again.removals == ()
