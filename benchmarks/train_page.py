"""Train the page stage's decision (src/dedupe_article/data/page_model.json).

    python benchmarks/train_page.py ../shared/pagebench [--out src/dedupe_article/data/page_model.json]
        [--folds-out DIR]

Needs scikit-learn (``pip install -e '.[train]'``). The pages are read from the
folder given (the development half of a public page benchmark, never copied
into the project) and from the project's ``fixtures/dev`` (real pages and
articles with an editor's expected output; articles teach the model to leave
prose alone).

Labels, per unit the rules and the duplicate search left (units without a
label are not trained on):

- a scrapinghub page (``gold.txt``, the article without its headline): a
  unit found in the gold text is kept; a unit that shares few words with it
  is dropped; the headline (a short unit whose words are the URL's slug) is
  kept.
- a trafilatura-set page (``snippets.json``): a unit holding a must-keep
  snippet is kept, one holding a must-remove snippet is dropped.
- a dev case: a unit found in ``expected.txt`` is kept, others dropped.

All renderings (inscriptis, get_text, html2text) are trained on together.
``--folds-out DIR`` also writes ``fold-<k>.json``, each trained without the
sites of fold k, for held-out evaluation by ``benchmarks/pages.py --models DIR``.
The threshold is 0.5 (``--threshold``): with classes weighted to balance, a
unit may go only when the model finds dropping it likelier than keeping it; the
page stage then removes it only when the layout heuristics propose it too.
``--keep-target T`` sets it instead to the lowest probability that keeps the
share T of the kept units' words on the training pages.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from pagebench import fold_of, load_pages  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

import dedupe_article.page_features as page_features  # noqa: E402
from dedupe_article import CleanConfig  # noqa: E402
from dedupe_article.page_model import NEIGHBOUR_SIGNALS, Logistic, PageModel, Stage, Trees, keep_span, neighbour_values  # noqa: E402
from dedupe_article.pipeline import page_feature_table  # noqa: E402

RENDERINGS = ("inscriptis", "gettext", "html2text")
FOLDS = 5
THRESHOLD = 0.5
KEEP_TARGET: float | None = None
KIND = "trees"
TREES = 60
DEPTH = 4
ROOT = Path(__file__).resolve().parent.parent
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_#>|`]+")
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")


def norm(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MARKS.sub(" ", text)
    return _WS.sub(" ", text).strip().lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass
class PageRows:
    """The live units of one page (one rendering): features, labels, weights."""

    site: str
    fold: int
    folder: Path | None = None
    rows: list[tuple[float, ...]] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    labels: list[int | None] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


def record(text: str) -> tuple[Sequence[str], page_features.FeatureTable | None]:
    """The units of ``text`` cleaned as a page, and their feature table."""
    found = page_feature_table(text, CleanConfig(page_chrome=True))
    return found if found is not None else ((), None)


def label_gold(unit: str, gold: str, gold_tokens: set[str], slug: set[str]) -> int | None:
    u = norm(unit)
    toks = tokens(u)
    if not toks:
        return 0
    if u in gold and (len(toks) >= 2 or len(u) >= 12):
        return 1
    if len(slug) >= 3 and len(toks) <= 25:
        inside = sum(1 for t in toks if t in slug)
        if inside >= 0.6 * len(toks) and inside >= 0.5 * len(slug):
            return 1  # the headline
    if len(toks) <= 3 or sum(1 for t in toks if t in gold_tokens) < 0.5 * len(toks):
        return 0  # a short line or one of other words, not in the article
    return None


def label_snippets(unit: str, keep: list[str], drop: list[str]) -> int | None:
    u = norm(unit)
    toks = tokens(u)
    if not toks:
        return 0
    kept = any(s and s in u for s in keep) or (len(toks) >= 3 and any(u in s for s in keep))
    dropped = any(s and s in u for s in drop) or (len(toks) >= 2 and any(u in s for s in drop))
    if kept == dropped:
        return None
    return 1 if kept else 0


def collect(bench: Path) -> list[PageRows]:
    """Clean every page rendering and dev case once, keeping each live unit's row."""
    pages: list[PageRows] = []
    sources: list[tuple[str, Path | None, str]] = []
    for page in load_pages(bench):
        for render in RENDERINGS:
            sources.append((page.site, page.folder, page.rendering(render)))
    for case in sorted((ROOT / "fixtures" / "dev").iterdir()):
        if (case / "input.txt").exists():
            sources.append(("dev:" + case.name, case, (case / "input.txt").read_text(encoding="utf-8")))
    for site, folder, text in sources:
        units, table = record(text)
        if table is None:
            continue
        rows = PageRows(site, fold_of(site, FOLDS), folder=folder)
        for i in table.live:
            rows.rows.append(table.rows[i])
            rows.units.append(units[i])
            rows.weights.append(1.0 + math.log1p(len(tokens(units[i]))))
        pages.append(rows)
    return pages


