"""Builders for the hostile corpus (issue 11): text hidden from a person in every way a PDF allows,
and bombs. Every file is generated here from scratch or from a shipped sample; nothing is stored."""

from __future__ import annotations

import zlib

import pymupdf

# Each hiding method puts `text` at `at` (a baseline point, PDF points from the top-left of the page)
# so that MuPDF extracts it but a person sees nothing there.
HIDING_METHODS = (
    "render_mode_3",  # invisible text render mode (Tr 3)
    "white_on_white",  # fill colour of the page
    "same_as_box",  # the colour of the filled rectangle beneath it
    "tiny",  # 1 pt
    "squeezed",  # horizontally scaled to 1 %
    "covered_by_box",  # a later opaque white rectangle over it
    "redaction_bar",  # black text under a later black bar
    "covered_by_image",  # a later opaque image over it
    "alpha_0",  # fill opacity 0
    "outside_cropbox",  # in the media box but outside the visible page (crop) box
    "clipped",  # drawn inside a clip path that excludes it
    "under_annotation",  # under an opaque square annotation (a later layer of the page's rendering)
)


def _png(width: int, height: int, gray: int) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.clear_with(gray)
    return pix.tobytes("png")


def _text_rect(text: str, at: tuple[float, float], size: float) -> pymupdf.Rect:
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=size)
    return pymupdf.Rect(at[0] - 1, at[1] - size, at[0] + width + 1, at[1] + size * 0.35)


def _append_content(doc: pymupdf.Document, page: pymupdf.Page, data: bytes) -> None:
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, data)
    refs = " ".join(f"{x} 0 R" for x in [*page.get_contents(), xref])
    doc.xref_set_key(page.xref, "Contents", f"[{refs}]")


def hide(doc: pymupdf.Document, page: pymupdf.Page, text: str, method: str, at: tuple[float, float], size: float = 8):
    """Write `text` on `page` so that no person can see it, by `method` (one of HIDING_METHODS)."""
    rect = _text_rect(text, at, size)
    if method == "render_mode_3":
        page.insert_text(at, text, fontsize=size, render_mode=3)
    elif method == "white_on_white":
        page.insert_text(at, text, fontsize=size, color=(1, 1, 1))
    elif method == "same_as_box":
        blue = (0.15, 0.3, 0.6)
        page.draw_rect(rect, color=None, fill=blue)
        page.insert_text(at, text, fontsize=size, color=blue)
    elif method == "tiny":
        page.insert_text(at, text, fontsize=1)
    elif method == "squeezed":
        page.insert_text(at, text, fontsize=size, morph=(pymupdf.Point(*at), pymupdf.Matrix(0.01, 0, 0, 1, 0, 0)))
    elif method == "covered_by_box":
        page.insert_text(at, text, fontsize=size)
        page.draw_rect(rect, color=None, fill=(1, 1, 1))
    elif method == "redaction_bar":
        page.insert_text(at, text, fontsize=size)
        page.draw_rect(rect, color=None, fill=(0, 0, 0))
    elif method == "covered_by_image":
        page.insert_text(at, text, fontsize=size)
        page.insert_image(rect, stream=_png(int(rect.width) + 1, int(rect.height) + 1, 255), keep_proportion=False)
    elif method == "alpha_0":
        page.insert_text(at, text, fontsize=size, fill_opacity=0)
    elif method == "outside_cropbox":
        page.insert_text(at, text, fontsize=size)
        mb = page.mediabox
        page.set_cropbox(pymupdf.Rect(mb.x0, mb.y0, mb.x1, rect.y0 - 2))  # cut off the strip with the text
    elif method == "clipped":
        page.insert_font(fontname="helv")
        y = page.mediabox.height - at[1]  # PDF user space runs up from the bottom
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        _append_content(
            doc,
            page,
            f"q 0 0 1 1 re W n BT /helv {size} Tf {at[0]} {y} Td ({escaped}) Tj ET Q".encode("latin-1"),
        )
    elif method == "under_annotation":
        page.insert_text(at, text, fontsize=size)
        annot = page.add_rect_annot(rect)
        annot.set_colors(stroke=(1, 1, 1), fill=(1, 1, 1))
        annot.set_opacity(1)
        annot.update()
    else:
        raise ValueError(method)


