"""Between records and plain JSON-ready structures: strict, complete, and fast.

cattrs' generated hooks coerce (``"1"`` becomes ``1``), stop at the first failing validator and
lose its path. So each of our classes gets a loader compiled here from its annotations: it checks
every field's JSON type and every rule, collects *all* problems with their JSON paths, and only
then builds the instance, without running the checks a second time in ``__init__``. Cross-field
rules run once the fields are sound. :func:`make_converter` registers these loaders and dumpers in
a cattrs converter, for users who embed our classes in their own attrs classes.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gc
import re
import threading
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any, Final, TypeVar, Union

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from community_model._codegen import (
    BAD,
    MISSING,
    Generator,
    e_enum,
    e_not_object,
    e_type,
    json_type,
    key_step,
    render,
)
from community_model._dataset import COLLECTIONS, SCHEMA_VERSION, Dataset
from community_model._entities import (
    ENTITY_TYPES,
    Compound,
    Decision,
    Entity,
    Funding,
    Outcome,
    Ref,
    Source,
    Votes,
)
from community_model._errors import Problem, ValidationError
from community_model._validation import Record, compile_checker, problem
from community_model._values import (
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Money,
    PartialDate,
    ResidentId,
    When,
)
from community_model._values.when import format_moment, parse_moment

__all__ = [
    "RECORD_TYPES",
    "TYPE_TAGS",
    "from_dict",
    "make_converter",
    "to_dict",
]

T = TypeVar("T")

#: Entity class of each JSON Lines ``type`` tag, and back.
RECORD_TYPES: Final[dict[str, type[Entity]]] = {cls.record_kind.value: cls for cls in ENTITY_TYPES}
TYPE_TAGS: Final[dict[type[Entity], str]] = {cls: tag for tag, cls in RECORD_TYPES.items()}

#: Value types whose wire form is their text form (``parse`` / ``format``).
TEXT_TYPES: Final = (DivisionCode, CreditCode, When, PartialDate, Money, ResidentId)

#: Every public class ``loads`` reads (and hypothesis' ``from_type`` draws).
LOADABLE_TYPES: Final[tuple[type, ...]] = (
    *ENTITY_TYPES,
    Entity,
    Dataset,
    Compound,
    Count,
    CreditCode,
    Decision,
    DivisionCode,
    Funding,
    Measurement,
    Money,
    Outcome,
    PartialDate,
    Ref,
    ResidentId,
    Source,
    Votes,
    When,
)

_DECIMAL: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


Loader = Callable[[Any, Any, list[Problem]], Any]
Dumper = Callable[[Any], Any]


def _last_name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def key_path(path: str, key: str) -> str:
    """The path of ``key`` in the object at ``path``: ``$.a.b``, or ``$.a['odd key']``."""
    return path + key_step(key)


def is_ours(cls: object) -> bool:
    """Whether ``cls`` is a class this module has a loader for."""
    return isinstance(cls, type) and (issubclass(cls, Record) or cls is Entity)


class _Codecs:
    """Loaders and dumpers compiled per type, for one setting of ``strict``.

    Record classes get generated functions (:mod:`community_model._codegen`); the rest (value
    types read from their text, decimals, vocabularies) small closures. A loader takes the JSON
    value, its path (built lazily, see ``_codegen.render``) and the list problems go to; it
    returns the value, or ``BAD`` after recording why.
    """

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self._loaders: dict[Any, Loader] = {}
        self._dumpers: dict[Any, Dumper] = {}
        self._generator = Generator(
            strict=strict,
            loader_of=self.loader,
            dumper_of=self.dumper,
            text_types=TEXT_TYPES,
        )

    def loader(self, tp: Any) -> Loader:
        found = self._loaders.get(tp)
        if found is None:
            found = self._loaders[tp] = self._compile_loader(tp)
        return found

    def dumper(self, tp: Any) -> Dumper:
        found = self._dumpers.get(tp)
        if found is None:
            found = self._dumpers[tp] = self._compile_dumper(tp)
        return found

    def _compile_loader(self, tp: Any) -> Loader:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            return _annotated_loader(self.loader(typing.get_args(tp)[0]), compile_checker(tp))
        if origin in (Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(members) != 1:
                raise TypeError(f"no wire form for the union {tp!r}")  # pragma: no cover
            inner = self.loader(members[0])
            return lambda raw, path, errors: None if raw is None else inner(raw, path, errors)
        if origin is tuple:
            return _tuple_loader(self.loader(typing.get_args(tp)[0]))
        if tp is Entity:
            return self._tagged_loader()
        if tp is Dataset:
            return self._document_loader()
        if isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return _enum_loader(tp)
            if issubclass(tp, TEXT_TYPES):
                return _text_loader(tp)
            if issubclass(tp, Record):
                return self._generator.loader(tp)
        if tp in (str, int, bool):
            return _primitive_loader(tp)
        if tp is Decimal:
            return _decimal_loader
        raise TypeError(f"no wire form for {tp!r}")  # pragma: no cover - a bug in a class

    def _document_loader(self) -> Loader:
        load_lists = self._generator.loader(Dataset, "schema_version")

        def load_document(raw: Any, path: Any, errors: list[Problem]) -> Any:
            if type(raw) is not dict:
                errors.append(e_not_object(path, "a document", raw))
                return BAD
            version = raw.get("schema_version", MISSING)
            where = render(path) + ".schema_version"
            if version is MISSING:
                message = (
                    "a document must give its 'schema_version' "
                    f"(this library reads versions up to {SCHEMA_VERSION})"
                )
                errors.append(problem(where, "missing", message))
            elif type(version) is not int or version < 1:
                message = (
                    f"'schema_version' must be a whole number from 1 (got {json_type(version)})"
                )
                errors.append(problem(where, "type", message))
            elif version > SCHEMA_VERSION:
                message = (
                    f"the document was written with schema version {version}, newer than this "
                    f"library reads ({SCHEMA_VERSION}); upgrade community_model to read it"
                )
                errors.append(problem(where, "newer_schema", message))
            else:
                return load_lists(raw, path, errors)
            return BAD

        return load_document

    def _tagged_loader(self) -> Loader:
        loaders = {tag: self._generator.loader(cls, "type") for tag, cls in RECORD_TYPES.items()}
        tags = ", ".join(repr(tag) for tag in RECORD_TYPES)

        def load_tagged(raw: Any, path: Any, errors: list[Problem]) -> Any:
            if type(raw) is not dict:
                errors.append(e_not_object(path, "a record", raw))
                return BAD
            tag = raw.get("type", MISSING)
            load = loaders.get(tag) if type(tag) is str else None
            if load is None:
                found = "nothing" if tag is MISSING else json_type(tag)
                errors.append(
                    problem(
                        render(path) + ".type",
                        "missing" if tag is MISSING else "enum",
                        f"'type' must be one of {tags} (got {found})",
                    )
                )
                return BAD
            return load(raw, path, errors)

        return load_tagged

    def _compile_dumper(self, tp: Any) -> Dumper:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            return self.dumper(typing.get_args(tp)[0])
        if origin in (Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            return self.dumper(members[0])
        if origin is tuple:
            item = self.dumper(typing.get_args(tp)[0])
            return lambda values: [item(value) for value in values]
        if tp is Entity:
            return self._tagged_dumper
        if tp is Dataset:
            return self._document_dumper()
        if isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return _enum_value
            if issubclass(tp, TEXT_TYPES):
                return _format_text
            if issubclass(tp, Record):
                return self._generator.dumper(tp)
        if tp is Decimal:
            return _format_decimal
        if tp in (str, int, bool):
            return _identity
        raise TypeError(f"no wire form for {tp!r}")  # pragma: no cover - a bug in a class

    def _document_dumper(self) -> Dumper:
        dump_lists = self._generator.dumper(Dataset)

        def dump_document(dataset: Any) -> dict[str, Any]:
            lists = dump_lists(dataset)
            return {
                "schema_version": SCHEMA_VERSION,
                **{name: lists.get(name, []) for name in COLLECTIONS.values()},
            }

        return dump_document

    def _tagged_dumper(self, obj: Any) -> dict[str, Any]:
        tag = TYPE_TAGS.get(type(obj))
        if tag is None:
            raise TypeError(f"not a record with a type tag: {type(obj).__name__}")
        return {"type": tag, **self.dumper(type(obj))(obj)}


def _identity(value: Any) -> Any:
    return value


def _enum_value(member: Any) -> Any:
    return member.value


def _format_text(value: Any) -> Any:
    return value.format()


def _format_decimal(value: Decimal) -> str:
    return f"{value:f}"


def _relocated(found: list[Problem], path: Any) -> list[Problem]:
    """Problems a checker recorded at a placeholder path, moved to the real one."""
    where = render(path)
    name = f"'{where.rsplit('.', 1)[-1]}'"
    return [
        attrs.evolve(p, path=where + p.path[len(_HERE) :], message=p.message.replace("'$'", name))
        for p in found
    ]


_HERE: Final = "$"
_TEXT_CACHE: Final = 4096


def _annotated_loader(base: Loader, check: Callable[[Any, str, list[Problem]], Any]) -> Loader:
    def load_annotated(raw: Any, path: Any, errors: list[Problem]) -> Any:
        before = len(errors)
        value = base(raw, path, errors)
        if len(errors) != before:
            return BAD
        found: list[Problem] = []
        value = check(value, _HERE, found)
        if found:
            errors.extend(_relocated(found, path))
            return BAD
        return value

    return load_annotated


def _primitive_loader(kind: type) -> Loader:
    check = compile_checker(kind)

    def load_primitive(raw: Any, path: Any, errors: list[Problem]) -> Any:
        found: list[Problem] = []
        check(raw, _HERE, found)
        if found:
            errors.extend(_relocated(found, path))
            return BAD
        return raw

    return load_primitive


def _tuple_loader(item: Loader) -> Loader:
    def load_tuple(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not list:
            errors.append(e_type(path, "", "a JSON array", raw))
            return BAD
        before = len(errors)
        values = tuple([item(value, (path, index), errors) for index, value in enumerate(raw)])
        return BAD if len(errors) != before else values

    return load_tuple


def _enum_loader(cls: type[enum.Enum]) -> Loader:
    members = {member.value: member for member in cls}
    codes = ", ".join(repr(code) for code in members)

    def load_enum(raw: Any, path: Any, errors: list[Problem]) -> Any:
        member = members.get(raw) if type(raw) is str else None
        if member is None:
            errors.append(e_enum(path, "", codes, raw))
            return BAD
        return member

    return load_enum


def _text_loader(cls: Any) -> Loader:
    # Values are immutable, and real data repeats them (dates, codes): parse each text once.
    parse = functools.lru_cache(maxsize=_TEXT_CACHE)(cls.parse)
    name = cls.__name__

    def load_text(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not str:
            errors.append(e_type(path, "", f"a string in the {name} text form", raw))
            return BAD
        try:
            return parse(raw)
        except ValidationError as error:
            where = render(path)
            field = f"'{where.rsplit('.', 1)[-1]}'"
            errors.extend(
                attrs.evolve(
                    found,
                    path=where,
                    message=f"{field} is not a valid {name}: {found.message}",
                )
                for found in error.errors
            )
            return BAD

    return load_text


def _decimal_loader(raw: Any, path: Any, errors: list[Problem]) -> Any:
    if type(raw) is not str or _DECIMAL.fullmatch(raw) is None:
        expected = 'a decimal number written as a string, such as "120.5"'
        errors.append(e_type(path, "", expected, raw))
        return BAD
    return Decimal(raw)


_STRICT: Final = _Codecs(strict=True)
_LENIENT: Final = _Codecs(strict=False)


def codecs(*, strict: bool) -> _Codecs:
    """The compiled loaders and dumpers for one setting of ``strict``."""
    return _STRICT if strict else _LENIENT


# -- public functions ----------------------------------------------------------------------


def _is_sequence_of_ours(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) in (list, tuple) and len(args) in (1, 2) and is_ours(args[0])


def _as_tuple(cls: Any) -> Any:
    """``list[X]`` and ``tuple[X, ...]`` load as ``tuple[X, ...]`` (a list is made at the end)."""
    if _is_sequence_of_ours(cls):
        item: Any = typing.get_args(cls)[0]
        return tuple[item, ...]
    return cls


_GC_LOCK: Final = threading.Lock()
_GC_STATE: Final[dict[str, Any]] = {"depth": 0, "was_enabled": False}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large input becomes records.

    Building many objects while a large parsed tree is alive makes the collector walk the whole
    heap again and again: two thirds of the time of a 20,000-record load. Records hold no
    reference cycles, so nothing is lost by waiting. Threads share one pause (a counter under a
    lock): the collector comes back, if it was on, when the last of them is done.
    """
    with _GC_LOCK:
        if _GC_STATE["depth"] == 0:
            _GC_STATE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_STATE["depth"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["depth"] -= 1
            if _GC_STATE["depth"] == 0 and _GC_STATE["was_enabled"]:
                gc.enable()


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


def to_dict(obj: Any) -> Any:
    """A record or value as plain JSON-ready Python data (dicts, lists, str, int, bool).

    A value type with a text form gives its text; an entity gives a dict without a type tag;
    :class:`~community_model.Dataset` gives the document with its ``schema_version``.
    """
    cls = type(obj)
    if cls is list or cls is tuple:
        dumpers = _STRICT.dumper
        with gc_paused():
            return [
                dumpers(type(item))(item) if is_ours(type(item)) else to_dict(item) for item in obj
            ]
    if not is_ours(cls):
        return _default_converter().unstructure(obj)
    with gc_paused():
        return _STRICT.dumper(cls)(obj)


def from_dict(data: Any, cls: type[T], *, strict: bool = True) -> T:
    """Build ``cls`` from plain Python data, as :func:`~community_model.loads` does from JSON.

    Every problem is reported in one :class:`~community_model.ValidationError`. ``cls`` may be
    :class:`~community_model.Entity` to read a record tagged with its ``type``, ``list[X]`` or
    ``tuple[X, ...]`` of our classes, or any attrs class of yours whose fields use our types
    (through :func:`make_converter`).
    """
    if is_ours(cls) or _is_sequence_of_ours(cls):
        errors: list[Problem] = []
        with gc_paused():
            value = codecs(strict=strict).loader(_as_tuple(cls))(data, "$", errors)
        if value is BAD:
            raise ValidationError(errors)
        return typing.cast(T, list(value) if typing.get_origin(cls) is list else value)
    try:
        return make_converter(strict=strict).structure(data, cls)
    except Exception as error:
        raise ValidationError(problems_from_cattrs(error, "$")) from None


def problems_from_cattrs(error: BaseException, path: str) -> list[Problem]:
    """The problems in an exception cattrs raised while structuring, each at its JSON path."""
    if isinstance(error, ValidationError):
        return [attrs.evolve(found, path=path + found.path[1:]) for found in error.errors]
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            problem(
                key_path(path, key),
                "unknown_field",
                f"{key!r} is not a field of {error.cl.__name__}",
            )
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        for inner in error.exceptions:
            found.extend(problems_from_cattrs(inner, path + _note_suffix(inner)))
        return found
    if isinstance(error, KeyError):
        return [problem(path, "missing", f"'{_last_name(path)}' is required")]
    return [problem(path, "invalid", f"{_last_name(path)!r}: {error}")]


def _note_suffix(error: BaseException) -> str:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index!r}]"
    return ""


def _strict_primitive(kind: type) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise ValidationError(
                [problem("$", "type", f"must be {kind.__name__} (got {json_type(value)})")]
            )
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
    converter = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=True)
    table = codecs(strict=strict)

    def structure_ours(value: Any, cls: Any) -> Any:
        errors: list[Problem] = []
        result = table.loader(cls)(value, "$", errors)
        if result is BAD:
            raise ValidationError(errors)
        return result

    converter.register_structure_hook_func(is_ours, structure_ours)
    converter.register_unstructure_hook_func(is_ours, lambda obj: table.dumper(type(obj))(obj))
    for kind in (str, int, float, bool):
        converter.register_structure_hook(kind, _strict_primitive(kind))
    converter.register_structure_hook(pendulum.DateTime, lambda value, _: _moment(value))
    converter.register_unstructure_hook(pendulum.DateTime, format_moment)
    return converter


def _moment(value: Any) -> pendulum.DateTime:
    if type(value) is not str:
        raise ValidationError(
            [problem("$", "type", f"a moment must be an ISO 8601 string (got {json_type(value)})")]
        )
    return parse_moment(value)
