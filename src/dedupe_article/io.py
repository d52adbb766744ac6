"""Reading input files as text, with errors a person can act on."""

from __future__ import annotations

import codecs

from dedupe_article.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, *, name: str, encoding: str | None = None, errors: str = "strict") -> str:
    """Decode a file's bytes: UTF-8 by default, UTF-16/32 when a BOM says so.

    >>> decode_bytes(b"\\xef\\xbb\\xbfHola", name="a.txt")
    'Hola'
    >>> decode_bytes(b"a\\xceb", name="a.txt")
    Traceback (most recent call last):
    ...
    dedupe_article.errors.InputError: a.txt: not valid UTF-8 at byte 1 (use --encoding or --errors replace)

    Args:
        data: the raw bytes.
        name: the file name, for error messages.
        encoding: decode with this codec instead of guessing from a BOM.
        errors: ``"strict"`` (raise) or ``"replace"`` (U+FFFD for bad bytes;
            NUL bytes are then allowed too).

    Raises:
        InputError: undecodable bytes, an unknown encoding, or NUL bytes
            (binary input) when ``errors`` is ``"strict"``.
    """
    if encoding is None:
        encoding = "utf-8"
        for bom, codec in _BOMS:
            if data.startswith(bom):
                encoding = codec
                break
    try:
        text = data.decode(encoding, errors)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {_pretty(encoding)} at byte {exc.start} (use --encoding or --errors replace)"
        ) from None
    if errors == "strict" and "\x00" in text:
        raise InputError(f"{name}: contains NUL bytes, looks binary (use --errors replace to clean it anyway)")
    return text


def _pretty(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(encoding, encoding)