def tampered(data: bytes, text: str, method: str | None, page_no: int = 0) -> bytes:
    """`data` (a PDF) with `text` added at the foot of a page: hidden by `method`, or visible when None."""
    doc = pymupdf.open(stream=data)
    page = doc[page_no]
    at = (40.0, page.rect.height - 14)
    if method is None:
        page.insert_text(at, text, fontsize=8)
    else:
        hide(doc, page, text, method, at)
    out = doc.tobytes()
    doc.close()
    return out


def one_page(lines: list[str], hidden: list[tuple[str, str]] = ()) -> bytes:
    """A page of visible `lines`, plus (text, method) pairs hidden below them."""
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((54, 72 + 16 * i), line, fontsize=10)
    y = 72 + 16 * len(lines) + 40
    for text, method in hidden:
        hide(doc, page, text, method, (54, y), size=10)
        y += 30
    return doc.tobytes()


# ---- bombs -----------------------------------------------------------------------------------------


def nested_xobjects(depth: int = 60, fanout: int = 4) -> bytes:
    """Form XObjects that each draw the next one `fanout` times: fanout**depth draws in a few KB."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((54, 72), "Summary of Benefits and Coverage", fontsize=10)
    xrefs = [doc.get_new_xref() for _ in range(depth)]
    for i, xref in enumerate(xrefs):
        if i + 1 < len(xrefs):
            body = b" ".join(b"q 1 0 0 1 0 0 cm /X Do Q" for _ in range(fanout))
            res = f"<< /XObject << /X {xrefs[i + 1]} 0 R >> >>"
        else:
            body = b"0 0 1 1 re f"
            res = "<< >>"
        doc.update_object(xref, f"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {res} >>")
        doc.update_stream(xref, body)
    kind, value = doc.xref_get_key(page.xref, "Resources")
    holder = int(value.split()[0]) if kind == "xref" else page.xref
    key = "XObject" if kind == "xref" else "Resources/XObject"
    doc.xref_set_key(holder, key, f"<< /X0 {xrefs[0]} 0 R >>")
    _append_content(doc, page, b"q /X0 Do Q")
    return doc.tobytes()


def inflate_bomb(inflated_mb: int = 100) -> bytes:
    """A content stream a few hundred KB compressed that inflates to `inflated_mb` MB of operators."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((54, 72), "Summary of Benefits and Coverage", fontsize=10)
    chunk = b"0 0 m 1 1 l S\n" * 4096
    co = zlib.compressobj(9)
    parts = [co.compress(chunk) for _ in range(inflated_mb * 1024 * 1024 // len(chunk))]
    parts.append(co.flush())
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< /Filter /FlateDecode >>")
    doc.update_stream(xref, b"".join(parts), compress=False)
    doc.xref_set_key(xref, "Filter", "/FlateDecode")
    refs = " ".join(f"{x} 0 R" for x in [*page.get_contents(), xref])
    doc.xref_set_key(page.xref, "Contents", f"[{refs}]")
    return doc.tobytes(garbage=0, deflate=False)


def tiny_words(n: int = 20_000) -> bytes:
    """One page of `n` identical tiny words (duplicate removal and matching must stay linear)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="helv")
    ops = [b"BT /helv 3 Tf"]
    for i in range(n):
        x, y = 20 + (i % 140) * 4, 20 + (i // 140) * 5 % 760
        ops.append(f"1 0 0 1 {x} {y} Tm (ab) Tj".encode())
    ops.append(b"ET")
    _append_content(doc, page, b"\n".join(ops))
    return doc.tobytes(deflate=True)


def lying_page_count(count: int = 2_000_000_000) -> bytes:
    """A one-page PDF whose page tree claims `count` pages."""
    doc = pymupdf.open()
    doc.new_page().insert_text((54, 72), "Summary of Benefits and Coverage", fontsize=10)
    data = doc.tobytes()
    return data.replace(b"/Count 1", f"/Count {count}".encode(), 1)


def garbled_tounicode(data: bytes) -> bytes:
    """`data` with one bit flipped in the middle of every font's ToUnicode stream (text looks the same
    on the page but reads as garbage)."""
    doc = pymupdf.open(stream=data)
    for xref in range(1, doc.xref_length()):
        try:
            key = doc.xref_get_key(xref, "ToUnicode")
        except Exception:  # noqa: BLE001 - not a dictionary
            continue
        if key[0] != "xref":
            continue
        target = int(key[1].split()[0])
        raw = bytearray(doc.xref_stream(target) or b"")
        if raw:
            raw[len(raw) // 2] ^= 0x04
            doc.update_stream(target, bytes(raw))
    return doc.tobytes()
