"""Generated datasets with faults planted in them, for the checks out of core (DuckDB, Dask).

Faults: duplicate ids, references that do not resolve, community codes outside their street's,
cycles of parents, activities outside their project's life, lists whose items or adoptions
disagree with them.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import strategies as st

import community_model as cm
from community_model import (
    Activity,
    Adoption,
    AdoptionRole,
    Count,
    Dataset,
    DivisionCode,
    ItemStatus,
    ListItem,
    ListKind,
    MeasureWord,
    RecordKind,
    Ref,
    ServiceList,
    When,
)
from community_model._references import rewrite_references
from community_model.strategies import datasets

Fault = Callable[[st.DrawFn, Dataset], Dataset]


def _replace(dataset: Dataset, name: str, position: int, record: object) -> Dataset:
    items = list(getattr(dataset, name))
    items[position] = record
    return attrs.evolve(dataset, **{name: tuple(items)})


def duplicate(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A record again, anywhere in its list: its id used twice."""
    names = [name for name, items in dataset._by_kind() if items]
    if not names:
        return dataset
    name = draw(st.sampled_from(names))
    items = list(getattr(dataset, name))
    copy = items[draw(st.integers(0, len(items) - 1))]
    items.insert(draw(st.integers(0, len(items))), copy)
    return attrs.evolve(dataset, **{name: tuple(items)})


