"""Corpus jobs on one machine: learning frame lines, finding duplicate documents, reading corpora."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dedupe_article import CleanConfig, clean_article, load_rules
from dedupe_article.corpus import (
    ALL_SITES,
    Comparison,
    DedupeSettings,
    FrameExamples,
    JsonlCorpus,
    LearnedRule,
    LearnSettings,
    ParagraphCounts,
    SiteField,
    UrlHost,
    band_keys,
    bucket_pairs,
    candidate_pairs,
    clean_field,
    cluster_documents,
    compare_documents,
    dedupe_corpus,
    document_marks,
    document_names,
    find_duplicate_documents,
    format_rule_file,
    frame_paragraphs,
    learn_boilerplate,
    marks_agree,
    minhash_signature,
    normalise_document,
    read_jsonl,
    select_frame,
    shingle_hashes,
    site_slug,
    stable_hash,
    url_host,
)
from dedupe_article.files import InputFile

# --- a small corpus with known truth -------------------------------------------------------

WORDS = (
    "river city council budget school market police health team season company museum station election court "
    "hospital festival bridge research weather village university mayor harbour railway library garden theatre "
    "farmer teacher doctor engineer student parliament minister province island valley mountain forest"
).split()
GLUE = "the of and a to in is was for on that with as by at from after before".split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(GLUE) for _ in range(n)).capitalize()


def article(rng: random.Random, paragraphs: int = 4) -> list[str]:
    return [sentence(rng, rng.randint(6, 10))] + [sentence(rng, rng.randint(25, 45)) + "." for _ in range(paragraphs)]


FRAMES = {
    "alpha.com": ["Alpha Daily", "Home | World | Sport | Culture", "© 2024 Alpha Daily. All rights reserved."],
    "beta.org": ["The Beta Post", "News | Opinion | Video", "Subscribe to the Beta Post newsletter today."],
    "gamma.net": ["Gamma Times", "Politics | Money | Life", "Gamma Times is an independent newspaper."],
}


def corpus_records(seed: int = 3, per_site: int = 30) -> tuple[list[dict[str, object]], list[int]]:
    """Pages of three sites with their frames; copies under other frames, one trimmed; the truth clusters."""
    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    truth: list[int] = []
    stories: list[list[str]] = []
    for number in range(per_site * len(FRAMES)):
        host = list(FRAMES)[number % len(FRAMES)]
        header, menu, footer = FRAMES[host]
        if stories and number % 7 == 3:  # a copy of an earlier story, under this site's frame, lightly changed
            source = rng.randrange(len(stories))
            body = [p.upper() if i == 0 else p.replace(".", "!") for i, p in enumerate(stories[source])]
            if number % 14 == 3:
                body = body[:3]  # trimmed: the first paragraphs only
            cluster = source
        else:
            body = article(rng)
            stories.append(body)
            cluster = len(stories) - 1
        text = "\n".join([header, menu, *body, footer]) + "\n"
        records.append({"id": f"p{number}", "url": f"https://www.{host}/story/{number}", "text": text})
        truth.append(cluster)
    return records, truth


def clusters_of(records: list[dict[str, object]], matches: list) -> list[int]:
    cluster = list(range(len(records)))
    for match in matches:
        cluster[match.index] = match.duplicate_of
    return cluster


# --- sites and hashes -----------------------------------------------------------------------


def test_url_host_takes_the_host_without_www_and_port() -> None:
    assert url_host("https://WWW.Example.COM:8443/a?b=c") == "example.com"
    assert url_host("news.example.org/path") == "news.example.org"
    assert url_host("") == ""
    assert url_host("http://[::1") == ""  # an invalid IPv6 literal is no host, not an exception


def test_site_callables_name_the_missing_field() -> None:
    assert SiteField("site")({"site": "a"}) == "a"
    with pytest.raises(ValueError, match="'site' is missing or not a string"):
        SiteField("site")({"site": 3})
    with pytest.raises(ValueError, match="'url' has no host"):
        UrlHost("url")({"url": "   "})


def test_site_slug_is_a_valid_id_part_for_any_name() -> None:
    assert site_slug("news.Example.co.uk") == "news-example-co-uk"
    assert site_slug(ALL_SITES) == "all"
    for name in ("", "新华网", "???"):
        slug = site_slug(name)
        assert slug.startswith("site-") and len(slug) == 13
    assert site_slug("新华网") != site_slug("人民网")


def test_stable_hash_is_the_same_in_another_process_with_another_hash_seed() -> None:
    code = (
        "from dedupe_article.corpus import stable_hash, minhash_signature;"
        "print(stable_hash('ver originales'), minhash_signature('one two three four five six seven')[:4])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs.pop().startswith(
        f"{stable_hash('ver originales')} {minhash_signature('one two three four five six seven')[:4]}"
    )


def test_frame_paragraphs_count_each_paragraph_once_per_document() -> None:
    found = frame_paragraphs("» Home | News\nStory.\nhome | news ›\nStory.\n***\n")
    assert list(found.values()) == ["» Home | News", "Story."]


# --- learning ---------------------------------------------------------------------------------


def site_pages(host: str, count: int, lines: dict[str, int], seed: int = 0) -> list[dict[str, object]]:
    """``count`` pages of ``host``; each of ``lines`` is on its first N pages, around a unique story."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        extra = [line for line, n in lines.items() if i < n]
        pages.append({"id": f"{host}/{i}", "site": host, "text": "\n".join([*extra, sentence(rng, 30) + "."])})
    return pages


