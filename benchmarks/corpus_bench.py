"""Benchmark the corpus jobs, ``dedupe-article dedupe`` and ``learn``, on a corpus with known truth.

The corpus is generated here, deterministically (``--seed``):

* sites (one per 400 documents, at least 10), each with its frame: a title
  line, a menu, a copyright line, share lines drawn from a pool that sites
  share (``Share this article``, ``Advertisement``...), on most sites a
  newsletter line (on 60-75% of pages), on a third of them a long
  disclaimer (35 words, on 97% of pages), and a rare line (on 20% of pages,
  not frame by the bar of 50%);
* articles: a title and 3-10 paragraphs of 20-70 words from a Zipfian
  vocabulary of 40,000 made-up words (one in ten articles is short: 1-2
  paragraphs); 3% of articles quote one of 30 syndicated quotes, and the
  first site shows one of them on 70% of its pages too (text that is
  frequent on one site but shared content elsewhere: must not be learned);
* copies (about 30% of documents) of an earlier article, popular ones many
  times: on another site (with that site's frame) or the same one
  (re-scraped), with light noise (a typo per 200 words, typographic
  quotes, doubled spaces, an upper-cased title, a paragraph dropped now and
  then); one copy in five is trimmed to its first 50-90% of paragraphs.

Measured, each in a fresh process (wall time; peak resident memory from
``os.wait4``):

* floor: read the JSON Lines, ``json.loads`` each record, split it into
  paragraphs and hash each paragraph's normalised key with BLAKE2b (the
  CCNet pass; no output);
* ``dedupe-article dedupe FILE -o KEPT --report CLUSTERS -q``, with
  ``--url-field url`` (frame counted per site, as recommended) and without
  (frame counted over the whole corpus);
* datasketch, when installed: ``MinHash`` (128 permutations) of the same
  normalised word 5-shingles, ``MinHashLSH(params=(32, 4))`` (the same
  bands and rows), clusters = connected components of the LSH buckets
  (datasketch does not verify pairs);
* ``dedupe-article learn FILE --url-field url -o RULES -q``.

Quality: pairwise cluster precision and recall (pairs of documents put in
one cluster, against the truth's pairs); for ``learn``, the share of the
sites' frame lines learned, the article paragraphs learned (must be none),
and on a sample of documents, ``clean`` with and without the learned rules:
every extra removal must be a frame line.

Usage::

    python benchmarks/corpus_bench.py 10000              # one size
    python benchmarks/corpus_bench.py 10000 100000 --markdown corpus.md
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

PYTHON = sys.executable
SYLLABLES = (
    "ka ri to ma ne lo sa vi de mu ra po li ga be tu ni so fe la do mi ze ku ta ro ve si pa no "
    "len mar tin sol dor van kel bra ste pro gra tre cla fla mon ter pal rus gen"
).split()
FUNCTION_WORDS = (
    "the of and a to in is was for on that with as by at from his her it an were are which this be or has had "
    "not but have one their they its also been new after first two who more other when there all into only"
).split()
SHARED_LINES = (
    "Share this article",
    "Advertisement",
    "Share on Facebook",
    "Comments",
    "Related articles",
    "Read more",
    "Most read",
)
SECTIONS = "Home World Politics Business Tech Science Health Sport Culture Opinion Video Travel Local".split()


# --- the corpus ------------------------------------------------------------------------


class Words:
    """A Zipfian vocabulary of made-up words (function words on top)."""

    def __init__(self, rng: random.Random, size: int = 40_000) -> None:
        made: set[str] = set()
        while len(made) < size:
            made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
        invented = sorted(made - set(FUNCTION_WORDS))
        rng.shuffle(invented)
        self.words = FUNCTION_WORDS + invented
        self.cum = list(accumulate(1 / (rank + 2) for rank in range(len(self.words))))
        self.rng = rng

    def sentence(self, n: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        return " ".join(words).capitalize()

    def paragraph(self, n: int) -> str:
        out, left = [], n
        while left > 0:
            k = min(left, self.rng.randint(8, 20))
            out.append(self.sentence(k) + self.rng.choice(".....!?"))
            left -= k
        return " ".join(out)

    def name(self) -> str:
        return self.rng.choice(self.words[len(FUNCTION_WORDS) :]).capitalize()


def make_site(number: int, words: Words, rng: random.Random) -> dict[str, Any]:
    name = f"The {words.name()} {rng.choice(['Times', 'Post', 'Herald', 'Daily', 'News', 'Journal'])}"
    host = f"{words.name().lower()}{number}.{rng.choice(['com', 'org', 'net', 'co.uk', 'es'])}"
    frame = [
        (name, 1.0, "top"),
        (" | ".join(rng.sample(SECTIONS, rng.randint(5, 8))), 0.98, "top"),
        (f"© 2024 {name}. All rights reserved.", 0.95, "bottom"),
    ]
    frame += [(line, 0.9, "bottom") for line in rng.sample(SHARED_LINES, rng.randint(1, 2))]
    if rng.random() < 0.8:
        frame.append((f"Subscribe to the {name} newsletter for the latest news.", rng.uniform(0.6, 0.75), "bottom"))
    if rng.random() < 0.33:
        frame.append((f"Disclaimer: {words.paragraph(35)}", 0.97, "bottom"))
    rare = (f"Updated daily by the {name} desk", 0.2, "top")
    return {"host": host, "name": name, "frame": frame, "rare": rare}


def frame_lines(site: dict[str, Any], rng: random.Random) -> tuple[list[str], list[str]]:
    top, bottom = [], []
    for line, share, where in [*site["frame"], site["rare"]]:
        if rng.random() < share:
            (top if where == "top" else bottom).append(line)
    return top, bottom


def noisy(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < 0.005:
            j = rng.randrange(len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.replace(". ", ".  ")
    if rng.random() < 0.3:
        text = text.replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")
    return text


def generate(n_docs: int, seed: int = 7) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Records and truth: cluster of each document, frame lines per site, article paragraphs."""
    rng = random.Random(seed)
    words = Words(rng)
    sites = [make_site(i, words, rng) for i in range(max(10, n_docs // 400))]
    quotes = [
        f"\N{LEFT DOUBLE QUOTATION MARK}{words.paragraph(rng.randint(20, 35))}\N{RIGHT DOUBLE QUOTATION MARK}"
        for _ in range(30)
    ]
    records: list[dict[str, Any]] = []
    clusters: list[int] = []
    articles: list[tuple[str, list[str], int]] = []  # title, paragraphs, home site
    article_text: set[str] = set(quotes)
    while len(records) < n_docs:
        copy = articles and rng.random() < 0.3
        if copy:
            source = int(len(articles) * rng.random() ** 2)
            title, paragraphs, home = articles[source]
            site_number = home if rng.random() < 0.4 else rng.randrange(len(sites))
            paragraphs = [noisy(p, rng) for p in paragraphs]
            if rng.random() < 0.3:
                title = title.upper()
            if len(paragraphs) > 2 and rng.random() < 0.15:
                del paragraphs[rng.randrange(1, len(paragraphs))]
            if rng.random() < 0.2:
                keep = max(1, round(len(paragraphs) * rng.uniform(0.5, 0.9)))
                paragraphs = paragraphs[:keep]
            cluster = source
        else:
            site_number = rng.randrange(len(sites))
            title = words.sentence(rng.randint(6, 12))
            count = rng.randint(1, 2) if rng.random() < 0.1 else rng.randint(3, 10)
            paragraphs = [words.paragraph(rng.randint(20, 70)) for _ in range(count)]
            if rng.random() < 0.03:
                paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(quotes))
            cluster = len(articles)
            articles.append((title, paragraphs, site_number))
            article_text.add(title)
            article_text.update(paragraphs)
        site = sites[site_number]
        top, bottom = frame_lines(site, rng)
        if site_number == 0 and rng.random() < 0.7:
            bottom.append(quotes[0])
        text = "\n".join([*top, title, *paragraphs, *bottom]) + "\n"
        number = len(records)
        records.append({"id": f"d{number}", "url": f"https://www.{site['host']}/story/{number}", "text": text})
        clusters.append(cluster)
    truth = {
        "clusters": clusters,
        "frame": {s["host"]: [line for line, share, _ in s["frame"] if share >= 0.6] for s in sites},
        "rare": [s["rare"][0] for s in sites],
        "articles": sorted(article_text),
        "quote_site": sites[0]["host"],
    }
    return records, truth


# --- measuring ---------------------------------------------------------------------------


def measure(command: Sequence[str]) -> tuple[float, float]:
    """Run a command; its wall time (s) and peak resident memory (MB).

    The command is started by a small launcher process: a child forked from
    this (large) process would count this process's pages in its peak.
    """
    launched = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--launch", *command], check=True, capture_output=True, text=True
    )
    result = json.loads(launched.stdout.splitlines()[-1])
    return result["seconds"], result["rss_mb"]


def launch(command: Sequence[str]) -> None:
    """Run a command, print its wall time and its own peak resident memory as JSON."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(command)}")
    print(json.dumps({"seconds": elapsed, "rss_mb": usage.ru_maxrss / 1024}))


def floor(path: Path) -> None:
    """Read, split, hash: the least any corpus pass does."""
    from dedupe_article import paragraph_key, split_paragraphs

    total = 0
    with path.open("rb") as handle:
        for line in handle:
            record = json.loads(line)
            for paragraph in split_paragraphs(record["text"]):
                hashlib.blake2b(paragraph_key(paragraph.text).encode("utf-8"), digest_size=8).digest()
                total += 1
    print(f"floor: {total} paragraphs", file=sys.stderr)


def datasketch_clusters(path: Path, out: Path) -> None:
    """Clusters from datasketch MinHashLSH buckets, on the same shingles and bands as dedupe."""
    from datasketch import MinHash, MinHashLSH

    from dedupe_article.corpus import normalise_document

    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    count = 0
    with path.open("rb") as handle:
        for index, line in enumerate(handle):
            normalised = normalise_document(json.loads(line)["text"])
            words = normalised.encode("utf-8").split()
            shingles = [b" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))]
            minhash = MinHash(num_perm=128)
            minhash.update_batch(shingles)
            lsh.insert(index, minhash, check_duplication=False)
            count += 1
    parent = list(range(count))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for table in lsh.hashtables:
        for key in table.keys():
            members = sorted(table.get(key))
            for other in members[1:]:
                a, b = find(members[0]), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    out.write_text(json.dumps([find(i) for i in range(count)]))


def pair_scores(predicted: Sequence[int], truth: Sequence[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the truth."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    both = pairs(Counter(zip(predicted, truth, strict=True)).values())
    found, true = pairs(Counter(predicted).values()), pairs(Counter(truth).values())
    return (both / found if found else 1.0), (both / true if true else 1.0)


def clusters_from_report(report: Path, ids: Sequence[str]) -> list[int]:
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    cluster = list(range(len(ids)))
    for line in report.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        cluster[position[entry["id"]]] = position[entry["duplicate_of"]["id"]]
    return cluster


def check_learned(
    rules_path: Path, records: list[dict[str, Any]], truth: dict[str, Any], sample: int
) -> dict[str, Any]:
    """How well the learned rules match the frame, and what they remove when cleaning."""
    from dedupe_article import CleanConfig, clean_article, load_rules
    from dedupe_article.corpus import frame_key

    rules = load_rules(rules_path)
    learned = {frame_key(r.pattern) for r in rules if isinstance(r.pattern, str)}
    frame = {frame_key(line) for lines in truth["frame"].values() for line in lines}
    articles = {frame_key(p) for p in truth["articles"]}
    rare = {frame_key(line) for line in truth["rare"]}
    frame_pairs = {(host, frame_key(line)) for host, lines in truth["frame"].items() for line in lines}
    learned_pairs = {(r.why.split("from ", 1)[1].split(":")[0], frame_key(r.pattern)) for r in rules}
    plain, with_rules = CleanConfig(), CleanConfig(rules=(rules_path,))
    extra_frame = extra_article = missed_frame = 0
    rng = random.Random(1)
    for record in rng.sample(records, min(sample, len(records))):
        text = record["text"]
        before = {r.text for r in clean_article(text, plain).removals}
        after = {r.text for r in clean_article(text, with_rules).removals}
        for paragraph in after - before:
            if frame_key(paragraph) in frame:
                extra_frame += 1
            elif frame_key(paragraph) not in rare:
                extra_article += 1
        for line in text.splitlines():
            if frame_key(line) in frame and line not in after and frame_key(line) not in articles:
                missed_frame += 1
    return {
        "rules": len(rules),
        "frame_found": len(frame_pairs & learned_pairs) / len(frame_pairs),
        "article_rules": len(learned & articles),
        "sample_frame_removed": extra_frame,
        "sample_article_removed": extra_article,
        "sample_frame_missed": missed_frame,
    }


def run(n_docs: int, folder: Path, seed: int, sample: int) -> dict[str, Any]:
    records, truth = generate(n_docs, seed)
    corpus = folder / f"corpus-{n_docs}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    size_mb = corpus.stat().st_size / 1e6
    ids = [r["id"] for r in records]
    results: dict[str, Any] = {
        "documents": n_docs,
        "size_mb": size_mb,
        "duplicates": n_docs - len(set(truth["clusters"])),
    }
    me = str(Path(__file__).resolve())
    results["floor"] = measure([PYTHON, me, "--floor", str(corpus)])
    kept, report = folder / "kept.jsonl", folder / "clusters.jsonl"
    cli = [PYTHON, "-m", "dedupe_article"]
    dedupe = [*cli, "dedupe", str(corpus), "-o", str(kept), "--report", str(report), "-q"]
    results["dedupe"] = measure([*dedupe, "--url-field", "url"])
    results["dedupe_quality"] = pair_scores(clusters_from_report(report, ids), truth["clusters"])
    results["dedupe_nosite"] = measure(dedupe)
    results["dedupe_nosite_quality"] = pair_scores(clusters_from_report(report, ids), truth["clusters"])
    try:
        import datasketch  # noqa: F401

        out = folder / "datasketch.json"
        results["datasketch"] = measure([PYTHON, me, "--datasketch", str(corpus), str(out)])
        results["datasketch_quality"] = pair_scores(json.loads(out.read_text()), truth["clusters"])
    except ImportError:
        results["datasketch"] = None
    rules = folder / "rules.toml"
    results["learn"] = measure([*cli, "learn", str(corpus), "--url-field", "url", "-o", str(rules), "-q"])
    results["learn_quality"] = check_learned(rules, records, truth, sample)
    return results


def table(all_results: list[dict[str, Any]]) -> str:
    lines = [
        "| documents | job | time (s) | × floor | peak RSS (MB) | cluster precision | cluster recall |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in all_results:
        base = r["floor"][0]
        rows = [
            ("floor: read, split, hash", r["floor"], None),
            ("`dedupe-article dedupe --url-field url`", r["dedupe"], r["dedupe_quality"]),
            (
                "`dedupe-article dedupe` (no sites: frame counted corpus-wide)",
                r["dedupe_nosite"],
                r["dedupe_nosite_quality"],
            ),
        ]
        if r.get("datasketch"):
            rows.append(("datasketch MinHashLSH (32×4), no verification", r["datasketch"], r["datasketch_quality"]))
        rows.append(("`dedupe-article learn --url-field url`", r["learn"], None))
        for name, (seconds, memory), quality in rows:
            p, q = (f"{quality[0]:.4f}", f"{quality[1]:.4f}") if quality else ("", "")
            lines.append(
                f"| {r['documents']:,} | {name} | {seconds:.1f} | {seconds / base:.1f} | {memory:.0f} | {p} | {q} |"
            )
    lines.append("")
    lines.append(
        "| documents | corpus MB | duplicates | rules learned | frame lines found | article rules "
        "| sample: frame removed / article removed / frame missed |"
    )
    lines.append("|---:|---:|---:|---:|---:|---:|---|")
    for r in all_results:
        q = r["learn_quality"]
        sample = f"{q['sample_frame_removed']} / {q['sample_article_removed']} / {q['sample_frame_missed']}"
        lines.append(
            f"| {r['documents']:,} | {r['size_mb']:.0f} | {r['duplicates']:,} | {q['rules']} | "
            f"{q['frame_found']:.3f} | {q['article_rules']} | {sample} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=2000, help="documents cleaned to check the learned rules")
    parser.add_argument("--markdown", type=Path, help="write the tables to this file")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--datasketch", nargs=2, type=Path, help=argparse.SUPPRESS)
    if argv[:1] == ["--launch"]:
        launch(argv[1:])
        return 0
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.floor)
        return 0
    if args.datasketch:
        datasketch_clusters(*args.datasketch)
        return 0
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            results.append(run(size, Path(folder), args.seed, args.sample))
            print(json.dumps(results[-1]), file=sys.stderr)
    text = table(results)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
