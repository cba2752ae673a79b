"""JSON text and JSON Lines files: exact round trips, strict reading, streaming in constant memory.

JSON is parsed by orjson (fast; refuses NaN, lone surrogates, invalid UTF-8 and nesting beyond
1,024 levels) and written by it (UTF-8, never ``\\u`` escapes). orjson keeps the last of two equal
keys without a word, so duplicate keys are looked for separately: text that orjson writes back
byte for byte has none (the cheap, common case: files this library wrote); any other text is
read again by the standard library, which sees every key.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, TypeVar

import attrs
import orjson

from community_model._codegen import BAD
from community_model._converter import TYPE_TAGS, codecs, from_dict, gc_paused, key_path, to_dict
from community_model._entities import Entity
from community_model._errors import Problem, ValidationError
from community_model._limits import DEFAULT_LIMITS, Limits, check_size, check_tree, limit_error

__all__ = [
    "dumps",
    "loads",
    "parse_json",
    "read_jsonl",
    "write_jsonl",
]

T = TypeVar("T")

#: How many problems :func:`read_jsonl` keeps before it only counts the rest.
MAX_PROBLEMS: Final = 1000

Source = str | os.PathLike[str] | IO[str] | IO[bytes]


def _syntax_error(error: orjson.JSONDecodeError) -> ValidationError:
    return ValidationError(
        [
            Problem(
                path="$",
                code="json_syntax",
                message=f"not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno} (character {error.pos})",
            )
        ]
    )


class _Duplicates(dict[str, Any]):
    """An object in which some key was given twice (seen by the standard library's parser)."""

    twice: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):  # the common case, decided in C
        return found
    marked = _Duplicates(found)
    seen: set[str] = set()
    marked.twice = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return marked


def _duplicate_keys(text: bytes) -> list[Problem]:
    marked: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = _pairs(items)
        if type(found) is _Duplicates:
            marked.append(True)
        return found

    try:
        tree = json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        return [Problem(path="$", code="too_deep", message="the JSON nests too deeply to read")]
    if not marked:
        return []
    found: list[Problem] = []
    stack: list[tuple[str, Any]] = [("$", tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Duplicates):
                found.extend(
                    Problem(
                        path=key_path(path, key),
                        code="duplicate_key",
                        message=f"the key {key!r} is given more than once; "
                        "one of its values would be lost",
                    )
                    for key in dict.fromkeys(node.twice)
                )
            stack.extend((key_path(path, key), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", value) for i, value in reversed(list(enumerate(node))))
    return found


def parse_json(
    data: str | bytes,
    *,
    allow_duplicate_keys: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
    line: bool = False,
) -> Any:
    """Parse JSON text strictly; any fault is a :class:`ValidationError` that says where.

    Duplicate keys are refused unless ``allow_duplicate_keys`` (then the last value wins); the
    text's size is checked against ``limits`` before parsing (``max_line_bytes`` for a ``line``
    of JSON Lines), its depth, strings and arrays after parsing, before anything is built;
    ``limits=None`` checks none of them (for trusted input: your own files, written by us).
    """
    if not isinstance(data, str | bytes):
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="type",
                    message=f"JSON text must be str or bytes (got {type(data).__name__})",
                )
            ]
        )
    if limits is not None:
        check_size(len(data), limits, line=line)  # characters of a str: at most its bytes
    try:
        tree = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise _syntax_error(error) from None
    if limits is not None:
        check_tree(tree, limits)
    if allow_duplicate_keys or not isinstance(tree, dict | list):
        return tree
    raw = data.encode("utf-8") if isinstance(data, str) else data
    raw = raw.strip(b" \t\r\n")
    option = orjson.OPT_INDENT_2 if b"\n" in raw else 0
    try:
        canonical = orjson.dumps(tree, option=option) == raw
    except TypeError:  # orjson writes at most 254 levels; such text is no record anyway
        canonical = False
    if not canonical:
        duplicates = _duplicate_keys(raw)
        if duplicates:
            raise ValidationError(duplicates)
    return tree


