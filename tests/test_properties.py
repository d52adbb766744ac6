"""Property-based tests: what must hold for every input, not just for examples.

Documents come from ``tests/strategies.py``: realistic paragraphs in several
scripts, written in either layout with scraper noise, with exact repeats,
punctuation variants, one-word variants, stutters, boilerplate and
re-scraped copies injected; and arbitrary Unicode.
"""

from __future__ import annotations

import collections
import itertools

import regex
import strategies as S
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dedupe_article import CleanConfig, CleanResult, Paragraph, clean, clean_article, join_paragraphs, split_paragraphs
from dedupe_article.keys import count_words, paragraph_key
from dedupe_article.page import split_units

_NUMBER = regex.compile(r"\d+")

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")

# Realistic documents are cheap; keep the whole file well under 30 s.
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

configs = st.builds(
    CleanConfig,
    threshold=st.sampled_from([70.0, 85.0, 90.0, 95.0, 100.0]),
    min_words=st.sampled_from([3, 10, 12]),
    stutter_words=st.sampled_from([1, 3, 5]),
    max_gap=st.sampled_from([1, 3, 10]),
    layout=st.sampled_from(["auto", "auto", "lines", "blocks"]),
    unwrap=st.booleans(),
    deduplicate=st.booleans(),
    boilerplate=st.booleans(),
    page_chrome=st.sampled_from(["auto", "auto", True, False]),
)
any_text = st.one_of(S.documents_with_repeats().map(lambda d: d.text), S.odd_text())


def pieces(text: str, result: CleanResult) -> list[Paragraph]:
    """What the result's indices count: the paragraphs, or on a page the units."""
    paragraphs = split_paragraphs(text, layout=result.layout)
    return split_units(text, paragraphs) if result.page else paragraphs


def normalise(text: str) -> str:
    """Line endings as ``\\n``, trailing whitespace of every line dropped.

    This is exactly what :class:`Paragraph` documents about its ``text``
    relative to the input: its lines joined by ``\\n``, each without its
    trailing whitespace.
    """
    return "\n".join(line.rstrip() for line in _LINE_BREAK.split(text))


# --- splitting -----------------------------------------------------------------


@FAST
@given(S.documents())
def test_split_finds_the_paragraphs_written(doc: S.Doc) -> None:
    paragraphs = split_paragraphs(doc.text)
    assert [p.text for p in paragraphs] == list(doc.paragraphs)
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))


@FAST
@given(S.documents())
def test_forced_layout_splits_consistently(doc: S.Doc) -> None:
    lines = split_paragraphs(doc.text, layout="lines")
    blocks = split_paragraphs(doc.text, layout="blocks")
    # Every line of every block is one "lines" paragraph, in order.
    assert [line for p in blocks for line in p.text.split("\n")] == [p.text for p in lines]
    assert len(blocks) <= len(lines)


# --- idempotence ------------------------------------------------------------------
# Known counterexamples, pinned so that every run tries them.

# A blocks document whose only kept paragraph is hard-wrapped: it must come
# out closed by a blank line, or a second run reads it one paragraph per line.
SINGLE_BLOCK = S.Doc(
    "uno dos tres\nuno dos tres\n\nVer originales\n", ("uno dos tres\nuno dos tres", "Ver originales"), "blocks"
)
# A label is judged empty or not before duplicates go; its value here is a
# duplicate, so the label stays with nothing after it, until a second run.
_CITE = "[1] Smith et al., A long paper title about many different things here, 2023"
LABEL_VALUE_DUPLICATE = S.Doc(
    f"{_CITE}\nReferences:\n{_CITE}\nBody of the story.\n",
    (_CITE, "References:", _CITE, "Body of the story."),
    "lines",
)


# Repeating blocks of refrains: a run of kept refrains is no copy, so its short lines stay on both runs.
_M, _C = "مرحبا", "科技" * 12 + "。"
_A, _B = " ".join([_M] * 12) + ".", " ".join([_M] * 15) + "."
_REFRAIN_BLOCKS = [_A, _A, _B, _M + ".", _C, _A, _B, _M + ".", _C, _B, _C, _A, _B, _M + "."]
REFRAIN_BLOCKS = S.Doc("\n".join(_REFRAIN_BLOCKS), tuple(_REFRAIN_BLOCKS), "lines")


