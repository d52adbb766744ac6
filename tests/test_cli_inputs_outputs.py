"""Nothing lost silently: inputs told apart by content, gzip everywhere, outputs that never replace special files."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedupe_article import files
from dedupe_article.cli import cli
from dedupe_article.files import find_inputs, plan_targets

LONG = "Meta lost half of the authors of its LLaMA paper after a long fight over computing power."
DIRTY = f"{LONG}\nVer originales\n{LONG}\n"
CLEAN = f"{LONG}\n"
RECORDS = [{"id": n, "text": "Same text in every record.\n"} for n in range(3)]


def run(args: list[str], stdin: bytes | str | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


# --- special files are written into, never replaced --------------------------------------


def test_output_to_a_named_pipe_is_written_into(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", DIRTY)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # A daemon: if the pipe were replaced, the reader would wait for ever and must not hold up the test run.
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run(["clean", str(source), "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received == [CLEAN.encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the pipe was replaced by a file"


def test_output_to_a_character_device_is_written_into(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path / "a.txt", DIRTY)
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:  # not root: a regular file that says it is a device
        device.write_bytes(b"")
        monkeypatch.setattr(files, "is_special", lambda target: Path(target) == device)
    inode = os.stat(device).st_ino
    result = run(["clean", str(source), "-o", str(device)])
    assert result.exit_code == 0, result.stderr
    assert os.stat(device).st_ino == inode, "the device was replaced"
    assert not list(tmp_path.glob(".null.*")), "a temporary file was left"


def test_output_to_dev_stdout_and_dash() -> None:
    Path("a.txt").write_text(DIRTY, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dedupe_article", "clean", "a.txt", "-o", "/dev/stdout"],
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, CLEAN.encode(), b"")
    assert run(["clean", "a.txt", "-o", "-"]).stdout == CLEAN
    assert not Path("-").exists()
    report = run(["clean", "a.txt", "-o", "clean.txt", "--report", "-"])
    assert report.exit_code == 0
    assert [json.loads(line)["rule_id"] for line in report.stdout.splitlines()] == ["ui.view-original", None]
    assert not Path("-").exists()


# --- -o: a file or a folder ----------------------------------------------------------------


def test_output_is_a_folder_when_it_ends_with_a_slash_or_exists_or_several_inputs(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.txt", DIRTY), write(tmp_path / "b.txt", DIRTY)
    assert run(["clean", str(a), "-o", "newdir/"]).exit_code == 0
    assert (tmp_path / "newdir" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert run(["clean", str(a), str(b), "-o", "both"]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == ["a.txt", "b.txt"]
    (tmp_path / "existing").mkdir()
    assert run(["clean", str(a), "-o", "existing"]).exit_code == 0
    assert (tmp_path / "existing" / "a.txt").is_file()
    assert run(["clean", str(a), "-o", "one.txt"]).exit_code == 0
    assert (tmp_path / "one.txt").read_text(encoding="utf-8") == CLEAN


def test_several_inputs_and_a_file_name_is_a_usage_error(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.txt", DIRTY), write(tmp_path / "b.txt", DIRTY)
    result = run(["clean", str(a), str(b), "-o", "out.txt"])
    assert result.exit_code == 2
    assert "several inputs are written to a folder; end the name with /" in result.stderr
    assert not (tmp_path / "out.txt").exists()
    write(tmp_path / "file.txt", "x")
    result = run(["clean", str(a), str(b), "-o", "file.txt/"])
    assert result.exit_code == 2


def test_plan_targets_finds_an_output_that_is_an_input_through_another_path(tmp_path: Path) -> None:
    sources = [write(tmp_path / "in" / f"{n}.txt", "x") for n in range(50)]
    (tmp_path / "link").symlink_to(tmp_path / "in")
    inputs, _ = find_inputs([str(p) for p in sources])
    with pytest.raises(files.TargetError, match="would overwrite the input"):
        plan_targets(inputs, output=tmp_path / "link", folder=True)
    targets = plan_targets(inputs, output=tmp_path / "out", folder=True)
    assert targets[7] == tmp_path / "out" / "7.txt"


# --- JSON Lines by content -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["c.jsonl", "c.ndjson", "c.json", "c.txt", "c"])
def test_json_lines_are_read_as_records_whatever_the_name(tmp_path: Path, name: str) -> None:
    source = write(tmp_path / name, jsonl(RECORDS))
    result = run(["clean", str(source)])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2]
    assert run(["clean", "--stats", str(source)]).stderr.count("as JSON Lines: 1 files") == 1


def test_json_lines_on_standard_input_are_records() -> None:
    result = run(["clean"], stdin=jsonl(RECORDS))
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2]
    # --text forces text: then the three equal lines are duplicates, on purpose.
    forced = run(["clean", "--text", "--stutter-words", "1"], stdin=jsonl([{"text": "x"}] * 3))
    assert forced.stdout.splitlines() == ['{"text": "x"}']


def test_a_json_document_is_named_not_cleaned(tmp_path: Path) -> None:
    source = write(tmp_path / "doc.json", '{\n  "text": "a"\n}\n')
    result = run(["clean", str(source)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"dedupe-article: {source}: a JSON document, not JSON Lines (one object per line); "
        "use --text to clean it as text\n"
    )
    assert result.stdout == ""


# --- gzip everywhere -----------------------------------------------------------------------


def test_gzip_text_is_read_and_written(tmp_path: Path) -> None:
    source = write(tmp_path / "es.txt.gz", gzip.compress(DIRTY.encode()))
    assert run(["clean", str(source)]).stdout == CLEAN
    assert run(["clean", str(source), "-o", "x.txt.gz"]).exit_code == 0
    assert gzip.decompress((tmp_path / "x.txt.gz").read_bytes()) == CLEAN.encode()
    # A gzip file without .gz in its name is recognised by its first bytes.
    hidden = write(tmp_path / "plain.txt", gzip.compress(DIRTY.encode()))
    assert run(["clean", str(hidden)]).stdout == CLEAN
    # -i keeps a .gz file compressed.
    assert run(["clean", "-i", str(source)]).exit_code == 0
    assert gzip.decompress(source.read_bytes()) == CLEAN.encode()


def test_recursive_finds_gzip_files(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt.gz", gzip.compress(DIRTY.encode()))
    write(tmp_path / "in" / "b.ndjson.gz", gzip.compress(jsonl(RECORDS).encode()))
    result = run(["clean", "-r", "in", "-o", "out/"])
    assert result.exit_code == 0, result.stderr
    assert gzip.decompress((tmp_path / "out" / "a.txt.gz").read_bytes()) == CLEAN.encode()
    assert len(gzip.decompress((tmp_path / "out" / "b.ndjson.gz").read_bytes()).splitlines()) == 3


def test_a_damaged_gzip_file_is_named(tmp_path: Path) -> None:
    source = write(tmp_path / "bad.txt.gz", gzip.compress(DIRTY.encode())[:20])
    result = run(["clean", str(source)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dedupe-article: {source}: ")


# --- errors that help ----------------------------------------------------------------------


def test_a_missing_text_field_is_named_once_with_the_fields_seen(tmp_path: Path) -> None:
    source = write(tmp_path / "c.jsonl", jsonl([{"id": n, "body": "x"} for n in range(5)]))
    result = run(["clean", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"dedupe-article: {source}:1: record has no 'text' field (its fields: id, body) (use --text-field NAME)",
        f"dedupe-article: {source}: 5 records have no 'text' field; their fields: id, body (use --text-field NAME)",
    ]
    assert len(result.stdout.splitlines()) == 5  # passed through


def test_skip_bad_never_replaces_a_corpus_by_nothing(tmp_path: Path) -> None:
    corpus = jsonl([{"id": n, "body": "x"} for n in range(5)])
    source = write(tmp_path / "c.jsonl", corpus)
    result = run(["clean", "--skip-bad", "-i", str(source)])
    assert result.exit_code == 1
    assert f"{source}: no record could be cleaned; {source} was not written" in result.stderr
    assert source.read_text(encoding="utf-8") == corpus


def test_a_recursive_walk_that_finds_nothing_warns(tmp_path: Path) -> None:
    write(tmp_path / "in" / "page.html", "x")
    result = run(["clean", "-r", "in"])
    assert result.exit_code == 0
    assert result.stderr.startswith("dedupe-article: warning: no file to clean: nothing matches --include")


# --- what -r walks -------------------------------------------------------------------------


def test_recursive_skips_hidden_folders_virtualenvs_and_git_ignored_paths(tmp_path: Path) -> None:
    for name in ["a.txt", ".hidden/b.txt", ".venv/lib/c.txt", "env/pyvenv.cfg", "env/d.txt", "build/e.txt"]:
        write(tmp_path / "project" / name, DIRTY)
    write(tmp_path / "project" / ".gitignore", "build/\n")
    subprocess.run(["git", "init", "-q", str(tmp_path / "project")], check=True)
    found, _ = find_inputs([str(tmp_path / "project")], recursive=True)
    assert [str(f.relative) for f in found] == ["a.txt"]
    everything, _ = find_inputs([str(tmp_path / "project")], recursive=True, skip_ignored=False)
    assert sorted(str(f.relative) for f in everything) == [
        ".hidden/b.txt",
        ".venv/lib/c.txt",
        "a.txt",
        "build/e.txt",
        "env/d.txt",
    ]


def test_exclude_takes_path_patterns(tmp_path: Path) -> None:
    for name in ["a.txt", "pkg/licenses/LICENSE.txt", "venv2/x.txt", "notes/venv2.txt"]:
        write(tmp_path / "in" / name, DIRTY)
    found, _ = find_inputs(["in"], recursive=True, exclude=["*/licenses/*", "venv2/"])
    assert sorted(str(f.relative) for f in found) == ["a.txt", "notes/venv2.txt"]


# --- smaller things ------------------------------------------------------------------------


def test_clean_has_version_and_stutter_words() -> None:
    assert run(["clean", "--version"]).stdout.startswith("dedupe-article, version ")
    text = "uno dos\nuno dos\n"
    assert run(["clean"], stdin=text).stdout == text  # two words: below the default 3
    assert run(["clean", "--stutter-words", "2"], stdin=text).stdout == "uno dos\n"


# --- a property: nothing disappears whatever the name, compression or input path ----------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.sampled_from(["Yes.", "Ver originales", LONG, "x\ny", ""]), min_size=1, max_size=6),
    as_records=st.booleans(),
    suffix=st.sampled_from([".jsonl", ".ndjson", ".json", ".txt", ".md", ""]),
    packed=st.booleans(),
    stdin=st.booleans(),
)
def test_every_record_and_line_comes_out_or_is_named(
    tmp_path: Path, texts: list[str], as_records: bool, suffix: str, packed: bool, stdin: bool
) -> None:
    """With nothing to remove asked for, what goes in comes out, or the run names why."""
    if as_records:
        data = jsonl([{"id": n, "text": t} for n, t in enumerate(texts)])
    else:
        data = "".join(t.replace("\n", " ") + "\n" for t in texts if t)
    raw = gzip.compress(data.encode()) if packed else data.encode()
    options = ["clean", "--no-dedupe", "--no-boilerplate", "--no-page"]
    if stdin:
        result = run(options, stdin=raw)
    else:
        source = tmp_path / f"input{suffix}{'.gz' if packed else ''}"
        source.write_bytes(raw)
        result = run([*options, str(source)])
    if result.exit_code != 0:
        assert result.stderr.strip(), "a failure must be named"
        return
    if as_records:
        assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == list(range(len(texts)))
    else:
        assert result.stdout.splitlines() == [line for line in data.splitlines() if line.strip()]
