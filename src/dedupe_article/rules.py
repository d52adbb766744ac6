"""The boilerplate rule catalog: rules kept as data, loaded and compiled once.

A rule says which paragraphs are boilerplate. Rules live in TOML files: the
built-in catalog ships as ``dedupe_article/data/rules.toml`` and users add
their own files of ``[[rules]]`` tables. Every rule is validated when it is
made, from a file or as ``Rule(...)`` in Python, and a problem raises
:class:`~dedupe_article.errors.RuleError` naming the file and the rule;
nothing is checked with ``assert``. A user's rule file also has its ``drop``
and ``keep`` examples run when it is loaded (:func:`check_examples`).

Kinds of rule:

* ``exact``: the whole paragraph is the pattern (case, spacing and
  surrounding punctuation aside), e.g. ``Ver originales``.
* ``prefix``: the paragraph starts with the pattern, e.g. a disclaimer's
  first words.
* ``regex``: the whole paragraph matches the pattern (``regex`` module
  syntax, case-insensitive).
* ``empty-label``: the paragraph is only the label and a colon, e.g.
  ``Dirección del papel:``, *and* its value is missing: the next kept
  paragraph is not a link, a citation or a name.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import regex

from dedupe_article.errors import RuleError
from dedupe_article.keys import count_words, paragraph_key, plain_text
from dedupe_article.literals import fold, literal_matchers, pattern_digest, required_literals
from dedupe_article.memo import Memo

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

Kind = Literal["exact", "prefix", "regex", "empty-label"]
Scope = Literal["any", "start", "end", "last"]
Status = Literal["stable", "preview", "deprecated"]
Value = Literal["link", "name"]
PageRole = Literal["inline", "caption", "teaser", "credit", "share"]

KINDS: tuple[str, ...] = ("exact", "prefix", "regex", "empty-label")
SCOPES: tuple[str, ...] = ("any", "start", "end", "last")
STATUSES: tuple[str, ...] = ("stable", "preview", "deprecated")
VALUES: tuple[str, ...] = ("link", "name")
PAGE_ROLES: dict[str, str] = {
    "inline": "what an article may hold anywhere (an ad marker, an image placeholder, a photo credit): "
    "it does not end the article body",
    "caption": "a caption label ('Image caption,'): the short texts next to it are its caption",
    "teaser": "the link or heading of a teaser list ('Read more', 'Related'): the titles after it are teasers",
    "credit": "a photo credit: the short texts around it belong to the picture",
    "share": "a share row: the empty bullets and labels around it are the same row",
}
"""What the page stage reads into a rule's match, by role (a rule's ``page_roles``)."""
BUILTIN_SOURCE = "<built-in>"
PYTHON_SOURCE = "<python>"
"""The ``source`` of a :class:`Rule` built in Python (errors then name the rule only)."""

_SPACE = regex.compile(r"\s+")
_EDGE_MARKS = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")
_ASCII_EDGE_MARKS = "".join(c for c in map(chr, range(128)) if regex.fullmatch(r"[\p{P}\p{S}\s]", c))
_ID = regex.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule.

    Attributes:
        id: stable identifier, grouped by kind (``ui.view-original``); never
            reused for another rule once published.
        kind: ``exact``, ``prefix``, ``regex`` or ``empty-label``.
        pattern: the literal text, prefix, regex or label; or several of
            them (a tuple), any of which matches: one rule can hold the
            same phrase in many languages.
        languages: language codes the rule is written for (``["*"]``: any).
        scope: ``any`` paragraph, or only one at the ``start`` or ``end`` of
            the document (before the first or after the last paragraph of
            ten words or more), or only the ``last`` paragraph left once the
            other rules have run (a heading left dangling at the very end).
        status: ``stable`` (on by default), ``preview`` (on when selected) or
            ``deprecated`` (kept so its id is not reused; never applied).
        why: one line saying what the paragraph is and why it goes.
        drop: example paragraphs the rule must remove (tested).
        keep: example paragraphs it must leave alone (tested).
        max_words: a paragraph with more words than this never matches.
        contains: for ``regex`` rules, a pre-check: the rule is tried
            only on paragraphs that contain one of these strings (compared
            case-folded, dotted and dotless i as ``i``); the pattern still
            decides. Rarely needed: without it, the strings the pattern
            itself requires are the pre-check
            (:func:`~dedupe_article.literals.required_literals`).
        page_roles: what the page stage reads into a match of the rule,
            beyond removing it (:data:`PAGE_ROLES`): ``inline``, ``caption``,
            ``teaser``, ``credit``, ``share``.
        value: for ``empty-label`` rules, what a present value looks like:
            ``link`` (a URL or a citation list) or ``name`` (also a short
            name such as ``Reuters``).
        source: the file the rule was loaded from (``<built-in>`` for the
            catalog, ``<python>`` for a rule built in Python).

    Every field is checked here, whether the rule comes from a file or is
    built in Python, and lists are turned into tuples; ``kind`` defaults to
    ``exact``, as in a rule file. A bad rule raises :class:`RuleError`:

    >>> Rule("promo.app", pattern="Descarga nuestra app").kind
    'exact'
    >>> Rule("promo.app", kind="regx", pattern="Descarga.*")
    Traceback (most recent call last):
    ...
    dedupe_article.errors.RuleError: rule promo.app: kind must be one of exact, prefix, regex, empty-label; got 'regx'
    """

    id: str
    kind: Kind = "exact"
    pattern: str | tuple[str, ...] = ()
    languages: tuple[str, ...] = ("*",)
    scope: Scope = "any"
    status: Status = "stable"
    why: str = ""
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    max_words: int | None = None
    value: Value = "name"
    contains: tuple[str, ...] = ()
    page_roles: tuple[PageRole, ...] = ()
    source: str = field(default=PYTHON_SOURCE, compare=False)

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def patterns(self) -> tuple[str, ...]:
        """The rule's patterns as a tuple (one or more)."""
        return (self.pattern,) if isinstance(self.pattern, str) else self.pattern


