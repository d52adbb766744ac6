"""The corpus commands: ``dedupe-article learn`` (a site's frame lines) and ``dedupe-article dedupe`` (documents)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click

from dedupe_article.cli.group import EXIT_INPUT, cli, encode_line
from dedupe_article.corpus.settings import DedupeSettings, LearnSettings
from dedupe_article.files import atomic_writer, find_inputs, same_file


def _corpus_files(paths: tuple[str, ...], on_error: Any) -> list[Any]:
    """The CORPUS files (read as JSON Lines); missing ones are named and skipped."""
    if "-" in paths:
        raise click.UsageError("the corpus is read twice, so it must be files, not standard input")
    inputs, problems = find_inputs(paths)
    for problem in problems:
        on_error(problem)
    return inputs


def _refuse_overwrite(inputs: list[Any], *targets: str | None) -> None:
    for target in targets:
        if target is not None and any(same_file(src.path, Path(target)) for src in inputs):
            raise click.UsageError(f"{target}: the output would overwrite an input")


class _Progress:
    """The corpus commands' progress line on stderr, drawn as ``clean`` draws its own: on a terminal only.

    Called as ``(stage, done, total)``: shows the count, the total when it
    is known, and the rate since the stage began.
    """

    def __init__(self, *, quiet: bool) -> None:
        self.show = not quiet and sys.stderr.isatty()
        self.stage = ""
        self.started = self.last = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if stage != self.stage:
            self.stage, self.started, self.last = stage, now, now
        if now - self.last < 0.2:
            return
        self.last, self.drawn = now, True
        of = "" if total is None else f" of {total:,}"
        rate = done / (now - self.started)
        click.echo(f"\rdedupe-article: {stage}: {done:,}{of} documents ({rate:,.0f}/s)\033[K", err=True, nl=False)

    def done(self) -> None:
        if self.drawn:
            click.echo("\r\033[K", err=True, nl=False)
            self.drawn = False


class _Errors:
    """Names each bad input on stderr and remembers that one was seen (exit code 1)."""

    def __init__(self, progress: _Progress | None = None) -> None:
        self.seen = False
        self.progress = progress

    def __call__(self, message: str) -> None:
        self.seen = True
        if self.progress is not None:
            self.progress.done()
        click.echo(f"dedupe-article: {message}", err=True)


def _option_name(setting: str) -> str:
    """The command-line option of a corpus setting: ``min_docs`` is ``--min-docs``."""
    return "--" + setting.replace("_", "-")


# The settings each corpus command shows as options: (setting, type, help). The default is the settings class's.
_SettingOption = tuple[str, "click.ParamType[Any]", str]  # a string: ParamType is generic only from click 8.2

_LEARN_OPTIONS: tuple[_SettingOption, ...] = (
    ("min_docs", click.IntRange(min=1), "A frame line is on at least this many pages of its site..."),
    ("min_share", click.FloatRange(0, 1, min_open=True), "...and on at least this share of them."),
    ("long_words", click.IntRange(min=1), "A paragraph of more words looks like article text..."),
    ("long_share", click.FloatRange(0, 1, min_open=True), "...and is learned only on this share of its site's pages."),
    (
        "shared_sites",
        click.IntRange(min=0),
        "Learn nothing that this many other sites show on only some pages (shared content); 0: no check.",
    ),
)

_DEDUPE_OPTIONS: tuple[_SettingOption, ...] = (
    (
        "keep",
        click.Choice(["first", "longest"]),
        "The record kept of each cluster: the first in input order, or the longest.",
    ),
    (
        "threshold",
        click.FloatRange(0, 100, min_open=True),
        "Similarity (0-100, of the normalised texts) from which two records are duplicates.",
    ),
    (
        "containment",
        click.FloatRange(0, 1, min_open=True),
        "A record whose word shingles are this share of another's is a trimmed copy of it.",
    ),
    (
        "names",
        click.FloatRange(0, 1),
        "Records with 3+ names and numbers each that share less than this share of them are different "
        "records (one template filled in twice), however alike; 0: no check.",
    ),
)

_Command = TypeVar("_Command", bound=Callable[..., Any])


def _corpus_options(
    settings: type[LearnSettings | DedupeSettings],
    shown: Sequence[_SettingOption],
    *,
    id_help: str,
    site_help: str,
    url_help: str,
) -> Callable[[_Command], _Command]:
    """The options ``learn`` and ``dedupe`` share: the settings ``shown``, the record fields, -q.

    In this order: the settings, --text-field, --id-field, --site-field,
    --url-field, -q. Each setting's default is read from ``settings`` (the
    class), so that every corpus default is written once, there.
    """
    defaults = settings()
    options = [
        click.option(_option_name(name), type=kind, default=getattr(defaults, name), show_default=True, help=help)
        for name, kind, help in shown
    ]
    options += [
        click.option(
            "--text-field", default="text", show_default=True, metavar="NAME", help="The field holding the text."
        ),
        click.option("--id-field", default="id", show_default=True, metavar="NAME", help=id_help),
        click.option("--site-field", metavar="NAME", help=site_help),
        click.option("--url-field", metavar="NAME", help=url_help),
        click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr."),
    ]

    def decorate(command: _Command) -> _Command:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _settings_from(
    options: dict[str, Any], settings: type[LearnSettings | DedupeSettings], shown: Sequence[_SettingOption]
) -> Any:
    """The settings object of a corpus command: the options ``shown``, the class's defaults for the rest."""
    return settings(**{name: options[name] for name, _, _ in shown})


