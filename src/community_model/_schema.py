"""JSON Schema (draft 2020-12) generated from the classes, for tools that are not Python.

The schema is never written by hand: it is read off the same annotations that drive validation
(lengths, ranges, patterns, vocabularies, required fields), so the two cannot drift apart. What a
schema cannot say (check characters, province codes, cross-field rules such as "votes add up")
is named in the ``description`` of the type it concerns; the library checks it on loading.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Final, Union

import annotated_types as at
import attrs

from community_model._converter import RECORD_TYPES, TEXT_TYPES
from community_model._dataset import COLLECTIONS, SCHEMA_VERSION, Dataset
from community_model._entities import Entity
from community_model._validation import (
    CONTROL_CHARACTERS,
    Matches,
    Normalised,
    Personal,
    Record,
    field_types,
    wire_fields,
)
from community_model._values import CreditCode, DivisionCode, Money, PartialDate, ResidentId, When
from community_model._values.credit import ALPHABET
from community_model._values.division import CODE_PATTERN
from community_model._values.money import AMOUNT_PATTERN
from community_model._values.when import DATE_PATTERN, MOMENT_PATTERN

__all__ = ["json_schema"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_DATE: Final = DATE_PATTERN
_MOMENT: Final = MOMENT_PATTERN
_POINT: Final = f"(?:{_MOMENT}|{_DATE})"

#: The text form of each value type whose wire form is a string.
_TEXT_SCHEMAS: Final[dict[type, dict[str, Any]]] = {
    DivisionCode: {
        "type": "string",
        "pattern": f"^{CODE_PATTERN}(?:@[0-9]{{4}})?$",
        "description": "Statistical division code (统计用区划代码): 9 digits for a township-level "
        "unit, 12 for a village-level one, optionally '@' and the year of the table's edition. "
        "The first two digits must be a province code of GB/T 2260.",
        "examples": ["320508024@2023", "320507100201"],
    },
    CreditCode: {
        "type": "string",
        "pattern": f"^[{ALPHABET}]{{18}}$",
        "description": "Unified social credit code (统一社会信用代码, GB 32100-2015); the last "
        "character is a check character by ISO 7064 MOD 31-3.",
        "examples": ["91320214745555318W"],
    },
    ResidentId: {
        "type": "string",
        "pattern": "^[0-9]{17}[0-9X]$",
        "description": "Resident identity number (居民身份证号码, GB 11643): a division code, the "
        "birth date YYYYMMDD, a sequence and a check character by ISO 7064 MOD 11-2. Personal "
        "data.",
        "x-personal": True,
    },
    Money: {
        "type": "string",
        "pattern": f"^{AMOUNT_PATTERN}$",
        "description": "An amount of yuan (CNY) as a decimal string, at most 2 places.",
        "examples": ["50000.00"],
    },
    PartialDate: {
        "type": "string",
        "pattern": f"^{_DATE}$",
        "description": "A year, month or day (EDTF level 1): YYYY, YYYY-MM or YYYY-MM-DD, "
        "optionally followed by ~ (approximate), ? (uncertain) or % (both).",
        "examples": ["2023", "2023-08~"],
    },
    When: {
        "type": "string",
        "pattern": f"^(?:{_POINT}|(?:{_POINT}|\\.\\.)/(?:{_POINT}|\\.\\.))$",
        "description": "The time of a record in EDTF (levels 0 and 1): a year, month or day "
        "(Beijing time), a moment in ISO 8601 with its offset, or an interval start/end where "
        "'..' is an open end. An interval's end may not be before its start.",
        "examples": ["2023-08-18", "2023-08-18T18:30:00+08:00", "../2023-08-20"],
    },
}


class _Builder:
    """Collects the ``$defs`` of the record classes a schema refers to."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}

    def schema_of(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            base, *metadata = typing.get_args(tp)
            schema = dict(self.schema_of(base))
            for meta in metadata:
                _constrain(schema, meta)
            return schema
        if origin in (Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            inner = self.schema_of(members[0])
            if isinstance(inner.get("type"), str):
                nullable = {**inner, "type": [inner["type"], "null"]}
                if "enum" in inner:
                    nullable["enum"] = [*inner["enum"], None]
                return nullable
            return {"anyOf": [inner, {"type": "null"}]}
        if origin is tuple:
            return {"type": "array", "items": self.schema_of(typing.get_args(tp)[0])}
        if isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return _enum_schema(tp)
            if issubclass(tp, TEXT_TYPES):
                return dict(_TEXT_SCHEMAS[tp])
            if issubclass(tp, Record):
                return self.reference(tp)
        simple: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            bool: {"type": "boolean"},
            Decimal: {"type": "string", "pattern": r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"},
        }
        if tp in simple:
            return dict(simple[tp])
        raise TypeError(f"no schema for {tp!r}")  # pragma: no cover - a bug in a class

    def reference(self, cls: type[Record]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve the name: classes may refer to each other
            self.definitions[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(
        self, cls: type[Record], extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        properties: dict[str, Any] = dict(extra or {})
        required = list(extra or {})
        hints = field_types(cls)
        for field in wire_fields(cls):
            properties[field.name] = self.schema_of(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "type": "object",
            "title": cls.__name__,
            "description": _summary(cls),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return doc.split("\n\n")[0].replace("\n", " ")


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    labels = "; ".join(f"{m.value} = {getattr(m, 'label', m.name)}" for m in cls)
    return {
        "type": "string",
        "enum": [member.value for member in cls],
        "description": f"{_summary(cls)} Codes: {labels}.",
    }


def _constrain(schema: dict[str, Any], meta: object) -> None:
    kind = schema.get("type")
    is_array = kind == "array"
    if isinstance(meta, at.MinLen):
        schema["minItems" if is_array else "minLength"] = meta.min_length
    elif isinstance(meta, at.MaxLen):
        schema["maxItems" if is_array else "maxLength"] = meta.max_length
    elif isinstance(meta, at.Ge):
        if kind == "string":  # a decimal written as a string: a number rule is no use there
            if meta.ge == 0:
                schema["pattern"] = schema["pattern"].replace("^-?", "^", 1)
        else:
            schema["minimum"] = meta.ge
    elif isinstance(meta, at.Le):
        schema["maximum"] = meta.le
    elif isinstance(meta, Matches):
        schema["pattern"] = f"^(?:{meta.pattern})$"
    elif isinstance(meta, Normalised):
        # Loading strips text first: it needs one character that is not white space.
        allowed = f"[^{CONTROL_CHARACTERS}]"
        schema["pattern"] = f"^{allowed}*[^\\s{CONTROL_CHARACTERS}]{allowed}*$"
    elif isinstance(meta, Personal):
        schema["x-personal"] = True


def json_schema(cls: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``cls`` as :func:`~community_model.dumps` writes it.

    ``cls`` may be any record or value class, :class:`~community_model.Dataset` (a document
    with its ``schema_version``) or :class:`~community_model.Entity` (one line of a JSON Lines
    file, tagged with its ``type``). Fields holding personal information carry
    ``"x-personal": true``.
    """
    builder = _Builder()
    if cls is Dataset:
        root = builder.object_schema(
            Dataset,
            extra={
                "schema_version": {
                    "type": "integer",
                    "const": SCHEMA_VERSION,
                    "description": "The version of the document format.",
                }
            },
        )
        root["description"] = "A community_model document: every kind of record in its list."
        for name in COLLECTIONS.values():
            root["properties"][name]["description"] = f"The {name.replace('_', ' ')}."
    elif cls is Entity:
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
    elif isinstance(cls, type) and issubclass(cls, TEXT_TYPES):
        root = dict(_TEXT_SCHEMAS[cls])
        root["title"] = cls.__name__
    elif isinstance(cls, type) and issubclass(cls, Record):
        root = builder.object_schema(cls)
    else:
        raise TypeError(f"no JSON Schema for {cls!r}: not a community_model class")
    schema: dict[str, Any] = {"$schema": DIALECT, **root}
    if builder.definitions:
        schema["$defs"] = dict(sorted(builder.definitions.items()))
    return schema
