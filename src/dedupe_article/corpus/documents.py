"""Near-duplicate documents: sketch each document, pair candidates, verify them, cluster around the kept one.

:func:`find_duplicate_documents` runs the stages on one machine: a
:class:`DocumentSketch` per document (normalised text, LSH band keys,
paragraph hashes, anchors, names); each site's common paragraphs (its
frame); candidate pairs from shared buckets
(:mod:`dedupe_article.corpus.minhash`); verification
(:mod:`dedupe_article.corpus.comparison`); clusters built around the
document each keeps (:func:`cluster_around`), so that every removed
document matches the kept one itself. :mod:`dedupe_article.dask` runs the
same stages on a cluster.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Unpack

from dedupe_article.corpus.comparison import Comparison, DocumentView, compare_views, document_view, is_duplicate
from dedupe_article.corpus.minhash import band_keys, candidate_pairs, shared_buckets, shingle_hashes, signature_of
from dedupe_article.corpus.settings import DedupeOverrides, DedupeSettings, with_overrides
from dedupe_article.corpus.sites import ALL_SITES, Progress, SiteOf, record_site, record_text, stable_hash
from dedupe_article.corpus.texts import document_names, normalise_document
from dedupe_article.keys import count_words


class DocumentSketch(NamedTuple):
    """What dedup keeps of a document.

    Attributes:
        normalised: the normalised text (:func:`normalise_document`).
        bands: the LSH band keys (:func:`band_keys`).
        paragraphs: the hash of each distinct paragraph key, for counting
            common paragraphs.
        anchors: the hashes of the paragraphs long enough to be anchors
            (paragraphs common on the document's site are not used as
            anchors: a long frame paragraph shows no shared article).
        names: the words it writes as names (:func:`document_names`).
    """

    normalised: str
    bands: tuple[int, ...]
    paragraphs: tuple[int, ...]
    anchors: tuple[int, ...]
    names: str = ""


def sketch_document(text: str, settings: DedupeSettings) -> DocumentSketch:
    """Normalise a document and compute its band keys and paragraph hashes."""
    normalised = normalise_document(text, layout=settings.layout)
    signature = signature_of(shingle_hashes(normalised, shingle=settings.shingle), settings.num_perm)
    paragraphs: set[int] = set()
    anchors: set[int] = set()
    for key in normalised.split("\n") if normalised else ():
        paragraphs.add(stable_hash(key))
        if settings.anchor_words and count_words(key) >= settings.anchor_words:
            anchors.add(stable_hash(key))
    bands = tuple(band_keys(signature, settings.bands))
    names = document_names(text) if settings.names else ""
    return DocumentSketch(normalised, bands, tuple(sorted(paragraphs)), tuple(sorted(anchors)), names)


def is_frame_anchor(key: int, common: Collection[int]) -> bool:
    """Whether an anchor is a common paragraph of its document's site (a long frame line: no evidence)."""
    return key in common


