"""Between records and plain JSON-ready structures: strict, complete, and fast.

cattrs' generated hooks coerce (``"1"`` becomes ``1``), stop at the first failing validator and
lose its path. So each of our classes gets a loader generated from its description
(:mod:`.._codegen`): it checks every field's JSON type and every rule, collects *all* problems
with their JSON paths, and only then builds the instance, without running the checks a second
time in ``__init__``. Cross-field rules run once the fields are sound. :func:`make_converter`
registers these loaders and dumpers in a cattrs converter, for users who embed our classes in
their own attrs classes.

Classes say how they travel (``_wire_form``): records as objects, value types as their text.
The collection and its document format sit above this layer and register nothing here.
"""

from __future__ import annotations

import contextlib
import functools
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import orjson
import pendulum

from community_model._codegen import BAD, Generator, expected_text, hides, key_step, wire_form
from community_model._entities import ENTITY_TYPES, Entity
from community_model._errors import (
    MAX_PROBLEMS,
    Message,
    Problem,
    ProblemCapReached,
    Problems,
    ValidationError,
)
from community_model._messages import (
    INVALID,
    LENGTH,
    NOT_OBJECT,
    REQUIRED,
    TAG,
    TAG_MISSING,
    TYPE,
    UNKNOWN_FIELD,
)
from community_model._rules import Shape, describe, fields_of, hidden, render
from community_model._runtime import gc_paused
from community_model._values.when import format_moment, parse_moment

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "RECORD_TYPES",
    "TYPE_TAGS",
    "Codecs",
    "codecs",
    "dump_items_json",
    "dump_json",
    "from_dict",
    "is_ours",
    "make_converter",
    "nesting",
    "to_dict",
    "to_wire",
]

T = TypeVar("T")

#: Entity class of each JSON Lines ``type`` tag, and back.
RECORD_TYPES: Final[dict[str, type[Entity]]] = {cls.record_kind.value: cls for cls in ENTITY_TYPES}
TYPE_TAGS: Final[dict[type[Entity], str]] = {cls: tag for tag, cls in RECORD_TYPES.items()}


Loader = Callable[[Any, Any, list[Problem]], Any]
Dumper = Callable[[Any], Any]


def is_ours(cls: object) -> bool:
    """Whether ``cls`` is a record or value class this layer reads and writes."""
    return cls is Entity or wire_form(cls) in ("record", "text")


