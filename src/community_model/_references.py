"""The references a record holds, read from their declarations (``RefersTo``), never listed.

A field that refers to other records says so in its annotation: an id of one kind
(``Annotated[Id, RefersTo(RecordKind.STREET)]``) or a :class:`Ref` of allowed kinds, alone, in a
list, or inside a part of the record (the provider of a project's funding). The dataset's
integrity check, redaction's id-following and the dataset strategy all walk references here.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from typing import Any, Literal

import attrs

from community_model._codegen import wire_form
from community_model._rules import Shape, fields_of, is_unknown
from community_model._runtime import per_class
from community_model._vocab import RecordKind

__all__ = ["ReferenceField", "reference_fields", "references", "rewrite_references"]

Form = Literal["id", "ref", "record"]


@attrs.frozen
class ReferenceField:
    """A field that holds references: its name, their form, the kinds they may point to.

    ``form`` is ``id`` (an id of the one kind in ``kinds``), ``ref`` (a :class:`Ref`, of any
    of ``kinds``) or ``record`` (a part of the record that holds references itself, such as
    :class:`Funding`); ``many`` tells a list from a single value.
    """

    name: str
    form: Form
    kinds: tuple[RecordKind, ...]
    many: bool
    part: type | None = None


def _form(shape: Shape) -> tuple[Form, tuple[RecordKind, ...], type | None] | None:
    kinds = shape.refers_to
    if kinds is not None:
        return ("id" if shape.base is str else "ref"), kinds, None
    if wire_form(shape.base) == "record" and reference_fields(shape.base):
        return "record", (), shape.base
    return None


@per_class
def reference_fields(cls: type) -> tuple[ReferenceField, ...]:
    """The fields of ``cls`` that hold references, directly or in their parts."""
    found = []
    for field in fields_of(cls):
        shape, many = field.shape, False
        if typing.get_origin(shape.base) is tuple:
            assert shape.item is not None
            shape, many = shape.item, True
        form = _form(shape)
        if form is not None:
            kind, kinds, part = form
            found.append(ReferenceField(field.name, kind, kinds, many, part))
    return tuple(found)


def references(record: Any, path: str = "$") -> Iterator[tuple[str, RecordKind, str]]:
    """Every reference a record holds: its path, the kind it points to, and the id."""
    for field in reference_fields(type(record)):
        value = getattr(record, field.name)
        if value is None:
            continue
        where = f"{path}.{field.name}"
        items = enumerate(value) if field.many else ((None, value),)
        for index, item in items:
            at = where if index is None else f"{where}[{index}]"
            if is_unknown(type(item)):  # a reference the source does not give
                continue
            if field.form == "id":
                yield at, field.kinds[0], item
            elif field.form == "ref":
                yield at, item.kind, item.id
            else:
                yield from references(item, at)


Rewrite = Callable[[RecordKind, str], str]


def rewrite_references(record: Any, change: Rewrite) -> Any:
    """The record with every reference's id passed through ``change(kind, id)``."""
    changes: dict[str, Any] = {}
    for field in reference_fields(type(record)):
        value = getattr(record, field.name)
        if value is None:
            continue
        items = value if field.many else (value,)
        new = tuple(_rewrite(field, item, change) for item in items)
        if any(a is not b for a, b in zip(new, items, strict=True)):
            changes[field.name] = new if field.many else new[0]
    return attrs.evolve(record, **changes) if changes else record


def _rewrite(field: ReferenceField, item: Any, change: Rewrite) -> Any:
    if is_unknown(type(item)):
        return item
    if field.form == "id":
        new = change(field.kinds[0], item)
        return item if new == item else new
    if field.form == "ref":
        new = change(item.kind, item.id)
        return item if new == item.id else attrs.evolve(item, id=new)
    return rewrite_references(item, change)
