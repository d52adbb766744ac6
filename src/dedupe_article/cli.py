"""The ``dedupe-article`` command: a thin layer over the library.

Each command reads options, builds a :class:`CleanConfig`, calls the library
and prints. Library errors become one-line messages; there is no traceback.

Exit codes: 0 success; 1 some input could not be cleaned (each named on
stderr); 2 usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import BinaryIO

import click
from click.core import ParameterSource

from dedupe_article import __version__
from dedupe_article.clean import clean_article
from dedupe_article.config import CleanConfig, find_config_file, read_config_file
from dedupe_article.errors import DedupeArticleError
from dedupe_article.io import decode_bytes
from dedupe_article.rules import Catalog

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dedupe-article")
def cli() -> None:
    """Turn scraped articles into clean text.

    Removes the second copy of an article rendered twice, near-duplicate
    paragraphs and boilerplate, and can say why each paragraph went.

    \b
    Example:
        dedupe-article clean article.txt > clean.txt

    Exit codes: 0 ok, 1 some input failed (named on stderr), 2 usage error.
    """


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    """Selectors given as repeated and/or comma-separated options."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100, min_open=True),
    default=CleanConfig.threshold,
    show_default=True,
    help="Similarity (0-100) from which a long paragraph is a near-duplicate.",
)
@click.option(
    "--min-words",
    type=click.IntRange(min=1),
    default=CleanConfig.min_words,
    show_default=True,
    help="Paragraphs with fewer words are short: never removed on a similarity score.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "lines", "blocks"]),
    default="auto",
    show_default=True,
    help="Paragraphs are lines, or blocks separated by blank lines; auto tells from the text.",
)
@click.option("--unwrap", is_flag=True, help="Join hard-wrapped lines and drop indentation in kept paragraphs.")
@click.option("--no-dedupe", is_flag=True, help="Do not remove repeated paragraphs.")
@click.option("--no-boilerplate", is_flag=True, help="Do not apply the boilerplate rules.")
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A TOML file of [[rules]] to add to the built-in catalog (repeatable).",
)
@click.option(
    "--select", multiple=True, metavar="IDS", help="Run only these rules: ids or id prefixes, comma-separated."
)
@click.option("--extend-select", multiple=True, metavar="IDS", help="Run these rules too (e.g. preview rules).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Do not run these rules: ids or id prefixes.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Read options from FILE instead of the nearest dedupe-article.toml or pyproject.toml.",
)
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--explain", is_flag=True, help="Print every removal with its reason, as JSON lines on stderr.")
@click.option("--encoding", metavar="NAME", help="Decode input with this codec instead of UTF-8.")
@click.option(
    "--errors",
    "errors",
    type=click.Choice(["strict", "replace"]),
    default="strict",
    show_default=True,
    help="What to do with undecodable bytes and NUL bytes: fail, or replace them.",
)
@click.pass_context
def clean(
    ctx: click.Context,
    /,
    paths: tuple[str, ...],
    explain: bool,
    encoding: str | None,
    errors: str,
    **options: object,
) -> None:
    """Clean each file (standard input when none, or '-') to standard output.

    Kept paragraphs are printed as written, in the input's layout, with
    '\\n' line endings; each file's output ends with one newline.

    Options come from the command line, then from the nearest
    dedupe-article.toml (or [tool.dedupe-article] in pyproject.toml) found
    from the current folder upwards, then from the defaults.

    \b
    Examples:
        dedupe-article clean article.txt
        cat article.txt | dedupe-article clean --explain > clean.txt
        dedupe-article clean --unwrap --threshold 95 a.txt b.txt
        dedupe-article clean --rules site.toml --ignore label article.txt
    """
    config = _build_config(ctx, options)
    failed = False
    for path in paths or ("-",):
        name = "<stdin>" if path == "-" else path
        try:
            text = decode_bytes(_read(path), name=name, encoding=encoding, errors=errors)
            result = clean_article(text, config)
        except DedupeArticleError as exc:
            click.echo(f"dedupe-article: {exc}", err=True)
            failed = True
            continue
        except OSError as exc:
            click.echo(f"dedupe-article: {name}: {exc.strerror or exc}", err=True)
            failed = True
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            click.echo(
                f"dedupe-article: {name}: internal error ({type(exc).__name__}: {exc}); please report it", err=True
            )
            failed = True
            continue
        for warning in result.warnings:
            click.echo(f"dedupe-article: {name}: warning: {warning}", err=True)
        if explain:
            for removal in result.removals:
                record = {"file": name, **removal.to_dict()}
                click.echo(json.dumps(record, ensure_ascii=False), err=True)
        click.echo(result.text, nl=False)
    if failed:
        sys.exit(EXIT_INPUT)


