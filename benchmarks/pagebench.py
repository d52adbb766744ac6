"""Pages of the pagebench folder, their sites, folds and languages, and their scores.

The folder (``/work/shared/pagebench``, read in place, never copied) holds ``sh/<id>/`` pages
with ``gold.txt`` (the article body without its headline) and ``tf/<id>/`` pages with
``snippets.json`` (``with``: text to keep, ``without``: text to remove), each rendered three
ways (``inscriptis.txt``, ``gettext.txt``, ``html2text.txt``). The metrics are those of the
reference scorer ``score_pages.py``: token precision, recall and F1 (multisets of lower-cased
word tokens, CJK one token a character) on sh pages; on tf pages the share of must-keep snippets
found, the share of must-remove snippets gone, and whether a must-keep snippet present in the
rendering is missing from the output (all after whitespace normalisation, case kept).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")
SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_]+")
WORD_TOKEN = re.compile(r"[^\W_]+")
# A Markdown link's address (html2text wraps long ones over lines), or a bare web address.
ADDRESS = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|https?://\S+")
ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.+)$")
GENERIC_TLDS = {"com", "org", "net", "info", "edu", "gov", "biz", "blog", "news"}
STOPWORDS = {
    "en": "the and of to in is that for it was with on as are be this by have from not but",
    "de": "der die und das ist nicht zu den von mit sich des auf für dem ein eine auch es als",
    "fr": "le la les et des est une dans pour que qui pas sur au du il ce avec sont par",
    "es": "el la los las y de que en por con para una es del se al lo como más pero",
    "it": "il di che la è per non una sono della con del le gli nel alla anche si ma",
    "pt": "o a os as de que em um uma para com não do da dos das por se mais foi",
    "nl": "de het een en van is dat op te in zijn niet met voor er aan ook maar",
    "id": "yang dan di dengan untuk ini itu dari dalam tidak akan pada juga ke ada",
}
STOP = {lang: set(words.split()) for lang, words in STOPWORDS.items()}


@dataclass(frozen=True)
class Page:
    """One page of the benchmark: its set (``sh`` or ``tf``), id, URL, site and folder."""

    set: str
    id: str
    url: str
    site: str
    folder: Path

    def rendering(self, name: str) -> str:
        """The page rendered to text by ``name`` (``inscriptis``, ``gettext``, ``html2text``)."""
        return (self.folder / f"{name}.txt").read_text(encoding="utf-8")

    def gold(self) -> str:
        """The gold article body of an sh page."""
        return (self.folder / "gold.txt").read_text(encoding="utf-8")

    def snippets(self) -> dict[str, list[str]]:
        """The ``with`` (must keep) and ``without`` (must remove) snippets of a tf page."""
        data: dict[str, list[str]] = json.loads((self.folder / "snippets.json").read_text(encoding="utf-8"))
        return data

    @property
    def fold(self) -> int:
        """The fold of the page's site (5 folds)."""
        return fold_of(self.site)


def site_of(url: str) -> str:
    """The site a page comes from: its host, lower-cased, without ``www.``.

    Wayback Machine URLs give the archived page's host. The tf set's local file names
    (``hard::zeit.de.zugverkehr.html``, ``recall::elnuevoherald.com-miami.html``) give the
    domain they start with: the text before the first ``-``, cut after its last dot-separated
    label that looks like a top-level domain (a generic one or two letters).
    """
    archived = ARCHIVED.match(url)
    if archived:
        url = archived.group(1)
    if "::" in url:
        name = url.split("::", 1)[1].removesuffix(".html").split("-", 1)[0]
        labels = name.split(".")
        ends = [
            i for i, label in enumerate(labels) if i and (label in GENERIC_TLDS or re.fullmatch(r"[a-z]{2}", label))
        ]
        host = ".".join(labels[: ends[-1] + 1]) if ends else name
    else:
        host = urlsplit(url if "//" in url else "//" + url).hostname or url
    host = host.lower()
    return host.removeprefix("www.")


def fold_of(site: str, folds: int = 5) -> int:
    """A stable fold for a site (sha1 of its name), so all pages of one site share a fold."""
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % folds


def language_of(text: str) -> str:
    """A cheap guess at the language of ``text``: a script, or the language with most stopwords.

    Returns ``ja``, ``zh``, ``ko``, ``ru`` or ``ar`` for text mostly in those scripts, else one of
    ``en de fr es it pt nl id`` when enough of its words are stopwords of it, else ``other``.
    """
    kana = len(re.findall(r"[\u3040-\u30ff]", text))
    han = len(re.findall(r"[\u3400-\u9fff]", text))
    hangul = len(re.findall(r"[\uac00-\ud7af]", text))
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    arabic = len(re.findall(r"[\u0600-\u06ff]", text))
    words = [w.lower() for w in WORD.findall(text)]
    latin = sum(len(w) for w in words) - kana - han - hangul - cyrillic - arabic
    han_kana = (kana + han, "ja" if kana * 5 > han else "zh")
    script = max(han_kana, (hangul, "ko"), (cyrillic, "ru"), (arabic, "ar"))
    if script[0] > latin:
        return script[1]
    counts = Counter(w for w in words if len(w) < 6)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in STOP.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= max(3, 0.03 * len(words)) else "other"


def load_pages(root: Path, sets: Iterable[str] = ("sh", "tf")) -> list[Page]:
    """The pages of ``root/manifest.json`` in the given sets, in manifest order."""
    wanted = set(sets)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return [
        Page(m["set"], m["id"], m["url"], site_of(m["url"]), root / m["set"] / m["id"])
        for m in manifest
        if m["set"] in wanted
    ]


