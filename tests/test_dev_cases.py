"""The 21 real scraped pages of fixtures/dev/, scored at paragraph level.

fixtures/dev/README.md says what a correct result is. The expected files
show unwrapped paragraphs, so cases run with ``unwrap=True`` and paragraphs
are compared with whitespace normalised (as that README specifies). Cases the
package does not get right yet are strict xfails: when one starts passing,
the suite says so and the mark must go.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from dedupe_article import CleanConfig, CleanResult, clean_article

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
# The gold splitter: benchmarks/quality.py scores the same cases with it.
from quality import paragraphs  # noqa: E402

DEV = Path(__file__).parent.parent / "fixtures" / "dev"

# Page dumps full of site chrome (menus, share rows, captions, related
# lists). By default (page_chrome="auto") they are recognised as page dumps
# and the page-chrome stage runs on them; with page_chrome=False it does not.
PAGE_DUMPS = {
    "ar-albayan-myth",
    "de-heidenroeslein-refrain",
    "en-bbc-watergate",
    "en-deccan-breach",
    "en-guardian-benefits",
    "es-huffpost-rae",
    "es-redaccionmedica-solms",
    "fr-france3-marche",
    "fr-lemonde-bebes",
    "it-periscopio-spirito",
    "ru-psychologies-dukh",
    "ru-ug-dukh",
    "uk-lb-gaza",
    "zh-rednet-culture",
    "zh-xinhua-nursing",
}

# With the page-chrome stage off, every page dump keeps its chrome.
NO_PAGE = "page chrome (menus, captions, related lists) is kept with page_chrome=False"
KNOWN_FAILURES_WITHOUT_PAGE = {name: NO_PAGE for name in PAGE_DUMPS} | {
    "de-heidenroeslein-refrain": "lynx dump in one line per paragraph: its menus are not removed",
}

# With the layout heuristics alone (page_model="layout"), the cases they still get wrong.
KNOWN_FAILURES_LAYOUT = {
    "en-guardian-benefits": (
        "keeps a live-blog link, a newsletter's name and description and a related title with its author;"
        " the editor kept a quote glued to 'skip past newsletter promotion', which page mode splits off"
    ),
    "es-huffpost-rae": "keeps a photo caption in English with its credit glued to it",
}

# By default the heuristics' proposals go only when the learned decision confirms them
# (docs/pages.md). On these dumps, the heuristics' tuning set, it leaves some of them.
LEFT = (
    "keeps chrome, loses nothing: the learned decision does not confirm all the heuristics remove as outside the body; "
)
KNOWN_FAILURES = KNOWN_FAILURES_LAYOUT | {
    "en-guardian-benefits": KNOWN_FAILURES_LAYOUT["en-guardian-benefits"]
    + "; and the learned decision does not confirm 'Explore more on these topics' outside the body",
    "es-redaccionmedica-solms": LEFT
    + "2 kept: a linked teaser title ('[Mark Solms analiza un nuevo enfoque ...') and a tag",
    "fr-france3-marche": LEFT + "4 kept: menu items with their (BUTTON) marks",
    "fr-lemonde-bebes": LEFT + "25 kept: the related titles and their captions after the article",
    "it-periscopio-spirito": LEFT + "2 kept: related titles ('Lettera Aperta a Moni Ovadia')",
    "ru-psychologies-dukh": LEFT
    + "5 kept: teaser titles and quizzes ('Как пережить трудные времена: ежедневные советы Psy')",
    "ru-ug-dukh": LEFT + "2 kept: a feed link header ('#Учительская газета » Лента') and a newsletter prompt",
    "uk-lb-gaza": LEFT + "2 kept: two titles of the news feed after the article",
    "zh-xinhua-nursing": LEFT + "2 kept: an image mark ('[qrcode-app]') and a section label",
}

# Page mode removes a paragraph the editor keeps on these dumps (a byline,
# the author's name, a metadata line; the headline in favour of its near-copy).
KNOWN_LOSSES: dict[str, str] = {}


def _cases(known: dict[str, str] = KNOWN_FAILURES) -> list[object]:
    params = []
    for case in sorted(p for p in DEV.iterdir() if p.is_dir()):
        marks = []
        if case.name in known:
            marks.append(pytest.mark.xfail(strict=True, reason=known[case.name]))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_known_failures_are_real_cases() -> None:
    names = {p.name for p in DEV.iterdir() if p.is_dir()}
    assert PAGE_DUMPS | set(KNOWN_FAILURES) | set(KNOWN_FAILURES_WITHOUT_PAGE) | set(KNOWN_LOSSES) <= names
    assert set(KNOWN_FAILURES_LAYOUT) <= set(KNOWN_FAILURES)


def _clean(case: Path, **options: Any) -> tuple[list[str], list[str], CleanResult]:
    text = (case / "input.txt").read_bytes().decode("utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = clean_article(text, CleanConfig(unwrap=True, **options))
    return paragraphs(result.text), paragraphs(expected), result


@pytest.mark.parametrize("case", _cases())
def test_dev_case(case: Path) -> None:
    got, expected, _ = _clean(case)
    assert got == expected


@pytest.mark.parametrize("case", _cases(KNOWN_FAILURES_LAYOUT))
def test_dev_case_with_the_layout_heuristics_alone(case: Path) -> None:
    got, expected, _ = _clean(case, page_chrome=True, page_model="layout")
    assert got == expected


@pytest.mark.parametrize("case", _cases(KNOWN_FAILURES_WITHOUT_PAGE))
def test_dev_case_without_page_mode(case: Path) -> None:
    got, expected, _ = _clean(case, page_chrome=False)
    assert got == expected


@pytest.mark.parametrize("case", [p for p in sorted(DEV.iterdir()) if p.is_dir()], ids=lambda p: p.name)
def test_page_dumps_are_recognised(case: Path) -> None:
    """page_chrome="auto" runs the page stage on exactly the page dumps."""
    _, _, result = _clean(case)
    assert result.page == (case.name in PAGE_DUMPS)


def _lost(case: Path, **options: Any) -> list[str]:
    _, _, result = _clean(case, **options)
    gold = set(paragraphs((case / "expected.txt").read_text(encoding="utf-8")))
    kept = set(paragraphs(result.text))
    return [r.text for r in result.removals if (p := paragraphs(r.text)) and p[0] in gold and p[0] not in kept]


@pytest.mark.parametrize("case", _cases(KNOWN_LOSSES))
def test_dev_case_loses_no_content(case: Path) -> None:
    """Whatever is still wrong, no expected paragraph is removed while no copy of it is kept."""
    assert _lost(case) == []


@pytest.mark.parametrize("case", [p for p in sorted(DEV.iterdir()) if p.is_dir()], ids=lambda p: p.name)
def test_dev_case_loses_no_content_without_page_mode(case: Path) -> None:
    assert _lost(case, page_chrome=False) == []
