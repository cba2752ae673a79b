"""The document format: a whole collection as one JSON object, with its ``schema_version``.

A document lists every kind of record under the collection's own names (``streets``,
``communities`` ...), in document order, after the version of the format it was written in. This
module sits above both the record wire (:mod:`._wire`) and the collection (:mod:`._dataset`):
it is the only place that knows both.

Versions: a document of an older version is upgraded on reading, one version at a time, by the
functions in :data:`UPGRADES`; a newer one is refused with a message that says to upgrade the
library. JSON Lines carry no version: every version so far only adds to the format, so a line
written by an older version is a valid line of this one (docs/compatibility.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

from community_model._codegen import BAD
from community_model._dataset.collection import Dataset
from community_model._dataset.index import COLLECTIONS
from community_model._errors import Problem
from community_model._messages import NOT_A_DOCUMENT, VERSION_MISSING, VERSION_NEWER, VERSION_TYPE
from community_model._rules import describe, render
from community_model._wire.converter import Loader, codecs, dump_items_json
from community_model._wire.schema import SchemaBuilder

__all__ = [
    "SCHEMA_VERSION",
    "document_loader",
    "document_schema",
    "dump_document",
    "dump_document_json",
]

#: The version of the document format this library writes, and the newest it reads.
SCHEMA_VERSION: Final = 2


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2: version 2 only adds (measure words of counts, explicit unknowns, the
    three lists and their adoptions, outcomes of activities ...), so a version-1 document is a
    version-2 document with a new number and the new lists, empty.

    Plain data in and out, with the names of version 2 written here, never taken from the
    classes: they may change again, and this step must not.
    """
    upgraded = {**document, "schema_version": 2}
    for name in ("service_lists", "list_items", "adoptions"):
        upgraded.setdefault(name, [])  # one already there is kept, and checked as version 2
    return upgraded


#: How a document of each older version becomes one of the next version.
UPGRADES: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {1: _from_version_1}


def document_loader(*, strict: bool) -> Loader:
    """The loader of a document: its version first, then every list of records."""
    load_lists = codecs(strict=strict).record_loader(Dataset, "schema_version")

    def load_document(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not dict:
            errors.append(NOT_A_DOCUMENT.at(render(path), got=describe(raw)))
            return BAD
        version = raw.get("schema_version", BAD)
        where = render(path) + ".schema_version"
        if version is BAD:
            errors.append(VERSION_MISSING.at(where, newest=SCHEMA_VERSION))
        elif type(version) is not int or version < 1:
            errors.append(VERSION_TYPE.at(where, got=describe(version)))
        elif version > SCHEMA_VERSION:
            errors.append(
                VERSION_NEWER.at(where, what="the document", version=version, newest=SCHEMA_VERSION)
            )
        else:
            while version < SCHEMA_VERSION:
                raw = UPGRADES[version](raw)
                version = raw["schema_version"]
            return load_lists(raw, path, errors)
        return BAD

    return load_document


@functools.cache
def _loader(strict: bool) -> Loader:
    # Generated on first use, not on import: compiling the loaders of every record class is
    # most of the cost of importing the library otherwise.
    return document_loader(strict=strict)


def load_document(raw: Any, *, strict: bool, errors: list[Problem]) -> Any:
    """A dataset from a parsed document, or ``BAD`` with its problems in ``errors``."""
    return _loader(strict)(raw, "$", errors)


@functools.cache
def _dump_lists(wire: bool) -> Callable[[Any], dict[str, Any]]:
    return codecs(strict=True).record_dumper(Dataset, wire=wire)


def dump_document(dataset: Dataset, *, wire: bool = False) -> dict[str, Any]:
    """A dataset as a document: its version, then every list (empty ones too).

    ``wire=True``: data for ``orjson.dumps`` alone (see ``Codecs.dumper``), the same bytes.
    """
    lists = _dump_lists(wire)(dataset)
    return {"schema_version": SCHEMA_VERSION, **{n: lists.get(n, []) for n in COLLECTIONS.values()}}


def dump_document_json(dataset: Dataset) -> bytearray:
    """The compact JSON of a dataset's document: the bytes ``orjson.dumps`` writes of
    :func:`dump_document`, written a list at a time, each a record at a time."""
    out = bytearray(b'{"schema_version":%d' % SCHEMA_VERSION)
    for name in COLLECTIONS.values():
        records = getattr(dataset, name)
        out += b',"%s":' % name.encode()
        out += dump_items_json(records) if records else b"[]"
    out += b"}"
    return out


def document_schema() -> dict[str, Any]:
    """The JSON Schema of a document."""
    builder = SchemaBuilder()
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
    return builder.document(root)