def _corpus_records(corpus: tuple[str, ...], options: dict[str, Any], errors: _Errors, *outputs: str | None) -> Any:
    """The CORPUS files as a :class:`~dedupe_article.corpus.JsonlCorpus`, checking --site-field/--url-field."""
    from dedupe_article.corpus import JsonlCorpus, SiteField, UrlHost

    if options["site_field"] and options["url_field"]:
        raise click.UsageError("use either --site-field or --url-field, not both")
    inputs = _corpus_files(corpus, errors)
    _refuse_overwrite(inputs, *outputs)
    site_name = options["site_field"] or options["url_field"]
    site_of = SiteField(site_name) if options["site_field"] else UrlHost(site_name) if site_name else None
    fields = (options["text_field"], *([site_name] if site_name else []))
    return JsonlCorpus(inputs, fields=fields, on_error=errors, site_of=site_of)


@cli.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), metavar="FILE", help="Write the rule file to FILE, not stdout."
)
@_corpus_options(
    LearnSettings,
    _LEARN_OPTIONS,
    id_help="The field naming a record in the examples.",
    site_help="Group documents by this field (a site's name).",
    url_help="Group documents by the host of the URL in this field.",
)
def learn(corpus: tuple[str, ...], **options: Any) -> None:
    """Learn each site's frame lines (menus, footers, share buttons) from CORPUS.

    CORPUS is JSON Lines files (.jsonl, .jsonl.gz; any other name is read as
    JSON Lines too), read twice. A paragraph becomes a rule for a site when
    it is on at least --min-docs pages and --min-share of the site's pages;
    text that other sites carry as part of some articles, and article-like
    paragraphs below --long-share, are not learned. Sites come from
    --site-field, from the host of --url-field, or all documents form one
    group. The rule file has one exact rule per paragraph, with its count
    and example documents: review it, then use it with 'clean --rules'.
    When nothing is learned, the summary says which option to change. On a
    terminal, progress is shown on stderr (not with -q).

    Exit codes: 0 ok; 1 some line or file was bad (each named on stderr as
    FILE:LINE: reason; the rest is used); 2 usage error; 130 interrupted.

    \b
    Example:
        dedupe-article learn pages.jsonl.gz --url-field url -o site-rules.toml
        dedupe-article clean --rules site-rules.toml pages.jsonl.gz -o clean.jsonl.gz
    """
    from dedupe_article.corpus import format_rule_file, learn_boilerplate

    progress = _Progress(quiet=options["quiet"])
    errors = _Errors(progress)
    records = _corpus_records(corpus, options, errors, options["output"])
    settings = _settings_from(options, LearnSettings, _LEARN_OPTIONS)
    try:
        learned = learn_boilerplate(
            records,
            text_field=options["text_field"],
            id_field=options["id_field"],
            site_of=records.site_of,
            settings=settings,
            progress=progress,
        )
    finally:
        progress.done()
    note = ", ".join(f"{name} = {getattr(settings, name)}" for name, _, _ in _LEARN_OPTIONS)
    text = format_rule_file(learned, documents=records.count, note=note).encode("utf-8")
    if options["output"]:
        with atomic_writer(Path(options["output"])) as handle:
            handle.write(text)
    else:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    if not options["quiet"] and not learned:
        why = learned.why_empty(_option_name)
        click.echo(f"dedupe-article: 0 rules from {records.count} documents: {why}", err=True)
    elif not options["quiet"]:
        sites = len({rule.site for rule in learned})
        click.echo(f"dedupe-article: {len(learned)} rules for {sites} site(s) from {records.count} documents", err=True)
    if errors.seen:
        sys.exit(EXIT_INPUT)


