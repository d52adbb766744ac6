"""Jobs over a whole corpus: learn each site's frame lines, find duplicate documents.

Cleaning one document sees one page. A scraped corpus shows two more things:
the paragraphs a site repeats on every page (its frame: menus, footers, share
buttons), and documents that are one article scraped many times (syndicated,
re-scraped, mirrored).

* :func:`learn_boilerplate` counts, site by site, how many documents contain
  each paragraph (on normalised hashes, as CCNet does) and returns the
  recurring ones as :class:`LearnedRule` objects; :func:`format_rule_file`
  writes them as a rule file for ``dedupe-article clean --rules``.
* :func:`find_duplicate_documents` finds near-duplicate documents: MinHash
  signatures with LSH banding over word shingles of the normalised text, and
  shared long paragraphs, give candidate pairs; each pair is verified with
  rapidfuzz and a containment check (a trimmed copy is contained in the
  full article), leaving aside the paragraphs common to a site's pages;
  clusters are formed with a union-find and one document of each is kept.

Everything here is a pure function over iterables of dicts (JSON Lines
records) or over the stages' small picklable results, so the same code runs
on one machine (``dedupe-article learn`` and ``dedupe``) and inside Dask
partitions (:mod:`dedupe_article.dask`), with equal results. Hashes are
stable (BLAKE2b and CRC-32), never Python's ``hash()``, whose value for a
string changes from one process to the next.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal, NamedTuple
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from dedupe_article.clean import clean_article
from dedupe_article.config import CleanConfig
from dedupe_article.files import InputFile, open_binary
from dedupe_article.keys import CJK_CLASS, count_words, has_cjk, key_of_plain, paragraph_key, plain_text
from dedupe_article.paragraphs import split_paragraphs
from dedupe_article.rules import Rule, rule_text, strip_marks

ALL_SITES = "*"
"""The site name of every document when the corpus is not split by site."""

Keep = Literal["first", "longest"]
SiteOf = Callable[[Mapping[str, Any]], str]

# --- sites -----------------------------------------------------------------------------


def url_host(url: str) -> str:
    """The site of a URL: its host, lowercased, without ``www.`` or a port.

    >>> url_host("https://www.Example.com:8080/news/1?x=2")
    'example.com'
    >>> url_host("example.org/a/b")
    'example.org'
    >>> url_host("not a url")
    ''
    """
    text = url.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:  # an invalid port or IPv6 literal
        return ""
    if " " in host:
        return ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class SiteField:
    """Group records by the value of a field (``record[name]``).

    A class rather than a lambda, so that it pickles into worker processes.

    >>> SiteField("site")({"site": "example.com", "text": "..."})
    'example.com'
    """

    name: str

    def __call__(self, record: Mapping[str, Any]) -> str:
        value = record.get(self.name)
        if not isinstance(value, str):
            raise ValueError(f"field {self.name!r} is missing or not a string")
        return value


@dataclass(frozen=True)
class UrlHost:
    """Group records by the host of a URL field (see :func:`url_host`).

    >>> UrlHost("url")({"url": "https://www.example.com/a", "text": "..."})
    'example.com'
    """

    name: str

    def __call__(self, record: Mapping[str, Any]) -> str:
        value = record.get(self.name)
        if not isinstance(value, str):
            raise ValueError(f"field {self.name!r} is missing or not a string")
        host = url_host(value)
        if not host:
            raise ValueError(f"field {self.name!r} has no host: {value[:80]!r}")
        return host


def site_slug(site: str) -> str:
    """The part of a learned rule's id that names the site.

    Lowercase ASCII letters and digits joined by ``-``; a site with none
    (an empty name, a name in another script) gets a stable hash instead.

    >>> site_slug("www.Example.co.uk"), site_slug(ALL_SITES), site_slug("新华网")
    ('www-example-co-uk', 'all', 'site-e509a3f8')
    """
    if site == ALL_SITES:
        return "all"
    ascii_only = unicodedata.normalize("NFKD", site).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_only))
    return slug or "site-" + hashlib.blake2b(site.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


# --- stable hashes ---------------------------------------------------------------------


def stable_hash(data: str | bytes) -> int:
    """A 64-bit BLAKE2b hash as a signed integer (fits an int64 column).

    The same in every process and on every machine, unlike ``hash()``.

    >>> stable_hash("ver originales")
    2984096013712834662
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little", signed=True)


def frame_key(text: str) -> str:
    """The form in which a paragraph is counted when learning frame lines.

    It is the form an ``exact`` rule compares paragraphs in (NFKC, case
    folded, whitespace collapsed, punctuation and symbols around it dropped),
    so a learned rule removes every paragraph that was counted for it.

    >>> frame_key("  » Share   this ARTICLE ›")
    'share this article'
    """
    return strip_marks(rule_text(text))


def frame_paragraphs(text: str, *, layout: str = "auto") -> dict[int, str]:
    """The paragraphs of a document, by the hash of their :func:`frame_key`.

    A paragraph repeated within the document counts once (its first
    occurrence is kept); paragraphs of punctuation only are left out.

    >>> list(frame_paragraphs("Home | News\\nA story.\\nhome | news\\n---\\n").values())
    ['Home | News', 'A story.']
    """
    found: dict[int, str] = {}
    for paragraph in split_paragraphs(text, layout=layout):
        key = frame_key(paragraph.text)
        if key:
            found.setdefault(stable_hash(key), paragraph.text)
    return found


