"""JSON Lines corpora: reading records (and naming bad lines), cleaning one text field, deduplicating a corpus.

:class:`JsonlCorpus` reads files as a corpus as many times as a job needs;
:func:`dedupe_corpus` runs :func:`~dedupe_article.corpus.documents.find_duplicate_documents`
on one and keeps where each record came from, so that the kept lines are
written byte for byte and the report names file and line.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from dedupe_article.config import CleanConfig
from dedupe_article.corpus.documents import DocumentMatch, find_duplicate_documents
from dedupe_article.corpus.settings import DedupeSettings
from dedupe_article.corpus.sites import SiteOf, counted
from dedupe_article.files import InputFile, open_binary
from dedupe_article.pipeline import clean_article


def clean_field(text: str, config: CleanConfig | None = None) -> str:
    """Clean one record's text field as ``dedupe-article clean`` does for JSON Lines.

    A text with nothing to remove comes back unchanged; a text that did not
    end with a newline still does not.

    >>> clean_field("A story.\\nVer originales")
    'A story.'
    """
    config = CleanConfig() if config is None else config
    result = clean_article(text, config)
    if not (result.removals or config.unwrap):
        return text
    cleaned = result.text
    return cleaned if text.endswith("\n") else cleaned.removesuffix("\n")


@dataclass(frozen=True)
class JsonlLine:
    """One non-blank line of a JSON Lines input.

    Attributes:
        name: the input's name.
        line: the line number, from 1.
        raw: the line's bytes, as read.
        record: the parsed record, or ``None`` when the line is bad.
        error: why the line cannot be used (``FILE:LINE: reason``).
    """

    name: str
    line: int
    raw: bytes
    record: dict[str, Any] | None = None
    error: str | None = None


class JsonlCorpus:
    """JSON Lines files read as a corpus of records, as many times as needed.

    Iterating yields the valid records (dicts whose ``fields`` are all
    strings and, with ``site_of``, whose site can be told), in order. A bad
    line (not UTF-8, not JSON, not an object, a field missing or not a
    string, no site) is reported to ``on_error`` as ``FILE:LINE: reason``
    the first time the corpus is read, and skipped; so is a file that
    cannot be read. ``count`` is the number of valid records.
    """

    def __init__(
        self,
        inputs: Sequence[InputFile],
        *,
        fields: Sequence[str] = ("text",),
        on_error: Callable[[str], None] | None = None,
        site_of: SiteOf | None = None,
    ) -> None:
        self.inputs = list(inputs)
        self.fields = tuple(fields)
        self.on_error = on_error
        self.site_of = site_of
        self.count = 0
        self._passes = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        report = self._passes == 0
        self._passes += 1
        count = 0
        for line in self.lines(report=report):
            if line.record is not None:
                count += 1
                yield line.record
        self.count = count

    def lines(self, *, report: bool = False) -> Iterator[JsonlLine]:
        """Every non-blank line of every input, good or bad, in order.

        With ``report``, bad lines and unreadable files go to ``on_error``.
        """
        for source in self.inputs:
            try:
                handle = open_binary(source)
            except OSError as exc:
                self._report(report, f"{source.name}: {exc.strerror or exc}")
                continue
            try:
                for line in read_jsonl(handle, source.name, self.fields, site_of=self.site_of):
                    if line.error is not None:
                        self._report(report, line.error)
                    yield line
            except (OSError, EOFError, zlib.error) as exc:
                self._report(report, f"{source.name}: {getattr(exc, 'strerror', None) or exc}")
            finally:
                raw = getattr(handle, "fileobj", None)  # a GzipFile does not close the file it was given
                handle.close()
                if raw is not None:
                    raw.close()

    def _report(self, report: bool, message: str) -> None:
        if report and self.on_error is not None:
            self.on_error(message)


def read_jsonl(
    handle: BinaryIO, name: str, fields: Sequence[str] = ("text",), *, site_of: SiteOf | None = None
) -> Iterator[JsonlLine]:
    """Parse a JSON Lines stream; each line's ``fields`` must be strings (and its site known).

    >>> import io
    >>> [(x.line, x.error) for x in read_jsonl(io.BytesIO(b'{"text": "a"}\\n\\n[1]\\n{"text": 2}\\n'), "c.jsonl")]
    [(1, None), (3, 'c.jsonl:3: record is not a JSON object'), (4, "c.jsonl:4: field 'text' is a number, not a string")]
    """
    for number, raw in enumerate(iter(handle.readline, b""), start=1):
        where = f"{name}:{number}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonlLine(name, number, raw, error=f"{where}: not valid UTF-8 at byte {exc.start}")
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield JsonlLine(name, number, raw, error=f"{where}: invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield JsonlLine(name, number, raw, error=f"{where}: record is not a JSON object")
            continue
        problem = next((_field_problem(record, f) for f in fields if not isinstance(record.get(f), str)), None)
        if problem is not None:
            yield JsonlLine(name, number, raw, error=f"{where}: {problem}")
            continue
        if site_of is not None:
            try:
                site_of(record)
            except ValueError as exc:
                yield JsonlLine(name, number, raw, error=f"{where}: {exc}")
                continue
        yield JsonlLine(name, number, raw, record)


def _field_problem(record: Mapping[str, Any], name: str) -> str:
    if name not in record:
        return f"record has no {name!r} field"
    value = record[name]
    kinds = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    return f"field {name!r} is {kinds.get(type(value), 'an object')}, not a string"


@dataclass(frozen=True)
class CorpusDedupe:
    """The outcome of :func:`dedupe_corpus`: what to write and what to report.

    Attributes:
        corpus: the corpus that was read.
        matches: one per removed record (``index`` counts valid records).
        locations: ``(file, line)`` of each valid record, by index.
    """

    corpus: JsonlCorpus
    matches: list[DocumentMatch]
    locations: list[tuple[str, int]]

    def kept_lines(self) -> Iterator[bytes]:
        """The lines of the corpus less the removed records, each ending in a newline.

        Bad lines are passed through unchanged (they were named when read).
        """
        removed = {self.locations[m.index] for m in self.matches}
        for line in self.corpus.lines():
            if (line.name, line.line) not in removed:
                yield line.raw if line.raw.endswith(b"\n") else line.raw + b"\n"

    def report_records(self) -> Iterator[dict[str, Any]]:
        """One JSON-ready dict per removed record, naming it and the record kept in its place."""
        for match in self.matches:
            name, line = self.locations[match.index]
            kept_name, kept_line = self.locations[match.duplicate_of]
            yield {
                "file": name,
                "line": line,
                "id": match.id,
                "duplicate_of": {"file": kept_name, "line": kept_line, "id": match.duplicate_of_id},
                "score": round(match.score, 2),
                "containment": round(match.containment, 4),
            }

    def summary(self) -> str:
        """One line for a person: documents read, removed, clusters."""
        clusters = len({m.duplicate_of for m in self.matches})
        return (
            f"{counted(len(self.locations), 'document')}; {len(self.matches)} removed as near-duplicates; "
            f"{len(self.locations) - len(self.matches)} kept ({counted(clusters, 'cluster')} of duplicates)"
        )


def dedupe_corpus(corpus: JsonlCorpus, settings: DedupeSettings | None = None, **options: Any) -> CorpusDedupe:
    """Run :func:`find_duplicate_documents` on a JSON Lines corpus, keeping where each record is.

    ``settings`` (default :class:`DedupeSettings`) and ``options``, the
    other keyword arguments of :func:`find_duplicate_documents`
    (``text_field``, ``id_field``, ``site_of``, ``progress``, or single
    settings such as ``threshold=90`` that replace those of ``settings``),
    are passed on.
    """
    locations: list[tuple[str, int]] = []

    def records() -> Iterator[dict[str, Any]]:
        for line in corpus.lines(report=True):
            if line.record is not None:
                locations.append((line.name, line.line))
                yield line.record

    matches = find_duplicate_documents(records(), settings=settings, **options)
    return CorpusDedupe(corpus, matches, locations)
