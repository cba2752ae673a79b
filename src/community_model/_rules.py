"""The rule table: every constraint a field can carry, described once.

A field's rules live in its annotation: ``Annotated[str, Normalised(), MinLen(1), MaxLen(100)]``.
Each kind of marker (lengths, bounds, patterns, normalised text, personal data, references,
unique items) has one entry in :data:`RULES` that says everything about it: the problem code and
message, the test the generated code runs, the JSON Schema fragment it publishes and the bounds
the hypothesis strategies draw within. The generator (:mod:`._codegen`) writes construction
checks, loaders and dumpers from these entries; :mod:`._wire.schema` writes the JSON Schema from
them; the strategies read their bounds through :func:`bounds`. None of them states a rule again.

:func:`fields_of` describes the wire fields of a class once (name, shape, default), for every
part that walks a class's fields: the generator, the schema, the integrity check, redaction, the
strategies.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, Any, Final, Union

import annotated_types as at
import attrs

from community_model._errors import Message, Problem, Severity
from community_model._messages import (
    CONTROL_CHARACTER,
    COUNTS_WHAT,
    DUPLICATE,
    EMPTY,
    IMPLAUSIBLE,
    PATTERN,
    PRECISION,
    REFERENCE_KIND,
    TOO_LARGE,
    TOO_LONG,
    TOO_SHORT,
    TOO_SMALL,
)
from community_model._vocab import MeasureWord, RecordKind

__all__ = [
    "CONTROL_CHARACTERS",
    "RULES",
    "Bounds",
    "CountsOf",
    "Field",
    "Id",
    "LongText",
    "Matches",
    "Name",
    "Normalised",
    "Personal",
    "Places",
    "Plausible",
    "RefersTo",
    "Rule",
    "Shape",
    "ShortText",
    "Title",
    "Unique",
    "Year",
    "bounds",
    "describe",
    "fields_of",
    "hidden",
    "member_params",
    "personal_fields",
    "render",
    "report_duplicates",
    "shape_of",
    "show",
]


# -- markers --------------------------------------------------------------------------------------


@attrs.frozen
class Normalised:
    """Text is stripped and put in Unicode NFC; control characters are refused."""


@attrs.frozen
class Personal:
    """The field holds personal information (PIPL): its value never appears in a message."""


@attrs.frozen
class Matches:
    """Text must match ``pattern`` (a full match); ``rule`` says the rule in words."""

    pattern: str
    rule: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


@attrs.frozen(init=False)
class RefersTo:
    """The value refers to a record of one of ``kinds``: an id, or a :class:`Ref` of those kinds.

    On an id (``Annotated[Id, RefersTo(RecordKind.STREET)]``) the dataset's integrity check
    resolves it; on a ``Ref`` the kind is also checked when the record is built. Redaction and
    the dataset strategy read the same declaration.
    """

    kinds: tuple[RecordKind, ...]

    def __init__(self, *kinds: RecordKind) -> None:
        order = list(RecordKind)
        self.__attrs_init__(tuple(sorted(set(kinds), key=order.index)))

    def __repr__(self) -> str:
        return f"RefersTo({', '.join(repr(kind.value) for kind in self.kinds)})"


@attrs.frozen
class Unique:
    """No item of a list may be given twice."""


@attrs.frozen(init=False)
class CountsOf:
    """A count must count one of ``words`` (people, households ...), or leave it unsaid."""

    words: tuple[MeasureWord, ...]

    def __init__(self, *words: MeasureWord) -> None:
        self.__attrs_init__(words)

    def __repr__(self) -> str:
        return f"CountsOf({', '.join(repr(word.value) for word in self.words)})"


@attrs.frozen
class Places:
    """A decimal has at most ``most`` places after the point (money: 2, the fen)."""

    most: int


@attrs.frozen
class Plausible:
    """What real records of this field hold: a value outside ``low``..``high`` is a warning.

    On a number (a year) the value itself is compared; on a count, its value; on a time, the
    years of its earliest and latest instants. ``why`` says where the bounds come from. Such a
    value is valid (a record may be odd), but a :class:`DomainWarning` says so, and the
    strategies draw within these bounds unless asked for edge cases.
    """

    low: int
    high: int
    why: str


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: Characters text may not hold: control characters and lone surrogates (which no UTF-8 file can
#: hold). A regex character class body; the JSON Schema uses it too.
CONTROL_CHARACTERS: Final = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
CONTROL: Final = re.compile(f"[{CONTROL_CHARACTERS}]").search

Id = Annotated[
    str,
    at.MinLen(1),
    at.MaxLen(128),
    Matches(f"[^\\s{CONTROL_CHARACTERS}]+", "free of whitespace and control characters"),
]
Name = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(100)]
Title = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(200)]
ShortText = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(500)]
LongText = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(10_000)]
#: The years records of this field plausibly fall in: from the People's Republic's first year
#: to the end of this century (a programme year, a report, an activity).
FIRST_YEAR: Final = 1949
LAST_PLAUSIBLE_YEAR: Final = 2100
RECORDED_YEARS: Final = Plausible(
    FIRST_YEAR, LAST_PLAUSIBLE_YEAR, "records of this field start in 1949"
)
#: The most people any count of people may plausibly hold: more than the country's population.
MOST_PEOPLE: Final = 1_500_000_000

#: Years of the records of this field: the People's Republic's first year to a far horizon.
Year = Annotated[int, at.Ge(FIRST_YEAR), at.Le(2200)]


# -- how messages show values ---------------------------------------------------------------------

_SHORT: Final = 60


def _short(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


def _integer(value: int) -> str:
    if value.bit_length() > 200:  # far past any bound; str() of a huge int is slow or refused
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return str(value)


def show(value: object) -> str:
    """A value of the right type as a message shows it: short, and quoted like Python does."""
    if isinstance(value, enum.Enum):
        value = value.value
    if type(value) is int:
        return _integer(value)
    text = getattr(value, "format", None)
    if callable(text) and not isinstance(value, str):  # a value type: its text form
        return _short(repr(text()))
    return _short(repr(value))


def describe(value: object) -> str:
    """A value of the wrong type as a message names it: ``an array``, ``the string 'x'``."""
    if value is None:
        return "null"
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"  # a Python tuple is no JSON array: "a tuple", below
    if isinstance(value, str):
        return f"the string {_short(repr(str(value)))}"
    if type(value) is int:
        return f"the number {_integer(value)}"
    if isinstance(value, float):
        return f"the number {_short(repr(value))}"
    return f"a {type(value).__name__}"


def hidden(value: object) -> str:
    """A personal value as messages show it: its kind and length, never its content."""
    if isinstance(value, str):
        return f"{len(value)} characters, not shown: personal data"
    if isinstance(value, bool) or value is None:
        kind = describe(value)
    elif isinstance(value, int | float):
        kind = "a number"
    else:
        kind = describe(value) if isinstance(value, dict | list | tuple) else "a value"
    return f"{kind}, not shown: personal data"


def member_params(vocabulary: type[enum.Enum], value: str) -> dict[str, str]:
    """What :data:`ENUM_TEXT` says of ``value``: the member it names, else the first one."""
    parse = getattr(vocabulary, "parse", None)
    try:
        member = parse(value) if parse is not None else None
    except ValueError:
        member = None
    named = member if member is not None else next(iter(vocabulary))
    return {
        "vocabulary": vocabulary.__name__,
        "member": f"{vocabulary.__name__}.{named.name}",
        "text": _short(repr(value)),
    }


#: What ``strict=False`` does, as the library says it (the command line says it its own way).
LENIENT_REMEDY: Final = "strict=False ignores unknown fields"


def unit_word(base: Any, count: int) -> str:
    """What a length counts: characters of text, items of a list."""
    word = "character" if base is str else "item"
    return word if count == 1 else word + "s"


def control_params(text: str) -> dict[str, Any]:
    """Where the first forbidden character of ``text`` is, for the message."""
    bad = CONTROL(text)
    assert bad is not None
    return {"char": bad.group(), "position": bad.start()}


def duplicates(items: tuple[Any, ...]) -> Iterator[tuple[int, Any]]:
    """Each item given again, with its index (unknowns are never the same as each other)."""
    seen: set[Any] = set()
    for index, item in enumerate(items):
        if is_unknown(type(item)):
            continue
        if item in seen:
            yield index, item
        seen.add(item)


def show_item(item: object) -> str:
    """A list item as a duplicate message shows it: a reference as ``kind:id``."""
    text = getattr(item, "format", None)
    return repr(text()) if callable(text) and not isinstance(item, str) else show(item)


def implausible(value: Any, low: int, high: int) -> str | None:
    """How a value lies outside ``low``..``high`` (a number, a count's value, a time's years)."""
    number = getattr(value, "value", value)
    if type(number) is int:
        return None if low <= number <= high else show(number)
    first, last = getattr(value, "earliest", None), getattr(value, "latest", None)
    years = [moment.year for moment in (first, last) if moment is not None]
    if any(year < low or year > high for year in years):
        return str(value)
    return None


def decimal_places(value: Any) -> int:
    """How many places a decimal is written with (``Decimal("120.50")`` has 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def report_duplicates(items: tuple[Any, ...], path: Any, errors: list[Problem]) -> None:
    """One problem per item given again, at the item's place (``path`` renders lazily)."""
    for index, item in duplicates(items):
        errors.append(DUPLICATE.at(render((path, index)), got=show_item(item)))


# A path is "$", a string, or a (parent, step) pair: step ".name", "['odd key']" or an index.
PathLike = Any


def render(path: PathLike) -> str:
    """The JSON path text of a lazily built path: ``$.activities[3].title``."""
    steps = []
    while type(path) is tuple:
        path, step = path
        steps.append(f"[{step}]" if type(step) is int else step)
    return str(path) + "".join(reversed(steps))


# -- the table ------------------------------------------------------------------------------------

#: Binds a constant into generated code and returns the name it goes by there.
Bind = Callable[[Any], str]


@attrs.frozen(kw_only=True)
class Rule:
    """One kind of constraint.

    ``test(marker, x, bind)`` is the Python source of a condition true when the value ``x``
    breaks the rule; ``message(marker)`` the :class:`Message` then reported, with the parameters
    ``params(marker, x, base, bind)`` (the source of a dict display's items) and ``got``, the
    value as ``shows`` picks it out of ``x`` (hidden when the field is personal). ``step`` puts
    the problem below the value (``.kind`` of a reference); ``report`` names a function that
    reports several problems itself. Rules without a test (``Personal``) only mark a field, and
    ``applies(base)`` says on which base types a test runs. ``schema(marker, fragment)`` adds the
    rule to a JSON Schema fragment; ``bounds(marker)`` says what strategies must respect.
    """

    marker: type
    message: Callable[[Any], Message] | None = None
    test: Callable[[Any, str, Bind], str] | None = None
    params: Callable[[Any, str, Any, Bind], str] = lambda meta, x, base, bind: ""
    shows: str | None = None
    step: str = ""
    applies: Callable[[Any], bool] = lambda base: True
    report: Callable[[Any, Any, list[Problem]], None] | None = None
    after_items: bool = False  # a list rule that needs every item sound first
    severity: Severity = Severity.ERROR  # a warning rule never refuses a value
    schema: Callable[[Any, dict[str, Any]], None] = lambda meta, fragment: None
    bounds: Callable[[Any], dict[str, Any]] = lambda meta: {}


def _length_schema(meta: at.MinLen | at.MaxLen, fragment: dict[str, Any]) -> None:
    """``minLength``/``maxLength`` of a string, ``minItems``/``maxItems`` of an array."""
    unit = "Items" if fragment.get("type") == "array" else "Length"
    if isinstance(meta, at.MinLen):
        fragment[f"min{unit}"] = meta.min_length
    else:
        fragment[f"max{unit}"] = meta.max_length


def _ge_schema(meta: at.Ge, fragment: dict[str, Any]) -> None:
    if fragment.get("type") == "string":  # a decimal written as a string: no number rule there
        if meta.ge == 0:
            fragment["pattern"] = fragment["pattern"].replace("^-?", "^", 1)
    else:
        fragment["minimum"] = meta.ge


def _normalised_schema(meta: Normalised, fragment: dict[str, Any]) -> None:
    # Two patterns that run in linear time in any engine: nothing forbidden anywhere, and (as
    # loading strips the text first) at least one character that is not white space.
    fragment["pattern"] = f"^[^{CONTROL_CHARACTERS}]*$"
    fragment.setdefault("allOf", []).append({"pattern": r"\S"})


def _ref_kinds(meta: RefersTo) -> str:
    return ", ".join(sorted(kind.value for kind in meta.kinds))


RULES: Final[Mapping[type, Rule]] = {
    Normalised: Rule(
        marker=Normalised,
        message=lambda meta: CONTROL_CHARACTER,
        # printable text holds none of them: a quick test in C before the search
        test=lambda meta, x, bind: f"not {x}.isprintable() and {bind(CONTROL)}({x}) is not None",
        params=lambda meta, x, base, bind: f"**{bind(control_params)}({x})",
        schema=_normalised_schema,
        bounds=lambda meta: {"normalised": True},
    ),
    Personal: Rule(
        marker=Personal,
        schema=lambda meta, fragment: fragment.__setitem__("x-personal", True),
        bounds=lambda meta: {"personal": True},
    ),
    at.MinLen: Rule(
        marker=at.MinLen,
        message=lambda meta: EMPTY if meta.min_length == 1 else TOO_SHORT,
        test=lambda meta, x, bind: f"len({x}) < {meta.min_length}",
        params=lambda meta, x, base, bind: (
            f"'least': {meta.min_length}, 'found': len({x}), "
            f"'unit': {unit_word(base, meta.min_length)!r}"
        ),
        schema=_length_schema,
        bounds=lambda meta: {"min_len": meta.min_length},
    ),
    at.MaxLen: Rule(
        marker=at.MaxLen,
        message=lambda meta: TOO_LONG,
        test=lambda meta, x, bind: f"len({x}) > {meta.max_length}",
        params=lambda meta, x, base, bind: (
            f"'most': {meta.max_length}, 'found': len({x}), "
            f"'unit': {unit_word(base, meta.max_length)!r}"
        ),
        schema=_length_schema,
        bounds=lambda meta: {"max_len": meta.max_length},
    ),
    at.Ge: Rule(
        marker=at.Ge,
        message=lambda meta: TOO_SMALL,
        test=lambda meta, x, bind: f"{x} < {bind(meta.ge)}",
        params=lambda meta, x, base, bind: f"'floor': {bind(meta.ge)}",
        shows="{x}",
        schema=_ge_schema,
        bounds=lambda meta: {"ge": meta.ge},
    ),
    at.Le: Rule(
        marker=at.Le,
        message=lambda meta: TOO_LARGE,
        test=lambda meta, x, bind: f"{x} > {bind(meta.le)}",
        params=lambda meta, x, base, bind: f"'ceiling': {bind(meta.le)}",
        shows="{x}",
        schema=lambda meta, fragment: fragment.__setitem__("maximum", meta.le),
        bounds=lambda meta: {"le": meta.le},
    ),
    Matches: Rule(
        marker=Matches,
        message=lambda meta: PATTERN,
        test=lambda meta, x, bind: f"{bind(meta.regex.fullmatch)}({x}) is None",
        params=lambda meta, x, base, bind: f"'rule': {meta.rule!r}",
        shows="{x}",
        schema=lambda meta, fragment: fragment.__setitem__("pattern", f"^(?:{meta.pattern})$"),
        bounds=lambda meta: {"pattern": meta.pattern},
    ),
    RefersTo: Rule(
        marker=RefersTo,
        # On a Ref the kind is checked here; on an id, the integrity check resolves it.
        message=lambda meta: REFERENCE_KIND,
        test=lambda meta, x, bind: f"{x}.kind not in {bind(frozenset(meta.kinds))}",
        params=lambda meta, x, base, bind: f"'kinds': {_ref_kinds(meta)!r}",
        shows="{x}.kind",
        step=".kind",
        applies=lambda base: base is not str,
        schema=lambda meta, fragment: fragment.__setitem__(
            "x-refers-to", sorted(kind.value for kind in meta.kinds)
        ),
        bounds=lambda meta: {"refers_to": meta.kinds},
    ),
    CountsOf: Rule(
        marker=CountsOf,
        message=lambda meta: COUNTS_WHAT,
        test=lambda meta, x, bind: (
            f"{x}.unit is not None and {x}.unit not in {bind(frozenset(meta.words))}"
        ),
        params=lambda meta, x, base, bind: (
            f"'allowed': {' or '.join(f'{w.value} ({w.label})' for w in meta.words)!r}"
        ),
        shows="{x}",
        applies=lambda base: base is not str,
        schema=lambda meta, fragment: fragment.__setitem__(
            "x-counts", [word.value for word in meta.words]
        ),
        bounds=lambda meta: {"counts_of": meta.words},
    ),
    Places: Rule(
        marker=Places,
        message=lambda meta: PRECISION,
        test=lambda meta, x, bind: f"{bind(decimal_places)}({x}) > {meta.most}",
        params=lambda meta, x, base, bind: f"'places': {meta.most}",
        shows="str({x})",
        schema=lambda meta, fragment: fragment.__setitem__(
            "pattern",
            fragment["pattern"].replace(r"(?:\.[0-9]+)?", rf"(?:\.[0-9]{{1,{meta.most}}})?"),
        ),
        bounds=lambda meta: {"places": meta.most},
    ),
    Plausible: Rule(
        marker=Plausible,
        message=lambda meta: IMPLAUSIBLE,
        test=lambda meta, x, bind: f"{bind(implausible)}({x}, {meta.low}, {meta.high}) is not None",
        params=lambda meta, x, base, bind: (
            f"'low': {meta.low}, 'high': {meta.high}, 'why': {meta.why!r}, "
            f"'got': {bind(implausible)}({x}, {meta.low}, {meta.high})"
        ),
        applies=lambda base: True,
        severity=Severity.WARNING,
        schema=lambda meta, fragment: fragment.__setitem__(
            "x-plausible", {"low": meta.low, "high": meta.high, "why": meta.why}
        ),
        bounds=lambda meta: {"plausible": (meta.low, meta.high)},
    ),
    Unique: Rule(
        marker=Unique,
        message=lambda meta: DUPLICATE,
        # then unknowns are skipped; one item is unique: no set (nor a record's hash) made for it
        test=lambda meta, x, bind: f"len({x}) > 1 and len(set({x})) != len({x})",
        report=report_duplicates,
        schema=lambda meta, fragment: fragment.__setitem__("uniqueItems", True),
        bounds=lambda meta: {"unique": True},
        after_items=True,
    ),
}


# -- shapes and fields ----------------------------------------------------------------------------


@attrs.frozen
class Shape:
    """A field's type taken apart: the base type, its markers, whether null is allowed.

    ``item`` is the shape of a list's items (``tuple[X, ...]``); ``members`` the classes of a
    union (``PartialDate | pendulum.DateTime``). ``unknown`` is the class of an explicit
    "the source does not say" that the field takes besides its own type (``Time | Unknown``):
    like null, it is an alternative to the value, and every rule applies to the value alone.
    """

    base: Any
    markers: tuple[Any, ...] = ()
    nullable: bool = False
    item: Shape | None = None
    members: tuple[Any, ...] = ()
    unknown: Any = None

    def marker(self, kind: type) -> Any:
        """The first marker of ``kind``, or ``None``."""
        return next((meta for meta in self.markers if isinstance(meta, kind)), None)

    @property
    def personal(self) -> bool:
        return self.marker(Personal) is not None

    @property
    def refers_to(self) -> tuple[RecordKind, ...] | None:
        found = self.marker(RefersTo)
        return None if found is None else found.kinds


@functools.cache
def shape_of(tp: Any) -> Shape:
    """The :class:`Shape` of an annotation."""
    nullable = False
    unknown = None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        members = tuple(m for m in typing.get_args(tp) if m is not type(None))
        nullable = len(members) < len(typing.get_args(tp))
        unknowns = [m for m in members if is_unknown(m)]
        if unknowns:
            unknown = unknowns[0]
            members = tuple(m for m in members if m is not unknown)
        if len(members) > 1:
            return Shape(base=Union[members], nullable=nullable, members=members)  # noqa: UP007
        tp = members[0]
    markers: tuple[Any, ...] = ()
    if typing.get_origin(tp) is Annotated:
        tp, *metadata = typing.get_args(tp)
        markers = tuple(metadata)
    if typing.get_origin(tp) in (Union, types.UnionType):  # Annotated[A | B, ...]
        inner = shape_of(tp)
        return attrs.evolve(
            inner, markers=inner.markers + markers, nullable=nullable, unknown=unknown
        )
    item = shape_of(typing.get_args(tp)[0]) if typing.get_origin(tp) is tuple else None
    return Shape(base=tp, markers=markers, nullable=nullable, item=item, unknown=unknown)


def is_unknown(tp: Any) -> bool:
    """Whether ``tp`` is the class of an explicit unknown (its wire form is tagged ``unknown``)."""
    return isinstance(tp, type) and getattr(tp, "_wire_tag", None) == "unknown"


@attrs.frozen
class Field:
    """One wire field of a class: its name, its shape and its default (``NOTHING`` if required)."""

    name: str
    shape: Shape
    default: Any

    @property
    def required(self) -> bool:
        return self.default is attrs.NOTHING


@functools.cache
def fields_of(cls: type) -> tuple[Field, ...]:
    """The fields of ``cls`` that travel on the wire (those ``__init__`` takes), described once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(
        Field(name=field.name, shape=shape_of(hints[field.name]), default=field.default)
        for field in attrs.fields(typing.cast(Any, cls))
        if field.init
    )


def personal_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of ``cls`` that hold personal information (marked ``Personal()``)."""
    return tuple(field.name for field in fields_of(cls) if field.shape.personal)


@attrs.frozen(kw_only=True)
class Bounds:
    """What the rules of one field allow, for strategies that draw valid values directly."""

    min_len: int = 0
    max_len: int | None = None
    ge: Any = None
    le: Any = None
    pattern: str | None = None
    normalised: bool = False
    personal: bool = False
    unique: bool = False
    refers_to: tuple[RecordKind, ...] | None = None
    plausible: tuple[int, int] | None = None
    counts_of: tuple[MeasureWord, ...] | None = None
    places: int | None = None


def _bounds_of(shape: Shape) -> Bounds:
    found: dict[str, Any] = {}
    for meta in shape.markers:
        rule = RULES.get(type(meta))
        if rule is not None:
            found.update(rule.bounds(meta))
    return Bounds(**found)


def bounds(cls: type, name: str, *, item: bool = False) -> Bounds:
    """The bounds the rules put on field ``name`` of ``cls`` (``item=True``: on its items)."""
    for field in fields_of(cls):
        if field.name == name:
            shape = field.shape
            if item:
                assert shape.item is not None, f"{cls.__name__}.{name} is not a list"
                shape = shape.item
            return _bounds_of(shape)
    raise KeyError(f"{cls.__name__} has no field {name!r}")


def type_bounds(tp: Any) -> Bounds:
    """The bounds of an annotation such as :data:`Year`."""
    return _bounds_of(shape_of(tp))
