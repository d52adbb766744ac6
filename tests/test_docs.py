"""Docs that are made from the code must be current; the README must hold its promises."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from dedupe_article import builtin_rules
from dedupe_article.cli import cli

ROOT = Path(__file__).parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["api.md", "cli.md", "rules.md"])
def test_generated_page_is_current(page: str) -> None:
    rendered = _generator().PAGES[page]()
    assert (ROOT / "docs" / page).read_text(encoding="utf-8") == rendered, (
        f"docs/{page} is out of date: run python docs/generate.py"
    )


@pytest.mark.parametrize("command", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_is_documented(command: str) -> None:
    assert f"## `dedupe-article {command}`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.id)
def test_every_rule_is_documented(rule) -> None:
    assert f"\n## {rule.id}\n" in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert commands == [
        "pip install . && dedupe-article clean fixtures/gate-es/input.txt",
        "pip install '.[test]' && python -m pytest",
    ]
    assert (ROOT / "fixtures" / "gate-es" / "input.txt").is_file()


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install '.[test]' && python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_readme_links_every_docs_page(page: str) -> None:
    assert f"(docs/{page})" in (ROOT / "README.md").read_text(encoding="utf-8")


def _chrome_reasons() -> list[str]:
    """The page-chrome reasons ChromeMatch's docstring lists (the canonical list)."""
    from dedupe_article.page import ChromeMatch

    doc = ChromeMatch.__doc__ or ""
    listed = doc[doc.index("why:") : doc.index("evidence:")]
    return re.findall(r'``"([a-z-]+)"``', listed)


def test_every_chrome_reason_is_documented_in_how_it_works() -> None:
    reasons = _chrome_reasons()
    assert len(reasons) >= 20
    page = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    assert [reason for reason in reasons if f"`{reason}`" not in page and f"chrome: {reason}" not in page] == []


def test_every_chrome_reason_the_fixtures_produce_is_a_listed_one() -> None:
    from dedupe_article import CleanConfig, clean_article

    listed = set(_chrome_reasons())
    seen: set[str] = set()
    for path in sorted((ROOT / "fixtures").glob("*/*/input.txt")):
        text = path.read_text(encoding="utf-8")
        for config in (CleanConfig(), CleanConfig(page_chrome=True)):
            seen |= {r.chrome for r in clean_article(text, config).removals if r.chrome is not None}
    assert len(seen) >= 10 and seen <= listed, seen - listed