@SLOW
@example(LABEL_VALUE_DUPLICATE)
@example(SINGLE_BLOCK)
@example(REFRAIN_BLOCKS)
@given(S.documents_with_repeats())
def test_clean_is_idempotent(doc: S.Doc) -> None:
    once = clean(doc.text)
    assert clean(once) == once


@SLOW
@example(LABEL_VALUE_DUPLICATE)
@example(SINGLE_BLOCK)
@example(REFRAIN_BLOCKS)
@given(S.documents_with_repeats())
def test_clean_is_idempotent_when_unwrapping(doc: S.Doc) -> None:
    once = clean(doc.text, unwrap=True)
    assert clean(once, unwrap=True) == once


@SLOW
@example("Texto corto\nVer originales\n\nVer originales")
@given(S.odd_text())
def test_clean_is_idempotent_on_odd_text(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


# --- what comes out is what went in --------------------------------------------------


@SLOW
@given(any_text, configs)
def test_kept_paragraphs_are_an_ordered_subsequence_of_the_input(text: str, config: CleanConfig) -> None:
    result = clean_article(text, config)
    paragraphs = pieces(text, result)
    kept = [p.text for p in result.kept]
    # Ordered subsequence: walk the input once, matching kept paragraphs in turn.
    it = iter(p.text for p in paragraphs)
    assert all(any(k == t for t in it) for k in kept)
    # And they are those very paragraphs, with their positions.
    assert list(result.kept) == [paragraphs[p.index] for p in result.kept]
    assert [p.index for p in result.kept] == sorted({p.index for p in result.kept})


@SLOW
@given(any_text, configs)
def test_nothing_is_invented(text: str, config: CleanConfig) -> None:
    result = clean_article(text, config)
    assert isinstance(result.text, str)
    source = normalise(text)
    for p in result.kept:
        assert p.text in source
        assert p.text.strip()
    # The output text is the kept paragraphs (unwrapped or not) and separators only.
    if config.unwrap:
        expected = [" ".join(p.text.split()) for p in result.kept]
        got = [" ".join(t.split()) for t in _split_output(result)]
        assert len(got) == len(expected)
    else:
        assert _split_output(result) == [p.text for p in result.kept]


def _split_output(result) -> list[str]:  # type: ignore[no-untyped-def]
    if not result.text:
        return []
    assert result.text.endswith("\n")
    sep = "\n\n" if result.layout == "blocks" else "\n"
    # A blocks text of one multi-line paragraph is closed by a blank line.
    body = result.text[:-2] if result.layout == "blocks" and result.text.endswith("\n\n") else result.text[:-1]
    return body.split(sep)


@SLOW
@given(any_text, configs)
def test_every_paragraph_is_kept_or_removed_once_with_a_valid_reason(text: str, config: CleanConfig) -> None:
    result = clean_article(text, config)
    n = len(pieces(text, result))
    assert not result.page or config.page_chrome
    kept = [p.index for p in result.kept]
    removed = [r.index for r in result.removals]
    assert len(set(removed)) == len(removed), "a paragraph removed twice"
    assert not set(kept) & set(removed)
    assert sorted(kept + removed) == list(range(n))
    assert removed == sorted(removed), "removals not in input order"
    assert result.paragraph_count == n
    kept_set = set(kept)
    for r in result.removals:
        if r.reason == "boilerplate":
            assert config.boilerplate
            assert isinstance(r.rule_id, str) and r.rule_id
            assert r.duplicate_of is None and r.method is None and r.score is None
        elif r.reason == "page_chrome":
            # A line wrapping a headline in chrome goes in any text; other chrome only on a page.
            assert (result.page or r.chrome == "title-in-chrome") and r.chrome and r.evidence
            assert r.rule_id is None and r.duplicate_of is None
        else:
            assert r.reason == "near_duplicate"
            assert config.deduplicate
            assert r.rule_id is None
            assert r.duplicate_of is not None and r.duplicate_of < r.index
            assert r.duplicate_of in kept_set, f"{r} points at a paragraph that was removed"
            if r.method == "fuzzy":
                assert config.threshold <= r.score <= 100
            else:
                assert r.method in ("exact", "copy", "stutter")
                assert r.score == 100


@SLOW
@given(any_text, configs)
def test_duplicate_evidence_holds(text: str, config: CleanConfig) -> None:
    """Each near-duplicate removal is justified by its method, on the keys."""
    result = clean_article(text, config)
    texts = {p.index: p.text for p in pieces(text, result)}
    for r in result.removals:
        if r.reason != "near_duplicate":
            continue
        key, source = paragraph_key(r.text), paragraph_key(texts[r.duplicate_of])
        assert key, "a paragraph without letters removed as a duplicate"
        if r.method == "fuzzy":
            assert count_words(key) >= config.min_words
            assert abs(fuzz.ratio(key, source) - r.score) <= 0.01
        elif r.method == "exact":
            assert count_words(key) >= config.min_words
            assert key == source
        else:
            # Short paragraphs are removed only as identical repeats.
            assert key == source
            if r.method == "stutter":
                assert count_words(key) >= config.stutter_words


# Near-duplicates whose rarest words were all edited are never compared: an
# accent-stripped copy (ratio 92.19) is kept next to the original.
_ACCENTED = (
    "La investigación del gobierno sobre la economía y la política energética mostró "
    "también que la información pública llegó después."
)
_FOLDED = (
    "La investigacion del gobierno sobre la economia y la politica energetica mostro "
    "tambien que la informacion publica llego despues."
)
# A Latin word glued to CJK in the key is indexed as bigrams only (ratio 98).
_GLOSSED = (
    "President Xi Jinping (习近平) met the visiting delegation in Beijing on Monday "
    "to discuss trade and climate policy."
)
_UNGLOSSED = _GLOSSED.replace(" (习近平)", "")


@SLOW
@example(S.Doc(f"{_ACCENTED}\n{_FOLDED}\n", (_ACCENTED, _FOLDED), "lines"), CleanConfig())
@example(S.Doc(f"{_GLOSSED}\n{_UNGLOSSED}\n", (_GLOSSED, _UNGLOSSED), "lines"), CleanConfig())
@given(S.documents_with_repeats(), configs)
def test_no_two_kept_long_paragraphs_are_near_duplicates(doc: S.Doc, config: CleanConfig) -> None:
    """The policy: a long paragraph at similarity >= threshold of an earlier kept one goes.

    Except a refrain (kept three times or more) and paragraphs whose numbers differ.
    """
    assume(config.deduplicate)
    result = clean_article(doc.text, config)
    long_keys = [(p.index, k) for p in result.kept if count_words(k := paragraph_key(p.text)) >= config.min_words]
    # Not removed as duplicates (a page's chrome stage may still take a refrain's occurrence).
    left = [k for _, k in long_keys] + [paragraph_key(r.text) for r in result.removals if r.reason == "page_chrome"]

    def near(a: str, b: str) -> bool:
        return fuzz.ratio(a, b) >= config.threshold

    for a, (i, ki) in enumerate(long_keys):
        for j, kj in long_keys[a + 1 :]:
            if not near(ki, kj) or _NUMBER.findall(ki) != _NUMBER.findall(kj):
                continue
            # Both may be occurrences of a refrain: three near-copies of one text (its first occurrence) left.
            refrain = any(near(ki, kr) and near(kj, kr) and sum(near(kr, k) for k in left) >= 3 for _, kr in long_keys)
            assert refrain, f"paragraphs {i} and {j} are near-duplicates, both kept"


@SLOW
@given(S.documents_with_repeats(), configs)
def test_no_two_kept_long_paragraphs_have_one_key(doc: S.Doc, config: CleanConfig) -> None:
    """Identical long keys are found by hashing: never both kept, unless a refrain (three near-copies kept)."""
    assume(config.deduplicate)
    result = clean_article(doc.text, config)
    kept_keys = [key for p in result.kept if count_words(key := paragraph_key(p.text)) >= config.min_words]
    # Not removed as duplicates (a page's chrome stage may still take a refrain's occurrence).
    left = kept_keys + [paragraph_key(r.text) for r in result.removals if r.reason == "page_chrome"]
    for key, count in collections.Counter(kept_keys).items():
        # A refrain, near-copies included, occurs three times or more.
        refrain = sum(fuzz.ratio(key, other) >= config.threshold for other in left) >= 3
        assert count == 1 or refrain, f"{key!r} is kept twice"


@SLOW
@given(any_text, st.sampled_from(["auto", "lines", "blocks"]))
def test_with_every_stage_off_everything_is_kept(text: str, layout: str) -> None:
    config = CleanConfig(deduplicate=False, boilerplate=False, page_chrome=False, layout=layout)
    result = clean_article(text, config)
    paragraphs = split_paragraphs(text, layout=result.layout)
    assert result.removals == ()
    assert list(result.kept) == paragraphs
    assert result.text == join_paragraphs([p.text for p in paragraphs], layout=result.layout)


@FAST
@given(any_text, st.sampled_from(["lines", "blocks"]))
def test_split_join_round_trip(text: str, layout: str) -> None:
    texts = [p.text for p in split_paragraphs(text, layout=layout)]
    assert [p.text for p in split_paragraphs(join_paragraphs(texts, layout=layout), layout=layout)] == texts


# --- offsets ------------------------------------------------------------------------


@SLOW
@given(any_text, configs)
def test_offsets_slice_the_input_to_the_paragraph(text: str, config: CleanConfig) -> None:
    result = clean_article(text, config)
    spans = [(p.start, p.end, p.text) for p in result.kept] + [(r.start, r.end, r.text) for r in result.removals]
    for start, end, para in spans:
        assert 0 <= start < end <= len(text)
        assert normalise(text[start:end]) == para
        # start is the paragraph's first character (indentation included);
        # end is just past its last non-blank one.
        assert not text[end - 1].isspace()
    ordered = sorted(spans)
    for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
        assert end <= start, "paragraph spans overlap"


# --- repeats --------------------------------------------------------------------------


@st.composite
def repeated_long_paragraph(draw: st.DrawFn) -> tuple[list[str], str]:
    others = draw(S.distinct_paragraphs(0, 8))
    long = draw(S.long_paragraphs())
    assume(all(paragraph_key(o) != paragraph_key(long) for o in others))
    # Distinct "others" must really be distinct for the policy: no two long
    # ones near-duplicates of each other or of the repeated one.
    keys = [paragraph_key(p) for p in [long, *others]]
    long_keys = [k for k in keys if count_words(k) >= 10]
    assume(all(fuzz.ratio(a, b) < 90 for n, a in enumerate(long_keys) for b in long_keys[n + 1 :]))
    k = draw(st.integers(2, 5))
    paras = list(others)
    for _ in range(k):
        paras.insert(draw(st.integers(0, len(paras))), long)
    return paras, long


@SLOW
@given(repeated_long_paragraph().flatmap(lambda pl: st.tuples(S.render(pl[0]), st.just(pl[1]))))
def test_a_repeated_long_paragraph_comes_out_once(case: tuple[S.Doc, str]) -> None:
    """... unless it is a refrain: three or more occurrences alone (not right after another) all stay."""
    doc, long = case
    result = clean_article(doc.text)
    texts = [p.text for p in split_paragraphs(doc.text)]
    copies = [i for i, t in enumerate(texts) if " ".join(t.split()) == long]
    assert len(copies) >= 2
    first = copies[0]
    ruled = {r.index for r in result.removals if r.reason == "boilerplate"}
    left = [i for i in range(len(texts)) if i not in ruled]
    alone = [i for n, i in enumerate(left) if i in copies and (n == 0 or left[n - 1] not in copies)]
    stay = alone if len(alone) >= 3 else [first]
    kept_long = [p.index for p in result.kept if " ".join(p.text.split()) == long]
    assert kept_long == stay
    duplicates = [r for r in result.removals if r.reason == "near_duplicate"]
    assert [r.index for r in duplicates] == [i for i in copies if i not in stay]
    for r in duplicates:
        assert (r.method, r.duplicate_of, r.score) == ("exact", first, 100.0)
    # Every other paragraph stays, unless a boilerplate rule takes it.
    others = set(range(len(texts))) - set(copies)
    assert {p.index for p in result.kept} - set(stay) | ruled == others


@SLOW
@given(
    S.long_paragraphs().flatmap(lambda p: st.tuples(st.just(p), S.punctuation_variant(p))),
    S.distinct_paragraphs(0, 4, S.short_paragraphs()),
)
def test_a_punctuation_variant_is_an_exact_duplicate(pair: tuple[str, str], middle: list[str]) -> None:
    original, variant = pair
    assume(all(paragraph_key(m) != paragraph_key(original) for m in middle))
    result = clean_article("\n".join([original, *middle, variant]) + "\n")
    assert [(r.index, r.duplicate_of, r.method, r.score) for r in result.removals] == [
        (len(middle) + 1, 0, "exact", 100.0)
    ]


# --- robustness -------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    result = clean_article(text)
    assert isinstance(result.text, str)
    assert isinstance(clean(text), str)


@SLOW
@given(S.odd_text(), st.booleans())
def test_odd_text_never_raises(text: str, unwrap: bool) -> None:
    result = clean_article(text, CleanConfig(unwrap=unwrap))
    assert isinstance(result.text, str)
    assert result.text == "" or result.text.endswith("\n")


def test_empty_text() -> None:
    assert clean("") == ""
    result = clean_article("")
    assert result.kept == () and result.removals == ()


@SLOW
@given(any_text, configs)
def test_clean_article_is_deterministic(text: str, config: CleanConfig) -> None:
    assert clean_article(text, config) == clean_article(text, config)


# --- keys ----------------------------------------------------------------------------------


@FAST
@given(S.odd_text())
def test_key_shape(text: str) -> None:
    """What paragraph_key documents about its output."""
    key = paragraph_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert not regex.search(r"\p{P}|\p{Cf}", key)
    assert not regex.search(r"[^\S ]", key), "whitespace other than a plain space"


_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]"


