"""Clean many files and JSON Lines records: the engine behind ``dedupe-article clean``.

The command line only parses options and prints; this module reads inputs,
cleans them (in parallel processes when asked: see
:mod:`dedupe_article.parallel`), and hands each document's outcome, in
input order, to the caller, which decides where it goes.
JSON Lines files are streamed record by record, so memory stays flat
however large the file is.
"""

from __future__ import annotations

import difflib
import gzip
import io
import itertools
import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, cast

from dedupe_article.config import CleanConfig
from dedupe_article.errors import DedupeArticleError
from dedupe_article.files import GZIP_MAGIC, InputFile, atomic_writer, open_binary, write_atomically
from dedupe_article.io import decode_text
from dedupe_article.parallel import Jobs, Runner
from dedupe_article.pipeline import clean_article
from dedupe_article.results import CleanResult, Removal

# Records per task sent to a worker process: large enough that pickling
# costs little next to cleaning, small enough to keep every worker busy.
CHUNK_RECORDS = 64
# Characters of a text file's output encoded at a time when it is written.
WRITE_CHARS = 1 << 20
# The largest text file cleaned by default (--max-bytes). A file of one
# paragraph needs about four times its size in memory, one of many short
# paragraphs about thirty times (see benchmarks/memory_single_line.py); this
# keeps the worst case near 2 GB. JSON Lines are streamed and have no limit.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class BatchJob:
    """How to read and clean every input of a run.

    Attributes:
        config: the cleaning options.
        encoding: decode text files with this codec; ``"auto"`` (the
            default): UTF-8 (UTF-16/32 when a BOM says so), else the encoding
            detected (see :func:`dedupe_article.io.decode_text`); ``None`` or
            ``"utf-8"``: UTF-8 without detection.
        errors: ``"strict"`` or ``"replace"`` for undecodable and NUL bytes.
        jsonl: treat every input as JSON Lines.
        text: treat every input as text. With neither, an input is JSON
            Lines when its name says so (``.jsonl``, ``.ndjson``, ``.json``,
            each perhaps ``.gz``) or its first non-blank line is a JSON
            object (see :func:`input_format`).
        text_field: the JSON field to clean.
        id_field: the JSON field that names a record in messages and reports.
        skip_bad: drop bad JSON Lines records instead of passing them through.
        keep_texts: keep each document's input and output text (for diffs).
        max_bytes: a text file larger than this is not cleaned (an error
            names the limit); ``None`` or ``0``: no limit. JSON Lines are
            streamed and have none.
    """

    config: CleanConfig
    encoding: str | None = "auto"
    errors: str = "strict"
    jsonl: bool = False
    text: bool = False
    text_field: str = "text"
    id_field: str = "id"
    skip_bad: bool = False
    keep_texts: bool = False
    max_bytes: int | None = DEFAULT_MAX_BYTES


