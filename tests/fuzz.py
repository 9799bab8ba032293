"""A mutation fuzzer for the gwparse command: ``make fuzz`` (FUZZ_SECONDS, default 600).

Seeds are the project's own ``samples/`` and containers generated here. Each
mutant (byte flips, truncation, splicing, a repeated slice, and inside .docx and
.xlsx a mutated zip member: flips, repetition, deep nesting, many attributes)
runs through ``python -m gwparse`` in a subprocess with RLIMIT_AS 500 MB and a
10 s timeout. The property: exit 0 with records, or exit 1 with exactly one
``gwparse: FILE: …`` line; no traceback, no internal error, no temporary file
left beside the ``-o`` output. A mutant that breaks it is saved under
``fuzz-findings/`` with the reason, to be turned into a test.

    python tests/fuzz.py --seconds 60 [--seed N] [--findings DIR]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TIME_LIMIT = 10.0
MEMORY_LIMIT = 500 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".html", ".docx", ".xlsx")


# --- seeds ------------------------------------------------------------------------------------


_WARNING_LINE = re.compile(r"^gwparse: .+: warning: .+$")


def seeds() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every sample gwparse reads, and a generated .docx and .xlsx."""
    out = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir())
           if p.is_file() and p.suffix in (*SUFFIXES, ".htm", ".csv")]
    sys.path.insert(0, str(Path(__file__).parent))
    from builders import docx_bytes, numbered, numbering_xml, p, tbl, tc, tr

    table = tbl(tr(tc("序号"), tc("工作任务"), tc("责任单位"), tc("完成时限")),
                tr(tc("1"), tc("更新主动公开基本目录。"), tc("区政府办公室", vmerge="restart"), tc("6月底前")),
                tr(tc("2"), tc("做好政策解读工作。"), tc(vmerge="continue"), tc("长期坚持")))
    body = [p("示例区2023年政务公开重点任务清单"), numbered("总体要求"), table]
    out.append(("generated.docx", docx_bytes(*body, members={"word/numbering.xml":
                                                            numbering_xml([("chineseCounting", "%1、")])})))
    return out


# --- mutators ---------------------------------------------------------------------------------


def flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


def repeat(rng: random.Random, data: bytes) -> bytes:
    """A slice repeated up to a few thousand times: wide rows, long cells, many paragraphs."""
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start: start + rng.randint(1, 64)]
    times = rng.choice((10, 100, 1000, 20_000))
    return data[:start] + piece * times + data[start:]


def nest(rng: random.Random, data: bytes) -> bytes:
    """An XML/HTML tag opened many times around a point: deep nesting."""
    tag = rng.choice((b"<w:tbl><w:tr><w:tc>", b"<table><tr><td>", b"<div>", b"<w:p><w:r>"))
    at = rng.randrange(len(data) + 1)
    return data[:at] + tag * rng.choice((50, 300, 5000)) + data[at:]


def attributes(rng: random.Random, data: bytes) -> bytes:
    """A tag given thousands of attributes (or one huge span/start value)."""
    at = data.find(b">", rng.randrange(len(data) + 1))
    if at < 0:
        return data
    extra = rng.choice((b"".join(b' a%d="1"' % i for i in range(rng.choice((100, 5000, 50_000)))),
                        b' colspan="999999" rowspan="999999"', b' w:val="99999999999"'))
    return data[:at] + extra + data[at:]


BYTE_MUTATORS = (flip, truncate, repeat, nest, attributes)