@FAST
@example("Zone 〇")
@given(S.odd_text())
def test_key_has_no_space_next_to_cjk(text: str) -> None:
    key = paragraph_key(text)
    assert not regex.search(rf"{_CJK} | {_CJK}", key), "space next to a CJK character"


@FAST
@given(S.paragraphs(), st.data())
def test_key_ignores_case_spacing_quotes_and_invisibles(text: str, data: st.DataObject) -> None:
    key = paragraph_key(text)
    assert paragraph_key(text.upper()) == key
    assert paragraph_key(text.lower()) == key
    space = data.draw(st.sampled_from(["  ", "\t", "\n", "\u00a0", "\u3000", " \r\n "]))
    assert paragraph_key(text.replace(" ", space)) == key
    invisible = data.draw(st.sampled_from("\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u061c\u202b\u2067"))
    cut = data.draw(st.integers(0, len(text)))
    assert paragraph_key(text[:cut] + invisible + text[cut:]) == key
    quotes = data.draw(
        st.sampled_from(
            "\"{}\" \u201c{}\u201d \u00ab{}\u00bb '{}' \u300c{}\u300d \u2018{}\u2019 ({}) \u00bf{}?".split()
        )
    )
    assert paragraph_key(quotes.format(text)) == key


# --- refrains ------------------------------------------------------------------------