@dataclass
class Outcome:
    """What happened to one document (a text file, or one JSON Lines record).

    Attributes:
        name: the input's name.
        line: the record's line number in a JSON Lines file (from 1).
        record_id: the record's id field, when it has one.
        output: what to write for it: bytes, or a text file's cleaned text,
            written as UTF-8 a piece at a time by :meth:`output_chunks` (so a
            huge text is never copied whole into bytes); ``None``: write
            nothing.
        removals: the paragraphs removed.
        warnings: problems that did not stop the cleaning.
        error: why the document could not be cleaned (then ``output`` is the
            input passed through, or ``None``).
        paragraphs_in: paragraphs in the input.
        paragraphs_out: paragraphs kept.
        original: the input text (only with ``keep_texts``).
        cleaned: the output text (only with ``keep_texts``).
        changed: the output differs from the input.
        page: the document was cleaned as a whole-page dump.
        encoding: the codec a text file was read with, when it was not
            UTF-8 (``None`` for UTF-8 files and JSON Lines records).
        detected: that codec was detected, not given with ``--encoding``.
        fields: for a JSON Lines record without the text field, the fields
            it has (so that one message can name them for the whole file).
    """

    name: str
    line: int | None = None
    record_id: str | None = None
    output: bytes | str | None = None
    removals: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    paragraphs_in: int = 0
    paragraphs_out: int = 0
    original: str | None = None
    cleaned: str | None = None
    changed: bool = field(default=False)
    page: bool = False
    encoding: str | None = None
    detected: bool = False
    fields: tuple[str, ...] | None = None

    @property
    def where(self) -> str:
        """``file``, or ``file:line`` for a record."""
        return self.name if self.line is None else f"{self.name}:{self.line}"

    def report_records(self) -> Iterator[dict[str, Any]]:
        """One JSON-ready dict per removal, naming the file (and line and id)."""
        for removal in self.removals:
            record: dict[str, Any] = {"file": self.name}
            if self.line is not None:
                record["line"] = self.line
                record["id"] = self.record_id
            if self.encoding is not None:
                record["encoding"] = self.encoding
                record["encoding_detected"] = self.detected
            record.update(removal.to_dict())
            yield record

    def output_chunks(self) -> Iterator[bytes]:
        """The output as UTF-8 bytes, in pieces of at most :data:`WRITE_CHARS` characters."""
        if isinstance(self.output, bytes):
            yield self.output
        elif self.output is not None:
            for start in range(0, len(self.output), WRITE_CHARS):
                yield self.output[start : start + WRITE_CHARS].encode("utf-8")

    def diff(self) -> str:
        """A unified diff from the input to the output ('' when unchanged)."""
        if self.original is None or self.cleaned is None or not self.changed:
            return ""
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.cleaned.splitlines(keepends=True),
            fromfile=f"{self.where} (input)",
            tofile=f"{self.where} (cleaned)",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# --- cleaning one document -----------------------------------------------------------


def clean_text_file(job: BatchJob, source: InputFile, data: bytes | list[bytes] | None = None) -> Outcome:
    """Clean one text file.

    ``data`` is its bytes when already read (standard input), or a list
    holding them, which is emptied so that the caller keeps no reference.
    A file larger than ``job.max_bytes`` is refused before it is read. The
    bytes are dropped once decoded and the output stays text until it is
    written, so a huge file is in memory as bytes only while it is decoded.
    """
    size = 0
    try:
        if isinstance(data, list):
            data = data.pop()
        if data is None:
            assert source.path is not None, "standard input is read by the caller"
            size = source.path.stat().st_size
            if job.max_bytes and size > job.max_bytes:
                return Outcome(source.name, error=_too_big(source.name, size, job.max_bytes))
            data = source.path.read_bytes()
        if data.startswith(GZIP_MAGIC):  # by its name or not, a gzip file is read through gzip
            data = _gunzip(data, job.max_bytes)
        if job.max_bytes and len(data) > job.max_bytes:  # standard input or gzip, read up to one byte over
            return Outcome(source.name, error=_too_big(source.name, None, job.max_bytes))
        size = len(data)
        decoded = decode_text(data, name=source.name, encoding=job.encoding or "utf-8", errors=job.errors)
        del data
        text, encoding, detected, same_bytes = decoded.text, decoded.encoding, decoded.detected, decoded.same_bytes
        del decoded
        text, tail = _one_line(text)
        result = clean_article(text, config=job.config)
    except DedupeArticleError as exc:
        return Outcome(source.name, error=str(exc))
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a damaged .gz
        return Outcome(source.name, error=f"{source.name}: {getattr(exc, 'strerror', None) or exc}")
    except MemoryError:
        return Outcome(
            source.name, error=f"{source.name}: out of memory cleaning {size} bytes (use a lower --max-bytes)"
        )
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return Outcome(source.name, error=_internal(source.name, exc))
    # A file read as UTF-8 without a BOM or bad bytes is its text's UTF-8 bytes.
    changed = not same_bytes or not _is_text(result.text, text, tail)
    original = text + tail if tail and job.keep_texts else text
    outcome = _outcome(job, result, source.name, None, None, result.text, original, result.text, changed)
    if encoding not in ("utf-8", "utf-8-sig"):
        outcome.encoding, outcome.detected = encoding, detected
    return outcome


