"""Bytes → text: BOMs, UTF-8, UTF-16, then GB18030 or Big5.

charset-normalizer makes the GB/Big5 call, but its answer is checked: GB18030
decodes almost any byte string, so a guess is kept only when the text reads as
Chinese (mostly common Han characters, no control or private-use characters).
"""
from __future__ import annotations

import codecs
import functools
import unicodedata

from gwparse.errors import GwparseError
from gwparse.text import ODD_CHARACTERS, normalize_spaces

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Declared names that mean "the GBK family" or "Big5": decode with the superset,
# as browsers do, so a page that says gb2312 but uses a GBK character still reads.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
            "euc-cn": "gb18030", "euc_cn": "gb18030", "hz-gb-2312": "hz", "big5": "big5hkscs",
            "x-x-big5": "big5hkscs", "cp950": "big5hkscs"}
_TRIALS = ("gb18030", "big5hkscs")
_MIN_SCORE = 0.75  # share of "reads as Chinese" among non-ASCII characters
_SAMPLE = 200_000  # characters scored


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text with normalised spaces and line ends, name of the encoding used)."""
    if encoding:
        return normalize_spaces(decode_as(data, encoding)), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            return normalize_spaces(_strict(data[len(bom):], name)), name
    if not data:
        return "", "utf-8"
    if b"\x00" in data:
        text, name = utf16_without_bom(data)
        return normalize_spaces(text), name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        _refuse_binary(data)
        text, name = guess_cjk(data)
        return normalize_spaces(text), name
    # Valid UTF-8, the common case: most texts hold no control byte and nothing
    # normalize_spaces would change, and then need neither step.
    if _unusual(data, text):
        _refuse_binary(data)
        text = normalize_spaces(text)
    return text, "utf-8"


def _refuse_binary(data: bytes) -> None:
    """Data that is over 5 % control bytes is binary, whatever it would decode as."""
    if control_share(data) > 0.05:
        raise GwparseError("binary data, not text (many control bytes)")


def is_text_codec(info: codecs.CodecInfo) -> bool:
    """hex, rot13, base64, uu … are codecs too, but not from bytes to text: decoding with one fails."""
    return getattr(info, "_is_text_encoding", True)


def decode_as(data: bytes, encoding: str) -> str:
    """Decode with the encoding the user (or an HTML page) named; strict."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise GwparseError(f"unknown encoding {encoding}") from None
    if not is_text_codec(info):
        raise GwparseError(f"{encoding} is not a text encoding")
    name = info.name
    if name in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    name = _ALIASES.get(encoding.lower(), _ALIASES.get(name, name))
    return _strict(data, name, said=encoding)


def _strict(data: bytes, name: str, said: str | None = None) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as e:
        where = f"byte 0x{data[e.start]:02x} at offset {e.start:,}" if e.start < len(data) else "at the end"
        raise GwparseError(f"cannot decode as {said or name}: invalid {where}") from None


def utf16_without_bom(data: bytes) -> tuple[str, str]:
    """NUL bytes mean UTF-16 (when the text then reads as Chinese or plain ASCII) or binary data."""
    obvious = utf16_by_nuls(data)
    for name in (obvious,) if obvious else ("utf-16-le", "utf-16-be"):
        if len(data) % 2:
            break
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE]
        if not has_controls(sample) and (obvious or chinese_score(sample) >= 0.9):
            return text, name
    raise GwparseError(f"binary data, not text ({data.count(0):,} NUL bytes)")


def utf16_by_nuls(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs fall on one side of the byte pairs only."""
    sample = data[:65536]
    if len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= 0.05 * pairs and even <= odd / 50:
        return "utf-16-le"
    if even >= 0.05 * pairs and odd <= even / 50:
        return "utf-16-be"
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# What valid UTF-8 text is looked for: control characters (binary data?) and what
# normalize_spaces replaces. The ASCII ones are looked for in the bytes (a memchr each),
# the others in the text: one ``in`` test per character is several times quicker than
# a regex scanning for the class, whose engine tests the characters one by one.
_UNUSUAL_BYTES = [bytes((b,)) for b in _CONTROL_BYTES] + [c.encode() for c in ODD_CHARACTERS if c.isascii()]
_UNUSUAL_WIDE = [c for c in ODD_CHARACTERS if not c.isascii()]


def _unusual(data: bytes, text: str) -> bool:
    """``data`` (valid UTF-8) or ``text`` (its decoding) holds a control character or
    one normalize_spaces replaces; a UTF-8 byte below 0x80 is always an ASCII character."""
    for c in _UNUSUAL_WIDE:  # first: an odd space is likelier than a control byte
        if c in text:
            return True
    for b in _UNUSUAL_BYTES:
        if b in data:
            return True
    return False


def control_share(data: bytes) -> float:
    sample = data[:65536]
    bad = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bad / max(len(sample), 1)


def has_controls(text: str) -> bool:
    return any((ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0 for c in text)


def guess_cjk(data: bytes) -> tuple[str, str]:
    """Pick the encoding whose decoding reads most like Chinese; refuse if none does."""
    candidates: dict[str, str] = {}
    guess = _charset_normalizer_guess(data)
    if guess:
        candidates[guess[0]] = guess[1]
    for name in _TRIALS:
        if name not in candidates:
            try:
                candidates[name] = data.decode(name)
            except UnicodeDecodeError:
                pass
    scored = [(chinese_score(text[:_SAMPLE]), i, name) for i, (name, text) in enumerate(candidates.items())]
    # best score wins; on a near tie the earlier candidate (charset-normalizer's) does
    best = max(scored, key=lambda s: (round(s[0], 2), -s[1]), default=None)
    if best is None or best[0] < _MIN_SCORE:
        raise GwparseError("cannot tell the text encoding (not UTF-8, GB18030 or Big5); "
                           "pass --encoding, or check this is a text file")
    name = best[2]
    return candidates[name], name


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    try:
        match = charset_normalizer.from_bytes(data).best()
    except Exception:  # a guesser failing is not the user's problem; the trials still run
        return None
    if match is None:
        return None
    name = codecs.lookup(match.encoding).name
    name = _ALIASES.get(name, name)
    if name.startswith("gb"):
        name = "gb18030"
    try:
        return name, data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def chinese_score(text: str) -> float:
    """Share of non-ASCII characters that plausibly belong in Chinese text.

    Common Han (GB2312 level 1 or Big5 level 1) and CJK/full-width punctuation
    count 1, other Han 0.5; kana, box drawing, Latin-1 letters, private-use and
    control characters 0. A control character anywhere disqualifies.
    """
    common = _common_han()
    total = score = 0.0
    for c in text:
        o = ord(c)
        if o < 128:
            if o < 32 and c not in "\t\n\r\f":
                return 0.0
            continue
        total += 1
        if c in common or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or c in _PUNCT:
            score += 1
        elif 0x4E00 <= o <= 0x9FFF:
            score += 0.5
        elif 0x80 <= o < 0xA0 or unicodedata.category(c) in ("Co", "Cn", "Cc"):
            return 0.0
    return score / total if total else 1.0


_PUNCT = set("“”‘’—…·•●■□△▲○◆※№℃～〈〉《》【】〔〕")


@functools.lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The ~3,755 + ~5,401 characters the GB2312 and Big5 standards rank most common."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440–C67E
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(c for c in chars if len(c) == 1 and 0x4E00 <= ord(c) <= 0x9FFF)
