"""The checks of a whole collection: what no single record can know about itself.

Duplicate ids, references that do not resolve (every reference a record declares, read by
:func:`.._references.references`), a community's code outside its street's, records that are their
own ancestors (through any field that refers to records of the record's own kind), an activity
dated outside its project's life, and each record's own warnings. The checks are handed the
collection and its index; they do not import the collection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from community_model._dataset import findings
from community_model._dataset.index import Collections, Index
from community_model._entities import Entity, ServiceProject, Street
from community_model._errors import Problem
from community_model._references import reference_fields, references
from community_model._values import DivisionCode, When
from community_model._values.unknown import Unknown
from community_model._vocab import ItemStatus, RecordKind

__all__ = ["check", "cycles", "outside_project", "outside_street", "parent_fields"]


def check(records: Collections, index: Index) -> Iterator[Problem]:
    """Every problem of a collection, errors and warnings, in document order."""
    for name, position, ident, first in index.duplicates:
        yield findings.duplicate_id(name, position, ident, first)
    by_id = index.by_id
    for name, items in records._by_kind():
        for position, record in enumerate(items):
            where = f"$.{name}[{position}]"
            for found in record.warnings():
                yield found.under(where)
            for path, kind, ident in references(record, where):
                if ident not in by_id[kind]:
                    yield findings.unresolved(path, kind, ident)
    yield from _community_codes(records, index)
    for name, items in records._by_kind():
        yield from _cycles(name, items, index)
    yield from _activity_dates(records, index)
    yield from _lists(records, index)


def _community_codes(records: Collections, index: Index) -> Iterator[Problem]:
    streets = index.by_id[RecordKind.STREET]
    for position, community in enumerate(records.communities):
        street = streets.get(community.street_id) if community.street_id else None
        if community.code is None or not isinstance(street, Street) or street.code is None:
            continue
        if outside_street(community.code, street.code):
            yield findings.code_outside_street(position, community.code, street.name, street.code)


def outside_street(code: DivisionCode, street_code: DivisionCode) -> bool:
    """Whether a community's code lies outside its street's (codes of different editions of the
    table need not agree)."""
    if None not in (street_code.edition, code.edition) and street_code.edition != code.edition:
        return False
    return not street_code.contains(code)


def parent_fields(cls: type) -> list[str]:
    """Fields through which a record of ``cls`` names another of its own kind as its parent."""
    kind = getattr(cls, "record_kind", None)
    return [
        field.name
        for field in reference_fields(cls)
        if field.form == "id" and not field.many and field.kinds == (kind,)
    ]


def cycles(
    starts: Iterable[str], parent_of: Callable[[str], str | None]
) -> Iterator[tuple[list[str], str]]:
    """Each cycle of parents once: its members from where the walk met it, and that member.

    Walks start from each id in ``starts`` (document order) and follow ``parent_of`` (``None``
    for no parent, or one that does not resolve). A cycle is reported by the first walk that
    reaches it; the out-of-core checks run this same walk over the records that lead to cycles.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in starts:
        path: list[str] = []
        ident: str | None = start
        while ident is not None and ident not in state:
            state[ident] = 1
            path.append(ident)
            ident = parent_of(ident)
        if ident is not None and state.get(ident) == 1:
            yield path[path.index(ident) :], ident
        for done in path:
            state[done] = 2


def _cycles(name: str, items: tuple[Entity, ...], index: Index) -> Iterator[Problem]:
    """Records that are their own ancestors through a parent field; each cycle once."""
    if not items:
        return
    kind = items[0].record_kind
    table = index.by_id[kind]
    for parent in parent_fields(type(items[0])):

        def parent_of(ident: str, parent: str = parent) -> str | None:
            record = table.get(ident)
            return getattr(record, parent) if record is not None else None

        positions: dict[str, int] = {}
        for cycle, ident in cycles((item.id for item in items), parent_of):
            if not positions:  # where each id first stands, worked out once a cycle is found
                positions = {item.id: at for at, item in reversed(list(enumerate(items)))}
            first = min(positions[member] for member in cycle)
            yield findings.parent_cycle(name, first, parent, kind, cycle, ident)


def outside_project(when: When, period: When) -> bool:
    """Whether an activity's time lies wholly outside its project's life (``period``)."""
    start = None if period.start is None else When(start=period.start)
    end = period.end if period.interval else period.start
    end_when = None if end is None else When(start=end)
    return not when.possibly_within(start, end_when)


def _activity_dates(records: Collections, index: Index) -> Iterator[Problem]:
    projects = index.by_id[RecordKind.SERVICE_PROJECT]
    for position, activity in enumerate(records.activities):
        if activity.project_id is None:
            continue
        project = projects.get(activity.project_id)
        if not isinstance(project, ServiceProject) or project.period is None:
            continue
        if isinstance(activity.when, Unknown):
            continue
        if outside_project(activity.when, project.period):
            yield findings.activity_outside_project(
                position, activity.when, project.name, project.period
            )


def _lists(records: Collections, index: Index) -> Iterator[Problem]:
    """Items marked open although adopted; lists with more items than their reported total."""
    for position, service_list in enumerate(records.service_lists):
        reported = service_list.items_collected
        found = len(index.items_by_list.get(service_list.id, ()))
        if reported is not None and reported.maximum is not None and found > reported.maximum:
            yield findings.list_holds_more_items(position, found, reported)
    for position, item in enumerate(records.list_items):
        adoptions = index.adoptions_by_item.get(item.id, ())
        if adoptions and item.status is ItemStatus.OPEN:
            yield findings.open_item_adopted(position, item.status, len(adoptions))