class Codecs:
    """Loaders and dumpers compiled per type, for one setting of ``strict``.

    Record classes get generated functions; value types read from their text, small closures.
    A loader takes the JSON value, its path (built lazily, see ``_rules.render``) and the list
    problems go to; it returns the value, or ``BAD`` after recording why.
    """

    def __init__(self, *, strict: bool) -> None:
        self._loaders: dict[Any, Loader] = {}
        self._dumpers: dict[tuple[Any, bool], Dumper] = {}
        self._tagged: dict[Any, Dumper] = {}
        self._generator = Generator(strict=strict, loader_of=self.loader, dumper_of=self.dumper)

    def cache_clear(self) -> None:
        """Forget every compiled loader and dumper (see ``_runtime.forget_worked_out``)."""
        self._loaders.clear()
        self._dumpers.clear()
        self._tagged.clear()

    def loader(self, tp: Any) -> Loader:
        """The loader of a record class, a value type, ``Entity`` or ``tuple[X, ...]`` of them."""
        found = self._loaders.get(tp)
        if found is None:
            found = self._loaders[tp] = self._compile_loader(tp)
        return found

    def dumper(self, tp: Any, *, wire: bool = False) -> Dumper:
        """The dumper of a record class or a value type (lists are dumped item by item, each
        by its own class: see ``_dump_items``).

        Plain data (``to_dict``) by default; ``wire=True``: data for orjson alone, which writes
        the same bytes (vocabulary members and tuples handed over as they are).
        """
        key = (tp, wire)
        found = self._dumpers.get(key)
        if found is None:
            found = self._dumpers[key] = self._compile_dumper(tp, wire)
        return found

    def tagged_dumper(self, cls: type) -> Dumper:
        """The dumper of an entity class with its ``type`` tag first (a line of JSON Lines),
        data for orjson alone (``wire=True``: JSON Lines is written only through orjson)."""
        found = self._tagged.get(cls)
        if found is None:  # the caller (``jsonl``) has refused anything but a record
            found = self._tagged[cls] = self._generator.dumper(cls, wire=True, tag=TYPE_TAGS[cls])
        return found

    def record_loader(self, cls: type, ignore: str) -> Loader:
        """The generated loader of any record class (the document format's collection, which
        ``ignore``s its ``schema_version``)."""
        return self._generator.loader(cls, ignore)

    def record_dumper(self, cls: type, *, wire: bool) -> Dumper:
        """The generated dumper of any record class."""
        return self._generator.dumper(cls, wire=wire)

    def _compile_loader(self, tp: Any) -> Loader:
        if typing.get_origin(tp) is tuple:
            return _tuple_loader(self.loader(typing.get_args(tp)[0]))
        if tp is Entity:
            return self._tagged_loader()
        form = wire_form(tp)
        if form == "text":
            return _text_loader(tp)
        if form == "record":
            return self._generator.loader(tp)
        raise TypeError(f"no wire form for {tp!r}")  # pragma: no cover - a bug in a class

    def _tagged_loader(self) -> Loader:
        loaders = {tag: self._generator.loader(cls, "type") for tag, cls in RECORD_TYPES.items()}
        codes = ", ".join(repr(tag) for tag in RECORD_TYPES)

        def load_tagged(raw: Any, path: Any, errors: list[Problem]) -> Any:
            if type(raw) is not dict:
                errors.append(NOT_OBJECT.at(render(path), owner="a record", got=describe(raw)))
                return BAD
            tag = raw.get("type", BAD)
            load = loaders.get(tag) if type(tag) is str else None
            if load is None:
                where = render(path) + ".type"
                if tag is BAD:
                    errors.append(TAG_MISSING.at(where, codes=codes))
                else:
                    errors.append(TAG.at(where, codes=codes, got=describe(tag)))
                return BAD
            return load(raw, path, errors)

        return load_tagged

    def _compile_dumper(self, tp: Any, wire: bool) -> Dumper:
        form = wire_form(tp)
        if form == "text":
            return _format_text
        if form == "record":
            return self._generator.dumper(tp, wire=wire)
        raise TypeError(f"no wire form for {tp!r}")  # pragma: no cover - a bug in a class


def _format_text(value: Any) -> Any:
    return value.format()


_TEXT_CACHE: Final = 4096


