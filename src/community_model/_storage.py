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
from community_model._files import (
    STALE_AFTER,
    atomic_file,
    check_target,
    read_at_most,
    remove_stale_temporary_files,
)
from community_model._io import dumpb, loads
from community_model._runtime import gc_paused
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import DEFAULT_LIMITS, Limits, limit_error

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

    A JSON Lines file is streamed; problems carry their line numbers. A document is read
    through a bounded reader: whatever the file is (a pipe, a device, a ``/proc`` file whose
    reported size is 0), no more than ``limits.max_bytes`` bytes and one are ever held.
    """
    if format_of(path, format) == "jsonl":
        return Dataset.from_records(read_jsonl(path, strict=strict, limits=limits))
    if limits is None:
        return loads(Path(path).read_bytes(), Dataset, strict=strict, limits=None)
    data = read_at_most(path, limits.max_bytes)
    if len(data) > limits.max_bytes:
        del data
        found = f"the input has more than {limits.max_bytes:,} bytes"
        raise limit_error("$", "max_bytes", limits.max_bytes, found)
    return loads(data, Dataset, strict=strict, limits=limits)


def save_dataset(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    indent: bool = True,
) -> None:
    """Write a dataset as a document (indented unless ``indent=False``) or as JSON Lines.

    The old file, if any, is replaced only once the new one is whole on disk; a target that
    is not a regular file (a device such as ``/dev/null``, a FIFO, a directory) is refused with
    a :class:`ConfigurationError` before anything is written. After a save, temporary files of
    this library's name pattern (``.NAME.xxxxxxxx.tmp``) that a killed save to the same path
    left behind more than a day ago are removed.
    """
    check_target(path)
    if format_of(path, format) == "jsonl":
        write_jsonl(dataset.records(), path)
    else:
        with gc_paused():
            data = dumpb(dataset, indent=indent)
        with atomic_file(path) as handle:
            handle.write(data)
    remove_stale_temporary_files(path, older_than=STALE_AFTER)
