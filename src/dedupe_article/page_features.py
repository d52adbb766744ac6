"""The page stage's feature table: every signal about every unit, computed once.

A page dump is split into units (see :func:`dedupe_article.page.split_units`);
the rules and the duplicate search have removed some of them already. For each
unit this module computes a row of named numbers: what the unit looks like on
its own (words, sentence ending, capitals, digits, list and link marks,
indentation), where it stands (position, distance to the stretch of prose
that is the body), how often it recurs in the page, and what its neighbours
look like. The decision (:mod:`dedupe_article.page_model`) reads only this
table, so every value that decides a removal can be shown.

Each signal is a small named function of the unit's text and word count
(``own_signals``) or of the whole sequence (``context_signals``), tested alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import regex

from dedupe_article.page import (
    find_body,
    is_breadcrumb,
    is_title_like,
    is_widget,
    unit_value,
    verse_values,
)
from dedupe_article.page.looks import ENDS_WITH_COLON, FULL_STOP, SENTENCE_END

_QUESTION = regex.compile(r"[?？]\s*$")
_LIST_MARK = regex.compile(r"^\s*(?:[*•·▪◦+-]|\d{1,2}[.)])(?:\s|$)")
_MD_LINK = regex.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_BRACKETS = regex.compile(r"\[[^\]\n]{0,80}\]")
_IMAGE = regex.compile(r"!\[|\[(?:IMG|IMAGE|image|img)[^\]]*\]|\.(?:png|jpe?g|gif|svg|webp)\b", regex.IGNORECASE)
_URL = regex.compile(r"https?://|www\.", regex.IGNORECASE)
_SEPARATOR = regex.compile(r"\s[|»›•·/>]\s|\s\|\s?|\s?\|\s")
_HEADING = regex.compile(r"^\s*#{1,6}\s")
_EMPHASIS = regex.compile(r"^\s*(?:\*\*|__|\*|_)\S")
_DATE = regex.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_UPPER_WORD = regex.compile(r"\p{Lu}")
_DIGIT = regex.compile(r"\p{N}")
_PUNCT = regex.compile(r"[^\p{L}\p{N}\s]")
_COPYRIGHT = regex.compile(r"©|\(c\)|copyright", regex.IGNORECASE)

# Short: a menu item, a label, a button.
_SHORT_WORDS = 4
# The windows (units before and after, among those the rules and the
# duplicate search left) the neighbour signals average over.
_NEAR = 1
_WINDOW = 3
_WIDE = 10


def _clip(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def link_share(text: str) -> float:
    """The share of a unit's characters inside Markdown links or images (``[text](url)``).

    >>> link_share("[Home](/)"), link_share("No link here."), round(link_share("Read [more](/x) now"), 2)
    (1.0, 0.0, 0.53)
    """
    stripped = text.strip()
    if not stripped:
        return 0.0
    linked = sum(m.end() - m.start() for m in _MD_LINK.finditer(stripped))
    return linked / len(stripped)


def plain_text(text: str) -> str:
    """The unit's text with Markdown links reduced to their text and URLs left out."""
    return _MD_LINK.sub(lambda m: m.group(1), text)


def upper_share(text: str) -> float:
    """The share of words that start with a capital letter (a menu, a title case headline).

    >>> upper_share("Home News Sport"), upper_share("a quiet sentence")
    (1.0, 0.0)
    """
    found = _WORD.findall(text)
    if not found:
        return 0.0
    return sum(1 for w in found if _UPPER_WORD.match(w)) / len(found)


def share_of(pattern: regex.Pattern[str], text: str) -> float:
    """The share of a text's non-space characters that a pattern matches one by one."""
    length = len(text) - text.count(" ") - text.count("\n")
    if length <= 0:
        return 0.0
    return len(pattern.findall(text)) / length


def indentation(text: str) -> int:
    """The columns of leading space of the unit's first line."""
    line = text.split("\n", 1)[0]
    return len(line) - len(line.lstrip(" \t"))