# A text at least this long (in characters) that is one line has its
# trailing whitespace cut before cleaning (see _one_line).
_ONE_LINE_CUT = 1 << 20
_TRAILING_SPACE = re.compile(r"\s*\Z")


def _one_line(text: str) -> tuple[str, str]:
    """Split a huge one-line text into the line and its trailing whitespace (a newline, say).

    The paragraph splitter copies each line without its line break; for a
    text of one huge line that is a second copy of the whole text. Cut
    here, the line is the text itself. Trailing whitespace is part of no
    paragraph, so the result is the same. Other texts come back whole.
    """
    if len(text) < _ONE_LINE_CUT:
        return text, ""
    end = _TRAILING_SPACE.search(text).start()  # type: ignore[union-attr]
    if end == len(text) or text.find("\n", 0, end) >= 0 or text.find("\r", 0, end) >= 0:
        return text, ""
    return text[:end], text[end:]


def _gunzip(data: bytes, limit: int | None) -> bytes:
    """Decompress gzip bytes, at most one byte past ``limit`` (so that an oversize file is named, not unpacked)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
        return unpacked.read(limit + 1) if limit else unpacked.read()


def gzip_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Compress a stream of bytes as one gzip member (for ``.gz`` outputs)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in chunks:
        if packed := packer.compress(chunk):
            yield packed
    yield packer.flush()


def _is_text(output: str, text: str, tail: str) -> bool:
    """Whether ``output == text + tail``, without building ``text + tail``."""
    return len(output) == len(text) + len(tail) and output.startswith(text) and output.endswith(tail)


def _too_big(name: str, size: int | None, limit: int) -> str:
    what = f"{size} bytes is over" if size is not None else "more bytes than"
    return f"{name}: {what} --max-bytes {limit} (split the file, or raise the limit; 0 means none)"


def clean_jsonl_line(job: BatchJob, name: str, line_number: int, raw: bytes) -> Outcome | None:
    """Clean the text field of one JSON Lines record; ``None`` for a blank line.

    A bad record (invalid UTF-8 or JSON, not an object, no string text
    field) gets an ``error`` and is passed through unchanged, or dropped with
    ``skip_bad``. An unchanged record is passed through byte for byte.
    """
    where = f"{name}:{line_number}"
    passthrough = None if job.skip_bad else (raw if raw.endswith(b"\n") else raw + b"\n")
    try:
        line = raw.decode("utf-8", "replace" if job.errors == "replace" else "strict")
    except UnicodeDecodeError as exc:
        return Outcome(name, line_number, output=passthrough, error=f"{where}: not valid UTF-8 at byte {exc.start}")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON: {exc.msg} at column {exc.colno}"
        return Outcome(name, line_number, output=passthrough, error=f"{where}: {problem}")
    if not isinstance(record, dict):
        return Outcome(name, line_number, output=passthrough, error=f"{where}: record is not a JSON object")
    record_id = record.get(job.id_field)
    rid = None if record_id is None else str(record_id)
    text = record.get(job.text_field)
    if not isinstance(text, str):
        if job.text_field not in record:
            fields = tuple(str(key) for key in record)
            problem = f"record has no {job.text_field!r} field (its fields: {', '.join(fields) or 'none'})"
            return Outcome(name, line_number, rid, output=passthrough, error=f"{where}: {problem}", fields=fields)
        problem = f"field {job.text_field!r} is {_json_type(text)}, not a string"
        return Outcome(name, line_number, rid, output=passthrough, error=f"{where}: {problem}")
    try:
        result = clean_article(text, config=job.config)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the file
        return Outcome(name, line_number, rid, output=passthrough, error=_internal(where, exc))
    changed = bool(result.removals) or job.config.unwrap
    if changed:
        cleaned = result.text
        if not text.endswith("\n"):
            cleaned = cleaned.removesuffix("\n")  # keep the field's own ending
        record[job.text_field] = cleaned
        output = _dump(record)
        changed = cleaned != text
    if not changed:
        cleaned, output = text, raw if raw.endswith(b"\n") else raw + b"\n"
    return _outcome(job, result, name, line_number, rid, output, text, cleaned, changed)


def _outcome(
    job: BatchJob,
    result: CleanResult,
    name: str,
    line: int | None,
    record_id: str | None,
    output: bytes | str,
    original: str,
    cleaned: str,
    changed: bool,
) -> Outcome:
    """The outcome of a document that was cleaned (texts kept only for diffs)."""
    return Outcome(
        name,
        line,
        record_id,
        output=output,
        removals=result.removals,
        warnings=result.warnings,
        paragraphs_in=result.paragraph_count,
        paragraphs_out=len(result.kept),
        original=original if job.keep_texts else None,
        cleaned=cleaned if job.keep_texts else None,
        changed=changed,
        page=result.page,
    )


def _dump(record: dict[str, Any]) -> bytes:
    """One JSON line; a lone surrogate from a ``\\ud800`` escape is written escaped again."""
    text = json.dumps(record, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True).encode("ascii") + b"\n"


def _json_type(value: object) -> str:
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    return names.get(type(value), "an object")


def _internal(where: str, exc: Exception) -> str:
    return f"{where}: internal error ({type(exc).__name__}: {exc}); please report it"


# --- reading JSON Lines --------------------------------------------------------------


def jsonl_chunks(handle: BinaryIO, first: Iterable[bytes] = ()) -> Iterator[list[tuple[int, bytes]]]:
    """Numbered lines of a JSON Lines stream (after the ``first`` lines already read), in chunks."""
    numbered = enumerate(itertools.chain(first, iter(handle.readline, b"")), start=1)
    while chunk := list(islice(numbered, CHUNK_RECORDS)):
        yield chunk


# How far the first non-blank line is looked for, to tell JSON Lines from text.
_SNIFF_BYTES = 1 << 20


def input_format(source: InputFile, job: BatchJob, handle: BinaryIO) -> tuple[str, list[bytes]]:
    """Tell whether an input is ``"jsonl"``, ``"text"`` or ``"json"`` (one JSON document, not lines).

    ``--jsonl`` and ``--text`` decide alone. Otherwise a name ending in
    ``.jsonl`` or ``.ndjson`` (perhaps ``.gz``) says JSON Lines, and so does a
    first non-blank line that is a JSON object, whatever the name (standard
    input included). A ``.json`` file whose first line is not a whole object
    is a JSON document, which cannot be cleaned line by line.

    Returns the format and the lines read from ``handle`` to decide (they
    must be read again before the rest).
    """
    if job.jsonl:
        return "jsonl", []
    if job.text:
        return "text", []
    named = source.is_jsonl
    if named and not source.name.removesuffix(".gz").endswith(".json"):
        return "jsonl", []
    lines: list[bytes] = []
    read = 0
    while read < _SNIFF_BYTES:
        line = handle.readline(_SNIFF_BYTES - read)
        if not line:
            break
        lines.append(line)
        read += len(line)
        if line.strip():
            break
    first = lines[-1].strip() if lines else b""
    if first.startswith(b"{") and first.endswith(b"}"):
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl", lines
        except ValueError:
            pass
    if named and first:
        return "json", lines
    return "text", lines


def clean_jsonl_chunk(job: BatchJob, name: str, chunk: list[tuple[int, bytes]]) -> list[Outcome]:
    """Clean a chunk of numbered JSON Lines (blank lines give no outcome)."""
    outcomes = []
    for number, raw in chunk:
        outcome = clean_jsonl_line(job, name, number, raw)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def gzip_writer(handle: BinaryIO) -> BinaryIO:
    """Compress what is written to ``handle`` (for ``.gz`` outputs); close it to finish."""
    return gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)  # type: ignore[return-value]


# --- a whole run ---------------------------------------------------------------------


@dataclass
class Stats:
    """Counts over a run, for ``--stats``."""

    documents: int = 0
    failed: int = 0
    changed: int = 0
    paragraphs_in: int = 0
    paragraphs_out: int = 0
    pages: int = 0
    removals: Counter[str] = field(default_factory=Counter)
    text_files: int = 0
    jsonl_files: set[str] = field(default_factory=set)

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        if outcome.line is None:
            self.text_files += 1
        else:
            self.jsonl_files.add(outcome.name)
        self.failed += outcome.error is not None
        self.changed += outcome.changed
        self.paragraphs_in += outcome.paragraphs_in
        self.paragraphs_out += outcome.paragraphs_out
        self.pages += outcome.page
        for removal in outcome.removals:
            key = removal.rule_id or (f"page chrome ({removal.chrome})" if removal.chrome else None)
            self.removals[key or f"duplicate ({removal.method})"] += 1

    def summary(self) -> list[str]:
        """Lines for a person: totals, then removals by rule or duplicate kind."""
        removed = self.paragraphs_in - self.paragraphs_out
        lines = [
            f"{self.documents} documents ({self.failed} failed, {self.changed} changed); "
            f"{self.paragraphs_in} paragraphs in, {self.paragraphs_out} out, {removed} removed; "
            f"{self.pages} cleaned as page dumps",
            f"read as text: {self.text_files} files; as JSON Lines: {len(self.jsonl_files)} files",
        ]
        for reason, count in sorted(self.removals.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:>8}  {reason}")
        return lines


class _Unchanged(Exception):
    """Raised inside an atomic write to leave an unchanged file untouched."""


class _NoneCleaned(Exception):
    """Raised inside an atomic write when no record of a JSON Lines file could be cleaned."""


@dataclass
class _Run:
    """One run's workers, where its outputs go and whom it tells: what every step of :func:`run_batch` needs."""

    runner: Runner[BatchJob]
    in_place: bool
    write: bool
    stdout: Callable[[bytes], object]
    on_outcome: Callable[[Outcome], None]
    on_error: Callable[[str], None]
    stdin: BinaryIO | None
    name_outputs: bool
    named: int = 0  # text files named on standard output so far


