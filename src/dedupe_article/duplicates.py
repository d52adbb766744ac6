"""Find repeated and near-duplicate paragraphs within one document.

The policy, in short (``docs/how-it-works.md`` has it in full):

* A *long* paragraph (``min_words`` words or more) that repeats an earlier kept
  paragraph, identically or at a rapidfuzz similarity of at least
  ``threshold`` on the normalised keys, is a duplicate.
* A *short* paragraph is never judged on a similarity score, because short
  texts that differ by one word can mean opposite things. It is a duplicate
  only when its key is identical to an earlier paragraph's *and* either
  it lies inside a repeated copy of the article (an ordered run of long
  duplicates whose sources also run in order) and lines up with the
  matching part of the first copy, or it repeats the paragraph just before it
  (a stutter) and has at least ``stutter_words`` words.
* Everything else is kept: a refrain, a repeated "Yes." in an interview, a
  table cell.

Cost is near-linear: identical keys are found by hashing; fuzzy candidates
come from an inverted index of each key's rarest words, so each paragraph is
compared with a bounded handful of candidates, never with all earlier
paragraphs.
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Protocol

import regex
from rapidfuzz import fuzz, process

from dedupe_article.keys import CJK_CLASS, count_words, has_cjk, paragraph_key
from dedupe_article.results import Method

_MARKS = regex.compile(r"\p{Mn}+")
_CJK_OR_NOT = regex.compile(f"[{CJK_CLASS}]+|[^\\s{CJK_CLASS}]+")
# How many of a key's rarest words index it for fuzzy candidate search.
_SIGNATURE = 4
# Bounds that keep one paragraph's work constant on adversarial input.
_MAX_CANDIDATES = 24
_MAX_POSTINGS = 64
# How many unmatched short paragraphs (additions such as "Source: X", a
# byline or a dateline that one copy lacks) the edge of a repeated copy may
# pass over, on either copy, while it looks for more repeats.
_EDGE_SKIP = 4
# A paragraph that recurs this many times, each time alone between other
# text, is a refrain: every occurrence stays.
_REFRAIN = 3
# How many times what is left is searched again after refrains were kept (see match_keys).
_SETTLE_ROUNDS = 4
# Digits, in any script: a paragraph's numbers are part of what it says.
_NUMBER = regex.compile(r"\d+")
# A single long duplicate marks a copy only with this many short repeats around it.
_SINGLE_ANCHOR_EDGES = 2
# Up to this many long paragraphs, each is compared with every earlier one
# (at most 2,016 pairs, scored in C); beyond, candidates come from an index.
_COMPARE_ALL = 64
# Sorts (word, document frequency) pairs rarest first, ties by the word.
_COUNT_THEN_WORD = itemgetter(1, 0)
_COUNT = itemgetter(1)


@dataclass(frozen=True)
class DuplicateMatch:
    """A paragraph found to repeat an earlier, kept one.

    Attributes:
        index: the repeated paragraph.
        duplicate_of: the earlier paragraph it repeats (always a kept one).
        score: rapidfuzz ``fuzz.ratio`` of the two keys (100 when identical).
        method: ``"exact"``, ``"fuzzy"``, ``"copy"`` or ``"stutter"``; see
            :class:`dedupe_article.Removal`.
    """

    index: int
    duplicate_of: int
    score: float
    method: Method


def find_near_duplicates(
    paragraphs: Sequence[str],
    *,
    threshold: float = 90.0,
    min_words: int = 10,
    stutter_words: int = 3,
    max_gap: int = 10,
    skip: Collection[int] = (),
) -> list[DuplicateMatch]:
    """Find the paragraphs that repeat an earlier paragraph of the same text.

    The first occurrence is always the one kept. See the module docstring for
    the policy on short paragraphs.

    >>> paras = ["Meta lost half of the authors of its LLaMA paper this year, "
    ...          "after a fight over computing power.", "Yes.", "Yes.",
    ...          "Meta lost half of the authors of its LLaMA paper this year "
    ...          "after a fight over computing power!"]
    >>> find_near_duplicates(paras)
    [DuplicateMatch(index=3, duplicate_of=0, score=100.0, method='exact')]

    Args:
        paragraphs: the paragraphs' texts, in document order.
        threshold: similarity (0-100) from which a long paragraph is a
            near-duplicate.
        min_words: paragraphs with fewer words are short.
        stutter_words: the fewest words a short stutter needs to be dropped.
        max_gap: paragraphs a repeated copy may drop or add between two
            matches.
        skip: indices to leave out entirely (already removed, for example).

    Returns:
        One match per duplicate paragraph, in document order.
    """
    if isinstance(paragraphs, str):
        raise TypeError("paragraphs must be a sequence of str, not one str")
    skipped = set(skip)
    keys = ["" if i in skipped else paragraph_key(t) for i, t in enumerate(paragraphs)]
    return match_keys(keys, threshold=threshold, min_words=min_words, stutter_words=stutter_words, max_gap=max_gap)


def match_keys(
    keys: Sequence[str],
    *,
    threshold: float,
    min_words: int,
    stutter_words: int,
    max_gap: int,
    words: Sequence[int] | None = None,
) -> list[DuplicateMatch]:
    """:func:`find_near_duplicates` on precomputed keys (``""`` = leave out).

    ``words``, when given, are the keys' :func:`count_words` values.

    When refrains were kept, what is left is searched again, and again,
    until nothing more goes: keeping a refrain changes the neighbours of
    other repeats, and a second run of the cleaner must find nothing to
    remove (without refrains one search already gives that).
    """
    keys = list(keys)
    words = [count_words(k) for k in keys] if words is None else list(words)
    settings = (threshold, min_words, stutter_words, max_gap)
    matches, refrains = _match_keys_once(keys, words, *settings)
    for _ in range(_SETTLE_ROUNDS):
        if not refrains:
            break
        left = [i for i, k in enumerate(keys) if k and i not in matches]
        more, refrains = _match_keys_once([keys[i] for i in left], [words[i] for i in left], *settings)
        if not more:
            break
        for m in more.values():
            j = left[m.index]
            matches[j] = DuplicateMatch(j, left[m.duplicate_of], m.score, m.method)
    return [matches[j] for j in sorted(matches)]


def _match_keys_once(
    keys: list[str], words: list[int], threshold: float, min_words: int, stutter_words: int, max_gap: int
) -> tuple[dict[int, DuplicateMatch], bool]:
    """One search for duplicates; also whether refrains were kept."""
    active = [i for i, k in enumerate(keys) if k]
    is_long = [w >= min_words for w in words]

    long_matches, number_edits = _match_long(keys, active, is_long, threshold)
    chains = _copy_chains(long_matches, max_gap)
    roots = {j: match.duplicate_of for j, match in long_matches.items()}
    copies, copy_targets = _align_short(keys, active, words, min_words, chains, max_gap, stutter_words, roots)
    in_copy = {j: i for chain in copies for j, i in chain}
    # Numbers are content: a near-copy that differs in a number, a date or a
    # time is a duplicate only inside a repeated copy of the article.
    for j in number_edits - in_copy.keys():
        del long_matches[j]
    # Refrains stay; an occurrence that the other removals would leave right
    # after another, or a refrain they would leave with too few lone
    # occurrences, does not (so that a second run agrees).
    denied: set[int] = set()
    while True:
        kept_long, refrains = _keep_refrains(long_matches, active, keys, in_copy, denied)
        if refrains:
            # A run of kept refrains copies nothing: its short lines stay with it.
            protected = {i for occurrences in refrains.values() for i in occurrences}
            live = [kept for chain in chains if (kept := [pair for pair in chain if pair[0] not in protected])]
            _, copy_targets = _align_short(keys, active, words, min_words, live, max_gap, stutter_words, roots)
        matches = _settle(active, keys, words, kept_long, copy_targets, refrains, stutter_words)
        broken = _broken_refrains(refrains, matches, active, keys)
        if not broken:
            return matches, bool(refrains)
        denied |= broken


def _settle(
    active: list[int],
    keys: list[str],
    words: list[int],
    long_matches: dict[int, DuplicateMatch],
    copy_targets: dict[int, int],
    refrains: dict[int, list[int]],
    stutter_words: int,
) -> dict[int, DuplicateMatch]:
    """All the duplicates: the long ones, the short lines of copies, and stutters (never a refrain's)."""
    protected = {i for occurrences in refrains.values() for i in occurrences}
    matches: dict[int, DuplicateMatch] = {}
    prev_kept: int | None = None
    for j in active:
        match = long_matches.get(j)
        if match is None and j in copy_targets:
            source = copy_targets[j]
            root = matches[source].duplicate_of if source in matches else source
            match = DuplicateMatch(j, root, 100.0, "copy")
        elif (
            match is None
            and j not in protected
            and prev_kept is not None
            and keys[prev_kept] == keys[j]
            and words[j] >= stutter_words
        ):
            match = DuplicateMatch(j, prev_kept, 100.0, "stutter")
        if match is None:
            prev_kept = j
        else:
            matches[j] = match
    return matches


def _broken_refrains(
    refrains: dict[int, list[int]], matches: dict[int, DuplicateMatch], active: list[int], keys: list[str]
) -> set[int]:
    """The refrain occurrences that would not be alone in what is left, or whose refrain would have too few.

    In the text that comes out, an occurrence is alone when the nearest kept
    paragraph before it that says something new (the first kept paragraph
    with its key, or an occurrence of a refrain) is not an occurrence of the
    same refrain: the test :func:`_keep_refrains` makes, run on the output.
    """
    if not refrains:
        return set()
    refrain_of = {i: root for root, occurrences in refrains.items() for i in occurrences}
    alone: dict[int, list[int]] = {root: [] for root in refrains}
    broken: set[int] = set()
    last: int | None = None
    seen: set[str] = set()
    for i in active:
        if i in matches:
            continue
        root = refrain_of.get(i)
        if root is not None:
            if last is None or refrain_of.get(last) != root:
                alone[root].append(i)
            else:
                broken.add(i)
        if root is not None or keys[i] not in seen:
            last = i
        seen.add(keys[i])
    for occurrences in alone.values():
        if len(occurrences) < _REFRAIN:
            broken.update(occurrences)
    return broken


def _match_long(
    keys: list[str], active: list[int], is_long: list[bool], threshold: float
) -> tuple[dict[int, DuplicateMatch], set[int]]:
    """Match each long paragraph against the earlier kept long paragraphs.

    Returns the matches, and the fuzzy matches whose numbers differ from
    their source's (a post header at 9:55 pm after the one at 9:02 pm):
    those stand only inside a repeated copy. A few paragraphs are each
    compared with every earlier kept one (:class:`_CompareAll`); more find
    their candidates in an index (:class:`_FuzzyIndex`).
    """
    long_ids = [i for i in active if is_long[i]]
    kept: _KeptKeys
    if len(long_ids) <= _COMPARE_ALL:
        kept = _CompareAll(threshold)
    else:
        kept = _FuzzyIndex(threshold, (keys[i] for i in long_ids))
    first: dict[str, int] = {}
    matches: dict[int, DuplicateMatch] = {}
    number_edits: set[int] = set()
    for j in long_ids:
        key = keys[j]
        if key in first:
            matches[j] = DuplicateMatch(j, first[key], 100.0, "exact")
            continue
        hit = kept.match_or_add(j, key)
        if hit is not None:
            matches[j] = DuplicateMatch(j, hit[0], hit[1], "fuzzy")
            if hit[2]:
                number_edits.add(j)
            continue
        first[key] = j
    return matches, number_edits


class _KeptKeys(Protocol):
    """The kept long paragraphs' keys, as :func:`_match_long` searches them."""

    def match_or_add(self, i: int, key: str) -> tuple[int, float, bool] | None:
        """The best earlier key at or above the threshold: ``(paragraph, score, numbers differ)``.

        When there is none, ``key`` is kept as paragraph ``i`` and the answer is ``None``.
        """
        ...


class _CompareAll:
    """:class:`_KeptKeys` for a few paragraphs: each against every earlier kept one.

    At most ``_COMPARE_ALL`` paragraphs, so at most a couple of thousand
    pairs, all scored inside one rapidfuzz call per paragraph (which skips a
    pair quickly when the lengths alone rule out the threshold): cheaper than
    building the index, and it misses nothing.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.ids: list[int] = []
        self.keys: list[str] = []

    def match_or_add(self, i: int, key: str) -> tuple[int, float, bool] | None:
        """The best earlier key at or above the threshold (see :func:`_best_match`); else keep ``key`` as ``i``."""
        hit = _best_match(key, self.keys, self.threshold) if self.keys else None
        if hit is None:
            self.ids.append(i)
            self.keys.append(key)
            return None
        return self.ids[hit[0]], hit[1], hit[2]


def _best_match(key: str, choices: Sequence[str] | dict[int, str], threshold: float) -> tuple[int, float, bool] | None:
    """The best choice at or above the threshold, preferring one with the same numbers.

    Returns ``(choice, score, numbers differ)``, or ``None``.
    """
    found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    if not found:
        return None
    numbers = _NUMBER.findall(key)
    for _, score, choice in found:
        same = _NUMBER.findall(choices[choice]) == numbers
        if same:
            return choice, round(float(score), 2), False
    _, score, choice = found[0]
    return choice, round(float(score), 2), True


def _keep_refrains(
    matches: dict[int, DuplicateMatch],
    active: list[int],
    keys: list[str],
    in_copy: dict[int, int],
    denied: Collection[int] = (),
) -> tuple[dict[int, DuplicateMatch], dict[int, list[int]]]:
    """Give back the occurrences of a refrain; point copy repeats at the occurrence they copy.

    A paragraph is a refrain when its text (its key) occurs at least
    ``_REFRAIN`` times *alone*: each time between other text. An occurrence is not alone when
    it comes right after another occurrence, with nothing but repeats
    between (a chorus sung twice in a row stays a repeat; so does one that
    only a repeat of other text separates, which may come out right after
    the other), or when it belongs to a repeated copy of the text and a
    neighbour repeats the same neighbour of an earlier occurrence (the
    second copy of a poem, refrains included). All the lone occurrences
    stay. A repeat inside a copy still goes, pointing at the occurrence its
    copy lines up with when that one stays. The occurrences in ``denied``
    are never alone.

    Returns the matches left, and the lone occurrences of each refrain (by
    its first occurrence).
    """
    groups = _exact_repeats(matches, keys)
    if not any(len(js) + 1 >= _REFRAIN for js in groups.values()):
        return matches, {}
    occurrences = _Occurrences(groups, matches, active, keys, in_copy, denied)
    kept = dict(matches)
    refrains: dict[int, list[int]] = {}
    for root, js in groups.items():
        if len(js) + 1 < _REFRAIN:
            continue
        alone = occurrences.alone(root, js)
        if len(alone) < _REFRAIN:
            continue
        refrains[root] = alone
        _give_back(kept, root, js, alone, in_copy)
    return kept, refrains


def _exact_repeats(matches: dict[int, DuplicateMatch], keys: list[str]) -> dict[int, list[int]]:
    """The repeats of each text to the letter, by its first occurrence: the texts that may be refrains.

    A refrain recurs as the same text (its key): near-copies are grouped by
    whichever copy comes first, which a second run may not see the same way.
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for j, match in matches.items():
        if match.method == "exact" and keys[j] == keys[match.duplicate_of]:
            groups[match.duplicate_of].append(j)
    return groups


class _Occurrences:
    """What :func:`_keep_refrains` reads around each occurrence of a text that may be a refrain."""

    def __init__(
        self,
        groups: dict[int, list[int]],
        matches: dict[int, DuplicateMatch],
        active: list[int],
        keys: list[str],
        in_copy: dict[int, int],
        denied: Collection[int],
    ) -> None:
        self.active = active
        self.keys = keys
        self.in_copy = in_copy
        self.denied = denied
        self.group_of: dict[int, int] = {j: root for root, js in groups.items() for j in (root, *js)}
        self.position = {i: n for n, i in enumerate(active)}
        self.counts: Counter[int | str] = Counter(self.group_of.get(i, keys[i]) for i in active)
        candidates = {root for root, js in groups.items() if len(js) + 1 >= _REFRAIN}
        self.previous = self._previous_kept(matches, candidates)

    def _previous_kept(self, matches: dict[int, DuplicateMatch], candidates: set[int]) -> list[int | None]:
        """For each active paragraph, the nearest one before it that surely stays if the refrains do.

        That is the first occurrence of its text, or an occurrence of a text
        that may be a refrain (a short line seen before may still go as a copy).
        """
        previous: list[int | None] = []
        last: int | None = None
        seen: set[str] = set()
        for i in self.active:
            previous.append(last)
            if i in matches:
                if self.group_of.get(i) in candidates:
                    last = i
            elif self.keys[i] not in seen or i in self.group_of:
                last = i
            seen.add(self.keys[i])
        return previous

    def text_at(self, n: int) -> int | str | None:
        """What the ``n``-th active paragraph says (its group, else its key), if it is evidence of a copy.

        Text that recurs as often as a refrain (the other refrain of a
        villanelle) lines nothing up.
        """
        if not 0 <= n < len(self.active):
            return None
        i = self.active[n]
        text = self.group_of.get(i, self.keys[i])
        return text if self.counts[text] < _REFRAIN else None

    def alone(self, root: int, js: list[int]) -> list[int]:
        """The occurrences of the text first at ``root`` (repeated at ``js``) that stand alone, in order.

        An occurrence is not alone when the paragraph that surely stays
        before it is an occurrence of the same text, when it lies in a copy
        and a neighbour repeats the same neighbour of an earlier occurrence,
        or when it is denied.
        """
        alone: list[int] = []
        befores: set[int | str | None] = set()
        afters: set[int | str | None] = set()
        for i in (root, *sorted(js)):
            n = self.position[i]
            before, after = self.text_at(n - 1), self.text_at(n + 1)
            lined_up = i in self.in_copy and (
                (before is not None and before in befores) or (after is not None and after in afters)
            )
            before_it = self.previous[n]
            after_itself = before_it is not None and self.group_of.get(before_it) == root
            if not after_itself and not lined_up and i not in self.denied:
                alone.append(i)
            befores.add(before)
            afters.add(after)
        return alone


def _give_back(
    kept: dict[int, DuplicateMatch], root: int, js: list[int], alone: list[int], in_copy: dict[int, int]
) -> None:
    """Keep a refrain's lone occurrences (out of ``kept``); point its repeats in a copy at the one they copy.

    A repeat ``j`` that still goes and whose copy lines up with a lone
    occurrence other than the first now repeats that occurrence.
    """
    for i in alone:
        kept.pop(i, None)
    for j in js:
        source = in_copy.get(j)
        if j in kept and source in alone and source != root:
            kept[j] = DuplicateMatch(j, source, kept[j].score, kept[j].method)


def _copy_chains(matches: dict[int, DuplicateMatch], max_gap: int) -> list[list[tuple[int, int]]]:
    """Group long duplicates into ordered runs: the candidate repeated copies.

    A run is a sequence of duplicates ``(j, i)`` (paragraph ``j`` repeats
    ``i``) in which both ``j`` and ``i`` increase, by at most ``max_gap`` at
    each step. ``i`` is any earlier occurrence of ``j``'s text, so that the
    second copy of a poem lines up with the first copy's refrains in order.
    Several runs may be open at once, so that one stray match does not break
    a copy; a duplicate continues the run it follows most closely (the
    smallest step in the sources, then in the repeats).
    :func:`_align_short` decides which runs are copies.
    """
    chains: list[list[tuple[int, int]]] = []
    open_chains: list[list[tuple[int, int]]] = []
    occurrences: dict[int, list[int]] = {}
    for j in sorted(matches):
        root = matches[j].duplicate_of
        earlier = occurrences.setdefault(root, [root])
        open_chains = [c for c in open_chains if j - c[-1][0] <= max_gap]
        best: list[tuple[int, int]] | None = None
        best_source, best_step = root, (0, 0)
        for chain in open_chains:
            last_i = chain[-1][1]
            k = bisect.bisect_right(earlier, last_i)
            if k == len(earlier) or earlier[k] > last_i + max_gap:
                continue
            step = (earlier[k] - last_i, j - chain[-1][0])
            if best is None or step < best_step:
                best, best_source, best_step = chain, earlier[k], step
        if best is None:
            best = []
            open_chains.append(best)
            chains.append(best)
        best.append((j, best_source))
        earlier.append(j)
    return chains


def _align_short(
    keys: list[str],
    active: list[int],
    words: list[int],
    min_words: int,
    chains: list[list[tuple[int, int]]],
    max_gap: int,
    edge_words: int,
    roots: dict[int, int],
) -> tuple[list[list[tuple[int, int]]], dict[int, int]]:
    """Decide which runs are copies; line up their short paragraphs with the first copy.

    A run that starts after its last source, of two or more long
    duplicates of different texts, is a copy; a run of one text only (a
    refrain recurring after other stanzas) or of a single duplicate is one
    only when short lines around it repeat the lines around its source too
    (a brief rendered twice).

    ``roots`` maps each long duplicate to the first occurrence of its text.
    Returns the copies, and ``{j: i}`` for each short paragraph ``j`` that
    repeats paragraph ``i`` at the matching place: between the sources of
    the two long duplicates around it, or continuing the run just before or
    after it.
    """
    if not chains:
        return [], {}
    lines = _ShortLines(keys, active, words, min_words, max_gap, edge_words)
    copies: list[list[tuple[int, int]]] = []
    targets: dict[int, int] = {}
    for chain in chains:
        edges = {**lines.walk(*chain[-1], 1), **lines.walk(*chain[0], -1)}
        if not _is_copy(chain, edges, roots):
            continue
        copies.append(chain)
        targets.update(edges)
        targets.update(lines.between(chain))
    return copies, targets


def _is_copy(chain: list[tuple[int, int]], edges: dict[int, int], roots: dict[int, int]) -> bool:
    """Whether a run of long duplicates is a repeated copy of the text.

    A run that repeats text it is still in the middle of (rows of a table,
    each like the one before) copies nothing. A run of two or more
    duplicates of different texts is a copy; a shorter or one-text run is
    one only with ``_SINGLE_ANCHOR_EDGES`` short repeats (``edges``) around it.
    """
    texts = {roots[j] for j, _ in chain}
    if chain[0][0] <= chain[-1][1]:
        return False
    return (len(chain) >= 2 and len(texts) >= 2) or len(edges) >= _SINGLE_ANCHOR_EDGES


class _ShortLines:
    """The text's short paragraphs, by key: where a copy's short lines find the first copy's."""

    def __init__(
        self, keys: list[str], active: list[int], words: list[int], min_words: int, max_gap: int, edge_words: int
    ) -> None:
        self.keys = keys
        self.active = active
        self.words = words
        self.max_gap = max_gap
        self.edge_words = edge_words
        self.is_long = [w >= min_words for w in words]
        self.positions: dict[str, list[int]] = defaultdict(list)
        for i in active:
            if not self.is_long[i]:
                self.positions[keys[i]].append(i)
        self.is_active = [False] * len(keys)
        for i in active:
            self.is_active[i] = True

    def source(self, j: int, low: int, high: int, *, last: bool = False) -> int | None:
        """The occurrence of short paragraph ``j``'s key strictly between low and high (and before j).

        The first such occurrence, or with ``last`` the last one; ``None``
        when ``j`` is long or left out.
        """
        if not self.is_active[j] or self.is_long[j]:
            return None
        occ = self.positions[self.keys[j]]
        high = min(high, j)
        if last:
            k = bisect.bisect_left(occ, high) - 1
            return occ[k] if k >= 0 and occ[k] > low else None
        k = bisect.bisect_right(occ, low)
        return occ[k] if k < len(occ) and occ[k] < high else None

    def between(self, chain: list[tuple[int, int]]) -> dict[int, int]:
        """``{j: i}`` for the short lines between a copy's long duplicates that repeat lines between their sources.

        Each such line repeats the first occurrence of its key after the
        source of the line lined up before it (at first, of the long
        duplicate before it) and before the next long duplicate's source.
        """
        found: dict[int, int] = {}
        for (ja, ia), (jb, ib) in pairwise(chain):
            low = ia
            for j in range(ja + 1, jb):
                i = self.source(j, low, ib)
                if i is not None:
                    found[j] = low = i
        return found

    def walk(self, start_j: int, start_i: int, step: int) -> dict[int, int]:
        """Follow a run past one of its ends over short repeats in the same order.

        Lines that one copy lacks (a byline, a dateline, a source line) are
        passed over, up to ``_EDGE_SKIP`` on either copy; a long paragraph
        ends the walk. :meth:`_edge_source` says which lines count.
        """
        found: dict[int, int] = {}
        j, source, unmatched, first = start_j + step, start_i, 0, True
        while 0 <= j < len(self.keys) and unmatched <= _EDGE_SKIP:
            if self.is_active[j]:
                if self.is_long[j]:
                    break
                i = self._edge_source(j, source, step, first=first)
                if i is None:
                    unmatched += 1
                else:
                    found[j] = source = i
                    unmatched = 0
                first = False
            j += step
        return found

    def _edge_source(self, j: int, source: int, step: int, *, first: bool) -> int | None:
        """The line that short line ``j`` repeats next to ``source`` (in direction ``step``), if it is evidence.

        Out here a line needs ``edge_words`` words to count as evidence,
        except the line right next to the run (``first``) when it repeats
        the source's next line (next but for lines the first copy has and
        the repeat lacks), such as a one-word heading just before the copy,
        and a line before the copy that repeats the text's first line (its
        title): a ``Yes.`` or ``Q:`` further away may well be the first
        copy's own.
        """
        if step == 1:
            i = self.source(j, source, source + self.max_gap + 1)
        else:
            i = self.source(j, source - self.max_gap - 1, source, last=True)
        if i is None or self.words[j] >= self.edge_words:
            return i
        if (first and self._next_to(source, i, step)) or (step == -1 and i == self.active[0]):
            return i
        return None

    def _next_to(self, source: int, i: int, step: int) -> bool:
        """Whether ``i`` follows ``source`` (in direction ``step``) with at most ``_EDGE_SKIP`` lines between."""
        active = self.active
        k = bisect.bisect_left(active, source) + step
        for _ in range(_EDGE_SKIP + 1):
            if not 0 <= k < len(active):
                return False
            if active[k] == i:
                return True
            k += step
        return False


class _FuzzyIndex:
    """Candidate search for near-duplicate keys, by their rarest words.

    Each key is reduced to its set of words (character bigrams for Chinese
    and Japanese). Its *signature* is the few words of that set that are
    rarest in the document. A near-duplicate shares almost all its words
    with the original, so the two signatures overlap unless most of the rare
    words were edited. Signatures are indexed in posting lists; a query
    collects the paragraphs sharing a signature word (the most recent ones
    when a word is common) and verifies them with rapidfuzz ``fuzz.ratio``
    and a ``score_cutoff``. Each query costs a bounded amount of work.
    """

    def __init__(self, threshold: float, keys: Iterable[str]) -> None:
        self.threshold = threshold
        self.index_words = {key: _index_words(key) for key in keys}
        df = Counter(itertools.chain.from_iterable(self.index_words.values()))
        # Rank every word once, rarest first (ties by the word itself, so
        # that the order never depends on set iteration or hash seeds).
        ordered = sorted(df.items(), key=_COUNT_THEN_WORD)
        self.rank = {word: r for r, (word, _) in enumerate(ordered)}
        self.postings: defaultdict[int, list[int]] = defaultdict(list)
        self.keys: dict[int, str] = {}
        # Indel similarity r needs the shorter key to be at least this share of the longer.
        ratio = threshold / 100
        self.min_length_ratio = ratio / (2 - ratio)

    def match_or_add(self, i: int, key: str) -> tuple[int, float, bool] | None:
        """The best earlier key at or above the threshold (see :func:`_best_match`); else index ``key`` as ``i``."""
        signature = sorted(map(self.rank.__getitem__, self.index_words[key]))[:_SIGNATURE]
        postings = self.postings
        lists = [postings[r] for r in signature if r in postings]
        hit = self._verify(key, lists) if lists else None
        if hit is None:
            self.keys[i] = key
            for r in signature:
                postings[r].append(i)
        return hit

    def _verify(self, key: str, lists: list[list[int]]) -> tuple[int, float, bool] | None:
        found = _candidates(lists)
        length = len(key)
        low, high = length * self.min_length_ratio, length / self.min_length_ratio
        keys = self.keys
        candidates = {i: keys[i] for i in sorted(found) if low <= len(keys[i]) <= high}
        if not candidates:
            return None
        return _best_match(key, candidates, self.threshold)


def _candidates(lists: list[list[int]]) -> Collection[int]:
    """The paragraphs a query verifies, from the posting lists of its signature words.

    The last ``_MAX_POSTINGS`` of each list (the most recent paragraphs);
    when that makes more than ``_MAX_CANDIDATES`` paragraphs, those in the
    most lists, ties going to the first seen (``Counter.most_common``).
    """
    tails = [posting[-_MAX_POSTINGS:] if len(posting) > _MAX_POSTINGS else posting for posting in lists]
    if sum(map(len, tails)) <= _MAX_CANDIDATES:
        return set().union(*tails)
    counts = Counter(itertools.chain.from_iterable(tails))
    if len(counts) <= _MAX_CANDIDATES:
        return counts.keys()
    # Counter.most_common, by one sort in C (stable: ties keep their first-seen order, as there).
    return [i for i, _ in sorted(counts.items(), key=_COUNT, reverse=True)[:_MAX_CANDIDATES]]


def _index_words(key: str) -> set[str]:
    """The words a key is indexed under for fuzzy candidate search.

    Accents are dropped first, so that a copy that lost its accents shares
    its words with the original; a run of Chinese or Japanese characters
    gives its character bigrams, apart from the Latin words glued to it.
    These words only pick candidates: the score is taken on the keys.
    """
    if key.isascii():
        return set(key.split())
    key = _MARKS.sub("", unicodedata.normalize("NFKD", key))
    if not has_cjk(key):
        return set(key.split())
    words: set[str] = set()
    for run in _CJK_OR_NOT.findall(key):
        if has_cjk(run[0]):
            words.update(run[k : k + 2] for k in range(max(1, len(run) - 1)))
        else:
            words.add(run)
    return words