@cli.command()
@click.argument("rule_id", required=False)
def rules(rule_id: str | None) -> None:
    """List the built-in boilerplate rules, or show one rule in full.

    \b
    Examples:
        dedupe-article rules
        dedupe-article rules ui.view-original
    """
    catalog = Catalog.builtin()
    if rule_id is None:
        for rule in catalog:
            languages = ",".join(rule.languages)
            click.echo(f"{rule.id:<28} {rule.kind:<12} {languages:<8} {rule.why}")
        return
    try:
        rule = catalog.get(rule_id)
    except KeyError:
        raise click.BadParameter(
            f"no rule with id {rule_id!r} (see 'dedupe-article rules')", param_hint="RULE_ID"
        ) from None
    click.echo(f"id:        {rule.id}")
    click.echo(f"kind:      {rule.kind}")
    for pattern in rule.patterns:
        click.echo(f"pattern:   {pattern}")
    click.echo(f"languages: {', '.join(rule.languages)}")
    click.echo(f"scope:     {rule.scope}")
    click.echo(f"status:    {rule.status}")
    if rule.max_words is not None:
        click.echo(f"max_words: {rule.max_words}")
    if rule.kind == "empty-label":
        click.echo(f"value:     {rule.value}")
    click.echo(f"why:       {rule.why}")
    for example in rule.drop:
        click.echo(f"drops:     {example}")
    for example in rule.keep:
        click.echo(f"keeps:     {example}")


class _ConfigProblem(click.ClickException):
    """A bad rule file, selector or config file: one line, exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file: object = None) -> None:
        click.echo(f"dedupe-article: {self.message}", err=True)


def _build_config(ctx: click.Context, options: dict[str, object]) -> CleanConfig:
    """Merge the command line over the config file over the defaults."""
    given = {
        name
        for name in options
        if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)
    }
    try:
        settings: dict[str, object] = {}
        if not options["no_config"]:
            found = options["config_file"] or find_config_file()
            if found is not None:
                settings = read_config_file(str(found))
        for name in ("threshold", "min_words", "layout", "unwrap"):
            if name in given:
                settings[name] = options[name]
        if options["no_dedupe"]:
            settings["deduplicate"] = False
        if options["no_boilerplate"]:
            settings["boilerplate"] = False
        settings["rules"] = (*settings.get("rules", ()), *options["rule_files"])  # type: ignore[misc]
        if "select" in given:
            settings["select"] = _selectors(options["select"])  # type: ignore[arg-type]
        for name in ("extend_select", "ignore"):
            settings[name] = (*settings.get(name, ()), *_selectors(options[name]))  # type: ignore[misc, arg-type]
        return CleanConfig(**settings)  # type: ignore[arg-type]
    except DedupeArticleError as exc:
        raise _ConfigProblem(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise _ConfigProblem(f"invalid configuration: {exc}") from None


def _read(path: str) -> bytes:
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        return stream.read()
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(21, "is a folder (clean takes files)")
    return p.read_bytes()


def main() -> None:
    """Entry point of the console script: run the CLI, ending quietly on a closed pipe or Ctrl-C."""
    try:
        cli.main(prog_name="dedupe-article")
    except BrokenPipeError:
        # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        sys.exit(130)
