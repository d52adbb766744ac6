"""The learned page decision: the feature table, the model, and ``page_model="learned"``."""

from __future__ import annotations

import dataclasses
import json
import math
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import CleanConfig, clean_article
from dedupe_article.cli import cli
from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.page_features import (
    CONTEXT_SIGNALS,
    FEATURE_NAMES,
    OWN_SIGNALS,
    build_table,
    plain_text,
)
from dedupe_article.page_model import (
    NEIGHBOUR_SIGNALS,
    Logistic,
    PageModel,
    Trees,
    keep_span,
    load_model,
    neighbour_values,
    packaged_model,
)

# --- a hand-written page dump, as a text browser renders it ----------------------------------

MENU = [
    "Home",
    "News",
    "World",
    "Business",
    "Sport",
    "Weather",
    "Culture",
    "Travel",
    "Science",
    "Health",
    "Opinion",
    "Video",
    "Podcasts",
    "Newsletters",
    "Contact",
]
HEADLINE = "Kellmouth votes to close its historic fish market"
BYLINE = "By Sarah Okafor, 18 NOV 2019"
PROSE = [
    "The harbour town of Kellmouth voted on Thursday to close its old fish market after more than a "
    "century of trading on the quay, ending a tradition that many residents said defined the place.",
    "The market building, a long brick hall with a slate roof, has needed repairs for years, and the "
    "council said the cost of fixing the roof alone would exceed the town's entire annual maintenance budget.",
    "Traders who still sell there were offered stalls in a new covered hall near the railway station, but "
    "several of them said the move would cost them the passing trade that keeps their businesses alive.",
    "Margaret Doyle, whose family has sold shellfish at the market since 1931, said she would rather retire "
    "than move, and that she had not been asked what she thought before the decision was made.",
    "Council leader Tom Hendry said the vote had not been easy, and that the authority would look for a "
    "buyer who might turn the hall into a space for food stalls, concerts and small local events.",
    "A public meeting to discuss the future of the building will be held at the town library next month, "
    "and residents will be able to send their suggestions to the council until the end of the year.",
]
FOOTER_LINKS = [
    "[About us](/about)",
    "[Privacy policy](/privacy)",
    "[Terms of use](/terms)",
    "[Advertise](/ads)",
    "[Careers](/jobs)",
]
COPYRIGHT = "© 2024 Kellmouth Gazette. All rights reserved."
# Prose hard-wrapped at 72 columns, as lynx or w3m write it.
WRAPPED = [textwrap.fill(p, 72) for p in PROSE]
PAGE = "\n\n".join(["\n".join(MENU), HEADLINE, BYLINE, *WRAPPED, "\n".join([*FOOTER_LINKS, COPYRIGHT])]) + "\n"

SHORT_ARTICLE = (
    "The library in Brenford will open on Sundays from March, the town council said on Monday, after a "
    "petition signed by more than two thousand residents asked for longer opening hours.\n\n"
    "The extra hours will be paid for by a grant from the regional arts fund, which has agreed to cover "
    "the cost of two more librarians for at least the next three years.\n\n"
    "Staff said the Sunday opening would help families and students who cannot visit during the week, "
    "and that the reading rooms were already full on most Saturday afternoons.\n"
)


def words_of(text: str) -> int:
    return count_words(paragraph_key(text))


def signal(name: str, text: str, words: int | None = None) -> float:
    """One own signal of one unit, computed as build_table computes it."""
    return OWN_SIGNALS[name](text, plain_text(text), words_of(text) if words is None else words)


# --- each own signal alone -------------------------------------------------------------------

