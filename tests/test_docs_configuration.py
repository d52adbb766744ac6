"""docs/configuration.md: every TOML sample loads and every command runs, as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import CleanConfig, load_rules
from dedupe_article.cli import cli
from dedupe_article.config import find_config_file
from dedupe_article.rules import check_rule_files

PAGE = Path(__file__).parent.parent / "docs" / "configuration.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The sample article the commands clean: a tag line, a newsletter box and a "View original" link around a body.
ARTICLE = (
    "Etiquetas: política, Madrid\n"
    "El ayuntamiento aprobó ayer el presupuesto del año que viene tras una larga sesión.\n"
    "Suscríbete a nuestro boletín y recibe las noticias del día.\n"
    "Ver originales\n"
)
BODY = "El ayuntamiento aprobó ayer el presupuesto del año que viene tras una larga sesión.\n"


def _blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(PAGE.read_text(encoding="utf-8")) if lang == language]


def _toml_samples() -> dict[str, str]:
    """Each TOML sample by the file it is, named on its first line (``# rules/site.toml``)."""
    samples = {}
    for body in _blocks("toml"):
        first = body.splitlines()[0]
        assert first.startswith("# "), f"a TOML sample must name its file on its first line: {first!r}"
        samples[first[2:].split()[0]] = body
    return samples


def _commands() -> list[str]:
    return [line for body in _blocks("sh") for line in body.splitlines() if line.startswith("dedupe-article ")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the page's samples as files, and the sample article a.txt."""
    for name, text in _toml_samples().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_page_has_its_samples_and_commands() -> None:
    assert set(_toml_samples()) == {"dedupe-article.toml", "rules/site.toml"}
    assert len(_commands()) >= 7


def test_rule_file_sample_loads_and_its_examples_pass(project: Path) -> None:
    rules = load_rules(project / "rules" / "site.toml")
    assert [r.id for r in rules] == ["promo.app-banner", "promo.newsletter", "label.site-tags"]
    assert check_rule_files([project / "rules" / "site.toml"]) == (rules, [])


def test_config_sample_loads(project: Path) -> None:
    config = CleanConfig.from_file(project / "dedupe-article.toml")
    assert (config.threshold, config.min_words, config.unwrap, config.page_chrome) == (92, 8, True, False)
    assert "label.site-tags" in config.catalog.enabled_ids  # the preview rule the sample selects
    assert "label.source-link" not in config.catalog.enabled_ids


def test_config_sample_loads_from_pyproject(project: Path) -> None:
    # "in pyproject.toml: the same keys under [tool.dedupe-article]"
    keys = (project / "dedupe-article.toml").read_text(encoding="utf-8")
    (project / "dedupe-article.toml").unlink()
    (project / "pyproject.toml").write_text(f'[project]\nname = "site"\n\n[tool.dedupe-article]\n{keys}', "utf-8")
    assert find_config_file(project) == project / "pyproject.toml"
    config = CleanConfig.from_file(project / "pyproject.toml")
    assert config.threshold == 92
    assert "label.site-tags" in config.catalog.enabled_ids


@pytest.mark.parametrize("with_config", [True, False], ids=["with-config", "no-config-file"])
@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(shlex.split(c, comments=True)[1:]))
def test_command_runs(project: Path, command: str, with_config: bool) -> None:
    if not with_config:
        (project / "dedupe-article.toml").unlink()
    args = shlex.split(command, comments=True)
    assert args[0] == "dedupe-article"
    result = CliRunner().invoke(cli, args[1:])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    if "--extend-select" in args and "label.site-tags" in args:
        assert result.stdout == BODY  # the preview rule, selected, removes the tag line
