"""Unit tests of the public API: exports, argument checking, results."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import types

import pytest

import dedupe_article
from dedupe_article import (
    Catalog,
    CleanConfig,
    CleanResult,
    DedupeArticleError,
    InputError,
    Paragraph,
    Removal,
    RuleError,
    builtin_rules,
    clean,
    clean_article,
    detect_layout,
    find_boilerplate,
    find_near_duplicates,
    paragraph_key,
    split_paragraphs,
    unwrap_paragraph,
)

LONG = "Body of the story, long enough to count as a real paragraph of the article."
OTHER = "A second paragraph of the article, with different words and also long enough."

# --- exports ---------------------------------------------------------------------------------


def test_all_is_sorted() -> None:
    assert dedupe_article.__all__ == sorted(dedupe_article.__all__)


def test_exported_members() -> None:
    """Every public name of the package is in __all__, and nothing else (as httpx checks)."""
    public = sorted(
        {
            name
            for name, value in vars(dedupe_article).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        }
        | set(dedupe_article._LAZY)
    )
    assert dedupe_article.__all__ == public


def test_all_names_resolve() -> None:
    for name in dedupe_article.__all__:
        assert getattr(dedupe_article, name) is not None
    namespace: dict[str, object] = {}
    exec("from dedupe_article import *", namespace)
    assert set(dedupe_article.__all__) <= set(namespace)


def test_corpus_jobs_load_on_first_use() -> None:
    code = (
        "import sys, dedupe_article as d; assert 'dedupe_article.corpus' not in sys.modules; "
        "assert d.learn_boilerplate is sys.modules['dedupe_article.corpus'].learn_boilerplate; "
        "assert 'learn_boilerplate' in dir(d)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_version() -> None:
    assert isinstance(dedupe_article.__version__, str)
    assert dedupe_article.__version__.count(".") >= 2


def test_error_hierarchy() -> None:
    assert issubclass(RuleError, DedupeArticleError) and issubclass(RuleError, ValueError)
    assert issubclass(InputError, DedupeArticleError)


def test_every_public_error_is_exported() -> None:
    errors = [
        name
        for name, value in vars(dedupe_article.errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and not name.startswith("_")
    ]
    assert "ConfigError" in errors
    assert set(errors) <= set(dedupe_article.__all__)


# --- argument types ------------------------------------------------------------------------------


@pytest.mark.parametrize(("bad", "name"), [(b"Some text\n", "bytes"), (["a", "b"], "list"), (3, "int")])
def test_clean_article_rejects_non_str(bad: object, name: str) -> None:
    with pytest.raises(TypeError, match=f"^text must be str, not {name}$"):
        clean_article(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"^text must be str, not {name}$"):
        clean(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("missing", "name"), [(None, "NoneType"), (float("nan"), "float")])
def test_a_missing_value_is_refused_with_the_pandas_way_round(missing: object, name: str) -> None:
    with pytest.raises(TypeError, match=rf"^text must be str, not {name} \(a missing value: .*na_action='ignore'"):
        clean(missing)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"threshold": 95}, "blocks", 90, CleanConfig])
def test_clean_article_rejects_a_bad_config_type(bad: object) -> None:
    with pytest.raises(TypeError, match="^config must be CleanConfig or None, not "):
        clean_article("text", bad)  # type: ignore[arg-type]


def test_clean_rejects_unknown_options() -> None:
    with pytest.raises(TypeError, match="thresold"):
        clean("text", thresold=95)


@pytest.mark.parametrize("bad", [b"Some text", None])
def test_paragraph_key_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        paragraph_key(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [find_near_duplicates, find_boilerplate])
def test_paragraph_list_functions_reject_one_str(func) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="sequence of str, not one str"):
        func("Ver originales")


@pytest.mark.parametrize("func", [find_near_duplicates, find_boilerplate])
@pytest.mark.parametrize("bad", [b"bytes", None])
def test_paragraph_list_functions_reject_non_str_items(func, bad: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="str"):
        func(["fine", bad])


@pytest.mark.parametrize("func", [detect_layout, unwrap_paragraph])
@pytest.mark.parametrize("bad", [None, b"a\nb"])
def test_text_functions_reject_non_str(func, bad: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="must be str"):
        func(bad)


# --- CleanConfig ----------------------------------------------------------------------------------


def test_config_defaults() -> None:
    config = CleanConfig()
    assert (config.threshold, config.min_words, config.stutter_words, config.max_gap) == (90.0, 10, 3, 10)
    assert (config.layout, config.unwrap, config.deduplicate, config.boilerplate) == ("auto", False, True, True)
    assert config.rules == () and config.select is None and config.regex_timeout > 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("threshold", 0),
        ("threshold", -5),
        ("threshold", 100.5),
        ("threshold", float("nan")),
        ("min_words", 0),
        ("min_words", -1),
        ("stutter_words", 0),
        ("max_gap", 0),
        ("layout", "paragraphs"),
        ("layout", None),
        ("regex_timeout", 0),
        ("regex_timeout", -1.0),
    ],
)
def test_config_rejects_bad_values(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        CleanConfig(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=field):
        CleanConfig().replace(**{field: value})
    with pytest.raises(ValueError, match=field):
        clean("text", **{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [("threshold", 100), ("threshold", 0.5), ("min_words", 1), ("stutter_words", 1), ("max_gap", 1)],
)
def test_config_accepts_edge_values(field: str, value: object) -> None:
    assert getattr(CleanConfig(**{field: value}), field) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("threshold", "90"),
        ("threshold", None),
        ("min_words", 2.5),
        ("min_words", True),
        ("stutter_words", "3"),
        ("max_gap", None),
        ("regex_timeout", "1"),
        ("unwrap", "no"),
        ("deduplicate", 1),
        ("boilerplate", None),
        ("rules", "rules.toml"),
    ],
)
def test_config_rejects_bad_types(field: str, value: object) -> None:
    with pytest.raises(TypeError, match=f"^{field} must be"):
        CleanConfig(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"^{field} must be"):
        clean("text", **{field: value})


def test_config_is_frozen_and_replace_copies() -> None:
    config = CleanConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.threshold = 50  # type: ignore[misc]
    changed = config.replace(threshold=95)
    assert changed.threshold == 95 and config.threshold == 90
    assert changed == CleanConfig(threshold=95)


def test_config_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        CleanConfig(95)  # type: ignore[misc]


# --- clean and CleanResult ---------------------------------------------------------------------------


def test_clean_empty() -> None:
    assert clean("") == ""
    result = clean_article("")
    assert result == CleanResult(text="", kept=(), removals=(), layout="lines")
    assert result.paragraph_count == 0


def test_clean_nothing_kept_is_empty_text() -> None:
    assert clean("Ver originales\n") == ""
    assert clean("\n\n   \n") == ""


def test_clean_is_clean_article_text() -> None:
    text = f"Ver originales\n{LONG}\n{LONG}\nYes.\nYes.\n"
    assert clean(text) == clean_article(text).text == f"{LONG}\nYes.\nYes.\n"
    assert clean(text, threshold=95, unwrap=True) == clean_article(text, CleanConfig(threshold=95, unwrap=True)).text


def test_clean_result_accounts_for_every_paragraph() -> None:
    text = f"Title\n{LONG}\nVer originales\n{OTHER}\n{LONG}\n"
    result = clean_article(text)
    assert result.paragraph_count == len(result.kept) + len(result.removals) == len(split_paragraphs(text)) == 5
    assert [p.index for p in result.kept] == [0, 1, 3]
    assert all(isinstance(p, Paragraph) for p in result.kept)
    boiler_at, dup_at = text.index("Ver originales"), text.rindex(LONG)
    assert result.removals == (
        Removal(2, "Ver originales", "boilerplate", boiler_at, boiler_at + 14, rule_id="ui.view-original"),
        Removal(4, LONG, "near_duplicate", dup_at, dup_at + len(LONG), duplicate_of=1, score=100.0, method="exact"),
    )
    for r in result.removals:
        assert text[r.start : r.end] == r.text
    assert result.layout == "lines" and result.warnings == ()


def test_removal_describe_and_to_dict() -> None:
    removal = Removal(4, LONG, "near_duplicate", 10, 20, duplicate_of=1, score=93.456, method="fuzzy")
    assert removal.describe() == "paragraph 4 removed: fuzzy duplicate of paragraph 1 (score 93.5)"
    assert removal.to_dict() == {
        "index": 4,
        "text": LONG,
        "reason": "near_duplicate",
        "start": 10,
        "end": 20,
        "rule_id": None,
        "duplicate_of": 1,
        "score": 93.456,
        "method": "fuzzy",
        "chrome": None,
        "evidence": {},
        "line_rules": [],
    }
    boiler = Removal(0, "Ver originales", "boilerplate", 0, 14, rule_id="ui.view-original")
    assert boiler.describe() == "paragraph 0 removed: boilerplate rule ui.view-original"
    block = Removal(
        2, "Share\nPrint", "boilerplate", 0, 11, rule_id="ui.share", line_rules=("ui.share", "ui.print-font")
    )
    assert block.describe() == "paragraph 2 removed: boilerplate rule ui.share (every line: ui.share, ui.print-font)"
    assert block.to_dict()["line_rules"] == ["ui.share", "ui.print-font"]
    chrome = Removal(7, "Home", "page_chrome", 0, 4, chrome="list-run", evidence=(("words", 1.0),))
    assert chrome.describe() == "paragraph 7 removed: page chrome (list-run)"
    assert chrome.to_dict()["evidence"] == {"words": 1.0}


def test_switching_stages_off() -> None:
    text = f"Ver originales\n{LONG}\n{LONG}\n"
    assert clean(text, boilerplate=False) == f"Ver originales\n{LONG}\n"
    assert clean(text, deduplicate=False) == f"{LONG}\n{LONG}\n"
    assert clean(text, boilerplate=False, deduplicate=False) == text


def test_clean_article_does_not_warn_on_ordinary_text() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clean_article(f"{LONG}\n{OTHER}\n")


def test_result_is_identical_in_another_process() -> None:
    """Pure: the same result in any process, whatever the hash seed."""
    text = (
        "Introduction\n"
        + LONG
        + "\n"
        + OTHER
        + "\nVer originales\nYes.\nYes.\n"
        + "Introduction\n"
        + LONG
        + "\n"
        + OTHER.replace("different", "other")
        + "\n科技日报记者\n"
    )
    script = "import sys, dedupe_article as d; r = d.clean_article(sys.stdin.read()); print(repr((r.text, r.removals)))"
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=text,
            capture_output=True,
            text=True,
            env=env,
            encoding="utf-8",
            check=True,
        )
        outputs.add(out.stdout)
    assert len(outputs) == 1
    assert outputs.pop().strip() == repr((clean_article(text).text, clean_article(text).removals))


# --- boilerplate (the built-in catalog) ---------------------------------------------------------------


def test_builtin_catalog() -> None:
    catalog = Catalog.builtin()
    assert len(catalog) == len(builtin_rules()) > 0
    assert catalog.get("ui.view-original").id == "ui.view-original"
    assert clean_article("Ver originales\n").removals[0].rule_id == "ui.view-original"
    with pytest.raises(KeyError):
        catalog.get("no.such-rule")


def test_label_whose_value_is_a_duplicate_is_stable() -> None:
    cite = "[1] Smith et al., A long paper title about many different things here, 2023"
    once = clean("\n".join([cite, "References:", cite, "Body of the story."]) + "\n")
    assert clean(once) == once
