"""JSON Lines files of records: one record per line, tagged with its ``type``, in constant memory.

Reading streams: a line is read at most as long as the limit allows, parsed, checked and turned
into a record before the next is read; problems carry their line numbers.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final

import attrs
import orjson

from community_model._codegen import BAD
from community_model._entities import Entity
from community_model._errors import (
    Problem,
    ProblemCapReached,
    Problems,
    ValidationError,
)
from community_model._files import atomic_file
from community_model._messages import DECODE
from community_model._wire.converter import TYPE_TAGS, codecs, nesting
from community_model._wire.json import parse_json
from community_model._wire.limits import (
    DEFAULT_LIMITS,
    LARGEST,
    Limits,
    check_tree,
    limit_error,
    problem_cap,
)

__all__ = ["Source", "numbered_lines", "read_jsonl", "write_jsonl"]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]


#: Bytes of lines written to a file at once: few calls to ``write``, little memory held.
_BATCH_BYTES: Final = 1 << 16


def _tagged_batches(records: Iterable[Entity]) -> Iterator[tuple[bytearray, int]]:
    """The records' lines (tagged with their ``type``, each ending in a newline), some at a
    time: a buffer of lines, and how many it holds.

    Each class's line dumper is looked up once per class, not per record, and each line is
    written into the buffer as soon as it is made (its dicts freed while still in the cache).
    When the records fail (an item that is not a record, an error of the iterable), the lines
    made before it are given first, as they would have been written one by one.
    """
    table = codecs(strict=True)
    dumpers: dict[type, Any] = {}
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    batch = bytearray()
    count = 0
    try:
        for index, record in enumerate(records):
            cls = type(record)
            dump = dumpers.get(cls)
            if dump is None:
                if cls not in TYPE_TAGS:
                    raise TypeError(f"item {index} is not a record: {cls.__name__}")
                dump = dumpers[cls] = table.tagged_dumper(cls)
            batch += dumps(dump(record), option=newline)
            count += 1
            if len(batch) >= _BATCH_BYTES:
                yield batch, count
                batch = bytearray()
                count = 0
    except GeneratorExit:
        raise
    except BaseException:
        if count:
            yield batch, count
        raise
    if count:
        yield batch, count


def write_jsonl(records: Iterable[Entity], target: str | os.PathLike[str] | IO[Any]) -> int:
    """Write records as JSON Lines, each line tagged with its ``type``; returns how many.

    A path is replaced atomically (an error leaves any old file whole); an open file, text or
    binary, is written to as the records come (some 64 KiB of lines at a time). A binary file
    gets the bytes orjson writes, never decoded; a text file gets them decoded once per batch.
    """
    written = 0
    if isinstance(target, str | os.PathLike):
        with atomic_file(target) as handle:
            for batch, count in _tagged_batches(records):
                handle.write(batch)
                written += count
        return written
    binary = _is_binary(target)
    for batch, count in _tagged_batches(records):
        target.write(bytes(batch) if binary else batch.decode())
        written += count
    return written


def _is_binary(stream: IO[Any]) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in getattr(stream, "mode", "")


@contextlib.contextmanager
def _opened(source: Source) -> Iterator[Any]:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source


_CHUNK: Final = 1 << 20


def _without_newline(line: str | bytes) -> str | bytes:
    return line.rstrip("\r\n") if isinstance(line, str) else line.rstrip(b"\r\n")


def _size(line: str | bytes) -> int:
    """A line's size in bytes (a text line as UTF-8)."""
    return len(line) if isinstance(line, bytes) else len(line.encode("utf-8", "surrogatepass"))


class _TooLong:
    """A line longer than the limit (skipped, never held whole)."""


class _TooMuch:
    """The source gave more bytes in all than ``max_stream_bytes``: reading stopped."""


@attrs.frozen
class _Undecodable:
    """A text stream that is not valid text: reading stopped."""

    reason: str


_TOO_LONG: Final = _TooLong()
_TOO_MUCH: Final = _TooMuch()