# --- learning frame lines ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LearnSettings:
    """When a paragraph that recurs on a site's pages is learned as a frame line.

    Attributes:
        min_docs: it is on at least this many documents of the site...
        min_share: ...and on at least this share (0-1) of them.
        long_words: a paragraph of more words than this looks like article
            prose (copies of one article repeat it too)...
        long_share: ...and is learned only on this share of the site's
            documents or more.
        shared_sites: text that other sites carry on only some of their pages
            (a syndicated quote, a wire line) is shared content, not frame:
            it is learned for no site when this many other sites show it
            below the bar (0: never blocked).
        examples: how many example document ids to keep per rule.
        layout: how documents are split into paragraphs (as ``clean`` does).
    """

    min_docs: int = 10
    min_share: float = 0.5
    long_words: int = 30
    long_share: float = 0.9
    shared_sites: int = 2
    examples: int = 3
    layout: str = "auto"

    def __post_init__(self) -> None:
        for name in ("min_docs", "long_words", "shared_sites", "examples"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
        for name in ("min_share", "long_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, not {type(value).__name__}")
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {value!r}")
        if self.min_docs < 1:
            raise ValueError(f"min_docs must be at least 1, got {self.min_docs!r}")
        if self.long_words < 1 or self.shared_sites < 0 or self.examples < 0:
            raise ValueError("long_words must be at least 1, shared_sites and examples at least 0")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")

    def recurs(self, documents: int, site_documents: int) -> bool:
        """Whether a paragraph on ``documents`` of a site's ``site_documents`` clears the bar."""
        return documents >= self.min_docs and documents >= self.min_share * site_documents


class Evidence(NamedTuple):
    """How often a paragraph was seen: on its site, and on the other sites."""

    documents: int
    site_documents: int
    other_sites: int
    other_documents: int


@dataclass(frozen=True)
class LearnedRule:
    """A paragraph that recurs on a site's pages, ready to be written as a rule.

    Attributes:
        id: the rule id, ``learned.<site-slug>.<n>`` (n from 1, most
            frequent first).
        site: the site (``*`` when the corpus was not split by site).
        text: the paragraph as first seen, whitespace collapsed.
        documents: documents of the site that contain it.
        site_documents: documents of the site.
        examples: ids of the first documents that contain it (``#N``, the
            record's position from 1, for a record without an id).
        other_sites: other sites that show it below the bar.
        other_documents: documents of those sites that contain it.
    """

    id: str
    site: str
    text: str
    documents: int
    site_documents: int
    examples: tuple[str, ...] = ()
    other_sites: int = 0
    other_documents: int = 0

    @property
    def share(self) -> float:
        """The share of the site's documents that contain the paragraph."""
        return self.documents / self.site_documents if self.site_documents else 0.0

    @property
    def why(self) -> str:
        """The rule's one-line reason, with the count."""
        where = "the corpus" if self.site == ALL_SITES else self.site
        return f"Frame line learned from {where}: on {self.documents} of {self.site_documents} pages."

    def to_rule(self, *, source: str = "<learned>") -> Rule:
        """The :class:`~dedupe_article.rules.Rule` this becomes (an ``exact`` rule)."""
        return Rule(id=self.id, kind="exact", pattern=self.text, why=self.why, drop=(self.text,), source=source)


class ParagraphCounts:
    """Per site: how many documents there are, and how many contain each paragraph.

    The first stage of learning; counts from separate parts of a corpus add
    up with :meth:`merge` (what a map-reduce engine does).
    """

    def __init__(self) -> None:
        self.site_documents: dict[str, int] = {}
        self.documents: dict[str, dict[int, int]] = {}

    def add(self, site: str, hashes: Iterable[int]) -> None:
        """Count one document of ``site`` whose paragraphs have these hashes (each once)."""
        self.site_documents[site] = self.site_documents.get(site, 0) + 1
        counts = self.documents.setdefault(site, {})
        for h in hashes:
            counts[h] = counts.get(h, 0) + 1

    def merge(self, other: ParagraphCounts) -> ParagraphCounts:
        """Add another part's counts to these; returns ``self``."""
        for site, n in other.site_documents.items():
            self.site_documents[site] = self.site_documents.get(site, 0) + n
        for site, theirs in other.documents.items():
            mine = self.documents.setdefault(site, {})
            for h, n in theirs.items():
                mine[h] = mine.get(h, 0) + n
        return self

    def rows(self) -> Iterator[tuple[str, int, int]]:
        """``(site, hash, documents)`` for every paragraph seen on every site."""
        for site, counts in self.documents.items():
            for h, n in counts.items():
                yield site, h, n


def select_frame(
    site_documents: Mapping[str, int], rows: Iterable[tuple[str, int, int]], settings: LearnSettings
) -> dict[tuple[str, int], Evidence]:
    """Decide which paragraphs are frame lines, from their counts.

    ``rows`` are ``(site, hash, documents)``; they must include every site's
    row for each hash that recurs somewhere (rows of other hashes are
    ignored). A paragraph is chosen for a site when it recurs there
    (:meth:`LearnSettings.recurs`) and fewer than ``shared_sites`` other
    sites show it below the bar.

    Returns:
        ``{(site, hash): Evidence}`` for the chosen paragraphs.
    """
    by_hash: dict[int, list[tuple[str, int]]] = {}
    for site, h, n in rows:
        by_hash.setdefault(h, []).append((site, n))
    chosen: dict[tuple[str, int], Evidence] = {}
    for h, seen in by_hash.items():
        recurring = [(s, n) for s, n in seen if settings.recurs(n, site_documents[s])]
        if not recurring:
            continue
        below = [(s, n) for s, n in seen if not settings.recurs(n, site_documents[s])]
        if settings.shared_sites and len(below) >= settings.shared_sites:
            continue  # shared content: other sites carry it in some of their articles
        for site, n in recurring:
            others = [(s, m) for s, m in seen if s != site]
            chosen[(site, h)] = Evidence(n, site_documents[site], len(others), sum(m for _, m in others))
    return chosen


class FrameExamples:
    """For each chosen paragraph: its text as first seen and its first example documents.

    The second stage of learning. Occurrences may arrive in any order (from
    parallel parts of a corpus): the text of the earliest document wins and
    the earliest ``limit`` documents are kept, so the result does not depend
    on the order.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.first: dict[tuple[str, int], tuple[int, str]] = {}
        self.examples: dict[tuple[str, int], list[tuple[int, str]]] = {}

    def add(self, site: str, h: int, index: int, name: str, text: str) -> None:
        """Record that document ``index`` (named ``name``) of ``site`` has paragraph ``h`` as ``text``."""
        self.add_text(site, h, index, text)
        self.add_example(site, h, index, name)

    def add_text(self, site: str, h: int, index: int, text: str) -> None:
        """Record the paragraph's text in document ``index`` (the earliest document's wins)."""
        first = self.first.get((site, h))
        if first is None or index < first[0]:
            self.first[(site, h)] = (index, text)

    def add_example(self, site: str, h: int, index: int, name: str) -> None:
        """Record document ``index`` as an example (the earliest ``limit`` are kept)."""
        examples = self.examples.setdefault((site, h), [])
        if len(examples) < self.limit or (examples and index < examples[-1][0]):
            examples.append((index, name))
            examples.sort()
            del examples[self.limit :]


def document_name(record: Mapping[str, Any], id_field: str | None, index: int) -> str:
    """How a rule file names a document: its id, or ``#N`` (its position from 1)."""
    value = record.get(id_field) if id_field else None
    if value is None or isinstance(value, (dict, list)):
        return f"#{index + 1}"
    return " ".join(str(value).split())


def build_rules(
    chosen: Mapping[tuple[str, int], Evidence], examples: FrameExamples, settings: LearnSettings
) -> list[LearnedRule]:
    """Turn chosen paragraphs into rules: drop prose-like ones, number them per site.

    A paragraph of more than ``long_words`` words needs ``long_share``; one
    that cannot be written in a TOML file (a lone surrogate) is left out.
    Sites are taken in name order and each site's rules from the most
    frequent; ids are ``learned.<site-slug>.<n>``.
    """
    per_site: dict[str, list[tuple[int, str, Evidence, str]]] = {}
    for (site, h), evidence in chosen.items():
        _, raw = examples.first[(site, h)]
        text = " ".join(raw.split())
        if not _writable(text):
            continue
        words = count_words(paragraph_key(text))
        if words > settings.long_words and evidence.documents < settings.long_share * evidence.site_documents:
            continue
        per_site.setdefault(site, []).append((h, text, evidence, frame_key(text)))
    rules: list[LearnedRule] = []
    slugs: set[str] = set()
    for site in sorted(per_site):
        slug = base = site_slug(site)
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        entries = sorted(per_site[site], key=lambda e: (-e[2].documents, e[3], e[0]))
        for number, (h, text, evidence, _) in enumerate(entries, 1):
            names = tuple(name for _, name in examples.examples.get((site, h), []))
            rules.append(
                LearnedRule(
                    id=f"learned.{slug}.{number}",
                    site=site,
                    text=text,
                    documents=evidence.documents,
                    site_documents=evidence.site_documents,
                    examples=names,
                    other_sites=evidence.other_sites,
                    other_documents=evidence.other_documents,
                )
            )
    return rules