# (signal, a unit that has it, a unit that has it less or not at all)
SIGNAL_CASES = [
    ("words", "one two three four five six seven", "one two three"),
    ("chars", "A somewhat longer line of text", "Short"),
    ("value", "The council approved the new budget on Tuesday after a long debate.", "Home"),
    ("sentence_end", "It rained all day.", "Home"),
    ("full_stop", "Did it rain all day?", "Read more:"),
    ("colon_end", "Read more:", "Read more"),
    ("question", "Did it rain all day?", "It rained all day."),
    ("upper", "Home News Sport", "a quiet sentence"),
    ("digits", "Updated 2019 12 18", "Updated today"),
    ("punct", "Wait... what?!", "Wait what"),
    ("list_mark", "* Home", "Home"),
    ("indent", "        Home", "Home"),
    ("lines", "Home\nNews\nSport", "Home"),
    ("link_share", "[Home](/)", "Home"),
    ("brackets", "See notes [1] and [2]", "See notes"),
    ("image", "![x](a.png)", "x"),
    ("url", "Visit https://example.com today", "Visit us today"),
    ("separators", "Home | News | Sport", "Home News Sport"),
    ("widget", "[qr-code]", "qr code"),
    ("breadcrumb", "Home > World > Asia", "Home World Asia"),
    ("heading", "## Council approves budget", "Council approves budget"),
    ("emphasis", "**Breaking** council approves budget", "Breaking council approves budget"),
    ("title_like", "Council approves budget", "* Council approves budget"),
    ("copyright", "© 2024 Kellmouth Gazette", "Kellmouth Gazette"),
    ("date", "18 NOV 2019", "18 November"),
    ("short", "Home", "It rained."),
]


def test_every_own_signal_has_a_case() -> None:
    assert sorted(name for name, _, _ in SIGNAL_CASES) == sorted(OWN_SIGNALS)


@pytest.mark.parametrize(("name", "more", "less"), SIGNAL_CASES, ids=[c[0] for c in SIGNAL_CASES])
def test_own_signal_tells_the_two_units_apart(name: str, more: str, less: str) -> None:
    assert signal(name, more) > signal(name, less)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("words", "one two three", math.log1p(3)),
        ("link_share", "[Home](/)", 1.0),
        ("link_share", "No link here.", 0.0),
        ("list_mark", "1. First step", 1.0),
        ("list_mark", "-5 degrees outside", 0.0),  # a minus sign, not a list mark
        ("indent", "    Home", 4 / 20),
        ("indent", " " * 40 + "Home", 1.0),  # capped at 20 columns
        ("image", "[IMG]", 1.0),
        ("url", "[Home](https://example.com)", 0.0),  # a link's target is not its text
        ("chars", "[Home](/a/very/long/address)", math.log1p(len("Home"))),
        ("separators", "Home | News | Sport", math.log1p(2)),
        ("upper", "Home News Sport", 1.0),
        ("upper", "a quiet sentence", 0.0),
        ("date", "Published 18 NOV 2019", 1.0),
        ("date", "On 18 NOV 2019 the council met again to discuss the harbour and its old fish market.", 0.0),
        ("short", "one two three four five", 0.0),  # five words is not short
        ("copyright", "(c) Kellmouth Gazette", 1.0),
    ],
)
def test_own_signal_value(name: str, text: str, expected: float) -> None:
    assert signal(name, text) == pytest.approx(expected)


def test_flag_signals_are_zero_or_one() -> None:
    flags = [n for n in OWN_SIGNALS if n not in ("words", "chars", "value", "upper", "digits", "punct", "indent")]
    flags = [n for n in flags if n not in ("lines", "link_share", "brackets", "separators")]
    for text in ["Home", "* Home", PROSE[0], "© 2024", "[IMG] Caption", "## Title", BYLINE]:
        for name in flags:
            assert signal(name, text) in (0.0, 1.0), (name, text)


# --- the feature table -----------------------------------------------------------------------

TABLE_UNITS = ["Home", "News", "Sport", PROSE[0], PROSE[1], PROSE[2], "Share this article", "Home"]
RULED, COPIES = {6}, {7}


@pytest.fixture
def table():
    return build_table(
        TABLE_UNITS,
        [words_of(u) for u in TABLE_UNITS],
        [paragraph_key(u) for u in TABLE_UNITS],
        rule_removed=RULED,
        duplicates=COPIES,
    )


def test_table_has_one_named_row_per_unit(table) -> None:
    assert table.names == FEATURE_NAMES == (*OWN_SIGNALS, *CONTEXT_SIGNALS)
    assert len(table.rows) == len(TABLE_UNITS)
    assert all(len(row) == len(FEATURE_NAMES) for row in table.rows)
    assert all(math.isfinite(v) for row in table.rows for v in row)


def test_live_units_exclude_rule_removed_and_duplicates(table) -> None:
    assert table.live == (0, 1, 2, 3, 4, 5)


def test_gone_columns_are_set_only_for_removed_units(table) -> None:
    assert (table.row(6)["gone_rule"], table.row(6)["gone_duplicate"]) == (1.0, 0.0)
    assert (table.row(7)["gone_rule"], table.row(7)["gone_duplicate"]) == (0.0, 1.0)
    for i in table.live:
        assert (table.row(i)["gone_rule"], table.row(i)["gone_duplicate"]) == (0.0, 0.0)


