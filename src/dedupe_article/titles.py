"""Find lines that wrap a paragraph of the text in chrome: a breadcrumb, a feed or page title.

Pages print their headline again inside chrome: a breadcrumb
(``Accueil > Monde > <headline>``), a feed title (``Site » <headline>``), a
page title (``<headline> | Site`` or ``<headline> - Site``). Such a line is a
near-copy of the headline, and keeping the first of the two would keep the
chrome and drop the headline. Here the chrome line is the one that goes,
before or after the headline, with the headline it holds as its evidence.

A line wraps a title when it splits, at chrome separators, into parts of
which a contiguous run has the same comparison key as another paragraph of
the text (or, for a paragraph a few lines away, nearly the same key, or the
start of it when the line cut it short with an ellipsis), and the parts
outside that run are short (a site name, a few breadcrumb sections). The title needs a few words of its own, so that a
table row holding one cell that also stands alone is no chrome.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from dedupe_article.keys import count_words, paragraph_key

# Chrome separators: a bar anywhere; arrows, bullets, dashes and slashes only
# between spaces (a closing guillemet is a quote mark, a hyphen joins words).
_SEPARATOR = regex.compile(r"\s*\|\s*|\s+(?:[>»›·•/–—-]|::)\s+")
# What every separator holds: a bar, or a mark between whitespace. Most lines
# have neither, and this search says so three times faster than the pattern
# above, which tries a match at every whitespace: it stops only at the marks.
# (The re engine's \s holds the regex engine's and four more characters, so
# the pre-check passes every line the pattern cuts.)
_SEPARATOR_CORE = re.compile(r"[|>»›·•/–—:-](?:(?<=\|)|(?<=\s[>»›·•/–—-])(?=\s)|(?<=\s:)(?=:\s))")
# Dashes and slashes also set off a title's own subtitle ("Guide - Legal basics
# and advice"): beside them the chrome must look like a name (a site, a brand).
_WEAK_SEPARATOR = regex.compile(r"\s+[/–—-]\s+")
# A name: each word starts with a capital or a digit, or holds a dot (a domain); or a script without case.
_NAME_WORD = regex.compile(r"[\p{Lu}\p{Lt}\d]|\S*\.\S")
# A title holds at least this many words.
TITLE_WORDS = 3
# The parts outside the title: each at most this many words, all together at most _CHROME_WORDS.
_PART_WORDS = 6
_CHROME_WORDS = 10
# More parts than this is a menu or a table row, not a title line.
_MAX_PARTS = 8
# How far from the line a title may be when it is a near-duplicate, not an exact copy, of the part held.
_NEAR = 3


@dataclass(frozen=True)
class TitleInChrome:
    """A line that wraps another paragraph (its title) in chrome.

    Attributes:
        index: the chrome line.
        title: the paragraph it wraps, which stays.
        chrome_words: the words of the line outside the title.
    """

    index: int
    title: int
    chrome_words: int


def find_titles_in_chrome(
    texts: Sequence[str],
    keys: Sequence[str],
    words: Sequence[int],
    *,
    skip: Collection[int] = (),
    threshold: float = 90.0,
) -> list[TitleInChrome]:
    """Find the lines that hold another paragraph of the text inside chrome.

    >>> texts = ["Accueil > Monde > Le président annonce une réforme", "Le président annonce une réforme",
    ...          "Paris, le 3 mars."]
    >>> find_titles_in_chrome(texts, [paragraph_key(t) for t in texts], [4, 5, 4])
    [TitleInChrome(index=0, title=1, chrome_words=2)]

    Args:
        texts: the paragraphs as written.
        keys: their :func:`paragraph_key` values.
        words: their :func:`count_words` values.
        skip: paragraphs already removed: neither chrome nor title.
        threshold: a title within ``_NEAR`` paragraphs of the line may also
            be a near-duplicate of the part it holds (rapidfuzz
            ``fuzz.ratio`` of the keys at least this), or start with it when
            the line cut it short with an ellipsis.

    Returns:
        One match per chrome line, in text order. A title is never itself
        found to be chrome.
    """
    skipped = set(skip)
    # Only a line with a separator can wrap a title: most texts have few.
    lines = [
        i
        for i, text in enumerate(texts)
        if keys[i] and i not in skipped and "\n" not in text and _SEPARATOR_CORE.search(text) is not None
    ]
    if not lines:
        return []
    titles: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key and i not in skipped and words[i] >= TITLE_WORDS and "\n" not in texts[i]:
            titles.setdefault(key, []).append(i)
    near = _Near(keys, {j for js in titles.values() for j in js}, threshold)
    found: list[TitleInChrome] = []
    for i in lines:
        match = _wrapped_title(i, texts[i], titles, near)
        if match is not None:
            found.append(match)
    held = {m.title for m in found}
    return [m for m in found if m.index not in held]


class _Near:
    """The titles near a line that are near-duplicates of a part of it, or that a cut-short part begins."""

    def __init__(self, keys: Sequence[str], titles: set[int], threshold: float) -> None:
        self.keys = keys
        self.titles = titles
        self.threshold = threshold

    def __call__(self, i: int, part: str, key: str) -> list[int]:
        cut_short = part.rstrip().endswith(("…", "..."))
        found = []
        for j in range(max(0, i - _NEAR), min(len(self.keys), i + _NEAR + 1)):
            if j == i or j not in self.titles:
                continue
            title = self.keys[j]
            score = fuzz.ratio(key, title, score_cutoff=self.threshold)
            # The part must be closer to the title than the whole line is: else the line is a copy, not chrome.
            closer = score > 0 and score > fuzz.ratio(self.keys[i], title)  # (0: under the threshold)
            if closer or (cut_short and title.startswith(key)):
                found.append(j)
        return found


def _wrapped_title(i: int, text: str, titles: dict[str, list[int]], near: _Near) -> TitleInChrome | None:
    """The title paragraph that line ``i`` wraps in chrome, the nearest if several.

    A line whose key is the title's own (its separators are mere
    punctuation) is a copy of the title, not chrome around it.
    """
    line_key = near.keys[i]
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(text)]
    if not cuts or len(cuts) >= _MAX_PARTS:
        return None
    starts = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(text)]
    parts = [(a, b) for a, b in zip(starts, ends, strict=True) if text[a:b].strip()]
    if len(parts) < 2:
        return None
    part_keys = [paragraph_key(text[a:b]) for a, b in parts]
    part_words = [count_words(key) for key in part_keys]
    if _WEAK_SEPARATOR.search(text):
        # A part that is no name is text, never chrome: mark it too long to be left out.
        part_words = [
            n if _is_name(text[a:b]) else _CHROME_WORDS + 1 for n, (a, b) in zip(part_words, parts, strict=True)
        ]
    held: list[tuple[str, str, int]] = []  # (part, key, words outside it)
    for first in range(len(parts)):
        for last in range(first, len(parts)):
            outside = part_words[:first] + part_words[last + 1 :]
            if not outside or min(outside) == 0 or max(outside) > _PART_WORDS or sum(outside) > _CHROME_WORDS:
                continue
            part = text[parts[first][0] : parts[last][1]]
            key = part_keys[first] if first == last else paragraph_key(part)
            if count_words(key) >= TITLE_WORDS:
                held.append((part, key, sum(outside)))
    # An exact copy anywhere first; else a near one close by.
    found = [(j, chrome) for _, key, chrome in held for j in titles.get(key, ()) if j != i and key != line_key]
    if not found:
        found = [(j, chrome) for part, key, chrome in held for j in near(i, part, key)]
    if not found:
        return None
    j, chrome = min(found, key=lambda pair: (abs(pair[0] - i), pair[1], pair[0]))
    return TitleInChrome(i, j, chrome)


def _is_name(part: str) -> bool:
    """Whether a part of a title line reads as a name: every word capitalised (or numbered, or a domain).

    Text in a script without capitals passes.

    >>> _is_name("Weserbote Online"), _is_name("Rechtliche Grundlagen und Hinweise"), _is_name("example.org")
    (True, False, True)
    """
    words = part.split()
    if not any(ch.isupper() or ch.islower() for ch in part):
        return True
    return bool(words) and all(_NAME_WORD.match(word) for word in words)
