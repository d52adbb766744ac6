"""A line that wraps a headline in chrome goes; the headline stays, wherever it stands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_article import CleanConfig, clean_article
from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.titles import TitleInChrome, find_titles_in_chrome

HEADLINE = "Le président annonce une réforme des retraites pour 2026"
BODY = "Paris, le 3 mars. Le chef de l'État a présenté mardi soir un projet de loi qui repousse l'âge légal de départ."


def find(texts: list[str]) -> list[tuple[int, int]]:
    keys = [paragraph_key(t) for t in texts]
    return [(m.index, m.title) for m in find_titles_in_chrome(texts, keys, [count_words(k) for k in keys])]


@pytest.mark.parametrize(
    "chrome",
    [
        f"Accueil > Monde > {HEADLINE}",  # breadcrumb
        f"Le Quotidien » {HEADLINE}",  # feed title
        f"{HEADLINE} | Le Quotidien",  # page title
        f"{HEADLINE} - Le Quotidien Régional",  # page title with a dash between spaces: a name after it
        f"Accueil › Politique › {HEADLINE} | Le Quotidien",  # both sides
    ],
)
def test_the_chrome_line_goes_before_or_after_the_headline(chrome: str) -> None:
    assert find([chrome, HEADLINE, BODY]) == [(0, 1)]
    assert find([HEADLINE, chrome, BODY]) == [(1, 0)]


def test_a_near_copy_or_a_cut_short_title_nearby_is_held_too() -> None:
    assert find([f"Accueil > {HEADLINE.replace('une', 'la')}", HEADLINE, BODY]) == [(0, 1)]
    assert find([f"Accueil > Monde > {HEADLINE[:40]}…", HEADLINE, BODY]) == [(0, 1)]
    # Far away, only an exact copy counts.
    far = [f"Accueil > {HEADLINE.replace('une', 'la')}", *[f"Paragraphe {n} du texte." for n in range(6)], HEADLINE]
    assert find(far) == []


@pytest.mark.parametrize(
    "line",
    [
        "Arsenal | 3 | Chelsea | 1",  # a table row: its cells are too short to be a title
        # too much outside the title: a sentence, not a site name
        f"{HEADLINE} - et le gouvernement espère le faire voter avant la fin du mois de juin prochain",
        f"Accueil / {HEADLINE}",  # no title the line could hold: the headline is not in the text
    ],
)
def test_lines_that_do_not_wrap_a_title_stay(line: str) -> None:
    texts = [line, "Chelsea", BODY] if line.startswith("Arsenal") else [line, BODY]
    assert find(texts) == []


def test_beside_a_dash_only_a_name_is_chrome() -> None:
    # "Guide - Legal basics and advice": a subtitle, not a site name.
    assert find([f"{HEADLINE} - Rechtliche Grundlagen und Hinweise", HEADLINE, BODY]) == []
    assert find([f"{HEADLINE} – lemonde.fr", HEADLINE, BODY]) == [(0, 1)]


def test_quote_marks_and_hyphens_are_no_separators() -> None:
    quoted = f"«{HEADLINE}»!"
    assert find([HEADLINE, quoted, BODY]) == []
    assert find([HEADLINE, f"Sous-titre-{HEADLINE}", BODY]) == []


def test_a_copy_of_a_title_is_no_chrome_around_it() -> None:
    # The dash is punctuation of the title itself: the lines are copies, left to duplicate removal.
    line = "Le président annonce une réforme — et la rue répond"
    assert find([line, line, BODY]) == []
    assert find([line, line.replace("la rue", "les rues"), BODY]) == []


def test_a_title_is_never_chrome_itself() -> None:
    # Each line holds the other's text: the shorter, standalone one is the title.
    assert find([f"Le Quotidien » {HEADLINE}", f"Le Quotidien » {HEADLINE} | Archives"]) == [(1, 0)]


def test_clean_article_keeps_the_headline_and_reports_the_chrome_line() -> None:
    text = f"Le Quotidien » {HEADLINE}\n{HEADLINE}\n{BODY}\n"
    result = clean_article(text)
    assert [p.text for p in result.kept] == [HEADLINE, BODY]
    (removal,) = result.removals
    assert (removal.index, removal.reason, removal.chrome) == (0, "page_chrome", "title-in-chrome")
    assert dict(removal.evidence)["title"] == 1
    assert removal.describe() == "paragraph 0 removed: page chrome (title-in-chrome)"
    # Without duplicate removal both stay, as written.
    assert clean_article(text, CleanConfig(deduplicate=False)).removals == ()


def test_the_match_names_the_words_outside_the_title() -> None:
    texts = [f"Accueil > Monde > {HEADLINE}", HEADLINE]
    keys = [paragraph_key(t) for t in texts]
    assert find_titles_in_chrome(texts, keys, [count_words(k) for k in keys]) == [TitleInChrome(0, 1, 2)]


@given(st.lists(st.sampled_from([*" \t\u00a0\u2003\x1c|>»›·•/–—:-", "ab", "Site"]), max_size=30).map("".join))
def test_the_separator_pre_check_passes_every_line_with_a_separator(text: str) -> None:
    from dedupe_article.titles import _SEPARATOR, _SEPARATOR_CORE

    if _SEPARATOR.search(text):
        assert _SEPARATOR_CORE.search(text), text


def test_a_line_wrapping_a_repeated_title_wraps_the_copy_that_stays() -> None:
    # Found by test_clean_is_idempotent_when_unwrapping: line 2 wraps line 1, a repeat of line 0. It kept
    # the line (its title went), and a second cleaning, with the repeat gone, removed it as wrapping line 0.
    body = " ".join(["привет"] * 17) + "."
    text = f"привет — {body}\nпривет — {body}\nمرحبا — {body}\n"
    result = clean_article(text)
    chrome = {m.index: dict(m.evidence) for m in result.removals if m.chrome == "title-in-chrome"}
    assert chrome == {2: {"title": 0, "chrome_words": 1}}
    assert clean_article(result.text).text == result.text
