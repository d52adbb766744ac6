"""Auto mode: whether a text is a whole-page dump or an article."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.page.looks import _SEPARATORS, SENTENCE_END, unit_value

# A text is taken for a page dump (page_chrome="auto") when it has at
# least this many units, at least this many lines that catalog rules of a
# page's kinds (ui, notice, credit, promo) remove, and either this share of
# short fragments (a few words, no sentence ending: menu items, labels,
# captions) or this share of such rule lines.
PAGE_UNITS = 40
PAGE_RULE_LINES = 4
PAGE_FRAGMENT_SHARE = 0.35
PAGE_RULE_SHARE = 0.1
PAGE_FRAGMENT_WORDS = 4
# Not markdown.: its link lines made auto mode take most of the page benchmark's
# Markdown dumps for pages, and the page stage lost kept text on one in ten.
PAGE_RULE_KINDS = ("ui.", "notice.", "credit.", "promo.")
# A text whose first units (this many, of those the rules leave) hold prose
# worth this much starts like an article, not like a page.
PAGE_START_UNITS = 4
PAGE_START_VALUE = 10.0


def page_shape(units: Sequence[str], words: Sequence[int] | None = None) -> tuple[int, float]:
    """How many units a text has, and the share that are short fragments.

    A fragment has at most ``PAGE_FRAGMENT_WORDS`` words and no sentence
    ending: a menu item, a label, a caption, a share button. ``words``, when
    given, are the units' word counts (see :func:`count_words`).

    >>> page_shape(["Home", "News", "Sport", "A sentence that ends like one."])
    (4, 0.75)
    """
    counts = words if words is not None else [count_words(paragraph_key(text)) for text in units]
    fragments = sum(
        1 for text, n in zip(units, counts, strict=True) if n <= PAGE_FRAGMENT_WORDS and not SENTENCE_END.search(text)
    )
    return len(units), fragments / len(units) if units else 0.0


def looks_like_page(
    units: Sequence[str], page_rule_lines: int, words: Sequence[int] | None = None, removed: Collection[int] = ()
) -> bool:
    """Whether a text split into units is a whole-page dump, not an article.

    It must have ``PAGE_UNITS`` units or more and ``PAGE_RULE_LINES`` or
    more lines removed by page-kind catalog rules (``page_rule_lines``:
    share buttons, ad markers, captions, subscribe prompts), and either a
    share of ``PAGE_FRAGMENT_SHARE`` or more of short fragments (see
    :func:`page_shape`: menus, labels) or a share of ``PAGE_RULE_SHARE`` or
    more of such rule lines. A long article with lists rarely has chrome
    lines the rules know; a page rarely lacks them. ``words``, when given,
    are the units' word counts.

    And it must not start like an article (see :func:`starts_like_article`;
    ``removed`` are the units the rules removed): a listicle, a poem
    collection or an interview with a few share and ad lines has the shape
    of a page, but its headline and standfirst come first, where a page
    has its menus.

    >>> menu = ["Home", "World", "Sport", "Culture"] * 10
    >>> looks_like_page(menu, 4), looks_like_page(menu, 3), looks_like_page(menu[:20], 5)
    (True, False, False)
    """
    if len(units) < PAGE_UNITS or page_rule_lines < PAGE_RULE_LINES:
        return False
    count, share = page_shape(units, words)
    if not (share >= PAGE_FRAGMENT_SHARE or page_rule_lines >= PAGE_RULE_SHARE * count):
        return False
    return not starts_like_article(units, words, removed)


def starts_like_article(
    units: Sequence[str], words: Sequence[int] | None = None, removed: Collection[int] = ()
) -> bool:
    """Whether one of the first ``PAGE_START_UNITS`` units the rules left is
    prose worth ``PAGE_START_VALUE`` or more (a standfirst under the
    headline, the first paragraph), not a text browser's image or tracking
    address (``[...] Skip to content``), a link header (``#Site » Feed``) or
    a line of separators.

    >>> standfirst = "A standfirst that tells the reader what happened in the town, when, and why it matters to them."
    >>> menu = ["Home", "News", "Sport", "Culture"]
    >>> starts_like_article(["A headline", standfirst]), starts_like_article([*menu, standfirst])
    (True, False)
    """
    skipped = set(removed)
    first = [i for i in range(len(units)) if i not in skipped][:PAGE_START_UNITS]
    for i in first:
        text = " ".join(units[i].split())
        n = words[i] if words is not None else count_words(paragraph_key(text))
        if unit_value(text, n) >= PAGE_START_VALUE and not text.startswith(("[", "#")) and not _SEPARATORS.search(text):
            return True
    return False
