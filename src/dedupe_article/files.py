"""Files: finding the inputs, and writing outputs so that nothing is ever lost.

Every output file is written to a temporary file in the target's own folder,
flushed and fsynced, given the target's permission bits and renamed over it
with :func:`os.replace`; the folder is fsynced after the rename. A run that
fails, or is killed at any moment, leaves either the old file or the complete
new one, never a truncated file. A symlink is followed: its target is
rewritten and the link itself is kept. What is not a regular file (a device
such as ``/dev/null``, a named pipe, ``/dev/stdout``, a shell's ``>(...)``)
is opened and written directly, never replaced.

Folders are walked for ``-r`` skipping what a project keeps out of its
sources: hidden files and folders, virtualenvs, and paths git ignores.
"""

from __future__ import annotations

import fnmatch
import gzip
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dedupe_article.errors import TargetError as TargetError  # raised here; part of the package's error tree

DEFAULT_INCLUDE = (
    "*.txt",
    "*.md",
    "*.jsonl",
    "*.ndjson",
    "*.txt.gz",
    "*.md.gz",
    "*.jsonl.gz",
    "*.ndjson.gz",
)
# Names that say JSON Lines (a .json file must hold one object per line).
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class InputFile:
    """One input: a file, or standard input (``path`` is ``None``).

    Attributes:
        path: the file to read; ``None`` for standard input.
        name: how messages name it (the path as given, or ``<stdin>``).
        relative: its path relative to the folder it was found in (its name
            when given directly): where it goes in an output folder.
    """

    path: Path | None
    name: str
    relative: Path

    @property
    def is_jsonl(self) -> bool:
        """Whether the name says JSON Lines (``.jsonl``, ``.ndjson``, ``.json``, each perhaps ``.gz``)."""
        return self.name.removesuffix(".gz").endswith(JSONL_SUFFIXES)

    @property
    def is_gzip(self) -> bool:
        """Whether the name says gzip (``.gz``)."""
        return self.name.endswith(".gz")


# The first two bytes of a gzip file.
GZIP_MAGIC = b"\x1f\x8b"


def open_binary(source: InputFile, stdin: BinaryIO | None = None) -> BinaryIO:
    """Open an input for reading bytes, decompressing gzip files (by their first bytes, whatever their name)."""
    if source.path is None:
        assert stdin is not None
        return stdin
    handle = open(source.path, "rb")  # noqa: SIM115 - closed by the caller
    if handle.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def find_inputs(
    paths: Sequence[str],
    *,
    recursive: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip_ignored: bool = True,
) -> tuple[list[InputFile], list[str]]:
    """Expand the command line's paths into input files.

    Files are taken as given; ``-`` is standard input; a folder is walked
    when ``recursive``: the files that match an ``include`` pattern and no
    ``exclude`` pattern (excludes also prune folders; see
    :func:`matches_pattern`). With ``skip_ignored`` (the default) the walk
    also skips hidden files and folders (``.git``, ``.venv``), virtualenvs
    (folders holding ``pyvenv.cfg``) and what git ignores, as ruff and black
    do. Symlinks are followed, but a folder already visited is not entered
    again, so link loops end, and a file reached twice is read once.

    Returns:
        ``(inputs, problems)``: the files in a stable order, and one message
        per path that cannot be used (missing, unreadable, a folder without
        ``recursive``).
    """
    inputs: list[InputFile] = []
    problems: list[str] = []
    seen_files: set[tuple[int, int]] = set()

    def add(path: Path, name: str, relative: Path) -> None:
        try:
            info = path.stat()
        except OSError as exc:
            problems.append(f"{name}: {exc.strerror or exc}")
            return
        key = (info.st_dev, info.st_ino)
        if key not in seen_files:
            seen_files.add(key)
            inputs.append(InputFile(path, name, relative))

    for raw in paths:
        if raw == "-":
            inputs.append(InputFile(None, "<stdin>", Path("stdin")))
            continue
        path = Path(raw)
        if path.is_dir():
            if not recursive:
                problems.append(f"{raw}: is a folder (use -r to clean the files in it)")
                continue
            found = list(_walk(path, include, exclude, problems, skip_ignored))
            if skip_ignored:
                found = _not_git_ignored(path, found)
            for file in found:
                add(file, str(file), file.relative_to(path))
        elif path.exists():
            add(path, raw, Path(path.name))
        else:
            problems.append(f"{raw}: No such file or directory")
    return inputs, problems


