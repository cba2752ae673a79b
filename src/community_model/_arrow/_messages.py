"""The problems of Arrow tables and Parquet files, declared without importing pyarrow.

They are declared here, imported with the package, so that every problem code is known (and
documented) whether or not the ``arrow`` extra is installed.
"""

from __future__ import annotations

from typing import Final

from community_model._errors import Message

__all__ = ["ARROW_RANGE", "MISSING_COLUMN", "NOT_A_TABLE", "VERSION_TEXT"]

ARROW_RANGE: Final = Message(
    "arrow_range",
    "{field} does not fit its Arrow type {arrow_type}: {reason}",
    title="A value does not fit its Arrow type (an amount beyond decimal128)",
)
VERSION_TEXT: Final = Message(
    "schema_version",
    "{what} gives {key} {got!r}, not a whole number from 1",
    title="A file gives a schema_version that is not a whole number from 1",
)
MISSING_COLUMN: Final = Message(
    "missing", "{field} is required, and the table has no column {column!r}"
)
NOT_A_TABLE: Final = Message(
    "unknown_field", "{table!r} is not a table of a dataset (the tables are {tables})"
)
