"""The adapter: the one module of ``_arrow`` that reads how the library describes its fields.

Everything else in this package asks here what a class's fields are (names in wire order,
annotations with their rules, required or not, personal or not, what an id refers to, how many
decimal places a number keeps) and which tables a dataset has, all read off the rule table
(:mod:`community_model._rules`: ``RefersTo``, ``Places``, ``Personal``) and the collection's own
fields. It also hands on the one process helper the package shares with the library's loaders,
:func:`gc_paused`.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Final, Union

import attrs

from community_model._codegen import has_text_form
from community_model._dataset.index import COLLECTIONS
from community_model._entities import Entity
from community_model._rules import is_unknown, personal_fields, shape_of, type_bounds
from community_model._runtime import gc_paused, per_class
from community_model._vocab import RecordKind

__all__ = [
    "Field",
    "gc_paused",
    "is_text_value",
    "record_fields",
    "tables",
    "unknowable",
    "unwrap",
]


@attrs.frozen
class Field:
    """One field of a record class, as the Arrow mapping needs to know it.

    ``annotation`` is the whole declared type (``Annotated`` rules and ``| None`` included);
    ``optional`` says whether ``None`` is allowed, ``required`` whether the field has no
    default. ``refers_to`` is the kind of record an id (or each id of a tuple) names;
    ``places`` the decimal places a ``Decimal`` keeps and ``digits`` its most significant
    digits (Arrow's ``decimal128`` needs both).
    """

    name: str
    annotation: Any
    optional: bool
    required: bool
    personal: bool
    refers_to: RecordKind | None
    places: int | None
    digits: int | None


def unknowable(tp: Any) -> tuple[Any, Any]:
    """``(annotation without its Unknown, the Unknown class)`` of ``X | Unknown``; else ``(tp,
    None)``. ``None`` stays in the annotation: ``X | Unknown | None`` gives ``X | None``."""
    if typing.get_origin(tp) not in (Union, types.UnionType):
        return tp, None
    members = typing.get_args(tp)
    unknown = next((m for m in members if is_unknown(m)), None)
    if unknown is None:
        return tp, None
    rest = tuple(m for m in members if m is not unknown)
    return (rest[0] if len(rest) == 1 else Union[rest]), unknown  # noqa: UP007


def unwrap(tp: Any) -> tuple[Any, tuple[Any, ...], bool]:
    """``(base, metadata, optional)`` of an annotation: ``Annotated`` and ``| None`` removed.

    ``Annotated[str, MinLen(1)] | None`` gives ``(str, (MinLen(1),), True)``; a tuple's item
    type stays inside (``tuple[Id, ...]`` is its own base).
    """
    metadata: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            base, *more = typing.get_args(tp)
            metadata.extend(more)
            tp = base
        elif origin in (Union, types.UnionType):
            members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(members) == len(typing.get_args(tp)) or len(members) != 1:
                return tp, tuple(metadata), optional  # a union of several types: left whole
            optional = True
            tp = members[0]
        else:
            return tp, tuple(metadata), optional


def _all_metadata(tp: Any) -> list[Any]:
    """The ``Annotated`` metadata of a type and, for a tuple, of its items."""
    base, metadata, _ = unwrap(tp)
    found = list(metadata)
    if typing.get_origin(base) is tuple:
        found.extend(_all_metadata(typing.get_args(base)[0]))
    return found


#: The most digits Arrow's decimal128 holds.
MAX_DIGITS: Final = 38


def _refers_to(tp: Any) -> RecordKind | None:
    """The kind of record an id field (or each id of a list) names, from its ``RefersTo``."""
    shape = shape_of(tp)
    if shape.item is not None:
        shape = shape.item
    kinds = shape.refers_to
    return kinds[0] if kinds is not None and shape.base is str else None


def _decimal_bounds(tp: Any) -> tuple[int | None, int | None]:
    """A decimal's places (its ``Places`` rule) and the digits ``decimal128`` needs for it."""
    shape = shape_of(tp)
    if shape.base is not Decimal:
        return None, None
    rules = type_bounds(tp)
    places = rules.places if rules.places is not None else MAX_DIGITS // 2
    digits = MAX_DIGITS
    if rules.le is not None:
        digits = min(MAX_DIGITS, len(str(int(rules.le))) + places)
    return places, digits


# -- what the rest of the package asks -----------------------------------------------------------


@per_class
def record_fields(cls: type) -> tuple[Field, ...]:
    """The fields of a record class that travel on the wire, in wire order (``sources`` last)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    personal = set(personal_fields(cls))
    found = []
    for field in attrs.fields(typing.cast(Any, cls)):
        if not field.init:
            continue  # caches such as a When's text: not data
        tp = hints[field.name]
        places, digits = _decimal_bounds(tp)
        found.append(
            Field(
                name=field.name,
                annotation=tp,
                optional=unwrap(tp)[2],
                required=field.default is attrs.NOTHING,
                personal=field.name in personal,
                refers_to=_refers_to(tp),
                places=places,
                digits=digits,
            )
        )
    found.sort(key=lambda item: item.name == "sources")  # stable: only sources moves
    return tuple(found)


def is_text_value(cls: type) -> bool:
    """Whether a value class travels as its text form (``DivisionCode``, ``When`` ...)."""
    return has_text_form(cls)


def tables() -> dict[str, type[Entity]]:
    """Each list of a dataset (its table) and the entity class it holds, in document order."""
    return {name: cls for cls, name in COLLECTIONS.items()}