def test_learn_finds_each_sites_frame_with_counts_and_examples() -> None:
    records, _ = corpus_records()
    rules = learn_boilerplate(records, site_of=UrlHost("url"), min_docs=10, min_share=0.5)
    by_site: dict[str, set[str]] = {}
    for rule in rules:
        by_site.setdefault(rule.site, set()).add(rule.text)
    assert by_site == {host: set(lines) for host, lines in FRAMES.items()}
    alpha = [r for r in rules if r.site == "alpha.com"]
    assert [r.id for r in alpha] == ["learned.alpha-com.1", "learned.alpha-com.2", "learned.alpha-com.3"]
    assert all(r.documents == r.site_documents == 30 for r in alpha)
    assert alpha[0].examples == ("p0", "p3", "p6")  # the first pages of the site, in input order
    assert alpha[0].why == "Frame line learned from alpha.com: on 30 of 30 pages."


def test_learn_needs_both_the_count_and_the_share() -> None:
    pages = site_pages("a.com", 20, {"Ten of twenty": 10, "Nine of twenty": 9}) + site_pages(
        "b.com", 100, {"Twelve of a hundred": 12}
    )
    rules = learn_boilerplate(pages, site_of=SiteField("site"), min_docs=10, min_share=0.5)
    assert [(r.site, r.text, r.documents, r.site_documents) for r in rules] == [("a.com", "Ten of twenty", 10, 20)]
    fewer = learn_boilerplate(pages, site_of=SiteField("site"), min_docs=13, min_share=0.1)
    assert fewer == []


def test_text_shared_by_other_sites_is_not_learned_from_one_sites_pages() -> None:
    quote = "“We will rebuild the bridge before winter,” the mayor said on Monday."
    pages = site_pages("a.com", 20, {quote: 18, "A menu": 20})
    for host in ("b.com", "c.com"):
        pages += site_pages(host, 20, {quote: 2})
    learned = {r.text for r in learn_boilerplate(pages, site_of=SiteField("site"))}
    assert learned == {"A menu"}  # the quote is on a.com's pages, but other sites carry it in articles
    one_other = [p for p in pages if p["site"] != "c.com"]
    assert quote in {r.text for r in learn_boilerplate(one_other, site_of=SiteField("site"))}
    assert quote in {r.text for r in learn_boilerplate(pages, site_of=SiteField("site"), shared_sites=0)}


def test_a_line_that_is_frame_on_several_sites_is_learned_for_each() -> None:
    pages = site_pages("a.com", 12, {"Share this article": 12}) + site_pages("b.com", 12, {"Share this article": 11})
    pages += site_pages("c.com", 12, {"Share this article": 1})
    rules = learn_boilerplate(pages, site_of=SiteField("site"))
    assert [(r.id, r.other_sites, r.other_documents) for r in rules] == [
        ("learned.a-com.1", 2, 12),
        ("learned.b-com.1", 2, 13),
    ]


def test_long_paragraphs_need_a_very_high_share() -> None:
    prose = " ".join(["word"] * 20 + ["other"] * 20)  # 40 words: looks like an article paragraph
    pages = site_pages("a.com", 20, {prose: 16})
    assert learn_boilerplate(pages, site_of=SiteField("site")) == []
    assert [r.documents for r in learn_boilerplate(pages, site_of=SiteField("site"), long_share=0.8)] == [16]
    assert [r.documents for r in learn_boilerplate(pages, site_of=SiteField("site"), long_words=40)] == [16]


def test_without_sites_the_whole_corpus_is_one_group() -> None:
    pages = site_pages("a.com", 6, {"Menu": 6}) + site_pages("b.com", 6, {"Menu": 6})
    rules = learn_boilerplate(pages, min_docs=10)
    assert [(r.id, r.site, r.documents, r.site_documents) for r in rules] == [("learned.all.1", "*", 12, 12)]
    assert rules[0].why == "Frame line learned from the corpus: on 12 of 12 pages."


