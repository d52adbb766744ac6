"""Comparison keys: the normalised form paragraphs are compared on.

Keys are used only to *compare* paragraphs; output text is never normalised.
"""

from __future__ import annotations

import re
import unicodedata

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
# A line of whitespace and invisible characters only: a blank line.
BLANK = re.compile(r"(?:\s|" + INVISIBLE.pattern + ")*")
# All punctuation (quote styles included) and whitespace become one space.
_BREAK = regex.compile(r"[\p{P}\s]+")
# A space next to a Chinese/Japanese/Korean character carries no meaning there.
_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}"
_CJK_SPACE = regex.compile(rf"(?<=[{_CJK_CLASS}]) | (?=[{_CJK_CLASS}])")
# Words for counting: a run of CJK counts one word per two characters.
_WORDS = regex.compile(rf"[{_CJK_CLASS}]{{1,2}}|[^\s{_CJK_CLASS}]+")
# The same scripts as explicit ranges, for the stdlib engine, which answers
# "is there any CJK here?" several times faster than \p{...} classes.
_CJK_RANGES = (
    "\u1100-\u11ff\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc"
    "\U00020000-\U0003134f"
)
_HAS_CJK = re.compile(f"[{_CJK_RANGES}]")


def has_cjk(text: str) -> bool:
    """Whether a text contains Chinese, Japanese or Korean characters.

    >>> has_cjk("Meta AI"), has_cjk("科技日报"), has_cjk("カタカナ")
    (False, True, True)
    """
    return _HAS_CJK.search(text) is not None


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
    key = unicodedata.normalize("NFKC", text).casefold()
    key = _BREAK.sub(" ", INVISIBLE.sub("", key)).strip()
    return _CJK_SPACE.sub("", key) if _HAS_CJK.search(key) else key


_QUOTES = str.maketrans(
    {
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
)


def plain_text(text: str) -> str:
    """The form rules read a paragraph in.

    NFKC; invisible characters dropped; typographic quotes (’ ‘ “ ” „ and
    kin) as ASCII quotes; whitespace runs as one space.

    >>> rsquo = "\N{RIGHT SINGLE QUOTATION MARK}"
    >>> ldquo, rdquo = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
    >>> print(plain_text(f" It{rsquo}s  {ldquo}done{rdquo} "))
    It's "done"
    """
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)
    return " ".join(text.split())


def count_words(key: str) -> int:
    """Count the words of a key; two Chinese/Japanese characters count as one.

    The key must come from :func:`paragraph_key` (single spaces, no edges).

    >>> count_words("grandes cambios en febrero")
    4
    >>> count_words("科技日报记者崔爽")
    4
    """
    if _HAS_CJK.search(key):
        return len(_WORDS.findall(key))
    return key.count(" ") + 1 if key else 0


def is_cjk(char: str) -> bool:
    """Whether a character is Chinese, Japanese or Korean script (full-width text)."""
    return bool(_CJK_CHAR.match(char))


_CJK_CHAR = regex.compile(
    rf"[{_CJK_CLASS}\p{{Block=CJK_Symbols_and_Punctuation}}\p{{Block=Halfwidth_and_Fullwidth_Forms}}]"
)
