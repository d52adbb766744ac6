"""The corpus jobs on Dask: clean, learn frame lines and find duplicates in a dask DataFrame.

Install the extra with ``pip install 'dedupe-article[dask]'``. Dask is
imported when a function here is first called, so that this module (and
the rest of the package) imports without it; a call without Dask raises an
``ImportError`` saying what to install.

Each function runs the same pure functions as the single-machine path of
:mod:`dedupe_article.corpus`, inside ``map_partitions``, with the shuffles a
corpus needs (paragraph counts per site, LSH buckets, candidate pairs joined
to their texts) done by Dask; only small tables reach the client: counts of
recurring paragraphs, verified pairs, matches. The results equal those of
the single-machine functions on the same rows in the same order, which the
tests check with Dask's synchronous scheduler and with a ``LocalCluster``.
Row positions (``DocumentMatch.index``, ``#N`` example names) count rows in
partition order, from 0.

The functions work with whichever scheduler is active: the default threads,
``dask.config.set(scheduler="synchronous")`` for debugging, or a
``distributed.Client`` connected to a cluster (see ``docs/scale.md``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any, Unpack

from dedupe_article.config import CleanConfig
from dedupe_article.corpus import (
    Comparison,
    DedupeOverrides,
    DedupeSettings,
    DocumentMatch,
    FrameExamples,
    LearnedRules,
    LearnOverrides,
    LearnSettings,
    ParagraphCounts,
    SiteField,
    UrlHost,
    bucket_pairs,
    build_rules,
    clean_field,
    cluster_documents,
    compare_views,
    document_matches,
    document_name,
    document_view,
    frame_paragraphs,
    is_duplicate,
    is_frame_anchor,
    needs_rescoring,
    record_site,
    record_text,
    report_pairs,
    select_frame,
    sketch_document,
    with_overrides,
)

INSTALL_HINT = "dedupe_article.dask needs Dask and pandas: pip install 'dedupe-article[dask]'"


def _require(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(f"{INSTALL_HINT} ({exc})") from exc


def _pandas() -> Any:
    _require("dask.dataframe")
    return _require("pandas")


# --- cleaning ------------------------------------------------------------------------------


def clean_dataframe(
    ddf: Any, column: str = "text", *, config: CleanConfig | None = None, output_column: str | None = None
) -> Any:
    """Clean the text in one column of a dask DataFrame, partition by partition.

    Each text is cleaned as ``dedupe-article clean`` cleans a JSON Lines
    field (:func:`dedupe_article.corpus.clean_field`); values that are not
    strings pass through. Lazy: returns a new dask DataFrame.

    Args:
        ddf: a ``dask.dataframe.DataFrame``.
        column: the column to clean.
        config: the cleaning options (default :class:`CleanConfig`); it is
            pickled to the workers, rule files included.
        output_column: write the cleaned text here instead of over ``column``.

    Returns:
        A dask DataFrame with the same columns (plus ``output_column``).
    """
    _pandas()
    target = output_column or column
    meta = ddf._meta.copy()
    meta[target] = meta[column]
    return ddf.map_partitions(_clean_partition, column, target, config or CleanConfig(), meta=meta)


def _clean_partition(df: Any, column: str, target: str, config: CleanConfig) -> Any:
    pd = _pandas()
    out = df.copy()
    values = [clean_field(text, config) if isinstance(text, str) else text for text in df[column]]
    out[target] = pd.Series(values, index=df.index, dtype=df[column].dtype)
    return out


# --- learning frame lines --------------------------------------------------------------------


def learn_boilerplate(
    ddf: Any,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    site_column: str | None = None,
    url_column: str | None = None,
    settings: LearnSettings | None = None,
    **overrides: Unpack[LearnOverrides],
) -> LearnedRules:
    """Learn each site's frame lines from a dask DataFrame.

    The same policy and result as :func:`dedupe_article.corpus.learn_boilerplate`
    with ``site_of=SiteField(site_column)`` or ``UrlHost(url_column)`` (or
    no site). Paragraph counts per (site, paragraph) are a Dask groupby;
    the client receives only the rows of paragraphs that recur somewhere,
    then the texts and first examples of the chosen ones. The data is read
    three times (row counts, paragraph counts, examples): persist ``ddf``
    first if it is expensive to produce.

    ``settings`` and single settings given as keywords (``min_docs=20``)
    are those of the single-machine function.

    Returns:
        The learned rules, as the single-machine function returns them
        (with the counts :meth:`~dedupe_article.corpus.LearnedRules.why_empty` reads).
    """
    pd = _pandas()
    settings = with_overrides(settings, LearnSettings, overrides)
    site = _site_of(site_column, url_column)
    offsets = _offsets(ddf)
    meta = pd.DataFrame({"site": pd.Series([], dtype=object), "hash": pd.Series([], dtype="int64")})
    meta["documents"] = pd.Series([], dtype="int64")
    partial = ddf.map_partitions(_count_partition, text_column, site, settings.layout, offsets, meta=meta)
    site_meta = pd.DataFrame({"site": pd.Series([], dtype=object), "documents": pd.Series([], dtype="int64")})
    totals_frame = ddf.map_partitions(_site_partition, site, offsets, meta=site_meta)
    site_documents = {str(s): int(n) for s, n in totals_frame.groupby("site")["documents"].sum().compute().items()}
    table = partial.groupby(["site", "hash"])["documents"].sum().reset_index().persist()
    frequent = table[table["documents"] >= settings.min_docs].compute()
    recurring = {
        int(h)
        for s, h, n in zip(frequent["site"], frequent["hash"], frequent["documents"], strict=True)
        if settings.recurs(int(n), site_documents[str(s)])
    }
    rows: list[tuple[str, int, int]] = []
    if recurring:
        seen = table[table["hash"].isin(sorted(recurring))].compute()
        rows = [(str(s), int(h), int(n)) for s, h, n in zip(seen["site"], seen["hash"], seen["documents"], strict=True)]
    chosen = select_frame(site_documents, rows, settings)
    found = FrameExamples(settings.examples)
    if chosen:
        example_meta = pd.DataFrame(
            {
                "site": pd.Series([], dtype=object),
                "hash": pd.Series([], dtype="int64"),
                "index": pd.Series([], dtype="int64"),
                "name": pd.Series([], dtype=object),
                "text": pd.Series([], dtype=object),
            }
        )
        wanted = frozenset(chosen)
        examples_frame = ddf.map_partitions(
            _example_partition, text_column, id_column, site, settings, offsets, wanted, meta=example_meta
        ).compute()
        columns = [examples_frame[c].tolist() for c in ("site", "hash", "index", "name", "text")]
        for s, h, index, name, text in sorted(zip(*columns, strict=True), key=lambda row: int(row[2])):
            if isinstance(text, str):
                found.add_text(str(s), int(h), int(index), text)
            else:
                found.add_example(str(s), int(h), int(index), str(name))
    most = {str(s): int(n) for s, n in table.groupby("site")["documents"].max().compute().items()}
    frequent_rows = [(str(s), int(n)) for s, n in zip(frequent["site"], frequent["documents"], strict=True)]
    rules = build_rules(chosen, found, settings)
    return LearnedRules.tally(rules, settings, site_documents, most, frequent_rows, len(chosen))


def _offsets(ddf: Any) -> list[int]:
    """The position of each partition's first row."""
    lengths = [int(n) for n in ddf.map_partitions(len).compute()]
    return [0, *accumulate(lengths)][:-1] if lengths else [0]


