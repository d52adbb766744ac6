"""Required literals of a regular expression: a cheap, exact pre-check for regex rules.

A regex rule of the catalog is tried with ``fullmatch`` on a paragraph. Most
paragraphs cannot match most rules, and a plain substring search says so far
faster than the regex engine does: any text the pattern
``(?:sign up|subscribe) to .{0,50}\\bnewsletters?\\b.{0,60}`` matches contains
``newsletter``. :func:`required_literals` reads such strings off a pattern,
and :func:`fold` puts a paragraph in the form they are compared in.

The pre-check is exact, never a guess: a paragraph whose folded form holds
none of a rule's literals is one the rule's pattern cannot match (the tests
check this on the catalog's examples and on generated text). A pattern the
reader does not understand gets no literals (``None``): it is always tried.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

# The regex module's case-insensitive matching pairs a few characters whose
# str.casefold() forms differ (dotted and dotless i, for one); folding them
# to the same letter first keeps every match's folded text holding the
# folded literal. tests/test_literals.py checks this over all cased
# characters of Unicode.
_FOLD_FIRST = str.maketrans({"\u0130": "i", "\u0131": "i", "\U0001df95": "ß"})
# Property classes (\p{L}, \P{Lu}) are syntax of the regex module only; for
# reading literals they stand for any one character, so \w/\W do.
_PROPERTY = re.compile(r"\\([pP])\{[^}]*\}")
# Syntax of the regex module that the re parser would read as literal text:
# fuzzy constraints ((?:abc){e<=1}) and POSIX classes ([[:alpha:]]).
_REGEX_ONLY = re.compile(r"(?<!\\)\{(?!\d*,?\d*\})|\[:\^?[a-z]+:\]")
# A pattern yields at most this many alternative strings at one point.
_MAX_STRINGS = 64

_sre_parse: Any
_c: Any
try:  # The parser behind re.compile (private, but the same in shape since Python 3.0; here since 3.11).
    _sre_parse = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a future Python without it: no pre-check
    _sre_parse = _c = None


def fold(text: str) -> str:
    """The form literals are compared in: case-folded, dotted/dotless i as ``i``.

    >>> fold("Suscríbete al BOLETÍN")
    'suscríbete al boletín'
    >>> fold("İlgili Haberler")
    'ilgili haberler'
    """
    if "\u0130" in text or "\u0131" in text or "\U0001df95" in text:  # rare: translate() is slow
        text = text.translate(_FOLD_FIRST)
    return text.casefold()


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which any text that ``pattern`` matches holds at least one (folded).

    The pattern is read as a case-insensitive :mod:`regex` pattern in V0
    syntax (as the catalog compiles its rules); the strings are in
    :func:`fold` form. ``None`` means no such strings were found (the pattern
    can match text with no fixed part, or it uses syntax the reader does not
    know): such a pattern must always be tried.

    >>> sorted(required_literals(r"(?:sign up|subscribe) to .{0,50}\\bnewsletters?\\b.{0,60}"))
    ['sign up to ', 'subscribe to ']
    >>> sorted(required_literals(r"(?:lee|lea) también: .{1,250}"))
    ['lea también: ', 'lee también: ']
    >>> required_literals(r".{0,40}\\d+") is None
    True
    """
    if _sre_parse is None:  # pragma: no cover
        return None
    if _REGEX_ONLY.search(_PROPERTY.sub("", pattern)):
        return None
    try:
        with warnings.catch_warnings():  # the re parser's FutureWarnings ("possible nested set") are for re users
            warnings.simplefilter("ignore")
            parsed = _sre_parse.parse(_PROPERTY.sub(lambda m: r"\w" if m[1] == "p" else r"\W", pattern), re.IGNORECASE)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    try:
        found = _sequence(_frozen(parsed))
    except RecursionError:  # pragma: no cover - absurdly nested pattern
        return None
    if not found:
        return None
    return frozenset(_minimal(found))


def _frozen(node: Any) -> Any:
    """A parsed pattern as nested tuples, so that the readers below can remember their answers."""
    if isinstance(node, (list, tuple, _sre_parse.SubPattern)):
        return tuple(_frozen(item) for item in node)
    return node


@functools.lru_cache(maxsize=4096)
def _sequence(items: tuple[Any, ...]) -> frozenset[str] | None:
    """The best set of required strings of a sequence of parsed items (``None``: none)."""
    candidates: list[frozenset[str]] = []
    runs: set[str] = {""}

    def close() -> None:
        nonlocal runs
        if runs != {""} and "" not in runs:
            candidates.append(frozenset(runs))
        runs = {""}

    for op, av in items:
        strings = _strings(op, av)
        if strings is not None:
            if len(runs) * len(strings) > _MAX_STRINGS:
                close()
            runs = {a + b for a, b in itertools.product(runs, strings)}
            continue
        if op in (_c.AT, _c.ASSERT_NOT):  # zero width: the text on both sides is contiguous
            continue
        close()
        inner = _required(op, av)
        if inner:
            candidates.append(inner)
    close()
    return max(candidates, key=_quality, default=None)


