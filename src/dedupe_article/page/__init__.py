"""Page chrome on plain-text page dumps: find the article in a whole page.

Text browsers and ``get_text()`` dumps give the whole page: menus, share
rows, captions, related-article lists and footers around the article. This
package works on such dumps in any language, without word lists:

1. :func:`split_units` (:mod:`.units`) splits each blank-line block into
   *units*: a hard wrapped paragraph stays one unit, while short lines that
   end a block's paragraph or stand alone (a date, a byline, a caption, a
   menu item) each become their own unit. The wrap width is measured from
   the text itself.
2. :func:`looks_like_page` (:mod:`.detect`) tells a page dump from an
   article, for ``page_chrome="auto"``.
3. :func:`find_body` (:mod:`.body`) scores each unit as prose (positive:
   many words, a sentence ending; :mod:`.looks` says what one unit looks
   like) or chrome (negative: a short line) and takes the span of units with
   the largest total, as Finn's body text extraction does with text and
   tags: the article is the stretch where prose outweighs chrome.
4. :func:`find_page_chrome` (:mod:`.layout`) keeps that span and a few
   title-like lines just before it (:mod:`.title`: headline, byline,
   dateline) and a few after it (:mod:`.after`), removes the rest, and
   inside the span removes units with no words, runs of short list items
   (:mod:`.marks`: menus, tag and related lists) and copies, forms and
   widgets' texts (:mod:`.inside`). Every removal carries its evidence
   (:class:`ChromeMatch`, :mod:`.evidence`). By default
   (``CleanConfig(page_model="learned")``) what it removes as outside the
   span goes only when the learned decision (:mod:`dedupe_article.page_model`)
   confirms it.

The learned decision over a feature table is in
:mod:`dedupe_article.page_features` and :mod:`dedupe_article.page_model`.
"""

from dedupe_article.page.body import body_span, find_body, verse_values
from dedupe_article.page.copies import prefer_body_copies
from dedupe_article.page.detect import (
    PAGE_FRAGMENT_SHARE,
    PAGE_FRAGMENT_WORDS,
    PAGE_RULE_KINDS,
    PAGE_RULE_LINES,
    PAGE_RULE_SHARE,
    PAGE_START_UNITS,
    PAGE_START_VALUE,
    PAGE_UNITS,
    looks_like_page,
    page_shape,
    starts_like_article,
)
from dedupe_article.page.evidence import ChromeMatch
from dedupe_article.page.layout import find_page_chrome
from dedupe_article.page.looks import (
    code_names,
    glued_words,
    is_breadcrumb,
    is_form_input,
    is_title_like,
    is_widget,
    repeats_inside,
    unit_value,
)
from dedupe_article.page.units import PageUnits, display_width, split_units, wrap_width

__all__ = [
    "PAGE_FRAGMENT_SHARE",
    "PAGE_FRAGMENT_WORDS",
    "PAGE_RULE_KINDS",
    "PAGE_RULE_LINES",
    "PAGE_RULE_SHARE",
    "PAGE_START_UNITS",
    "PAGE_START_VALUE",
    "PAGE_UNITS",
    "ChromeMatch",
    "PageUnits",
    "body_span",
    "code_names",
    "display_width",
    "find_body",
    "find_page_chrome",
    "glued_words",
    "is_breadcrumb",
    "is_form_input",
    "is_title_like",
    "is_widget",
    "looks_like_page",
    "page_shape",
    "prefer_body_copies",
    "repeats_inside",
    "split_units",
    "starts_like_article",
    "unit_value",
    "verse_values",
    "wrap_width",
]
