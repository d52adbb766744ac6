"""Every command and Python example of README.md and docs/*.md runs, as written, and does what it says.

Shell commands (```sh, ```bash, ```console blocks, and the ``Example:`` lines
of each command's ``--help``) run in a fresh process (``dedupe-article`` is
``python -m dedupe_article``, so a fresh virtualenv needs nothing on PATH),
each block in its own folder holding the sample files of ``SAMPLES``, its
commands in order (one may read what an earlier one wrote). A command that
names an input neither in ``SAMPLES`` nor written before it fails, naming
the file: a new example comes with its sample. Python blocks run in order,
one namespace per page, in such a folder, with the names they assume
(``scraped``, ``text``, ``records``) defined.

docs/configuration.md is tested by tests/test_docs_configuration.py;
docs/cli.md is the ``--help`` output, whose examples are taken from ``--help``
here. The examples of docs/api.md (generated) are docstrings, run by
tests/test_doctests.py; its blocks, if any, are run here too.
"""

from __future__ import annotations

import ast
import contextlib
import glob
import gzip
import io
import json
import os
import random
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import clean, load_rules
from dedupe_article.cli import cli

ROOT = Path(__file__).parent.parent
# configuration.md: tests/test_docs_configuration.py; cli.md: the --help examples below.
PAGES = ["README.md"] + [
    f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in {"configuration.md", "cli.md"}
]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SHELL = {"sh", "bash", "shell", "console"}
TIMEOUT = 60

# --- the sample files the examples name ------------------------------------------------------

BODY = "El ayuntamiento aprobó ayer el presupuesto del año que viene tras una larga sesión plenaria."
# One paragraph a line: a UI leftover, the story, a newsletter box (site.toml's rule), a repeat, a label.
ARTICLE = (
    "Ver originales\n"
    f"{BODY}\n"
    "La oposición votó en contra y anunció que presentará enmiendas en las próximas semanas.\n"
    "Suscríbete a nuestro boletín y recibe las noticias del día.\n"
    f"{BODY}\n"
    "Dirección del papel:\n"
)
CLEAN_ARTICLE = "Los vecinos del barrio celebraron ayer la reapertura de la biblioteca municipal.\n"
SITE_RULES = """\
[[rules]]
id = "promo.newsletter"
kind = "prefix"
pattern = "Suscríbete a nuestro boletín"
why = "Newsletter box at the end of every article of the site."
drop = ["Suscríbete a nuestro boletín y recibe las noticias del día."]
keep = ["El ayuntamiento pidió a los vecinos que se suscriban al aviso de cortes."]
"""
FRAMES = {
    "example.com": ("Home | World | Politics | Business", "© Example News. All rights reserved."),
    "noticias.es": ("Portada | España | Mundo | Economía", "Síguenos en redes sociales"),
}
WORDS = (
    "council budget river bridge school harvest station museum festival market election court "
    "hospital library railway harbour mayor storm village factory garden theatre airport winter"
).split()


def _story(rng: random.Random) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 24))).capitalize() + "." for _ in range(3)]


def _pages() -> list[dict[str, str]]:
    """24 pages of each of two sites, under their frames; every sixth page copies an earlier story."""
    rng = random.Random(13)
    records, stories = [], []
    for number in range(48):
        site = list(FRAMES)[number % 2]
        menu, footer = FRAMES[site]
        if number % 6 == 5:
            body = stories[rng.randrange(len(stories))]
        else:
            body = _story(rng)
            stories.append(body)
        text = "\n".join([menu, *body, footer]) + "\n"
        records.append({"id": f"d{number}", "url": f"https://www.{site}/news/{number}", "site": site, "text": text})
    return records


def _jsonl(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _gz(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), mtime=0)


