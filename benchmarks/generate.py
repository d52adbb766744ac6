"""Generate the benchmark workloads: scraped-looking text with known duplicates.

There is no download: the text comes from a word-bigram Markov chain per
language (a character chain of order 2 for Chinese) trained on the
``expected.txt`` files of ``fixtures/dev``, ``fixtures/cases`` and
``fixtures/gate-es``, real article text. The chain backs off to the
language's unigram distribution now and then (so the vocabulary keeps its
Zipfian shape and sentences do not just replay the fixtures) and mixes in
rare tokens: names built from the language's syllables with Zipf-distributed
ranks and numbers (years, counts, decimals, percentages), so that the
vocabulary keeps growing with the text as it does in real corpora.

Workloads (``--sizes`` names):

``doc-N`` (N = 200, 2000, 5000, 10000, 20000)
    One document, one paragraph per line: sections in the different
    languages, long paragraphs (12-60 words) and short headings, with about
    25% duplicates of the kinds below and a re-scraped block at the end.
    ``doc-N.txt`` and ``doc-N.truth.json``.

``corpus-N`` (N = 1000, 10000, 100000)
    JSON Lines, one record per document: ``id``, ``text`` (6-30
    paragraphs), ``site``. Within-document duplicates of the same kinds, site
    chrome lines, some documents rendered twice (a copy block at the end) and
    some re-scraped from another site (a copy of a recent document with the
    other site's chrome lines and light whitespace/quote noise).
    ``corpus-N.jsonl`` and ``corpus-N.truth.jsonl`` (one line per document).

Duplicate kinds (``kinds`` in the truth): ``exact`` (the same text),
``whitespace`` (doubled spaces, no-break spaces), ``punct`` (' vs ’, "" vs “”,
a final period added or dropped), ``one-word`` (one word replaced, added or
removed), ``rescrape`` (a long paragraph of the re-scraped block) and
``rescrape-heading`` (a short heading inside the re-scraped block).

The truth follows the documented policy (``duplicates.py``): a long
paragraph (>= 10 words) is a duplicate when its key (``paragraph_key``)
equals, or scores >= 90 with ``fuzz.ratio`` against, an earlier kept one; a
short one only inside a repeated copy. The generator checks every variant it
writes against that policy, with margins: a ``one-word`` variant must score
>= 90.5 (otherwise another edit is tried, and after a few tries an exact
repeat is written instead), whitespace and punctuation variants must keep
the key unchanged. ``near_misses`` are long paragraphs made from an earlier
one with several words edited, scoring 75-89.5: they must be *kept*. The
re-scraped block copies only kept paragraphs, headings and boilerplate of a
run that starts at a heading followed by a long paragraph, with at most 10
positions between consecutive long copies (``max_gap``), so that every
heading inside it is covered by the copy rule. Headings are unique within a
document, so they never repeat outside the block.

Usage::

    python benchmarks/generate.py --out /tmp/bench                     # docs, corpus-1000, corpus-10000
    python benchmarks/generate.py --out /tmp/bench --sizes corpus-100000
    python benchmarks/generate.py --out /tmp/bench --sizes doc-200,doc-2000 --seed 7

Everything is deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from dedupe_article.keys import count_words, paragraph_key

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOC_SIZES = (200, 2_000, 5_000, 10_000, 20_000)
CORPUS_SIZES = (1_000, 10_000, 100_000)
DEFAULT_SIZES = [f"doc-{n}" for n in DOC_SIZES] + ["corpus-1000", "corpus-10000"]
ALL_SIZES = [f"doc-{n}" for n in DOC_SIZES] + [f"corpus-{n}" for n in CORPUS_SIZES]
SEED = 20241126

CJK_LANGS = {"zh", "ja"}
MIN_TRAINING_CHARS = 2_000
COMMA_DECIMAL = {"es", "fr", "de", "it", "pt", "ru", "uk"}
END = None  # the end-of-line marker of the chains

# Rates of the chain's moves.
P_RARE = 0.06  # a rare token (name, rare word or number)
P_UNIGRAM = 0.18  # jump to a word drawn from the language's unigram distribution
# Ranks of rare names follow a Pareto law P(rank > x) = x ** -ZIPF_TAIL: with the
# chain's own words this gives about the type/token and hapax ratios of real news text.
ZIPF_TAIL = 0.15
# Margins around the policy's threshold of 90.
DUP_MIN_SCORE = 90.5
NEAR_MISS_BAND = (75.0, 89.5)
MAX_GAP = 10  # the library's default max_gap

# Boilerplate lines that the built-in catalog removes (ui.read-more, ui.view-original, ...).
BOILERPLATE = {
    "en": ["Read more", "Advertisement", "Share this article", "Continue reading", "Subscribe", "Related articles"],
    "es": ["Ver originales", "Leer más", "Publicidad", "Compartir", "Suscríbete", "Lo más leído"],
    "pt": ["Leia mais", "Compartilhe"],
    "fr": ["Publicité", "Partager", "Abonnez-vous"],
    "de": ["Werbung", "Teilen", "Newsletter abonnieren"],
    "it": ["Pubblicità", "Condividi"],
    "ru": ["Реклама", "Читать далее", "Поделиться"],
    "uk": ["Реклама"],
    "ar": ["إعلان", "مشاركة"],
    "zh": ["阅读全文", "广告", "分享到"],
}
COMMON_BOILERPLATE = ["Read more", "Ver originales", "Advertisement"]


# --- the language models ---------------------------------------------------------------------


def training_lines() -> dict[str, list[str]]:
    """The non-blank lines of every fixture's expected output, by language."""
    paths = (
        sorted(FIXTURES.glob("dev/*/expected.txt"))
        + sorted(FIXTURES.glob("cases/*/expected.txt"))
        + [FIXTURES / "gate-es" / "expected.txt"]
    )
    lines: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        name = path.parent.name
        lang = name.split("-")[-1] if name.startswith("gate-") else name.split("-")[0]
        if not re.fullmatch(r"[a-z]{2}", lang):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines[lang].append(line.strip())
    return {lang: ls for lang, ls in sorted(lines.items()) if sum(map(len, ls)) >= MIN_TRAINING_CHARS}