class LearnedRules(list[LearnedRule]):
    """The rules learned, and the counts that say why no paragraph was learned when none was.

    A list of :class:`LearnedRule` (it compares equal to a plain list of
    the same rules); :meth:`why_empty` names the setting that kept every
    paragraph out.

    Attributes:
        settings: the policy used.
        site_documents: documents per site.
        most: per site, the most documents of the site that one paragraph is on.
        widest: the paragraph on at least ``min_docs`` documents of its site
            with the highest share of them, as ``(documents, site
            documents, site)``; ``None`` when there is none.
        recurring: paragraphs (per site) that cleared ``min_docs`` and
            ``min_share``.
        chosen: those that are not shared content (``shared_sites``).
    """

    def __init__(
        self,
        rules: Iterable[LearnedRule] = (),
        *,
        settings: LearnSettings | None = None,
        site_documents: Mapping[str, int] | None = None,
        most: Mapping[str, int] | None = None,
        widest: tuple[int, int, str] | None = None,
        recurring: int = 0,
        chosen: int = 0,
    ) -> None:
        super().__init__(rules)
        self.settings = LearnSettings() if settings is None else settings
        self.site_documents = dict(site_documents or {})
        self.most = dict(most or {})
        self.widest = widest
        self.recurring = recurring
        self.chosen = chosen

    @classmethod
    def tally(
        cls,
        rules: Iterable[LearnedRule],
        settings: LearnSettings,
        site_documents: Mapping[str, int],
        most: Mapping[str, int],
        frequent: Iterable[tuple[str, int]],
        chosen: int,
    ) -> LearnedRules:
        """The rules with their counts.

        ``frequent`` holds ``(site, documents)`` for each paragraph on
        ``min_docs`` documents of its site or more; ``chosen`` counts the
        paragraphs :func:`select_frame` chose.
        """
        widest: tuple[int, int, str] | None = None
        recurring = 0
        for site, n in frequent:
            total = site_documents[site]
            recurring += settings.recurs(n, total)
            if widest is None or (n / total, n, site) > (widest[0] / widest[1], widest[0], widest[2]):
                widest = (n, total, site)
        return cls(
            rules,
            settings=settings,
            site_documents=site_documents,
            most=most,
            widest=widest,
            recurring=recurring,
            chosen=chosen,
        )

    def why_empty(self, name: Callable[[str], str] = str) -> str:
        """Why no rule was learned, naming the setting to change; ``""`` when there are rules.

        ``name`` turns a setting's name into the name to show (a command-line
        option, say).

        >>> pages = [{"site": "a.com", "text": f"Menu\\nStory {i}."} for i in range(3)]
        >>> learn_boilerplate(pages, site_of=SiteField("site")).why_empty()
        'every site has fewer than min_docs 10 documents (the largest: 3 documents of a.com); lower min_docs'
        """
        if self:
            return ""
        settings = self.settings
        if not self.site_documents:
            return "the corpus has no documents"
        min_docs, min_share = name("min_docs"), name("min_share")
        largest = min(self.site_documents, key=lambda site: (-self.site_documents[site], site))
        if self.site_documents[largest] < settings.min_docs:
            if largest == ALL_SITES:
                where = f"the corpus has {_count(self.site_documents[largest], 'document')}"
                return f"{where}, fewer than {min_docs} {settings.min_docs}; lower {min_docs}"
            return (
                f"every site has fewer than {min_docs} {settings.min_docs} documents "
                f"(the largest: {_count(self.site_documents[largest], 'document')} of {largest}); lower {min_docs}"
            )
        if self.widest is None:
            most = {site: self.most.get(site, 0) for site in self.site_documents}
            top = min(most, key=lambda site: (-most[site], -self.site_documents[site], site))
            return (
                f"no line occurs in {min_docs} {settings.min_docs} documents of one site (at most in "
                f"{most[top]} of the {self.site_documents[top]} documents of {_where(top)}); lower {min_docs}"
            )
        if not self.recurring:
            n, total, site = self.widest
            return (
                f"no line on {min_docs} {settings.min_docs} documents is on {min_share} {settings.min_share:g} of "
                f"its site's documents (at most on {n} of the {total} documents of {_where(site)}); lower {min_share}"
            )
        if not self.chosen:
            shared = name("shared_sites")
            return (
                f"every line that recurs on a site is on some pages of {shared} {settings.shared_sites} or more "
                f"other sites (shared content); raise {shared}, or set it to 0 for no check"
            )
        long_words, long_share = name("long_words"), name("long_share")
        return (
            f"every line that recurs has more than {long_words} {settings.long_words} words and is on less than "
            f"{long_share} {settings.long_share:g} of its site's documents; raise {long_words} or lower {long_share}"
        )


def _where(site: str) -> str:
    return "the corpus" if site == ALL_SITES else site


def _writable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return bool(text)


def learn_boilerplate(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    site_of: SiteOf | None = None,
    min_docs: int = 10,
    min_share: float = 0.5,
    long_words: int = 30,
    long_share: float = 0.9,
    shared_sites: int = 2,
    examples: int = 3,
    layout: str = "auto",
    progress: Progress | None = None,
) -> LearnedRules:
    """Learn the paragraphs each site repeats on its pages (its frame).

    Paragraphs are counted once per document, per site, on the hash of the
    form exact rules compare in (:func:`frame_key`). A paragraph becomes a
    rule for a site when it is on at least ``min_docs`` documents and
    ``min_share`` of the site's documents, when it is not prose-like (more
    than ``long_words`` words) unless on ``long_share`` of them, and when it
    is not shared content that ``shared_sites`` other sites carry on only
    some of their pages. See ``docs/scale.md`` for the policy.

    The corpus is read twice (counts, then texts and examples of the chosen
    paragraphs), so ``records`` must be a list or another iterable that
    starts over on each ``iter()``, not a one-shot iterator.

    >>> pages = [{"id": i, "site": "a.com", "text": f"Menu\\nStory {i}.\\nAbout us"} for i in range(4)]
    >>> [(r.id, r.text, r.documents) for r in learn_boilerplate(pages, site_of=SiteField("site"), min_docs=3)]
    [('learned.a-com.1', 'About us', 4), ('learned.a-com.2', 'Menu', 4)]

    Args:
        records: the documents, as dicts with a string ``text_field``.
        text_field: the field holding the text.
        id_field: the field naming a document in the examples (``None``:
            use positions).
        site_of: the site of a record (:class:`SiteField`, :class:`UrlHost`
            or any picklable callable); ``None`` puts every document in one
            group, named ``*``.
        min_docs, min_share, long_words, long_share, shared_sites: the
            policy, see :class:`LearnSettings`.
        examples: example document ids kept per rule.
        layout: how documents are split into paragraphs, as in ``clean``.
        progress: called as records are read: ``("counting", records,
            None)`` on the first pass, ``("collecting", records, total)``
            on the second.

    Returns:
        The learned rules, by site name, each site's most frequent first
        (a list; :meth:`LearnedRules.why_empty` says why it is empty).

    Raises:
        TypeError: ``records`` is a one-shot iterator, or a record's text is
            not a string.
        ValueError: a setting is out of range, or ``site_of`` fails on a
            record (the message names the record's position).
    """
    settings = LearnSettings(
        min_docs=min_docs,
        min_share=min_share,
        long_words=long_words,
        long_share=long_share,
        shared_sites=shared_sites,
        examples=examples,
        layout=layout,
    )
    if iter(records) is records:
        raise TypeError("records must be a list or a re-iterable corpus: learning reads it twice")
    counts = ParagraphCounts()
    total = 0
    for index, site, _, paragraphs in _frame_documents(records, text_field, id_field, site_of, settings.layout):
        counts.add(site, paragraphs)
        total = index + 1
        if progress is not None:
            progress("counting", total, None)
    chosen = select_frame(counts.site_documents, counts.rows(), settings)
    found = FrameExamples(settings.examples)
    wanted = {h for _, h in chosen}
    if chosen:
        for index, site, name, paragraphs in _frame_documents(records, text_field, id_field, site_of, settings.layout):
            for h, text in paragraphs.items():
                if h in wanted and (site, h) in chosen:
                    found.add(site, h, index, name, text)
            if progress is not None:
                progress("collecting", index + 1, total)
    most = {site: max(n.values(), default=0) for site, n in counts.documents.items()}
    frequent = [(site, n) for site, _, n in counts.rows() if n >= settings.min_docs]
    rules = build_rules(chosen, found, settings)
    return LearnedRules.tally(rules, settings, counts.site_documents, most, frequent, len(chosen))


