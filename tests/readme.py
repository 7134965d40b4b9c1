"""The README's console examples, parsed and run as printed against `make run`'s demo.

A ```console block holds commands (`$ ` lines, continued by a trailing backslash) each followed
by the output the README shows. Running one substitutes nothing in the command but the demo
server's port for `localhost:8000`; `. var/demo.env` (written by `seedbed seed-demo`) gives the
tokens and ids the commands name. Output is compared after masking what changes from run to
run (tokens, new ids, hashes, times): every line the README prints must appear, in order, in
what the command printed; `…` in the README stands for any text.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

_MASKS = [
    (re.compile(r"sbt_[0-9a-f]{16}_[A-Za-z0-9_\-]+"), "<token>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<hash>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)"), "<time>"),
    (re.compile(r"\d+(\.\d+)? s\b"), "<seconds>"),
]


@dataclass(frozen=True)
class Example:
    block: int
    command: str
    expected: tuple[str, ...]


def examples(text: str | None = None) -> list[Example]:
    """Every console example of the README, in order."""
    source = README.read_text(encoding="utf-8") if text is None else text
    found: list[Example] = []
    for number, block in enumerate(re.findall(r"```console\n(.*?)```", source, re.S)):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.startswith("$ "):
                index += 1
                continue
            command = [line[2:]]
            while _continues("\n".join(command)) and index + 1 < len(lines):
                index += 1
                command.append(lines[index])
            index += 1
            output: list[str] = []
            while index < len(lines) and not lines[index].startswith("$ "):
                output.append(lines[index])
                index += 1
            while output and not output[-1].strip():
                output.pop()
            found.append(Example(number, "\n".join(command), tuple(output)))
    return found


def _continues(command: str) -> bool:
    """A trailing backslash, a single-quoted argument still open (a JSON body over lines), or
    a here-document (`<<'EOF'`) not yet ended by its `EOF` line."""
    lines = command.splitlines()
    if "<<'EOF'" in lines[0]:
        return len(lines) == 1 or lines[-1] != "EOF"
    return command.endswith("\\") or command.count("'") % 2 == 1


def mask(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def _pattern(line: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in mask(line).split("…")]
    return re.compile("^" + ".*".join(parts) + "$")


def mismatch(expected: tuple[str, ...], actual: str) -> str | None:
    """None when every expected line appears, in order, among the actual lines."""
    raw = [line.rstrip("\r") for line in actual.splitlines()]
    lines = [(line, mask(line)) for line in raw]
    position = 0
    for wanted in expected:
        pattern = _pattern(wanted)
        while position < len(lines) and not any(pattern.match(v) for v in lines[position]):
            position += 1
        if position == len(lines):
            return f"not found in order: {wanted!r}\n--- printed:\n{actual}"
        position += 1
    return None


def run(
    example: Example, env: Mapping[str, str], cwd: Path, port: int, last_exit: int
) -> tuple[int, str]:
    """Runs one example in bash (as printed, with the demo's port); `echo $?` reports the exit
    code of the example before it, as it would in the reader's shell."""
    command = example.command.replace("localhost:8000", f"localhost:{port}")
    if command.strip() == "echo $?":
        return 0, f"{last_exit}\n"
    done = subprocess.run(
        ["bash", "-c", f". var/demo.env && {command}"],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr
