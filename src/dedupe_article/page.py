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

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import regex

from dedupe_article.keys import count_words, has_cjk, paragraph_key
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
# A short unit that ends like this is a sentence ("Yes.", "Who can apply?"), barely chrome.
# A paragraph that ends like this announces a list.
_INTRODUCES = regex.compile(r"[:：]\s*$")
_FULL_STOP = regex.compile(r"[.!?…。！？]\s*$")
_SHORT_SENTENCE = -1.0
_LIST_ITEM = regex.compile(r"^\s*(?:[*•·▪◦+-]|\d{1,2}[.)])\s")
_SEPARATORS = regex.compile(r"\s[|»›•·/>]\s")
# Marks a text browser leaves on form controls, frames and images: never prose.
_WIDGET = regex.compile(r"\((?:BUTTON|RADIO|CHECKBOX|Submit|Reset)\)|\bIFRAME:|\[[\w.-]+\.(?:png|jpe?g|gif|svg|webp)\]")
# An empty image slot (``[]``): in a short unit, a logo or a teaser's picture.
_EMPTY_SLOT = regex.compile(r"\[ ?\]|\[(?:IMG|IMAGE|INLINE)\]")
_BRACKETED = regex.compile(r"^\s*\[.*\]\s*$")
# A web address or a site's domain name in a short unit: a link.
_DOMAIN = regex.compile(r"(?:https?://|www\.|\b\w[\w-]*\.(?:com|org|net|info|[a-z]{2})\b)", regex.IGNORECASE)
# A lone image name in brackets (``[qr-code]``, ``[1129708580]``): a text browser's image.
_IMAGE_NAME = regex.compile(r"^\s*\[(?:[\w.]*[-_.][\w.-]*|\d{5,})\]")
_ARROW = regex.compile(r"\s[>›»]\s")
_CRUMB = regex.compile(r"\s*[>›»/|]\s*")
_SENTENCE = regex.compile(r"(?<=[.!?。！？])\s*")
_TOKEN = regex.compile(r"\d+|[^\W\d_]+")
# Chrome of the page's header (its path to the article, its code's names, its
# menu glued into one line, a ticker): once a title line is found, the title
# zone ends at one of these.
_HEADER_MARKS = ("breadcrumb", "code-name", "glued-menu", "ticker")
# A poem: this many short lines in a row (two to this many words each), this
# share of them ending in punctuation.
_VERSE_LINES = 4
_VERSE_WORDS = 10
_VERSE_SHARE = 0.6
_VERSE_END = regex.compile(r"[,.;:!?…]\s*$")
# Data beside the body: this many short units, this share with a number or a label.
_DATA_UNITS = 8
_DATA_SHARE = 0.5
_DIGIT = regex.compile(r"\d")
# A closing line after the body has at most this many words.
_CLOSING_WORDS = 12
# The body goes on over at most this many short units (a list, a table, lyrics)
# to prose after them worth this much.
_BRIDGE_UNITS = 40
_BRIDGE_VALUE = 10.0
# A caption under an image given by its description ends like a sentence or has this many words.
_CAPTION_WORDS = 6
# A word this short before a menu item's name is an article (``IL QUOTIDIANO``, ``The Weekend``).
_ARTICLE_LETTERS = 3
# A unit indented this far is centred: an image caption in a text browser's dump.
_CENTRED = 12
# A sentence of this many words found twice in one unit: a caption printed over.
_REPEAT_WORDS = 4
# A unit of this many words inside a longer one repeats it (a teaser, a pull-quote).
_CONTAINED_WORDS = 8
# A form inside the body: this many input fields or radio buttons, each within
# this many units of the next.
_FORM_INPUTS = 4
_FORM_GAP = 8
_FIELD = regex.compile(r"_{4,}")
_RADIO = regex.compile(r"^\((?:\*| )\)$")
_BUTTON = regex.compile(r"\((?:BUTTON|Submit|Reset)\)")
# A line of ``_`` this long alone is a horizontal rule, not an input field.
_RULE_WIDTH = 50
_METADATA = regex.compile(r"^[^:：]{1,40}[:：]\s*\S|\b(?:19|20)\d\d\b|\d{1,2}[:.]\d\d")
# A label with its value (``Pages: 330``): a run of them after the body is a data
# sheet (a book's, an event's), kept whole however long.
_LABEL_VALUE = regex.compile(r"^\s*[^:：\s][^:：]{0,39}[:：]\s*\S")
# A signature: a name of two or three capitalised words, a comma, then who the
# person is (``Jane DOE, professor of ...``).
_SIGNATURE = regex.compile(r"^\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}\s*,\s*\p{L}")
# A line drawn with dashes (a text browser's ``<hr>`` or a table's border).
_RULE_LINE = regex.compile(r"^\s*[-=─━]{10,}\s*$")
# A boxed unit (between two drawn lines) whose long words are mostly in the
# rest of the body is a pull-quote: words this long, this share.
_ECHO_LETTERS = 4
_ECHO_SHARE = 0.7
# A name from the page's code (``prayer-time``, ``epaper-download``): lower-case
# ASCII words joined by ``-`` or ``_``.
_IDENTIFIER = regex.compile(r"[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)+")
_NOT_LATIN = regex.compile(r"[^\P{L}\p{Latin}]")
# Menu items glued together (``viralesLIFEvídeosEl``): three lower-case letters
# then a capital, three times in one short unit.
_GLUED = regex.compile(r"\p{Ll}{3}\p{Lu}")
_GLUED_TIMES = 3