# The signals of a unit on its own: name -> function of (text, plain text
# without link targets, word count).
OWN_SIGNALS: dict[str, Callable[[str, str, int], float]] = {
    "words": lambda t, p, n: math.log1p(n),
    "chars": lambda t, p, n: math.log1p(len(p.strip())),
    "value": lambda t, p, n: _clip(unit_value(" ".join(p.split()), n), -10.0, 40.0) / 10,
    "sentence_end": lambda t, p, n: float(SENTENCE_END.search(p) is not None),
    "full_stop": lambda t, p, n: float(FULL_STOP.search(p) is not None),
    "colon_end": lambda t, p, n: float(ENDS_WITH_COLON.search(p) is not None),
    "question": lambda t, p, n: float(_QUESTION.search(p) is not None),
    "upper": lambda t, p, n: upper_share(p),
    "digits": lambda t, p, n: share_of(_DIGIT, p),
    "punct": lambda t, p, n: share_of(_PUNCT, p),
    "list_mark": lambda t, p, n: float(_LIST_MARK.match(t) is not None),
    "indent": lambda t, p, n: min(indentation(t), 20) / 20,
    "lines": lambda t, p, n: math.log1p(t.strip().count("\n")),
    "link_share": lambda t, p, n: link_share(t),
    "brackets": lambda t, p, n: math.log1p(len(_BRACKETS.findall(p))),
    "image": lambda t, p, n: float(_IMAGE.search(t) is not None),
    "url": lambda t, p, n: float(_URL.search(p) is not None),
    "separators": lambda t, p, n: math.log1p(len(_SEPARATOR.findall(p))),
    "widget": lambda t, p, n: float(is_widget(p, n)),
    "breadcrumb": lambda t, p, n: float(is_breadcrumb(p)),
    "heading": lambda t, p, n: float(_HEADING.match(t) is not None),
    "emphasis": lambda t, p, n: float(_EMPHASIS.match(t) is not None),
    "title_like": lambda t, p, n: float(is_title_like(p, n)),
    "copyright": lambda t, p, n: float(_COPYRIGHT.search(p) is not None),
    "date": lambda t, p, n: float(_DATE.search(p) is not None and n <= 12),
    "short": lambda t, p, n: float(n <= _SHORT_WORDS and SENTENCE_END.search(p) is None),
}

CONTEXT_SIGNALS = (
    "repeats",  # how often the unit's key recurs in the page (log)
    "gone_rule",  # the unit was removed by a rule
    "gone_duplicate",  # the unit was removed as a repeat
    "position",  # index / units
    "from_start",  # log of live units before it
    "from_end",  # log of live units after it
    "in_body",  # inside the stretch where prose outweighs chrome
    "before_body",  # log of live units between it and the body's start
    "after_body",  # log of live units between the body's end and it
    "prose_before",  # share of the page's prose value before the unit
    "verse",  # value with a poem's lines counted as text
    "near_value",  # mean value of the live units next to it
    "window_value",  # mean value of the live units within _WINDOW
    "wide_value",  # mean value of the live units within _WIDE
    "window_max",  # largest value within _WINDOW
    "window_short",  # share of short units within _WINDOW
    "window_links",  # mean link share within _WINDOW
    "rules_near",  # units removed by rules within _WINDOW (log)
    "layout_drop",  # the layout heuristics remove the unit
    "layout_outside",  # ... as outside the body
    "layout_run",  # ... as part of a run of short units (list-run, between-chrome)
    "layout_near",  # share of the live units within _WINDOW that the layout heuristics remove
    "doc_units",  # log of the page's units
    "doc_short",  # share of short units in the page
    "doc_links",  # share of units with Markdown links
    "doc_prose",  # share of units that are prose
)


@dataclass(frozen=True)
class FeatureTable:
    """One row of named values per unit.

    Attributes:
        names: the column names (``OWN_SIGNALS`` then ``CONTEXT_SIGNALS``).
        rows: one tuple of values per unit, in unit order.
        live: the units neither a rule nor the duplicate search removed
            (the ones the page decision judges).
        body: the body's first and last unit (``None`` when the page has no
            prose).
    """

    names: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]
    live: tuple[int, ...]
    body: tuple[int, int] | None

    def row(self, index: int) -> dict[str, float]:
        """The named values of one unit."""
        return dict(zip(self.names, self.rows[index], strict=True))


FEATURE_NAMES: tuple[str, ...] = (*OWN_SIGNALS, *CONTEXT_SIGNALS)


def span_position(k: int, span: tuple[int, int] | None) -> tuple[float, float, float]:
    """Where position ``k`` stands against a span: ``(inside, log distance before, log distance after)``.

    >>> span_position(5, (3, 8)), span_position(0, (3, 8))[1] > 0, span_position(9, None)
    ((1.0, 0.0, 0.0), True, (0.0, 0.0, 0.0))
    """
    if span is None:
        return 0.0, 0.0, 0.0
    if k < span[0]:
        return 0.0, math.log1p(span[0] - k), 0.0
    if k > span[1]:
        return 0.0, 0.0, math.log1p(k - span[1])
    return 1.0, 0.0, 0.0


