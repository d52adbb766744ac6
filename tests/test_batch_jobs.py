"""-j/--jobs: auto (one worker per usable CPU) by default, output order unchanged, no pool for small inputs."""

from __future__ import annotations

import concurrent.futures
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dedupe_article import parallel
from dedupe_article.batch import CHUNK_RECORDS
from dedupe_article.cli import cli
from dedupe_article.parallel import Runner, resolve_jobs, usable_cpus

LONG = "A long paragraph that has easily more than ten words in it, for the near-duplicate pass."


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config file of the checkout is picked up


def run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args)


def double(context: int, value: int) -> tuple[int, int]:
    """A task for the runner: the worker's process id and ``context * value``."""
    return os.getpid(), context * value


class _Spy:
    """Stands in for ProcessPoolExecutor, recording the pools asked for (and running none)."""

    sizes: list[int] = []

    def __init__(self, max_workers: int, **_: object) -> None:
        _Spy.sizes.append(max_workers)
        raise AssertionError("a pool was started")


@pytest.fixture
def no_pool(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    _Spy.sizes = []
    # parallel imports the pool class from concurrent.futures when it starts one.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Spy)
    return _Spy.sizes


# --- auto -----------------------------------------------------------------------------------


def test_auto_is_the_number_of_usable_cpus() -> None:
    count = usable_cpus()
    assert isinstance(count, int) and count >= 1
    assert resolve_jobs("auto") == count
    if hasattr(os, "sched_getaffinity") and not hasattr(os, "process_cpu_count"):
        assert count == len(os.sched_getaffinity(0))


def test_usable_cpus_falls_back_to_cpu_count_and_never_below_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert usable_cpus() == 3  # the affinity mask, not the machine's CPUs
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert usable_cpus() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # "cannot tell"
    assert usable_cpus() == 1


def test_process_cpu_count_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "process_cpu_count", lambda: 7, raising=False)
    assert usable_cpus() == 7


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5, "2", "all"])
def test_resolve_jobs_refuses_what_is_not_a_count(jobs: Any) -> None:
    with pytest.raises(ValueError, match="jobs must be a positive integer or 'auto'"):
        resolve_jobs(jobs)


# --- the runner -------------------------------------------------------------------------------


def test_one_task_runs_in_this_process(no_pool: list[int]) -> None:
    with Runner(3, jobs=4) as runner:
        assert list(runner.map(double, [(5,)])) == [(os.getpid(), 15)]
        assert list(runner.map(double, [])) == []
    assert no_pool == []


def test_one_job_never_starts_a_pool(no_pool: list[int]) -> None:
    with Runner(2, jobs=1) as runner:
        assert [value for _, value in runner.map(double, [(n,) for n in range(10)])] == list(range(0, 20, 2))
    assert no_pool == []


def test_a_pool_has_no_more_workers_than_tasks(no_pool: list[int]) -> None:
    with Runner(2, jobs=8) as runner, pytest.raises(AssertionError, match="a pool was started"):
        list(runner.map(double, [(1,), (2,), (3,)]))
    assert no_pool == [3]


def test_workers_keep_the_tasks_order() -> None:
    with Runner(3, jobs=2) as runner:
        results = list(runner.map(double, [(n,) for n in range(40)]))
        assert runner.workers == 2
    assert [value for _, value in results] == [3 * n for n in range(40)]
    assert {pid for pid, _ in results} - {os.getpid()}  # cleaned elsewhere


# --- the command ----------------------------------------------------------------------------


def test_clean_uses_every_cpu_by_default() -> None:
    jobs = next(p for p in cli.commands["clean"].params if p.name == "jobs")  # type: ignore[attr-defined]
    assert jobs.default == "auto"
    assert "[default: auto]" in run(["clean", "--help"]).stdout


def _files(tmp_path: Path, count: int) -> list[str]:
    names = []
    for n in range(count):
        path = tmp_path / f"f{n:02}.txt"
        path.write_text(f"{LONG} ({n})\nVer originales\n{LONG} ({n})\nFile {n}.\n", encoding="utf-8")
        names.append(str(path))
    return names


def _corpus(tmp_path: Path, records: int) -> str:
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": n, "text": f"{LONG} ({n})\nVer originales\n{LONG} ({n})\n"}) for n in range(records)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def three_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """``auto`` means three workers, so that a pool is used even on a machine of one CPU."""
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 3)


@pytest.mark.usefixtures("three_cpus")
def test_auto_writes_what_one_job_writes_for_many_files(tmp_path: Path) -> None:
    files = _files(tmp_path, 7)
    one = run(["clean", "-j", "1", "--report", "-", *files])
    auto = run(["clean", "-j", "auto", "--report", "-", *files])
    default = run(["clean", "--report", "-", *files])
    assert one.exit_code == auto.exit_code == default.exit_code == 0
    assert one.stdout == auto.stdout == default.stdout
    assert one.stdout.count("==> ") == 7 and one.stdout.count('"ui.view-original"') == 7
    assert run(["clean", "-j", "1", *files, "-o", "one/"]).exit_code == 0
    assert run(["clean", *files, "-o", "auto/"]).exit_code == 0
    for name in files:
        relative = Path(name).name
        assert (tmp_path / "one" / relative).read_bytes() == (tmp_path / "auto" / relative).read_bytes()


@pytest.mark.usefixtures("three_cpus")
def test_auto_writes_what_one_job_writes_for_json_lines(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 5 * CHUNK_RECORDS + 3)  # six chunks
    one = run(["clean", "-j", "1", "--report", "removals-1.jsonl", corpus])
    auto = run(["clean", "-j", "auto", "--report", "removals-auto.jsonl", corpus])
    assert one.exit_code == auto.exit_code == 0
    assert one.stdout == auto.stdout
    assert [json.loads(line)["id"] for line in auto.stdout.splitlines()] == list(range(5 * CHUNK_RECORDS + 3))
    assert (tmp_path / "removals-1.jsonl").read_bytes() == (tmp_path / "removals-auto.jsonl").read_bytes()
    assert run(["clean", "-j", "1", corpus, "-o", "one.jsonl.gz"]).exit_code == 0
    assert run(["clean", corpus, "-o", "auto.jsonl.gz"]).exit_code == 0
    assert (tmp_path / "one.jsonl.gz").read_bytes() == (tmp_path / "auto.jsonl.gz").read_bytes()


@pytest.mark.usefixtures("three_cpus")
def test_small_inputs_start_no_pool(tmp_path: Path, no_pool: list[int]) -> None:
    (one_file,) = _files(tmp_path, 1)
    result = run(["clean", one_file])
    assert result.exit_code == 0 and "Ver originales" not in result.stdout
    result = run(["clean", _corpus(tmp_path, CHUNK_RECORDS)])  # one chunk
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == CHUNK_RECORDS
    assert no_pool == []
    run(["clean", *_files(tmp_path, 2)])  # two files: two workers, not three
    assert no_pool == [2]


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "", "²"])
def test_a_bad_jobs_value_is_a_usage_error(value: str) -> None:
    result = run(["clean", "-j", value, "-"])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs'" in result.stderr
    assert "is not a number of worker processes (1 or more) or 'auto'" in result.stderr
    assert result.stdout == ""


def test_jobs_accepts_auto_in_any_case_and_numbers() -> None:
    for value in ("AUTO", "Auto", "1", "3"):
        assert run(["clean", "-j", value, "-"]).exit_code == 0
