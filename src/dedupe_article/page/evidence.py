"""What the page stage reports for each unit it removes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

# The numbers behind a decision, by name: counts and unit indices as ints, scores as floats.
Evidence: TypeAlias = tuple[tuple[str, int | float], ...]
# A unit's reason for going and the evidence that goes with it.
Mark: TypeAlias = tuple[str, Evidence]


@dataclass(frozen=True)
class ChromeMatch:
    """A unit found to be page chrome, with the evidence.

    Attributes:
        index: the unit's position.
        why: where it stands or what it looks like (docs/how-it-works.md,
            "Page dumps", describes each): ``"outside-body"``,
            ``"no-words"``, ``"widget"``, ``"list-run"`` (a menu, a share
            row, a tag or related list), ``"between-chrome"``, ``"credit"``
            (a caption with a © credit), ``"caption"``, ``"centred"``,
            ``"repeated-inside"``, ``"breadcrumb"``, ``"code-name"``,
            ``"glued-menu"``, ``"ticker"``, ``"form"`` (the inside of a form:
            a reader call-out, a sign-up box), ``"menu-echo"`` (a section name
            that a menu item repeats), ``"title-repeat"``, ``"contained"``,
            ``"pull-quote"``, ``"teaser"``, ``"share-button"`` or
            ``"contents"`` (a table of contents above the body). Set by
            :func:`dedupe_article.clean_article` as well:
            ``"title-in-chrome"`` (a breadcrumb, feed or page title holding
            another paragraph, in any text), ``"repeated-chrome"`` (on a page,
            a repeat of a line a rule removed), and a repeat of a unit found
            to be chrome takes that unit's reason.
        evidence: the numbers behind the decision (the unit's words and score,
            the body span). An ``"outside-body"`` unit goes only when the
            learned decision confirms it (the default,
            ``CleanConfig(page_model="learned")``): its evidence then ends
            with ``keep`` (the model's probability of keeping it),
            ``threshold`` and the three inputs that pushed hardest to drop it,
            named ``model.<input>`` (a repeat of such a unit carries the
            repeat's evidence instead).
    """

    index: int
    why: str
    evidence: Evidence
