"""The 21 real scraped pages of fixtures/dev/, scored at paragraph level.

fixtures/dev/README.md says what a correct result is. The expected files
show unwrapped paragraphs, so cases run with ``unwrap=True`` and paragraphs
are compared with whitespace normalised (as that README specifies). Cases the
package does not get right yet are strict xfails: when one starts passing,
the suite says so and the mark must go.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from dedupe_article import CleanConfig, clean_article

DEV = Path(__file__).parent.parent / "fixtures" / "dev"

# Page dumps full of site chrome (menus, share rows, captions, related
# lists): the page-chrome stage is a later issue, and the catalog does not
# try to cover every site's menu.
PAGE_CHROME = "page chrome (menus, captions, related lists) is not removed yet"
KNOWN_FAILURES = {
    "ar-albayan-myth": PAGE_CHROME,
    "de-heidenroeslein-refrain": PAGE_CHROME,
    "en-bbc-watergate": PAGE_CHROME,
    "en-deccan-breach": PAGE_CHROME,
    "en-guardian-benefits": PAGE_CHROME,
    "es-huffpost-rae": PAGE_CHROME,
    "es-redaccionmedica-solms": PAGE_CHROME,
    "fr-france3-marche": PAGE_CHROME,
    "fr-lemonde-bebes": PAGE_CHROME,
    "it-periscopio-spirito": PAGE_CHROME,
    "ru-psychologies-dukh": PAGE_CHROME,
    "ru-ug-dukh": PAGE_CHROME,
    "uk-lb-gaza": PAGE_CHROME,
    "zh-rednet-culture": PAGE_CHROME,
    "zh-xinhua-nursing": PAGE_CHROME,
}

# With page mode on (``page_chrome=True``), the page dumps these cases still get wrong.
PAGE_MODE = "page mode keeps some chrome or loses a paragraph here (docs/how-it-works.md, page dumps)"
KNOWN_PAGE_FAILURES = {
    "ar-albayan-myth": PAGE_MODE,
    "de-heidenroeslein-refrain": "one line per paragraph: page mode leaves such text alone",
    "en-bbc-watergate": PAGE_MODE,
    "en-guardian-benefits": PAGE_MODE,
    "es-huffpost-rae": PAGE_MODE,
    "es-redaccionmedica-solms": PAGE_MODE,
    "fr-france3-marche": PAGE_MODE,
    "fr-lemonde-bebes": PAGE_MODE,
    "it-periscopio-spirito": PAGE_MODE,
    "ru-psychologies-dukh": PAGE_MODE,
    "ru-ug-dukh": PAGE_MODE,
    "uk-lb-gaza": PAGE_MODE,
}

_BLANK_LINE = regex.compile(r"\n[ \t\N{NO-BREAK SPACE}\N{IDEOGRAPHIC SPACE}]*\n")
_SPACE = regex.compile(r"\s+")
_CJK = (
    r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
    r"\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}"
)
_CJK_SPACE = regex.compile(rf" (?=[{_CJK}])|(?<=[{_CJK}]) ")


def paragraphs(text: str) -> list[str]:
    """Split like the gold files: on blank lines if any, else on newlines; whitespace normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    out = []
    for part in parts:
        part = _SPACE.sub(" ", unicodedata.normalize("NFC", part)).strip()
        if part:
            out.append(_CJK_SPACE.sub("", part))
    return out


def _cases(known: dict[str, str] = KNOWN_FAILURES) -> list[object]:
    params = []
    for case in sorted(p for p in DEV.iterdir() if p.is_dir()):
        marks = []
        if case.name in known:
            marks.append(pytest.mark.xfail(strict=True, reason=known[case.name]))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_known_failures_are_real_cases() -> None:
    assert set(KNOWN_FAILURES) | set(KNOWN_PAGE_FAILURES) <= {p.name for p in DEV.iterdir() if p.is_dir()}


@pytest.mark.parametrize("case", _cases())
def test_dev_case(case: Path) -> None:
    text = (case / "input.txt").read_bytes().decode("utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = clean_article(text, CleanConfig(unwrap=True))
    assert paragraphs(result.text) == paragraphs(expected)


@pytest.mark.parametrize("case", _cases(KNOWN_PAGE_FAILURES))
def test_dev_case_with_page_mode(case: Path) -> None:
    text = (case / "input.txt").read_bytes().decode("utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = clean_article(text, CleanConfig(unwrap=True, page_chrome=True))
    assert paragraphs(result.text) == paragraphs(expected)


@pytest.mark.parametrize("case", [p for p in sorted(DEV.iterdir()) if p.is_dir()], ids=lambda p: p.name)
def test_dev_case_loses_no_content(case: Path) -> None:
    """Whatever is still wrong, no expected paragraph is removed while no copy of it is kept."""
    text = (case / "input.txt").read_bytes().decode("utf-8")
    gold = set(paragraphs((case / "expected.txt").read_text(encoding="utf-8")))
    result = clean_article(text, CleanConfig(unwrap=True))
    kept = set(paragraphs(result.text))
    lost = [r for r in result.removals if (p := paragraphs(r.text)) and p[0] in gold and p[0] not in kept]
    assert lost == []
