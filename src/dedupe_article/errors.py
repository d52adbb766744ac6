"""Errors raised by dedupe_article.

Every error the package raises on purpose derives from one base class, so
callers (and the command line) can catch them in one place::

    DedupeArticleError
    ├── RuleError        a rule or rule file is invalid (raised at load time)
    ├── ConfigError      a configuration file is invalid
    ├── InputError       input text or a file cannot be used as given
    └── TargetError      the outputs asked for cannot be written safely

Wrong argument *types* raise the built-in ``TypeError`` and bad option
*values* raise ``ValueError``, as Python users expect.
"""

from __future__ import annotations


class DedupeArticleError(Exception):
    """Base class of the errors this package raises on purpose."""


class RuleError(DedupeArticleError, ValueError):
    """A rule, or a file of rules, is invalid.

    The message names the source (a file path or ``<built-in>``) and the rule
    id, so that the error can be shown to a user on one line.
    """


class ConfigError(DedupeArticleError, ValueError):
    """A configuration file (``dedupe-article.toml``, ``pyproject.toml``) is invalid."""


class InputError(DedupeArticleError):
    """Input cannot be used as given (undecodable bytes, binary data, ...)."""


class TargetError(DedupeArticleError, ValueError):
    """The outputs asked for cannot be written safely (would overwrite an input, collide, ...).

    Raised by :func:`dedupe_article.files.plan_targets`; also importable
    from :mod:`dedupe_article.files`.
    """
