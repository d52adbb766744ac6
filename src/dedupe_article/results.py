"""What a cleaning run returns: the text, and one explanation per removal."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from typing import Any, Literal

from dedupe_article.paragraphs import Paragraph

Reason = Literal["boilerplate", "near_duplicate", "page_chrome"]
Method = Literal["exact", "fuzzy", "copy", "stutter"]


@dataclass(frozen=True)
class Removal:
    """Why one paragraph was removed.

    Attributes:
        index: the paragraph's position in the input (from 0).
        text: the paragraph as written.
        reason: ``"boilerplate"`` (a rule matched), ``"near_duplicate"``
            (it repeats an earlier kept paragraph) or ``"page_chrome"`` (on a
            page dump: not part of the article; in any text: a line wrapping
            a headline in chrome, ``chrome="title-in-chrome"``).
        start: offset of its first character in the input string.
        end: offset just past its last character.
        rule_id: for boilerplate, the id of the rule that matched.
        duplicate_of: for duplicates, the index of the kept paragraph it repeats.
        score: for duplicates, the rapidfuzz similarity (100 for identical keys).
        method: for duplicates, the evidence: ``"exact"`` (same key),
            ``"fuzzy"`` (similarity at or above the threshold), ``"copy"``
            (a short line inside a repeated copy of the article) or
            ``"stutter"`` (the same line twice in a row).
        chrome: for page chrome, why: ``"outside-body"``, ``"list-run"``,
            ``"caption"``, ``"title-in-chrome"`` and the other reasons of
            :class:`dedupe_article.page.ChromeMatch`.
        evidence: for page chrome, the numbers behind the decision (for
            ``title-in-chrome``, ``title``: the index of the paragraph the
            line holds, which stays; for a repeat, ``repeats``: the index of
            the paragraph it repeats).
        line_rules: for a block of several lines removed because a rule
            matches each of its lines (a share row written one button a
            line), the rule of each line; ``rule_id`` is the first line's.
    """

    index: int
    text: str
    reason: Reason
    start: int
    end: int
    rule_id: str | None = None
    duplicate_of: int | None = None
    score: float | None = None
    method: Method | None = None
    chrome: str | None = None
    evidence: tuple[tuple[str, int | float], ...] = ()
    line_rules: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line saying why the paragraph went, for people.

        >>> Removal(3, "Ver originales", "boilerplate", 0, 14, rule_id="ui.view-original").describe()
        'paragraph 3 removed: boilerplate rule ui.view-original'
        """
        if self.reason == "boilerplate" and self.line_rules:
            return (
                f"paragraph {self.index} removed: boilerplate rule {self.rule_id} "
                f"(every line: {', '.join(self.line_rules)})"
            )
        if self.reason == "boilerplate":
            return f"paragraph {self.index} removed: boilerplate rule {self.rule_id}"
        if self.reason == "page_chrome":
            return f"paragraph {self.index} removed: page chrome ({self.chrome})"
        return (
            f"paragraph {self.index} removed: {self.method} duplicate of paragraph "
            f"{self.duplicate_of} (score {self.score:.1f})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The removal as a JSON-ready dict."""
        record = {name: getattr(self, name) for name in _removal_fields()}
        record["evidence"] = dict(self.evidence)
        record["line_rules"] = list(self.line_rules)
        return record


@dataclass(frozen=True)
class CleanResult:
    """The outcome of :func:`dedupe_article.clean_article`.

    Attributes:
        text: the cleaned article, paragraphs joined in the input's layout,
            ending with one newline (``""`` when nothing is kept).
        kept: the paragraphs kept, in input order (as written, even when the
            output text was unwrapped).
        removals: one :class:`Removal` per removed paragraph, in input order.
        layout: ``"lines"`` or ``"blocks"``, the layout the text was split in.
        warnings: problems that did not stop the run (a regex rule that
            timed out on a paragraph, for example).
        page: whether the text was cleaned as a whole-page dump (the page
            chrome stage ran: ``page_chrome=True``, or ``"auto"`` and the
            text looked like one).

    Kept and removed paragraphs together are exactly the input's paragraphs.
    """

    text: str
    kept: tuple[Paragraph, ...]
    removals: tuple[Removal, ...]
    layout: Literal["lines", "blocks"]
    warnings: tuple[str, ...] = ()
    page: bool = False

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the input had."""
        return len(self.kept) + len(self.removals)


@functools.cache
def _removal_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Removal))
