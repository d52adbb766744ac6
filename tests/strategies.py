"""Shared Hypothesis strategies for the dedupe_article test suite.

Realistic text is built from word lists in several scripts (Latin with
accents, Cyrillic, Arabic, Chinese/Japanese); documents are lists of such
paragraphs written out in either layout, with the noise scrapers add (line
endings of every kind, a byte order mark, trailing spaces, hard wrapping).
``odd_text`` is the opposite: arbitrary Unicode with the characters most
likely to confuse a splitter or a normaliser mixed in.

A generated :class:`Doc` carries the paragraphs it was built from, so tests
can compare what the library found with what was written.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import assume
from hypothesis import strategies as st

from dedupe_article.keys import paragraph_key

# --- words -------------------------------------------------------------------
# None of these words, alone or together, can form a built-in boilerplate
# rule (no "ver", "originales", "show", "view", "original", "references",
# "disclaimer", "声明", "原文", ...), so realistic paragraphs are never removed
# as boilerplate unless a test puts boilerplate in on purpose.

LATIN = tuple(
    """
    año información niño corazón mañana canción pingüino café élève étoile développement garçon
    façade hôpital über straße müller größe schön ação coração são economía política gobierno
    investigación también después the of and market report government company study researchers
    yesterday announced between growth council quarter network weather river bridge harvest energy
    während königin naïve señal último número déjà
    """.split()
)
CYRILLIC = tuple(
    """
    привет новости исследование правительство компания сегодня москва данные экономика учёные
    рынок отчёт город школа погода река мост урожай энергия совет Київ їжак ґанок євро
    """.split()
)
ARABIC = tuple(
    """
    مرحبا الأخبار الحكومة الشركة اليوم البحث العلماء الاقتصاد الجديد التقرير المدينة السوق
    الطاقة النهر الجسر المدرسة الطقس المجلس
    """.split()
)
CJK = tuple(
    """
    科技 日报 记者 研究 人工智能 公司 今天 发布 模型 数据 经济 市场 政府 城市 学校 天气 东京
    ニュース 研究者 ひらがな カタカナ 大学 電車 会議
    """.split()
)
SCRIPTS = {"latin": LATIN, "cyrillic": CYRILLIC, "arabic": ARABIC, "cjk": CJK}

# Punctuation that may follow a word, and the end of a sentence, per script.
_INNER_PUNCT = {
    "latin": ("", "", "", "", ",", ";", ":"),
    "cyrillic": ("", "", "", "", ",", ";", " —"),
    "arabic": ("", "", "", "", "،", "؛"),
    "cjk": ("", "", "", "", "，", "、"),
}
_END_PUNCT = {
    "latin": (".", "!", "?", "…", ""),
    "cyrillic": (".", "!", "?", "…", ""),
    "arabic": (".", "؟", "!", ""),
    "cjk": ("。", "！", "？", ""),
}


def words(script: str | None = None) -> st.SearchStrategy[str]:
    """One word; of the given script, or of any."""
    if script is not None:
        return st.sampled_from(SCRIPTS[script])
    return st.sampled_from(sorted(SCRIPTS)).flatmap(lambda s: st.sampled_from(SCRIPTS[s]))


@st.composite
def paragraphs(draw: st.DrawFn, min_words: int = 1, max_words: int = 25, script: str | None = None) -> str:
    """One paragraph on one line: realistic words of one script, punctuated.

    The result has no line break, no leading or trailing whitespace and at
    least one letter.
    """
    script = script or draw(st.sampled_from([*sorted(SCRIPTS), "mixed"]))
    ws = draw(st.lists(words(None if script == "mixed" else script), min_size=min_words, max_size=max_words))
    if script == "mixed":
        script = "latin"
    parts: list[str] = []
    for n, word in enumerate(ws):
        if n == 0 and script in ("latin", "cyrillic") and draw(st.booleans()):
            word = word[0].upper() + word[1:]
        if n < len(ws) - 1:
            word += draw(st.sampled_from(_INNER_PUNCT[script]))
        parts.append(word)
    sep = "" if script == "cjk" else " "
    return sep.join(parts) + draw(st.sampled_from(_END_PUNCT[script]))


def long_paragraphs(script: str | None = None) -> st.SearchStrategy[str]:
    """A paragraph of 12 to 30 words: long for any min_words up to 10.

    Chinese/Japanese words of one or two characters count as one word each,
    longer ones as two or more, so 12 words are always at least 10.
    """
    return paragraphs(min_words=12, max_words=30, script=script)


def short_paragraphs(script: str | None = None) -> st.SearchStrategy[str]:
    """A paragraph of 1 to 5 words: short for the default min_words."""
    return paragraphs(min_words=1, max_words=5, script=script)


def distinct_paragraphs(
    min_size: int = 0, max_size: int = 12, elements: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[list[str]]:
    """Paragraphs whose comparison keys are pairwise different."""
    return st.lists(
        elements if elements is not None else paragraphs(),
        min_size=min_size,
        max_size=max_size,
        unique_by=paragraph_key,
    )


# --- noise ------------------------------------------------------------------------

BOILERPLATE = (
    "Ver originales",
    "Show original",
    "阅读原文",
    "References:",
    "Dirección del papel:",
    "Esta página puede contener contenido de terceros, que se proporciona únicamente con fines informativos.",
)
# Labels whose value may be missing, and values that satisfy them.
LABELS = ("References:", "Referencias:", "Source link:", "Paper address:", "参考资料：")
LINKS = (
    "https://arxiv.org/abs/2307.09288",
    "[1] Touvron et al., Llama 2, 2023",
    "doi:10.1000/182",
    "[2] Smith, J. and Jones, K., A very long title of a paper about the growth of the river network, 2021",
)


@st.composite
def punctuation_variant(draw: st.DrawFn, text: str) -> str:
    """``text`` with only punctuation, spacing, quotes, case or invisible characters changed.

    The comparison key stays the same (asserted), so the library must treat
    the variant as an identical repeat.
    """
    out = text
    changes = draw(
        st.lists(
            st.sampled_from(["double-space", "comma", "quotes", "upper", "zero-width", "end", "nbsp", "dash"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    if "double-space" in changes:
        out = out.replace(" ", "  ")
    if "comma" in changes:
        out = out.replace(",", "").replace(" ", ", ", 1) if " " in out else out + ","
    if "quotes" in changes:
        out = draw(st.sampled_from(['"{}"', "“{}”", "«{}»", "„{}“", "'{}'", "「{}」"])).format(out)
    if "upper" in changes:
        out = out.upper()
    if "zero-width" in changes:
        cut = draw(st.integers(0, len(out)))
        out = out[:cut] + draw(st.sampled_from(["\u200b", "\u200d", "\u2060", "\u00ad", "\u200e"])) + out[cut:]
    if "end" in changes:
        out = out.rstrip(".!?…。！？؟") + draw(st.sampled_from(["!", "...", "?!", "。", ""]))
    if "nbsp" in changes:
        out = out.replace(" ", "\u00a0", 1)
    if "dash" in changes:
        out = "— " + out
    assume(paragraph_key(out) == paragraph_key(text))
    return out


@st.composite
def one_word_variant(draw: st.DrawFn, text: str) -> str:
    """``text`` with one word replaced by another (or, without spaces, one added)."""
    new = draw(words())
    parts = text.split(" ")
    if len(parts) < 2:
        # Chinese/Japanese: no spaces; add a word at the end instead.
        return text + new
    n = draw(st.integers(0, len(parts) - 1))
    assume(paragraph_key(new) != paragraph_key(parts[n]))
    parts[n] = new
    return " ".join(parts)


# --- documents -------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """A generated document and what it was built from.

    Attributes:
        text: the document as a scraper would produce it.
        paragraphs: the paragraphs as :func:`split_paragraphs` should find
            them: lines joined by ``\\n``, without trailing whitespace.
        layout: ``"lines"`` or ``"blocks"``: how ``text`` was written.
    """

    text: str
    paragraphs: tuple[str, ...]
    layout: str


_TRAILING = st.sampled_from(["", "", "", " ", "  ", "\t", " \t", "\u00a0", "\u3000"])


def _wrap(draw: st.DrawFn, para: str, width: int) -> list[str]:
    """Hard-wrap a paragraph at spaces, about ``width`` characters a line."""
    lines: list[str] = []
    current = ""
    for word in para.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


@st.composite
def render(draw: st.DrawFn, paras: list[str], layout: str | None = None) -> Doc:
    """Write paragraphs (each on one line) out as a scraped document.

    ``layout`` ``"lines"`` puts one paragraph per line; ``"blocks"``
    separates paragraphs by one or more blank (possibly whitespace-only)
    lines and may hard-wrap them. Line endings are ``\\n``, ``\\r\\n``,
    ``\\r`` or a mix; a BOM and trailing spaces may be added. A blocks
    document of a single paragraph is indistinguishable from a lines one
    unless a blank line closes it, so the layout reported is the one
    :func:`detect_layout` must find.
    """
    layout = layout or draw(st.sampled_from(["lines", "blocks"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    wrap = layout == "blocks" and draw(st.booleans())
    width = draw(st.integers(12, 60)) if wrap else 0
    trailing = draw(st.booleans())

    # Lines of the document (None = a blank line) and the expected paragraphs.
    lines: list[str | None] = [None] * draw(st.integers(0, 1))
    expected: list[str] = []
    for n, para in enumerate(paras):
        if n and layout == "blocks":
            lines.extend([None] * draw(st.integers(1, 2)))
        para_lines = _wrap(draw, para, width) if wrap else [para]
        lines.extend(para_lines)
        expected.append("\n".join(para_lines))
    # Blank lines after the text: a lines document has none, since blank
    # lines closing several lines make them one block (see detect_layout).
    closing = draw(st.integers(0, 2)) if layout == "blocks" else 0
    lines.extend([None] * closing)

    out: list[str] = ["\ufeff"] if draw(st.booleans()) else []
    last_index = len(lines) - 1
    final_newline = draw(st.booleans())
    for n, line in enumerate(lines):
        if line is None:
            # A blank line: empty, or whitespace only.
            content = draw(st.sampled_from(["", "", " ", "\t", "  \u3000"]))
        else:
            content = line + (draw(_TRAILING) if trailing else "")
        # An empty line right after a lone "\r" would glue "\r" + "\n" into one
        # CRLF break and lose the blank line: use "\r" then.
        after_cr = bool(out) and out[-1].endswith("\r") and not content
        if n == last_index and not final_newline and content.strip():
            eol = ""
        elif ending == "mixed":
            eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        else:
            eol = ending
        if after_cr and eol.startswith("\n"):
            eol = "\r"
        out.append(content + eol)
    if len(expected) <= 1 and not (closing and expected and "\n" in expected[0]):
        # Without a blank line between two paragraphs, or one closing a block
        # of several lines, the text reads as one paragraph per line,
        # whatever it was written as.
        layout = "lines"
        expected = [line for para in expected for line in para.split("\n")]
    return Doc("".join(out), tuple(expected), layout)


def documents(paras: st.SearchStrategy[list[str]] | None = None, layout: str | None = None) -> st.SearchStrategy[Doc]:
    """Documents of realistic paragraphs (distinct by default), in either layout."""
    paras = paras if paras is not None else distinct_paragraphs(0, 10)
    return paras.flatmap(lambda ps: render(ps, layout))


@st.composite
def paragraphs_with_repeats(draw: st.DrawFn) -> list[str]:
    """Distinct paragraphs plus injected repeats of every kind the library meets.

    Exact repeats of a long paragraph, punctuation/spacing variants of one,
    one-word variants, stutters of a short line, boilerplate, labels with or
    without their value (a link or citation), and a
    re-scraped copy of the whole article (possibly with paragraphs dropped
    or added) are inserted at random places.
    """
    base = draw(distinct_paragraphs(1, 8, st.one_of(long_paragraphs(), short_paragraphs())))
    out = list(base)
    kinds = draw(
        st.lists(
            st.sampled_from(["exact", "variant", "word", "stutter", "boilerplate", "label", "copy"]),
            max_size=5,
        )
    )
    for kind in kinds:
        if kind == "copy":
            copy = [p for p in out if draw(st.integers(0, 9)) > 0]
            out.extend(copy)
            continue
        if kind == "boilerplate":
            new = draw(st.sampled_from(BOILERPLATE))
            out.insert(draw(st.integers(0, len(out))), new)
            continue
        if kind == "label":
            # A label, with its value after it or not.
            at = draw(st.integers(0, len(out)))
            value = [draw(st.sampled_from(LINKS))] if draw(st.booleans()) else []
            out[at:at] = [draw(st.sampled_from(LABELS)), *value]
            continue
        n = draw(st.integers(0, len(out) - 1))
        source = out[n]
        if kind == "stutter":
            out.insert(n + 1, source)
            continue
        if kind == "exact":
            new = source
        elif kind == "variant":
            new = draw(punctuation_variant(source))
        else:
            new = draw(one_word_variant(source))
        out.insert(draw(st.integers(n + 1, len(out))), new)
    return out


def documents_with_repeats(layout: str | None = None) -> st.SearchStrategy[Doc]:
    """Documents made by :func:`paragraphs_with_repeats`."""
    return paragraphs_with_repeats().flatmap(lambda ps: render(ps, layout))


# --- arbitrary text -----------------------------------------------------------------

ODD_CHARACTERS = (
    # zero-width characters, soft hyphen, BOM; bidi marks, embeddings, overrides, isolates
    *"\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e",
    *"\u2066\u2067\u2068\u2069",
    # line and paragraph separators, NUL, vertical tab, form feed, other C0/C1 separators
    *"\u2028\u2029\x85\x00\x0b\x0c\x1c\x1d\x1e\x1f",
    # line breaks and spaces
    *("\r", "\n", "\r\n", "\n\n", "\r\r\n", " ", "\t", "\u00a0", "\u3000", "\u2003"),
    # combining marks, compatibility forms, case-folding oddities
    *"\u0301\u0308ﬁⅫＡｶßİǰΐŉ①㍿",
    *("\U0001f600", "\U0001f1ea\U0001f1f8", "\U0010ffff", "\ufffd", "\ufdd0"),
    # punctuation
    *("...", "—", "«", "»", "「", "」", "、", "。", "،", "؟"),
)


def odd_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Arbitrary Unicode (no surrogates) rich in odd characters and line breaks."""
    piece = st.one_of(
        st.text(max_size=6),
        st.sampled_from(ODD_CHARACTERS),
        words(),
        st.sampled_from(BOILERPLATE + LABELS + LINKS),
    )
    return st.lists(piece, max_size=max_size).map("".join)
