"""OpenAPI 3.1 components: the JSON Schemas of the public types, referring to each other.

OpenAPI 3.1 takes JSON Schema draft 2020-12 as it is, so the components are the output of
:func:`~json_schema`, never written again by hand: each schema's ``$defs`` become
components of their own, and every ``#/$defs/Name`` reference becomes
``#/components/schemas/Name``. Personal fields keep their ``"x-personal": true``.

The public types are the registry's (:mod:`._registry`), with the problem details of HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from community_model._errors import Problem, ValidationError
from community_model._io import json_schema
from community_model._problems import problem_json_schema
from community_model._registry import TYPES

__all__ = ["REF_PREFIX", "openapi_components"]

#: Where components are referred to from an OpenAPI document.
REF_PREFIX: Final = "#/components/schemas/"
_DEFS_PREFIX: Final = "#/$defs/"


def _rewritten(node: Any) -> Any:
    """A deep copy of a schema with its ``$defs`` references pointing at components."""
    if isinstance(node, dict):
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                if not (isinstance(value, str) and value.startswith(_DEFS_PREFIX)):
                    raise ValueError(f"a reference outside $defs: {value!r}")
                copy[key] = REF_PREFIX + value.removeprefix(_DEFS_PREFIX)
            else:
                copy[key] = _rewritten(value)
        return copy
    if isinstance(node, list):
        return [_rewritten(item) for item in node]
    return node


def _schema_of(cls: Any) -> dict[str, Any]:
    """The JSON Schema of a public type, as ``json_schema`` (or, for problems, this module)."""
    if cls is ValidationError:
        return problem_json_schema()
    if cls is Problem:
        return problem_json_schema(one=True)
    return json_schema(cls)


def _components_of(cls: Any) -> dict[str, dict[str, Any]]:
    schema = dict(_schema_of(cls))
    schema.pop("$schema", None)
    definitions = schema.pop("$defs", {})
    found = {cls.__name__: _rewritten(schema)}
    for name, definition in definitions.items():
        found[name] = _rewritten(definition)
    return found


def _public_types() -> list[type]:
    """Every public class with a JSON form: records, values, ``Dataset``, ``Entity``, problems."""
    return [Problem, ValidationError, *(entry.cls for entry in TYPES)]


def openapi_components(types: Iterable[type] | None = None) -> dict[str, Any]:
    """The ``components`` of an OpenAPI 3.1 document: ``{"schemas": {name: schema}}``.

    Each public type with a JSON form (every record and value, ``Dataset`` for a document,
    ``Entity`` for a line of JSON Lines, and ``ValidationError`` for the RFC 9457 problem
    details that :func:`~community_model.problem_details` writes, with ``Problem``) gets a
    schema under its class name; ``types`` limits them to the ones given and those they refer
    to. The schemas are those of :func:`~json_schema`, with references between
    them as ``{"$ref": "#/components/schemas/Name"}`` rather than copies; personal fields keep
    ``"x-personal": true``. Value types written as text (``When``, ``DivisionCode`` ...) are
    strings with a pattern, given where they are used as ``json_schema`` gives them, and as
    components of their own (for a query parameter, say).

    Put the result in a document as ``document["components"] = openapi_components()``, and
    refer to a type as ``{"$ref": "#/components/schemas/Activity"}``.
    """
    wanted = _public_types() if types is None else list(types)
    schemas: dict[str, dict[str, Any]] = {}
    for cls in wanted:
        if not isinstance(cls, type):
            raise TypeError(f"openapi_components takes classes (got {cls!r})")
        for name, schema in _components_of(cls).items():
            known = schemas.setdefault(name, schema)
            if known != schema:  # pragma: no cover - json_schema gives one schema per class
                raise AssertionError(f"two different schemas are named {name!r}")
    return {"schemas": dict(sorted(schemas.items()))}
