"""Score the cleaner on a folder of cases at paragraph level: recall, precision, exact.

Each case is a folder holding ``input.txt`` (the scraped text) and
``expected.txt`` (what a careful editor keeps; conventions in
``fixtures/dev/README.md``). Both texts are split the way the expected files
are written (on blank lines when there are any, else on newlines) and each
paragraph is compared with whitespace normalised and no space next to
Chinese or Japanese characters. Then, per case:

* recall: expected paragraphs found in the output (as a multiset) / expected;
* precision: output paragraphs found in the expected text / output;
* exact: the output's paragraphs equal the expected ones, in order.

Overall recall and precision are the means over cases.

Usage::

    python benchmarks/quality.py                       # fixtures/dev, default options, unwrap on
    python benchmarks/quality.py --no-page             # the page-chrome stage off
    python benchmarks/quality.py --page --cases DIR    # forced on, another folder of cases
    python benchmarks/quality.py --cmd "other-tool {input}"   # any command printing the cleaned text
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from dedupe_article import CleanConfig, clean_article

DEV = Path(__file__).resolve().parent.parent / "fixtures" / "dev"

_BLANK_LINE = regex.compile(r"\n[ \t\N{NO-BREAK SPACE}\N{IDEOGRAPHIC SPACE}]*\n")
_SPACE = regex.compile(r"\s+")
_CJK = (
    r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
    r"\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}"
)
_CJK_SPACE = regex.compile(rf" (?=[{_CJK}])|(?<=[{_CJK}]) ")


def paragraphs(text: str) -> list[str]:
    """Split like the expected files: on blank lines if any, else on newlines; whitespace normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    out = []
    for part in parts:
        part = _SPACE.sub(" ", unicodedata.normalize("NFC", part)).strip()
        if part:
            out.append(_CJK_SPACE.sub("", part))
    return out


@dataclass(frozen=True)
class Score:
    """One case's score."""

    case: str
    recall: float
    precision: float
    exact: bool
    expected: int
    output: int


def score(case: str, output: str, expected: str) -> Score:
    """Score one output against its expected text."""
    got, gold = paragraphs(output), paragraphs(expected)
    overlap = sum((Counter(got) & Counter(gold)).values())
    recall = overlap / len(gold) if gold else 1.0
    precision = overlap / len(got) if got else (1.0 if not gold else 0.0)
    return Score(case, recall, precision, got == gold, len(gold), len(got))


def run_case(folder: Path, config: CleanConfig | None, command: str | None) -> str:
    """The cleaned text of one case's input, in process or by a command."""
    source = folder / "input.txt"
    if command is None:
        return clean_article(source.read_bytes().decode("utf-8"), config).text
    argv = shlex.split(command.replace("{input}", shlex.quote(str(source))))
    return subprocess.run(argv, capture_output=True, check=True, text=True, encoding="utf-8").stdout


def score_folder(cases: Path, config: CleanConfig | None = None, command: str | None = None) -> list[Score]:
    """Score every case folder under ``cases`` (sorted by name)."""
    folders = sorted(p for p in cases.iterdir() if (p / "input.txt").is_file() and (p / "expected.txt").is_file())
    return [
        score(f.name, run_case(f, config, command), (f / "expected.txt").read_text(encoding="utf-8")) for f in folders
    ]


def report(scores: list[Score]) -> str:
    """The per-case table and the overall line."""
    lines = [f"{'case':32} {'recall':>7} {'prec':>7} {'exact':>6} {'gold':>5} {'out':>5}"]
    for s in scores:
        exact = "yes" if s.exact else "no"
        lines.append(f"{s.case:32} {s.recall:7.3f} {s.precision:7.3f} {exact:>6} {s.expected:5d} {s.output:5d}")
    n = len(scores) or 1
    recall = sum(s.recall for s in scores) / n
    precision = sum(s.precision for s in scores) / n
    exact = sum(s.exact for s in scores)
    lines.append(f"overall: recall={recall:.3f} precision={precision:.3f} exact={exact}/{len(scores)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=DEV, help="folder of case folders (default: fixtures/dev)")
    page = parser.add_mutually_exclusive_group()
    page.add_argument("--page", action="store_true", help="force the page-chrome stage on")
    page.add_argument("--no-page", action="store_true", help="turn the page-chrome stage off")
    parser.add_argument("--wrapped", action="store_true", help="keep hard wraps (default: unwrap, as the gold does)")
    parser.add_argument("--cmd", help="score a command instead; {input} is replaced by the input's path")
    args = parser.parse_args(argv)
    page_chrome: bool | str = True if args.page else False if args.no_page else "auto"
    config = CleanConfig(unwrap=not args.wrapped, page_chrome=page_chrome)  # type: ignore[arg-type]
    print(report(score_folder(args.cases, config, args.cmd)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