_CJK_TOKEN = re.compile(r"[A-Za-z0-9]+|\S")
_IS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FINAL = set('.!?…。！？"»”)')


class Language:
    """A Markov chain over one language's fixture text, plus rare-token makers."""

    def __init__(self, code: str, lines: list[str]) -> None:
        self.code = code
        self.cjk = code in CJK_LANGS
        self.joiner = "" if self.cjk else " "
        seqs = [(_CJK_TOKEN.findall(line) if self.cjk else line.split()) for line in lines]
        seqs = [s for s in seqs if s]
        self.unigram = [t for s in seqs for t in s]
        nxt: dict[object, list[object]] = defaultdict(list)
        nxt2: dict[tuple[object, object], list[object]] = defaultdict(list)
        for s in seqs:
            chain: list[object] = [END, *s, END]
            for a, b in zip(chain, chain[1:], strict=False):
                nxt[a].append(b)
            for a, b, c in zip(chain, chain[1:], chain[2:], strict=False):
                nxt2[(a, b)].append(c)
        self.next = dict(nxt)
        self.next2 = dict(nxt2) if self.cjk else {}
        self.starts = [t for t in self.next[END] if t is not END]
        if self.cjk:
            self.syllables = sorted({t for t in self.unigram if _IS_CJK.match(t)})
        else:
            chunks = set()
            for w in self.unigram:
                w = w.lower()
                if w.isalpha() and len(w) >= 4:
                    chunks.update((w[:2], w[2:4], w[-3:]))
            self.syllables = sorted(chunks)
        # Replacement words for one-word edits, grouped by length.
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for w in sorted(set(self.unigram)):
            if w.isalpha():
                self.by_length[len(w)].append(w)
        self.names: dict[int, str] = {}

    # Rare tokens ---------------------------------------------------------------

    def name(self, rank: int) -> str:
        """The pseudo-name of a rank: deterministic, built from the language's syllables."""
        name = self.names.get(rank)
        if name is None:
            h = hashlib.blake2b(f"{self.code}:{rank}".encode(), digest_size=8).digest()
            syl = self.syllables
            parts = [syl[(h[1 + 2 * k] << 8 | h[2 + 2 * k]) % len(syl)] for k in range(2 + h[0] % 2)]
            name = "".join(parts)
            if not self.cjk:
                name = name[:1].upper() + name[1:]
            self.names[rank] = name
        return name

    def number(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.3:
            return str(rng.randint(1950, 2025))
        if r < 0.6:
            return str(rng.randint(1, 999))
        if r < 0.8:
            sep = "," if self.code in COMMA_DECIMAL else "."
            return f"{rng.randint(0, 99)}{sep}{rng.randint(0, 9)}"
        return f"{rng.randint(1, 99)}%"

    def rare(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.3:
            return self.number(rng)
        name = self.name(min(int(rng.paretovariate(ZIPF_TAIL)), 10**9))
        return name if r < 0.65 or self.cjk else name.lower()

    # Text ----------------------------------------------------------------------

    def tokens(self, rng: random.Random, count: int) -> list[str]:
        """``count`` tokens of running text (words, or characters for CJK)."""
        out: list[str] = []
        prev2: object = END
        prev: object = END
        nxt, nxt2, unigram, starts = self.next, self.next2, self.unigram, self.starts
        choice, rand = rng.choice, rng.random
        while len(out) < count:
            r = rand()
            if r < P_RARE:
                tok: object = self.rare(rng)
            elif r < P_RARE + P_UNIGRAM:
                tok = choice(unigram)
            else:
                succ = nxt2.get((prev2, prev)) if nxt2 else None
                if succ is None:
                    succ = nxt.get(prev)
                tok = choice(succ) if succ else choice(unigram)
                if tok is END:
                    tok = choice(starts)
            out.append(tok)  # type: ignore[arg-type]
            prev2, prev = prev, tok
        return out

    def long_text(self, rng: random.Random) -> str:
        words = int(rng.triangular(12, 60, 24))
        toks = self.tokens(rng, 2 * words if self.cjk else words)
        text = self.joiner.join(toks).strip()
        if not self.cjk:
            text = text[:1].upper() + text[1:]
        if text[-1] not in _FINAL:
            text = text.rstrip(",;:—-–") + ("。" if self.cjk else ".")
        return text

    def heading_text(self, rng: random.Random) -> str:
        words = rng.randint(2, 7)
        toks = self.tokens(rng, 2 * words if self.cjk else words)
        text = self.joiner.join(toks).strip().rstrip(".,;:：，。—-–")
        if not self.cjk:
            text = text[:1].upper() + text[1:]
        return text


# --- paragraphs with their keys -----------------------------------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    key: str
    words: int
    lang: str


def make_para(text: str, lang: str) -> Para:
    key = paragraph_key(text)
    return Para(text, key, count_words(key), lang)


def new_long(model: Language, rng: random.Random) -> Para:
    while True:
        p = make_para(model.long_text(rng), model.code)
        if p.words >= 12:
            return p


def new_heading(model: Language, rng: random.Random) -> Para:
    while True:
        p = make_para(model.heading_text(rng), model.code)
        if 1 <= p.words <= 8 and not p.text.endswith((":", "：")):
            return p


# --- variants -------------------------------------------------------------------------------

_SPACE = re.compile(" ")


def whitespace_variant(p: Para, rng: random.Random) -> str | None:
    text = p.text
    if p.lang in CJK_LANGS:
        spots = [i for i in range(1, len(text)) if _IS_CJK.match(text[i - 1]) and _IS_CJK.match(text[i])]
        if not spots:
            return None
        for i in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 2))), reverse=True):
            text = text[:i] + rng.choice([" ", "\u3000", "\u00a0"]) + text[i:]
    else:
        spots = [m.start() for m in _SPACE.finditer(text)]
        if not spots:
            return None
        for i in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True):
            text = text[:i] + rng.choice(["  ", "\u00a0", " \u00a0", "   "]) + text[i + 1 :]
    return text if text != p.text and paragraph_key(text) == p.key else None


