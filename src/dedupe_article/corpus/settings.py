"""The settings of the corpus jobs: every default is written here, once.

:class:`LearnSettings` says when a recurring paragraph is learned as a site's
frame line, :class:`DedupeSettings` how near-duplicate documents are found.
The functions of :mod:`dedupe_article.corpus` and :mod:`dedupe_article.dask`
take a settings object whole (``settings=``) and accept single settings as
keyword arguments on top of it (:class:`LearnOverrides`,
:class:`DedupeOverrides`); the ``learn`` and ``dedupe`` commands read their
option defaults from these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypedDict, TypeVar

Keep = Literal["first", "longest"]
"""Which document of a cluster is kept: the first in input order, or the longest."""


@dataclass(frozen=True, kw_only=True)
class LearnSettings:
    """When a paragraph that recurs on a site's pages is learned as a frame line.

    Attributes:
        min_docs: it is on at least this many documents of the site...
        min_share: ...and on at least this share (0-1) of them.
        long_words: a paragraph of more words than this looks like article
            prose (copies of one article repeat it too)...
        long_share: ...and is learned only on this share of the site's
            documents or more.
        shared_sites: text that other sites carry on only some of their pages
            (a syndicated quote, a wire line) is shared content, not frame:
            it is learned for no site when this many other sites show it
            below the bar (0: never blocked).
        examples: how many example document ids to keep per rule.
        layout: how documents are split into paragraphs (as ``clean`` does).
    """

    min_docs: int = 10
    min_share: float = 0.5
    long_words: int = 30
    long_share: float = 0.9
    shared_sites: int = 2
    examples: int = 3
    layout: str = "auto"

    def __post_init__(self) -> None:
        for name in ("min_docs", "long_words", "shared_sites", "examples"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
        for name in ("min_share", "long_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, not {type(value).__name__}")
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {value!r}")
        if self.min_docs < 1:
            raise ValueError(f"min_docs must be at least 1, got {self.min_docs!r}")
        if self.long_words < 1 or self.shared_sites < 0 or self.examples < 0:
            raise ValueError("long_words must be at least 1, shared_sites and examples at least 0")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")

    def recurs(self, documents: int, site_documents: int) -> bool:
        """Whether a paragraph on ``documents`` of a site's ``site_documents`` clears the bar."""
        return documents >= self.min_docs and documents >= self.min_share * site_documents


@dataclass(frozen=True, kw_only=True)
class DedupeSettings:
    """How near-duplicate documents are found.

    Attributes:
        threshold: rapidfuzz similarity (0-100, ``fuzz.ratio`` of the
            normalised texts) from which two documents are duplicates.
        containment: a document whose shingles are at least this share (0-1)
            of another's is a trimmed copy of it, whatever the similarity.
        min_shingles: the contained document must have at least this many
            shingles (about as many words), so that a short page of site
            frame alone is not a copy of every article of the site.
        shingle: words per shingle (Chinese and Japanese: characters).
        num_perm: MinHash values per document (one-permutation hashing).
        bands: LSH bands; ``num_perm / bands`` values per band. Two documents
            become a candidate pair when one band is equal.
        anchor_words: a paragraph of at least this many words is an anchor:
            two documents sharing one become a candidate pair (finds trimmed
            copies whose MinHash similarity is low). 0 turns anchors off.
        common_docs: a paragraph found on this many documents of a site or
            more is common there (the site's frame; with no sites given,
            on this many documents of the corpus). Documents are compared
            without their common paragraphs (:func:`compare_views`), so that
            two copies of an article under different frames are found and
            two articles under one frame are not. 0 turns this off.
        max_bucket: a bucket (band key or anchor) with more documents is
            paired by its first document only (a star, not all pairs): a
            long paragraph of site frame costs one comparison per page.
        keep: which document of a cluster stays: ``first`` (in input order)
            or ``longest`` (the longest normalised text; the first of equals).
            A cluster is built around that document: every other member
            matches it (``threshold`` or ``containment``), not merely some
            other member.
        names: two documents that each have at least three names and
            numbers (:func:`document_marks`) are different documents,
            however alike the rest, when they share less than this share of
            them (of the document with fewer): one template filled in for
            another company, other figures. 0 turns this off.
        layout: how documents are split into paragraphs.
    """

    threshold: float = 80.0
    containment: float = 0.7
    min_shingles: int = 20
    shingle: int = 5
    num_perm: int = 128
    bands: int = 32
    anchor_words: int = 12
    common_docs: int = 20
    max_bucket: int = 64
    keep: Keep = "first"
    names: float = 0.5
    layout: str = "auto"

    def __post_init__(self) -> None:
        for name in ("threshold", "containment", "names"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, not {type(value).__name__}")
        for name in ("min_shingles", "shingle", "num_perm", "bands", "anchor_words", "common_docs", "max_bucket"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
        if not 0 < self.threshold <= 100:
            raise ValueError(f"threshold must be in (0, 100], got {self.threshold!r}")
        if not 0 < self.containment <= 1:
            raise ValueError(f"containment must be in (0, 1], got {self.containment!r}")
        if not 0 <= self.names <= 1:
            raise ValueError(f"names must be in [0, 1], got {self.names!r}")
        if self.shingle < 1 or self.num_perm < 1 or self.bands < 1 or self.max_bucket < 2:
            raise ValueError("shingle, num_perm and bands must be at least 1, max_bucket at least 2")
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")
        if self.min_shingles < 0 or self.anchor_words < 0 or self.common_docs < 0:
            raise ValueError("min_shingles, anchor_words and common_docs must not be negative")
        if self.keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', got {self.keep!r}")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")


class LearnOverrides(TypedDict, total=False):
    """Single :class:`LearnSettings` given as keyword arguments, each replacing the setting's value."""

    min_docs: int
    min_share: float
    long_words: int
    long_share: float
    shared_sites: int
    examples: int
    layout: str


class DedupeOverrides(TypedDict, total=False):
    """Single :class:`DedupeSettings` given as keyword arguments, each replacing the setting's value."""

    threshold: float
    containment: float
    min_shingles: int
    shingle: int
    num_perm: int
    bands: int
    anchor_words: int
    common_docs: int
    max_bucket: int
    keep: Keep
    names: float
    layout: str


Settings = TypeVar("Settings", LearnSettings, DedupeSettings)


def with_overrides(
    settings: Settings | None, default: type[Settings], overrides: LearnOverrides | DedupeOverrides
) -> Settings:
    """``settings`` (``default()`` when ``None``) with the settings named in ``overrides`` replaced.

    >>> with_overrides(None, LearnSettings, {"min_docs": 3}) == LearnSettings(min_docs=3)
    True
    >>> with_overrides(LearnSettings(min_docs=3), LearnSettings, {"min_share": 0.2}).min_docs
    3
    """
    base = default() if settings is None else settings
    return replace(base, **overrides) if overrides else base
