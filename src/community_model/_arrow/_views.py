"""Analysis views: flat tables of activities, projects and communities with their links resolved.

Each view has one row per record of its kind, whatever its links: a link that is absent gives
an empty list or a null, a link that does not resolve keeps its id and gets a null name. The
column types are those of the record tables (vocabularies dictionary-encoded, instants in
Beijing time, money ``decimal128``); counts are flattened field by field, so a field a
``Count`` gains appears here by itself.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Final

import pyarrow as pa

from community_model._arrow._convert import as_dataset
from community_model._arrow._fields import Field, record_fields, unwrap
from community_model._arrow._types import node
from community_model._dataset.collection import Dataset
from community_model._entities import Activity, Community, Entity, ServiceProject, Street
from community_model._values import BEIJING, Count, Money, When
from community_model._vocab import RecordKind

__all__ = ["VIEWS", "analysis_views"]

_IDS: Final = pa.list_(pa.string())


class _Links:
    """Every record by kind and id (the first of a duplicated id wins, as in a dataset)."""

    def __init__(self, dataset: Dataset) -> None:
        self.by_kind: dict[RecordKind, dict[str, Entity]] = {kind: {} for kind in RecordKind}
        for record in dataset.records():
            self.by_kind[record.record_kind].setdefault(record.id, record)

    def get(self, kind: RecordKind, ident: str | None) -> Any:
        return None if ident is None else self.by_kind[kind].get(ident)

    def name(self, kind: RecordKind, ident: str | None) -> str | None:
        record = self.get(kind, ident)
        return None if record is None else typing.cast(str, record.display_name)

    def street_of(self, community_id: str) -> str | None:
        community = self.get(RecordKind.COMMUNITY, community_id)
        return community.street_id if isinstance(community, Community) else None


def _times(prefix: str, values: Sequence[When | None]) -> dict[str, pa.Array]:
    """``prefix`` (the EDTF text), ``earliest``, ``latest`` and ``precision`` columns."""
    array = node(When).encode(values)
    text, earliest, latest, precision = array.flatten()
    return {prefix: text, "earliest": earliest, "latest": latest, "precision": precision}


def _within(values: Sequence[When | None]) -> dict[str, pa.Array]:
    """``month`` (``YYYY-MM``) and ``year`` a time lies within, in Beijing; else null."""
    months: list[str | None] = []
    years: list[int | None] = []
    for when in values:
        month = year = None
        first, last = (None, None) if when is None else when.bounds
        if first is not None and last is not None:
            try:
                first, last = first.astimezone(BEIJING), last.astimezone(BEIJING)
            except OverflowError:  # the first or last instant Python holds, seen from Beijing
                first = last = None
        if first is not None and last is not None and first.year == last.year:
            year = first.year
            if first.month == last.month:
                month = f"{first.year:04d}-{first.month:02d}"
        months.append(month)
        years.append(year)
    return {"month": pa.array(months, pa.string()), "year": pa.array(years, pa.int64())}


def _counts(records: Sequence[Any], fields: Iterable[Field]) -> dict[str, pa.Array]:
    """Each ``Count`` field flattened: ``participants_value``, ``participants_minimum`` ..."""
    columns: dict[str, pa.Array] = {}
    for field in fields:
        if unwrap(field.annotation)[0] is not Count:
            continue
        array = node(field.annotation, field, True).encode(
            [getattr(r, field.name) for r in records]
        )
        for child, values in zip(array.type, array.flatten(), strict=True):
            columns[f"{field.name}_{child.name}"] = values
    return columns


def _distinct(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(value for value in values if value is not None))


def _communities_of(activity: Activity, links: _Links) -> list[str]:
    """Where it was held or for whom, then who organised it: as ``Dataset.activities_of``."""
    found = dict.fromkeys(activity.community_ids)
    for organiser in activity.organisers:
        if organiser.kind is RecordKind.COMMUNITY:
            found[organiser.id] = None
        elif organiser.kind is RecordKind.PARTY_BRANCH:
            branch = links.get(RecordKind.PARTY_BRANCH, organiser.id)
            host = getattr(branch, "host_community_id", None)
            if host is not None:
                found[host] = None
    return list(found)


def _streets_of(community_ids: Sequence[str], extra: Iterable[str], links: _Links) -> list[str]:
    return _distinct([*(links.street_of(c) for c in community_ids), *extra])


def _districts(community_ids: Sequence[str], street_ids: Sequence[str], links: _Links) -> list[str]:
    names = []
    for ident in community_ids:
        community = links.get(RecordKind.COMMUNITY, ident)
        if isinstance(community, Community) and community.street_id is None:
            names.append(community.district)
    for ident in street_ids:
        street = links.get(RecordKind.STREET, ident)
        names.append(street.district if isinstance(street, Street) else None)
    return _distinct(names)


def _names(kind: RecordKind, ids: Sequence[str], links: _Links) -> list[str | None]:
    return [links.name(kind, ident) for ident in ids]


def _activities(dataset: Dataset, links: _Links) -> pa.Table:
    records = dataset.activities
    columns: dict[str, pa.Array] = {
        "id": pa.array([a.id for a in records], pa.string()),
        "title": pa.array([a.title for a in records], pa.string()),
        "category": _encode(Activity, "category", [a.category for a in records]),
        "status": _encode(Activity, "status", [a.status for a in records]),
        **_times("when", [a.when if isinstance(a.when, When) else None for a in records]),
        "when_unknown": pa.array([not isinstance(a.when, When) for a in records], pa.bool_()),
        **_within([a.when if isinstance(a.when, When) else None for a in records]),
    }
    organiser_kinds, organiser_ids, organiser_names = [], [], []
    community_ids, community_names, street_ids, street_names, districts = [], [], [], [], []
    project_names = []
    for activity in records:
        organiser_kinds.append([ref.kind.value for ref in activity.organisers])
        organiser_ids.append([ref.id for ref in activity.organisers])
        organiser_names.append([links.name(ref.kind, ref.id) for ref in activity.organisers])
        places = _communities_of(activity, links)
        streets = _streets_of(
            places,
            (ref.id for ref in activity.organisers if ref.kind is RecordKind.STREET),
            links,
        )
        community_ids.append(places)
        community_names.append(_names(RecordKind.COMMUNITY, places, links))
        street_ids.append(streets)
        street_names.append(_names(RecordKind.STREET, streets, links))
        districts.append(_districts(places, streets, links))
        project_names.append(links.name(RecordKind.SERVICE_PROJECT, activity.project_id))
    columns.update(
        organiser_kinds=pa.array(organiser_kinds, _IDS),
        organiser_ids=pa.array(organiser_ids, _IDS),
        organiser_names=pa.array(organiser_names, _IDS),
        community_ids=pa.array(community_ids, _IDS),
        community_names=pa.array(community_names, _IDS),
        street_ids=pa.array(street_ids, _IDS),
        street_names=pa.array(street_names, _IDS),
        districts=pa.array(districts, _IDS),
        project_id=pa.array([a.project_id for a in records], pa.string()),
        project_name=pa.array(project_names, pa.string()),
    )
    columns.update(_counts(records, record_fields(Activity)))
    return pa.table(columns)


def _encode(cls: type, name: str, values: Sequence[Any]) -> pa.Array:
    """``values`` as the column of the field ``name`` of ``cls`` (nullable here)."""
    (field,) = (f for f in record_fields(cls) if f.name == name)
    return node(field.annotation, field, True).encode(values)


def _vocabulary(records: Sequence[Any], cls: type, name: str) -> pa.Array:
    return _encode(cls, name, [getattr(r, name) for r in records])


def _projects(dataset: Dataset, links: _Links) -> pa.Table:
    records = dataset.service_projects
    columns: dict[str, pa.Array] = {
        "id": pa.array([p.id for p in records], pa.string()),
        "name": pa.array([p.name for p in records], pa.string()),
        "category": _vocabulary(records, ServiceProject, "category"),
        "status": _vocabulary(records, ServiceProject, "status"),
        "year": pa.array([p.year for p in records], pa.int64()),
        **_times("period", [p.period for p in records]),
    }
    community_ids, community_names, street_ids, street_names = [], [], [], []
    lead_kinds, lead_ids, lead_names = [], [], []
    sources, totals, missing, partner_ids, partner_names = [], [], [], [], []
    for project in records:
        streets = _streets_of(project.community_ids, _distinct([project.street_id]), links)
        community_ids.append(list(project.community_ids))
        community_names.append(_names(RecordKind.COMMUNITY, project.community_ids, links))
        street_ids.append(streets)
        street_names.append(_names(RecordKind.STREET, streets, links))
        lead = project.lead
        lead_kinds.append(None if lead is None else lead.kind.value)
        lead_ids.append(None if lead is None else lead.id)
        lead_names.append(None if lead is None else links.name(lead.kind, lead.id))
        sources.append([funding.source.value for funding in project.funding])
        amounts = [f.amount.amount for f in project.funding if f.amount is not None]
        totals.append(sum(amounts, Decimal(0)) if amounts else None)
        missing.append(len(project.funding) - len(amounts))
        partner_ids.append([ref.id for ref in project.partners])
        partner_names.append([links.name(ref.kind, ref.id) for ref in project.partners])
    (amount,) = (f for f in record_fields(Money) if f.name == "amount")
    columns.update(
        community_ids=pa.array(community_ids, _IDS),
        community_names=pa.array(community_names, _IDS),
        street_ids=pa.array(street_ids, _IDS),
        street_names=pa.array(street_names, _IDS),
        lead_kind=pa.array(lead_kinds, pa.string()),
        lead_id=pa.array(lead_ids, pa.string()),
        lead_name=pa.array(lead_names, pa.string()),
        funding_sources=pa.array(sources, _IDS),
        funding_total=pa.array(totals, node(amount.annotation, amount).arrow_type),
        funding_amounts_missing=pa.array(missing, pa.int64()),
        partner_ids=pa.array(partner_ids, _IDS),
        partner_names=pa.array(partner_names, _IDS),
    )
    return pa.table(columns)


def _communities(dataset: Dataset, links: _Links) -> pa.Table:
    records = dataset.communities
    rows: dict[str, list[Any]] = {
        key: []
        for key in (
            "street_name",
            "street_code",
            "district",
            "district_code",
            "city",
        )
    }
    street_kinds = []
    for community in records:
        street = links.get(RecordKind.STREET, community.street_id)
        street = street if isinstance(street, Street) else None
        code = community.code.digits if community.code is not None else None
        street_code = street.code.digits if street is not None and street.code else None
        if street_code is None and code is not None:
            street_code = code[:9]
        rows["street_name"].append(None if street is None else street.name)
        rows["street_code"].append(street_code)
        rows["district"].append(
            community.district or (street.district if street is not None else None)
        )
        rows["district_code"].append((code or street_code or "")[:6] or None)
        rows["city"].append(None if street is None else street.city)
        street_kinds.append(None if street is None else street.kind)
    columns: dict[str, pa.Array] = {
        "id": pa.array([c.id for c in records], pa.string()),
        "name": pa.array([c.name for c in records], pa.string()),
        "kind": _vocabulary(records, Community, "kind"),
        "code": pa.array(
            [c.code.digits if c.code is not None else None for c in records], pa.string()
        ),
        "street_id": pa.array([c.street_id for c in records], pa.string()),
        "street_name": pa.array(rows["street_name"], pa.string()),
        "street_kind": _encode(Street, "kind", street_kinds),
        "street_code": pa.array(rows["street_code"], pa.string()),
        "district": pa.array(rows["district"], pa.string()),
        "district_code": pa.array(rows["district_code"], pa.string()),
        "city": pa.array(rows["city"], pa.string()),
    }
    return pa.table(columns)


#: Each view: the kind of record it has a row of, and how the rows are made.
VIEWS: Final[dict[str, tuple[type[Entity], Callable[[Dataset, _Links], pa.Table]]]] = {
    "activities": (Activity, _activities),
    "projects": (ServiceProject, _projects),
    "communities": (Community, _communities),
}


def analysis_views(data: Dataset | Iterable[Entity]) -> dict[str, pa.Table]:
    """See :func:`community_model.analysis_views`."""
    dataset = as_dataset(data)
    links = _Links(dataset)
    return {name: build(dataset, links) for name, (_, build) in VIEWS.items()}