def _site_of(site_column: str | None, url_column: str | None) -> SiteField | UrlHost | None:
    """The site of a row, as the single-machine functions' ``site_of``: a column, the host of a URL column, or none."""
    if site_column and url_column:
        raise ValueError("give site_column or url_column, not both")
    return SiteField(site_column) if site_column else UrlHost(url_column) if url_column else None


def _rows(
    df: Any, columns: Iterable[str | None], offsets: Sequence[int], partition_info: dict[str, Any] | None
) -> Iterable[tuple[int, dict[str, Any]]]:
    """``(position, {column: value})`` for each row of a partition (only the named columns)."""
    start = offsets[partition_info["number"]] if partition_info else 0
    names = [c for c in dict.fromkeys(columns) if c is not None and c in df.columns]
    values = [df[name].tolist() for name in names]
    for i, row in enumerate(zip(*values, strict=True) if values else ((),) * len(df)):
        yield start + i, dict(zip(names, row, strict=True))


def _count_partition(
    df: Any,
    text_column: str,
    site: SiteField | UrlHost | None,
    layout: str,
    offsets: Sequence[int],
    partition_info: dict[str, Any] | None = None,
) -> Any:
    pd = _pandas()
    counts = ParagraphCounts()
    columns = [text_column, site.name if site else None]
    for index, record in _rows(df, columns, offsets, partition_info):
        text = record_text(record, text_column, index)
        counts.add(record_site(site, record, index), frame_paragraphs(text, layout=layout))
    rows = list(counts.rows())
    return pd.DataFrame(
        {
            "site": pd.Series([r[0] for r in rows], dtype=object),
            "hash": pd.Series([r[1] for r in rows], dtype="int64"),
            "documents": pd.Series([r[2] for r in rows], dtype="int64"),
        }
    )


