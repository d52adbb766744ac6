"""Peak memory of `dedupe-article clean` on one huge text file.

The goal (issue 12, item 5): the peak resident memory stays within about four
times the input's size on any text file, a single 200 MB line included, or
the run stops with a one-line error naming ``--max-bytes``; never a
MemoryError or a traceback. Usage:

    python benchmarks/memory_single_line.py                 # the three inputs, 200 MB each
    python benchmarks/memory_single_line.py --size 50       # smaller inputs (MB)
    python benchmarks/memory_single_line.py --only ascii-line --size 200 -- --max-bytes 100M

Arguments after ``--`` are passed to ``dedupe-article clean``.

The inputs are generated deterministically in a temporary folder:

* ``ascii-line``: one line of ASCII words, no line break;
* ``accents-line``: one line of words in which about one in twenty has an
  accented letter (é, ü) or a typographic quote or dash (’ — …), so the
  decoded text needs two bytes a character;
* ``short-lines``: many lines of 5 to 25 words, a few of them repeated.

Each input is cleaned with ``-o`` in a fresh process whose peak resident
set (``ru_maxrss`` of that child alone, from :func:`os.wait4`) is printed
with its ratio to the input's size.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "the of and a to in is was for on that with as by at from his her it an were are which this be or has had "
    "not but have one their they its also been new after first two who more other when there all into only "
    "city government report minister council school river market police health budget team season company "
    "museum station election court hospital festival bridge research weather village university"
).split()
ACCENTED = ["café", "naïve", "Müller", "l’école", "—", "déjà", "año", "über", "…"]
KINDS = ("ascii-line", "accents-line", "short-lines")


def generate(path: Path, kind: str, megabytes: float, seed: int = 1) -> int:
    """Write ``megabytes`` MB of input of the given kind; return the size in bytes."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("wb") as out:
        while written < target:
            if kind == "short-lines":
                lines = [
                    " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 25))).capitalize() + ".\n"
                    for _ in range(2000)
                ]
                lines += rng.sample(lines, 50)
                chunk = "".join(lines)
            else:
                words = [rng.choice(WORDS) for _ in range(20_000)]
                if kind == "accents-line":
                    for i in range(0, len(words), 20):
                        words[i] = rng.choice(ACCENTED)
                chunk = " ".join(words) + " "
            data = chunk.encode("utf-8")[: target - written]
            out.write(data)
            written += len(data)
    return written


def measure(path: Path, extra: list[str]) -> tuple[float, float, int, str]:
    """Clean ``path`` in a child process: seconds, peak RSS in MB, exit code, last stderr line."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "dedupe_article", "clean", "-q", str(path), "-o", str(path.with_suffix(".out"))]
            + extra,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, child.returncode, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=200, help="input size in MB (default 200)")
    parser.add_argument("--only", choices=KINDS, action="append", help="run only this input (repeatable)")
    parser.add_argument("extra", nargs="*", help="arguments for dedupe-article clean (after --)")
    args = parser.parse_args()
    print(f"{'input':<14} {'MB':>7} {'exit':>4} {'seconds':>8} {'peak RSS MB':>12} {'x input':>8}  stderr")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.only or KINDS:
            path = Path(folder) / f"{kind}.txt"
            size = generate(path, kind, args.size)
            elapsed, peak, code, message = measure(path, args.extra)
            ratio = peak * 1024 * 1024 / size
            print(
                f"{kind:<14} {size / 1e6:>7.1f} {code:>4} {elapsed:>8.1f} {peak:>12.1f} {ratio:>8.2f}  {message[:90]}"
            )
            path.unlink()
            path.with_suffix(".out").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
