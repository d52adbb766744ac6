"""The options of a cleaning run, gathered in one frozen dataclass."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dedupe_article.errors import ConfigError
from dedupe_article.rules import Catalog, Rule, builtin_rules, load_rules, read_toml, selects
from dedupe_article.textfix import require_ftfy

if TYPE_CHECKING:
    from dedupe_article.page_model import PageModel

CONFIG_FILES = ("dedupe-article.toml", "pyproject.toml")
TOOL_TABLE = "dedupe-article"
"""The table of ``pyproject.toml`` that holds the options: ``[tool.dedupe-article]``."""
_MISSPELT_TABLE = "dedupe_article"

Layout = Literal["auto", "lines", "blocks"]


@dataclass(frozen=True, kw_only=True)
class CleanConfig:
    """How :func:`dedupe_article.clean_article` cleans a text.

    All fields have defaults that suit scraped news and blog articles; change
    one with ``CleanConfig(threshold=95)`` or ``config.replace(threshold=95)``.

    Attributes:
        threshold: rapidfuzz similarity (0-100, ``fuzz.ratio`` on the
            normalised keys) at or above which a long paragraph is a
            near-duplicate of an earlier one.
        min_words: paragraphs with fewer words than this are *short*. A short
            paragraph is never removed on a similarity score; it is removed
            as a repeat only inside a repeated copy of the article, or when
            it stutters (repeats the paragraph just before it). See
            ``docs/how-it-works.md``. Chinese and Japanese text counts about
            one word per two characters.
        stutter_words: a short paragraph that repeats the kept paragraph just
            before it is dropped when it has at least this many words;
            shorter repeats (table cells such as ``0`` or ``Yes``) are kept.
        max_gap: how many paragraphs a repeated copy may drop or add between
            two of its matched paragraphs and still count as one copy.
        layout: ``"auto"`` splits on blank lines when the text has any and on
            single newlines otherwise; ``"blocks"`` and ``"lines"`` force one.
        unwrap: join the hard-wrapped lines of a kept paragraph (with a space,
            or with nothing between Chinese/Japanese characters) and drop the
            indentation of each line. Off by default: kept text is reproduced
            as written (as repaired, with ``fix_text``).
        fix_text: before anything else, repair the text with ftfy: mojibake
            (``CafÃ©``), HTML entities (``&amp;``, ``&nbsp;``), odd line
            breaks and control characters, so that copies differing only by
            such damage are found as duplicates. The kept paragraphs are then
            the repaired text, and removals' offsets point into it. Needs the ``fix`` extra
            (``pip install 'dedupe-article[fix]'``); see
            :mod:`dedupe_article.textfix`.
        page_chrome: treat the text as a whole page dump (lynx, w3m,
            html2text, ``get_text()``): split blocks into units and remove
            what lies outside the article (menus, captions, related lists);
            see :mod:`dedupe_article.page`. ``"auto"`` (the default) does so
            only when the text looks like a page dump (many units, many
            short fragments, several lines removed by page-kind rules; see
            :func:`dedupe_article.page.looks_like_page`); ``True`` always,
            ``False`` never. One-paragraph-per-line text is judged the same
            way, each line a unit.
        page_model: how a page dump's chrome is found. ``"learned"`` (the
            default): the layout heuristics of
            :func:`dedupe_article.page.find_page_chrome` propose, and a unit
            they remove as outside the article's body goes only when the
            decision learned from real pages confirms it
            (:mod:`dedupe_article.page_model`, docs/pages.md). ``None`` or
            ``"layout"``: the heuristics alone, which remove more chrome and
            lose kept text on more pages. A path or a
            :class:`~dedupe_article.page_model.PageModel`: a model trained
            with ``benchmarks/train_page.py``.
        deduplicate: remove repeated and near-duplicate paragraphs.
        boilerplate: remove paragraphs matched by the rule catalog.
        rules: more rules on top of the built-in catalog: paths of TOML rule
            files (``[[rules]]`` tables) or :class:`Rule` objects.
        select: rule selectors to run (ids, id prefixes such as ``label``,
            or ``ALL``); ``None`` means all stable rules.
        extend_select: selectors added to ``select``.
        ignore: selectors of rules not to run; the more specific selector
            wins, as in ruff.
        regex_timeout: seconds one regex rule may spend on one paragraph
            before it is skipped there with a warning (ReDoS guard).
    """

    threshold: float = 90.0
    min_words: int = 10
    stutter_words: int = 3
    max_gap: int = 10
    layout: Layout = "auto"
    unwrap: bool = False
    fix_text: bool = False
    page_chrome: bool | Literal["auto"] = "auto"
    page_model: PageModel | str | Path | None = "learned"
    deduplicate: bool = True
    boilerplate: bool = True
    rules: tuple[str | Path | Rule, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    regex_timeout: float = 1.0
    _catalog: Catalog = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._check_types()
        self._resolve_page_model()
        self._check_values()
        if self.fix_text:
            require_ftfy()  # fail here, once, with the install command
        self._freeze_rule_options()
        # Load and compile the rules now, so a bad rule file fails here, once.
        catalog = Catalog.load(self.rules, select=self.select, extend_select=self.extend_select, ignore=self.ignore)
        object.__setattr__(self, "_catalog", catalog)

    def _check_types(self) -> None:
        """The numbers are numbers (not booleans), the flags booleans, ``page_chrome`` a boolean or ``"auto"``."""
        for name, kind, noun in (
            ("threshold", (int, float), "a number"),
            ("min_words", int, "an integer"),
            ("stutter_words", int, "an integer"),
            ("max_gap", int, "an integer"),
            ("regex_timeout", (int, float), "a number"),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, kind):
                raise TypeError(f"{name} must be {noun}, not {type(value).__name__}")
        for name in ("unwrap", "fix_text", "deduplicate", "boilerplate"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be true or false, not {type(getattr(self, name)).__name__}")
        if not isinstance(self.page_chrome, bool) and self.page_chrome != "auto":
            raise TypeError(f"page_chrome must be true, false or 'auto', not {self.page_chrome!r}")

    def _resolve_page_model(self) -> None:
        """``page_model`` as ``"learned"`` (the packaged model, loaded when first used), a
        :class:`PageModel` (loaded from a path), or ``None`` for the layout heuristics."""
        if self.page_model is None or self.page_model == "learned":
            return
        if self.page_model == "layout":
            object.__setattr__(self, "page_model", None)
            return
        from dedupe_article.page_model import PageModel, load_model

        if isinstance(self.page_model, (str, Path)):
            object.__setattr__(self, "page_model", load_model(self.page_model))
        elif not isinstance(self.page_model, PageModel):
            raise TypeError(f"page_model must be a PageModel, a path or None, not {type(self.page_model).__name__}")

    def page_decision(self) -> PageModel | None:
        """The learned page model the page stage uses, or ``None`` for the layout heuristics."""
        if self.page_model == "learned":
            from dedupe_article.page_model import packaged_model

            return packaged_model()
        assert self.page_model is None or not isinstance(self.page_model, (str, Path))
        return self.page_model

    def _check_values(self) -> None:
        """Each number in its range, ``layout`` one of its names."""
        if not 0 < self.threshold <= 100:
            raise ValueError(f"threshold must be in (0, 100], got {self.threshold!r}")
        for name in ("min_words", "stutter_words", "max_gap"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)!r}")
        if self.layout not in ("auto", "lines", "blocks"):
            raise ValueError(f"layout must be 'auto', 'lines' or 'blocks', got {self.layout!r}")
        if self.regex_timeout <= 0:
            raise ValueError(f"regex_timeout must be positive, got {self.regex_timeout!r}")

    def _freeze_rule_options(self) -> None:
        """``rules`` and the selectors as tuples (a single string or rule is refused: it is not a list)."""
        for name in ("rules", "select", "extend_select", "ignore"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, (str, Path, Rule)):
                raise TypeError(f"{name} must be a list or tuple, not a single {type(value).__name__}")
            object.__setattr__(self, name, tuple(value))

    @property
    def catalog(self) -> Catalog:
        """The rules this config runs, loaded and compiled once."""
        return self._catalog

    @classmethod
    def from_file(cls, path: str | Path, **overrides: Any) -> CleanConfig:
        """A config from a ``dedupe-article.toml`` or ``pyproject.toml`` file.

        Keys are the field names, with ``-`` or ``_`` (``min-words``,
        ``extend-select``); in ``pyproject.toml`` they sit under
        ``[tool.dedupe-article]`` (a ``[tool.dedupe_article]`` table is an
        error, not ignored). Rule file paths are relative to the file.
        ``overrides`` win over the file.

        Raises:
            ConfigError: the file cannot be read, has an unknown or invalid
                key, or a selector that names no rule.
            RuleError: a rule file it names is invalid.
        """
        return cls(**{**read_config_file(path), **overrides})

    def replace(self, **changes: object) -> CleanConfig:
        """Return a copy with some fields changed (the config is frozen)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def find_config_file(start: str | Path = ".") -> Path | None:
    """The nearest config file from ``start`` upwards, or ``None``.

    In each folder, ``dedupe-article.toml`` is taken first, then a
    ``pyproject.toml`` that has a ``[tool.dedupe-article]`` table, or a
    ``[tool.dedupe_article]`` one (which :func:`read_config_file` then
    refuses, naming the right table, rather than the options being ignored).
    """
    import tomllib  # here, not at the top: `import dedupe_article` stays quick

    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "dedupe-article.toml").is_file():
            return candidate / "dedupe-article.toml"
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            tool = data.get("tool", {})
            if isinstance(tool, dict) and (TOOL_TABLE in tool or _MISSPELT_TABLE in tool):
                return pyproject
    return None


