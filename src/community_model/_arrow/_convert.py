"""Records and datasets to Arrow tables, and tables back to records through the library's loader.

Encoding works column by column: each field's values are gathered once and handed to the node of
its type (:mod:`community_model._arrow._types`). Decoding turns each column back into the plain
data of the wire format and gives the rows to :func:`community_model.from_dict`, so a table is
checked exactly as JSON is: every rule, every problem, each at a path that names the table, the
row and the column (``$.activities[3].participants.value``), the path the same record has in a
document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs
import pyarrow as pa

from community_model._arrow._fields import gc_paused, record_fields, tables
from community_model._arrow._schema import KEY_SCHEMA_VERSION, arrow_schema, record_node
from community_model._dataset.collection import Dataset
from community_model._document import SCHEMA_VERSION
from community_model._entities import Entity
from community_model._errors import MAX_PROBLEMS, MORE_PROBLEMS, Problem, ValidationError
from community_model._io import from_dict
from community_model._messages import (
    ARROW_RANGE,
    MISSING_COLUMN,
    NOT_A_TABLE,
    VERSION_NEWER,
    VERSION_TEXT,
)

__all__ = [
    "BATCH_ROWS",
    "MAX_PROBLEMS",
    "check_version",
    "decode_batch",
    "encode_batch",
    "from_arrow",
    "problems_error",
    "to_arrow",
]

E = TypeVar("E", bound=Entity)

#: Rows encoded at a time: a table of more is built from several batches.
BATCH_ROWS: Final = 65_536

_ROW: Final = re.compile(r"\$\[(\d+)\]")


def as_dataset(data: Dataset | Iterable[Entity]) -> Dataset:
    """``data`` as a dataset (records of any kinds are sorted into their lists)."""
    return data if isinstance(data, Dataset) else Dataset.from_records(data)


# -- records to Arrow -------------------------------------------------------------------------


def encode_batch(
    records: Sequence[Entity], cls: type[Entity], *, table: str, first_row: int = 0
) -> pa.RecordBatch:
    """A record batch of ``records`` (all of class ``cls``) in ``arrow_schema(cls)``."""
    schema = arrow_schema(cls)
    try:
        columns = record_node(cls).encode_columns(records)
    except (pa.ArrowInvalid, OverflowError):
        raise _unencodable(records, cls, table, first_row) from None
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _unencodable(
    records: Sequence[Entity], cls: type[Entity], table: str, first_row: int
) -> Exception:
    """The error for a value Arrow cannot hold (an amount beyond decimal128), at its row."""
    for name, column, get, _ in record_node(cls).columns:
        for row, record in enumerate(records):
            try:
                column.encode([get(record)])
            except (pa.ArrowInvalid, OverflowError) as error:
                return ARROW_RANGE.error(
                    f"$.{table}[{first_row + row}].{name}",
                    arrow_type=column.describe(),
                    reason=str(error),
                )
    return ValueError(f"records of {table} cannot be encoded")  # pragma: no cover


def records_table(records: Sequence[Entity], cls: type[Entity], table: str) -> pa.Table:
    """The table of ``records`` (all of class ``cls``), built a batch at a time."""
    batches = [
        encode_batch(records[start : start + BATCH_ROWS], cls, table=table, first_row=start)
        for start in range(0, len(records), BATCH_ROWS)
    ]
    return pa.Table.from_batches(batches, schema=arrow_schema(cls))


def to_arrow(data: Dataset | Iterable[Entity]) -> dict[str, pa.Table]:
    """One table per record kind, keyed by the dataset's list name (see the public function)."""
    dataset = as_dataset(data)
    with gc_paused():  # many short-lived lists and no cycles: the collector would only walk them
        return {
            name: records_table(getattr(dataset, name), cls, name) for name, cls in tables().items()
        }


# -- Arrow to records -------------------------------------------------------------------------


def check_version(schema: pa.Schema, where: str, what: str = "the table") -> None:
    """Refuse a table or file written in a newer ``schema_version`` than this library reads."""
    found = (schema.metadata or {}).get(KEY_SCHEMA_VERSION.encode())
    if found is None:
        return  # written by another tool: read by its columns
    try:
        version = int(found)
    except ValueError:
        version = -1
    if version < 1:
        raise VERSION_TEXT.error(
            where, what=what, key=KEY_SCHEMA_VERSION, got=found.decode(errors="replace")
        )
    if version > SCHEMA_VERSION:
        raise VERSION_NEWER.error(where, what=what, version=version, newest=SCHEMA_VERSION)


