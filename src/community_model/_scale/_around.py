"""The records around some records, gathered out of core: summaries and views a batch at a time.

``Dataset.summary()`` and ``analysis_views()`` hold the dataset. Over an export too large for
that, the library's own functions still give the figures, each over a small dataset: the
records it needs. For each record asked about (a *seed*: a street or community to summarise, a
record to give a view's row of), DuckDB finds, from the references every class declares
(:func:`community_model._references.reference_fields`, never a list kept here):

- ``down`` levels (or all) of the records that refer to it, and to those (a street's communities,
  their Party organisations, the activities and projects that name them, the partnerships of
  those organisations, the items of a community and their adoptions ...);
- every record of an id already found (duplicates come in the order of the export, so the
  first record of an id is the one a dataset's lookups find, as over the whole export);
- the records those refer to, and so on (names, hosts, streets of communities).

Seeds are cut into batches of about ``records_per_batch`` records found around them, in the
order of the export; DuckDB writes the rows of each table sorted by batch to a temporary
Parquet file (spilling within its memory limit), and each batch is read back, loaded by the
library's loader into a :class:`Dataset`, and handed over with the rows of its seeds. Whatever
a record's figures need lies in its batch, so the library's function over the batch gives the
figures it gives over the whole export; the tests hold the two equal on generated datasets.
"""

from __future__ import annotations

import heapq
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from community_model._arrow._convert import decode_batch
from community_model._dataset.collection import Dataset
from community_model._entities import Entity
from community_model._errors import ValidationError
from community_model._references import reference_fields
from community_model._scale._budget import batch_reserve, connected
from community_model._scale._duck import _Checker, _ident
from community_model._scale._export import Export

__all__ = ["Batch", "batches"]

#: A seed's key: its table's number times this, plus its row.
_TABLE: Final = 1 << 40
_ROW: Final = re.compile(r"\$\.([a-z_]+)\[(\d+)\]")


@attrs.frozen
class Batch:
    """The records found around some seeds, and which of them are seeds.

    ``dataset`` holds them in the order of the export; ``seeds`` gives, per table, the
    positions in ``dataset`` of the records that are seeds.
    """

    dataset: Dataset
    seeds: dict[str, list[int]]


def batches(
    export: Export,
    seeds: Sequence[str],
    *,
    down: int | None,
    records_per_batch: int,
    memory_limit: int,
    temp_directory: str | None,
    threads: int | None,
) -> Iterator[Batch]:
    """The batches around every record of the tables ``seeds``, in the order of the export.

    ``down`` is how many levels of records that refer to a seed are taken (0: none; ``None``:
    until none is new, which a summary needs: a street's figures reach four references away,
    street <- community <- list <- item <- adoption).
    """
    spill = Path(tempfile.mkdtemp(prefix="community-model-around-", dir=temp_directory))
    try:
        reserve = batch_reserve(memory_limit, records_per_batch)
        with connected(memory_limit, reserve, spill / "duckdb", threads) as con:
            around = _Around(_Checker(con, export, memory_limit=memory_limit, reserve=reserve))
            around.find(seeds, down=down)
            files = around.write(records_per_batch, spill)
        yield from _read(files, around.checker)
    finally:
        shutil.rmtree(spill, ignore_errors=True)


