"""The units right after the body that are still the article's: metadata, a signature,
a closing line, an author's bio."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import regex

from dedupe_article.page.body import _BRIDGE_UNITS
from dedupe_article.page.looks import (
    _LABEL_VALUE,
    _LIST_ITEM,
    _LONG_WORDS,
    _MENU_WORDS,
    _METADATA,
    ENDS_WITH_COLON,
    SENTENCE_END,
    _indent,
    is_title_like,
)
from dedupe_article.page.title import _TITLE_REACH
from dedupe_article.page.units import PageUnits

# After the body, this many metadata lines ("Published ...", "Publisher: X") are kept.
_AFTER_UNITS = 4
# A closing line after the body has at most this many words.
_CLOSING_WORDS = 12
# A signature: a name of two or three capitalised words, a comma, then who the
# person is (``Jane DOE, professor of ...``).
_SIGNATURE = regex.compile(r"^\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}\s*,\s*\p{L}")


def _after_body(
    page: PageUnits, live: Sequence[int], end: int, teasers: Collection[int] = (), stops: Collection[int] = ()
) -> set[int]:
    """The units right after the body that are still the article's: up to
    ``_AFTER_UNITS`` metadata lines (``Published ...``, ``Publisher: X``), a
    run of labels with their values however long (a book's data sheet), and
    a signature (a name, a comma, who the person is) written right after the
    last paragraph at the same indentation. When the last paragraph ends
    with a colon, the short units after it up to the page's chrome (a unit
    in ``stops``) are the list it announces. So is a closing line written
    right after the last paragraph at its indentation (no list item) that
    ends like a sentence (``Bon appétit !``) or that the page's chrome
    follows (a unit in ``stops``, an inline unit passed over). A teaser
    list's heading (``Related``) ends them: what follows it is other
    articles'."""
    keep: set[int] = set()
    position = end + 1
    if ENDS_WITH_COLON.search(page.texts[live[end]]):
        # The last paragraph announces what follows ("... are:"): its list is
        # the article's, up to the page's chrome.
        while (
            position < len(live)
            and position <= end + _BRIDGE_UNITS
            and page.words[live[position]] <= _LONG_WORDS
            and not any(j in stops for j in range(live[position - 1] + 1, live[position] + 1))
        ):
            keep.add(live[position])
            position += 1
        return keep
    while position < len(live):
        i = live[position]
        if not is_title_like(page.texts[i], page.words[i]) or any(live[position - 1] < t < i for t in teasers):
            break
        beside = position == end + 1 and _indent(page.texts[i]) == _indent(page.texts[live[end]])
        if beside and _SIGNATURE.match(page.texts[i]):
            keep.add(i)  # a signature: "Jane DOE, professor of ..."
        elif beside and i == live[end] + 1 and _closes(page, live, i, stops):
            keep.add(i)  # a closing line: "Bon appétit !", a last result
            break
        elif not _METADATA.search(page.texts[i]):
            break
        elif len(keep) >= _AFTER_UNITS and not (
            _LABEL_VALUE.match(page.texts[i]) and _LABEL_VALUE.match(page.texts[live[position - 1]])
        ):
            break
        keep.add(i)
        position += 1
    return keep


def _closes(page: PageUnits, live: Sequence[int], i: int, stops: Collection[int]) -> bool:
    """Whether unit ``i``, right after the body, is its closing line (see
    :func:`_after_body`): not a list item, a date or a label, nor a repeat
    of an earlier unit (the title printed under the article)."""
    if _LIST_ITEM.match(page.texts[i]) or _METADATA.search(page.texts[i]) or page.words[i] > _CLOSING_WORDS:
        return False
    key = page.keys[i]
    if any(page.keys[j] == key for j in range(i)):
        return False  # the title again, not a closing line
    following = set(live)
    after = next((j for j in range(i + 1, len(page.texts)) if j in stops or j in following), len(page.texts))
    return SENTENCE_END.search(page.texts[i]) is not None or after in stops or after == len(page.texts)


def _author_bio(
    page: PageUnits, live: Sequence[int], end: int, bylines: Collection[int], marked: Collection[int]
) -> int | None:
    """The bio in an author box after the body: the unit right after a repeat
    of a byline (the author's name again), when it is one or two sentences
    that end like one. ``None`` when there is no such box."""
    names = {page.keys[i] for i in bylines if page.words[i] <= _MENU_WORDS}
    for k in range(end + 1, min(len(live) - 1, end + 1 + _TITLE_REACH)):
        i, bio = live[k], live[k + 1]
        if page.keys[i] in names:
            if bio not in marked and SENTENCE_END.search(page.texts[bio]) and 0 < page.words[bio] <= _LONG_WORDS * 2:
                return bio
            return None
    return None
