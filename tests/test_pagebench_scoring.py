"""The page benchmark's scoring helpers (benchmarks/pagebench.py), on text written here."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from pagebench import headline_kept, slug_words  # noqa: E402

URL = "https://news.example.com/2024/03/harbour-wall-approved-after-winter-storms.html"
RENDERING = "Home\nNews\nHarbour wall approved after winter storms\nThe council voted on Tuesday.\n"


def test_slug_words_are_the_last_segment_without_numbers_or_extension() -> None:
    assert slug_words(URL) == {"harbour", "wall", "approved", "after", "winter", "storms"}
    assert slug_words("https://example.com/story/12345/") == set()


def test_the_headline_is_kept_lost_or_absent() -> None:
    assert headline_kept(RENDERING, RENDERING, URL) is True
    assert headline_kept("The council voted on Tuesday.\n", RENDERING, URL) is False
    # A breadcrumb holding the headline among other words is not the headline line.
    crumb = "Home > News > Local > Harbour wall approved after winter storms > Comments and more links here"
    assert headline_kept("The council voted.\n", "Home\n" + crumb + "\n", URL) is None
    # A URL with fewer than three words names no headline.
    assert headline_kept(RENDERING, RENDERING, "https://example.com/news/123.html") is None


def test_a_web_address_holding_the_slug_is_not_the_headline() -> None:
    # html2text wraps a share link's address over lines; its pieces hold the slug's words.
    share = "[Share](https://social.example/share?u=https://news.example.com/2024/03/harbour-\nwall-approved-after-winter-storms.html)"
    assert headline_kept("", share + "\n", URL) is None
    assert (
        headline_kept("", "https://news.example.com/2024/03/harbour-wall-approved-after-winter-storms.html\n", URL)
        is None
    )
    linked = "[Harbour wall approved after winter storms](/2024/03/harbour-wall-approved-after-winter-storms.html)"
    assert headline_kept(linked + "\n", linked + "\n", URL) is True