def _site_partition(
    df: Any, site: SiteField | UrlHost | None, offsets: Sequence[int], partition_info: dict[str, Any] | None = None
) -> Any:
    pd = _pandas()
    totals: dict[str, int] = {}
    for index, record in _rows(df, [site.name if site else None], offsets, partition_info):
        name = record_site(site, record, index)
        totals[name] = totals.get(name, 0) + 1
    return pd.DataFrame(
        {"site": pd.Series(list(totals), dtype=object), "documents": pd.Series(list(totals.values()), dtype="int64")}
    )


def _example_partition(
    df: Any,
    text_column: str,
    id_column: str | None,
    site: SiteField | UrlHost | None,
    settings: LearnSettings,
    offsets: Sequence[int],
    wanted: frozenset[tuple[str, int]],
    partition_info: dict[str, Any] | None = None,
) -> Any:
    pd = _pandas()
    found = FrameExamples(settings.examples)
    columns = [text_column, id_column, site.name if site else None]
    for index, record in _rows(df, columns, offsets, partition_info):
        name = record_site(site, record, index)
        for h, text in frame_paragraphs(record_text(record, text_column, index), layout=settings.layout).items():
            if (name, h) in wanted:
                found.add(name, h, index, document_name(_plain_id(record, id_column), id_column, index), text)
    # One row for the paragraph's first text (name None), one per example (text None).
    rows: list[tuple[str, int, int, str | None, str | None]] = []
    for (name, h), (first_index, first_text) in found.first.items():
        rows.append((name, h, first_index, None, first_text))
        rows.extend((name, h, index, example, None) for index, example in found.examples.get((name, h), []))
    return pd.DataFrame(
        {
            "site": pd.Series([r[0] for r in rows], dtype=object),
            "hash": pd.Series([r[1] for r in rows], dtype="int64"),
            "index": pd.Series([r[2] for r in rows], dtype="int64"),
            "name": pd.Series([r[3] for r in rows], dtype=object),
            "text": pd.Series([r[4] for r in rows], dtype=object),
        }
    )


def _plain_id(record: dict[str, Any], id_column: str | None) -> dict[str, Any]:
    """The record with a missing id (NaN, None, pandas NA) as no id at all."""
    if id_column is None or id_column not in record:
        return record
    value = record[id_column]
    if _is_missing(value):
        return {k: v for k, v in record.items() if k != id_column}
    return record


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except (TypeError, ValueError):
        return value is _pandas().NA


# --- near-duplicate documents ---------------------------------------------------------------


