"""Where the commands read and write data: files, or standard input and output for ``-``.

``-`` is standard input where a command reads and standard output where it writes, as Unix tools
have it; it has no suffix, so its format comes from ``--from`` / ``--to``. Names are shown
through :func:`shown`: a name's undecodable bytes and control characters are escaped, so no
name can break a line of output (or JSON, or a strict UTF-8 terminal).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from community_model._dataset.collection import Dataset
from community_model._errors import ConfigurationError
from community_model._files import atomic_file
from community_model._io import dumpb, loads
from community_model._storage import Format, format_of, load_dataset, save_dataset
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import DEFAULT_LIMITS, Limits, check_size

from .output import UsageError, escaped, is_stdio, shown

__all__ = [
    "data_format",
    "opened",
    "read_dataset",
    "read_document",
    "results_to",
    "write_dataset",
]


def data_format(name: str, given: Format | None, option: str, *, stream: str) -> Format:
    """The format of ``name``: ``given`` (the ``option``), else its suffix; ``-`` needs the option.

    Usage errors name the option to give; a directory is said to be one.
    """
    if is_stdio(name):
        if given is None:
            raise UsageError(
                f"{stream} has no suffix: name its format with {option} document|jsonl"
            )
        return given
    if given is None and os.path.isdir(name):
        raise UsageError(f"{shown(name)}: is a directory")
    try:
        return format_of(name, given)
    except ConfigurationError as error:
        raise UsageError(f"{escaped(str(error))} with {option} document|jsonl") from None


@contextlib.contextmanager
def opened(name: str) -> Iterator[tuple[IO[bytes], int]]:
    """A binary stream to read ``name`` from, and its size in bytes (0 when unknown)."""
    if is_stdio(name):
        yield sys.stdin.buffer, 0
        return
    if os.path.isdir(name):
        raise UsageError(f"{shown(name)}: is a directory")
    with open(name, "rb") as handle:
        yield handle, os.fstat(handle.fileno()).st_size


def read_document(handle: IO[bytes], *, strict: bool, limits: Limits, size: int = 0) -> Dataset:
    """A whole document from a stream, refused past ``limits.max_bytes`` before it is parsed
    (before it is read, when its ``size`` is known)."""
    check_size(size, limits)
    data = handle.read(limits.max_bytes + 1)
    check_size(len(data), limits)
    return loads(data, Dataset, strict=strict, limits=limits)


def read_dataset(
    name: str, format: Format, *, strict: bool, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """A whole dataset from a file or from standard input; ``ValidationError`` if invalid."""
    if not is_stdio(name):
        if os.path.isdir(name):
            raise UsageError(f"{shown(name)}: is a directory")
        return load_dataset(name, format=format, strict=strict, limits=limits)
    if format == "jsonl":
        return Dataset.from_records(read_jsonl(sys.stdin.buffer, strict=strict, limits=limits))
    return read_document(sys.stdin.buffer, strict=strict, limits=limits)


def write_dataset(dataset: Dataset, name: str, format: Format) -> None:
    """Write a dataset to a file (whole or not at all) or to standard output."""
    if not is_stdio(name):
        save_dataset(dataset, Path(name), format=format)
        return
    sys.stdout.flush()  # what was written as text goes out before the bytes
    if format == "jsonl":
        write_jsonl(dataset.records(), sys.stdout.buffer)
    else:
        sys.stdout.buffer.write(dumpb(dataset, indent=True))
    sys.stdout.buffer.flush()


@contextlib.contextmanager
def results_to(name: str | None) -> Iterator[None]:
    """Send what the command writes to stdout to the file ``name`` (``-o FILE``), written whole
    when the command ends, or not at all if it fails; ``None`` and ``-`` leave stdout as it is."""
    if name is None or is_stdio(name):
        yield
        return
    if os.path.isdir(name):
        raise UsageError(f"{shown(name)}: is a directory")
    stdout = sys.stdout
    with atomic_file(name) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=True)
        sys.stdout = text
        try:
            yield
            text.flush()
        finally:
            sys.stdout = stdout
            text.detach()
