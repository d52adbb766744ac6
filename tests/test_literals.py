"""The regex rules' pre-check: required literals, the fold they are compared in, and the one-scan mask.

The pre-check may only ever skip a rule that cannot match: every test here
checks that a paragraph a pattern matches always passes it, and that the
whole catalog gives the same matches with and without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_article import Catalog, Rule, builtin_rules
from dedupe_article.boilerplate import match_rules
from dedupe_article.keys import count_words, paragraph_key, plain_text
from dedupe_article.literals import fold, required_literals

FIXTURES = Path(__file__).parent.parent / "fixtures"
REGEX_RULES = [rule for rule in builtin_rules() if rule.kind == "regex"]


def _matches(pattern: str, text: str) -> bool:
    return regex.compile(pattern, regex.IGNORECASE | regex.V0).fullmatch(text) is not None


def _passes(pattern: str, text: str) -> bool:
    """Whether ``text`` passes the pre-check read off ``pattern`` (no literals: always)."""
    literals = required_literals(pattern)
    return literals is None or any(literal in fold(text) for literal in literals)


def test_fold_keeps_every_case_insensitive_match_of_a_character() -> None:
    # For every cased character c and every character x that the regex
    # module's case-insensitive matching pairs with it, fold(x) == fold(c):
    # so a text a pattern matches, folded, holds the pattern's folded literals.
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    cased = [c for c in everything if c.lower() != c or c.upper() != c or c.casefold() != c]
    assert len(cased) > 2500
    wrong = [
        (c, x)
        for c in cased
        for x in regex.compile(regex.escape(c), regex.IGNORECASE | regex.V0).findall(everything)
        if fold(x) != fold(c)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"read more", {"read more"}),
        (r"(?:read|see) also: .{1,40}", {"read also: ", "see also: "}),
        (r"newsletters?\b.{0,60}", {"newsletter"}),
        (r"(?: now| today)? to our newsletter", {" to our newsletter"}),
        (r"[»›]?\s*more", {"more"}),
        (r"[iİ]lgili haber", {"ilgili haber"}),
        (r"STRASSE|straße", {"strasse"}),  # ß folds to ss, as the text does
        (r"(?-i:APP) [A-Z]{3}", {"app "}),
        (r"(?=.*\bctrl\b).{0,40}enter", {"enter"}),  # the longer of the two
        (r"(?:ab){2,3}c", {"ab"}),  # a repeated part counts when it must occur
        (r"x(?!y)z", {"xz"}),  # zero width: x and z are next to each other
        (r"\p{Lu}{3} tags", {" tags"}),
    ],
)
def test_required_literals_of_patterns(pattern: str, literals: set[str]) -> None:
    assert required_literals(pattern) == literals


@pytest.mark.parametrize(
    "pattern",
    [
        r".{0,40}\d+",  # no fixed part
        r"(?:read more)?.*",  # only an optional one
        r"read|.*",  # one branch has none
        r"(?:newsletter){e<=1}",  # fuzzy matching: the regex module's syntax
        r"[[:alpha:]]+ news",  # POSIX class: the regex module's syntax
        r"(?P<x>ab)(?P=x",  # not a pattern the reader can parse
    ],
)
def test_patterns_without_a_pre_check(pattern: str) -> None:
    assert required_literals(pattern) is None


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda rule: rule.id)
def test_every_drop_example_passes_its_rules_pre_check(rule: Rule) -> None:
    catalog = Catalog([rule])
    bits = catalog.regexes_for(1, True, True)
    for example in rule.drop:
        plain = plain_text(example)
        for _, _, _, bit in bits:
            assert not bit or catalog.literal_mask(plain) & bit, example


PIECES = st.sampled_from(
    sorted({literal for rule in REGEX_RULES for literal in (required_literals("|".join(rule.patterns)) or ())})
    + [example for rule in REGEX_RULES for example in rule.drop]
    + ["İ", "ı", "ẞ", "ß", " ", ":", "»", "©", "2024", "Read", "NEWSLETTER", "\u00a0"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=8).map("".join))
def test_a_matching_text_always_passes_the_pre_check(text: str) -> None:
    for rule in REGEX_RULES:
        for pattern in rule.patterns:
            if _matches(pattern, text):
                assert _passes(pattern, text), (rule.id, pattern, text)


def _paragraphs() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted(FIXTURES.glob("*/*/input.txt"))]
    texts.append((FIXTURES / "gate-es" / "input.txt").read_text("utf-8"))
    return [line for text in texts for line in text.splitlines()]


def test_the_catalog_matches_the_same_with_and_without_the_pre_check(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = _paragraphs()
    catalog = Catalog.builtin()
    screened, _ = match_rules(paragraphs, catalog)
    monkeypatch.setattr(Catalog, "literal_mask", lambda self, plain: -1)  # every rule tried
    everything, _ = match_rules(paragraphs, catalog)
    assert len(paragraphs) > 5000 and len(screened) > 200
    assert screened == everything


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), min_size=1, max_size=12))
def test_generated_paragraphs_match_the_same_with_and_without_the_pre_check(paragraphs: list[str]) -> None:
    catalog = Catalog.builtin()
    screened, _ = match_rules(paragraphs, catalog)
    original = Catalog.literal_mask
    try:
        Catalog.literal_mask = lambda self, plain: -1  # type: ignore[method-assign]
        everything, _ = match_rules(paragraphs, catalog)
    finally:
        Catalog.literal_mask = original  # type: ignore[method-assign]
    assert screened == everything


def test_a_users_rule_gets_a_pre_check_from_its_pattern() -> None:
    rule = Rule("promo.ours", kind="regex", pattern=r"(?:get|download) the acme app\b.{0,40}")
    catalog = Catalog([rule])
    ((_, _, timed, bit),) = catalog.regexes_for(5, False, False)
    assert timed and bit
    assert catalog.literal_mask("Download the ACME app today") & bit
    assert not catalog.literal_mask("Download the other app today") & bit
    assert match_rules(["Intro.", "Download the ACME app today"], catalog)[0] == {1: rule}


def test_the_shipped_literal_table_is_current() -> None:
    # Run `python -m dedupe_article.literals` after changing a regex rule of the catalog.
    from importlib import resources

    from dedupe_article.literals import literal_table
    from dedupe_article.rules import builtin_literal_sources

    shipped = json.loads(resources.files("dedupe_article").joinpath("data/rule_literals.json").read_text("utf-8"))
    assert shipped == literal_table(builtin_literal_sources())


def test_a_stale_table_entry_is_ignored() -> None:
    from dedupe_article.literals import pattern_digest
    from dedupe_article.rules import _literals_of

    rule = next(rule for rule in REGEX_RULES if rule.id == "ui.read-also")
    stale = {rule.id: {"pattern": pattern_digest("something else"), "literals": ["zzz"]}}
    assert _literals_of(rule, stale) == required_literals("|".join(f"(?:{p})" for p in rule.patterns))


def test_reading_a_pattern_warns_nothing() -> None:
    # The re parser warns of "possible nested sets" (a matter for re users, not for the catalog's reader).
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert required_literals(r"[[a]b]x") == {"ab]x", "[b]x"}  # in V0 syntax, [[a] is a set of '[' and 'a'
    assert regex.compile(r"[[a]b]x", regex.IGNORECASE | regex.V0).fullmatch("[b]x")


@pytest.mark.parametrize("text", ["Subscribe to our newsletter", "Lee también: Meta despide", "© 2024 Example"])
def test_a_lone_surrogate_hides_no_literal(text: str) -> None:
    # The automaton reads UTF-8, which a lone surrogate (from JSON's "\ud800") cannot be.
    catalog = Catalog.builtin()
    assert catalog.literal_mask(text) != 0
    assert catalog.literal_mask(text + "\ud800") == catalog.literal_mask("\udfff" + text) == catalog.literal_mask(text)


def test_the_rules_to_try_are_the_plans_rules_that_pass_the_pre_check() -> None:
    catalog = Catalog.builtin()
    tried = 0
    for plain in map(plain_text, _paragraphs()[::7]):
        words = count_words(paragraph_key(plain))
        for before, after in ((False, False), (True, False), (False, True)):
            mask = catalog.literal_mask(plain)
            expected = [p for p in catalog.regexes_for(words, before, after) if not p[3] or mask & p[3]]
            assert list(catalog.regexes_to_try(plain, words, before, after)) == expected
            tried += len(expected)
    assert tried > 1000


def test_a_literal_with_a_lone_surrogate_hides_no_other_literal() -> None:
    # The automaton drops a literal it cannot read and every one after it: such literals are looked for with 'in'.
    odd = Rule("user.odd", kind="regex", pattern="xx\ud800.*", contains=("x\ud800",))
    quote = Rule("user.quote", kind="regex", pattern="call us today.*", contains=("call us",))
    catalog = Catalog([odd, quote])
    assert match_rules(["Intro.", "Call us today for a free quote"], catalog)[0] == {1: quote}
    assert match_rules(["Intro.", "xx\ud800 and more"], catalog)[0] == {1: odd}
