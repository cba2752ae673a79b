"""Where the command line writes: results to stdout, diagnostics and progress to stderr.

Nothing read from data or from the command line is printed as it is: :func:`shown` and
:func:`escaped` write a name's control characters (a line break among them) and undecodable
bytes as escapes, so no name can print a line of its own, break a JSON string, or fail on a
strict UTF-8 stdout.

Writes go to the streams current at the time of writing (``sys.stdout``, not a copy taken at
import), so pytest's capture and rich's live display both see them. When stdout is not a
terminal, tables get a fixed width and no colour, so the output is the same on every machine.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Final

import orjson

from community_model._errors import Problem

if TYPE_CHECKING:
    from rich.console import Console

#: Columns of tables written to a file or a pipe (a terminal's own width is used otherwise).
WIDTH: Final = 100

#: Files smaller than this are read without a progress bar: it would only flicker.
PROGRESS_MIN_BYTES: Final = 1 << 20

#: Lines between two updates of a progress bar (an update costs far more than a line).
PROGRESS_EVERY: Final = 2048


#: The name that stands for standard input (reading) or standard output (writing).
STDIO: Final = "-"

#: What the command line never prints as it is: C0 and C1 control characters (line breaks and
#: tabs among them), DEL, and the lone surrogates that stand for undecodable bytes of a name.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return repr(char)[1:-1] if code < 0x100 else f"\\u{code:04x}"


def escaped(text: str) -> str:
    """``text`` with every control character and undecodable byte written as an escape."""
    return _CONTROL.sub(_escape, text)


def is_stdio(name: str) -> bool:
    """Whether ``name`` stands for standard input or output."""
    return name == STDIO


def shown(name: str, *, writing: bool = False) -> str:
    """A file name as messages and reports show it: ``<stdin>`` (``<stdout>`` when
    ``writing``) for ``-``, else the name escaped."""
    if is_stdio(name):
        return "<stdout>" if writing else "<stdin>"
    return escaped(name)


class UsageError(Exception):
    """Bad arguments or a file that cannot be used: exit status 2, with this message."""


def out(text: str = "") -> None:
    """Write a line of results to stdout."""
    sys.stdout.write(text + "\n")


def out_raw(text: str) -> None:
    """Write to stdout as is, without a line end (the JSON report places its own)."""
    sys.stdout.write(text)


def err(text: str) -> None:
    """Write a line of diagnostics to stderr."""
    sys.stderr.write(text + "\n")


def is_terminal(stream: IO[Any]) -> bool:
    """Whether ``stream`` is a terminal (a closed or odd stream is not)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (ValueError, OSError):
        return False


def stdout_console() -> Console:
    """A rich console on stdout: the terminal's width and colours, or 100 plain columns.

    Markup, emoji codes and highlighting are off: names such as 京师(苏州) and codes such as
    ``[too_long]`` are printed as they are, never read as rich markup.
    """
    from rich.console import Console  # noqa: PLC0415 - rich is only needed for tables

    terminal = is_terminal(sys.stdout)
    return Console(
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        width=None if terminal else WIDTH,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


def describe_os_error(error: OSError) -> str:
    """``missing.json: No such file or directory`` rather than ``[Errno 2] ...``."""
    reason = error.strerror or str(error)
    if error.filename is not None:
        return f"{os.fsdecode(error.filename)}: {reason}"
    return reason


def problem_text(file: str, problem: Problem) -> str:
    """One problem as ``file:line: severity: path: message [code]``, as compilers write them."""
    name = shown(file)
    where = name if problem.line is None else f"{name}:{problem.line}"
    line = f"{where}: {problem.severity.value}: {problem.path}: {problem.message} [{problem.code}]"
    return escaped(line)


def problem_data(problem: Problem) -> dict[str, Any]:
    """One problem as plain data for ``--output json``."""
    return {
        "severity": problem.severity.value,
        "line": problem.line,
        "path": problem.path,
        "code": problem.code,
        "message": problem.message,
    }


def json_text(data: Any, *, indent: bool = True) -> str:
    """JSON as UTF-8 text (Chinese unescaped), indented by two spaces unless told not to."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode()


def _nothing(_: int) -> None:
    return None


@contextlib.contextmanager
def progress(label: str, size: int, *, follow: bool = True) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, by bytes read; yields ``update(bytes_done)``.

    Shown only when stderr is a terminal and the file is large; ``follow=False`` for work
    whose progress cannot be followed (parsing a whole document), shown as a pulsing bar. When
    stdout is the terminal too, rich routes stdout's lines above the bar, so the two never
    tangle; stdout going to a file or a pipe is left alone.
    """
    if not is_terminal(sys.stderr) or size < PROGRESS_MIN_BYTES:
        yield _nothing
        return
    from rich.console import Console  # noqa: PLC0415 - only for large files on a terminal
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn()]
    if follow:
        columns += [DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn()]
    console = Console(stderr=True, markup=False, emoji=False, highlight=False)
    bar = Progress(
        *columns,
        console=console,
        transient=True,
        redirect_stdout=is_terminal(sys.stdout),
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(label, total=size if follow else None)

        def update(done: int) -> None:
            bar.update(task, completed=done)

        yield update


def cli_problem(problem: Problem) -> Problem:
    """A problem as the command line says it: limits are raised with options, not Python."""
    if problem.code == "unknown_field":
        return problem.rendered(remedy="--lenient ignores unknown fields")
    if problem.code == "limit" and problem.params.get("name") in _LIMIT_OPTIONS:
        option = _LIMIT_OPTIONS[problem.params["name"]]
        return problem.rendered(remedy=f"give {option} N to allow more")
    return problem


#: The command line's option for each limit it lets a user raise.
_LIMIT_OPTIONS: Final = {"max_bytes": "--max-bytes", "max_line_bytes": "--max-line-bytes"}