def rule_text(text: str) -> str:
    """The form literal rules compare paragraphs in: :func:`plain_text`, case-folded.

    >>> rule_text("  Ver\\u00a0ORIGINALES ")
    'ver originales'
    """
    return plain_text(text).casefold()


def strip_marks(text: str) -> str:
    """Drop punctuation, symbols and spaces around a text (``» Read more ›``)."""
    # str.strip of the ASCII marks first: when it stops at ASCII characters on
    # both sides (or strips everything), those are no marks, and the answer is
    # the pattern's, at a fraction of its cost.
    stripped = text.strip(_ASCII_EDGE_MARKS)
    if not stripped or (stripped[0].isascii() and stripped[-1].isascii()):
        return stripped
    return _EDGE_MARKS.sub("", text)


def parse_rules(data: Mapping[str, Any], *, source: str) -> tuple[Rule, ...]:
    """Build rules from parsed TOML (``{"rules": [{...}, ...]}``).

    The file holds ``[[rules]]`` tables and nothing else: any other
    top-level key or table (``[[rule]]`` included) is an error, so that a
    misspelt file cannot load no rules in silence.

    Raises:
        RuleError: naming ``source`` and the rule (its id, or its position
            ``#n`` when it has no id), for the first invalid rule.
    """
    rules, problems = _parse_rules(data, source)
    if problems:
        raise RuleError(_first_of(problems, source))
    return rules


