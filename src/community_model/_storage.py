"""Datasets on disk: a JSON document or JSON Lines, chosen by the file's suffix or by name.

Saving never leaves a half-written file in place of a good one: the data goes to a temporary
file beside the target, is flushed to disk, and only then renamed over it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final, Literal

from community_model._dataset.collection import Dataset
from community_model._errors import ConfigurationError
from community_model._files import atomic_file
from community_model._io import dumpb, loads
from community_model._runtime import gc_paused
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import DEFAULT_LIMITS, Limits, check_size

__all__ = ["Format", "format_of", "load_dataset", "save_dataset"]

Format = Literal["document", "jsonl"]

_SUFFIXES: Final[dict[str, Format]] = {
    ".json": "document",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def format_of(path: str | os.PathLike[str], given: Format | None = None) -> Format:
    """The format of a file: ``given`` if named, else by suffix (.json, .jsonl, .ndjson)."""
    if given is not None:
        if given not in ("document", "jsonl"):
            raise ConfigurationError(f"unknown format {given!r}: use 'document' or 'jsonl'")
        return given
    suffix = Path(path).suffix.lower()
    found = _SUFFIXES.get(suffix)
    if found is None:
        raise ConfigurationError(
            f"cannot tell the format of {os.fspath(path)!r} from its suffix {suffix!r}: "
            "use .json (a document) or .jsonl / .ndjson (JSON Lines), or name the format"
        )
    return found


def load_dataset(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    strict: bool = True,
    limits: Limits | None = DEFAULT_LIMITS,
) -> Dataset:
    """Read a dataset from a document or a JSON Lines file; every problem in one error.

    A JSON Lines file is streamed; problems carry their line numbers. A document larger than
    ``limits.max_bytes`` is refused before it is read.
    """
    if format_of(path, format) == "jsonl":
        return Dataset.from_records(read_jsonl(path, strict=strict, limits=limits))
    if limits is not None:
        check_size(Path(path).stat().st_size, limits)
    return loads(Path(path).read_bytes(), Dataset, strict=strict, limits=limits)


def save_dataset(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    indent: bool = True,
) -> None:
    """Write a dataset as a document (indented unless ``indent=False``) or as JSON Lines.

    The old file, if any, is replaced only once the new one is whole on disk.
    """
    if format_of(path, format) == "jsonl":
        write_jsonl(dataset.records(), path)
        return
    with gc_paused():
        data = dumpb(dataset, indent=indent)
    with atomic_file(path) as handle:
        handle.write(data)