# A text is taken for a page dump (page_chrome="auto") when it has at
# least this many units, at least this many lines that catalog rules of a
# page's kinds (ui, notice, credit, promo) remove, and either this share of
# short fragments (a few words, no sentence ending: menu items, labels,
# captions) or this share of such rule lines.
PAGE_UNITS = 40
PAGE_RULE_LINES = 4
PAGE_FRAGMENT_SHARE = 0.35
PAGE_RULE_SHARE = 0.1
PAGE_FRAGMENT_WORDS = 4
PAGE_RULE_KINDS = ("ui.", "notice.", "credit.", "promo.")
# A text whose first units (this many, of those the rules leave) hold prose
# worth this much starts like an article, not like a page.
PAGE_START_UNITS = 4
PAGE_START_VALUE = 10.0


def page_shape(units: Sequence[str], words: Sequence[int] | None = None) -> tuple[int, float]:
    """How many units a text has, and the share that are short fragments.

    A fragment has at most ``PAGE_FRAGMENT_WORDS`` words and no sentence
    ending: a menu item, a label, a caption, a share button. ``words``, when
    given, are the units' word counts (see :func:`count_words`).

    >>> page_shape(["Home", "News", "Sport", "A sentence that ends like one."])
    (4, 0.75)
    """
    counts = words if words is not None else [count_words(paragraph_key(text)) for text in units]
    fragments = sum(
        1 for text, n in zip(units, counts, strict=True) if n <= PAGE_FRAGMENT_WORDS and not _SENTENCE_END.search(text)
    )
    return len(units), fragments / len(units) if units else 0.0


def looks_like_page(
    units: Sequence[str],
    page_rule_lines: int,
    words: Sequence[int] | None = None,
    removed: Collection[int] = (),
) -> bool:
    """Whether a text split into units is a whole-page dump, not an article.

    It must have ``PAGE_UNITS`` units or more and ``PAGE_RULE_LINES`` or
    more lines removed by page-kind catalog rules (``page_rule_lines``:
    share buttons, ad markers, captions, subscribe prompts), and either a
    share of ``PAGE_FRAGMENT_SHARE`` or more of short fragments (see
    :func:`page_shape`: menus, labels) or a share of ``PAGE_RULE_SHARE`` or
    more of such rule lines. A long article with lists rarely has chrome
    lines the rules know; a page rarely lacks them. ``words``, when given,
    are the units' word counts.

    And it must not start like an article (see :func:`starts_like_article`;
    ``removed`` are the units the rules removed): a listicle, a poem
    collection or an interview with a few share and ad lines has the shape
    of a page, but its headline and standfirst come first, where a page
    has its menus.

    >>> menu = ["Home", "World", "Sport", "Culture"] * 10
    >>> looks_like_page(menu, 4), looks_like_page(menu, 3), looks_like_page(menu[:20], 5)
    (True, False, False)
    """
    if len(units) < PAGE_UNITS or page_rule_lines < PAGE_RULE_LINES:
        return False
    count, share = page_shape(units, words)
    if not (share >= PAGE_FRAGMENT_SHARE or page_rule_lines >= PAGE_RULE_SHARE * count):
        return False
    return not starts_like_article(units, words, removed)