def missing_columns(schema: pa.Schema, cls: type[Entity], table: str) -> list[Problem]:
    """One problem per required field the table has no column for (not one per row)."""
    names = set(schema.names)
    return [
        MISSING_COLUMN.at(f"$.{table}[*].{field.name}", column=field.name)
        for field in record_fields(cls)
        if field.required and field.name not in names
    ]


def _moved(found: Problem, table: str, first_row: int) -> Problem:
    """A problem of ``from_dict(rows, list[cls])`` at its table and row: ``$.activities[3]``."""
    match = _ROW.match(found.path)
    if match is None:  # pragma: no cover - every problem of a list load names its item
        return attrs.evolve(found, path=f"$.{table}{found.path[1:]}")
    row = first_row + int(match[1])
    return attrs.evolve(found, path=f"$.{table}[{row}]{found.path[match.end() :]}")


def batch_rows(batch: pa.RecordBatch | pa.Table, cls: type[Entity]) -> list[Any]:
    """The plain data of each row, as ``to_dict`` gives a record (unknown columns kept)."""
    columns = [
        column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        for column in batch.columns
    ]
    if not columns:
        return [{} for _ in range(batch.num_rows)]
    rows = pa.StructArray.from_arrays(columns, fields=list(batch.schema))
    return record_node(cls).decode(rows)


def decode_batch(
    batch: pa.RecordBatch | pa.Table,
    cls: type[E],
    *,
    table: str,
    first_row: int = 0,
    strict: bool = True,
) -> tuple[list[E], list[Problem]]:
    """The records of a batch, and the problems of the rows that are not records.

    Rows are loaded by :func:`community_model.from_dict`, all at once; when some fail, the
    good ones are loaded one by one so that none is lost.
    """
    with gc_paused():
        rows = batch_rows(batch, cls)
        try:
            return from_dict(rows, list[cls], strict=strict), []  # type: ignore[valid-type]
        except ValidationError as error:
            errors = error.errors
    problems = [_moved(found, table, first_row) for found in errors]
    bad = {int(m[1]) for found in errors if (m := _ROW.match(found.path)) is not None}
    good = [
        from_dict(row, cls, strict=strict) for index, row in enumerate(rows) if index not in bad
    ]
    return good, problems


def problems_error(problems: list[Problem], more: int = 0) -> ValidationError:
    """One error with the first :data:`MAX_PROBLEMS` problems, then a count of the rest.

    ``more`` counts problems already left out of ``problems``.
    """
    shown = problems[:MAX_PROBLEMS]
    more += len(problems) - len(shown)
    if more:
        shown.append(MORE_PROBLEMS.at("$", more=more, shown=MAX_PROBLEMS))
    return ValidationError(shown)


def from_arrow(data: Mapping[str, pa.Table | pa.RecordBatch], *, strict: bool = True) -> Dataset:
    """A dataset from its tables (see the public function)."""
    known = tables()
    problems: list[Problem] = []
    lists: dict[str, list[Entity]] = {}
    for name, table in data.items():
        cls = known.get(name)
        if cls is None:
            if strict:
                problems.append(NOT_A_TABLE.at(f"$.{name}", table=name, tables=", ".join(known)))
            continue
        check_version(table.schema, f"$.{name}", f"the table {name!r}")
        missing = missing_columns(table.schema, cls, name)
        if missing:
            problems.extend(missing)
            continue
        whole = pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table
        batches = whole.to_batches(max_chunksize=BATCH_ROWS)
        records: list[Entity] = []
        for found_records, found in iter_rows(batches, cls, table=name, strict=strict):
            records.extend(found_records)
            problems.extend(found)
        lists[name] = records
    if problems:
        raise problems_error(problems)
    return Dataset(**lists)  # type: ignore[arg-type]


def iter_rows(
    batches: Iterable[pa.RecordBatch], cls: type[E], *, table: str, strict: bool
) -> Iterator[tuple[list[E], list[Problem]]]:
    """The records and problems of each batch of a table read in pieces."""
    first_row = 0
    for batch in batches:
        yield decode_batch(batch, cls, table=table, first_row=first_row, strict=strict)
        first_row += batch.num_rows