def test_body_is_the_prose_and_the_menu_stands_before_it(table) -> None:
    # The menu items count as chrome (negative value): the body is the three prose units exactly.
    assert table.body == (3, 5)
    for i in (3, 4, 5):
        assert table.row(i)["in_body"] == 1.0
        assert table.row(i)["value"] > 0
    for i in (0, 1, 2):
        assert table.row(i)["in_body"] == 0.0
        assert table.row(i)["before_body"] > 0
        assert table.row(i)["value"] < 0
    # Further from the body, larger.
    assert table.row(0)["before_body"] > table.row(1)["before_body"] > table.row(2)["before_body"]


def test_position_and_prose_before_increase(table) -> None:
    positions = [table.row(i)["position"] for i in range(len(TABLE_UNITS))]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert positions[0] == 0.0 and positions[-1] < 1.0
    before = [table.row(i)["prose_before"] for i in table.live]
    assert before == sorted(before)
    assert before[3] == 0.0 and 0 < before[4] < before[5] < 1


def test_doc_values_are_the_same_on_every_row(table) -> None:
    for name in ("doc_units", "doc_short", "doc_links", "doc_prose"):
        assert len({table.row(i)[name] for i in range(len(TABLE_UNITS))}) == 1, name
    assert table.row(0)["doc_units"] == pytest.approx(math.log1p(len(TABLE_UNITS)))
    assert table.row(0)["doc_prose"] == pytest.approx(3 / len(TABLE_UNITS))


def test_repeats_counts_a_key_that_occurs_twice(table) -> None:
    assert table.row(0)["repeats"] > 0  # "Home" is unit 0 and unit 7
    assert table.row(7)["repeats"] == table.row(0)["repeats"]
    assert table.row(1)["repeats"] == 0.0
    assert table.row(3)["repeats"] == 0.0


def test_empty_page_has_an_empty_table() -> None:
    empty = build_table([], [], [])
    assert (empty.rows, empty.live, empty.body) == ((), (), None)


# --- the model's parts -----------------------------------------------------------------------

# Two trees over inputs (a, b). Node: (feature, threshold, left, right, value); a leaf has feature -1.
TREES = Trees(
    names=("a", "b"),
    init=0.25,
    trees=(
        # a <= 0 -> -1.0, else 2.0
        ((0, 0.0, 1, 2, 0.5), (-1, 0.0, 0, 0, -1.0), (-1, 0.0, 0, 0, 2.0)),
        # b <= 1 -> (a <= 3 -> 0.5, else -0.5), else 1.5
        (
            (1, 1.0, 1, 2, 0.3),
            (0, 3.0, 3, 4, 0.1),
            (-1, 0.0, 0, 0, 1.5),
            (-1, 0.0, 0, 0, 0.5),
            (-1, 0.0, 0, 0, -0.5),
        ),
    ),
)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize(
    ("values", "leaves"),
    [
        ((0.0, 1.0), (-1.0, 0.5)),  # at the threshold goes left, both times
        ((1.0, 0.0), (2.0, 0.5)),
        ((5.0, 0.0), (2.0, -0.5)),
        ((-2.0, 7.0), (-1.0, 1.5)),
    ],
)
def test_trees_terms_add_up_to_the_logit(values: tuple[float, float], leaves: tuple[float, float]) -> None:
    logit = TREES.init + sum(leaves)
    assert TREES.probability(values) == pytest.approx(sigmoid(logit))
    terms = TREES.logit_terms(values)
    assert len(terms) == 2
    assert TREES.base() + sum(terms) == pytest.approx(logit)
    assert TREES.base() == pytest.approx(0.25 + 0.5 + 0.3)


def test_trees_credit_the_input_split_on() -> None:
    # (5, 0): tree 1 splits on a (0.5 -> 2.0), tree 2 on b (0.3 -> 0.1) then on a (0.1 -> -0.5).
    assert TREES.logit_terms((5.0, 0.0)) == pytest.approx([1.5 + (-0.6), -0.2])
    # (-2, 7): tree 2 goes right on b at once, a only in tree 1.
    assert TREES.logit_terms((-2.0, 7.0)) == pytest.approx([-1.5, 1.2])


