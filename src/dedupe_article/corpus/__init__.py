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
  clusters are built around the document each keeps.

Both take their policy whole, as :class:`LearnSettings` or
:class:`DedupeSettings` (``settings=``), where every default is written;
single settings may be given as keyword arguments on top.

Everything here is a pure function over iterables of dicts (JSON Lines
records) or over the stages' small picklable results, so the same code runs
on one machine (``dedupe-article learn`` and ``dedupe``) and inside Dask
partitions (:mod:`dedupe_article.dask`), with equal results. Hashes are
stable (BLAKE2b and CRC-32), never Python's ``hash()``, whose value for a
string changes from one process to the next.

The modules, each importable on its own, every public name re-exported here:

* ``sites``: records and their sites (:class:`SiteField`, :class:`UrlHost`),
  :func:`stable_hash`;
* ``settings``: :class:`LearnSettings`, :class:`DedupeSettings`;
* ``frames``: learning frame lines, stage by stage, and :func:`learn_boilerplate`;
* ``rule_file``: :func:`format_rule_file`;
* ``texts``: normalised text, names and numbers of a document;
* ``minhash``: shingles, signatures, band keys, buckets, candidate pairs;
* ``comparison``: verifying a pair (:func:`compare_views`, :func:`is_duplicate`);
* ``documents``: sketches, clustering and :func:`find_duplicate_documents`;
* ``jsonl``: JSON Lines corpora, :func:`clean_field`, :func:`dedupe_corpus`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time each name is imported on first use (below)
    from dedupe_article.corpus.comparison import (
        Comparison,
        DocumentView,
        compare_documents,
        compare_views,
        document_view,
        is_duplicate,
    )
    from dedupe_article.corpus.documents import (
        CompareWith,
        DocumentMatch,
        DocumentSketch,
        cluster_around,
        cluster_documents,
        document_matches,
        find_duplicate_documents,
        is_frame_anchor,
        needs_rescoring,
        report_pairs,
        sketch_document,
    )
    from dedupe_article.corpus.frames import (
        Evidence,
        FrameExamples,
        LearnedRule,
        LearnedRules,
        ParagraphCounts,
        build_rules,
        document_name,
        frame_key,
        frame_paragraphs,
        learn_boilerplate,
        select_frame,
    )
    from dedupe_article.corpus.jsonl import CorpusDedupe, JsonlCorpus, JsonlLine, clean_field, dedupe_corpus, read_jsonl
    from dedupe_article.corpus.minhash import (
        band_keys,
        bucket_pairs,
        candidate_pairs,
        minhash_signature,
        shared_buckets,
        shingle_hashes,
        signature_of,
    )
    from dedupe_article.corpus.rule_file import format_rule_file
    from dedupe_article.corpus.settings import (
        DedupeOverrides,
        DedupeSettings,
        Keep,
        LearnOverrides,
        LearnSettings,
        with_overrides,
    )
    from dedupe_article.corpus.sites import (
        ALL_SITES,
        Progress,
        SiteField,
        SiteOf,
        UrlHost,
        record_site,
        record_text,
        site_slug,
        stable_hash,
        url_host,
    )
    from dedupe_article.corpus.texts import document_marks, document_names, marks_agree, normalise_document