def matches_pattern(pattern: str, relative: str, *, is_dir: bool = False) -> bool:
    """Whether a ``--include``/``--exclude`` pattern matches a path found by a walk.

    A pattern without ``/`` matches the name (``*.txt``, ``drafts``); one
    with ``/`` matches the path relative to the folder walked
    (``archive/*.txt``, ``*/licenses/*``; a leading ``/`` anchors nothing
    more); a trailing ``/`` matches folders only (``.venv/``). ``*`` matches
    across ``/`` as in :mod:`fnmatch`.

    >>> matches_pattern("*/licenses/*", "pkg/licenses/LICENSE")
    True
    >>> matches_pattern("drafts/", "drafts", is_dir=True), matches_pattern("drafts/", "drafts")
    (True, False)
    """
    if pattern.endswith("/"):
        if not is_dir:
            return False
        pattern = pattern.rstrip("/")
    if "/" in pattern:
        return fnmatch.fnmatch(relative, pattern.lstrip("/"))
    return fnmatch.fnmatch(relative.rpartition("/")[2], pattern)


def _walk(
    root: Path, include: Sequence[str], exclude: Sequence[str], problems: list[str], skip_ignored: bool
) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()

    def visit(folder: Path, prefix: str) -> Iterator[Path]:
        try:
            info = folder.stat()
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            problems.append(f"{folder}: {exc.strerror or exc}")
            return
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return  # a symlink back into a folder already walked
        visited.add(key)
        for entry in entries:
            relative = prefix + entry.name
            if skip_ignored and entry.name.startswith("."):
                continue
            is_dir = entry.is_dir()
            if any(matches_pattern(pattern, relative, is_dir=is_dir) for pattern in exclude):
                continue
            if is_dir:
                if skip_ignored and (entry / "pyvenv.cfg").exists():
                    continue  # a virtualenv
                yield from visit(entry, relative + "/")
            elif entry.is_file() and any(matches_pattern(pattern, relative) for pattern in include):
                yield entry
            elif not entry.exists():
                problems.append(f"{entry}: broken symbolic link")

    yield from visit(root, "")


def _not_git_ignored(root: Path, files: list[Path]) -> list[Path]:
    """The files git does not ignore (all of them outside a git work tree, or without git)."""
    git = shutil.which("git")
    if git is None or not files:
        return files
    try:
        done = subprocess.run(
            [git, "-C", str(root), "check-ignore", "--stdin", "-z"],
            input=b"".join(os.fsencode(os.path.abspath(f)) + b"\0" for f in files),
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return files
    if done.returncode not in (0, 1):  # 128: not a git work tree
        return files
    ignored = {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}
    return [f for f in files if os.path.abspath(f) not in ignored]


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (following symlinks); false if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def atomic_writer(target: Path, *, mode_from: Path | None = None) -> Iterator[BinaryIO]:
    """Write a file so that it appears complete or not at all.

    Yields a binary file object on a temporary file beside the target. On
    normal exit the data is fsynced, the permission bits are set (those of
    ``mode_from``, else of the existing target, else the default for new
    files) and the temporary file replaces the target; the folder is fsynced.
    On any exception the temporary file is removed and the target untouched.
    A symlink target is resolved first, so the link survives. A target that
    exists and is not a regular file (a device, a named pipe, a terminal,
    ``/dev/stdout``) is written directly instead: replacing it would destroy
    it (``/dev/null`` turned into a file) or write where no reader looks.
    """
    if is_special(target):
        with open(target, "wb") as direct:
            yield direct
            direct.flush()
        return
    real = Path(os.path.realpath(target))
    folder = real.parent
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".partial")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(real, mode_from))
        os.replace(temp, real)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def write_atomically(target: Path, chunks: Iterable[bytes], *, mode_from: Path | None = None) -> None:
    """Write ``chunks`` to ``target`` with :func:`atomic_writer`."""
    with atomic_writer(target, mode_from=mode_from) as handle:
        for chunk in chunks:
            handle.write(chunk)


