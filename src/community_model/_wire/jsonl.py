"""JSON Lines files of records: one record per line, tagged with its ``type``, in constant memory.

Reading streams: a line is read at most as long as the limit allows, parsed, checked and turned
into a record before the next is read; problems carry their line numbers.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final

import attrs
import orjson

from community_model._codegen import BAD
from community_model._entities import Entity
from community_model._errors import Message, Problem, ValidationError
from community_model._files import atomic_file
from community_model._wire.converter import TYPE_TAGS, codecs, nesting
from community_model._wire.json import parse_json
from community_model._wire.limits import DEFAULT_LIMITS, Limits, check_tree, limit_error

__all__ = ["MAX_PROBLEMS", "MORE_PROBLEMS", "Source", "numbered_lines", "read_jsonl", "write_jsonl"]

#: How many problems :func:`read_jsonl` keeps before it only counts the rest.
MAX_PROBLEMS: Final = 1000

Source = str | os.PathLike[str] | IO[str] | IO[bytes]

MORE_PROBLEMS: Final = Message(
    "too_many_problems",
    "{more} more problems not listed (the first {shown} are)",
    title="More problems were found than are listed",
)


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
                dump = dumpers[cls] = table.tagged_dumper(cls, wire=True)
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


def _bounded_lines(stream: Any, limit: int) -> Iterator[str | bytes | None]:
    """The lines of ``stream``; ``None`` for a line longer than ``limit``, never held whole.

    A file (anything with ``readline``) is read at most ``limit + 2`` characters at a time, and
    the rest of an overlong line is skipped in chunks; other iterables are taken as they come.
    """
    readline = getattr(stream, "readline", None)
    if readline is None:
        for line in stream:
            yield None if len(_without_newline(line)) > limit else line
        return
    while True:
        line = readline(limit + 2)  # the line, and room for its "\r\n"
        if not line:
            return
        ended = line[-1:] in ("\n", b"\n")
        if len(_without_newline(line)) <= limit and (ended or len(line) <= limit):
            yield line
            continue
        while line and line[-1:] not in ("\n", b"\n"):  # skip to the end of the line
            line = readline(_CHUNK)
        yield None


def numbered_lines(
    source: Source, *, strict: bool = True, limits: Limits | None = DEFAULT_LIMITS
) -> Iterator[tuple[int, Entity | None, list[Problem]]]:
    """Each non-blank line of a JSON Lines source: its number, its record or its problems.

    Memory stays bounded by the longest line allowed (``limits.max_line_bytes``), whatever the
    size of the file.
    """
    load = codecs(strict=strict).loader(Entity)
    limit = limits.max_line_bytes if limits is not None else sys.maxsize - 2
    # The depth of a line is left to a strict loader, which refuses any tree deeper than a
    # record nests; it is looked for only when a line is refused (see ``_io.loads``).
    depth = nesting(Entity)
    defer = strict and limits is not None and depth is not None and depth <= limits.max_depth
    with _opened(source) as stream:
        for number, line in enumerate(_bounded_lines(stream, limit), start=1):
            if line is None:
                problem = limit_error(
                    "$", "max_line_bytes", limit, "the line has more bytes than allowed"
                )
                yield number, None, [attrs.evolve(p, line=number) for p in problem.errors]
                continue
            if line.isspace() or not line:
                continue
            errors: list[Problem] = []
            try:
                content = _without_newline(line)
                tree = parse_json(content, limits=limits, line=True, defer_depth=defer)
            except ValidationError as error:
                yield number, None, [attrs.evolve(p, line=number) for p in error.errors]
                continue
            record = load(tree, "$", errors)
            if record is BAD:
                if defer:
                    assert limits is not None
                    try:  # a limit is reported first, as always
                        check_tree(tree, limits, text=content)
                    except ValidationError as error:
                        errors = error.errors
                yield number, None, [attrs.evolve(p, line=number) for p in errors]
            else:
                yield number, record, []


def read_jsonl(
    source: Source, *, strict: bool = True, limits: Limits | None = DEFAULT_LIMITS
) -> Iterator[Entity]:
    """Stream the records of a JSON Lines file (a path or an open file) in constant memory.

    Good records are yielded as they are read. Problems are gathered, each with its line number,
    and raised together in one :class:`ValidationError` when the stream ends (the first
    1,000 in full, then a count of the rest).
    """
    problems: list[Problem] = []
    more = 0
    for _number, record, found in numbered_lines(source, strict=strict, limits=limits):
        if record is not None:
            yield record
            continue
        room = MAX_PROBLEMS - len(problems)
        problems.extend(found[:room])
        more += max(0, len(found) - room)
    if more:
        problems.append(MORE_PROBLEMS.at("$", more=more, shown=MAX_PROBLEMS))
    if problems:
        raise ValidationError(problems)
