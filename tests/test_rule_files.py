"""Rule files and rules built in Python: mistakes are named, examples are run (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import CleanConfig, ConfigError, Rule, RuleError, builtin_rules, load_rules
from dedupe_article.cli import cli
from dedupe_article.config import find_config_file, read_config_file
from dedupe_article.rules import check_examples, check_rule_files, parse_rules

BODY = "Una noticia con bastantes palabras para ser el cuerpo del texto."


def _write(folder: Path, text: str, name: str = "site.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list[str]):
    return CliRunner().invoke(cli, args)


# --- Rule(...) in Python is checked like a rule of a file -------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "regx"}, "rule promo.app: kind must be one of exact, prefix, regex, empty-label; got 'regx'"),
        ({"scope": "ending"}, "rule promo.app: scope must be one of any, start, end, last; got 'ending'"),
        ({"status": "beta"}, "rule promo.app: status must be one of stable, preview, deprecated; got 'beta'"),
        ({"value": "url"}, "rule promo.app: value must be one of link, name; got 'url'"),
        ({"pattern": ""}, "rule promo.app: 'pattern' is missing or empty"),
        ({"pattern": ()}, "rule promo.app: 'pattern' is missing or empty"),
        ({"drop": "Descarga nuestra app"}, "rule promo.app: 'drop' must be a list of strings"),
        ({"max_words": 0}, "rule promo.app: 'max_words' must be a positive integer"),
        ({"max_words": True}, "rule promo.app: 'max_words' must be a positive integer"),
        ({"kind": "regex", "pattern": "(unclosed"}, "rule promo.app: invalid regex"),
        ({"scope": "last"}, "rule promo.app: scope 'last' is for regex rules"),
        ({"id": "Promo App"}, "rule Promo App: id must be lowercase"),
        ({"id": ""}, "rule '': 'id' must be a non-empty string"),
    ],
)
def test_rule_built_in_python_is_validated(fields: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError) as error:
        Rule(**{"id": "promo.app", "pattern": "Descarga nuestra app", **fields})  # type: ignore[arg-type]
    # A rule built in Python has no file: the message starts with the rule.
    assert str(error.value).startswith(message)


def test_rule_without_a_pattern_is_an_error_not_an_empty_rule() -> None:
    with pytest.raises(RuleError, match="rule promo.app: 'pattern' is missing or empty"):
        Rule("promo.app")


def test_unknown_keyword_of_a_rule_built_in_python() -> None:
    with pytest.raises(TypeError, match="languages_"):
        Rule("promo.app", pattern="x y", languages_=["es"])  # type: ignore[call-arg]


def test_kind_defaults_to_exact_in_python_as_in_a_file(tmp_path: Path) -> None:
    from_file = load_rules(_write(tmp_path, '[[rules]]\nid = "promo.app"\npattern = "Descarga nuestra app"\n'))[0]
    in_python = Rule("promo.app", pattern="Descarga nuestra app")
    assert in_python.kind == from_file.kind == "exact"
    assert in_python == from_file  # the source differs, and is not compared
    assert (in_python.source, from_file.source) == ("<python>", str(tmp_path / "site.toml"))


def test_rule_built_in_python_is_normalised_like_a_file_rule() -> None:
    rule = Rule(
        "promo.sale",
        kind="regex",
        pattern=[".*big sale.*", "oferta.*"],  # type: ignore[arg-type]
        languages=[],  # type: ignore[arg-type]
        drop=["Our BIG SALE"],  # type: ignore[arg-type]
        contains=["Sale", "OFERTA"],  # type: ignore[arg-type]
    )
    assert rule.pattern == (".*big sale.*", "oferta.*")
    assert rule.languages == ("*",)
    assert rule.drop == ("Our BIG SALE",)
    assert rule.contains == ("sale", "oferta")  # compared with the case-folded paragraph
    hash(rule)  # lists would make it unhashable
    config = CleanConfig(rules=[rule])
    from dedupe_article import clean_article

    assert [r.rule_id for r in clean_article(f"Our BIG SALE starts now\n{BODY}\n", config).removals] == ["promo.sale"]


def test_rule_file_error_names_the_file_and_the_rule(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rules]]\nid = "promo.app"\nkind = "regx"\npattern = "x"\n')
    with pytest.raises(RuleError) as error:
        load_rules(path)
    assert (
        str(error.value) == f"{path}: rule promo.app: kind must be one of exact, prefix, regex, empty-label; got 'regx'"
    )


def test_unknown_key_in_a_rule_without_id_names_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rules]]\nid = "a.b"\npattern = "x"\n\n[[rules]]\npatern = "y"\n')
    with pytest.raises(RuleError, match=r"rule #2: 'id' is missing"):
        load_rules(path)


def test_builtin_rules_keep_their_source() -> None:
    assert {r.source for r in builtin_rules()} == {"<built-in>"}
    assert parse_rules({"rules": [{"id": "a.b", "pattern": "x"}]}, source="s.toml")[0].source == "s.toml"


# --- examples of a user's rule file are run at load --------------------------------------


def test_drop_example_the_rule_does_not_match_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.app"\npattern = "Descarga nuestra app"\ndrop = ["Descarga la app"]\n',
    )
    with pytest.raises(RuleError) as error:
        load_rules(path)
    assert str(error.value) == f"{path}: rule promo.app: drop example 'Descarga la app' is not removed by the rule"


def test_keep_example_the_rule_matches_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.app"\nkind = "prefix"\npattern = "Descarga"\n'
        'keep = ["Descarga nuestra app", "La descarga de agua"]\n',
    )
    with pytest.raises(RuleError) as error:
        CleanConfig(rules=[path])
    assert str(error.value) == f"{path}: rule promo.app: keep example 'Descarga nuestra app' is removed by the rule"


def test_good_examples_load(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.app"\nkind = "prefix"\npattern = "Descarga nuestra app"\n'
        'drop = ["Descarga nuestra app gratis", "DESCARGA NUESTRA APP"]\n'
        'keep = ["El ayuntamiento pide que descarguen nuestra app, dijo."]\n',
    )
    assert [r.id for r in load_rules(path)] == ["promo.app"]


def test_skipping_the_examples(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rules]]\nid = "promo.app"\npattern = "Descarga nuestra app"\ndrop = ["Otra cosa"]\n')
    assert [r.id for r in load_rules(path, run_examples=False)] == ["promo.app"]


def test_the_first_problem_says_how_many_more(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rules]]\nid = "promo.a"\npattern = "Descarga nuestra app"\ndrop = ["Otra cosa", "Y otra"]\n'
        '[[rules]]\nid = "promo.b"\npattern = "Suscríbete"\nkeep = ["Suscríbete"]\n',
    )
    with pytest.raises(RuleError) as error:
        load_rules(path)
    assert str(error.value) == (
        f"{path}: rule promo.a: drop example 'Otra cosa' is not removed by the rule "
        f"(and 2 more: dedupe-article rules --rules {path} --check)"
    )


@pytest.mark.parametrize(
    ("rule", "problems"),
    [
        # Scoped rules are tried where their scope lets them match, whatever the example's length.
        # Scoped rules are tried where their scope lets them match ...
        (Rule("notice.end", kind="prefix", scope="end", pattern="Publicado en", drop=("Publicado en El País.",)), []),
        # ... which is never on a paragraph of ten words or more: that is body text.
        (
            Rule(
                "notice.end",
                kind="prefix",
                scope="end",
                pattern="Publicado en",
                drop=("Publicado en" + " El País" * 5,),
            ),
            ["drop example 'Publicado en El País El País El País El País El País' is not removed"],
        ),
        (Rule("ui.top", scope="start", pattern="Portada", drop=("Portada",)), []),
        (Rule("label.tail", kind="regex", scope="last", pattern="Fin.*", max_words=3, drop=("Fin.",)), []),
        (Rule("label.web", kind="empty-label", pattern="Web", drop=("Web:",), keep=("Web: https://e.org",)), []),
        # Preview rules are tried as if selected.
        (Rule("promo.beta", status="preview", pattern="Beta", drop=("Gamma",)), ["drop example 'Gamma' is not"]),
        # Deprecated rules never run: their examples are not tried.
        (Rule("promo.old", status="deprecated", pattern="Beta", drop=("Gamma",)), []),
        (Rule("promo.app", pattern="App", keep=("app",)), ["keep example 'app' is removed by the rule"]),
        # A long example is cut short: the problem stays on one line.
        (
            Rule("promo.long", kind="prefix", pattern="Suscríbete", keep=("Suscríbete" + " ya" * 40,)),
            [f"keep example {('Suscríbete' + ' ya' * 40)[:59] + '…'!r} is removed by the rule"],
        ),
    ],
    ids=lambda v: getattr(v, "id", ""),
)
def test_check_examples(rule: Rule, problems: list[str]) -> None:
    found = check_examples([rule])
    assert len(found) == len(problems), found
    for line, start in zip(found, problems, strict=True):
        assert line.startswith(f"rule {rule.id}: {start}")


def test_example_that_takes_a_regex_too_long_is_a_problem() -> None:
    rule = Rule("user.evil", kind="regex", pattern="(a|a)+$", drop=("a" * 40 + "b",))
    assert check_examples([rule], timeout=0.05) == [
        f"rule user.evil: drop example {'a' * 40 + 'b'!r} takes the regex over 0.05s"
    ]


# --- checking whole files: every problem, one line each ----------------------------------


def test_check_rule_files_lists_every_problem(tmp_path: Path) -> None:
    first = _write(
        tmp_path,
        '[[rules]]\nid = "promo.a"\npattern = "Descarga nuestra app"\ndrop = ["Otra cosa"]\n'
        '[[rules]]\nid = "promo.b"\nkind = "regx"\npattern = "x"\n'
        '[[rules]]\nid = "ui.view-original"\npattern = "Ver más fotos"\n'
        '[[rules]]\nid = "promo.c"\npattern = "Suscríbete"\ndrop = ["Suscríbete"]\n',
        "first.toml",
    )
    second = _write(tmp_path, '[[rules]]\nid = "promo.c"\npattern = "Hazte socio"\n', "second.toml")
    rules, problems = check_rule_files([first, second, tmp_path / "missing.toml"])
    assert [r.id for r in rules] == ["promo.a", "ui.view-original", "promo.c", "promo.c"]
    assert problems == [
        f"{first}: rule promo.b: kind must be one of exact, prefix, regex, empty-label; got 'regx'",
        f"{first}: rule ui.view-original: id already used in <built-in>",
        f"{first}: rule promo.a: drop example 'Otra cosa' is not removed by the rule",
        f"{second}: rule promo.c: id already used in {first}",
        f"{tmp_path / 'missing.toml'}: cannot read rule file: No such file or directory",
    ]


def test_check_rule_files_of_a_good_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rules]]\nid = "promo.c"\npattern = "Suscríbete"\ndrop = ["Suscríbete"]\n')
    rules, problems = check_rule_files([path])
    assert ([r.id for r in rules], problems) == (["promo.c"], [])


# --- dedupe-article rules --rules FILE [--check] -----------------------------------------

LONG_ID = "promo.a-very-long-rule-identifier-for-the-newsletter-box-of-the-site"


@pytest.fixture
def site_rules(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        f'[[rules]]\nid = "{LONG_ID}"\nkind = "prefix"\npattern = "Suscríbete a nuestro boletín"\n'
        'languages = ["es"]\nwhy = "Newsletter box."\ndrop = ["Suscríbete a nuestro boletín semanal"]\n'
        'keep = ["El boletín oficial publicó la norma."]\n'
        '[[rules]]\nid = "promo.beta"\npattern = "Prueba la beta"\nstatus = "preview"\nwhy = "Beta banner."\n',
    )


def test_rules_lists_only_the_files_rules(site_rules: Path) -> None:
    result = run(["rules", "--rules", str(site_rules)])
    assert result.exit_code == 0, result.output
    width = len(LONG_ID)
    assert result.stdout.splitlines() == [
        f"{LONG_ID}  prefix  stable   es  Newsletter box.",
        f"{'promo.beta'.ljust(width)}  exact   preview  *   Beta banner.",
    ]


def test_rules_columns_line_up_whatever_the_id_length() -> None:
    lines = run(["rules"]).stdout.splitlines()
    widest = max(len(r.id) for r in builtin_rules())
    # Every kind starts in the same column, just after the widest id.
    assert {line[widest : widest + 2] for line in lines} == {"  "}
    assert {line[widest + 2] for line in lines} <= set("epr")  # exact, prefix, regex, empty-label
    assert len(lines) == len(builtin_rules())


def test_rules_shows_a_rule_of_the_file(site_rules: Path) -> None:
    result = run(["rules", "--rules", str(site_rules), "promo.beta"])
    assert result.exit_code == 0
    assert f"source:    {site_rules}\n" in result.stdout
    assert "status:    preview\n" in result.stdout
    builtin = run(["rules", "--rules", str(site_rules), "ui.view-original"])
    assert "source:    <built-in>\n" in builtin.stdout


def test_rules_check_passes(site_rules: Path) -> None:
    result = run(["rules", "--rules", str(site_rules), "--check"])
    assert result.exit_code == 0
    assert result.stdout == f"{site_rules}: 2 rules valid, 2 examples pass\n"
    assert result.stderr == ""


def test_rules_check_fails_with_one_line_per_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[rule]]\nid = "promo.a"\npattern = "x"\n',
        "typo.toml",
    )
    bad = _write(
        tmp_path,
        '[[rules]]\nid = "promo.a"\npattern = "Descarga nuestra app"\ndrop = ["Otra cosa"]\n'
        '[[rules]]\nid = "promo.b"\nscope = "ending"\npattern = "x"\n',
        "bad.toml",
    )
    result = run(["rules", "--rules", str(path), "--rules", str(bad), "--check"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"dedupe-article: {path}: unknown table [[rule]]: rule tables are written [[rules]]",
        f"dedupe-article: {bad}: rule promo.b: scope must be one of any, start, end, last; got 'ending'",
        f"dedupe-article: {bad}: rule promo.a: drop example 'Otra cosa' is not removed by the rule",
    ]


def test_rules_listing_a_broken_file_is_one_line_exit_2(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rule]]\nid = "promo.a"\npattern = "x"\n')
    result = run(["rules", "--rules", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"dedupe-article: {path}: unknown table [[rule]]: rule tables are written [[rules]]\n"


@pytest.mark.parametrize(("args", "message"), [(["--check"], "--check needs --rules FILE"), (["x.y", "--check"], "")])
def test_rules_check_usage_errors(site_rules: Path, args: list[str], message: str) -> None:
    extra = [] if message else ["--rules", str(site_rules)]
    result = run(["rules", *extra, *args])
    assert result.exit_code == 2
    assert (message or "--check takes no RULE_ID") in result.stderr


def test_clean_with_a_failing_example_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(
        tmp_path, '[[rules]]\nid = "promo.a"\npattern = "Descarga nuestra app"\nkeep = ["descarga nuestra APP"]\n'
    )
    article = _write(tmp_path, BODY + "\n", "a.txt")
    result = run(["clean", "--rules", str(path), str(article)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"dedupe-article: {path}: rule promo.a: keep example 'descarga nuestra APP' is removed by the rule\n"
    )


# --- config files: [tool.dedupe_article] and selectors -----------------------------------


def test_underscore_tool_table_is_named_as_a_mistake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = _write(tmp_path, '[project]\nname = "x"\n\n[tool.dedupe_article]\nthreshold = 95\n', "pyproject.toml")
    with pytest.raises(ConfigError) as error:
        read_config_file(pyproject)
    assert (
        str(error.value)
        == f"{pyproject}: [tool.dedupe_article] is not read: the options go under [tool.dedupe-article]"
    )
    # Found like the right table, so that the mistake is reported rather than the options ignored.
    assert find_config_file(tmp_path) == pyproject
    monkeypatch.chdir(tmp_path)
    article = _write(tmp_path, BODY + "\n", "a.txt")
    result = run(["clean", str(article)])
    assert result.exit_code == 2
    assert result.stderr == f"dedupe-article: {error.value}\n"


def test_tool_table_in_dedupe_article_toml_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "[tool.dedupe-article]\nthreshold = 95\n", "dedupe-article.toml")
    with pytest.raises(ConfigError, match="unknown option 'tool' \\(in dedupe-article.toml the options are top-level"):
        read_config_file(path)


@pytest.mark.parametrize("key", ["select", "extend-select", "ignore"])
def test_bad_selector_in_a_config_file_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    pyproject = _write(tmp_path, f'[tool.dedupe-article]\n{key} = ["promo.beta"]\n', "pyproject.toml")
    with pytest.raises(ConfigError) as error:
        read_config_file(pyproject)
    assert str(error.value) == f"{pyproject}: unknown rule selector 'promo.beta': it names no rule"
    monkeypatch.chdir(tmp_path)
    article = _write(tmp_path, BODY + "\n", "a.txt")
    result = run(["clean", str(article)])
    assert result.exit_code == 2
    assert result.stderr == f"dedupe-article: {error.value}\n"


def test_config_selector_may_name_a_rule_of_its_rule_files(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    _write(
        tmp_path, '[[rules]]\nid = "promo.beta"\npattern = "Prueba la beta"\nstatus = "preview"\n', "rules/site.toml"
    )
    config = _write(tmp_path, 'rules = ["rules/site.toml"]\nextend-select = ["promo.beta"]\n', "dedupe-article.toml")
    assert "promo.beta" in CleanConfig.from_file(config).catalog.enabled_ids


def test_a_rule_file_named_twice_is_loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    path = _write(tmp_path, '[[rules]]\nid = "promo.site"\npattern = "Otra cosa"\n', "rules/site.toml")
    _write(tmp_path, 'rules = ["rules/site.toml"]\n', "dedupe-article.toml")
    monkeypatch.chdir(tmp_path)
    assert [r.id for r in CleanConfig(rules=[path, "rules/site.toml"]).catalog if r.source != "<built-in>"] == [
        "promo.site"
    ]
    article = _write(tmp_path, f"Otra cosa\n{BODY}\n", "a.txt")
    result = run(["clean", "--rules", "rules/site.toml", str(article)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{BODY}\n"