def load_rules(path: str | Path, *, run_examples: bool = True) -> tuple[Rule, ...]:
    """Load and validate a TOML file of ``[[rules]]`` tables.

    Only ``id`` and ``pattern`` are required; ``kind`` defaults to ``exact``.
    ``pattern`` may be one string or a list of strings. Each rule's ``drop``
    examples must be removed by the rule and its ``keep`` examples left
    alone (:func:`check_examples`); ``run_examples=False`` skips running
    them. ``dedupe-article rules --rules FILE --check`` lists every problem
    of a file at once.

    Raises:
        RuleError: the file cannot be read or parsed, a rule is invalid, or
            an example fails; one line naming the file and the rule.
    """
    path = Path(path)
    rules = parse_rules(read_toml(path, RuleError, "rule file"), source=str(path))
    if run_examples:
        problems = check_examples(rules)
        if problems:
            raise RuleError(_first_of(problems, str(path)))
    return rules


def check_rule_files(paths: Iterable[str | Path]) -> tuple[tuple[Rule, ...], list[str]]:
    """Every problem of some rule files, one line each, and their valid rules.

    Unlike :func:`load_rules`, which stops at the first problem, this goes
    on: each invalid rule, each failing example (:func:`check_examples`)
    and each id that a built-in rule or an earlier file already has is one
    line naming the file and the rule. ``dedupe-article rules --rules FILE
    --check`` prints them.

    Returns:
        ``(rules, problems)``: the valid rules of all the files, and the
        problems (an empty list when the files are fine).
    """
    taken = {rule.id: BUILTIN_SOURCE for rule in builtin_rules()}
    found: list[Rule] = []
    problems: list[str] = []
    for path in map(Path, paths):
        try:
            data = read_toml(path, RuleError, "rule file")
        except RuleError as exc:
            problems.append(str(exc))
            continue
        rules, more = _parse_rules(data, str(path))
        problems += more
        for rule in rules:
            if rule.id in taken:
                problems.append(f"{path}: rule {rule.id}: id already used in {taken[rule.id]}")
            taken.setdefault(rule.id, str(path))
        problems += check_examples(rules)
        found += rules
    return tuple(found), problems


_BODY = "A paragraph of the article itself, with more than enough words to be body text."


def check_examples(rules: Iterable[Rule], *, timeout: float = 1.0) -> list[str]:
    """Run each rule's examples: ``drop`` ones must be removed, ``keep`` ones kept.

    Each rule is tried alone on each example, as a paragraph on its own
    (after a body paragraph for an ``end`` rule, before one for a ``start``
    rule, so that the scope allows it). ``preview`` rules are tried as if
    selected; ``deprecated`` rules never run, so their examples are not.

    >>> rule = Rule("promo.app", pattern="Download our app", drop=("Download the app",))
    >>> check_examples([rule])
    ["rule promo.app: drop example 'Download the app' is not removed by the rule"]

    Args:
        rules: the rules to check.
        timeout: seconds a regex rule may spend on one example.

    Returns:
        One line per failing example, naming the rule's file and id.
    """
    # Imported here: the matcher builds on this module.
    from dedupe_article.boilerplate import match_context_rules, match_rules

    problems: list[str] = []
    for rule in rules:
        if rule.status == "deprecated" or not (rule.drop or rule.keep):
            continue
        catalog = Catalog([rule], select=[rule.id])
        for wanted, examples in ((True, rule.drop), (False, rule.keep)):
            for example in examples:
                paragraphs = {"start": [example, _BODY], "end": [_BODY, example]}.get(rule.scope, [example])
                at = paragraphs.index(example)
                found, slow = match_rules(paragraphs, catalog, timeout=timeout)
                if at not in found:
                    more, slower = match_context_rules(paragraphs, catalog, removed=found, timeout=timeout)
                    found, slow = {**found, **more}, slow + slower
                what = f"{'drop' if wanted else 'keep'} example {_quote(example)}"
                if slow:
                    problems.append(f"{_where(rule.source, rule.id)}: {what} takes the regex over {timeout:g}s")
                elif (at in found) != wanted:
                    verb = "is not removed" if wanted else "is removed"
                    problems.append(f"{_where(rule.source, rule.id)}: {what} {verb} by the rule")
    return problems


