"""How much of the dev fixtures' boilerplate the rule catalog removes, and at what cost.

For each case in ``fixtures/dev`` the input and the expected output are split
into paragraphs (the case's layout, hard-wrapped lines joined, whitespace
normalised). An input paragraph whose text the expected output does not hold
is one the editor *drops*; one it does hold is *kept*. The text is then
cleaned with the catalog only (``CleanConfig(unwrap=True, deduplicate=False, page_chrome=False)``)
and every removal with reason ``boilerplate`` is counted:

* ``by rule``: dropped paragraphs a rule removes (per rule id);
* ``false pos``: kept paragraphs a rule removes. This must be 0. A block of
  the input counts as kept when the expected output holds it whole or holds
  one of its lines (the editor split a block that glued a byline to a caption).

Usage::

    python benchmarks/rule_coverage.py            # the table
    python benchmarks/rule_coverage.py --missed   # also list dropped paragraphs no rule removes
    python benchmarks/rule_coverage.py --rules    # also the per-rule totals

Exit status 1 when any rule removes a paragraph the expected output keeps.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

from dedupe_article import CleanConfig, clean_article, detect_layout, split_paragraphs, unwrap_paragraph

DEV = Path(__file__).resolve().parent.parent / "fixtures" / "dev"

_SPACE = regex.compile(r"\s+")
_CJK = (
    r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
    r"\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}"
)
_CJK_SPACE = regex.compile(rf" (?=[{_CJK}])|(?<=[{_CJK}]) ")


def normalise(text: str) -> str:
    """One paragraph as the gold files compare it: unwrapped, NFC, one space, no space next to CJK."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", unwrap_paragraph(text))).strip()
    return _CJK_SPACE.sub("", text)


def paragraphs(text: str, layout: str) -> list[str]:
    """The paragraphs of a text in the given layout, normalised (empty ones left out)."""
    return [n for p in split_paragraphs(text, layout=layout) if (n := normalise(p.text))]


@dataclass
class CaseScore:
    name: str
    paragraphs: int = 0
    dropped: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def hit(self) -> int:
        return sum(self.by_rule.values())


def score_case(case: Path) -> CaseScore:
    text = (case / "input.txt").read_bytes().decode("utf-8")
    expected = (case / "expected.txt").read_bytes().decode("utf-8")
    layout = detect_layout(text)
    inputs = split_paragraphs(text, layout=layout)
    gold = set(paragraphs(expected, detect_layout(expected)))
    result = clean_article(text, CleanConfig(unwrap=True, deduplicate=False, layout=layout, page_chrome=False))
    rule_of = {r.index: r.rule_id for r in result.removals if r.reason == "boilerplate"}
    score = CaseScore(case.name)
    for p in inputs:
        norm = normalise(p.text)
        if not norm:
            continue
        score.paragraphs += 1
        rule_id = rule_of.get(p.index)
        # A block the editor split keeps some of its lines: it counts as kept.
        if norm in gold or any(normalise(line) in gold for line in p.text.split("\n")):
            if rule_id is not None:
                score.false_positives.append((norm, rule_id))
            continue
        score.dropped += 1
        if rule_id is not None:
            score.by_rule[rule_id] += 1
        else:
            score.missed.append(norm)
    return score


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--missed", action="store_true", help="list dropped paragraphs that no rule removes")
    parser.add_argument("--rules", action="store_true", help="print the totals per rule id")
    parser.add_argument("cases", nargs="*", help="case names (default: all of fixtures/dev)")
    args = parser.parse_args(argv)

    cases = sorted(p for p in DEV.iterdir() if p.is_dir() and (not args.cases or p.name in args.cases))
    scores = [score_case(c) for c in cases]

    header = f"{'case':<28} {'paras':>5} {'dropped':>7} {'by rule':>7} {'share':>6} {'false pos':>9}  rules"
    print(header)
    print("-" * len(header))
    total = CaseScore("TOTAL")
    for s in scores:
        rules = ", ".join(f"{rid}×{n}" if n > 1 else rid for rid, n in sorted(s.by_rule.items()))
        print(
            f"{s.name:<28} {s.paragraphs:>5} {s.dropped:>7} {s.hit:>7} {_pct(s.hit, s.dropped):>6} "
            f"{len(s.false_positives):>9}  {rules}"
        )
        total.paragraphs += s.paragraphs
        total.dropped += s.dropped
        total.by_rule.update(s.by_rule)
        total.false_positives.extend((f"{s.name}: {t}", r) for t, r in s.false_positives)
    print("-" * len(header))
    print(
        f"{total.name:<28} {total.paragraphs:>5} {total.dropped:>7} {total.hit:>7} "
        f"{_pct(total.hit, total.dropped):>6} {len(total.false_positives):>9}  {len(total.by_rule)} rules fired"
    )

    if args.rules:
        print("\nper rule:")
        for rule_id, n in total.by_rule.most_common():
            print(f"  {n:>4}  {rule_id}")
    if args.missed:
        for s in scores:
            if s.missed:
                print(f"\n== {s.name}: {len(s.missed)} dropped paragraphs no rule removes")
                for text in s.missed:
                    print(f"  | {text[:160]}")
    if total.false_positives:
        print("\nFALSE POSITIVES (a rule removes a paragraph the expected output keeps):", file=sys.stderr)
        for text, rule_id in total.false_positives:
            print(f"  {rule_id}: {text[:160]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
