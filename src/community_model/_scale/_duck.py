"""The checks of a whole dataset as DuckDB queries over its Parquet files: out of core.

``Dataset.check()`` holds every record; here the records stay in their files and DuckDB, embedded
and within the memory limit given (spilling joins and sorts to a temporary directory), answers
what needs the whole dataset. What needs one record runs in Python, streaming, a batch at a time.

In SQL (joins, groups and anti-joins over id columns; each returns only the rows at fault):

- duplicate ids (``GROUP BY id HAVING count(*) > 1``), each later record against the first;
- references that do not resolve: every reference field a class declares (read by
  :func:`community_model._references.reference_fields`, with the columns the Arrow schema gives
  it: an id, a list of ids, a ``Ref`` struct, a list of them, or a reference inside a part such as
  a project's funding), unnested with their positions and anti-joined with the ids of every kind;
- the parents of Party organisations and of projects: records that cannot lead to a cycle are
  pruned level by level (a parent that is missing, then their children ...) until only records
  on or above a cycle are left; those few are walked in Python by
  :func:`community_model._dataset.integrity.cycles`, the walk of ``Dataset.check()``;
- community codes against their street's, activities against their project's life: SQL keeps
  the pairs that may be at fault (codes whose digits do not extend the street's; times whose named
  bounds lie outside the period's); the library's own values decide
  (:meth:`DivisionCode.contains`, editions; :func:`~.integrity.outside_project`);
- lists: items recorded against the totals a list reports, adoptions of items marked open.

In Python, per record and streaming: every rule of a row (the loader of ``read_parquet``) and
the conventions each record breaks (``record.warnings()``). For JSON Lines these come from the
conversion itself (:mod:`._shards`), with their lines.

Problems are those of ``Dataset.check()``, with the same messages (the declarations of
:mod:`.integrity`), in its order: duplicates, then each record's own problems and unresolved
references (table by table, row by row), codes, cycles, activity dates, lists.
"""

from __future__ import annotations

import heapq
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from community_model._arrow._convert import check_version, missing_columns
from community_model._arrow._fields import tables
from community_model._arrow._schema import arrow_schema
from community_model._arrow._types import DERIVED
from community_model._dataset import findings
from community_model._dataset.integrity import (
    cycles,
    outside_project,
    outside_street,
    parent_fields,
)
from community_model._entities import Entity
from community_model._errors import Problem, ValidationError
from community_model._io import from_dict
from community_model._references import ReferenceField, reference_fields
from community_model._scale._budget import check_reserve, connected, fit
from community_model._scale._export import Export
from community_model._scale._found import FileProblem
from community_model._scale._records import record_problems
from community_model._values import Count, DivisionCode, When
from community_model._vocab import ItemStatus, RecordKind

__all__ = ["check_tables"]

V = TypeVar("V")

