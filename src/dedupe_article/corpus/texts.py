"""What near-duplicate detection reads from a document's text: its normalised keys, its names and numbers.

:func:`normalise_document` is the text that is shingled, hashed and
compared; :func:`document_names` and :func:`document_marks` are what a
template changes from one document to the next, compared by
:func:`marks_agree`.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from dedupe_article.keys import key_of_plain, plain_text
from dedupe_article.paragraphs import split_paragraphs


def normalise_document(text: str, *, layout: str = "auto") -> str:
    """A document's normalised text: the key of each paragraph, one per line.

    Keys are :func:`~dedupe_article.keys.paragraph_key`: case, Unicode
    forms, punctuation and spacing no longer matter.

    >>> normalise_document("Hello,  WORLD!\\n\\n\\u00bfQu\\u00e9 tal?\\n---\\n")
    'hello world\\nqué tal'
    """
    keys = (key_of_plain(plain_text(p.text)) for p in split_paragraphs(text, layout=layout))
    return "\n".join(k for k in keys if k)


# A word, or a mark that ends a sentence (the next word is capitalised as any first word is).
_NAME_TOKEN = re.compile(r"\w+|[.!?:;\N{HORIZONTAL ELLIPSIS}\N{IDEOGRAPHIC FULL STOP}]")
# A number in a normalised text: digit groups (punctuation between them is gone: 1,200 is "1 200").
_NUMBER = re.compile(r"\d+(?: \d+)*")
# Fewer names and numbers than this in either document: too few to tell two documents apart.
_MARKS_MIN = 3


def document_names(text: str) -> str:
    """The words a document writes as names: capitalised inside a sentence, never in lower case.

    Only scripts with capital letters have them (none in Chinese or
    Japanese, where numbers alone tell templated documents apart). The
    words are in the form of the normalised text (:func:`normalise_document`),
    space-separated, sorted.

    >>> document_names("Acme Corp said on Tuesday that Jane Smith would lead it.\\nThe Board agreed; the board met.")
    'corp jane smith tuesday'
    """
    capitalised: set[str] = set()
    lower: set[str] = set()
    for line in text.splitlines():
        initial = True
        for token in _NAME_TOKEN.findall(line):
            first = token[0]
            if not first.isalnum() and first != "_":
                initial = True
                continue
            if first.isupper():
                if not initial and not any(c.isdigit() for c in token):
                    capitalised.add(token)
            elif first.islower():
                lower.add(token)
            initial = False
    lowered = {word for token in lower for word in key_of_plain(plain_text(token)).split()}
    names = {word for token in capitalised for word in key_of_plain(plain_text(token)).split()}
    return " ".join(sorted(w for w in names - lowered if len(w) > 1 and not w.isdigit()))


def document_marks(normalised: str, names: Collection[str] = ()) -> frozenset[str]:
    """The names and numbers of a normalised text: what a template changes from one document to the next.

    ``names`` are the document's names (:func:`document_names`, split);
    numbers are runs of digit groups.

    >>> sorted(document_marks("acme corp earned 4 2 billion in 2024", {"acme", "corp", "jane"}))
    ['2024', '4 2', 'acme', 'corp']
    """
    marks = set(_NUMBER.findall(normalised))
    if names:
        marks.update(word for word in normalised.split() if word in names)
    return frozenset(marks)


def marks_agree(a: Collection[str], b: Collection[str]) -> float:
    """The share of the names and numbers of the document with fewer that the other has too.

    1.0 when either has fewer than three: too few to tell documents apart.

    >>> marks_agree({"acme", "jane", "4 2"}, {"borealis", "tomas", "7 9"}), marks_agree({"acme"}, {"x"})
    (0.0, 1.0)
    """
    fewer, more = (a, b) if len(a) <= len(b) else (b, a)
    if len(fewer) < _MARKS_MIN:
        return 1.0
    return sum(1 for mark in fewer if mark in more) / len(fewer)
