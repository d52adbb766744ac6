"""Writing learned rules as a TOML rule file for ``dedupe-article clean --rules``, ready for review."""

from __future__ import annotations

import json
from collections.abc import Sequence

from dedupe_article.corpus.frames import LearnedRule
from dedupe_article.corpus.sites import ALL_SITES, counted


def format_rule_file(rules: Sequence[LearnedRule], *, documents: int | None = None, note: str = "") -> str:
    """Write learned rules as a TOML rule file for ``clean --rules``.

    Each rule carries its count in ``why`` and, in comments, the example
    documents and how often other sites show the paragraph, so that a
    person can review it. :func:`~dedupe_article.rules.load_rules` reads the
    file back.

    >>> rule = LearnedRule("learned.a-com.1", "a.com", "Share this", 9, 10, ("p1", "p7"))
    >>> print(format_rule_file([rule]).split("\\n\\n")[-1], end="")
    [[rules]]
    # on 9 of 10 pages of a.com; examples: p1, p7
    id = "learned.a-com.1"
    kind = "exact"
    pattern = "Share this"
    why = "Frame line learned from a.com: on 9 of 10 pages."
    drop = ["Share this"]

    Args:
        rules: the rules, as :func:`learn_boilerplate` returns them.
        documents: the corpus size, for the header.
        note: a line for the header (the settings used, say).
    """
    sites = sorted({r.site for r in rules})
    lines = ["# Frame lines learned by dedupe-article learn" + (f" from {documents} documents" if documents else "")]
    if note:
        lines.append(f"# {_one_line(note)}")
    lines += [
        f"# {counted(len(rules), 'rule')} for {counted(len(sites), 'site')}. Review them before use: delete a rule",
        "# to keep its paragraph. Each rule removes its paragraph from every document cleaned with this file:",
        "# dedupe-article clean --rules THIS_FILE ...",
    ]
    for rule in rules:
        where = "the corpus" if rule.site == ALL_SITES else rule.site
        note = f"# on {rule.documents} of {rule.site_documents} pages of {where}"
        if rule.other_sites:
            note += f"; also on {counted(rule.other_documents, 'page')} of {counted(rule.other_sites, 'other site')}"
        if rule.examples:
            note += "; examples: " + ", ".join(_one_line(e) for e in rule.examples)
        lines += [
            "",
            "[[rules]]",
            note,
            f"id = {_toml_string(rule.id)}",
            'kind = "exact"',
            f"pattern = {_toml_string(rule.text)}",
            f"why = {_toml_string(rule.why)}",
            f"drop = [{_toml_string(rule.text)}]",
        ]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)