def starts_like_article(
    units: Sequence[str], words: Sequence[int] | None = None, removed: Collection[int] = ()
) -> bool:
    """Whether one of the first ``PAGE_START_UNITS`` units the rules left is
    prose worth ``PAGE_START_VALUE`` or more (a standfirst under the
    headline, the first paragraph), not a text browser's image or tracking
    address (``[...] Skip to content``), a link header (``#Site » Feed``) or
    a line of separators.

    >>> standfirst = "A standfirst that tells the reader what happened in the town, when, and why it matters to them."
    >>> menu = ["Home", "News", "Sport", "Culture"]
    >>> starts_like_article(["A headline", standfirst]), starts_like_article([*menu, standfirst])
    (True, False)
    """
    skipped = set(removed)
    first = [i for i in range(len(units)) if i not in skipped][:PAGE_START_UNITS]
    for i in first:
        text = " ".join(units[i].split())
        n = words[i] if words is not None else count_words(paragraph_key(text))
        if unit_value(text, n) >= PAGE_START_VALUE and not text.startswith(("[", "#")) and not _SEPARATORS.search(text):
            return True
    return False


@dataclass(frozen=True)
class ChromeMatch:
    """A unit found to be page chrome, with the evidence.

    Attributes:
        index: the unit's position.
        why: where it stands or what it looks like (docs/how-it-works.md,
            "Page dumps", describes each): ``"outside-body"``,
            ``"no-words"``, ``"widget"``, ``"list-run"`` (a menu, a share
            row, a tag or related list), ``"between-chrome"``, ``"credit"``
            (a caption with a © credit), ``"caption"``, ``"centred"``,
            ``"repeated-inside"``, ``"breadcrumb"``, ``"code-name"``,
            ``"glued-menu"``, ``"ticker"``, ``"form"`` (the inside of a form:
            a reader call-out, a sign-up box), ``"menu-echo"`` (a section name
            that a menu item repeats), ``"title-repeat"``, ``"contained"``,
            ``"pull-quote"``, ``"teaser"``, ``"share-button"`` or
            ``"contents"`` (a table of contents above the body). Set by
            :func:`dedupe_article.clean_article` as well:
            ``"title-in-chrome"`` (a breadcrumb, feed or page title holding
            another paragraph, in any text), ``"repeated-chrome"`` (on a page,
            a repeat of a line a rule removed), and a repeat of a unit found
            to be chrome takes that unit's reason. With
            ``CleanConfig(page_model="learned")`` every unit the learned
            decision drops is ``"page-model"`` (see :mod:`dedupe_article.page_model`).
        evidence: the numbers behind the decision (the unit's words and score,
            the body span; for ``"page-model"``, the probability of keeping it,
            the threshold and the three inputs that pushed hardest to drop it).
    """

    index: int
    why: str
    evidence: tuple[tuple[str, float], ...]


def wrap_width(paragraphs: Sequence[Paragraph]) -> int | None:
    """The width the text was hard-wrapped at, or ``None`` when it was not wrapped.

    Measured as the 95th percentile of the lengths of lines that are not the
    last of their block (those lines were broken by the wrapping).
    """
    lengths = sorted(display_width(line) for p in paragraphs for line in p.text.split("\n")[:-1])
    if len(lengths) < 5:
        return None
    return lengths[int(len(lengths) * 0.95)]


