"""Chrome inside the body: copies of other units, pull-quotes, forms, and short runs
between removed units."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.keys import has_cjk
from dedupe_article.page.evidence import ChromeMatch
from dedupe_article.page.looks import (
    _BUTTON,
    _LONG_WORDS,
    _MENU_WORDS,
    _METADATA,
    _RULE_LINE,
    _TOKEN,
    FULL_STOP,
    is_form_input,
    is_title_like,
)
from dedupe_article.page.units import PageUnits

# A unit of this many words inside a longer one repeats it (a teaser, a pull-quote).
_CONTAINED_WORDS = 8
# A form inside the body: this many input fields or radio buttons, each within
# this many units of the next.
_FORM_INPUTS = 4
_FORM_GAP = 8
# A boxed unit (between two drawn lines) whose long words are mostly in the
# rest of the body is a pull-quote: words this long, this share.
_ECHO_LETTERS = 4
_ECHO_SHARE = 0.7


def _forms(page: PageUnits, found: list[ChromeMatch], skipped: set[int], first: int, last: int) -> list[ChromeMatch]:
    """Add the units of a form inside the body: ``_FORM_INPUTS`` or more input
    fields (``____``, radio buttons ``( )``), each within ``_FORM_GAP`` units
    of the next, and the buttons chained to them as closely. Everything from
    the form's first control to its last is the form's (its questions,
    choices and small print): a reader call-out, a sign-up box. Buttons alone
    never make a form, and neither does a rule (one long line of ``_``)."""
    inputs = [i for i in range(first, last + 1) if is_form_input(page.texts[i])]
    buttons = [i for i in range(first, last + 1) if _BUTTON.search(page.texts[i])]
    removed = {m.index for m in found}
    more: list[ChromeMatch] = []
    start = 0
    while start < len(inputs):
        end = start
        while end + 1 < len(inputs) and inputs[end + 1] - inputs[end] <= _FORM_GAP:
            end += 1
        if end - start + 1 >= _FORM_INPUTS:
            low, high = inputs[start], inputs[end]
            while (b := next((b for b in reversed(buttons) if low - _FORM_GAP <= b < low), None)) is not None:
                low = b
            while (b := next((b for b in buttons if high < b <= high + _FORM_GAP), None)) is not None:
                high = b
            evidence = (("inputs", end - start + 1), ("form_first", low), ("form_last", high))
            more.extend(
                ChromeMatch(i, "form", evidence) for i in range(low, high + 1) if i not in skipped and i not in removed
            )
        start = end + 1
    return sorted(found + more, key=lambda m: m.index)


def _between_chrome(
    page: PageUnits,
    found: list[ChromeMatch],
    skipped: set[int],
    values: Sequence[float],
    live: Sequence[int],
    first: int,
    last: int,
    titles: Collection[int],
) -> list[ChromeMatch]:
    """Add the runs of two or more short units inside the body that have
    removed units right before and right after them: the texts of a widget
    (a sign-in box, a form) whose buttons and links went. A single short unit
    between removed ones stays (a sub-heading next to an advertisement), and
    a date, a labelled value or a sentence breaks a run (a byline and its
    date between share rows; the article's last short sentences between an
    ad marker and the share row)."""
    removed = skipped | {m.index for m in found}
    value = dict(zip(live, values, strict=True))
    for i in live:
        if _METADATA.search(page.texts[i]) or FULL_STOP.search(page.texts[i]):
            value[i] = 1.0  # a date or a labelled value (a byline's), or a sentence: kept
    more: list[ChromeMatch] = []
    k = first
    while k <= last:
        if k in removed or value[k] > 0 or k in titles:
            k += 1
            continue
        end = k
        while end + 1 <= last and end + 1 not in removed and value[end + 1] <= 0:
            end += 1
        if end > k and k - 1 in removed and end + 1 in removed:
            run = (("run_first", k), ("run_last", end))
            more.extend(ChromeMatch(i, "between-chrome", (("value", value[i]), *run)) for i in range(k, end + 1))
        k = end + 1
    return sorted(found + more, key=lambda m: m.index)


def _held_elsewhere(
    page: PageUnits, live: Sequence[int], kept: Collection[int], body: tuple[int, int] = (0, -1)
) -> dict[int, int]:
    """Kept units whose text another unit holds: a teaser or pull-quote that
    repeats part of a longer paragraph, a caption that the next unit repeats
    with its credit, or a date or source line outside the body (``body``:
    its first and last unit; inside it, ``NAME: reply`` lines of a dialogue
    look the same) whose every word and number is already in an earlier
    kept date or source line. Maps each to the unit holding it."""
    keys = page.keys
    padded = {i: f" {keys[i]} " for i in kept}
    # Blocking: a holder has every word (every character, in Chinese or
    # Japanese) of the unit it holds, so only the units that have its rarest
    # one are searched.
    holders: dict[str, list[int]] = {}
    for j in sorted(kept):
        for token in set(_blocking_tokens(keys[j])):
            holders.setdefault(token, []).append(j)
    found: dict[int, int] = {}
    metadata: list[int] = []
    earlier: set[str] = set()  # the words and numbers of the kept date and source lines so far
    cjk = ""  # and their text
    for n, i in enumerate(live):
        if i not in kept or page.words[i] == 0:
            continue
        key = keys[i]
        if page.words[i] >= _CONTAINED_WORDS:
            needle = key if has_cjk(key) else f" {key} "
            rarest = min(_blocking_tokens(key), key=lambda token: len(holders.get(token, ())))
            holder = next(
                (j for j in holders.get(rarest, ()) if page.words[j] > page.words[i] and needle in padded[j]), None
            )
            if holder is not None:
                found[i] = holder
                continue
        if n + 1 < len(live):
            after = live[n + 1]
            if page.words[after] > page.words[i] and keys[after].startswith(key) and page.words[i] >= _MENU_WORDS:
                found[i] = after
                continue
        if (
            _METADATA.search(page.texts[i])
            and is_title_like(page.texts[i], page.words[i])
            and not body[0] < i <= body[1]
        ):
            tokens = _TOKEN.findall(page.texts[i].casefold())
            # A number or a word must be one of theirs; Chinese or Japanese
            # (no spaces between words) may be part of one of their runs.
            if metadata and len(tokens) >= 2 and all(t in earlier or (has_cjk(t) and t in cjk) for t in tokens):
                found[i] = metadata[-1]
            else:
                metadata.append(i)
                earlier.update(tokens)
                cjk += " " + page.texts[i].casefold()
    return found


def _pull_quotes(page: PageUnits, kept: Collection[int], first: int, last: int) -> dict[int, float]:
    """Units inside the body boxed between two drawn lines whose long words are
    mostly in the rest of the body: pull-quotes. Maps each to that share."""
    boxed = [
        i
        for i in range(max(first, 1), min(last, len(page.texts) - 2) + 1)
        if i in kept
        and 0 < page.words[i] <= _LONG_WORDS * 2
        and _RULE_LINE.match(page.texts[i - 1])
        and _RULE_LINE.match(page.texts[i + 1])
        and not has_cjk(page.texts[i])
    ]
    if not boxed:
        return {}
    body: dict[str, int] = {}
    for j in kept:
        if first <= j <= last:
            for word in page.keys[j].split():
                body[word] = body.get(word, 0) + 1
    found: dict[int, float] = {}
    for i in boxed:
        own = [w for w in page.keys[i].split() if len(w) >= _ECHO_LETTERS]
        if own:
            share = sum(1 for w in own if body.get(w, 0) > own.count(w)) / len(own)
            if share >= _ECHO_SHARE:
                found[i] = round(share, 3)
    return found


def _blocking_tokens(key: str) -> list[str]:
    """A key's words, or its characters when it is Chinese or Japanese (no spaces between words)."""
    return [char for char in key if not char.isspace()] if has_cjk(key) else key.split()