def dangling(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """Some references of one record renamed to ids no record has."""
    records = [(name, i) for name, items in dataset._by_kind() for i in range(len(items))]
    if not records:
        return dataset
    name, position = draw(st.sampled_from(records))
    record = getattr(dataset, name)[position]

    def change(kind: RecordKind, ident: str) -> str:
        return f"{ident}-gone" if draw(st.booleans()) else ident

    try:
        changed = rewrite_references(record, change)
    except cm.ValidationError:  # an id grown past its length
        return dataset
    return _replace(dataset, name, position, changed)


def wrong_code(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A community's code moved to another township than its street's (or another edition)."""
    streets = {street.id: street for street in dataset.streets if street.code is not None}
    candidates = [
        i
        for i, community in enumerate(dataset.communities)
        if community.code is not None and community.street_id in streets
    ]
    if not candidates:
        return dataset
    position = draw(st.sampled_from(candidates))
    community = dataset.communities[position]
    assert community.code is not None
    digits = community.code.digits
    township = int(digits[6:9])
    other = f"{digits[:6]}{(township + 1) % 1000:03d}{digits[9:]}"
    edition = draw(st.sampled_from([community.code.edition, 2016, 2023]))
    try:
        code = DivisionCode(digits=other, edition=edition)
        changed = attrs.evolve(community, code=code)
    except cm.ValidationError:
        return dataset
    return _replace(dataset, "communities", position, changed)


def cycle(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """Party organisations (or projects) that are each other's parents."""
    name, field = draw(
        st.sampled_from([("party_branches", "parent_id"), ("service_projects", "programme_id")])
    )
    items = list(getattr(dataset, name))
    if len({item.id for item in items}) < 2:
        return dataset
    # positions of distinct ids (a duplicate planted before would name itself)
    members = draw(
        st.lists(
            st.integers(0, len(items) - 1),
            min_size=2,
            max_size=len(items),
            unique_by=lambda position: items[position].id,
        )
    )
    for here, there in zip(members, [*members[1:], members[0]], strict=True):
        items[here] = attrs.evolve(items[here], **{field: items[there].id})
    return attrs.evolve(dataset, **{name: tuple(items)})


def outside_project(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """An activity of a project dated years before or after the project's life."""
    projects = [p for p in dataset.service_projects if p.period is not None]
    if not projects or not dataset.activities:
        return dataset
    project = draw(st.sampled_from(projects))
    position = draw(st.integers(0, len(dataset.activities) - 1))
    earliest = project.period.earliest if project.period else None
    year = 1990 if earliest is None or earliest.year > 2000 else 2090
    year = draw(st.sampled_from([year, 2023]))
    activity: Activity = attrs.evolve(
        dataset.activities[position], project_id=project.id, when=When.year(year)
    )
    return _replace(dataset, "activities", position, activity)


def lists(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A list with items and adoptions: more items than it reports, items open but adopted."""
    keepers = [street.ref for street in dataset.streets] or [
        Ref(kind=RecordKind.STREET, id="street:gone")
    ]
    adopters = [o.ref for o in dataset.organisations] or [
        Ref(kind=RecordKind.ORGANISATION, id="organisation:gone")
    ]
    reported = draw(st.integers(0, 3))
    found = draw(st.integers(0, 4))
    service_list = ServiceList(
        id=f"service_list:{len(dataset.service_lists) + 1}",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=draw(st.sampled_from(keepers)),
        items_collected=Count(value=reported, unit=MeasureWord.ITEMS),
    )
    items = [
        ListItem(
            id=f"list_item:{service_list.id}-{n}",
            list_id=service_list.id,
            title=f"需求{n}",
            status=draw(st.sampled_from(list(ItemStatus))),
        )
        for n in range(found)
    ]
    adoptions = [
        Adoption(
            id=f"adoption:{item.id}-{n}",
            item_id=item.id,
            adopter=draw(st.sampled_from(adopters)),
            roles=(AdoptionRole.FUND,),
        )
        for item in items
        for n in range(draw(st.integers(0, 2)))
    ]
    return attrs.evolve(
        dataset,
        service_lists=(*dataset.service_lists, service_list),
        list_items=(*dataset.list_items, *items),
        adoptions=(*dataset.adoptions, *adoptions),
    )


FAULTS: tuple[Fault, ...] = (duplicate, dangling, wrong_code, cycle, outside_project, lists)


@st.composite
def faulty_datasets(draw: st.DrawFn) -> Dataset:
    """A generated dataset with up to four faults planted in it."""
    dataset = draw(datasets(allow_warnings=True))
    for fault in draw(st.lists(st.sampled_from(FAULTS), max_size=4)):
        dataset = fault(draw, dataset)
    return dataset


def planted() -> Dataset:
    """The example page with one fault of each kind planted in it."""
    example = cm.suzhou_2023()
    branches = list(example.party_branches)
    branches[0] = attrs.evolve(branches[0], parent_id=branches[1].id)
    branches[1] = attrs.evolve(branches[1], parent_id=branches[0].id)
    communities = list(example.communities)
    communities[0] = attrs.evolve(communities[0], code=DivisionCode.parse("320599024001"))
    communities[1] = attrs.evolve(communities[1], street_id="street:gone")
    projects = [p for p in example.service_projects if p.period is not None]
    activities = list(example.activities)
    activities[0] = attrs.evolve(activities[0], project_id=projects[0].id, when=When.year(1990))
    planted = attrs.evolve(
        example,
        streets=(*example.streets, example.streets[0]),
        party_branches=tuple(branches),
        communities=tuple(communities),
        activities=tuple(activities),
    )
    service_list = ServiceList(
        id="service_list:planted",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=example.streets[0].ref,
        items_collected=Count(value=1, unit=MeasureWord.ITEMS),
    )
    items = tuple(
        ListItem(id=f"list_item:planted-{n}", list_id=service_list.id, title=f"需求{n}")
        for n in range(2)
    )
    items = (attrs.evolve(items[0], status=ItemStatus.OPEN), items[1])
    adoption = Adoption(
        id="adoption:planted",
        item_id=items[0].id,
        adopter=example.organisations[0].ref,
        roles=(AdoptionRole.FUND,),
    )
    return attrs.evolve(
        planted,
        service_lists=(*planted.service_lists, service_list),
        list_items=(*planted.list_items, *items),
        adoptions=(*planted.adoptions, adoption),
    )


EVERY_CODE = {
    "duplicate_id",
    "unresolved_reference",
    "code_outside_street",
    "parent_cycle",
    "outside_project",
    "list_totals",
    "item_status",
}
