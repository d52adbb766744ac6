"""Chrome by its own look or its run: breadcrumbs, centred captions, code names, glued
menus, caption labels' neighbours, and runs of short units (menus, share rows, tag lists)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.page.evidence import Mark
from dedupe_article.page.looks import (
    _CRUMB,
    _DOMAIN,
    _GLUED,
    _GLUED_TIMES,
    _LIST_ITEM,
    _LONG_WORDS,
    _MENU_WORDS,
    _METADATA,
    FULL_STOP,
    SENTENCE_END,
    _indent,
    code_names,
    is_breadcrumb,
    repeats_inside,
)
from dedupe_article.page.units import PageUnits

# A unit indented this far is centred: an image caption in a text browser's dump.
_CENTRED = 12


def _unit_marks(page: PageUnits, live: Sequence[int], captions: Collection[int]) -> dict[int, Mark]:
    """Units that are chrome by their own look, wherever they stand: a
    breadcrumb, a centred caption, a caption printed several times over, and
    the texts next to a caption label."""
    marks: dict[int, Mark] = {}
    for n, i in enumerate(live):
        text = page.texts[i]
        following = page.texts[live[n + 1]] if n + 1 < len(live) else ""
        if is_breadcrumb(text, following):
            marks[i] = ("breadcrumb", (("segments", len(_CRUMB.split(text.strip()))),))
        elif (
            (indent := _indent(text)) >= _CENTRED
            and page.words[i] < _LONG_WORDS
            and not any(_indent(page.texts[live[k]]) >= _CENTRED for k in (n - 1, n + 1) if 0 <= k < len(live))
        ):  # alone: a centred poem or a table is a run of such units
            marks[i] = ("centred", (("indent", indent),))
        elif (times := repeats_inside(text)) > 1:
            marks[i] = ("repeated-inside", (("times", times),))
        elif page.words[i] < _LONG_WORDS and (names := code_names(text)):
            marks[i] = ("code-name", (("names", names),))
        elif (
            page.words[i] < _LONG_WORDS
            and not SENTENCE_END.search(text)
            and (glued := len(_GLUED.findall(text))) >= _GLUED_TIMES
        ):
            marks[i] = ("glued-menu", (("glued", glued),))
    for m in sorted(captions):
        after = next((i for i in live if i > m), None)
        before = next((i for i in reversed(live) if i < m), None)
        if after is not None and 0 < page.words[after] < _LONG_WORDS * 2:
            marks.setdefault(after, ("caption", (("label", m),)))
        if before is not None and 0 < page.words[before] <= 30 and not SENTENCE_END.search(page.texts[before]):
            marks.setdefault(before, ("caption", (("label", m),)))
    return marks


def _runs_touching(live: Sequence[int], flags: Sequence[bool], stops: Collection[int]) -> set[int]:
    """The live positions of the flagged runs (menus, tag lists) that have
    chrome right before or after them (a unit in ``stops``): inside the body
    only such runs go; a list between two paragraphs is the article's."""
    found: set[int] = set()
    n = 0
    while n < len(live):
        if not flags[n]:
            n += 1
            continue
        end = n
        while end + 1 < len(live) and flags[end + 1]:
            end += 1
        if live[n] - 1 in stops or live[end] + 1 in stops or (end + 1 < len(live) and live[end + 1] in stops):
            found.update(range(n, end + 1))
        n = end + 1
    return found


def _short_runs(page: PageUnits, live: Sequence[int], parted: Sequence[bool] = ()) -> list[bool]:
    """For each live unit, whether it is in a run of three or more units of at
    most three words (a menu, a share row, a tag list), or six words that
    name a web address (``Example.com on Google News``). A label with its value
    (``Pages: 330``) or a date is metadata, not a menu item, and breaks a run;
    so does a change between list items and plain lines (a byline in capitals
    next to a tag list is not one of its tags), and a removed breadcrumb
    between two units (``parted``: the menu above it, the title below it)."""
    flags = [
        0 < page.words[i] <= (_MENU_WORDS * 2 if _DOMAIN.search(page.texts[i]) else _MENU_WORDS)
        and not _METADATA.search(page.texts[i])
        and not FULL_STOP.search(page.texts[i])
        for i in live
    ]
    marks = [False] * len(live)
    start = 0
    while start < len(live):
        if not flags[start]:
            start += 1
            continue
        end = start
        listed = _LIST_ITEM.match(page.texts[live[start]]) is not None
        while (
            end < len(live)
            and flags[end]
            and (_LIST_ITEM.match(page.texts[live[end]]) is not None) == listed
            and not (end > start and parted and parted[end])
        ):
            end += 1
        if end - start >= 3:
            for k in range(start, end):
                marks[k] = True
        start = end
    return marks


def _list_runs(page: PageUnits, live: Sequence[int]) -> list[bool]:
    """For each live unit, whether it is in a run of three or more short list
    items (a menu, a tag or related list). One pass over the units."""
    item = [_LIST_ITEM.match(page.texts[i]) is not None and page.words[i] < _LONG_WORDS for i in live]
    flags = [False] * len(live)
    n = 0
    while n < len(live):
        end = n
        while end < len(live) and item[end]:
            end += 1
        if end - n >= 3:
            flags[n:end] = [True] * (end - n)
        n = max(end, n + 1)
    return flags
