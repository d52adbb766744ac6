"""Benchmark ``dedupe-article clean`` against a floor and two peers, with quality against the truth.

Every measurement runs one fresh process under GNU ``/usr/bin/time -f %M``,
which gives that process's own peak resident memory (the largest of it and
the children it waited for; ``os.wait4`` when there is no ``/usr/bin/time``).
Wall time is taken around it. A run shorter than 10 s is repeated and the best of 3 kept (``--repeat``
changes that). Child processes of ``-j 2`` are also sampled from ``/proc``
every 20 ms, to give the peak of the *sum* of the process tree's memory.

What is timed, per workload (see ``generate.py`` for the workloads):

* ``dedupe-article clean FILE -o OUT --report REPORT`` (``-j 1`` and ``-j 2``
  for JSON Lines), with ``--no-config -q``.
* the floor: a fresh Python process that reads the file, splits it into
  paragraphs, hashes each paragraph's whitespace-normalised, case-folded key
  with blake2b, drops repeated hashes and writes the rest (for JSON Lines:
  ``json.loads`` each line, the same per document, ``json.dumps``).
* peers on single documents, each in a fresh process on the same keys
  (``paragraph_key``) and the same greedy policy for long paragraphs (a
  paragraph is a duplicate when it matches an earlier *kept* one):
  rapidfuzz ``process.cdist`` over all pairs of long paragraphs
  (``fuzz.ratio``, cutoff 90, one worker; skipped where the quadratic cost
  is predicted above 60 s or 4 GB), and datasketch ``MinHashLSH`` (threshold
  0.8, 128 permutations, word 3-gram shingles; CJK characters count as
  words), when datasketch is installed.

With ``--workload messages`` (``generate_messages.py``: short,
punctuation-heavy software messages; site frames on the corpora), the same
floor and ``dedupe-article`` runs, plus: ``--no-page`` (the default clean
minus the page decision and stage) and one untimed ``--stats`` run that
counts the documents cleaned as page dumps; the ``cdist`` peer on the
single documents; on JSON Lines the per-document rapidfuzz loop (each
paragraph keyed with ``paragraph_key`` and dropped when ``fuzz.ratio`` >= 90
with an earlier kept one of its document, ``process.extractOne`` over the
kept keys), reading and writing JSON Lines as the floor does.

Quality: a removal with reason ``near_duplicate`` is correct when the truth
lists its index; precision = correct / predicted, recall = truth indices
found / truth size. Disagreements with the truth are printed (first 10 per
workload) with the rapidfuzz score of the pair, so that a library miss can
be told from a truth bug.

Usage::

    python benchmarks/run.py --quick                                  # smoke run: doc-200, doc-2000, corpus-1000
    python benchmarks/run.py --data /tmp/bench --markdown /tmp/bench/results.md
    python benchmarks/run.py --sizes all --markdown results.md        # with the 100,000-document corpus
    python benchmarks/run.py --workload messages --markdown messages.md   # doc-2000, doc-20000, corpus-10000

Missing workloads are generated first (``generate.py``, same seed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUICK_SIZES = ["doc-200", "doc-2000", "corpus-1000"]
PAGE = os.sysconf("SC_PAGE_SIZE")
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

FLOOR_DOC = r"""
import hashlib, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    text = f.read()
seen, kept = set(), []
for line in text.splitlines():
    if not line.strip():
        continue
    digest = hashlib.blake2b(" ".join(line.casefold().split()).encode(), digest_size=16).digest()
    if digest not in seen:
        seen.add(digest)
        kept.append(line)
with open(dst, "w", encoding="utf-8") as f:
    f.write("\n".join(kept) + "\n")
"""

FLOOR_JSONL = r"""
import hashlib, json, sys
src, dst = sys.argv[1], sys.argv[2]
blake2b = hashlib.blake2b
with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
    for line in fin:
        record = json.loads(line)
        seen, kept = set(), []
        for para in record["text"].splitlines():
            if not para.strip():
                continue
            digest = blake2b(" ".join(para.casefold().split()).encode(), digest_size=16).digest()
            if digest not in seen:
                seen.add(digest)
                kept.append(para)
        record["text"] = "\n".join(kept)
        fout.write(json.dumps(record, ensure_ascii=False) + "\n")
