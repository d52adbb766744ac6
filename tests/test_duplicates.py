"""Unit tests of find_near_duplicates: the duplicate policy, case by case.

Each test asserts the evidence (method, duplicate_of, score), not just which
paragraphs go, because the policy is about *why* a paragraph is a repeat.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dedupe_article import DuplicateMatch, clean_article, duplicates, find_near_duplicates
from dedupe_article.keys import count_words, paragraph_key

A = "Meta lost half of the authors of its LLaMA paper this year, after a fight over computing power."
B = "The company said on Tuesday that it would open a new research lab in Paris next spring."
C = "Researchers warned that the model could be misused to write convincing phishing emails at scale."
D = "Regulators in Brussels are expected to publish their draft rules before the end of the year."
E = "Shares of the chip maker rose by four percent in early trading after the announcement was made."


@pytest.fixture(autouse=True, params=["compare-all", "index"])
def long_paragraph_search(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test on both searches for long near-duplicates.

    A document with few long paragraphs compares each with every earlier one;
    a longer one finds candidates through the rare-word index. The policy is
    the same, so each test must pass on both.
    """
    if request.param == "index":
        monkeypatch.setattr(duplicates, "_COMPARE_ALL", 0)
    return str(request.param)


def triples(matches: list[DuplicateMatch]) -> list[tuple[int, int, str]]:
    return [(m.index, m.duplicate_of, m.method) for m in matches]


def test_fixtures_are_long_and_distinct() -> None:
    keys = [paragraph_key(p) for p in (A, B, C, D, E)]
    assert all(count_words(k) >= 10 for k in keys)
    assert all(fuzz.ratio(a, b) < 70 for n, a in enumerate(keys) for b in keys[n + 1 :])


# --- long paragraphs -----------------------------------------------------------------


def test_exact_long_repeat() -> None:
    assert find_near_duplicates([A, B, A]) == [DuplicateMatch(2, 0, 100.0, "exact")]


def test_exact_repeat_modulo_punctuation_case_and_spacing() -> None:
    variant = "«META lost   half of the authors of its LLaMA paper this year after a fight over computing power!»"
    assert find_near_duplicates([A, B, variant]) == [DuplicateMatch(2, 0, 100.0, "exact")]


def test_every_repeat_points_at_the_first_occurrence() -> None:
    assert triples(find_near_duplicates([A, A, B, A])) == [(1, 0, "exact"), (3, 0, "exact")]


def test_one_word_variant_is_fuzzy() -> None:
    variant = A.replace("half", "most")
    (match,) = find_near_duplicates([A, B, variant])
    assert (match.index, match.duplicate_of, match.method) == (2, 0, "fuzzy")
    assert match.score >= 90
    assert match.score == pytest.approx(fuzz.ratio(paragraph_key(A), paragraph_key(variant)), abs=0.01)


def test_repeat_of_a_fuzzy_duplicate_points_at_the_kept_original() -> None:
    variant = A.replace("half", "most")
    assert triples(find_near_duplicates([A, variant, variant])) == [(1, 0, "fuzzy"), (2, 0, "fuzzy")]


def test_threshold_decides_a_fuzzy_match() -> None:
    variant = A.replace("half", "most").replace("power", "resources")
    score = fuzz.ratio(paragraph_key(A), paragraph_key(variant))
    assert 90 < score < 95
    (match,) = find_near_duplicates([A, variant], threshold=90)
    assert match.method == "fuzzy" and match.score >= 90
    assert find_near_duplicates([A, variant], threshold=95) == []
    # The threshold is inclusive: a score exactly at it is a match.
    assert len(find_near_duplicates([A, variant], threshold=score)) == 1


def test_exact_threshold_100_still_finds_identical_keys() -> None:
    assert triples(find_near_duplicates([A, A.upper(), A.replace("half", "most")], threshold=100)) == [(1, 0, "exact")]


def test_unrelated_long_paragraphs_are_kept() -> None:
    assert find_near_duplicates([A, B, C, D, E]) == []


