"""Match paragraphs against the boilerplate rule catalog.

Context-free rules (``exact``, ``prefix``, ``regex``) look at one paragraph at
a time. ``empty-label`` rules also look at the next kept paragraph: a label
such as ``Referencias:`` is boilerplate only when its value is missing.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import regex

from dedupe_article.keys import count_words, key_of_plain, paragraph_key, plain_text
from dedupe_article.rules import Catalog, Rule, strip_marks

# A paragraph of this many words or more is body text: rules scoped to the
# start or end of a document apply only before the first or after the last.
BODY_WORDS = 10
# A label's value, when it is a name ("Reuters"), is at most this many words.
NAME_WORDS = 6
_SPACE = regex.compile(r"\s+")
_URL = regex.compile(r"https?://|\bwww\.\S|\bdoi\.org/|\bdoi:\s*10\.|\barxiv[.:]\s*\S|\b10\.\d{4,9}/\S", regex.I)
# A citation: "[1] ...", "【1】...", or a numbered or author-year entry with a year.
_YEAR = r"(?:19|20)\d\d(?!\d)"
_CITATION = regex.compile(
    r"^\s*(?:[\[【［(（]\s*\d{1,3}\s*[\]】］)）]"  # [1] 【1】 (1)
    rf"|\^?\d{{1,3}}\s*[.、)）]\s*\S.*{_YEAR}"  # 1. Title, 2024 / 2、《期刊》2024年
    rf"|\p{{Lu}}[\p{{L}}'’-]+,\s*(?:\p{{Lu}}\.\s*)+.*\(?{_YEAR}"  # Li, X. ... (2024)
    r")"
)
# A paragraph ending like a clause (a sentence, or a label's colon): a label's value is no such thing.
_CLAUSE_END = regex.compile(r"[.!?;:。！？；：…]\s*$")
_INNER_LABEL = regex.compile(r"^[^:：]{1,60}[:：]\s*\S")


class RuleTimeoutWarning(UserWarning):
    """A regex rule took longer than the timeout on a paragraph and was skipped there."""


@dataclass(frozen=True)
class RuleMatch:
    """A paragraph matched by a boilerplate rule.

    Attributes:
        index: the paragraph's position.
        rule_id: the id of the rule that matched.
    """

    index: int
    rule_id: str


def find_boilerplate(
    paragraphs: Sequence[str],
    *,
    catalog: Catalog | None = None,
    skip: Collection[int] = (),
    timeout: float = 1.0,
) -> list[RuleMatch]:
    """Find the paragraphs that a boilerplate rule matches.

    A regex rule from a file that runs longer than ``timeout`` seconds on a paragraph is
    skipped for that paragraph and a :class:`RuleTimeoutWarning` is issued.

    >>> find_boilerplate(["Texto.", "Ver originales"])
    [RuleMatch(index=1, rule_id='ui.view-original')]
    >>> find_boilerplate(["Referencias:", "[1] https://example.org/paper"])
    []

    Args:
        paragraphs: the paragraphs' texts, in document order.
        catalog: the rules; ``None`` means the built-in catalog.
        skip: indices to leave out (already removed for another reason);
            they are not a label's value either.
        timeout: seconds a regex rule may spend on one paragraph.

    Returns:
        One match per matched paragraph, in document order.
    """
    catalog = Catalog.builtin() if catalog is None else catalog
    if isinstance(paragraphs, str):
        raise TypeError("paragraphs must be a sequence of str, not one str")
    plains = [_plain(t) for t in paragraphs]
    matched, problems = match_rules(paragraphs, catalog, skip=skip, timeout=timeout, plains=plains)
    context, more = match_context_rules(
        paragraphs, catalog, removed=set(skip) | set(matched), timeout=timeout, plains=plains
    )
    matched.update(context)
    for problem in (*problems, *more):
        warnings.warn(problem, RuleTimeoutWarning, stacklevel=2)
    return [RuleMatch(i, matched[i].id) for i in sorted(matched)]


def match_rules(
    paragraphs: Sequence[str],
    catalog: Catalog,
    *,
    skip: Collection[int] = (),
    timeout: float = 1.0,
    keys: Sequence[str] | None = None,
    plains: Sequence[str] | None = None,
    word_counts: Sequence[int] | None = None,
) -> tuple[dict[int, Rule], list[str]]:
    """Apply the context-free rules (exact, prefix, regex) to each paragraph.

    ``plains``, ``keys`` and ``word_counts``, when given, are the paragraphs'
    :func:`plain_text`, :func:`paragraph_key` and :func:`count_words` values,
    computed once by the caller.

    Returns:
        ``({index: rule}, warnings)``; the first matching rule wins, exact
        rules before prefixes before regexes, each in catalog order.
    """
    if isinstance(paragraphs, str):
        raise TypeError("paragraphs must be a sequence of str, not one str")
    if plains is None:
        plains = [_plain(t) for t in paragraphs]
    if keys is None:
        keys = [key_of_plain(p) for p in plains]
    if word_counts is None:
        word_counts = [count_words(k) for k in keys]
    first_body, last_body = _body_span(word_counts)
    matched: dict[int, Rule] = {}
    problems: list[str] = []
    skipped = set(skip)
    recall, remember = catalog.verdicts.recall, catalog.verdicts.remember
    for i, text in enumerate(paragraphs):
        if (skipped and i in skipped) or not keys[i] and not text.strip():
            continue
        words = word_counts[i]
        position = (i < first_body, i > last_body)
        plain = plains[i]
        # A short line (a site's menu or footer line) recurs across documents: its verdict is remembered.
        remembered = (plain, words, position) if len(plain) <= MEMO_CHARS else None
        seen = recall(remembered) if remembered else None
        if seen is not None:
            (rule,) = seen
        else:
            timeouts = len(problems)
            # An exact or prefix rule first, then a regex, each in catalog order.
            rule = _literal_rule(catalog, plain, words, position) or _first_regex(
                catalog, plain, words, position, timeout, problems, i
            )
            if remembered and len(problems) == timeouts:  # a rule that timed out may not another time
                remember(remembered, (rule,))
        if rule is not None:
            matched[i] = rule
    return matched, problems


# Lines up to this many characters have their rule verdicts remembered (memo.py).
MEMO_CHARS = 200


def _literal_rule(catalog: Catalog, plain: str, words: int, position: tuple[bool, bool]) -> Rule | None:
    """The first exact rule (or, for a longer paragraph, prefix rule) that matches a paragraph, in catalog order.

    Found by lookups, not a scan: the exact rules by the paragraph's text
    without its edge marks, the prefixes by its first two characters.
    """
    if words <= catalog.exact_max_words:
        folded = plain.casefold()
        exact = catalog.exact.get(strip_marks(folded)) if catalog.exact else None
        if exact is not None and _applies(exact, words, position):
            return exact
    elif catalog.prefixes:
        folded = plain[: catalog.prefix_max_chars].casefold()
    else:
        return None
    for prefix, rule in catalog.prefixes.get(folded[:2], ()):
        if folded.startswith(prefix) and _applies(rule, words, position):
            return rule
    return None


def _first_regex(
    catalog: Catalog,
    plain: str,
    words: int,
    position: tuple[bool, bool],
    timeout: float,
    problems: list[str],
    index: int,
) -> Rule | None:
    """The first context-free regex rule, in catalog order, that matches a paragraph.

    A rule is tried only if its pre-check passes: the paragraph holds one of
    its ``contains`` strings, or else one of the strings its pattern requires
    (:meth:`Catalog.literal_mask`, one scan for all the rules).
    """
    for pattern, candidate, timed, _ in catalog.regexes_to_try(plain, words, *position):
        try:
            # The built-in regexes are checked against catastrophic
            # backtracking by the tests; a time limit costs about 2 µs
            # a call, so only the user's rules run under one.
            hit = pattern.fullmatch(plain, timeout=timeout) if timed else pattern.fullmatch(plain)
        except TimeoutError:
            problems.append(_timeout_message(candidate, timeout, index))
            continue
        if hit:
            return candidate
    return None


def match_context_rules(
    paragraphs: Sequence[str],
    catalog: Catalog,
    *,
    removed: Collection[int] = (),
    timeout: float = 1.0,
    plains: Sequence[str] | None = None,
) -> tuple[dict[int, Rule], list[str]]:
    """Apply the rules that look at a paragraph's neighbours.

    * ``empty-label`` rules: a paragraph that is a catalog label, alone or
      with a trailing colon, is removed when the next paragraph not in
      ``removed`` is not its value: not a link or citation, and for
      ``value = "name"`` rules not a short name either. A label at the very
      end of the document has no value.
    * rules with ``scope = "last"``: matched against the last paragraph
      left once everything else is removed (a heading dangling at the end),
      then against the one before it if that matched, and so on.

    ``plains``, when given, are the paragraphs' :func:`plain_text` values,
    computed once by the caller.

    Returns:
        ``({index: rule}, warnings)``, warnings naming regex rules that timed out.
    """
    if plains is None:
        plains = [_plain(t) for t in paragraphs]
    removed_set = set(removed)
    kept = [i for i in range(len(paragraphs)) if i not in removed_set]
    found: dict[int, Rule] = {}
    if catalog.labels:
        for pos, i in enumerate(kept):
            rule = _label_rule(catalog, paragraphs[i], plains[i])
            if rule is None:
                continue
            following = paragraphs[kept[pos + 1]] if pos + 1 < len(kept) else None
            if following is None or not is_label_value(following, rule.value, plain=plains[kept[pos + 1]]):
                found[i] = rule
    problems: list[str] = []
    remaining = [i for i in kept if i not in found]
    # A heading before a dangling heading dangles too: peel them off the end.
    while catalog.last and remaining:
        last = remaining.pop()
        plain = plains[last]
        words = count_words(paragraph_key(plain))
        hit = None
        for pattern, rule in catalog.last:
            if rule.max_words is not None and words > rule.max_words:
                continue
            try:
                if pattern.fullmatch(plain, timeout=timeout):
                    hit = rule
                    break
            except TimeoutError:
                problems.append(_timeout_message(rule, timeout, last))
        if hit is None:
            break
        found[last] = hit
    return found, problems


def is_label_value(text: str, expects: str = "name", *, plain: str | None = None) -> bool:
    """Whether a paragraph can be the value of a label just before it.

    >>> is_label_value("https://arxiv.org/abs/2307.09288", "link")
    True
    >>> is_label_value("[1] Touvron et al., Llama 2, 2023", "link")
    True
    >>> is_label_value("Xinzhiyuan", "name"), is_label_value("Xinzhiyuan", "link")
    (True, False)
    >>> is_label_value("Los investigadores que dejan Meta incluyen a Lample.")
    False
    """
    if plain is None:
        plain = _plain(text)
    if _URL.search(plain) or _CITATION.match(plain):
        return True
    if expects != "name" or _INNER_LABEL.match(plain) or _CLAUSE_END.search(plain):
        return False
    return count_words(paragraph_key(plain)) <= NAME_WORDS


def _timeout_message(rule: Rule, timeout: float, index: int) -> str:
    return f"rule {rule.id} ({rule.source}) ran over {timeout:g}s on paragraph {index} and was skipped there"


def _label_rule(catalog: Catalog, text: str, plain: str) -> Rule | None:
    if len(plain) > 80:  # labels are short
        return None
    folded = plain.casefold()
    if len(folded) > 80:
        return None
    # A label may end in a colon and spaces, which strip_marks drops with the other edge marks.
    return catalog.labels.get(strip_marks(folded))


def _applies(rule: Rule, words: int, position: tuple[bool, bool]) -> bool:
    if rule.max_words is not None and words > rule.max_words:
        return False
    if rule.scope == "start":
        return position[0]
    if rule.scope == "end":
        return position[1]
    return True


def _body_span(word_counts: Sequence[int]) -> tuple[int, int]:
    """First and last index of a body paragraph (``BODY_WORDS`` words or more)."""
    body = [i for i, n in enumerate(word_counts) if n >= BODY_WORDS]
    if not body:
        return len(word_counts), -1
    return body[0], body[-1]


_plain = plain_text
