"""The corpus commands: ``dedupe-article learn`` and ``dedupe-article dedupe``."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_corpus import FRAMES, corpus_records

from dedupe_article import load_rules
from dedupe_article.cli import cli


def run(args: list[str]):
    return CliRunner().invoke(cli, args)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    records, _ = corpus_records()
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


# --- learn -------------------------------------------------------------------------------------


def test_learn_writes_a_rule_file_that_clean_uses(corpus: Path, tmp_path: Path) -> None:
    result = run(["learn", str(corpus), "--url-field", "url", "-o", "rules.toml"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "dedupe-article: 9 rules for 3 site(s) from 90 documents\n"
    rules = load_rules(tmp_path / "rules.toml")
    assert {r.pattern for r in rules} == {line for lines in FRAMES.values() for line in lines}
    assert all(r.id.startswith("learned.") and r.kind == "exact" for r in rules)
    text = (tmp_path / "rules.toml").read_text(encoding="utf-8")
    assert "# on 30 of 30 pages of alpha.com; examples: p0, p3, p6\n" in text
    assert "# min_docs = 10, min_share = 0.5, long_words = 30, long_share = 0.9, shared_sites = 2\n" in text

    cleaned = run(["clean", "--no-config", "--rules", "rules.toml", str(corpus), "-o", "clean.jsonl"])
    assert cleaned.exit_code == 0, cleaned.stderr
    frame = {line for lines in FRAMES.values() for line in lines}
    for before, after in zip(lines_of(corpus), lines_of(tmp_path / "clean.jsonl"), strict=True):
        text_before, text_after = json.loads(before)["text"], json.loads(after)["text"]
        assert text_after.splitlines() == [line for line in text_before.splitlines() if line not in frame]


def test_learn_prints_to_stdout_and_groups_by_site_field(tmp_path: Path) -> None:
    records = [
        {"id": i, "site": "s1" if i % 2 else "s2", "text": f"Menu {i % 2}\nStory number {i}."} for i in range(40)
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run(["learn", str(path), "--site-field", "site", "-q"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert '\nid = "learned.s1.1"\nkind = "exact"\npattern = "Menu 1"\n' in result.stdout
    assert '\nid = "learned.s2.1"\nkind = "exact"\npattern = "Menu 0"\n' in result.stdout


def test_learn_thresholds_come_from_the_options(corpus: Path) -> None:
    result = run(["learn", str(corpus), "--url-field", "url", "--min-docs", "31", "-q"])
    assert result.exit_code == 0
    assert "[[rules]]" not in result.stdout
    assert "# 0 rules for 0 sites." in result.stdout


def test_learn_names_bad_lines_and_uses_the_rest(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(corpus.read_bytes() + b'{"text": "x"}\n{"url": "https://a.com", "text": 5}\nnot json\n')
    result = run(["learn", str(bad), "--url-field", "url", "-o", "rules.toml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"dedupe-article: {bad}:91: record has no 'url' field",
        f"dedupe-article: {bad}:92: field 'text' is a number, not a string",
        f"dedupe-article: {bad}:93: invalid JSON: Expecting value at column 1",
        "dedupe-article: 9 rules for 3 site(s) from 90 documents",
    ]
    assert len(load_rules(tmp_path / "rules.toml")) == 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site-field", "site", "--url-field", "url"], "use either --site-field or --url-field, not both"),
        (["-"], "the corpus is read twice, so it must be files, not standard input"),
        (["-o", "pages.jsonl"], "pages.jsonl: the output would overwrite an input"),
        (["--min-share", "1.5"], "Invalid value for '--min-share'"),
    ],
)
def test_learn_usage_errors(corpus: Path, args: list[str], message: str) -> None:
    result = run(["learn", str(corpus), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_learn_names_a_missing_file(corpus: Path) -> None:
    result = run(["learn", str(corpus), "missing.jsonl", "--url-field", "url", "-q"])
    assert result.exit_code == 1
    assert result.stderr == "dedupe-article: missing.jsonl: No such file or directory\n"
    assert "learned." in result.stdout


# --- dedupe ------------------------------------------------------------------------------------


def test_dedupe_writes_kept_records_byte_for_byte_and_reports_clusters(corpus: Path, tmp_path: Path) -> None:
    _, truth = corpus_records()
    result = run(["dedupe", str(corpus), "-o", "kept.jsonl", "--report", "clusters.jsonl"])
    assert result.exit_code == 0, result.stderr
    first_of_cluster = {t: min(i for i, c in enumerate(truth) if c == t) for t in truth}
    removed = [i for i, t in enumerate(truth) if first_of_cluster[t] != i]
    kept = [line for i, line in enumerate(lines_of(corpus)) if i not in removed]
    assert lines_of(tmp_path / "kept.jsonl") == kept
    report = [json.loads(line) for line in lines_of(tmp_path / "clusters.jsonl")]
    assert [(r["line"], r["duplicate_of"]["line"]) for r in report] == [
        (i + 1, first_of_cluster[truth[i]] + 1) for i in removed
    ]
    assert report[0] == {
        "file": str(corpus),
        "line": removed[0] + 1,
        "id": f"p{removed[0]}",
        "duplicate_of": {
            "file": str(corpus),
            "line": first_of_cluster[truth[removed[0]]] + 1,
            "id": report[0]["duplicate_of"]["id"],
        },
        "score": report[0]["score"],
        "containment": report[0]["containment"],
    }
    assert all(r["score"] >= 80 or r["containment"] >= 0.7 for r in report)
    clusters = len({first_of_cluster[truth[i]] for i in removed})
    assert result.stderr == (
        f"dedupe-article: 90 documents; {len(removed)} removed as near-duplicates; {90 - len(removed)} kept "
        f"({clusters} clusters of duplicates)\n"
    )


def test_dedupe_keep_longest_and_stdout(tmp_path: Path) -> None:
    story = "\n".join(
        f"Paragraph {i} of the story about the harbour, the mayor and the new ferry line." for i in range(6)
    )
    records = [{"id": "short", "text": story.split("\n", 3)[-1]}, {"id": "long", "text": story}]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    first = run(["dedupe", str(path), "-q"])
    assert [json.loads(line)["id"] for line in first.stdout.splitlines()] == ["short"]
    longest = run(["dedupe", str(path), "--keep", "longest", "-q", "--report", "r.jsonl"])
    assert [json.loads(line)["id"] for line in longest.stdout.splitlines()] == ["long"]
    report = json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))
    assert (report["id"], report["duplicate_of"]["id"], report["containment"]) == ("short", "long", 1.0)


def test_dedupe_threshold_option(tmp_path: Path) -> None:
    lead = "The harbour authority said on Monday that the new ferry line to the island would open in May."
    a = (
        "Tickets will cost four euros for adults and two for children, and the boats will leave every hour from"
        " seven in the morning until ten at night, the authority said in a statement to the press."
    )
    b = a.replace("four", "five").replace("two", "three").replace("seven", "eight").replace("ten", "eleven")
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"text": f"{lead}\n{t}"}) + "\n" for t in (a, b)), encoding="utf-8")
    assert len(run(["dedupe", str(path), "-q"]).stdout.splitlines()) == 1  # similarity 95.6
    assert len(run(["dedupe", str(path), "-q", "--threshold", "97"]).stdout.splitlines()) == 2


def test_dedupe_gzip_output_and_bad_lines_passed_through(corpus: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.gz"
    with gzip.open(source, "wb") as out:
        out.write(b"[]\n" + corpus.read_bytes())
    result = run(["dedupe", str(source), "-o", "kept.jsonl.gz"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"dedupe-article: {source}:1: record is not a JSON object"
    with gzip.open(tmp_path / "kept.jsonl.gz", "rb") as handle:
        kept = handle.read().splitlines()
    assert kept[0] == b"[]"
    assert 1 < len(kept) < 91


def test_dedupe_per_site_gives_the_same_clusters_here_and_names_records_without_a_host(
    corpus: Path, tmp_path: Path
) -> None:
    plain = run(["dedupe", str(corpus), "-q", "--report", "a.jsonl"])
    per_site = run(["dedupe", str(corpus), "-q", "--url-field", "url", "--report", "b.jsonl"])
    assert per_site.exit_code == 0
    assert per_site.stdout == plain.stdout
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") != ""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(corpus.read_bytes() + b'{"url": "no host here", "text": "Some text."}\n')
    result = run(["dedupe", str(bad), "--url-field", "url", "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"dedupe-article: {bad}:91: field 'url' has no host: 'no host here'\n"
    assert result.stdout.endswith('{"url": "no host here", "text": "Some text."}\n')  # passed through
    both = run(["dedupe", str(corpus), "--url-field", "url", "--site-field", "site"])
    assert both.exit_code == 2
    assert "use either --site-field or --url-field, not both" in both.stderr


def test_dedupe_refuses_to_overwrite_its_input(corpus: Path) -> None:
    result = run(["dedupe", str(corpus), "--report", str(corpus)])
    assert result.exit_code == 2
    assert "the output would overwrite an input" in result.stderr
    assert len(lines_of(corpus)) == 90


@pytest.mark.parametrize("command", ["learn", "dedupe"])
def test_help_has_an_example(command: str) -> None:
    result = run([command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"dedupe-article {command} pages.jsonl.gz" in result.stdout


# --- issue 13: explanations, names and numbers, progress ------------------------------------------------


def test_learn_says_which_option_to_lower_when_nothing_is_learned(tmp_path: Path) -> None:
    path = tmp_path / "small.jsonl"
    records = [{"id": i, "site": "x.com", "text": f"Menu\nStory number {i}."} for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run(["learn", str(path), "--site-field", "site"])
    assert result.exit_code == 0
    assert result.stderr == (
        "dedupe-article: 0 rules from 3 documents: every site has fewer than --min-docs 10 documents "
        "(the largest: 3 documents of x.com); lower --min-docs\n"
    )
    lowered = run(["learn", str(path), "--site-field", "site", "--min-docs", "3"])
    assert lowered.stderr == "dedupe-article: 1 rules for 1 site(s) from 3 documents\n"


def test_dedupe_names_option_turns_the_template_check_off(tmp_path: Path) -> None:
    from test_corpus import earnings_briefs

    path = tmp_path / "briefs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in earnings_briefs()), encoding="utf-8")
    assert len(run(["dedupe", str(path), "-q"]).stdout.splitlines()) == 6
    assert len(run(["dedupe", str(path), "-q", "--names", "0"]).stdout.splitlines()) == 1


@pytest.mark.parametrize("command", ["learn", "dedupe"])
def test_progress_is_drawn_on_a_terminal_only_and_not_with_quiet(
    command: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click.testing

    from dedupe_article.cli import corpus_commands as cli_module

    clock = iter(range(0, 10_000))
    monkeypatch.setattr(cli_module.time, "monotonic", lambda: float(next(clock)))  # a second per call
    args = [command, str(corpus), "--url-field", "url"]
    assert "\r" not in run(args).stderr  # not a terminal
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False)
    shown = CliRunner().invoke(cli, args, color=True).stderr  # color: click keeps the escape codes
    stage = "counting" if command == "learn" else "reading"
    assert f"\rdedupe-article: {stage}: 90 documents (" in shown
    summary = shown.rsplit("\r", 1)[-1]
    assert summary.startswith("\x1b[Kdedupe-article: ") and summary.count("\n") == 1  # cleared, then the summary
    assert run([*args, "-q"]).stderr == ""