@cli.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the kept records to FILE (compressed if it ends in .gz), not stdout.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write one JSON line per removed record: the record it duplicates, with the scores.",
)
@_corpus_options(
    DedupeSettings,
    _DEDUPE_OPTIONS,
    id_help="The field naming a record in the report.",
    site_help="Count each site's frame apart: the site is this field.",
    url_help="Count each site's frame apart: the site is the host of this URL.",
)
def dedupe(corpus: tuple[str, ...], **options: Any) -> None:
    """Remove near-duplicate documents from CORPUS, keeping one of each cluster.

    CORPUS is JSON Lines files (.jsonl, .jsonl.gz; any other name is read as
    JSON Lines too). Candidate pairs come from MinHash LSH over word
    shingles of the normalised text and from shared long paragraphs; each
    pair is verified (similarity >= --threshold, or one record contained in
    the other: a trimmed copy; and names and numbers alike, --names),
    leaving aside the paragraphs common to many pages of a site (its frame;
    per site with --site-field or --url-field, else over the corpus). Each
    cluster is built around the record it keeps: every removed record
    matches that record itself, with the scores in --report. The kept
    records are written byte for byte, in input order; a bad line is named
    (FILE:LINE: reason) and passed through. Outputs are written atomically.
    On a terminal, progress is shown on stderr (not with -q).

    Exit codes: 0 ok; 1 some line or file was bad (each named on stderr; the
    rest is processed); 2 usage error; 130 interrupted.

    \b
    Example:
        dedupe-article dedupe pages.jsonl.gz --url-field url -o kept.jsonl.gz --report clusters.jsonl
        dedupe-article dedupe a.jsonl b.jsonl --keep longest --threshold 90 > kept.jsonl
    """
    from dedupe_article.batch import gzip_writer
    from dedupe_article.corpus import dedupe_corpus

    progress = _Progress(quiet=options["quiet"])
    errors = _Errors(progress)
    records = _corpus_records(corpus, options, errors, options["output"], options["report"])
    try:
        result = dedupe_corpus(
            records,
            _settings_from(options, DedupeSettings, _DEDUPE_OPTIONS),
            text_field=options["text_field"],
            id_field=options["id_field"],
            site_of=records.site_of,
            progress=progress,
        )
    finally:
        progress.done()
    with contextlib.ExitStack() as stack:
        if options["output"]:
            raw = stack.enter_context(atomic_writer(Path(options["output"])))
            sink: BinaryIO = gzip_writer(raw) if options["output"].endswith(".gz") else raw
            if sink is not raw:
                stack.callback(sink.close)  # runs before the atomic writer finishes
        else:
            sink = sys.stdout.buffer
        for line in result.kept_lines():
            sink.write(line)
        sink.flush()
    if options["report"]:
        with atomic_writer(Path(options["report"])) as handle:
            for record in result.report_records():
                handle.write(encode_line(record))
    if not options["quiet"]:
        click.echo(f"dedupe-article: {result.summary()}", err=True)
    if errors.seen:
        sys.exit(EXIT_INPUT)
