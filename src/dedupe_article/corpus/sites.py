"""Records and their sites: what every corpus job reads from a record, and the stable hash they all use.

A job reads a record's text (:func:`record_text`) and its site
(:func:`record_site`): a field (:class:`SiteField`), the host of a URL
field (:class:`UrlHost`), any picklable callable, or one group for the
whole corpus (:data:`ALL_SITES`). Hashes are :func:`stable_hash` (BLAKE2b),
the same in every process, never Python's ``hash()``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

ALL_SITES = "*"
"""The site name of every document when the corpus is not split by site."""

SiteOf = Callable[[Mapping[str, Any]], str]
"""The site of a record (:class:`SiteField`, :class:`UrlHost` or any picklable callable); raises ``ValueError``."""

Progress = Callable[[str, int, int | None], None]
"""Called as work advances: ``(stage, done, total)``; ``total`` is ``None`` while unknown."""


def url_host(url: str) -> str:
    """The site of a URL: its host, lowercased, without ``www.`` or a port.

    >>> url_host("https://www.Example.com:8080/news/1?x=2")
    'example.com'
    >>> url_host("example.org/a/b")
    'example.org'
    >>> url_host("not a url")
    ''
    """
    text = url.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:  # an invalid port or IPv6 literal
        return ""
    if " " in host:
        return ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class _StringField:
    """Reads one string field of a record; the base of :class:`SiteField` and :class:`UrlHost`.

    A class rather than a lambda, so that it pickles into worker processes.
    """

    name: str

    def value(self, record: Mapping[str, Any]) -> str:
        """The field's value; ``ValueError`` when it is missing or not a string."""
        value = record.get(self.name)
        if not isinstance(value, str):
            raise ValueError(f"field {self.name!r} is missing or not a string")
        return value


@dataclass(frozen=True)
class SiteField(_StringField):
    """Group records by the value of a field (``record[name]``).

    >>> SiteField("site")({"site": "example.com", "text": "..."})
    'example.com'
    """

    def __call__(self, record: Mapping[str, Any]) -> str:
        return self.value(record)


@dataclass(frozen=True)
class UrlHost(_StringField):
    """Group records by the host of a URL field (see :func:`url_host`).

    >>> UrlHost("url")({"url": "https://www.example.com/a", "text": "..."})
    'example.com'
    """

    def __call__(self, record: Mapping[str, Any]) -> str:
        value = self.value(record)
        host = url_host(value)
        if not host:
            raise ValueError(f"field {self.name!r} has no host: {value[:80]!r}")
        return host


def record_site(site_of: SiteOf | None, record: Mapping[str, Any], index: int) -> str:
    """The site of the record at position ``index`` (from 0): :data:`ALL_SITES` when ``site_of`` is ``None``.

    A ``ValueError`` from ``site_of`` is raised again with the record's position (from 1).
    """
    if site_of is None:
        return ALL_SITES
    try:
        site = site_of(record)
    except ValueError as exc:
        raise ValueError(f"record {index + 1}: {exc}") from None
    if not isinstance(site, str):
        raise ValueError(f"record {index + 1}: the site must be a string, not {type(site).__name__}")
    return site


def record_text(record: Mapping[str, Any], field: str, index: int) -> str:
    """The text of the record at position ``index`` (from 0); ``TypeError`` when it is not a string."""
    text = record.get(field)
    if not isinstance(text, str):
        raise TypeError(f"record {index + 1}: field {field!r} is missing or not a string")
    return text


def site_slug(site: str) -> str:
    """The part of a learned rule's id that names the site.

    Lowercase ASCII letters and digits joined by ``-``; a site with none
    (an empty name, a name in another script) gets a stable hash instead.

    >>> site_slug("www.Example.co.uk"), site_slug(ALL_SITES), site_slug("新华网")
    ('www-example-co-uk', 'all', 'site-e509a3f8')
    """
    if site == ALL_SITES:
        return "all"
    ascii_only = unicodedata.normalize("NFKD", site).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_only))
    return slug or "site-" + hashlib.blake2b(site.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def stable_hash(data: str | bytes) -> int:
    """A 64-bit BLAKE2b hash as a signed integer (fits an int64 column).

    The same in every process and on every machine, unlike ``hash()``.

    >>> stable_hash("ver originales")
    2984096013712834662
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little", signed=True)


def counted(n: int, noun: str) -> str:
    """``1 page``, ``2 pages``: how the summaries and rule files count things."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
