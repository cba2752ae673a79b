"""Arrow schemas generated from the classes: the sibling of ``json_schema``.

One table per record kind, one column per field, in wire order; the types come from
:mod:`community_model._arrow._types`, the marks (personal data, references) from the adapter.
The schema's metadata names the library version, the ``schema_version`` of the format, the
table and its record kind, so that a file says what wrote it.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any, Final

import pyarrow as pa

from community_model._arrow._fields import record_fields, tables
from community_model._arrow._types import DERIVED, Struct, node
from community_model._document import SCHEMA_VERSION
from community_model._entities import Entity, Ref, Source
from community_model._runtime import per_class
from community_model._values import Count, DivisionCode, Measurement, Money, When
from community_model._vocab import ActivityCategory

__all__ = [
    "KEY_RECORD_KIND",
    "KEY_SCHEMA_VERSION",
    "KEY_TABLE",
    "KEY_VERSION",
    "arrow_schema",
    "library_version",
    "mapping_rows",
    "table_of",
]

KEY_VERSION: Final = "community_model.version"
KEY_SCHEMA_VERSION: Final = "community_model.schema_version"
KEY_TABLE: Final = "community_model.table"
KEY_RECORD_KIND: Final = "community_model.record_kind"


def library_version() -> str:
    """The installed version of community-model."""
    try:
        return metadata.version("community-model")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def record_node(cls: type) -> Struct:
    """The node of a record class: its table's columns are the fields of its struct."""
    found = node(cls)
    assert isinstance(found, Struct)
    return found


def table_of(cls: type) -> str | None:
    """The dataset's name for the table of ``cls`` (``activities``), if it has one."""
    for name, entity in tables().items():
        if entity is cls:
            return name
    return None


@per_class
def arrow_schema(cls: type) -> pa.Schema:
    """The Arrow schema of a table of ``cls`` records (see :func:`community_model.arrow_schema`)."""
    if not (isinstance(cls, type) and hasattr(cls, "__attrs_attrs__")) or cls.__name__ == "Dataset":
        raise TypeError(f"no Arrow schema for {cls!r}: not a record class of community_model")
    fields = list(record_node(cls).arrow_type)
    info = {KEY_VERSION: library_version(), KEY_SCHEMA_VERSION: str(SCHEMA_VERSION)}
    table = table_of(cls)
    if table is not None and issubclass(cls, Entity):
        info[KEY_TABLE] = table
        info[KEY_RECORD_KIND] = cls.record_kind.value
    return pa.schema(fields, metadata=info)


# -- the mapping, for the documentation -----------------------------------------------------------


def _example(cls: type, name: str) -> Any:
    (found,) = (field for field in record_fields(cls) if field.name == name)
    return found


def mapping_rows() -> list[tuple[str, str, str]]:
    """(Python, Arrow, how) for each kind of annotation: the mapping, worked out by the code.

    Each Arrow type is what :func:`community_model.arrow_schema` gives a field of that kind.
    """
    title = _example(Source, "title")
    value = _example(Measurement, "value")
    derived = ", ".join(f"{cls.__name__}: {', '.join(names)}" for cls, names in DERIVED.items())
    return [
        ("str", str(node(str).arrow_type), "text as it is; a rule such as a length stays a rule"),
        ("int", str(node(int).arrow_type), ""),
        ("bool", str(node(bool).arrow_type), ""),
        (
            "Decimal",
            "decimal128(38, places), then <field>_places: int8",
            "exact, at the most places the field allows (a measurement's value: "
            f"{node(value.annotation, value).arrow_type}); <field>_places keeps the places "
            "written, so 100 comes back as 100 (read back)",
        ),
        (
            "a vocabulary (ActivityCategory ...)",
            node(ActivityCategory).describe(),
            "the wire codes, every code of the vocabulary in the dictionary, in declaration order",
        ),
        (
            "When",
            node(When).describe(),
            "the EDTF text (read back), the first and last instants it allows (null: open "
            "end) and its precision (year, month, day, moment or interval)",
        ),
        (
            "Money",
            node(Money).describe(),
            "yuan, exact to the fen, with the places written; the currency is always CNY",
        ),
        (
            "DivisionCode, CreditCode, ResidentId",
            str(node(DivisionCode).arrow_type),
            "the text form, as in JSON",
        ),
        (
            "Count",
            node(Count).describe(),
            f"its fields, then what it derives ({derived}; not read back)",
        ),
        ("Ref", node(Ref).describe(), "the kind and id of the record it names"),
        (
            "another record (Source, Funding ...)",
            "struct<its fields>",
            "one struct field per field of the record, typed by these rules",
        ),
        ("tuple[X, ...]", "list<X>", "never null: an empty tuple is an empty list"),
        ("X | None", "X, nullable", "null where the record leaves the field unset"),
        (
            "an id naming another record (street_id, community_ids)",
            str(node(title.annotation).arrow_type),
            "the id, with the field metadata refers_to = the record kind it names",
        ),
        (
            "a personal field (Person.name, phone ...)",
            "its type",
            "field metadata personal = true",
        ),
    ]
