"""Comparison keys: the normalised form paragraphs are compared on.

Keys are used only to *compare* paragraphs; output text is never normalised.
"""

from __future__ import annotations

import unicodedata

import regex

# Characters that change nothing a reader sees: zero-width and bidi controls,
# the soft hyphen and the byte order mark. Written by name on purpose.
_INVISIBLE = regex.compile(
    "["
    "\N{SOFT HYPHEN}"
    "\N{ZERO WIDTH SPACE}\N{ZERO WIDTH NON-JOINER}\N{ZERO WIDTH JOINER}"
    "\N{LEFT-TO-RIGHT MARK}\N{RIGHT-TO-LEFT MARK}"
    "\N{ARABIC LETTER MARK}"
    "\N{LEFT-TO-RIGHT EMBEDDING}-\N{RIGHT-TO-LEFT OVERRIDE}"
    "\N{WORD JOINER}"
    "\N{LEFT-TO-RIGHT ISOLATE}-\N{POP DIRECTIONAL ISOLATE}"
    "\N{ZERO WIDTH NO-BREAK SPACE}"
    "]"
)
# All punctuation (quotes of every style included) becomes a word break.
_PUNCT = regex.compile(r"\p{P}+")
_SPACE = regex.compile(r"\s+")
# A space next to a Chinese/Japanese/Korean character carries no meaning there.
_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}"
_CJK_SPACE = regex.compile(rf"(?<=[{_CJK_CLASS}]) | (?=[{_CJK_CLASS}])")
# Words for counting: a run of CJK counts one word per two characters.
_WORDS = regex.compile(rf"[{_CJK_CLASS}]{{1,2}}|[^\s{_CJK_CLASS}]+")


def paragraph_key(text: str) -> str:
    """Return the key a paragraph is compared on.

    The key is NFKC-normalised and case-folded; zero-width and bidi controls
    are dropped; punctuation of any kind (quote styles included) becomes a
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
    key = _INVISIBLE.sub("", key)
    key = _PUNCT.sub(" ", key)
    key = _SPACE.sub(" ", key).strip()
    return _CJK_SPACE.sub("", key)


def count_words(key: str) -> int:
    """Count the words of a key; two Chinese/Japanese characters count as one.

    >>> count_words("grandes cambios en febrero")
    4
    >>> count_words("科技日报记者崔爽")
    4
    """
    return len(_WORDS.findall(key))


def is_cjk(char: str) -> bool:
    """Whether a character is Chinese, Japanese or Korean script (full-width text)."""
    return bool(_CJK_CHAR.match(char))


_CJK_CHAR = regex.compile(rf"[{_CJK_CLASS}\p{{Block=CJK_Symbols_and_Punctuation}}\p{{Block=Halfwidth_and_Fullwidth_Forms}}]")