def test_logistic_terms_add_up_to_the_logit() -> None:
    model = Logistic(("a", "b"), mean=(1.0, 2.0), scale=(2.0, 0.5), weights=(3.0, -1.0), bias=0.25)
    terms = model.logit_terms((5.0, 1.0))
    assert terms == pytest.approx([3 * (5 - 1) / 2, -1 * (1 - 2) / 0.5])  # [6, 2]
    assert model.base() == 0.25
    assert model.probability((5.0, 1.0)) == pytest.approx(sigmoid(0.25 + 6 + 2))
    assert model.base() + sum(model.logit_terms((1.0, 2.0))) == pytest.approx(0.25)  # at the mean
    # A zero scale (a constant column in training) reads as 1, not a division by zero.
    flat = Logistic.from_dict({**model.to_dict(), "scale": [0.0, 0.5]})
    assert flat.scale == (1.0, 0.5)


@pytest.mark.parametrize(
    ("p", "span"),
    [
        ([0.1, 0.2, 0.9, 0.8, 0.3, 0.9, 0.1], (2, 5)),  # the dip at 0.3 is outweighed on both sides
        ([0.9, 0.1, 0.1, 0.1, 0.1, 0.8, 0.9], (5, 6)),
        ([0.6], (0, 0)),
        ([0.1, 0.4, 0.5], None),  # nothing above one half
        ([], None),
    ],
)
def test_keep_span(p: list[float], span: tuple[int, int] | None) -> None:
    assert keep_span(p) == span


def test_neighbour_values() -> None:
    p = [0.1, 0.9, 0.3, 0.8]
    span = keep_span(p)
    assert span == (1, 3)
    for k in range(len(p)):
        assert len(neighbour_values(p, k, span)) == len(NEIGHBOUR_SIGNALS)
    first = dict(zip(NEIGHBOUR_SIGNALS, neighbour_values(p, 0, span), strict=True))
    assert (first["p"], first["p_before"], first["p_after"]) == (0.1, 0.5, 0.9)  # 0.5 past the edge
    assert first["p_window"] == pytest.approx((0.9 + 0.3 + 0.8) / 3)
    assert (first["p_window_min"], first["p_window_max"]) == (0.3, 0.9)
    assert (first["p_in_span"], first["p_before_span"], first["p_after_span"]) == (0.0, math.log1p(1), 0.0)
    inside = dict(zip(NEIGHBOUR_SIGNALS, neighbour_values(p, 2, span), strict=True))
    assert (inside["p_in_span"], inside["p_before_span"], inside["p_after_span"]) == (1.0, 0.0, 0.0)
    alone = neighbour_values([0.7], 0, None)
    assert len(alone) == len(NEIGHBOUR_SIGNALS)
    assert alone[1:7] == (0.5,) * 6


# --- saving and loading ----------------------------------------------------------------------


def small_model() -> PageModel:
    n = len(FEATURE_NAMES)
    first = Logistic(FEATURE_NAMES, (0.0,) * n, (1.0,) * n, tuple(0.01 * k for k in range(n)), -0.5)
    second = Trees((*FEATURE_NAMES, *NEIGHBOUR_SIGNALS), 0.1, TREES.trees)
    return PageModel(first, second, 0.4, about="hand-made")


@pytest.mark.parametrize("make", [small_model, packaged_model], ids=["hand-made", "packaged"])
def test_model_round_trips_through_json(make, table) -> None:
    model = make()
    again = PageModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model
    assert again.verdicts(table) == model.verdicts(table)


def test_unknown_model_version_is_refused() -> None:
    data = {**small_model().to_dict(), "version": 2}
    with pytest.raises(ValueError, match="version 2"):
        PageModel.from_dict(data)


def test_a_model_of_other_feature_columns_is_refused() -> None:
    """A model reads the table by position: one trained before a column was added must not load."""
    data = small_model().to_dict()
    data["first"]["names"] = data["first"]["names"][:-1]
    with pytest.raises(ValueError, match="other feature columns"):
        PageModel.from_dict(data)


def test_load_model_reads_a_written_model(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(small_model().to_dict()), encoding="utf-8")
    assert load_model(path) == small_model()
    assert load_model(str(path)) == small_model()


def test_load_model_names_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-model.json"
    with pytest.raises(ValueError, match="no-such-model.json"):
        load_model(path)


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        '{"hello": "world"}',
        '{"version": 1, "threshold": 0.5}',
        "[1, 2, 3]",
    ],
    ids=["text", "other-json", "partial-model", "json-array"],
)
def test_load_model_refuses_a_file_that_is_not_a_model(tmp_path: Path, content: str) -> None:
    path = tmp_path / "not-a-model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="not-a-model.json"):
        load_model(path)


