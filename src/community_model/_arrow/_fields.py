"""The adapter: the one module of ``_arrow`` that reads how the library describes its fields.

Everything else in this package asks here what a class's fields are (names in wire order,
annotations with their rules, required or not, personal or not, what an id refers to, how many
decimal places a number keeps) and which tables a dataset has. Today this is read off the attrs
fields, ``typing.get_type_hints(cls, include_extras=True)`` and the public API
(:func:`~community_model.personal_fields`, :func:`~community_model.json_schema`,
:class:`~community_model.Dataset`). When the rule table of issue 10 lands (references declared
as ``Annotated[str, RefersTo(RecordKind.X)]``, decimal places as a rule), only this module
changes: the fallbacks marked below go, the rest of ``_arrow`` stays. It also hands on the one
process helper the package shares with the library's loaders, :func:`gc_paused`.
"""

from __future__ import annotations

import functools
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Final, Union

import annotated_types as at
import attrs

from community_model import (
    Dataset,
    Entity,
    Measurement,
    Money,
    RecordKind,
    json_schema,
    personal_fields,
)
from community_model._converter import gc_paused  # the library's shared pause of the collector

__all__ = [
    "Field",
    "gc_paused",
    "is_text_value",
    "record_fields",
    "tables",
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


# -- fallbacks until the rule table (issue 10) declares these as markers -------------------------

#: Id fields whose name does not say the kind they refer to (``host_community_id`` says it).
_REFERENCE_NAMES: Final[dict[str, RecordKind]] = {
    "programme_id": RecordKind.SERVICE_PROJECT,
    "secretary_id": RecordKind.PERSON,
}

#: Decimal places that today only a class's cross-field rules state.
_PLACES: Final[dict[tuple[type, str], int]] = {(Money, "amount"): 2, (Measurement, "value"): 6}
_DEFAULT_PLACES: Final = 6
#: The most digits Arrow's decimal128 holds.
MAX_DIGITS: Final = 38


def _refers_to(cls: type, name: str, tp: Any) -> RecordKind | None:
    """The kind of record an id field names: a ``RefersTo``-style marker, else its name."""
    for meta in _all_metadata(tp):
        kind = getattr(meta, "kind", None)
        if isinstance(kind, RecordKind):
            return kind
    base, _, _ = unwrap(tp)
    if typing.get_origin(base) is tuple:
        base, _, _ = unwrap(typing.get_args(base)[0])
    if base is not str:
        return None
    stem = name.removesuffix("_ids").removesuffix("_id")
    if stem == name:
        return None
    if name in _REFERENCE_NAMES:
        return _REFERENCE_NAMES[name]
    if stem == "parent":
        kind = getattr(cls, "record_kind", None)
        return kind if isinstance(kind, RecordKind) else None
    for kind in RecordKind:  # host_community_id: community; project_id: service_project
        code = kind.value
        if stem == code or stem.endswith("_" + code) or code.endswith("_" + stem):
            return kind
    return None


def _decimal_bounds(cls: type, name: str, tp: Any) -> tuple[int | None, int | None]:
    base, metadata, _ = unwrap(tp)
    if base is not Decimal:
        return None, None
    places = _PLACES.get((cls, name), _DEFAULT_PLACES)
    for meta in metadata:
        step = getattr(meta, "multiple_of", None)
        if isinstance(meta, at.MultipleOf) and isinstance(step, Decimal):
            exponent = step.normalize().as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    digits = MAX_DIGITS
    for meta in metadata:
        if isinstance(meta, at.Le | at.Lt):
            bound = meta.le if isinstance(meta, at.Le) else meta.lt
            whole = len(str(int(bound)))  # type: ignore[call-overload]
            digits = min(MAX_DIGITS, whole + places)
    return places, digits


# -- what the rest of the package asks -----------------------------------------------------------


_FIELDS: Final[dict[type, tuple[Field, ...]]] = {}


def record_fields(cls: type) -> tuple[Field, ...]:
    """The fields of a record class that travel on the wire, in wire order (``sources`` last)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _read_fields(cls)
    return found


def _read_fields(cls: type) -> tuple[Field, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    personal = set(personal_fields(cls))
    found = []
    for field in attrs.fields(typing.cast(Any, cls)):
        if not field.init:
            continue  # caches such as a When's text: not data
        tp = hints[field.name]
        places, digits = _decimal_bounds(cls, field.name, tp)
        found.append(
            Field(
                name=field.name,
                annotation=tp,
                optional=unwrap(tp)[2],
                required=field.default is attrs.NOTHING,
                personal=field.name in personal,
                refers_to=_refers_to(cls, field.name, tp),
                places=places,
                digits=digits,
            )
        )
    found.sort(key=lambda item: item.name == "sources")  # stable: only sources moves
    return tuple(found)


_TEXT: Final[dict[type, bool]] = {}


def is_text_value(cls: type) -> bool:
    """Whether a value class travels as its text form (``DivisionCode``, ``When`` ...)."""
    found = _TEXT.get(cls)
    if found is None:
        try:
            found = json_schema(cls).get("type") == "string"
        except TypeError:
            found = False
        _TEXT[cls] = found
    return found


@functools.cache
def tables() -> dict[str, type[Entity]]:
    """Each list of a dataset (its table) and the entity class it holds, in document order."""
    hints = typing.get_type_hints(Dataset)
    found: dict[str, type[Entity]] = {}
    for field in attrs.fields(Dataset):
        tp = hints.get(field.name)
        if not field.init or typing.get_origin(tp) is not tuple:
            continue
        item = typing.get_args(tp)[0]
        if isinstance(item, type) and issubclass(item, Entity):
            found[field.name] = item
    return found