def _frame_documents(
    records: Iterable[Mapping[str, Any]], text_field: str, id_field: str | None, site_of: SiteOf | None, layout: str
) -> Iterator[tuple[int, str, str, dict[int, str]]]:
    for index, record in enumerate(records):
        text = record.get(text_field)
        if not isinstance(text, str):
            raise TypeError(f"record {index + 1}: field {text_field!r} is missing or not a string")
        site = ALL_SITES if site_of is None else _site(site_of, record, index)
        yield index, site, document_name(record, id_field, index), frame_paragraphs(text, layout=layout)


def _site(site_of: SiteOf, record: Mapping[str, Any], index: int) -> str:
    try:
        site = site_of(record)
    except ValueError as exc:
        raise ValueError(f"record {index + 1}: {exc}") from None
    if not isinstance(site, str):
        raise ValueError(f"record {index + 1}: the site must be a string, not {type(site).__name__}")
    return site


def format_rule_file(rules: Sequence[LearnedRule], *, documents: int | None = None, note: str = "") -> str:
    """Write learned rules as a TOML rule file for ``clean --rules``.

    Each rule carries its count in ``why`` and, in comments, the example
    documents and how often other sites show the paragraph, so that a
    person can review it. :func:`~dedupe_article.rules.load_rules` reads the
    file back.

    >>> rule = LearnedRule("learned.a-com.1", "a.com", "Share this", 9, 10, ("p1", "p7"))
    >>> print(format_rule_file([rule]).split("\\n\\n")[-1], end="")
    [[rules]]
    # on 9 of 10 pages of a.com; examples: p1, p7
    id = "learned.a-com.1"
    kind = "exact"
    pattern = "Share this"
    why = "Frame line learned from a.com: on 9 of 10 pages."
    drop = ["Share this"]

    Args:
        rules: the rules, as :func:`learn_boilerplate` returns them.
        documents: the corpus size, for the header.
        note: a line for the header (the settings used, say).
    """
    sites = sorted({r.site for r in rules})
    lines = ["# Frame lines learned by dedupe-article learn" + (f" from {documents} documents" if documents else "")]
    if note:
        lines.append(f"# {_one_line(note)}")
    lines += [
        f"# {_count(len(rules), 'rule')} for {_count(len(sites), 'site')}. Review them before use: delete a rule",
        "# to keep its paragraph. Each rule removes its paragraph from every document cleaned with this file:",
        "# dedupe-article clean --rules THIS_FILE ...",
    ]
    for rule in rules:
        where = "the corpus" if rule.site == ALL_SITES else rule.site
        note = f"# on {rule.documents} of {rule.site_documents} pages of {where}"
        if rule.other_sites:
            note += f"; also on {_count(rule.other_documents, 'page')} of {_count(rule.other_sites, 'other site')}"
        if rule.examples:
            note += "; examples: " + ", ".join(_one_line(e) for e in rule.examples)
        lines += [
            "",
            "[[rules]]",
            note,
            f"id = {_toml_string(rule.id)}",
            'kind = "exact"',
            f"pattern = {_toml_string(rule.text)}",
            f"why = {_toml_string(rule.why)}",
            f"drop = [{_toml_string(rule.text)}]",
        ]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _count(n: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


# --- near-duplicate documents ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DedupeSettings:
    """How near-duplicate documents are found.

    Attributes:
        threshold: rapidfuzz similarity (0-100, ``fuzz.ratio`` of the
            normalised texts) from which two documents are duplicates.
        containment: a document whose shingles are at least this share (0-1)
            of another's is a trimmed copy of it, whatever the similarity.
        min_shingles: the contained document must have at least this many
            shingles (about as many words), so that a short page of site
            frame alone is not a copy of every article of the site.
        shingle: words per shingle (Chinese and Japanese: characters).
        num_perm: MinHash values per document (one-permutation hashing).
        bands: LSH bands; ``num_perm / bands`` values per band. Two documents
            become a candidate pair when one band is equal.
        anchor_words: a paragraph of at least this many words is an anchor:
            two documents sharing one become a candidate pair (finds trimmed
            copies whose MinHash similarity is low). 0 turns anchors off.
        common_docs: a paragraph found on this many documents of a site or
            more is common there (the site's frame; with no sites given,
            on this many documents of the corpus). Documents are compared
            without their common paragraphs (:func:`compare_views`), so that
            two copies of an article under different frames are found and
            two articles under one frame are not. 0 turns this off.
        max_bucket: a bucket (band key or anchor) with more documents is
            paired by its first document only (a star, not all pairs): a
            long paragraph of site frame costs one comparison per page.
        keep: which document of a cluster stays: ``first`` (in input order)
            or ``longest`` (the longest normalised text; the first of equals).
            A cluster is built around that document: every other member
            matches it (``threshold`` or ``containment``), not merely some
            other member.
        names: two documents that each have at least three names and
            numbers (:func:`document_marks`) are different documents,
            however alike the rest, when they share less than this share of
            them (of the document with fewer): one template filled in for
            another company, other figures. 0 turns this off.
        layout: how documents are split into paragraphs.
    """

    threshold: float = 80.0
    containment: float = 0.7
    min_shingles: int = 20
    shingle: int = 5
    num_perm: int = 128
    bands: int = 32
    anchor_words: int = 12
    common_docs: int = 20
    max_bucket: int = 64
    keep: Keep = "first"
    names: float = 0.5
    layout: str = "auto"

    def __post_init__(self) -> None:
        for name in ("threshold", "containment", "names"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, not {type(value).__name__}")
        for name in ("min_shingles", "shingle", "num_perm", "bands", "anchor_words", "common_docs", "max_bucket"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
        if not 0 < self.threshold <= 100:
            raise ValueError(f"threshold must be in (0, 100], got {self.threshold!r}")
        if not 0 < self.containment <= 1:
            raise ValueError(f"containment must be in (0, 1], got {self.containment!r}")
        if not 0 <= self.names <= 1:
            raise ValueError(f"names must be in [0, 1], got {self.names!r}")
        if self.shingle < 1 or self.num_perm < 1 or self.bands < 1 or self.max_bucket < 2:
            raise ValueError("shingle, num_perm and bands must be at least 1, max_bucket at least 2")
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")
        if self.min_shingles < 0 or self.anchor_words < 0 or self.common_docs < 0:
            raise ValueError("min_shingles, anchor_words and common_docs must not be negative")
        if self.keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', got {self.keep!r}")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")


_TOKEN = re.compile(f"[{CJK_CLASS}]|[^\\s{CJK_CLASS}]+")
# Densified MinHash values are moved above every real (32-bit) value.
_OFFSET = 1 << 32


def normalise_document(text: str, *, layout: str = "auto") -> str:
    """A document's normalised text: the key of each paragraph, one per line.

    Keys are :func:`~dedupe_article.keys.paragraph_key`: case, Unicode
    forms, punctuation and spacing no longer matter.

    >>> normalise_document("Hello,  WORLD!\\n\\n\\u00bfQu\\u00e9 tal?\\n---\\n")
    'hello world\\nqué tal'
    """
    keys = (key_of_plain(plain_text(p.text)) for p in split_paragraphs(text, layout=layout))
    return "\n".join(k for k in keys if k)


# A word, or a mark that ends a sentence (the next word is capitalised as any first word is).
_NAME_TOKEN = re.compile(r"\w+|[.!?:;\N{HORIZONTAL ELLIPSIS}\N{IDEOGRAPHIC FULL STOP}]")
# A number in a normalised text: digit groups (punctuation between them is gone: 1,200 is "1 200").
_NUMBER = re.compile(r"\d+(?: \d+)*")
# Fewer names and numbers than this in either document: too few to tell two documents apart.
_MARKS_MIN = 3


def document_names(text: str) -> str:
    """The words a document writes as names: capitalised inside a sentence, never in lower case.

    Only scripts with capital letters have them (none in Chinese or
    Japanese, where numbers alone tell templated documents apart). The
    words are in the form of the normalised text (:func:`normalise_document`),
    space-separated, sorted.

    >>> document_names("Acme Corp said on Tuesday that Jane Smith would lead it.\\nThe Board agreed; the board met.")
    'corp jane smith tuesday'
    """
    capitalised: set[str] = set()
    lower: set[str] = set()
    for line in text.splitlines():
        initial = True
        for token in _NAME_TOKEN.findall(line):
            first = token[0]
            if not first.isalnum() and first != "_":
                initial = True
                continue
            if first.isupper():
                if not initial and not any(c.isdigit() for c in token):
                    capitalised.add(token)
            elif first.islower():
                lower.add(token)
            initial = False
    lowered = {word for token in lower for word in key_of_plain(plain_text(token)).split()}
    names = {word for token in capitalised for word in key_of_plain(plain_text(token)).split()}
    return " ".join(sorted(w for w in names - lowered if len(w) > 1 and not w.isdigit()))


def document_marks(normalised: str, names: Collection[str] = ()) -> frozenset[str]:
    """The names and numbers of a normalised text: what a template changes from one document to the next.

    ``names`` are the document's names (:func:`document_names`, split);
    numbers are runs of digit groups.

    >>> sorted(document_marks("acme corp earned 4 2 billion in 2024", {"acme", "corp", "jane"}))
    ['2024', '4 2', 'acme', 'corp']
    """
    marks = set(_NUMBER.findall(normalised))
    if names:
        marks.update(word for word in normalised.split() if word in names)
    return frozenset(marks)


def marks_agree(a: Collection[str], b: Collection[str]) -> float:
    """The share of the names and numbers of the document with fewer that the other has too.

    1.0 when either has fewer than three: too few to tell documents apart.

    >>> marks_agree({"acme", "jane", "4 2"}, {"borealis", "tomas", "7 9"}), marks_agree({"acme"}, {"x"})
    (0.0, 1.0)
    """
    fewer, more = (a, b) if len(a) <= len(b) else (b, a)
    if len(fewer) < _MARKS_MIN:
        return 1.0
    return sum(1 for mark in fewer if mark in more) / len(fewer)


def shingle_hashes(normalised: str, *, shingle: int = 5) -> list[int]:
    """CRC-32 hashes of the word shingles of a normalised text.

    Shingles are runs of ``shingle`` words (Chinese and Japanese characters
    count as words); a text shorter than one shingle is one shingle.

    >>> len(shingle_hashes("a b c d e f g", shingle=5)), shingle_hashes("a b", shingle=5) == [zlib.crc32(b"a b")]
    (3, True)
    """
    if not normalised.isascii() and has_cjk(normalised):
        words = [w.encode("utf-8", "surrogatepass") for w in _TOKEN.findall(normalised)]
    else:
        words = normalised.encode("utf-8", "surrogatepass").split()
    if len(words) < shingle:
        return [zlib.crc32(b" ".join(words))] if words else []
    join = b" ".join
    return list(map(zlib.crc32, map(join, zip(*(words[i:] for i in range(shingle)), strict=False))))


def minhash_signature(text: str, *, num_perm: int = 128, shingle: int = 5, layout: str = "auto") -> tuple[int, ...]:
    """The MinHash signature of a document's normalised word shingles.

    One-permutation hashing: each shingle is hashed once (CRC-32) and falls
    in one of ``num_perm`` bins by its hash; a bin keeps its smallest hash.
    Empty bins borrow the value of the next non-empty bin (rotation
    densification), so that two signatures agree in a bin with probability
    about the Jaccard similarity of the two shingle sets. Pure Python, a few
    microseconds per shingle.

    >>> a = minhash_signature("The council approved the budget for next year on Monday evening.")
    >>> b = minhash_signature("THE COUNCIL APPROVED the budget for next year, on Monday evening!")
    >>> len(a), a == b
    (128, True)
    >>> minhash_signature("")
    ()

    Returns:
        ``num_perm`` integers, or ``()`` for a text without words.
    """
    return signature_of(shingle_hashes(normalise_document(text, layout=layout), shingle=shingle), num_perm)


def signature_of(hashes: Iterable[int], num_perm: int) -> tuple[int, ...]:
    """The one-permutation MinHash signature of shingle hashes (see :func:`minhash_signature`)."""
    mins = {h % num_perm: h for h in sorted(hashes, reverse=True)}
    if not mins:
        return ()
    if len(mins) == num_perm:
        return tuple(mins[i] for i in range(num_perm))
    bins: list[int | None] = [mins.get(i) for i in range(num_perm)]
    filled = [0] * num_perm
    value, position = 0, 0
    for i in range(2 * num_perm - 1, -1, -1):
        j = i % num_perm
        current = bins[j]
        if current is not None:
            value, position = current, i
            filled[j] = current
        elif i < num_perm:
            filled[j] = value + (position - i) * _OFFSET
    return tuple(filled)


def band_keys(signature: Sequence[int], bands: int) -> list[int]:
    """The LSH bucket of each band of a signature (stable 64-bit hashes).

    >>> keys = band_keys(tuple(range(8)), 4)
    >>> len(keys), keys == band_keys(tuple(range(8)), 4), keys[0] == band_keys((0, 1, 9, 9, 9, 9, 9, 9), 4)[0]
    (4, True, True)
    """
    if not signature:
        return []
    rows = len(signature) // bands
    fmt = f"<H{rows}Q"
    return [stable_hash(struct.pack(fmt, b, *signature[b * rows : (b + 1) * rows])) for b in range(bands)]


class DocumentSketch(NamedTuple):
    """What dedup keeps of a document.

    Attributes:
        normalised: the normalised text (:func:`normalise_document`).
        bands: the LSH band keys (:func:`band_keys`).
        paragraphs: the hash of each distinct paragraph key, for counting
            common paragraphs.
        anchors: the hashes of the paragraphs long enough to be anchors
            (paragraphs common on the document's site are not used as
            anchors: a long frame paragraph shows no shared article).
        names: the words it writes as names (:func:`document_names`).
    """

    normalised: str
    bands: tuple[int, ...]
    paragraphs: tuple[int, ...]
    anchors: tuple[int, ...]
    names: str = ""


def sketch_document(text: str, settings: DedupeSettings) -> DocumentSketch:
    """Normalise a document and compute its band keys and paragraph hashes."""
    normalised = normalise_document(text, layout=settings.layout)
    signature = signature_of(shingle_hashes(normalised, shingle=settings.shingle), settings.num_perm)
    paragraphs: set[int] = set()
    anchors: set[int] = set()
    for key in normalised.split("\n") if normalised else ():
        paragraphs.add(stable_hash(key))
        if settings.anchor_words and count_words(key) >= settings.anchor_words:
            anchors.add(stable_hash(key))
    bands = tuple(band_keys(signature, settings.bands))
    names = document_names(text) if settings.names else ""
    return DocumentSketch(normalised, bands, tuple(sorted(paragraphs)), tuple(sorted(anchors)), names)


def bucket_pairs(members: Sequence[int], max_bucket: int) -> Iterator[tuple[int, int]]:
    """Candidate pairs ``(a, b)``, ``a < b``, from documents that share a bucket.

    Every pair for a bucket of at most ``max_bucket`` documents; a larger one
    pairs its first document with each other (a star), so that a bucket of
    site frame costs one comparison per document, not one per pair.

    >>> list(bucket_pairs([4, 1, 9], 8)), list(bucket_pairs([4, 1, 9], 2))
    ([(1, 4), (1, 9), (4, 9)], [(1, 4), (1, 9)])
    """
    ordered = sorted(set(members))
    if len(ordered) <= max_bucket:
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                yield a, b
    else:
        first = ordered[0]
        for b in ordered[1:]:
            yield first, b


def is_frame_anchor(key: int, common: Collection[int]) -> bool:
    """Whether an anchor is a common paragraph of its document's site (a long frame line: no evidence)."""
    return key in common


def shared_buckets(keyed: Iterable[tuple[int, int]]) -> Iterator[list[int]]:
    """The documents of each bucket that holds two or more, from ``(key, document)`` pairs.

    >>> list(shared_buckets([(7, 0), (5, 1), (7, 2), (7, 3)]))
    [[0, 2, 3]]
    """
    first: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for key, document in keyed:
        seen = first.setdefault(key, document)
        if seen != document:
            group = groups.get(key)
            if group is None:
                groups[key] = [seen, document]
            else:
                group.append(document)
    return iter(groups.values())


def candidate_pairs(buckets: Iterable[Sequence[int]], max_bucket: int) -> set[tuple[int, int]]:
    """Candidate pairs from the documents that share a bucket (:func:`bucket_pairs`).

    >>> sorted(candidate_pairs([[1, 2, 3], [2, 3]], 2))
    [(1, 2), (1, 3), (2, 3)]
    """
    pairs: set[tuple[int, int]] = set()
    for members in buckets:
        pairs.update(bucket_pairs(members, max_bucket))
    return pairs


class Comparison(NamedTuple):
    """How alike two documents are.

    Attributes:
        score: rapidfuzz ``fuzz.ratio`` of the normalised texts (0-100);
            ``0`` when below the ``score_cutoff`` it was computed with.
        containment: shared shingles over the shingles of the document
            with fewer (0-1).
        shingles: the number of shingles of that smaller document (0 when
            it is made only of common paragraphs: it is no trimmed copy).
        contained: which document has fewer shingles: ``0`` the first, ``1``
            the second (the second on a tie).
        core: whether the figures are for the texts without their common
            paragraphs (see ``common_docs`` in :class:`DedupeSettings`).
        names: the share of their names and numbers that they share
            (:func:`marks_agree`; 1.0 when either has fewer than three, and
            when the pair is no duplicate on its figures anyway).
        container_shingles: the number of shingles of the other document.
    """

    score: float
    containment: float
    shingles: int
    contained: int
    core: bool = False
    names: float = 1.0
    container_shingles: int = 0

    @property
    def mutual(self) -> float:
        """The shared shingles over those of the larger document (the containment the other way)."""
        return self.containment * self.shingles / self.container_shingles if self.container_shingles else 0.0


class DocumentView:
    """A normalised text ready to be compared (:func:`document_view`).

    Attributes:
        text: the normalised text.
        core: the text without its common paragraphs: the text itself when
            it has none, ``""`` when all its paragraphs are common.
        hashes: the :func:`stable_hash` of each paragraph.
        common: the hashes of its common paragraphs.
        names: the words the document writes as names (:func:`document_names`).
        shingles, core_shingles: the shingle hashes of the text and of the
            core, computed when first asked for.
    """

    __slots__ = ("_core_shingles", "_shingle", "_shingles", "common", "core", "hashes", "names", "text")

    def __init__(
        self,
        text: str,
        core: str,
        hashes: tuple[int, ...],
        common: frozenset[int],
        shingle: int,
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.text, self.core, self.hashes, self.common, self.names = text, core, hashes, common, names
        self._shingle = shingle
        self._shingles: set[int] | None = None
        self._core_shingles: set[int] | None = None

    @property
    def shingles(self) -> set[int]:
        if self._shingles is None:
            self._shingles = set(shingle_hashes(self.text, shingle=self._shingle))
        return self._shingles

    @property
    def core_shingles(self) -> set[int]:
        if self.core is self.text:
            return self.shingles
        if self._core_shingles is None:
            self._core_shingles = set(shingle_hashes(self.core, shingle=self._shingle))
        return self._core_shingles

    @property
    def has_core(self) -> bool:
        """Whether it has common paragraphs and other ones too."""
        return bool(self.core) and self.core != self.text

    @property
    def all_common(self) -> bool:
        """Whether every paragraph is common (a page of site frame alone, say)."""
        return bool(self.text) and not self.core


def document_view(normalised: str, *, shingle: int = 5, common: Collection[int] = (), names: str = "") -> DocumentView:
    """Prepare a normalised text for :func:`compare_views`.

    ``common`` holds the hashes of common paragraphs; ``names`` the
    document's names (:func:`document_names`).
    """
    paragraphs = normalised.split("\n") if normalised and common else []
    hashes = tuple(stable_hash(p) for p in paragraphs)
    mine = frozenset(h for h in hashes if h in common)
    words = frozenset(names.split())
    if not mine:
        return DocumentView(normalised, normalised, hashes, mine, shingle, words)
    core = "\n".join(p for p, h in zip(paragraphs, hashes, strict=True) if h not in mine)
    return DocumentView(normalised, core, hashes, mine, shingle, words)


def compare_views(
    a: DocumentView, b: DocumentView, settings: DedupeSettings, *, score_cutoff: float | None = None
) -> Comparison:
    """Compare two documents on what tells whether they hold the same article.

    Common paragraphs (a site's frame) say nothing about it: two different
    short articles under one site's frame look alike as a whole, and two
    copies of one article under two sites' frames look different. So when
    both documents have common paragraphs and other ones, their cores (the
    other ones) are compared; otherwise the whole texts are (a document
    without a frame, or one whose paragraphs are all common: a copy of a
    story so widely carried that its paragraphs became common too).

    A document made only of common paragraphs is never a trimmed copy
    (``shingles`` is then 0): a page of site frame alone is contained in
    every article of its site.

    The names and numbers of the compared texts (:func:`document_marks`)
    are compared too (``names`` in :class:`DedupeSettings`): one template
    filled in twice is alike in every word but those.
    """
    if a.has_core and b.has_core:
        text_a, shingles_a, text_b, shingles_b = a.core, a.core_shingles, b.core, b.core_shingles
    else:
        text_a, shingles_a, text_b, shingles_b = a.text, a.shingles, b.text, b.shingles
    comparison = _compare(text_a, shingles_a, text_b, shingles_b, score_cutoff, core=a.has_core and b.has_core)
    if settings.names and (comparison.score >= settings.threshold or _contained(comparison, settings)):
        agree = marks_agree(document_marks(text_a, a.names), document_marks(text_b, b.names))
        comparison = comparison._replace(names=agree)
    if (a, b)[comparison.contained].all_common:
        return comparison._replace(shingles=0)
    return comparison


def compare_documents(
    a: str,
    b: str,
    *,
    settings: DedupeSettings | None = None,
    common: Collection[int] = (),
    score_cutoff: float | None = None,
    names: tuple[str, str] = ("", ""),
) -> Comparison:
    """Compare two normalised texts: similarity, containment, names and numbers.

    With ``common`` paragraph hashes, as :func:`compare_views` says: by
    their cores when both have common paragraphs and other ones.

    >>> full = "the mayor opened the new bridge on monday and thanked the builders for their work"
    >>> c = compare_documents(full, " ".join(full.split()[:8]), settings=DedupeSettings(shingle=3))
    >>> c.containment, c.contained, c.score < 80
    (1.0, 1, True)

    Args:
        a, b: normalised texts (:func:`normalise_document`).
        settings: shingle size and thresholds (default :class:`DedupeSettings`).
        common: hashes of common paragraphs (:func:`stable_hash` of their keys).
        score_cutoff: a similarity below this is reported as 0 (faster).
        names: each document's names (:func:`document_names` of the
            original texts; without them only numbers are compared).
    """
    settings = DedupeSettings() if settings is None else settings
    view_a = document_view(a, shingle=settings.shingle, common=common, names=names[0])
    view_b = document_view(b, shingle=settings.shingle, common=common, names=names[1])
    return compare_views(view_a, view_b, settings, score_cutoff=score_cutoff)


def _compare(a: str, sa: set[int], b: str, sb: set[int], score_cutoff: float | None, *, core: bool) -> Comparison:
    score = fuzz.ratio(a, b, score_cutoff=score_cutoff)
    smaller, larger, contained = (sa, sb, 0) if len(sa) < len(sb) else (sb, sa, 1)
    containment = len(sa & sb) / len(smaller) if smaller else 0.0
    return Comparison(score, containment, len(smaller), contained, core, container_shingles=len(larger))


def is_duplicate(comparison: Comparison, settings: DedupeSettings) -> bool:
    """Whether a comparison makes two documents duplicates.

    They are similar (``threshold``) or one is contained in the other, and
    their names and numbers agree (``names``).
    """
    if settings.names and comparison.names < settings.names:
        return False
    return comparison.score >= settings.threshold or _contained(comparison, settings)


def _contained(comparison: Comparison, settings: DedupeSettings) -> bool:
    return comparison.containment >= settings.containment and comparison.shingles >= max(settings.min_shingles, 1)


@dataclass(frozen=True)
class DocumentMatch:
    """A document removed as a near-duplicate of the document kept in its cluster.

    Attributes:
        index: the document's position in the input (from 0).
        id: its id field (``None`` when it has none).
        duplicate_of: the position of the kept document of its cluster.
        duplicate_of_id: that document's id.
        score: rapidfuzz similarity of the two normalised texts (0-100).
        containment: the share of the smaller document's shingles found in
            the other (1.0: a trimmed copy). Both figures are measured
            against the kept document, and one of them clears its threshold
            (clusters have no chains: see :func:`cluster_around`).
    """

    index: int
    id: Any
    duplicate_of: int
    duplicate_of_id: Any
    score: float
    containment: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (scores rounded)."""
        return {
            "index": self.index,
            "id": self.id,
            "duplicate_of": self.duplicate_of,
            "duplicate_of_id": self.duplicate_of_id,
            "score": round(self.score, 2),
            "containment": round(self.containment, 4),
        }


Progress = Callable[[str, int, int | None], None]
"""Called as work advances: ``(stage, done, total)``; ``total`` is ``None`` while unknown."""

CompareWith = Callable[[int, Sequence[int]], Iterable[Comparison]]
"""Compares one document with others: a :class:`Comparison` per other, in order, each of the pair ``(min, max)``."""


def cluster_documents(
    comparisons: Mapping[tuple[int, int], Comparison], lengths: Mapping[int, int], settings: DedupeSettings
) -> dict[int, int]:
    """Group documents into clusters around the document each keeps.

    :func:`cluster_around` on pairs compared beforehand: ``comparisons``
    must hold every verified pair (:func:`is_duplicate`); other pairs are
    ignored. The result does not depend on the order of ``comparisons``.

    >>> settings = DedupeSettings(keep="first")
    >>> chain = {(0, 1): Comparison(85.0, 0.6, 50, 1), (1, 2): Comparison(85.0, 0.6, 50, 1)}
    >>> cluster_documents(chain, {}, settings)  # 2 is like 1, not like 0, which is kept: a cluster of its own
    {1: 0}

    Args:
        comparisons: ``{(a, b): Comparison}``, ``a < b``.
        lengths: the length of each document's normalised text (for
            ``keep="longest"``); only documents in a verified pair are needed.
        settings: thresholds and the ``keep`` policy.

    Returns:
        ``{document: kept document}`` for every document that is removed.
    """
    neighbours: dict[int, list[int]] = {}
    for (a, b), comparison in comparisons.items():
        if is_duplicate(comparison, settings):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)

    def compare_with(document: int, others: Sequence[int]) -> Iterator[Comparison]:
        return (comparisons[(min(document, other), max(document, other))] for other in others)

    return cluster_around(neighbours, lengths, settings, compare_with)


def cluster_around(
    neighbours: Mapping[int, Collection[int]],
    lengths: Mapping[int, int] | Sequence[int],
    settings: DedupeSettings,
    compare_with: CompareWith,
    *,
    progress: Progress | None = None,
) -> dict[int, int]:
    """Build clusters around kept documents, so that every removed document matches the one kept for it.

    Documents are taken in keep order (input order, or longest first with
    ``keep="longest"``). A document that matches no kept document before it
    is kept, and compared with its candidate neighbours after it; a
    document that matches one or more kept documents is removed in favour
    of the first of them (in keep order: the cluster begun first is the
    one its copies joined most often). Matching (:func:`is_duplicate`) is direct: a document like a
    removed copy but not like the kept document is not pulled in through
    the copy (no chains), so the scores of every removal clear the
    thresholds against the document kept for it.

    A kept document contained in later ones (a trimmed copy kept by
    ``keep="first"``) takes in every document that contains it: two copies
    of a story may differ most in what each site adds, and a story common on
    its own site is compared by what is left of it there (its core). Use
    ``keep="longest"`` to keep the full copy.

    Only pairs of a kept document and a later neighbour are compared, so the
    work grows with the candidate pairs, not with the square of a cluster.

    Args:
        neighbours: each document's candidate neighbours (both ways).
        lengths: each document's normalised length (``keep="longest"``).
        settings: thresholds and the ``keep`` policy.
        compare_with: compares a document with others (see :data:`CompareWith`).
        progress: called with ``("comparing", documents done, documents)``.

    Returns:
        ``{document: kept document}`` for every document that is removed.
    """
    if settings.keep == "longest":
        order = sorted(neighbours, key=lambda d: (-lengths[d], d))
    else:
        order = sorted(neighbours)
    position = {document: i for i, document in enumerate(order)}
    offers: dict[int, int] = {}  # document -> position of the first kept document it matches
    removed: dict[int, int] = {}
    for step, document in enumerate(order, 1):
        if progress is not None:
            progress("comparing", step, len(order))
        here = position[document]
        offer = offers.pop(document, None)
        if offer is not None:
            removed[document] = order[offer]
            continue
        later = sorted((n for n in neighbours[document] if position[n] > here), key=position.__getitem__)
        matches = [
            other for other, c in zip(later, compare_with(document, later), strict=True) if is_duplicate(c, settings)
        ]
        for other in matches:
            offers.setdefault(other, here)
    return removed


def report_pairs(removed: Mapping[int, int]) -> list[tuple[int, int]]:
    """The pairs ``(a, b)``, ``a < b``, of each removed document and the document kept for it."""
    return sorted((min(d, kept), max(d, kept)) for d, kept in removed.items())


def needs_rescoring(comparison: Comparison | None, settings: DedupeSettings) -> bool:
    """Whether a pair's comparison must be recomputed for the report (missing, or its score cut off)."""
    return comparison is None or comparison.score < settings.threshold


def document_matches(
    removed: Mapping[int, int],
    comparisons: Mapping[tuple[int, int], Comparison],
    ids: Mapping[int, Any] | Sequence[Any],
) -> list[DocumentMatch]:
    """One :class:`DocumentMatch` per removed document, in input order."""
    matches = []
    for document, kept in sorted(removed.items()):
        comparison = comparisons[(min(document, kept), max(document, kept))]
        matches.append(
            DocumentMatch(document, ids[document], kept, ids[kept], comparison.score, comparison.containment)
        )
    return matches


def find_duplicate_documents(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    site_of: SiteOf | None = None,
    threshold: float = 80.0,
    containment: float = 0.7,
    keep: Keep = "first",
    min_shingles: int = 20,
    shingle: int = 5,
    num_perm: int = 128,
    bands: int = 32,
    anchor_words: int = 12,
    common_docs: int = 20,
    max_bucket: int = 64,
    names: float = DedupeSettings.names,
    layout: str = "auto",
    progress: Progress | None = None,
) -> list[DocumentMatch]:
    """Find near-duplicate documents and choose one document to keep per cluster.

    Candidates come from MinHash LSH over word shingles of the normalised
    text (:func:`minhash_signature`, :func:`band_keys`) and from shared long
    paragraphs (anchors); each candidate pair is verified with rapidfuzz
    (``threshold``) or containment (a trimmed copy), and on names and
    numbers (``names``); clusters are built around the kept documents by
    :func:`cluster_around`, so every removed document matches the document
    kept for it. The corpus is read once; what is kept per document is its
    bucket keys and its normalised text, compressed. Only pairs of a kept
    document and a later candidate are compared.

    >>> story = "The river rose two metres overnight and the old bridge was closed to traffic until further notice."
    >>> docs = [
    ...     {"id": "a", "text": "Home | News\\n" + story},
    ...     {"id": "b", "text": "Other story about the market, the prices and the weather of the week."},
    ...     {"id": "c", "text": story.upper() + "\\nShare this"},
    ... ]
    >>> [(m.id, m.duplicate_of_id) for m in find_duplicate_documents(docs, min_shingles=5)]
    [('c', 'a')]

    Args:
        records: the documents, as dicts with a string ``text_field``.
        text_field: the field holding the text.
        id_field: the field holding the id reported in the matches.
        site_of: the site of a record (:class:`SiteField`, :class:`UrlHost`);
            common paragraphs are then counted per site, so that a story
            that many sites carry is not taken for frame. ``None``: counted
            over the whole corpus.
        threshold, containment, keep, min_shingles, shingle, num_perm,
            bands, anchor_words, common_docs, max_bucket, names, layout: see
            :class:`DedupeSettings`.
        progress: called as records are read, ``("reading", records, None)``,
            and as documents are compared, ``("comparing", done, total)``.

    Returns:
        One :class:`DocumentMatch` per removed document, in input order.
        Documents not listed are kept.

    Raises:
        TypeError: a record's text is not a string.
        ValueError: a setting is out of range, or ``site_of`` fails on a record.
    """
    settings = DedupeSettings(
        threshold=threshold,
        containment=containment,
        keep=keep,
        min_shingles=min_shingles,
        shingle=shingle,
        num_perm=num_perm,
        bands=bands,
        anchor_words=anchor_words,
        common_docs=common_docs,
        max_bucket=max_bucket,
        names=names,
        layout=layout,
    )
    store = _SketchStore(settings)
    for index, record in enumerate(records):
        text = record.get(text_field)
        if not isinstance(text, str):
            raise TypeError(f"record {index + 1}: field {text_field!r} is missing or not a string")
        site = ALL_SITES if site_of is None else _site(site_of, record, index)
        store.add(sketch_document(text, settings), record.get(id_field) if id_field else None, site)
        if progress is not None:
            progress("reading", index + 1, None)
    store.finish()
    neighbours: dict[int, list[int]] = {}
    for a, b in candidate_pairs(store.buckets(), settings.max_bucket):
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    removed = cluster_around(neighbours, store.length, settings, store.compare_with, progress=progress)
    comparisons = store.comparisons
    rescore = [pair for pair in report_pairs(removed) if needs_rescoring(comparisons.get(pair), settings)]
    comparisons.update(store.compare(rescore))
    return document_matches(removed, comparisons, store.ids)


class _SketchStore:
    """The sketches of a corpus, kept compactly: keys in arrays, texts compressed."""

    def __init__(self, settings: DedupeSettings) -> None:
        self.settings = settings
        self.ids: list[Any] = []
        self.texts: list[bytes] = []
        self.names: list[str] = []
        self.length: list[int] = []
        self.comparisons: dict[tuple[int, int], Comparison] = {}
        self.site_numbers: dict[str, int] = {}
        self.site = array("l")
        # Per band: the key of each document that has one, and that document.
        self.band_keys = [array("q") for _ in range(settings.bands)]
        self.band_docs = [array("q") for _ in range(settings.bands)]
        self.anchor_keys, self.anchor_docs = array("q"), array("q")
        self.paragraph_counts: list[dict[int, int]] = []
        self.common: list[frozenset[int]] = []

    def add(self, sketch: DocumentSketch, record_id: Any, site: str = ALL_SITES) -> None:
        document = len(self.ids)
        self.ids.append(record_id)
        self.texts.append(zlib.compress(sketch.normalised.encode("utf-8", "surrogatepass"), 1))
        self.names.append(sketch.names)
        self.length.append(len(sketch.normalised))
        number = self.site_numbers.setdefault(site, len(self.site_numbers))
        if number == len(self.paragraph_counts):
            self.paragraph_counts.append({})
        self.site.append(number)
        for band, key in enumerate(sketch.bands):
            self.band_keys[band].append(key)
            self.band_docs[band].append(document)
        for key in sketch.anchors:
            self.anchor_keys.append(key)
            self.anchor_docs.append(document)
        if self.settings.common_docs:
            counts = self.paragraph_counts[number]
            for h in sketch.paragraphs:
                counts[h] = counts.get(h, 0) + 1

    def finish(self) -> None:
        """Find each site's common paragraphs once every document is in."""
        minimum = self.settings.common_docs
        self.common = [
            frozenset(h for h, n in counts.items() if n >= minimum) if minimum else frozenset()
            for counts in self.paragraph_counts
        ]
        self.paragraph_counts = []

    def buckets(self) -> Iterator[list[int]]:
        for keys, docs in zip(self.band_keys, self.band_docs, strict=True):
            yield from shared_buckets(zip(keys, docs, strict=True))
        common, site = self.common, self.site
        anchors = zip(self.anchor_keys, self.anchor_docs, strict=True)
        yield from shared_buckets((key, doc) for key, doc in anchors if not is_frame_anchor(key, common[site[doc]]))

    def view(self, document: int) -> DocumentView:
        text = zlib.decompress(self.texts[document]).decode("utf-8", "surrogatepass")
        common = self.common[self.site[document]]
        return document_view(text, shingle=self.settings.shingle, common=common, names=self.names[document])

    def compare_with(self, document: int, others: Sequence[int]) -> Iterator[Comparison]:
        """Compare a document with others (each pair as ``(min, max)``), cutting scores off at the threshold."""
        mine = self.view(document)
        cutoff = self.settings.threshold
        for other in others:
            theirs = self.view(other)
            a, b = (document, other) if document < other else (other, document)
            views = (mine, theirs) if document < other else (theirs, mine)
            comparison = compare_views(*views, self.settings, score_cutoff=cutoff)
            self.comparisons[(a, b)] = comparison
            yield comparison

    def compare(self, pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[tuple[int, int], Comparison]]:
        """Compare pairs ``(a, b)``, ``a < b``, without a score cutoff (for the report)."""
        for a, b in pairs:
            yield (a, b), compare_views(self.view(a), self.view(b), self.settings)


# --- cleaning one text field ------------------------------------------------------------


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


# --- reading JSON Lines corpora -----------------------------------------------------------


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
            f"{_count(len(self.locations), 'document')}; {len(self.matches)} removed as near-duplicates; "
            f"{len(self.locations) - len(self.matches)} kept ({_count(clusters, 'cluster')} of duplicates)"
        )


def dedupe_corpus(corpus: JsonlCorpus, **settings: Any) -> CorpusDedupe:
    """Run :func:`find_duplicate_documents` on a JSON Lines corpus, keeping where each record is.

    ``settings`` are the keyword arguments of :func:`find_duplicate_documents`
    (``text_field``, ``id_field``, ``threshold``, ...).
    """
    locations: list[tuple[str, int]] = []

    def records() -> Iterator[dict[str, Any]]:
        for line in corpus.lines(report=True):
            if line.record is not None:
                locations.append((line.name, line.line))
                yield line.record

    matches = find_duplicate_documents(records(), **settings)
    return CorpusDedupe(corpus, matches, locations)
