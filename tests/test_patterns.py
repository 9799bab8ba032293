"""Module patterns are compiled where first used (gwparse.text.LazyPattern), not at import."""
from __future__ import annotations

import re
import subprocess
import sys

import regex
from hypothesis import given
from hypothesis import strategies as st

from gwparse.text import LazyPattern, compile_pattern, compile_regex

_CHILD = """
import re, sys, regex
import gwparse.cli, gwparse.pipeline
from gwparse.text import LazyPattern
compiled = lazy = 0
for name, module in list(sys.modules.items()):
    if name.startswith("gwparse"):
        for value in vars(module).values():
            if isinstance(value, (re.Pattern, regex.Pattern)):
                compiled += 1
            elif isinstance(value, LazyPattern):
                lazy += 1
                compiled += value.compiled
print(compiled, lazy)
"""


def test_importing_the_command_compiles_no_pattern():
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True).stdout
    compiled, lazy = map(int, out.split())
    assert lazy >= 50  # the patterns of the modules a run imports are there, waiting
    assert compiled == 0


_STDLIB = re if sys.version_info >= (3, 11) else regex  # what compile_pattern compiles with

_TEXT = st.text(alphabet="区财政局牵头负责（）()：:；;、，。 \n0123456789abc", max_size=40)


@given(_TEXT)
def test_a_lazy_pattern_matches_as_the_compiled_one(text):
    for source in (r"[（(][^（）()]*[)）]", r"(?P<unit>[^、；;]+局)(?:牵头|负责)", r"\d++[：:]?"):
        lazy, compiled = compile_pattern(source), _STDLIB.compile(source)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.sub("#", text) == compiled.sub("#", text)
        assert lazy.split(text) == compiled.split(text)
        assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))


@given(_TEXT)
def test_a_lazy_regex_pattern_keeps_its_flags(text):
    source = r"[、，；]|及(?=[^（(]*$)"
    lazy = compile_regex(source, flags=regex.REVERSE)
    assert list(lazy.splititer(text)) == list(regex.compile(source, flags=regex.REVERSE).splititer(text))


def test_a_lazy_pattern_keeps_its_source_for_building_others():
    units = compile_pattern(r"[^、]+局")
    assert units.pattern == r"[^、]+局" and not units.compiled
    both = compile_pattern(rf"(?:{units.pattern})、(?:{units.pattern})")
    assert both.fullmatch("区财政局、区民政局") and units.search("区财政局")
    assert units.compiled and units.groups == 0 and isinstance(units, LazyPattern)


def test_every_module_pattern_compiles():
    """Compiled on first use, a pattern with a syntax error would fail only on the documents
    that reach it: compile them all here."""
    import importlib
    import pkgutil

    import gwparse

    patterns = []
    for info in pkgutil.walk_packages(gwparse.__path__, "gwparse."):
        if info.name == "gwparse.__main__":
            continue
        module = importlib.import_module(info.name)
        patterns += [value for value in vars(module).values() if isinstance(value, LazyPattern)]
    assert len(patterns) >= 100
    for pattern in patterns:
        pattern.search(b"" if isinstance(pattern.pattern, bytes) else "")  # compiles it (re.error if it cannot)
        assert pattern.compiled
