"""Which copy of a repeated paragraph a page keeps: the one in the article body.

The duplicate search keeps the first of two copies. On a page dump the first
copy is often a teaser or standfirst above the article, and the editor keeps
the body's copy instead: :func:`prefer_body_copies` swaps such pairs before
the layout decision runs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise

from rapidfuzz import fuzz

from dedupe_article.duplicates import DuplicateMatch
from dedupe_article.page.body import body_span
from dedupe_article.page.looks import glued_words
from dedupe_article.page.units import PageUnits

# Two teasers this close, repeated in the body as close and in the same order, are a copy of the article.
_COPY_GAP = 3


def prefer_body_copies(
    units: Sequence[str] | PageUnits,
    ruled: Collection[int],
    duplicates: Mapping[int, DuplicateMatch],
    *,
    threshold: float = 90.0,
) -> dict[int, DuplicateMatch]:
    """On a page dump, keep the copy inside the article body, not the teaser before it.

    A standfirst or teaser above the article often repeats a body paragraph;
    the editor keeps the body paragraph and drops the teaser, although the
    teaser came first. Of two near-copies of a title line above the body, the
    one that holds all the other's words and more (a video title with the
    section's name glued to it) gives way to the bare one. When two body
    paragraphs repeat two earlier paragraphs in the same order (each within
    ``_COPY_GAP`` paragraphs of the other), the text holds a second copy of
    the article, not teasers: the first copy stays first. The other copies
    of the teaser then name the body paragraph, scored against it: one too
    far from it (below ``threshold``) is kept.

    Args:
        units: the units' texts, or the units already analysed.
        ruled: the units a rule removed (left out when the body is found).
        duplicates: the duplicate search's matches, by unit.
        threshold: the similarity (0-100, ``fuzz.ratio`` of the keys) from
            which a copy is a near-duplicate, as in the duplicate search.

    Returns:
        The matches with those pairs swapped; ``duplicates`` is left as it is.

    >>> from dedupe_article.duplicates import DuplicateMatch
    >>> body = "A paragraph of the article long enough to count as prose in the body."
    >>> texts = ["Home", "News", body, "Menu", "Sport", "A first paragraph that is prose too, and long.", body]
    >>> given = {6: DuplicateMatch(6, 2, 100.0, "exact")}
    >>> prefer_body_copies(texts, (), given)
    {2: DuplicateMatch(index=2, duplicate_of=6, score=100.0, method='exact')}
    >>> given  # left as it was
    {6: DuplicateMatch(index=6, duplicate_of=2, score=100.0, method='exact')}
    """
    page = PageUnits.of(units)
    found = dict(duplicates)
    span = body_span(page, skip=sorted(ruled))
    if span is None:
        return found
    first, last = span
    copied = _second_copy(duplicates, first, last)
    for j, match in sorted(duplicates.items()):
        i = match.duplicate_of
        if i in found:
            continue
        body_copy = i < first <= j <= last and match.method in ("exact", "fuzzy") and not copied
        # Two near-copies of a title line above the body: the one with a word
        # glued to it (a section label after a video title) gives way.
        bare_copy = j < first and match.method == "fuzzy" and glued_words(page.texts[i], page.texts[j]) > 0
        if body_copy or bare_copy:
            del found[j]
            found[i] = DuplicateMatch(i, j, match.score, match.method)
            for k, other in list(found.items()):
                if other.duplicate_of == i and k != i:
                    moved = _repoint(other, j, page.keys, threshold)
                    if moved is None:
                        del found[k]
                    else:
                        found[k] = moved
    return found


def _repoint(match: DuplicateMatch, source: int, keys: Sequence[str], threshold: float) -> DuplicateMatch | None:
    """A duplicate of a teaser, now naming the body paragraph ``source`` instead, scored against it.

    The same key is an exact copy of it; a near-copy of the teaser is a
    near-duplicate of the body paragraph only if it scores at least
    ``threshold`` against it; else (``None``) it is kept: it was never
    compared with that paragraph.
    """
    key, other = keys[match.index], keys[source]
    if key == other:
        return DuplicateMatch(match.index, source, 100.0, "exact" if match.method == "fuzzy" else match.method)
    if match.method not in ("exact", "fuzzy"):
        return None
    score = round(float(fuzz.ratio(key, other)), 2)
    return DuplicateMatch(match.index, source, score, "fuzzy") if score >= threshold else None


def _second_copy(duplicates: Mapping[int, DuplicateMatch], first: int, last: int) -> bool:
    """Whether two body paragraphs (from ``first`` to ``last``) repeat two
    earlier paragraphs in the same order, each pair within ``_COPY_GAP``
    paragraphs: a second copy of the article."""
    pairs = sorted(
        (match.duplicate_of, j)
        for j, match in duplicates.items()
        if first <= j <= last and match.method in ("exact", "fuzzy")
    )
    return any(0 < i2 - i1 <= _COPY_GAP and 0 < j2 - j1 <= _COPY_GAP for (i1, j1), (i2, j2) in pairwise(pairs))
