"""Page chrome on plain-text page dumps: find the article in a whole page.

Text browsers and ``get_text()`` dumps give the whole page: menus, share
rows, captions, related-article lists and footers around the article. This
module works on such dumps in any language, without word lists:

1. :func:`split_units` splits each blank-line block into *units*: a hard
   wrapped paragraph stays one unit, while short lines that end a block's
   paragraph or stand alone (a date, a byline, a caption, a menu item) each
   become their own unit. The wrap width is measured from the text itself.
2. :func:`find_body` scores each unit as prose (positive: many words, a
   sentence ending) or chrome (negative: a short line) and takes the span of
   units with the largest total, as Finn's body text extraction does with
   text and tags: the article is the stretch where prose outweighs chrome.
3. :func:`find_page_chrome` keeps that span and a few title-like lines just
   before it (headline, byline, dateline) and removes the rest, and inside
   the span removes units with no words and runs of short list items
   (menus, tag and related lists). Every removal carries its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.paragraphs import Paragraph

# A line shorter than this share of the wrap width ends its paragraph.
_SHORT_LINE = 0.6
# A unit is prose when it ends like a sentence and has this many words, or has
# this many words whatever its ending.
_PROSE_WORDS = 8
_LONG_WORDS = 20
# How many title-like units just before the body are kept (headline, standfirst,
# byline, dateline), and how many other units they may be spread over.
_TITLE_UNITS = 6
_TITLE_REACH = 12
# After the body, this many metadata lines ("Published ...", "Publisher: X") are kept.
_AFTER_UNITS = 4
# Units of at most this many words, three or more in a row, are a menu.
_MENU_WORDS = 3
# A text with fewer units than this outside its body is an article, not a page.
_PAGE_MIN_OUTSIDE = 8
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_SENTENCE_END = regex.compile(r"[.!?…。！？」』\"'”’»)\]]\s*$")
_LIST_ITEM = regex.compile(r"^\s*(?:[*•·▪◦+-]|\d{1,2}[.)])\s")
_SEPARATORS = regex.compile(r"\s[|»›•·/>]\s")
# Marks a text browser leaves on form controls, frames and images: never prose.
_WIDGET = regex.compile(r"\((?:BUTTON|RADIO|CHECKBOX|Submit|Reset)\)|\bIFRAME:|\[[\w.-]+\.(?:png|jpe?g|gif|svg|webp)\]")
_BRACKETED = regex.compile(r"^\s*\[.*\]\s*$")
_METADATA = regex.compile(r"^[^:：]{1,40}[:：]\s*\S|\b(?:19|20)\d\d\b|\d{1,2}[:.]\d\d")


@dataclass(frozen=True)
class ChromeMatch:
    """A unit found to be page chrome, with the evidence.

    Attributes:
        index: the unit's position.
        why: ``"outside-body"``, ``"no-words"``, ``"list-run"`` (a menu, a
            share row, a tag or related list) or ``"credit"`` (a caption
            with a © credit).
        evidence: the numbers behind the decision (the unit's words and score,
            the body span).
    """

    index: int
    why: str
    evidence: tuple[tuple[str, float], ...]


def wrap_width(paragraphs: Sequence[Paragraph]) -> int | None:
    """The width the text was hard-wrapped at, or ``None`` when it was not wrapped.

    Measured as the 95th percentile of the lengths of lines that are not the
    last of their block (those lines were broken by the wrapping).
    """
    lengths = sorted(len(line) for p in paragraphs for line in p.text.split("\n")[:-1])
    if len(lengths) < 5:
        return None
    return lengths[int(len(lengths) * 0.95)]


def split_units(text: str, paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Split each block into units: wrapped paragraphs and the short lines between them.

    A line shorter than 60% of the wrap width cannot have been broken by
    the wrapping, so the paragraph ends there; the next line starts a new
    unit. Offsets point into ``text``, the input the paragraphs came from.

    >>> from dedupe_article.paragraphs import split_paragraphs
    >>> wrapped = "A sentence long enough to be wrapped by the text browser at seventy\\nchars, and it ends here."
    >>> text = ("x" * 70 + "\\n") * 6 + "\\n" + wrapped + "\\nPTI\\n"
    >>> [u.text for u in split_units(text, split_paragraphs(text))][-2:] == [wrapped, "PTI"]
    True
    """
    width = wrap_width(paragraphs)
    if width is None:
        return [Paragraph(n, p.text, p.start, p.end) for n, p in enumerate(paragraphs)]
    limit = width * _SHORT_LINE
    units: list[Paragraph] = []
    for p in paragraphs:
        lines = p.text.split("\n")
        starts = [p.start] + [m.end() for m in _LINE_BREAK.finditer(text, p.start, p.end)]
        first = 0
        for k, line in enumerate(lines):
            if k == len(lines) - 1 or len(line.strip()) < limit or _would_fit(line, lines[k + 1], width):
                end = starts[k] + len(line)
                units.append(Paragraph(len(units), "\n".join(lines[first : k + 1]), starts[first], end))
                first = k + 1
    return units


def _would_fit(line: str, following: str, width: int) -> bool:
    """Whether the next line's first word would have fitted on this line: then
    the wrapping did not break here, the paragraph did."""
    word = following.split(maxsplit=1)
    return bool(word) and len(line.rstrip()) + 1 + len(word[0]) <= width - 2