def run_batch(
    inputs: list[InputFile],
    targets: list[Path | None],
    job: BatchJob,
    *,
    jobs: Jobs = 1,
    in_place: bool = False,
    write: bool = True,
    stdout: Callable[[bytes], object],
    on_outcome: Callable[[Outcome], None],
    on_error: Callable[[str], None],
    stdin: BinaryIO | None = None,
    name_outputs: bool = False,
) -> None:
    """Clean ``inputs`` in order and send each output where ``targets`` say.

    Args:
        inputs: the files (and standard input) to clean.
        targets: per input, the file to write (atomically; compressed when
            its name ends in ``.gz``), or ``None`` for standard output.
        job: how to read and clean.
        jobs: worker processes, or ``"auto"``: one per usable CPU (see
            :func:`dedupe_article.parallel.usable_cpus`). Workers start only
            for a stream of two tasks or more (text files, or chunks of
            :data:`CHUNK_RECORDS` JSON Lines records): one file, or a JSON
            Lines file of one chunk, is cleaned in this process. The
            outcomes come in input order however many workers there are.
        in_place: targets are the inputs themselves: keep their permission
            bits, and do not rewrite a file that would not change.
        write: ``False`` for ``--check`` and ``--diff``: write nothing.
        stdout: receives output bytes meant for standard output.
        on_outcome: receives every document's outcome, in input order.
        on_error: receives a message for a file that cannot be read at all.
        stdin: standard input, as bytes.
        name_outputs: precede each text file's output on standard output
            with a line naming it (``==> name <==``, as ``head`` does).
    """
    if stdin is not None:
        stdin = _unpacked_stdin(stdin)
    formats = _Formats(inputs, job, stdin)
    with Runner(job, jobs) as runner:
        run = _Run(runner, in_place, write, stdout, on_outcome, on_error, stdin, name_outputs)
        position = 0
        while position < len(inputs):
            # A run of text files is cleaned as one stream of tasks; any other input alone.
            group: list[tuple[InputFile, Path | None, list[bytes] | None]] = []
            while position < len(inputs) and formats.of(position)[0] == "text":
                group.append((inputs[position], targets[position], formats.pop(position)[2]))
                position += 1
            if group:
                _run_text_files(run, group)
            else:
                form, first, _ = formats.pop(position)
                _run_other(run, inputs[position], targets[position], form, first)
                position += 1