def _required(op: Any, av: Any) -> frozenset[str] | None:
    """The required strings of one parsed item that is not a fixed string."""
    if op is _c.SUBPATTERN:
        return _sequence(av[-1])
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch)
            if not found:
                return None
            union |= found
        return frozenset(union)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, item = av
        return _sequence(item) if low >= 1 else None
    if op is _c.ASSERT:  # a lookahead or lookbehind: what it looks at is in the text too
        return _sequence(av[1])
    return None


def _strings(op: Any, av: Any) -> frozenset[str] | None:
    """The folded strings a parsed item matches, when it matches only a few fixed strings."""
    if op is _c.LITERAL:
        return frozenset({fold(chr(av))})
    if op is _c.IN:
        if any(kind is not _c.LITERAL for kind, _ in av) or len(av) > 8:
            return None
        return frozenset(fold(chr(code)) for _, code in av)
    if op is _c.SUBPATTERN:
        return _fixed(av[-1])
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _fixed(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union) if len(union) <= _MAX_STRINGS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, item = av
        found = _fixed(item)
        if found is None or high != 1:
            return None
        return found | {""} if low == 0 else found
    return None


@functools.lru_cache(maxsize=4096)
def _fixed(items: tuple[Any, ...]) -> frozenset[str] | None:
    """The strings a sequence matches, when it matches only a few fixed strings."""
    result: set[str] = {""}
    for op, av in items:
        if op is _c.AT:
            continue
        strings = _strings(op, av)
        if strings is None or len(result) * len(strings) > _MAX_STRINGS:
            return None
        result = {a + b for a, b in itertools.product(result, strings)}
    return frozenset(result)


def _quality(strings: frozenset[str]) -> tuple[int, int]:
    """Longer shortest strings rule out more text; fewer strings cost less to look for."""
    return min(map(len, strings)), -len(strings)


def _minimal(strings: Iterable[str]) -> set[str]:
    """Drop every string that holds a shorter one of the set (that one is found in it anyway)."""
    kept: list[str] = []
    for text in sorted(strings, key=len):
        if not any(shorter in text for shorter in kept):
            kept.append(text)
    return set(kept)


def literal_table(patterns: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """``{name: {"pattern": digest, "literals": [...]}}`` for ``(name, pattern)`` pairs with literals.

    The built-in catalog ships this table (``data/rule_literals.json``,
    written by ``python -m dedupe_article.literals``), so that a run does not
    read the literals off the patterns each time it starts; an entry whose
    digest no longer matches its rule's pattern is ignored and the literals
    are read off the pattern again.
    """
    table: dict[str, dict[str, Any]] = {}
    for name, pattern in patterns:
        literals = required_literals(pattern)
        if literals:
            table[name] = {"pattern": pattern_digest(pattern), "literals": sorted(literals)}
    return table


def pattern_digest(pattern: str) -> str:
    """A short, stable digest of a pattern's text (a table entry is valid only for that text)."""
    import hashlib  # here: only a catalog with regex rules needs it, and only when it is built

    return hashlib.blake2b(pattern.encode("utf-8"), digest_size=8).hexdigest()


def literal_matchers(
    literal_bits: dict[str, int],
) -> tuple[AhoCorasick | None, tuple[tuple[str, int], ...], tuple[str, ...]]:
    """Matchers for :meth:`Catalog.literal_mask <dedupe_article.rules.Catalog.literal_mask>`.

    ``literal_bits`` maps each literal to the bits of the rules that need it.
    Returns an Aho-Corasick automaton over the literals of two characters or
    more (``None`` when there are none), the literals looked for with ``in``
    instead, with their bits (one character, which ``in`` finds at C speed;
    and a literal the automaton cannot read, holding a lone surrogate: given
    one, it silently drops that literal and every one after it), and the
    automaton's literals in its order.
    """
    apart = tuple((literal, bits) for literal, bits in literal_bits.items() if len(literal) == 1 or not _utf8(literal))
    longer = tuple(literal for literal in literal_bits if len(literal) > 1 and _utf8(literal))
    if not longer:
        return None, apart, ()
    import ahocorasick_rs

    # The contiguous NFA: built in about 5 ms for the catalog's 2,000
    # literals, and within a factor of two of the DFA's scan, which takes
    # ten times longer to build.
    automaton = ahocorasick_rs.AhoCorasick(longer, implementation=ahocorasick_rs.Implementation.ContiguousNFA)
    return automaton, apart, longer


def _utf8(text: str) -> bool:
    """Whether a text can be written in UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _write_builtin_table() -> None:  # pragma: no cover - run by hand when the catalog changes
    import json

    from dedupe_article.rules import builtin_literal_sources

    path = Path(__file__).parent / "data" / "rule_literals.json"
    table = literal_table(builtin_literal_sources())
    path.write_text(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(table)} rules)")


if __name__ == "__main__":  # pragma: no cover
    _write_builtin_table()
