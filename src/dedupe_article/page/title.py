"""The title zone above the body: headline, standfirst, byline and dateline, told from the
menus, tickers and tables of contents around them."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.keys import paragraph_key
from dedupe_article.page.looks import (
    _LIST_ITEM,
    _LONG_WORDS,
    _MENU_WORDS,
    _SENTENCE_END,
    _indent,
    is_title_like,
    unit_value,
)

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


def _header_copy(
    units: Sequence[str],
    live: Sequence[int],
    words: dict[int, int],
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
    heads = {paragraph_key(units[i]) for i in titles if words[i] > _MENU_WORDS}
    start = next(
        (k for k in range(top) if paragraph_key(units[live[k]]) in heads and not short_run[k]),
        None,
    )
    if start is None:
        return []
    header = [live[start]]
    for k in range(start + 1, min(top, start + _TITLE_UNITS)):
        i = live[k]
        if (
            any(header[-1] < j < i for j in skipped)
            or i in marked
            or short_run[k]
            or not is_title_like(units[i], words[i])
            or _menu_echo(units, live, words, k, short_run) is not None
        ):
            break
        header.append(i)
    return header


def _author_bio(
    units: Sequence[str],
    live: Sequence[int],
    words: dict[int, int],
    end: int,
    bylines: Collection[int],
    marked: Collection[int],
) -> int | None:
    """The bio in an author box after the body: the unit right after a repeat
    of a byline (the author's name again), when it is one or two sentences
    that end like one. ``None`` when there is no such box."""
    names = {paragraph_key(units[i]) for i in bylines if words[i] <= _MENU_WORDS}
    for k in range(end + 1, min(len(live) - 1, end + 1 + _TITLE_REACH)):
        i, bio = live[k], live[k + 1]
        if paragraph_key(units[i]) in names:
            if bio not in marked and _SENTENCE_END.search(units[bio]) and 0 < words[bio] <= _LONG_WORDS * 2:
                return bio
            return None
    return None


def _menu_echo(
    units: Sequence[str], live: Sequence[int], words: dict[int, int], position: int, short_run: Sequence[bool]
) -> int | None:
    """The menu item, before ``position``, whose text a short unit repeats
    (``La Revista`` above the title, ``* La Revista`` in the menu): a section
    label, not a title line; a short word before it (``IL QUOTIDIANO`` for
    ``* Quotidiano``) is an article. ``None`` when there is none."""
    i = live[position]
    if words[i] > _MENU_WORDS:
        return None
    key = paragraph_key(units[i])
    head, _, rest = key.partition(" ")
    keys = {key, rest} if rest and len(head) <= _ARTICLE_LETTERS else {key}
    return next(
        (live[k] for k in range(position) if short_run[k] and paragraph_key(units[live[k]]) in keys),
        None,
    )


def _flush_heading(units: Sequence[str], live: Sequence[int], position: int) -> bool:
    """Whether the unit is written flush left between indented ones: a text
    browser prints headings at the margin and everything else indented, so
    a short headline next to a menu is told from the menu's items."""
    text = units[live[position]]
    if _indent(text) > 0 or _LIST_ITEM.match(text) or not 0 < position < len(live) - 1:
        return False
    return _indent(units[live[position - 1]]) > 0 and _indent(units[live[position + 1]]) > 0


def _contents(
    units: Sequence[str], live: Sequence[int], words: dict[int, int], span: tuple[int, int], short_run: Sequence[bool]
) -> list[int]:
    """Two or more short units in a row just above the body that the body
    repeats, in the same order, as sub-headings (each followed by a
    paragraph): a table of contents, navigation (the sub-headings stay).
    Empty when there is none."""
    values = {live[k]: unit_value(units[live[k]], words[live[k]]) for k in range(span[0], span[1] + 1)}
    headings = {
        paragraph_key(units[live[k]]): k
        for k in range(span[0], span[1])
        if words[live[k]] <= _LONG_WORDS and values[live[k]] <= 0 and values[live[k + 1]] > 0
    }
    best: list[int] = []
    run: list[int] = []
    for k in range(max(0, span[0] - _TITLE_REACH * 2), span[0]):
        key = paragraph_key(units[live[k]])
        if (
            0 < words[live[k]] <= _LONG_WORDS
            and key in headings
            and (not run or headings[key] > headings[paragraph_key(units[run[-1]])])
        ):
            run.append(live[k])
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else []


def _ticker(units: Sequence[str], live: Sequence[int], words: dict[int, int], first: int) -> dict[int, int]:
    """Short units before the body that are each printed twice in a row, two or
    more such in a row: a news ticker or a teaser list, not the title (a title
    printed twice stands alone). Maps each to the length of its run."""
    doubled = [
        0 < words[i] <= _LONG_WORDS * 2
        and i + 1 < len(units)
        and paragraph_key(units[i + 1]) == paragraph_key(units[i])
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