def is_special(target: Path) -> bool:
    """Whether ``target`` exists and is not a regular file (its link followed): a device, a pipe, a socket."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _mode_for(real: Path, mode_from: Path | None) -> int:
    for source in (mode_from, real):
        if source is not None:
            try:
                return stat.S_IMODE(os.stat(source).st_mode)
            except OSError:
                pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is done anyway
    finally:
        os.close(fd)


def output_is_folder(output: str, inputs: int) -> bool:
    """Whether ``-o``/``--output`` names a folder to mirror the inputs in.

    It does when it exists as a folder, ends with ``/``, or several inputs
    are given; otherwise it is one file.

    >>> output_is_folder("clean/", 1), output_is_folder("clean.txt", 1), output_is_folder("clean", 3)
    (True, False, True)
    """
    return output.endswith(("/", os.sep)) or Path(output).is_dir() or inputs > 1


def plan_targets(
    inputs: Sequence[InputFile],
    *,
    output: Path | None = None,
    in_place: bool = False,
    folder: bool = False,
) -> list[Path | None]:
    """Decide where each input's output goes; ``None`` means standard output.

    With ``in_place`` each file is its own target. With ``output``, the
    inputs go to their relative paths below it when ``folder`` (see
    :func:`output_is_folder`), else the one input is written to it. The
    checks cost one pass over the inputs.

    Raises:
        TargetError: an output would be an input, two inputs would share an
            output, a folder is asked for where a file is, or standard
            input has no file to be written back to.
    """
    if in_place:
        if any(src.path is None for src in inputs):
            raise TargetError("--in-place cannot rewrite standard input")
        return [src.path for src in inputs]
    if output is None:
        return [None] * len(inputs)
    targets = _output_paths(inputs, output, folder)
    _check_targets(inputs, targets)
    return list(targets)


def _output_paths(inputs: Sequence[InputFile], output: Path, folder: bool) -> list[Path]:
    """Each input's output below the ``output`` folder, or ``output`` itself when it is one file."""
    if not folder:
        return [output for _ in inputs]
    if any(src.path is None for src in inputs):
        raise TargetError("standard input cannot go to an output folder; give -o a file name")
    if output.exists() and not output.is_dir():
        raise TargetError(f"{output}: is a file; several inputs need -o to be a folder")
    return [output / src.relative for src in inputs]


def _check_targets(inputs: Sequence[InputFile], targets: Sequence[Path]) -> None:
    """No two inputs share a target, and no target is an input (by its path, or by its inode: a link)."""
    by_path, by_inode = _input_identities(inputs)
    seen: dict[Path, str] = {}
    for src, target in zip(inputs, targets, strict=True):
        key = Path(os.path.abspath(target))
        if key in seen:
            raise TargetError(f"{src.name} and {seen[key]} would both be written to {target}")
        seen[key] = src.name
        overwritten = by_path.get(key)
        if overwritten is None and not is_special(target):
            try:
                info = os.stat(target)
            except OSError:
                pass
            else:
                overwritten = by_inode.get((info.st_dev, info.st_ino))
        if overwritten is not None:
            raise TargetError(f"{target}: the output would overwrite the input {overwritten} (use -i to rewrite files)")


def _input_identities(inputs: Sequence[InputFile]) -> tuple[dict[Path, str], dict[tuple[int, int], str]]:
    """The input files' names by absolute path and by (device, inode)."""
    by_path: dict[Path, str] = {}
    by_inode: dict[tuple[int, int], str] = {}
    for src in inputs:
        if src.path is not None:
            by_path[Path(os.path.abspath(src.path))] = src.name
            try:
                info = os.stat(src.path)
            except OSError:
                continue
            by_inode[(info.st_dev, info.st_ino)] = src.name
    return by_path, by_inode
