"""Which reader gets a file: decided by its bytes, never by its extension.

Users rename files freely (a .doc that is really .docx, an .xls saved as HTML,
a .txt that is UTF-16), so the content picks the backend, and a file gwparse
cannot read is refused with a reason that says what it is.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import zipfile

from gwparse.errors import GwparseError
from gwparse.readers import DEFAULT_MAX_BYTES, Source
from gwparse.readers.decode import decode_text, utf16_by_nuls
from gwparse.readers.limits import mb, open_zip
from gwparse.text import compile_pattern

# Magic numbers of files that are certainly not a plan gwparse can read.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a Linux program (ELF executable)"),
    (b"\xfe\xed\xfa", "a macOS program (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "a Java class or macOS program"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\xfd7zXZ\x00", "an xz archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
    (b"OggS", "an Ogg audio/video file"),
    (b"fLaC", "a FLAC audio file"),
)
READS = "gwparse reads text, HTML, .docx, .xlsx, .xls/.et, PDF and OFD (.doc, .wps, .odt, .ods with LibreOffice)"
_REFUSED_PREFIXES = tuple(magic for magic, _ in _REFUSED_MAGIC)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MHT_MARK = compile_pattern(r"\s*MIME-Version:", re.I)
_WORD_XML_MARK = compile_pattern(r"<w:wordDocument|<pkg:package")
_HTML_MARK = compile_pattern(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<table[\s>]|<meta\s", re.I)


def read_path(path: str | os.PathLike, *, encoding: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a file (or standard input for '-') into a ``Source`` named as given."""
    name = os.fspath(path)
    name = name if isinstance(name, str) else os.fsdecode(name)
    data = _read_stdin(max_bytes) if name == "-" else _read_file(name, max_bytes)
    return read_bytes(data, name, encoding=encoding, max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, *, encoding: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Sniff the container from the bytes and hand them to its reader."""
    try:
        return _read_bytes(data, name, encoding, max_bytes)
    except GwparseError as e:
        if e.source is None:
            e.source = name
        e.reason = " ".join(e.reason.split())  # one line, whatever a library said
        e.args = (e.reason,)
        raise
    except RecursionError:
        raise GwparseError("document is nested too deeply to read", name) from None
    except MemoryError:
        raise GwparseError("document is too large to read into memory", name) from None


def _read_bytes(data: bytes, name: str, encoding: str | None, max_bytes: int) -> Source:
    _check_size(len(data), max_bytes)
    if not data or data.isspace():  # what ``not data.strip()`` says, without copying the data
        raise GwparseError("empty file" if not data else "the file holds only blank space")
    kind = sniff(data)
    _check_extension(name, kind)
    if kind == "docx":
        from gwparse.readers.docx import read_docx

        return read_docx(data, name)
    if kind == "xlsx":
        from gwparse.readers.xlsx import read_xlsx

        return read_xlsx(data, name)
    if kind == "ole":
        from gwparse.readers.doc import read_ole

        return read_ole(data, name)
    if kind in ("odt", "ods"):
        from gwparse.readers.doc import read_opendocument

        return read_opendocument(data, name, kind)
    if kind == "pdf":
        from gwparse.readers.pdf import read_pdf

        return read_pdf(data, name)
    if kind == "ofd":
        from gwparse.readers.ofd import read_ofd

        return read_ofd(data, name)
    if kind == "html":
        from gwparse.readers.html import read_html

        return read_html(data, name, encoding=encoding)
    text, used = decode_text(data, encoding)
    return Source(name=name, container="text", text=text, encoding=used)


# Names whose bytes can only be one container. (.doc and .xls are not here: Word and Excel
# save web pages under those names, and gwparse reads them as the HTML they are.)
_ZIP_NAMES = (".docx", ".xlsx", ".ofd", ".odt", ".ods")


def _check_extension(name: str, kind: str) -> None:
    """A .docx that is no zip archive, or a .pdf without a PDF header, is damaged or renamed:
    say so, rather than read its bytes as text and fail on the style."""
    lower = name.lower()
    if kind in ("text", "html") and lower.endswith(_ZIP_NAMES):
        ext = lower[lower.rfind("."):]
        raise GwparseError(f"not a valid {ext} file: it is no zip archive (damaged, or another format renamed)")
    if kind in ("text", "html") and lower.endswith(".pdf"):
        raise GwparseError("not a valid .pdf file: it has no PDF header (damaged, or another format renamed)")


def sniff(data: bytes) -> str:
    """'docx', 'xlsx', 'ofd', 'odt', 'ods', 'ole', 'pdf', 'html' or 'text'; raises for formats gwparse refuses."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return sniff_zip(data)
    if data.startswith(_OLE):
        return "ole"
    stripped = data.lstrip(b" \t\r\n\x0c")
    if stripped.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:  # some writers put junk before the mark
        return "pdf"
    if data.startswith(_REFUSED_PREFIXES):  # one C call for the common case: none of them
        raise GwparseError(next(what for magic, what in _REFUSED_MAGIC if data.startswith(magic)))
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        raise GwparseError("a Windows program (.exe/.dll)")
    if data.startswith(b"ID3") and data[3:4] < b"\x10":
        raise GwparseError("an MP3 audio file")
    if data[:12].startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise GwparseError({b"WEBP": "a WebP image", b"WAVE": "a WAV audio file"}.get(data[8:12], "an AVI video"))
    if data[4:8] == b"ftyp":
        raise GwparseError("an MP4/QuickTime media file")
    head = head_text(data)
    if _MHT_MARK.match(head) and "multipart/related" in head.lower():
        raise GwparseError("a web archive (.mht); save the page as HTML or the document as .docx")
    if "<" in head and _WORD_XML_MARK.search(head):
        raise GwparseError("a Word XML file (Word 2003 XML / flat OPC); save it as .docx")
    if "<" in head and _HTML_MARK.search(head.lstrip()[:2048]):  # every mark opens with "<"
        return "html"
    return "text"


def sniff_zip(data: bytes) -> str:
    zf = open_zip(data)
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    # An Office package missing its main part: let the reader say what is missing.
    types = _small_member(zf, "[Content_Types].xml", 1024 * 1024)
    if any(n.startswith("word/") for n in names) or "wordprocessingml" in types:
        return "docx"
    if any(n.startswith("xl/") for n in names) or "spreadsheetml" in types:
        return "xlsx"
    if any(n.startswith("ppt/") for n in names) or "presentationml" in types:
        raise GwparseError(f"a PowerPoint file; {READS}")
    mimetype = _small_member(zf, "mimetype", 200).strip()
    if mimetype.startswith("application/vnd.oasis.opendocument.text"):
        return "odt"
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if mimetype == "application/epub+zip":
        raise GwparseError(f"an EPUB e-book; {READS}")
    if not names:
        raise GwparseError("an empty zip archive")
    return _refuse_zip()


def _refuse_zip() -> str:
    raise GwparseError("a zip archive that is not a Word, Excel, OpenDocument or OFD file; "
                       "unpack it and pass the document inside")


def _small_member(zf: zipfile.ZipFile, name: str, cap: int) -> str:
    """A small member's text for sniffing; '' when absent, too large or damaged."""
    try:
        info = zf.getinfo(name)
        if info.file_size > cap:
            return ""
        return zf.read(info).decode("utf-8", "replace")
    except Exception:  # a damaged member only means "not this kind of zip"
        return ""


def head_text(data: bytes, size: int = 4096) -> str:
    """The first bytes as text, good enough to spot ASCII markup in any encoding."""
    head = data[:size]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom) and not head.startswith(b"\xff\xfe\x00\x00"):
            return head[2:].decode(codec, "ignore")
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return head[4:].decode("utf-32-le" if head[0] == 0xFF else "utf-32-be", "ignore")
    if b"\x00" in head and (nul := utf16_by_nuls(head[: len(head) // 2 * 2])):
        return head.decode(nul, "ignore")
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


_CHUNK = 1024 * 1024  # read size when fstat gives none (pipes, devices)
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no CRLF translation


def _read_fd(fd: int, size: int, max_bytes: int) -> bytes:
    """The file's bytes to its end, or ``max_bytes + 1`` of them when it is larger.

    A read allocates what it asks for up front, so it asks for the size ``fstat``
    gave plus one byte (to notice a file that grew), not for the limit (50 MB):
    on a small file that is the difference between microseconds and a large mapping.
    Plain ``os`` calls: a buffered file object adds a TTY check and a layer."""
    limit = max_bytes + 1
    ask = size + 1 if size else _CHUNK
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(ask, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise GwparseError(f"file is {mb(size)}, over the --max-bytes limit of {mb(max_bytes)}")


def _read_stdin(max_bytes: int) -> bytes:
    if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
        raise GwparseError("no standard input to read", "-")
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except OSError as e:
        raise GwparseError(f"cannot read standard input ({e.strerror or e})", "-") from None
    if len(data) > max_bytes:
        raise GwparseError(f"standard input is over the --max-bytes limit of {mb(max_bytes)}", "-")
    return data


def _read_file(name: str, max_bytes: int) -> bytes:
    try:
        fd = os.open(name, os.O_RDONLY | _O_BINARY)
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise GwparseError("is a folder, not a file", name)
            _check_size(st.st_size, max_bytes)
            data = _read_fd(fd, st.st_size, max_bytes)
        finally:
            os.close(fd)
    except GwparseError as e:
        e.source = name
        raise
    except OSError as e:
        raise _unreadable(name, e) from None
    if len(data) > max_bytes:
        raise GwparseError(f"file is over the --max-bytes limit of {mb(max_bytes)}", name)
    return data


def _unreadable(name: str, e: OSError) -> GwparseError:
    """Why a file could not be opened or read; a folder is named as one whatever the
    error (some systems refuse to open one), checked only now: a system call less per file."""
    if os.path.isdir(name):
        return GwparseError("is a folder, not a file", name)
    if isinstance(e, FileNotFoundError):
        return GwparseError("no such file", name)
    if isinstance(e, PermissionError):
        return GwparseError("permission denied", name)
    return GwparseError(f"cannot read the file ({(e.strerror or str(e)).lower()})", name)
