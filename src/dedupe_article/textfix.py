"""Repair text damaged on its way from the page, before it is cleaned (``fix_text=True``).

Scraped copies of one paragraph often differ only by damage: one copy went
through a wrong decode (``CafÃ©`` for ``Café``), another kept HTML entities
(``&amp;``, ``&nbsp;``), another odd line breaks or control characters.
:func:`repair_text` undoes that with ftfy, so that such copies are found as
duplicates, and the text kept is the repaired text.

ftfy is optional: ``pip install 'dedupe-article[fix]'``. ftfy's own promise
is to leave correct text alone; it is configured here to unescape HTML
entities always (the input is text, not HTML) and to keep curly quotes
(the comparison keys already treat quote styles alike).
"""

from __future__ import annotations

from typing import Any

from dedupe_article.errors import DedupeArticleError

INSTALL_HINT = "pip install 'dedupe-article[fix]'"


class MissingDependencyError(DedupeArticleError, ImportError):
    """An optional dependency an option needs is not installed; the message says how to install it."""


def require_ftfy() -> Any:
    """Import ftfy, or raise :class:`MissingDependencyError` with the install command."""
    try:
        import ftfy
    except ImportError:
        raise MissingDependencyError(f"fix_text needs ftfy, which is not installed: {INSTALL_HINT}") from None
    return ftfy


def repair_text(text: str) -> str:
    """Repair mojibake, HTML entities, odd line breaks and control characters.

    >>> repair_text("CafÃ© &amp; bar&nbsp;: l’été")
    'Café & bar\\xa0: l’été'
    >>> repair_text("Correct text is left alone: Ça va.")
    'Correct text is left alone: Ça va.'

    Raises:
        MissingDependencyError: ftfy is not installed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    ftfy = require_ftfy()
    config = ftfy.TextFixerConfig(unescape_html=True, uncurl_quotes=False, explain=False)
    return str(ftfy.fix_text(text, config=config))