class _Formats:
    """Each input's format, told once, just before it is needed (see :func:`input_format`).

    Per input: the format (``"text"``, ``"jsonl"``, ``"json"`` or
    ``"unreadable"``), the lines read to tell it (for an unreadable input,
    the reason), and standard input's bytes when it is text.
    """

    def __init__(self, inputs: list[InputFile], job: BatchJob, stdin: BinaryIO | None) -> None:
        self.inputs, self.job, self.stdin = inputs, job, stdin
        self.told: dict[int, tuple[str, list[bytes], list[bytes] | None]] = {}

    def of(self, position: int) -> tuple[str, list[bytes], list[bytes] | None]:
        if position not in self.told:
            self.told[position] = self._tell(self.inputs[position])
        return self.told[position]

    def pop(self, position: int) -> tuple[str, list[bytes], list[bytes] | None]:
        """The input's format, forgotten here (so that standard input's bytes are held once)."""
        self.of(position)
        return self.told.pop(position)

    def _tell(self, source: InputFile) -> tuple[str, list[bytes], list[bytes] | None]:
        try:
            handle = open_binary(source, self.stdin)
        except OSError as exc:
            return "unreadable", [str(exc.strerror or exc).encode()], None
        try:
            form, first = input_format(source, self.job, handle)
            data = None
            if form == "text" and source.path is None:
                head = b"".join(first)
                data = [head + _read_stdin(handle, self.job, len(head))]
        except (OSError, EOFError, zlib.error) as exc:
            form, first, data = "unreadable", [str(getattr(exc, "strerror", None) or exc).encode()], None
        finally:
            if handle is not self.stdin:
                handle.close()
        return form, first, data


