"""Generate the *messages* workloads: short, punctuation-heavy paragraphs from software messages.

Nothing is downloaded or harvested: the text comes from templates and
vocabularies written here (changelog entries, log and error lines, compiler
and package-manager warnings, CLI help lines, commit subjects, test
summaries), filled with made-up names built from syllables, numbers,
version strings, paths, flags, error codes, hosts and hashes. Paragraphs
have 8 to 60 words (split on spaces); their keys (``paragraph_key``) often
have more, since punctuation becomes a space (``v2.3.1`` is three words).

Workloads (``--sizes`` names; files are prefixed ``messages-``):

``doc-N`` (N = 2000, 20000 by default; any N >= 200)
    One document, one paragraph per line: a long changelog-and-log dump in
    release sections (a unique heading each), about 18% duplicates, some
    repeated short lines, near misses. ``messages-doc-N.txt`` and
    ``messages-doc-N.truth.json``.

``corpus-N`` (N = 10000 by default; any N)
    JSON Lines, one record per document: ``id``, ``site``, ``url``,
    ``text``. 40 sites; each site has a frame of 5 to 10 lines (a header of
    2-4 lines before the document, a footer of 3-6 lines after it) printed
    on every one of its documents, some of them lines the built-in catalog
    knows (skip links, share rows, copyright), some not (the site's menu,
    its "Edit this page on GitHub"). A document is the header, a unique
    title, 30 to 62 messages (about 13% duplicates, repeated short lines
    drawn from the site's pool, near misses) and the footer: about 55
    lines. ``messages-corpus-N.jsonl`` and ``messages-corpus-N.truth.jsonl``
    (one line per document, same order).

Duplicate kinds (``kinds`` in the truth): ``exact``; ``whitespace``
(doubled spaces, no-break spaces, a space dropped after a colon or comma,
spaces inside brackets); ``punct`` (a label's colon becomes a dash, a final
period added or dropped, straight and curly quotes, ``(#12)`` as ``[#12]``,
a semicolon as a comma); ``one-word`` (one word without digits replaced,
added or removed).

The truth follows the documented policy (``docs/how-it-works.md``), and the
generator checks it as it writes:

* a duplicate repeats a long original (key of 10 words or more), each
  original at most once (a text seen three times alone would be a refrain);
  whitespace and punctuation variants keep the key; a one-word variant keeps
  the key's numbers, scores >= 90.5 with ``fuzz.ratio`` and keeps 10 words;
* a fresh message never scores >= 88 against an earlier kept long one, and
  its key is new;
* ``near_misses`` must be kept: several words edited (score 75-88 against
  their original), or one number changed (``number-variant``: the score may
  pass 90, but numbers are content), the latter with no duplicate within 16
  positions on either side, so no repeated copy can take it;
* ``repeated_short``: short lines (under 10 words: ``All tests passed.``,
  ``No functional changes.``) printed again on purpose; they must be kept,
  so one never follows its own previous occurrence (a stutter), and no
  duplicate within 16 positions of it has its source within 16 positions
  of an earlier occurrence of the same line (no repeated copy lines it up);
* ``frame``: the site's frame lines (corpus only), recorded apart; what
  removes them (the catalog, the page stage) is reported, not scored.

Usage::

    python benchmarks/generate_messages.py --out /tmp/bench                 # doc-2000, doc-20000, corpus-10000
    python benchmarks/generate_messages.py --out /tmp/bench --sizes doc-2000,corpus-1000 --seed 7
    python benchmarks/generate_messages.py --out /tmp/bench --sample 20     # print 20 paragraphs

Everything is deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from dedupe_article.keys import count_words, paragraph_key

SEED = 20250311
PREFIX = "messages-"
DEFAULT_SIZES = ["doc-2000", "doc-20000", "corpus-10000"]
QUICK_SIZES = ["doc-2000", "corpus-1000"]

MIN_WORDS = 10  # the library's min_words: long paragraphs from here
DUP_MIN_SCORE = 90.5
FRESH_MAX_SCORE = 88.0  # a fresh message scores below this against every earlier kept one
NEAR_MISS_BAND = (75.0, 88.0)
QUIET = 16  # max_gap (10) + the copy's edge skip (4) + a margin
LOCAL = 40
N_SITES = 40

# --- vocabularies (made up) ------------------------------------------------------------------

SYLLABLES = (
    "ka ri to ma ne lo sa vi de mu ra po li ga be tu ni so fe la do mi ze ku ta ro ve si pa no "
    "qu zor fen nar wal bris kel tix vox dra plu mek sta gri lum"
).split()
NOUNS = (
    "request response buffer header payload token session socket handle cursor frame chunk record entry field "
    "column schema index lock queue worker thread task job timer retry timeout limit quota manifest lockfile "
    "checksum signature certificate key secret proxy mirror registry artifact wheel tarball image volume mount "
    "path symlink permission locale encoding newline prompt banner spinner option argument default profile "
    "workspace target toolchain runtime plugin hook callback handler middleware router endpoint route query "
    "filter offset page batch snapshot backup migration transaction rollback commit branch tag remote diff "
    "patch conflict cache pool connection stream pipe channel shard replica cluster node pod container daemon "
    "service unit socket archive bundle template fixture benchmark report metric counter histogram sampler"
).split()
ADJECTIVES = (
    "empty stale missing invalid duplicate nested relative absolute partial corrupted oversized unicode "
    "readonly hidden cached pinned optional deprecated experimental unsigned expired concurrent idle remote "
    "local default custom legacy verbose quiet large small trailing leading"
).split()
PROBLEMS = (
    "crash|hang|memory leak|deadlock|off-by-one error|wrong exit code|spurious warning|stale cache entry|"
    "double free|silent data loss|slow startup|incorrect rounding|broken link|missing newline|duplicate log line|"
    "race condition|infinite loop|unhandled exception|panic|timeout|segfault|file descriptor leak|"
    "high CPU usage|bad error message|truncated output|wrong default|encoding error|permission error|"
    "flaky test|regression|use-after-free|stack overflow|integer overflow|misleading progress bar"
).split("|")
CONDITIONS = [
    "when the {noun} is {adj}",
    "on files larger than {size}",
    "if {env} is unset",
    "with {flag} and {flag2}",
    "on {os}",
    "after {n} retries",
    "under heavy load",
    "with non-ASCII {noun} names",
    "when the {noun} path has a trailing slash",
    "during shutdown of {comp}",
    "while the {noun} is locked by another process",
    "if {path} does not exist",
    "when {func}() is called twice",
    "for {adj} {noun} entries",
    "with more than {n} {noun}s",
    "when {comp} is restarted",
]
COMPONENTS = (
    "parser|scheduler|cache layer|auth module|HTTP client|CLI|config loader|worker pool|exporter|indexer|"
    "migration runner|plugin host|TLS layer|query planner|log shipper|sync agent|uploader|resolver|"
    "file watcher|garbage collector|job queue|metrics endpoint|shell completion|installer|updater|"
    "REST API|gRPC server|storage backend|test runner|build script|formatter|linter|language server"
).split("|")
MODULES_A = "core net db io http auth cache sched fs util cli api store queue proc sync cfg log ui rpc".split()
MODULES_B = "pool retry client reader writer codec loader session handler index lock shim worker backend parser".split()
VERBS = (
    "load parse read write open close fetch send flush sync resolve build render encode decode validate "
    "register spawn join merge split check update apply reset init drain compact rotate".split()
)
OSES = [
    "Linux",
    "macOS 14",
    "Windows 11",
    "FreeBSD",
    "Alpine (musl)",
    "Ubuntu 22.04",
    "Debian 12",
    "WSL2",
    "aarch64 Linux",
    "Fedora 40",
]
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0", "GPL-3.0-or-later", "ISC"]
LEVELS = ["INFO", "WARN", "ERROR", "DEBUG", "WARNING", "FATAL", "[info]", "[warn]", "[error]", "E", "W"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
HTTP_CODES = [200, 201, 204, 301, 304, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504]
EXCEPTIONS = (
    "ValueError KeyError TypeError OSError TimeoutError RuntimeError PermissionError FileNotFoundError "
    "ConnectionResetError UnicodeDecodeError IndexError AssertionError NullPointerException "
    "IllegalStateException".split()
)
LABELS = [
    "Fixed:",
    "Added:",
    "Changed:",
    "Removed:",
    "Deprecated:",
    "Security:",
    "Breaking:",
    "Fix:",
    "New:",
    "Improved:",
    "Note:",
    "Known issue:",
    "Internal:",
    "Docs:",
    "Perf:",
]
COMMIT_TYPES = ["fix", "feat", "perf", "refactor", "docs", "test", "build", "ci", "chore", "revert"]
# Short lines that changelogs and logs print again and again, on purpose (under 10 key words).
SHORT_LINES = [
    "No functional changes.",
    "Bug fixes and performance improvements.",
    "Documentation updates only.",
    "All tests passed.",
    "Thanks to all contributors!",
    "Dependencies: updated to their latest minor versions.",
    "Internal refactoring, no user-facing changes.",
    "See the migration guide for details.",
    "Build: OK (0 errors, 0 warnings)",
    "Nothing to do.",
    "Done.",
    "Upgrade is recommended.",
    "No breaking changes in this release.",
    "Status: green",
    "Checking for updates...",
    "Cleaning up temporary files...",
    "Press Ctrl+C to stop.",
    "Waiting for the lock to be released...",
    "This release contains security fixes.",
    "Rebuild your caches after upgrading.",
    "Retrying...",
    "Compiling dependencies (this may take a while)",
    "Tests: 0 failed.",
    "Known issues: none.",
]


class Names:
    """Made-up names built from syllables, with Zipf-like ranks (a few frequent, a long tail)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cache: dict[tuple[str, int], str] = {}

    def name(self, kind: str, tail: float = 0.9, cap: int = 5000) -> str:
        rank = min(int(self.rng.paretovariate(tail)), cap)
        key = (kind, rank)
        got = self.cache.get(key)
        if got is None:
            r = random.Random(f"{kind}:{rank}")
            got = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3)))
            self.cache[key] = got
        return got