def label(pages: Sequence[PageRows], manifest: dict[str, str]) -> None:
    """Set each unit's label from its page's gold (see the module's docstring)."""
    for page in pages:
        folder = page.folder
        assert folder is not None
        if (folder / "expected.txt").exists():
            expected = norm((folder / "expected.txt").read_text(encoding="utf-8"))
            page.labels = [1 if norm(u) and norm(u) in expected else 0 for u in page.units]
        elif (folder / "gold.txt").exists():
            gold = norm((folder / "gold.txt").read_text(encoding="utf-8"))
            gold_tokens = set(tokens(gold))
            url = manifest[folder.name]
            slug = {t for t in tokens(url.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]) if not t.isdigit()}
            page.labels = [label_gold(u, gold, gold_tokens, slug) for u in page.units]
        else:
            snippets = json.loads((folder / "snippets.json").read_text(encoding="utf-8"))
            keep = [norm(s) for s in snippets.get("with", [])]
            drop = [norm(s) for s in snippets.get("without", [])]
            page.labels = [label_snippets(u, keep, drop) for u in page.units]


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: Sequence[str]) -> Logistic:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit((x - mean) / scale, y, sample_weight=w)
    stage = Logistic(
        tuple(names),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in model.coef_[0]),
        float(model.intercept_[0]),
    )
    _FITTED[id(stage)] = _Standardised(model, mean, scale)
    return stage


class _Standardised:
    def __init__(self, model: LogisticRegression, mean: np.ndarray, scale: np.ndarray) -> None:
        self.model, self.mean, self.scale = model, mean, scale

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return self.model.predict_proba((x - self.mean) / self.scale)


# The scikit-learn model behind each stage trained in this run (fast batch predictions).
_FITTED: dict[int, object] = {}


def probabilities(stage: Stage, rows: Sequence[Sequence[float]]) -> list[float]:
    """The stage's keep probabilities for many rows at once (as ``stage.probability`` gives one by one)."""
    if len(rows) == 0:
        return []
    return [float(v) for v in _FITTED[id(stage)].predict_proba(np.array(rows, dtype=float))[:, 1]]  # type: ignore[attr-defined]


def _fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: Sequence[str]) -> Trees:
    model = HistGradientBoostingClassifier(
        max_iter=TREES, max_depth=DEPTH, learning_rate=0.1, class_weight="balanced", random_state=0
    )
    model.fit(x, y, sample_weight=w)
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            tuple(
                (
                    -1 if node["is_leaf"] else int(node["feature_idx"]),
                    round(float(node["num_threshold"]), 6),
                    int(node["left"]),
                    int(node["right"]),
                    round(float(node["value"]), 6),
                )
                for node in nodes
            )
        )
    stage = Trees(tuple(names), float(model._baseline_prediction.ravel()[0]), tuple(trees))
    _FITTED[id(stage)] = model
    return stage


