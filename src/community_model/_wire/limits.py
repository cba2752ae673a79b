"""Limits on what loading accepts, so that hostile input costs little and is refused early.

The size of a text (or of one JSON Lines line) is checked before it is parsed; a line longer
than the limit is skipped without being held in memory. The parser itself refuses nesting deeper
than 1,024 levels before building anything. Depth, string length and list length below those
bounds are checked in one walk over the parsed tree, before any record is built.
"""

from __future__ import annotations

import sys
from typing import Any, Final

import attrs

from community_model._errors import MAX_PROBLEMS, ConfigurationError, ValidationError
from community_model._messages import LIMIT

__all__ = [
    "DEFAULT_LIMITS",
    "LARGEST",
    "PARSER_DEPTH",
    "Limits",
    "check_tree",
    "limit_error",
    "reachable",
    "remedy",
]

#: The nesting the JSON parser (orjson) accepts at most; deeper text is refused as it is read.
PARSER_DEPTH: Final = 1024

#: The largest value a limit may take: what this platform's sizes hold, with room for the
#: readers' own arithmetic (a line is read with room for its line break).
LARGEST: Final = sys.maxsize // 4

_MiB: Final = 1 << 20


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ConfigurationError(
            f"Limits.{attribute.name} must be a whole number >= 1 (got {_shown(value)})"
        )
    if value > LARGEST:
        raise ConfigurationError(
            f"Limits.{attribute.name} must be at most {LARGEST:,}, the largest size this "
            f"platform holds (got a number of {value.bit_length()} bits)"
        )


def _shown(value: object) -> str:
    """A refused value, shown briefly (an integer past Python's digit limit has no text)."""
    if type(value) is int and value.bit_length() > 64:
        return f"a number of {value.bit_length()} bits"
    return repr(value)[:100]


