"""Files: finding the inputs, and writing outputs so that nothing is ever lost.

Every output file is written to a temporary file in the target's own folder,
flushed and fsynced, given the target's permission bits and renamed over it
with :func:`os.replace`; the folder is fsynced after the rename. A run that
fails, or is killed at any moment, leaves either the old file or the complete
new one, never a truncated file. A symlink is followed: its target is
rewritten and the link itself is kept.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.jsonl", "*.jsonl.gz")


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
        """Whether the name says JSON Lines (``.jsonl`` or ``.jsonl.gz``)."""
        return self.name.endswith((".jsonl", ".jsonl.gz"))

    @property
    def is_gzip(self) -> bool:
        """Whether the name says gzip (``.gz``)."""
        return self.name.endswith(".gz")


def find_inputs(
    paths: Sequence[str],
    *,
    recursive: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
) -> tuple[list[InputFile], list[str]]:
    """Expand the command line's paths into input files.

    Files are taken as given; ``-`` is standard input; a folder is walked
    when ``recursive`` (files whose name matches an ``include`` glob and no
    ``exclude`` glob; excludes also prune folders). Symlinks are followed,
    but a folder already visited is not entered again, so link loops end,
    and a file reached twice is read once.

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
            for found in _walk(path, include, exclude, problems):
                add(found, str(found), found.relative_to(path))
        elif path.exists():
            add(path, raw, Path(path.name))
        else:
            problems.append(f"{raw}: No such file or directory")
    return inputs, problems


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str], problems: list[str]) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()

    def excluded(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in exclude)

    def visit(folder: Path) -> Iterator[Path]:
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
            if excluded(entry.name):
                continue
            if entry.is_dir():
                yield from visit(entry)
            elif entry.is_file() and any(fnmatch.fnmatch(entry.name, pattern) for pattern in include):
                yield entry
            elif not entry.exists():
                problems.append(f"{entry}: broken symbolic link")

    yield from visit(root)


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
    A symlink target is resolved first, so the link survives.
    """
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


class TargetError(ValueError):
    """The outputs asked for cannot be written safely (would overwrite an input, collide, ...)."""


def plan_targets(
    inputs: Sequence[InputFile],
    *,
    output: Path | None = None,
    in_place: bool = False,
    single_file_output: bool = True,
) -> list[Path | None]:
    """Decide where each input's output goes; ``None`` means standard output.

    With ``in_place`` each file is its own target. With ``output``, a lone
    input (when ``single_file_output``, that is: not a folder) is written to
    that file; otherwise ``output`` is a folder and each input goes to its
    relative path below it.

    Raises:
        TargetError: an output would be an input, two inputs would share an
            output, or standard input has no file to be written back to.
    """
    if in_place:
        if any(src.path is None for src in inputs):
            raise TargetError("--in-place cannot rewrite standard input")
        return [src.path for src in inputs]
    if output is None:
        return [None] * len(inputs)
    if len(inputs) == 1 and single_file_output and not output.is_dir():
        targets: list[Path | None] = [output]
    else:
        if any(src.path is None for src in inputs):
            raise TargetError("standard input cannot go to an output folder; give -o a file name")
        if output.exists() and not output.is_dir():
            raise TargetError(f"{output}: several inputs need -o to be a folder")
        targets = [output / src.relative for src in inputs]
    seen: dict[Path, str] = {}
    for src, target in zip(inputs, targets, strict=True):
        assert target is not None
        key = Path(os.path.abspath(target))
        if key in seen:
            raise TargetError(f"{src.name} and {seen[key]} would both be written to {target}")
        seen[key] = src.name
        for other in inputs:
            if other.path is not None and (same_file(other.path, target) or Path(os.path.abspath(other.path)) == key):
                raise TargetError(
                    f"{target}: the output would overwrite the input {other.name} (use -i to rewrite files)"
                )
    return targets