@dataclass(frozen=True)
class DocumentMatch:
    """A document removed as a near-duplicate of the document kept in its cluster.

    Attributes:
        index: the document's position in the input (from 0).
        id: its id field (``None`` when it has none).
        duplicate_of: the position of the kept document of its cluster.
        duplicate_of_id: that document's id.
        score: rapidfuzz similarity of the two normalised texts (0-100).
        containment: the share of the smaller document's shingles found in
            the other (1.0: a trimmed copy). Both figures are measured
            against the kept document, and one of them clears its threshold
            (clusters have no chains: see :func:`cluster_around`).
    """

    index: int
    id: Any
    duplicate_of: int
    duplicate_of_id: Any
    score: float
    containment: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (scores rounded)."""
        return {
            "index": self.index,
            "id": self.id,
            "duplicate_of": self.duplicate_of,
            "duplicate_of_id": self.duplicate_of_id,
            "score": round(self.score, 2),
            "containment": round(self.containment, 4),
        }


CompareWith = Callable[[int, Sequence[int]], Iterable[Comparison]]
"""Compares one document with others: a :class:`Comparison` per other, in order, each of the pair ``(min, max)``."""


def cluster_documents(
    comparisons: Mapping[tuple[int, int], Comparison], lengths: Mapping[int, int], settings: DedupeSettings
) -> dict[int, int]:
    """Group documents into clusters around the document each keeps.

    :func:`cluster_around` on pairs compared beforehand: ``comparisons``
    must hold every verified pair (:func:`is_duplicate`); other pairs are
    ignored. The result does not depend on the order of ``comparisons``.

    >>> settings = DedupeSettings(keep="first")
    >>> chain = {(0, 1): Comparison(85.0, 0.6, 50, 1), (1, 2): Comparison(85.0, 0.6, 50, 1)}
    >>> cluster_documents(chain, {}, settings)  # 2 is like 1, not like 0, which is kept: a cluster of its own
    {1: 0}

    Args:
        comparisons: ``{(a, b): Comparison}``, ``a < b``.
        lengths: the length of each document's normalised text (for
            ``keep="longest"``); only documents in a verified pair are needed.
        settings: thresholds and the ``keep`` policy.

    Returns:
        ``{document: kept document}`` for every document that is removed.
    """
    neighbours: dict[int, list[int]] = {}
    for (a, b), comparison in comparisons.items():
        if is_duplicate(comparison, settings):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)

    def compare_with(document: int, others: Sequence[int]) -> Iterator[Comparison]:
        return (comparisons[(min(document, other), max(document, other))] for other in others)

    return cluster_around(neighbours, lengths, settings, compare_with)


def cluster_around(
    neighbours: Mapping[int, Collection[int]],
    lengths: Mapping[int, int] | Sequence[int],
    settings: DedupeSettings,
    compare_with: CompareWith,
    *,
    progress: Progress | None = None,
) -> dict[int, int]:
    """Build clusters around kept documents, so that every removed document matches the one kept for it.

    Documents are taken in keep order (input order, or longest first with
    ``keep="longest"``). A document that matches no kept document before it
    is kept, and compared with its candidate neighbours after it; a
    document that matches one or more kept documents is removed in favour
    of the first of them (in keep order: the cluster begun first is the
    one its copies joined most often). Matching (:func:`is_duplicate`) is direct: a document like a
    removed copy but not like the kept document is not pulled in through
    the copy (no chains), so the scores of every removal clear the
    thresholds against the document kept for it.

    A kept document contained in later ones (a trimmed copy kept by
    ``keep="first"``) takes in every document that contains it: two copies
    of a story may differ most in what each site adds, and a story common on
    its own site is compared by what is left of it there (its core). Use
    ``keep="longest"`` to keep the full copy.

    Only pairs of a kept document and a later neighbour are compared, so the
    work grows with the candidate pairs, not with the square of a cluster.

    Args:
        neighbours: each document's candidate neighbours (both ways).
        lengths: each document's normalised length (``keep="longest"``).
        settings: thresholds and the ``keep`` policy.
        compare_with: compares a document with others (see :data:`CompareWith`).
        progress: called with ``("comparing", documents done, documents)``.

    Returns:
        ``{document: kept document}`` for every document that is removed.
    """
    if settings.keep == "longest":
        order = sorted(neighbours, key=lambda d: (-lengths[d], d))
    else:
        order = sorted(neighbours)
    position = {document: i for i, document in enumerate(order)}
    offers: dict[int, int] = {}  # document -> position of the first kept document it matches
    removed: dict[int, int] = {}
    for step, document in enumerate(order, 1):
        if progress is not None:
            progress("comparing", step, len(order))
        here = position[document]
        offer = offers.pop(document, None)
        if offer is not None:
            removed[document] = order[offer]
            continue
        later = sorted((n for n in neighbours[document] if position[n] > here), key=position.__getitem__)
        matches = [
            other for other, c in zip(later, compare_with(document, later), strict=True) if is_duplicate(c, settings)
        ]
        for other in matches:
            offers.setdefault(other, here)
    return removed


def report_pairs(removed: Mapping[int, int]) -> list[tuple[int, int]]:
    """The pairs ``(a, b)``, ``a < b``, of each removed document and the document kept for it."""
    return sorted((min(d, kept), max(d, kept)) for d, kept in removed.items())


def needs_rescoring(comparison: Comparison | None, settings: DedupeSettings) -> bool:
    """Whether a pair's comparison must be recomputed for the report (missing, or its score cut off)."""
    return comparison is None or comparison.score < settings.threshold