# Each public name and the module it lives in: importing the package (as the command line does, for
# the settings) does not import MinHash, clustering and the rest until a name is used.
_LAZY = {
    "ALL_SITES": "dedupe_article.corpus.sites",
    "CompareWith": "dedupe_article.corpus.documents",
    "Comparison": "dedupe_article.corpus.comparison",
    "CorpusDedupe": "dedupe_article.corpus.jsonl",
    "DedupeOverrides": "dedupe_article.corpus.settings",
    "DedupeSettings": "dedupe_article.corpus.settings",
    "DocumentMatch": "dedupe_article.corpus.documents",
    "DocumentSketch": "dedupe_article.corpus.documents",
    "DocumentView": "dedupe_article.corpus.comparison",
    "Evidence": "dedupe_article.corpus.frames",
    "FrameExamples": "dedupe_article.corpus.frames",
    "JsonlCorpus": "dedupe_article.corpus.jsonl",
    "JsonlLine": "dedupe_article.corpus.jsonl",
    "Keep": "dedupe_article.corpus.settings",
    "LearnOverrides": "dedupe_article.corpus.settings",
    "LearnSettings": "dedupe_article.corpus.settings",
    "LearnedRule": "dedupe_article.corpus.frames",
    "LearnedRules": "dedupe_article.corpus.frames",
    "ParagraphCounts": "dedupe_article.corpus.frames",
    "Progress": "dedupe_article.corpus.sites",
    "SiteField": "dedupe_article.corpus.sites",
    "SiteOf": "dedupe_article.corpus.sites",
    "UrlHost": "dedupe_article.corpus.sites",
    "band_keys": "dedupe_article.corpus.minhash",
    "bucket_pairs": "dedupe_article.corpus.minhash",
    "build_rules": "dedupe_article.corpus.frames",
    "candidate_pairs": "dedupe_article.corpus.minhash",
    "clean_field": "dedupe_article.corpus.jsonl",
    "cluster_around": "dedupe_article.corpus.documents",
    "cluster_documents": "dedupe_article.corpus.documents",
    "compare_documents": "dedupe_article.corpus.comparison",
    "compare_views": "dedupe_article.corpus.comparison",
    "dedupe_corpus": "dedupe_article.corpus.jsonl",
    "document_marks": "dedupe_article.corpus.texts",
    "document_matches": "dedupe_article.corpus.documents",
    "document_name": "dedupe_article.corpus.frames",
    "document_names": "dedupe_article.corpus.texts",
    "document_view": "dedupe_article.corpus.comparison",
    "find_duplicate_documents": "dedupe_article.corpus.documents",
    "format_rule_file": "dedupe_article.corpus.rule_file",
    "frame_key": "dedupe_article.corpus.frames",
    "frame_paragraphs": "dedupe_article.corpus.frames",
    "is_duplicate": "dedupe_article.corpus.comparison",
    "is_frame_anchor": "dedupe_article.corpus.documents",
    "learn_boilerplate": "dedupe_article.corpus.frames",
    "marks_agree": "dedupe_article.corpus.texts",
    "minhash_signature": "dedupe_article.corpus.minhash",
    "needs_rescoring": "dedupe_article.corpus.documents",
    "normalise_document": "dedupe_article.corpus.texts",
    "read_jsonl": "dedupe_article.corpus.jsonl",
    "record_site": "dedupe_article.corpus.sites",
    "record_text": "dedupe_article.corpus.sites",
    "report_pairs": "dedupe_article.corpus.documents",
    "select_frame": "dedupe_article.corpus.frames",
    "shared_buckets": "dedupe_article.corpus.minhash",
    "shingle_hashes": "dedupe_article.corpus.minhash",
    "signature_of": "dedupe_article.corpus.minhash",
    "site_slug": "dedupe_article.corpus.sites",
    "sketch_document": "dedupe_article.corpus.documents",
    "stable_hash": "dedupe_article.corpus.sites",
    "url_host": "dedupe_article.corpus.sites",
    "with_overrides": "dedupe_article.corpus.settings",
}


__all__ = [
    "ALL_SITES",
    "CompareWith",
    "Comparison",
    "CorpusDedupe",
    "DedupeOverrides",
    "DedupeSettings",
    "DocumentMatch",
    "DocumentSketch",
    "DocumentView",
    "Evidence",
    "FrameExamples",
    "JsonlCorpus",
    "JsonlLine",
    "Keep",
    "LearnOverrides",
    "LearnSettings",
    "LearnedRule",
    "LearnedRules",
    "ParagraphCounts",
    "Progress",
    "SiteField",
    "SiteOf",
    "UrlHost",
    "band_keys",
    "bucket_pairs",
    "build_rules",
    "candidate_pairs",
    "clean_field",
    "cluster_around",
    "cluster_documents",
    "compare_documents",
    "compare_views",
    "dedupe_corpus",
    "document_marks",
    "document_matches",
    "document_name",
    "document_names",
    "document_view",
    "find_duplicate_documents",
    "format_rule_file",
    "frame_key",
    "frame_paragraphs",
    "is_duplicate",
    "is_frame_anchor",
    "learn_boilerplate",
    "marks_agree",
    "minhash_signature",
    "needs_rescoring",
    "normalise_document",
    "read_jsonl",
    "record_site",
    "record_text",
    "report_pairs",
    "select_frame",
    "shared_buckets",
    "shingle_hashes",
    "signature_of",
    "site_slug",
    "sketch_document",
    "stable_hash",
    "url_host",
    "with_overrides",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dedupe_article.corpus' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
