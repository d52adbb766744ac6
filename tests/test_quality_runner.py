"""benchmarks/quality.py: the paragraph-level scorer of a folder of cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import quality  # noqa: E402

BODY = "The council approved the budget on Tuesday after a long debate in the chamber."


def write_case(root: Path, name: str, text: str, expected: str) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "input.txt").write_text(text, encoding="utf-8")
    (root / name / "expected.txt").write_text(expected, encoding="utf-8")


def test_score_counts_paragraphs_as_multisets() -> None:
    s = quality.score("x", "A\n\nB\n\nB\n\nC\n", "A\n\nB\n\nD\n")
    assert (s.recall, s.precision, s.exact) == (pytest.approx(2 / 3), 0.5, False)
    assert quality.score("x", "", "").exact and quality.score("x", "", "").precision == 1.0
    assert quality.score("x", "", "A\n").precision == 0.0


def test_paragraphs_follow_the_gold_conventions() -> None:
    assert quality.paragraphs("  One\n  line\n\n科技 日报\r\n") == ["One line", "科技日报"]
    assert quality.paragraphs("a\nb\n") == ["a", "b"]


def test_a_folder_is_scored_case_by_case(tmp_path: Path) -> None:
    write_case(tmp_path, "clean", f"Ver originales\n\n{BODY}\n", f"{BODY}\n")
    write_case(tmp_path, "lossy", f"{BODY}\n", f"Title\n\n{BODY}\n")
    scores = quality.score_folder(tmp_path)
    assert [(s.case, s.exact, s.recall, s.precision) for s in scores] == [
        ("clean", True, 1.0, 1.0),
        ("lossy", False, 0.5, 1.0),
    ]
    assert quality.report(scores).splitlines()[-1] == "overall: recall=0.750 precision=1.000 exact=1/2"


def test_a_command_can_be_scored(tmp_path: Path) -> None:
    write_case(tmp_path, "clean", f"Ver originales\n\n{BODY}\n", f"{BODY}\n")
    command = f"{sys.executable} -m dedupe_article clean --no-config {{input}}"
    assert quality.score_folder(tmp_path, command=command)[0].exact
