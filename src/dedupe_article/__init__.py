"""dedupe_article: turn scraped articles into clean text.

Drop the second copy of an article rendered twice, near-duplicate
paragraphs and boilerplate (disclaimers, UI leftovers, labels whose link was
lost), and say why each paragraph went.

>>> import dedupe_article
>>> dedupe_article.clean("Ver originales\\nA story.\\n")
'A story.\\n'
"""

import typing as _typing

from dedupe_article.boilerplate import RuleMatch, RuleTimeoutWarning, find_boilerplate
from dedupe_article.config import CleanConfig
from dedupe_article.duplicates import DuplicateMatch, find_near_duplicates
from dedupe_article.errors import ConfigError, DedupeArticleError, InputError, RuleError, TargetError
from dedupe_article.keys import paragraph_key
from dedupe_article.paragraphs import Paragraph, detect_layout, join_paragraphs, split_paragraphs, unwrap_paragraph
from dedupe_article.pipeline import clean, clean_article
from dedupe_article.results import CleanResult, Removal
from dedupe_article.rules import Catalog, Rule, builtin_rules, load_rules

if _typing.TYPE_CHECKING:
    from dedupe_article.corpus import (
        DocumentMatch,
        LearnedRule,
        find_duplicate_documents,
        format_rule_file,
        learn_boilerplate,
    )

__version__ = "0.1.0"

# The corpus jobs are imported on first use, so that ``import dedupe_article``
# stays cheap for the per-document path.
_LAZY = {
    "DocumentMatch": "dedupe_article.corpus",
    "LearnedRule": "dedupe_article.corpus",
    "find_duplicate_documents": "dedupe_article.corpus",
    "format_rule_file": "dedupe_article.corpus",
    "learn_boilerplate": "dedupe_article.corpus",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dedupe_article' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Catalog",
    "CleanConfig",
    "CleanResult",
    "ConfigError",
    "DedupeArticleError",
    "DocumentMatch",
    "DuplicateMatch",
    "InputError",
    "LearnedRule",
    "Paragraph",
    "Removal",
    "Rule",
    "RuleError",
    "RuleMatch",
    "RuleTimeoutWarning",
    "TargetError",
    "builtin_rules",
    "clean",
    "clean_article",
    "detect_layout",
    "find_boilerplate",
    "find_duplicate_documents",
    "find_near_duplicates",
    "format_rule_file",
    "join_paragraphs",
    "learn_boilerplate",
    "load_rules",
    "paragraph_key",
    "split_paragraphs",
    "unwrap_paragraph",
]