def mutate_member(rng: random.Random, data: bytes) -> bytes | None:
    """A .docx/.xlsx with one XML member mutated and the archive rebuilt (so the zip stays valid)."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        members = [(i.filename, src.read(i)) for i in src.infolist()]
    except Exception:
        return None
    xml = [k for k, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
    if not xml:
        return None
    k = rng.choice(xml)
    name, body = members[k]
    members[k] = (name, rng.choice(BYTE_MUTATORS)(rng, body))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for n, b in members:
            out.writestr(n, b)
    return buf.getvalue()


def mutant(rng: random.Random, pool: list[tuple[str, bytes]]) -> tuple[str, bytes, str]:
    """(file name, bytes, what was done) of one mutant of a random seed."""
    name, data = rng.choice(pool)
    if name.endswith((".docx", ".xlsx")) and rng.random() < 0.7:
        out = mutate_member(rng, data)
        if out is not None:
            return name, out, "member"
    how = rng.choice((*BYTE_MUTATORS, splice))
    if how is splice:
        return name, splice(rng, data, rng.choice(pool)[1]), "splice"
    return name, how(rng, data), how.__name__


# --- the property -----------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int | None  # None: killed at the timeout
    stdout: bytes
    stderr: bytes


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_gwparse(args: list[str], cwd: Path, timeout: float = TIME_LIMIT) -> Run:
    proc = subprocess.Popen([sys.executable, "-m", "gwparse", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_limit_memory)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Run(None, out, err)
    return Run(proc.returncode, out, err)


def violation(run: Run, name: str, output: Path | None, folder: Path) -> str | None:
    """Why a run breaks the property, or None when it ends in records or one clean line."""
    err = run.stderr.decode("utf-8", "replace")
    lines = err.splitlines()
    if run.returncode is None:
        return f"took over {TIME_LIMIT:.0f} s"
    if "Traceback" in err:
        return "traceback: " + (lines[-1] if lines else "")
    if "internal error" in err or "out of memory" in err:
        return lines[0] if lines else "internal error"
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        return f"temporary file left: {leftovers}"
    if run.returncode == 0:
        data = output.read_bytes() if output is not None and output.exists() else run.stdout
        try:
            records = json.loads(data)
        except ValueError:
            return "exit 0 without a JSON array of records"
        # the self-check's warning lines may stand beside records; nothing else may
        others = [ln for ln in lines if not _WARNING_LINE.match(ln)]
        return None if records and not others else "exit 0 without records, or with messages"
    if run.returncode != 1:
        return f"exit status {run.returncode}: {lines[:1]}"
    if len(lines) != 1 or not lines[0].startswith(f"gwparse: {name}: "):
        return f"not one 'gwparse: {name}: …' line: {lines[:3]}"
    if output is not None and output.exists():
        return "a failed run wrote its -o file"
    return None


def check(name: str, data: bytes, work: Path) -> str | None:
    """Run one mutant (alternately to stdout and to ``-o``) and return the violation, if any."""
    for p in work.iterdir():
        p.unlink()
    path = work / name
    path.write_bytes(data)
    output = work / "out.json" if len(data) % 2 else None
    args = [name, "--to", "json", *(["-o", output.name] if output else [])]
    return violation(run_gwparse(args, work), name, output, work)


def fuzz(seconds: float, seed: int, findings: Path | None = None, log=print) -> list[tuple[str, str]]:
    """Mutants for ``seconds``; returns (saved file or name, reason) of each violation."""
    rng = random.Random(seed)
    pool = seeds()
    found: list[tuple[str, str]] = []
    runs = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="gwparse-fuzz-") as tmp:
        work = Path(tmp)
        while time.monotonic() < deadline:
            name, data, how = mutant(rng, pool)
            runs += 1
            reason = check(name, data, work)
            if reason is None:
                continue
            where = f"{runs}-{how}-{name}"
            if findings is not None:
                findings.mkdir(parents=True, exist_ok=True)
                (findings / where).write_bytes(data)
                (findings / f"{where}.reason").write_text(reason + "\n", encoding="utf-8")
            found.append((where, reason))
            log(f"fuzz: {where}: {reason}")
    log(f"fuzz: {runs} mutants in {seconds:.0f} s (seed {seed}), {len(found)} violations")
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 600)))
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--findings", type=Path, default=ROOT / "fuzz-findings")
    args = ap.parse_args()
    return 1 if fuzz(args.seconds, args.seed, args.findings) else 0


if __name__ == "__main__":
    sys.exit(main())
