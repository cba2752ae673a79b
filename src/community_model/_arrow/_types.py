"""Arrow types read off the annotations, and the columns that carry each of them both ways.

:func:`node` walks an annotation (``Annotated`` rules, ``| None``, tuples, vocabularies, value
types, nested records) and returns a :class:`Node`: the Arrow type of such values, an encoder
from a column of Python values to an Arrow array, and a decoder from an array back to the plain
JSON-ready data :func:`community_model.from_dict` reads, so that decoding validates exactly as
loading JSON does. Nothing here names a record class's fields: a new field or record kind gets
its column from its type.

The mapping:

- ``str``, ``int``, ``bool``: ``string``, ``int64``, ``bool``;
- ``Decimal``: ``decimal128(digits, places)``, followed in its struct by ``<field>_places``,
  the places it was written with (read back, so that ``100`` stays ``100``);
- a vocabulary: ``dictionary<int8, string>`` of its wire codes, every code in the dictionary;
- ``When``: a struct of its EDTF ``text``, its ``earliest`` and ``latest`` instants as
  ``timestamp[us, tz=Asia/Shanghai]`` (null for an open end) and its ``precision``;
- ``Money``: a struct of its ``amount`` (``decimal128(38, 2)``), ``amount_places`` and
  ``currency`` (``CNY``);
- other values written as text (``DivisionCode``, ``CreditCode`` ...): their text;
- any other record (``Count``, ``Ref``, ``Source`` ...): a struct of its fields, plus the
  figures a value derives (a ``Count``'s ``minimum`` and ``maximum``);
- ``tuple[X, ...]``: ``list<X>``.

Only the text of a ``When`` and the fields of a record (with the places of its decimals) are
read back; derived columns (``earliest``, ``minimum`` ...) are for the tools that read the
tables. A record table is the struct of its class, column by column.
"""

from __future__ import annotations

import functools
import itertools
import operator
import types
import typing
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

import pyarrow as pa

from community_model._arrow._fields import (
    MAX_DIGITS,
    Field,
    is_text_value,
    record_fields,
    unknowable,
    unwrap,
)
from community_model._codegen import Memo
from community_model._rules import is_unknown
from community_model._values import BEIJING, Count, Money, When
from community_model._values.when import micros_bounds
from community_model._vocab import Vocabulary

__all__ = ["TIMESTAMP", "Node", "arrow_field", "node"]

#: Instants: microseconds, shown in Beijing time.
TIMESTAMP: Final = pa.timestamp("us", tz=BEIJING.name)

#: Figures a value derives from its fields (properties), given as columns after them.
DERIVED: Final[dict[type, tuple[str, ...]]] = {Count: ("minimum", "maximum")}

#: The currency of every amount of money in the model.
CURRENCY: Final = "CNY"


class Node:
    """How one kind of value travels as an Arrow column, both ways."""

    arrow_type: pa.DataType

    def encode(self, values: Sequence[Any]) -> pa.Array:
        """An array of ``values`` (``None`` is null)."""
        raise NotImplementedError

    def decode(self, array: pa.Array) -> list[Any]:
        """The plain data (as ``to_dict`` gives it) of each item; ``None`` for null."""
        return list(array.to_pylist())

    def describe(self) -> str:
        """The Arrow type as the documentation shows it."""
        return str(self.arrow_type)


def struct_text(children: Sequence[tuple[str, Node]]) -> str:
    """How the documentation shows a struct of these children: ``struct<name: type, ...>``."""
    return f"struct<{', '.join(f'{name}: {child.describe()}' for name, child in children)}>"


class Parts(Node):
    """A value carried as a struct of named parts, each a node: the parts are stated once,
    and the Arrow type and its description follow from them."""

    def __init__(self, parts: Sequence[tuple[str, Node, bool]]) -> None:
        #: (name, node, nullable) of each part, in the struct's order.
        self.parts = tuple(parts)
        self.arrow_type = pa.struct(
            [pa.field(name, part.arrow_type, nullable=null) for name, part, null in self.parts]
        )

    def describe(self) -> str:
        return struct_text([(name, part) for name, part, _ in self.parts])


class Plain(Node):
    """``str``, ``int`` and ``bool``: their Arrow types, read back as they are."""

    def __init__(self, arrow_type: pa.DataType) -> None:
        self.arrow_type = arrow_type

    def encode(self, values: Sequence[Any]) -> pa.Array:
        return pa.array(values, self.arrow_type)


#: The column of a ``Decimal``'s written places (see :func:`places_of`).
PLACES: Final = pa.int8()


