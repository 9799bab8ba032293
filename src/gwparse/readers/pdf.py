"""PDF → Source, via pdfplumber: glyphs and ruling lines handed to the layout builder.

pdfplumber (pdfminer.six underneath) gives each character's box and every
drawn line and rectangle edge; ``layout`` rebuilds tables and paragraphs from
them. A PDF without a text layer (a scan) or whose fonts map to no text is
refused with the remedy, since no geometry can recover words from pictures.
"""
from __future__ import annotations

import io
import logging
import zlib

from gwparse.errors import GwparseError
from gwparse.readers import Source
from gwparse.readers.layout import MAX_PAGES, Glyph, Page, read_pages
from gwparse.text import compile_pattern

MAX_EXPANDED_BYTES = 500 * 1024 * 1024  # all compressed streams together, once expanded
_STREAM = compile_pattern(rb"stream\r?\n")
_UNMAPPED_SHARE = 0.3  # glyphs without a Unicode mapping, above which the text is unreadable


def read_pdf(data: bytes, name: str) -> Source:
    check_expansion(data)
    pages = pdf_pages(data)
    check_text_layer(pages)
    grids, text = read_pages(pages)
    return Source(name=name, container="pdf", text=text, grids=grids)


def pdf_pages(data: bytes) -> list[Page]:
    """Every page's glyphs and segments; damaged or encrypted files refused in one line."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # pdfminer warns on every odd object
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise GwparseError(f"a PDF of {len(pdf.pages):,} pages, over the limit of {MAX_PAGES:,}")
            return [_page(p) for p in pdf.pages]
    except GwparseError:
        raise
    except PDFPasswordIncorrect:
        raise GwparseError("a password-protected PDF; remove the password first") from None
    except RecursionError:
        raise GwparseError("a damaged PDF file (its objects nest too deeply)") from None
    except Exception as e:  # pdfminer raises PDFSyntaxError, PSEOF, KeyError, TypeError … on damage
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise GwparseError("a password-protected PDF; remove the password first") from None
        reason = (str(e).splitlines() or [""])[0][:120]
        raise GwparseError(f"a damaged PDF file ({type(e).__name__}{': ' + reason if reason else ''})") from None


def check_expansion(data: bytes, cap: int | None = None) -> None:
    """Refuse a PDF whose compressed streams expand past ``cap`` (a decompression bomb):
    pdfminer inflates each stream whole, so they are inflated here first, piece by piece,
    keeping nothing."""
    cap = MAX_EXPANDED_BYTES if cap is None else cap
    total = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        inflate = zlib.decompressobj()
        chunk = data[m.end():end]
        try:
            while chunk:
                total += len(inflate.decompress(chunk, 1024 * 1024))
                if total > cap:
                    raise GwparseError(f"a PDF whose streams expand to over {cap // (1024 * 1024)} MB, which is refused")
                chunk = inflate.unconsumed_tail
        except zlib.error:
            continue  # not Flate data (or damaged): pdfminer decides


def _page(p) -> Page:
    glyphs = [Glyph(c["x0"], c["top"], c["x1"], c["bottom"], c["text"], c.get("size") or 10.0)
              for c in p.chars if c["text"].strip()]
    segments = [(e["x0"], e["top"], e["x1"], e["bottom"]) for e in p.edges]
    return Page(float(p.width), float(p.height), glyphs, segments)


def check_text_layer(pages: list[Page]) -> None:
    """Refuse a PDF whose pages hold no text (a scan) or text its fonts do not map."""
    glyphs = [g for page in pages for g in page.glyphs]
    if not glyphs:
        raise GwparseError("a PDF without a text layer (a scan or images only); OCR it first")
    unmapped = sum(g.text.startswith("(cid:") or "\ue000" <= g.text[:1] <= "\uf8ff" or g.text == "\ufffd"
                   for g in glyphs)
    if unmapped > _UNMAPPED_SHARE * len(glyphs):
        raise GwparseError("a PDF whose fonts do not map to text (glyphs without Unicode); "
                           "export it again with embedded Unicode fonts, or OCR it")