def _tuple_loader(item: Loader, *, release: bool = False) -> Loader:
    """The loader of a JSON array of ``item`` as a tuple.

    ``release``: the array is the caller's own and not needed after (the tree ``loads``
    parsed): each item is let go once loaded, so the tree shrinks as the records grow and the
    memory it held is reused while still in the caches (4-7% faster for 5,000 and 20,000
    activities) instead of being freed in one sweep at the end.
    """

    def load_tuple(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not list:
            errors.append(TYPE.at(render(path), expected="an array", got=describe(raw)))
            return BAD
        before = len(errors)
        if release:
            values: list[Any] = []
            for index in range(len(raw)):
                value = raw[index]
                raw[index] = None
                values.append(item(value, (path, index), errors))
        else:
            values = [item(value, (path, index), errors) for index, value in enumerate(raw)]
        return BAD if len(errors) != before else tuple(values)

    return load_tuple


def _text_loader(cls: Any) -> Loader:
    # Values are immutable, and real data repeats them (dates, codes): parse each text once.
    # Not personal ones (a ResidentId): a cache for the life of the process would keep them.
    personal = hides(Shape(base=cls))
    parse = cls.parse if personal else functools.lru_cache(maxsize=_TEXT_CACHE)(cls.parse)
    name = cls.__name__
    expected = expected_text(Shape(base=cls))
    shown = hidden if personal else describe

    def refuse(error: ValidationError, path: Any, errors: list[Problem]) -> Any:
        where = render(path)
        errors.extend(_not_a_value(found, where, name) for found in error.errors)
        return BAD

    def load_text(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not str:
            errors.append(TYPE.at(render(path), expected=expected, got=shown(raw)))
            return BAD
        try:
            return parse(raw)
        except ValidationError as error:
            return refuse(error, path, errors)

    # Generated loaders read a value's text themselves: the cached parse, and what a refused
    # text records.
    load_text.parse_text = parse  # type: ignore[attr-defined]
    load_text.refuse = refuse  # type: ignore[attr-defined]
    return load_text


def _not_a_value(found: Problem, where: str, name: str) -> Problem:
    """A problem of a value's text, seen at the field that holds it."""
    message = Message(found.code, "{field} is not a valid {value_type}: {reason}", found.severity)
    return message.at(where, value_type=name, reason=found.message, inner=dict(found.params))


_STRICT: Final = Codecs(strict=True)
_LENIENT: Final = Codecs(strict=False)


def codecs(*, strict: bool) -> Codecs:
    """The compiled loaders and dumpers for one setting of ``strict``."""
    return _STRICT if strict else _LENIENT


# -- public functions ----------------------------------------------------------------------


def is_sequence_of_ours(cls: Any) -> bool:
    """``list[X]`` or ``tuple[X, ...]`` of a class of ours (a fixed-length tuple is not)."""
    args = typing.get_args(cls)
    origin = typing.get_origin(cls)
    if origin is list:
        return len(args) == 1 and is_ours(args[0])
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis and is_ours(args[0])


def as_tuple(cls: Any) -> Any:
    """``list[X]`` and ``tuple[X, ...]`` load as ``tuple[X, ...]`` (a list is made at the end)."""
    if is_sequence_of_ours(cls):
        item: Any = typing.get_args(cls)[0]
        return tuple[item, ...]
    return cls


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


def to_dict(obj: Any) -> Any:
    """A record or value as plain JSON-ready Python data (dicts, lists, str, int, bool)."""
    return _dump(obj, wire=False)


def to_wire(obj: Any) -> Any:
    """A record or value as data that ``orjson.dumps`` writes as :func:`to_dict`'s would be
    written, with less work: vocabulary members and tuples are left for orjson to write."""
    return _dump(obj, wire=True)


def _dump(obj: Any, *, wire: bool) -> Any:
    cls = type(obj)
    if cls is list or cls is tuple:
        with gc_paused():
            return _dump_items(obj, wire)
    if not is_ours(cls):
        return _default_converter().unstructure(obj)
    with gc_paused():
        return _STRICT.dumper(cls, wire=wire)(obj)


def dump_json(obj: Any) -> bytes | bytearray:
    """The compact JSON of a record, value or list of them: the bytes ``orjson.dumps`` writes of
    :func:`to_dict`'s data (``dumpb`` and ``dumps`` take it as it is or decode it).

    A list of records of one class is written a record at a time into one buffer: each record's
    dicts are freed as soon as it is written, while they are still in the processor's cache,
    and no list of the whole is ever built.
    """
    cls = type(obj)
    if cls is list or cls is tuple:
        return dump_items_json(obj)
    return orjson.dumps(to_wire(obj))


def dump_items_json(items: Any) -> bytes | bytearray:
    """The compact JSON array of ``items`` (see :func:`dump_json`)."""
    classes = set(map(type, items))
    if len(classes) != 1 or not is_ours(next(iter(classes))):
        return orjson.dumps(to_wire(list(items)))
    dump = _STRICT.dumper(classes.pop(), wire=True)
    write = orjson.dumps
    out = bytearray(b"[")
    for item in items:
        out += write(dump(item))
        out += b","
    out[-1:] = b"]"  # in place of the last comma
    return out


def _dump_items(items: Any, wire: bool) -> list[Any]:
    """A list's items; a list of one class of ours (the usual case) through one dumper."""
    classes = set(map(type, items))
    if len(classes) == 1:
        (cls,) = classes
        if is_ours(cls):
            return list(map(_STRICT.dumper(cls, wire=wire), items))
    dumper = _STRICT.dumper
    return [
        dumper(type(item), wire=wire)(item) if is_ours(type(item)) else _dump(item, wire=wire)
        for item in items
    ]


def nesting(cls: Any) -> int | None:
    """How deep the JSON of ``cls`` nests at most (``limits.max_depth`` counts the same way:
    an object holding scalars is 1 deep); ``None`` when it is not one of ours or not bounded.

    A strict loader reads nothing it does not know, and refuses a container where its field
    takes anything else, so a tree it accepts is at most this deep.
    """
    if is_sequence_of_ours(cls):
        inner = nesting(typing.get_args(cls)[0])
        return None if inner is None else inner + 1
    if cls is Entity:
        depths = [_record_nesting(typing.cast(Any, entity), ()) for entity in ENTITY_TYPES]
        return None if None in depths else max(typing.cast(list[int], depths))
    if wire_form(cls) == "text":
        return 0
    if wire_form(cls) in ("record", "document"):
        return _record_nesting(cls, ())
    return None


@functools.cache
def _record_nesting(cls: Any, seen: tuple[Any, ...]) -> int | None:
    if cls in seen:  # a class that holds itself: no bound
        return None
    deepest = 0
    for field in fields_of(cls):
        found = _shape_nesting(field.shape, (*seen, cls))
        if found is None:
            return None
        deepest = max(deepest, found)
    return deepest + 1


def _shape_nesting(shape: Shape, seen: tuple[Any, ...]) -> int | None:
    depths = []
    if shape.unknown is not None:
        depths.append(_record_nesting(shape.unknown, seen))
    if shape.item is not None:
        inner = _shape_nesting(shape.item, seen)
        depths.append(None if inner is None else inner + 1)
    else:
        for cls in shape.members or (shape.base,):
            if wire_form(cls) == "record":
                depths.append(_record_nesting(cls, seen))
            elif attrs.has(cls) and wire_form(cls) != "text":  # pragma: no cover - not ours
                depths.append(None)
            else:
                depths.append(0)
    return None if None in depths else max(typing.cast(list[int], depths))


def load_capped(load: Loader, data: Any, cap: int | None) -> Any:
    """``load(data)`` with at most ``cap`` problems: past them the work stops, and the
    :class:`ValidationError` ends with a problem that says so."""
    errors = Problems(cap)
    try:
        with gc_paused():
            value = load(data, "$", errors)
    except ProblemCapReached:
        value = BAD
    if value is BAD:
        raise ValidationError(errors.finished())
    return value


def from_dict(
    data: Any,
    cls: type[T],
    *,
    strict: bool = True,
    max_problems: int | None = MAX_PROBLEMS,
    release: bool = False,
) -> T:
    """Build ``cls`` from plain Python data; every problem in one :class:`ValidationError`.

    At most ``max_problems`` problems are collected: the work stops at the next one.
    ``release``: ``data`` is the caller's own and not needed after (a tree ``loads`` parsed):
    the items of a list of records are taken out of it as they are loaded.
    """
    if is_ours(cls) or is_sequence_of_ours(cls):
        table = codecs(strict=strict)
        if release and is_sequence_of_ours(cls):
            load = _tuple_loader(table.loader(typing.get_args(cls)[0]), release=True)
        else:
            load = table.loader(as_tuple(cls))
        value = load_capped(load, data, max_problems)
        return typing.cast(T, list(value) if typing.get_origin(cls) is list else value)
    try:
        return make_converter(strict=strict).structure(data, cls)
    except Exception as error:
        found = Problems(max_problems)
        with contextlib.suppress(ProblemCapReached):
            found.extend(problems_from_cattrs(error, "$"))
        raise ValidationError(found.finished()) from None


def problems_from_cattrs(error: BaseException, path: str) -> list[Problem]:
    """The problems in an exception cattrs raised while structuring, each at its JSON path."""
    # cattrs is imported only where a call needs it (converters for classes of the user's own).
    from cattrs.errors import (  # noqa: PLC0415
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    if isinstance(error, ValidationError):
        return [found.under(path) for found in error.errors]
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            UNKNOWN_FIELD.at(
                path + key_step(key), key=key, owner=error.cl.__name__, remedy="strict=False"
            )
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        for inner in error.exceptions:
            found.extend(problems_from_cattrs(inner, path + _note_suffix(inner)))
        return found
    if isinstance(error, KeyError):
        return [REQUIRED.at(path)]
    return [INVALID.at(path, reason=str(error))]


def _note_suffix(error: BaseException) -> str:
    from cattrs.errors import AttributeValidationNote, IterableValidationNote  # noqa: PLC0415

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index!r}]"
    return ""


_EXPECTED: Final = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _strict_primitive(kind: type) -> Callable[[Any, Any], Any]:
    expected = _EXPECTED[kind]

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise TYPE.error(expected=expected, got=describe(value))
        return value

    return structure


def make_converter(*, strict: bool = True) -> cattrs.Converter:
    """A cattrs converter that knows our classes, for attrs classes of your own.

    Our classes are structured and unstructured exactly as :func:`from_dict` and :func:`to_dict`
    do; ``str``, ``int``, ``float`` and ``bool`` are strict (no coercion: ``"1"`` is not an int,
    ``true`` is not an int); ``pendulum.DateTime`` travels as ISO 8601 with its offset and comes
    back as ``pendulum.DateTime``; ``strict`` refuses unknown keys. Each call returns a new
    converter: configure it freely.
    """
    import cattrs  # noqa: PLC0415 - only converters for classes of the user's own need it

    converter = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=True)
    table = codecs(strict=strict)

    def structure_ours(value: Any, cls: Any) -> Any:
        return load_capped(table.loader(cls), value, MAX_PROBLEMS)

    converter.register_structure_hook_func(is_ours, structure_ours)
    converter.register_unstructure_hook_func(is_ours, lambda obj: table.dumper(type(obj))(obj))
    for kind in (str, int, float, bool):
        converter.register_structure_hook(kind, _strict_primitive(kind))
    converter.register_structure_hook_func(_is_fixed_tuple, _fixed_tuple(converter))
    converter.register_structure_hook(pendulum.DateTime, lambda value, _: _moment(value))
    converter.register_unstructure_hook(pendulum.DateTime, format_moment)
    return converter


def _is_fixed_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and bool(args) and args[-1] is not Ellipsis


def _fixed_tuple(converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """The hook of ``tuple[A, B, ...]`` of a fixed length: exactly that many items, each its
    type (cattrs would ignore items past the types, or stop at the first missing one)."""

    def structure(value: Any, cls: Any) -> Any:
        types = typing.get_args(cls)
        if type(value) is not list and type(value) is not tuple:
            raise TYPE.error(expected="an array", got=describe(value))
        if len(value) != len(types):
            raise LENGTH.error(expected=len(types), got=len(value))
        problems: list[Problem] = []
        items = []
        for index, (item, tp) in enumerate(zip(value, types, strict=True)):
            try:
                items.append(converter.structure(item, tp))
            except Exception as error:
                problems.extend(problems_from_cattrs(error, f"$[{index}]"))
        if problems:
            raise ValidationError(problems)
        return tuple(items)

    return structure


def _moment(value: Any) -> pendulum.DateTime:
    if type(value) is not str:
        raise TYPE.error(expected="an ISO 8601 moment as a string", got=describe(value))
    return parse_moment(value)
