"""The Dask path gives the single-machine results: synchronous scheduler, then a LocalCluster.

The ``test`` extra pulls in the ``dask`` extra, so these always run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from dask import distributed
from test_corpus import corpus_records

from dedupe_article import CleanConfig, corpus
from dedupe_article import dask as engine


@pytest.fixture
def records() -> list[dict[str, object]]:
    return corpus_records(seed=5)[0]


@pytest.fixture
def synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def partitions(records: list[dict[str, object]], n: int = 4):
    return dd.from_pandas(pd.DataFrame(records), npartitions=n)


@pytest.mark.usefixtures("synchronous")
def test_clean_dataframe_equals_cleaning_each_field(records: list[dict[str, object]]) -> None:
    dirty = [dict(r, text=str(r["text"]) + "Ver originales") for r in records[:12]]
    result = engine.clean_dataframe(partitions(dirty, 3), "text", output_column="clean").compute()
    assert result["clean"].tolist() == [corpus.clean_field(str(r["text"])) for r in dirty]
    assert result["text"].tolist() == [r["text"] for r in dirty]
    assert all(not text.endswith("Ver originales") for text in result["clean"])
    config = CleanConfig(boilerplate=False)
    replaced = engine.clean_dataframe(partitions(dirty, 2), config=config).compute()
    assert replaced["text"].tolist() == [corpus.clean_field(str(r["text"]), config) for r in dirty]


@pytest.mark.usefixtures("synchronous")
@pytest.mark.parametrize("site", ["url", "site", None])
def test_learn_equals_the_single_machine_path(records: list[dict[str, object]], site: str | None) -> None:
    for record in records:
        record["site"] = corpus.url_host(str(record["url"]))
    kwargs = {"min_docs": 10, "min_share": 0.3} if site is None else {}
    site_of = corpus.UrlHost("url") if site == "url" else corpus.SiteField("site") if site else None
    expected = corpus.learn_boilerplate(records, site_of=site_of, **kwargs)
    got = engine.learn_boilerplate(
        partitions(records),
        url_column="url" if site == "url" else None,
        site_column="site" if site == "site" else None,
        **kwargs,
    )
    assert got == expected
    assert len(expected) == 9


@pytest.mark.usefixtures("synchronous")
def test_learn_names_records_by_position_without_ids(records: list[dict[str, object]]) -> None:
    bare = [{k: v for k, v in r.items() if k != "id"} for r in records]
    expected = corpus.learn_boilerplate(bare, site_of=corpus.UrlHost("url"), id_field=None)
    got = engine.learn_boilerplate(partitions(bare, 5), url_column="url", id_column=None)
    assert got == expected
    assert expected[0].examples == ("#1", "#4", "#7")


@pytest.mark.usefixtures("synchronous")
@pytest.mark.parametrize("keep", ["first", "longest"])
def test_duplicates_equal_the_single_machine_path(records: list[dict[str, object]], keep: str) -> None:
    expected = corpus.find_duplicate_documents(records, keep=keep)  # type: ignore[arg-type]
    got = engine.find_duplicate_documents(partitions(records), keep=keep)  # type: ignore[arg-type]
    assert got == expected
    assert len(expected) >= 10
    assert any(m.containment == 1.0 and m.score < 80 for m in expected)  # a trimmed copy


@pytest.mark.usefixtures("synchronous")
def test_duplicates_per_site_equal_the_single_machine_path(records: list[dict[str, object]]) -> None:
    expected = corpus.find_duplicate_documents(records, site_of=corpus.UrlHost("url"), common_docs=5)
    assert engine.find_duplicate_documents(partitions(records, 3), url_column="url", common_docs=5) == expected
    assert any(m.score < 80 for m in expected)  # a trimmed copy, found by containment


@pytest.mark.usefixtures("synchronous")
def test_duplicates_with_common_paragraphs_equal_the_single_machine_path(records: list[dict[str, object]]) -> None:
    # Few documents per site: the frame is common only with a low bar, which the core comparison then uses.
    expected = corpus.find_duplicate_documents(records, common_docs=5, anchor_words=0, max_bucket=3)
    assert (
        engine.find_duplicate_documents(partitions(records, 3), common_docs=5, anchor_words=0, max_bucket=3) == expected
    )
    assert expected


@pytest.mark.usefixtures("synchronous")
def test_bad_text_is_named_as_on_one_machine(records: list[dict[str, object]]) -> None:
    broken = [*records[:5], {"id": "x", "url": "https://a.com/1", "text": None}]
    with pytest.raises(TypeError, match="record 6: field 'text' is missing or not a string"):
        engine.find_duplicate_documents(partitions(broken, 2))
    with pytest.raises(TypeError, match="record 6: field 'text' is missing or not a string"):
        corpus.find_duplicate_documents(broken)


def test_local_cluster_gives_the_same_results(records: list[dict[str, object]]) -> None:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", processes=True)
    client = distributed.Client(cluster)
    try:
        ddf = partitions(records)
        assert engine.find_duplicate_documents(ddf) == corpus.find_duplicate_documents(records)
        assert engine.learn_boilerplate(ddf, url_column="url") == corpus.learn_boilerplate(
            records, site_of=corpus.UrlHost("url")
        )
        cleaned = engine.clean_dataframe(ddf).compute()["text"].tolist()
        assert cleaned == [corpus.clean_field(str(r["text"])) for r in records]
    finally:
        client.close()
        cluster.close()


def test_a_script_guarded_by_main_runs_on_a_local_cluster(tmp_path: Path, records: list[dict[str, object]]) -> None:
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    script = tmp_path / "job.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import dask.dataframe as dd
            from dask.distributed import Client, LocalCluster

            from dedupe_article.dask import find_duplicate_documents

            if __name__ == "__main__":  # worker processes import this file again
                cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0")
                with cluster, Client(cluster):
                    pages = dd.read_json({str(data)!r}, lines=True, blocksize=2**14)
                    for match in find_duplicate_documents(pages):
                        print(match.id, match.duplicate_of_id)
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = [f"{m.id} {m.duplicate_of_id}" for m in corpus.find_duplicate_documents(records)]
    assert result.stdout.splitlines() == expected


@pytest.mark.usefixtures("synchronous")
@pytest.mark.parametrize("keep", ["first", "longest"])
def test_templated_corpora_give_the_same_clusters_as_one_machine(keep: str) -> None:
    from test_corpus import earnings_briefs, rescrape, rotating_documents

    briefs = earnings_briefs(seed=3)
    docs = [*rotating_documents(), *briefs, {"id": "acme-again", "text": rescrape(str(briefs[0]["text"]))}]
    docs = [dict(d, id=str(d["id"])) for d in docs]
    expected = corpus.find_duplicate_documents(docs, keep=keep)  # type: ignore[arg-type]
    assert engine.find_duplicate_documents(partitions(docs, 3), keep=keep) == expected  # type: ignore[arg-type]
    assert len(expected) >= 11  # ten pairs of the chain or more, and the re-scraped brief
    assert {m.id for m in expected} & {"acme", "acme-again"}


@pytest.mark.usefixtures("synchronous")
def test_learn_explains_an_empty_result_as_on_one_machine(records: list[dict[str, object]]) -> None:
    expected = corpus.learn_boilerplate(records, site_of=corpus.UrlHost("url"), min_docs=40)
    got = engine.learn_boilerplate(partitions(records), url_column="url", min_docs=40)
    assert got == expected == []
    assert got.why_empty() == expected.why_empty()
    assert "fewer than min_docs 40" in got.why_empty()