def document_matches(
    removed: Mapping[int, int],
    comparisons: Mapping[tuple[int, int], Comparison],
    ids: Mapping[int, Any] | Sequence[Any],
) -> list[DocumentMatch]:
    """One :class:`DocumentMatch` per removed document, in input order."""
    matches = []
    for document, kept in sorted(removed.items()):
        comparison = comparisons[(min(document, kept), max(document, kept))]
        matches.append(
            DocumentMatch(document, ids[document], kept, ids[kept], comparison.score, comparison.containment)
        )
    return matches


def find_duplicate_documents(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    site_of: SiteOf | None = None,
    settings: DedupeSettings | None = None,
    progress: Progress | None = None,
    **overrides: Unpack[DedupeOverrides],
) -> list[DocumentMatch]:
    """Find near-duplicate documents and choose one document to keep per cluster.

    Candidates come from MinHash LSH over word shingles of the normalised
    text (:func:`minhash_signature`, :func:`band_keys`) and from shared long
    paragraphs (anchors); each candidate pair is verified with rapidfuzz
    (``threshold``) or containment (a trimmed copy), and on names and
    numbers (``names``); clusters are built around the kept documents by
    :func:`cluster_around`, so every removed document matches the document
    kept for it. The corpus is read once; what is kept per document is its
    bucket keys and its normalised text, compressed. Only pairs of a kept
    document and a later candidate are compared.

    >>> story = "The river rose two metres overnight and the old bridge was closed to traffic until further notice."
    >>> docs = [
    ...     {"id": "a", "text": "Home | News\\n" + story},
    ...     {"id": "b", "text": "Other story about the market, the prices and the weather of the week."},
    ...     {"id": "c", "text": story.upper() + "\\nShare this"},
    ... ]
    >>> matches = find_duplicate_documents(docs, settings=DedupeSettings(min_shingles=5))
    >>> [(m.id, m.duplicate_of_id) for m in matches]
    [('c', 'a')]
    >>> find_duplicate_documents(docs, min_shingles=5) == matches  # a setting as a keyword
    True

    Args:
        records: the documents, as dicts with a string ``text_field``.
        text_field: the field holding the text.
        id_field: the field holding the id reported in the matches.
        site_of: the site of a record (:class:`SiteField`, :class:`UrlHost`);
            common paragraphs are then counted per site, so that a story
            that many sites carry is not taken for frame. ``None``: counted
            over the whole corpus.
        settings: the thresholds, the MinHash and LSH sizes, the ``keep``
            policy and the paragraph layout (default :class:`DedupeSettings`).
        progress: called as records are read, ``("reading", records, None)``,
            and as documents are compared, ``("comparing", done, total)``.
        overrides: single settings (``threshold=90``, ``keep="longest"``,
            ...), replacing those of ``settings``.

    Returns:
        One :class:`DocumentMatch` per removed document, in input order.
        Documents not listed are kept.

    Raises:
        TypeError: a record's text is not a string.
        ValueError: a setting is out of range, or ``site_of`` fails on a record.
    """
    settings = with_overrides(settings, DedupeSettings, overrides)
    store = _SketchStore(settings)
    for index, record in enumerate(records):
        text = record_text(record, text_field, index)
        site = record_site(site_of, record, index)
        store.add(sketch_document(text, settings), record.get(id_field) if id_field else None, site)
        if progress is not None:
            progress("reading", index + 1, None)
    store.finish()
    neighbours: dict[int, list[int]] = {}
    for a, b in candidate_pairs(store.buckets(), settings.max_bucket):
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    removed = cluster_around(neighbours, store.length, settings, store.compare_with, progress=progress)
    comparisons = store.comparisons
    rescore = [pair for pair in report_pairs(removed) if needs_rescoring(comparisons.get(pair), settings)]
    comparisons.update(store.compare(rescore))
    return document_matches(removed, comparisons, store.ids)


