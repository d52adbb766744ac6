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


@pytest.mark.parametrize("page", ["index.md", "how-it-works.md", "api.md", "cli.md", "rules.md", "configuration.md"])
def test_readme_links_every_docs_page(page: str) -> None:
    assert f"(docs/{page})" in (ROOT / "README.md").read_text(encoding="utf-8")
