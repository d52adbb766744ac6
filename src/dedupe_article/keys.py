"""Comparison keys: the normalised form paragraphs are compared on.

Keys are used only to *compare* paragraphs; output text is never normalised.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import regex

# Invisible format characters change nothing a reader sees; matching drops
# them. These are the characters of Unicode category Cf, as explicit ranges
# for the stdlib engine (several times faster here than \p{Cf}): SOFT HYPHEN;
# ARABIC NUMBER SIGN ... ARABIC LETTER MARK; MONGOLIAN VOWEL SEPARATOR; ZERO
# WIDTH SPACE, ZERO WIDTH (NON-)JOINER, LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK;
# the bidi embeddings, overrides and isolates; WORD JOINER and the invisible
# operators; ZERO WIDTH NO-BREAK SPACE (the BOM); the interlinear annotation
# controls; the tag characters.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]+"
)
# The same characters for the regex engine, whose \p{Cf} lookup is about
# four times faster than the ranges above when scanning text (tests/test_keys.py
# checks that the two sets agree).
_INVISIBLE_CF = regex.compile(r"\p{Cf}+")
# A line of whitespace and invisible characters only: a blank line.
BLANK = re.compile(r"(?:\s|" + INVISIBLE.pattern + ")*")
# All punctuation (quote styles included) becomes a space; whitespace runs
# are then collapsed by str.split, which is faster than one class of both.
_PUNCTUATION = regex.compile(r"\p{P}+")
# Chinese, Japanese and Korean script, as explicit ranges (the stdlib engine
# answers "is there any here?" several times faster than \p{...} classes):
# Han (radicals, ideographs and their extensions, iteration and numeral
# marks), Hiragana, Katakana (with the prolonged sound mark and half-width
# forms), Bopomofo, and Hangul. tests/test_keys.py checks that every
# character of those scripts is covered.
_HANGUL = "\u1100-\u11ff\u302e\u302f\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc"
_HAN_KANA = (
    "\u02ea\u02eb\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3041-\u30ff\u3100-\u312f"
    "\u31a0-\u31bf\u31f0-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00016fe2\U00016fe3\U00016ff0-\U00016ff6\U0001aff0-\U0001b16f\U0001f200"
    "\U00020000-\U0003ffff"
)
CJK_CLASS = _HAN_KANA + _HANGUL


class _CjkPatterns:
    """The patterns over the CJK classes, compiled on first use (each takes a few ms: not at import)."""

    def __init__(self) -> None:
        self.has = re.compile(f"[{CJK_CLASS}]")
        # A space next to a Chinese/Japanese/Korean character carries no meaning in a key.
        self.space = re.compile(f"(?<=[{CJK_CLASS}]) | (?=[{CJK_CLASS}])")
        # Words for counting: a run of CJK counts one word per two characters.
        self.words = re.compile(f"[{CJK_CLASS}]{{1,2}}|[^\\s{CJK_CLASS}]+")
        # Where hard-wrapped lines join with no space: Chinese and Japanese text and
        # full-width punctuation (Korean puts spaces between words, so it is not here).
        self.no_space_join = re.compile(f"[{_HAN_KANA}\u3000-\u303f\uff00-\uff65]")


@functools.cache
def _cjk() -> _CjkPatterns:
    return _CjkPatterns()


def has_cjk(text: str) -> bool:
    """Whether a text contains Chinese, Japanese or Korean characters.

    >>> has_cjk("Meta AI"), has_cjk("科技日报"), has_cjk("カタカナ")
    (False, True, True)
    """
    return not text.isascii() and _cjk().has.search(text) is not None


def paragraph_key(text: str) -> str:
    """Return the key a paragraph is compared on.

    The key is NFKC-normalised and case-folded; invisible format characters
    (zero-width spaces and joiners, bidi controls, the soft hyphen) are
    dropped; punctuation of any kind (quote styles included) becomes a
    space; runs of whitespace become one space; spaces next to Chinese,
    Japanese or Korean characters are removed.

    >>> paragraph_key("  «Hello,   WORLD!»  ")
    'hello world'
    >>> paragraph_key("It's") == paragraph_key("It\N{RIGHT SINGLE QUOTATION MARK}s")
    True
    >>> paragraph_key("科技 日报：记者")
    '科技日报记者'

    Args:
        text: one paragraph as written.

    Returns:
        The normalised key; ``""`` when the paragraph holds only punctuation
        and spaces (such paragraphs are never treated as duplicates).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return key_of_plain(plain_text(text))


def key_of_plain(plain: str) -> str:
    """:func:`paragraph_key` of a text already in :func:`plain_text` form (cheaper)."""
    if isinstance(plain, str) and len(plain) > LONG_TEXT:
        pieces = [_key_piece(piece) for piece in _pieces(plain)]
        return "".join(_joined(pieces))
    return _key_piece(plain)