def test_accent_stripped_copy_is_a_fuzzy_duplicate() -> None:
    original = (
        "La investigación del gobierno sobre la economía y la política energética mostró "
        "también que la información pública llegó después."
    )
    folded = "".join(c for c in unicodedata.normalize("NFD", original) if not unicodedata.combining(c))
    score = fuzz.ratio(paragraph_key(original), paragraph_key(folded))
    assert score >= 90  # 92.19: the policy says this is a near-duplicate
    assert triples(find_near_duplicates([original, folded])) == [(1, 0, "fuzzy")]


def test_copy_without_a_cjk_gloss_is_a_fuzzy_duplicate() -> None:
    glossed = (
        "President Xi Jinping (习近平) met the visiting delegation in Beijing on Monday "
        "to discuss trade and climate policy."
    )
    plain = glossed.replace(" (习近平)", "")
    assert fuzz.ratio(paragraph_key(glossed), paragraph_key(plain)) >= 95
    assert triples(find_near_duplicates([glossed, plain])) == [(1, 0, "fuzzy")]
    assert triples(find_near_duplicates([plain, glossed])) == [(1, 0, "fuzzy")]


def test_chinese_long_repeat_with_different_spacing_and_punctuation() -> None:
    zh = "科技日报记者崔爽报道，人工智能公司今天发布了新的模型，研究人员表示数据来自公开网络。"
    spaced = "科技日报 记者 崔爽 报道：人工智能公司今天发布了新的模型 研究人员表示数据来自公开网络"
    assert count_words(paragraph_key(zh)) >= 10
    assert find_near_duplicates([zh, B, spaced]) == [DuplicateMatch(2, 0, 100.0, "exact")]


def test_min_words_decides_what_is_long() -> None:
    short = "Prices rose sharply in March."  # five words
    assert find_near_duplicates([short, B, short]) == []
    assert find_near_duplicates([short, B, short], min_words=5) == [DuplicateMatch(2, 0, 100.0, "exact")]


# --- short paragraphs ------------------------------------------------------------------


def test_short_refrain_repeated_non_adjacently_is_kept() -> None:
    assert find_near_duplicates(["We shall overcome", A, "We shall overcome", B, "We shall overcome"]) == []


def test_short_one_word_variant_is_never_fuzzy() -> None:
    # Nine words each: short, and a ratio far above 90, but opposite meanings.
    passed = "The test passed on Linux with the new flag"
    failed = "The test failed on Linux with the new flag"
    assert count_words(paragraph_key(passed)) == 9
    assert fuzz.ratio(paragraph_key(passed), paragraph_key(failed)) >= 85
    assert find_near_duplicates([passed, failed]) == []


def test_execstack_and_noexecstack_are_both_kept() -> None:
    assert find_near_duplicates(["-z execstack", "-z noexecstack"]) == []
    assert find_near_duplicates(["-z execstack", A, "-z noexecstack"]) == []


def test_yes_repeated_in_an_interview_is_kept() -> None:
    interview = ["Did you see the report?", "Yes.", "And did you agree with it?", "Yes.", "Yes."]
    assert find_near_duplicates(interview) == []


def test_one_word_adjacent_repeat_is_kept() -> None:
    # Table cells: "0" under two columns.
    assert find_near_duplicates(["Wins", "Losses", "0", "0", "3", "3"]) == []


def test_two_word_adjacent_repeat_is_kept_by_default() -> None:
    assert find_near_duplicates(["no data", "no data"]) == []
    assert find_near_duplicates(["no data", "no data"], stutter_words=2) == [DuplicateMatch(1, 0, 100.0, "stutter")]


def test_adjacent_stutter_of_a_three_word_line() -> None:
    assert find_near_duplicates(["Breaking news today", "Breaking news today", A]) == [
        DuplicateMatch(1, 0, 100.0, "stutter")
    ]


def test_stutter_ignores_punctuation_and_case() -> None:
    assert triples(find_near_duplicates(["Breaking news today", "BREAKING NEWS TODAY!", A])) == [(1, 0, "stutter")]


def test_triple_stutter_points_at_the_kept_line() -> None:
    line = "Read this first please"
    assert triples(find_near_duplicates([line, line, line])) == [(1, 0, "stutter"), (2, 0, "stutter")]


