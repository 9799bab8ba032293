"""Files LibreOffice converts: Word .doc and WPS .wps (OLE2), OpenDocument .odt/.ods.

gwparse does not parse the Word 97-2003 binary format or OpenDocument itself;
LibreOffice converts them to .docx/.xlsx far more faithfully than any
pure-Python reader could, so it is used when installed and named as the remedy
when not. Old Excel .xls/.et (OLE2 too) are read by xlrd (``readers.xls``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gwparse.errors import GwparseError
from gwparse.readers import Source

CONVERT_TIMEOUT_S = 60


def ole_kind(data: bytes) -> str:
    """'doc', 'xls', 'ppt' or 'other', from the stream names in the OLE2 directory."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book\x00"):
        return "xls"
    if has("PowerPoint Document"):
        return "ppt"
    return "other"


def read_ole(data: bytes, name: str) -> Source:
    kind = ole_kind(data)
    if kind == "xls":
        from gwparse.readers.xls import read_xls

        return read_xls(data, name)
    if kind == "ppt":
        raise GwparseError("an old PowerPoint .ppt file; save it as PDF")
    if kind == "other":
        raise GwparseError("an old Office (OLE2) file that is neither a Word nor an Excel document; save it as .docx")
    soffice = find_soffice()
    if soffice is None:
        raise GwparseError("an old Word .doc file; install LibreOffice (soffice) or save it as .docx")
    return read_docx_bytes(convert_doc(data, soffice), name)


def read_opendocument(data: bytes, name: str, kind: str) -> Source:
    """An .odt (to .docx) or .ods (to .xlsx), converted by LibreOffice."""
    target, what = ("docx", "an OpenDocument text file (.odt)") if kind == "odt" else \
        ("xlsx", "an OpenDocument spreadsheet (.ods)")
    soffice = find_soffice()
    if soffice is None:
        raise GwparseError(f"{what}; install LibreOffice (soffice) or save it as .{target}")
    converted = convert(data, soffice, kind, target)
    if target == "docx":
        return read_docx_bytes(converted, name)
    from gwparse.readers.xlsx import read_xlsx

    return read_xlsx(converted, name)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_doc(data: bytes, soffice: str) -> bytes:
    """The .docx bytes LibreOffice makes of a .doc."""
    return convert(data, soffice, "doc", "docx")


def convert(data: bytes, soffice: str, suffix: str, target: str) -> bytes:
    """The ``target`` bytes LibreOffice makes of a ``suffix`` file, in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="gwparse-doc-") as tmp:
        src = Path(tmp) / f"input.{suffix}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()  # own profile: a running LibreOffice must not block us
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise GwparseError(f"LibreOffice took over {CONVERT_TIMEOUT_S} s to convert the .{suffix} file") from None
        except OSError as e:
            raise GwparseError(f"cannot run LibreOffice ({e.strerror or e})") from None
        out = Path(tmp) / f"input.{target}"
        if done.returncode != 0 or not out.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise GwparseError(f"LibreOffice could not convert the .{suffix} file"
                               + (f" ({said[-1][:200]})" if said else ""))
        return out.read_bytes()


def read_docx_bytes(data: bytes, name: str) -> Source:
    from gwparse.readers.docx import read_docx

    return read_docx(data, name)
