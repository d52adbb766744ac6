"""The package's error tree: every error raised on purpose derives from DedupeArticleError."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_article import errors, files
from dedupe_article.errors import DedupeArticleError


@pytest.mark.parametrize("name", ["RuleError", "ConfigError", "InputError", "TargetError"])
def test_every_error_derives_from_the_base_class(name: str) -> None:
    assert issubclass(getattr(errors, name), DedupeArticleError)
    assert name in (errors.__doc__ or "")  # drawn in the module's tree


def test_target_error_is_in_the_tree_and_still_importable_from_files(tmp_path: Path) -> None:
    assert files.TargetError is errors.TargetError
    assert issubclass(files.TargetError, ValueError)  # as before, for callers catching ValueError
    source = tmp_path / "a.txt"
    source.write_text("A story.\n", encoding="utf-8")
    inputs = [files.InputFile(source, str(source), Path("a.txt"))]
    with pytest.raises(DedupeArticleError, match="would overwrite the input"):
        files.plan_targets(inputs, output=source)