def test_learn_refuses_a_one_shot_iterator_and_names_bad_records() -> None:
    pages = site_pages("a.com", 3, {})
    with pytest.raises(TypeError, match="learning reads it twice"):
        learn_boilerplate(iter(pages))
    with pytest.raises(TypeError, match="record 2: field 'text' is missing"):
        learn_boilerplate([pages[0], {"id": 1}])
    with pytest.raises(ValueError, match="record 1: field 'url' is missing"):
        learn_boilerplate(pages, site_of=UrlHost("url"))
    with pytest.raises(ValueError, match="min_share must be in"):
        learn_boilerplate(pages, min_share=0)


def test_counts_merge_like_a_map_reduce() -> None:
    records, _ = corpus_records()
    whole, first, second = ParagraphCounts(), ParagraphCounts(), ParagraphCounts()
    for i, record in enumerate(records):
        site = UrlHost("url")(record)
        hashes = frame_paragraphs(str(record["text"]))
        whole.add(site, hashes)
        (first if i < 40 else second).add(site, hashes)
    merged = first.merge(second)
    assert merged.site_documents == whole.site_documents
    assert sorted(merged.rows()) == sorted(whole.rows())
    settings = LearnSettings()
    assert select_frame(merged.site_documents, merged.rows(), settings) == select_frame(
        whole.site_documents, whole.rows(), settings
    )


def test_examples_do_not_depend_on_the_order_they_arrive_in() -> None:
    occurrences = [("a", 1, i, f"doc{i}", f"Text {i}") for i in range(10)]
    forward, backward = FrameExamples(3), FrameExamples(3)
    for item in occurrences:
        forward.add(*item)
    for item in reversed(occurrences):
        backward.add(*item)
    assert forward.first == backward.first == {("a", 1): (0, "Text 0")}
    assert forward.examples == backward.examples == {("a", 1): [(0, "doc0"), (1, "doc1"), (2, "doc2")]}


def test_rule_file_loads_back_and_keeps_counts_and_examples_for_review(tmp_path: Path) -> None:
    tricky = 'He said "no" \\ then\x7fleft'
    rules = [
        LearnedRule("learned.a-com.1", "a.com", "Share this", 9, 10, ("p1", "p\n7"), other_sites=1, other_documents=2),
        LearnedRule("learned.a-com.2", "a.com", tricky, 8, 10),
    ]
    text = format_rule_file(rules, documents=25, note="min_docs = 5")
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_rules(path)
    assert [(r.id, r.kind, r.pattern, r.drop) for r in loaded] == [
        ("learned.a-com.1", "exact", "Share this", ("Share this",)),
        ("learned.a-com.2", "exact", tricky, (tricky,)),
    ]
    assert loaded[0].why == "Frame line learned from a.com: on 9 of 10 pages."
    assert "# on 9 of 10 pages of a.com; also on 2 pages of 1 other site; examples: p1, p 7\n" in text
    assert text.startswith("# Frame lines learned by dedupe-article learn from 25 documents\n# min_docs = 5\n")


def test_learned_rules_remove_the_frame_and_keep_every_article_paragraph(tmp_path: Path) -> None:
    records, _ = corpus_records()
    path = tmp_path / "rules.toml"
    path.write_text(format_rule_file(learn_boilerplate(records, site_of=UrlHost("url"))), encoding="utf-8")
    frame = {line for lines in FRAMES.values() for line in lines}
    with_rules, without = CleanConfig(rules=(path,)), CleanConfig()
    for record in records:
        text = str(record["text"])
        kept = clean_article(text, with_rules).text.splitlines()
        assert kept == [line for line in text.splitlines() if line not in frame]
        assert kept == [line for line in clean_article(text, without).text.splitlines() if line not in frame]


def test_paragraphs_without_letters_or_that_toml_cannot_hold_are_not_written() -> None:
    pages = site_pages("a.com", 12, {"* * *": 12, "Bad \ud800 text": 12, "Fine": 12})
    assert [r.text for r in learn_boilerplate(pages, site_of=SiteField("site"))] == ["Fine"]


def test_slug_collisions_get_a_number() -> None:
    pages = site_pages("a.b", 10, {"Menu": 10}) + site_pages("a-b", 10, {"Menu": 10})
    assert [r.id for r in learn_boilerplate(pages, site_of=SiteField("site"))] == ["learned.a-b.1", "learned.a-b-2.1"]


# --- MinHash and candidates ---------------------------------------------------------------------


def test_normalised_text_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_document("Hello,  WORLD!\n\n“Quoted” text.") == normalise_document('hello world\n"quoted" TEXT')


def test_signature_agreement_estimates_jaccard_similarity() -> None:
    rng = random.Random(5)
    words = [rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(400)]
    a, b = " ".join(words), " ".join(words[:300] + [w + "x" for w in words[300:]])
    sa, sb = set(shingle_hashes(a)), set(shingle_hashes(b))
    jaccard = len(sa & sb) / len(sa | sb)
    x, y = minhash_signature(a, num_perm=256), minhash_signature(b, num_perm=256)
    agreement = sum(p == q for p, q in zip(x, y, strict=True)) / 256
    assert abs(agreement - jaccard) < 0.1
    assert minhash_signature(a) == minhash_signature(a.upper().replace(" ", "  "))
    assert minhash_signature("   ") == ()