def _depth(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    _positive(instance, attribute, value)
    if value > PARSER_DEPTH:
        raise ConfigurationError(
            f"Limits.max_depth must be at most {PARSER_DEPTH}, the parser's own limit (got {value})"
        )


@attrs.frozen(kw_only=True, slots=True)
class Limits:
    """How much loading accepts. The defaults are safe for untrusted input.

    ``max_bytes`` bounds a whole text given to ``loads`` (and a document file, read through a
    bounded reader whatever its kind: a pipe, a device, a ``/proc`` file), in UTF-8 bytes;
    ``max_line_bytes`` one line of JSON Lines; ``max_stream_bytes`` a whole JSON Lines source
    (an endless one stops there); ``max_depth`` the nesting of arrays and objects (records nest
    at most 6 levels, a document 8); ``max_string_length`` any string, in characters;
    ``max_list_length`` any array (a document's list of records included); ``max_problems`` the
    problems one load collects: at the next one the work stops, and a last problem says so.
    Every value is a whole number from 1 to :data:`LARGEST`, checked when the ``Limits`` is
    built (a :class:`ConfigurationError` otherwise).
    """

    max_bytes: int = attrs.field(default=512 * _MiB, validator=_positive)
    max_line_bytes: int = attrs.field(default=16 * _MiB, validator=_positive)
    max_stream_bytes: int = attrs.field(default=16 * 1024 * _MiB, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_depth)
    max_string_length: int = attrs.field(default=1_000_000, validator=_positive)
    max_list_length: int = attrs.field(default=10_000_000, validator=_positive)
    max_problems: int = attrs.field(default=MAX_PROBLEMS, validator=_positive)


DEFAULT_LIMITS: Final = Limits()


def remedy(name: str) -> str:
    """How a Python caller raises the limit ``name``."""
    return f"pass limits=Limits({name}=...) to allow more"


def limit_error(path: str, name: str, limit: int, found: str) -> ValidationError:
    """The error of a limit exceeded: names the limit and how to raise it."""
    return LIMIT.error(path, found=found, name=name, limit=limit, remedy=remedy(name))


def check_size(size: int, limits: Limits, *, line: bool = False) -> None:
    """Refuse a text (or a line) larger than the limits allow, before it is parsed."""
    name = "max_line_bytes" if line else "max_bytes"
    limit = getattr(limits, name)
    if size > limit:
        raise limit_error("$", name, limit, f"the {'line' if line else 'input'} has {size:,} bytes")


def problem_cap(limits: Limits | None) -> int | None:
    """How many problems a load with these limits collects (``None``: every one)."""
    return None if limits is None else limits.max_problems


def reachable(text: str | bytes, limits: Limits) -> tuple[bool, bool, bool]:
    """Which of the limits on strings, arrays and depth the tree of a JSON text could exceed.

    An array of n items takes at least 2n + 1 characters (brackets, items, commas), nesting n
    levels deep 2n. A string of n characters takes at least n between its quotes; in a text
    without a backslash every quote opens or closes a string, so a string longer than the
    limit leaves a stretch of the text without any quote, and looking for a quote in each of a
    few long blocks of the text (memchr, no copy) rules that out.
    """
    size = len(text)
    return (
        _may_hold_long_string(text, limits.max_string_length),
        size >= 2 * limits.max_list_length + 3,
        size >= 2 * limits.max_depth + 2,
    )


def _may_hold_long_string(text: str | bytes, most: int) -> bool:
    """Whether a JSON text may hold a string (or key) of more than ``most`` characters.

    Decoded, a string has at most as many characters as its text between the quotes has
    characters (or bytes). A stretch of more than ``most`` of them without a quote holds a whole
    aligned block of ``(most + 1) // 2``; so when every such block holds a quote, and no quote
    is escaped (no backslash at all), no string is longer than ``most``.
    """
    if len(text) <= most:
        return False
    if isinstance(text, bytes):
        if b"\\" in text:
            return True
        find_bytes = text.find
        block = (most + 1) // 2
        return any(find_bytes(b'"', at, at + block) < 0 for at in range(0, len(text), block))
    if "\\" in text:
        return True
    find_text = text.find
    block = (most + 1) // 2
    return any(find_text('"', at, at + block) < 0 for at in range(0, len(text), block))


def check_tree(
    tree: Any, limits: Limits, *, text: str | bytes | None = None, depth: bool = True
) -> None:
    """Refuse a parsed tree deeper, or with a longer string or array, than the limits allow.
    One iterative walk (no recursion), stopped at the first excess, which is then located.

    ``text``: the JSON text the tree was read from; the limits that it cannot exceed (see
    :func:`reachable`) are not looked for, and often no walk is needed at all.
    ``depth=False`` leaves the depth to the caller (a strict loader of ours: see ``_io.loads``).
    """
    strings, lists, deep = (True, True, True) if text is None else reachable(text, limits)
    deep = deep and depth
    if not (strings or lists or deep):
        return
    max_depth = limits.max_depth if deep else PARSER_DEPTH + 1
    max_string = limits.max_string_length if strings else sys.maxsize
    max_list = limits.max_list_length if lists else sys.maxsize
    stack: list[tuple[Any, int]] = []
    push, pop = stack.append, stack.pop
    kind = type(tree)
    if kind is dict or kind is list:
        push((tree, 1))
    elif kind is str and len(tree) > max_string:
        _locate(tree, limits)
    while stack:
        node, level = pop()
        if level > max_depth:
            _locate(tree, limits)
        if type(node) is dict:
            for key, value in node.items():
                if len(key) > max_string:
                    _locate(tree, limits)
                kind = type(value)
                if kind is dict or kind is list:
                    push((value, level + 1))
                elif kind is str and len(value) > max_string:
                    _locate(tree, limits)
        else:
            if len(node) > max_list:
                _locate(tree, limits)
            for value in node:
                kind = type(value)
                if kind is dict or kind is list:
                    push((value, level + 1))
                elif kind is str and len(value) > max_string:
                    _locate(tree, limits)


def _locate(tree: Any, limits: Limits) -> None:
    """Walk again, keeping paths, to say where the first excess is; then raise."""
    stack: list[tuple[Any, str, int]] = [(tree, "$", 1)]
    while stack:
        node, path, depth = stack.pop()
        if type(node) is str:
            _check_string(node, "a string", path, limits)
            continue
        if type(node) not in (dict, list):
            continue
        if depth > limits.max_depth:
            raise limit_error(path, "max_depth", limits.max_depth, f"nesting {depth} levels deep")
        if type(node) is list:
            if len(node) > limits.max_list_length:
                raise limit_error(
                    path, "max_list_length", limits.max_list_length, f"an array of {len(node):,}"
                )
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in reversed(list(enumerate(node))))
        else:
            for key in node:
                _check_string(key, "a key", path, limits)
            stack.extend((v, f"{path}.{k}", depth + 1) for k, v in reversed(node.items()))
    raise AssertionError("a limit was exceeded but not found again")  # pragma: no cover


def _check_string(text: str, what: str, path: str, limits: Limits) -> None:
    """A string or a key (``what``) at ``path`` is at most ``max_string_length`` characters."""
    if len(text) > limits.max_string_length:
        raise limit_error(
            path,
            "max_string_length",
            limits.max_string_length,
            f"{what} of {len(text):,} characters",
        )