def find_duplicate_documents(
    ddf: Any,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    site_column: str | None = None,
    url_column: str | None = None,
    settings: DedupeSettings | None = None,
    **overrides: Unpack[DedupeOverrides],
) -> list[DocumentMatch]:
    """Find near-duplicate documents in a dask DataFrame; one per cluster is kept.

    The same result as :func:`dedupe_article.corpus.find_duplicate_documents`
    on the rows in partition order (``site_column``, ``url_column``: as its
    ``site_of``): sketches per partition; each site's common paragraphs by a
    groupby; LSH and anchor buckets by a shuffle on the key;
    candidate pairs joined to their texts and compared on the workers (all
    of them: the single machine compares only a kept document with its
    later candidates, which this superset includes); the clustering
    (:func:`~dedupe_article.corpus.cluster_documents`, on the verified
    pairs only) on the client. The sketches are persisted while the
    function runs. ``settings`` and single settings given as keywords
    (``threshold=90``) are those of the single-machine function.

    Returns:
        One :class:`DocumentMatch` per removed row; ``index`` is the row's
        position in partition order.
    """
    pd = _pandas()
    site = _site_of(site_column, url_column)
    settings = with_overrides(settings, DedupeSettings, overrides)
    offsets = _offsets(ddf)
    sketch_meta = pd.DataFrame(
        {
            "index": pd.Series([], dtype="int64"),
            "id": pd.Series([], dtype=object),
            "site": pd.Series([], dtype=object),
            "normalised": pd.Series([], dtype=object),
            "length": pd.Series([], dtype="int64"),
            "bands": pd.Series([], dtype=object),
            "paragraphs": pd.Series([], dtype=object),
            "anchors": pd.Series([], dtype=object),
            "names": pd.Series([], dtype=object),
        }
    )
    sketches = ddf.map_partitions(
        _sketch_partition, text_column, id_column, site, settings, offsets, meta=sketch_meta
    ).persist()
    common: dict[str, frozenset[int]] = {}
    if settings.common_docs:
        paragraphs = sketches[["site", "index", "paragraphs"]].explode("paragraphs").dropna()
        counts = paragraphs.groupby(["site", "paragraphs"])["index"].count().reset_index()
        frequent = counts[counts["index"] >= settings.common_docs].compute()
        found: dict[str, set[int]] = {}
        for name, h in zip(frequent["site"].tolist(), frequent["paragraphs"].tolist(), strict=True):
            found.setdefault(str(name), set()).add(int(h))
        common = {name: frozenset(hashes) for name, hashes in found.items()}
    key_meta = pd.DataFrame(
        {
            "key": pd.Series([], dtype="int64"),
            "document": pd.Series([], dtype="int64"),
            "anchor": pd.Series([], dtype=bool),
        }
    )
    keys = sketches.map_partitions(_key_partition, common, meta=key_meta)
    pair_meta = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="int64")})
    candidates = keys.shuffle(on="key").map_partitions(_pair_partition, settings.max_bucket, meta=pair_meta)
    pairs = sorted({(int(a), int(b)) for a, b in candidates.drop_duplicates().compute().itertuples(index=False)})
    texts = sketches[["index", "site", "normalised", "names"]]
    comparisons = _compare_pairs(pd, pairs, texts, settings, common, score_cutoff=settings.threshold)
    verified = {pair: c for pair, c in comparisons.items() if is_duplicate(c, settings)}
    lengths = _lengths(pd, sketches, {d for pair in verified for d in pair}) if settings.keep == "longest" else {}
    removed = cluster_documents(verified, lengths, settings)
    rescore = [pair for pair in report_pairs(removed) if needs_rescoring(comparisons.get(pair), settings)]
    comparisons.update(_compare_pairs(pd, rescore, texts, settings, common, score_cutoff=None))
    ids = _ids(sketches, {d for pair in removed.items() for d in pair})
    return document_matches(removed, comparisons, ids)


def _sketch_partition(
    df: Any,
    text_column: str,
    id_column: str | None,
    site: SiteField | UrlHost | None,
    settings: DedupeSettings,
    offsets: Sequence[int],
    partition_info: dict[str, Any] | None = None,
) -> Any:
    pd = _pandas()
    rows = []
    for index, record in _rows(df, [text_column, id_column, site.name if site else None], offsets, partition_info):
        sketch = sketch_document(record_text(record, text_column, index), settings)
        record_id = None if id_column is None else record.get(id_column)
        if _is_missing(record_id):
            record_id = None
        rows.append(
            (
                index,
                record_id,
                record_site(site, record, index),
                sketch.normalised,
                len(sketch.normalised),
                sketch.bands,
                sketch.paragraphs,
                sketch.anchors,
                sketch.names,
            )
        )
    columns = ["index", "id", "site", "normalised", "length", "bands", "paragraphs", "anchors", "names"]
    kinds = ["int64", object, object, object, "int64", object, object, object, object]
    return pd.DataFrame(
        {
            name: pd.Series([row[i] for row in rows], dtype=kind)
            for i, (name, kind) in enumerate(zip(columns, kinds, strict=True))
        }
    )


def _key_partition(sketches: Any, common: dict[str, frozenset[int]]) -> Any:
    pd = _pandas()
    keys: list[int] = []
    documents: list[int] = []
    anchors: list[bool] = []
    none: frozenset[int] = frozenset()
    values = [sketches[c].tolist() for c in ("index", "site", "bands", "anchors")]
    for index, site, bands, anchor_keys in zip(*values, strict=True):
        for key in bands:
            keys.append(key)
            documents.append(int(index))
            anchors.append(False)
        frame = common.get(site, none)
        for key in anchor_keys:
            if is_frame_anchor(key, frame):
                continue
            keys.append(key)
            documents.append(int(index))
            anchors.append(True)
    return pd.DataFrame(
        {
            "key": pd.Series(keys, dtype="int64"),
            "document": pd.Series(documents, dtype="int64"),
            "anchor": pd.Series(anchors, dtype=bool),
        }
    )


