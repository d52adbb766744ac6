"""The options of a cleaning run, gathered in one frozen dataclass."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dedupe_article.rules import Catalog

Layout = Literal["auto", "lines", "blocks"]


@dataclass(frozen=True, kw_only=True)
class CleanConfig:
    """How :func:`dedupe_article.clean_article` cleans a text.

    All fields have defaults that suit scraped news and blog articles; change
    one with ``CleanConfig(threshold=95)`` or ``config.replace(threshold=95)``.

    Attributes:
        threshold: rapidfuzz similarity (0-100, ``fuzz.ratio`` on the
            normalised keys) at or above which a long paragraph is a
            near-duplicate of an earlier one.
        min_words: paragraphs with fewer words than this are *short*. A short
            paragraph is never removed on a similarity score; it is removed
            as a repeat only inside a repeated copy of the article, or when
            it stutters (repeats the paragraph just before it). See
            ``docs/how-it-works.md``. Chinese and Japanese text counts about
            one word per two characters.
        stutter_words: a short paragraph that repeats the kept paragraph just
            before it is dropped when it has at least this many words;
            shorter repeats (table cells such as ``0`` or ``Yes``) are kept.
        max_gap: how many paragraphs a repeated copy may drop or add between
            two of its matched paragraphs and still count as one copy.
        layout: ``"auto"`` splits on blank lines when the text has any and on
            single newlines otherwise; ``"blocks"`` and ``"lines"`` force one.
        unwrap: join the hard-wrapped lines of a kept paragraph (with a space,
            or with nothing between Chinese/Japanese characters) and drop the
            indentation of each line. Off by default: kept text is reproduced
            as written.
        deduplicate: remove repeated and near-duplicate paragraphs.
        boilerplate: remove paragraphs matched by the rule catalog.
        rules: the rule catalog; ``None`` means the built-in one.
        regex_timeout: seconds one regex rule may spend on one paragraph
            before it is skipped there with a warning (ReDoS guard).
    """

    threshold: float = 90.0
    min_words: int = 10
    stutter_words: int = 3
    max_gap: int = 10
    layout: Layout = "auto"
    unwrap: bool = False
    deduplicate: bool = True
    boilerplate: bool = True
    rules: Catalog | None = None
    regex_timeout: float = 1.0

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 100:
            raise ValueError(f"threshold must be in (0, 100], got {self.threshold!r}")
        if self.min_words < 1:
            raise ValueError(f"min_words must be at least 1, got {self.min_words!r}")
        if self.stutter_words < 1:
            raise ValueError(f"stutter_words must be at least 1, got {self.stutter_words!r}")
        if self.max_gap < 1:
            raise ValueError(f"max_gap must be at least 1, got {self.max_gap!r}")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")
        if self.regex_timeout <= 0:
            raise ValueError(f"regex_timeout must be positive, got {self.regex_timeout!r}")

    def replace(self, **changes: object) -> CleanConfig:
        """Return a copy with some fields changed (the config is frozen)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