"""


# --- measuring one process -------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float  # peak RSS of the largest single process (wait4)
    tree_mb: float  # sampled peak of the sum over the process tree
    ok: bool = True
    stderr: str = ""


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree_rss(pid: int) -> int:
    kids = _children_map()
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
        stack.extend(kids.get(p, ()))
    return total


def run_once(cmd: list[str], *, sample_tree: bool = False) -> Run:
    """Run ``cmd`` once: wall time, peak RSS (GNU time's %M, else wait4), sampled tree peak.

    The peak RSS is taken by ``/usr/bin/time`` when it exists: on Linux a
    process's ``ru_maxrss`` starts from the RSS of the process that forked
    it, so measuring straight from this (large) Python process would report
    this process's memory for any small child.
    """
    errfile = tempfile.TemporaryFile()
    rssfile = Path(tempfile.mkstemp(prefix="rss-")[1])
    full = [TIME, "-f", "%M", "-o", str(rssfile), *cmd] if TIME else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=errfile, cwd=ROOT)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.wait(0.02):
            peak_tree = max(peak_tree, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if sampler:
        sampler.join()
    errfile.seek(0)
    err = errfile.read().decode("utf-8", "replace")
    rss_kib = usage.ru_maxrss
    if TIME:
        lines = rssfile.read_text().split()
        rss_kib = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    rssfile.unlink()
    rss = rss_kib / 1024
    return Run(elapsed, rss, max(peak_tree / 2**20, rss), proc.returncode == 0, err)


def best_of(cmd: list[str], repeat: int | None, **kw) -> Run:
    """Best wall time of up to 3 runs (1 when a run takes 10 s or more); peak memory is the largest seen."""
    first = run_once(cmd, **kw)
    runs = [first]
    n = repeat if repeat is not None else (3 if first.seconds < 10 else 1)
    while len(runs) < n and first.ok:
        runs.append(run_once(cmd, **kw))
    best = min(runs, key=lambda r: r.seconds)
    return Run(
        best.seconds, max(r.rss_mb for r in runs), max(r.tree_mb for r in runs), all(r.ok for r in runs), best.stderr
    )


# --- peers (run in a fresh process: python run.py --peer NAME IN OUT) ---------------------


def _long_keys(path: Path) -> tuple[list[int], list[str]]:
    from dedupe_article.keys import count_words, paragraph_key

    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()]
    ids, keys = [], []
    for i, line in enumerate(lines):
        key = paragraph_key(line)
        if count_words(key) >= 10:
            ids.append(i)
            keys.append(key)
    return ids, keys


def peer_cdist(src: Path, dst: Path) -> None:
    import numpy as np
    from rapidfuzz import fuzz, process

    ids, keys = _long_keys(src)
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=90, dtype=np.uint8, workers=1)
    kept = np.zeros(len(keys), dtype=bool)
    found: dict[int, int] = {}
    for a in range(len(keys)):
        row = scores[a, :a]
        hits = np.flatnonzero((row > 0) & kept[:a])
        if hits.size:
            found[ids[a]] = ids[int(hits[np.argmax(row[hits])])]
        else:
            kept[a] = True
    dst.write_text(json.dumps(found))


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_SHINGLE_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")


def peer_minhash(src: Path, dst: Path) -> None:
    from datasketch import MinHash, MinHashLSH

    ids, keys = _long_keys(src)
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    first = MinHash(num_perm=128)
    perms, scheme = first.permutations, first.scheme
    found: dict[int, int] = {}
    for i, key in zip(ids, keys, strict=True):
        words = _SHINGLE_TOKENS.findall(key)
        shingles = {" ".join(words[k : k + 3]).encode() for k in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=128, permutations=perms, scheme=scheme)
        m.update_batch(list(shingles))
        hits = lsh.query(m)
        if hits:
            found[i] = min(int(h) for h in hits)
        else:
            lsh.insert(str(i), m)
    dst.write_text(json.dumps(found))


def peer_loop(src: Path, dst: Path) -> None:
    """The per-document rapidfuzz loop on JSON Lines: the plain way to dedupe a corpus.

    For each record: split the text into paragraphs (lines), key each with
    ``paragraph_key``, and drop a paragraph when ``fuzz.ratio`` >= 90 with an
    earlier kept one of the same document (``process.extractOne`` over the
    kept keys). Writes the cleaned JSON Lines to ``dst`` and the removals
    (``{"id", "duplicates": {index: kept index}}`` per record) next to it.
    """
    from rapidfuzz import fuzz, process

    from dedupe_article.keys import paragraph_key

    extract, ratio = process.extractOne, fuzz.ratio
    with (
        src.open(encoding="utf-8") as fin,
        dst.open("w", encoding="utf-8") as fout,
        dst.with_suffix(".found.jsonl").open("w", encoding="utf-8") as ffound,
    ):
        for line in fin:
            record = json.loads(line)
            kept_keys: list[str] = []
            kept_at: list[int] = []
            kept: list[str] = []
            found: dict[int, int] = {}
            for i, para in enumerate(record["text"].split("\n")):
                key = paragraph_key(para)
                if key:
                    hit = extract(key, kept_keys, scorer=ratio, score_cutoff=90)
                    if hit is not None:
                        found[i] = kept_at[hit[2]]
                        continue
                    kept_keys.append(key)
                    kept_at.append(i)
                kept.append(para)
            record["text"] = "\n".join(kept)
            fout.write(json.dumps(record, ensure_ascii=False) + "\n")
            ffound.write(json.dumps({"id": record["id"], "duplicates": found}) + "\n")


PEERS = {"cdist": peer_cdist, "minhash": peer_minhash, "loop": peer_loop}


# --- quality -----------------------------------------------------------------------------------


@dataclass
class Quality:
    truth: int = 0
    predicted: int = 0
    correct: int = 0
    same_source: int = 0
    bp_truth: int = 0
    bp_predicted: int = 0
    bp_correct: int = 0
    near_misses: int = 0
    near_misses_removed: int = 0
    misses: list[dict] = field(default_factory=list)  # truth not predicted
    extras: list[dict] = field(default_factory=list)  # predicted not truth
    miss_kinds: Counter = field(default_factory=Counter)
    extra_kinds: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    def add(
        self, truth: dict, dups: dict[int, dict], boiler: set[int], where: str, texts: list[str] | None, keep: int
    ) -> None:
        tdups = {int(k): v for k, v in truth["duplicates"].items()}
        kinds = {int(k): v for k, v in truth.get("kinds", {}).items()}
        tbp = set(truth.get("boilerplate", ()))
        self.truth += len(tdups)
        self.predicted += len(dups)
        for i, rec in dups.items():
            if i in tdups:
                self.correct += 1
                self.same_source += rec.get("duplicate_of") == tdups[i]
        self.bp_truth += len(tbp)
        self.bp_predicted += len(boiler)
        self.bp_correct += len(tbp & boiler)
        nm = set(truth.get("near_misses", ()))
        self.near_misses += len(nm)
        self.near_misses_removed += len(nm & (dups.keys() | boiler))
        for i in sorted(tdups.keys() - dups.keys()):
            kind = kinds.get(i, "?")
            self.miss_kinds[kind] += 1
            if len(self.misses) < keep:
                why = "removed as boilerplate" if i in boiler else "kept"
                self.misses.append(_case(where, i, tdups[i], kind, why, texts))
        for i in sorted(dups.keys() - tdups.keys()):
            kind = "near-miss" if i in nm else ("boilerplate" if i in tbp else "not a duplicate in the truth")
            self.extra_kinds[kind] += 1
            if len(self.extras) < keep:
                rec = dups[i]
                why = f"{rec.get('method')} duplicate of {rec.get('duplicate_of')} (score {rec.get('score')})"
                self.extras.append(_case(where, i, rec.get("duplicate_of"), kind, why, texts))


def _case(where: str, i: int, src: int | None, kind: str, why: str, texts: list[str] | None) -> dict:
    case = {"where": where, "index": i, "source": src, "kind": kind, "outcome": why}
    if texts is not None:
        from rapidfuzz import fuzz

        from dedupe_article.keys import count_words, paragraph_key

        a = texts[i]
        case["text"] = a[:90]
        case["words"] = count_words(paragraph_key(a))
        if src is not None and 0 <= src < len(texts):
            b = texts[src]
            case["source_text"] = b[:90]
            case["source_words"] = count_words(paragraph_key(b))
            case["score"] = round(fuzz.ratio(paragraph_key(a), paragraph_key(b)), 2)
    return case


def read_report(path: Path, *, by_id: bool) -> tuple[dict, dict]:
    """``(dups, boilerplate)``: ``{doc: {index: record}}`` and ``{doc: set(index)}``."""
    dups: dict = {}
    boiler: dict = {}
    if not path.exists():
        return dups, boiler
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            doc = rec.get("id") if by_id else None
            if rec["reason"] == "near_duplicate":
                keep = {k: rec.get(k) for k in ("duplicate_of", "method", "score")}
                dups.setdefault(doc, {})[rec["index"]] = keep
            elif rec["reason"] == "boilerplate":
                boiler.setdefault(doc, set()).add(rec["index"])
    return dups, boiler


def quality_doc(doc: Path, truth_path: Path, predicted: dict[int, dict], boiler: set[int], keep: int) -> Quality:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    texts = doc.read_text(encoding="utf-8").splitlines()
    q = Quality()
    q.add(truth, predicted, boiler, doc.name, texts, keep)
    return q


def quality_corpus(corpus: Path, truth_path: Path, report: Path, keep: int) -> Quality:
    dups, boiler = read_report(report, by_id=True)
    q = Quality()
    want: dict[str, tuple] = {}
    with truth_path.open(encoding="utf-8") as f:
        for line in f:
            truth = json.loads(line)
            doc = truth["id"]
            before = (len(q.misses), len(q.extras))
            q.add(truth, dups.get(doc, {}), boiler.get(doc, set()), doc, None, keep)
            if (len(q.misses), len(q.extras)) != before:
                want[doc] = before
    if want:  # add the texts of the documents with disagreements
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["id"] in want:
                    texts = rec["text"].split("\n")
                    for case in q.misses + q.extras:
                        if case["where"] == rec["id"] and "text" not in case:
                            case.update(
                                _case(
                                    case["where"], case["index"], case["source"], case["kind"], case["outcome"], texts
                                )
                            )
    return q


# --- the benchmark -------------------------------------------------------------------------------


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt(x: float | None, spec: str = ".1f") -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def slope(points: list[tuple[float, float]]) -> float | None:
    pts = [(math.log(n), math.log(t)) for n, t in points if t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = (c.rjust(w) if k else c.ljust(w) for k, (c, w) in enumerate(zip(cells, widths, strict=True)))
        return "| " + " | ".join(padded) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if k else ("-" * (w + 2)) for k, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.data: Path = args.data
        self.python = sys.executable
        cli = Path(sys.executable).with_name("dedupe-article")
        self.cli = [str(cli)] if cli.exists() else [sys.executable, "-m", "dedupe_article"]
        self.tmp = Path(tempfile.mkdtemp(prefix="dedupe-bench-"))
        self.sections: list[str] = []
        self.goals: list[tuple[str, str, str, bool | None]] = []
        self.disagreements: list[str] = []
        self.log = lambda msg: print(msg, file=sys.stderr, flush=True)
        self.load_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())

    def emit(self, text: str) -> None:
        print(text + "\n", flush=True)
        self.sections.append(text)

    def goal(self, name: str, target: str, measured: str, met: bool | None) -> None:
        self.goals.append((name, target, measured, met))

    def dedupe(
        self, path: Path, jobs: int | None = None, sample_tree: bool = False, extra: tuple[str, ...] = ()
    ) -> tuple[Run, Path]:
        out, report = self.tmp / ("out" + path.suffix), self.tmp / "report.jsonl"
        cmd = [*self.cli, "clean", "--no-config", "-q", str(path), "-o", str(out), "--report", str(report), *extra]
        if jobs is not None:
            cmd += ["-j", str(jobs)]
        run = best_of(cmd, self.args.repeat, sample_tree=sample_tree)
        if not run.ok:
            self.log(f"dedupe-article failed on {path.name}: {run.stderr.strip()[:500]}")
        return run, report

    def floor(self, path: Path, code: str) -> Run:
        return best_of([self.python, "-c", code, str(path), str(self.tmp / "floor.out")], self.args.repeat)

    def startup(self) -> float:
        empty = self.tmp / "empty.txt"
        empty.write_text("")
        return best_of(
            [
                *self.cli,
                "clean",
                "--no-config",
                "-q",
                str(empty),
                "-o",
                str(self.tmp / "e.out"),
                "--report",
                str(self.tmp / "e.jsonl"),
            ],
            5,
        ).seconds

    # Single documents -----------------------------------------------------------------------

    def documents(self, sizes: list[int]) -> None:
        rows, peer_rows, qrows = [], [], []
        times: dict[str, list[tuple[float, float]]] = {"dedupe-article": [], "floor": [], "cdist": [], "minhash": []}
        t0 = self.startup()
        self.log(f"dedupe-article startup (empty file): {t0:.3f} s")
        cdist_last: tuple[int, float] | None = None
        have_datasketch = _importable("datasketch")
        have_numpy = _importable("numpy")
        skipped: list[str] = []
        cdist_missed: list[str] = []
        for n in sizes:
            doc, truth = self.data / f"doc-{n}.txt", self.data / f"doc-{n}.truth.json"
            self.log(f"doc-{n}: floor, dedupe-article ...")
            floor = self.floor(doc, FLOOR_DOC)
            run, report = self.dedupe(doc)
            dups, boiler = read_report(report, by_id=False)
            q = quality_doc(doc, truth, dups.get(None, {}), boiler.get(None, set()), self.args.show)
            self.collect_disagreements(f"doc-{n}", q)
            times["dedupe-article"].append((n, run.seconds))
            times["floor"].append((n, floor.seconds))
            mb = doc.stat().st_size / 1e6
            rows.append(
                [
                    f"{n:,}",
                    fmt(mb, ".1f"),
                    fmt_s(floor.seconds),
                    fmt_s(run.seconds),
                    fmt(run.seconds / floor.seconds, ".1f") + "x",
                    fmt(max(run.seconds - t0, 0.0), ".3f"),
                    fmt(floor.rss_mb, ".0f"),
                    fmt(run.rss_mb, ".0f"),
                ]
            )
            qrows.append(
                [
                    f"{n:,}",
                    str(q.truth),
                    str(q.predicted),
                    fmt(q.precision, ".4f"),
                    fmt(q.recall, ".4f"),
                    fmt(q.same_source / q.correct if q.correct else 1.0, ".4f"),
                    f"{q.bp_correct}/{q.bp_truth} ({q.bp_predicted} removed)",
                    f"{q.near_misses - q.near_misses_removed}/{q.near_misses}",
                ]
            )
            # Peers.
            peer = [f"{n:,}"]
            if have_numpy:
                pred_cost = cdist_last[1] * (n / cdist_last[0]) ** 2 if cdist_last else 0.0
                n_long = _count_long_estimate(truth)
                if pred_cost > 60 or n_long**2 > 4e9:
                    skipped.append(
                        f"cdist at {n:,} paragraphs (predicted {pred_cost:.0f} s, {n_long**2 / 1e9:.1f} GB matrix)"
                    )
                    peer += ["skipped", "–", "–", "–"]
                else:
                    self.log(f"doc-{n}: cdist ...")
                    r, p = self.peer("cdist", doc, truth)
                    cdist_last = (n, r.seconds)
                    times["cdist"].append((n, r.seconds))
                    cdist_missed.append(
                        f"{n:,}: " + (", ".join(f"{k} {v}" for k, v in p.miss_kinds.most_common()) or "none")
                    )
                    peer += [fmt_s(r.seconds), fmt(r.rss_mb, ".0f"), fmt(p.precision, ".4f"), fmt(p.recall, ".4f")]
            else:
                peer += ["no numpy", "–", "–", "–"]
            if have_datasketch:
                self.log(f"doc-{n}: minhash ...")
                r, p = self.peer("minhash", doc, truth)
                times["minhash"].append((n, r.seconds))
                peer += [fmt_s(r.seconds), fmt(r.rss_mb, ".0f"), fmt(p.precision, ".4f"), fmt(p.recall, ".4f")]
            else:
                peer += ["not installed", "–", "–", "–"]
            peer_rows.append(peer)
            if n == 20_000:
                ratio = run.seconds / floor.seconds
                self.goal(
                    "20,000-paragraph document vs floor",
                    "<= 10x the floor, about 1 s",
                    f"{run.seconds:.2f} s, {ratio:.1f}x floor ({floor.seconds:.2f} s)",
                    ratio <= 10 and run.seconds <= 1.2,
                )
        self.emit(
            "### Single documents: time and memory\n\n"
            + table(
                [
                    "paragraphs",
                    "MB",
                    "floor s",
                    "dedupe-article s",
                    "ratio",
                    "minus startup s",
                    "floor RSS MB",
                    "RSS MB",
                ],
                rows,
            )
            + f"\n\nstartup (cleaning an empty file): {t0:.3f} s; RSS = peak resident memory of the process."
        )
        self.emit(
            "### Single documents: duplicate detection against the truth\n\n"
            + table(
                [
                    "paragraphs",
                    "truth",
                    "removed",
                    "precision",
                    "recall",
                    "same source",
                    "boilerplate found",
                    "near misses kept",
                ],
                qrows,
            )
        )
        self.emit(
            "### Peers on the same documents (long paragraphs, same keys, greedy first-kept policy)\n\n"
            + table(
                [
                    "paragraphs",
                    "cdist s",
                    "cdist RSS MB",
                    "cdist P",
                    "cdist R",
                    "MinHashLSH s",
                    "MinHash RSS MB",
                    "MinHash P",
                    "MinHash R",
                ],
                peer_rows,
            )
            + ("\n\nSkipped: " + "; ".join(skipped) + "." if skipped else "")
            + "\n\nThe peers only judge long paragraphs, so their recall misses the short headings of the re-scraped"
            " block that the policy removes too."
            + (
                "\n\ncdist (the policy for long paragraphs by brute force) missed, by kind: "
                + "; ".join(cdist_missed)
                + "."
                if cdist_missed
                else ""
            )
        )
        exp_rows = []
        big = lambda pts: [(n, t) for n, t in pts if n >= 2_000]  # noqa: E731
        for name, pts in times.items():
            s = slope(big(pts))
            extra = ""
            if name == "dedupe-article":
                s2 = slope([(n, max(t - t0, 1e-6)) for n, t in big(pts)])
                extra = fmt(s2, ".2f")
                if s is not None:
                    self.goal(
                        "growth exponent 2,000..20,000 paragraphs",
                        "<= 1.15",
                        f"{s:.2f} (wall), {extra} (minus startup)",
                        s <= 1.15 and (s2 or 0) <= 1.15,
                    )
            if s is not None:
                exp_rows.append([name, fmt(s, ".2f"), extra or "–", ", ".join(f"{n:,}" for n, _ in big(pts))])
        if exp_rows:
            self.emit(
                "### Growth exponent (least-squares slope of log time on log size)\n\n"
                + table(["tool", "exponent", "minus startup", "sizes"], exp_rows)
            )

    def peer(self, name: str, doc: Path, truth: Path) -> tuple[Run, Quality]:
        out = self.tmp / f"{name}.json"
        run = best_of([self.python, str(HERE / "run.py"), "--peer", name, str(doc), str(out)], self.args.repeat)
        if not run.ok:
            self.log(f"{name} failed: {run.stderr[-500:]}")
            return run, Quality()
        found = {int(k): {"duplicate_of": v} for k, v in json.loads(out.read_text()).items()}
        t = json.loads(truth.read_text(encoding="utf-8"))
        q = Quality()
        q.add(t, found, set(), doc.name, None, 0)
        return run, q

    # JSON Lines --------------------------------------------------------------------------

    def corpora(self, sizes: list[int]) -> None:
        rows, qrows = [], []
        peaks: list[float] = []
        for n in sizes:
            corpus, truth = self.data / f"corpus-{n}.jsonl", self.data / f"corpus-{n}.truth.jsonl"
            self.log(f"corpus-{n}: floor ...")
            floor = self.floor(corpus, FLOOR_JSONL)
            self.log(f"corpus-{n}: dedupe-article -j 1 ...")
            j1, report = self.dedupe(corpus, 1, sample_tree=True)
            q = quality_corpus(corpus, truth, report, self.args.show)
            self.collect_disagreements(f"corpus-{n}", q)
            self.log(f"corpus-{n}: dedupe-article -j 2 ...")
            j2, _ = self.dedupe(corpus, 2, sample_tree=True)
            peaks.append(j1.rss_mb)
            mb = corpus.stat().st_size / 1e6
            rows.append(
                [
                    f"{n:,}",
                    fmt(mb, ".0f"),
                    fmt_s(floor.seconds),
                    fmt_s(j1.seconds),
                    fmt(j1.seconds / floor.seconds, ".1f") + "x",
                    fmt_s(j2.seconds),
                    fmt(j2.seconds / floor.seconds, ".1f") + "x",
                    fmt(floor.rss_mb, ".0f"),
                    fmt(j1.rss_mb, ".0f"),
                    fmt(j2.rss_mb, ".0f"),
                    fmt(j2.tree_mb, ".0f"),
                ]
            )
            qrows.append(
                [
                    f"{n:,}",
                    str(q.truth),
                    str(q.predicted),
                    fmt(q.precision, ".4f"),
                    fmt(q.recall, ".4f"),
                    f"{q.bp_correct}/{q.bp_truth} ({q.bp_predicted} removed)",
                ]
            )
            if n == max(sizes):
                r1, r2 = j1.seconds / floor.seconds, j2.seconds / floor.seconds
                self.goal(
                    f"{n:,}-document JSONL, one process", "<= 3x the floor", f"{j1.seconds:.1f} s, {r1:.1f}x", r1 <= 3
                )
                self.goal(f"{n:,}-document JSONL, -j 2", "<= 2x the floor", f"{j2.seconds:.1f} s, {r2:.1f}x", r2 <= 2)
                flat = max(peaks) <= 1.25 * min(peaks) if len(peaks) > 1 else None
                self.goal(
                    "JSONL peak memory",
                    "< 300 MB and flat",
                    f"-j 1: {', '.join(fmt(p, '.0f') for p in peaks)} MB; -j 2 tree: {j2.tree_mb:.0f} MB",
                    max(peaks) < 300 and j2.tree_mb < 300 and flat is not False,
                )
        self.emit(
            "### JSON Lines corpora\n\n"
            + table(
                [
                    "documents",
                    "MB",
                    "floor s",
                    "-j 1 s",
                    "ratio",
                    "-j 2 s",
                    "ratio",
                    "floor RSS MB",
                    "-j 1 RSS MB",
                    "-j 2 RSS MB",
                    "-j 2 tree MB",
                ],
                rows,
            )
            + "\n\nRSS = peak of the largest single process; tree = sampled peak of the sum over the main"
            " process and its workers."
        )
        self.emit(
            "### JSON Lines corpora: duplicate detection against the truth\n\n"
            + table(["documents", "truth", "removed", "precision", "recall", "boilerplate found"], qrows)
        )

    # The messages workload (generate_messages.py) ------------------------------------------

    def page_dumps(self, path: Path, jobs: int | None = None) -> str:
        """How many documents the default clean treats as page dumps: one untimed ``--stats`` run."""
        cmd = [*self.cli, "clean", "--no-config", "--stats", str(path), "-o", str(self.tmp / ("stats" + path.suffix))]
        if jobs is not None:
            cmd += ["-j", str(jobs)]
        err = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stderr
        m = re.search(r"(\d+) documents .*?(\d+) cleaned as page dumps", err)
        return f"{int(m.group(2)):,} of {int(m.group(1)):,}" if m else "?"

    def messages(self, docs: list[int], corpora: list[int]) -> None:
        import generate_messages

        doc_rows, corpus_rows, qrows = [], [], []
        have_numpy = _importable("numpy")
        cdist_last: tuple[int, float] | None = None
        notes: list[str] = []
        for n in docs:
            name = f"doc-{n}"
            doc, truth = generate_messages.paths(self.data, name)
            self.log(f"messages {name}: floor, dedupe-article, --no-page ...")
            floor = self.floor(doc, FLOOR_DOC)
            run, report = self.dedupe(doc)
            dups, boiler = read_report(report, by_id=False)
            q = quality_doc(doc, truth, dups.get(None, {}), boiler.get(None, set()), self.args.show)
            self.collect_disagreements(f"messages-{name}", q)
            body = body_removals(report, [json.loads(truth.read_text(encoding="utf-8"))], by_id=False)
            nopage, _ = self.dedupe(doc, extra=("--no-page",))
            pages = self.page_dumps(doc)
            cdist_cells = ["no numpy", "–", "–", "–"]
            if have_numpy:
                predicted = cdist_last[1] * (n / cdist_last[0]) ** 2 if cdist_last else 0.0
                if predicted > 60:
                    cdist_cells = ["skipped", "–", "–", "–"]
                    notes.append(f"cdist skipped at {n:,} paragraphs (predicted {predicted:.0f} s)")
                else:
                    self.log(f"messages {name}: cdist ...")
                    r, p = self.peer("cdist", doc, truth)
                    cdist_last = (n, r.seconds)
                    cdist_cells = [
                        fmt_s(r.seconds),
                        fmt(r.seconds / floor.seconds, ".1f") + "x",
                        fmt(p.precision, ".4f"),
                        fmt(p.recall, ".4f"),
                    ]
            doc_rows.append(
                [
                    f"{n:,}",
                    fmt(doc.stat().st_size / 1e6, ".1f"),
                    fmt_s(floor.seconds),
                    fmt_s(run.seconds),
                    fmt(run.seconds / floor.seconds, ".1f") + "x",
                    fmt_s(nopage.seconds),
                    _share(run.seconds, nopage.seconds),
                    pages,
                    *cdist_cells,
                    fmt(run.rss_mb, ".0f"),
                ]
            )
            qrows.append(_quality_row(f"doc-{n:,}", q, body, "cdist", cdist_cells[2:]))
            if n == max(docs):
                ratio = run.seconds / floor.seconds
                self.goal(
                    f"messages: {n:,}-paragraph document vs floor",
                    "<= 10x the floor",
                    f"{run.seconds:.2f} s, {ratio:.1f}x floor ({floor.seconds:.3f} s)",
                    ratio <= 10,
                )
        for n in corpora:
            name = f"corpus-{n}"
            corpus, truth = generate_messages.paths(self.data, name)
            self.log(f"messages {name}: floor ...")
            floor = self.floor(corpus, FLOOR_JSONL)
            self.log(f"messages {name}: dedupe-article -j 1 ...")
            j1, report = self.dedupe(corpus, 1, sample_tree=True)
            q = quality_corpus(corpus, truth, report, self.args.show)
            self.collect_disagreements(f"messages-{name}", q)
            with truth.open(encoding="utf-8") as f:
                body = body_removals(report, [json.loads(line) for line in f], by_id=True)
            self.log(f"messages {name}: dedupe-article -j 2 ...")
            j2, _ = self.dedupe(corpus, 2, sample_tree=True)
            self.log(f"messages {name}: dedupe-article -j 1 --no-page ...")
            nopage, _ = self.dedupe(corpus, 1, extra=("--no-page",))
            self.log(f"messages {name}: page dumps (--stats, -j 2, untimed) ...")
            pages = self.page_dumps(corpus, 2)
            self.log(f"messages {name}: per-document rapidfuzz loop ...")
            loop, lq = self.loop_peer(corpus, truth)
            corpus_rows.append(
                [
                    f"{n:,}",
                    fmt(corpus.stat().st_size / 1e6, ".0f"),
                    fmt_s(floor.seconds),
                    fmt_s(j1.seconds),
                    fmt(j1.seconds / floor.seconds, ".1f") + "x",
                    fmt_s(j2.seconds),
                    fmt(j2.seconds / floor.seconds, ".1f") + "x",
                    fmt(j2.seconds / j1.seconds, ".2f"),
                    fmt_s(nopage.seconds),
                    _share(j1.seconds, nopage.seconds),
                    pages,
                    fmt_s(loop.seconds),
                    fmt(loop.seconds / floor.seconds, ".1f") + "x",
                    fmt(j1.rss_mb, ".0f"),
                    fmt(j2.tree_mb, ".0f"),
                ]
            )
            qrows.append(
                _quality_row(f"corpus-{n:,}", q, body, "loop", [fmt(lq.precision, ".4f"), fmt(lq.recall, ".4f")])
            )
            if n == max(corpora):
                r1 = j1.seconds / floor.seconds
                self.goal(
                    f"messages: {n:,}-document JSONL, -j 1",
                    "<= 5x the floor, faster than the rapidfuzz loop",
                    f"{j1.seconds:.1f} s, {r1:.1f}x; loop {loop.seconds:.1f} s",
                    r1 <= 5 and j1.seconds < loop.seconds,
                )
                self.goal(
                    f"messages: {n:,}-document JSONL, -j 2",
                    "<= 0.6x the time of -j 1",
                    f"{j2.seconds:.1f} s, {j2.seconds / j1.seconds:.2f}x",
                    j2.seconds <= 0.6 * j1.seconds,
                )
        page_note = (
            "\n\npage stage = (default - `--no-page`) / default: the share of the time the page decision and"
            " stage take; page dumps = documents the default clean treated as page dumps (`--stats`)."
        )
        if doc_rows:
            self.emit(
                "### Messages workload: single documents\n\n"
                + table(
                    [
                        "paragraphs",
                        "MB",
                        "floor s",
                        "dedupe-article s",
                        "ratio",
                        "--no-page s",
                        "page stage",
                        "page dumps",
                        "cdist s",
                        "cdist ratio",
                        "cdist P",
                        "cdist R",
                        "RSS MB",
                    ],
                    doc_rows,
                )
                + page_note
                + ("\n\n" + "; ".join(notes) + "." if notes else "")
            )
        if corpus_rows:
            self.emit(
                "### Messages workload: JSON Lines corpora\n\n"
                + table(
                    [
                        "documents",
                        "MB",
                        "floor s",
                        "-j 1 s",
                        "ratio",
                        "-j 2 s",
                        "ratio",
                        "-j 2 / -j 1",
                        "-j 1 --no-page s",
                        "page stage",
                        "page dumps",
                        "loop s",
                        "loop ratio",
                        "-j 1 RSS MB",
                        "-j 2 tree MB",
                    ],
                    corpus_rows,
                )
                + page_note
                + "\n\nloop = the per-document rapidfuzz loop (`run.py --peer loop`): each paragraph keyed with"
                " `paragraph_key` and dropped when `fuzz.ratio` >= 90 with an earlier kept one of its document."
            )
        self.emit(
            "### Messages workload: duplicates against the truth\n\n"
            + table(
                [
                    "workload",
                    "truth",
                    "removed",
                    "precision",
                    "recall",
                    "near misses kept",
                    "repeated short kept",
                    "frame removed",
                    "other body removals",
                    "peer",
                    "peer P",
                    "peer R",
                ],
                qrows,
            )
            + "\n\nremoved = removals with reason `near_duplicate`; other body removals = removals of lines"
            " outside the frame that the truth does not list, by reason. The cdist peer judges long paragraphs"
            " only; the loop peer judges every paragraph, so it also drops repeated short lines and number variants"
            " that the policy keeps."
        )

    def loop_peer(self, corpus: Path, truth: Path) -> tuple[Run, Quality]:
        out = self.tmp / "loop.jsonl"
        run = best_of([self.python, str(HERE / "run.py"), "--peer", "loop", str(corpus), str(out)], self.args.repeat)
        q = Quality()
        if not run.ok:
            self.log(f"loop failed: {run.stderr[-500:]}")
            return run, q
        with truth.open(encoding="utf-8") as ft, out.with_suffix(".found.jsonl").open(encoding="utf-8") as ff:
            for tline, fline in zip(ft, ff, strict=True):
                t, found = json.loads(tline), json.loads(fline)
                q.add(t, {int(k): {"duplicate_of": v} for k, v in found["duplicates"].items()}, set(), t["id"], None, 0)
        return run, q

    # Start-up ----------------------------------------------------------------------------

    def startup_costs(self) -> None:
        py = self.python
        # Measured with the bytecode cache, as after `pip install` (which compiles it): with
        # PYTHONDONTWRITEBYTECODE set, every start would compile the package's source again.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        seed = ROOT / "fixtures" / "gate-es" / "input.txt"
        subprocess.run([*self.cli, "clean", "--no-config", str(seed)], capture_output=True)  # writes the cache
        bare = best_of([py, "-c", "pass"], 10).seconds
        imp = best_of([py, "-c", "import dedupe_article"], 10).seconds
        e2e = best_of([*self.cli, "clean", "--no-config", str(seed)], 10).seconds
        imptime = subprocess.run(
            [py, "-X", "importtime", "-c", "import dedupe_article"], capture_output=True, text=True
        ).stderr
        top = []
        for line in imptime.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if m:
                top.append((int(m.group(2)), len(m.group(3)), m.group(4)))
        top_level = sorted((t for t in top if t[1] <= 2), reverse=True)[:6]
        self.emit(
            "### Start-up\n\n"
            + table(
                ["measure", "seconds"],
                [
                    ["`python -c pass` (best of 10)", f"{bare:.3f}"],
                    ['`python -c "import dedupe_article"` (best of 10)', f"{imp:.3f}"],
                    ["import dedupe_article (difference)", f"{imp - bare:.3f}"],
                    ["`dedupe-article clean fixtures/gate-es/input.txt` (best of 10)", f"{e2e:.3f}"],
                ],
            )
            + "\n\nWith the bytecode cache written, as after `pip install`. Largest top-level imports"
            + " (`python -X importtime`, cumulative µs): "
            + ", ".join(f"`{name}` {us:,}" for us, _, name in top_level)
        )
        self.goal("`import dedupe_article`", "< 100 ms", f"{(imp - bare) * 1000:.0f} ms", imp - bare < 0.1)
        self.goal("seed article end to end", "< 0.3 s", f"{e2e:.3f} s", e2e < 0.3)

    # Reporting ---------------------------------------------------------------------------

    def collect_disagreements(self, name: str, q: Quality) -> None:
        lines = [f"#### {name}: {q.truth - q.correct} missed, {q.predicted - q.correct} extra"]
        if q.miss_kinds:
            lines.append("\nmissed by kind: " + ", ".join(f"{k} {v}" for k, v in q.miss_kinds.most_common()))
        if q.extra_kinds:
            lines.append("\nextra by kind: " + ", ".join(f"{k} {v}" for k, v in q.extra_kinds.most_common()))
        for title, cases in (
            ("missed (truth says duplicate, dedupe-article kept or removed otherwise)", q.misses),
            ("extra (dedupe-article removed as duplicate, truth says keep)", q.extras),
        ):
            if cases:
                lines.append(f"\n{title}:\n")
                for c in cases:
                    lines.append(
                        f"- {c['where']} #{c['index']} ({c['kind']}, {c.get('words', '?')} words)"
                        f" -> source #{c['source']}"
                        f" ({c.get('source_words', '?')} words), score {c.get('score', '?')}: {c['outcome']}\n"
                        f"  `{c.get('text', '')}`\n  source: `{c.get('source_text', '')}`"
                    )
        self.disagreements.append("\n".join(lines))
        print("\n".join(lines) + "\n", file=sys.stderr, flush=True)

    def finish(self, total: float) -> None:
        rows = [[n, t, m, {True: "met", False: "**not met**", None: "–"}[ok]] for n, t, m, ok in self.goals]
        self.emit("### Goals\n\n" + table(["goal", "target", "measured", "status"], rows))
        title = f"### Disagreements with the truth (first {self.args.show} per workload)"
        self.emit(title + "\n\n" + "\n\n".join(self.disagreements))
        if self.args.markdown:
            head = (
                f"Run on {time.strftime('%Y-%m-%d %H:%M')}: {platform.platform()}, {os.cpu_count()} CPUs, "
                f"Python {platform.python_version()}, dedupe-article {_version()} ({_git()}); "
                f"total benchmark time {total / 60:.1f} min; load average at the end "
                f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (at the start {self.load_start}).\n\n"
            )
            self.args.markdown.write_text(head + "\n\n".join(self.sections) + "\n", encoding="utf-8")
            self.log(f"wrote {self.args.markdown}")


def _share(full: float, without: float) -> str:
    return f"{(full - without) / full:.0%}" if full > 0 else "–"


def body_removals(report: Path, truths: list[dict], *, by_id: bool) -> dict[str, object]:
    """Removals of the frame, of repeated short lines, and of other lines the truth keeps (by reason)."""
    removed: dict[object, dict[int, str]] = {}
    if report.exists():
        with report.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                reason = rec.get("rule_id") or rec.get("chrome") or rec["reason"]
                removed.setdefault(rec.get("id") if by_id else None, {})[rec["index"]] = reason
    frame = frame_removed = short = short_kept = 0
    other: Counter = Counter()
    for t in truths:
        got = removed.get(t.get("id") if by_id else None, {})
        fr, rs = set(t.get("frame", ())), set(t.get("repeated_short", ()))
        dups = {int(k) for k in t["duplicates"]}
        frame += len(fr)
        frame_removed += len(fr & got.keys())
        short += len(rs)
        short_kept += len(rs - got.keys())
        for i, reason in got.items():
            if i not in fr and i not in dups:
                other[reason] += 1
    return {"frame": frame, "frame_removed": frame_removed, "short": short, "short_kept": short_kept, "other": other}


def _quality_row(name: str, q: Quality, body: dict, peer: str, peer_cells: list[str]) -> list[str]:
    other = body["other"]
    return [
        name,
        str(q.truth),
        str(q.predicted),
        fmt(q.precision, ".4f"),
        fmt(q.recall, ".4f"),
        f"{q.near_misses - q.near_misses_removed}/{q.near_misses}",
        f"{body['short_kept']}/{body['short']}",
        f"{body['frame_removed']}/{body['frame']}" if body["frame"] else "–",
        ", ".join(f"{k} {v}" for k, v in other.most_common(4)) or "none",
        peer,
        *peer_cells,
    ]


def _importable(name: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True).returncode == 0


def _count_long_estimate(truth: Path) -> int:
    t = json.loads(truth.read_text(encoding="utf-8"))
    return int(t["paragraphs"] * 0.9)


def _version() -> str:
    out = subprocess.run(
        [sys.executable, "-c", "import dedupe_article; print(dedupe_article.__version__)"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


def _git() -> str:
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return f"commit {rev}" + (" with uncommitted changes in src/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "bench", help="workload folder (default: /tmp/bench)"
    )
    parser.add_argument(
        "--workload",
        choices=["articles", "messages"],
        default="articles",
        help="articles (generate.py, the default) or messages (generate_messages.py: short, punctuation-heavy"
        " software messages, site frames; default sizes doc-2000, doc-20000, corpus-10000)",
    )
    parser.add_argument(
        "--sizes",
        help="workloads as for generate.py (doc-N, corpus-N, default, all; messages: doc-N, corpus-N, default)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="only doc-200, doc-2000 and corpus-1000 (a smoke run; messages: doc-2000, corpus-1000)",
    )
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="also write the tables as Markdown to PATH")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default: best of 3 below 10 s, else 1)")
    parser.add_argument("--show", type=int, default=10, help="disagreements to print per workload")
    parser.add_argument("--seed", type=int, help="generator seed (default: generate.SEED)")
    parser.add_argument("--no-startup", action="store_true", help="skip the import-time and seed-article measurements")
    parser.add_argument("--peer", nargs=3, metavar=("NAME", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peer:
        name, src, dst = args.peer
        PEERS[name](Path(src), Path(dst))
        return 0

    start = time.perf_counter()
    sys.path.insert(0, str(HERE))
    if args.workload == "messages":
        return _main_messages(args, start)
    import generate

    sizes = QUICK_SIZES if args.quick else generate.parse_sizes(args.sizes)
    generate.generate(
        args.data,
        sizes,
        args.seed if args.seed is not None else generate.SEED,
        log=lambda m: print("generated " + m, file=sys.stderr, flush=True),
    )
    bench = Bench(args)
    docs = sorted(int(s.split("-")[1]) for s in sizes if s.startswith("doc-"))
    corpora = sorted(int(s.split("-")[1]) for s in sizes if s.startswith("corpus-"))
    if docs:
        bench.documents(docs)
    if corpora:
        bench.corpora(corpora)
    if not args.no_startup:
        bench.startup_costs()
    total = time.perf_counter() - start
    bench.finish(total)
    print(f"total benchmark time: {total:.0f} s ({total / 60:.1f} min)", flush=True)
    return 0


def _main_messages(args: argparse.Namespace, start: float) -> int:
    import generate_messages

    sizes = generate_messages.QUICK_SIZES if args.quick else generate_messages.parse_sizes(args.sizes)
    generate_messages.generate(
        args.data,
        sizes,
        args.seed if args.seed is not None else generate_messages.SEED,
        log=lambda m: print("generated " + m, file=sys.stderr, flush=True),
    )
    bench = Bench(args)
    docs = sorted(int(s.split("-")[1]) for s in sizes if s.startswith("doc-"))
    corpora = sorted(int(s.split("-")[1]) for s in sizes if s.startswith("corpus-"))
    bench.messages(docs, corpora)
    if not args.no_startup:
        bench.startup_costs()
    total = time.perf_counter() - start
    bench.finish(total)
    print(f"total benchmark time: {total:.0f} s ({total / 60:.1f} min)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
