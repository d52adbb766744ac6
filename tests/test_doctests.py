"""Run the docstring examples of every module of the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dedupe_article

MODULES = ["dedupe_article"] + [
    info.name
    for info in pkgutil.walk_packages(dedupe_article.__path__, "dedupe_article.")
    if info.name != "dedupe_article.__main__"
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_doctests_exist() -> None:
    total = sum(
        len(t.examples) for name in MODULES for t in doctest.DocTestFinder().find(importlib.import_module(name))
    )
    assert total >= 20
