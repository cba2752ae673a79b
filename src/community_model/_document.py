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

from collections.abc import Callable
from typing import Any, Final

from community_model._codegen import BAD
from community_model._dataset.collection import COLLECTIONS, Dataset
from community_model._errors import Message, Problem
from community_model._rules import describe, render
from community_model._wire.converter import Loader, codecs
from community_model._wire.schema import SchemaBuilder

__all__ = [
    "SCHEMA_VERSION",
    "VERSION_NEWER",
    "document_loader",
    "document_schema",
    "dump_document",
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

_VERSION_MISSING: Final = Message(
    "missing",
    "a document must give its 'schema_version' (this library reads versions up to {newest})",
)
_VERSION_TYPE: Final = Message("type", "'schema_version' must be a whole number from 1 (got {got})")
VERSION_NEWER: Final = Message(
    "newer_schema",
    "{what} was written with schema version {version}, newer than this library reads "
    "({newest}); upgrade community_model to read it",
    title="A document's schema_version is newer than this library reads",
)
_NOT_A_DOCUMENT: Final = Message("type", "a document must be a JSON object (got {got})")


def document_loader(*, strict: bool) -> Loader:
    """The loader of a document: its version first, then every list of records."""
    load_lists = codecs(strict=strict).record_loader(Dataset, "schema_version")

    def load_document(raw: Any, path: Any, errors: list[Problem]) -> Any:
        if type(raw) is not dict:
            errors.append(_NOT_A_DOCUMENT.at(render(path), got=describe(raw)))
            return BAD
        version = raw.get("schema_version", BAD)
        where = render(path) + ".schema_version"
        if version is BAD:
            errors.append(_VERSION_MISSING.at(where, newest=SCHEMA_VERSION))
        elif type(version) is not int or version < 1:
            errors.append(_VERSION_TYPE.at(where, got=describe(version)))
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


_LOADERS: Final = {True: document_loader(strict=True), False: document_loader(strict=False)}


def load_document(raw: Any, *, strict: bool, errors: list[Problem]) -> Any:
    """A dataset from a parsed document, or ``BAD`` with its problems in ``errors``."""
    return _LOADERS[strict](raw, "$", errors)


_DUMP_LISTS: Final = codecs(strict=True).record_dumper(Dataset)


def dump_document(dataset: Dataset) -> dict[str, Any]:
    """A dataset as a document: its version, then every list (empty ones too)."""
    lists = _DUMP_LISTS(dataset)
    return {"schema_version": SCHEMA_VERSION, **{n: lists.get(n, []) for n in COLLECTIONS.values()}}


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
