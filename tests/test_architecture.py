"""The module map (docs/architecture.md) matches the code, and no module grows past 800 lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "dedupe_article"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_above_800_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 800


def _mapped() -> set[str]:
    """The module names in the first column of the map's tables (``corpus/``'s row lists its modules after it)."""
    names: set[str] = set()
    for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if line.startswith("| `") and len(cells) > 2:
            names |= set(re.findall(r"`([a-z_/]+)`", cells[1]))
            if cells[1].strip() == "`corpus/`":
                names |= {f"corpus/{name}" for name in re.findall(r"`([a-z_]+)`", cells[2])}
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_module_map_names_every_module(path: Path) -> None:
    relative = path.relative_to(PACKAGE).with_suffix("")
    mapped = _mapped()
    # The page stage's modules are listed by name under their own heading.
    assert "/".join(relative.parts) in mapped or (relative.parts[0] == "page" and relative.name in mapped), relative
