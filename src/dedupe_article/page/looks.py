"""What one unit of a page dump looks like on its own: prose or chrome, a title line,
a widget, a breadcrumb, an input field, names from the page's code."""

from __future__ import annotations

import regex

from dedupe_article.keys import count_words, paragraph_key

# A unit is prose when it ends like a sentence and has this many words, or has
# this many words whatever its ending.
_PROSE_WORDS = 8
_LONG_WORDS = 20
# Units of at most this many words, three or more in a row, are a menu.
_MENU_WORDS = 3
# Ends like a sentence, or a quote or bracket closing one (shared with page_features).
SENTENCE_END = regex.compile(r"[.!?…。！？」』\"'”’»)\]]\s*$")
# A paragraph that ends like this announces a list.
ENDS_WITH_COLON = regex.compile(r"[:：]\s*$")
# Ends with a full stop, a question or an exclamation mark.
FULL_STOP = regex.compile(r"[.!?…。！？]\s*$")
# A short unit that ends like a sentence ("Yes.", "Who can apply?") is barely chrome.
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
_DIGIT = regex.compile(r"\d")
# A sentence of this many words found twice in one unit: a caption printed over.
_REPEAT_WORDS = 4
_FIELD = regex.compile(r"_{4,}")
_RADIO = regex.compile(r"^\((?:\*| )\)$")
_BUTTON = regex.compile(r"\((?:BUTTON|Submit|Reset)\)")
# A line of ``_`` this long alone is a horizontal rule, not an input field.
_RULE_WIDTH = 50
_METADATA = regex.compile(r"^[^:：]{1,40}[:：]\s*\S|\b(?:19|20)\d\d\b|\d{1,2}[:.]\d\d")
# A label with its value (``Pages: 330``): a run of them after the body is a data
# sheet (a book's, an event's), kept whole however long.
_LABEL_VALUE = regex.compile(r"^\s*[^:：\s][^:：]{0,39}[:：]\s*\S")
# A line drawn with dashes (a text browser's ``<hr>`` or a table's border).
_RULE_LINE = regex.compile(r"^\s*[-=─━]{10,}\s*$")
# A name from the page's code (``prayer-time``, ``epaper-download``): lower-case
# ASCII words joined by ``-`` or ``_``.
_IDENTIFIER = regex.compile(r"[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)+")
_NOT_LATIN = regex.compile(r"[^\P{L}\p{Latin}]")
# Menu items glued together (``viralesLIFEvídeosEl``): three lower-case letters
# then a capital, three times in one short unit.
_GLUED = regex.compile(r"\p{Ll}{3}\p{Lu}")
_GLUED_TIMES = 3


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
    prose = words >= _LONG_WORDS or (words >= _PROSE_WORDS and SENTENCE_END.search(text) is not None)
    if prose and not _LIST_ITEM.match(text):
        return float(words - _PROSE_WORDS)
    if FULL_STOP.search(text) and not _LIST_ITEM.match(text):
        return _SHORT_SENTENCE  # a short sentence or question: an answer, a FAQ's question
    return -float(max(2, _PROSE_WORDS + 2 - words))


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


def _is_image(text: str) -> bool:
    """A text browser's image: its file name (``[cake.jpg]``) or its description in brackets."""
    return _IMAGE_NAME.match(text) is not None or (
        _BRACKETED.match(text) is not None and count_words(paragraph_key(text)) >= 2
    )
