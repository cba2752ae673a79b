"""The checks of a whole dataset on Dask DataFrames, for an export spread over several machines.

Each chunk of row groups of the export (:func:`._records.chunks_of`) is a task: a worker loads
its rows with the library's loader and gives back each record's own problems and the narrow
frames the dataset's checks need: ids, references (read by
:func:`community_model._references.references`, from the declarations), parents, and the few
values that codes, activity dates and lists compare. Dask joins the frames across the cluster
(duplicate ids by a group-by, references that do not resolve by a merge against every id,
communities with their streets, activities with their projects, items and adoptions counted);
only the rows at fault come back, and the library's own values and the messages of
:mod:`community_model._dataset.integrity` decide and word each problem. The parents of Party
organisations and projects (an id and a parent each) come back whole and are walked by the walk
of ``Dataset.check()``. Problems are those of ``Dataset.check()``, in its order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any, Final

import dask.config
import dask.dataframe as dd
import pandas as pd
from dask.base import compute
from dask.delayed import Delayed, delayed

from community_model._arrow._fields import tables
from community_model._dataset import findings
from community_model._dataset.integrity import cycles, outside_project, parent_fields
from community_model._entities import (
    Activity,
    Adoption,
    Community,
    Entity,
    ListItem,
    ServiceList,
    ServiceProject,
    Street,
)
from community_model._errors import Problem
from community_model._references import references
from community_model._scale._export import Export
from community_model._scale._found import FileProblem
from community_model._scale._records import Chunk, chunks_of, rows_of
from community_model._values import DivisionCode, When
from community_model._vocab import ItemStatus, RecordKind

__all__ = ["check_frames"]

#: The columns of each frame a chunk gives (all ``object`` but the numbers).
COLUMNS: Final[dict[str, dict[str, str]]] = {
    "ids": {"t": "int64", "row": "int64", "kind": "object", "id": "object"},
    "refs": {
        "t": "int64",
        "row": "int64",
        "seq": "int64",
        "path": "object",
        "kind": "object",
        "id": "object",
    },
    "parents": {
        "t": "int64",
        "row": "int64",
        "field": "object",
        "id": "object",
        "parent": "object",
    },
    "streets": {"row": "int64", "id": "object", "name": "object", "code": "object"},
    "communities": {"row": "int64", "street_id": "object", "code": "object"},
    "projects": {"row": "int64", "id": "object", "name": "object", "period": "object"},
    "activities": {"row": "int64", "project_id": "object", "when": "object"},
    "lists": {"row": "int64", "id": "object", "maximum": "float64", "reported": "object"},
    "items": {"row": "int64", "id": "object", "list_id": "object", "status": "object"},
    "adoptions": {"item_id": "object"},
    "own": {"t": "int64", "row": "int64", "seq": "int64", "problem": "object"},
}


def _values(record: Entity) -> Iterator[tuple[str, dict[str, Any]]]:
    """The values of a record the checks of codes, dates and lists compare (none: nothing)."""
    if isinstance(record, Street):
        code = None if record.code is None else str(record.code)
        yield "streets", {"id": record.id, "name": record.name, "code": code}
    elif isinstance(record, Community):
        street = record.street_id if isinstance(record.street_id, str) else None
        code = None if record.code is None else str(record.code)
        yield "communities", {"street_id": street, "code": code}
    elif isinstance(record, ServiceProject):
        period = None if record.period is None else str(record.period)
        yield "projects", {"id": record.id, "name": record.name, "period": period}
    elif isinstance(record, Activity):
        when = str(record.when) if isinstance(record.when, When) else None
        project = record.project_id if isinstance(record.project_id, str) else None
        yield "activities", {"project_id": project, "when": when}
    elif isinstance(record, ServiceList):
        count = record.items_collected
        maximum = None if count is None or count.maximum is None else float(count.maximum)
        reported = None if count is None else str(count)
        yield "lists", {"id": record.id, "maximum": maximum, "reported": reported}
    elif isinstance(record, ListItem):
        yield "items", {"id": record.id, "list_id": record.list_id, "status": record.status.value}
    elif isinstance(record, Adoption):
        yield "adoptions", {"item_id": record.item_id}


#: The frames of values, each of one class's records (see :func:`_values`).
VALUES: Final[dict[str, type[Entity]]] = {
    "streets": Street,
    "communities": Community,
    "projects": ServiceProject,
    "activities": Activity,
    "lists": ServiceList,
    "items": ListItem,
    "adoptions": Adoption,
}


def _sources(name: str) -> set[str]:
    """The tables whose chunks give rows to the frame ``name``."""
    known = tables()
    if name in VALUES:
        return {table for table, cls in known.items() if cls is VALUES[name]}
    if name == "parents":
        return {table for table, cls in known.items() if parent_fields(cls)}
    return set(known)


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = COLUMNS[name]
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def skeleton(chunk: Chunk, strict: bool) -> dict[str, pd.DataFrame]:
    """One chunk's frames, with its records' own problems (``own``), in order."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
    own = found["own"]
    t = chunk.table
    for row, record, problems in rows_of(chunk, strict):
        own.extend(
            {"t": t, "row": row, "seq": len(own), "problem": FileProblem(chunk.file, problem)}
            for problem in problems
        )
        if record is None:  # a row that does not load: its own problems say why
            continue
        kind = record.record_kind.value
        found["ids"].append({"t": t, "row": row, "kind": kind, "id": record.id})
        where = f"$.{chunk.name}[{row}]"
        for seq, (path, to, ident) in enumerate(references(record, where)):
            found["refs"].append(
                {"t": t, "row": row, "seq": seq, "path": path, "kind": to.value, "id": ident}
            )
        for field in parent_fields(type(record)):
            parent = getattr(record, field)
            parent = parent if isinstance(parent, str) else None
            found["parents"].append(
                {"t": t, "row": row, "field": field, "id": record.id, "parent": parent}
            )
        for name, values in _values(record):
            found[name].append({"row": row, **values})
    return {name: _frame(name, rows) for name, rows in found.items()}


