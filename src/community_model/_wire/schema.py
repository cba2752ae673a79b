"""JSON Schema (draft 2020-12) generated from the classes, for tools that are not Python.

The schema is never written by hand: each field's fragment comes from its shape and from the
rule table (:data:`.._rules.RULES`: lengths, ranges, patterns, personal data, references, unique
items), each value type's from its own declaration (``_schema``), so the schema and the checks
cannot drift apart. What a schema cannot say (check characters, province codes, cross-field rules
such as "votes add up") is named in the ``description`` of the type it concerns; the library
checks it on loading. Patterns are linear in any regex engine (no nested quantifiers).
"""

from __future__ import annotations

import enum
import inspect
import typing
from decimal import Decimal
from typing import Any, Final

from community_model._codegen import has_text_form, wire_form
from community_model._entities import Entity
from community_model._rules import RULES, Shape, fields_of
from community_model._wire.converter import RECORD_TYPES

__all__ = ["DIALECT", "SchemaBuilder", "record_schema"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_DECIMAL: Final = {"type": "string", "pattern": r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"}


class SchemaBuilder:
    """Collects the ``$defs`` of the record classes a schema refers to."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}

    def shape_schema(self, shape: Shape) -> dict[str, Any]:
        """The fragment of a field's shape: its base type, then its rules, then null."""
        schema = self.base_schema(shape)
        for meta in shape.markers:
            rule = RULES.get(type(meta))
            if rule is not None:
                rule.schema(meta, schema)
        if shape.unknown is not None:
            schema = {"anyOf": [schema, self.reference(shape.unknown)]}
        if not shape.nullable:
            return schema
        if isinstance(schema.get("type"), str):
            nullable = {**schema, "type": [schema["type"], "null"]}
            if "enum" in schema:
                nullable["enum"] = [*schema["enum"], None]
            return nullable
        return {"anyOf": [schema, {"type": "null"}]}

    def base_schema(self, shape: Shape) -> dict[str, Any]:
        base = shape.base
        if typing.get_origin(base) is tuple:
            assert shape.item is not None
            return {"type": "array", "items": self.shape_schema(shape.item)}
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return _enum_schema(base)
        if has_text_form(base):
            return dict(base._schema)
        if wire_form(base) == "record":
            return self.reference(base)
        simple: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            bool: {"type": "boolean"},
            Decimal: _DECIMAL,
        }
        if base in simple:
            return dict(simple[base])
        raise TypeError(f"no schema for {base!r}")  # pragma: no cover - a bug in a class

    def reference(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve the name: classes may refer to each other
            self.definitions[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        properties: dict[str, Any] = dict(extra or {})
        required = list(extra or {})
        for field in fields_of(cls):
            properties[field.name] = self.shape_schema(field.shape)
            if field.required:
                required.append(field.name)
        schema: dict[str, Any] = {
            "type": "object",
            "title": cls.__name__,
            "description": summary(cls),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def document(self, root: dict[str, Any]) -> dict[str, Any]:
        """A whole schema: the dialect, the root and the definitions it refers to."""
        schema: dict[str, Any] = {"$schema": DIALECT, **root}
        if self.definitions:
            schema["$defs"] = dict(sorted(self.definitions.items()))
        return schema


def summary(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    doc = inspect.getdoc(cls) or cls.__name__
    return doc.split("\n\n")[0].replace("\n", " ")


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    labels = "; ".join(f"{m.value} = {getattr(m, 'label', m.name)}" for m in cls)
    return {
        "type": "string",
        "enum": [member.value for member in cls],
        "description": f"{summary(cls)} Codes: {labels}.",
    }


def record_schema(cls: Any) -> dict[str, Any]:
    """The JSON Schema of a record or value class, or of ``Entity`` (one JSON Lines line)."""
    builder = SchemaBuilder()
    if cls is Entity:
        lines = []
        for tag, record_cls in RECORD_TYPES.items():
            line = builder.object_schema(
                record_cls, extra={"type": {"const": tag, "description": "The record's kind."}}
            )
            line["title"] = f"{record_cls.__name__} line"
            lines.append(line)
        root = {
            "title": "JSON Lines record",
            "description": "One line of a community_model JSON Lines file: a record tagged with "
            "its 'type'.",
            "oneOf": lines,
        }
    elif has_text_form(cls):
        root = {**cls._schema, "title": cls.__name__}
    elif wire_form(cls) == "record":
        root = builder.object_schema(cls)
    else:
        raise TypeError(f"no JSON Schema for {cls!r}: not a community_model class")
    return builder.document(root)
