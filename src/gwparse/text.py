"""Text normalisation and script conversion shared by every stage."""
from __future__ import annotations

import functools
import operator
import os
import re
import sys


class LazyPattern:
    """A module's pattern, compiled where it is first used rather than at import.

    One run reads a document or two in one style, and compiling every style's and every
    reader's patterns at import was a fifth of a one-document run. Once compiled, the
    pattern's methods are set on this object (bound, so a call costs no more than on the
    compiled pattern); ``pattern`` is the source, for building other patterns from it.
    """

    _METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "finditer", "findall", "splititer")
    __slots__ = ("pattern", "flags", "engine", "groups", "groupindex", *_METHODS)

    def __init__(self, pattern: str | bytes, flags: int = 0, engine: str = "re"):
        self.pattern, self.flags, self.engine = pattern, flags, engine

    def __getattr__(self, name: str):  # only called until the methods are set
        if name in ("pattern", "flags", "engine") or name.startswith("__"):
            raise AttributeError(name)
        if self.engine == "regex":
            import regex

            compiled = regex.compile(self.pattern, self.flags)
        else:
            compiled = re.compile(self.pattern, self.flags)
        for method in self._METHODS:
            if hasattr(compiled, method):
                setattr(self, method, getattr(compiled, method))
        self.groups, self.groupindex = compiled.groups, compiled.groupindex
        return getattr(compiled, name)

    @property
    def compiled(self) -> bool:
        """Whether it has been used (and so compiled) yet; asking does not compile it."""
        try:
            LazyPattern.search.__get__(self)  # the slot itself: no __getattr__
        except AttributeError:
            return False
        return True

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


# The stdlib engine compiles a pattern 2-3x quicker than ``regex`` and has possessive
# quantifiers and atomic groups from 3.11; ``regex`` keeps what only it has (\p{Han},
# REVERSE: ``compile_regex``) and takes the stdlib's patterns on Python 3.10.
_STDLIB = "re" if sys.version_info >= (3, 11) else "regex"


def compile_pattern(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    """A pattern for the stdlib engine (``regex`` on Python 3.10), compiled on first use."""
    return LazyPattern(pattern, flags, _STDLIB)


def compile_regex(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern for the ``regex`` engine, compiled on first use."""
    return LazyPattern(pattern, flags, "regex")


# NBSP, full-width and other odd spaces become a plain space; zero-width ones go.
_ODD_SPACES = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
               "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": "", "\u200c": "", "\u200d": ""}
ODD_CHARACTERS = "".join(_ODD_SPACES) + "\r"  # what normalize_spaces replaces
_ANY_ODD = compile_pattern(f"[{ODD_CHARACTERS}]")  # the stdlib engine scans a character class 2x quicker than ``regex``


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


# (compiled on first need: almost no document has a reading, and a Han range costs the
# stdlib compiler milliseconds)
_PINYIN = compile_pattern(rf"(?<=[\u4e00-\u9fff])[(（][a-zü{_TONED}]{{0,5}}[{_TONED}][a-zü{_TONED}]{{0,5}}[)）]")


def strip_pinyin(text: str) -> str:
    """The text without ruby pinyin readings (区(qū) → 区)."""
    if not any(vowel in text for vowel in _TONED):  # almost no text has a tone mark
        return text  # (24 substring scans are 2x quicker than one character-class search)
    return _PINYIN.sub("", text)


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
_LINE_BULLET = compile_pattern(rf"\n[ \t\u3000]*+[{_BULLETS}\U0001F300-\U0001FAFF]++[ \t]*+")
# A page number on a line of its own in text copied out of a PDF (— 2 —, -3-, 第4页, 第4页 共9页):
# the line goes, with its line break, so a paragraph cut by the page joins up again.
_PAGE_LINE = compile_pattern(r"\n[ \t]*+(?:[-—–－]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－]{1,2}|第[ \t]*\d{1,4}[ \t]*页"
                        r"(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*(?=\n|$)")


def strip_line_marks(text: str) -> str:
    """The text without bullets at line starts and without page-number lines."""
    text = "\n" + text  # the first line starts after a line break too
    if "页" in text or "-" in text or "—" in text or "–" in text or "－" in text:
        text = _PAGE_LINE.sub("", text)
    return _LINE_BULLET.sub("\n\u3000\u3000", text)[1:]  # a bullet opens a paragraph, as an indent does