def _firsts(frame: dd.DataFrame, keys: list[str]) -> dd.DataFrame:
    """The rows of ``frame`` that are the first of their ``keys`` (the record lookups find)."""
    first = frame.groupby(keys)["row"].min().reset_index().rename(columns={"row": "first"})
    merged = frame.merge(first, on=keys)  # type: ignore[no-untyped-call]
    kept: dd.DataFrame = merged[merged["row"] == merged["first"]].drop(columns=["first"])
    return kept


def _outside(frame: pd.DataFrame) -> pd.DataFrame:
    """The activities of a partition that lie outside their project's life."""
    keep = [
        outside_project(When.parse(when), When.parse(period))
        for when, period in zip(frame["when"], frame["period"], strict=True)
    ]
    return frame[keep]


def _code_outside(frame: pd.DataFrame) -> pd.DataFrame:
    """The communities of a partition whose code lies outside their street's (editions kept)."""
    keep = []
    for code_text, street_text in zip(frame["code"], frame["street_code"], strict=True):
        code, street = DivisionCode.parse(code_text), DivisionCode.parse(street_text)
        other_edition = None not in (street.edition, code.edition) and (
            street.edition != code.edition
        )
        keep.append(not other_edition and not street.contains(code))
    return frame[keep]


def _pick(part: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return part[name]


def check_frames(
    export: Export, *, scheduler: Any, strict: bool, record_checks: bool
) -> Iterator[FileProblem]:
    """Every problem of a Parquet export, its dataset's checks on Dask DataFrames.

    ``scheduler`` is what :func:`dask.compute` runs on: a ``distributed.Client``, or
    ``"synchronous"`` for this process (whose joins shuffle by tasks: the peer-to-peer shuffle
    needs the workers of a cluster). Object columns stay objects (Dask would make them
    strings, and problems are objects).
    """
    options: dict[str, Any] = {"dataframe.convert-string": False}
    if isinstance(scheduler, str):
        options["dataframe.shuffle.method"] = "tasks"
    with dask.config.set(options):
        yield from _check_frames(export, scheduler, strict, record_checks)


def _check_frames(
    export: Export, scheduler: Any, strict: bool, record_checks: bool
) -> Iterator[FileProblem]:
    names = list(tables())
    chunks = chunks_of(export.tables)
    parts: list[Delayed] = [delayed(skeleton, pure=True)(chunk, strict) for chunk in chunks]
    frames = {
        name: dd.from_delayed(
            [
                delayed(_pick, pure=True)(part, name)
                for chunk, part in zip(chunks, parts, strict=True)
                if chunk.name in _sources(name)
            ]
            or [delayed(_frame, pure=True)(name, [])],
            meta=_frame(name, []),
            verify_meta=False,
        )
        for name in COLUMNS
    }
    ids, refs = frames["ids"], frames["refs"]

    first_ids = ids.groupby(["t", "id"])["row"].min().reset_index().rename(columns={"row": "first"})
    duplicates = ids.merge(first_ids, on=["t", "id"])
    duplicates = duplicates[duplicates["row"] > duplicates["first"]]

    known = ids[["kind", "id"]].drop_duplicates().assign(known=True)
    unresolved = refs.merge(known, on=["kind", "id"], how="left")
    unresolved = unresolved[unresolved["known"].isna()].drop(columns=["known"])

    streets = _firsts(frames["streets"], ["id"]).rename(
        columns={"id": "street_id", "row": "street_row", "code": "street_code"}
    )
    communities = frames["communities"].dropna(subset=["code", "street_id"])
    codes = communities.merge(streets.dropna(subset=["street_code"]), on="street_id")
    codes = codes.map_partitions(_code_outside, meta=codes._meta)

    projects = _firsts(frames["projects"], ["id"]).rename(
        columns={"id": "project_id", "row": "project_row"}
    )
    dates = frames["activities"].dropna(subset=["when", "project_id"])
    dates = dates.merge(projects.dropna(subset=["period"]), on="project_id")
    dates = dates.map_partitions(_outside, meta=dates._meta)

    per_list = frames["items"].groupby("list_id").size().to_frame("found").reset_index()
    per_list = per_list.rename(columns={"list_id": "id"})
    lists = frames["lists"].dropna(subset=["maximum"]).merge(per_list, on="id")
    lists = lists[lists["found"] > lists["maximum"]]
    per_item = frames["adoptions"].groupby("item_id").size().to_frame("count").reset_index()
    per_item = per_item.rename(columns={"item_id": "id"})
    items = frames["items"][frames["items"]["status"] == ItemStatus.OPEN.value]
    items = items.merge(per_item, on="id")

    parents = _firsts(frames["parents"], ["t", "field", "id"])

    own_frame = frames["own"] if record_checks else frames["own"].head(0, compute=False)
    (dup, unres, code, date, lst, item, parent, own) = compute(  # type: ignore[no-untyped-call]
        duplicates, unresolved, codes, dates, lists, items, parents, own_frame, scheduler=scheduler
    )

    def at(name: str, problem: Problem) -> FileProblem:
        return FileProblem(str(export.tables.get(name, name)), problem)

    for t, row, ident, first in sorted(dup[["t", "row", "id", "first"]].itertuples(index=False)):
        name = names[t]
        yield at(name, findings.duplicate_id(name, row, ident, first))
    keyed_own = (
        (t, row, (0, seq), found)
        for t, row, seq, found in sorted(
            own[["t", "row", "seq", "problem"]].itertuples(index=False), key=lambda x: x[:3]
        )
    )
    keyed_refs = (
        (
            t,
            row,
            (1, seq),
            at(names[t], findings.unresolved(path, RecordKind.from_code(kind), ident)),
        )
        for t, row, seq, path, kind, ident in sorted(
            unres[["t", "row", "seq", "path", "kind", "id"]].itertuples(index=False)
        )
    )
    for *_, found in heapq.merge(keyed_own, keyed_refs, key=lambda item: item[:3]):
        yield found
    for row, code_text, name, street_text in sorted(
        code[["row", "code", "name", "street_code"]].itertuples(index=False)
    ):
        community, street = DivisionCode.parse(code_text), DivisionCode.parse(street_text)
        yield at("communities", findings.code_outside_street(row, community, name, street))
    yield from _cycles(parent, names, at)
    for row, when, project, period in sorted(
        date[["row", "when", "name", "period"]].itertuples(index=False)
    ):
        problem = findings.activity_outside_project(
            row, When.parse(when), project, When.parse(period)
        )
        yield at("activities", problem)
    for row, found, reported in sorted(lst[["row", "found", "reported"]].itertuples(index=False)):
        yield at("service_lists", findings.list_holds_more_items(row, int(found), reported))
    for row, status, count in sorted(item[["row", "status", "count"]].itertuples(index=False)):
        problem = findings.open_item_adopted(row, ItemStatus.from_code(status), int(count))
        yield at("list_items", problem)


def _cycles(parents: pd.DataFrame, names: list[str], at: Any) -> Iterator[FileProblem]:
    """The walk of ``Dataset.check()`` over the parents of each table's first records."""
    for t, name in enumerate(names):
        cls = tables()[name]
        kind = cls.record_kind
        for field in parent_fields(cls):
            mine = parents[(parents["t"] == t) & (parents["field"] == field)].sort_values("row")
            pairs = zip(mine["id"], mine["parent"], strict=True)
            graph = {ident: _known(up) for ident, up in pairs}
            positions = dict(zip(mine["id"], mine["row"], strict=True))
            for cycle, ident in cycles(graph, graph.get):
                first = min(positions[member] for member in cycle)
                yield at(name, findings.parent_cycle(name, first, field, kind, cycle, ident))


def _known(value: Any) -> str | None:
    return value if isinstance(value, str) else None
