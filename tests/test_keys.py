"""Unit tests of paragraph_key and count_words: the form paragraphs are compared on."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from dedupe_article import clean_article, paragraph_key
from dedupe_article.keys import CJK_CLASS, INVISIBLE, count_words, has_cjk, joins_without_space, plain_text

# --- NFKC ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ﬁle", "file"),  # ligature
        ("ＡＢＣ１２３", "abc123"),  # full-width Latin and digits
        ("ｶﾀｶﾅ", "カタカナ"),  # half-width katakana
        ("①", "1"),
        ("Ⅻ", "xii"),
        ("e\u0301te\u0301", "\u00e9t\u00e9"),  # combining accents compose
        ("\u00e9t\u00e9", "\u00e9t\u00e9"),
    ],
)
def test_nfkc(text: str, key: str) -> None:
    assert paragraph_key(text) == key


def test_decomposed_and_composed_accents_give_one_key() -> None:
    assert paragraph_key("informacio\u0301n") == paragraph_key("informaci\u00f3n")


# --- case ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("STRASSE", "straße"),
        ("ΣΊΣΥΦΟΣ", "σίσυφος"),  # final sigma
        ("ПРИВЕТ МИР", "привет мир"),
        ("Київ", "КИЇВ"),
        ("ÉLÈVE", "élève"),
    ],
)
def test_casefold(a: str, b: str) -> None:
    assert paragraph_key(a) == paragraph_key(b)


# --- punctuation and quotes --------------------------------------------------------------


@pytest.mark.parametrize(
    "quoted",
    ['"Hello"', "“Hello”", "‘Hello’", "'Hello'", "«Hello»", "‹Hello›", "„Hello“", "「Hello」", "『Hello』", "(Hello)"],
)
def test_quote_styles_are_ignored(quoted: str) -> None:
    assert paragraph_key(quoted) == "hello"


def test_apostrophe_styles_give_one_key() -> None:
    assert paragraph_key("It's") == paragraph_key("It’s") == paragraph_key("It`s".replace("`", "'"))


def test_punctuation_is_a_word_break() -> None:
    assert paragraph_key("Hello,world!") == "hello world"
    assert paragraph_key("well-known") == "well known"
    assert paragraph_key("¿Qué pasó?") == "qué pasó"
    assert paragraph_key("مرحبا، العالم؟") == "مرحبا العالم"  # Arabic comma and question mark


def test_symbols_are_not_punctuation() -> None:
    assert paragraph_key("$100 + €5") == "$100 + €5"


@pytest.mark.parametrize("text", ["", "   ", "...", "—", "«»", "* * *", "¡!", "\u200b", "\n\t\u3000"])
def test_key_of_no_words_is_empty(text: str) -> None:
    assert paragraph_key(text) == ""
    assert count_words(paragraph_key(text)) == 0


# --- invisible characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    [
        "\u200b",  # ZERO WIDTH SPACE
        "\u200c",  # ZERO WIDTH NON-JOINER
        "\u200d",  # ZERO WIDTH JOINER
        "\u2060",  # WORD JOINER
        "\u00ad",  # SOFT HYPHEN
        "\ufeff",  # ZERO WIDTH NO-BREAK SPACE / BOM
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u200f",  # RIGHT-TO-LEFT MARK
        "\u061c",  # ARABIC LETTER MARK
        *"\u202a\u202b\u202c\u202d\u202e",  # embeddings, overrides, POP DIRECTIONAL FORMATTING
        *"\u2066\u2067\u2068\u2069",  # isolates
    ],
)
def test_invisible_characters_are_dropped(char: str) -> None:
    assert paragraph_key(f"in{char}formation") == "information"
    assert paragraph_key(f"{char}Hello world{char}") == "hello world"


def test_bidi_wrapped_arabic_matches_plain() -> None:
    assert paragraph_key("\u202bالحكومة الجديدة\u202c") == paragraph_key("الحكومة الجديدة")


# --- whitespace -------------------------------------------------------------------------------


def test_whitespace_runs_become_one_space() -> None:
    assert paragraph_key("  a\tb\nc\u3000d\u00a0e\u2028f  ") == "a b c d e f"


# --- Chinese, Japanese, Korean -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("科技 日报", "科技日报"),
        ("科技日报：记者", "科技日报记者"),
        ("科技\u3000日报", "科技日报"),  # ideographic space
        ("AI 模型", "ai模型"),
        ("模型 AI", "模型ai"),
        ("東京 の ニュース", "東京のニュース"),
        ("한국 어", "한국어"),
    ],
)
def test_spaces_next_to_cjk_are_removed(text: str, key: str) -> None:
    assert paragraph_key(text) == key


def test_spaces_between_other_words_stay() -> None:
    assert paragraph_key("AI model 科技") == "ai model科技"


# --- count_words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("grandes cambios en febrero", 4),
        ("привет мир", 2),
        ("مرحبا العالم الجديد", 3),
        ("科技日报记者崔爽", 4),  # two characters a word
        ("科技日", 2),  # an odd character counts as one
        ("AI 模型 test", 3),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(paragraph_key(text)) == words


def test_count_words_katakana_with_prolonged_sound_mark() -> None:
    assert count_words(paragraph_key("ニュース")) == count_words(paragraph_key("ニュウス")) == 2


def test_joins_without_space() -> None:
    assert joins_without_space("科") and joins_without_space("の") and joins_without_space("カ")
    assert joins_without_space("。") and joins_without_space("，")  # CJK punctuation and full-width forms
    assert not joins_without_space("한")  # Korean separates words with spaces
    assert not any(joins_without_space(c) for c in "aéжب")


def test_cjk_ranges_cover_every_character_of_the_cjk_scripts() -> None:
    import sys

    import regex

    scripts = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
    missing = [hex(c) for c in range(sys.maxunicode + 1) if scripts.match(chr(c)) and not has_cjk(chr(c))]
    assert missing == []
    assert not has_cjk("abc éж ب 1")
    assert CJK_CLASS


# --- keys only compare; output is never normalised ---------------------------------------------------


def test_output_is_not_normalised() -> None:
    text = "«ＡＢＣ» in\u200bformation\n"
    assert clean_article(text).text == text


def test_both_invisible_patterns_hold_the_same_characters() -> None:
    # plain_text uses the regex engine's \p{Cf}; BLANK is built on the explicit ranges.
    fast = regex.compile(r"\p{Cf}")
    differ = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if bool(INVISIBLE.fullmatch(chr(cp))) != bool(fast.fullmatch(chr(cp)))
    ]
    assert differ == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_key_is_punctuation_and_whitespace_runs_as_one_space(text: str) -> None:
    # The definition, written plainly: every run of punctuation and whitespace is one space.
    expected = regex.sub(r"[\p{P}\s]+", " ", plain_text(text).casefold()).strip()
    if not has_cjk(expected):
        assert paragraph_key(text) == expected


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_text_takes_a_shortcut_to_the_same_key(text: str) -> None:
    # ASCII text is keyed by str.translate, not the regex engine: the result is the definition's.
    import unicodedata

    plain = " ".join(regex.sub(r"\p{Cf}+", "", unicodedata.normalize("NFKC", text)).split())
    assert plain_text(text) == plain
    assert paragraph_key(text) == regex.sub(r"[\p{P}\s]+", " ", plain.casefold()).strip()
    assert count_words(paragraph_key(text)) == len(paragraph_key(text).split())


def test_every_ascii_character_keys_as_the_regex_engine_keys_it() -> None:
    for char in map(chr, range(128)):
        text = f"a{char}b"
        assert paragraph_key(text) == " ".join(regex.sub(r"\p{P}+", " ", plain_text(text).casefold()).split())
