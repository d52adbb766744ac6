"""The boilerplate rule catalog: rules kept as data, loaded and compiled once.

A rule says which paragraphs are boilerplate. Rules live in TOML files: the
built-in catalog ships as ``dedupe_article/data/rules.toml`` and users add
their own files of ``[[rules]]`` tables. Loading validates every rule and
raises :class:`~dedupe_article.errors.RuleError` naming the file and the rule;
nothing is checked with ``assert``.

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

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import regex

from dedupe_article.errors import RuleError
from dedupe_article.keys import count_words, paragraph_key, plain_text

Kind = Literal["exact", "prefix", "regex", "empty-label"]
Scope = Literal["any", "start", "end", "last"]
Status = Literal["stable", "preview", "deprecated"]
Value = Literal["link", "name"]

KINDS: tuple[str, ...] = ("exact", "prefix", "regex", "empty-label")
SCOPES: tuple[str, ...] = ("any", "start", "end", "last")
STATUSES: tuple[str, ...] = ("stable", "preview", "deprecated")
VALUES: tuple[str, ...] = ("link", "name")
BUILTIN_SOURCE = "<built-in>"

_FIELDS = {
    "id",
    "kind",
    "pattern",
    "languages",
    "scope",
    "status",
    "why",
    "drop",
    "keep",
    "max_words",
    "value",
    "contains",
}
_SPACE = regex.compile(r"\s+")
_EDGE_MARKS = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")
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
        contains: for ``regex`` rules, a fast pre-check: the rule is tried
            only on paragraphs that contain one of these strings (compared
            case-folded); the pattern still decides.
        value: for ``empty-label`` rules, what a present value looks like:
            ``link`` (a URL or a citation list) or ``name`` (also a short
            name such as ``Reuters``).
        source: the file the rule was loaded from.
    """

    id: str
    kind: Kind
    pattern: str | tuple[str, ...]
    languages: tuple[str, ...] = ("*",)
    scope: Scope = "any"
    status: Status = "stable"
    why: str = ""
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    max_words: int | None = None
    value: Value = "name"
    contains: tuple[str, ...] = ()
    source: str = field(default=BUILTIN_SOURCE, compare=False)

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
    return _EDGE_MARKS.sub("", text)


def parse_rules(data: Mapping[str, Any], *, source: str) -> tuple[Rule, ...]:
    """Build rules from parsed TOML (``{"rules": [{...}, ...]}``).

    Raises:
        RuleError: naming ``source`` and the rule, for any invalid rule.
    """
    tables = data.get("rules", data.get("rule"))
    if tables is None:
        raise RuleError(f"{source}: no [[rules]] tables found")
    if not isinstance(tables, list):
        raise RuleError(f"{source}: 'rules' must be an array of tables ([[rules]])")
    extra = set(data) - {"rules", "rule"}
    if extra:
        raise RuleError(f"{source}: unknown top-level key(s): {', '.join(sorted(extra))}")
    rules = tuple(_parse_rule(table, source, n) for n, table in enumerate(tables, 1))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{source}: rule {rule.id}: duplicate id")
        seen.add(rule.id)
    return rules


def load_rules(path: str | Path) -> tuple[Rule, ...]:
    """Load and validate a TOML file of ``[[rules]]`` tables.

    Only ``id`` and ``pattern`` are required; ``kind`` defaults to ``exact``.
    ``pattern`` may be one string or a list of strings.

    Raises:
        RuleError: the file cannot be read or parsed, or a rule is invalid.
    """
    path = Path(path)
    return parse_rules(read_toml(path, RuleError, "rule file"), source=str(path))


def read_toml(path: Path, error: type[Exception], what: str) -> dict[str, Any]:
    """Parse a TOML file; any problem raises ``error`` with one line naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """The rules of the built-in catalog (parsed once; the tuple is immutable)."""
    text = resources.files("dedupe_article").joinpath("data/rules.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text), source=BUILTIN_SOURCE)


Planned = tuple[regex.Pattern[str], Rule, re.Pattern[str] | None, bool]
"""A regex rule ready to run: its compiled pattern, the rule, its ``contains``
pre-check, and whether it must run under the time limit (every rule but the
built-in ones, which the tests check against catastrophic backtracking)."""


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
        selects = [*(["ALL"] if select is None else select), *extend_select]
        ignores = list(ignore)
        for selector in (*selects, *ignores):
            if not any(_selects(selector, rule_id) for rule_id in by_id):
                raise RuleError(f"unknown rule selector {selector!r}: it names no rule")
        enabled = [r for r in self.rules if _enabled(r, selects, ignores)]
        self.enabled_ids: frozenset[str] = frozenset(r.id for r in enabled)
        self.exact: dict[str, Rule] = {}
        self.prefixes: dict[str, list[tuple[str, Rule]]] = {}
        self.regexes: list[tuple[regex.Pattern[str], Rule]] = []
        self.labels: dict[str, Rule] = {}
        # Rules that look at the context: run after the context-free ones.
        self.last: list[tuple[regex.Pattern[str], Rule]] = []
        # Bounds that let matching skip work: no exact rule matches a
        # paragraph with more words than its longest pattern (plus a few
        # for decorations), and prefixes only need the paragraph's head.
        self.exact_max_words = 0
        self.prefix_max_chars = 0
        for rule in enabled:
            if rule.kind == "regex":
                (self.last if rule.scope == "last" else self.regexes).append((_compile(rule), rule))
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
        # The built-in rule objects themselves (a user's Rule with the same fields is not one).
        self._builtin = {id(rule) for rule in builtin_rules()}
        # A rule's 'contains' strings as one pattern: one C-level search, not a loop.
        self._screens = {
            rule.id: re.compile("|".join(map(re.escape, rule.contains))) for _, rule in self.regexes if rule.contains
        }

    def regexes_for(self, words: int, before_body: bool, after_body: bool) -> tuple[Planned, ...]:
        """The context-free regex rules that apply to a paragraph, in catalog order.

        A rule applies when the paragraph has at most its ``max_words`` words
        and stands where its scope says (``start``: before the first body
        paragraph; ``end``: after the last). The answer depends on these
        three values only, so it is worked out once and remembered. Each
        rule comes with its ``contains`` pre-check as a pattern (``None``
        when it has none; search the case-folded paragraph with it first)
        and whether it runs under the time limit (see :data:`Planned`).
        """
        plan_key = (min(words, self._words_cap), before_body, after_body)
        plan = self._plans.get(plan_key)
        if plan is None:
            plan = self._plans[plan_key] = tuple(
                (pattern, rule, self._screens.get(rule.id), id(rule) not in self._builtin)
                for pattern, rule in self.regexes
                if (rule.max_words is None or words <= rule.max_words)
                and (rule.scope != "start" or before_body)
                and (rule.scope != "end" or after_body)
            )
        return plan

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

        Raises:
            RuleError: a file or rule is invalid, or a selector names no rule.
        """
        rules = list(builtin_rules())
        for item in rule_files:
            rules.extend([item] if isinstance(item, Rule) else load_rules(item))
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


