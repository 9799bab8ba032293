"""Prose notices and labelled lists → drafts.

Prose: a task is closed by a unit parenthetical — ``（区财政局负责落实）`` or
``（责任单位：…）`` — so one paragraph may hold several tasks. Paragraphs without
one are headings (一、 → category, （一） → section = its first sentence) or
introductions. Labelled lists: a task is the numbered item just before one or
more unit label lines (``牵头单位：…``); person lines (``牵头负责领导：``) are skipped.
"""
from __future__ import annotations

from collections import Counter

from gwparse import vocab
from gwparse.cells import looks_like_deadline, looks_like_units
from gwparse.checks import ends_in_unit_block
from gwparse.draft import Draft
from gwparse.enums import split_enum, strip_heading
from gwparse.metadata import TITLE_WORDS
from gwparse.model import Role
from gwparse.text import compile_pattern
from gwparse.vocab import is_person_line, role_of_label

# What a parenthetical's units end with (…负责落实, …牵头, …分别牵头负责落实): a role
# phrase, whose last word is always one of these.
_ROLE_WORDS = vocab.BLOCK_ENDS
# a field label: 牵头单位： / （责任单位）： / 【配合单位】 / 完成时限：, and (the ``_ALL`` patterns, run
# only on text holding a person word: the person label is the dearest to try at each place)
# 责任领导： / 联系人：
_LABEL = rf"(?:{vocab.UNIT_LABEL}|{vocab.DEADLINE_LABEL})"
_LABEL_ALL = rf"(?:{vocab.UNIT_LABEL}|{vocab.DEADLINE_LABEL}|{vocab.PERSON_LABEL})"


def _field(label: str) -> str:
    return rf"(?:【\s*{label}\s*】\s*[:：]?|[（(]?\s*{label}\s*[)）]?\s*[:：])"


_FIELD, _FIELD_ALL = _field(_LABEL), _field(_LABEL_ALL)
_FIELD_SPLIT, _FIELD_SPLIT_ALL = compile_pattern(f"({_FIELD})"), compile_pattern(f"({_FIELD_ALL})")
# Leading spaces are taken whole (\s*+): giving some back could only hand them to the
# label's own \s*, so backtracking would just retry every alternative at every space.
FIELD_LINE = compile_pattern(rf"^\s*+{_FIELD}")
# a label that closes a task paragraph without brackets: …信息。牵头单位：区发改局
# (group 1 is where the task's part ends: the punctuation is matched, not looked behind
# for, so the engine only tries the places after one)
TRAILING_FIELD = compile_pattern(rf"[。；;](\s*+)(?={_FIELD})")
_TRAILING_FIELD_ALL = compile_pattern(rf"[。；;](\s*+)(?={_FIELD_ALL})")
_FIELD_LINE_ALL = compile_pattern(rf"^\s*+{_FIELD_ALL}")


def field_line(text: str) -> bool:
    """The text opens with a field label (a unit, deadline or person label)."""
    pattern = _FIELD_LINE_ALL if vocab.has_person_word(text) else FIELD_LINE
    return pattern.match(text) is not None


# the regex module's \s for patterns run by the stdlib engine (whose \s adds \x1c-\x1f)
_SPACE = r"[^\S\x1c-\x1f]"
# Rule 7: a unit block in （）, (), 【】 or []: balanced, one level of nesting inside (市府办〔市大数据局〕,
# 各街办(新区)), and the punctuation after it. The inside (group 1, spaces and all) is taken whole:
# an atomic group, as giving characters back could only lead to more backtracking. The stdlib
# engine runs this one quicker; it has atomic groups from 3.11.
_PAREN = compile_pattern(
    rf"(?:[（(]((?>(?:[^（）()]+|[（(][^（）()]*[)）])*))[)）]"
    rf"|【((?>(?:[^【】]+|【[^【】]*】)*))】"
    rf"|\[((?>(?:[^\[\]]+|\[[^\[\]]*\])*))\]){_SPACE}*[。；;]?")
_UNIT_LABEL_AFTER = compile_pattern(rf"[；;，,\s](?:{vocab.UNIT_LABEL})\s*[:：]")
_SEPARATOR = compile_pattern(r"[；;，,]")  # plain character classes: the stdlib engine is quicker
_SENTENCE_END = compile_pattern(r"[。！？!?]")
_NOT_UNITS = ("试行", "草案", "征求意见稿", "此件公开发布", "以下简称", "详见", "见附件")  # prefixes


