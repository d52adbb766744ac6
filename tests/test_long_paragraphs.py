"""Huge paragraphs: keys, plain text and word counts done a piece at a time equal the whole-text ones.

The piecewise path starts at ``keys.LONG_TEXT`` characters (a megabyte); here
it is lowered so that small texts take it and are compared with the direct
computation on the same text.
"""

from __future__ import annotations

import random

import pytest

from dedupe_article import keys

ALPHABET = [
    "word",
    "Straße",
    "ÉTÉ",
    "l’école",
    "“quoted”",
    "科技",
    "日报",
    "한국어",
    "x\N{ZERO WIDTH SPACE}y",
    "e\N{COMBINING ACUTE ACCENT}",
    "\N{COMBINING ACUTE ACCENT}",
    "ﬁ",
    "…",
    "--",
    "!",
    "¿",
    "\N{NO-BREAK SPACE}",
    "\N{IDEOGRAPHIC SPACE}",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\x1c",
]


def random_texts(count: int) -> list[str]:
    rng = random.Random(12)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80))) for _ in range(count)]


@pytest.fixture
def small_long_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "LONG_TEXT", 7)


@pytest.mark.parametrize("text", random_texts(400))
def test_piecewise_plain_key_and_count_equal_the_direct_ones(small_long_text: None, text: str) -> None:
    plain = keys._plain_piece(text)
    key = keys._key_piece(plain)
    assert keys.plain_text(text) == plain
    assert keys.key_of_plain(plain) == key
    assert keys.paragraph_key(text) == key
    words = len(keys._cjk().words.findall(key)) if keys.has_cjk(key) else len(key.split())
    assert keys.count_words(key) == words


def test_a_plain_huge_paragraph_is_not_copied(small_long_text: None) -> None:
    text = "one two three four five six seven eight nine ten"
    assert keys.plain_text(text) is text
    assert keys.plain_text(text + " ") == text