@SLOW
@given(
    S.distinct_paragraphs(4, 10, st.one_of(S.long_paragraphs(), S.short_paragraphs())),
    st.integers(3, 5),
    st.sampled_from(["lines", "blocks"]),
    st.data(),
)
def test_a_refrain_between_distinct_paragraphs_is_never_removed(
    paras: list[str], k: int, layout: str, data: st.DataObject
) -> None:
    """A paragraph recurring k >= 3 times, each time between other paragraphs, stays every time."""
    refrain, others = paras[0], paras[1:]
    if layout == "blocks":  # a stanza of two lines: one long paragraph
        refrain = f"{refrain}\n{data.draw(S.long_paragraphs())}"
    # k slots between the other paragraphs, no two side by side.
    assume(len(others) >= k - 1)
    slots = sorted(data.draw(st.lists(st.integers(0, len(others)), min_size=k, max_size=k, unique=True)))
    text_paras: list[str] = []
    for n, para in enumerate([*others, None]):
        if n in slots:
            text_paras.append(refrain)
        if para is not None:
            text_paras.append(para)
    text = ("\n\n" if layout == "blocks" else "\n").join(text_paras) + "\n"
    result = clean_article(text, CleanConfig(layout=layout))  # type: ignore[arg-type]
    kept = [p.text for p in result.kept]
    assert kept.count(refrain) == k, [r.describe() for r in result.removals]
