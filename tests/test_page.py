"""Page chrome on plain-text page dumps (``page_chrome=True``, ``--page``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_dev_cases import DEV, paragraphs

from dedupe_article import CleanConfig, clean_article, split_paragraphs
from dedupe_article.cli import cli
from dedupe_article.page import find_body, split_units, unit_value

BODY = [
    "The city council approved the new budget on Tuesday after a debate that\n"
    "lasted most of the night, with two members voting against it.",
    "The plan raises spending on schools and public transport, and it cuts\n"
    "the money set aside for new roads by almost a third over four years.",
    "Opponents said the council had not explained where the extra money for\n"
    "buses would come from once the federal grant runs out next spring.",
]
MENU = ["Home", "News", "Sport", "Weather", "Culture", "Contact"]
PAGE = (
    "\n\n".join(["\n".join(MENU), "City council approves budget", "By Ana Ruiz\n12 March 2024", *BODY])
    + "\n\n"
    + "\n".join(["* Related: Mayor visits school", "* Related: New bus lines", "* Related: Road works"])
    + "\n\n"
    + "\n".join(["About us", "Privacy", "Terms", "Jobs"])
    + "\n"
)


def test_split_units_separates_short_lines_from_wrapped_paragraphs() -> None:
    text = "\r\n".join(["x" * 70] * 6) + "\r\n\r\n" + BODY[0].replace("\n", "\r\n") + "\r\nReuters\r\n12 March 2024\r\n"
    units = split_units(text, split_paragraphs(text))
    assert [u.text for u in units[-3:]] == [BODY[0], "Reuters", "12 March 2024"]
    for unit in units:
        assert text[unit.start : unit.end].replace("\r\n", "\n") == unit.text


def test_unwrapped_text_is_not_split() -> None:
    text = "A line.\nAnother line.\n\nA third line.\n"
    assert [u.text for u in split_units(text, split_paragraphs(text))] == ["A line.\nAnother line.", "A third line."]


def test_find_body_takes_the_span_with_the_largest_total() -> None:
    assert find_body([-5, -5, 3, -1, 20, 15, -9, -9, 2]) == (2, 5)
    assert find_body([-1, -2]) is None


def test_unit_value_scores_prose_up_and_chrome_down() -> None:
    assert unit_value("The council approved the budget on Tuesday after a long debate.", 11) > 0
    assert unit_value("Home", 1) < 0
    assert unit_value("(BUTTON) Share this article with your friends on every network you use", 12) < 0


def test_page_dump_keeps_the_article_and_explains_every_removal() -> None:
    result = clean_article(PAGE, CleanConfig(page_chrome=True))
    assert [p.text for p in result.kept] == ["City council approves budget", "By Ana Ruiz", "12 March 2024", *BODY]
    chrome = {r.text: r.chrome for r in result.removals if r.reason == "page_chrome"}
    assert chrome["Home"] == "outside-body"
    assert chrome["* Related: New bus lines"] == "outside-body"
    assert all(dict(r.evidence)["body_first"] == 9 for r in result.removals if r.reason == "page_chrome")


def test_page_mode_is_off_by_default() -> None:
    assert clean_article(PAGE).text == PAGE


def test_page_mode_leaves_one_paragraph_per_line_text_alone() -> None:
    text = "\n".join([*MENU, *(b.replace("\n", " ") for b in BODY)]) + "\n"
    assert clean_article(text, CleanConfig(page_chrome=True)).text == text


def test_cli_page_option(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "--page", "--unwrap", str(path)])
    assert result.exit_code == 0
    assert result.stdout.startswith("City council approves budget\n\nBy Ana Ruiz\n\n12 March 2024\n\nThe city council")


CLEAN_OR_AGGREGATED = [
    "ar-khaleej-clean",
    "en-bham-aggregator",
    "es-elespectador-clean",
    "uk-armyinform-neardup",
    "zh-stdaily-aggregator",
    "zh-un-clean",
]


@pytest.mark.parametrize("slug", CLEAN_OR_AGGREGATED)
def test_page_mode_loses_nothing_on_clean_and_aggregated_articles(slug: str) -> None:
    case = DEV / slug
    result = clean_article(
        (case / "input.txt").read_bytes().decode("utf-8"), CleanConfig(unwrap=True, page_chrome=True)
    )
    assert paragraphs(result.text) == paragraphs((case / "expected.txt").read_text(encoding="utf-8"))


def test_page_mode_quality_on_the_dev_page_dumps_does_not_regress() -> None:
    """A floor under the figures measured when the stage landed (docs/how-it-works.md)."""
    recalls, precisions = [], []
    for case in sorted(p for p in DEV.iterdir() if p.is_dir() and p.name not in CLEAN_OR_AGGREGATED):
        gold = paragraphs((case / "expected.txt").read_text(encoding="utf-8"))
        text = (case / "input.txt").read_bytes().decode("utf-8")
        out = paragraphs(clean_article(text, CleanConfig(unwrap=True, page_chrome=True)).text)
        hits = sum(min(gold.count(p), out.count(p)) for p in set(gold))
        recalls.append(hits / len(gold))
        precisions.append(hits / max(1, len(out)))
    assert sum(recalls) / len(recalls) >= 0.92
    assert sum(precisions) / len(precisions) >= 0.66
