"""The command line: output, exit codes and one-line errors, never a traceback."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import __version__
from dedupe_article.cli import cli

ARTICLE = (
    "Meta lost half of the authors of its LLaMA paper after a long fight over computing power.\n"
    "Ver originales\n"
    "Meta lost half of the authors of its LLaMA paper after a long fight over computing power.\n"
)
CLEAN = "Meta lost half of the authors of its LLaMA paper after a long fight over computing power.\n"


def run(args: list[str], stdin: bytes | str | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [[], ["clean"], ["rules"]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = run([*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"dedupe-article, version {__version__}\n"


def test_clean_a_file(article: Path) -> None:
    result = run(["clean", str(article)])
    assert result.exit_code == 0
    assert result.stdout == CLEAN
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["clean"], ["clean", "-"]])
def test_clean_stdin(args: list[str]) -> None:
    result = run(args, stdin=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout == CLEAN


def test_clean_several_files_in_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("First file.\n", encoding="utf-8")
    b.write_text("Second file.\n", encoding="utf-8")
    result = run(["clean", str(a), str(b)])
    assert result.exit_code == 0
    # Each file is named, as head does, so that the outputs can be told apart.
    assert result.stdout == f"==> {a} <==\nFirst file.\n\n==> {b} <==\nSecond file.\n"
    # One file to standard output is not named.
    assert run(["clean", str(a)]).stdout == "First file.\n"


def test_crlf_input_gives_lf_output(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    result = run(["clean", str(path)])
    assert result.stdout_bytes == CLEAN.encode("utf-8")


def test_explain_prints_one_json_line_per_removal(article: Path) -> None:
    result = run(["clean", "--explain", str(article)])
    assert result.exit_code == 0
    assert result.stdout == CLEAN
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(r["index"], r["reason"], r["rule_id"], r["duplicate_of"], r["method"]) for r in records] == [
        (1, "boilerplate", "ui.view-original", None, None),
        (2, "near_duplicate", None, 0, "exact"),
    ]
    assert records[0]["file"] == str(article)
    assert records[1]["score"] == 100.0


def test_threshold_option_is_passed_on(tmp_path: Path) -> None:
    path = tmp_path / "near.txt"
    base = "The committee met on Tuesday to discuss the new budget for the coming school year"
    path.write_text(f"{base}.\n{base} and beyond.\n", encoding="utf-8")
    assert run(["clean", str(path)]).stdout.count("\n") == 1  # ratio about 92
    assert run(["clean", "--threshold", "99", str(path)]).stdout.count("\n") == 2


def test_unwrap_and_no_dedupe_and_no_boilerplate(tmp_path: Path) -> None:
    wrapped = "A hard wrapped paragraph that is long enough\nto count as a real paragraph of the story."
    one_line = wrapped.replace("\n", " ")
    path = tmp_path / "wrapped.txt"
    path.write_text(f"{wrapped}\n\nVer originales\n\n{wrapped}\n", encoding="utf-8")
    # One block of several lines kept: a blank line closes it, so that it reads back as one block.
    assert run(["clean", str(path)]).stdout == f"{wrapped}\n\n"
    assert run(["clean", "--unwrap", str(path)]).stdout == f"{one_line}\n"
    assert run(["clean", "--no-boilerplate", str(path)]).stdout == f"{wrapped}\n\nVer originales\n"
    assert run(["clean", "--no-dedupe", str(path)]).stdout == f"{wrapped}\n\n{wrapped}\n"


def test_missing_file_is_named_and_the_rest_is_cleaned(tmp_path: Path, article: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run(["clean", str(missing), str(article)])
    assert result.exit_code == 1
    assert result.stdout == CLEAN
    assert result.stderr == f"dedupe-article: {missing}: No such file or directory\n"


def test_folder_is_named(tmp_path: Path) -> None:
    result = run(["clean", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"dedupe-article: {tmp_path}: is a folder (use -r to clean the files in it)\n"


def test_invalid_utf8_names_file_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Año nuevo\n".encode("latin-1"))
    result = run(["clean", "--encoding", "utf-8", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"dedupe-article: {path}: not valid UTF-8 at byte 1 (use --encoding or --errors replace)\n"
    )
    assert run(["clean", "--encoding", "latin-1", str(path)]).stdout == "Año nuevo\n"
    replaced = run(["clean", "--encoding", "utf-8", "--errors", "replace", str(path)])
    assert replaced.stdout == "A\N{REPLACEMENT CHARACTER}o nuevo\n"


def test_unknown_encoding_is_a_usage_error(article: Path) -> None:
    result = run(["clean", "--encoding", "klingon", str(article)])
    assert result.exit_code == 2
    assert "Invalid value for '--encoding': unknown encoding 'klingon'" in result.stderr


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_encodings_are_decoded(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + ARTICLE.encode(codec))
    result = run(["clean", str(path)])
    assert result.exit_code == 0
    assert result.stdout == CLEAN


def test_nul_bytes_are_refused_unless_replace(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = run(["clean", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"dedupe-article: {path}: contains NUL bytes, looks binary (use --errors replace to clean it anyway)\n"
    )
    assert run(["clean", "--errors", "replace", str(path)]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["clean", "--threshold", "0"],
        ["clean", "--threshold", "abc"],
        ["clean", "--layout", "columns"],
        ["clean", "--min-words", "0"],
        ["clean", "--bogus"],
        ["nope"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(args, stdin="")
    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_rules_lists_the_catalog() -> None:
    result = run(["rules"])
    assert result.exit_code == 0
    assert any(line.startswith("ui.view-original ") for line in result.stdout.splitlines())


def test_rules_shows_one_rule_with_examples() -> None:
    result = run(["rules", "ui.view-original"])
    assert result.exit_code == 0
    assert "pattern:   Ver originales\n" in result.stdout
    assert "drops:     Ver originales\n" in result.stdout
    assert "keeps:     Fuimos a ver originales de Goya en el Prado.\n" in result.stdout


def test_rules_unknown_id_is_a_usage_error() -> None:
    result = run(["rules", "no.such-rule"])
    assert result.exit_code == 2
    assert "no rule with id 'no.such-rule'" in result.stderr


def test_python_dash_m_runs_the_cli(article: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dedupe_article", "clean", str(article)], capture_output=True, timeout=60
    )
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == CLEAN


def test_closed_stdout_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("".join(f"Line number {n} of a long file that goes on.\n" for n in range(20_000)), encoding="utf-8")
    code = (
        "import subprocess, sys\n"
        f"p = subprocess.Popen([sys.executable, '-m', 'dedupe_article', 'clean', {str(big)!r}],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.readline(); p.stdout.close()\n"
        "err = p.stderr.read(); p.wait()\n"
        "sys.stdout.write(err.decode())\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert "Traceback" not in proc.stdout.decode()


# --- rules, selection and config files ---------------------------------------------------

SPANISH = "Ver originales\nUna noticia con bastantes palabras para ser el cuerpo del texto.\n"
SPANISH_CLEAN = "Una noticia con bastantes palabras para ser el cuerpo del texto.\n"


@pytest.fixture
def spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no config file above tmp_path is picked up by accident
    path = tmp_path / "noticia.txt"
    path.write_text(SPANISH, encoding="utf-8")
    return path


def test_user_rules_file(tmp_path: Path, spanish: Path) -> None:
    rules = tmp_path / "site.toml"
    rules.write_text(
        '[[rules]]\nid = "promo.site"\npattern = "Una noticia con bastantes palabras"\nkind = "prefix"\n',
        encoding="utf-8",
    )
    result = run(["clean", "--explain", "--rules", str(rules), str(spanish)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert [json.loads(line)["rule_id"] for line in result.stderr.splitlines()] == ["ui.view-original", "promo.site"]


def test_invalid_rules_file_is_one_line_exit_2(tmp_path: Path, spanish: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rules]]\nid = "promo.bad"\nkind = "regex"\npattern = "(unclosed"\n', encoding="utf-8")
    result = run(["clean", "--rules", str(rules), str(spanish)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"dedupe-article: {rules}: rule promo.bad: invalid regex")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--ignore", "ui.view-original"], SPANISH),
        (["--ignore", "ui"], SPANISH),
        (["--select", "label,disclaimer"], SPANISH),
        (["--select", "label", "--extend-select", "ui"], SPANISH_CLEAN),
        (["--ignore", "ui", "--select", "ui.view-original"], SPANISH_CLEAN),
    ],
)
def test_selection_options(spanish: Path, args: list[str], expected: str) -> None:
    result = run(["clean", *args, str(spanish)])
    assert result.exit_code == 0
    assert result.stdout == expected


def test_unknown_selector_is_one_line_exit_2(spanish: Path) -> None:
    result = run(["clean", "--ignore", "ui.nosuch", str(spanish)])
    assert result.exit_code == 2
    assert result.stderr == "dedupe-article: unknown rule selector 'ui.nosuch': it names no rule\n"


def test_config_file_is_found_from_the_working_folder_upwards(
    tmp_path: Path, spanish: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dedupe-article.toml").write_text('ignore = ["ui"]\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert run(["clean", str(spanish)]).stdout == SPANISH
    assert run(["clean", "--no-config", str(spanish)]).stdout == SPANISH_CLEAN


def test_pyproject_table_and_relative_rule_files(tmp_path: Path, spanish: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "site.toml").write_text(
        '[[rules]]\nid = "promo.site"\npattern = "Otra cosa"\n', encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.dedupe-article]\nrules = ["rules/site.toml"]\nselect = ["promo"]\n',
        encoding="utf-8",
    )
    spanish.write_text("Otra cosa\n" + SPANISH, encoding="utf-8")
    result = run(["clean", str(spanish)])
    assert result.exit_code == 0
    assert result.stdout == SPANISH  # only promo.site runs
    assert run(["clean", "--select", "ALL", str(spanish)]).stdout == SPANISH_CLEAN  # the command line wins


def test_command_line_overrides_config_values(tmp_path: Path, spanish: Path) -> None:
    base = "The committee met on Tuesday to discuss the new budget for the coming school year"
    spanish.write_text(f"{base}.\n{base} and beyond.\n", encoding="utf-8")
    (tmp_path / "dedupe-article.toml").write_text("threshold = 99\n", encoding="utf-8")
    assert run(["clean", str(spanish)]).stdout.count("\n") == 2
    assert run(["clean", "--threshold", "90", str(spanish)]).stdout.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("thresold = 90\n", "unknown option 'thresold'"),
        ("threshold = 'high'\n", "threshold must be a number"),
        ("select = 'label'\n", "'select' must be a list"),
        ("threshold = [\n", "invalid TOML"),
    ],
)
def test_invalid_config_file_is_one_line_exit_2(tmp_path: Path, spanish: Path, content: str, message: str) -> None:
    config = tmp_path / "dedupe-article.toml"
    config.write_text(content, encoding="utf-8")
    result = run(["clean", str(spanish)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"dedupe-article: {config}: ")
    assert message in result.stderr


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|a)+$"])
def test_catastrophic_user_regex_warns_and_the_run_finishes(tmp_path: Path, spanish: Path, pattern: str) -> None:
    rules = tmp_path / "evil.toml"
    rules.write_text(f'[[rules]]\nid = "user.evil"\nkind = "regex"\npattern = \'{pattern}\'\n', encoding="utf-8")
    spanish.write_text(SPANISH + "a" * 100_000 + "b\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "dedupe_article", "clean", "--rules", str(rules), str(spanish)],
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith(SPANISH_CLEAN)
    warnings = proc.stderr.decode().splitlines()
    assert warnings == [
        f"dedupe-article: {spanish}: warning: rule user.evil ({rules}) ran over 1s on paragraph 2 and was skipped there"
    ]
