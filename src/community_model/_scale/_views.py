"""The analysis views of an export too large for memory, a batch of records at a time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from community_model._arrow._fields import tables
from community_model._arrow._views import VIEWS, analysis_views
from community_model._dataset.collection import Dataset
from community_model._scale._around import batches
from community_model._scale._export import parquet_export

__all__ = ["write_views"]


def write_views(
    source: Path,
    target: Path,
    *,
    memory_limit: int,
    temp_directory: str | None,
    threads: int | None,
    records_per_batch: int,
) -> dict[str, int]:
    """Write each view's rows, batch by batch, then rename each file into place."""
    export = parquet_export(source)
    table_of = {cls: name for name, cls in tables().items()}
    seeds = {view: table_of[cls] for view, (cls, _) in VIEWS.items()}
    empty = analysis_views(Dataset())
    target.mkdir(parents=True, exist_ok=True)
    staging = {view: target / f".{view}.parquet.partial" for view in VIEWS}
    writers: dict[str, pq.ParquetWriter] = {}
    rows = dict.fromkeys(VIEWS, 0)
    try:
        for batch in batches(
            export,
            sorted(set(seeds.values()), key=list(tables()).index),
            down=0,
            records_per_batch=records_per_batch,
            memory_limit=memory_limit,
            temp_directory=temp_directory,
            threads=threads,
        ):
            views = analysis_views(batch.dataset)
            for view, table in seeds.items():
                positions = batch.seeds.get(table)
                if not positions:
                    continue
                found = views[view].take(pa.array(positions, pa.int64()))
                writer = writers.get(view)
                if writer is None:
                    writer = writers[view] = pq.ParquetWriter(staging[view], empty[view].schema)
                writer.write_table(found.cast(empty[view].schema))
                rows[view] += found.num_rows
        for writer in writers.values():
            writer.close()
        for view in VIEWS:
            if view not in writers:
                pq.write_table(empty[view], staging[view])
            os.replace(staging[view], target / f"{view}.parquet")
    finally:
        for writer in writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for path in staging.values():
            path.unlink(missing_ok=True)
    return rows
