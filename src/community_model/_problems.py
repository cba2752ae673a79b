"""Problems for HTTP: a :class:`ValidationError` as RFC 9457 problem details.

A web service that refuses data answers ``422`` with an ``application/problem+json`` body. This
module renders that body from a :class:`~community_model.ValidationError`: a stable ``type`` URI
per problem code, a ``title``, the ``status``, a ``detail``, and every problem with its JSON path,
the same place as a JSON Pointer (RFC 6901), its code, message, severity and line.

The type URIs are ``tag:`` URIs (RFC 4151), ``tag:community-model,2026:problem/<code>``: names,
not addresses (RFC 9457 lets a type URI be one that is not dereferenced). A service that documents
the codes on its own site can pass its own ``type_base``.

Messages never show a personal value (the rule table hides the value of any field marked
personal, whatever the problem), so the body carries them as they are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from community_model._errors import CODES, Problem, Severity, ValidationError
from community_model._wire.schema import DIALECT

__all__ = [
    "PROBLEM_CODES",
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPE_BASE",
    "VALIDATION_TYPE",
    "json_pointer",
    "problem_details",
    "problem_json_schema",
    "problem_type",
]

#: The media type of a problem details body (RFC 9457).
PROBLEM_MEDIA_TYPE: Final = "application/problem+json"

#: The base of every problem type URI this library gives; the code follows it.
PROBLEM_TYPE_BASE: Final = "tag:community-model,2026:problem/"

#: The name, under :data:`PROBLEM_TYPE_BASE`, of the type of a body whose problems have several
#: codes. No problem code is ever given this name.
VALIDATION_TYPE: Final = "validation"

#: Every problem code the library gives, with its meaning (a fixed title: RFC 9457 ``title``),
#: as the first message of each code declares it. Codes keep their meaning across releases
#: (docs/compatibility.md); new ones may be added.
PROBLEM_CODES: Final[Mapping[str, str]] = MappingProxyType(CODES)
_VALIDATION_TITLE: Final = "The data breaks rules of the community model"
_UNKNOWN_TITLE: Final = "The data breaks a rule of the community model"

_STEP: Final = re.compile(r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<index>[0-9]+)\]|\[")


def problem_type(code: str, *, type_base: str = PROBLEM_TYPE_BASE) -> str:
    """The type URI of a problem code: ``tag:community-model,2026:problem/too_long``.

    ``type_base`` replaces :data:`PROBLEM_TYPE_BASE` for a service that documents the codes at
    its own address (``https://example.org/problems/``).
    """
    return f"{type_base}{code}"


def json_pointer(path: str) -> str:
    """The JSON Pointer (RFC 6901) of a JSON path as problems give it.

    ``$`` is the whole document (``""``); ``$.organisers[2].id`` is ``/organisers/2/id``; an odd
    key, written ``$['a/b']`` in a path, has ``~`` and ``/`` escaped: ``/a~1b``. A path that is
    not of that form raises :class:`ValueError`.
    """
    if not path.startswith("$"):
        raise ValueError(f"not a JSON path: {path!r}")
    tokens: list[str] = []
    position = 1
    while position < len(path):
        found = _STEP.match(path, position)
        if found is None:
            raise ValueError(f"not a JSON path: {path!r} (at character {position})")
        if found.group("name") is not None:
            tokens.append(found.group("name"))
            position = found.end()
        elif found.group("index") is not None:
            tokens.append(found.group("index"))
            position = found.end()
        else:  # a quoted key, written as Python writes a string: ['a b'] or ["it's"]
            key, position = _quoted_key(path, found.end())
            tokens.append(key)
    return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)


def _quoted_key(path: str, start: int) -> tuple[str, int]:
    """The key quoted at ``path[start:]`` (up to its ``]``), and the position after it."""
    quote = path[start : start + 1]
    if quote not in ("'", '"'):
        raise ValueError(f"not a JSON path: {path!r} (at character {start})")
    position = start + 1
    while position < len(path):
        char = path[position]
        if char == "\\":
            position += 2
            continue
        if char == quote:
            break
        position += 1
    if path[position + 1 : position + 2] != "]":
        raise ValueError(f"not a JSON path: {path!r} (unclosed key at character {start})")
    key = ast.literal_eval(path[start : position + 1])
    assert isinstance(key, str)
    return key, position + 2


def _item(problem: Problem, type_base: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": problem_type(problem.code, type_base=type_base),
        "code": problem.code,
        "path": problem.path,
        "pointer": json_pointer(problem.path),
        "message": problem.message,
        "severity": str(problem.severity),
    }
    if problem.line is not None:
        item["line"] = problem.line
    return item


def _detail(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if len(problems) == 1:
        first = problems[0]
        where = f"line {first.line}: " if first.line is not None else ""
        return f"{where}{first.path}: {first.message}"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{len(problems)} problems ({', '.join(parts)}); 'errors' lists each"


def problem_details(
    error: ValidationError,
    *,
    status: int = 422,
    instance: str | None = None,
    type_base: str = PROBLEM_TYPE_BASE,
) -> dict[str, Any]:
    """The RFC 9457 problem details (``application/problem+json``) of a validation error.

    ``type`` is the type URI of the problems' code when they all have one code, else the type
    ``validation`` (see :data:`PROBLEM_CODES` for the codes); ``title`` is that type's fixed
    title; ``detail`` the one problem, or how many there are; ``errors`` lists every problem
    with its ``type``, ``code``, JSON ``path``, JSON ``pointer`` (RFC 6901), ``message``,
    ``severity`` and, when it was read from a JSON Lines line, ``line``. ``instance`` is an
    optional URI of this occurrence. Messages never show personal values. The result is plain
    data: encode it with any JSON encoder.
    """
    if not isinstance(error, ValidationError):
        raise TypeError(
            f"problem_details takes a ValidationError (got {type(error).__name__}); "
            "wrap problems in ValidationError(problems)"
        )
    problems = list(error.errors)
    codes = {problem.code for problem in problems}
    if len(codes) == 1:
        (code,) = codes
        kind = problem_type(code, type_base=type_base)
        title = PROBLEM_CODES.get(code, _UNKNOWN_TITLE)
    else:
        kind = problem_type(VALIDATION_TYPE, type_base=type_base)
        title = _VALIDATION_TITLE
    body: dict[str, Any] = {
        "type": kind,
        "title": title,
        "status": status,
        "detail": _detail(problems),
    }
    if instance is not None:
        body["instance"] = instance
    body["errors"] = [_item(problem, type_base) for problem in problems]
    return body


def problem_json_schema(*, one: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a problem details body, as ``json_schema`` gives one.

    ``one`` gives the schema of one item of its ``errors`` (a :class:`Problem`) instead.
    """
    problem: dict[str, Any] = {
        "type": "object",
        "title": "Problem",
        "description": "One problem in one place, as problem_details() writes it.",
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "description": f"The type URI of the problem's code: {PROBLEM_TYPE_BASE}<code>.",
            },
            "code": {
                "type": "string",
                "description": "A stable word for programs; the documentation lists every code.",
                "examples": ["too_long", "unresolved_reference"],
            },
            "path": {
                "type": "string",
                "description": "Where, as a JSON path from the checked value: $.organisers[2].id",
            },
            "pointer": {
                "type": "string",
                "description": "The same place as a JSON Pointer (RFC 6901): /organisers/2/id",
            },
            "message": {
                "type": "string",
                "description": "For people; it never shows a personal value.",
            },
            "severity": {"type": "string", "enum": ["error", "warning"]},
            "line": {
                "type": "integer",
                "minimum": 1,
                "description": "The line of the JSON Lines input the problem was read from.",
            },
        },
        "required": ["type", "code", "path", "pointer", "message", "severity"],
        "additionalProperties": False,
    }
    if one:
        return {"$schema": DIALECT, **problem}
    return {
        "$schema": DIALECT,
        "type": "object",
        "title": "ValidationError",
        "description": "Problem details (RFC 9457, application/problem+json) of data that "
        "breaks rules of the community model, with every problem found.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "errors": {"type": "array", "items": {"$ref": "#/$defs/Problem"}},
        },
        "required": ["type", "title", "status", "detail", "errors"],
        "$defs": {"Problem": problem},
    }