def punct_variant(p: Para, rng: random.Random) -> str | None:
    text = p.text
    options: list[Callable[[str], str]] = []
    if "'" in text:
        options.append(lambda t: t.replace("'", "\u2019"))
    if "\u2019" in text:
        options.append(lambda t: t.replace("\u2019", "'"))
    if '"' in text:
        options.append(lambda t: re.sub(r'"([^"]*)"', "\u201c\\1\u201d", t))
    if "\u201c" in text or "\u201d" in text:
        options.append(lambda t: t.replace("\u201c", '"').replace("\u201d", '"'))
    final = "。" if p.lang in CJK_LANGS else "."
    if text.endswith(final):
        options.append(lambda t: t[: -len(final)])
        options.append(lambda t: t[: -len(final)] + "!")
    else:
        options.append(lambda t: t + final)
    if ", " in text:
        options.append(lambda t: t.replace(", ", " ", 1))
    for fn in rng.sample(options, min(len(options), rng.randint(1, 2))):
        text = fn(text)
    return text if text != p.text and paragraph_key(text) == p.key else None


def _edit_words(p: Para, model: Language, rng: random.Random, edits: int) -> str:
    """``edits`` one-word edits (replace, add or remove) of a paragraph's text."""
    if p.lang in CJK_LANGS:
        chars = list(p.text)
        for _ in range(edits):
            spots = [i for i in range(len(chars) - 2) if _IS_CJK.match(chars[i]) and _IS_CJK.match(chars[i + 1])]
            if not spots:
                break
            i = rng.choice(spots)
            op = rng.random()
            new = [rng.choice(model.syllables), rng.choice(model.syllables)]
            if op < 0.5:
                chars[i : i + 2] = new
            elif op < 0.75:
                chars[i:i] = new
            else:
                del chars[i : i + 2]
        return "".join(chars)
    words = p.text.split(" ")
    for _ in range(edits):
        i = rng.randrange(1, len(words) - 1) if len(words) > 3 else 0
        op = rng.random()
        if op < 0.5:
            same = model.by_length.get(len(words[i])) or model.by_length.get(5) or model.unigram
            words[i] = rng.choice(same)
        elif op < 0.75:
            words.insert(i, rng.choice(model.by_length.get(rng.randint(2, 6)) or model.unigram))
        elif len(words) > 4:
            del words[i]
    return " ".join(words)


