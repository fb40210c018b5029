"""Work a page may ask of MuPDF, checked before MuPDF does it. A small file can describe a huge
amount of work: a content stream that inflates to gigabytes of operators, Form XObjects nested
and drawn many times over (each level multiplying the last), a page of millions of tiny words.
MuPDF would run all of it inside one call, so the bounds are checked from the file's structure
first: the inflated size of the page's content (the compressed bytes say nothing), the depth and
fan-out of the Form XObjects it draws, and the words per page. Each refusal is one clear line.

Inflating is bounded too: a Flate stream is inflated in chunks and abandoned at the limit. Other
filters (rare in content streams) are decoded by MuPDF only when even their worst expansion
stays within the limit, else they count as too large. Type3 glyph procedures, patterns and
annotation appearances are not followed (MuPDF draws them only where they are used).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from ..errors import DocumentError

FLATE_MAX_RATIO = 1032  # zlib's largest possible expansion (output bytes per input byte)
OTHER_MAX_RATIO = 4096  # a bound on any other filter's expansion (LZW's worst is ~2,700)
INFLATE_CHUNK = 1 << 20  # bytes inflated per step
MAX_PARENTS = 64  # /Parent links followed to find a page's inherited resources

_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_REF = re.compile(r"/([^\s/\[\]()<>{}%]+)\s*(\d+)\s+\d+\s+R")
_FLATE = ("/FlateDecode", "/Fl")
_ASCII85 = ("/ASCII85Decode", "/A85")
_ASCIIHEX = ("/ASCIIHexDecode", "/AHx")


@dataclass
class PageBounds:
    """Limits for one page (from ReadLimits)."""

    content_bytes: int  # inflated content, each Form XObject counted once per time it is drawn
    form_depth: int  # Form XObjects inside Form XObjects
    form_draws: int  # Form XObjects drawn, all levels multiplied out


class _TooMuch(Exception):
    """Drawing the page would exceed a bound; the argument says which ("content" or "forms")."""


@dataclass
class _Walk:
    doc: pymupdf.Document
    bounds: PageBounds
    done: dict[int, tuple[int, int]] = field(default_factory=dict)  # xref -> (bytes, draws)
    active: set[int] = field(default_factory=set)

    def decoded(self, xref: int, keep: bool) -> tuple[int, bytes]:
        """(inflated size, bytes if `keep`) of a stream, never inflating past the limit."""
        limit = self.bounds.content_bytes
        raw = self.doc.xref_stream_raw(xref) or b""
        filters = _filters(self.doc, xref)
        if not filters:
            return len(raw), raw if keep else b""
        if all(f in _FLATE for f in filters[-1:]) and all(f in _ASCII85 + _ASCIIHEX for f in filters[:-1]):
            if not keep and len(raw) * FLATE_MAX_RATIO <= limit:
                return len(raw), b""  # even the worst expansion fits: no need to inflate
            return _inflate(_ascii_decoded(raw, filters[:-1]), limit, keep)
        if len(raw) * OTHER_MAX_RATIO ** len(filters) > limit:
            raise _TooMuch("content")
        data = self.doc.xref_stream(xref) or b""
        return len(data), data if keep else b""

    def form(self, xref: int, inherited: dict[str, int], depth: int) -> tuple[int, int]:
        """(content bytes, forms drawn) of drawing Form XObject `xref` once, all levels down."""
        if xref in self.done:
            return self.done[xref]
        if xref in self.active or depth > self.bounds.form_depth:
            raise _TooMuch("forms")
        self.active.add(xref)
        forms = _forms(self.doc, xref) if _has_resources(self.doc, xref) else inherited
        size, data = self.decoded(xref, keep=bool(forms))
        draws = 0
        for name, count in _draws(data, forms).items():
            sub_size, sub_draws = self.form(forms[name], forms, depth + 1)
            size += count * sub_size
            draws += count * (1 + sub_draws)
            _check(size, draws, self.bounds)
        self.active.discard(xref)
        self.done[xref] = (size, draws)
        return size, draws


def check_page(doc: pymupdf.Document, page: pymupdf.Page, bounds: PageBounds, name: str) -> None:
    """Raise DocumentError when drawing `page` would exceed `bounds`."""
    walk = _Walk(doc, bounds)
    try:
        forms = _forms(doc, _resource_holder(doc, page.xref))
        size, draws = 0, 0
        for xref in page.get_contents():
            n, data = walk.decoded(xref, keep=bool(forms))
            size += n
            for fname, count in _draws(data, forms).items():
                sub_size, sub_draws = walk.form(forms[fname], forms, 1)
                size += count * sub_size
                draws += count * (1 + sub_draws)
            _check(size, draws, bounds)
    except _TooMuch as err:
        what = (
            f"its content inflates to more than {bounds.content_bytes / 1e6:.0f} MB"
            if err.args == ("content",)
            else f"it draws nested Form XObjects more than {bounds.form_depth} deep, in a loop, "
            f"or more than {bounds.form_draws:,} times"
        )
        raise DocumentError(
            f"{name}: page {page.number + 1} is too much work to draw ({what}); print the plan to a new PDF and try again"
        ) from None


def _check(size: int, draws: int, bounds: PageBounds) -> None:
    if size > bounds.content_bytes:
        raise _TooMuch("content")
    if draws > bounds.form_draws:
        raise _TooMuch("forms")


def content_intact(doc: pymupdf.Document, page: pymupdf.Page, limit: int) -> bool:
    """Every Flate content stream of the page inflates to its end without error (asked when
    MuPDF reports damage: broken content is damage; a broken font or image elsewhere may not be)."""
    for xref in page.get_contents():
        filters = _filters(doc, xref)
        if not filters or filters[-1] not in _FLATE:
            continue
        inflater = zlib.decompressobj()
        data = _ascii_decoded(doc.xref_stream_raw(xref) or b"", filters[:-1])
        try:
            while data:
                inflater.decompress(data, INFLATE_CHUNK)
                data = inflater.unconsumed_tail
        except zlib.error:
            return False
        if not inflater.eof:
            return False
    return True


def _filters(doc: pymupdf.Document, xref: int) -> list[str]:
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "name":
        return [value]
    if kind == "array":
        return re.findall(r"/[A-Za-z0-9]+", value)
    return []


def _ascii_decoded(raw: bytes, filters: list[str]) -> bytes:
    data = raw
    for f in filters:
        try:
            if f in _ASCII85:
                body = bytes(data).strip()
                body = body[2:] if body.startswith(b"<~") else body
                body = body.split(b"~>", 1)[0]
                data = base64.a85decode(b"".join(body.split()))
            else:
                body = b"".join(bytes(data).split()).split(b">", 1)[0]
                data = binascii.unhexlify(body + b"0" * (len(body) % 2))
        except ValueError:
            return b""  # undecodable: MuPDF will say so when it reads the page
    return data


def _inflate(data: bytes, limit: int, keep: bool) -> tuple[int, bytes]:
    """Inflate `data` chunk by chunk; past `limit` bytes the stream is too large."""
    inflater = zlib.decompressobj()
    total, parts = 0, []
    pending = data
    try:
        while pending or not inflater.eof:
            chunk = inflater.decompress(pending, INFLATE_CHUNK)
            pending = inflater.unconsumed_tail
            total += len(chunk)
            if total > limit:
                raise _TooMuch("content")
            if keep:
                parts.append(chunk)
            if not chunk and not pending:
                break
    except zlib.error:
        pass  # a broken stream: MuPDF will warn when it reads the page
    return total, b"".join(parts)


def _resource_holder(doc: pymupdf.Document, xref: int) -> int:
    """The page object or the ancestor whose /Resources the page uses."""
    seen: set[int] = set()
    for _ in range(MAX_PARENTS):
        if _has_resources(doc, xref) or xref in seen:
            return xref
        seen.add(xref)
        kind, value = doc.xref_get_key(xref, "Parent")
        if kind != "xref":
            return xref
        xref = int(value.split()[0])
    return xref


def _has_resources(doc: pymupdf.Document, xref: int) -> bool:
    return doc.xref_get_key(xref, "Resources")[0] != "null"


def _forms(doc: pymupdf.Document, holder: int) -> dict[str, int]:
    """Names of the Form XObjects in `holder`'s resources -> their xrefs."""
    kind, value = doc.xref_get_key(holder, "Resources/XObject")
    if kind == "xref":
        value = doc.xref_object(int(value.split()[0]), compressed=True)
    elif kind != "dict":
        return {}
    out = {}
    for name, num in _REF.findall(value):
        xref = int(num)
        if 0 < xref < doc.xref_length() and doc.xref_get_key(xref, "Subtype")[1] == "/Form":
            out[name] = xref
    return out


def _draws(content: bytes, forms: dict[str, int]) -> Counter[str]:
    """How many times the content draws each of `forms` (`/Name Do`)."""
    if not forms or not content:
        return Counter()
    return Counter(n for n in (m.decode("latin-1") for m in _DO.findall(content)) if n in forms)
