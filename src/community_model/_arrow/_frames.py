"""DataFrames through Arrow: polars keeps the structs, pandas gets them flattened."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa

from community_model._arrow._convert import to_arrow
from community_model._dataset.collection import Dataset
from community_model._entities import Entity

__all__ = ["flat", "to_pandas", "to_polars"]


def _tables(data: Dataset | Iterable[Entity] | Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    if isinstance(data, Mapping):
        return dict(data)
    return to_arrow(data)


def to_polars(data: Dataset | Iterable[Entity] | Mapping[str, pa.Table]) -> dict[str, pl.DataFrame]:
    """See :func:`community_model.to_polars`."""
    frames = {}
    for name, table in _tables(data).items():
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        frames[name] = frame
    return frames


def flat(table: pa.Table) -> pa.Table:
    """The table with every struct column flattened into columns named by path (``when.text``)."""
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()
    return table


def _pandas_type(arrow_type: pa.DataType) -> Any:
    """Nullable pandas types where numpy's would turn nulls into NaN; None keeps the default."""
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


def to_pandas(
    data: Dataset | Iterable[Entity] | Mapping[str, pa.Table],
) -> dict[str, pd.DataFrame]:
    """See :func:`community_model.to_pandas`."""
    return {
        name: flat(table).to_pandas(types_mapper=_pandas_type)
        for name, table in _tables(data).items()
    }