def test_stutter_needs_identical_keys() -> None:
    assert find_near_duplicates(["Breaking news today", "Breaking news tonight"]) == []


def test_paragraphs_without_letters_are_never_duplicates() -> None:
    assert find_near_duplicates(["---", "---", "* * *", "...", "...", "—"]) == []


# --- repeated copies -----------------------------------------------------------------


def test_short_heading_inside_a_repeated_copy_is_a_copy() -> None:
    article = ["Introduction", A, B, "Results", C, D]
    matches = find_near_duplicates(article + article)
    assert triples(matches) == [
        (6, 0, "copy"),  # the heading before the first long repeat
        (7, 1, "exact"),
        (8, 2, "exact"),
        (9, 3, "copy"),  # "Results", between two long repeats
        (10, 4, "exact"),
        (11, 5, "exact"),
    ]
    assert {m.method: m.score for m in matches} == {"copy": 100.0, "exact": 100.0}


def test_short_line_after_the_last_long_repeat_of_a_copy() -> None:
    article = [A, B, "The end", C]
    copy = [A, B, "The end"]
    assert triples(find_near_duplicates(article + copy)) == [(4, 0, "exact"), (5, 1, "exact"), (6, 2, "copy")]


def test_short_line_outside_any_copy_is_kept() -> None:
    # "Photo: Reuters" repeats, but the second one is not inside a copy.
    paras = ["Photo: Reuters", A, B, C, "Photo: Reuters", D]
    assert find_near_duplicates(paras) == []


def test_a_single_long_repeat_is_not_a_copy() -> None:
    # One long repeat does not make a copy: the short line next to it stays.
    paras = ["Introduction", A, B, "Introduction", A]
    assert triples(find_near_duplicates(paras)) == [(4, 1, "exact")]


def test_a_brief_rendered_twice_is_a_copy() -> None:
    # One long duplicate, with the short lines around it repeating the lines
    # around its source: a copy.
    assert triples(find_near_duplicates(["Title", A, "End", "Title", A, "End"])) == [
        (3, 0, "copy"),
        (4, 1, "exact"),
        (5, 2, "copy"),
    ]


def test_edge_of_a_copy_needs_words_away_from_the_run() -> None:
    # Right after the run, a one-word line repeating the line right after the
    # source goes with the copy ...
    assert triples(find_near_duplicates([A, B, "Yes.", C, A, B, "Yes."])) == [
        (4, 0, "exact"),
        (5, 1, "exact"),
        (6, 2, "copy"),
    ]
    # ... but past an unmatched addition it is too weak as evidence and stays,
    assert triples(find_near_duplicates([A, B, "Yes.", C, A, B, "Photo: AFP", "Yes."])) == [
        (4, 0, "exact"),
        (5, 1, "exact"),
    ]
    # while a line of stutter_words words or more still goes.
    assert triples(find_near_duplicates([A, B, "Thanks for reading", C, A, B, "Photo: AFP", "Thanks for reading"])) == [
        (4, 0, "exact"),
        (5, 1, "exact"),
        (7, 2, "copy"),
    ]


# --- refrains and numbers -----------------------------------------------------------------


def test_a_long_refrain_between_different_text_stays() -> None:
    # A recurs three times, each time between other text: a refrain.
    assert find_near_duplicates([A, B, A, C, A, D]) == []
    # Twice is not enough: the second may be a teaser or a repeat.
    assert triples(find_near_duplicates([A, B, A, C])) == [(2, 0, "exact")]


def test_a_refrain_sung_twice_in_a_row_counts_once() -> None:
    # The occurrence right after another is a repeat, and the two lone ones are too few.
    assert triples(find_near_duplicates([A, B, A, A, C])) == [(2, 0, "exact"), (3, 0, "exact")]
    # With three lone occurrences, the one right after another still goes.
    assert triples(find_near_duplicates([A, B, A, A, C, A, D])) == [(3, 0, "exact")]