def _window_means(values: Sequence[float], reach: int) -> list[float]:
    """The mean of each value's neighbours within ``reach`` (the value itself left out)."""
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    out = []
    n = len(values)
    for k in range(n):
        low, high = max(0, k - reach), min(n, k + reach + 1)
        count = high - low - 1
        out.append((prefix[high] - prefix[low] - values[k]) / count if count else 0.0)
    return out


def _window_max(values: Sequence[float], reach: int) -> list[float]:
    n = len(values)
    return [
        max((values[j] for j in range(max(0, k - reach), min(n, k + reach + 1)) if j != k), default=0.0)
        for k in range(n)
    ]


def build_table(
    units: Sequence[str],
    words: Sequence[int],
    keys: Sequence[str],
    *,
    rule_removed: Collection[int] = (),
    duplicates: Collection[int] = (),
    layout: Mapping[int, str] | None = None,
) -> FeatureTable:
    """Compute the feature table of a page's units.

    Args:
        units: the units' texts, in order.
        words: their word counts.
        keys: their comparison keys (see :func:`dedupe_article.keys.paragraph_key`).
        rule_removed: units a catalog rule removed.
        duplicates: units the duplicate search removed.
        layout: the units the layout heuristics remove, with their reason
            (see :func:`dedupe_article.page.find_page_chrome`).
    """
    n = len(units)
    ruled, copies = set(rule_removed), set(duplicates)
    live = [i for i in range(n) if i not in ruled and i not in copies]
    plains = [plain_text(t) for t in units]
    own = [[f(units[i], plains[i], words[i]) for f in OWN_SIGNALS.values()] for i in range(n)]
    counts: dict[str, int] = {}
    for key in keys:
        if key:
            counts[key] = counts.get(key, 0) + 1
    value_col = list(OWN_SIGNALS).index("value")
    short_col = list(OWN_SIGNALS).index("short")
    link_col = list(OWN_SIGNALS).index("link_share")
    live_values = [own[i][value_col] for i in live]
    verse = verse_values([" ".join(plains[i].split()) for i in live], [words[i] for i in live])
    span = find_body(verse)
    body = (live[span[0]], live[span[1]]) if span else None
    positive = [max(0.0, v) for v in verse]
    total = sum(positive) or 1.0
    near = _window_means(live_values, _NEAR)
    window = _window_means(live_values, _WINDOW)
    wide = _window_means(live_values, _WIDE)
    top = _window_max(live_values, _WINDOW)
    shorts = _window_means([own[i][short_col] for i in live], _WINDOW)
    links = _window_means([own[i][link_col] for i in live], _WINDOW)
    layout = layout or {}
    dropped = _window_means([float(i in layout) for i in live], _WINDOW)
    # Rules near a unit, counted over all units.
    rule_prefix = [0]
    for i in range(n):
        rule_prefix.append(rule_prefix[-1] + (i in ruled))
    doc = (
        math.log1p(n),
        sum(1 for r in own if r[short_col]) / n if n else 0.0,
        sum(1 for r in own if r[link_col] > 0) / n if n else 0.0,
        sum(1 for r in own if r[value_col] > 0) / n if n else 0.0,
    )
    context: dict[int, list[float]] = {}
    running = 0.0
    for k, i in enumerate(live):
        inside, before, after = span_position(k, span)
        context[i] = [
            math.log1p(counts.get(keys[i], 1) - 1),
            0.0,
            0.0,
            i / n,
            math.log1p(k),
            math.log1p(len(live) - 1 - k),
            inside,
            before,
            after,
            running / total,
            _clip(verse[k], -10.0, 40.0) / 10,
            near[k],
            window[k],
            wide[k],
            top[k],
            shorts[k],
            links[k],
            math.log1p(rule_prefix[min(n, i + _WINDOW + 1)] - rule_prefix[max(0, i - _WINDOW)]),
            float(i in layout),
            float(layout.get(i) == "outside-body"),
            float(layout.get(i) in ("list-run", "between-chrome")),
            dropped[k],
            *doc,
        ]
        running += positive[k]
    rows = []
    for i in range(n):
        extra = context.get(i)
        if extra is None:
            extra = [math.log1p(counts.get(keys[i], 1) - 1), float(i in ruled), float(i in copies), i / n]
            extra += [0.0] * (len(CONTEXT_SIGNALS) - len(extra) - len(doc)) + list(doc)
        rows.append(tuple(own[i] + extra))
    return FeatureTable(FEATURE_NAMES, tuple(rows), tuple(live), body)