#: Rows fetched from DuckDB at a time.
FETCH_ROWS: Final = 10_000
#: Parquet files of at most this many bytes in all are read into memory once, not per query.
SMALL_BYTES: Final = 16 * 1000**2
_SORT_LAST: Final = 1 << 62


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Checker:
    """One DuckDB connection over one export; each check a method yielding its problems."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, export: Export, *, memory_limit: int, reserve: int
    ) -> None:
        self.con = con
        self.export = export
        self.kinds = tables()
        size = sum(path.stat().st_size for path in export.tables.values())
        self.small = size <= SMALL_BYTES
        self.types: dict[str, pa.Schema] = {}
        for name, cls in self.kinds.items():
            self._view(name, cls)
        if export.lines is not None:
            self.con.execute(
                "CREATE VIEW __lines AS "
                + " UNION ALL ".join(
                    f"SELECT {number} AS __t, __row, __file, __line FROM {_ident('lines_' + name)}"
                    for number, name in enumerate(self.kinds)
                )
            )
        # The files are open and their metadata read: DuckDB gets what is left of the limit.
        fit(con, memory_limit, reserve)

    # -- the tables ---------------------------------------------------------------------------

    def _view(self, name: str, cls: type[Entity]) -> None:
        path = self.export.tables.get(name)
        if path is None:
            schema = arrow_schema(cls)
            empty = schema.empty_table().append_column("__row", pa.array([], pa.int64()))
            self.con.register(f"__empty_{name}", empty)
            source = f"(SELECT * FROM {_ident('__empty_' + name)})"
        else:
            source = f"read_parquet({_literal(str(path))}, file_row_number = true)"
            schema = pq.read_schema(path)
            check_version(schema, f"$.{name}", str(path))
            problems = missing_columns(schema, cls, name)
            if problems:
                raise ValidationError(problems)
        self.types[name] = schema
        row = "__row" if path is None else "file_row_number AS __row"
        columns = "* EXCLUDE (file_row_number)" if path is not None else "*"
        # A small table is read once into DuckDB's memory; a large one is read from its file by
        # each query (only the columns the query needs).
        what = "TEMP TABLE" if self.small else "VIEW"
        self.con.execute(f"CREATE {what} {_ident(name)} AS SELECT {row}, {columns} FROM {source}")
        if self.export.lines is not None:
            lines = self.export.lines / f"{name}.parquet"
            if lines.is_file():
                self.con.execute(
                    f"CREATE VIEW {_ident('lines_' + name)} AS SELECT file_row_number AS __row, "
                    f"file AS __file, line AS __line FROM read_parquet({_literal(str(lines))}, "
                    "file_row_number = true)"
                )
            else:
                self.con.execute(
                    f"CREATE VIEW {_ident('lines_' + name)} AS SELECT 0::BIGINT AS __row, "
                    "0::INTEGER AS __file, 0::BIGINT AS __line WHERE false"
                )
        # The first record of each id: the one a dataset's lookups find.
        self.con.execute(
            f"CREATE VIEW {_ident('first_' + name)} AS SELECT t.* FROM {_ident(name)} t JOIN "
            f"(SELECT id, min(__row) AS __first FROM {_ident(name)} WHERE id IS NOT NULL "
            f"GROUP BY id) f ON t.id = f.id AND t.__row = f.__first"
        )

    def _value(self, name: str, column: str, expression: str | None = None) -> str:
        """An id column as text (the value of ``X | Unknown``, null when unknown)."""
        expression = expression or _ident(column)
        arrow_type = self.types[name].field(column).type
        if pa.types.is_struct(arrow_type) and arrow_type.get_field_index("value") >= 0:
            return f"{expression}.value"
        return expression

    def _rows(self, name: str, sql: str, order: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql`` (its first column ``__row``) with their file and line, in order."""
        number = list(self.kinds).index(name)
        for found in self._union([(number, sql)], order):
            yield found[1:]

    def _union(self, queries: Sequence[tuple[int, str]], order: str) -> Iterator[tuple[Any, ...]]:
        """The rows of several tables' queries: ``(table number, *row, file, line)``, in order.

        Each query's first column is ``__row``; ``order`` (columns of the rows) sorts the rows
        of one table. The queries run one after another into a temporary table (one join's
        hash table in memory at a time), which is then sorted.
        """
        self.con.execute("DROP TABLE IF EXISTS __found")
        for index, (number, sql) in enumerate(queries):
            verb = "CREATE TEMP TABLE __found AS" if index == 0 else "INSERT INTO __found"
            self.con.execute(f"{verb} SELECT {number} AS __t, q.* FROM ({sql}) q")
        if not queries:
            return
        yield from self._sorted(order)

    def _sorted(self, order: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``__found`` sorted by table and ``order``, with their file and line."""
        keys = ", ".join(f"f.{column.strip()}" for column in order.split(","))
        if self.export.lines is not None:
            sql = (
                "SELECT f.*, l.__file, l.__line FROM __found f LEFT JOIN __lines l "
                f"ON l.__t = f.__t AND l.__row = f.__row ORDER BY f.__t, {keys}"
            )
        else:
            sql = (
                "SELECT f.*, NULL::INTEGER AS __file, NULL::BIGINT AS __line FROM __found f "
                f"ORDER BY f.__t, {keys}"
            )
        result = self.con.execute(sql)
        while True:
            rows = result.fetchmany(FETCH_ROWS)
            if not rows:
                break
            yield from rows
        self.con.execute("DROP TABLE IF EXISTS __found")

    def locate(
        self, name: str, problem: Problem, row: int, file: int | None, line: int | None
    ) -> FileProblem:
        """A problem at its dataset path, moved to its line when the export came from lines."""
        if self.export.lines is None or file is None or line is None:
            return FileProblem(str(self.export.tables.get(name, name)), problem)
        prefix = f"$.{name}[{row}]"
        path = (
            "$" + problem.path[len(prefix) :] if problem.path.startswith(prefix) else problem.path
        )
        return FileProblem(self.export.sources[file], attrs.evolve(problem, path=path, line=line))

    # -- duplicates -----------------------------------------------------------------------------

    def duplicates(self) -> Iterator[FileProblem]:
        """Ids used twice: candidates by a 64-bit hash of the id (a small table), then exact."""
        queries = []
        for number, name in enumerate(self.kinds):
            table = _ident(name)
            queries.append(
                (
                    number,
                    f"WITH candidates AS (SELECT hash(id) AS h FROM {table} WHERE id IS NOT NULL "
                    "GROUP BY h HAVING count(*) > 1), "
                    f"suspects AS (SELECT t.__row, t.id FROM {table} t SEMI JOIN candidates c "
                    "ON hash(t.id) = c.h), "
                    "firsts AS (SELECT id, min(__row) AS __first FROM suspects GROUP BY id "
                    "HAVING count(*) > 1) "
                    "SELECT s.__row, s.id, f.__first FROM suspects s JOIN firsts f "
                    "ON s.id = f.id WHERE s.__row > f.__first",
                )
            )
        names = list(self.kinds)
        for number, row, ident, first, file, line in self._union(queries, "__row"):
            name = names[number]
            yield self.locate(name, findings.duplicate_id(name, row, ident, first), row, file, line)

    # -- references -----------------------------------------------------------------------------

    def _leaves(
        self,
        fields: Sequence[ReferenceField],
        struct: pa.DataType | pa.Schema,
        source: str,
        keys: int,
        template: str,
        positions: tuple[int, ...],
    ) -> Iterator[tuple[str, int, str, tuple[int, ...], tuple[RecordKind, ...]]]:
        """(SELECT, key length, path template, which keys are positions, kinds it may name) of
        each reference.

        ``source`` has ``__row``, the keys so far (``__k0`` ...) and ``__v``, the value holding
        ``fields`` (of Arrow type ``struct``). Each SELECT gives ``__row``, the keys (the
        field's number at each level, and the position in each list) and the reference's
        ``__kind`` and ``__id``: sorted by the keys, references come in the order
        :func:`community_model._references.references` gives them.
        """
        carried = ["__row", *(f"__k{level}" for level in range(keys))]
        for number, field in enumerate(fields):
            arrow_type = struct.field(field.name).type
            value = f"__v.{_ident(field.name)}"
            inner = (
                f"SELECT {', '.join(carried)}, {number} AS __k{keys}, {value} AS __x "
                f"FROM ({source})"
            )
            depth, path, where = keys + 1, f"{template}.{field.name}", positions
            if field.many:
                listed = ", ".join(["__row", *(f"__k{level}" for level in range(depth))])
                inner = (
                    f"SELECT {listed}, unnest(__x) AS __x, generate_subscripts(__x, 1) - 1 "
                    f"AS __k{depth} FROM ({inner})"
                )
                where = (*where, depth)
                depth, path = depth + 1, f"{path}[]"
                arrow_type = arrow_type.value_type
            names = ", ".join(["__row", *(f"__k{level}" for level in range(depth))])
            if field.form == "record":
                assert field.part is not None
                nested = f"SELECT {names}, __x AS __v FROM ({inner})"
                yield from self._leaves(
                    reference_fields(field.part), arrow_type, nested, depth, path, where
                )
                continue
            if pa.types.is_struct(arrow_type) and field.form == "id":
                inner = f"SELECT {names}, __x.value AS __x FROM ({inner})"  # X | Unknown
            kind = _literal(field.kinds[0].value) if field.form == "id" else "__x.kind"
            ident = "__x" if field.form == "id" else "__x.id"
            sql = (
                f"SELECT {names}, {kind}::VARCHAR AS __kind, {ident}::VARCHAR AS __id "
                f"FROM ({inner}) WHERE {ident} IS NOT NULL"
            )
            yield sql, depth, path, where, field.kinds

    def _targets(self, kinds: Sequence[RecordKind]) -> str:
        """The ids a reference to one of ``kinds`` may name, with their kind."""
        tables = {cls.record_kind: name for name, cls in self.kinds.items()}
        return " UNION ALL ".join(
            f"SELECT {_literal(kind.value)} AS kind, id FROM {_ident(tables[kind])}"
            for kind in kinds
        )

    def unresolved(self) -> Iterator[tuple[int, int, tuple[int, ...], FileProblem]]:
        """(table, row, order, problem) of each reference that does not resolve, in order.

        Each reference field is anti-joined with the ids of the kinds it may name, one field
        at a time: the hash table in memory is that of the records referred to (streets,
        communities ...), never of the records that refer (activities, the bulk).
        """
        leaves: dict[int, list[tuple[str, int, str, tuple[int, ...], tuple[RecordKind, ...]]]]
        leaves = {}
        for number, (name, cls) in enumerate(self.kinds.items()):
            fields = reference_fields(cls)
            if fields:
                packed = ", ".join(
                    f"{_ident(field.name)} := {_ident(field.name)}" for field in fields
                )
                base = f"SELECT __row, struct_pack({packed}) AS __v FROM {_ident(name)}"
                leaves[number] = list(self._leaves(fields, self.types[name], base, 0, "", ()))
        if not leaves:
            return
        width = max(depth for found in leaves.values() for _, depth, _, _, _ in found)
        keys = [f"__k{level}" for level in range(width)]
        names = list(self.kinds)
        self.con.execute("DROP TABLE IF EXISTS __found")
        created = False
        for number, found in leaves.items():
            for leaf, (sql, depth, _, _, kinds) in enumerate(found):
                padded = [
                    f"__k{level}" if level < depth else f"-1::BIGINT AS __k{level}"
                    for level in range(width)
                ]
                select = (
                    f"SELECT {number} AS __t, r.__row, {leaf} AS __leaf, {', '.join(padded)}, "
                    f"r.__kind, r.__id FROM ({sql}) r ANTI JOIN ({self._targets(kinds)}) i "
                    "ON r.__kind = i.kind AND r.__id = i.id"
                )
                verb = "INSERT INTO __found" if created else "CREATE TEMP TABLE __found AS"
                self.con.execute(f"{verb} {select}")
                created = True
        for found_row in self._sorted(", ".join(["__row", *keys])):
            number, row, leaf, *key = found_row[: 3 + width]
            kind_code, ident, file, line = found_row[3 + width :]
            try:
                kind = RecordKind.from_code(kind_code)
            except ValueError:
                continue  # a row that does not load; its own problems say why
            _, _, template, where, _ = leaves[number][leaf]
            rest = _fill(template, [key[level] for level in where])
            name = names[number]
            unresolved = findings.unresolved(f"$.{name}[{row}]{rest}", kind, ident)
            yield number, row, (1, *key), self.locate(name, unresolved, row, file, line)

    # -- codes ----------------------------------------------------------------------------------

    def community_codes(self) -> Iterator[FileProblem]:
        street_id = self._value("communities", "street_id", "c.street_id")
        sql = (
            "SELECT c.__row, c.code, s.code AS street_code, s.name FROM communities c "
            f"JOIN first_streets s ON s.id = {street_id} "
            "WHERE c.code IS NOT NULL AND s.code IS NOT NULL AND NOT ("
            "length(split_part(c.code, '@', 1)) > length(split_part(s.code, '@', 1)) AND "
            "starts_with(split_part(c.code, '@', 1), split_part(s.code, '@', 1)))"
        )
        for row, code, street, street_name, file, line in self._outside(
            "communities", sql, DivisionCode.parse, outside_street
        ):
            found = findings.code_outside_street(row, code, street_name, street)
            yield self.locate("communities", found, row, file, line)

    # -- cycles ---------------------------------------------------------------------------------

    def cycles(self) -> Iterator[FileProblem]:
        for name, cls in self.kinds.items():
            for parent in parent_fields(cls):
                yield from self._cycles_of(name, cls, parent)

    def _cycles_of(self, name: str, cls: type[Entity], parent: str) -> Iterator[FileProblem]:
        value = self._value(name, parent, f"t.{_ident(parent)}")
        self.con.execute("DROP TABLE IF EXISTS __graph")
        self.con.execute(
            f"CREATE TEMP TABLE __graph AS SELECT t.id, {value} AS parent, t.__row AS pos "
            f"FROM {_ident('first_' + name)} t"
        )
        while True:  # one level of records that cannot reach a cycle at a time
            (removed,) = self.con.execute(
                "DELETE FROM __graph WHERE parent IS NULL OR NOT EXISTS "
                "(SELECT 1 FROM __graph p WHERE p.id = __graph.parent)"
            ).fetchone() or (0,)
            if not removed:
                break
        left = self.con.execute("SELECT id, parent, pos FROM __graph ORDER BY pos").fetchall()
        self.con.execute("DROP TABLE __graph")
        if not left:
            return
        parents = {ident: parent_id for ident, parent_id, _ in left}
        positions = {ident: pos for ident, _, pos in left}
        kind = cls.record_kind
        for cycle, ident in cycles(parents, parents.get):
            first = min(positions[member] for member in cycle)
            file, line = self._line_of(name, first)
            found = findings.parent_cycle(name, first, parent, kind, cycle, ident)
            yield self.locate(name, found, first, file, line)

    def _line_of(self, name: str, row: int) -> tuple[int | None, int | None]:
        if self.export.lines is None:
            return None, None
        found = self.con.execute(
            f"SELECT __file, __line FROM {_ident('lines_' + name)} WHERE __row = ?", [row]
        ).fetchone()
        return (None, None) if found is None else (found[0], found[1])

    # -- activity dates -------------------------------------------------------------------------

    def activity_dates(self) -> Iterator[FileProblem]:
        project_id = self._value("activities", "project_id", "a.project_id")
        when = 'a."when"'
        sql = (
            f'SELECT a.__row, {when}."text" AS when_text, p.period."text" AS period_text, p.name '
            f"FROM activities a JOIN first_service_projects p ON p.id = {project_id} "
            f"WHERE p.period IS NOT NULL AND {when} IS NOT NULL AND {when}.unknown IS NULL AND ("
            f"(p.period.earliest IS NOT NULL AND {when}.latest IS NOT NULL "
            f"AND {when}.latest < p.period.earliest) OR "
            f"(p.period.latest IS NOT NULL AND {when}.earliest IS NOT NULL "
            f"AND {when}.earliest > p.period.latest))"
        )
        for row, moment, period, project, file, line in self._outside(
            "activities", sql, When.parse, outside_project
        ):
            found = findings.activity_outside_project(row, moment, project, period)
            yield self.locate("activities", found, row, file, line)

    def _outside(
        self, name: str, sql: str, parse: Callable[[str], V], outside: Callable[[V, V], bool]
    ) -> Iterator[tuple[int, V, V, str, int | None, int | None]]:
        """The rows of ``name`` whose value lies outside the one it must lie within, decided by
        the library's own values (``parse``, ``outside``): the query (``__row``, the value's text,
        the text of the value it must lie within, and that record's name) only narrows.

        Each row comes back as ``(row, value, within, name, file, line)``; a row whose texts do
        not load is left out (its own problems say why).
        """
        for row, text, within_text, within_name, file, line in self._rows(name, sql, "__row"):
            try:
                value, within = parse(text), parse(within_text)
            except ValueError:
                continue
            if outside(value, within):
                yield row, value, within, within_name, file, line

    # -- lists ----------------------------------------------------------------------------------

    def lists(self) -> Iterator[FileProblem]:
        sql = (
            "SELECT l.__row, l.items_collected AS reported, coalesce(c.n, 0) AS found "
            "FROM service_lists l LEFT JOIN (SELECT list_id, count(*) AS n FROM list_items "
            "GROUP BY list_id) c ON c.list_id = l.id WHERE l.items_collected IS NOT NULL AND "
            "l.items_collected.maximum IS NOT NULL AND coalesce(c.n, 0) > "
            "l.items_collected.maximum"
        )
        for row, reported, found, file, line in self._rows("service_lists", sql, "__row"):
            problem = findings.list_holds_more_items(row, found, _count(reported))
            yield self.locate("service_lists", problem, row, file, line)
        sql = (
            "SELECT i.__row, i.status, c.n FROM list_items i JOIN (SELECT item_id, "
            "count(*) AS n FROM adoptions WHERE item_id IS NOT NULL GROUP BY item_id) c "
            f"ON c.item_id = i.id WHERE i.status = {_literal(ItemStatus.OPEN.value)}"
        )
        for row, status, count, file, line in self._rows("list_items", sql, "__row"):
            problem = findings.open_item_adopted(row, ItemStatus.from_code(status), count)
            yield self.locate("list_items", problem, row, file, line)


def _fill(template: str, positions: Sequence[Any]) -> str:
    parts = template.split("[]")
    out = [parts[0]]
    for position, part in zip(positions, parts[1:], strict=False):
        out.append(f"[{position}]{part}")
    return "".join(out)


def _count(struct: dict[str, Any]) -> Count:
    data = {
        key: value
        for key, value in struct.items()
        if key not in DERIVED.get(Count, ()) and value is not None
    }
    found = from_dict(data, Count)
    assert isinstance(found, Count)
    return found


def check_tables(
    export: Export,
    *,
    memory_limit: int,
    temp_directory: str | None,
    threads: int | None,
    strict: bool,
    per_record: Iterable[tuple[int, int, FileProblem]] | None,
) -> Iterator[FileProblem]:
    """Every problem of the export, in the order of ``Dataset.check()``.

    ``per_record`` gives each record's own problems in table and row order (from a
    conversion); ``None`` reads them from the Parquet rows here. ``memory_limit`` is the whole
    process's, in bytes (see :mod:`._budget`).
    """
    reserve = check_reserve(memory_limit, loads_rows=per_record is None)
    spill = Path(tempfile.mkdtemp(prefix="community-model-duckdb-", dir=temp_directory))
    try:
        with connected(memory_limit, reserve, spill, threads) as con:
            checker = _Checker(con, export, memory_limit=memory_limit, reserve=reserve)
            yield from checker.duplicates()
            own = (
                per_record
                if per_record is not None
                else record_problems(export.tables, strict=strict)
            )
            keyed_own = (
                (table, row, (0, seq), found) for seq, (table, row, found) in enumerate(own)
            )
            references = checker.unresolved()
            for *_, found in heapq.merge(keyed_own, references, key=lambda item: item[:3]):
                yield found
            yield from checker.community_codes()
            yield from checker.cycles()
            yield from checker.activity_dates()
            yield from checker.lists()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
