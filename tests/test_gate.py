"""The motivating article: a Spanish story rendered twice, with site junk."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from dedupe_article import clean_article
from dedupe_article.cli import cli

GATE = Path(__file__).parent.parent / "fixtures" / "gate-es"


def _result():
    return clean_article((GATE / "input.txt").read_text(encoding="utf-8"))


def test_output_is_expected_byte_for_byte() -> None:
    assert _result().text == (GATE / "expected.txt").read_text(encoding="utf-8")


def test_cli_prints_expected_byte_for_byte() -> None:
    run = CliRunner().invoke(cli, ["clean", str(GATE / "input.txt")])
    assert run.exit_code == 0
    assert run.stdout_bytes == (GATE / "expected.txt").read_bytes()


def test_75_kept_66_removed_each_with_its_reason() -> None:
    result = _result()
    assert len(result.kept) == 75
    assert len(result.removals) == 66
    reasons = Counter((r.reason, r.rule_id or r.method) for r in result.removals)
    assert reasons == {
        ("near_duplicate", "exact"): 54,  # long paragraphs of the second copy, and the lead repeated
        ("near_duplicate", "copy"): 6,  # short headings and lines inside the second copy
        ("boilerplate", "label.paper-address"): 2,  # "Dirección del papel:" with its link lost
        ("boilerplate", "label.references"): 2,  # "Referencias:" with nothing after it, twice
        ("boilerplate", "ui.view-original"): 1,  # "Ver originales"
        ("boilerplate", "disclaimer.gate"): 1,  # the site disclaimer
    }


def test_each_duplicate_points_at_the_same_text_in_the_first_copy() -> None:
    result = _result()
    by_index = {p.index: p for p in result.kept}
    for removal in result.removals:
        if removal.reason == "near_duplicate":
            assert removal.duplicate_of in by_index
            assert by_index[removal.duplicate_of].text == removal.text
            assert removal.score == 100.0


def test_headings_of_the_second_copy_go_as_part_of_the_copy() -> None:
    copies = {r.text for r in _result().removals if r.method == "copy"}
    assert "Grandes cambios en febrero" in copies
    assert "Reorganización del equipo, posicionamiento poco claro" in copies
    assert 'Joelle Pineau, directora de "Investigación básica de IA", dijo:' in copies


def test_source_line_of_the_second_copy_is_kept_last() -> None:
    assert _result().kept[-1].text == "Fuente original: Xinzhiyuan"


def test_explain_lists_every_removal_on_stderr() -> None:
    run = CliRunner().invoke(cli, ["clean", "--explain", str(GATE / "input.txt")])
    assert run.exit_code == 0
    records = [json.loads(line) for line in run.stderr.splitlines()]
    assert len(records) == 66
    assert {r["file"] for r in records} == {str(GATE / "input.txt")}
    assert records[0]["index"] == 14 and records[0]["rule_id"] == "label.paper-address"
