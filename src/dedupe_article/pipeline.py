"""Clean one article: split it, strip boilerplate, drop repeats, join it back."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dedupe_article.boilerplate import MEMO_CHARS, match_context_rules, match_rules
from dedupe_article.config import CleanConfig
from dedupe_article.duplicates import DuplicateMatch, match_keys
from dedupe_article.keys import count_words, key_of_plain, plain_text
from dedupe_article.memo import Memo
from dedupe_article.page import (
    PAGE_RULE_KINDS,
    PAGE_START_VALUE,
    PAGE_UNITS,
    ChromeMatch,
    PageUnits,
    find_page_chrome,
    looks_like_page,
    prefer_body_copies,
    split_units,
)
from dedupe_article.page.title import _TITLE_REACH
from dedupe_article.paragraphs import Paragraph, detect_layout, join_paragraphs, split_paragraphs, unwrap_paragraph
from dedupe_article.results import CleanResult, Removal
from dedupe_article.rules import PAGE_ROLES, Rule
from dedupe_article.titles import TitleInChrome, find_titles_in_chrome

if TYPE_CHECKING:
    from dedupe_article.page_features import FeatureTable


def clean_article(text: str, config: CleanConfig | None = None) -> CleanResult:
    """Clean a scraped article and explain every paragraph removed.

    The steps, in order: split into paragraphs; remove paragraphs matched by
    a boilerplate rule (labels whose value is missing included); then remove
    repeated and near-duplicate paragraphs among the rest, keeping the first
    occurrence, so that every duplicate points at a kept paragraph. Kept
    paragraphs are reproduced as written (or unwrapped, with ``unwrap=True``)
    and joined in the input's layout.

    The function is pure: the same text and config give the same result in
    any process and any call order.

    >>> result = clean_article("Title\\nBody of the story, long enough to count as a real paragraph.\\n"
    ...                        "Ver originales\\nBody of the story, long enough to count as a real paragraph.\\n")
    >>> print(result.text, end="")
    Title
    Body of the story, long enough to count as a real paragraph.
    >>> for removal in result.removals:
    ...     print(removal.describe())
    paragraph 2 removed: boilerplate rule ui.view-original
    paragraph 3 removed: exact duplicate of paragraph 1 (score 100.0)

    Args:
        text: the article as one string.
        config: options; ``None`` means ``CleanConfig()``.

    Returns:
        A :class:`CleanResult` with the text, the kept paragraphs and one
        :class:`Removal` per removed paragraph.

    Raises:
        TypeError: ``text`` is not a ``str`` or ``config`` not a ``CleanConfig``.
    """
    if not isinstance(text, str):
        hint = ""
        if text is None or (isinstance(text, float) and text != text):  # None, or pandas' NaN
            hint = " (a missing value: with pandas, Series.map(clean, na_action='ignore') passes it through)"
        raise TypeError(f"text must be str, not {type(text).__name__}{hint}")
    if config is None:
        config = CleanConfig()
    elif not isinstance(config, CleanConfig):
        raise TypeError(f"config must be CleanConfig or None, not {type(config).__name__}")
    stages = _before_page_stage(text, config)
    chrome: dict[int, ChromeMatch] = {}
    duplicates = stages.duplicates
    if stages.page_units is not None:
        chrome = _page_chrome(stages.page_units, stages.rule_hits, duplicates, config)
        duplicates = _settle_page_duplicates(duplicates, stages.rule_hits, chrome)
    chrome |= _titles_in_chrome(stages.titles, chrome, duplicates, stages.rule_hits)
    return _result(
        stages.paragraphs,
        stages.rule_hits,
        duplicates,
        chrome,
        stages.analysed,
        config,
        stages.layout,
        stages.warnings,
        stages.page_units is not None,
    )


def page_feature_table(text: str, config: CleanConfig | None = None) -> tuple[list[str], FeatureTable] | None:
    """The page stage's feature table of ``text``: its units and one row per unit.

    ``None`` when the text is not cleaned as a page (``config.page_chrome``
    ``"auto"`` decides as :func:`clean_article` does; pass
    ``CleanConfig(page_chrome=True)`` to always split a page). The rows are
    what the learned decision reads (:mod:`dedupe_article.page_features`);
    ``benchmarks/train_page.py`` trains on them.
    """
    if config is None:
        config = CleanConfig()
    stages = _before_page_stage(text, config)
    units = stages.page_units
    if units is None:
        return None
    layout = _layout_chrome(units, stages.rule_hits, stages.duplicates, config)
    return list(units.texts), _feature_table(units, stages.rule_hits, stages.duplicates, layout)


@dataclass(frozen=True)
class _Stages:
    """What the stages before the page stage found."""

    layout: Literal["lines", "blocks"]
    paragraphs: list[Paragraph]
    analysed: _Analysis
    rule_hits: dict[int, str]
    titles: dict[int, TitleInChrome]
    duplicates: dict[int, DuplicateMatch]
    warnings: list[str]
    page_units: PageUnits | None  # the units, analysed once for the page stage; None when the text is no page


def _before_page_stage(text: str, config: CleanConfig) -> _Stages:
    if config.fix_text:  # the repaired text is what is cleaned and kept
        from dedupe_article.textfix import repair_text

        text = repair_text(text)
    layout = detect_layout(text) if config.layout == "auto" else config.layout
    paragraphs = split_paragraphs(text, layout=layout)
    paragraphs, analysed, page = _units_or_paragraphs(text, paragraphs, config)
    warnings: list[str] = list(analysed.warnings)
    rule_hits = _rule_hits(analysed, config, warnings)
    titles: dict[int, TitleInChrome] = {}
    duplicates: dict[int, DuplicateMatch] = {}
    if config.deduplicate:
        titles, duplicates = _duplicates(analysed, rule_hits, config)
    if config.boilerplate and duplicates:
        duplicates = _context_after_duplicates(analysed, rule_hits, duplicates, config, warnings)
    page_units: PageUnits | None = None
    if page:
        # The units are analysed once for every step of the page stage.
        page_units = PageUnits.of(analysed.texts, keys=analysed.keys, words=analysed.words)
        duplicates = prefer_body_copies(page_units, rule_hits.keys(), duplicates, threshold=config.threshold)
    return _Stages(layout, paragraphs, analysed, rule_hits, titles, duplicates, warnings, page_units)


def _units_or_paragraphs(
    text: str, paragraphs: list[Paragraph], config: CleanConfig
) -> tuple[list[Paragraph], _Analysis, bool]:
    """What is cleaned (the page units, or the paragraphs), analysed, and whether the text is a page.

    In auto mode the rules run once, on the units (the paragraphs themselves
    when no block was split), and the page decision reads them; the
    paragraphs are analysed again only when they differ from the units and
    the text is no page (the memos make the repeat cheap for short lines).
    """
    if not config.page_chrome:
        return paragraphs, _analyse(paragraphs, config), False
    units = split_units(text, paragraphs)
    page = config.page_chrome is True
    analysed: _Analysis | None = None
    if not page and config.boilerplate and len(units) >= PAGE_UNITS:
        analysed = _analyse(units, config)
        page = looks_like_page(
            analysed.texts,
            sum(1 for rule in analysed.matched.values() if rule.id.startswith(PAGE_RULE_KINDS)),
            analysed.words,
            analysed.matched.keys(),
        )
    if page or len(units) == len(paragraphs):
        return units, analysed if analysed is not None else _analyse(units, config), page
    return paragraphs, _analyse(paragraphs, config), False


def _rule_hits(analysed: _Analysis, config: CleanConfig, warnings: list[str]) -> dict[int, str]:
    """The paragraphs the rules remove, context rules included: ``{index: rule id}``; ``warnings`` gains theirs."""
    if not config.boilerplate:
        return {}
    matched = dict(analysed.matched)
    context, more = match_context_rules(
        analysed.texts, config.catalog, removed=matched, timeout=config.regex_timeout, plains=analysed.plains
    )
    matched.update(context)
    warnings.extend(more)
    return {i: rule.id for i, rule in matched.items()}


def _duplicates(
    analysed: _Analysis, rule_hits: dict[int, str], config: CleanConfig
) -> tuple[dict[int, TitleInChrome], dict[int, DuplicateMatch]]:
    """The lines that wrap a headline in chrome, and the duplicates among the rest of what the rules left."""
    texts, keys, words = analysed.texts, analysed.keys, analysed.words
    # A line wrapping a headline in chrome goes, not the headline it holds.
    titles = {
        t.index: t for t in find_titles_in_chrome(texts, keys, words, skip=rule_hits.keys(), threshold=config.threshold)
    }
    matches = match_keys(
        ["" if i in rule_hits or i in titles else k for i, k in enumerate(keys)],
        threshold=config.threshold,
        min_words=config.min_words,
        stutter_words=config.stutter_words,
        max_gap=config.max_gap,
        words=[0 if i in rule_hits or i in titles else n for i, n in enumerate(words)],
    )
    return titles, {match.index: match for match in matches}


def _context_after_duplicates(
    analysed: _Analysis,
    rule_hits: dict[int, str],
    duplicates: dict[int, DuplicateMatch],
    config: CleanConfig,
    warnings: list[str],
) -> dict[int, DuplicateMatch]:
    """The context rules again, once duplicates are gone; ``rule_hits`` gains their matches.

    A label whose value was a duplicate is left with nothing after it, and a
    heading may now end the text. A repeat of such a label goes for the same
    reason as the label itself. Returns the duplicates left.
    """
    removed = rule_hits.keys() | duplicates.keys()
    context, more = match_context_rules(
        analysed.texts, config.catalog, removed=removed, timeout=config.regex_timeout, plains=analysed.plains
    )
    warnings.extend(w for w in more if w not in warnings)
    for i, rule in context.items():
        rule_hits[i] = rule.id
    left = {}
    for i, match in duplicates.items():
        if match.duplicate_of in context:
            rule_hits[i] = context[match.duplicate_of].id
        else:
            left[i] = match
    return left


def _page_chrome(
    units: PageUnits,
    rule_hits: dict[int, str],
    duplicates: dict[int, DuplicateMatch],
    config: CleanConfig,
) -> dict[int, ChromeMatch]:
    """The page stage: the heuristics alone, or their proposals that the learned decision confirms (the default)."""
    layout = _layout_chrome(units, rule_hits, duplicates, config)
    model = config.page_decision()
    asked = {i for i, proposed in layout.items() if proposed.why in _CONFIRMED}
    if model is None or not asked:
        return layout
    table = _feature_table(units, rule_hits, duplicates, layout)
    # A unit the heuristics remove for where it stands (outside the body they
    # found) goes only when the model confirms it: a body found too short loses
    # whole stretches of the article that way. A unit removed for what it is (a
    # form, a widget, a caption, a run of menu items) goes as the heuristics say.
    verdicts = {v.index: v for v in model.verdicts(table, only=asked)}
    # Where the model keeps prose the heuristics put outside (above) their
    # body, the article's text starts there: the title lines above its first
    # stretch (its headline, byline, dateline) are kept as the ones above the
    # heuristics' body are. (A start at or below their body changes nothing.)
    rescued = {i for i, v in verdicts.items() if not v.drop}
    skipped = rule_hits.keys() | duplicates.keys()
    start = _article_start(units, layout, rescued, skipped)
    if start is not None and start < _body_first(layout, len(units.texts)):
        again = _layout_chrome(units, rule_hits, duplicates, config, starts=[start])
        # Only the lines within the title zone's reach above the start (the
        # other changes of the second pass are not asked for).
        above = [i for i in range(start - 1, -1, -1) if i not in skipped][:_TITLE_REACH]
        for i in above:
            if i in asked and i not in again and verdicts[i].drop:
                verdicts[i] = dataclasses.replace(verdicts[i], drop=False)
    chrome: dict[int, ChromeMatch] = {}
    for i, proposed in layout.items():
        if proposed.why not in _CONFIRMED:
            chrome[i] = proposed
            continue
        v = verdicts[i]
        if v.drop:
            # The model's inputs are named "model.<input>": the heuristics' own evidence
            # has names such as "words" and "value" too, with other meanings.
            pushed = tuple((f"model.{name}", value) for name, value in v.reasons)
            decided = (("keep", round(v.keep, 3)), ("threshold", model.threshold), *pushed)
            chrome[i] = ChromeMatch(i, proposed.why, proposed.evidence + decided)
    return chrome


# The layout heuristics' reasons that the learned decision must confirm.
_CONFIRMED = frozenset({"outside-body"})


def _body_first(layout: dict[int, ChromeMatch], default: int) -> int:
    """The first unit of the heuristics' body, as their proposals' evidence gives it (``default`` if none does)."""
    for proposed in layout.values():
        for name, value in proposed.evidence:
            if name == "body_first":
                return int(value)
    return default


def _article_start(
    units: PageUnits, layout: dict[int, ChromeMatch], rescued: Collection[int], skipped: Collection[int] = ()
) -> int | None:
    """The first unit of the first stretch of kept units holding prose the model kept against the heuristics.

    A stretch is a run of units that stay; units without words, and the
    units a rule or the duplicate search removed (``skipped``: not the page
    stage's to judge), are passed over. Its rescued prose must be worth
    ``PAGE_START_VALUE`` (as the prose an article starts with,
    :func:`starts_like_article`): a promotion's one sentence starts no
    article. (Prose the heuristics keep above their body themselves, a
    standfirst in their title zone, say, starts nothing: drawing a title
    zone above it kept the menus above the title on the golden cases.)
    """
    start: int | None = None
    prose = 0.0
    for i in range(len(units.texts) + 1):
        dropped = i == len(units.texts) or (i in layout and i not in rescued)
        if not dropped and (units.words[i] == 0 or i in skipped):
            continue
        if dropped:
            if start is not None and prose >= PAGE_START_VALUE:
                return start
            start, prose = None, 0.0
            continue
        if start is None:
            start = i
        if i in rescued and units.values[i] > 0:
            prose += units.values[i]
    return None


def _layout_chrome(
    units: PageUnits,
    rule_hits: dict[int, str],
    duplicates: dict[int, DuplicateMatch],
    config: CleanConfig,
    starts: Collection[int] = (),
) -> dict[int, ChromeMatch]:
    """The units the layout heuristics remove (:func:`find_page_chrome`; ``starts`` as there)."""
    # What each rule's match means to the page stage is catalog data (a rule's page_roles).
    roles: dict[str, list[int]] = {role: [] for role in PAGE_ROLES}
    for i, rule_id in rule_hits.items():
        for role in config.catalog.get(rule_id).page_roles:
            roles[role].append(i)
    return {
        m.index: m
        for m in find_page_chrome(
            units,
            skip=sorted(rule_hits.keys() | duplicates.keys()),
            captions=roles["caption"],
            teasers=roles["teaser"],
            inline=roles["inline"],
            credits=roles["credit"],
            shares=roles["share"],
            starts=starts,
        )
    }


def _feature_table(
    units: PageUnits,
    rule_hits: dict[int, str],
    duplicates: dict[int, DuplicateMatch],
    layout: dict[int, ChromeMatch],
) -> FeatureTable:
    from dedupe_article.page_features import build_table

    return build_table(
        units.texts,
        units.words,
        units.keys,
        rule_removed=rule_hits.keys(),
        duplicates=duplicates.keys(),
        layout={i: m.why for i, m in layout.items()},
    )


def _result(
    paragraphs: list[Paragraph],
    rule_hits: dict[int, str],
    duplicates: dict[int, DuplicateMatch],
    chrome: dict[int, ChromeMatch],
    analysed: _Analysis,
    config: CleanConfig,
    layout: Literal["lines", "blocks"],
    warnings: list[str],
    page: bool,
) -> CleanResult:
    removals: list[Removal] = []
    kept = []
    for p in paragraphs:
        if p.index in rule_hits:
            removals.append(
                Removal(
                    p.index,
                    p.text,
                    "boilerplate",
                    p.start,
                    p.end,
                    rule_id=rule_hits[p.index],
                    line_rules=analysed.line_rules.get(p.index, ()),
                )
            )
        elif p.index in duplicates:
            d = duplicates[p.index]
            removals.append(
                Removal(
                    p.index,
                    p.text,
                    "near_duplicate",
                    p.start,
                    p.end,
                    duplicate_of=d.duplicate_of,
                    score=d.score,
                    method=d.method,
                )
            )
        elif p.index in chrome:
            c = chrome[p.index]
            removals.append(Removal(p.index, p.text, "page_chrome", p.start, p.end, chrome=c.why, evidence=c.evidence))
        else:
            kept.append(p)
    out = (unwrap_paragraph(p.text) for p in kept) if config.unwrap else (p.text for p in kept)
    return CleanResult(
        text=join_paragraphs(out, layout=layout),
        kept=tuple(kept),
        removals=tuple(removals),
        layout=layout,
        warnings=tuple(warnings),
        page=page,
    )


@dataclass(frozen=True)
class _Analysis:
    """What is computed once per paragraph: its text, plain form, key, word count, and the rule it matches."""

    texts: list[str]
    plains: list[str]
    keys: list[str]
    words: list[int]
    matched: dict[int, Rule]
    warnings: list[str]
    # For a block of several lines removed because a rule matches each line: the rule of each line.
    line_rules: dict[int, tuple[str, ...]]


# A paragraph's plain text, key and word count; short lines (a site's frame) recur across a batch's documents.
_VALUES: Memo[str, tuple[str, str, int]] = Memo(8192)


def _values_of(text: str) -> tuple[str, str, int]:
    plain = plain_text(text)
    key = key_of_plain(plain)
    return plain, key, count_words(key)


def _analyse(paragraphs: Sequence[Paragraph], config: CleanConfig) -> _Analysis:
    texts = [p.text for p in paragraphs]
    values = [_VALUES.get(t, _values_of) if len(t) <= MEMO_CHARS else _values_of(t) for t in texts]
    plains = [plain for plain, _, _ in values]
    keys = [key for _, key, _ in values]
    words = [count for _, _, count in values]
    matched: dict[int, Rule] = {}
    warnings: list[str] = []
    line_rules: dict[int, tuple[str, ...]] = {}
    if config.boilerplate:
        matched, warnings = match_rules(
            texts, config.catalog, timeout=config.regex_timeout, keys=keys, plains=plains, word_counts=words
        )
        blocks, more = _chrome_blocks(texts, matched.keys(), config)
        warnings.extend(more)
        for i, rules in blocks.items():
            matched[i] = rules[0]
            line_rules[i] = tuple(rule.id for rule in rules)
    return _Analysis(texts, plains, keys, words, matched, warnings, line_rules)


# Stands before and after the lines of blocks matched on their own, so that
# the lines count as body text: rules for a text's first or last lines do not
# judge a line in the middle of a block.
_BODY_SENTINEL = " ".join(["text"] * 12)


def _chrome_blocks(
    texts: Sequence[str], matched: Collection[int], config: CleanConfig
) -> tuple[dict[int, list[Rule]], list[str]]:
    """The blocks of several lines of which a rule matches every line: a share row written one button a line.

    The first lines are matched in one pass; the other lines only of the
    blocks whose first line matched.
    """
    blocks = {
        i: lines
        for i, text in enumerate(texts)
        if i not in matched and "\n" in text
        for lines in [[line for line in text.split("\n") if line.strip()]]
        if len(lines) > 1
    }
    if not blocks:
        return {}, []
    order = list(blocks)
    firsts, warnings = _match_lines([blocks[i][0] for i in order], config)
    candidates = [(i, firsts[n]) for n, i in enumerate(order) if n in firsts]
    rest = [line for i, _ in candidates for line in blocks[i][1:]]
    others, more = _match_lines(rest, config) if rest else ({}, [])
    found: dict[int, list[Rule]] = {}
    at = 0
    for i, first in candidates:
        count = len(blocks[i]) - 1
        rules = [others[k] for k in range(at, at + count) if k in others]
        at += count
        if len(rules) == count:
            found[i] = [first, *rules]
    return found, warnings + more


def _match_lines(lines: list[str], config: CleanConfig) -> tuple[dict[int, Rule], list[str]]:
    """:func:`match_rules` on lines taken out of their blocks, as body text."""
    matched, warnings = match_rules(
        [_BODY_SENTINEL, *lines, _BODY_SENTINEL], config.catalog, timeout=config.regex_timeout
    )
    return {i - 1: rule for i, rule in matched.items() if 0 < i <= len(lines)}, warnings


# Page-chrome reasons that take a unit for a copy of another: the title a chrome line holds is no such copy.
_COPY_REASONS = ("contained", "title-repeat")


def _titles_in_chrome(
    titles: dict[int, TitleInChrome],
    chrome: dict[int, ChromeMatch],
    duplicates: dict[int, DuplicateMatch],
    rule_hits: dict[int, str],
) -> dict[int, ChromeMatch]:
    """The lines to remove for wrapping a title in chrome; ``chrome`` gives back titles taken for their copies.

    On a page the chrome stage judges the lines first (they are part of the
    page's layout). A line it kept goes when its title stays; a title it
    removed as contained in the line (a copy of it) stays instead. A title
    that goes as a duplicate is held by the paragraph it repeats: the line
    wraps that one (else a second cleaning, with the duplicate gone, would
    find the line wrapping it and remove it then). A line whose title goes
    for another reason stays, lest its text be lost.
    """
    found: dict[int, ChromeMatch] = {}
    for i, title in titles.items():
        j = title.title
        while j in duplicates and duplicates[j].duplicate_of != i:
            j = duplicates[j].duplicate_of
        if i in chrome:
            continue
        if j in chrome and chrome[j].why in _COPY_REASONS:
            del chrome[j]
        if j in chrome or j in duplicates or j in rule_hits:
            continue
        found[i] = ChromeMatch(i, "title-in-chrome", (("title", j), ("chrome_words", title.chrome_words)))
    return found


def _settle_page_duplicates(
    duplicates: dict[int, DuplicateMatch], rule_hits: dict[int, str], chrome: dict[int, ChromeMatch]
) -> dict[int, DuplicateMatch]:
    """On a page, a repeat whose earlier copy is chrome goes as that chrome; a teaser of the body as a teaser.

    A duplicate names a kept, earlier paragraph. On a page the first copy
    may be chrome itself (a related list printed twice), and a teaser above
    the body gives way to the later body paragraph it repeats: such repeats
    are reported as page chrome, with the paragraph they repeat as evidence.
    ``chrome`` gains them; the duplicates that remain are returned.
    """
    settled: dict[int, DuplicateMatch] = {}
    for j, match in sorted(duplicates.items()):
        i = match.duplicate_of
        seen = {j}
        while i in duplicates and i not in seen:  # a copy of a copy: the paragraph they both repeat
            seen.add(i)
            i = duplicates[i].duplicate_of
        source_kept = i not in rule_hits and i not in chrome and i not in duplicates
        if i < j and source_kept:
            settled[j] = match if i == match.duplicate_of else DuplicateMatch(j, i, match.score, match.method)
            continue
        why = "teaser" if source_kept else chrome[i].why if i in chrome else "repeated-chrome"
        chrome[j] = ChromeMatch(j, why, (("repeats", i), ("score", match.score)))
    return settled


def clean(text: str, **options: Any) -> str:
    """Clean a scraped article and return just the text.

    A shortcut for ``clean_article(text, CleanConfig(**options)).text``.

    >>> clean("Yes.\\nNo.\\nYes.\\n")
    'Yes.\\nNo.\\nYes.\\n'
    >>> clean("")
    ''

    Args:
        text: the article.
        **options: any :class:`CleanConfig` field, e.g. ``threshold=95``.

    Returns:
        The cleaned text.
    """
    return clean_article(text, CleanConfig(**options)).text