def test_the_second_copy_of_a_text_with_a_refrain_goes() -> None:
    poem = [B, A, C, A, D, A]
    found = triples(find_near_duplicates([*poem, *poem]))
    # The refrain's three occurrences in the first copy stay; the whole
    # second copy goes, each refrain pointing at the one it lines up with.
    assert found == [
        (6, 0, "exact"),
        (7, 1, "exact"),
        (8, 2, "exact"),
        (9, 3, "exact"),
        (10, 4, "exact"),
        (11, 5, "exact"),
    ]


def test_numbers_are_content() -> None:
    header = "Reply by martin_k on the forum thread about garden sheds » Tue Jun 11, 2024 {} pm"
    first, second = header.format("9:02"), header.format("9:55")
    assert find_near_duplicates([first, B, second, C]) == []
    # The same edit without a number is a near-duplicate.
    assert triples(find_near_duplicates([first, B, first.replace("garden", "tool"), C])) == [(2, 0, "fuzzy")]


def test_a_number_edit_inside_a_repeated_copy_goes() -> None:
    edited = C.replace("phishing", "phishing (3 kinds)")
    found = triples(find_near_duplicates([A, B, C, D, "Show original", A, B, edited, D]))
    assert found == [(5, 0, "exact"), (6, 1, "exact"), (7, 2, "fuzzy"), (8, 3, "exact")]


# --- parameters ------------------------------------------------------------------------


def test_skip_leaves_paragraphs_out_entirely() -> None:
    # With 0 skipped, the first A left is 1; 2 repeats it.
    assert triples(find_near_duplicates([A, A, A], skip={0})) == [(2, 1, "exact")]
    assert find_near_duplicates([A, A], skip=[0]) == []
    assert find_near_duplicates([A, A], skip=(1,)) == []


def test_skip_does_not_break_a_stutter() -> None:
    # The skipped paragraph (removed as boilerplate, say) is not "in between".
    line = "Breaking news today"
    assert triples(find_near_duplicates([line, "Ver originales", line], skip={1})) == [(2, 0, "stutter")]


def test_matches_come_in_document_order() -> None:
    paras = [A, B, C, "Yes", C, B, A]
    matches = find_near_duplicates(paras)
    assert [m.index for m in matches] == [4, 5, 6]
    assert all(m.duplicate_of < m.index for m in matches)


def test_empty_input() -> None:
    assert find_near_duplicates([]) == []


def test_a_string_is_not_a_list_of_paragraphs() -> None:
    with pytest.raises(TypeError, match="sequence of str"):
        find_near_duplicates("A paragraph.")  # type: ignore[arg-type]


# --- inside clean_article -------------------------------------------------------------------


def test_clean_article_reports_duplicate_evidence() -> None:
    result = clean_article("\n".join([A, B, A.replace("half", "most"), A, "Yes.", "Yes.", C]) + "\n")
    assert [(r.index, r.reason, r.duplicate_of, r.method) for r in result.removals] == [
        (2, "near_duplicate", 0, "fuzzy"),
        (3, "near_duplicate", 0, "exact"),
    ]
    assert [p.text for p in result.kept] == [A, B, "Yes.", "Yes.", C]


def test_duplicate_of_a_removed_label_is_not_reported() -> None:
    """duplicate_of must name a kept paragraph, even when the first copy is boilerplate."""
    result = clean_article("Dirección del papel:\nDirección del papel:\n")
    kept = {p.index for p in result.kept}
    for r in result.removals:
        assert r.duplicate_of is None or r.duplicate_of in kept


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=300), unique=True, max_size=90),
        max_size=duplicates._SIGNATURE,
    )
)
def test_candidates_are_the_recent_paragraphs_in_most_posting_lists(lists: list[list[int]]) -> None:
    # The plain reading of the rule: every paragraph of each list's recent end; past the
    # limit, Counter.most_common's choice.
    tails = [posting[-duplicates._MAX_POSTINGS :] for posting in lists]
    counts = Counter(i for tail in tails for i in tail)
    expected = set(counts)
    if len(expected) > duplicates._MAX_CANDIDATES:
        expected = {i for i, _ in counts.most_common(duplicates._MAX_CANDIDATES)}
    assert set(duplicates._candidates(lists)) == expected