def _selects(selector: str, rule_id: str) -> bool:
    return selector == "ALL" or rule_id == selector or rule_id.startswith(selector + ".")


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else selector.count(".") + 1


def _enabled(rule: Rule, selects: Sequence[str], ignores: Sequence[str]) -> bool:
    if rule.status == "deprecated":
        return False
    best_select = max((_specificity(s) for s in selects if _selects(s, rule.id)), default=-1)
    best_ignore = max((_specificity(s) for s in ignores if _selects(s, rule.id)), default=-1)
    if best_select < 0 or best_ignore >= best_select:
        return False
    return rule.status == "stable" or best_select > 0


@functools.cache
def _builtin_catalog() -> Catalog:
    return Catalog(builtin_rules())


def _label_text(text: str) -> str:
    """A label without its trailing colon: ``dirección del papel``."""
    return strip_marks(text)


def _compile(rule: Rule) -> regex.Pattern[str]:
    try:
        source = "|".join(f"(?:{p})" for p in rule.patterns)
        return regex.compile(source, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise RuleError(f"{rule.source}: rule {rule.id}: invalid regex: {exc}") from None


def _parse_rule(table: Any, source: str, number: int) -> Rule:
    where = f"{source}: rule #{number}"
    if not isinstance(table, Mapping):
        raise RuleError(f"{where}: each rule must be a table")
    rule_id = table.get("id")
    if isinstance(rule_id, str) and rule_id:
        where = f"{source}: rule {rule_id}"
    else:
        raise RuleError(f"{where}: 'id' is missing or not a non-empty string")
    if not _ID.match(rule_id):
        raise RuleError(f"{where}: id must be lowercase words joined by '.' or '-'")
    unknown = set(table) - _FIELDS
    if unknown:
        raise RuleError(f"{where}: unknown field(s): {', '.join(sorted(unknown))}")
    pattern = table.get("pattern")
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        pattern = tuple(pattern)
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    if not isinstance(patterns, tuple) or not all(p.strip() for p in patterns):
        raise RuleError(f"{where}: 'pattern' is missing or empty (a string, or a list of strings)")
    kind = _choice(table, "kind", KINDS, where)
    scope = _choice(table, "scope", SCOPES, where)
    status = _choice(table, "status", STATUSES, where)
    value = _choice(table, "value", VALUES, where)
    why = table.get("why", "")
    if not isinstance(why, str):
        raise RuleError(f"{where}: 'why' must be a string")
    max_words = table.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        raise RuleError(f"{where}: 'max_words' must be a positive integer")
    if scope == "last" and kind != "regex":
        raise RuleError(f"{where}: scope 'last' is for regex rules")
    if kind == "prefix" and any(len(rule_text(p)) < 2 for p in patterns):
        raise RuleError(f"{where}: a prefix must have at least two characters")
    rule = Rule(
        id=rule_id,
        kind=kind,
        pattern=patterns[0] if len(patterns) == 1 and isinstance(pattern, str) else patterns,
        languages=_strings(table, "languages", where) or ("*",),
        scope=scope,
        status=status,
        why=why,
        drop=_strings(table, "drop", where),
        keep=_strings(table, "keep", where),
        max_words=max_words,
        value=value,
        contains=tuple(c.casefold() for c in _strings(table, "contains", where)),
        source=source,
    )
    if kind == "regex":
        _compile(rule)
    elif kind in ("exact", "empty-label") and not all(strip_marks(rule_text(p)) for p in patterns):
        raise RuleError(f"{where}: pattern has no letters or digits")
    return rule


_DEFAULTS = {"kind": "exact", "scope": "any", "status": "stable", "value": "name"}


def _choice(table: Mapping[str, Any], name: str, choices: tuple[str, ...], where: str) -> Any:
    """A field that takes one of a few words; its default when absent."""
    value = table.get(name, _DEFAULTS[name])
    if value not in choices:
        raise RuleError(f"{where}: {name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def _strings(table: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, Sequence) or isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{name}' must be a list of strings")
    return tuple(value)