class _SketchStore:
    """The sketches of a corpus, kept compactly: keys in arrays, texts compressed."""

    def __init__(self, settings: DedupeSettings) -> None:
        self.settings = settings
        self.ids: list[Any] = []
        self.texts: list[bytes] = []
        self.names: list[str] = []
        self.length: list[int] = []
        self.comparisons: dict[tuple[int, int], Comparison] = {}
        self.site_numbers: dict[str, int] = {}
        self.site = array("l")
        # Per band: the key of each document that has one, and that document.
        self.band_keys = [array("q") for _ in range(settings.bands)]
        self.band_docs = [array("q") for _ in range(settings.bands)]
        self.anchor_keys, self.anchor_docs = array("q"), array("q")
        self.paragraph_counts: list[dict[int, int]] = []
        self.common: list[frozenset[int]] = []

    def add(self, sketch: DocumentSketch, record_id: Any, site: str = ALL_SITES) -> None:
        document = len(self.ids)
        self.ids.append(record_id)
        self.texts.append(zlib.compress(sketch.normalised.encode("utf-8", "surrogatepass"), 1))
        self.names.append(sketch.names)
        self.length.append(len(sketch.normalised))
        number = self.site_numbers.setdefault(site, len(self.site_numbers))
        if number == len(self.paragraph_counts):
            self.paragraph_counts.append({})
        self.site.append(number)
        for band, key in enumerate(sketch.bands):
            self.band_keys[band].append(key)
            self.band_docs[band].append(document)
        for key in sketch.anchors:
            self.anchor_keys.append(key)
            self.anchor_docs.append(document)
        if self.settings.common_docs:
            counts = self.paragraph_counts[number]
            for h in sketch.paragraphs:
                counts[h] = counts.get(h, 0) + 1

    def finish(self) -> None:
        """Find each site's common paragraphs once every document is in."""
        minimum = self.settings.common_docs
        self.common = [
            frozenset(h for h, n in counts.items() if n >= minimum) if minimum else frozenset()
            for counts in self.paragraph_counts
        ]
        self.paragraph_counts = []

    def buckets(self) -> Iterator[list[int]]:
        for keys, docs in zip(self.band_keys, self.band_docs, strict=True):
            yield from shared_buckets(zip(keys, docs, strict=True))
        common, site = self.common, self.site
        anchors = zip(self.anchor_keys, self.anchor_docs, strict=True)
        yield from shared_buckets((key, doc) for key, doc in anchors if not is_frame_anchor(key, common[site[doc]]))

    def view(self, document: int) -> DocumentView:
        text = zlib.decompress(self.texts[document]).decode("utf-8", "surrogatepass")
        common = self.common[self.site[document]]
        return document_view(text, shingle=self.settings.shingle, common=common, names=self.names[document])

    def compare_with(self, document: int, others: Sequence[int]) -> Iterator[Comparison]:
        """Compare a document with others (each pair as ``(min, max)``), cutting scores off at the threshold."""
        mine = self.view(document)
        cutoff = self.settings.threshold
        for other in others:
            theirs = self.view(other)
            a, b = (document, other) if document < other else (other, document)
            views = (mine, theirs) if document < other else (theirs, mine)
            comparison = compare_views(*views, self.settings, score_cutoff=cutoff)
            self.comparisons[(a, b)] = comparison
            yield comparison

    def compare(self, pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[tuple[int, int], Comparison]]:
        """Compare pairs ``(a, b)``, ``a < b``, without a score cutoff (for the report)."""
        for a, b in pairs:
            yield (a, b), compare_views(self.view(a), self.view(b), self.settings)
