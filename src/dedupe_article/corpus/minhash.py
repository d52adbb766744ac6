"""MinHash and LSH: word shingles, one-permutation signatures, band keys, buckets and candidate pairs.

Pure Python and stable (CRC-32 for shingles, BLAKE2b for band keys), so
that every process and every machine agree. A pair of documents that share
a bucket is a candidate; :mod:`dedupe_article.corpus.comparison` verifies it.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence

from dedupe_article.corpus.settings import DedupeSettings
from dedupe_article.corpus.sites import stable_hash
from dedupe_article.corpus.texts import normalise_document
from dedupe_article.keys import CJK_CLASS, has_cjk

# A shingle's word: one Chinese or Japanese character, or a run of other non-space characters.
_SHINGLE_WORD = re.compile(f"[{CJK_CLASS}]|[^\\s{CJK_CLASS}]+")
# Densified MinHash values are moved above every real (32-bit) value.
_OFFSET = 1 << 32


def shingle_hashes(normalised: str, *, shingle: int = DedupeSettings.shingle) -> list[int]:
    """CRC-32 hashes of the word shingles of a normalised text.

    Shingles are runs of ``shingle`` words (Chinese and Japanese characters
    count as words); a text shorter than one shingle is one shingle.

    >>> len(shingle_hashes("a b c d e f g", shingle=5)), shingle_hashes("a b", shingle=5) == [zlib.crc32(b"a b")]
    (3, True)
    """
    if not normalised.isascii() and has_cjk(normalised):
        words = [w.encode("utf-8", "surrogatepass") for w in _SHINGLE_WORD.findall(normalised)]
    else:
        words = normalised.encode("utf-8", "surrogatepass").split()
    if len(words) < shingle:
        return [zlib.crc32(b" ".join(words))] if words else []
    join = b" ".join
    return list(map(zlib.crc32, map(join, zip(*(words[i:] for i in range(shingle)), strict=False))))


def minhash_signature(
    text: str, *, num_perm: int = DedupeSettings.num_perm, shingle: int = DedupeSettings.shingle, layout: str = "auto"
) -> tuple[int, ...]:
    """The MinHash signature of a document's normalised word shingles.

    One-permutation hashing: each shingle is hashed once (CRC-32) and falls
    in one of ``num_perm`` bins by its hash; a bin keeps its smallest hash.
    Empty bins borrow the value of the next non-empty bin (rotation
    densification), so that two signatures agree in a bin with probability
    about the Jaccard similarity of the two shingle sets. Pure Python, a few
    microseconds per shingle.

    >>> a = minhash_signature("The council approved the budget for next year on Monday evening.")
    >>> b = minhash_signature("THE COUNCIL APPROVED the budget for next year, on Monday evening!")
    >>> len(a), a == b
    (128, True)
    >>> minhash_signature("")
    ()

    Returns:
        ``num_perm`` integers, or ``()`` for a text without words.
    """
    return signature_of(shingle_hashes(normalise_document(text, layout=layout), shingle=shingle), num_perm)


def signature_of(hashes: Iterable[int], num_perm: int) -> tuple[int, ...]:
    """The one-permutation MinHash signature of shingle hashes (see :func:`minhash_signature`)."""
    mins = {h % num_perm: h for h in sorted(hashes, reverse=True)}
    if not mins:
        return ()
    if len(mins) == num_perm:
        return tuple(mins[i] for i in range(num_perm))
    bins: list[int | None] = [mins.get(i) for i in range(num_perm)]
    filled = [0] * num_perm
    value, position = 0, 0
    for i in range(2 * num_perm - 1, -1, -1):
        j = i % num_perm
        current = bins[j]
        if current is not None:
            value, position = current, i
            filled[j] = current
        elif i < num_perm:
            filled[j] = value + (position - i) * _OFFSET
    return tuple(filled)


def band_keys(signature: Sequence[int], bands: int) -> list[int]:
    """The LSH bucket of each band of a signature (stable 64-bit hashes).

    >>> keys = band_keys(tuple(range(8)), 4)
    >>> len(keys), keys == band_keys(tuple(range(8)), 4), keys[0] == band_keys((0, 1, 9, 9, 9, 9, 9, 9), 4)[0]
    (4, True, True)
    """
    if not signature:
        return []
    rows = len(signature) // bands
    fmt = f"<H{rows}Q"
    return [stable_hash(struct.pack(fmt, b, *signature[b * rows : (b + 1) * rows])) for b in range(bands)]


def bucket_pairs(members: Sequence[int], max_bucket: int) -> Iterator[tuple[int, int]]:
    """Candidate pairs ``(a, b)``, ``a < b``, from documents that share a bucket.

    Every pair for a bucket of at most ``max_bucket`` documents; a larger one
    pairs its first document with each other (a star), so that a bucket of
    site frame costs one comparison per document, not one per pair.

    >>> list(bucket_pairs([4, 1, 9], 8)), list(bucket_pairs([4, 1, 9], 2))
    ([(1, 4), (1, 9), (4, 9)], [(1, 4), (1, 9)])
    """
    ordered = sorted(set(members))
    if len(ordered) <= max_bucket:
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                yield a, b
    else:
        first = ordered[0]
        for b in ordered[1:]:
            yield first, b


def shared_buckets(keyed: Iterable[tuple[int, int]]) -> Iterator[list[int]]:
    """The documents of each bucket that holds two or more, from ``(key, document)`` pairs.

    >>> list(shared_buckets([(7, 0), (5, 1), (7, 2), (7, 3)]))
    [[0, 2, 3]]
    """
    first: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for key, document in keyed:
        seen = first.setdefault(key, document)
        if seen != document:
            group = groups.get(key)
            if group is None:
                groups[key] = [seen, document]
            else:
                group.append(document)
    return iter(groups.values())


def candidate_pairs(buckets: Iterable[Sequence[int]], max_bucket: int) -> set[tuple[int, int]]:
    """Candidate pairs from the documents that share a bucket (:func:`bucket_pairs`).

    >>> sorted(candidate_pairs([[1, 2, 3], [2, 3]], 2))
    [(1, 2), (1, 3), (2, 3)]
    """
    pairs: set[tuple[int, int]] = set()
    for members in buckets:
        pairs.update(bucket_pairs(members, max_bucket))
    return pairs
