"""Peak memory of `dedupe-article clean` on JSON Lines files of growing size.

Streaming means the peak resident memory of the process should stay about
the same whatever the file's size. Usage:

    python benchmarks/memory_jsonl.py            # 10 MB and 85 MB files
    python benchmarks/memory_jsonl.py 5 20 40    # sizes in MB

Each size is generated deterministically in a temporary folder (documents of
8 to 30 paragraphs with repeats and a boilerplate line), cleaned with
``-o``, and measured with ``resource.getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import json
import random
import resource
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


def generate(path: Path, megabytes: float, seed: int = 1) -> int:
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = documents = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 50))).capitalize() + "."
                for _ in range(rng.randint(8, 30))
            ]
            paragraphs += rng.sample(paragraphs, k=max(1, len(paragraphs) // 5)) + ["Read more"]
            line = json.dumps({"id": documents, "text": "\n".join(paragraphs)}) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            documents += 1
    return documents


def measure(path: Path, jobs: int) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dedupe_article", "clean", "-j", str(jobs), str(path)]
        + ["-o", str(path.with_suffix(".out"))],
        check=True,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, the largest child so far
    return elapsed, max(peak, before) / 1024


def main(sizes: list[float]) -> None:
    print(f"{'size MB':>8} {'documents':>10} {'seconds':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted(sizes):
            path = Path(folder) / f"corpus-{size:g}.jsonl"
            documents = generate(path, size)
            elapsed, peak = measure(path, jobs=1)
            print(f"{size:>8g} {documents:>10} {elapsed:>8.1f} {peak:>12.1f}")
            path.unlink()


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [10, 85])
