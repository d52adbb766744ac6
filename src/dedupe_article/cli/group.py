"""The command group, the exit codes and what every command shares; :func:`main`, the console script."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from dedupe_article import __version__

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dedupe-article")
def cli() -> None:
    """Turn scraped articles into clean text.

    Removes the second copy of an article rendered twice, near-duplicate
    paragraphs and boilerplate, and can say why each paragraph went.

    \b
    Example:
        dedupe-article clean article.txt > clean.txt

    Exit codes: 0 ok, 1 some input failed (named on stderr), 2 usage error,
    130 interrupted.
    """


class ConfigProblem(click.ClickException):
    """A bad rule file, selector or config file: one line, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file: object = None) -> None:
        click.echo(f"dedupe-article: {self.message}", err=True)


# json.dumps with an option builds an encoder per call; a report writes one per removal.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def encode_line(record: dict[str, Any]) -> bytes:
    """One JSON line of a report (UTF-8; ASCII escapes when the record holds a lone surrogate)."""
    text = _ENCODER.encode(record)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return json.dumps(record).encode("ascii") + b"\n"


def main() -> None:
    """Entry point of the console script.

    Runs the CLI and turns every way it can end into an exit code: a closed
    pipe (``| head``) and Ctrl-C end quietly, without a traceback.
    """
    try:
        code = cli.main(prog_name="dedupe-article", standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C (or EOF at a prompt), as click reports it
        code = EXIT_INTERRUPTED
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except BrokenPipeError:
        # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_INPUT
    sys.exit(code if isinstance(code, int) else EXIT_OK)