def _run_text_files(run: _Run, group: list[tuple[InputFile, Path | None, list[bytes] | None]]) -> None:
    """Clean consecutive text files (in parallel when asked) and write each output in input order."""
    tasks = ((src, data) for src, _, data in group)
    for (src, target, _), outcome in zip(group, run.runner.map(clean_text_file, tasks), strict=True):
        run.on_outcome(outcome)
        if outcome.error is None and outcome.output is not None and run.write:
            _write_text_output(run, src, target, outcome)


def _write_text_output(run: _Run, src: InputFile, target: Path | None, outcome: Outcome) -> None:
    """A text file's output to standard output (named, when several are), or to its target file."""
    if target is None:
        if run.name_outputs:
            run.stdout(f"{chr(10) if run.named else ''}==> {src.name} <==\n".encode())
            run.named += 1
        for chunk in outcome.output_chunks():
            run.stdout(chunk)
    elif not (run.in_place and not outcome.changed):
        chunks = outcome.output_chunks()
        if target.name.endswith(".gz"):
            chunks = gzip_chunks(chunks)
        try:
            write_atomically(target, chunks, mode_from=src.path if run.in_place else None)
        except OSError as exc:
            run.on_error(f"{target}: cannot write: {exc.strerror or exc}")


def _run_other(run: _Run, source: InputFile, target: Path | None, form: str, first: list[bytes]) -> None:
    """An input that is not text: JSON Lines are cleaned; a JSON document or an unreadable input is named."""
    if form == "jsonl":
        _run_jsonl(run, source, target, first)
    elif form == "json":
        run.on_error(
            f"{source.name}: a JSON document, not JSON Lines (one object per line); use --text to clean it as text"
        )
    else:
        run.on_error(f"{source.name}: {first[0].decode()}")


