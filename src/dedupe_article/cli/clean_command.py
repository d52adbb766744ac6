"""``dedupe-article clean``: its options, the config merge, and what it shows as documents are cleaned."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO

import click
from click.core import ParameterSource

from dedupe_article import __version__
from dedupe_article.batch import CHUNK_RECORDS, DEFAULT_MAX_BYTES, BatchJob, Outcome, Stats, run_batch
from dedupe_article.cli.group import EXIT_INPUT, ConfigProblem, cli, encode_line
from dedupe_article.config import CleanConfig, find_config_file, read_config_file
from dedupe_article.errors import DedupeArticleError
from dedupe_article.files import (
    DEFAULT_INCLUDE,
    InputFile,
    TargetError,
    atomic_writer,
    find_inputs,
    output_is_folder,
    plan_targets,
    same_file,
)
from dedupe_article.io import check_encoding
from dedupe_article.parallel import Jobs


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


class _Jobs(click.ParamType):  # type: ignore[type-arg]
    """A number of worker processes (1 or more), or ``auto``: one per usable CPU (resolved by the runner)."""

    name = "jobs"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Jobs:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        text = str(value).strip()
        if text.lower() == "auto":
            return "auto"
        if text.isascii() and text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(f"{value!r} is not a number of worker processes (1 or more) or 'auto'.", param, ctx)


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
    default="learned",
    metavar="learned|layout|FILE",
    help="How a page dump's chrome is found: 'learned' (the default: the layout heuristics "
    "propose, and what they find outside the article's body goes only when the decision "
    "learned from real pages confirms it; see docs/pages.md), 'layout' (the heuristics alone) "
    "or a model file written by benchmarks/train_page.py.",
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
@click.option(
    "-j",
    "--jobs",
    type=_Jobs(),
    default="auto",
    show_default=True,
    metavar="N|auto",
    help="Worker processes: a number, or auto, one per usable CPU. One file, or a JSON Lines file of up to "
    f"{CHUNK_RECORDS} records, is cleaned in this process; the output order is the input order.",
)
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

    Several files, and JSON Lines of more than one chunk of records, are
    cleaned in parallel, one worker per usable CPU (-j auto, the default;
    -j 1 for one process); outputs, reports and messages come in input
    order all the same.

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
    targets, report = _plan_outputs(options, inputs)
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
    _run(options, inputs, targets, report, _batch_job(config, options), state)
    state.finish()
    if options["stats"]:
        for line in state.stats.summary():
            click.echo(f"dedupe-article: {line}", err=True)
    if state.failed or ((options["check"] or options["diff"]) and state.changed_files):
        sys.exit(EXIT_INPUT)


def _writes(options: dict[str, Any]) -> bool:
    """Whether the run writes its outputs (not with --check or --diff)."""
    return not (options["check"] or options["diff"])


def _plan_outputs(options: dict[str, Any], inputs: list[InputFile]) -> tuple[list[Path | None], Path | None]:
    """Where each input's output goes (``None``: standard output) and the report file, their folders made.

    A target that cannot be written safely is a usage error (see
    :func:`~dedupe_article.files.plan_targets`); so is a report that would
    overwrite an input.
    """
    given = options["output"] if options["output"] not in (None, "-") else None
    output = Path(given) if given else None
    report = Path(options["report"]) if options["report"] not in (None, "-") else None
    write = _writes(options)
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
    return targets, report


def _batch_job(config: CleanConfig, options: dict[str, Any]) -> BatchJob:
    """How every input is read and cleaned."""
    return BatchJob(
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


def _run(
    options: dict[str, Any],
    inputs: list[InputFile],
    targets: list[Path | None],
    report: Path | None,
    job: BatchJob,
    state: _RunState,
) -> None:
    """Clean the inputs, the report (if any) written as outcomes arrive."""
    write = _writes(options)
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
                    self.report.write(encode_line(record))
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
        raise ConfigProblem(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ConfigProblem(f"invalid configuration: {exc}") from None
