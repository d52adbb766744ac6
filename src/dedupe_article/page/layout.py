"""The layout heuristics: which units of a page dump are not the article."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.page.after import _after_body
from dedupe_article.page.body import _bridge, _data_stretch, _stopped, find_body, verse_values
from dedupe_article.page.evidence import ChromeMatch
from dedupe_article.page.inside import _between_chrome, _contained, _forms, _pull_quotes
from dedupe_article.page.looks import (
    _BRACKETED,
    _EMPTY_SLOT,
    _FIELD,
    _FULL_STOP,
    _INTRODUCES,
    _LIST_ITEM,
    _LONG_WORDS,
    _MENU_WORDS,
    _METADATA,
    _SENTENCE_END,
    _SHORT_SENTENCE,
    _WIDGET,
    _is_image,
    is_breadcrumb,
    is_form_input,
    is_title_like,
    is_widget,
)
from dedupe_article.page.marks import _list_runs, _runs_touching, _short_runs, _unit_marks
from dedupe_article.page.title import (
    _CAPTION_WORDS,
    _HEADER_MARKS,
    _TITLE_REACH,
    _TITLE_UNITS,
    _author_bio,
    _contents,
    _flush_heading,
    _header_copy,
    _menu_echo,
    _ticker,
)

# A text with fewer units than this outside its body is an article, not a page.
_PAGE_MIN_OUTSIDE = 8


def find_page_chrome(
    units: Sequence[str],
    *,
    skip: Sequence[int] = (),
    captions: Collection[int] = (),
    teasers: Collection[int] = (),
    inline: Collection[int] = (),
    credits: Collection[int] = (),
    shares: Collection[int] = (),
) -> list[ChromeMatch]:
    """Find the units of a page dump that are not the article.

    Args:
        units: the units' texts (see :func:`split_units`), in order.
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

    Returns:
        One match per chrome unit, in order.
    """
    skipped = set(skip)
    live = [i for i in range(len(units)) if i not in skipped]
    words = {i: count_words(paragraph_key(units[i])) for i in live}
    values = verse_values([units[i] for i in live], [words[i] for i in live])
    span = find_body(values)
    if span is None:
        return []
    first, last = live[span[0]], live[span[1]]
    if len(live) - (span[1] - span[0] + 1) < _PAGE_MIN_OUTSIDE:
        return []  # hardly anything around the body: an article, not a page dump
    # A breadcrumb that a rule removed still parts the menu above it from the title below it.
    crumbs = [0] * (len(units) + 1)
    for j in range(len(units)):
        crumbs[j + 1] = crumbs[j] + (j in skipped and is_breadcrumb(units[j]))
    parted = [n > 0 and crumbs[live[n]] > crumbs[live[n - 1]] for n in range(len(live))]
    short_run = _short_runs(units, live, words, parted)
    marked = _unit_marks(units, live, words, captions)
    for i, run in _ticker(units, live, words, first).items():
        marked.setdefault(i, ("ticker", (("run", float(run)),)))
    # What ends an article: a unit a rule removed for the page (a share row, a
    # related list's heading), a duplicate, a widget or a form's field.
    stops = {j for j in skipped if j not in set(inline)}
    stops |= {i for i in live if _WIDGET.search(units[i]) or is_form_input(units[i])}
    bridged = _bridge(units, live, values, span[1], stops, teasers)
    low, high = span[0], bridged
    # A question or a short answer at either end of the body is the article's (a FAQ).
    while (
        low > 0
        and _SHORT_SENTENCE <= values[low - 1] <= 0
        and _FULL_STOP.search(units[live[low - 1]])
        and not _stopped(live, low - 1, stops)
    ):
        low -= 1
    while (
        high + 1 < len(live)
        and _SHORT_SENTENCE <= values[high + 1] <= 0
        and _FULL_STOP.search(units[live[high + 1]])
        and not _stopped(live, high, stops)
    ):
        high += 1
    # A box of points the article opens with ("Key points:" and its list).
    k = low - 1
    while k >= 0 and _LIST_ITEM.match(units[live[k]]) and not _stopped(live, k, stops):
        k -= 1
    opened: set[int] = set()
    if k < low - 1 and k >= 0 and _INTRODUCES.search(units[live[k]]) and not _stopped(live, k, stops):
        opened = {live[n] for n in range(k, low)}
        low = k
    # Data the article holds next to its prose: a table one cell per line, a
    # listing of records with labelled values.
    data_low = _data_stretch(units, live, words, low, -1, stops)
    data_high = _data_stretch(units, live, words, high, 1, stops)
    opened |= {live[n] for n in range(data_low, low)} | {live[n] for n in range(high + 1, data_high + 1)}
    low, high = data_low, data_high
    if (low, high) != span:
        span = (low, high)
        first, last = live[low], live[high]
    for i in _contents(units, live, words, span, short_run):
        marked.setdefault(i, ("contents", ()))
    keep_before: set[int] = set()
    position = span[0] - 1
    teaser_marks = sorted(teasers)
    passed = 0  # units passed over (a table of contents does not use up the reach)
    while position >= 0 and len(keep_before) < _TITLE_UNITS and passed < _TITLE_REACH:
        i = live[position]
        passed += marked.get(i, ("",))[0] != "contents"
        if marked.get(i, ("",))[0] in _HEADER_MARKS and keep_before:
            break  # the page's path to the article, or its header's chrome: the title is after it
        if keep_before and any(i < t < live[position + 1] for t in teaser_marks):
            break  # a teaser list's "Read more" or "Related": the title is after it
        if keep_before and crumbs[live[position + 1]] > crumbs[i + 1]:
            break  # a breadcrumb a rule removed: the title is after it
        image = i - 1 if i > 0 else None
        if (
            i not in marked
            and image is not None
            and _is_image(units[image])
            and (_SENTENCE_END.search(units[i]) or words[i] >= _CAPTION_WORDS)
            and not _METADATA.search(units[i])
        ):  # the caption under an image the dump gives by its description
            marked[i] = ("caption", (("image", float(image)),))
        heading = short_run[position] and _flush_heading(units, live, position)
        if i not in marked and (not short_run[position] or heading) and is_title_like(units[i], words[i]):
            echo = _menu_echo(units, live, words, position, short_run)
            if echo is None:
                keep_before.add(i)
            else:  # a section name printed again above the title
                marked[i] = ("menu-echo", (("menu_item", float(echo)),))
        position -= 1  # menu items are passed over, never kept
    for position in range(max(1, span[0] - _TITLE_REACH), span[0]):
        # A standfirst too long for a title, or a subtitle written as a list
        # item, between two kept title lines (or a title line and the body).
        i, before, after = live[position], live[position - 1], live[position + 1]
        if (
            i not in keep_before
            and i not in marked
            and before in keep_before
            and (after in keep_before or after == first)
            and not short_run[position]
            and not _WIDGET.search(units[i])
            and not _EMPTY_SLOT.search(units[i])
            and not _BRACKETED.match(units[i])
            and not _FIELD.search(units[i])
            and words[i] > (_MENU_WORDS if _LIST_ITEM.match(units[i]) else 0)
        ):
            keep_before.add(i)
    for position in range(span[0], min(span[1], span[0] + _TITLE_UNITS // 2)):
        # A section label just inside the body's start that a menu item repeats,
        # printed with the title again (a sub-heading there is the article's).
        i = live[position]
        again = i + 1 < len(units) and paragraph_key(units[i + 1]) in {paragraph_key(units[t]) for t in keep_before}
        if i not in marked and again and not _SENTENCE_END.search(units[i]):
            echo = _menu_echo(units, live, words, position, short_run)
            if echo is not None:
                marked[i] = ("menu-echo", (("menu_item", float(echo)),))
    keep_after = _after_body(units, live, words, span[1], teasers, stops)
    header = _header_copy(units, live, words, keep_before, short_run, marked, skipped)
    if header:
        # The page printed the article's header earlier (title, byline): that
        # copy is kept whole, and the title lines above the body that repeat
        # it go. An author box after the body that repeats its byline keeps
        # the bio written under the name.
        keys = {paragraph_key(units[i]): i for i in header}
        for i in sorted(keep_before):
            if paragraph_key(units[i]) in keys:
                keep_before.discard(i)
                marked[i] = ("title-repeat", (("of", float(keys[paragraph_key(units[i])])),))
        keep_before |= set(header)
    # An author box after the body that repeats the byline (the name alone)
    # keeps the bio written under the name.
    bio = _author_bio(units, live, words, span[1], [*header[1:], *keep_before], marked)
    if bio is not None:
        keep_after.add(bio)
    kept = keep_before | keep_after | {i for i in live if first <= i <= last}
    kept -= marked.keys()
    credited = set(credits)
    shared = set(shares)
    found: list[ChromeMatch] = []
    titles = {paragraph_key(units[i]) for i in keep_before if words[i] >= _MENU_WORDS}
    contained = _contained(units, live, words, kept, (first, last))
    list_run = _list_runs(units, live, words)
    chrome_runs = _runs_touching(live, [a or b for a, b in zip(list_run, short_run, strict=True)], stops)
    boxed = _pull_quotes(units, words, kept, first, last)
    for n, i in enumerate(live):
        evidence = (
            ("words", float(words[i])),
            ("value", values[n]),
            ("body_first", float(first)),
            ("body_last", float(last)),
        )
        if i in marked:
            why, extra = marked[i]
            found.append(ChromeMatch(i, why, evidence + extra))
        elif (
            i - 1 in shared
            and words[i] <= 2
            and not _FULL_STOP.search(units[i])
            and (i < first or i + 1 in stops)
            and i not in keep_after
        ):
            found.append(ChromeMatch(i, "share-button", evidence + (("after", float(i - 1)),)))
        elif (i < first or i > last) and i not in keep_before and i not in keep_after:
            found.append(ChromeMatch(i, "outside-body", evidence))
        elif words[i] == 0:
            found.append(ChromeMatch(i, "no-words", evidence))
        elif is_widget(units[i], words[i]):
            found.append(ChromeMatch(i, "widget", evidence))
        elif (
            (list_run[n] or short_run[n])
            and i not in keep_after
            and i not in keep_before
            and i not in opened
            and (n in chrome_runs or not first <= i <= last)
        ):
            found.append(ChromeMatch(i, "list-run", evidence))
        elif "©" in units[i] and words[i] < _LONG_WORDS * 2:
            found.append(ChromeMatch(i, "credit", evidence))
        elif first <= i and i not in keep_before and paragraph_key(units[i]) in titles:
            found.append(ChromeMatch(i, "title-repeat", evidence))
        elif i in contained:
            found.append(ChromeMatch(i, "contained", evidence + (("in", float(contained[i])),)))
        elif (
            0 < i < len(units) - 1
            and (i + 1 in credited or _is_image(units[i + 1]))
            and _is_image(units[i - 1])
            and words[i] <= _LONG_WORDS * 2
        ):
            found.append(ChromeMatch(i, "caption", evidence + (("image", float(i - 1)), ("credit", float(i + 1)))))
        elif (
            first < i <= last
            and i - 1 in teaser_marks
            and count_words(paragraph_key(units[i - 1])) <= _MENU_WORDS  # a bare "Read more", no title of its own
            and words[i] <= _LONG_WORDS
            and not _FULL_STOP.search(units[i])
        ):
            found.append(ChromeMatch(i, "teaser", evidence + (("after", float(i - 1)),)))
        elif i in boxed:
            found.append(ChromeMatch(i, "pull-quote", evidence + (("echo", boxed[i]),)))
    found = _forms(units, found, skipped, first, last)
    return _between_chrome(units, found, skipped, values, live, first, last, keep_before)