class Vocab:
    """Slot fillers for the templates."""

    def __init__(self, rng: random.Random, packages: list[str] | None = None) -> None:
        self.rng = rng
        self.names = Names(rng)
        self.packages = packages

    # numbers and codes
    def n(self) -> str:
        r = self.rng.random()
        return str(
            self.rng.randint(2, 9)
            if r < 0.4
            else self.rng.randint(10, 999)
            if r < 0.85
            else self.rng.randint(1000, 65535)
        )

    def version(self) -> str:
        r = self.rng.random()
        v = f"{self.rng.randint(0, 12)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 20)}"
        if r < 0.15:
            return "v" + v
        if r < 0.25:
            return f"{v}-rc.{self.rng.randint(1, 4)}"
        if r < 0.35:
            return f"{self.rng.randint(0, 12)}.{self.rng.randint(0, 30)}"
        return v

    def date(self) -> str:
        return f"{self.rng.randint(2015, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def ts(self) -> str:
        r = self.rng.random()
        clock = f"{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}"
        if r < 0.4:
            return f"{self.date()} {clock}"
        if r < 0.7:
            return f"[{self.date()}T{clock}Z]"
        return f"{clock}.{self.rng.randint(0, 999):03d}"

    def dur(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return f"{self.rng.randint(1, 999)} ms"
        if r < 0.8:
            return f"{self.rng.randint(0, 59)}.{self.rng.randint(0, 9)}s"
        return f"{self.rng.randint(1, 59)}m{self.rng.randint(0, 59):02d}s"

    def size(self) -> str:
        return f"{self.rng.randint(1, 999)} {self.rng.choice(['KiB', 'MiB', 'GiB', 'MB', 'kB', 'bytes'])}"

    def sha(self) -> str:
        return f"{self.rng.getrandbits(28):07x}"

    def hex(self) -> str:
        return f"0x{self.rng.getrandbits(32):08x}"

    def issue(self) -> str:
        return str(self.rng.randint(12, 19999))

    def host(self) -> str:
        if self.rng.random() < 0.5:
            a, b, c = self.rng.randint(0, 255), self.rng.randint(0, 255), self.rng.randint(1, 254)
            return f"10.{a}.{b}.{c}:{self.rng.choice([80, 443, 5432, 6379, 8080, 9000, 2379])}"
        name = self.names.name("host")
        domain = self.rng.choice(["internal", "local", "example.org", "svc.cluster.local"])
        return f"{name}.{domain}:{self.rng.choice([443, 8443, 3000, 50051])}"

    def errcode(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return f"E{self.rng.randint(1, 9999):04d}"
        if r < 0.55:
            return f"ERR_{self.rng.choice(NOUNS).upper()}_{self.rng.choice(ADJECTIVES).upper()}"
        if r < 0.75:
            return f"errno {self.rng.choice([2, 5, 11, 13, 17, 28, 32, 104, 110, 111, 113])}"
        if r < 0.9:
            return f"exit code {self.rng.choice([1, 2, 70, 124, 126, 127, 137, 139, 143])}"
        return self.hex()

    # names
    def pkg(self) -> str:
        if self.packages and self.rng.random() < 0.6:
            return self.rng.choice(self.packages)
        name = self.names.name("pkg", 0.7)
        return name + self.rng.choice(["", "", "-io", "-cli", "-core", "d", "lib", "-rs", ".js"])

    def module(self) -> str:
        return f"{self.rng.choice(MODULES_A)}.{self.rng.choice(MODULES_B)}"

    def func(self) -> str:
        verb, noun = self.rng.choice(VERBS), self.rng.choice(NOUNS)
        r = self.rng.random()
        if r < 0.4:
            return f"{verb}_{noun}"
        if r < 0.7:
            return f"{verb}{noun.capitalize()}"
        return f"{noun.capitalize()}{self.rng.choice(['Client', 'Manager', 'Reader', 'Store', 'Pool'])}.{verb}"

    def path(self) -> str:
        r = self.rng.random()
        mod_a, mod_b = self.rng.choice(MODULES_A), self.rng.choice(MODULES_B)
        if r < 0.4:
            ext = self.rng.choice(["py", "rs", "go", "ts", "c", "java", "rb"])
            return f"src/{mod_a}/{mod_b}.{ext}"
        if r < 0.6:
            p = self.pkg()
            return f"/etc/{p}/{self.rng.choice(NOUNS)}.conf"
        if r < 0.75:
            p = self.pkg()
            return f"~/.config/{p}/{self.rng.choice(['config.toml', 'settings.json', 'credentials', 'state.db'])}"
        if r < 0.9:
            ext = self.rng.choice(["db", "log", "tmp", "lock"])
            return f"/var/lib/{self.pkg()}/{self.rng.choice(NOUNS)}s/{self.n()}.{ext}"
        return f"C:\\Users\\{self.names.name('user')}\\AppData\\Local\\{self.pkg()}\\{self.rng.choice(NOUNS)}.log"

    def flag(self) -> str:
        r = self.rng.random()
        if r < 0.15:
            return f"-{self.rng.choice('abcdefghijklmnopqrstuvwxyzLNOPRSV')}"
        if r < 0.35:
            return f"--no-{self.rng.choice(NOUNS)}"
        if r < 0.7:
            return f"--{self.rng.choice(NOUNS)}"
        return f"--{self.rng.choice(ADJECTIVES)}-{self.rng.choice(NOUNS)}"

    def env(self) -> str:
        stem = self.pkg().split("-")[0].split(".")[0].upper()
        noun = self.rng.choice(NOUNS).upper()
        return f"{stem}_{noun}_{self.rng.choice(['DIR', 'PATH', 'URL', 'LEVEL', 'TIMEOUT', 'MAX'])}"

    def user(self) -> str:
        return self.names.name("user", 0.8) + self.rng.choice(
            ["", "", "42", "-dev", "_x", str(self.rng.randint(1, 99))]
        )

    def ident(self) -> str:
        return f"{self.rng.choice(ADJECTIVES)}_{self.rng.choice(NOUNS)}"

    # phrases
    def cond(self) -> str:
        return self.fill(self.rng.choice(CONDITIONS))

    def desc(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return f"{self.rng.choice(PROBLEMS)} in the {self.rng.choice(COMPONENTS)} {self.cond()}"
        if r < 0.7:
            return f"{self.rng.choice(PROBLEMS)} in `{self.func()}()` {self.cond()}"
        if r < 0.85:
            verb, a, b = self.rng.choice(VERBS), self.rng.choice(NOUNS), self.rng.choice(NOUNS)
            return f"{verb} the {a} before the {b} {self.cond()}"
        return f"support for {self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)}s in {self.module()}"

    _SLOT = re.compile(r"\{(\w+?)(\d?)\}")

    def fill(self, template: str) -> str:
        return self._SLOT.sub(lambda m: self.slot(m.group(1)), template)

    def slot(self, name: str) -> str:
        rng = self.rng
        simple: dict[str, Callable[[], str]] = {
            "n": self.n,
            "pct": lambda: str(self.rng.randint(1, 99)),
            "version": self.version,
            "date": self.date,
            "ts": self.ts,
            "dur": self.dur,
            "size": self.size,
            "sha": self.sha,
            "hex": self.hex,
            "issue": self.issue,
            "host": self.host,
            "err": self.errcode,
            "pkg": self.pkg,
            "module": self.module,
            "func": self.func,
            "path": self.path,
            "flag": self.flag,
            "env": self.env,
            "user": self.user,
            "ident": self.ident,
            "desc": self.desc,
            "cond": self.cond,
        }
        if name in simple:
            return simple[name]()
        choices: dict[str, list] = {
            "noun": NOUNS,
            "adj": ADJECTIVES,
            "comp": COMPONENTS,
            "os": OSES,
            "level": LEVELS,
            "method": METHODS,
            "code": HTTP_CODES,
            "exc": EXCEPTIONS,
            "label": LABELS,
            "type": COMMIT_TYPES,
            "license": LICENSES,
            "verb": VERBS,
            "problem": PROBLEMS,
        }
        return str(rng.choice(choices[name]))


HEADS = [
    "{label} {desc}.",
    "{label} {desc} (#{issue}).",
    "{label} `{flag}` now accepts {adj} {noun}s; previously it failed with {err}.",
    "{label} {problem} in `{func}()` on {os} (#{issue}, thanks @{user}).",
    "{label} the default {noun} timeout is now {dur} (was {dur2}).",
    "{label} bumped {pkg} from {version} to {version2}.",
    "{label} `{path}` is read before `{path2}`; set {env} to override.",
    "* {desc} ({sha})",
    "- {desc} [#{issue}]",
    "{type}({module}): {desc} (#{issue})",
    "{sha} {type}: {verb} {noun} {cond}",
    "{ts} {level} [{module}] connection to {host} refused ({err}); retrying in {dur} (attempt {n}/{n2})",
    "{ts} {level} [{module}] loaded {n} {noun}s from {path} in {dur}",
    "{ts} {level} {method} /api/v{n}/{noun}s/{n2} -> {code} in {dur} ({size})",
    "{ts} {level} worker-{n} exited with {err} after {dur}; restarting {comp}",
    "{ts} {level} checksum mismatch for {pkg}-{version}.tar.gz: expected {sha}, got {sha2}",
    "{ts} {level} [{module}] {noun} queue is {pct}% full ({n2} pending, limit {n3})",
    "error[E{n}]: {problem} in `{func}` --> {path}:{n2}:{n3}",
    "Traceback (most recent call last): {exc}: {adj} {noun} '{ident}' at {path}, line {n}",
    "{pkg}: error: unrecognized arguments: {flag} {flag2}",
    "npm ERR! code {err} while fetching {pkg}@{version} from {host}",
    "fatal: unable to access '{path}': {problem} ({err})",
    "WARNING: {pkg} {version} requires {pkg2}>={version2}, but you have {pkg2} {version3} which is incompatible.",
    "DeprecationWarning: `{func}()` is deprecated since {version} and will be removed in {version2};"
    " use `{func2}()` instead.",
    "warning: unused variable `{ident}` at {path}:{n}:{n2} (#[warn(unused)] on by default)",
    "{flag} <{noun}>: {verb} the {adj} {noun} before exit (default: {n}).",
    "{flag}, {flag2}: {verb} {noun}s in parallel; {env} sets the default ({n} when unset).",
    "Usage: {pkg} {verb} [OPTIONS] <{noun}>... -- {verb2} each {noun} and print a summary.",
    "Version {version} ({date}): {n} bug fixes, {n2} new features and {n3} deprecations;"
    " upgrade with `pip install -U {pkg}`.",
    "{pkg} {version} (released {date}) drops support for Python 3.{n} and {os}.",
    "tests/{module}/test_{noun}.py::test_{verb}_{noun2} FAILED -- AssertionError: expected {n}, got {n2} ({dur})",
    "== {n} passed, {n2} failed, {n3} skipped, {n4} warnings in {dur} ==",
    "Step {n}/{n2}: RUN {pkg} {verb} --{noun}={adj} && rm -rf /tmp/{noun2}/* (cache miss, {size})",
    "[{n}/{n2}] Compiling {pkg} {version} ({path})",
    "Known issue: {desc}; see #{issue} (workaround: pass {flag}).",
    "Security: {pkg} before {version} lets a {adj} {noun} read {path} (CVE-{date_year}-{n4}); upgrade now.",
]
CLAUSES = [
    "See #{issue} for details.",
    "Thanks to @{user} for the report.",
    "This also affects {pkg} {version} and earlier.",
    "Previously the {noun} was {adj}; it is now {adj2}.",
    "The default for {flag} changes from {n} to {n2}.",
    "Workaround: set {env}={n} or pass {flag}.",
    "Regression introduced in {version} ({sha}).",
    "Took {dur} (was {dur2}) on a {size} input.",
    "Affects Linux, macOS and Windows (x86_64, aarch64).",
    "Reported on {os} with {pkg} {version}.",
    "Stack: {func}() -> {func2}() -> {func3}().",
    "Run `{pkg} {verb} {flag}` to check your {noun}s.",
    "The {comp} logs a {level} line instead of failing.",
    "{exc} is no longer raised for {adj} {noun}s.",
    "Memory use drops from {size} to {size2} on large {noun}s.",
    "Requires {pkg} >= {version}.",
    "Closes #{issue}, #{issue2} and #{issue3}.",
    "Behaviour with {flag} is unchanged.",
    "A {adj} {noun} in {path} is now reported with its line number.",
    "Retries: {n} (backoff {dur}, jitter {pct}%).",
    "Benchmarks: {pct}% faster on {os}; {pct2}% slower on {os2} (noise?).",
    "Co-authored-by: {user} <{user2}@users.noreply.example>",
]


def _fill_template(vocab: Vocab, template: str) -> str:
    text = template.replace("{date_year}", str(vocab.rng.randint(2015, 2025)))
    return vocab.fill(text)


def make_message(vocab: Vocab, rng: random.Random) -> str:
    """One message of 8-60 space-separated words: a head and clauses to its drawn length."""
    for _ in range(50):
        target = 8 + int(min(52.0, rng.expovariate(1 / 10)))  # mean about 18 words, mode 8
        parts = [_fill_template(vocab, rng.choice(HEADS))]
        words = len(parts[0].split())
        while words < target:
            clause = _fill_template(vocab, rng.choice(CLAUSES))
            parts.append(clause)
            words += len(clause.split())
        text = " ".join(parts)
        if 8 <= len(text.split()) <= 60:
            return text
    raise RuntimeError("no message of 8-60 words")


# --- variants ------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[A-Za-z]{3,}")


def whitespace_variant(text: str, key: str, rng: random.Random) -> str | None:
    original = text
    ops: list[Callable[[str], str]] = []
    spaces = [m.start() for m in re.finditer(" ", text)]
    if spaces:

        def widen(t: str) -> str:
            spots = [m.start() for m in re.finditer(" ", t)]
            if not spots:
                return t
            i = rng.choice(spots)
            return t[:i] + rng.choice(["  ", "\u00a0", " \u00a0", "   ", "\t"]) + t[i + 1 :]

        ops.append(widen)
    if re.search(r"[:,] ", text):

        def tighten(t: str) -> str:
            spots = [m.start() for m in re.finditer(r"[:,] ", t)]
            if not spots:
                return t
            i = rng.choice(spots)
            return t[: i + 1] + t[i + 2 :]

        ops.append(tighten)
    if re.search(r"\(\S", text):
        ops.append(lambda t: re.sub(r"\((\S)", r"( \1", t, count=1))
    for fn in rng.sample(ops, min(len(ops), rng.randint(1, 2))):
        text = fn(text)
    return text if text != original and paragraph_key(text) == key else None


def punct_variant(text: str, key: str, rng: random.Random) -> str | None:
    original = text
    ops: list[Callable[[str], str]] = []
    m = re.match(r"^([A-Z][\w ]*):", text)
    if m:
        ops.append(lambda t: re.sub(r"^([A-Z][\w ]*): ", r"\1 - ", t, count=1))
    if text.endswith("."):
        ops.append(lambda t: t[:-1])
    elif text[-1:].isalnum():
        ops.append(lambda t: t + ".")
    if "'" in text:
        ops.append(lambda t: re.sub(r"'([^']*)'", "\u2018\\1\u2019", t))
    if '"' in text:
        ops.append(lambda t: re.sub(r'"([^"]*)"', "\u201c\\1\u201d", t))
    if re.search(r"\(#\d+\)", text):
        ops.append(lambda t: re.sub(r"\(#(\d+)\)", r"[#\1]", t, count=1))
    if "; " in text:
        ops.append(lambda t: t.replace("; ", ", ", 1))
    if " -- " in text:
        ops.append(lambda t: t.replace(" -- ", " \u2014 ", 1))
    if not ops:
        return None
    for fn in rng.sample(ops, min(len(ops), rng.randint(1, 2))):
        text = fn(text)
    return text if text != original and paragraph_key(text) == key else None


def _word_edit(text: str, rng: random.Random, edits: int) -> str:
    """``edits`` edits of words without digits: replace, add or remove."""
    words = text.split(" ")
    for _ in range(edits):
        spots = [i for i, w in enumerate(words) if i > 0 and _WORD.fullmatch(w)]
        if not spots:
            break
        i = rng.choice(spots)
        op = rng.random()
        pool = NOUNS if rng.random() < 0.6 else ADJECTIVES
        if op < 0.5:
            same = [w for w in pool if abs(len(w) - len(words[i])) <= 1] or pool
            words[i] = rng.choice(same)
        elif op < 0.75:
            words.insert(i, rng.choice(pool))
        elif len(words) > 8:
            del words[i]
    return " ".join(words)


def one_word_variant(text: str, key: str, rng: random.Random) -> str | None:
    nums = _DIGITS.findall(key)
    for _ in range(12):
        new = _word_edit(text, rng, 1)
        k = paragraph_key(new)
        if (
            k != key
            and count_words(k) >= MIN_WORDS
            and _DIGITS.findall(k) == nums
            and fuzz.ratio(k, key) >= DUP_MIN_SCORE
        ):
            return new
    return None


def near_miss_text(text: str, key: str, rng: random.Random) -> str | None:
    low, high = NEAR_MISS_BAND
    for edits in range(2, 12):
        new = _word_edit(text, rng, edits)
        k = paragraph_key(new)
        score = fuzz.ratio(k, key)
        if score < low:
            return None
        if score < high and count_words(k) >= MIN_WORDS:
            return new
    return None


def number_variant_text(text: str, key: str, rng: random.Random) -> str | None:
    """One number of ``text`` changed (a different attempt, count or line)."""
    spots = list(_DIGITS.finditer(text))
    if not spots:
        return None
    m = rng.choice(spots)
    old = m.group()
    new = str(int(old) + rng.choice([1, 2, 3, 7])) if len(old) < 6 else old[:-1] + str((int(old[-1]) + 1) % 10)
    out = text[: m.start()] + new + text[m.end() :]
    k = paragraph_key(out)
    return out if k != key and count_words(k) >= MIN_WORDS else None


# --- a body of messages under the policy --------------------------------------------------------


@dataclass
class Item:
    text: str
    kind: str  # message, title, heading, short, frame, near-miss, number-variant, or a duplicate kind
    src: int | None = None
    key: str = ""
    words: int = 0


@dataclass
class Rates:
    duplicate: float = 0.18
    short: float = 0.03
    near_miss: float = 0.008
    number_variant: float = 0.008
    local: float = 0.5


DUP_KINDS = ("exact", "whitespace", "punct", "one-word")
DUP_WEIGHTS = (0.25, 0.25, 0.25, 0.25)


@dataclass
class Body:
    """Items of one document, with what the policy checks need."""

    rng: random.Random
    vocab: Vocab
    shorts: list[str]
    rates: Rates
    items: list[Item] = field(default_factory=list)
    kept_long: list[str] = field(default_factory=list)  # keys of kept long paragraphs
    roots: list[int] = field(default_factory=list)  # long originals not yet repeated
    used: set[str] = field(default_factory=set)
    dups: list[tuple[int, int]] = field(default_factory=list)  # (position, source)
    short_at: list[tuple[int, str]] = field(default_factory=list)  # repeated-short positions, keys
    key_positions: dict[str, list[int]] = field(default_factory=dict)  # short keys
    quiet_until: int = -1
    rejected: int = 0

    def add(self, item: Item) -> None:
        if not item.key:
            item.key = paragraph_key(item.text)
            item.words = count_words(item.key)
        pos = len(self.items)
        self.items.append(item)
        if item.words < MIN_WORDS:
            self.key_positions.setdefault(item.key, []).append(pos)
        if item.src is None and item.words >= MIN_WORDS:
            self.kept_long.append(item.key)
        self.used.add(item.key)

    def add_fixed(self, text: str, kind: str) -> None:
        """A title, heading or frame line: unique in the document, never a source."""
        self.add(Item(text, kind))

    def _near_kept(self, key: str, exclude: str | None = None) -> bool:
        hit = process.extractOne(key, self.kept_long, scorer=fuzz.ratio, score_cutoff=FRESH_MAX_SCORE)
        if hit is None:
            return False
        if exclude is None:
            return True
        # Any hit other than ``exclude``?
        hits = process.extract(key, self.kept_long, scorer=fuzz.ratio, score_cutoff=FRESH_MAX_SCORE, limit=None)
        return any(choice != exclude for choice, _, _ in hits)

    def fresh(self) -> None:
        while True:
            text = make_message(self.vocab, self.rng)
            key = paragraph_key(text)
            if not key or key in self.used:
                self.rejected += 1
                continue
            words = count_words(key)
            if words >= MIN_WORDS and self._near_kept(key):
                self.rejected += 1
                continue
            pos = len(self.items)
            self.add(Item(text, "message", key=key, words=words))
            if words >= MIN_WORDS:
                self.roots.append(pos)
            return

    def _occurs_near(self, key: str, where: int, exclude: int = -1) -> bool:
        positions = self.key_positions.get(key, ())
        lo = bisect_left(positions, where - QUIET)
        return any(p != exclude and p <= where + QUIET for p in positions[lo:])

    def try_duplicate(self) -> bool:
        pos = len(self.items)
        if pos <= self.quiet_until or not self.roots:
            return False
        recent = self.roots[bisect_left(self.roots, pos - LOCAL) :]
        pool = recent if recent and self.rng.random() < self.rates.local else self.roots
        src = pool[self.rng.randrange(len(pool))]
        for q, k in self.short_at[::-1]:
            if q < pos - QUIET:
                break
            if self._occurs_near(k, src, exclude=q):
                return False
        root = self.items[src]
        kind = self.rng.choices(DUP_KINDS, DUP_WEIGHTS)[0]
        text: str | None = root.text
        if kind == "whitespace":
            text = whitespace_variant(root.text, root.key, self.rng)
        elif kind == "punct":
            text = punct_variant(root.text, root.key, self.rng)
        elif kind == "one-word":
            text = one_word_variant(root.text, root.key, self.rng)
        if text is None:
            kind, text = "exact", root.text
        key = paragraph_key(text)
        self.roots.remove(src)
        self.add(Item(text, kind, src, key=key, words=count_words(key)))
        self.dups.append((pos, src))
        return True

    def try_short(self) -> bool:
        pos = len(self.items)
        text = self.rng.choice(self.shorts)
        key = paragraph_key(text)
        if self.items and self.items[-1].key == key:
            return False
        for p, s in self.dups[::-1]:
            if p < pos - QUIET:
                break
            if self._occurs_near(key, s):
                return False
        first = key not in self.key_positions
        self.add(Item(text, "message" if first else "short", key=key, words=count_words(key)))
        if not first:
            self.short_at.append((pos, key))
        return True

    def try_near(self, number: bool) -> bool:
        pos = len(self.items)
        if not self.roots:
            return False
        if number and self.dups and self.dups[-1][0] >= pos - QUIET:
            return False
        root = self.items[self.roots[self.rng.randrange(len(self.roots))]]
        text = (number_variant_text if number else near_miss_text)(root.text, root.key, self.rng)
        if text is None:
            return False
        key = paragraph_key(text)
        if key in self.used or self._near_kept(key, exclude=root.key if number else None):
            return False
        self.add(Item(text, "number-variant" if number else "near-miss", key=key, words=count_words(key)))
        if number:
            self.quiet_until = pos + QUIET
        return True

    def step(self) -> None:
        r = self.rng.random()
        rates = self.rates
        done = False
        if len(self.roots) >= 3:
            if r < rates.duplicate:
                done = self.try_duplicate()
            elif (r := r - rates.duplicate) < rates.short:
                done = self.try_short()
            elif (r := r - rates.short) < rates.near_miss:
                done = self.try_near(number=False)
            elif (r := r - rates.near_miss) < rates.number_variant:
                done = self.try_near(number=True)
        if not done:
            self.fresh()


def truth_of(items: list[Item]) -> dict[str, object]:
    dups = {i: it.src for i, it in enumerate(items) if it.src is not None}
    return {
        "paragraphs": len(items),
        "duplicates": {str(i): s for i, s in dups.items()},
        "kinds": {str(i): items[i].kind for i in dups},
        "boilerplate": [],
        "near_misses": [i for i, it in enumerate(items) if it.kind in ("near-miss", "number-variant")],
        "number_variants": [i for i, it in enumerate(items) if it.kind == "number-variant"],
        "repeated_short": [i for i, it in enumerate(items) if it.kind == "short"],
        "frame": [i for i, it in enumerate(items) if it.kind == "frame"],
    }


# --- workloads --------------------------------------------------------------------------------------


def make_document(n: int, seed: int) -> tuple[list[Item], int]:
    """One changelog-and-log dump of exactly ``n`` paragraphs in release sections."""
    rng = random.Random(f"{seed}:messages-doc:{n}")
    vocab = Vocab(rng)
    body = Body(rng, vocab, SHORT_LINES, Rates())
    project = vocab.names.name("pkg", 0.5)
    body.add_fixed(f"{project} changelog and build logs", "title")
    versions: set[str] = set()
    next_heading = len(body.items) + 1
    while len(body.items) < n:
        if len(body.items) >= next_heading and len(body.items) < n - 3:
            while True:
                v = f"{project} {rng.randint(0, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 30)}"
                if v not in versions:
                    versions.add(v)
                    break
            body.add_fixed(f"## {v} ({vocab.date()})", "heading")
            next_heading = len(body.items) + rng.randint(6, 40)
            continue
        body.step()
    return body.items, body.rejected


def write_document(out: Path, n: int, seed: int) -> dict[str, object]:
    items, rejected = make_document(n, seed)
    (out / f"{PREFIX}doc-{n}.txt").write_text("".join(it.text + "\n" for it in items), encoding="utf-8")
    truth = truth_of(items)
    truth.update(workload=f"{PREFIX}doc-{n}", seed=seed, rejected_fresh=rejected)
    (out / f"{PREFIX}doc-{n}.truth.json").write_text(json.dumps(truth, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


@dataclass(frozen=True)
class Site:
    name: str
    packages: list[str]
    header: tuple[str, ...]
    footer: tuple[str, ...]
    shorts: list[str]


# Frame lines: some the built-in catalog knows (skip links, share rows, copyright), most not.
HEADER_LINES = [
    "Skip to main content",
    "{Site} Docs",
    "Docs · Blog · Changelog · Community · GitHub",
    "Toggle navigation",
    "Search the docs… (Ctrl+K)",
    "v{version} (latest) ▾",
    "Announcement: {pkg} {version} is out, read the release notes.",
    "Home › {Site} › Release notes",
    "Sign in",
    "You are reading the documentation for an old release. Switch to v{version}.",
]
FOOTER_LINES = [
    "Edit this page on GitHub",
    "Was this page helpful? Yes / No",
    "© 2016–2025 {Site} contributors. Licensed under {license}.",
    "Privacy · Terms · Status · Security",
    "Back to top",
    "Built with {gen} {version}.",
    "Facebook Twitter LinkedIn",
    "Copy link",
    "Subscribe to the release newsletter",
    "Follow us on Mastodon",
    "Cookie settings",
    "Found a typo? Open an issue or send a pull request.",
    "Report a vulnerability: security@{site}.example",
    "Previous: Installation | Next: Configuration",
    "Last updated: {date}",
]


def make_sites(rng: random.Random) -> list[Site]:
    vocab = Vocab(rng)
    sites = []
    names: set[str] = set()
    while len(sites) < N_SITES:
        name = vocab.names.name("site", 0.3, 10**6)
        if name in names:
            continue
        names.add(name)
        packages = [name] + [vocab.names.name("pkg", 0.6) for _ in range(rng.randint(0, 2))]
        total = rng.randint(5, 10)
        n_head = rng.randint(2, min(4, total - 3))
        n_foot = min(6, total - n_head)
        fill = {
            "{Site}": name.capitalize(),
            "{site}": name,
            "{license}": rng.choice(LICENSES),
            "{gen}": rng.choice(["Sphinx", "MkDocs", "Docusaurus", "Hugo", "mdBook"]),
            "{version}": vocab.version().lstrip("v"),
            "{pkg}": name,
            "{date}": vocab.date(),
        }

        def render(line: str, fill: dict[str, str] = fill) -> str:
            for a, b in fill.items():
                line = line.replace(a, b)
            return line

        header = tuple(render(x) for x in rng.sample(HEADER_LINES, n_head))
        footer = tuple(render(x) for x in rng.sample(FOOTER_LINES, n_foot))
        shorts = rng.sample(SHORT_LINES, 4)
        sites.append(Site(name, packages, header, footer, shorts))
    return sites


TITLES = [
    "{pkg} {version} release notes",
    "Issue #{issue}: {problem} in the {comp}",
    "Build #{n} log ({os})",
    "CI run {sha} on {date}",
    "Changelog since {version}",
    "Upgrading to {pkg} {version}",
    "Incident report {date}: {problem}",
]


def corpus_documents(count: int, seed: int) -> Iterator[tuple[dict, dict, int]]:
    rng = random.Random(f"{seed}:messages-corpus:{count}")
    sites = make_sites(rng)
    rates = Rates(duplicate=0.17, short=0.06)
    for number in range(count):
        site = sites[min(int(rng.paretovariate(0.8)) - 1, N_SITES - 1)] if rng.random() < 0.5 else rng.choice(sites)
        vocab = Vocab(rng, site.packages)
        body = Body(rng, vocab, site.shorts, rates)
        for line in site.header:
            body.add_fixed(line, "frame")
        title = _fill_template(vocab, rng.choice(TITLES))
        body.add_fixed(title, "title")
        target = len(body.items) + rng.randint(30, 62)
        while len(body.items) < target:
            body.step()
        for line in site.footer:
            body.add_fixed(line, "frame")
        doc_id = f"m{number:07d}"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        record = {
            "id": doc_id,
            "site": site.name,
            "url": f"https://{site.name}.example/{slug}",
            "text": "\n".join(it.text for it in body.items),
        }
        truth = truth_of(body.items)
        truth["id"] = doc_id
        yield record, truth, body.rejected


def write_corpus(out: Path, count: int, seed: int) -> dict[str, int]:
    stats = {"documents": 0, "paragraphs": 0, "duplicates": 0, "frame": 0, "rejected": 0}
    with (
        (out / f"{PREFIX}corpus-{count}.jsonl").open("w", encoding="utf-8") as data,
        (out / f"{PREFIX}corpus-{count}.truth.jsonl").open("w", encoding="utf-8") as truth_file,
    ):
        for record, truth, rejected in corpus_documents(count, seed):
            data.write(json.dumps(record, ensure_ascii=False) + "\n")
            truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
            stats["documents"] += 1
            stats["paragraphs"] += truth["paragraphs"]  # type: ignore[operator]
            stats["duplicates"] += len(truth["duplicates"])  # type: ignore[arg-type]
            stats["frame"] += len(truth["frame"])  # type: ignore[arg-type]
            stats["rejected"] += rejected
    return stats


def parse_sizes(value: str | None) -> list[str]:
    if not value:
        return list(DEFAULT_SIZES)
    names: list[str] = []
    for part in value.split(","):
        part = part.strip().removeprefix(PREFIX)
        if part == "default":
            names += DEFAULT_SIZES
        elif re.fullmatch(r"(doc|corpus)-\d+", part):
            names.append(part)
        else:
            raise SystemExit(f"unknown size {part!r}: use doc-N, corpus-N or default")
    return list(dict.fromkeys(names))


def paths(out: Path, name: str) -> tuple[Path, Path]:
    """The workload file and its truth file."""
    kind = name.split("-")[0]
    if kind == "doc":
        return out / f"{PREFIX}{name}.txt", out / f"{PREFIX}{name}.truth.json"
    return out / f"{PREFIX}{name}.jsonl", out / f"{PREFIX}{name}.truth.jsonl"


def generate(out: Path, sizes: list[str], seed: int = SEED, *, force: bool = False, log=print) -> None:
    """Write the messages workloads named in ``sizes`` into ``out`` (skipping those already there)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in sizes:
        kind, n = name.split("-")
        path, truth_path = paths(out, name)
        if path.exists() and truth_path.exists() and not force:
            continue
        start = time.perf_counter()
        if kind == "doc":
            t = write_document(out, int(n), seed)
            dups = len(t["duplicates"])  # type: ignore[arg-type]
            log(
                f"{PREFIX}{name}: {t['paragraphs']} paragraphs, {dups} duplicates ({dups / int(n):.1%}), "
                f"{len(t['repeated_short'])} repeated short lines, {len(t['near_misses'])} near misses, "  # type: ignore[arg-type]
                f"{path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - start:.1f} s"
            )
        else:
            s = write_corpus(out, int(n), seed)
            log(
                f"{PREFIX}{name}: {s['documents']} documents, {s['paragraphs']} paragraphs "
                f"({s['paragraphs'] / max(1, s['documents']):.1f} a document), {s['duplicates']} duplicates "
                f"({s['duplicates'] / max(1, s['paragraphs']):.1%}), {s['frame']} frame lines, "
                f"{path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - start:.1f} s"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="folder to write the workloads to")
    parser.add_argument(
        "--sizes", help="comma-separated: doc-N, corpus-N or 'default' (doc-2000, doc-20000, corpus-10000)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="rewrite workloads that already exist")
    parser.add_argument("--sample", type=int, metavar="N", help="print N generated messages and exit")
    args = parser.parse_args(argv)
    if args.sample:
        rng = random.Random(args.seed)
        vocab = Vocab(rng)
        for _ in range(args.sample):
            print(make_message(vocab, rng))
        return
    if args.out is None:
        parser.error("--out is required")
    generate(args.out, parse_sizes(args.sizes), args.seed, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