def test_short_texts_get_a_full_densified_signature() -> None:
    signature = minhash_signature("three words only")
    assert len(signature) == 128 and len(set(signature)) == 128  # borrowed values are moved apart
    assert len(band_keys(signature, 32)) == 32


def test_cjk_text_is_shingled_by_characters() -> None:
    text = "科技日报记者崔爽报道人工智能的发展"
    assert len(shingle_hashes(normalise_document(text))) == len(text) - 4
    copy = "科技日报记者崔爽报道人工智能的发展。"
    assert minhash_signature(text) == minhash_signature(copy)


def test_bucket_pairs_are_all_pairs_or_a_star() -> None:
    assert list(bucket_pairs([3, 1, 2], 3)) == [(1, 2), (1, 3), (2, 3)]
    assert list(bucket_pairs([3, 1, 2, 9], 3)) == [(1, 2), (1, 3), (1, 9)]


def test_candidates_from_several_buckets_are_merged() -> None:
    pairs = candidate_pairs([[1, 2, 3], [4, 5], [3, 2]], max_bucket=2)
    assert pairs == {(1, 2), (1, 3), (4, 5), (2, 3)}


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="multiple of bands"):
        DedupeSettings(num_perm=100, bands=32)
    with pytest.raises(ValueError, match="keep must be"):
        DedupeSettings(keep="last")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="threshold must be a number"):
        DedupeSettings(threshold="90")  # type: ignore[arg-type]


# --- finding duplicate documents -------------------------------------------------------------------


def test_copies_under_other_frames_and_trimmed_copies_are_found() -> None:
    records, truth = corpus_records()
    matches = find_duplicate_documents(records)
    assert clusters_of(records, matches) == [min(i for i, c in enumerate(truth) if c == t) for t in truth]
    trimmed = next(m for m in matches if m.index == 3 + 14)  # p17 keeps its story's first paragraphs only
    assert trimmed.containment > 0.9 and trimmed.score < 80
    assert all(m.id == records[m.index]["id"] and m.duplicate_of_id == records[m.duplicate_of]["id"] for m in matches)


def test_keep_longest_keeps_the_full_copy() -> None:
    story = article(random.Random(1), paragraphs=5)
    trimmed = {"id": "short", "text": "\n".join(story[:3])}
    full = {"id": "full", "text": "\n".join(story)}
    first = find_duplicate_documents([trimmed, full])
    assert [(m.id, m.duplicate_of_id) for m in first] == [("full", "short")]
    longest = find_duplicate_documents([trimmed, full], keep="longest")
    assert [(m.id, m.duplicate_of_id) for m in longest] == [("short", "full")]
    assert longest[0].containment == 1.0


def test_different_articles_under_one_frame_are_not_duplicates() -> None:
    rng = random.Random(8)
    frame = [
        "Site name",
        "Home | News | Sport",
        "A long disclaimer that every page of this site repeats, word for word.",
    ]
    pages = [{"id": i, "text": "\n".join([*frame[:2], sentence(rng, 12) + ".", frame[2]])} for i in range(30)]
    assert find_duplicate_documents(pages) == []
    assert find_duplicate_documents(pages, common_docs=0) != []  # as a whole, the frame makes them alike


def test_frame_counted_per_site_keeps_a_widely_carried_story_comparable() -> None:
    rng = random.Random(4)
    story = article(rng, paragraphs=2)
    pages = []
    for number in range(60):  # one story on 30 sites of two pages each, the other page a different story
        host = f"site{number // 2}.com"
        frame = [f"{host} home", f"Menu of {host} | news | sport", f"Copyright {host}, every page of it."]
        body = story if number % 2 == 0 else article(rng, paragraphs=2)
        pages.append({"id": number, "url": f"https://{host}/{number}", "text": "\n".join([*frame, *body])})
    per_site = find_duplicate_documents(pages, site_of=UrlHost("url"), common_docs=2)
    assert sorted(m.index for m in per_site) == list(range(2, 60, 2))
    assert {m.duplicate_of for m in per_site} == {0}
    assert all(m.score == 100.0 for m in per_site)  # the cores: the story alone, the frames left aside


def test_a_page_of_frame_alone_is_no_trimmed_copy() -> None:
    rng = random.Random(9)
    frame = [sentence(rng, 12) for _ in range(4)]
    pages = [{"id": i, "text": "\n".join([*frame, *article(rng, 2)])} for i in range(25)]
    pages.append({"id": "frame-only", "text": "\n".join(frame)})
    assert find_duplicate_documents(pages, min_shingles=5) == []