def loads(
    data: str | bytes,
    cls: type[T],
    *,
    strict: bool = True,
    allow_duplicate_keys: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
) -> T:
    """Read ``cls`` (a record, a value type, ``Entity`` or ``Dataset``) from JSON text.

    Nothing is coerced, and every problem, from the JSON syntax to the last cross-field rule,
    comes in one :class:`ValidationError` with its JSON path. ``strict=False`` ignores unknown
    fields (for archives written by newer tools). ``limits`` bounds size, depth, strings and
    arrays (see :class:`~community_model.Limits`); ``limits=None`` is the fast path for trusted
    bulk input: every rule of every record is still checked, only the limits are not.
    """
    with gc_paused():  # the parsed tree is large and short-lived (see converter.gc_paused)
        tree = parse_json(data, allow_duplicate_keys=allow_duplicate_keys, limits=limits)
        return from_dict(tree, cls, strict=strict)


def dumps(obj: Any, *, indent: bool = False) -> str:
    """The JSON text of a record, value or dataset: UTF-8 text, compact unless ``indent``.

    ``loads(dumps(x), type(x)) == x`` for every value, and ``dumps`` of a loaded canonical
    document gives back the same text.
    """
    return orjson.dumps(to_dict(obj), option=orjson.OPT_INDENT_2 if indent else 0).decode()


# -- JSON Lines ----------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` only when the block ends without an error.

    It is written beside ``path``, flushed to disk, given the permissions the old file had (or,
    for a new file, those the umask gives), then renamed over it: a crash, an error or a full
    disk leaves the old file whole. A symbolic link is followed: the file it points to is
    replaced, and the link stays.
    """
    target = Path(os.path.realpath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below on every path
        mode="wb", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        yield handle
        handle.flush()
        os.fchmod(handle.fileno(), _mode_for(target))
        os.fsync(handle.fileno())
        handle.close()
        os.replace(handle.name, target)
        _sync_directory(target.parent)
    except BaseException:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: the old file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        with _UMASK_LOCK:  # reading the umask means setting it; no other thread may see that
            umask = os.umask(0o022)
            os.umask(umask)
        return 0o666 & ~umask


_UMASK_LOCK: Final = threading.Lock()


def _sync_directory(directory: Path) -> None:
    """Make a rename durable: flush the directory entry too (where the system allows it)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - systems that cannot open a directory
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - file systems that refuse it
        pass
    finally:
        os.close(descriptor)


def _tagged_lines(records: Iterable[Entity]) -> Iterator[bytes]:
    table = codecs(strict=True)
    dump = table.dumper(Entity)
    for index, record in enumerate(records):
        if type(record) not in TYPE_TAGS:
            raise TypeError(f"item {index} is not a record: {type(record).__name__}")
        yield orjson.dumps(dump(record)) + b"\n"


def write_jsonl(records: Iterable[Entity], target: str | os.PathLike[str] | IO[Any]) -> int:
    """Write records as JSON Lines, each line tagged with its ``type``; returns how many.

    A path is replaced atomically (an error leaves any old file whole); an open file, text or
    binary, is written to as the records come.
    """
    count = 0
    if isinstance(target, str | os.PathLike):
        with atomic_file(target) as handle:
            for line in _tagged_lines(records):
                handle.write(line)
                count += 1
        return count
    binary = _is_binary(target)
    for line in _tagged_lines(records):
        target.write(line if binary else line.decode())
        count += 1
    return count


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
    with _opened(source) as stream:
        for number, line in enumerate(_bounded_lines(stream, limit), start=1):
            if line is None:
                problem = limit_error(
                    "$", "max_line_bytes", limit, "the line has more bytes than allowed"
                )
                yield number, None, [attrs.evolve(p, line=number) for p in problem.errors]
                continue
            if not line.strip():
                continue
            errors: list[Problem] = []
            try:
                content = _without_newline(line)
                tree = parse_json(content, limits=limits, line=True)
            except ValidationError as error:
                yield number, None, [attrs.evolve(p, line=number) for p in error.errors]
                continue
            record = load(tree, "$", errors)
            if record is BAD:
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
        problems.append(
            Problem(
                path="$",
                code="too_many_problems",
                message=f"{more} more problems not listed (the first {MAX_PROBLEMS} are)",
            )
        )
    if problems:
        raise ValidationError(problems)
