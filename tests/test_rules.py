"""The rule catalog: every rule's own examples, a lint of the catalog, and rule files."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from dedupe_article import (
    Catalog,
    CleanConfig,
    Rule,
    RuleError,
    builtin_rules,
    clean_article,
    find_boilerplate,
    load_rules,
)
from dedupe_article.rules import KINDS, SCOPES, STATUSES

RULES = builtin_rules()
DEV = Path(__file__).parent.parent / "fixtures" / "dev"
# ISO 639-1 codes the catalog may name ("*" = any language).
LANGUAGES = {
    "*",
    "ar",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "fa",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh",
}


def _drops(rule, example: str) -> list[str]:
    return [m.rule_id for m in find_boilerplate([example], catalog=Catalog([rule]))]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_examples_both_ways(rule) -> None:
    assert rule.drop, f"{rule.id} has no drop example"
    assert rule.keep, f"{rule.id} has no keep example"
    assert rule.why.strip(), f"{rule.id} does not say why"


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULES for e in r.drop], ids=lambda v: getattr(v, "id", None)
)
def test_rule_drops_its_drop_examples(rule, example: str) -> None:
    assert _drops(rule, example) == [rule.id]


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULES for e in r.keep], ids=lambda v: getattr(v, "id", None)
)
def test_catalog_keeps_every_keep_example(rule, example: str) -> None:
    # Followed by body text, as in an article: a colon-ended example alone would be a
    # heading dangling at the very end, which label.dangling-end removes on purpose.
    assert find_boilerplate([example, "Una noticia con bastantes palabras para ser el cuerpo del texto."]) == []


def test_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fields_are_valid(rule) -> None:
    assert rule.kind in KINDS and rule.scope in SCOPES and rule.status in STATUSES
    assert set(rule.languages) <= LANGUAGES
    assert all(p.strip() for p in rule.patterns)
    assert rule.id.split(".")[0] in {"disclaimer", "ui", "markdown", "label", "notice", "credit", "promo", "learned"}


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "regex"], ids=lambda r: r.id)
def test_builtin_regexes_have_no_nested_quantifiers(rule) -> None:
    # A quantified group that itself ends in a quantifier, (a+)+ or (a|a*)*, can backtrack
    # exponentially; built-in patterns must not contain one.
    nested = regex.compile(r"\((?:[^()\\]|\\.)*[+*}]\)[+*{]")
    for pattern in rule.patterns:
        assert not nested.search(pattern), pattern
    assert rule.max_words is not None, "regex rules carry max_words so long paragraphs skip them"


def _dev_gold_paragraphs():
    for case in sorted(p for p in DEV.iterdir() if p.is_dir()):
        expected = (case / "expected.txt").read_text(encoding="utf-8")
        layout = "blocks" if "\n\n" in expected else "lines"
        yield case.name, [p for p in expected.split("\n\n" if layout == "blocks" else "\n") if p.strip()]


@pytest.mark.parametrize(
    ("case", "paragraphs"), list(_dev_gold_paragraphs()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_rule_drops_a_paragraph_an_editor_keeps(case: str, paragraphs: list[str]) -> None:
    matches = find_boilerplate(paragraphs)
    assert [(paragraphs[m.index], m.rule_id) for m in matches] == []


# --- the empty-label rule is structural -------------------------------------------------


def _removed(text: str) -> list[tuple[str, str | None]]:
    return [(r.text, r.rule_id) for r in clean_article(text).removals]


def test_label_without_value_is_removed() -> None:
    text = "Dirección del papel:\nLos investigadores que abandonan Meta incluyen a varios coautores del artículo.\n"
    assert _removed(text) == [("Dirección del papel:", "label.paper-address")]


def test_label_followed_by_link_is_kept() -> None:
    assert _removed("Dirección del papel:\nhttps://arxiv.org/abs/2302.13971\n") == []


def test_references_followed_by_citation_list_is_kept() -> None:
    assert _removed("Referencias:\n[1] https://ai.meta.com/llama/\n[2] Touvron et al., 2023\n") == []


def test_source_with_its_value_on_the_line_is_kept() -> None:
    assert (
        _removed("Una noticia larga con suficientes palabras para ser cuerpo del texto.\nFuente original: Xinzhiyuan\n")
        == []
    )


def test_quote_lead_in_ending_in_colon_is_not_a_label() -> None:
    text = (
        'Joelle Pineau, directora de "Investigación básica de IA", dijo:\n'
        "Las decisiones sobre cómo asignar los recursos informáticos las toma un pequeño grupo de líderes.\n"
    )
    assert _removed(text) == []


def test_label_followed_by_another_label_is_removed() -> None:
    text = "Paper address:\nReferences:\nhttps://arxiv.org/abs/2307.09288\n"
    assert _removed(text) == [("Paper address:", "label.paper-address")]


def test_label_at_the_end_is_removed() -> None:
    text = "A paragraph of the story with more than enough words to be body text.\nReferences:\n"
    assert _removed(text) == [("References:", "label.references")]


# --- rule files ---------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rule_file_needs_only_id_and_pattern(tmp_path: Path) -> None:
    rules = load_rules(_write(tmp_path, '[[rules]]\nid = "promo.app"\npattern = "Descarga nuestra app"\n'))
    assert [(r.id, r.kind, r.source) for r in rules] == [("promo.app", "exact", str(tmp_path / "rules.toml"))]
    catalog = Catalog(rules)
    assert find_boilerplate(["Texto.", "Descarga nuestra app"], catalog=catalog)[0].rule_id == "promo.app"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rules]]\npattern = "x y"\n', "rule #1: 'id' is missing"),
        ('[[rules]]\nid = "a.b"\n', "rule a.b: 'pattern' is missing or empty"),
        ('[[rules]]\nid = "a.b"\npattern = "  "\n', "rule a.b: 'pattern' is missing or empty"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\nkind = "fuzzy"\n', "rule a.b: kind must be one of"),
        ('[[rules]]\nid = "a.b"\npattern = "(unclosed"\nkind = "regex"\n', "rule a.b: invalid regex"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\nlanguage = ["es"]\n', "rule a.b: unknown field(s): language"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\n[[rules]]\nid = "a.b"\npattern = "y"\n', "rule a.b: duplicate id"),
        ('[[rules]]\nid = "A B"\npattern = "x"\n', "rule A B: id must be lowercase"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\nmax_words = 0\n', "rule a.b: 'max_words' must be a positive integer"),
        ("[[rules]\n", "invalid TOML"),
        ("title = 'x'\n", "unknown top-level key(s) 'title': a rule file holds [[rules]] tables"),
        ("# nothing yet\n", "no [[rules]] tables found"),
        ('[[rule]]\nid = "a.b"\npattern = "x"\n', "unknown table [[rule]]: rule tables are written [[rules]]"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\n[[rule]]\nid = "a.c"\npattern = "y"\n', "unknown table [[rule]]"),
        ('[rules]\nid = "a.b"\npattern = "x"\n', "'rules' must be an array of tables"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\nscope = "ending"\n', "rule a.b: scope must be one of any, start"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\nstatus = "beta"\n', "rule a.b: status must be one of stable"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\n[[rules]]\npattern = "y"\n', "rule #2: 'id' is missing"),
        ('[[rules]]\nid = "a.b"\npattern = "x"\ndrop = "x"\n', "rule a.b: 'drop' must be a list of strings"),
    ],
)
def test_invalid_rule_file_names_file_and_rule(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RuleError) as error:
        load_rules(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rule file"):
        load_rules(tmp_path / "nope.toml")


def test_catalog_refuses_an_id_used_twice() -> None:
    with pytest.raises(RuleError, match="id already used"):
        Catalog([*RULES[:1], *RULES[:1]])


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|a)+$"])
def test_catastrophic_user_regex_times_out_with_a_warning(tmp_path: Path, pattern: str) -> None:
    path = _write(tmp_path, f'[[rules]]\nid = "user.evil"\nkind = "regex"\npattern = \'{pattern}\'\n')
    text = "Ver originales\n" + "a" * 100_000 + "b\nA real paragraph of the article stays here.\n"
    result = clean_article(text, CleanConfig(rules=[path], regex_timeout=0.2))
    assert [r.rule_id for r in result.removals] == ["ui.view-original"]
    assert result.warnings == (f"rule user.evil ({path}) ran over 0.2s on paragraph 1 and was skipped there",)


def test_a_catastrophic_rule_object_times_out_too() -> None:
    # A Rule built in Python carries the default source; it still runs under the time limit.
    rule = Rule(id="user.evil", kind="regex", pattern="(a|a)+$", why="", drop=(), keep=())
    text = "a" * 100_000 + "b\nA real paragraph of the article stays here.\n"
    result = clean_article(text, CleanConfig(rules=[rule], regex_timeout=0.2))
    assert result.removals == ()
    assert result.warnings == (f"rule user.evil ({rule.source}) ran over 0.2s on paragraph 0 and was skipped there",)


# --- selection, with ruff's semantics ------------------------------------------------------


def _enabled(**selection) -> frozenset[str]:
    return Catalog(RULES, **selection).enabled_ids


def test_default_selection_is_every_stable_rule() -> None:
    assert _enabled() == {r.id for r in RULES if r.status == "stable"}


def test_select_by_prefix_and_id() -> None:
    assert _enabled(select=["label"]) == {r.id for r in RULES if r.id.startswith("label.")}
    assert _enabled(select=["ui.view-original"]) == {"ui.view-original"}


def test_more_specific_selector_wins() -> None:
    enabled = _enabled(select=["label.references"], ignore=["label"])
    assert enabled == {"label.references"}
    assert "label.references" not in _enabled(select=["label"], ignore=["label.references"])


def test_ignore_wins_a_tie() -> None:
    assert _enabled(select=["label"], ignore=["label"]) == frozenset()


def test_extend_select_adds_to_select() -> None:
    assert _enabled(select=["ui"], extend_select=["label.references"]) == {
        r.id for r in RULES if r.id.startswith("ui.")
    } | {"label.references"}


@pytest.mark.parametrize("field", ["select", "extend_select", "ignore"])
def test_unknown_selector_is_an_error(field: str) -> None:
    with pytest.raises(RuleError, match="unknown rule selector 'nosuch'"):
        Catalog(RULES, **{field: ["nosuch"]})


def test_preview_rules_run_only_when_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.beta"\npattern = "Beta feature"\nstatus = "preview"\n'
        '[[rules]]\nid = "promo.old"\npattern = "Old feature"\nstatus = "deprecated"\n',
    )
    assert "promo.beta" not in CleanConfig(rules=[path]).catalog.enabled_ids
    assert "promo.beta" in CleanConfig(rules=[path], extend_select=["promo.beta"]).catalog.enabled_ids
    assert "promo.old" not in CleanConfig(rules=[path], select=["promo.old"]).catalog.enabled_ids


def test_ignored_rule_does_not_remove() -> None:
    text = "Ver originales\nUna noticia con bastantes palabras para ser el cuerpo del texto.\n"
    assert [r.rule_id for r in clean_article(text).removals] == ["ui.view-original"]
    assert clean_article(text, CleanConfig(ignore=["ui.view-original"])).removals == ()


def test_dangling_colon_heading_at_the_very_end() -> None:
    body = "Una noticia con bastantes palabras para ser el cuerpo del texto."
    assert [r.rule_id for r in clean_article(f"Lee también:\n{body}\n").removals] == []
    assert [r.rule_id for r in clean_article(f"{body}\nLee también:\n").removals] == ["label.dangling-end"]
    lead_in = 'Joelle Pineau, directora de "Investigación básica de IA", dijo:'
    assert [r.rule_id for r in clean_article(f"{body}\n{lead_in}\n").removals] == []


def test_user_rule_with_scope_last(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "label.tail"\nkind = "regex"\nscope = "last"\npattern = \'Fin del artículo\'\n',
    )
    body = "Una noticia con bastantes palabras para ser el cuerpo del texto."
    config = CleanConfig(rules=[path])
    assert clean_article(f"Fin del artículo\n{body}\n", config).removals == ()
    assert [r.rule_id for r in clean_article(f"{body}\nFin del artículo\n", config).removals] == ["label.tail"]


def test_scope_last_is_only_for_regex_rules(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rules]]\nid = "a.b"\npattern = "x"\nscope = "last"\n')
    with pytest.raises(RuleError, match="scope 'last' is for regex rules"):
        load_rules(path)


def test_contains_is_a_pre_check_the_pattern_still_decides(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.sale"\nkind = "regex"\npattern = \'.*big sale.*\'\ncontains = ["Sale"]\n',
    )
    config = CleanConfig(rules=[path])
    assert [r.rule_id for r in clean_article("Our BIG SALE starts now\n", config).removals] == ["promo.sale"]
    assert clean_article("A big-sale weekend\n", config).removals == ()  # has "sale", the pattern says no
    only_pattern = _write(
        tmp_path, '[[rules]]\nid = "promo.sale"\nkind = "regex"\npattern = \'.*big sale.*\'\ncontains = ["discount"]\n'
    )
    assert clean_article("Our BIG SALE starts now\n", CleanConfig(rules=[only_pattern])).removals == ()


def _adversarial_lines(rule) -> list[str]:
    """Long lines that make a backtracking pattern explode, built from the rule's examples."""
    lines = []
    for example in (*rule.drop, *rule.keep):
        lines.append(" ".join([example] * 40))
        lines.append(example + example[-1] * 3000)
        lines.append(example[: len(example) // 2] * 200 + "\x00")
    lines.extend(["a" * 5000 + "!", " " * 5000 + "x", "[ ] " * 1000 + "?", "(BUTTON) " * 500 + "?"])
    if rule.drop:
        # A match followed by a long run of what two parts of a pattern can both take (a
        # separator, a list mark): markdown.links once took 13 s on 200,000 characters of it.
        lines.append(rule.drop[0] + " -" * 100_000 + " x")
    return lines


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "regex"], ids=lambda r: r.id)
def test_builtin_regexes_do_not_backtrack_catastrophically(rule) -> None:
    # The built-in regexes run without a per-call time limit (it costs more than they do), so
    # each one must finish on long adversarial lines. A catastrophic pattern takes hours on
    # them; five seconds is a failure bound, not a speed figure.
    pattern = Catalog([rule]).last[0][0] if rule.scope == "last" else Catalog([rule]).regexes[0][0]
    for line in _adversarial_lines(rule):
        try:
            pattern.fullmatch(line, timeout=5.0)  # rules match whole paragraphs, never search
        except TimeoutError:
            pytest.fail(f"{rule.id} backtracks catastrophically on {line[:60]!r}... ({len(line)} chars)")