def _pair_partition(keys: Any, max_bucket: int) -> Any:
    pd = _pandas()
    found: set[tuple[int, int]] = set()
    for _, group in keys.groupby(["key", "anchor"], sort=False):
        members = [int(d) for d in group["document"]]
        if len(members) > 1:
            found.update(bucket_pairs(members, max_bucket))
    ordered = sorted(found)
    return pd.DataFrame(
        {"a": pd.Series([p[0] for p in ordered], dtype="int64"), "b": pd.Series([p[1] for p in ordered], dtype="int64")}
    )


def _compare_pairs(
    pd: Any,
    pairs: Sequence[tuple[int, int]],
    texts: Any,
    settings: DedupeSettings,
    common: dict[str, frozenset[int]],
    *,
    score_cutoff: float | None,
) -> dict[tuple[int, int], Comparison]:
    """Compare pairs on the workers: each pair joined to both texts, then :func:`compare_views`."""
    if not pairs:
        return {}
    dd = _require("dask.dataframe")
    frame = pd.DataFrame({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]}, dtype="int64")
    pair_frame = dd.from_pandas(frame, npartitions=max(1, texts.npartitions))
    left = texts.rename(columns={"index": "a", "site": "site_a", "normalised": "text_a", "names": "names_a"})
    right = texts.rename(columns={"index": "b", "site": "site_b", "normalised": "text_b", "names": "names_b"})
    joined = pair_frame.merge(left, on="a").merge(right, on="b")
    meta = pd.DataFrame(
        {
            "a": pd.Series([], dtype="int64"),
            "b": pd.Series([], dtype="int64"),
            "score": pd.Series([], dtype="float64"),
            "containment": pd.Series([], dtype="float64"),
            "shingles": pd.Series([], dtype="int64"),
            "contained": pd.Series([], dtype="int64"),
            "core": pd.Series([], dtype=bool),
            "names": pd.Series([], dtype="float64"),
            "container_shingles": pd.Series([], dtype="int64"),
        }
    )
    result = joined.map_partitions(_compare_partition, settings, common, score_cutoff, meta=meta).compute()
    return {
        (int(a), int(b)): Comparison(float(score), float(c), int(n), int(which), bool(core), float(agree), int(m))
        for a, b, score, c, n, which, core, agree, m in result.itertuples(index=False)
    }


def _compare_partition(
    joined: Any, settings: DedupeSettings, common: dict[str, frozenset[int]], score_cutoff: float | None
) -> Any:
    pd = _pandas()
    rows = []
    none: frozenset[int] = frozenset()
    names = ("a", "b", "site_a", "site_b", "text_a", "text_b", "names_a", "names_b")
    values = [joined[c].tolist() for c in names]
    for a, b, site_a, site_b, text_a, text_b, names_a, names_b in zip(*values, strict=True):
        view_a = document_view(text_a, shingle=settings.shingle, common=common.get(site_a, none), names=names_a)
        view_b = document_view(text_b, shingle=settings.shingle, common=common.get(site_b, none), names=names_b)
        rows.append((int(a), int(b), *compare_views(view_a, view_b, settings, score_cutoff=score_cutoff)))
    columns = ["a", "b", "score", "containment", "shingles", "contained", "core", "names", "container_shingles"]
    kinds = ["int64", "int64", "float64", "float64", "int64", "int64", bool, "float64", "int64"]
    return pd.DataFrame(
        {
            name: pd.Series([row[i] for row in rows], dtype=kind)
            for i, (name, kind) in enumerate(zip(columns, kinds, strict=True))
        }
    )


def _lengths(pd: Any, sketches: Any, documents: set[int]) -> dict[int, int]:
    if not documents:
        return {}
    found = sketches[sketches["index"].isin(sorted(documents))][["index", "length"]].compute()
    return {int(i): int(n) for i, n in zip(found["index"], found["length"], strict=True)}


def _ids(sketches: Any, documents: set[int]) -> dict[int, Any]:
    if not documents:
        return {}
    found = sketches[sketches["index"].isin(sorted(documents))][["index", "id"]].compute()
    return {int(i): None if _is_missing(v) else v for i, v in zip(found["index"], found["id"].tolist(), strict=True)}