def places_of(value: Decimal | None) -> int | None:
    """The decimal places a value is written with: 2 for ``120.50``, 0 for ``100``."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def written(text: Any, places: Any) -> Any:
    """A decimal string of a ``decimal128`` column back at the places it was written with.

    ``100.000000`` with 0 places is ``100``; nothing else changes (a value whose digits the
    places would cut is left as it is, for the loader to judge).
    """
    if not isinstance(text, str) or not isinstance(places, int) or places < 0:
        return text
    value = Decimal(text)
    current = places_of(value)
    if current is None or places >= current:
        return text
    shorter = value.quantize(Decimal(1).scaleb(-places))
    return f"{shorter:f}" if shorter == value else text


class Number(Node):
    """A ``Decimal``: exact, as ``decimal128``; read back as the decimal string of the wire.

    The column's scale is the most places the field allows; the places each value was written
    with travel beside it (``<field>_places``), so that ``100`` comes back as ``100``, not
    ``100.000000``.
    """

    def __init__(self, digits: int, places: int) -> None:
        self.arrow_type = pa.decimal128(digits, places)

    def encode(self, values: Sequence[Any]) -> pa.Array:
        return pa.array(values, self.arrow_type)

    def decode(self, array: pa.Array) -> list[Any]:
        return [f"{v:f}" if isinstance(v, Decimal) else v for v in array.to_pylist()]


def _dictionary_type(size: int) -> pa.DataType:
    index = pa.int8() if size <= 127 else pa.int16()
    return pa.dictionary(index, pa.string())


class Codes(Node):
    """Strings from a closed list (a vocabulary's codes), dictionary-encoded.

    The dictionary holds every code in declaration order, so every batch and every file of a
    column shares one dictionary.
    """

    def __init__(self, codes: Sequence[str], members: Sequence[Any] | None = None) -> None:
        self.codes = tuple(codes)
        self.arrow_type = _dictionary_type(len(self.codes))
        self.dictionary = pa.array(self.codes, pa.string())
        self.positions = {member: index for index, member in enumerate(members or self.codes)}

    def encode(self, values: Sequence[Any]) -> pa.Array:
        positions = self.positions
        if has_null(values):
            indices = [None if value is None else positions[value] for value in values]
        else:
            indices = list(map(positions.__getitem__, values))
        return pa.DictionaryArray.from_arrays(
            pa.array(indices, self.arrow_type.index_type), self.dictionary
        )

    def describe(self) -> str:
        return f"dictionary<{self.arrow_type.index_type}, string>"


class Text(Node):
    """A value written as text on the wire (a division or credit code): its text."""

    arrow_type = pa.string()

    def encode(self, values: Sequence[Any]) -> pa.Array:
        return pa.array([None if v is None else v.format() for v in values], pa.string())


class Times(Parts):
    """A ``When``: its EDTF text, earliest and latest instants in Beijing time, precision."""

    def __init__(self, nullable: bool) -> None:
        hints = typing.get_type_hints(When.precision.fget)  # type: ignore[attr-defined]
        self.precision = Codes(typing.get_args(hints["return"]))
        instant = Plain(TIMESTAMP)
        super().__init__(
            [
                ("text", Plain(pa.string()), nullable),
                ("earliest", instant, True),
                ("latest", instant, True),
                ("precision", self.precision, nullable),
            ]
        )
        #: The columns of each time seen, by its text (times repeat: the days of a year).
        self._seen = Memo()

    def _parts(self, when: When, text: str) -> tuple[str, int | None, int | None, str]:
        if len(self._seen) > 100_000:
            self._seen.clear()
        first, last = micros_bounds(when)
        found = self._seen[text] = (text, first, last, when.precision)
        return found

    def encode(self, values: Sequence[Any]) -> pa.Array:
        seen, parts, blank = self._seen, self._parts, _BLANK_TIME
        rows = [
            blank if value is None else seen.get(text := value.format()) or parts(value, text)
            for value in values
        ]
        texts, earliest, latest, precision = _columns(rows, 4)
        return pa.StructArray.from_arrays(
            [
                pa.array(texts, pa.string()),
                pa.array(earliest, TIMESTAMP),
                pa.array(latest, TIMESTAMP),
                self.precision.encode(precision),
            ],
            fields=list(self.arrow_type),
            mask=_mask(values),
        )

    def decode(self, array: pa.Array) -> list[Any]:
        if pa.types.is_struct(array.type) and array.type.get_field_index("text") >= 0:
            return list(_child(array, "text").to_pylist())
        return list(array.to_pylist())


class Amounts(Parts):
    """``Money``: its amount as ``decimal128`` and its currency (always ``CNY``)."""

    def __init__(self, nullable: bool) -> None:
        (amount,) = (field for field in record_fields(Money) if field.name == "amount")
        self.amount = Number(amount.digits or MAX_DIGITS, amount.places or 0)
        self.currency = Codes((CURRENCY,))
        super().__init__(
            [
                ("amount", self.amount, nullable),
                ("amount_places", Plain(PLACES), True),
                ("currency", self.currency, nullable),
            ]
        )

    def encode(self, values: Sequence[Any]) -> pa.Array:
        amounts = [None if v is None else v.amount for v in values]
        return pa.StructArray.from_arrays(
            [
                self.amount.encode(amounts),
                pa.array([places_of(amount) for amount in amounts], PLACES),
                self.currency.encode([None if v is None else CURRENCY for v in values]),
            ],
            fields=list(self.arrow_type),
            mask=_mask(values),
        )

    def decode(self, array: pa.Array) -> list[Any]:
        if not pa.types.is_struct(array.type):
            return Number.decode(self.amount, array)
        valid = array.is_valid().to_pylist()
        amounts = self.amount.decode(_child(array, "amount"))
        if array.type.get_field_index("amount_places") >= 0:
            places = _child(array, "amount_places").to_pylist()
            amounts = [written(a, p) for a, p in zip(amounts, places, strict=True)]
        if array.type.get_field_index("currency") < 0:
            return [amount if ok else None for ok, amount in zip(valid, amounts, strict=True)]
        currencies = _child(array, "currency").to_pylist()
        # An amount in another currency is no amount of yuan: its text says so, and loading
        # refuses it with its path.
        return [
            None
            if not ok
            else amount
            if currency == CURRENCY or amount is None
            else f"{amount} {currency}"
            for ok, amount, currency in zip(valid, amounts, currencies, strict=True)
        ]


class Items(Node):
    """A tuple: ``list<item>``."""

    def __init__(self, item: Node) -> None:
        self.item = item
        # "element": the name Parquet gives list items, so a schema read back is the same.
        self.arrow_type = pa.list_(pa.field("element", item.arrow_type, nullable=False))

    def encode(self, values: Sequence[Any]) -> pa.Array:
        mask = _mask(values)
        present = values if mask is None else [() if v is None else v for v in values]
        offsets = [0, *itertools.accumulate(map(len, present))]
        flat = list(itertools.chain.from_iterable(present))
        return pa.ListArray.from_arrays(
            pa.array(offsets, pa.int32()), self.item.encode(flat), type=self.arrow_type, mask=mask
        )

    def decode(self, array: pa.Array) -> list[Any]:
        if not (pa.types.is_list(array.type) or pa.types.is_large_list(array.type)):
            return list(array.to_pylist())
        items = self.item.decode(array.flatten())
        found: list[Any] = []
        position = 0
        for length in array.value_lengths().to_pylist():
            if length is None:
                found.append(None)
                continue
            found.append(items[position : position + length])
            position += length
        return found

    def describe(self) -> str:
        return f"list<{self.item.describe()}>"


class Struct(Node):
    """A record: a struct of its fields (a record table is one, column by column).

    A ``Decimal`` field ``x`` is followed by ``x_places``, the places it was written with;
    figures the value derives (:data:`DERIVED`) follow the fields and are not read back.
    """

    def __init__(self, cls: type, nullable: bool) -> None:
        self.cls = cls
        self.fields = record_fields(cls)
        #: (name, node, getter, role): role is "field", "places" or "derived".
        self.columns: list[tuple[str, Node, Callable[[Any], Any], str]] = []
        arrow_fields: list[pa.Field] = []
        for field in self.fields:
            child = node(field.annotation, field, nullable)
            get = operator.attrgetter(field.name)
            self.columns.append((field.name, child, get, "field"))
            arrow_fields.append(arrow_field(field, child, nullable))
            if unwrap(field.annotation)[0] is Decimal:
                name = f"{field.name}_places"
                self.columns.append((name, Plain(PLACES), _places_getter(get), "places"))
                arrow_fields.append(pa.field(name, PLACES))
        for name in DERIVED.get(cls, ()):
            child = plain_node(_property_type(cls, name))
            self.columns.append((name, child, operator.attrgetter(name), "derived"))
            arrow_fields.append(pa.field(name, child.arrow_type))
        self.arrow_type = pa.struct(arrow_fields)
        self.roles = {name: (role, child) for name, child, _, role in self.columns}
        #: Stands for a null value when columns are read: every attribute ``None``.
        self._blank = types.SimpleNamespace(**{name: None for name, _, _, _ in self.columns})

    def encode_columns(self, values: Sequence[Any], *, nulls: bool | None = None) -> list[pa.Array]:
        """One array per column of the struct (nulls where ``values`` has ``None``; ``nulls``
        says whether it has any, when the caller knows).

        Each column is read in one ``map`` of its getter over the values, a loop in C (faster
        than reading whole rows and turning them into columns: no tuple per row).
        """
        if has_null(values) if nulls is None else nulls:
            blank = self._blank
            values = [blank if value is None else value for value in values]
        arrays = []
        read: dict[str, list[Any]] = {}
        for name, child, get, role in self.columns:
            if role == "places":
                column = list(map(places_of, read[name.removesuffix("_places")]))
            else:
                column = read[name] = list(map(get, values))
            arrays.append(child.encode(column))
        return arrays

    def encode(self, values: Sequence[Any]) -> pa.Array:
        mask = _mask(values)
        columns = self.encode_columns(values, nulls=mask is not None)
        return pa.StructArray.from_arrays(columns, fields=list(self.arrow_type), mask=mask)

    def decode(self, array: pa.Array) -> list[Any]:
        if not pa.types.is_struct(array.type):
            return list(array.to_pylist())
        valid = array.is_valid().to_pylist()
        names: list[str] = []
        columns: list[list[Any]] = []
        places: dict[str, list[Any]] = {}
        for index, child in enumerate(array.flatten()):
            name = array.type.field(index).name
            role, known = self.roles.get(name, ("unknown", None))
            if role == "derived":
                continue
            if role == "places":
                places[name.removesuffix("_places")] = child.to_pylist()
                continue
            names.append(name)
            columns.append(known.decode(child) if known is not None else child.to_pylist())
        for position, name in enumerate(names):
            if name in places:
                columns[position] = [
                    written(text, count)
                    for text, count in zip(columns[position], places[name], strict=True)
                ]
        # None stays: loading takes it as "unset" where a field is optional, and refuses it
        # where it is not.
        if not columns:
            return [{} if ok else None for ok in valid]
        return [
            dict(zip(names, values, strict=True)) if ok else None
            for ok, values in zip(valid, zip(*columns, strict=True), strict=True)
        ]

    def describe(self) -> str:
        return struct_text([(name, child) for name, child, _, _ in self.columns])


def _places_getter(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: places_of(get(value))


def _child(array: pa.StructArray, name: str) -> pa.Array:
    """A struct's child, sliced as the struct is, with the struct's nulls."""
    return array.flatten()[array.type.get_field_index(name)]


def has_null(values: Sequence[Any]) -> bool:
    """Whether ``values`` holds ``None``, by identity: ``None in values`` would call each
    record's ``__eq__`` (a Python function for attrs classes)."""
    return any(map(operator.is_, values, itertools.repeat(None)))


def _mask(values: Sequence[Any]) -> pa.Array | None:
    """The null mask of ``values``, or ``None`` when nothing is null (the common case)."""
    if not has_null(values):
        return None
    return pa.array(list(map(operator.is_, values, itertools.repeat(None))), pa.bool_())


#: The columns of a null time.
_BLANK_TIME: Final = (None, None, None, None)


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[Sequence[Any]]:
    """Rows of ``width`` items as ``width`` columns (empty columns for no rows)."""
    if not rows:
        return [() for _ in range(width)]
    return list(zip(*rows, strict=True))


def _property_type(cls: type, name: str) -> Any:
    prop = getattr(cls, name)
    return typing.get_type_hints(prop.fget)["return"]


_PLAIN: Final[dict[Any, pa.DataType]] = {str: pa.string(), int: pa.int64(), bool: pa.bool_()}


def plain_node(tp: Any) -> Node:
    """The node of ``str``, ``int`` or ``bool`` (``| None`` allowed)."""
    base, _, _ = unwrap(tp)
    return Plain(_PLAIN[base])


#: What an explicit unknown carries besides being one.
UNKNOWN: Final = pa.struct([pa.field("reason", pa.string())])


class Unknowable(Node):
    """A value the source may leave unknown (``When | Unknown``): the value's own column, and
    beside it ``unknown``, a struct (its ``reason``) that is null unless the value is unknown.

    A value that is itself a struct (a ``When``, a ``Ref``) gains ``unknown`` as its last child,
    so ``when.earliest`` still reads as it does elsewhere; any other value becomes the struct
    ``{value, unknown}``.
    """

    def __init__(self, inner: Node) -> None:
        self.inner = inner
        self.flat = pa.types.is_struct(inner.arrow_type)
        fields = list(inner.arrow_type) if self.flat else [pa.field("value", inner.arrow_type)]
        self.arrow_type = pa.struct([*fields, pa.field("unknown", UNKNOWN)])

    def encode(self, values: Sequence[Any]) -> pa.Array:
        # The classes of unknowns among the values, each asked once (most columns have none).
        kinds = {kind for kind in set(map(type, values)) if is_unknown(kind)}
        known: Sequence[Any]
        if kinds:
            unknown = [value if type(value) in kinds else None for value in values]
            known = [None if u is not None else v for u, v in zip(unknown, values, strict=True)]
        else:
            unknown, known = [None] * len(values), values
        inner = self.inner.encode(known)
        children = inner.flatten() if self.flat else [inner]
        reasons = pa.array([None if u is None else {"reason": u.reason} for u in unknown], UNKNOWN)
        return pa.StructArray.from_arrays(
            [*children, reasons], fields=list(self.arrow_type), mask=_mask(values)
        )

    def decode(self, array: pa.Array) -> list[Any]:
        # Columns from other tools may hold the value alone (a string for a time), or a struct
        # whose children are typed their way (large strings, other dictionaries): read by name.
        if not pa.types.is_struct(array.type) or array.type.get_field_index("unknown") < 0:
            return self.inner.decode(array)
        children = array.flatten()
        names = [field.name for field in array.type]
        position = names.index("unknown")
        reasons = children.pop(position).to_pylist()
        del names[position]
        if self.flat:
            inner = pa.StructArray.from_arrays(children, names=names, mask=array.is_null())
        elif "value" in names:
            inner = children[names.index("value")]
        else:  # no value column: each row holds nothing, and loading says so where it matters
            inner = pa.nulls(len(array))
        known = self.inner.decode(inner)
        return [
            known_value if reason is None else _unknown(reason)
            for known_value, reason in zip(known, reasons, strict=True)
        ]

    def describe(self) -> str:
        return f"{self.inner.describe()} or unknown (struct<..., unknown: struct<reason>>)"


def _unknown(reason: dict[str, Any]) -> dict[str, Any]:
    """An unknown as plain data (its wire form)."""
    found: dict[str, Any] = {"unknown": True}
    if reason.get("reason") is not None:
        found["reason"] = reason["reason"]
    return found


@functools.cache
def _cached(tp: Any, places: int | None, digits: int | None, nullable: bool) -> Node:
    tp, unknown = unknowable(tp)
    if unknown is not None:
        return Unknowable(_cached(tp, places, digits, True))
    base, _, optional = unwrap(tp)
    nullable = nullable or optional
    if typing.get_origin(base) is tuple:
        # Items exist only in lists that do: they are never in a null slot.
        return Items(_cached(typing.get_args(base)[0], places, digits, False))
    if base in _PLAIN:
        return Plain(_PLAIN[base])
    if base is Decimal:
        return Number(digits or MAX_DIGITS, places or 0)
    if isinstance(base, type):
        if issubclass(base, Vocabulary):
            return Codes(base.codes(), tuple(base))
        if base is When:
            return Times(nullable)
        if base is Money:
            return Amounts(nullable)
        if is_text_value(base):
            return Text()
        if hasattr(base, "__attrs_attrs__"):
            return Struct(base, nullable)
    raise TypeError(f"no Arrow type for {tp!r}")


def node(tp: Any, field: Field | None = None, nullable: bool = False) -> Node:
    """The node of a field's annotation (``field`` gives the places of a ``Decimal``).

    ``nullable`` says the value sits where a null may be (an optional field, or any field of a
    struct that may be null): there every field of a nested struct is nullable in Arrow too,
    since the slots under a null struct hold nulls (Parquet checks them). Elsewhere a field
    that must be set is ``not null``.
    """
    places = field.places if field is not None else None
    digits = field.digits if field is not None else None
    try:
        return _cached(tp, places, digits, nullable)
    except TypeError as error:
        if "unhashable" not in str(error):
            raise
        return _cached.__wrapped__(tp, places, digits, nullable)


def arrow_field(field: Field, child: Node | None = None, within_null: bool = False) -> pa.Field:
    """The Arrow field of a record's field, with its marks in the field metadata.

    ``personal``: ``true`` for personal information (PIPL); ``refers_to``: the kind of record
    an id names (``community``). ``within_null``: the field belongs to a struct that may be
    null (see :func:`node`).
    """
    child = child or node(field.annotation, field, within_null)
    metadata: dict[str, str] = {}
    if field.personal:
        metadata["personal"] = "true"
    if field.refers_to is not None:
        metadata["refers_to"] = field.refers_to.value
    return pa.field(
        field.name,
        child.arrow_type,
        nullable=field.optional or within_null,
        metadata=metadata or None,
    )