def one_word_variant(p: Para, model: Language, rng: random.Random) -> str | None:
    """One word replaced, added or removed, scoring >= DUP_MIN_SCORE and still long."""
    for _ in range(12):
        text = _edit_words(p, model, rng, 1)
        key = paragraph_key(text)
        if key != p.key and count_words(key) >= 10 and fuzz.ratio(key, p.key) >= DUP_MIN_SCORE:
            return text
    return None


def near_miss(p: Para, model: Language, rng: random.Random) -> Para | None:
    """A paragraph made from ``p`` with several words edited, scoring in NEAR_MISS_BAND: it must be kept."""
    low, high = NEAR_MISS_BAND
    for edits in range(2, 2 + max(4, p.words // 3)):
        q = make_para(_edit_words(p, model, rng, edits), p.lang)
        score = fuzz.ratio(q.key, p.key)
        if score < low:
            return None
        if score <= high and q.words >= 12:
            return q
    return None


# --- documents ------------------------------------------------------------------------------


@dataclass
class Item:
    text: str
    kind: str  # original, heading, boilerplate, chrome, near-miss, or a duplicate kind
    src: int | None = None  # duplicates: the index of the kept paragraph they repeat
    key: str = ""
    words: int = 0
    lang: str = ""

    @property
    def is_root(self) -> bool:
        """A long paragraph that the policy keeps (a later one may repeat it)."""
        return self.kind in ("original", "near-miss")


DUP_KINDS = ("exact", "whitespace", "punct", "one-word")
DUP_WEIGHTS = (0.3, 0.2, 0.2, 0.3)


class Source:
    """Where a document's new paragraphs come from (fresh text, or a pool for corpora)."""

    def __init__(self, models: dict[str, Language], rng: random.Random) -> None:
        self.models, self.rng = models, rng

    def long(self, lang: str, used: set[str]) -> Para:
        while True:
            p = new_long(self.models[lang], self.rng)
            if p.key not in used:
                used.add(p.key)
                return p

    def heading(self, lang: str, used: set[str]) -> Para:
        while True:
            p = new_heading(self.models[lang], self.rng)
            if p.key not in used:
                used.add(p.key)
                return p


class PoolSource(Source):
    """Paragraphs drawn from per-language pools generated once (fast for big corpora)."""

    def __init__(self, models: dict[str, Language], rng: random.Random, long_per_lang: int, head_per_lang: int) -> None:
        super().__init__(models, rng)
        self.longs: dict[str, list[Para]] = {}
        self.heads: dict[str, list[Para]] = {}
        for lang, model in models.items():
            seen: set[str] = set()
            longs = []
            while len(longs) < long_per_lang:
                p = new_long(model, rng)
                if p.key not in seen:
                    seen.add(p.key)
                    longs.append(p)
            heads = []
            while len(heads) < head_per_lang:
                p = new_heading(model, rng)
                if p.key not in seen:
                    seen.add(p.key)
                    heads.append(p)
            self.longs[lang], self.heads[lang] = longs, heads

    def _draw(self, pool: list[Para], used: set[str]) -> Para:
        while True:
            p = pool[self.rng.randrange(len(pool))]
            if p.key not in used:
                used.add(p.key)
                return p

    def long(self, lang: str, used: set[str]) -> Para:
        return self._draw(self.longs[lang], used)

    def heading(self, lang: str, used: set[str]) -> Para:
        return self._draw(self.heads[lang], used)


@dataclass
class Rates:
    heading: float = 0.07
    boilerplate: float = 0.01
    near_miss: float = 0.01
    duplicate: float = 0.215
    local: float = 0.5  # share of duplicates whose source is among the last LOCAL paragraphs
    refrain: float = 0.0


LOCAL = 40


def build_body(
    n: int,
    langs: Callable[[int], str],
    source: Source,
    rng: random.Random,
    rates: Rates,
    boilerplate: Callable[[str], str],
    used: set[str],
    items: list[Item] | None = None,
    quiet_tail: int = 0,
) -> list[Item]:
    """``n`` paragraphs: a title, then long paragraphs, headings, boilerplate and duplicates.

    The body ends with a long paragraph (a short heading at the very end could
    be a dangling label, and the re-scraped block must start after a long one).
    The last ``quiet_tail`` paragraphs hold no duplicate: a re-scraped block
    follows, and a stray duplicate within ``max_gap`` of the block could be
    read as the start of the block's run, which makes the policy ambiguous
    for the block's first heading.
    """
    items = items if items is not None else []
    roots: list[int] = [i for i, it in enumerate(items) if it.is_root]
    models = source.models
    start = len(items)
    last_kind = ""
    for pos in range(start, start + n):
        lang = langs(pos)
        first, last = pos == start, pos == start + n - 1
        r = rng.random()
        item: Item | None = None
        if first:
            p = source.heading(lang, used)
            item = Item(p.text, "heading", key=p.key, words=p.words, lang=lang)
        elif pos == start + 1 or last or len(roots) < 3:
            pass
        elif pos >= start + n - quiet_tail and rates.heading + rates.boilerplate + rates.near_miss <= r:
            pass
        elif r < rates.heading:
            if last_kind != "heading":
                p = source.heading(lang, used)
                item = Item(p.text, "heading", key=p.key, words=p.words, lang=lang)
        elif (r := r - rates.heading) < rates.boilerplate:
            item = Item(boilerplate(lang), "boilerplate", lang=lang)
        elif (r := r - rates.boilerplate) < rates.near_miss:
            base = items[rng.choice(roots)]
            q = near_miss(Para(base.text, base.key, base.words, base.lang), models[base.lang], rng)
            if q is not None and q.key not in used:
                used.add(q.key)
                item = Item(q.text, "near-miss", key=q.key, words=q.words, lang=q.lang)
        elif (r := r - rates.near_miss) < rates.duplicate:
            recent = roots[bisect.bisect_left(roots, pos - LOCAL) :]
            src = rng.choice(recent) if recent and rng.random() < rates.local else rng.choice(roots)
            item = duplicate_of(items[src], src, models, rng)
        if item is None:
            p = source.long(lang, used)
            item = Item(p.text, "original", key=p.key, words=p.words, lang=lang)
        if item.is_root:
            roots.append(pos)
        items.append(item)
        last_kind = item.kind
    return items


def duplicate_of(root: Item, src: int, models: dict[str, Language], rng: random.Random) -> Item:
    base = Para(root.text, root.key, root.words, root.lang)
    kind = rng.choices(DUP_KINDS, DUP_WEIGHTS)[0]
    text: str | None = root.text
    if kind == "whitespace":
        text = whitespace_variant(base, rng)
    elif kind == "punct":
        text = punct_variant(base, rng)
    elif kind == "one-word":
        text = one_word_variant(base, models[root.lang], rng)
    if text is None:
        kind, text = "exact", root.text
    return Item(text, kind, src, lang=root.lang)


def rescraped_block(
    items: list[Item],
    length: int,
    rng: random.Random,
    *,
    drop: float = 0.12,
    start: int | None = None,
    exact: bool = True,
) -> list[Item] | None:
    """A copy of a run of ``items`` (from a heading followed by a long paragraph), some dropped.

    Only kept paragraphs (roots), headings and boilerplate are copied: a
    duplicate copied again would point at a source outside the run, which
    is not how a repeated copy looks. Consecutive long copies stay within
    MAX_GAP positions of each other in the copy and in the source, so the
    whole block is one repeated copy under the policy; the block ends with a
    long copy. ``start``: the heading to start from (default: a random one).
    ``exact``: the block must have exactly ``length`` paragraphs (else it
    may be shorter when the run reaches the end). None when nothing fits.
    """
    n = len(items)
    if start is not None:
        starts = [start]
    else:
        starts = [
            h for h in range(n - 2) if items[h].kind == "heading" and items[h + 1].is_root and n - h >= 1.6 * length
        ]
        starts = starts[len(starts) // 4 :]
    if not starts:
        return None
    copyable = ("original", "near-miss", "heading", "boilerplate")
    for _ in range(50):
        h = rng.choice(starts)
        if items[h].kind != "heading" or not items[h + 1].is_root:
            return None
        block: list[Item] = [Item(items[h].text, "rescrape-heading", h), Item(items[h + 1].text, "rescrape", h + 1)]
        last_j, last_i, dropped_prev, ok = 1, h + 1, False, True
        for i in range(h + 2, n):
            if len(block) >= length:
                break
            it = items[i]
            if it.kind not in copyable:
                continue
            closing = len(block) == length - 1
            if closing and not it.is_root:
                continue
            if not closing and not dropped_prev and rng.random() < drop:
                dropped_prev = True
                continue
            dropped_prev = False
            j = len(block)
            if it.is_root:
                if j - last_j > MAX_GAP or i - last_i > MAX_GAP:
                    ok = False
                    break
                block.append(Item(it.text, "rescrape", i))
                last_j, last_i = j, i
            elif it.kind == "heading":
                block.append(Item(it.text, "rescrape-heading", i))
            else:
                block.append(Item(it.text, "boilerplate"))
            if len(block) - 1 - last_j >= MAX_GAP:
                ok = False
                break
        while not exact and block[-1].kind != "rescrape":
            block.pop()
        if not ok or block[-1].kind != "rescrape":
            continue
        if len(block) == length or (not exact and len(block) >= 3):
            return block
    return None


def truth_of(items: list[Item]) -> dict[str, object]:
    dups = {i: it.src for i, it in enumerate(items) if it.src is not None}
    return {
        "paragraphs": len(items),
        "duplicates": {str(i): s for i, s in dups.items()},
        "kinds": {str(i): items[i].kind for i in dups},
        "boilerplate": [i for i, it in enumerate(items) if it.kind == "boilerplate"],
        "near_misses": [i for i, it in enumerate(items) if it.kind == "near-miss"],
    }


# --- workloads ------------------------------------------------------------------------------


def load_models() -> dict[str, Language]:
    return {lang: Language(lang, lines) for lang, lines in training_lines().items()}


def make_document(n: int, models: dict[str, Language], seed: int) -> list[Item]:
    """One long document of exactly ``n`` paragraphs (see the module docstring)."""
    rng = random.Random(f"{seed}:doc:{n}")
    langs = sorted(models)
    # Sections of 20-300 paragraphs, each in one language.
    plan: list[str] = []
    while len(plan) < n:
        plan += [rng.choice(langs)] * rng.randint(20, 300)
    block_len = max(8, round(n * 0.05))
    used: set[str] = set()

    def boilerplate(lang: str) -> str:
        return rng.choice(COMMON_BOILERPLATE + BOILERPLATE.get(lang, []))

    source = Source(models, rng)
    rates = Rates(boilerplate=max(0.01, 4 / n))  # a few boilerplate lines even in a short document
    items = build_body(n - block_len, plan.__getitem__, source, rng, rates, boilerplate, used, quiet_tail=MAX_GAP + 2)
    block = rescraped_block(items, block_len, rng)
    if block is None:
        raise RuntimeError(f"no re-scraped block of {block_len} fits in doc-{n}")
    items += block
    if len(items) != n:
        raise RuntimeError(f"doc-{n} came out with {len(items)} paragraphs")
    return items


def write_document(out: Path, n: int, models: dict[str, Language], seed: int) -> dict[str, object]:
    items = make_document(n, models, seed)
    text = "".join(it.text + "\n" for it in items)
    (out / f"doc-{n}.txt").write_text(text, encoding="utf-8")
    truth = truth_of(items)
    words: Counter[str] = Counter()
    for it in items:
        if it.src is None and it.kind != "boilerplate":
            words.update((it.key or paragraph_key(it.text)).split())
    vocabulary = {"tokens": sum(words.values()), "types": len(words), "hapax": sum(1 for c in words.values() if c == 1)}
    truth.update(
        workload=f"doc-{n}", seed=seed, languages=sorted({it.lang for it in items if it.lang}), vocabulary=vocabulary
    )
    (out / f"doc-{n}.truth.json").write_text(json.dumps(truth, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


@dataclass(frozen=True)
class Site:
    name: str
    lang: str
    tagline: str
    chrome: tuple[str, ...]


def make_sites(models: dict[str, Language], rng: random.Random, per_lang: int = 3) -> list[Site]:
    sites = []
    for lang in sorted(models):
        pool = BOILERPLATE.get(lang, []) + COMMON_BOILERPLATE
        for k in range(per_lang):
            tag = new_heading(models[lang], rng).text
            chrome = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 3))))
            sites.append(Site(f"{lang}-site-{k}", lang, tag, chrome))
    return sites


def corpus_documents(count: int, models: dict[str, Language], seed: int) -> Iterator[tuple[dict, dict]]:
    """Yield ``(record, truth)`` for each document of ``corpus-count``."""
    rng = random.Random(f"{seed}:corpus:{count}")
    per_lang = min(25_000, max(2_000, count * 2))
    source = PoolSource(models, rng, per_lang, per_lang // 4)
    sites = make_sites(models, rng)
    by_lang: dict[str, list[Site]] = defaultdict(list)
    for s in sites:
        by_lang[s.lang].append(s)
    recent: deque[tuple[Site, list[Item]]] = deque(maxlen=500)
    rates = Rates(heading=0.08, boilerplate=0.015, near_miss=0.01, duplicate=0.25, local=0.5)

    for number in range(count):
        if recent and rng.random() < 0.08:
            old_site, old_items = recent[rng.randrange(len(recent))]
            title = paragraph_key(old_items[1].text)
            site = rng.choice(
                [s for s in by_lang[old_site.lang] if s is not old_site and paragraph_key(s.tagline) != title]
            )
            items = rescrape_document(old_items, site, rng)
        else:
            site = rng.choice(sites)
            items = new_corpus_document(site, source, rng, rates)
            recent.append((site, items))
        doc_id = f"d{number:07d}"
        record = {"id": doc_id, "site": site.name, "text": "\n".join(it.text for it in items)}
        truth = truth_of(items)
        truth["id"] = doc_id
        yield record, truth


def new_corpus_document(site: Site, source: Source, rng: random.Random, rates: Rates) -> list[Item]:
    n = rng.randint(6, 30)
    used: set[str] = {paragraph_key(site.tagline)}
    items = [Item(site.tagline, "chrome", lang=site.lang)]
    twice = n >= 12 and rng.random() < 0.1
    block_len = max(4, round(n * rng.uniform(0.3, 0.5))) if twice else 0
    tail = [Item(c, "boilerplate") for c in site.chrome if rng.random() < 0.5]
    body_len = n - 1 - block_len - len(tail)

    def boilerplate(lang: str) -> str:
        return rng.choice(site.chrome)

    build_body(body_len, lambda _: site.lang, source, rng, rates, boilerplate, used, items, MAX_GAP + 2 if twice else 0)
    if twice:
        block = rescraped_block(items, block_len, rng, drop=0.08, start=1, exact=False)
        if block is not None:
            items += block
    return items + tail


def rescrape_document(old: list[Item], site: Site, rng: random.Random) -> list[Item]:
    """The same article scraped from another site: other chrome, light noise, same duplicates."""
    keep = [i for i, it in enumerate(old) if it.kind not in ("chrome", "boilerplate")]
    new_index = {}
    items: list[Item] = [Item(site.tagline, "chrome", lang=site.lang)]
    for i in keep:
        it = old[i]
        text = it.text
        if it.kind != "heading" and rng.random() < 0.2:
            base = Para(it.text, paragraph_key(it.text), 0, it.lang)
            text = (whitespace_variant if rng.random() < 0.5 else punct_variant)(base, rng) or it.text
        new_index[i] = len(items)
        src = new_index[it.src] if it.src is not None else None
        items.append(Item(text, it.kind, src, key=it.key, words=it.words, lang=it.lang))
        if it.kind == "heading" and new_index[i] == 1:
            # Chrome right after the title, as many sites print it.
            items += [Item(c, "boilerplate") for c in site.chrome[:1]]
    return items + [Item(c, "boilerplate") for c in site.chrome[1:]]


def write_corpus(out: Path, count: int, models: dict[str, Language], seed: int) -> dict[str, int]:
    stats = {"documents": 0, "paragraphs": 0, "duplicates": 0, "boilerplate": 0}
    with (
        (out / f"corpus-{count}.jsonl").open("w", encoding="utf-8") as data,
        (out / f"corpus-{count}.truth.jsonl").open("w", encoding="utf-8") as truth_file,
    ):
        for record, truth in corpus_documents(count, models, seed):
            data.write(json.dumps(record, ensure_ascii=False) + "\n")
            truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
            stats["documents"] += 1
            stats["paragraphs"] += truth["paragraphs"]  # type: ignore[operator]
            stats["duplicates"] += len(truth["duplicates"])  # type: ignore[arg-type]
            stats["boilerplate"] += len(truth["boilerplate"])  # type: ignore[arg-type]
    return stats


def parse_sizes(value: str | None) -> list[str]:
    if not value:
        return list(DEFAULT_SIZES)
    names: list[str] = []
    for part in value.split(","):
        part = part.strip()
        if part == "all":
            names += ALL_SIZES
        elif part == "default":
            names += DEFAULT_SIZES
        elif re.fullmatch(r"(doc|corpus)-\d+", part):
            names.append(part)
        else:
            raise SystemExit(f"unknown size {part!r}: use doc-N, corpus-N, default or all")
    return list(dict.fromkeys(names))


def generate(out: Path, sizes: list[str], seed: int = SEED, *, force: bool = False, log=print) -> None:
    """Write the workloads named in ``sizes`` into ``out`` (skipping those already there)."""
    out.mkdir(parents=True, exist_ok=True)
    models: dict[str, Language] | None = None
    for name in sizes:
        kind, n = name.split("-")
        path = out / (f"{name}.txt" if kind == "doc" else f"{name}.jsonl")
        truth = out / (f"{name}.truth.json" if kind == "doc" else f"{name}.truth.jsonl")
        if path.exists() and truth.exists() and not force:
            continue
        if models is None:
            models = load_models()
        start = time.perf_counter()
        if kind == "doc":
            t = write_document(out, int(n), models, seed)
            dups = len(t["duplicates"])  # type: ignore[arg-type]
            log(
                f"{name}: {t['paragraphs']} paragraphs, {dups} duplicates "
                f"({dups / int(n):.1%}), {len(t['boilerplate'])} boilerplate, "  # type: ignore[arg-type]
                f"{len(t['near_misses'])} near misses, {path.stat().st_size / 1e6:.1f} MB, "  # type: ignore[arg-type]
                f"vocabulary {t['vocabulary']['types']:,} types / {t['vocabulary']['tokens']:,} tokens, "  # type: ignore[index]
                f"{time.perf_counter() - start:.1f} s"
            )
        else:
            s = write_corpus(out, int(n), models, seed)
            log(
                f"{name}: {s['documents']} documents, {s['paragraphs']} paragraphs, "
                f"{s['duplicates']} duplicates ({s['duplicates'] / max(1, s['paragraphs']):.1%}), "
                f"{s['boilerplate']} boilerplate, {path.stat().st_size / 1e6:.1f} MB, "
                f"{time.perf_counter() - start:.1f} s"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the workloads to")
    parser.add_argument(
        "--sizes",
        help="comma-separated workloads: doc-N, corpus-N, 'default' (all docs, corpus-1000, corpus-10000) or 'all'",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="rewrite workloads that already exist")
    parser.add_argument("--sample", metavar="LANG", help="print a few generated paragraphs of LANG and exit")
    args = parser.parse_args(argv)
    if args.sample:
        models = load_models()
        rng = random.Random(args.seed)
        for _ in range(3):
            print(new_heading(models[args.sample], rng).text)
            print(new_long(models[args.sample], rng).text)
        return
    generate(args.out, parse_sizes(args.sizes), args.seed, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