def test_config_page_model_choices(tmp_path: Path) -> None:
    assert CleanConfig().page_model == "learned"
    assert CleanConfig().page_decision() is packaged_model()
    assert CleanConfig(page_model="layout").page_model is None
    assert CleanConfig(page_model="layout").page_decision() is None
    assert CleanConfig(page_model=None).page_decision() is None
    assert CleanConfig(page_model="learned").page_decision() is packaged_model()
    own = small_model()
    assert CleanConfig(page_model=own).page_model is own
    assert CleanConfig(page_model=own).page_decision() is own
    path = tmp_path / "model.json"
    path.write_text(json.dumps(own.to_dict()), encoding="utf-8")
    assert CleanConfig(page_model=path).page_model == own
    with pytest.raises(ValueError, match="nonexistent.json"):
        CleanConfig(page_model="/nonexistent.json")
    with pytest.raises(TypeError, match="page_model"):
        CleanConfig(page_model=3)  # type: ignore[arg-type]


# --- the packaged model ----------------------------------------------------------------------


def test_packaged_model_reads_the_feature_table() -> None:
    model = packaged_model()
    assert model is packaged_model()  # loaded once
    assert model.first.names == FEATURE_NAMES
    assert model.second.names == (*FEATURE_NAMES, *NEIGHBOUR_SIGNALS)
    assert 0 < model.threshold < 1
    assert model == load_model()


# --- end to end ------------------------------------------------------------------------------


