"""Splitting a page dump into units (wrapped paragraphs and the short lines between
them), and what is computed once per unit for every step of the page stage."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.page.looks import _LIST_ITEM, _RULE_LINE, _indent, unit_value
from dedupe_article.paragraphs import Paragraph, _skip_boms

# A line shorter than this share of the wrap width ends its paragraph.
_SHORT_LINE = 0.6
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
# A space that inline markup leaves at a line's edge (see _inline_break).
_SPACES = " \t\u00a0"
_WORD = regex.compile(r"[^\W_]")


@dataclass(frozen=True)
class PageUnits:
    """A page's units with what every step of the page stage reads about each
    one, computed once.

    Attributes:
        texts: the units' texts, in order.
        keys: their comparison keys (:func:`dedupe_article.keys.paragraph_key`).
        words: their word counts (:func:`dedupe_article.keys.count_words` of the key).
        values: how much each looks like prose (:func:`unit_value`: positive
            for prose, negative for chrome).
    """

    texts: tuple[str, ...]
    keys: tuple[str, ...]
    words: tuple[int, ...]
    values: tuple[float, ...]

    @classmethod
    def of(
        cls, texts: Sequence[str] | PageUnits, *, keys: Sequence[str] | None = None, words: Sequence[int] | None = None
    ) -> PageUnits:
        """The units of ``texts``; ``keys`` and ``words``, when given, are the
        ones already computed (they must be the units' keys and word counts).

        >>> page = PageUnits.of(["Home", "The council approved the budget after a long debate."])
        >>> page.keys[0], page.words, page.values
        ('home', (1, 9), (-9.0, 1.0))
        """
        if isinstance(texts, PageUnits):
            return texts
        texts = tuple(texts)
        keys = tuple(keys) if keys is not None else tuple(paragraph_key(text) for text in texts)
        words = tuple(words) if words is not None else tuple(count_words(key) for key in keys)
        if not len(texts) == len(keys) == len(words):
            raise ValueError("texts, keys and words must have one entry per unit")
        values = tuple(unit_value(text, n) for text, n in zip(texts, words, strict=True))
        return cls(texts, keys, words, values)


def wrap_width(paragraphs: Sequence[Paragraph]) -> int | None:
    """The width the text was hard-wrapped at, or ``None`` when it was not wrapped.

    Measured as the 95th percentile of the lengths of lines that are not the
    last of their block (those lines were broken by the wrapping).
    """
    lengths = sorted(display_width(line) for p in paragraphs if "\n" in p.text for line in p.text.split("\n")[:-1])
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
        if all(p.index == n for n, p in enumerate(paragraphs)):
            return list(paragraphs)  # (a Paragraph is immutable)
        return [Paragraph(n, p.text, p.start, p.end) for n, p in enumerate(paragraphs)]
    limit = width * _SHORT_LINE
    units: list[Paragraph] = []
    for p in paragraphs:
        lines = p.text.split("\n")
        # (a byte order mark at a line's start is not part of the line, as in split_paragraphs)
        starts = [p.start] + [_skip_boms(text, m.end()) for m in _LINE_BREAK.finditer(text, p.start, p.end)]
        first = 0
        for k, line in enumerate(lines):
            last = k == len(lines) - 1
            apart = not last and (
                _starts_item(line, lines[k + 1])
                or _RULE_LINE.match(line) is not None
                or _RULE_LINE.match(lines[k + 1]) is not None
            )
            after = "" if last else text[starts[k] + len(line) : starts[k + 1]]
            if not last and not apart and _inline_break(line, after, lines[k + 1]):
                continue
            if last or apart or display_width(line.strip()) < limit or _would_fit(line, lines[k + 1], width):
                end = starts[k] + len(line)
                units.append(Paragraph(len(units), "\n".join(lines[first : k + 1]), starts[first], end))
                first = k + 1
    return units


def _inline_break(line: str, after: str, following: str) -> bool:
    """Whether a sentence runs on from this line to the next, cut by inline markup.

    ``get_text("\\n")`` puts every link or emphasis on a line of its own, and
    the spaces around it stay: the line before ends with one space (``Da der ``;
    ``after`` is what the input holds between the line's last character and the
    next line), or the line after starts with one (`` und die Psyche``). A text
    browser's wrapping leaves neither, and its indentation is wider. An empty
    bullet (``  * ``, inscriptis) runs on into nothing, nor does a table row
    laid out in columns.
    """
    if not line.strip() or not following.strip():
        return False
    if len(after.rstrip("\r\n")) == 1 and after[0] in _SPACES:
        # Not an empty bullet, nor a table row whose columns are set apart by runs of spaces.
        return _WORD.search(line) is not None and "  " not in line.strip()
    return following[0] in _SPACES and following[1] not in _SPACES and _LIST_ITEM.match(following) is None


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
