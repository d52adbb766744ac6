"""Reading input files as text, with errors a person can act on.

A file is UTF-8, or UTF-16/32 when a byte order mark says so. With
``encoding="auto"`` (what the command line does by default) a file that is
not UTF-8 is read in the encoding it appears to be in, and the caller is told
which: Western European text whose accented letters are those of one
Western language is read as cp1252 (a superset of latin-1 for text); any
other text in the encoding charset-normalizer finds; text that is UTF-8 but
for a few bad bytes stays an error (or gets U+FFFD with ``errors="replace"``),
so that damage is not mistaken for an encoding. Binary data (NUL bytes) is
refused in every mode unless ``errors="replace"``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from dedupe_article.errors import InputError

AUTO = "auto"
# charset-normalizer reads a sample of this many bytes, starting just before
# the first non-ASCII byte: enough to be sure, and its time and memory stay
# bounded whatever the file's size (it keeps decoded copies of its input).
SAMPLE_BYTES = 1 << 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII = bytes(range(128))
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# A well-formed multi-byte UTF-8 sequence.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# The accented letters of Western European languages that cp1252 encodes.
# Text whose non-ASCII letters all belong to one of these (but one) is read
# as cp1252: charset-normalizer alone often takes French or Spanish for
# cp1250 or cp1257 (the same bytes, with ą for à and ń for ñ).
_WESTERN_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "áàâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "äöüß",  # German
    "áäéèëíïóöúü",  # Dutch
    "àçéèíïóòúü",  # Catalan
    "åäöé",  # Swedish, Finnish
    "æøåéó",  # Danish, Norwegian
)
# Typographic marks and symbols Western text uses; any other non-ASCII
# symbol (± ¾ ³ ...) means the bytes are letters of another script.
_WESTERN_MARKS = set("\N{NO-BREAK SPACE}’‘“”«»‹›–—…•·€£¥¢§¶°©®™¡¿ªº×÷´¨¸\N{SOFT HYPHEN}")
_UTF8_NAMES = {"utf-8", "utf-8-sig"}


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was read.

    Attributes:
        text: the decoded text.
        encoding: the codec used (``utf-8``, ``utf-16``, ``cp1252``, ...).
        detected: the encoding was guessed: the file was not UTF-8 and no
            encoding was given.
        same_bytes: the text encoded as UTF-8 gives back the file's bytes
            (UTF-8 without a BOM, and no bad byte replaced).
    """

    text: str
    encoding: str
    detected: bool = False
    same_bytes: bool = False


def check_encoding(encoding: str) -> None:
    """Raise ``ValueError`` unless ``encoding`` is ``"auto"`` or a text codec Python knows.

    >>> check_encoding("latin-1")
    >>> check_encoding("klingon")
    Traceback (most recent call last):
    ...
    ValueError: unknown encoding 'klingon'
    """
    if encoding == AUTO:
        return
    try:
        b"a".decode(encoding)  # a LookupError for bytes-to-bytes codecs such as base64, too
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError:
        pass  # a codec that needs more bytes (UTF-16, ...)


def decode_text(data: bytes, *, name: str, encoding: str = AUTO, errors: str = "strict") -> Decoded:
    """Decode a file's bytes, detecting the encoding when it is not UTF-8.

    >>> decode_text("Café à Paris".encode("cp1252"), name="a.txt")
    Decoded(text='Café à Paris', encoding='cp1252', detected=True, same_bytes=False)
    >>> decode_text(b"a\\xceb", name="a.txt", encoding="utf-8")
    Traceback (most recent call last):
    ...
    dedupe_article.errors.InputError: a.txt: not valid UTF-8 at byte 1 (use --encoding or --errors replace)

    Args:
        data: the raw bytes.
        name: the file name, for error messages.
        encoding: ``"auto"``: UTF-8 (UTF-16/32 after a BOM), else detected;
            ``"utf-8"``: the same without detection (bad bytes are an
            error); any other codec: that codec.
        errors: ``"strict"`` (raise) or ``"replace"`` (U+FFFD for bad bytes;
            NUL bytes are then allowed too).

    Raises:
        InputError: undecodable bytes, an unknown encoding, or NUL bytes
            (binary input) when ``errors`` is ``"strict"``.
    """
    strict = errors == "strict"
    if encoding != AUTO and _codec_name(encoding, name) not in _UTF8_NAMES:
        decoded = Decoded(_decode(data, encoding, errors, name), encoding)
    else:
        codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8")
        try:
            decoded = Decoded(data.decode(codec), codec, same_bytes=codec == "utf-8")
        except UnicodeDecodeError as exc:
            if encoding != AUTO or codec != "utf-8" or (b"\x00" in data and not strict):
                if strict:
                    raise InputError(_invalid(name, codec, exc.start)) from None
                decoded = Decoded(data.decode(codec, "replace"), codec)
            elif b"\x00" in data:
                raise InputError(_binary(name)) from None
            else:
                decoded = _detected(data, name, exc.start, errors)
    if strict and "\x00" in decoded.text:
        raise InputError(_binary(name))
    return decoded


