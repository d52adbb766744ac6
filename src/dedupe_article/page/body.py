"""The article body of a page dump: the stretch of units where prose outweighs chrome."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import regex

from dedupe_article.page.looks import (
    _DIGIT,
    _DOMAIN,
    _EMPTY_SLOT,
    _LABEL_VALUE,
    _LIST_ITEM,
    _LONG_WORDS,
    _SHORT_SENTENCE,
    _WIDGET,
    ENDS_WITH_COLON,
    FULL_STOP,
    unit_value,
)
from dedupe_article.page.units import PageUnits

# A poem: this many short lines in a row (two to this many words each), this
# share of them ending in punctuation.
_VERSE_LINES = 4
_VERSE_WORDS = 10
_VERSE_SHARE = 0.6
_VERSE_END = regex.compile(r"[,.;:!?…]\s*$")
# Data beside the body: this many short units, this share with a number or a label.
_DATA_UNITS = 8
_DATA_SHARE = 0.5
# The body goes on over at most this many short units (a list, a table, lyrics)
# to prose after them worth this much.
_BRIDGE_UNITS = 40
_BRIDGE_VALUE = 10.0


def verse_values(texts: Sequence[str], words: Sequence[int], values: Sequence[float] | None = None) -> list[float]:
    """Each unit's :func:`unit_value`, with the lines of a poem counted as text.

    A poem's lines are short, so on their own they would count as chrome. A
    run of ``_VERSE_LINES`` or more short lines (two to ten words, no list
    marker, no widget, no link) that starts and ends with a line ending in
    punctuation (``,`` ``.`` ``;`` ``!``: menus, tag lists and headlines
    rarely do), most of its lines so ending, is verse: each of its lines
    counts one. ``values``, when given, are the units' :func:`unit_value`.

    >>> stanza = ["Sah ein Knab ein Röslein stehn,", "Röslein auf der Heiden,", "War so jung und morgenschön,"]
    >>> verse_values([*stanza, "Lief er schnell,"], [6, 4, 5, 3])
    [1.0, 1.0, 1.0, 1.0]
    >>> verse_values([*stanza, "Lief er schnell"], [6, 4, 5, 3])  # ends without punctuation: three lines
    [-4.0, -6.0, -5.0, -7.0]
    >>> verse_values(["Home", "News", "Sport", "Culture"], [1, 1, 1, 1])
    [-9.0, -9.0, -9.0, -9.0]
    """
    values = list(values) if values is not None else [unit_value(text, n) for text, n in zip(texts, words, strict=True)]
    line = [
        2 <= n <= _VERSE_WORDS
        and "\n" not in text.strip()
        and not _LIST_ITEM.match(text)
        and not _WIDGET.search(text)
        and not _EMPTY_SLOT.search(text)
        and not _DOMAIN.search(text)
        for text, n in zip(texts, words, strict=True)
    ]
    start = 0
    while start < len(texts):
        end = start
        while end < len(texts) and line[end]:
            end += 1
        low, high = start, end
        while low < high and not _VERSE_END.search(texts[low]):
            low += 1
        while high > low and not _VERSE_END.search(texts[high - 1]):
            high -= 1  # a poem's run starts and ends with a line that ends in punctuation
        run = range(low, high)
        if len(run) >= _VERSE_LINES:
            ended = sum(1 for k in run if _VERSE_END.search(texts[k]))
            if ended >= _VERSE_SHARE * len(run):
                for k in run:
                    values[k] = 1.0
        start = end + 1
    return values


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


@dataclass(frozen=True)
class Body:
    """The units a page stage step judges, and where the body is among them.

    Attributes:
        live: the units not skipped (removed by an earlier stage), in order.
        values: their :func:`verse_values`, by position in ``live``.
        span: the positions in ``live`` of the body's first and last unit
            (:func:`find_body`), or ``None`` when nothing is prose.
    """

    live: tuple[int, ...]
    values: tuple[float, ...]
    span: tuple[int, int] | None


def measure_body(page: PageUnits, skip: Collection[int] = ()) -> Body:
    """The body of a page's units once the units in ``skip`` are left out."""
    skipped = set(skip)
    live = tuple(i for i in range(len(page.texts)) if i not in skipped)
    values = verse_values([page.texts[i] for i in live], [page.words[i] for i in live], [page.values[i] for i in live])
    return Body(live, tuple(values), find_body(values))


def body_span(units: Sequence[str] | PageUnits, *, skip: Sequence[int] = ()) -> tuple[int, int] | None:
    """The first and last unit of the article body (see :func:`find_body`), or ``None``.

    The body starts at its first two prose units in a row: a lone prose unit
    before them (a standfirst that repeats a body paragraph, a teaser) is in
    the span but not yet the article's running text.
    """
    body = measure_body(PageUnits.of(units), skip)
    live, values, span = body.live, body.values, body.span
    if span is None:
        return None
    start = next((k for k in range(span[0], span[1]) if values[k] > 0 and values[k + 1] > 0), span[0])
    return live[start], live[span[1]]


def widen_body(
    page: PageUnits, body: Body, span: tuple[int, int], stops: Collection[int], teasers: Collection[int]
) -> tuple[tuple[int, int], set[int]]:
    """The body's span (positions in ``body.live``) widened over what the
    article holds at its edges, and the units so taken in that are list
    items or data (``opened``: they are not taken for menus).

    In order: the body goes on over short units to more prose after them
    (:func:`_bridge`); a question or a short answer at either end is the
    article's (a FAQ); so is a box of points it opens with (``Key points:``
    and its list); then data next to its prose (:func:`_data_stretch`: a
    table one cell per line, a listing of records with labelled values).
    ``stops`` are the units that end an article."""
    live = body.live
    low, high = _short_answers(page, body, span[0], _bridge(page, body, span[1], stops, teasers), stops)
    low, opened = _opening_points(page, live, low, stops)
    data_low = _data_stretch(page, live, low, -1, stops)
    data_high = _data_stretch(page, live, high, 1, stops)
    opened |= {live[n] for n in range(data_low, low)} | {live[n] for n in range(high + 1, data_high + 1)}
    return (data_low, data_high), opened