def split_units(text: str, paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Split each block into units: wrapped paragraphs and the short lines between them.

    A line shorter than 60% of the wrap width cannot have been broken by
    the wrapping, so the paragraph ends there; the next line starts a new
    unit. So does a line that starts a list item at another indentation,
    and a line drawn with dashes is a unit of its own.
    Offsets point into ``text``, the input the paragraphs came from.

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
            if (
                k == len(lines) - 1
                or display_width(line.strip()) < limit
                or _would_fit(line, lines[k + 1], width)
                or _starts_item(line, lines[k + 1])
                or _RULE_LINE.match(line) is not None
                or _RULE_LINE.match(lines[k + 1]) is not None
            ):
                end = starts[k] + len(line)
                units.append(Paragraph(len(units), "\n".join(lines[first : k + 1]), starts[first], end))
                first = k + 1
    return units


def _starts_item(line: str, following: str) -> bool:
    """Whether the next line starts a list item (``-   [A related title]``)
    at another indentation than this line, or after a line that starts an
    item itself (``5. Pour the batter.`` then ``6. Bake.``): a new item,
    not a wrapped line of this one (a wrapped line keeps its paragraph's
    indentation)."""
    if _LIST_ITEM.match(following) is None:
        return False
    return _indent(following) != _indent(line) or _LIST_ITEM.match(line) is not None


def _would_fit(line: str, following: str, width: int) -> bool:
    """Whether the next line's first word would have fitted on this line: then
    the wrapping did not break here, the paragraph did."""
    # Split on plain spaces only: a no-break space glues two words, which the
    # wrapping then moves to the next line together.
    word = following.strip(" \t").split(" ", 1)[0]
    return bool(word) and display_width(line.rstrip()) + 1 + display_width(word) <= width - 2


def display_width(text: str) -> int:
    """The columns a text takes in a text browser: wide (Chinese, Japanese,
    Korean) characters take two.

    >>> display_width("abc"), display_width("新华网")
    (3, 6)
    """
    return len(text) + sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")


def is_widget(text: str, words: int) -> bool:
    """A short unit with a text browser's mark of a control, a frame or an
    image: a button, a bracketed image name, an empty image slot.

    >>> is_widget("[] El Diario", 2), is_widget("[qr-code]", 1), is_widget("A sentence.", 2)
    (True, True, False)
    """
    marked = _WIDGET.search(text) or _IMAGE_NAME.match(text) or _EMPTY_SLOT.search(text)
    return marked is not None and words < _LONG_WORDS


def unit_value(text: str, words: int) -> float:
    """How much a unit looks like article prose: positive for prose, negative for chrome."""
    if words == 0 or _WIDGET.search(text) or (words < _LONG_WORDS and _EMPTY_SLOT.search(text)):
        return -10.0
    prose = words >= _LONG_WORDS or (words >= _PROSE_WORDS and _SENTENCE_END.search(text) is not None)
    if prose and not _LIST_ITEM.match(text):
        return float(words - _PROSE_WORDS)
    if _FULL_STOP.search(text) and not _LIST_ITEM.match(text):
        return _SHORT_SENTENCE  # a short sentence or question: an answer, a FAQ's question
    return -float(max(2, _PROSE_WORDS + 2 - words))


def verse_values(texts: Sequence[str], words: Sequence[int]) -> list[float]:
    """Each unit's :func:`unit_value`, with the lines of a poem counted as text.

    A poem's lines are short, so on their own they would count as chrome. A
    run of ``_VERSE_LINES`` or more short lines (two to ten words, no list
    marker, no widget, no link) that starts and ends with a line ending in
    punctuation (``,`` ``.`` ``;`` ``!``: menus, tag lists and headlines
    rarely do), most of its lines so ending, is verse: each of its lines
    counts one.

    >>> stanza = ["Sah ein Knab ein Röslein stehn,", "Röslein auf der Heiden,", "War so jung und morgenschön,"]
    >>> verse_values([*stanza, "Lief er schnell,"], [6, 4, 5, 3])
    [1.0, 1.0, 1.0, 1.0]
    >>> verse_values([*stanza, "Lief er schnell"], [6, 4, 5, 3])  # ends without punctuation: three lines
    [-4.0, -6.0, -5.0, -7.0]
    >>> verse_values(["Home", "News", "Sport", "Culture"], [1, 1, 1, 1])
    [-9.0, -9.0, -9.0, -9.0]
    """
    values = [unit_value(text, n) for text, n in zip(texts, words, strict=True)]
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


def is_title_like(text: str, words: int) -> bool:
    """A headline, byline or dateline: a few words, no list marker, no menu
    separators, not a bracketed image text."""
    return (
        1 <= words <= 30
        and not _LIST_ITEM.match(text)
        and len(_SEPARATORS.findall(text)) < 2
        and not _BRACKETED.match(text)
        and not _FIELD.search(text)
    )


def body_span(units: Sequence[str], *, skip: Sequence[int] = ()) -> tuple[int, int] | None:
    """The first and last unit of the article body (see :func:`find_body`), or ``None``.

    The body starts at its first two prose units in a row: a lone prose unit
    before them (a standfirst that repeats a body paragraph, a teaser) is in
    the span but not yet the article's running text.
    """
    skipped = set(skip)
    live = [i for i in range(len(units)) if i not in skipped]
    counts = [count_words(paragraph_key(units[i])) for i in live]
    values = verse_values([units[i] for i in live], counts)
    span = find_body(values)
    if span is None:
        return None
    start = next((k for k in range(span[0], span[1]) if values[k] > 0 and values[k + 1] > 0), span[0])
    return live[start], live[span[1]]


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


def _forms(
    units: Sequence[str], found: list[ChromeMatch], skipped: set[int], first: int, last: int
) -> list[ChromeMatch]:
    """Add the units of a form inside the body: ``_FORM_INPUTS`` or more input
    fields (``____``, radio buttons ``( )``), each within ``_FORM_GAP`` units
    of the next, and the buttons chained to them as closely. Everything from
    the form's first control to its last is the form's (its questions,
    choices and small print): a reader call-out, a sign-up box. Buttons alone
    never make a form, and neither does a rule (one long line of ``_``)."""
    inputs = [i for i in range(first, last + 1) if is_form_input(units[i])]
    buttons = [i for i in range(first, last + 1) if _BUTTON.search(units[i])]
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
            evidence = (("inputs", float(end - start + 1)), ("form_first", float(low)), ("form_last", float(high)))
            more.extend(
                ChromeMatch(i, "form", evidence) for i in range(low, high + 1) if i not in skipped and i not in removed
            )
        start = end + 1
    return sorted(found + more, key=lambda m: m.index)


def is_form_input(text: str) -> bool:
    """A text browser's input field (``____``) or radio button (``( )``), not a
    rule drawn with ``_``.

    >>> is_form_input("____________________"), is_form_input("(*)"), is_form_input("_" * 66)
    (True, True, False)
    """
    text = text.strip()
    if _RADIO.match(text):
        return True
    fields = _FIELD.findall(text)
    return bool(fields) and not (len(fields) == 1 and text == fields[0] and len(text) >= _RULE_WIDTH)


def glued_words(longer: str, shorter: str) -> int:
    """How many words ``longer`` has beyond all the words of ``shorter``, or 0
    when it lacks one of them: a title line with a label glued to it.

    >>> glued_words("Minister resigns over leak Politics", "Minister ‘resigns’ over leak")
    1
    >>> glued_words("Minister resigns over leak", "Minister resigns after leak")
    0
    """
    more = paragraph_key(longer).split()
    less = paragraph_key(shorter).split()
    extra = list(more)
    for word in less:
        if word not in extra:
            return 0
        extra.remove(word)
    return len(extra)


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


def _after_body(
    units: Sequence[str],
    live: Sequence[int],
    words: dict[int, int],
    end: int,
    teasers: Collection[int] = (),
    stops: Collection[int] = (),
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
    if _INTRODUCES.search(units[live[end]]):
        # The last paragraph announces what follows ("... are:"): its list is
        # the article's, up to the page's chrome.
        while (
            position < len(live)
            and position <= end + _BRIDGE_UNITS
            and words[live[position]] <= _LONG_WORDS
            and not any(j in stops for j in range(live[position - 1] + 1, live[position] + 1))
        ):
            keep.add(live[position])
            position += 1
        return keep
    while position < len(live):
        i = live[position]
        if not is_title_like(units[i], words[i]) or any(live[position - 1] < t < i for t in teasers):
            break
        beside = position == end + 1 and _indent(units[i]) == _indent(units[live[end]])
        if beside and _SIGNATURE.match(units[i]):
            keep.add(i)  # a signature: "Jane DOE, professor of ..."
        elif beside and i == live[end] + 1 and _closes(units, live, words, i, stops):
            keep.add(i)  # a closing line: "Bon appétit !", a last result
            break
        elif not _METADATA.search(units[i]):
            break
        elif len(keep) >= _AFTER_UNITS and not (
            _LABEL_VALUE.match(units[i]) and _LABEL_VALUE.match(units[live[position - 1]])
        ):
            break
        keep.add(i)
        position += 1
    return keep


def _closes(units: Sequence[str], live: Sequence[int], words: dict[int, int], i: int, stops: Collection[int]) -> bool:
    """Whether unit ``i``, right after the body, is its closing line (see
    :func:`_after_body`): not a list item, a date or a label, nor a repeat
    of an earlier unit (the title printed under the article)."""
    if _LIST_ITEM.match(units[i]) or _METADATA.search(units[i]) or words[i] > _CLOSING_WORDS:
        return False
    key = paragraph_key(units[i])
    if any(paragraph_key(units[j]) == key for j in range(i)):
        return False  # the title again, not a closing line
    following = set(live)
    after = next((j for j in range(i + 1, len(units)) if j in stops or j in following), len(units))
    return _SENTENCE_END.search(units[i]) is not None or after in stops or after == len(units)


def _between_chrome(
    units: Sequence[str],
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
        if _METADATA.search(units[i]) or _FULL_STOP.search(units[i]):
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
            run = (("run_first", float(k)), ("run_last", float(end)))
            more.extend(ChromeMatch(i, "between-chrome", (("value", value[i]), *run)) for i in range(k, end + 1))
        k = end + 1
    return sorted(found + more, key=lambda m: m.index)


def _unit_marks(
    units: Sequence[str], live: Sequence[int], words: dict[int, int], captions: Collection[int]
) -> dict[int, tuple[str, tuple[tuple[str, float], ...]]]:
    """Units that are chrome by their own look, wherever they stand: a
    breadcrumb, a centred caption, a caption printed several times over, and
    the texts next to a caption label."""
    marks: dict[int, tuple[str, tuple[tuple[str, float], ...]]] = {}
    for n, i in enumerate(live):
        text = units[i]
        following = units[live[n + 1]] if n + 1 < len(live) else ""
        if is_breadcrumb(text, following):
            marks[i] = ("breadcrumb", (("segments", float(len(_CRUMB.split(text.strip())))),))
        elif (
            (indent := _indent(text)) >= _CENTRED
            and words[i] < _LONG_WORDS
            and not any(_indent(units[live[k]]) >= _CENTRED for k in (n - 1, n + 1) if 0 <= k < len(live))
        ):  # alone: a centred poem or a table is a run of such units
            marks[i] = ("centred", (("indent", float(indent)),))
        elif (times := repeats_inside(text)) > 1:
            marks[i] = ("repeated-inside", (("times", float(times)),))
        elif words[i] < _LONG_WORDS and (names := code_names(text)):
            marks[i] = ("code-name", (("names", float(names)),))
        elif (
            words[i] < _LONG_WORDS
            and not _SENTENCE_END.search(text)
            and (glued := len(_GLUED.findall(text))) >= _GLUED_TIMES
        ):
            marks[i] = ("glued-menu", (("glued", float(glued)),))
    for m in sorted(captions):
        after = next((i for i in live if i > m), None)
        before = next((i for i in reversed(live) if i < m), None)
        if after is not None and 0 < words[after] < _LONG_WORDS * 2:
            marks.setdefault(after, ("caption", (("label", float(m)),)))
        if before is not None and 0 < words[before] <= 30 and not _SENTENCE_END.search(units[before]):
            marks.setdefault(before, ("caption", (("label", float(m)),)))
    return marks


def code_names(text: str) -> int:
    """How many names from the page's code (``prayer-time``) a unit is made of:
    all its words, or two or more amid words of another script than Latin
    (where such names cannot be the text's own words). 0 when it is text.

    >>> code_names("prayer-time"), code_names("مباشر supplication-download ملاحق epaper-download")
    (1, 2)
    >>> code_names("The long-term cost of short-term thinking"), code_names("e-mail us")
    (0, 0)
    """
    tokens = text.split()
    names = sum(1 for token in tokens if _IDENTIFIER.fullmatch(token))
    if names and (names == len(tokens) or (names >= 2 and _NOT_LATIN.search(text))):
        return names
    return 0


def is_breadcrumb(text: str, following: str = "") -> bool:
    """A path of short section names (``News > World > Asia``), or a section
    name glued to the title that follows it (``Articles/The title``).

    >>> is_breadcrumb("Home > World > Asia"), is_breadcrumb("Jobs/The title", "The title")
    (True, True)
    >>> is_breadcrumb("Published 2023/06/20 > 10:00"), is_breadcrumb("Rock | Pop is not dead")
    (False, False)
    >>> is_breadcrumb("Business > Economy"), is_breadcrumb("Rock / Pop"), is_breadcrumb("Q&A > the answers we got")
    (True, False, False)
    """
    text = text.strip()
    if _METADATA.search(text):
        return False  # a date line, kept as a dateline
    segments = _CRUMB.split(text)
    if len(segments) < 2:
        return False
    head = [count_words(paragraph_key(s)) for s in segments[:-1]]
    if any(n > _MENU_WORDS for n in head):
        return False
    tail = paragraph_key(segments[-1])
    if tail and following and tail == paragraph_key(following):
        return True
    if len(segments) == 2 and _ARROW.search(text) and all(segments) and count_words(tail) <= _MENU_WORDS:
        return True  # two sections joined by an arrow (``Business > Economy``)
    return len(segments) >= 3 and count_words(tail) <= _MENU_WORDS and sum(1 for s in segments if s) >= 2


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def repeats_inside(text: str) -> int:
    """How many times the most repeated sentence of a unit occurs in it (a
    caption printed two or three times over gives 2 or 3).

    >>> repeats_inside("A boat in the harbour at dawn. A boat in the harbour at dawn. PHOTO AGENCY")
    2
    >>> repeats_inside("It rained. It rained. Then it stopped.")
    1
    """
    counts: dict[str, int] = {}
    for sentence in _SENTENCE.split(text):
        key = paragraph_key(sentence)
        if count_words(key) >= _REPEAT_WORDS:
            counts[key] = counts.get(key, 0) + 1
    return max(counts.values(), default=1)


def _contained(
    units: Sequence[str],
    live: Sequence[int],
    words: dict[int, int],
    kept: Collection[int],
    body: tuple[int, int] = (0, -1),
) -> dict[int, int]:
    """Kept units whose text another unit holds: a teaser or pull-quote that
    repeats part of a longer paragraph, a caption that the next unit repeats
    with its credit, or a date or source line outside the body (``body``:
    its first and last unit; inside it, ``NAME: reply`` lines of a dialogue
    look the same) whose every word and number is already in an earlier
    kept date or source line. Maps each to the unit holding it."""
    keys = {i: paragraph_key(units[i]) for i in live}
    padded = {i: f" {keys[i]} " for i in kept}
    # Blocking: a holder has every word (every character, in Chinese or
    # Japanese) of the unit it holds, so only the units that have its rarest
    # one are searched.
    holders: dict[str, list[int]] = {}
    for j in sorted(kept):
        for token in set(_tokens(keys[j])):
            holders.setdefault(token, []).append(j)
    found: dict[int, int] = {}
    metadata: list[int] = []
    earlier: set[str] = set()  # the words and numbers of the kept date and source lines so far
    cjk = ""  # and their text
    for n, i in enumerate(live):
        if i not in kept or words[i] == 0:
            continue
        key = keys[i]
        if words[i] >= _CONTAINED_WORDS:
            needle = key if has_cjk(key) else f" {key} "
            rarest = min(_tokens(key), key=lambda token: len(holders.get(token, ())))
            holder = next(
                (j for j in holders.get(rarest, ()) if words[j] > words[i] and needle in padded[j]),
                None,
            )
            if holder is not None:
                found[i] = holder
                continue
        if n + 1 < len(live):
            after = live[n + 1]
            if words[after] > words[i] and keys[after].startswith(key) and count_words(key) >= _MENU_WORDS:
                found[i] = after
                continue
        if _METADATA.search(units[i]) and is_title_like(units[i], words[i]) and not body[0] < i <= body[1]:
            tokens = _TOKEN.findall(units[i].casefold())
            # A number or a word must be one of theirs; Chinese or Japanese
            # (no spaces between words) may be part of one of their runs.
            if metadata and len(tokens) >= 2 and all(t in earlier or (has_cjk(t) and t in cjk) for t in tokens):
                found[i] = metadata[-1]
            else:
                metadata.append(i)
                earlier.update(tokens)
                cjk += " " + units[i].casefold()
    return found


def _is_image(text: str) -> bool:
    """A text browser's image: its file name (``[cake.jpg]``) or its description in brackets."""
    return _IMAGE_NAME.match(text) is not None or (
        _BRACKETED.match(text) is not None and count_words(paragraph_key(text)) >= 2
    )


def _flush_heading(units: Sequence[str], live: Sequence[int], position: int) -> bool:
    """Whether the unit is written flush left between indented ones: a text
    browser prints headings at the margin and everything else indented, so
    a short headline next to a menu is told from the menu's items."""
    text = units[live[position]]
    if _indent(text) > 0 or _LIST_ITEM.match(text) or not 0 < position < len(live) - 1:
        return False
    return _indent(units[live[position - 1]]) > 0 and _indent(units[live[position + 1]]) > 0


def _data_stretch(
    units: Sequence[str], live: Sequence[int], words: dict[int, int], edge: int, step: int, stops: Collection[int]
) -> int:
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
        if words[i] > _LONG_WORDS:
            break
        datum = bool(_DIGIT.search(units[i]) or _LABEL_VALUE.match(units[i]))
        prose = unit_value(units[i], words[i]) > 0
        short += not prose
        data += datum and not prose
        if short >= _DATA_UNITS and data >= _DATA_SHARE * short and (datum or prose):
            reached = k  # the stretch ends on a datum or on prose (a table's introduction)
    # A list without numbers at its far end is a menu after the data (social links).
    while reached != edge and _LIST_ITEM.match(units[live[reached]]) and not _DIGIT.search(units[live[reached]]):
        reached -= step
    return reached


def _stopped(live: Sequence[int], k: int, stops: Collection[int]) -> bool:
    """Whether a unit in ``stops`` lies between live positions ``k`` and ``k + 1``."""
    return k + 1 < len(live) and any(j in stops for j in range(live[k] + 1, live[k + 1]))


def _bridge(
    units: Sequence[str],
    live: Sequence[int],
    values: Sequence[float],
    end: int,
    stops: Collection[int],
    teasers: Collection[int] = (),
) -> int:
    """Extend the body (ending at live position ``end``) over a stretch of short
    units to the prose after it: an ingredient list, a table, lyrics, a run of
    questions and answers. The stretch must be at most ``_BRIDGE_UNITS``
    units with nothing in it that ends an article (``stops``), and the prose
    after it worth ``_BRIDGE_VALUE`` or more. A box of related links in the
    middle of the article (one teaser heading in ``teasers``, then only
    list items and short sentences) is crossed too, when the prose after it
    is worth half as much and ends like a sentence. Returns the new end."""
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
                _LIST_ITEM.match(units[live[n]]) or values[n] == _SHORT_SENTENCE
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
            boxed and not _FULL_STOP.search(units[live[k - 1]])
        ):
            return end
        end = k - 1


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


def _pull_quotes(
    units: Sequence[str], words: dict[int, int], kept: Collection[int], first: int, last: int
) -> dict[int, float]:
    """Units inside the body boxed between two drawn lines whose long words are
    mostly in the rest of the body: pull-quotes. Maps each to that share."""
    boxed = [
        i
        for i in range(max(first, 1), min(last, len(units) - 2) + 1)
        if i in kept
        and 0 < words[i] <= _LONG_WORDS * 2
        and _RULE_LINE.match(units[i - 1])
        and _RULE_LINE.match(units[i + 1])
        and not has_cjk(units[i])
    ]
    if not boxed:
        return {}
    body: dict[str, int] = {}
    for j in kept:
        if first <= j <= last:
            for word in paragraph_key(units[j]).split():
                body[word] = body.get(word, 0) + 1
    found: dict[int, float] = {}
    for i in boxed:
        own = [w for w in paragraph_key(units[i]).split() if len(w) >= _ECHO_LETTERS]
        if own:
            share = sum(1 for w in own if body.get(w, 0) > own.count(w)) / len(own)
            if share >= _ECHO_SHARE:
                found[i] = round(share, 3)
    return found


def _tokens(key: str) -> list[str]:
    """A key's words, or its characters when it is Chinese or Japanese (no spaces between words)."""
    return [char for char in key if not char.isspace()] if has_cjk(key) else key.split()


def _short_runs(
    units: Sequence[str], live: Sequence[int], words: dict[int, int], parted: Sequence[bool] = ()
) -> list[bool]:
    """For each live unit, whether it is in a run of three or more units of at
    most three words (a menu, a share row, a tag list), or six words that
    name a web address (``Example.com on Google News``). A label with its value
    (``Pages: 330``) or a date is metadata, not a menu item, and breaks a run;
    so does a change between list items and plain lines (a byline in capitals
    next to a tag list is not one of its tags), and a removed breadcrumb
    between two units (``parted``: the menu above it, the title below it)."""
    flags = [
        0 < words[i] <= (_MENU_WORDS * 2 if _DOMAIN.search(units[i]) else _MENU_WORDS)
        and not _METADATA.search(units[i])
        and not _FULL_STOP.search(units[i])
        for i in live
    ]
    marks = [False] * len(live)
    start = 0
    while start < len(live):
        if not flags[start]:
            start += 1
            continue
        end = start
        listed = _LIST_ITEM.match(units[live[start]]) is not None
        while (
            end < len(live)
            and flags[end]
            and (_LIST_ITEM.match(units[live[end]]) is not None) == listed
            and not (end > start and parted and parted[end])
        ):
            end += 1
        if end - start >= 3:
            for k in range(start, end):
                marks[k] = True
        start = end
    return marks


def _list_runs(units: Sequence[str], live: Sequence[int], words: dict[int, int]) -> list[bool]:
    """For each live unit, whether it is in a run of three or more short list
    items (a menu, a tag or related list). One pass over the units."""
    item = [_LIST_ITEM.match(units[i]) is not None and words[i] < _LONG_WORDS for i in live]
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
