"""Arrow tables, Parquet files and DataFrames, typed from the classes; lossless both ways.

These are the public functions; each imports pyarrow, polars or pandas when it is called, as
:mod:`._require` says of every extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from community_model._arrow._require import MissingExtraError, require

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from community_model._dataset.collection import Dataset
    from community_model._entities import Entity

__all__ = [
    "MissingExtraError",
    "analysis_views",
    "arrow_schema",
    "from_arrow",
    "read_parquet",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "write_parquet",
]


#: Rows of one record kind gathered before they are written as one batch of a Parquet file.
PARQUET_BATCH_ROWS: Final = 10_000


def arrow_schema(cls: type) -> pyarrow.Schema:
    """The Arrow schema of a table of ``cls`` records, generated from the class.

    One column per field, in the order of the JSON form; value types become structs a data
    tool can use directly (a :class:`~community_model.When` as its EDTF ``text``, its
    ``earliest`` and ``latest`` instants as ``timestamp[us, tz=Asia/Shanghai]`` and its
    ``precision``; a :class:`~community_model.Count` as its fields with its ``minimum`` and
    ``maximum``; money as ``decimal128`` with its currency), vocabularies dictionary-encoded
    strings of their wire codes, references the id (and kind) they name. Field metadata marks
    personal data (``personal``) and the kind of record an id names (``refers_to``); the
    schema's metadata gives the library version, the ``schema_version`` and, for a record
    kind, its table and kind. See the wire-format page for the whole mapping.
    """
    require("pyarrow", "arrow_schema")
    from community_model._arrow._schema import arrow_schema as run  # noqa: PLC0415

    return run(cls)


def to_arrow(data: Dataset | Iterable[Entity]) -> dict[str, pyarrow.Table]:
    """One ``pyarrow.Table`` per record kind, keyed by the dataset's list name.

    ``data`` is a :class:`~community_model.Dataset` or records of any kinds. Every kind has
    its table (``streets`` ... ``activities``, in document order), empty when it has no
    records; each table has the schema :func:`arrow_schema` gives its class, and its rows
    keep the records' order.
    """
    require("pyarrow", "to_arrow")
    from community_model._arrow._convert import to_arrow as run  # noqa: PLC0415

    return run(data)


def from_arrow(
    tables: Mapping[str, pyarrow.Table | pyarrow.RecordBatch], *, strict: bool = True
) -> Dataset:
    """The dataset of tables such as :func:`to_arrow` gives, checked as JSON is loaded.

    Each table (keyed by its list name, ``activities``) is read back through
    :func:`~community_model.from_dict`: every rule is checked and every problem reported in
    one :class:`~community_model.ValidationError`, each at a path that names the table, the
    row and the column (``$.activities[3].participants.value``). Derived columns
    (``earliest``, ``minimum`` ...) are not read. Tables written by other tools are read by
    their columns (a plain string column for a vocabulary or a time is fine); unknown
    columns and tables are refused unless ``strict=False``; a table written with a newer
    ``schema_version`` is refused.
    """
    require("pyarrow", "from_arrow")
    from community_model._arrow._convert import from_arrow as run  # noqa: PLC0415

    return run(tables, strict=strict)


def write_parquet(
    data: Dataset | Iterable[Entity],
    directory: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = (),
    batch_rows: int = PARQUET_BATCH_ROWS,
) -> int:
    """Write one Parquet file per record kind into ``directory``; returns how many records.

    Files are named after the dataset's lists (``activities.parquet``) and carry the library
    version and ``schema_version`` in their metadata; every kind gets its file, empty or not.
    Records of any kinds may come from an iterator (such as
    :func:`~community_model.read_jsonl`): they are written in batches of ``batch_rows`` per
    kind, so memory stays bounded whatever their number. ``partition_by`` names columns
    (``category``, ``status``, ``year``) by which the tables that have them are written as
    hive-partitioned datasets instead (``activities/category=lecture/...``); those read back
    grouped by partition, not in the order written. Existing files of the same names are
    replaced.
    """
    require("pyarrow", "write_parquet")
    from community_model._arrow._parquet import write_parquet as run  # noqa: PLC0415

    return run(data, directory, partition_by=partition_by, batch_rows=batch_rows)


def read_parquet(source: str | os.PathLike[str], *, strict: bool = True) -> Iterator[Entity]:
    """Stream the records of a directory :func:`write_parquet` wrote (or of one such file).

    Kinds come in document order, each file in batches, so memory stays bounded. Every record
    is checked as JSON is loaded; good records are yielded as they are read, and the problems
    of bad rows (each at ``$.<table>[<row>].<column>``) are raised together in one
    :class:`~community_model.ValidationError` when the stream ends. A file written with a newer
    ``schema_version`` is refused before anything is read. For a whole dataset:
    ``Dataset.from_records(read_parquet(directory))``.
    """
    require("pyarrow", "read_parquet")
    from community_model._arrow._parquet import read_parquet as run  # noqa: PLC0415

    return run(source, strict=strict)


def to_polars(
    data: Dataset | Iterable[Entity] | Mapping[str, pyarrow.Table],
) -> dict[str, polars.DataFrame]:
    """polars DataFrames of the tables of :func:`to_arrow` (or of tables given, such as views).

    Through Arrow, without copying where the types allow: vocabularies are ``Categorical``,
    instants ``Datetime("us", "Asia/Shanghai")``, money ``Decimal``, integers nullable, and
    value types stay structs (``pl.col("when").struct.field("earliest")``).
    """
    require("pyarrow", "to_polars")
    require("polars", "to_polars")
    from community_model._arrow._frames import to_polars as run  # noqa: PLC0415

    return run(data)


def to_pandas(
    data: Dataset | Iterable[Entity] | Mapping[str, pyarrow.Table],
) -> dict[str, pandas.DataFrame]:
    """pandas DataFrames of the tables of :func:`to_arrow` (or of tables given, such as views).

    Structs are flattened into columns named by their path (``when.earliest``,
    ``participants.minimum``); vocabularies are categoricals, instants tz-aware
    ``datetime64[us, Asia/Shanghai]``, integers and booleans nullable (``Int64``,
    ``boolean``), money ``Decimal`` objects, lists arrays.
    """
    require("pyarrow", "to_pandas")
    require("pandas", "to_pandas")
    from community_model._arrow._frames import to_pandas as run  # noqa: PLC0415

    return run(data)


def analysis_views(data: Dataset | Iterable[Entity]) -> dict[str, pyarrow.Table]:
    """Flat tables a data team asks for first: ``activities``, ``projects``, ``communities``.

    One row per record, never dropped for a missing link (an activity without a community
    keeps its row, with empty lists); what a link names is looked up by id, and a name that
    does not resolve is null.

    - ``activities``: title, category, status, the EDTF ``when`` with its ``earliest``,
      ``latest`` and ``precision``, the ``month`` (``YYYY-MM``) or ``year`` it lies within
      (null when it does not), the organisers, communities and streets (ids and names; the
      communities are those :meth:`~community_model.Dataset.activities_of` counts), the
      districts, the project, and each count's fields (``participants_value``,
      ``participants_qualifier``, ``participants_minimum``, ``participants_maximum`` ...);
    - ``projects``: name, category, status, year, period, communities, streets, lead, the
      funding (sources, the total of the amounts reported, how many amounts are missing)
      and partner units (ids and names);
    - ``communities``: name, kind, division code, street (id, name, kind, code), district and
      its code, city.
    """
    require("pyarrow", "analysis_views")
    from community_model._arrow._views import analysis_views as run  # noqa: PLC0415

    return run(data)