PAGE_RECORDS = _pages()
# corpus.jsonl.gz is cleaned with --text-field body (README) and without (docs/index.md): both fields.
CORPUS = [{"id": f"c{n}", "text": ARTICLE, "body": ARTICLE} for n in range(3)]
SAMPLES: dict[str, str | bytes] = {
    "article.txt": ARTICLE,
    "scraped/one.txt": ARTICLE,
    "scraped/two.txt": CLEAN_ARTICLE,
    "pages/one.txt": ARTICLE,
    "pages/two.txt": CLEAN_ARTICLE,
    "site.toml": SITE_RULES,
    "corpus.jsonl.gz": _gz(_jsonl(CORPUS)),
    "pages.jsonl": _jsonl(PAGE_RECORDS),
    "pages.jsonl.gz": _gz(_jsonl(PAGE_RECORDS)),
    "a.jsonl": _jsonl(PAGE_RECORDS[:24]),
    "b.jsonl": _jsonl(PAGE_RECORDS[24:]),
    # docs/scale.md's Dask example reads s3://bucket/...; a local folder stands in for the bucket.
    "bucket/pages/part-0.jsonl.gz": _gz(_jsonl(PAGE_RECORDS[:24])),
    "bucket/pages/part-1.jsonl.gz": _gz(_jsonl(PAGE_RECORDS[24:])),
    "fixtures/gate-es/input.txt": (ROOT / "fixtures" / "gate-es" / "input.txt").read_bytes(),
}
# The names Python examples assume.
NAMES: dict[str, object] = {
    "scraped": (ROOT / "fixtures" / "gate-es" / "input.txt").read_text(encoding="utf-8"),
    "text": ARTICLE,
    "records": PAGE_RECORDS,
}


def _populate(folder: Path) -> Path:
    for name, content in SAMPLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# --- finding the examples ------------------------------------------------------------------


@dataclass
class Command:
    source: str  # page:line
    text: str  # as documented, without its comment
    comment: str = ""

    @property
    def expected_exit(self) -> int:
        """1 for ``clean --check``/``--diff`` (the samples always hold something to change), else 0."""
        return 1 if re.search(r"dedupe-article clean\b.*\s--(check|diff)\b", self.text) else 0


@dataclass
class Block:
    source: str
    commands: list[Command] = field(default_factory=list)


def _blocks(page: str) -> Iterator[tuple[str, int, str]]:
    """(language, line of the first code line, body) of each fenced block of a page."""
    text = (ROOT / page).read_text(encoding="utf-8")
    for match in BLOCK.finditer(text):
        yield match.group(1), text.count("\n", 0, match.start()) + 2, match.group(2)


def _split_comment(line: str) -> tuple[str, str]:
    """The command and its trailing ``# comment`` (a ``#`` outside quotes, after a space)."""
    for match in re.finditer(r"\s+#", line):
        before = line[: match.start()]
        if before.count("'") % 2 == 0 and before.count('"') % 2 == 0:
            return before.strip(), line[match.end() :].strip()
    return line.strip(), ""


def _commands_of(source: str, lines: list[str]) -> list[Command]:
    commands = []
    for line in lines:
        text, comment = _split_comment(line)
        if not text or text.startswith("#"):
            continue
        commands.append(Command(source, text, comment))
        # "# or: cat article.txt | dedupe-article clean" documents a second command: run it too.
        if comment.startswith("or:"):
            commands.append(Command(source, comment[3:].strip()))
    return commands


def _doc_blocks() -> list[Block]:
    blocks = []
    for page in PAGES:
        for language, line, body in _blocks(page):
            if language not in SHELL:
                continue
            lines = body.splitlines()
            if language == "console":  # only the prompted lines are commands
                lines = [x[2:] for x in lines if x.startswith("$ ")]
            blocks.append(Block(f"{page}:{line}", _commands_of(f"{page}:{line}", lines)))
    return blocks


