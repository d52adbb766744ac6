"""``dedupe-article rules``: list the boilerplate rules, show one, or check rule files."""

from __future__ import annotations

import sys

import click

from dedupe_article.cli.group import EXIT_USAGE, ConfigProblem, cli
from dedupe_article.errors import DedupeArticleError
from dedupe_article.rules import Catalog, Rule, check_rule_files, load_rules


@cli.command()
@click.argument("rule_id", required=False)
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="List (or show a rule of) this TOML rule file instead of the built-in catalog (repeatable).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Validate the --rules files and run every rule's drop and keep examples: "
    "one line on stderr per problem and exit code 2, or a summary and 0.",
)
def rules(rule_id: str | None, rule_files: tuple[str, ...], check: bool) -> None:
    """List the boilerplate rules, or show one rule in full.

    Without --rules, the built-in catalog; with --rules, only the rules of
    those files (an ID is looked up there, then in the built-in catalog).
    Columns: id, kind, status, languages, why.

    \b
    Examples:
        dedupe-article rules
        dedupe-article rules ui.view-original
        dedupe-article rules --rules site.toml
        dedupe-article rules --rules site.toml --check
    """
    if check:
        _check_rule_files(rule_files, rule_id)
        return
    try:
        # Listing does not run the examples: --check reports those.
        listed = [rule for path in rule_files for rule in load_rules(path, run_examples=False)]
    except DedupeArticleError as exc:
        raise ConfigProblem(str(exc)) from None
    if rule_id is None:
        _list_rules(listed if rule_files else list(Catalog.builtin()))
    else:
        _show_rule(_find_rule(listed, rule_id))


def _check_rule_files(rule_files: tuple[str, ...], rule_id: str | None) -> None:
    """``--check``: every problem of the files on stderr and exit code 2, or a summary."""
    if not rule_files:
        raise click.UsageError("--check needs --rules FILE: the built-in rules are checked by the test suite")
    if rule_id is not None:
        raise click.UsageError("--check takes no RULE_ID: it checks every rule of the files")
    found, problems = check_rule_files(rule_files)
    for problem in problems:
        click.echo(f"dedupe-article: {problem}", err=True)
    if problems:
        sys.exit(EXIT_USAGE)
    examples = sum(len(r.drop) + len(r.keep) for r in found if r.status != "deprecated")
    click.echo(f"{', '.join(rule_files)}: {len(found)} rules valid, {examples} examples pass")


def _list_rules(shown: list[Rule]) -> None:
    """One line per rule: id, kind, status, languages (three at most), why."""
    languages = [
        ",".join(r.languages[:3]) + (f"+{len(r.languages) - 3}" if len(r.languages) > 3 else "") for r in shown
    ]
    # Columns as wide as their longest entry, so that a long id does not push the others out of line.
    widths = [
        max((len(text) for text in column), default=0)
        for column in ([r.id for r in shown], [r.kind for r in shown], [r.status for r in shown], languages)
    ]
    for rule, langs in zip(shown, languages, strict=True):
        cells = (rule.id, rule.kind, rule.status, langs)
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + "  " + rule.why)


def _find_rule(listed: list[Rule], rule_id: str) -> Rule:
    """The rule ``rule_id`` of the --rules files, else of the built-in catalog; a usage error when none."""
    chosen = next((r for r in listed if r.id == rule_id), None)
    if chosen is None:
        try:
            chosen = Catalog.builtin().get(rule_id)
        except KeyError:
            raise click.BadParameter(
                f"no rule with id {rule_id!r} (see 'dedupe-article rules')", param_hint="RULE_ID"
            ) from None
    return chosen


def _show_rule(chosen: Rule) -> None:
    """Every field of one rule, one per line, with its examples."""
    click.echo(f"id:        {chosen.id}")
    click.echo(f"source:    {chosen.source}")
    click.echo(f"kind:      {chosen.kind}")
    for pattern in chosen.patterns:
        click.echo(f"pattern:   {pattern}")
    click.echo(f"languages: {', '.join(chosen.languages)}")
    click.echo(f"scope:     {chosen.scope}")
    click.echo(f"status:    {chosen.status}")
    if chosen.max_words is not None:
        click.echo(f"max_words: {chosen.max_words}")
    if chosen.kind == "empty-label":
        click.echo(f"value:     {chosen.value}")
    click.echo(f"why:       {chosen.why}")
    for example in chosen.drop:
        click.echo(f"drops:     {example}")
    for example in chosen.keep:
        click.echo(f"keeps:     {example}")
