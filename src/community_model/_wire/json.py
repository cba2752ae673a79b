"""JSON text, read strictly: syntax, size and shape limits, and keys given twice.

JSON is parsed by orjson (fast; refuses NaN, lone surrogates, invalid UTF-8 and nesting beyond
1,024 levels). orjson keeps the last of two equal keys without a word, so duplicate keys are
looked for separately: text that orjson writes back byte for byte has none (the cheap, common
case: files this library wrote); any other text is read again by the standard library, which
sees every key.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from community_model._codegen import key_step
from community_model._errors import Problem, ProblemCapReached, Problems, ValidationError
from community_model._messages import DUPLICATE_KEY, SYNTAX, TEXT_TYPE, TOO_DEEP
from community_model._wire.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_size,
    check_tree,
    problem_cap,
)

__all__ = ["parse_json"]


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


def _duplicate_keys(text: bytes, cap: int | None) -> list[Problem]:
    marked: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = _pairs(items)
        if type(found) is _Duplicates:
            marked.append(True)
        return found

    try:
        tree = json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        return [TOO_DEEP.at("$")]
    if not marked:
        return []
    found = Problems(cap)  # a million keys given twice stop at the cap, like any problems
    stack: list[tuple[str, Any]] = [("$", tree)]
    try:
        while stack:
            path, node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node, _Duplicates):
                    found.extend(
                        DUPLICATE_KEY.at(path + key_step(key), key=key)
                        for key in dict.fromkeys(node.twice)
                    )
                stack.extend((path + key_step(k), value) for k, value in reversed(node.items()))
            elif isinstance(node, list):
                stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(node))))
    except ProblemCapReached:
        pass
    return found.finished()


def encoded_size(data: str | bytes, limit: int) -> int:
    """The size of ``data`` in UTF-8 bytes, worked out exactly only when it matters.

    A character takes at most 4 bytes, so a text of few characters is surely within the limit
    without encoding it.
    """
    if isinstance(data, bytes) or len(data) * 4 <= limit:
        return len(data)
    return len(data.encode("utf-8", "surrogatepass"))


def parse_json(
    data: str | bytes,
    *,
    allow_duplicate_keys: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
    line: bool = False,
    defer_depth: bool = False,
) -> Any:
    """Parse JSON text strictly; any fault is a :class:`ValidationError` that says where.

    Duplicate keys are refused unless ``allow_duplicate_keys`` (then the last value wins); the
    text's size in UTF-8 bytes is checked against ``limits`` before parsing
    (``max_line_bytes`` for a ``line`` of JSON Lines), its depth, strings and arrays after
    parsing, before anything is built; ``limits=None`` checks none of them (for trusted input:
    your own files, written by us). The error of a syntax fault does not keep the text.

    ``defer_depth``: the depth is left to the caller, whose loader cannot accept a tree deeper
    than the limit; the caller checks it (``check_tree``) before it reports any problem. Here it
    is checked only before a duplicate key is reported.
    """
    if not isinstance(data, str | bytes):
        raise TEXT_TYPE.error(got=type(data).__name__)
    if limits is not None:
        limit = limits.max_line_bytes if line else limits.max_bytes
        check_size(encoded_size(data, limit), limits, line=line)
    failure = None
    try:
        tree = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        failure = SYNTAX.at(
            "$", reason=error.msg, line=error.lineno, column=error.colno, at=error.pos
        )
    if failure is not None:  # raised outside the handler: the parser's error holds the text
        raise ValidationError([failure])
    if limits is not None:
        check_tree(tree, limits, text=data, depth=not defer_depth)
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
        duplicates = _duplicate_keys(raw, problem_cap(limits))
        if duplicates:
            if defer_depth and limits is not None:  # a limit is reported first, as always
                check_tree(tree, limits, text=data)
            raise ValidationError(duplicates)
    return tree
