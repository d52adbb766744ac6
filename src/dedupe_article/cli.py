"""The ``dedupe-article`` command: a thin layer over the library.

Each command reads options, builds a :class:`CleanConfig`, calls the library
and prints. Library errors become one-line messages; there is no traceback.

Exit codes: 0 success; 1 some input could not be cleaned (each named on
stderr); 2 usage or configuration error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click
from click.core import ParameterSource

from dedupe_article import __version__
from dedupe_article.batch import DEFAULT_MAX_BYTES, BatchJob, Outcome, Stats, run_batch
from dedupe_article.config import CleanConfig, find_config_file, read_config_file
from dedupe_article.corpus.settings import DedupeSettings, LearnSettings
from dedupe_article.errors import DedupeArticleError
from dedupe_article.files import (
    DEFAULT_INCLUDE,
    TargetError,
    atomic_writer,
    find_inputs,
    output_is_folder,
    plan_targets,
    same_file,
)
from dedupe_article.io import check_encoding
from dedupe_article.rules import Catalog

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


class _ByteSize(click.ParamType):  # type: ignore[type-arg]
    """A number of bytes: 1000000, 64K, 64M, 2G (powers of 1024); 0 for none."""

    name = "size"
    _UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in self._UNITS else ""
        number = text[: len(text) - len(unit)]
        if not number.isdigit():
            self.fail(f"{value!r} is not a size in bytes (such as 1000000, 64K, 64M or 2G)", param, ctx)
        return int(number) * self._UNITS[unit]


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An unknown --encoding is a usage error, reported once rather than once per file."""
    try:
        check_encoding(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    """Selectors given as repeated and/or comma-separated options."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
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
    "--stutter-words",
    type=click.IntRange(min=1),
    default=CleanConfig.stutter_words,
    show_default=True,
    help="A short paragraph repeating the one just before it goes when it has this many words.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "lines", "blocks"]),
    default="auto",
    show_default=True,
    help="Paragraphs are lines, or blocks separated by blank lines; auto tells from the text.",
)
@click.option("--unwrap", is_flag=True, help="Join hard-wrapped lines and drop indentation in kept paragraphs.")
@click.option(
    "--fix-text/--no-fix-text",
    default=False,
    help="First repair mojibake (CafÃ©), HTML entities (&amp;) and odd line breaks with ftfy, so that "
    "copies differing only by such damage are duplicates; the kept text is the repaired text. "
    "Needs: pip install 'dedupe-article[fix]'.",
)
@click.option(
    "--page/--no-page",
    "page_chrome",
    default=None,
    help="Treat each input as a whole page dump (keep the article, drop the page around it), "
    "or never; by default only inputs that look like one.",
)
@click.option(
    "--page-model",
    "page_model",
    default="layout",
    metavar="layout|learned|FILE",
    help="How a page dump's chrome is found: 'layout' (the default: the layout heuristics), "
    "'learned' (the decision learned from real pages, see docs/pages.md) or a model file "
    "written by benchmarks/train_page.py.",
)
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
@click.option("-r", "--recursive", is_flag=True, help="Clean the files in folders given as PATHs, recursively.")
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help=f"With -r, clean files matching GLOB (repeatable). [default: {' '.join(DEFAULT_INCLUDE)}]",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="With -r, skip files and folders matching GLOB: a name (drafts), a path below the folder "
    "(archive/*.txt, */licenses/*), a folder only with a final / (build/).",
)
@click.option(
    "--no-ignore",
    is_flag=True,
    help="With -r, also walk hidden files and folders, virtualenvs and paths git ignores (skipped by default).",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read every input as JSON Lines. By default an input is JSON Lines when its name says so "
    "(.jsonl, .ndjson, .json, also .gz) or its first non-blank line is a JSON object.",
)
@click.option(
    "--text", "force_text", is_flag=True, help="Read every input as text, even one that looks like JSON Lines."
)
@click.option("--text-field", default="text", show_default=True, metavar="NAME", help="JSON Lines: the field to clean.")
@click.option(
    "--id-field", default="id", show_default=True, metavar="NAME", help="JSON Lines: the field naming a record."
)
@click.option("--skip-bad", is_flag=True, help="JSON Lines: drop bad records instead of passing them through.")
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),
    metavar="PATH",
    help="Write to PATH (- for standard output): a file, or a folder mirroring the inputs when it "
    "exists as one, ends with /, or several inputs are given. A name ending in .gz is compressed. "
    "Devices and pipes are written directly.",
)
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each file with its cleaned text (atomically).")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Write every removal to FILE as JSON Lines (- for standard output).",
)
@click.option(
    "--stats",
    is_flag=True,
    help="Print a summary on stderr: documents (and how many were page dumps), paragraphs, removals by rule.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; name each file that would change on stderr, and exit 1 if any."
)
@click.option(
    "--diff", is_flag=True, help="Write nothing; print a unified diff of what would change, and exit 1 if any."
)
@click.option("--explain", is_flag=True, help="Print every removal with its reason, as JSON lines on stderr.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings (errors are still shown).")
@click.option(
    "--encoding",
    metavar="NAME",
    default="auto",
    show_default=True,
    callback=_check_encoding,
    help="Decode text files with this codec. auto: UTF-8 (UTF-16/32 after a BOM), else the encoding "
    "detected, named on stderr; utf-8: bad bytes are an error.",
)
@click.option(
    "--max-bytes",
    type=_ByteSize(),
    default=DEFAULT_MAX_BYTES,
    metavar="SIZE",
    help="Refuse text files larger than SIZE (bytes, or with K, M, G); 0: no limit. A one-paragraph file "
    "needs about 4 times its size in memory, many short paragraphs about 30 times. JSON Lines have no limit. "
    "[default: 64M]",
)
@click.option(
    "--errors",
    "errors",
    type=click.Choice(["strict", "replace"]),
    default="strict",
    show_default=True,
    help="What to do with undecodable bytes and NUL bytes: fail, or replace them.",
)
@click.version_option(__version__, "-V", "--version", prog_name="dedupe-article")
@click.pass_context
def clean(ctx: click.Context, /, **options: Any) -> None:
    """Clean each PATH (standard input when none, or '-').

    Text files come out on standard output, or in the file or folder given
    with -o, or back in place with -i; every file is written atomically, so
    a failed or interrupted run never leaves a truncated file. JSON Lines
    (.jsonl, .jsonl.gz or --jsonl) are cleaned record by record: only the
    text field changes, and a bad record is named (FILE:LINE) and passed
    through unchanged. Kept paragraphs are printed as written (as repaired,
    with --fix-text), in the input's layout, with '\\n' line endings, in
    UTF-8. A text file that is not UTF-8 is read in the encoding detected,
    named on stderr (--encoding auto, the default).

    Options come from the command line, then from the nearest
    dedupe-article.toml (or [tool.dedupe-article] in pyproject.toml) found
    from the current folder upwards, then from the defaults.

    With -r, folders are walked for the files --include names, skipping
    hidden files and folders, virtualenvs and what git ignores (--no-ignore
    walks them too). Several text files written to standard output are each
    preceded by a line '==> NAME <==', as head does.

    Exit codes: 0 ok; 1 some input failed (each named on stderr), or --check
    or --diff found something to change; 2 usage or configuration error; 130
    interrupted (Ctrl-C).

    \b
    Examples:
        dedupe-article clean article.txt
        cat article.txt | dedupe-article clean --explain > clean.txt
        dedupe-article clean -r scraped/ -o cleaned/ --report removals.jsonl
        dedupe-article clean -i --stats *.txt
        dedupe-article clean corpus.jsonl.gz --text-field body -j 2 -o clean.jsonl.gz
        dedupe-article clean --rules site.toml --ignore label article.txt
        dedupe-article clean --check -r scraped/
    """
    config = _build_config(ctx, options)
    if options["in_place"] and options["output"]:
        raise click.UsageError("use either -o/--output or -i/--in-place, not both")
    if options["jsonl"] and options["force_text"]:
        raise click.UsageError("use either --jsonl or --text, not both")
    inputs, problems = find_inputs(
        options["paths"] or ("-",),
        recursive=options["recursive"],
        include=options["include"] or DEFAULT_INCLUDE,
        exclude=options["exclude"],
        skip_ignored=not options["no_ignore"],
    )
    given = options["output"] if options["output"] not in (None, "-") else None
    output = Path(given) if given else None
    report = Path(options["report"]) if options["report"] not in (None, "-") else None
    write = not (options["check"] or options["diff"])
    folder = given is not None and output_is_folder(given, len(inputs))
    try:
        if (
            given
            and folder
            and len(inputs) > 1
            and not Path(given).exists()
            and not given.endswith("/")
            and Path(given).suffix
        ):
            raise TargetError(
                f"{given}: several inputs are written to a folder; end the name with / to make one "
                "(or give one input to write one file)"
            )
        targets = plan_targets(
            inputs, output=output if write else None, in_place=options["in_place"] and write, folder=folder
        )
        if report is not None and any(src.path is not None and same_file(src.path, report) for src in inputs):
            raise TargetError(f"{report}: the report would overwrite an input")
    except TargetError as exc:
        raise click.UsageError(str(exc)) from None
    if output is not None and write and folder:
        output.mkdir(parents=True, exist_ok=True)
    for target in targets:
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)

    job = BatchJob(
        config=config,
        encoding=options["encoding"],
        errors=options["errors"],
        jsonl=options["jsonl"],
        text=options["force_text"],
        text_field=options["text_field"],
        id_field=options["id_field"],
        skip_bad=options["skip_bad"],
        keep_texts=options["diff"],
        max_bytes=options["max_bytes"],
    )
    state = _RunState(
        quiet=options["quiet"],
        explain=options["explain"],
        diff=options["diff"],
        check=options["check"],
        total=len(inputs),
        text_field=options["text_field"],
    )
    for problem in problems:
        state.error(problem)
    if not inputs and not problems:
        state.warn(f"no file to clean: nothing matches --include {' '.join(options['include'] or DEFAULT_INCLUDE)}")
    stdout = sys.stdout.buffer
    with contextlib.ExitStack() as stack:
        if report is not None:
            state.report = stack.enter_context(atomic_writer(report))
        elif options["report"] == "-":
            state.report = stdout
        stack.callback(state.progress_done)
        run_batch(
            inputs,
            targets,
            job,
            jobs=options["jobs"],
            in_place=options["in_place"],
            write=write,
            stdout=stdout.write,
            on_outcome=state.outcome,
            on_error=state.error,
            stdin=sys.stdin.buffer,
            name_outputs=sum(target is None for target in targets) > 1 and write,
        )
        stdout.flush()
    state.finish()
    if options["stats"]:
        for line in state.stats.summary():
            click.echo(f"dedupe-article: {line}", err=True)
    if state.failed or ((options["check"] or options["diff"]) and state.changed_files):
        sys.exit(EXIT_INPUT)


class _RunState:
    """What the command shows and records as outcomes arrive."""

    def __init__(
        self,
        *,
        quiet: bool,
        explain: bool,
        diff: bool,
        check: bool = False,
        total: int = 0,
        text_field: str = "text",
    ) -> None:
        self.quiet, self.explain, self.diff, self.check = quiet, explain, diff, check
        self.total, self.text_field = total, text_field
        self.failed = False
        self.stats = Stats()
        self.report: BinaryIO | None = None
        self.show_progress = not quiet and sys.stderr.isatty()
        self.last_progress = 0.0
        self.started = time.monotonic()
        self.files_seen: set[str] = set()
        self.record_files: set[str] = set()  # JSON Lines files
        # Per file: records that would change and their removals (--check), or records lacking the text field.
        self.changes: dict[str, list[int]] = {}
        self.missing: dict[str, tuple[int, dict[str, None]]] = {}

    @property
    def changed_files(self) -> int:
        return len(self.changes)

    def error(self, message: str) -> None:
        self.progress_done()
        self.failed = True
        click.echo(f"dedupe-article: {message}", err=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.progress_done()
            click.echo(f"dedupe-article: warning: {message}", err=True)

    def outcome(self, outcome: Outcome) -> None:
        self.stats.add(outcome)
        self.files_seen.add(outcome.name)
        if outcome.line is not None:
            self.record_files.add(outcome.name)
        if outcome.fields is not None:
            self._missing_field(outcome)
        elif outcome.error is not None:
            self.error(outcome.error)
        if outcome.detected and not self.quiet:
            self.progress_done()
            click.echo(f"dedupe-article: {outcome.name}: not UTF-8, read as {outcome.encoding} (detected)", err=True)
        if not self.quiet:
            for warning in outcome.warnings:
                self.progress_done()
                click.echo(f"dedupe-article: {outcome.where}: warning: {warning}", err=True)
        if outcome.changed:
            counts = self.changes.setdefault(outcome.name, [0, 0])
            counts[0] += 1
            counts[1] += len(outcome.removals)
        if self.explain or self.report is not None:
            for record in outcome.report_records():
                if self.explain:
                    self.progress_done()
                    click.echo(json.dumps(record, ensure_ascii=False), err=True)
                if self.report is not None:
                    self.report.write(_encode_line(record))
        if self.diff:
            text = outcome.diff()
            if text:
                click.echo(text, nl=False)
        if self.show_progress and time.monotonic() - self.last_progress > 0.2:
            self.last_progress = time.monotonic()
            click.echo(f"\r\033[K{self._progress()}", err=True, nl=False)

    def _progress(self) -> str:
        rate = self.stats.documents / max(time.monotonic() - self.started, 1e-6)
        files = f"{len(self.files_seen)}/{self.total} files, " if self.total > 1 else ""
        return f"dedupe-article: {files}{self.stats.documents} documents cleaned, {rate:.0f}/s"

    def _missing_field(self, outcome: Outcome) -> None:
        """One message per file for records without the text field, naming the fields they have."""
        assert outcome.fields is not None and outcome.error is not None
        count, fields = self.missing.get(outcome.name, (0, {}))
        if not count:
            self.error(f"{outcome.error} (use --text-field NAME)")
        self.failed = True
        fields.update(dict.fromkeys(outcome.fields))
        self.missing[outcome.name] = (count + 1, fields)

    def finish(self) -> None:
        """The messages that sum up the run: missing fields per file, and what --check would clean."""
        self.progress_done()
        for name, (count, fields) in self.missing.items():
            if count > 1:
                click.echo(
                    f"dedupe-article: {name}: {count} records have no {self.text_field!r} field; "
                    f"their fields: {', '.join(fields) or 'none'} (use --text-field NAME)",
                    err=True,
                )
        if self.check and not self.quiet:
            for name, (records, removals) in self.changes.items():
                what = f"{records} records, " if name in self.record_files else ""
                click.echo(f"would clean: {name} ({what}{removals} removals)", err=True)
            unchanged = len(self.files_seen) - len(self.changes)
            click.echo(f"{len(self.changes)} files would be cleaned, {unchanged} left unchanged", err=True)

    def progress_done(self) -> None:
        if self.show_progress and self.last_progress:
            click.echo("\r\033[K", err=True, nl=False)
            self.last_progress = 0.0


def _encode_line(record: dict[str, Any]) -> bytes:
    text = json.dumps(record, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return json.dumps(record).encode("ascii") + b"\n"


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
    # Imported here to keep this command's code in one place.
    from dedupe_article.rules import check_rule_files, load_rules

    if check:
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
        return
    try:
        # Listing does not run the examples: --check reports those.
        listed = [rule for path in rule_files for rule in load_rules(path, run_examples=False)]
    except DedupeArticleError as exc:
        raise _ConfigProblem(str(exc)) from None
    if rule_id is None:
        shown = listed if rule_files else list(Catalog.builtin())
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
            click.echo(
                "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + "  " + rule.why
            )
        return
    chosen = next((r for r in listed if r.id == rule_id), None)
    if chosen is None:
        try:
            chosen = Catalog.builtin().get(rule_id)
        except KeyError:
            raise click.BadParameter(
                f"no rule with id {rule_id!r} (see 'dedupe-article rules')", param_hint="RULE_ID"
            ) from None
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
        for name in (
            "threshold",
            "min_words",
            "stutter_words",
            "layout",
            "unwrap",
            "fix_text",
            "page_chrome",
            "page_model",
        ):
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


# --- corpus commands: learn and dedupe -----------------------------------------------------


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
                handle.write(_encode_line(record))
    if not options["quiet"]:
        click.echo(f"dedupe-article: {result.summary()}", err=True)
    if errors.seen:
        sys.exit(EXIT_INPUT)


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