def _unpacked_stdin(stdin: BinaryIO) -> BinaryIO:
    """Standard input, decompressed when its first bytes say gzip (read once, by every reader)."""
    buffered = stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, stdin))
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=buffered, mode="rb"))
    return cast(BinaryIO, buffered)


def _read_stdin(stdin: BinaryIO, job: BatchJob, already: int = 0) -> bytes:
    """The rest of standard input, up to one byte over ``max_bytes`` in all (``already`` bytes were read)."""
    if job.max_bytes:
        return stdin.read(max(0, job.max_bytes + 1 - already))
    return stdin.read()


def _run_jsonl(run: _Run, source: InputFile, target: Path | None, first: list[bytes]) -> None:
    """Clean one JSON Lines input, streamed; ``first`` are lines of standard input already read.

    Written to a file, the output is committed only when at least one
    record could be cleaned (or there was none): a wrong ``--text-field``
    with ``--skip-bad`` must not replace a corpus by an empty file.
    """
    try:
        handle = open_binary(source, run.stdin)
    except OSError as exc:
        run.on_error(f"{source.name}: {exc.strerror or exc}")
        return
    records = _Records(run.runner, source.name, first if source.path is None else [])
    try:
        if target is None or not run.write:
            for outcome in records.cleaned(handle):
                run.on_outcome(outcome)
                if run.write:
                    for chunk in outcome.output_chunks():
                        run.stdout(chunk)
        else:
            _write_jsonl(run, source, target, records, handle)
    except _Unchanged:
        pass
    except _NoneCleaned:
        run.on_error(f"{source.name}: no record could be cleaned; {target} was not written")
    except BrokenPipeError:
        raise  # standard output was closed (| head): the command ends quietly
    except (OSError, EOFError) as exc:  # a read error mid-file, a truncated .gz: nothing is written
        run.on_error(f"{source.name}: {getattr(exc, 'strerror', None) or exc}")
    finally:
        if handle is not run.stdin:
            handle.close()


class _Records:
    """A JSON Lines input's records, cleaned in order, counting those that could be cleaned and those that could not."""

    def __init__(self, runner: Runner[BatchJob], name: str, first: list[bytes]) -> None:
        self.runner, self.name, self.first = runner, name, first
        self.good = self.bad = 0

    def cleaned(self, handle: BinaryIO) -> Iterator[Outcome]:
        chunks = ((self.name, chunk) for chunk in jsonl_chunks(handle, self.first))
        for batch in self.runner.map(clean_jsonl_chunk, chunks):
            for outcome in batch:
                if outcome.error is None:
                    self.good += 1
                else:
                    self.bad += 1
                yield outcome


def _write_jsonl(run: _Run, source: InputFile, target: Path, records: _Records, handle: BinaryIO) -> None:
    """Write a JSON Lines input's records to ``target``, atomically (raising to leave it as it was)."""
    changed = False
    with atomic_writer(target, mode_from=source.path if run.in_place else None) as raw:
        sink: BinaryIO = gzip_writer(raw) if target.name.endswith(".gz") else raw
        for outcome in records.cleaned(handle):
            run.on_outcome(outcome)
            changed = changed or outcome.changed or outcome.output is None
            for chunk in outcome.output_chunks():
                sink.write(chunk)
        if sink is not raw:
            sink.close()
        if records.bad and not records.good:
            raise _NoneCleaned
        if run.in_place and not changed:
            raise _Unchanged