def may_hold_field(text: str) -> bool:
    """False when the text cannot hold a field label: every one ends in a colon or
    closes a 【】, so most lines and paragraphs are spared the label patterns."""
    return ":" in text or "：" in text or "】" in text


_UNREAD = object()  # no reading memoised yet (None is one: no units)


def unit_parens(para: str, memo: dict | None = None) -> list[tuple[int, int, list[tuple[str, Role]], str | None]]:
    """(start, end, units, deadline) of each unit parenthetical in a paragraph.

    A parenthetical counts when it starts with a unit label (责任单位：…) or its
    units end in a role phrase (…负责落实), optionally followed by a deadline
    (…牵头，各区配合；2024年6月底前); (试行) or a 文号 does not. ``memo`` keeps
    what each parenthetical's text read as, for one document: the same few
    (（一）, （区政府各部门负责落实）) recur in paragraph after paragraph.
    """
    found: list = []
    if memo is None:
        memo = {}
    # _PAREN's matches as finditer would give them, but tried only where str.find puts an
    # opening bracket (one kind of it, in a copy where "(" reads "（"): the regex engine's
    # own scan for one is several times slower.
    opens = para
    for opener in "(【[":  # str.replace is C speed; translate goes character by character
        if opener in opens:
            opens = opens.replace(opener, "（")
    start = opens.find("（")
    stop = len(para.rstrip())  # a block ending here closes the paragraph
    while start >= 0:
        m = _PAREN.match(para, start)
        if m is None:
            start = opens.find("（", start + 1)
            continue
        end = m.end()
        inner = (m.group(1) or m.group(2) or m.group(3) or "").strip()
        at_end = end >= stop
        reading = memo.get((inner, at_end), _UNREAD)
        if reading is _UNREAD:
            reading = memo[inner, at_end] = _paren_units(inner, at_end)
        if reading:
            found.append((start, end, *reading))
        start = opens.find("（", end)
    return found


def _paren_units(inner: str, at_end: bool = False) -> tuple[list[tuple[str, Role]], str | None] | None:
    """(units, deadline) a parenthetical's text names, or None. Editorial notes in it
    (rule 9: （见附件1，下同）, ；以下…不再单独列出, ，排在第一位的为牵头单位) are no part of the
    units: the block is judged without them (the first-leads note is read off the paragraph)."""
    if not inner or inner.startswith(_NOT_UNITS):
        return None
    inner = vocab.drop_notes(inner).strip().rstrip("；;，,、 ")
    if not inner:
        return None
    if may_hold_field(inner) and field_line(inner):
        units, deadline = paren_fields(inner)
        return (units, deadline) if units else None
    head, deadline = inner, None
    tail = _SEPARATOR.split(inner)[-1].strip()
    if tail != inner and looks_like_deadline(tail):
        head, deadline = inner[: len(inner) - len(tail)].rstrip("；;，, "), _unlabelled(tail)
    elif tail != inner:  # the deadline written first: （2024年6月底前完成，县财政局负责）
        first = _SEPARATOR.split(inner, maxsplit=1)[0].strip()
        if looks_like_deadline(first) and not looks_like_units(first):
            head, deadline = inner[len(first):].lstrip("；;，, "), _unlabelled(first)
    if _ends_in_role(head) and looks_like_units(head, lenient=True):
        return [(head, "responsible")], deadline
    if at_end and _is_unit_list(head):  # …信息公开。（市政务服务中心、市数据局）
        return [(head, "responsible")], deadline
    return None


def _unlabelled(deadline: str) -> str:
    """A deadline part without its label: 完成时限：2024年12月底前 → 2024年12月底前."""
    label, colon, rest = deadline.partition("：") if "：" in deadline else deadline.partition(":")
    return rest.strip() if colon and rest.strip() and vocab.is_deadline_label(label) else deadline


def _is_unit_list(text: str) -> bool:
    """Names of units and nothing else, each of three characters or more: a bare unit block,
    trusted only where it closes a paragraph."""
    if ":" in text or "：" in text or _ROLE_VERB.search(text):
        return False
    pieces = [p.strip() for p in _LIST_SEPARATOR.split(text)]
    return all(len(p) >= 3 for p in pieces) and looks_like_units(text)


_ROLE_VERB = compile_pattern(vocab.ROLE_VERBS)


_LIST_SEPARATOR = compile_pattern(r"[、，,；;]")


