"""Learning a site's frame: the paragraphs it repeats on its pages (menus, footers, share buttons).

Learning runs in stages that a map-reduce engine can run apart
(:mod:`dedupe_article.dask` does): count, per site, the documents that
contain each paragraph (:class:`ParagraphCounts`, on the hash of its
:func:`frame_key`); choose the paragraphs that recur (:func:`select_frame`);
collect their texts and first example documents (:class:`FrameExamples`);
number them as rules (:func:`build_rules`). :func:`learn_boilerplate` runs
them on one machine; :mod:`dedupe_article.corpus.rule_file` writes the
result as a rule file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Unpack

from dedupe_article.corpus.settings import LearnOverrides, LearnSettings, with_overrides
from dedupe_article.corpus.sites import (
    ALL_SITES,
    Progress,
    SiteOf,
    counted,
    record_site,
    record_text,
    site_slug,
    stable_hash,
)
from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.paragraphs import split_paragraphs
from dedupe_article.rules import Rule, rule_text, strip_marks


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

        >>> from dedupe_article.corpus import SiteField
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
                where = f"the corpus has {counted(self.site_documents[largest], 'document')}"
                return f"{where}, fewer than {min_docs} {settings.min_docs}; lower {min_docs}"
            return (
                f"every site has fewer than {min_docs} {settings.min_docs} documents "
                f"(the largest: {counted(self.site_documents[largest], 'document')} of {largest}); lower {min_docs}"
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
    settings: LearnSettings | None = None,
    progress: Progress | None = None,
    **overrides: Unpack[LearnOverrides],
) -> LearnedRules:
    """Learn the paragraphs each site repeats on its pages (its frame).

    Paragraphs are counted once per document, per site, on the hash of the
    form exact rules compare in (:func:`frame_key`). A paragraph becomes a
    rule for a site when it is on at least ``min_docs`` documents and
    ``min_share`` of the site's documents, when it is not prose-like (more
    than ``long_words`` words) unless on ``long_share`` of them, and when it
    is not shared content that ``shared_sites`` other sites carry on only
    some of their pages (the settings of :class:`LearnSettings`). See
    ``docs/scale.md`` for the policy.

    The corpus is read twice (counts, then texts and examples of the chosen
    paragraphs), so ``records`` must be a list or another iterable that
    starts over on each ``iter()``, not a one-shot iterator.

    >>> from dedupe_article.corpus import SiteField
    >>> pages = [{"id": i, "site": "a.com", "text": f"Menu\\nStory {i}.\\nAbout us"} for i in range(4)]
    >>> rules = learn_boilerplate(pages, site_of=SiteField("site"), settings=LearnSettings(min_docs=3))
    >>> [(r.id, r.text, r.documents) for r in rules]
    [('learned.a-com.1', 'About us', 4), ('learned.a-com.2', 'Menu', 4)]
    >>> learn_boilerplate(pages, site_of=SiteField("site"), min_docs=3) == rules  # a setting as a keyword
    True

    Args:
        records: the documents, as dicts with a string ``text_field``.
        text_field: the field holding the text.
        id_field: the field naming a document in the examples (``None``:
            use positions).
        site_of: the site of a record (:class:`SiteField`, :class:`UrlHost`
            or any picklable callable); ``None`` puts every document in one
            group, named ``*``.
        settings: the policy, the number of examples kept per rule and the
            paragraph layout (default :class:`LearnSettings`).
        progress: called as records are read: ``("counting", records,
            None)`` on the first pass, ``("collecting", records, total)``
            on the second.
        overrides: single settings (``min_docs=20``, ...), replacing those
            of ``settings``.

    Returns:
        The learned rules, by site name, each site's most frequent first
        (a list; :meth:`LearnedRules.why_empty` says why it is empty).

    Raises:
        TypeError: ``records`` is a one-shot iterator, or a record's text is
            not a string.
        ValueError: a setting is out of range, or ``site_of`` fails on a
            record (the message names the record's position).
    """
    settings = with_overrides(settings, LearnSettings, overrides)
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
        text = record_text(record, text_field, index)
        site = record_site(site_of, record, index)
        yield index, site, document_name(record, id_field, index), frame_paragraphs(text, layout=layout)