def test_empty_and_bad_records() -> None:
    assert find_duplicate_documents([{"text": ""}, {"text": ""}]) == []
    with pytest.raises(TypeError, match="record 2: field 'body' is missing"):
        find_duplicate_documents([{"body": "x"}, {"text": "y"}], text_field="body")


def test_a_page_contained_in_two_articles_joins_the_first_kept_one_only() -> None:
    settings = DedupeSettings(min_shingles=1)
    comparisons = {
        (0, 2): Comparison(10.0, 0.9, 30, 1),  # 2 is contained in 0
        (1, 2): Comparison(10.0, 0.95, 30, 1),  # ... and in 1, which is no copy of 0
    }
    assert cluster_documents(comparisons, {0: 100, 1: 100, 2: 30}, settings) == {2: 0}


def test_clusters_are_transitive_and_do_not_depend_on_order() -> None:
    settings = DedupeSettings(keep="longest")
    items = [
        ((0, 1), Comparison(95.0, 0.9, 50, 1)),
        ((1, 2), Comparison(90.0, 0.9, 50, 1)),
        ((3, 4), Comparison(99.0, 1.0, 50, 0)),
    ]
    lengths = {0: 10, 1: 30, 2: 20, 3: 5, 4: 5}
    expected = {0: 1, 2: 1, 4: 3}
    for order in (items, items[::-1], items[1:] + items[:1]):
        assert cluster_documents(dict(order), lengths, settings) == expected


def test_skipping_pairs_already_joined_gives_the_full_result() -> None:
    records, _ = corpus_records(seed=11)
    texts = [normalise_document(str(r["text"])) for r in records]
    settings = DedupeSettings()
    signatures = [band_keys(minhash_signature(str(r["text"])), 32) for r in records]
    buckets: dict[int, list[int]] = {}
    for document, keys in enumerate(signatures):
        for key in keys:
            buckets.setdefault(key, []).append(document)
    pairs = candidate_pairs([m for m in buckets.values() if len(m) > 1], settings.max_bucket)
    from dedupe_article.corpus import sketch_document
    from dedupe_article.corpus.documents import _SketchStore

    store = _SketchStore(settings)
    for record in records:
        store.add(sketch_document(str(record["text"]), settings), record["id"])
    store.finish()
    full = {p: compare_documents(texts[p[0]], texts[p[1]], common=store.common[0], score_cutoff=80) for p in pairs}
    kept_full = cluster_documents(
        {p: c for p, c in full.items() if c.score >= 80 or c.containment >= 0.7}, {}, settings
    )
    matches = find_duplicate_documents(records, anchor_words=0)
    assert {m.index: m.duplicate_of for m in matches} == kept_full


# --- reading corpora, cleaning one field ---------------------------------------------------------------


def test_read_jsonl_names_every_bad_line() -> None:
    data = b'{"text": "a"}\n\n\xff\n{"text": \n[1]\n{"body": "x"}\n{"text": null}\n'
    lines = list(read_jsonl(io.BytesIO(data), "c.jsonl"))
    assert [(x.line, x.error) for x in lines] == [
        (1, None),
        (3, "c.jsonl:3: not valid UTF-8 at byte 0"),
        (4, "c.jsonl:4: invalid JSON: Expecting value at column 1"),
        (5, "c.jsonl:5: record is not a JSON object"),
        (6, "c.jsonl:6: record has no 'text' field"),
        (7, "c.jsonl:7: field 'text' is null, not a string"),
    ]


