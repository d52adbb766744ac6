"""Verifying a candidate pair: how alike two documents are, leaving aside their site's frame.

:func:`compare_views` measures a pair (rapidfuzz similarity, shingle
containment, names and numbers) on :class:`DocumentView` objects, which
know each document's common paragraphs; :func:`is_duplicate` says whether
the measures make the two documents duplicates under
:class:`~dedupe_article.corpus.settings.DedupeSettings`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from rapidfuzz import fuzz

from dedupe_article.corpus.minhash import shingle_hashes
from dedupe_article.corpus.settings import DedupeSettings
from dedupe_article.corpus.sites import stable_hash
from dedupe_article.corpus.texts import document_marks, marks_agree


class Comparison(NamedTuple):
    """How alike two documents are.

    Attributes:
        score: rapidfuzz ``fuzz.ratio`` of the normalised texts (0-100);
            ``0`` when below the ``score_cutoff`` it was computed with.
        containment: shared shingles over the shingles of the document
            with fewer (0-1).
        shingles: the number of shingles of that smaller document (0 when
            it is made only of common paragraphs: it is no trimmed copy).
        contained: which document has fewer shingles: ``0`` the first, ``1``
            the second (the second on a tie).
        core: whether the figures are for the texts without their common
            paragraphs (see ``common_docs`` in :class:`DedupeSettings`).
        names: the share of their names and numbers that they share
            (:func:`marks_agree`; 1.0 when either has fewer than three, and
            when the pair is no duplicate on its figures anyway).
        container_shingles: the number of shingles of the other document.
    """

    score: float
    containment: float
    shingles: int
    contained: int
    core: bool = False
    names: float = 1.0
    container_shingles: int = 0

    @property
    def mutual(self) -> float:
        """The shared shingles over those of the larger document (the containment the other way)."""
        return self.containment * self.shingles / self.container_shingles if self.container_shingles else 0.0


class DocumentView:
    """A normalised text ready to be compared (:func:`document_view`).

    Attributes:
        text: the normalised text.
        core: the text without its common paragraphs: the text itself when
            it has none, ``""`` when all its paragraphs are common.
        hashes: the :func:`stable_hash` of each paragraph.
        common: the hashes of its common paragraphs.
        names: the words the document writes as names (:func:`document_names`).
        shingles, core_shingles: the shingle hashes of the text and of the
            core, computed when first asked for.
    """

    __slots__ = ("_core_shingles", "_shingle", "_shingles", "common", "core", "hashes", "names", "text")

    def __init__(
        self,
        text: str,
        core: str,
        hashes: tuple[int, ...],
        common: frozenset[int],
        shingle: int,
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.text, self.core, self.hashes, self.common, self.names = text, core, hashes, common, names
        self._shingle = shingle
        self._shingles: set[int] | None = None
        self._core_shingles: set[int] | None = None

    @property
    def shingles(self) -> set[int]:
        if self._shingles is None:
            self._shingles = set(shingle_hashes(self.text, shingle=self._shingle))
        return self._shingles

    @property
    def core_shingles(self) -> set[int]:
        if self.core is self.text:
            return self.shingles
        if self._core_shingles is None:
            self._core_shingles = set(shingle_hashes(self.core, shingle=self._shingle))
        return self._core_shingles

    @property
    def has_core(self) -> bool:
        """Whether it has common paragraphs and other ones too."""
        return bool(self.core) and self.core != self.text

    @property
    def all_common(self) -> bool:
        """Whether every paragraph is common (a page of site frame alone, say)."""
        return bool(self.text) and not self.core


def document_view(
    normalised: str, *, shingle: int = DedupeSettings.shingle, common: Collection[int] = (), names: str = ""
) -> DocumentView:
    """Prepare a normalised text for :func:`compare_views`.

    ``common`` holds the hashes of common paragraphs; ``names`` the
    document's names (:func:`document_names`).
    """
    paragraphs = normalised.split("\n") if normalised and common else []
    hashes = tuple(stable_hash(p) for p in paragraphs)
    mine = frozenset(h for h in hashes if h in common)
    words = frozenset(names.split())
    if not mine:
        return DocumentView(normalised, normalised, hashes, mine, shingle, words)
    core = "\n".join(p for p, h in zip(paragraphs, hashes, strict=True) if h not in mine)
    return DocumentView(normalised, core, hashes, mine, shingle, words)


def compare_views(
    a: DocumentView, b: DocumentView, settings: DedupeSettings, *, score_cutoff: float | None = None
) -> Comparison:
    """Compare two documents on what tells whether they hold the same article.

    Common paragraphs (a site's frame) say nothing about it: two different
    short articles under one site's frame look alike as a whole, and two
    copies of one article under two sites' frames look different. So when
    both documents have common paragraphs and other ones, their cores (the
    other ones) are compared; otherwise the whole texts are (a document
    without a frame, or one whose paragraphs are all common: a copy of a
    story so widely carried that its paragraphs became common too).

    A document made only of common paragraphs is never a trimmed copy
    (``shingles`` is then 0): a page of site frame alone is contained in
    every article of its site.

    The names and numbers of the compared texts (:func:`document_marks`)
    are compared too (``names`` in :class:`DedupeSettings`): one template
    filled in twice is alike in every word but those.
    """
    if a.has_core and b.has_core:
        text_a, shingles_a, text_b, shingles_b = a.core, a.core_shingles, b.core, b.core_shingles
    else:
        text_a, shingles_a, text_b, shingles_b = a.text, a.shingles, b.text, b.shingles
    comparison = _compare(text_a, shingles_a, text_b, shingles_b, score_cutoff, core=a.has_core and b.has_core)
    if settings.names and (comparison.score >= settings.threshold or _is_trimmed_copy(comparison, settings)):
        agree = marks_agree(document_marks(text_a, a.names), document_marks(text_b, b.names))
        comparison = comparison._replace(names=agree)
    if (a, b)[comparison.contained].all_common:
        return comparison._replace(shingles=0)
    return comparison


def compare_documents(
    a: str,
    b: str,
    *,
    settings: DedupeSettings | None = None,
    common: Collection[int] = (),
    score_cutoff: float | None = None,
    names: tuple[str, str] = ("", ""),
) -> Comparison:
    """Compare two normalised texts: similarity, containment, names and numbers.

    With ``common`` paragraph hashes, as :func:`compare_views` says: by
    their cores when both have common paragraphs and other ones.

    >>> full = "the mayor opened the new bridge on monday and thanked the builders for their work"
    >>> c = compare_documents(full, " ".join(full.split()[:8]), settings=DedupeSettings(shingle=3))
    >>> c.containment, c.contained, c.score < 80
    (1.0, 1, True)

    Args:
        a, b: normalised texts (:func:`normalise_document`).
        settings: shingle size and thresholds (default :class:`DedupeSettings`).
        common: hashes of common paragraphs (:func:`stable_hash` of their keys).
        score_cutoff: a similarity below this is reported as 0 (faster).
        names: each document's names (:func:`document_names` of the
            original texts; without them only numbers are compared).
    """
    settings = DedupeSettings() if settings is None else settings
    view_a = document_view(a, shingle=settings.shingle, common=common, names=names[0])
    view_b = document_view(b, shingle=settings.shingle, common=common, names=names[1])
    return compare_views(view_a, view_b, settings, score_cutoff=score_cutoff)


def _compare(a: str, sa: set[int], b: str, sb: set[int], score_cutoff: float | None, *, core: bool) -> Comparison:
    score = fuzz.ratio(a, b, score_cutoff=score_cutoff)
    smaller, larger, contained = (sa, sb, 0) if len(sa) < len(sb) else (sb, sa, 1)
    containment = len(sa & sb) / len(smaller) if smaller else 0.0
    return Comparison(score, containment, len(smaller), contained, core, container_shingles=len(larger))


def is_duplicate(comparison: Comparison, settings: DedupeSettings) -> bool:
    """Whether a comparison makes two documents duplicates.

    They are similar (``threshold``) or one is contained in the other, and
    their names and numbers agree (``names``).
    """
    if settings.names and comparison.names < settings.names:
        return False
    return comparison.score >= settings.threshold or _is_trimmed_copy(comparison, settings)


def _is_trimmed_copy(comparison: Comparison, settings: DedupeSettings) -> bool:
    """Whether the smaller document is a trimmed copy of the other.

    At least ``containment`` of its shingles are in the other, and it has
    ``min_shingles`` of them (a short page of site frame alone is no copy).
    """
    return comparison.containment >= settings.containment and comparison.shingles >= max(settings.min_shingles, 1)