def decode_bytes(data: bytes, *, name: str, encoding: str | None = None, errors: str = "strict") -> str:
    """Decode a file's bytes: UTF-8 by default, UTF-16/32 when a BOM says so.

    >>> decode_bytes(b"\\xef\\xbb\\xbfHola", name="a.txt")
    'Hola'
    >>> decode_bytes(b"a\\xceb", name="a.txt")
    Traceback (most recent call last):
    ...
    dedupe_article.errors.InputError: a.txt: not valid UTF-8 at byte 1 (use --encoding or --errors replace)

    ``encoding=None`` is ``"utf-8"``: no detection; see :func:`decode_text`
    for ``"auto"`` and the other arguments.
    """
    return decode_text(data, name=name, encoding=encoding or "utf-8", errors=errors).text


def detect_encoding(data: bytes) -> str | None:
    """The encoding ``data`` (not valid UTF-8) appears to be in, or ``None``.

    ``"utf-8"`` means UTF-8 with a few bad bytes: most of its non-ASCII
    bytes form UTF-8 sequences.

    >>> detect_encoding("Año nuevo, vida nueva".encode("latin-1"))
    'cp1252'
    >>> detect_encoding("北京时间昨天晚上，中国科学院发布了一份关于气候变化的重要报告。".encode("gb18030"))
    'gb18030'
    """
    first = _NON_ASCII.search(data)
    if first is None:
        return "ascii"
    sample = _sample(data, first.start())
    high = len(sample.translate(None, _ASCII))
    if 2 * sum(len(m) for m in _UTF8_SEQUENCE.findall(sample)) > high:
        return "utf-8"
    if _is_western(data):
        return "cp1252"
    import charset_normalizer  # imported here: most files are UTF-8 and never need it

    best = charset_normalizer.from_bytes(sample).best()
    return None if best is None else str(best.encoding)


def _detected(data: bytes, name: str, bad_byte: int, errors: str) -> Decoded:
    guess = detect_encoding(data)
    if guess is None or guess == "utf-8":
        if errors == "strict":
            why = "" if guess else ", and its encoding could not be detected"
            raise InputError(
                f"{name}: not valid UTF-8 at byte {bad_byte}{why} (use --encoding or --errors replace)"
            ) from None
        return Decoded(data.decode("utf-8", "replace"), "utf-8")
    try:
        return Decoded(data.decode(guess, errors), guess, detected=True)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8, nor {guess} (detected) at byte {exc.start} (use --encoding or --errors replace)"
        ) from None


def _sample(data: bytes, first: int) -> bytes:
    """About :data:`SAMPLE_BYTES` from just before byte ``first``, cut between two characters.

    Everything before ``first`` is ASCII, so the sample starts on a character.
    It ends after a line break or a space, which no multi-byte encoding
    charset-normalizer knows uses inside a character, or else after two
    ASCII bytes in a row (the second cannot end a multi-byte character).
    """
    start = max(0, first - 256)
    end = start + SAMPLE_BYTES
    if end >= len(data):
        return data[start:]
    sample = data[start:end]
    cut = max(sample.rfind(b"\n"), sample.rfind(b" "))
    if cut <= 0:
        cut = next((i for i in range(len(sample) - 1, 1, -1) if sample[i] < 0x80 and sample[i - 1] < 0x80), 0)
    return sample[: cut + 1] if cut > 0 else sample


def _is_western(data: bytes) -> bool:
    """Whether ``data`` reads as Western European text in cp1252 (see ``_WESTERN_ALPHABETS``)."""
    try:
        chars = bytes(sorted(set(data.translate(None, _ASCII)))).decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined
        return False
    letters = {c.lower() for c in chars if c.isalpha() and c not in _WESTERN_MARKS}
    if any(not c.isalpha() and c not in _WESTERN_MARKS for c in chars):
        return False
    return any(len(letters.difference(alphabet)) <= 1 for alphabet in _WESTERN_ALPHABETS)


def _decode(data: bytes, encoding: str, errors: str, name: str) -> str:
    try:
        return data.decode(encoding, errors)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(_invalid(name, encoding, exc.start)) from None


def _codec_name(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None


def _invalid(name: str, encoding: str, byte: int) -> str:
    return f"{name}: not valid {_pretty(encoding)} at byte {byte} (use --encoding or --errors replace)"


def _binary(name: str) -> str:
    return f"{name}: contains NUL bytes, looks binary (use --errors replace to clean it anyway)"


def _pretty(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(encoding, encoding)
