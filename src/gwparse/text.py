"""Text normalisation and script conversion shared by every stage."""
from __future__ import annotations

import functools
import operator
import os
import re
import sys

if sys.version_info >= (3, 11):
    # The stdlib engine compiles a pattern 2-3x quicker than ``regex`` (start-up is most of
    # a one-document run) and has possessive quantifiers and atomic groups from 3.11;
    # ``regex`` keeps what only it has (\p{Han}, REVERSE) and serves Python 3.10.
    compile_pattern = re.compile
else:  # pragma: no cover - Python 3.10
    pass

# NBSP, full-width and other odd spaces become a plain space; zero-width ones go.
_ODD_SPACES = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
               "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": "", "\u200c": "", "\u200d": ""}
ODD_CHARACTERS = "".join(_ODD_SPACES) + "\r"  # what normalize_spaces replaces
_ANY_ODD = re.compile(f"[{ODD_CHARACTERS}]")  # the stdlib engine scans a character class 2x quicker than ``regex``


def normalize_spaces(text: str) -> str:
    """Plain spaces and ``\\n`` line ends, so every later rule sees one form."""
    if not _ANY_ODD.search(text):
        return text  # the common case: one C-speed scan, no copy
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd, plain in _ODD_SPACES.items():
        if odd in text:  # str.replace is C-speed; a dict translate is per character in Python
            text = text.replace(odd, plain)
    return text


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported on first use: start-up stays fast for simplified text

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def detect_script(original: str, simplified: str) -> str:
    """'traditional' when t2s changed more than 1% of the non-ASCII characters
    (of the first 50,000 characters: plenty to tell, and a long text costs no more)."""
    if original == simplified:
        return "simplified"
    if len(original) != len(simplified):
        return "traditional"
    sample, converted = original[:50_000], simplified[:50_000]
    wide = len(sample) - len(sample.encode("ascii", "ignore"))  # Han, punctuation: C-speed count
    if not wide:
        return "simplified"
    # Blocks are compared whole (C speed) and only those t2s changed are counted
    # character by character; the count only grows, so stop once it passes 1%.
    changed = 0
    for i in range(0, len(sample), _BLOCK):
        block, block_converted = sample[i:i + _BLOCK], converted[i:i + _BLOCK]
        if block != block_converted:
            changed += sum(map(operator.ne, block, block_converted))
            if changed / wide > 0.01:
                return "traditional"
    return "simplified"


_BLOCK = 256  # characters compared at once by detect_script


# Rule 11: a pinyin reading in brackets after a character, left by pages with ruby text: 区(qū).
# One syllable of Latin letters with a tone mark; (a), (AI) and (2024) carry none.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


@functools.cache
def _pinyin() -> re.Pattern:
    """Compiled on first need: almost no document has a reading, and a Han range costs the
    stdlib compiler milliseconds."""
    return re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-zü{_TONED}]{{0,5}}[{_TONED}][a-zü{_TONED}]{{0,5}}[)）]")


def strip_pinyin(text: str) -> str:
    """The text without ruby pinyin readings (区(qū) → 区)."""
    if not any(vowel in text for vowel in _TONED):  # almost no text has a tone mark
        return text  # (24 substring scans are 2x quicker than one character-class search)
    return _pinyin().sub("", text)


def shown(name: str) -> str:
    """A file name printable in any message or output: undecodable bytes (kept by os.fsdecode as
    surrogates) as backslash escapes, ``plan-\\xff.txt``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


# A bullet opening a line (● ◆ ■ ▲ ★ …, an emoji) marks a task or heading like an enumerator
# in text copied off WeChat articles and web pages; it is no part of the text.
# Both patterns open with the line break itself, not ``^`` and MULTILINE: the engine then
# scans for the literal ``\n`` at C speed (5x quicker on a plain text); possessive runs
# (``*+``) spare the engine its backtracking bookkeeping at every line start.
_BULLETS = "●◆■□◇○•▪▲△►▶★☆✔✅☑👉🔹🔸🔺🔻◎※➤➢✦✧❖"
_LINE_BULLET = re.compile(rf"\n[ \t\u3000]*+[{_BULLETS}\U0001F300-\U0001FAFF]++[ \t]*+")
# A page number on a line of its own in text copied out of a PDF (— 2 —, -3-, 第4页, 第4页 共9页):
# the line goes, with its line break, so a paragraph cut by the page joins up again.
_PAGE_LINE = re.compile(r"\n[ \t]*+(?:[-—–－]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－]{1,2}|第[ \t]*\d{1,4}[ \t]*页"
                        r"(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*(?=\n|$)")


def strip_line_marks(text: str) -> str:
    """The text without bullets at line starts and without page-number lines."""
    text = "\n" + text  # the first line starts after a line break too
    if "页" in text or "-" in text or "—" in text or "–" in text or "－" in text:
        text = _PAGE_LINE.sub("", text)
    return _LINE_BULLET.sub("\n\u3000\u3000", text)[1:]  # a bullet opens a paragraph, as an indent does
