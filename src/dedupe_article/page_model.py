"""The page stage's learned decision: how likely an editor keeps each unit, from its feature table.

The decision is learned (``benchmarks/train_page.py`` trains it on real pages,
cross-validated by site) and stored as package data
(``data/page_model.json``): two stacked stages of boosted trees (logistic
regressions can be trained instead). The first reads a unit's row of the
feature table (:mod:`dedupe_article.page_features`); the second reads the same
row plus the first one's probabilities for the unit's neighbours, so that a
menu item amid prose and a lone sentence amid a menu are judged by their
surroundings (the sequence smoothing step). A unit may go only when the
probability that an editor keeps it is below the model's threshold (0.5 for
the packaged model). The page stage asks it about the units the layout
heuristics remove as outside the body, and removes those it confirms
(:func:`dedupe_article.clean_article`, docs/pages.md).

Inference is plain Python; training needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dedupe_article.page_features import FEATURE_NAMES, FeatureTable, span_position

# The first stage's probabilities, as the second stage sees them.
NEIGHBOUR_SIGNALS = (
    "p",
    "p_before",
    "p_after",
    "p_window",
    "p_wide",
    "p_window_min",
    "p_window_max",
    "p_in_span",  # inside the stretch where the first stage's keeps outweigh its drops
    "p_before_span",  # log of units between it and that stretch's start
    "p_after_span",  # log of units between that stretch's end and it
)
_WINDOW = 3
_WIDE = 10


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over standardised inputs."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def logit_terms(self, values: Sequence[float]) -> list[float]:
        """Each input's contribution to the logit (weight times standardised value)."""
        return [w * (v - m) / s for v, m, s, w in zip(values, self.mean, self.scale, self.weights, strict=True)]

    def base(self) -> float:
        """The logit before any input is read."""
        return self.bias

    def probability(self, values: Sequence[float]) -> float:
        return _sigmoid(self.bias + sum(self.logit_terms(values)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Logistic:
        return cls(
            tuple(data["names"]),
            tuple(float(x) for x in data["mean"]),
            tuple(float(x) or 1.0 for x in data["scale"]),
            tuple(float(x) for x in data["weights"]),
            float(data["bias"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic",
            "names": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
        }


@dataclass(frozen=True)
class Trees:
    """A boosted sum of small regression trees (the logit of keeping).

    Each node is ``(feature, threshold, left, right, value)``; a leaf has
    feature ``-1``. A value at or below the threshold goes left.
    """

    names: tuple[str, ...]
    init: float
    trees: tuple[tuple[tuple[int, float, int, int, float], ...], ...]

    def logit_terms(self, values: Sequence[float]) -> list[float]:
        """Each input's contribution to the logit: the change of node value
        along each tree's path, credited to the input split on (Saabas)."""
        terms = [0.0] * len(self.names)
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                child = nodes[node[2]] if values[node[0]] <= node[1] else nodes[node[3]]
                terms[node[0]] += child[4] - node[4]
                node = child
        return terms

    def base(self) -> float:
        """The logit before any input is read."""
        return self.init + sum(nodes[0][4] for nodes in self.trees)

    def probability(self, values: Sequence[float]) -> float:
        z = self.init
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                node = nodes[node[2]] if values[node[0]] <= node[1] else nodes[node[3]]
            z += node[4]
        return _sigmoid(z)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trees:
        return cls(
            tuple(data["names"]),
            float(data["init"]),
            tuple(
                tuple((int(f), float(t), int(left), int(right), float(v)) for f, t, left, right, v in tree)
                for tree in data["trees"]
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "trees", "names": list(self.names), "init": self.init, "trees": [list(t) for t in self.trees]}


Stage = Logistic | Trees


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def _stage(data: dict[str, Any]) -> Stage:
    return Trees.from_dict(data) if data.get("kind") == "trees" else Logistic.from_dict(data)


@dataclass(frozen=True)
class Verdict:
    """The decision on one unit.

    Attributes:
        index: the unit's position.
        keep: the probability that an editor keeps the unit.
        drop: whether it goes (``keep`` below the model's threshold).
        reasons: the inputs that pushed hardest towards dropping, with their
            value (largest push first).
    """

    index: int
    keep: float
    drop: bool
    reasons: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PageModel:
    """A trained page decision (see the module's docstring).

    Attributes:
        first: the stage that reads a unit's own row.
        second: the stage that reads the row and the first stage's
            probabilities around the unit.
        threshold: a unit goes when its probability of being kept is below this.
        about: what the model was trained on (free text, shown in docs).
    """

    first: Stage
    second: Stage
    threshold: float
    about: str = ""

    def verdicts(self, table: FeatureTable, only: Collection[int] | None = None) -> list[Verdict]:
        """Judge every live unit of a page's feature table, or the live units in ``only``.

        The first stage reads every live unit either way: the second reads its
        probabilities around each unit judged.
        """
        live = table.live
        rows = [table.rows[i] for i in live]
        p1 = [self.first.probability(r) for r in rows]
        span = keep_span(p1)
        out = []
        for k, i in enumerate(live):
            if only is not None and i not in only:
                continue
            inputs = (*rows[k], *neighbour_values(p1, k, span))
            keep = self.second.probability(inputs)
            drop = keep < self.threshold
            reasons: tuple[tuple[str, float], ...] = ()
            if drop:
                terms = self.second.logit_terms(inputs)
                worst = sorted(range(len(terms)), key=lambda j: terms[j])[:3]
                reasons = tuple((self.second.names[j], round(inputs[j], 3)) for j in worst)
            out.append(Verdict(i, keep, drop, reasons))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "about": self.about,
            "threshold": self.threshold,
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageModel:
        if data.get("version") != 1:
            raise ValueError(f"unknown page model version {data.get('version')!r}")
        # A model reads the table's columns by position: one trained on other columns would misread them.
        names = (tuple(data["first"].get("names", ())), tuple(data["second"].get("names", ())))
        if names != (FEATURE_NAMES, (*FEATURE_NAMES, *NEIGHBOUR_SIGNALS)):
            raise ValueError(
                "trained on other feature columns than this version computes; train it again "
                "with benchmarks/train_page.py"
            )
        return cls(
            _stage(data["first"]),
            _stage(data["second"]),
            float(data["threshold"]),
            str(data.get("about", "")),
        )


def keep_span(p: Sequence[float]) -> tuple[int, int] | None:
    """The stretch ``(first, last)`` where the first stage's keeps most outweigh
    its drops: the largest sum of ``p - 0.5`` (Kadane)."""
    best, span = 0.0, None
    total, start = 0.0, 0
    for k, value in enumerate(p):
        if total <= 0:
            total, start = value - 0.5, k
        else:
            total += value - 0.5
        if total > best:
            best, span = total, (start, k)
    return span


def neighbour_values(p: Sequence[float], k: int, span: tuple[int, int] | None) -> tuple[float, ...]:
    """The first stage's probabilities around position ``k`` (``NEIGHBOUR_SIGNALS``);
    ``span`` is :func:`keep_span` of ``p``."""
    n = len(p)
    before = p[k - 1] if k > 0 else 0.5
    after = p[k + 1] if k + 1 < n else 0.5
    window = [p[j] for j in range(max(0, k - _WINDOW), min(n, k + _WINDOW + 1)) if j != k] or [0.5]
    wide = [p[j] for j in range(max(0, k - _WIDE), min(n, k + _WIDE + 1)) if j != k] or [0.5]
    inside, outside_before, outside_after = span_position(k, span)
    return (
        p[k],
        before,
        after,
        sum(window) / len(window),
        sum(wide) / len(wide),
        min(window),
        max(window),
        inside,
        outside_before,
        outside_after,
    )


def load_model(path: str | Path | None = None) -> PageModel:
    """Load a page model from a JSON file, or the packaged one when ``path`` is ``None``."""
    if path is None:
        text = resources.files("dedupe_article").joinpath("data/page_model.json").read_text(encoding="utf-8")
        return PageModel.from_dict(json.loads(text))
    try:
        return PageModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValueError(f"page model {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"page model {path}: not a page model file ({exc})") from None


@functools.cache
def packaged_model() -> PageModel:
    """The model shipped with the package (loaded once)."""
    return load_model()
