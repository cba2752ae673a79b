"""The public entry points between JSON and everything the library models.

Records and value types travel through the record wire (:mod:`._wire`); a
:class:`~community_model.Dataset` travels as a document (:mod:`._document`). These functions
take either, so a caller never has to know which layer does the work.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from community_model._dataset.collection import Dataset
from community_model._document import (
    document_schema,
    dump_document,
    dump_document_json,
    load_document,
)
from community_model._errors import Problem, ValidationError
from community_model._runtime import gc_paused
from community_model._wire import converter as wire
from community_model._wire.json import parse_json
from community_model._wire.limits import DEFAULT_LIMITS, Limits, check_tree, problem_cap
from community_model._wire.schema import record_schema

if TYPE_CHECKING:
    import cattrs

__all__ = ["dumpb", "dumps", "from_dict", "json_schema", "loads", "make_converter", "to_dict"]

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A record or value as plain JSON-ready Python data (dicts, lists, str, int, bool).

    A value type with a text form gives its text; an entity gives a dict without a type tag;
    :class:`~community_model.Dataset` gives the document with its ``schema_version``.
    """
    if type(obj) is Dataset:
        with gc_paused():
            return dump_document(obj)
    return wire.to_dict(obj)


def from_dict(data: Any, cls: type[T], *, strict: bool = True) -> T:
    """Build ``cls`` from plain Python data, as :func:`~community_model.loads` does from JSON.

    Every problem is reported in one :class:`~community_model.ValidationError`. ``cls`` may be
    :class:`~community_model.Entity` to read a record tagged with its ``type``, ``list[X]`` or
    ``tuple[X, ...]`` of our classes, or any attrs class of yours whose fields use our types
    (through :func:`make_converter`). At most 1,000 problems are collected (the default
    ``Limits.max_problems``): the work stops at the next one, and a last problem says so.
    """
    return _from_dict(data, cls, strict=strict, max_problems=DEFAULT_LIMITS.max_problems)


def _from_dict(
    data: Any, cls: type[T], *, strict: bool, max_problems: int | None, release: bool = False
) -> T:
    if cls is Dataset:

        def load(raw: Any, path: Any, errors: list[Problem]) -> Any:
            return load_document(raw, strict=strict, errors=errors)

        return typing.cast(T, wire.load_capped(load, data, max_problems))
    return wire.from_dict(data, cls, strict=strict, max_problems=max_problems, release=release)


def loads(
    data: str | bytes,
    cls: type[T],
    *,
    strict: bool = True,
    allow_duplicate_keys: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
) -> T:
    """Read ``cls`` (a record, a value type, ``Entity`` or ``Dataset``) from JSON text.

    Nothing is coerced, and every problem, from the JSON syntax to the last cross-field rule,
    comes in one :class:`ValidationError` with its JSON path. ``strict=False`` ignores unknown
    fields (for archives written by newer tools). ``limits`` bounds size, depth, strings and
    arrays (see :class:`~community_model.Limits`); ``limits=None`` is the fast path for trusted
    bulk input: every rule of every record is still checked, only the limits are not.
    """
    defer = _depth_bounded(cls, strict, limits)
    cap = problem_cap(limits)
    with gc_paused():  # the parsed tree is large and short-lived (see _runtime.gc_paused)
        tree = parse_json(
            data, allow_duplicate_keys=allow_duplicate_keys, limits=limits, defer_depth=defer
        )
        # The tree is ours alone: a list's items are let go as they become records.
        if not defer:
            return _from_dict(tree, cls, strict=strict, max_problems=cap, release=True)
        try:
            return _from_dict(tree, cls, strict=strict, max_problems=cap, release=True)
        except ValidationError:
            assert limits is not None
            # A limit is reported first, as always; the items read were let go: read them again.
            whole = parse_json(data, allow_duplicate_keys=True, limits=None)
            check_tree(whole, limits, text=data)
            raise


def _depth_bounded(cls: Any, strict: bool, limits: Limits | None) -> bool:
    """Whether the depth of the tree can be left to the loader of ``cls``: a strict loader of
    ours accepts nothing deeper than its class nests (``wire.nesting``), so a tree deeper than
    ``limits.max_depth`` is always refused, and the depth needs looking for only then."""
    if limits is None or not strict:
        return False
    depth = wire.nesting(cls)
    return depth is not None and depth <= limits.max_depth


def dumps(obj: Any, *, indent: bool = False) -> str:
    """The JSON text of a record, value or dataset: UTF-8 text, compact unless ``indent``.

    ``loads(dumps(x), type(x)) == x`` for every value, and ``dumps`` of a loaded canonical
    document gives back the same text. Where bytes are wanted (a file, a socket), :func:`dumpb`
    gives the same text without decoding it.
    """
    return _json(obj, indent).decode()


def dumpb(obj: Any, *, indent: bool = False) -> bytes:
    """The JSON text of a record, value or dataset as UTF-8 bytes (what files and sockets take).

    The same text as :func:`dumps`, encoded: ``dumpb(x) == dumps(x).encode()``.
    """
    found = _json(obj, indent)
    return found if type(found) is bytes else bytes(found)


def _json(obj: Any, indent: bool) -> bytes | bytearray:
    """The JSON text: compact, written a record at a time; indented, from the whole tree."""
    if type(obj) is Dataset:
        if not indent:
            return dump_document_json(obj)
        with gc_paused():
            return orjson.dumps(dump_document(obj, wire=True), option=orjson.OPT_INDENT_2)
    if not indent:
        return wire.dump_json(obj)
    return orjson.dumps(wire.to_wire(obj), option=orjson.OPT_INDENT_2)


def json_schema(cls: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``cls`` as :func:`~community_model.dumps` writes it.

    ``cls`` may be any record or value class, :class:`~community_model.Dataset` (a document
    with its ``schema_version``) or :class:`~community_model.Entity` (one line of a JSON Lines
    file, tagged with its ``type``). Fields holding personal information carry
    ``"x-personal": true``.
    """
    if cls is Dataset:
        return document_schema()
    return record_schema(cls)


def make_converter(*, strict: bool = True) -> cattrs.Converter:
    """A cattrs converter that knows our classes, for attrs classes of your own.

    Our classes are structured and unstructured exactly as :func:`from_dict` and :func:`to_dict`
    do (a :class:`~community_model.Dataset` as a document); ``str``, ``int``, ``float`` and
    ``bool`` are strict (no coercion: ``"1"`` is not an int, ``true`` is not an int);
    ``pendulum.DateTime`` travels as ISO 8601 with its offset and comes back as
    ``pendulum.DateTime``; ``strict`` refuses unknown keys. Each call returns a new converter:
    configure it freely.
    """
    converter = wire.make_converter(strict=strict)
    converter.register_structure_hook(
        Dataset, lambda data, _: from_dict(data, Dataset, strict=strict)
    )
    converter.register_unstructure_hook(Dataset, to_dict)
    return converter