def _short_answers(page: PageUnits, body: Body, low: int, high: int, stops: Collection[int]) -> tuple[int, int]:
    """The span widened over questions and short answers (short units that
    end like a sentence) at either end: a FAQ's."""
    live, values = body.live, body.values
    while (
        low > 0
        and _SHORT_SENTENCE <= values[low - 1] <= 0
        and FULL_STOP.search(page.texts[live[low - 1]])
        and not _stopped(live, low - 1, stops)
    ):
        low -= 1
    while (
        high + 1 < len(live)
        and _SHORT_SENTENCE <= values[high + 1] <= 0
        and FULL_STOP.search(page.texts[live[high + 1]])
        and not _stopped(live, high, stops)
    ):
        high += 1
    return low, high


def _opening_points(page: PageUnits, live: Sequence[int], low: int, stops: Collection[int]) -> tuple[int, set[int]]:
    """The body's start moved up over a box of points the article opens with
    (a line ending with a colon, ``Key points:``, then list items), and the
    units of that box. ``low`` and an empty set when there is none."""
    k = low - 1
    while k >= 0 and _LIST_ITEM.match(page.texts[live[k]]) and not _stopped(live, k, stops):
        k -= 1
    if k < low - 1 and k >= 0 and ENDS_WITH_COLON.search(page.texts[live[k]]) and not _stopped(live, k, stops):
        return k, {live[n] for n in range(k, low)}
    return low, set()


def _data_stretch(page: PageUnits, live: Sequence[int], edge: int, step: int, stops: Collection[int]) -> int:
    """How far the body goes on from ``edge`` (a live position) in the
    direction ``step`` (-1 or 1) over data: ``_DATA_UNITS`` or more short
    units in a row with nothing that ends an article between them, at least
    ``_DATA_SHARE`` of them holding a number or a labelled value (a table's
    cells, ``Datum: Sonntag, 9. Juni``); menus and tag lists rarely do. The
    stretch may end with prose (a table's introduction), not with list items
    without numbers (a menu after the data). Returns the new edge, or
    ``edge`` when there is no such stretch."""
    k, data, short, reached = edge, 0, 0, edge
    while 0 <= k + step < len(live) and abs(k + step - edge) <= _BRIDGE_UNITS * 2:
        inner, outer = (k, k + step) if step > 0 else (k + step, k)
        if _stopped(live, inner, stops) or live[outer] in stops:
            break
        k += step
        i = live[k]
        if page.words[i] > _LONG_WORDS:
            break
        datum = bool(_DIGIT.search(page.texts[i]) or _LABEL_VALUE.match(page.texts[i]))
        prose = page.values[i] > 0
        short += not prose
        data += datum and not prose
        if short >= _DATA_UNITS and data >= _DATA_SHARE * short and (datum or prose):
            reached = k  # the stretch ends on a datum or on prose (a table's introduction)
    # A list without numbers at its far end is a menu after the data (social links).
    while (
        reached != edge and _LIST_ITEM.match(page.texts[live[reached]]) and not _DIGIT.search(page.texts[live[reached]])
    ):
        reached -= step
    return reached


def _stopped(live: Sequence[int], k: int, stops: Collection[int]) -> bool:
    """Whether a unit in ``stops`` lies between live positions ``k`` and ``k + 1``."""
    return k + 1 < len(live) and any(j in stops for j in range(live[k] + 1, live[k + 1]))


def _bridge(page: PageUnits, body: Body, end: int, stops: Collection[int], teasers: Collection[int] = ()) -> int:
    """Extend the body (ending at live position ``end``) over a stretch of short
    units to the prose after it: an ingredient list, a table, lyrics, a run of
    questions and answers. The stretch must be at most ``_BRIDGE_UNITS``
    units with nothing in it that ends an article (``stops``), and the prose
    after it worth ``_BRIDGE_VALUE`` or more. A box of related links in the
    middle of the article (one teaser heading in ``teasers``, then only
    list items and short sentences) is crossed too, when the prose after it
    is worth half as much and ends like a sentence. Returns the new end."""
    live, values = body.live, body.values
    while True:
        ahead = range(end + 1, min(len(live), end + 2 + _BRIDGE_UNITS))
        prose = next((k for k in ahead if values[k] > 0), None)
        if prose is None:
            return end
        blocked = [j for j in range(live[end] + 1, live[prose]) if j in stops]
        boxed = (
            len(blocked) == 1
            and blocked[0] in teasers
            and all(
                _LIST_ITEM.match(page.texts[live[n]]) or values[n] == _SHORT_SENTENCE
                for n in range(end + 1, prose)
                if live[n] > blocked[0]
            )
            and all(live[n] > blocked[0] for n in range(end + 1, prose))
        )
        if blocked and not boxed:
            return end
        k, total = prose, 0.0
        while k < len(live) and values[k] > 0 and live[k] not in stops:
            total += values[k]
            k += 1
        if total < (_BRIDGE_VALUE / 2 if boxed else _BRIDGE_VALUE) or (
            boxed and not FULL_STOP.search(page.texts[live[k - 1]])
        ):
            return end
        end = k - 1