def _key_piece(plain: str) -> str:
    if plain.isascii():  # the same key, by cheaper means: most text of most corpora
        return " ".join(plain.encode("ascii").lower().translate(_ASCII_PUNCTUATION).decode("ascii").split())
    key = " ".join(_PUNCTUATION.sub(" ", plain.casefold()).split())
    cjk = _cjk()
    return cjk.space.sub("", key) if cjk.has.search(key) else key


# The ASCII characters _PUNCTUATION matches (\p{P}), each as a space: for ASCII
# text, bytes.translate does what the regex does, fifteen times faster
# (tests/test_keys.py checks the two agree on every ASCII character).
_ASCII_MARKS = bytes(c for c in range(128) if _PUNCTUATION.fullmatch(chr(c)))
_ASCII_PUNCTUATION = bytes.maketrans(_ASCII_MARKS, b" " * len(_ASCII_MARKS))

_QUOTES_MAP = {
    "\N{LEFT SINGLE QUOTATION MARK}": "'",
    "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{SINGLE LOW-9 QUOTATION MARK}": "'",
    "\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}": "'",
    "\N{PRIME}": "'",
    "\N{MODIFIER LETTER APOSTROPHE}": "'",
    "\N{LEFT DOUBLE QUOTATION MARK}": '"',
    "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
    "\N{DOUBLE LOW-9 QUOTATION MARK}": '"',
    "\N{DOUBLE HIGH-REVERSED-9 QUOTATION MARK}": '"',
    "\N{DOUBLE PRIME}": '"',
}
_QUOTES = str.maketrans(_QUOTES_MAP)
_QUOTES_FROM = tuple(_QUOTES_MAP)


_HAS_QUOTE = re.compile("[" + "".join(_QUOTES_FROM) + "]")


def plain_text(text: str) -> str:
    """The form rules read a paragraph in.

    NFKC; invisible characters dropped; typographic quotes (’ ‘ “ ” „ and
    kin) as ASCII quotes; whitespace runs as one space.

    >>> rsquo = "\N{RIGHT SINGLE QUOTATION MARK}"
    >>> ldquo, rdquo = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
    >>> print(plain_text(f" It{rsquo}s  {ldquo}done{rdquo} "))
    It's "done"
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if len(text) > LONG_TEXT:
        if (
            unicodedata.is_normalized("NFKC", text)
            and _INVISIBLE_CF.search(text) is None
            and _HAS_QUOTE.search(text) is None
            and _ODD_SPACE.search(text) is None
        ):
            return text  # already plain: no copy of a huge paragraph
        return " ".join(piece for piece in map(_plain_piece, _pieces(text)) if piece)
    return _plain_piece(text)


def _plain_piece(text: str) -> str:
    if text.isascii():  # NFKC leaves ASCII as it is, and it holds no invisible character or curly quote
        return " ".join(text.split())
    text = _INVISIBLE_CF.sub("", unicodedata.normalize("NFKC", text))
    if _HAS_QUOTE.search(text):  # translate() is slow on long text; most has no such quote
        text = text.translate(_QUOTES)
    return " ".join(text.split())


# A paragraph longer than this (in characters) is made plain and keyed a
# piece at a time: str.split() on a whole 200 MB line builds a list of
# millions of words, twelve times the text's size. The result is the same.
LONG_TEXT = 1 << 20
# Whitespace other than one space between words: what plain_text changes.
_ODD_SPACE = re.compile(r"[^\S ]|  |^ | $")
_SPACE_CHAR = re.compile(r"\s")


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about :data:`LONG_TEXT` characters, each cut just after a whitespace.

    No step of :func:`plain_text` or :func:`paragraph_key` looks across a
    whitespace character (NFKC composes nothing with one, and the rest is
    character by character), so the pieces can be done one by one.
    """
    start = 0
    while start < len(text):
        space = _SPACE_CHAR.search(text, start + LONG_TEXT)
        end = len(text) if space is None else space.end()
        yield text[start:end]
        start = end


def _joined(keys: list[str]) -> Iterator[str]:
    """The keys of consecutive pieces, with the space between them (none next to CJK)."""
    previous = ""
    for key in keys:
        if not key:
            continue
        if previous and not (_cjk().has.match(previous[-1]) or _cjk().has.match(key[0])):
            yield " "
        yield key
        previous = key


def count_words(key: str) -> int:
    """Count the words of a key; two Chinese/Japanese characters count as one.

    The key must come from :func:`paragraph_key` (single spaces, no edges).

    >>> count_words("grandes cambios en febrero")
    4
    >>> count_words("科技日报记者崔爽")
    4
    """
    if has_cjk(key):
        if len(key) > LONG_TEXT:  # no list of a huge paragraph's words
            return sum(1 for _ in _cjk().words.finditer(key))
        return len(_cjk().words.findall(key))
    return key.count(" ") + 1 if key else 0


def joins_without_space(char: str) -> bool:
    """Whether a hard wrap next to this character joins with no space.

    True for Chinese and Japanese characters and full-width punctuation;
    false for Korean, which separates words with spaces, and for the rest.

    >>> joins_without_space("。"), joins_without_space("한"), joins_without_space("a")
    (True, False, False)
    """
    return _cjk().no_space_join.match(char) is not None