def _ends_in_role(text: str) -> bool:
    """The units end in a role phrase (区财政局负责落实): told by their last word, a set
    lookup (a line end after it is allowed, as a role-phrase regex's ``$`` would)."""
    if text[-1:] == "\n":
        text = text[:-1]
    return text[-2:] in _ROLE_WORDS


def paren_fields(inner: str) -> tuple[list[tuple[str, Role]], str | None]:
    """Units of labelled text, each with the role its label gives, and a deadline
    when it names one: （牵头单位：…；配合单位：…；完成时限：6月底前）."""
    parts = (_FIELD_SPLIT_ALL if vocab.has_person_word(inner) else _FIELD_SPLIT).split(inner)
    if len(parts) == 1:
        return [(inner, "responsible")], None
    units: list[tuple[str, Role]] = []
    deadline = None
    for i in range(1, len(parts) - 1, 2):
        text = _clean(parts[i + 1])
        label = parts[i].strip()
        if not text or vocab.is_person_label(label):  # 责任领导：张某 names no unit
            continue
        if vocab.is_deadline_label(label):
            deadline = deadline or text
        else:
            units.append((text, role_of_label(label)))
    return units, deadline


def _clean(text: str) -> str:
    """Field text without separators around it or a closing bracket it does not open."""
    text = text.strip().strip("；;，,。 ")
    if text[-1:] in "）)" and text.count("（") + text.count("(") < text.count("）") + text.count(")"):
        text = text[:-1].rstrip("；;，,。 ")
    return text


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: one per line, unless the text is hard-wrapped (rule 10)."""
    raw = [line for line in text.split("\n") if line.strip()]
    lines = [line.strip() for line in raw]
    indents = [_indent(line) for line in raw]
    if not any(indents) or all(indents):
        indents = None  # no first-line indent to tell paragraphs by
    width = wrap_width(lines, indents)
    return _close_brackets(join_wrapped(lines, width, indents) if width else lines)


def _indent(line: str) -> int:
    """A line's first-line indent in characters: a full-width space is one, two spaces or a
    tab are one (a paragraph's first line is indented two characters; its wrapped lines are not)."""
    n = len(line) - len(line.lstrip())
    if not n:
        return 0
    head = line[:n]
    return head.count("\u3000") + (head.count(" ") + 2 * head.count("\t")) // 2


def _close_brackets(lines: list[str]) -> list[str]:
    """A line that ends inside a bracket it opened (…（各街道牵 / 头）) goes on on the next line,
    and so does a paragraph's tail broken off onto a line of its own (``。加强督促检查。``, ``账。``):
    no paragraph starts with punctuation or is one character and a stop. A line that closes a
    bracket it does not open (``前）``) ends the bracket the line above left open, however far back."""
    out: list[str] = []
    for line in lines:
        if out and (_open_at_end(out[-1]) or line[0] in _NO_START or _continues_bracket(out[-1], line)
                    or (len(line) <= 3 and line[-1] in "。；" and not out[-1].endswith(_SENTENCE_ENDS + _CLOSES))):
            out[-1] += line
        else:
            out.append(line)
    return out


def _open_at_end(line: str) -> bool:
    """The line opens a bracket after its last closing one (and within its last 30 characters)."""
    tail = line[-30:]
    if tail[-1:] in "）)】]" or "（" not in tail and "(" not in tail and "【" not in tail and "[" not in tail:
        return False  # most lines: no bracket near the end (``in`` tests, C speed)
    return _OPEN_AT_END.search(tail) is not None


def _continues_bracket(above: str, line: str) -> bool:
    """``line`` closes a bracket before it opens one (not a number's, ``1）``), and ``above``
    left one open."""
    first = _CLOSE_FIRST.match(line)
    if first is None or not first.group(1).strip(_NUMERALS):
        return False
    return sum(map(above.count, _OPENS)) > sum(map(above.count, _CLOSES))


# One regex call each, where str methods took a dozen calls per line.
# an opening bracket with no bracket after it (possessive: each try stops at the next bracket)
_OPEN_AT_END = compile_pattern(r"[（(【\[][^（(【\[）)】\]]*+\Z")
_CLOSE_FIRST = compile_pattern(r"([^（(【\[）)】\]]*+)[）)】\]]")  # the line's first bracket closes one


_OPENS = tuple("（(【[")
_NUMERALS = "0123456789０１２３４５６７８９一二三四五六七八九十"
_SENTENCE_ENDS = tuple("。！？!?；;：:")
_NO_START = frozenset("。，、；：！？）】”")  # what no paragraph starts with
_CLOSES = tuple("）)】]")


def wrap_width(lines: list[str], indents: list[int] | None = None) -> int:
    """The width a hard-wrapped text was broken at (text copied out of a PDF), or 0.

    Wrapped paragraphs leave many lines of (nearly) one length that stop mid-sentence;
    a text written one paragraph per line has lines of every length, ending sentences.
    A first line's indent counts in its length (``indents``): it fills the width too."""
    lengths = list(map(len, lines)) if indents is None else [len(ln) + i for ln, i in zip(lines, indents, strict=True)]
    counts = dict(Counter([n for n in lengths if n >= 15]))  # a dict: a Counter's missing key costs a call
    total = sum(counts.values())
    if total < 2:
        return 0
    least = 2 if total <= 4 else 3  # a short notice has few full lines to tell by
    enough = max(least, 0.25 * total)
    for width in sorted(counts, reverse=True):  # widest first: the wrap width is the most common long length
        if counts[width] + counts.get(width - 1, 0) + counts.get(width - 2, 0) >= enough:
            near = [ln for ln, n in zip(lines, lengths, strict=True) if width - 2 <= n <= width]
            open_ended = sum(1 for ln in near if not ln.endswith(_SENTENCE_ENDS + _CLOSES))
            if open_ended >= max(least, 0.5 * len(near)):
                return width
            break
    return _width_of_longest(lines)


def _width_of_longest(lines: list[str]) -> int:
    """The wrap width of a notice too short to count full lines by. Wrapped text has no line
    longer than the width, and a line at the width may stop mid-sentence: the longest lines
    tell it when one of them (not the title) does, the line after it opening no paragraph,
    and another line is as long or that line ends the sentence."""
    m = max(map(len, lines), default=0)
    if m < 15:
        return 0
    full = [i for i, ln in enumerate(lines) if len(ln) >= m - 2]
    for i in full:
        if 0 < i < len(lines) - 1 and not lines[i].endswith(_SENTENCE_ENDS + _CLOSES):
            after = lines[i + 1]
            if not _opens_paragraph(after) and (len(full) >= 2 or after.endswith(_SENTENCE_ENDS + _CLOSES)):
                return m
    return 0


def _ends_in_unit_block(para: str) -> bool:
    """The paragraph ends in a unit block: that closes its task (rule 10), even at the width."""
    if not para.endswith(_CLOSES):
        return False
    tail = para[-120:]
    return any(end >= len(tail.rstrip()) for _s, end, *_r in unit_parens(tail))


def _opens_paragraph(line: str) -> bool:
    """The line starts with an enumerator, a person or a field label: a paragraph of its own."""
    return bool(split_enum(line)[0] or is_person_line(line) or (may_hold_field(line) and FIELD_LINE.match(line)))


def join_wrapped(lines: list[str], width: int, indents: list[int] | None = None) -> list[str]:
    """Rule 10: a line continues the paragraph above unless it starts with an enumerator or a
    label, or is indented where wrapped lines are not (``indents``), or the line above is
    clearly shorter than the wrap width or ends in a unit block (it ended its paragraph); a
    line closing the bracket left open above always continues."""
    short = width - max(3, width // 8)
    out: list[str] = []
    last = 0  # length of the line that ended ``out[-1]``, its indent counted
    for k, line in enumerate(lines):
        indent = indents[k] if indents else 0
        if out and (_continues_bracket(out[-1], line)
                    or last > short and not indent and not _opens_paragraph(line)
                    and not _ends_in_unit_block(out[-1])):
            out[-1] += line
        else:
            out.append(line)
        last = len(line) + indent
    return out


class _Headings:
    def __init__(self) -> None:
        self.category: str | None = None
        self.section: str | None = None
        self.item: str | None = None
        self.bare_item = False  # the item is a bare heading line (rule 12): numbered tasks confirm it
        self.first_leads = False  # a note said the first unit listed leads (rule 9)
        # units a statement gave the tasks below it (以下任务由县政府办公室牵头…), and the
        # heading level it was made under: a heading at that level or above ends it
        self.scope: list[tuple[str, Role]] = []
        self.scope_level = 0

    def level(self) -> int:
        return 3 if self.item else 2 if self.section else 1 if self.category else 0

    def heading(self, para: str) -> bool:
        """Take a paragraph without units as a heading; False when it is not one."""
        level, _, rest = split_enum(para)
        if level == 1 and len(rest) <= 60:
            self.category, self.section, self.item = strip_heading(para), None, None
        elif level == 2:
            self.section, self.item = first_sentence(rest), None
        elif level == 3 and len(rest) <= 40 and "。" not in rest.rstrip("。"):
            self.item = strip_heading(para)
        elif level == 0 and is_bare_heading(para):
            self.item = para
            self.bare_item = True
            return True
        else:
            return False
        if self.scope and 0 < level <= self.scope_level:
            self.scope = []
        self.bare_item = False
        return True

    def draft(self, content: str, units: list[tuple[str, Role]], seq: str | None = None,
              deadline: str | None = None) -> Draft:
        if self.bare_item and seq is None:  # a bare line heads numbered tasks only (rule 12)
            self.item, self.bare_item = None, False
        return Draft(content=content, category=self.category, section=self.section, item=self.item,
                     seq=seq, deadline=deadline, units=units, first_leads=self.first_leads)


_NOT_A_HEADING = compile_pattern(r"[。！？!?；;：:，,、]|\d{4}|〔|号$")


def is_bare_heading(para: str) -> bool:
    """Rule 12: a short line with no enumerator and no sentence punctuation (便民服务) that
    is not the document's title, a date or a 文号: a level-3 heading for the tasks below."""
    return (2 <= len(para) <= 20 and not _NOT_A_HEADING.search(para) and not para.endswith(TITLE_WORDS)
            and not vocab.says_first_leads(para) and not is_person_line(para))


def first_sentence(text: str) -> str:
    head = text.partition("。")[0]  # the commonest end, found by str.find: quicker than a regex scan
    if "！" in head or "？" in head or "!" in head or "?" in head:
        head = _SENTENCE_END.split(head, maxsplit=1)[0]
    return head.strip().rstrip("：:；;，, ")


def prose_drafts(text: str, findings: list | None = None) -> list[Draft]:
    """Tasks closed by unit parentheticals and tasks followed by unit label lines,
    in one pass: real notices mix both. ``findings`` gets a ``(code, message)`` for each
    paragraph that ends in what reads as a unit block but was not read as one."""
    heads = _Headings()
    drafts: list[Draft] = []
    pending: str | None = None  # the last paragraph that label lines would make a task
    saved_item: str | None = None  # the item heading before ``pending`` was taken as one
    current: Draft | None = None  # the task that label lines are being added to
    memo: dict = {}  # unit_parens' reading of each parenthetical's text
    for index, para in enumerate(paragraphs(text)):
        if is_person_line(para) and not _UNIT_LABEL_AFTER.search(para):
            continue  # 牵头负责领导：张某 (but 责任领导：张某；牵头单位：区财政局 names units)
        if "牵头" in para and vocab.says_first_leads(para):
            heads.first_leads = True
        scope = _scope_units(para)
        if scope:
            heads.scope, heads.scope_level = scope, heads.level()
            pending, current = None, None
            continue
        labelled = may_hold_field(para)
        if labelled and field_line(para):
            units, deadline = paren_fields(para)
            if units and current is None and pending is not None:
                current = _labelled_task(heads, pending, saved_item)
                drafts.append(current)
                pending = None
            if current is not None:
                current.units += units
                current.deadline = current.deadline or deadline
            continue
        current = None
        parens = unit_parens(para, memo)
        if not parens and labelled:
            parens = _trailing_field(para)
        if parens and pending is not None and not para[:parens[0][0]].strip():
            # a unit block on a line of its own closes the task above it (rule 10)
            task = _labelled_task(heads, pending, saved_item)
            _, _, units, deadline = parens[0]
            task.units, task.deadline = list(units), deadline
            drafts.append(task)
            para = para[parens[0][1]:].strip()
            parens = unit_parens(para, memo) if para else []
        if parens:
            drafts += _paragraph_tasks(heads, para, parens)
            pending = None
            continue
        if not para:
            pending = None
            continue
        level, number, rest = split_enum(para)
        if findings is not None and _unread_block(para):
            findings.append(("unit-block-unread", f"paragraph {index + 1} ends in what reads as a unit block, "
                                                  f"but it was not read as one: {para[-40:]!r}"))
        if heads.scope and level in (3, 4) and not _reads_as_heading(rest):
            drafts.append(heads.draft(rest, list(heads.scope), number if number.isdigit() else None))
            pending = None
            continue
        saved_item = heads.item
        if level or index:  # the first line is the title, never a bare heading
            heads.heading(para)
        pending = None if level == 1 else para
    return drafts


def _unread_block(para: str) -> bool:
    """The paragraph (read as no task) ends in a bracket that names a unit and a role
    (（区财政局负责…）), notes aside (（第一责任单位为牵头单位，下同） is none)."""
    if not para.rstrip("。；; ").endswith(_CLOSES):
        return False  # most paragraphs: no bracket at the end, no patterns run
    text = vocab.drop_notes(para)
    if not ends_in_unit_block(text):
        return False
    text = text.rstrip("。；; ")
    opened = max(text.rfind(bracket) for bracket in "（(【[")
    return opened >= 0 and looks_like_units(text[opened + 1:-1], lenient=True)


# A statement that the tasks below share units: （以下任务由县政府办公室牵头，县直各部门配合落实）,
# 以下工作由…负责：. The units follow 由, up to the bracket or the colon.
_SCOPE = compile_pattern(r"^[（(【\[]?\s*(?:以下|下列|下述|本部分|本节)(?:各项|所列)?(?:任务|工作|事项)?均?由"
                         r"([^（()）【】\[\]]{2,120}?)\s*[)）】\]]?\s*[：:。；;]?$")


def _scope_units(para: str) -> list[tuple[str, Role]]:
    """The units a scope statement gives the tasks below it; [] when the paragraph is none."""
    if "由" not in para[:12]:
        return []
    m = _SCOPE.match(para)
    found = _paren_units(m.group(1)) if m else None
    return found[0] if found and not found[1] else []


def _reads_as_heading(rest: str) -> bool:
    """A numbered line under a scope statement that heads tasks rather than being one:
    short and without a sentence's stop (1.政策解读 above its own tasks)."""
    return len(rest) <= 40 and "。" not in rest and "；" not in rest


def _trailing_field(para: str) -> list:
    """The units of a label that closes the paragraph's task (…信息。牵头单位：区发改局),
    in the form ``unit_parens`` gives; [] when no label there names a unit."""
    trailing = (_TRAILING_FIELD_ALL if vocab.has_person_word(para) else TRAILING_FIELD).search(para)
    if trailing:
        units, deadline = paren_fields(para[trailing.end():])
        if units:
            return [(trailing.start(1), len(para), units, deadline)]
    return []


def _labelled_task(heads: _Headings, para: str, saved_item: str | None) -> Draft:
    """The paragraph before a unit label line is a task, even if it read as a heading."""
    level, number, rest = split_enum(para)
    seq = number if level in (3, 4) and number and number.isdigit() else None
    if level in (0, 3):
        heads.item = saved_item
    if level == 2:
        heads.section, heads.item = first_sentence(rest), None
    return heads.draft(rest if level else para, [], seq)


def _after_enumerator(para: str, rest: str, begin: int) -> str:
    """What ``split_enum`` leaves of ``para[:begin].strip()``, told from ``rest``, what it
    left of the whole (stripped) paragraph: the text from there up to ``begin``. ''
    when none stands there; the caller then splits the part itself.

    Enumerator patterns are anchored at the start and look at most one character past
    what they take, so with text between the enumerator and the cut (a bracket, or the
    space before a label) the part starts with the same enumerator as the paragraph.
    This saves a ``split_enum`` call per paragraph, on a string no cache has seen."""
    return para[len(para) - len(rest):begin].strip()


def _paragraph_tasks(heads: _Headings, para: str, parens: list) -> list[Draft]:
    """One task per unit parenthetical, running from the previous one (or the start).
    ``para`` is stripped (a ``paragraphs`` item), so ``split_enum``'s rest ends it."""
    level, number, rest = split_enum(para)
    if level == 1:  # 一、 heading and task in one paragraph: the first sentence heads it
        heads.category, heads.section, heads.item = first_sentence(rest), None, None
    drafts = []
    start = 0
    for k, (begin, end, units, deadline) in enumerate(parens):
        chunk = para[start:begin].strip()
        start = end
        seq = None
        if k == 0 and level:
            chunk = _after_enumerator(para, rest, begin) or split_enum(chunk)[2]
            if level == 2:
                heads.section, heads.item = first_sentence(chunk), None
            elif level in (3, 4) and number and number.isdigit():
                seq = number
        chunk = chunk.strip().lstrip("。；;，, ").strip()
        if chunk:
            drafts.append(heads.draft(chunk, list(units), seq, deadline))
    return drafts