def test_corpus_reports_bad_lines_once_and_counts_records(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write('{"text": "a", "url": "https://x.com/1"}\n{"text": "b", "url": "nowhere at all"}\n')
    errors: list[str] = []
    corpus = JsonlCorpus(
        [InputFile(path, str(path), Path(path.name)), InputFile(tmp_path / "gone", "gone", Path("gone"))],
        fields=("text", "url"),
        on_error=errors.append,
        site_of=UrlHost("url"),
    )
    assert [r["text"] for r in corpus] == ["a"]
    assert [r["text"] for r in corpus] == ["a"]
    assert errors == [f"{path}:2: field 'url' has no host: 'nowhere at all'", "gone: No such file or directory"]
    assert corpus.count == 1


def test_clean_field_keeps_the_fields_own_ending() -> None:
    assert clean_field("A story.\nVer originales") == "A story."
    assert clean_field("A story.\nVer originales\n") == "A story.\n"
    assert clean_field("  Untouched   text ") == "  Untouched   text "


def test_core_package_does_not_import_dask() -> None:
    code = (
        "import sys, dedupe_article, dedupe_article.corpus, dedupe_article.cli, dedupe_article.dask;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'pandas', 'numpy')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_dask_functions_say_what_to_install_when_dask_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedupe_article.dask as engine

    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    for call in (
        lambda: engine.clean_dataframe(None),
        lambda: engine.learn_boilerplate(None),
        lambda: engine.find_duplicate_documents(None),
    ):
        with pytest.raises(ImportError, match=r"pip install 'dedupe-article\[dask\]'"):
            call()


def test_json_dump_of_a_match_is_rounded() -> None:
    records, _ = corpus_records()
    match = find_duplicate_documents(records)[0]
    data = json.loads(json.dumps(match.to_dict()))
    assert set(data) == {"index", "id", "duplicate_of", "duplicate_of_id", "score", "containment"}
    assert data["score"] == round(match.score, 2)


# --- templated corpora: clusters without chains, names and numbers (issue 13) ---------------------------

COMPANIES = [
    ("Acme Corp", "Jane Smith"),
    ("Borealis Mining", "Tomas Berg"),
    ("Cobalt Foods", "Aiko Tanaka"),
    ("Delta Freight", "Omar Haddad"),
    ("Everline Bank", "Maria Costa"),
    ("Fjord Energy", "Lars Holm"),
]


def earnings_brief(company: str, ceo: str, rng: random.Random) -> str:
    """One template, filled in for a company: only the names and the figures change."""
    revenue, growth = f"{rng.uniform(1, 9):.1f}", rng.randint(3, 40)
    eps, staff = f"{rng.uniform(0.1, 3):.2f}", rng.randint(1000, 90000)
    return "\n".join(
        [
            f"{company} reports first-quarter results",
            f"{company} said on Tuesday that revenue rose {growth}% to ${revenue} billion in the three months to "
            f"March, beating analysts' forecasts, while earnings per share came in at ${eps}.",
            f"Chief executive {ceo} said demand had held up better than expected and that the company would keep "
            "investing in its core business over the coming year despite higher costs.",
            f"The company employs {staff:,} people and will publish its full-year outlook in the summer, {ceo} told "
            "reporters on a call after the results were released.",
        ]
    )


def earnings_briefs(seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [{"id": company.split()[0].lower(), "text": earnings_brief(company, ceo, rng)} for company, ceo in COMPANIES]


def rotating_documents(count: int = 21, window: int = 6, seed: int = 2) -> list[dict[str, object]]:
    """Documents made of a sliding window over one pool of sentences: each is like its neighbours only."""
    rng = random.Random(seed)
    pool = [sentence(rng, 14) + "." for _ in range(count + window)]
    return [{"id": i, "text": "\n".join(pool[i : i + window])} for i in range(count)]


def rescrape(text: str) -> str:
    """The same article scraped again: a word edited, quotes and spacing changed, a line added."""
    return text.replace("better than", "far better than").replace("'", "\N{RIGHT SINGLE QUOTATION MARK}") + (
        "\nUpdated with analyst comment."
    )


def assert_rows_justified(matches: list, settings: DedupeSettings) -> None:
    removed = {m.index for m in matches}
    for match in matches:
        assert match.duplicate_of not in removed  # the document named as kept is kept
        assert match.score >= settings.threshold or match.containment >= settings.containment, match


def test_a_cluster_does_not_grow_through_a_chain_of_similar_documents() -> None:
    docs = rotating_documents()
    matches = find_duplicate_documents(docs)
    assert_rows_justified(matches, DedupeSettings())
    kept = {m.duplicate_of for m in matches}
    assert kept == set(range(0, 20, 2))  # each kept document takes in its next neighbour only
    assert [m.index for m in matches] == list(range(1, 21, 2))


def test_keep_longest_clusters_around_the_longest_and_rows_are_justified() -> None:
    docs = rotating_documents(seed=5)
    for i, doc in enumerate(docs):  # lengths vary, so the longest is kept where the first would be
        doc["text"] = str(doc["text"]) + "\n" + sentence(random.Random(i), i % 5 + 1) + "."
    settings = DedupeSettings(keep="longest")
    matches = find_duplicate_documents(docs, keep="longest")
    assert matches
    assert_rows_justified(matches, settings)
    lengths = [len(normalise_document(str(d["text"]))) for d in docs]
    assert all(lengths[m.duplicate_of] >= lengths[m.index] for m in matches)


def test_documents_that_differ_in_names_and_numbers_are_different_documents() -> None:
    briefs = earnings_briefs()
    assert find_duplicate_documents(briefs) == []  # six clusters of one
    assert len(find_duplicate_documents(briefs, names=0)) == 5  # without the check, the template merges them
    comparison = compare_documents(
        normalise_document(str(briefs[0]["text"])),
        normalise_document(str(briefs[1]["text"])),
        names=(document_names(str(briefs[0]["text"])), document_names(str(briefs[1]["text"]))),
    )
    assert comparison.score >= 80 and comparison.names < 0.5


def test_a_rescraped_copy_with_small_edits_still_merges() -> None:
    briefs = earnings_briefs(seed=3)
    copy = {"id": "acme-again", "text": rescrape(str(briefs[0]["text"]))}
    matches = find_duplicate_documents([*briefs, copy])
    assert [(m.id, m.duplicate_of_id) for m in matches] == [("acme-again", "acme")]
    assert matches[0].score >= 80


def test_names_are_words_capitalised_inside_a_sentence_only() -> None:
    text = "Acme Corp said on Tuesday that Jane Smith will lead.\nThe Board agreed; the board met. Growth was 12%."
    assert document_names(text) == "corp jane smith tuesday"
    assert document_names("新华社北京3月5日电 国务院总理作政府工作报告。") == ""  # no capitals: numbers alone count
    marks = document_marks(normalise_document(text), set(document_names(text).split()))
    assert marks == {"corp", "jane", "smith", "tuesday", "12"}
    assert marks_agree(marks, {"12", "corp", "jane", "smith"}) == 1.0
    assert marks_agree({"a", "b"}, {"c", "d"}) == 1.0  # too few to tell


def test_chinese_documents_that_differ_in_numbers_are_different() -> None:
    template = (
        "{}公司{}日公布季度业绩，营收{}亿元，同比增长{}%，净利润{}亿元，员工人数达到{}人，公司表示将继续扩大投资。"
    )
    rng = random.Random(6)
    docs = [
        {
            "id": i,
            "text": template.format(
                name,
                rng.randint(1, 28),
                rng.randint(10, 99),
                rng.randint(2, 30),
                rng.randint(1, 9),
                rng.randint(1000, 9000),
            )
            * 2,
        }
        for i, name in enumerate(["华夏", "东方", "长江", "海天"])
    ]
    assert find_duplicate_documents(docs, min_shingles=5) == []
    assert find_duplicate_documents(docs, min_shingles=5, names=0) != []


@given(seed=st.integers(0, 10_000), keep=st.sampled_from(["first", "longest"]), threshold=st.sampled_from([70, 80, 90]))
@hypothesis_settings(max_examples=40, deadline=None)
def test_every_removal_clears_a_threshold_against_the_kept_document(seed: int, keep: str, threshold: int) -> None:
    rng = random.Random(seed)
    pool = [sentence(rng, rng.randint(8, 16)) + "." for _ in range(rng.randint(4, 12))]
    docs: list[dict[str, object]] = []
    for i in range(rng.randint(2, 14)):
        if docs and rng.random() < 0.3:  # a copy of an earlier document, edited or trimmed
            lines = str(rng.choice(docs)["text"]).split("\n")
            lines = lines[: rng.randint(1, len(lines))] if rng.random() < 0.5 else lines + [rng.choice(pool)]
        else:
            start = rng.randrange(len(pool))
            lines = [pool[(start + j) % len(pool)] for j in range(rng.randint(2, 6))]
        docs.append({"id": i, "text": "\n".join(lines)})
    settings = DedupeSettings(threshold=threshold, keep=keep, min_shingles=5)  # type: ignore[arg-type]
    matches = find_duplicate_documents(docs, threshold=threshold, keep=keep, min_shingles=5)  # type: ignore[arg-type]
    assert_rows_justified(matches, settings)
    # The row's figures are the pair's own: compared again, the removed and kept documents give them.
    for match in matches:
        again = compare_documents(
            normalise_document(str(docs[match.index]["text"])),
            normalise_document(str(docs[match.duplicate_of]["text"])),
            names=(
                document_names(str(docs[match.index]["text"])),
                document_names(str(docs[match.duplicate_of]["text"])),
            ),
        )
        assert (again.score, again.containment) == pytest.approx((match.score, match.containment))


# --- learn explains an empty result; progress (issue 13) ------------------------------------------------


def test_learn_says_which_setting_kept_every_line_out() -> None:
    small = site_pages("x.com", 3, {"Menu": 3, "About us": 2})
    assert learn_boilerplate(small, site_of=SiteField("site")).why_empty() == (
        "every site has fewer than min_docs 10 documents (the largest: 3 documents of x.com); lower min_docs"
    )
    pages = site_pages("x.com", 40, {"Menu": 7})
    assert learn_boilerplate(pages, site_of=SiteField("site")).why_empty() == (
        "no line occurs in min_docs 10 documents of one site (at most in 7 of the 40 documents of x.com); "
        "lower min_docs"
    )
    pages = site_pages("x.com", 40, {"Menu": 12})
    why = learn_boilerplate(pages, site_of=SiteField("site")).why_empty(lambda n: "--" + n.replace("_", "-"))
    assert why == (
        "no line on --min-docs 10 documents is on --min-share 0.5 of its site's documents "
        "(at most on 12 of the 40 documents of x.com); lower --min-share"
    )
    corpus = learn_boilerplate([{"text": "Menu"}] * 4)
    assert corpus.why_empty() == "the corpus has 4 documents, fewer than min_docs 10; lower min_docs"
    assert learn_boilerplate([]).why_empty() == "the corpus has no documents"
    learned = learn_boilerplate(site_pages("x.com", 12, {"Menu": 12}), site_of=SiteField("site"))
    assert learned and learned.why_empty() == ""


def test_learn_names_shared_content_and_long_lines_as_the_reason() -> None:
    quote = "A quote that three sites carry."
    pages = site_pages("a.com", 20, {quote: 20})
    for host in ("b.com", "c.com"):
        pages += site_pages(host, 20, {quote: 2})
    assert "raise shared_sites" in learn_boilerplate(pages, site_of=SiteField("site")).why_empty()
    long_line = " ".join(["word"] * 40)
    pages = site_pages("a.com", 20, {long_line: 15})
    assert "raise long_words or lower long_share" in learn_boilerplate(pages, site_of=SiteField("site")).why_empty()


def test_progress_is_reported_for_each_stage() -> None:
    seen: list[tuple[str, int, int | None]] = []
    records, _ = corpus_records(per_site=5)
    learn_boilerplate(records, site_of=UrlHost("url"), min_docs=3, progress=lambda *a: seen.append(a))
    assert seen[0] == ("counting", 1, None) and ("counting", 15, None) in seen and seen[-1] == ("collecting", 15, 15)
    seen.clear()
    find_duplicate_documents(records, progress=lambda *a: seen.append(a))
    assert seen[0] == ("reading", 1, None) and ("reading", 15, None) in seen
    assert seen[-1][0] == "comparing" and seen[-1][1] == seen[-1][2]


# --- settings: defaults written once, passed whole ----------------------------------------------


def test_corpus_defaults_are_written_once_in_the_settings_classes() -> None:
    import dataclasses
    import inspect
    import typing

    from dedupe_article import dask as engine
    from dedupe_article.cli import cli
    from dedupe_article.corpus import DedupeOverrides, LearnOverrides

    for settings, overrides, functions, command in (
        (LearnSettings, LearnOverrides, (learn_boilerplate, engine.learn_boilerplate), "learn"),
        (DedupeSettings, DedupeOverrides, (find_duplicate_documents, engine.find_duplicate_documents), "dedupe"),
    ):
        defaults = {f.name: f.default for f in dataclasses.fields(settings)}
        assert set(typing.get_type_hints(overrides)) == set(defaults), overrides  # one keyword per setting
        for function in functions:
            parameters = inspect.signature(function).parameters
            assert parameters["settings"].default is None, function
            assert not set(parameters) & set(defaults), function  # settings come as keywords, without defaults here
            assert parameters["overrides"].kind is inspect.Parameter.VAR_KEYWORD, function
        options = {p.name: p.default for p in cli.commands[command].params if p.name in defaults}
        assert options and all(options[name] == defaults[name] for name in options), command


def test_settings_whole_or_as_keywords_give_the_same_result() -> None:
    records, _ = corpus_records()
    learn = LearnSettings(min_docs=5, min_share=0.3, shared_sites=0)
    by_object = learn_boilerplate(records, site_of=UrlHost("url"), settings=learn)
    by_keywords = learn_boilerplate(records, site_of=UrlHost("url"), min_docs=5, min_share=0.3, shared_sites=0)
    on_top = learn_boilerplate(
        records, site_of=UrlHost("url"), settings=LearnSettings(min_docs=5), min_share=0.3, shared_sites=0
    )
    assert by_object and by_object == by_keywords == on_top
    assert by_object.settings == by_keywords.settings == on_top.settings == learn
    dedupe = DedupeSettings(threshold=85, keep="longest", anchor_words=0)
    whole = find_duplicate_documents(records, settings=dedupe)
    assert whole and whole == find_duplicate_documents(records, threshold=85, keep="longest", anchor_words=0)
    assert whole == find_duplicate_documents(
        records, settings=DedupeSettings(threshold=85), keep="longest", anchor_words=0
    )
    with pytest.raises(ValueError):
        find_duplicate_documents(records, settings=dedupe, threshold=0)  # an override is checked as a setting is
    with pytest.raises(TypeError):
        learn_boilerplate(records, min_doc=3)  # type: ignore[call-arg]  # a misspelt setting is no silent default


def test_dedupe_corpus_takes_the_settings_whole(tmp_path: Path) -> None:
    records, _ = corpus_records()
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    source = InputFile(path, str(path), Path(path.name))
    settings = DedupeSettings(keep="longest", threshold=85)
    whole = dedupe_corpus(JsonlCorpus([source]), settings)
    assert whole.matches == dedupe_corpus(JsonlCorpus([source]), keep="longest", threshold=85).matches
    assert whole.matches == find_duplicate_documents(records, settings=settings)