def page_language(page: Page) -> str:
    """The language of a page: of its gold text or must-keep snippets, with its rendering when thin.

    The rendering is always the inscriptis one, so that a page has one language whatever is scored.
    """
    text = page.gold() if page.set == "sh" else "\n".join(page.snippets()["with"])
    if len(WORD.findall(text)) < 30:
        text = text + "\n" + page.rendering("inscriptis")
    return language_of(text)


def _tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in TOKEN.findall(text))


def _norm(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def score_sh(output: str, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of ``output`` against the gold text (as score_pages.py)."""
    out, ref = _tokens(output), _tokens(gold)
    common = sum((out & ref).values())
    precision = common / max(1, sum(out.values())) if out else (1.0 if not ref else 0.0)
    recall = common / max(1, sum(ref.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def slug_words(url: str) -> set[str]:
    """The words of a URL's last path segment (its extension and numbers left out)."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {t for t in WORD_TOKEN.findall(last.lower()) if not t.isdigit()}


def headline_lines(text: str, slug: set[str]) -> list[str]:
    """The lines of ``text`` that read as the headline a URL names: at most 25 words, most
    of them the slug's, and at least half the slug's words. Empty when the slug has fewer
    than three words (it names no headline). Web addresses (a Markdown link's target, a
    bare URL) are left out: they hold the slug without being the headline."""
    if len(slug) < 3:
        return []
    found = []
    for line in ADDRESS.sub("]", text).splitlines():
        words = WORD_TOKEN.findall(line.lower())
        if not words or len(words) > 25:
            continue
        inside = sum(1 for w in words if w in slug)
        if inside >= 0.6 * len(words) and inside >= 0.5 * len(slug):
            found.append(_norm(line))
    return found


def headline_kept(output: str, rendering: str, url: str) -> bool | None:
    """Whether the output keeps a line the URL names as the headline (``None``: the
    rendering has no such line)."""
    slug = slug_words(url)
    if not headline_lines(rendering, slug):
        return None
    return bool(headline_lines(output, slug))


def score_tf(output: str, rendering: str, snippets: dict[str, list[str]]) -> dict[str, Any]:
    """Snippet counts of a tf page: must-keep found, must-remove gone, and kept text lost."""
    out, rendered = _norm(output), _norm(rendering)
    keep = [s for s in map(_norm, snippets["with"]) if s]
    remove = [s for s in map(_norm, snippets["without"]) if s]
    found = sum(s in out for s in keep)
    gone = sum(s not in out for s in remove)
    return {
        "with_n": len(keep),
        "with_found": found,
        "without_n": len(remove),
        "without_gone": gone,
        "with": found / len(keep) if keep else 1.0,
        "without": gone / len(remove) if remove else 1.0,
        "loses_kept": any(s in rendered and s not in out for s in keep),
    }


def evaluate(pages: Iterable[Page], render: str, clean: Callable[[Page, str], str]) -> list[dict[str, Any]]:
    """Clean each page's ``render`` rendering and score it; one row per page.

    A cleaner that raises scores as an empty output (the error is printed), as in score_pages.py.
    """
    rows = []
    for page in pages:
        text = page.rendering(render)
        start = time.perf_counter()
        try:
            output = clean(page, text)
        except Exception as exc:  # noqa: BLE001 - a failure scores as an empty output
            print(f"{page.set}/{page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            output = ""
        seconds = time.perf_counter() - start
        row: dict[str, Any] = {"set": page.set, "id": page.id, "site": page.site, "fold": page.fold}
        row["language"] = page_language(page)
        if page.set == "sh":
            row["p"], row["r"], row["f"] = score_sh(output, page.gold())
            row["headline"] = headline_kept(output, text, page.url)
        else:
            row.update(score_tf(output, text, page.snippets()))
        row["seconds"] = seconds
        rows.append(row)
    return rows


def summarise(rows: list[dict[str, Any]], by: str | None = None) -> dict[Any, dict[str, Any]]:
    """Mean figures of the rows: ``{"all": {...}}``, or one entry per value of ``by``.

    Each entry has ``pages``, ``sh`` and ``tf`` counts, ``p r f`` (mean over sh pages),
    ``with without`` (mean over tf pages), ``losing`` (tf pages losing kept text), ``losing_share``
    ``headlines`` (sh pages keeping the headline their URL names, of those whose rendering has
    one) and ``seconds`` (total cleaning time). Means over no page are NaN.
    """
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[by] if by else "all"].append(row)

    def mean(xs: list[dict[str, Any]], key: str) -> float:
        return sum(x[key] for x in xs) / len(xs) if xs else float("nan")

    summary = {}
    for key in sorted(groups, key=str):
        group = groups[key]
        sh = [r for r in group if r["set"] == "sh"]
        tf = [r for r in group if r["set"] == "tf"]
        losing = sum(r["loses_kept"] for r in tf)
        named = [r["headline"] for r in sh if r.get("headline") is not None]
        summary[key] = {
            "pages": len(group),
            "sh": len(sh),
            "tf": len(tf),
            **{k: mean(sh, k) for k in ("p", "r", "f")},
            **{k: mean(tf, k) for k in ("with", "without")},
            "losing": losing,
            "headlines": (sum(named), len(named)),
            "losing_share": losing / len(tf) if tf else float("nan"),
            "seconds": sum(r["seconds"] for r in group),
        }
    return summary