def _quote(text: str, limit: int = 60) -> str:
    """An example on one line, cut short: error messages are one line."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _first_of(problems: Sequence[str], source: str) -> str:
    """The first problem, saying how many more there are and how to list them."""
    if len(problems) == 1:
        return problems[0]
    more = len(problems) - 1
    return f"{problems[0]} (and {more} more: dedupe-article rules --rules {source} --check)"


def read_toml(path: Path, error: type[Exception], what: str) -> dict[str, Any]:
    """Parse a TOML file; any problem raises ``error`` with one line naming the file."""
    import tomllib  # here, not at the top: `import dedupe_article` stays quick

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """The rules of the built-in catalog (parsed once; the tuple is immutable)."""
    import tomllib
    from importlib import resources

    text = resources.files("dedupe_article").joinpath("data/rules.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text), source=BUILTIN_SOURCE)


class RulePattern:
    """A regex rule's pattern, compiled the first time it is tried.

    Compiling the catalog's regexes costs more than cleaning a short article,
    and the pre-check (:meth:`Catalog.literal_mask`) rules most of them out
    on most texts, so each is compiled only when a paragraph first passes
    its pre-check. A user's rule is compiled when it is loaded too, so that
    a bad pattern is reported then.
    """

    __slots__ = ("_compiled", "rule")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled pattern (case-insensitive, V0 syntax)."""
        if self._compiled is None:
            self._compiled = _compile(self.rule)
        return self._compiled

    def fullmatch(self, text: str, *, timeout: float | None = None) -> regex.Match[str] | None:
        """:meth:`regex.Pattern.fullmatch` of the compiled pattern (``timeout``: seconds, as there)."""
        return self.compiled.fullmatch(text, timeout=timeout)


Planned = tuple[RulePattern, Rule, bool, int]
"""A regex rule ready to run: its compiled pattern, the rule, whether it must
run under the time limit (every rule but the built-in ones, which the tests
check against catastrophic backtracking), and its bit in
:meth:`Catalog.literal_mask`, the pre-check (0: the rule has none and is
always tried)."""