# --- page roles: catalog data read by the page stage ----------------------------------------------


def test_every_page_role_is_given_to_some_rule_and_documented() -> None:
    from dedupe_article.rules import PAGE_ROLES

    rules_md = (Path(__file__).parent.parent / "docs" / "rules.md").read_text("utf-8")
    configuration = (Path(__file__).parent.parent / "docs" / "configuration.md").read_text("utf-8")
    for role in PAGE_ROLES:
        assert any(role in rule.page_roles for rule in RULES), role
        assert f"| `{role}` |" in rules_md, role
        assert f"`{role}`" in configuration, role


def test_a_page_role_must_be_known() -> None:
    with pytest.raises(RuleError, match="page_roles must be among"):
        Rule("ui.ours", pattern="Read on", page_roles=("teaser", "footer"))  # type: ignore[arg-type]
    assert Rule("ui.ours", pattern="Read on", page_roles=["teaser"]).page_roles == ("teaser",)  # type: ignore[arg-type]


def test_the_page_stage_reads_a_rules_roles_not_its_id(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    clean_module = importlib.import_module("dedupe_article.pipeline")
    seen: list[dict[str, list[int]]] = []

    def spy(texts, **given):  # noqa: ANN001, ANN003, ANN202 - records what the page stage is told
        seen.append({name: list(value) for name, value in given.items() if name != "skip"})
        return []

    monkeypatch.setattr(clean_module, "find_page_chrome", spy)
    text = "\n\n".join(
        ["Home", "A story of the day, told in full with many words in it.", "Plus de la même veine", "Next"]
    )
    for rule, expected in (
        (Rule("mine.more", pattern="Plus de la même veine"), []),
        (Rule("mine.more", pattern="Plus de la même veine", page_roles=("teaser", "share")), [2]),
    ):
        clean_article(text, CleanConfig(page_chrome=True, rules=[rule]))
        told = seen.pop()
        assert told["teasers"] == told["shares"] == expected
        assert told["captions"] == told["inline"] == told["credits"] == []


@given(st.lists(st.sampled_from([*"ab .:!?$|~\t\x1c\u00a0«»›©€", "Read"]), max_size=12).map("".join))
def test_strip_marks_shortcut_strips_what_the_pattern_strips(text: str) -> None:
    from dedupe_article.rules import _EDGE_MARKS, strip_marks

    assert strip_marks(text) == _EDGE_MARKS.sub("", text)
