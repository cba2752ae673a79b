"""``convert`` to and from Parquet: a directory of one file per record kind, streamed.

JSON Lines become Parquet in bounded memory: records are read one line at a time and written
in batches per kind (see :func:`community_model.write_parquet`); Parquet becomes JSON Lines a
batch at a time. OUT appears whole or not at all: a directory is written beside it under a
temporary name and renamed into place once every record has been checked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from community_model._arrow import read_parquet, write_parquet
from community_model._dataset.collection import Dataset
from community_model._entities import Entity
from community_model._files import replace_with_directory
from community_model._storage import Format, format_of, load_dataset, save_dataset
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import Limits

from .output import UsageError, is_stdio, out, shown
from .streams import data_format

__all__ = ["convert_parquet", "is_parquet"]

_NAMES = {"document": "document", "jsonl": "JSON Lines", "parquet": "Parquet"}


def is_parquet(path: str, given: str | None) -> bool:
    """Whether ``path`` is Parquet: named so, or (unnamed) a directory or a .parquet file."""
    if given is not None:
        return given == "parquet"
    return os.path.isdir(path) or path.lower().endswith(".parquet")


def _records(source: str, given: str | None, *, strict: bool, limits: Limits) -> Iterator[Entity]:
    if is_parquet(source, given):
        return read_parquet(source, strict=strict)
    if format_of(source, _text_format(given)) == "jsonl":
        return read_jsonl(source, strict=strict, limits=limits)
    return load_dataset(source, format="document", strict=strict, limits=limits).records()


def _text_format(given: str | None) -> Format | None:
    return "jsonl" if given == "jsonl" else "document" if given == "document" else None


def convert_parquet(arguments: argparse.Namespace, *, strict: bool, limits: Limits) -> int:
    """Convert when IN or OUT is Parquet; invalid records raise ``ValidationError``."""
    source, target = arguments.input, arguments.output
    to_parquet = arguments.to_format == "parquet"
    from_name = "parquet" if is_parquet(source, arguments.from_format) else None
    for name in (source, target):
        if is_stdio(name):
            raise UsageError("Parquet is a directory of files: it cannot go through - (a pipe)")
    given_from, given_to = _text_format(arguments.from_format), _text_format(arguments.to_format)
    from_name = from_name or data_format(source, given_from, "--from", stream="IN")
    to_name = "parquet" if to_parquet else data_format(target, given_to, "--to", stream="OUT")
    if os.path.lexists(target) and not arguments.force:
        raise UsageError(f"{shown(target)} exists; give --force to replace it")
    if not os.path.exists(source):
        raise UsageError(f"{shown(source)}: no such file or directory")
    records = _records(source, arguments.from_format, strict=strict, limits=limits)
    if to_parquet:
        destination = Path(target)
        staging = Path(
            tempfile.mkdtemp(dir=destination.parent or ".", prefix=f".{destination.name}.")
        )
        try:
            count = write_parquet(records, staging)
            replace_with_directory(staging, destination)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    elif to_name == "jsonl":
        count = write_jsonl(records, target)
    else:
        dataset = Dataset.from_records(records)
        save_dataset(dataset, target, format="document")
        count = len(dataset)
    if not arguments.quiet:
        out(
            f"{shown(source)} ({_NAMES[from_name]}) -> {shown(target)} ({_NAMES[to_name]}): "
            f"{count:,} records"
        )
    return 0