def _labelled(pages: Sequence[PageRows], extra: Sequence[list[tuple[float, ...]]] | None = None):
    xs, ys, ws = [], [], []
    for n, page in enumerate(pages):
        for k, (row, label, weight) in enumerate(zip(page.rows, page.labels, page.weights, strict=True)):
            if label is None:
                continue
            xs.append((*row, *extra[n][k]) if extra is not None else row)
            ys.append(label)
            ws.append(weight)
    return np.array(xs, dtype=float), np.array(ys), np.array(ws)


def _neighbours(first: Stage, pages: Sequence[PageRows]) -> list[list[tuple[float, ...]]]:
    out = []
    for page in pages:
        p = probabilities(first, page.rows)
        span = keep_span(p)
        out.append([neighbour_values(p, k, span) for k in range(len(p))])
    return out


def train(pages: Sequence[PageRows], about: str) -> PageModel:
    """Two stacked stages; the second learns from out-of-fold first-stage probabilities."""
    names = page_features.FEATURE_NAMES
    fit = _fit_trees if KIND == "trees" else _fit
    inner = sorted({p.fold for p in pages})
    oof: dict[int, list[tuple[float, ...]]] = {}
    for k in inner:
        fit_on = [p for p in pages if p.fold != k]
        first_k = fit(*_labelled(fit_on), names)
        held = [n for n, p in enumerate(pages) if p.fold == k]
        for n, values in zip(held, _neighbours(first_k, [pages[n] for n in held]), strict=True):
            oof[n] = values
    first = fit(*_labelled(pages), names)
    extra = [oof[n] for n in range(len(pages))]
    x, y, w = _labelled(pages, extra)
    second = fit(x, y, w, (*names, *NEIGHBOUR_SIGNALS))
    if KEEP_TARGET is None:
        return PageModel(first, second, THRESHOLD, about)
    # The threshold: the lowest probability that keeps KEEP_TARGET of the kept words.
    predicted = probabilities(second, x)
    kept = sorted((p, weight) for p, label, weight in zip(predicted, y, w, strict=True) if label == 1)
    total = sum(weight for _, weight in kept)
    lost, threshold = 0.0, 0.0
    for p, weight in kept:
        if lost + weight > (1 - KEEP_TARGET) * total:
            threshold = p
            break
        lost += weight
    return PageModel(first, second, round(threshold, 4), about)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "dedupe_article" / "data" / "page_model.json")
    parser.add_argument("--folds-out", type=Path)
    parser.add_argument("--cache", type=Path, help="keep the collected rows in this pickle file and reuse them")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="drop below this probability of keeping")
    parser.add_argument("--keep-target", type=float, help="set the threshold to keep this share of kept words")
    parser.add_argument("--kind", choices=("trees", "logistic"), default=KIND)
    args = parser.parse_args()
    globals().update(THRESHOLD=args.threshold, KEEP_TARGET=args.keep_target, KIND=args.kind)
    if args.cache and args.cache.exists():
        pages = pickle.loads(args.cache.read_bytes())
    else:
        pages = collect(args.bench)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(pages))
    label(pages, {m["id"]: m["url"] for m in json.loads((args.bench / "manifest.json").read_text())})
    labels = Counter(label for p in pages for label in p.labels)
    print(f"{len(pages)} page renderings, {len({p.site for p in pages})} sites, units by label: {dict(labels)}")
    if args.folds_out:
        args.folds_out.mkdir(parents=True, exist_ok=True)
        for k in range(FOLDS):
            model = train([p for p in pages if p.fold != k], f"held out: fold {k} of {FOLDS}")
            (args.folds_out / f"fold-{k}.json").write_text(json.dumps(model.to_dict(), indent=1) + "\n")
            print(f"fold {k}: threshold {model.threshold}")
    about = f"{len(pages)} page renderings of {len({p.site for p in pages})} sites (benchmarks/train_page.py)"
    model = train(pages, about)
    args.out.write_text(json.dumps(model.to_dict(), indent=1) + "\n")
    print(f"wrote {args.out}: threshold {model.threshold}")


if __name__ == "__main__":
    main()