def _help_blocks() -> list[Block]:
    """The ``Example:``/``Examples:`` lines of every command's --help (docs/cli.md is that output)."""
    blocks = []
    for name in sorted(cli.commands):  # type: ignore[attr-defined]
        result = CliRunner().invoke(cli, [name, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        match = re.search(r"^( *)Examples?:\n((?:\1 +\S.*\n)+)", result.output, re.MULTILINE)
        assert match, f"dedupe-article {name} --help shows no example (STYLE.md: each command docstring has one)"
        source = f"dedupe-article {name} --help"
        blocks.append(Block(source, _commands_of(source, match.group(2).splitlines())))
    return blocks


BLOCKS = _doc_blocks() + _help_blocks()

# Documented commands that are not run, and why.
NOT_RUN = {
    # The test suite itself, which this file is part of; CI runs exactly this line
    # (tests/test_docs.py::test_ci_runs_the_readme_test_command).
    "python -m pytest": "the test suite",
    # A benchmark takes a minute or more: test_benchmark_commands_parse checks its options.
    "python benchmarks/run.py": "a benchmark",
}


def _runnable(command: Command) -> str | None:
    """The command to run, or None: ``pip install X && rest`` is ``rest``; a lone ``pip install`` is skipped.

    The package (with its extras) is installed where the tests run: CI installs it as the quick start does.
    """
    text = command.text
    if text.startswith("pip install"):
        if "&&" not in text:
            return None
        text = text.split("&&", 1)[1].strip()
    if any(text.startswith(prefix) for prefix in NOT_RUN):
        return None
    return text


def _shell(text: str) -> str:
    """The command with ``dedupe-article`` and ``python`` as this interpreter (not names from PATH)."""
    python = shlex.quote(sys.executable)
    text = re.sub(r"(?:(?<=^)|(?<=[\s|;&(]))dedupe-article(?=\s|$)", f"{python} -m dedupe_article", text)
    return re.sub(r"(?:(?<=^)|(?<=[\s|;&(]))python(?=\s)", python, text)


# --- what a command reads and writes ---------------------------------------------------------

VALUE_OPTIONS = {
    name: {opt for p in command.params if not getattr(p, "is_flag", True) for opt in p.opts}
    for name, command in cli.commands.items()  # type: ignore[attr-defined]
}


@dataclass
class Files:
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


def _files(text: str) -> Files:
    """The files a command line reads and writes, from the CLI's own option table."""
    text = re.sub(r"(?<!\S)\d>", ">", text)  # "2> FILE" writes FILE as "> FILE" does
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    files = Files()
    segments: list[list[str]] = [[]]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in {"|", "&&", ";", "||"}:
            segments.append([])
        elif token in {">", ">>", "2>", "&>"}:
            files.outputs.append(tokens[i + 1])
            i += 1
        elif token == "<":
            files.inputs.append(tokens[i + 1])
            i += 1
        else:
            segments[-1].append(token)
        i += 1
    for segment in segments:
        if segment[:1] == ["cat"]:
            files.inputs += segment[1:]
        if segment[:1] != ["dedupe-article"] or len(segment) < 2 or segment[1] not in VALUE_OPTIONS:
            continue
        name, args = segment[1], segment[2:]
        j = 0
        while j < len(args):
            arg = args[j]
            if arg in VALUE_OPTIONS[name]:
                value = args[j + 1]
                if arg == "--rules":
                    files.inputs.append(value)
                elif arg in {"-o", "--output", "--report"}:
                    files.outputs.append(value)
                j += 1
            elif not arg.startswith("-") and name != "rules":  # rules' argument is a rule id
                files.inputs.append(arg)
            j += 1
    return files


def _assert_inputs_exist(command: Command, folder: Path) -> None:
    for name in _files(command.text).inputs:
        found = glob.glob(name, root_dir=folder) if glob.has_magic(name) else [name] * (folder / name).exists()
        assert found, (
            f"{command.source}: `{command.text}` reads {name!r}, which is neither in SAMPLES "
            "(tests/test_doc_examples.py) nor written by an earlier command of its block: add a sample for it"
        )


def _assert_outputs_written(command: Command, folder: Path) -> None:
    for name in _files(command.text).outputs:
        if name == "-" or name.startswith("/dev/"):
            continue
        path = folder / name
        assert path.exists(), f"{command.source}: `{command.text}` did not write {name}"
        if path.is_dir():
            assert any(path.iterdir()), f"{command.source}: `{command.text}` wrote nothing into {name}"


# --- what the docs say the commands do, where it is cheap to check ----------------------------


@dataclass
class Run:
    command: Command
    folder: Path
    stdout: str
    stderr: str
    before: dict[str, bytes]  # the folder's files before the command

    def output(self) -> str:
        """What the command printed, or wrote with ``>``."""
        match = re.search(r"(?<![2&])>\s*(\S+)\s*$", self.command.text)
        return (self.folder / match.group(1)).read_text(encoding="utf-8") if match else self.stdout

    def explained(self) -> str:
        """What ``--explain`` wrote: stderr, or the file of ``2>``."""
        match = re.search(r"2>\s*(\S+)", self.command.text)
        return (self.folder / match.group(1)).read_text(encoding="utf-8") if match else self.stderr


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _gzip_json_lines(path: Path) -> list[dict]:
    return _json_lines(gzip.decompress(path.read_bytes()).decode("utf-8"))


def _quick_start(run: Run) -> None:
    # README: "its output is fixtures/gate-es/expected.txt".
    assert run.stdout == (ROOT / "fixtures" / "gate-es" / "expected.txt").read_text(encoding="utf-8")


def _cleans_the_article(run: Run) -> None:
    article = run.before["article.txt"].decode("utf-8")
    assert run.output() == clean(article, unwrap="--unwrap" in run.command.text)


def _explains(run: Run) -> None:
    removals = _json_lines(run.explained())
    assert {r["reason"] for r in removals} == {"boilerplate", "near_duplicate"}, removals
    assert any(r.get("rule_id") == "ui.view-original" for r in removals)


def _site_rules(run: Run) -> None:
    # site.toml's rule removes the newsletter box; --ignore label keeps the label the catalog would remove.
    out = run.output()
    assert "Suscríbete" not in out
    if (run.folder / "article.txt").read_text(encoding="utf-8") == ARTICLE:  # not cleaned by an earlier -i
        assert ("Dirección del papel:" in out) == ("--ignore label" in run.command.text)


def _check_names_changed_files(run: Run) -> None:
    said = run.stdout + run.stderr
    assert "one.txt" in said or "article.txt" in said, said
    assert "two.txt" not in said, said  # a clean file is not named
    assert _snapshot(run.folder) == run.before  # --check writes nothing


def _batch(run: Run) -> None:
    source, target = re.search(r"-r (\S+)/ -o (\S+)/", run.command.text).groups()  # type: ignore[union-attr]
    assert sorted(p.name for p in (run.folder / target).iterdir()) == ["one.txt", "two.txt"]
    assert (run.folder / target / "one.txt").read_text(encoding="utf-8") == clean(ARTICLE)
    assert (run.folder / target / "two.txt").read_text(encoding="utf-8") == CLEAN_ARTICLE
    assert all(r["file"] for r in _json_lines((run.folder / "removals.jsonl").read_text(encoding="utf-8")))


def _corpus(run: Run) -> None:
    field_name = "body" if "--text-field body" in run.command.text else "text"
    records = _gzip_json_lines(run.folder / "clean.jsonl.gz")
    assert [r[field_name] for r in records] == [clean(ARTICLE)] * len(CORPUS)


def _frame_removed(run: Run) -> None:
    # The rules learned from the pages remove each site's menu and footer from every page.
    texts = [r["text"] for r in _gzip_json_lines(run.folder / "clean.jsonl.gz")]
    assert texts
    assert not [t for t in texts for line in (m for frame in FRAMES.values() for m in frame) if line in t]


def _rules_list(run: Run) -> None:
    assert "ui.view-original" in run.stdout


def _site_rules_listed(run: Run) -> None:
    assert "promo.newsletter" in run.stdout
    assert "ui.view-original" not in run.stdout  # the file's rules instead of the catalog


def _in_place(run: Run) -> None:
    # -i rewrites each file with its cleaned text, unless --check/--diff only look.
    for name in glob.glob("*.txt", root_dir=run.folder):
        before = run.before[name].decode("utf-8")
        expected = before if "--check" in run.command.text else clean(before)
        assert (run.folder / name).read_text(encoding="utf-8") == expected, name


def _dedupe(run: Run) -> None:
    gz = run.folder / "kept.jsonl.gz"
    records = _gzip_json_lines(gz) if "-o kept.jsonl.gz" in run.command.text else _json_lines(run.output())
    assert 0 < len(records) < len(PAGE_RECORDS), len(records)  # every sixth page is a copy
    if "--report clusters.jsonl" in run.command.text:
        report = _json_lines((run.folder / "clusters.jsonl").read_text(encoding="utf-8"))
        assert len(report) == len(PAGE_RECORDS) - len(records)
        assert all("duplicate_of" in r for r in report)


def _learn(run: Run) -> None:
    path = run.folder / "site-rules.toml" if "-o site-rules.toml" in run.command.text else None
    if path is None:
        (run.folder / "learned.toml").write_text(run.stdout, encoding="utf-8")
        path = run.folder / "learned.toml"
    ids = {rule.id for rule in load_rules(path)}
    assert {"learned.example-com.1", "learned.noticias-es.1"} <= ids, ids


def _help(run: Run) -> None:
    assert run.stdout.startswith("Usage:")


# (pattern searched in the command, check): every pattern must match a documented command.
CLAIMS: list[tuple[str, Callable[[Run], None]]] = [
    (r"clean fixtures/gate-es/input\.txt$", _quick_start),
    (r"clean( --explain| --unwrap)?( article\.txt)?( > clean\.txt)?$", _cleans_the_article),
    (r"clean -i ", _in_place),
    (r"--explain", _explains),
    (r"clean --rules site\.toml", _site_rules),
    (r"clean .*--check", _check_names_changed_files),
    (r"-r \S+/ -o \S+/ --report removals\.jsonl", _batch),
    (r"clean --rules site-rules\.toml \S+ -o clean\.jsonl\.gz", _frame_removed),
    (r"clean corpus\.jsonl\.gz .*-o clean\.jsonl\.gz", _corpus),
    (r"^dedupe-article rules( ui\.view-original)?$", _rules_list),
    (r"^dedupe-article rules --rules site\.toml$", _site_rules_listed),
    (r"^dedupe-article dedupe ", _dedupe),
    (r"^dedupe-article learn ", _learn),
    (r"--help$", _help),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _run(command: Command, folder: Path) -> None:
    _assert_inputs_exist(command, folder)
    before = _snapshot(folder)
    text = _runnable(command)
    assert text is not None
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    result = subprocess.run(
        _shell(text), shell=True, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False
    )
    context = f"{command.source}: `{command.text}`\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}"
    assert result.returncode == command.expected_exit, context
    assert "Traceback" not in result.stderr, context
    _assert_outputs_written(command, folder)
    run = Run(command, folder, result.stdout, result.stderr, before)
    for pattern, check in CLAIMS:
        if re.search(pattern, command.text):
            try:
                check(run)
            except AssertionError as error:
                raise AssertionError(f"{context}\n{check.__name__}: {error}") from error


def test_the_docs_have_their_examples() -> None:
    commands = [c for b in BLOCKS for c in b.commands]
    assert len([c for c in commands if _runnable(c)]) >= 35
    assert {b.source.split(":")[0] for b in BLOCKS} >= {"README.md", "docs/index.md", "docs/scale.md"}
    assert all(b.commands for b in BLOCKS), [b.source for b in BLOCKS if not b.commands]


@pytest.mark.parametrize("pattern", [p for p, _ in CLAIMS])
def test_every_claim_checks_a_documented_command(pattern: str) -> None:
    assert any(re.search(pattern, c.text) for b in BLOCKS for c in b.commands), f"no documented command: {pattern}"


def test_every_command_expected_to_exit_1_says_so() -> None:
    # A documented command that exits 1 on the samples says why on its line.
    for block in BLOCKS:
        for command in block.commands:
            if "exit 1" in command.comment:
                assert command.expected_exit == 1, f"{command.source}: {command.text}"


def test_a_command_naming_a_file_without_sample_fails_naming_it(tmp_path: Path) -> None:
    command = Command("README.md:1", "dedupe-article clean --rules mine.toml notes.txt > out.txt")
    assert _files(command.text) == Files(inputs=["mine.toml", "notes.txt"], outputs=["out.txt"])
    with pytest.raises(AssertionError, match="reads 'mine.toml', which is neither in SAMPLES"):
        _assert_inputs_exist(command, _populate(tmp_path))


@pytest.mark.parametrize("block", [b for b in BLOCKS if any(_runnable(c) for c in b.commands)], ids=lambda b: b.source)
def test_block_runs(block: Block, tmp_path: Path) -> None:
    folder = _populate(tmp_path)
    for command in block.commands:
        if _runnable(command) is not None:
            _run(command, folder)


def test_benchmark_commands_parse() -> None:
    # The benchmark runs are too slow for the suite; their options must still exist.
    commands = [c.text for b in BLOCKS for c in b.commands if c.text.startswith("python benchmarks/")]
    assert commands
    for text in commands:
        args = shlex.split(text)
        result = subprocess.run([sys.executable, args[1], "--help"], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        for arg in args[2:]:
            if arg.startswith("--"):
                assert f"{arg} " in result.stdout or f"{arg}\n" in result.stdout, f"{text}: {arg} is not an option"


# --- Python blocks ---------------------------------------------------------------------------

# Blocks that are compiled, not run: what they need.
COMPILED_ONLY = {
    # Starting a LocalCluster takes seconds; the same script (guarded by __main__, dashboard_address=":0")
    # runs in tests/test_dask.py::test_a_script_guarded_by_main_runs_on_a_local_cluster.
    "LocalCluster(": "a local cluster",
    "tcp://scheduler.example.org": "a running scheduler",
    "SLURMCluster": "a SLURM batch system",
    "KubeCluster": "a Kubernetes cluster",
}
# Remote storage the Dask example reads and writes, and the local folder standing in for it.
STAND_INS = {"s3://bucket/": "bucket/"}


def _python_blocks(page: str) -> list[tuple[str, str]]:
    return [(f"{page}:{line}", body) for language, line, body in _blocks(page) if language == "python"]


def _exec_checked(source: str, body: str, namespace: dict[str, object]) -> None:
    """Run a block statement by statement; ``expr  # 'literal'`` at top level must give the literal."""
    lines = body.splitlines()
    for node in ast.parse(body).body:
        code = ast.get_source_segment(body, node)
        assert code is not None
        if isinstance(node, ast.Expr):
            value = eval(compile(ast.Expression(node.value), source, "eval"), namespace)  # noqa: S307
            _, comment = _split_comment(lines[node.end_lineno - 1])  # type: ignore[operator]
            with contextlib.suppress(ValueError, SyntaxError):
                expected = ast.literal_eval(comment)
                assert value == expected, f"{source}: {code} is {value!r}, the doc says {comment}"
        else:
            exec(compile(ast.Module([node], []), source, "exec"), namespace)  # noqa: S102


def _printed_claims(body: str) -> list[str]:
    """The string literals commented on print lines: ``print(x)  # "what it prints"``."""
    claims = []
    for line in body.splitlines():
        code, comment = _split_comment(line)
        if "print(" in code and comment[:1] in {'"', "'"}:
            claims.append(ast.literal_eval(comment))
    return claims


PYTHON_PAGES = [p for p in PAGES if _python_blocks(p)]


def test_python_pages() -> None:
    assert {"README.md", "docs/index.md", "docs/scale.md"} <= set(PYTHON_PAGES)


@pytest.mark.parametrize("page", PYTHON_PAGES)
def test_python_blocks_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_populate(tmp_path))
    namespace: dict[str, object] = {"__name__": "doc_example", **NAMES}
    for source, body in _python_blocks(page):
        if any(marker in body for marker in COMPILED_ONLY):
            compile(body, source, "exec")  # not run, but it must be Python
            continue
        for remote, local in STAND_INS.items():
            body = body.replace(remote, local)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            _exec_checked(source, body, namespace)
        for claim in _printed_claims(body):
            assert claim in printed.getvalue().splitlines(), f"{source}: does not print {claim!r}"
    if page == "docs/scale.md":
        # The Dask example cleaned every page and wrote them as gzip JSON Lines.
        written = sorted((tmp_path / "bucket" / "clean").glob("*.jsonl.gz"))
        assert sum(len(_gzip_json_lines(p)) for p in written) == len(PAGE_RECORDS)
        assert load_rules(tmp_path / "site-rules.toml")  # the learn example's file


def test_scale_samples_parse(tmp_path: Path) -> None:
    # docs/scale.md shows a learned rule file and a report line: they are what learn and dedupe write.
    blocks = {language: body for language, _, body in _blocks("docs/scale.md") if language in {"toml", "json"}}
    (tmp_path / "site-rules.toml").write_text(blocks["toml"], encoding="utf-8")
    assert [r.id for r in load_rules(tmp_path / "site-rules.toml")] == ["learned.example-com.1"]
    report = json.loads(blocks["json"])
    assert set(report) == {"file", "line", "id", "duplicate_of", "score", "containment"}
