"""The command line on real work: folders, JSON Lines, outputs, in-place writes, reports."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article.cli import cli

LONG = "Meta lost half of the authors of its LLaMA paper after a long fight over computing power."
DIRTY = f"{LONG}\nVer originales\n{LONG}\n"
CLEAN = f"{LONG}\n"


def run(args: list[str], stdin: bytes | str | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config file of the checkout is picked up


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --- folders --------------------------------------------------------------------------


def test_recursive_folder_mirrors_into_output_folder(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", DIRTY)
    write(tmp_path / "in" / "sub" / "b.md", DIRTY)
    write(tmp_path / "in" / "sub" / "skip.html", DIRTY)
    result = run(["clean", "-r", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "sub" / "b.md").read_text(encoding="utf-8") == CLEAN
    assert not (tmp_path / "out" / "sub" / "skip.html").exists()


def test_include_and_exclude(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "A.\n")
    write(tmp_path / "in" / "b.html", "B.\n")
    write(tmp_path / "in" / "drafts" / "c.txt", "C.\n")
    result = run(["clean", "-r", "--include", "*.txt", "--include", "*.html", "--exclude", "drafts", "in"])
    assert result.stdout == "==> in/a.txt <==\nA.\n\n==> in/b.html <==\nB.\n"


def test_folder_without_recursive_is_named_and_the_rest_cleaned(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", DIRTY)
    single = write(tmp_path / "one.txt", DIRTY)
    result = run(["clean", "in", str(single)])
    assert result.exit_code == 1
    assert result.stdout == CLEAN
    assert result.stderr == "dedupe-article: in: is a folder (use -r to clean the files in it)\n"


def test_symlink_loop_ends_and_each_file_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "A.\n")
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in", target_is_directory=True)
    (tmp_path / "in" / "alias.txt").symlink_to(tmp_path / "in" / "a.txt")
    result = run(["clean", "-r", "in", "in/a.txt"])
    assert result.exit_code == 0
    assert result.stdout == "A.\n"


# --- outputs ------------------------------------------------------------------------------


def test_output_file(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", DIRTY)
    result = run(["clean", str(source), "-o", "clean.txt"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "clean.txt").read_text(encoding="utf-8") == CLEAN


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", DIRTY)
    result = run(["clean", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "would overwrite the input" in result.stderr
    assert source.read_text(encoding="utf-8") == DIRTY


def test_output_through_a_symlink_to_the_input_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", DIRTY)
    (tmp_path / "link.txt").symlink_to(source)
    result = run(["clean", str(source), "-o", "link.txt"])
    assert result.exit_code == 2
    assert source.read_text(encoding="utf-8") == DIRTY


def test_existing_output_is_untouched_when_the_input_fails(tmp_path: Path) -> None:
    source = write(tmp_path / "bad.txt", "Año\n".encode("latin-1"))
    old = write(tmp_path / "out.txt", "previous result\n")
    result = run(["clean", "--encoding", "utf-8", str(source), "-o", str(old)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dedupe-article: {source}: not valid UTF-8 at byte 1")
    assert old.read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.txt"]  # no temporary file left


def test_two_inputs_with_the_same_name_cannot_share_an_output_folder(tmp_path: Path) -> None:
    a = write(tmp_path / "x" / "a.txt", "A.\n")
    b = write(tmp_path / "y" / "a.txt", "B.\n")
    result = run(["clean", str(a), str(b), "-o", "out"])
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr


def test_stdin_to_an_output_file(tmp_path: Path) -> None:
    assert run(["clean", "-o", "out.txt"], stdin=DIRTY).exit_code == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == CLEAN


# --- in place -----------------------------------------------------------------------------


def test_in_place_keeps_mode_and_rewrites_only_changed_files(tmp_path: Path) -> None:
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    clean = write(tmp_path / "clean.txt", CLEAN)
    os.chmod(dirty, 0o640)
    os.utime(clean, (1_000_000, 1_000_000))
    result = run(["clean", "-i", str(dirty), str(clean)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert dirty.stat().st_mode & 0o777 == 0o640
    assert clean.stat().st_mtime == 1_000_000


def test_in_place_through_a_symlink_rewrites_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = write(tmp_path / "real.txt", DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run(["clean", "-i", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == CLEAN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-i", "-"], "--in-place cannot rewrite standard input"),
        (["-i", "-o", "x.txt", "a.txt"], "either -o/--output or -i"),
    ],
)
def test_in_place_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    write(tmp_path / "a.txt", DIRTY)
    result = run(["clean", *args], stdin="")
    assert result.exit_code == 2
    assert message in result.stderr


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_cleans_the_text_field_and_passes_other_fields(tmp_path: Path) -> None:
    source = write(
        tmp_path / "c.jsonl",
        jsonl(
            {"id": "a1", "url": "https://x", "text": DIRTY, "n": 1}, {"id": "a2", "text": "Nothing to remove.", "n": 2}
        ),
    )
    result = run(["clean", str(source)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert json.loads(lines[0]) == {"id": "a1", "url": "https://x", "text": CLEAN, "n": 1}
    assert list(json.loads(lines[0])) == ["id", "url", "text", "n"]
    assert lines[1] == json.dumps({"id": "a2", "text": "Nothing to remove.", "n": 2})  # untouched, byte for byte


def test_jsonl_keeps_a_text_without_final_newline_so(tmp_path: Path) -> None:
    source = write(tmp_path / "c.jsonl", jsonl({"text": DIRTY.rstrip("\n")}))
    assert json.loads(run(["clean", str(source)]).stdout)["text"] == LONG


def test_jsonl_bad_records_are_named_and_passed_through(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "text": DIRTY}),
        "{not json",
        json.dumps({"id": 3, "body": "no text field"}),
        json.dumps({"id": 4, "text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 6, "text": DIRTY}),
    ]
    source = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    result = run(["clean", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"dedupe-article: {source}:2: invalid JSON: Expecting property name enclosed in double quotes at column 2",
        f"dedupe-article: {source}:3: record has no 'text' field (its fields: id, body) (use --text-field NAME)",
        f"dedupe-article: {source}:4: field 'text' is a number, not a string",
        f"dedupe-article: {source}:5: record is not a JSON object",
    ]
    out = result.stdout.splitlines()
    assert out[1:5] == lines[1:5]
    assert json.loads(out[0])["text"] == json.loads(out[5])["text"] == CLEAN
    skipped = run(["clean", "--skip-bad", str(source)])
    assert skipped.exit_code == 1
    assert [json.loads(line)["id"] for line in skipped.stdout.splitlines()] == [1, 6]


def test_jsonl_invalid_utf8_line_is_named(tmp_path: Path) -> None:
    source = write(tmp_path / "c.jsonl", b'{"text": "ok"}\n{"text": "\xff"}\n{"text": "fine"}\n')
    result = run(["clean", str(source)])
    assert result.exit_code == 1
    assert result.stderr == f"dedupe-article: {source}:2: not valid UTF-8 at byte 10\n"
    assert result.stdout_bytes.splitlines()[1] == b'{"text": "\xff"}'


def test_jsonl_lone_surrogate_never_crashes_the_writer(tmp_path: Path) -> None:
    source = write(tmp_path / "c.jsonl", '{"text": "Broken \\ud800 emoji.\\nVer originales"}\n')
    result = run(["clean", str(source), "--report", "r.jsonl"])
    assert result.exit_code == 0
    out = result.stdout_bytes.decode("utf-8")  # valid UTF-8
    assert json.loads(out)["text"] == "Broken \ud800 emoji."
    assert json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))["rule_id"] == "ui.view-original"


def test_jsonl_gz_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl.gz"
    source.write_bytes(gzip.compress(jsonl({"text": DIRTY}).encode("utf-8")))
    assert run(["clean", str(source), "-o", "out.jsonl.gz"]).exit_code == 0
    assert json.loads(gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()))["text"] == CLEAN
    assert run(["clean", "-i", str(source)]).exit_code == 0
    assert json.loads(gzip.decompress(source.read_bytes()))["text"] == CLEAN


def test_truncated_gz_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    data = gzip.compress(jsonl(*({"text": f"{LONG} {n}"} for n in range(500))).encode("utf-8"))
    source = write(tmp_path / "c.jsonl.gz", data[: len(data) // 2])
    result = run(["clean", str(source), "-o", "out.jsonl"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dedupe-article: {source}: ")
    assert not (tmp_path / "out.jsonl").exists()


def test_jsonl_option_fields_and_stdin(tmp_path: Path) -> None:
    data = jsonl({"doc": "d1", "body": DIRTY})
    result = run(["clean", "--jsonl", "--text-field", "body", "--id-field", "doc", "--explain"], stdin=data)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["body"] == CLEAN
    explained = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(r["file"], r["line"], r["id"], r["index"]) for r in explained] == [
        ("<stdin>", 1, "d1", 1),
        ("<stdin>", 1, "d1", 2),
    ]


# --- reports, stats, check, diff -------------------------------------------------------------


def test_report_has_one_record_per_removal_with_offsets(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", DIRTY.replace("\n", "\r\n"))
    result = run(["clean", str(source), "--report", "removals.jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in (tmp_path / "removals.jsonl").read_text(encoding="utf-8").splitlines()]
    text = source.read_bytes().decode("utf-8")
    assert [(r["file"], r["index"], r["reason"], r["rule_id"], r["duplicate_of"], r["score"]) for r in records] == [
        (str(source), 1, "boilerplate", "ui.view-original", None, None),
        (str(source), 2, "near_duplicate", None, 0, 100.0),
    ]
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]


def test_stats_summary(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", DIRTY)
    b = write(tmp_path / "b.txt", CLEAN)
    result = run(["clean", "--stats", str(a), str(b)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "dedupe-article: 2 documents (0 failed, 1 changed); 4 paragraphs in, 2 out, 2 removed; 0 cleaned as page dumps",
        "dedupe-article: read as text: 2 files; as JSON Lines: 0 files",
        "dedupe-article:        1  duplicate (exact)",
        "dedupe-article:        1  ui.view-original",
    ]


def test_stats_count_page_dumps_and_page_chrome(tmp_path: Path) -> None:
    page = Path(__file__).parent.parent / "fixtures" / "dev" / "en-deccan-breach" / "input.txt"
    b = write(tmp_path / "b.txt", CLEAN)
    result = run(["clean", "--stats", str(page), str(b)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].endswith("; 1 cleaned as page dumps")
    assert any(line.endswith("  page chrome (outside-body)") for line in lines)
    assert not any("duplicate (None)" in line for line in lines)
    assert (
        run(["clean", "--stats", "--no-page", str(page)]).stderr.splitlines()[0].endswith("; 0 cleaned as page dumps")
    )


def test_check_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    dirty = write(tmp_path / "a.txt", DIRTY)
    result = run(["clean", "--check", "-i", str(dirty)])
    # Each file that would change is named, as black and ruff do.
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"would clean: {dirty} (2 removals)\n1 files would be cleaned, 0 left unchanged\n"
    assert dirty.read_text(encoding="utf-8") == DIRTY
    clean = write(tmp_path / "b.txt", CLEAN)
    both = run(["clean", "--check", str(clean), str(dirty)])
    assert (both.exit_code, both.stdout) == (1, "")
    assert both.stderr == f"would clean: {dirty} (2 removals)\n1 files would be cleaned, 1 left unchanged\n"
    assert run(["clean", "--check", str(clean)]).exit_code == 0
    assert run(["clean", "--check", "-q", str(dirty)]).stderr == ""


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    dirty = write(tmp_path / "a.txt", DIRTY)
    result = run(["clean", "--diff", "-i", str(dirty)])
    assert result.exit_code == 1  # a difference, as diff(1) says
    assert result.stdout == (
        f"--- {dirty} (input)\n+++ {dirty} (cleaned)\n@@ -1,3 +1 @@\n {LONG}\n-Ver originales\n-{LONG}\n"
    )
    assert dirty.read_text(encoding="utf-8") == DIRTY
    unchanged = run(["clean", "--diff", str(write(tmp_path / "b.txt", CLEAN))])
    assert (unchanged.exit_code, unchanged.stdout) == (0, "")


def test_quiet_silences_warnings(tmp_path: Path) -> None:
    rules = write(tmp_path / "evil.toml", '[[rules]]\nid = "user.evil"\nkind = "regex"\npattern = \'(a|a)+$\'\n')
    source = write(tmp_path / "a.txt", "a" * 50_000 + "b\n")
    loud = run(["clean", "--rules", str(rules), str(source)])
    quiet = run(["clean", "-q", "--rules", str(rules), str(source)])
    assert "warning: rule user.evil" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.exit_code == loud.exit_code == 0


# --- parallel ----------------------------------------------------------------------------


def test_jobs_keep_input_order(tmp_path: Path) -> None:
    records = [{"id": n, "text": f"{LONG} ({n})\nVer originales\n{LONG} ({n})\n"} for n in range(300)]
    source = write(tmp_path / "c.jsonl", jsonl(*records))
    files = [write(tmp_path / f"f{n:02}.txt", f"File {n}.\nVer originales\n") for n in range(12)]
    one = run(["clean", "-j", "1", str(source), *map(str, files)])
    two = run(["clean", "-j", "2", str(source), *map(str, files)])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert [json.loads(line)["id"] for line in two.stdout.splitlines()[:300]] == list(range(300))


# --- interruption -----------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3, 1.5, "partial-file"])
def test_in_place_killed_leaves_original_or_complete_result(tmp_path: Path, delay: float | str) -> None:
    rng = random.Random(7)
    words = LONG.replace(".", "").split() + [f"w{n}" for n in range(2000)]
    paragraphs = [" ".join(rng.choice(words) for _ in range(30)) + "." for _ in range(6000)]
    original = "\n".join(paragraphs + paragraphs[:2000]) + "\n"
    source = write(tmp_path / "big.txt", original)
    expected = "\n".join(paragraphs) + "\n"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dedupe_article", "clean", "-i", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if delay == "partial-file":  # the moment the temporary file appears in the folder
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
            if proc.poll() is not None:
                break
    else:
        time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert source.read_text(encoding="utf-8") in (original, expected)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_quietly(tmp_path: Path, jobs: str) -> None:
    rng = random.Random(3)
    words = [f"w{n}" for n in range(5000)]
    records = [{"text": " ".join(rng.choice(words) for _ in range(40))} for _ in range(40_000)]
    source = write(tmp_path / "c.jsonl", jsonl(*records))
    proc = subprocess.Popen(
        [sys.executable, "-m", "dedupe_article", "clean", "-j", jobs, str(source), "-o", "out.jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["c.jsonl"]
