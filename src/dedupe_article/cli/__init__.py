"""The ``dedupe-article`` command: a thin layer over the library.

Each command reads options, builds a :class:`CleanConfig`, calls the library
and prints. Library errors become one-line messages; there is no traceback.

Exit codes: 0 success; 1 some input could not be cleaned (each named on
stderr); 2 usage or configuration error; 130 interrupted (Ctrl-C).

One module per job:

- :mod:`~dedupe_article.cli.group`: the ``cli`` group, the exit codes, what
  the commands share, and :func:`main` (the console script, also run by
  ``python -m dedupe_article``);
- :mod:`~dedupe_article.cli.clean_command`: ``clean``;
- :mod:`~dedupe_article.cli.corpus_commands`: ``learn`` and ``dedupe``;
- :mod:`~dedupe_article.cli.rules_command`: ``rules``.

Importing the package registers every command on ``cli``.
"""

from dedupe_article.cli import clean_command, corpus_commands, rules_command
from dedupe_article.cli.group import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, cli, main

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "clean_command",
    "cli",
    "corpus_commands",
    "main",
    "rules_command",
]