class _Around:
    """The queries: ids and references of every record, then the records around the seeds."""

    def __init__(self, checker: _Checker) -> None:
        self.checker = checker
        self.con = checker.con
        self.names = list(checker.kinds)
        ids = [
            f"SELECT {number} AS t, __row AS r, '{cls.record_kind.value}' AS kind, "
            f"id::VARCHAR AS id FROM {_ident(name)} WHERE id IS NOT NULL"
            for number, (name, cls) in enumerate(checker.kinds.items())
        ]
        self.con.execute(f"CREATE TEMP TABLE __ids AS {' UNION ALL '.join(ids)}")
        self.con.execute(
            "CREATE TEMP TABLE __edges (t INTEGER, r BIGINT, kind VARCHAR, id VARCHAR)"
        )
        for number, (name, cls) in enumerate(checker.kinds.items()):
            fields = reference_fields(cls)
            if not fields:
                continue
            packed = ", ".join(f"{_ident(field.name)} := {_ident(field.name)}" for field in fields)
            base = f"SELECT __row, struct_pack({packed}) AS __v FROM {_ident(name)}"
            for sql, *_ in checker._leaves(fields, checker.types[name], base, 0, "", ()):
                self.con.execute(
                    f"INSERT INTO __edges SELECT {number}, __row, __kind, __id FROM ({sql})"
                )

    def _grow(self, sql: str, levels: int | None = None) -> None:
        """Add the rows of ``sql`` (``s, t, r``) to the members until none is new (or for
        ``levels`` steps)."""
        self.con.execute("DROP TABLE IF EXISTS __front")
        self.con.execute("CREATE TEMP TABLE __front AS SELECT * FROM __m")
        for _ in itertools.count() if levels is None else range(levels):
            self.con.execute("DROP TABLE IF EXISTS __new")
            self.con.execute(
                f"CREATE TEMP TABLE __new AS SELECT DISTINCT * FROM ({sql}) "
                "EXCEPT SELECT s, t, r FROM __m"
            )
            (count,) = self.con.execute("SELECT count(*) FROM __new").fetchone() or (0,)
            if not count:
                break
            self.con.execute("INSERT INTO __m SELECT * FROM __new")
            self.con.execute("DROP TABLE __front")
            self.con.execute("ALTER TABLE __new RENAME TO __front")
        self.con.execute("DROP TABLE IF EXISTS __new")
        self.con.execute("DROP TABLE IF EXISTS __front")

    def find(self, seeds: Sequence[str], *, down: int | None) -> None:
        """``__m``: each seed ``s`` with the rows ``t, r`` around it."""
        selects = [
            f"SELECT {self.names.index(name) * _TABLE} + __row AS s, "
            f"{self.names.index(name)} AS t, __row AS r FROM {_ident(name)}"
            for name in seeds
        ]
        self.con.execute(f"CREATE TEMP TABLE __m AS {' UNION ALL '.join(selects)}")
        if down != 0:  # the records that refer to one found, and to those, ``down`` levels
            self._grow(
                "SELECT f.s, e.t, e.r FROM __front f JOIN __ids i ON i.t = f.t AND i.r = f.r "
                "JOIN __edges e ON e.kind = i.kind AND e.id = i.id",
                down,
            )
        # every record of an id found: a dataset's lookups find the first
        self._grow(
            "SELECT f.s, j.t, j.r FROM __front f JOIN __ids i ON i.t = f.t AND i.r = f.r "
            "JOIN __ids j ON j.kind = i.kind AND j.id = i.id"
        )
        # the records they refer to (every record of each id), and those they refer to ...
        self._grow(
            "SELECT f.s, i.t, i.r FROM __front f JOIN __edges e ON e.t = f.t AND e.r = f.r "
            "JOIN __ids i ON i.kind = e.kind AND i.id = e.id"
        )

    def write(self, records_per_batch: int, spill: Path) -> dict[str, Path]:
        """Each table's rows by batch (``__batch``, ``__seed``, the row), sorted, to Parquet."""
        self.con.execute(
            "CREATE TEMP TABLE __batch_of AS SELECT s, "
            f"(sum(n) OVER (ORDER BY s ROWS UNBOUNDED PRECEDING) - n) // {records_per_batch} "
            "AS batch FROM (SELECT s, count(*) AS n FROM __m GROUP BY s)"
        )
        self.con.execute(
            "CREATE TEMP TABLE __mb AS SELECT b.batch, m.t, m.r, "
            f"bool_or(m.s = m.t * {_TABLE} + m.r) AS seed "
            "FROM __m m JOIN __batch_of b ON b.s = m.s GROUP BY b.batch, m.t, m.r"
        )
        for table in ("__m", "__batch_of", "__ids", "__edges"):
            self.con.execute(f"DROP TABLE {table}")
        files = {}
        # Written in the order of ORDER BY (parallel writers may otherwise reorder row groups).
        self.con.execute("SET preserve_insertion_order = true")
        for number, name in enumerate(self.names):
            columns = ", ".join(f"x.{_ident(field.name)}" for field in self.checker.types[name])
            path = spill / f"{name}.parquet"
            self.con.execute(
                f"COPY (SELECT b.batch AS __batch, b.seed AS __seed, x.__row, {columns} "
                f"FROM {_ident(name)} x JOIN (SELECT batch, r, seed FROM __mb WHERE t = "
                f"{number}) b ON b.r = x.__row ORDER BY b.batch, x.__row) "
                f"TO '{path}' (FORMAT parquet)"
            )
            files[name] = path
        self.con.execute("DROP TABLE __mb")
        return files


def _groups(number: int, name: str, path: Path) -> Iterator[tuple[int, int, str, pa.Table]]:
    """(batch, table number, table, rows) of one table's file (sorted by batch)."""
    pending: list[pa.Table] = []
    current: int | None = None
    with pq.ParquetFile(path) as handle:
        for record_batch in handle.iter_batches(batch_size=10_000):
            table = pa.Table.from_batches([record_batch])
            numbers = table.column("__batch").to_pylist()
            start = 0
            for key, run in itertools.groupby(numbers):
                size = len(list(run))
                if current is not None and key < current:  # never: the file is sorted
                    raise RuntimeError(f"{path}: batches out of order ({key} after {current})")
                if current is not None and key != current:
                    yield current, number, name, pa.concat_tables(pending)
                    pending = []
                current = key
                pending.append(table.slice(start, size))
                start += size
    if current is not None and pending:
        yield current, number, name, pa.concat_tables(pending)


def _read(files: dict[str, Path], checker: _Checker) -> Iterator[Batch]:
    """Each batch's records, loaded by the library's loader, tables merged by batch."""
    streams = [_groups(number, name, path) for number, (name, path) in enumerate(files.items())]
    merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
    for _, found in itertools.groupby(merged, key=lambda item: item[0]):
        lists: dict[str, list[Entity]] = {}
        seeds: dict[str, list[int]] = {}
        for _, _, name, rows in found:
            lists[name], seeds[name] = _load(name, rows, checker)
        yield Batch(Dataset(**lists), seeds)  # type: ignore[arg-type]


def _load(name: str, rows: pa.Table, checker: _Checker) -> tuple[list[Entity], list[int]]:
    """The records of a batch's rows of one table, and the positions of its seeds."""
    cls = checker.kinds[name]
    numbers = rows.column("__row").to_pylist()
    seed = rows.column("__seed").to_pylist()
    data = rows.drop_columns(["__batch", "__seed", "__row"]).cast(checker.types[name])
    records, problems = decode_batch(data, cls, table=name)
    if problems:  # the checks report these rows; a summary needs every record to load
        raise ValidationError(
            [
                attrs.evolve(
                    problem,
                    path=_ROW.sub(lambda m: f"$.{m[1]}[{numbers[int(m[2])]}]", problem.path, 1),
                )
                for problem in problems
            ]
        )
    return list(records), [position for position, is_seed in enumerate(seed) if is_seed]