def _bounded_lines(
    stream: Any, limit: int, budget: int
) -> Iterator[str | bytes | _TooLong | _TooMuch | _Undecodable]:
    """The lines of ``stream``, each at most ``limit`` long, and ``budget`` bytes in all.

    A line longer than ``limit`` is ``_TOO_LONG``; past ``budget`` bytes in all comes
    ``_TOO_MUCH`` and the end, so an endless source (``/dev/zero``, a pipe that never closes)
    ends too. A file (anything with ``readline``) is read at most ``limit + 2`` characters at a
    time, and the rest of an overlong line is skipped in chunks; other iterables are taken as
    they come. A text stream that cannot be decoded ends in ``_Undecodable``.
    """
    try:
        readline = getattr(stream, "readline", None)
        if readline is None:
            for line in stream:
                budget -= _size(line)
                if budget < 0:
                    yield _TOO_MUCH
                    return
                yield _TOO_LONG if len(_without_newline(line)) > limit else line
            return
        while True:
            line = readline(limit + 2)  # the line, and room for its "\r\n"
            budget -= _size(line)
            if budget < 0:
                yield _TOO_MUCH
                return
            if not line:
                return
            ended = line[-1:] in ("\n", b"\n")
            if len(_without_newline(line)) <= limit and (ended or len(line) <= limit):
                yield line
                continue
            while line and line[-1:] not in ("\n", b"\n"):  # skip to the end of the line
                line = readline(_CHUNK)
                budget -= _size(line)
                if budget < 0:
                    yield _TOO_MUCH
                    return
            yield _TOO_LONG
    except UnicodeDecodeError as error:
        yield _Undecodable(f"{error.encoding}: {error.reason}")


def numbered_lines(
    source: Source, *, strict: bool = True, limits: Limits | None = DEFAULT_LIMITS
) -> Iterator[tuple[int, Entity | None, list[Problem]]]:
    """Each non-blank line of a JSON Lines source: its number, its record or its problems.

    Memory stays bounded by the longest line allowed (``limits.max_line_bytes``), whatever the
    size of the file; the source as a whole is read up to ``limits.max_stream_bytes`` (past
    that, a last problem and the end), and one line collects at most ``limits.max_problems``
    problems. A text stream that is not valid text ends in a problem of its line.
    """
    load = codecs(strict=strict).loader(Entity)
    limit = limits.max_line_bytes if limits is not None else LARGEST
    budget = limits.max_stream_bytes if limits is not None else LARGEST
    cap = problem_cap(limits)
    # The depth of a line is left to a strict loader, which refuses any tree deeper than a
    # record nests; it is looked for only when a line is refused (see ``_io.loads``).
    depth = nesting(Entity)
    defer = strict and limits is not None and depth is not None and depth <= limits.max_depth
    with _opened(source) as stream:
        for number, line in enumerate(_bounded_lines(stream, limit, budget), start=1):
            if line is _TOO_LONG:
                problem = limit_error(
                    "$", "max_line_bytes", limit, "the line has more bytes than allowed"
                )
                yield number, None, [attrs.evolve(p, line=number) for p in problem.errors]
                continue
            if line is _TOO_MUCH:
                found = f"the input has more than {budget:,} bytes; the rest was not read"
                problem = limit_error("$", "max_stream_bytes", budget, found)
                yield number, None, [attrs.evolve(p, line=number) for p in problem.errors]
                return
            if isinstance(line, _Undecodable):
                yield number, None, [attrs.evolve(DECODE.at("$", reason=line.reason), line=number)]
                return
            assert isinstance(line, str | bytes)
            if not line or line.isspace():
                continue
            errors = Problems(cap)
            try:
                content = _without_newline(line)
                tree = parse_json(content, limits=limits, line=True, defer_depth=defer)
            except ValidationError as error:
                yield number, None, [attrs.evolve(p, line=number) for p in error.errors]
                continue
            try:
                record = load(tree, "$", errors)
            except ProblemCapReached:
                record = BAD
            if record is BAD:
                problems = errors.finished()
                if defer:
                    assert limits is not None
                    try:  # a limit is reported first, as always
                        check_tree(tree, limits, text=content)
                    except ValidationError as error:
                        problems = error.errors
                del tree
                yield number, None, [attrs.evolve(p, line=number) for p in problems]
            else:
                del tree
                yield number, record, []


def read_jsonl(
    source: Source, *, strict: bool = True, limits: Limits | None = DEFAULT_LIMITS
) -> Iterator[Entity]:
    """Stream the records of a JSON Lines file (a path or an open file) in constant memory.

    Good records are yielded as they are read. Problems are gathered, each with its line number,
    and raised together in one :class:`ValidationError` when the stream ends, or as soon as
    there are more than ``limits.max_problems`` of them: then reading stops, and a last problem
    says so.
    """
    problems = Problems(problem_cap(limits))
    try:
        for _number, record, found in numbered_lines(source, strict=strict, limits=limits):
            if record is not None:
                yield record
                continue
            problems.extend(found)
    except ProblemCapReached:
        pass
    if problems or problems.stopped:
        raise ValidationError(problems.finished())
