"""Unit tests of paragraph splitting, layout detection, unwrapping and joining."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_article import (
    CleanConfig,
    Paragraph,
    clean,
    clean_article,
    detect_layout,
    join_paragraphs,
    split_paragraphs,
    unwrap_paragraph,
)


def texts(text: str, **kwargs: str) -> list[str]:
    return [p.text for p in split_paragraphs(text, **kwargs)]


# --- layouts ----------------------------------------------------------------------------


def test_one_paragraph_per_line() -> None:
    text = "Title\nFirst paragraph.\nSecond paragraph.\n"
    assert detect_layout(text) == "lines"
    assert split_paragraphs(text) == [
        Paragraph(0, "Title", 0, 5),
        Paragraph(1, "First paragraph.", 6, 22),
        Paragraph(2, "Second paragraph.", 23, 40),
    ]


def test_blank_line_separated_blocks() -> None:
    text = "A hard-wrapped\nparagraph.\n\nNext one.\n"
    assert detect_layout(text) == "blocks"
    assert split_paragraphs(text) == [
        Paragraph(0, "A hard-wrapped\nparagraph.", 0, 25),
        Paragraph(1, "Next one.", 27, 36),
    ]


def test_several_blank_lines_separate_like_one() -> None:
    assert texts("a\n\n\n\nb\n\n") == ["a", "b"]


def test_blank_lines_only_before_the_text_do_not_make_blocks() -> None:
    text = "\n\n  \nOne\nTwo\n"
    assert detect_layout(text) == "lines"
    assert texts(text) == ["One", "Two"]


def test_blank_lines_after_several_lines_close_one_block() -> None:
    text = "\n\n  \nOne\nTwo\n\n\n"
    assert detect_layout(text) == "blocks"
    assert texts(text) == ["One\nTwo"]


def test_empty_and_blank_texts_have_no_paragraphs() -> None:
    for text in ("", "\n", "\r\n\r\n", "   \t\n\u3000\n", "\ufeff", "\ufeff\n\n"):
        assert split_paragraphs(text) == []
    assert detect_layout("") == "lines"


# --- line endings ----------------------------------------------------------------------------


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_in_lines_layout(eol: str) -> None:
    text = eol.join(["One", "Two", "Three"]) + eol
    assert detect_layout(text) == "lines"
    assert texts(text) == ["One", "Two", "Three"]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_in_blocks_layout(eol: str) -> None:
    text = eol.join(["A wrapped", "block.", "", "Next."]) + eol
    assert detect_layout(text) == "blocks"
    assert texts(text) == ["A wrapped\nblock.", "Next."]


def test_mixed_line_endings() -> None:
    assert texts("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert texts("a\r\nb\r\n\nc\r\rd\n") == ["a\nb", "c", "d"]


def test_offsets_with_crlf() -> None:
    text = "a b\r\nc d\r\n\r\ne f\r\n"
    paragraphs = split_paragraphs(text)
    assert paragraphs == [Paragraph(0, "a b\nc d", 0, 8), Paragraph(1, "e f", 12, 15)]
    assert text[0:8] == "a b\r\nc d"


# --- BOM, whitespace ----------------------------------------------------------------------------


def test_leading_bom_is_ignored() -> None:
    text = "\ufeffTitle\nBody\n"
    assert split_paragraphs(text) == [Paragraph(0, "Title", 1, 6), Paragraph(1, "Body", 7, 11)]


def test_bom_on_its_own_line() -> None:
    assert texts("\ufeff\nA\n") == ["A"]


def test_bom_at_a_line_start_is_a_leftover_of_concatenated_files() -> None:
    # Written at the start of an output file it would be read back as a BOM.
    assert texts("a\n\ufeffb\n") == ["a", "b"]
    assert split_paragraphs("a\n\ufeffb\n")[1].start == 3


def test_bom_inside_a_line_is_text() -> None:
    assert texts("a\nb\ufeffc\n") == ["a", "b\ufeffc"]


def test_trailing_whitespace_is_dropped_and_indentation_kept() -> None:
    text = "  Indented  \n\tTabbed\t\n"
    assert split_paragraphs(text) == [Paragraph(0, "  Indented", 0, 10), Paragraph(1, "\tTabbed", 13, 20)]


def test_trailing_whitespace_inside_a_block() -> None:
    assert texts("wrapped \t\nlines\u00a0\n\nnext") == ["wrapped\nlines", "next"]


@pytest.mark.parametrize("blank", ["", " ", "\t", "   \t ", "\u00a0", "\u3000", " \u3000\u00a0\t"])
def test_whitespace_only_lines_are_blank(blank: str) -> None:
    text = f"First\nblock\n{blank}\nSecond\n"
    assert detect_layout(text) == "blocks"
    assert texts(text) == ["First\nblock", "Second"]


@pytest.mark.parametrize("blank", ["\u200b", "\u200b \u2060", "\ufeff", "\u200e\u200f", "\t\u00ad"])
def test_invisible_only_lines_are_blank(blank: str) -> None:
    text = f"First\nblock\n{blank}\nSecond\n"
    assert detect_layout(text) == "blocks"
    assert texts(text) == ["First\nblock", "Second"]
    assert split_paragraphs(blank) == []


# --- forcing a layout ----------------------------------------------------------------------------


def test_force_lines_on_blocks() -> None:
    assert texts("a\nb\n\nc\n", layout="lines") == ["a", "b", "c"]


def test_force_blocks_on_lines() -> None:
    assert texts("a\nb\nc\n", layout="blocks") == ["a\nb\nc"]


def test_unknown_layout() -> None:
    with pytest.raises(ValueError, match="layout"):
        split_paragraphs("a", layout="paragraphs")


def test_clean_with_forced_layout() -> None:
    text = "One line.\nAnother line.\n\nLast.\n"
    assert clean_article(text).layout == "blocks"
    result = clean_article(text, CleanConfig(layout="lines"))
    assert result.layout == "lines"
    assert result.text == "One line.\nAnother line.\nLast.\n"
    assert clean(text, layout="blocks") == "One line.\nAnother line.\n\nLast.\n"


def test_clean_keeps_the_input_layout() -> None:
    assert clean("a\nb\n") == "a\nb\n"
    assert clean("a\r\nb\r\n") == "a\nb\n"
    assert clean("a\n\nb") == "a\n\nb\n"


# --- unwrapping -----------------------------------------------------------------------------------


def test_unwrap_joins_lines_with_a_space_and_drops_indentation() -> None:
    assert unwrap_paragraph("  A hard-wrapped\n  paragraph.") == "A hard-wrapped paragraph."
    assert unwrap_paragraph("one") == "one"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("科技日报\n记者崔爽", "科技日报记者崔爽"),
        ("\u3000科技日报\n记者", "科技日报记者"),
        ("東京の\nニュース", "東京のニュース"),
        ("文章。\n下一段", "文章。下一段"),  # CJK punctuation
        ("AI 模型\n发布", "AI 模型发布"),
    ],
)
def test_unwrap_cjk_joins_without_a_space(text: str, expected: str) -> None:
    assert unwrap_paragraph(text) == expected


def test_unwrap_korean_keeps_the_word_space() -> None:
    assert unwrap_paragraph("한국어\n문장입니다") == "한국어 문장입니다"


def test_unwrap_latin_next_to_latin_keeps_a_space() -> None:
    assert unwrap_paragraph("Привет\nмир") == "Привет мир"
    assert unwrap_paragraph("مرحبا\nالعالم") == "مرحبا العالم"


def test_clean_unwrap_with_cjk() -> None:
    text = "科技日报\n记者崔爽\n\n第二段\n文字\n\nA hard-wrapped\nparagraph.\n"
    assert clean(text, unwrap=True) == "科技日报记者崔爽\n\n第二段文字\n\nA hard-wrapped paragraph.\n"
    result = clean_article(text, CleanConfig(unwrap=True))
    # kept paragraphs stay as written
    assert result.kept[0].text == "科技日报\n记者崔爽"


def test_clean_without_unwrap_reproduces_wrapping() -> None:
    text = "  Indented\n  wrapped.\n\nNext.\n"
    assert clean(text) == text


# --- joining --------------------------------------------------------------------------------------


def test_join_paragraphs() -> None:
    assert join_paragraphs(["One.", "Two."], layout="lines") == "One.\nTwo.\n"
    assert join_paragraphs(["One.", "Two."], layout="blocks") == "One.\n\nTwo.\n"
    assert join_paragraphs([], layout="blocks") == ""
    assert join_paragraphs(iter(["x"]), layout="lines") == "x\n"


# --- layout survives a second run ---------------------------------------------------------------------


def test_single_kept_block_stays_one_paragraph() -> None:
    once = clean("uno dos tres\nuno dos tres\n\nVer originales\n")
    # The blank line after the block says "blocks": read as lines, the
    # second line would be a stutter of the first.
    assert once == "uno dos tres\nuno dos tres\n\n"
    assert detect_layout(once) == "blocks"
    assert clean(once) == once


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("one\ntwo\n\n", "blocks"),  # one block closed by a blank line
        ("one\n\n", "lines"),  # one line: nothing to tell apart
        ("\n\none\ntwo\n", "lines"),  # blank lines before the text only
        ("one\ntwo\n", "lines"),
    ],
)
def test_layout_of_a_single_block(text: str, layout: str) -> None:
    assert detect_layout(text) == layout


# --- types -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [b"a\nb", None, ["a", "b"], 3])
def test_split_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be str"):
        split_paragraphs(bad)  # type: ignore[arg-type]


@given(st.text(alphabet="ab \n\r\ufeff", max_size=40))
def test_lines_are_found_the_same_with_and_without_carriage_returns(text: str) -> None:
    # Text with no \r and no BOM is cut with str.split; the rest by the line-break pattern.
    import re

    from dedupe_article.paragraphs import _iter_lines

    expected = []
    pos = 0
    for line in re.split(r"\r\n|\r|\n", text):
        start = pos
        while text.startswith("\ufeff", start):
            start += 1
        expected.append((start, pos + len(line), text[start : pos + len(line)]))
        pos += len(line)
        pos += 2 if text.startswith("\r\n", pos) else 1
    if expected and expected[-1][0] >= len(text) and not text.endswith("\ufeff"):
        expected.pop()  # the empty piece after a final line break is no line
    assert list(_iter_lines(text)) == expected


@given(st.text(alphabet="ab \t\n\r\ufeff\u200b\u3000", max_size=40))
def test_a_lines_paragraph_is_its_line_as_written_at_its_offsets(text: str) -> None:
    # Lines are split apart from blocks (no block to flush): each is still found where it stands.
    lines = split_paragraphs(text, layout="lines")
    blocks = split_paragraphs(text, layout="blocks")
    assert [p.text for p in lines] == [line for p in blocks for line in p.text.split("\n")]
    for p in lines:
        assert text[p.start : p.end] == p.text and p.text == p.text.rstrip() and p.text.strip()
