"""dedupe_article: turn scraped articles into clean text.

Drop the second copy of an article rendered twice, near-duplicate
paragraphs and boilerplate (disclaimers, UI leftovers, labels whose link was
lost), and say why each paragraph went.

>>> import dedupe_article
>>> dedupe_article.clean("Ver originales\\nA story.\\n")
'A story.\\n'
"""

from dedupe_article.boilerplate import RuleMatch, RuleTimeoutWarning, find_boilerplate
from dedupe_article.clean import clean, clean_article
from dedupe_article.config import CleanConfig
from dedupe_article.duplicates import DuplicateMatch, find_near_duplicates
from dedupe_article.errors import ConfigError, DedupeArticleError, InputError, RuleError
from dedupe_article.keys import paragraph_key
from dedupe_article.paragraphs import Paragraph, detect_layout, join_paragraphs, split_paragraphs, unwrap_paragraph
from dedupe_article.results import CleanResult, Removal
from dedupe_article.rules import Catalog, Rule, builtin_rules, load_rules

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "CleanConfig",
    "CleanResult",
    "ConfigError",
    "DedupeArticleError",
    "DuplicateMatch",
    "InputError",
    "Paragraph",
    "Removal",
    "Rule",
    "RuleError",
    "RuleMatch",
    "RuleTimeoutWarning",
    "builtin_rules",
    "clean",
    "clean_article",
    "detect_layout",
    "find_boilerplate",
    "find_near_duplicates",
    "join_paragraphs",
    "load_rules",
    "paragraph_key",
    "split_paragraphs",
    "unwrap_paragraph",
]