def test_learned_model_keeps_the_article_and_drops_the_menu() -> None:
    model = packaged_model()
    result = clean_article(PAGE, CleanConfig(page_chrome=True, page_model="learned"))
    assert result.page
    kept = [p.text for p in result.kept]
    for paragraph in WRAPPED:
        assert paragraph in kept
    assert HEADLINE in kept and BYLINE in kept
    removed = {r.text for r in result.removals}
    assert sum(item in removed for item in MENU) >= len(MENU) - 2
    assert COPYRIGHT in removed
    assert sum(link in removed for link in FOOTER_LINKS) >= len(FOOTER_LINKS) - 1
    confirmed = 0
    for removal in result.removals:
        if removal.reason != "page_chrome":
            assert removal.reason in ("boilerplate", "near_duplicate")
            continue
        # The layout heuristics proposed it (their reason names it); what they remove as
        # outside the body goes only when the model confirms it.
        assert removal.chrome and removal.chrome != "page-model"
        names = [name for name, _ in removal.evidence]
        if removal.chrome != "outside-body":
            assert "keep" not in names
            continue
        confirmed += 1
        evidence = dict(removal.evidence)
        assert evidence["threshold"] == model.threshold
        assert 0 <= evidence["keep"] < evidence["threshold"]
        reasons = names[names.index("threshold") + 1 :]
        assert len(reasons) == 3 and all(name.startswith("model.") for name in reasons)
        assert {name.removeprefix("model.") for name in reasons} <= set(model.second.names)
        assert len(set(names)) == len(names)  # no name says two things (the heuristics' "words" and the model's)
    assert confirmed


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = sorted([*FIXTURES.glob("dev/*/input.txt"), *FIXTURES.glob("cases/*/input.txt")])


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.parent.name)
def test_the_model_removes_only_what_the_layout_heuristics_propose(path: Path) -> None:
    """The heuristics propose, the model confirms: the page stage with the learned decision
    removes a subset of what the heuristics alone remove (all of it but what they remove as
    outside the body and the model keeps), and keeps every unit they keep."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    learned = clean_article(text, CleanConfig(page_chrome=True))
    layout = clean_article(text, CleanConfig(page_chrome=True, page_model="layout"))
    chrome = {r.index for r in learned.removals if r.reason == "page_chrome"}
    proposed = {r.index for r in layout.removals if r.reason == "page_chrome"}
    assert chrome <= proposed
    reasons = {r.index: r.chrome for r in layout.removals if r.reason == "page_chrome"}
    assert {i for i in proposed if reasons[i] != "outside-body"} <= chrome
    kept_by_layout = {p.index for p in layout.kept}
    assert kept_by_layout <= {p.index for p in learned.kept}


@pytest.mark.parametrize("path", [p for p in INPUTS if p.parent.parent.name == "dev"], ids=lambda p: p.parent.name)
def test_the_model_decides_what_goes_outside_the_body(path: Path) -> None:
    """At threshold 0 the model confirms nothing: no unit goes as outside the body, and the
    rest of the heuristics' removals stand. Above 1 it confirms everything: the result is
    the heuristics'. The packaged model's verdict decides in between."""
    text = path.read_bytes().decode("utf-8")
    model = packaged_model()

    def chrome(page_model: object) -> dict[int, str]:
        result = clean_article(text, CleanConfig(page_chrome=True, page_model=page_model))  # type: ignore[arg-type]
        return {r.index: r.chrome or "" for r in result.removals if r.reason == "page_chrome"}

    layout = chrome("layout")
    never = chrome(dataclasses.replace(model, threshold=0.0))
    assert "outside-body" not in never.values()
    assert never == {i: why for i, why in layout.items() if why != "outside-body"}
    assert chrome(dataclasses.replace(model, threshold=1.01)).keys() == layout.keys()
    learned = chrome(model)
    assert never.keys() <= learned.keys() <= layout.keys()


def test_verdicts_judge_only_the_units_asked_about(table) -> None:
    model = packaged_model()
    every = model.verdicts(table)
    asked = {v.index for v in every[::2]}
    assert model.verdicts(table, only=asked) == [v for v in every if v.index in asked]


def test_model_is_not_asked_when_the_page_stage_is_off() -> None:
    result = clean_article(PAGE, CleanConfig(page_chrome=False, page_model="learned"))
    assert not result.page
    assert all(r.reason != "page_chrome" for r in result.removals)
    kept = {p.text for p in result.kept}
    assert "Home" in "\n".join(kept)  # the menu stays: no page stage, no page chrome


def test_short_article_is_not_a_page_so_the_model_changes_nothing() -> None:
    learned = clean_article(SHORT_ARTICLE, CleanConfig(page_chrome="auto", page_model="learned"))
    layout = clean_article(SHORT_ARTICLE, CleanConfig(page_chrome="auto", page_model="layout"))
    assert not learned.page and not layout.page
    assert learned.text == layout.text == SHORT_ARTICLE
    assert learned.removals == layout.removals == ()


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_cli_cleans_a_page_with_the_learned_model(page_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["clean", "--page", "--page-model", "learned", str(page_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == clean_article(PAGE, CleanConfig(page_chrome=True, page_model="learned")).text
    assert all(p in result.stdout for p in WRAPPED)
    lines = set(result.stdout.splitlines())
    assert sum(item in lines for item in MENU) <= 2
    # A model file gives the same decision as the packaged model it was written from.
    path = tmp_path / "model.json"
    path.write_text(json.dumps(packaged_model().to_dict()), encoding="utf-8")
    again = CliRunner().invoke(cli, ["clean", "--page", "--page-model", str(path), str(page_file)])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == result.stdout


def test_cli_names_a_missing_model_file(page_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model.json"
    result = CliRunner().invoke(cli, ["clean", "--page", "--page-model", str(missing), str(page_file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("dedupe-article: ")
    assert str(missing) in lines[0]
    assert "Traceback" not in result.stderr


# --- the feature table of a text, as benchmarks/train_page.py trains on it ---------------------


def test_page_feature_table_gives_every_unit_a_row() -> None:
    from dedupe_article.pipeline import page_feature_table

    found = page_feature_table(PAGE, CleanConfig(page_chrome=True))
    assert found is not None
    units, table = found
    assert len(units) == len(table.rows) and table.names == FEATURE_NAMES
    assert all(len(row) == len(FEATURE_NAMES) for row in table.rows)
    # The units are the ones the page stage judges: the same split as a cleaning run.
    result = clean_article(PAGE, CleanConfig(page_chrome=True))
    assert result.kept and all(units[p.index] == p.text for p in result.kept)
    # The layout heuristics' verdict is a column: set where they remove a unit.
    layout = clean_article(PAGE, CleanConfig(page_chrome=True, page_model="layout"))
    proposed = {r.index for r in layout.removals if r.reason == "page_chrome"}
    column = table.names.index("layout_drop")
    assert proposed and {i for i in table.live if table.rows[i][column] == 1.0} == proposed
    # No page, no table.
    assert page_feature_table("One short paragraph.\n", CleanConfig(page_chrome=False)) is None
