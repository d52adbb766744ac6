"""The layout heuristics: which units of a page dump are not the article.

:func:`find_page_chrome` runs named steps over one :class:`PageUnits`; the
last step gives each unit the first reason of ``_REASONS`` that applies to it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from dedupe_article.page.after import _after_body, _author_bio
from dedupe_article.page.body import Body, measure_body, widen_body
from dedupe_article.page.evidence import ChromeMatch, Evidence, Mark
from dedupe_article.page.inside import _between_chrome, _forms, _held_elsewhere, _pull_quotes
from dedupe_article.page.looks import (
    _LONG_WORDS,
    _MENU_WORDS,
    _WIDGET,
    FULL_STOP,
    _is_image,
    is_breadcrumb,
    is_form_input,
    is_widget,
)
from dedupe_article.page.marks import _list_runs, _runs_touching, _short_runs, _unit_marks
from dedupe_article.page.title import _contents, _ticker, header_copy, title_zone
from dedupe_article.page.units import PageUnits

# A text with fewer units than this outside its body is an article, not a page.
_PAGE_MIN_OUTSIDE = 8


def find_page_chrome(
    units: Sequence[str] | PageUnits,
    *,
    skip: Sequence[int] = (),
    captions: Collection[int] = (),
    teasers: Collection[int] = (),
    inline: Collection[int] = (),
    credits: Collection[int] = (),
    shares: Collection[int] = (),
    starts: Collection[int] = (),
) -> list[ChromeMatch]:
    """Find the units of a page dump that are not the article.

    The steps: the body (:func:`.body.measure_body`) widened over what the
    article holds at its edges (:func:`.body.widen_body`); the units marked
    by their own look (:func:`.marks._unit_marks`); the title zone above the
    body (:func:`.title.title_zone`) and the units after it that are still
    the article's (:func:`.after._after_body`); then each unit's reason, the
    first of ``_REASONS`` that applies (:func:`_judge`); then the forms and
    the short runs between removed units inside the body.

    Args:
        units: the units' texts (see :func:`split_units`), in order, or the
            units already analysed (:class:`PageUnits`: their keys, word
            counts and values are then not computed again).
        skip: units already removed for another reason (they neither count
            for nor against the body).
        captions: skipped units that were caption labels (``Image caption,``):
            the short units on either side of one are a caption and an image's
            alternative text.
        teasers: skipped units that end or head a teaser list (``Read more``,
            ``Related``): the article's title lines are after the last one
            above the body, never before it.
        inline: skipped units an article may hold anywhere (an advertisement
            marker, an image placeholder, a photo credit): they do not end it.
        credits: skipped units that are photo credits (``Photo: X``): a unit
            between an image and its credit is the image's caption.
        shares: skipped units that are share buttons (``Share``, ``Tweet``):
            a word or two right after them, above the body or before more
            chrome, is one more button (``Email``).
        starts: units where, by another judge (the learned decision), a
            stretch of the article's text starts above the body found here:
            the title zone above each is kept as the one above the body is.

    Returns:
        One match per chrome unit, in order.
    """
    page = PageUnits.of(units)
    skipped = set(skip)
    body = measure_body(page, skipped)
    if body.span is None:
        return []
    if len(body.live) - (body.span[1] - body.span[0] + 1) < _PAGE_MIN_OUTSIDE:
        return []  # hardly anything around the body: an article, not a page dump
    live = body.live
    crumbs = _removed_crumbs(page, skipped)
    parted = [n > 0 and crumbs[live[n]] > crumbs[live[n - 1]] for n in range(len(live))]
    short_run = _short_runs(page, live, parted)
    marked = _unit_marks(page, live, captions)
    for i, run in _ticker(page, live, live[body.span[0]]).items():
        marked.setdefault(i, ("ticker", (("run", run),)))
    stops = _article_ends(page, live, skipped, inline)
    span, opened = widen_body(page, body, body.span, stops, teasers)
    for i in _contents(page, live, span):
        marked.setdefault(i, ("contents", ()))
    keep_before = title_zone(page, live, span, marked, short_run, teasers, crumbs)
    positions = {i: n for n, i in enumerate(live)}
    for start in sorted(starts):
        if start in positions and start < live[span[0]]:
            at = (positions[start], positions[start])
            keep_before |= title_zone(page, live, at, marked, short_run, teasers, crumbs)
    keep_after = _after_body(page, live, span[1], teasers, stops)
    keep_before, header = header_copy(page, live, keep_before, short_run, marked, skipped)
    # An author box after the body that repeats the byline (the name alone)
    # keeps the bio written under the name.
    bio = _author_bio(page, live, span[1], [*header[1:], *keep_before], marked)
    if bio is not None:
        keep_after.add(bio)
    layout = _layout(
        page, body, span, marked, keep_before, keep_after, opened, stops, short_run, set(credits), set(shares), teasers
    )
    found = [_judge(layout, n, i) for n, i in enumerate(live)]
    chrome = _forms(page, [m for m in found if m is not None], skipped, layout.first, layout.last)
    return _between_chrome(page, chrome, skipped, body.values, live, layout.first, layout.last, keep_before)


def _removed_crumbs(page: PageUnits, skipped: Collection[int]) -> list[int]:
    """How many breadcrumbs a rule removed before each unit (one entry more
    than units): such a breadcrumb still parts the menu above it from the
    title below it."""
    crumbs = [0] * (len(page.texts) + 1)
    for j in range(len(page.texts)):
        crumbs[j + 1] = crumbs[j] + (j in skipped and is_breadcrumb(page.texts[j]))
    return crumbs


def _article_ends(page: PageUnits, live: Sequence[int], skipped: Collection[int], inline: Collection[int]) -> set[int]:
    """What ends an article: a unit a rule removed for the page (a share row, a
    related list's heading) or a duplicate, unless an article may hold it
    anywhere (``inline``), and a widget or a form's field."""
    held = set(inline)
    stops = {j for j in skipped if j not in held}
    stops |= {i for i in live if _WIDGET.search(page.texts[i]) or is_form_input(page.texts[i])}
    return stops


@dataclass(frozen=True)
class _Layout:
    """What the reasons read about a page once its body and title zone are
    settled (see :func:`find_page_chrome`)."""

    page: PageUnits
    body: Body
    first: int  # the body's first and last unit, once widened
    last: int
    marked: dict[int, Mark]  # units chrome by their own look, with their reason
    keep_before: set[int]  # the title lines kept above the body
    keep_after: set[int]  # the units after the body that are still the article's
    opened: set[int]  # list items and data the widened body took in
    stops: set[int]  # what ends an article
    shared: set[int]  # share buttons a rule removed
    credited: set[int]  # photo credits a rule removed
    teasers: set[int]  # teaser headings a rule removed
    short_run: Sequence[bool]  # by live position: in a run of short units
    list_run: Sequence[bool]  # by live position: in a run of short list items
    chrome_runs: set[int]  # live positions of runs with chrome right before or after them
    titles: set[str]  # the keys of the title lines of three words or more
    held: dict[int, int]  # kept units another unit holds, and that unit
    boxed: dict[int, float]  # pull-quotes, and the share of their words the body has


def _layout(
    page: PageUnits,
    body: Body,
    span: tuple[int, int],
    marked: dict[int, Mark],
    keep_before: set[int],
    keep_after: set[int],
    opened: set[int],
    stops: set[int],
    short_run: Sequence[bool],
    credited: set[int],
    shared: set[int],
    teasers: Collection[int],
) -> _Layout:
    """The runs, copies and pull-quotes among the units kept so far, gathered with the rest."""
    live = body.live
    first, last = live[span[0]], live[span[1]]
    kept = keep_before | keep_after | {i for i in live if first <= i <= last}
    kept -= marked.keys()
    list_run = _list_runs(page, live)
    return _Layout(
        page=page,
        body=body,
        first=first,
        last=last,
        marked=marked,
        keep_before=keep_before,
        keep_after=keep_after,
        opened=opened,
        stops=stops,
        shared=shared,
        credited=credited,
        teasers=set(teasers),
        short_run=short_run,
        list_run=list_run,
        chrome_runs=_runs_touching(live, [a or b for a, b in zip(list_run, short_run, strict=True)], stops),
        titles={page.keys[i] for i in keep_before if page.words[i] >= _MENU_WORDS},
        held=_held_elsewhere(page, live, kept, (first, last)),
        boxed=_pull_quotes(page, kept, first, last),
    )


def _judge(layout: _Layout, n: int, i: int) -> ChromeMatch | None:
    """Unit ``i`` (live position ``n``) as chrome, with the first reason of
    ``_REASONS`` that applies and its evidence; ``None`` when it stays."""
    for reason in _REASONS:
        found = reason(layout, n, i)
        if found is not None:
            why, extra = found
            evidence: Evidence = (
                ("words", layout.page.words[i]),
                ("value", layout.body.values[n]),
                ("body_first", layout.first),
                ("body_last", layout.last),
            )
            return ChromeMatch(i, why, evidence + extra)
    return None


def _marked(layout: _Layout, n: int, i: int) -> Mark | None:
    """Chrome by its own look (a breadcrumb, a caption, a ticker, ...): the mark's reason."""
    return layout.marked.get(i)


def _share_button(layout: _Layout, n: int, i: int) -> Mark | None:
    """A word or two right after a share button, above the body or before more chrome: one more button."""
    if (
        i - 1 in layout.shared
        and layout.page.words[i] <= 2
        and not FULL_STOP.search(layout.page.texts[i])
        and (i < layout.first or i + 1 in layout.stops)
        and i not in layout.keep_after
    ):
        return "share-button", (("after", (i - 1)),)
    return None


def _outside_body(layout: _Layout, n: int, i: int) -> Mark | None:
    """Outside the body, neither a title line nor a unit after the body that is still the article's."""
    if (i < layout.first or i > layout.last) and i not in layout.keep_before and i not in layout.keep_after:
        return "outside-body", ()
    return None


def _no_words(layout: _Layout, n: int, i: int) -> Mark | None:
    """No words at all (a line of punctuation, a drawn line)."""
    return ("no-words", ()) if layout.page.words[i] == 0 else None


def _widget(layout: _Layout, n: int, i: int) -> Mark | None:
    """A short unit with a text browser's mark of a control, a frame or an image."""
    return ("widget", ()) if is_widget(layout.page.texts[i], layout.page.words[i]) else None


def _list_run(layout: _Layout, n: int, i: int) -> Mark | None:
    """In a run of short units or list items (a menu, a tag or related list)
    outside the body, or inside it with chrome right before or after it."""
    if (
        (layout.list_run[n] or layout.short_run[n])
        and i not in layout.keep_after
        and i not in layout.keep_before
        and i not in layout.opened
        and (n in layout.chrome_runs or not layout.first <= i <= layout.last)
    ):
        return "list-run", ()
    return None


def _credit(layout: _Layout, n: int, i: int) -> Mark | None:
    """A short unit with a © credit."""
    return ("credit", ()) if "©" in layout.page.texts[i] and layout.page.words[i] < _LONG_WORDS * 2 else None


def _title_repeat(layout: _Layout, n: int, i: int) -> Mark | None:
    """A title line printed again from the body's start on."""
    if layout.first <= i and i not in layout.keep_before and layout.page.keys[i] in layout.titles:
        return "title-repeat", ()
    return None


def _held_copy(layout: _Layout, n: int, i: int) -> Mark | None:
    """``contained``: a kept unit whose text another unit holds (see :func:`.inside._held_elsewhere`)."""
    return ("contained", (("in", layout.held[i]),)) if i in layout.held else None


def _caption(layout: _Layout, n: int, i: int) -> Mark | None:
    """Between an image and its credit or another image: the image's caption (a gallery's)."""
    texts = layout.page.texts
    if (
        0 < i < len(texts) - 1
        and (i + 1 in layout.credited or _is_image(texts[i + 1]))
        and _is_image(texts[i - 1])
        and layout.page.words[i] <= _LONG_WORDS * 2
    ):
        return "caption", (("image", (i - 1)), ("credit", (i + 1)))
    return None


def _teaser(layout: _Layout, n: int, i: int) -> Mark | None:
    """Inside the body, right after a bare teaser heading (``Read more``, no title
    of its own): a teaser title that does not end like a sentence."""
    if (
        layout.first < i <= layout.last
        and i - 1 in layout.teasers
        and layout.page.words[i - 1] <= _MENU_WORDS  # a bare "Read more", no title of its own
        and layout.page.words[i] <= _LONG_WORDS
        and not FULL_STOP.search(layout.page.texts[i])
    ):
        return "teaser", (("after", (i - 1)),)
    return None


def _pull_quote(layout: _Layout, n: int, i: int) -> Mark | None:
    """Boxed between two drawn lines, its long words mostly in the rest of the body."""
    return ("pull-quote", (("echo", layout.boxed[i]),)) if i in layout.boxed else None


# Each unit goes for the first of these that applies to it, in this order.
_REASONS: tuple[Callable[[_Layout, int, int], Mark | None], ...] = (
    _marked,
    _share_button,
    _outside_body,
    _no_words,
    _widget,
    _list_run,
    _credit,
    _title_repeat,
    _held_copy,
    _caption,
    _teaser,
    _pull_quote,
)
