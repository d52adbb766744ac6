"""Split scraped text into paragraphs, and join paragraphs back into text.

Scrapers produce two layouts: one paragraph per line, and paragraphs as
blocks separated by blank lines, whose lines may be hard-wrapped. Both are
split here, with every paragraph's position in the input kept, so that a
removal can point at the exact characters it removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import regex

from dedupe_article.keys import BLANK, joins_without_space

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_BOM = "\N{ZERO WIDTH NO-BREAK SPACE}"
_LAYOUTS = ("auto", "lines", "blocks")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the input.

    Attributes:
        index: position among the paragraphs of the text, from 0.
        text: the paragraph as written: its lines joined by ``\\n``, each
            without its trailing whitespace; indentation is kept.
        start: offset in the input string of the paragraph's first character.
        end: offset just past its last non-blank character.
    """

    index: int
    text: str
    start: int
    end: int


def detect_layout(text: str) -> Literal["lines", "blocks"]:
    """Tell whether paragraphs are separated by blank lines or by line breaks.

    A text with at least one blank line between two non-blank lines is taken
    to use blank-line separated *blocks* (whose lines may be hard-wrapped);
    any other text has one paragraph per line.

    >>> detect_layout("one\\ntwo\\n")
    'lines'
    >>> detect_layout("one\\nstill one\\n\\ntwo\\n")
    'blocks'

    One block of several lines closed by a blank line is a text in blocks
    too: it is how :func:`join_paragraphs` writes a blocks text of one
    multi-line paragraph, so that the text reads back the way it was written.

    >>> detect_layout("one\\nstill one\\n\\n")
    'blocks'
    """
    _require_str(text)
    lines_seen = 0
    blank_after_text = False
    for line in _iter_lines(text):
        if not _is_blank(line[2]):
            if blank_after_text:
                return "blocks"
            lines_seen += 1
        elif lines_seen:
            blank_after_text = True
    return "blocks" if blank_after_text and lines_seen > 1 else "lines"


def split_paragraphs(text: str, *, layout: str = "auto") -> list[Paragraph]:
    """Split text into paragraphs, keeping each one as written.

    Line endings may be ``\\n``, ``\\r\\n`` or a lone ``\\r``, mixed in one
    text; byte order marks at the start of a line are ignored; blank lines (spaces, tabs,
    no-break and ideographic spaces, invisible format characters such as
    ZERO WIDTH SPACE) never form a paragraph.

    >>> [p.text for p in split_paragraphs("Title\\r\\nBody line.\\r\\n")]
    ['Title', 'Body line.']
    >>> [p.text for p in split_paragraphs("A wrapped\\nparagraph.\\n\\nNext.")]
    ['A wrapped\\nparagraph.', 'Next.']

    Args:
        text: the whole document.
        layout: ``"auto"`` (see :func:`detect_layout`), ``"lines"`` (every
            non-blank line is a paragraph) or ``"blocks"`` (runs of non-blank
            lines separated by blank lines are paragraphs).

    Returns:
        The paragraphs in order; their ``index`` is their position in the list.
    """
    _require_str(text)
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(_LAYOUTS)}; got {layout!r}")
    if layout == "auto":
        layout = detect_layout(text)
    paragraphs: list[Paragraph] = []
    block: list[tuple[int, int, str]] = []

    def flush() -> None:
        if block:
            text_ = "\n".join(line for _, _, line in block)
            paragraphs.append(Paragraph(len(paragraphs), text_, block[0][0], block[-1][1]))
            block.clear()

    if layout == "lines":  # one paragraph per non-blank line: what flush() makes of a block of one line
        for start, _end, line in _iter_lines(text):
            stripped = line.rstrip()
            if not _is_blank(stripped):
                paragraphs.append(Paragraph(len(paragraphs), stripped, start, start + len(stripped)))
        return paragraphs
    for start, _end, line in _iter_lines(text):
        stripped = line.rstrip()
        if _is_blank(stripped):
            flush()
            continue
        block.append((start, start + len(stripped), stripped))
    flush()
    return paragraphs


def unwrap_paragraph(text: str) -> str:
    """Join the hard-wrapped lines of one paragraph and drop their indentation.

    Lines are joined with one space, or with nothing where the character on
    either side of the break is Chinese or Japanese (full-width) text.

    >>> unwrap_paragraph("  A hard-wrapped\\n  paragraph.")
    'A hard-wrapped paragraph.'
    >>> unwrap_paragraph("\N{IDEOGRAPHIC SPACE}科技日报\\n记者")
    '科技日报记者'
    """
    _require_str(text)
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and not (joins_without_space(out[-1]) or joins_without_space(line[0])):
            out += " "
        out += line
    return out


def join_paragraphs(texts: Iterable[str], *, layout: str) -> str:
    """Join paragraphs back into a text in the given layout.

    Paragraphs are separated by one newline (``"lines"``) or one blank line
    (``"blocks"``); a non-empty result ends with one newline. A blocks text
    of a single paragraph of several lines ends with a blank line as well:
    without it the text would read back as one paragraph per line (see
    :func:`detect_layout`), and a second cleaning could judge the lines apart.

    >>> join_paragraphs(["One.", "Two."], layout="blocks")
    'One.\\n\\nTwo.\\n'
    >>> join_paragraphs(["One\\nblock."], layout="blocks")
    'One\\nblock.\\n\\n'
    >>> join_paragraphs([], layout="lines")
    ''
    """
    texts = list(texts)
    if layout == "blocks":
        body = "\n\n".join(texts)
        if len(texts) == 1 and "\n" in body:
            return body + "\n\n"
    else:
        body = "\n".join(texts)
    return body + "\n" if body else ""


def _require_str(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")


def _is_blank(line: str) -> bool:
    """A line of whitespace and invisible format characters only (a ZERO WIDTH SPACE line, say).

    The match stops at the first visible character, so a line of text costs
    next to nothing; a line starting with a letter or digit (neither a space
    nor an invisible character) costs less still.
    """
    if line[:1].isalnum():
        return False
    return BLANK.fullmatch(line) is not None


def _iter_lines(text: str) -> Iterable[tuple[int, int, str]]:
    """Yield ``(start, end, line)`` for each line, without its line break.

    Byte order marks at the start of a line (one opens the text; more are
    left where files were concatenated) are not part of the line: written
    at the start of an output file, one would be read back as a BOM.
    """
    if "\r" not in text and _BOM not in text:  # the same lines, by str.split: most texts
        pos = 0
        lines = text.split("\n")
        if not lines[-1]:
            lines.pop()
        for line in lines:
            end = pos + len(line)
            yield pos, end, line
            pos = end + 1
        return
    pos = 0
    for match in _LINE_BREAK.finditer(text):
        start = _skip_boms(text, pos)
        yield start, match.start(), text[start : match.start()]
        pos = match.end()
    if pos < len(text):
        start = _skip_boms(text, pos)
        yield start, len(text), text[start:]


def _skip_boms(text: str, pos: int) -> int:
    while text.startswith(_BOM, pos):
        pos += 1
    return pos