class Catalog:
    """A set of rules, selected and compiled for fast matching.

    Build one once and reuse it: exact rules become a dict lookup, prefix
    rules are bucketed by their first two characters and regexes are
    compiled here, so matching a paragraph costs about the same whatever
    the catalog's size.

    Selection follows ruff: a selector is a rule id, a prefix of ids at a
    ``.`` boundary (``label`` selects ``label.references``), or ``ALL``. A
    rule is on when the most specific selector that names it comes from
    ``select`` or ``extend_select``; ``ignore`` wins a tie. Stable rules are
    selected by default; ``preview`` rules only when a selector more specific
    than ``ALL`` names them; ``deprecated`` rules never run.

    >>> catalog = Catalog.builtin()
    >>> catalog.get("ui.view-original").status
    'stable'
    >>> "label.references" in Catalog(builtin_rules(), ignore=["label"]).enabled_ids
    False

    Args:
        rules: all the rules that may be selected.
        select: selectors of the rules to run (default: ``["ALL"]``).
        extend_select: selectors added to ``select``.
        ignore: selectors of rules not to run.

    Raises:
        RuleError: two rules share an id, or a selector names no rule.
    """

    def __init__(
        self,
        rules: Iterable[Rule],
        *,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        by_id: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in by_id:
                raise RuleError(f"{rule.source}: rule {rule.id}: id already used in {by_id[rule.id].source}")
            by_id[rule.id] = rule
        self._by_id = by_id
        chosen = [*(["ALL"] if select is None else select), *extend_select]
        ignores = list(ignore)
        for selector in (*chosen, *ignores):
            if not any(selects(selector, rule_id) for rule_id in by_id):
                raise RuleError(f"unknown rule selector {selector!r}: it names no rule")
        enabled = [r for r in self.rules if _enabled(r, chosen, ignores)]
        self.enabled_ids: frozenset[str] = frozenset(r.id for r in enabled)
        self.exact: dict[str, Rule] = {}
        self.prefixes: dict[str, list[tuple[str, Rule]]] = {}
        self.regexes: list[tuple[RulePattern, Rule]] = []
        self.labels: dict[str, Rule] = {}
        # Rules that look at the context: run after the context-free ones.
        self.last: list[tuple[RulePattern, Rule]] = []
        # Bounds that let matching skip work: no exact rule matches a
        # paragraph with more words than its longest pattern (plus a few
        # for decorations), and prefixes only need the paragraph's head.
        self.exact_max_words = 0
        self.prefix_max_chars = 0
        for rule in enabled:
            if rule.kind == "regex":
                (self.last if rule.scope == "last" else self.regexes).append((RulePattern(rule), rule))
                continue
            for raw in rule.patterns:
                pattern = rule_text(raw)
                if rule.kind == "exact":
                    self.exact.setdefault(strip_marks(pattern), rule)
                    self.exact_max_words = max(self.exact_max_words, count_words(paragraph_key(pattern)) + 3)
                elif rule.kind == "prefix":
                    self.prefixes.setdefault(pattern[:2], []).append((pattern, rule))
                    self.prefix_max_chars = max(self.prefix_max_chars, len(pattern))
                else:
                    self.labels.setdefault(_label_text(pattern), rule)
        # Paragraphs longer than every bounded regex rule all see the same rules.
        bounds = [rule.max_words for _, rule in self.regexes if rule.max_words is not None]
        self._words_cap = max(bounds, default=0) + 1
        self._plans: dict[tuple[int, bool, bool], tuple[Planned, ...]] = {}
        # For regexes_to_try, by plan: the bits of its rules with a pre-check, and its rules without one.
        self._plan_parts: dict[tuple[int, bool, bool], tuple[int, tuple[tuple[int, Planned], ...]]] = {}
        # The built-in rule objects themselves (a user's Rule with the same fields is not one).
        self._builtin = {id(rule) for rule in builtin_rules()}
        # Each regex rule's pre-check: its 'contains' strings, or else the
        # strings one of which every paragraph its pattern matches holds
        # (literals.py). One Aho-Corasick scan of a paragraph finds them
        # all: each string maps to the bits of the rules that need it.
        self._bits: dict[str, int] = {}
        self._literal_bits: dict[str, int] = {}
        table = _builtin_literals() if any(id(rule) in self._builtin for _, rule in self.regexes) else {}
        for position, (_, rule) in enumerate(self.regexes):
            literals = {fold(text) for text in rule.contains} if rule.contains else _literals_of(rule, table)
            if literals:
                self._bits[rule.id] = 1 << position
                for literal in literals:
                    self._literal_bits[literal] = self._literal_bits.get(literal, 0) | 1 << position
        # Each regex rule ready to run, by its position (its bit's place).
        self._planned: tuple[Planned, ...] = tuple(
            (pattern, rule, id(rule) not in self._builtin, self._bits.get(rule.id, 0)) for pattern, rule in self.regexes
        )
        # The pre-check's matchers, built when first used (literal_mask; see literals.literal_matchers).
        self._automaton: AhoCorasick | None = None
        self._automaton_literals: tuple[str, ...] = ()
        self._automaton_bits: tuple[int, ...] = ()
        self._apart_bits: tuple[tuple[str, int], ...] | None = None
        # Verdicts on short lines, which recur across the documents of a batch (see boilerplate.match_rules).
        self.verdicts: Memo[tuple[str, int, tuple[bool, bool]], tuple[Rule | None]] = Memo(8192)

    def regexes_for(self, words: int, before_body: bool, after_body: bool) -> tuple[Planned, ...]:
        """The context-free regex rules that apply to a paragraph, in catalog order.

        A rule applies when the paragraph has at most its ``max_words`` words
        and stands where its scope says (``start``: before the first body
        paragraph; ``end``: after the last). The answer depends on these
        three values only, so it is worked out once and remembered. Each
        rule comes with whether it runs under the time limit and its bit in
        :meth:`literal_mask` (see :data:`Planned`).
        """
        plan_key = (min(words, self._words_cap), before_body, after_body)
        plan = self._plans.get(plan_key)
        if plan is None:
            plan = self._plans[plan_key] = tuple(
                planned
                for planned in self._planned
                if ((rule := planned[1]).max_words is None or words <= rule.max_words)
                and (rule.scope != "start" or before_body)
                and (rule.scope != "end" or after_body)
            )
        return plan

    def regexes_to_try(self, plain: str, words: int, before_body: bool, after_body: bool) -> Sequence[Planned]:
        """The rules of :meth:`regexes_for` that pass their pre-check on a paragraph, in catalog order.

        ``plain`` is the paragraph's :func:`plain_text`. The rules come from
        the set bits of :meth:`literal_mask`, with the rules that have no
        pre-check: a paragraph costs one scan and a step per rule it may
        match, not a step per rule of the catalog.
        """
        plan_key = (min(words, self._words_cap), before_body, after_body)
        parts = self._plan_parts.get(plan_key)
        if parts is None:
            plan = {id(planned) for planned in self.regexes_for(words, before_body, after_body)}
            screened = 0
            unscreened: list[tuple[int, Planned]] = []
            for position, planned in enumerate(self._planned):
                if id(planned) in plan:
                    screened |= planned[3]
                    if not planned[3]:
                        unscreened.append((position, planned))
            parts = self._plan_parts[plan_key] = (screened, tuple(unscreened))
        screened, always = parts
        hits = self.literal_mask(plain) & screened if screened else 0
        if not hits:
            return [planned for _, planned in always]
        found = list(always)
        by_position = self._planned
        while hits:
            low = hits & -hits
            position = low.bit_length() - 1
            found.append((position, by_position[position]))
            hits ^= low
        if always:
            found.sort(key=itemgetter(0))
        return [planned for _, planned in found]

    def literal_mask(self, plain: str) -> int:
        """The bits of the regex rules whose required strings the paragraph holds.

        ``plain`` is the paragraph's :func:`plain_text`. A rule with a bit in
        :meth:`regexes_for` whose bit is not set here cannot match the
        paragraph, so it need not be tried: the regex stage costs one scan of
        the paragraph, however many rules the catalog holds.
        """
        if not self._literal_bits:
            return 0
        if self._apart_bits is None:
            self._automaton, self._apart_bits, self._automaton_literals = literal_matchers(self._literal_bits)
            self._automaton_bits = tuple(self._literal_bits[literal] for literal in self._automaton_literals)
        folded = fold(plain)
        mask = 0
        # A one-character literal (':', '0', '@') is in most paragraphs: 'in'
        # finds it at C speed, where each hit of the automaton costs a step of
        # this loop (see literal_matchers for the other literals found so).
        for text, bits in self._apart_bits:
            if text in folded:
                mask |= bits
        if self._automaton is not None:
            bits_of = self._automaton_bits
            try:
                found = self._automaton.find_matches_as_indexes(folded, overlapping=True)
            except UnicodeEncodeError:  # a lone surrogate, which the automaton cannot read: look for each literal
                found = [(k, 0, 0) for k, literal in enumerate(self._automaton_literals) if literal in folded]
            for k, _, _ in found:
                mask |= bits_of[k]
        return mask

    def __getstate__(self) -> dict[str, Any]:
        # The automaton and the verdicts are rebuilt where the catalog is used (a worker gets neither).
        return {**self.__dict__, "_automaton": None, "_apart_bits": None, "verdicts": Memo(self.verdicts.size)}

    @classmethod
    def builtin(cls) -> Catalog:
        """The built-in catalog with its default selection, compiled."""
        return _builtin_catalog()

    @classmethod
    def load(
        cls,
        rule_files: Iterable[str | Path | Rule] = (),
        *,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> Catalog:
        """The built-in rules plus rules from files (or :class:`Rule` objects), selected.

        A file named twice (by the config file and on the command line, say)
        is loaded once.

        Raises:
            RuleError: a file or rule is invalid, or a selector names no rule.
        """
        rules = list(builtin_rules())
        loaded: set[Path] = set()
        for item in rule_files:
            if isinstance(item, Rule):
                rules.append(item)
            elif Path(item).resolve() not in loaded:
                loaded.add(Path(item).resolve())
                rules.extend(load_rules(item))
        if select is None and not tuple(extend_select) and not tuple(ignore) and len(rules) == len(builtin_rules()):
            return cls.builtin()
        return cls(rules, select=select, extend_select=extend_select, ignore=ignore)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id, selected or not.

        Raises:
            KeyError: no rule has this id.
        """
        return self._by_id[rule_id]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def selects(selector: str, rule_id: str) -> bool:
    """Whether a selector names a rule: ``ALL``, its id, or a prefix at a ``.`` boundary.

    >>> selects("label", "label.references"), selects("lab", "label.references")
    (True, False)
    """
    return selector == "ALL" or rule_id == selector or rule_id.startswith(selector + ".")


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else selector.count(".") + 1


def _enabled(rule: Rule, chosen: Sequence[str], ignores: Sequence[str]) -> bool:
    if rule.status == "deprecated":
        return False
    best_select = max((_specificity(s) for s in chosen if selects(s, rule.id)), default=-1)
    best_ignore = max((_specificity(s) for s in ignores if selects(s, rule.id)), default=-1)
    if best_select < 0 or best_ignore >= best_select:
        return False
    return rule.status == "stable" or best_select > 0


def builtin_literal_sources() -> list[tuple[str, str]]:
    """``(rule id, pattern)`` of the built-in regex rules the literal table covers (no ``contains``)."""
    return [(rule.id, _source(rule)) for rule in builtin_rules() if rule.kind == "regex" and not rule.contains]


@functools.cache
def _builtin_literals() -> dict[str, Any]:
    """The shipped table of the built-in rules' required literals (see :func:`literals.literal_table`)."""
    import json
    from importlib import resources

    text = resources.files("dedupe_article").joinpath("data/rule_literals.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def _literals_of(rule: Rule, table: Mapping[str, Any]) -> frozenset[str] | None:
    """A rule's required literals: from the table when its entry is for this very pattern, else read now."""
    source = _source(rule)
    entry = table.get(rule.id)
    if entry is not None and entry["pattern"] == pattern_digest(source):
        return frozenset(entry["literals"])
    return required_literals(source)


@functools.cache
def _builtin_catalog() -> Catalog:
    return Catalog(builtin_rules())


def _label_text(text: str) -> str:
    """A label without its trailing colon: ``dirección del papel``."""
    return strip_marks(text)


def _source(rule: Rule) -> str:
    """A regex rule's patterns as one pattern: any of them."""
    return "|".join(f"(?:{p})" for p in rule.patterns)


def _compile(rule: Rule) -> regex.Pattern[str]:
    try:
        return regex.compile(_source(rule), regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise RuleError(f"{_where(rule.source, rule.id)}: invalid regex: {exc}") from None


def _parse_rules(data: Mapping[str, Any], source: str) -> tuple[tuple[Rule, ...], list[str]]:
    """The valid rules of parsed TOML, and a line for each problem."""
    extra = sorted(set(data) - {"rules"})
    if extra:
        if "rule" in extra:
            return (), [f"{source}: unknown table [[rule]]: rule tables are written [[rules]]"]
        return (), [
            f"{source}: unknown top-level key(s) {', '.join(map(repr, extra))}: a rule file holds [[rules]] tables"
        ]
    tables = data.get("rules")
    if tables is None:
        return (), [f"{source}: no [[rules]] tables found"]
    if not isinstance(tables, list):
        return (), [f"{source}: 'rules' must be an array of tables ([[rules]])"]
    rules: list[Rule] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        try:
            rule = _parse_rule(table, source, number)
        except RuleError as exc:
            problems.append(str(exc))
            continue
        if rule.id in seen:
            problems.append(f"{source}: rule {rule.id}: duplicate id")
            continue
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules), problems


_FIELDS = frozenset(f.name for f in dataclasses.fields(Rule)) - {"source"}


def _parse_rule(table: Any, source: str, number: int) -> Rule:
    where = f"{source}: rule #{number}"
    if not isinstance(table, Mapping):
        raise RuleError(f"{where}: each rule must be a table")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{where}: 'id' is missing or not a non-empty string")
    unknown = set(table) - _FIELDS
    if unknown:
        raise RuleError(f"{source}: rule {rule_id}: unknown field(s): {', '.join(sorted(unknown))}")
    return Rule(**table, source=source)


def _where(source: str, rule_id: object) -> str:
    """How an error names a rule: its file and id (the id alone for a rule built in Python)."""
    name = f"rule {rule_id}"
    return name if source == PYTHON_SOURCE else f"{source}: {name}"


def _validate(rule: Rule) -> None:
    """Check a rule's fields and normalise them (lists to tuples); raise :class:`RuleError`."""
    if not isinstance(rule.source, str):
        raise TypeError(f"source must be a string, not {type(rule.source).__name__}")
    if not isinstance(rule.id, str) or not rule.id:
        raise RuleError(f"{_where(rule.source, repr(rule.id))}: 'id' must be a non-empty string")
    where = _where(rule.source, rule.id)
    if not _ID.match(rule.id):
        raise RuleError(f"{where}: id must be lowercase words joined by '.' or '-'")
    pattern = rule.pattern
    if isinstance(pattern, list):
        pattern = tuple(pattern)
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    if not isinstance(patterns, tuple) or not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise RuleError(f"{where}: 'pattern' is missing or empty (a string, or a list of strings)")
    for name, choices in (("kind", KINDS), ("scope", SCOPES), ("status", STATUSES), ("value", VALUES)):
        value = getattr(rule, name)
        if not isinstance(value, str) or value not in choices:
            raise RuleError(f"{where}: {name} must be one of {', '.join(choices)}; got {value!r}")
    if not isinstance(rule.why, str):
        raise RuleError(f"{where}: 'why' must be a string")
    max_words = rule.max_words
    if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        raise RuleError(f"{where}: 'max_words' must be a positive integer")
    for name, value in (("pattern", pattern), *_lists(rule, where).items()):
        object.__setattr__(rule, name, value)
    if rule.scope == "last" and rule.kind != "regex":
        raise RuleError(f"{where}: scope 'last' is for regex rules")
    if rule.kind == "prefix" and any(len(rule_text(p)) < 2 for p in patterns):
        raise RuleError(f"{where}: a prefix must have at least two characters")
    if rule.kind == "regex" and rule.source != BUILTIN_SOURCE:
        # The built-in regexes are compiled when first tried (RulePattern); the tests compile them all.
        _compile(rule)
    elif rule.kind in ("exact", "empty-label") and not all(strip_marks(rule_text(p)) for p in patterns):
        raise RuleError(f"{where}: pattern has no letters or digits")


def _lists(rule: Rule, where: str) -> dict[str, tuple[str, ...]]:
    """A rule's list fields, checked and normalised: tuples, languages ``*`` by default, ``contains`` case-folded."""
    names = ("languages", "drop", "keep", "contains", "page_roles")
    lists = {name: _strings(getattr(rule, name), name, where) for name in names}
    wrong = [role for role in lists["page_roles"] if role not in PAGE_ROLES]
    if wrong:
        raise RuleError(f"{where}: page_roles must be among {', '.join(PAGE_ROLES)}; got {wrong[0]!r}")
    lists["languages"] = lists["languages"] or ("*",)
    lists["contains"] = tuple(c.casefold() for c in lists["contains"])
    return lists


def _strings(value: object, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{name}' must be a list of strings")
    return tuple(value)