def unit_value(text: str, words: int) -> float:
    """How much a unit looks like article prose: positive for prose, negative for chrome."""
    if words == 0 or _WIDGET.search(text):
        return -10.0
    prose = words >= _LONG_WORDS or (words >= _PROSE_WORDS and _SENTENCE_END.search(text) is not None)
    if prose and not _LIST_ITEM.match(text):
        return float(words - _PROSE_WORDS)
    return -float(max(2, _PROSE_WORDS + 2 - words))


def find_body(values: Sequence[float]) -> tuple[int, int] | None:
    """The span ``(first, last)`` of positions with the largest total value (Kadane)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for k, value in enumerate(values):
        if total <= 0:
            total, start = value, k
        else:
            total += value
        if total > best:
            best, best_span = total, (start, k)
    return best_span


def is_title_like(text: str, words: int) -> bool:
    """A headline, byline or dateline: a few words, no list marker, no menu
    separators, not a bracketed image text."""
    return (
        1 <= words <= 30
        and not _LIST_ITEM.match(text)
        and len(_SEPARATORS.findall(text)) < 2
        and not _BRACKETED.match(text)
    )


def body_span(units: Sequence[str], *, skip: Sequence[int] = ()) -> tuple[int, int] | None:
    """The first and last unit of the article body (see :func:`find_body`), or ``None``."""
    skipped = set(skip)
    live = [i for i in range(len(units)) if i not in skipped]
    values = [unit_value(units[i], count_words(paragraph_key(units[i]))) for i in live]
    span = find_body(values)
    return None if span is None else (live[span[0]], live[span[1]])


def find_page_chrome(units: Sequence[str], *, skip: Sequence[int] = ()) -> list[ChromeMatch]:
    """Find the units of a page dump that are not the article.

    Args:
        units: the units' texts (see :func:`split_units`), in order.
        skip: units already removed for another reason (they neither count
            for nor against the body).

    Returns:
        One match per chrome unit, in order.
    """
    skipped = set(skip)
    live = [i for i in range(len(units)) if i not in skipped]
    words = {i: count_words(paragraph_key(units[i])) for i in live}
    values = [unit_value(units[i], words[i]) for i in live]
    span = find_body(values)
    if span is None:
        return []
    first, last = live[span[0]], live[span[1]]
    if len(live) - (span[1] - span[0] + 1) < _PAGE_MIN_OUTSIDE:
        return []  # hardly anything around the body: an article, not a page dump
    short_run = _short_runs(live, words)
    keep_before: set[int] = set()
    position = span[0] - 1
    while position >= 0 and len(keep_before) < _TITLE_UNITS and span[0] - position <= _TITLE_REACH:
        i = live[position]
        if not short_run[position] and is_title_like(units[i], words[i]):
            keep_before.add(i)
        position -= 1  # menu items are passed over, never kept
    position = span[1] + 1
    while position < len(live) and len(keep_before) < _TITLE_UNITS + _AFTER_UNITS:
        i = live[position]
        if not (is_title_like(units[i], words[i]) and _METADATA.search(units[i])):
            break
        keep_before.add(i)
        position += 1
    found: list[ChromeMatch] = []
    for n, i in enumerate(live):
        evidence = (
            ("words", float(words[i])),
            ("value", values[n]),
            ("body_first", float(first)),
            ("body_last", float(last)),
        )
        if (i < first or i > last) and i not in keep_before:
            found.append(ChromeMatch(i, "outside-body", evidence))
        elif words[i] == 0:
            found.append(ChromeMatch(i, "no-words", evidence))
        elif _WIDGET.search(units[i]) and words[i] < _LONG_WORDS:
            found.append(ChromeMatch(i, "widget", evidence))
        elif _in_list_run(units, live, n, words) or short_run[n]:
            found.append(ChromeMatch(i, "list-run", evidence))
        elif "©" in units[i] and words[i] < _LONG_WORDS * 2:
            found.append(ChromeMatch(i, "credit", evidence))
    return found


def _short_runs(live: Sequence[int], words: dict[int, int]) -> list[bool]:
    """For each live unit, whether it is in a run of three or more units of at
    most three words (a menu, a share row, a tag list)."""
    flags = [0 < words[i] <= _MENU_WORDS for i in live]
    marks = [False] * len(live)
    start = 0
    while start < len(live):
        if not flags[start]:
            start += 1
            continue
        end = start
        while end < len(live) and flags[end]:
            end += 1
        if end - start >= 3:
            for k in range(start, end):
                marks[k] = True
        start = end
    return marks


def _in_list_run(units: Sequence[str], live: Sequence[int], n: int, words: dict[int, int]) -> bool:
    """Part of a run of three or more short list items (a menu, a tag or related list)."""

    def short_item(k: int) -> bool:
        if not 0 <= k < len(live):
            return False
        i = live[k]
        return _LIST_ITEM.match(units[i]) is not None and words[i] < _LONG_WORDS

    if not short_item(n):
        return False
    run = 1
    k = n - 1
    while short_item(k):
        run, k = run + 1, k - 1
    k = n + 1
    while short_item(k):
        run, k = run + 1, k + 1
    return run >= 3