def read_config_file(path: str | Path) -> dict[str, Any]:
    """Read a config file into :class:`CleanConfig` keyword arguments.

    In a ``pyproject.toml`` the options sit under ``[tool.dedupe-article]``,
    the project's name; ``[tool.dedupe_article]`` is refused with a line
    naming the right table, so that options are never ignored in silence.
    The selectors (``select``, ``extend-select``, ``ignore``) must each name
    a built-in rule or a rule of the file's own ``rules`` files.

    Raises:
        ConfigError: naming the file, for anything that is not a valid option.
        RuleError: a rule file it names is invalid.
    """
    path = Path(path)
    data = read_toml(path, ConfigError, "config file")
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            tool = {}
        if _MISSPELT_TABLE in tool:
            raise ConfigError(f"{path}: [tool.{_MISSPELT_TABLE}] is not read: the options go under [tool.{TOOL_TABLE}]")
        data = tool.get(TOOL_TABLE, {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.{TOOL_TABLE}] must be a table")
    elif "tool" in data:
        raise ConfigError(f"{path}: unknown option 'tool' (in {path.name} the options are top-level keys)")
    names = {f.name for f in dataclasses.fields(CleanConfig) if f.init}
    options: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in names:
            raise ConfigError(f"{path}: unknown option {key!r}")
        options[name] = value
    if "rules" in options:
        rules = options["rules"]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise ConfigError(f"{path}: 'rules' must be a list of file paths")
        options["rules"] = tuple(path.parent / r for r in rules)
    for name in ("select", "extend_select", "ignore"):
        value = options.get(name)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{path}: {name.replace('_', '-')!r} must be a list of rule ids or prefixes")
    # Check the other values now, so that the error names this file; the
    # rule files are checked (examples run) when the catalog is built.
    rule_options = {"rules", "select", "extend_select", "ignore"}
    try:
        CleanConfig(**{k: v for k, v in options.items() if k not in rule_options})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    _check_selectors(path, options)
    return options


def _check_selectors(path: Path, options: dict[str, Any]) -> None:
    """A selector of the file that names no rule is an error naming the file.

    The rules it may name are the built-in ones and those of the file's own
    rule files (loaded without running their examples: the catalog does
    that once, later).
    """
    selectors = [s for name in ("select", "extend_select", "ignore") for s in options.get(name) or ()]
    if not selectors:
        return
    ids = {rule.id for rule in builtin_rules()}
    for rule_file in options.get("rules", ()):
        ids.update(rule.id for rule in load_rules(rule_file, run_examples=False))
    for selector in selectors:
        if not any(selects(selector, rule_id) for rule_id in ids):
            raise ConfigError(f"{path}: unknown rule selector {selector!r}: it names no rule")
