"""The title zone above the body: headline, standfirst, byline and dateline, told from the
menus, tickers, section labels and tables of contents around them.

The steps here read and add to the layout decision's working table of marks
(``marked``: unit -> reason and evidence), which :mod:`.layout` owns.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.page.evidence import Mark
from dedupe_article.page.looks import (
    _BRACKETED,
    _EMPTY_SLOT,
    _FIELD,
    _LIST_ITEM,
    _LONG_WORDS,
    _MENU_WORDS,
    _METADATA,
    _WIDGET,
    SENTENCE_END,
    _indent,
    _is_image,
    is_title_like,
)
from dedupe_article.page.units import PageUnits

# How many title-like units just before the body are kept (headline, standfirst,
# byline, dateline), and how many other units they may be spread over.
_TITLE_UNITS = 6
_TITLE_REACH = 12
# Chrome of the page's header (its path to the article, its code's names, its
# menu glued into one line, a ticker): once a title line is found, the title
# zone ends at one of these.
_HEADER_MARKS = ("breadcrumb", "code-name", "glued-menu", "ticker")
# A caption under an image given by its description ends like a sentence or has this many words.
_CAPTION_WORDS = 6
# A word this short before a menu item's name is an article (``IL QUOTIDIANO``, ``The Weekend``).
_ARTICLE_LETTERS = 3


def title_zone(
    page: PageUnits,
    live: Sequence[int],
    span: tuple[int, int],
    marked: dict[int, Mark],
    short_run: Sequence[bool],
    teasers: Collection[int],
    crumbs: Sequence[int],
) -> set[int]:
    """The title lines kept above the body (``span``: its first and last live
    position): the walk up from the body (:func:`_title_walk`), then the
    standfirsts between title lines (:func:`_standfirsts`); section labels
    at the body's start that a menu item repeats are marked
    (:func:`_section_labels`)."""
    keep = _title_walk(page, live, span[0], marked, short_run, teasers, crumbs)
    keep = _standfirsts(page, live, span[0], keep, marked, short_run)
    _section_labels(page, live, span, keep, marked, short_run)
    return keep


def _title_walk(
    page: PageUnits,
    live: Sequence[int],
    start: int,
    marked: dict[int, Mark],
    short_run: Sequence[bool],
    teasers: Collection[int],
    crumbs: Sequence[int],
) -> set[int]:
    """Walk up from the body's start (live position ``start``) and keep up to
    ``_TITLE_UNITS`` title-like units (headline, standfirst, byline,
    dateline) over at most ``_TITLE_REACH`` units. Menu items are passed over,
    never kept, and so is a table of contents (it does not use up the reach).
    Once a title line is kept, the walk stops at the page's header chrome
    (:func:`_title_zone_ends`). On the way it marks the caption under an
    image the dump gives by its description, and a section name printed
    again above the title (``menu-echo``)."""
    teaser_marks = sorted(teasers)
    keep: set[int] = set()
    position = start - 1
    passed = 0  # units passed over (a table of contents does not use up the reach)
    while position >= 0 and len(keep) < _TITLE_UNITS and passed < _TITLE_REACH:
        i = live[position]
        passed += marked.get(i, ("",))[0] != "contents"
        if keep and _title_zone_ends(live, position, marked, teaser_marks, crumbs):
            break
        if i not in marked and _image_caption(page, i):
            marked[i] = ("caption", (("image", (i - 1)),))
        heading = short_run[position] and _flush_heading(page, live, position)
        if i not in marked and (not short_run[position] or heading) and is_title_like(page.texts[i], page.words[i]):
            echo = _menu_echo(page, live, position, short_run)
            if echo is None:
                keep.add(i)
            else:  # a section name printed again above the title
                marked[i] = ("menu-echo", (("menu_item", echo),))
        position -= 1  # menu items are passed over, never kept
    return keep


def _title_zone_ends(
    live: Sequence[int], position: int, marked: dict[int, Mark], teasers: Sequence[int], crumbs: Sequence[int]
) -> bool:
    """Whether the title zone, walked up to live position ``position``, ends
    there: at the page's path to the article or its header's chrome (a mark in
    ``_HEADER_MARKS``), a teaser list's ``Read more`` or ``Related`` (a unit
    in ``teasers``), or a breadcrumb a rule removed (``crumbs``: how many
    such breadcrumbs are before each unit). The title is after it."""
    i = live[position]
    if marked.get(i, ("",))[0] in _HEADER_MARKS:
        return True
    if any(i < t < live[position + 1] for t in teasers):
        return True
    return crumbs[live[position + 1]] > crumbs[i + 1]


def _image_caption(page: PageUnits, i: int) -> bool:
    """Whether unit ``i`` is the caption under an image the dump gives by its
    description: it ends like a sentence or has ``_CAPTION_WORDS`` words, and
    is no date or label."""
    return (
        i > 0
        and _is_image(page.texts[i - 1])
        and bool(SENTENCE_END.search(page.texts[i]) or page.words[i] >= _CAPTION_WORDS)
        and not _METADATA.search(page.texts[i])
    )


def _standfirsts(
    page: PageUnits,
    live: Sequence[int],
    start: int,
    titles: Collection[int],
    marked: dict[int, Mark],
    short_run: Sequence[bool],
) -> set[int]:
    """``titles`` with the units between two kept title lines (or a title line
    and the body, which starts at live position ``start``) that are a
    standfirst too long for a title or a subtitle written as a list item."""
    keep = set(titles)
    for position in range(max(1, start - _TITLE_REACH), start):
        i, before, after = live[position], live[position - 1], live[position + 1]
        text = page.texts[i]
        if (
            i not in keep
            and i not in marked
            and before in keep
            and (after in keep or after == live[start])
            and not short_run[position]
            and not _WIDGET.search(text)
            and not _EMPTY_SLOT.search(text)
            and not _BRACKETED.match(text)
            and not _FIELD.search(text)
            and page.words[i] > (_MENU_WORDS if _LIST_ITEM.match(text) else 0)
        ):
            keep.add(i)
    return keep


def _section_labels(
    page: PageUnits,
    live: Sequence[int],
    span: tuple[int, int],
    titles: Collection[int],
    marked: dict[int, Mark],
    short_run: Sequence[bool],
) -> None:
    """Mark a section label just inside the body's start that a menu item
    repeats, printed with the title again (``menu-echo``; a sub-heading there
    is the article's)."""
    title_keys = {page.keys[t] for t in titles}
    for position in range(span[0], min(span[1], span[0] + _TITLE_UNITS // 2)):
        i = live[position]
        again = i + 1 < len(page.texts) and page.keys[i + 1] in title_keys
        if i not in marked and again and not SENTENCE_END.search(page.texts[i]):
            echo = _menu_echo(page, live, position, short_run)
            if echo is not None:
                marked[i] = ("menu-echo", (("menu_item", echo),))


def header_copy(
    page: PageUnits,
    live: Sequence[int],
    titles: set[int],
    short_run: Sequence[bool],
    marked: dict[int, Mark],
    skipped: Collection[int],
) -> tuple[set[int], list[int]]:
    """The title lines kept above the body, with an earlier copy of the
    article's header (:func:`_header_copy`) taken in, and that copy. The page
    printed the header earlier (title, byline): that copy is kept whole, and
    the title lines above the body that repeat it are marked
    ``title-repeat``."""
    header = _header_copy(page, live, titles, short_run, marked, skipped)
    if not header:
        return titles, header
    keep = set(titles)
    keys = {page.keys[i]: i for i in header}
    for i in sorted(keep):
        if page.keys[i] in keys:
            keep.discard(i)
            marked[i] = ("title-repeat", (("of", keys[page.keys[i]]),))
    return keep | set(header), header


def _header_copy(
    page: PageUnits,
    live: Sequence[int],
    titles: Collection[int],
    short_run: Sequence[bool],
    marked: Collection[int],
    skipped: Collection[int],
) -> list[int]:
    """An earlier copy of the article's header: a title line kept above the
    body (four words or more) printed word for word before the title zone,
    with the title-like units that follow it up to the next removed one (the
    byline) or a section name a menu item repeats. Empty when the title is
    printed once."""
    if not titles:
        return []
    top = live.index(min(titles))
    heads = {page.keys[i] for i in titles if page.words[i] > _MENU_WORDS}
    start = next((k for k in range(top) if page.keys[live[k]] in heads and not short_run[k]), None)
    if start is None:
        return []
    header = [live[start]]
    for k in range(start + 1, min(top, start + _TITLE_UNITS)):
        i = live[k]
        if (
            any(header[-1] < j < i for j in skipped)
            or i in marked
            or short_run[k]
            or not is_title_like(page.texts[i], page.words[i])
            or _menu_echo(page, live, k, short_run) is not None
        ):
            break
        header.append(i)
    return header


def _menu_echo(page: PageUnits, live: Sequence[int], position: int, short_run: Sequence[bool]) -> int | None:
    """The menu item, before ``position``, whose text a short unit repeats
    (``La Revista`` above the title, ``* La Revista`` in the menu): a section
    label, not a title line; a short word before it (``IL QUOTIDIANO`` for
    ``* Quotidiano``) is an article. ``None`` when there is none."""
    i = live[position]
    if page.words[i] > _MENU_WORDS:
        return None
    key = page.keys[i]
    head, _, rest = key.partition(" ")
    keys = {key, rest} if rest and len(head) <= _ARTICLE_LETTERS else {key}
    return next((live[k] for k in range(position) if short_run[k] and page.keys[live[k]] in keys), None)


def _flush_heading(page: PageUnits, live: Sequence[int], position: int) -> bool:
    """Whether the unit is written flush left between indented ones: a text
    browser prints headings at the margin and everything else indented, so
    a short headline next to a menu is told from the menu's items."""
    text = page.texts[live[position]]
    if _indent(text) > 0 or _LIST_ITEM.match(text) or not 0 < position < len(live) - 1:
        return False
    return _indent(page.texts[live[position - 1]]) > 0 and _indent(page.texts[live[position + 1]]) > 0


def _contents(page: PageUnits, live: Sequence[int], span: tuple[int, int]) -> list[int]:
    """Two or more short units in a row just above the body that the body
    repeats, in the same order, as sub-headings (each followed by a
    paragraph): a table of contents, navigation (the sub-headings stay).
    Empty when there is none."""
    values = page.values
    headings = {
        page.keys[live[k]]: k
        for k in range(span[0], span[1])
        if page.words[live[k]] <= _LONG_WORDS and values[live[k]] <= 0 and values[live[k + 1]] > 0
    }
    best: list[int] = []
    run: list[int] = []
    for k in range(max(0, span[0] - _TITLE_REACH * 2), span[0]):
        key = page.keys[live[k]]
        if (
            0 < page.words[live[k]] <= _LONG_WORDS
            and key in headings
            and (not run or headings[key] > headings[page.keys[run[-1]]])
        ):
            run.append(live[k])
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else []


def _ticker(page: PageUnits, live: Sequence[int], first: int) -> dict[int, int]:
    """Short units before the body that are each printed twice in a row, two or
    more such in a row: a news ticker or a teaser list, not the title (a title
    printed twice stands alone). Maps each to the length of its run."""
    doubled = [
        0 < page.words[i] <= _LONG_WORDS * 2 and i + 1 < len(page.texts) and page.keys[i + 1] == page.keys[i]
        for i in live
    ]
    found: dict[int, int] = {}
    n = 0
    while n < len(live) and live[n] < first:
        end = n
        while end < len(live) and live[end] < first and doubled[end]:
            end += 1
        if end - n >= 2:
            found.update((live[k], end - n) for k in range(n, end))
        n = end + 1 if end == n else end
    return found
