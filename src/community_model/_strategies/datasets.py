"""Whole, referentially consistent collections of records: drawn, or generated in bulk.

What a dataset needs comes from the records' reference declarations (``RefersTo``, read by
:func:`community_model._references.reference_fields`): kinds are built providers first (a street
before its communities, people before the Party organisations they lead), and each reference
field picks among the records already built of the kinds it declares. A reference a record must
hold (an activity's organisers, an agreement's two parties) makes its kinds needed; the few
needs that come from rules across fields or from this module's own choices are in
:data:`_OTHER_NEEDS`.

Sizes are drawn first, consumers before providers, each with the least its consumers need as its
lower bound; hypothesis shrinks a size towards its lower bound, so a failing dataset shrinks to
the few records the failure needs: one activity needs one organiser, and the smallest organiser
is one street.

The cost is linear in the size and no draw is ever rejected: every record costs a bounded number
of choices, and once a dataset has spent :data:`BUDGET` of them (a share of hypothesis' limit
for one example) its remaining records come from a generator seeded by one more choice.
:func:`bulk_dataset` builds with the seeded generator alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final, overload

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._dataset.collection import Dataset
from community_model._dataset.index import COLLECTIONS
from community_model._entities.activities import Activity
from community_model._entities.base import Entity, Source
from community_model._entities.lists import Adoption, ListItem, ServiceList
from community_model._entities.organisations import Organisation, Partnership, PartyBranch
from community_model._entities.people import Person
from community_model._entities.places import Community, Street
from community_model._entities.projects import ServiceProject
from community_model._references import ReferenceField, reference_fields
from community_model._rules import fields_of
from community_model._strategies import args, entities, fields
from community_model._strategies import text as names
from community_model._strategies.choices import Choices, RandomChoices
from community_model._strategies.draws import HypothesisChoices, built, warm_up_with
from community_model._strategies.fields import Window
from community_model._strategies.records import construct, evolve
from community_model._vocab import BranchLevel, ItemStatus, RecordKind, Role

__all__ = ["bulk_dataset", "datasets"]

#: Choices of hypothesis a drawn dataset spends before its remaining records come from a
#: seeded generator: about four records' worth. Hypothesis' bookkeeping of each choice costs far
#: more than the seeded generator's, and its ``too_slow`` health check allows one second for the
#: first ten examples: with 1000, a dataset of the default size took about 25 ms of CPU and failed
#: the check on a loaded machine (load 14 on 2 cores, 5 runs of 5); with 100, about 15 ms, and it
#: passed (4 of 4). Sizes are drawn first and shrink, so a failing dataset still shrinks to the
#: few records it needs, and those are hypothesis' own.
BUDGET: Final = 100

#: Each collection of a dataset (its field name), with the class of its records, in the
#: dataset's order.
KINDS: Final[Mapping[str, type[Entity]]] = {name: cls for cls, name in COLLECTIONS.items()}
_NAMES: Final = {cls.record_kind: name for name, cls in KINDS.items()}


# -- what a kind needs ----------------------------------------------------------------------------


@attrs.frozen
class Need:
    """A record of a kind needs ``least`` records among ``kinds`` (``why`` says where from)."""

    kinds: tuple[RecordKind, ...]
    least: int
    why: str


_HOSTS: Final = ("host_community_id", "host_organisation_id")

#: Needs not declared as a reference that must be set: a rule across fields (a Party
#: organisation sits in a community or an organisation), or this module's choice (every
#: community sits in one of the dataset's streets; every project names its street).
_OTHER_NEEDS: Final[Mapping[type[Entity], tuple[tuple[tuple[str, ...], str], ...]]] = {
    Community: ((("street_id",), "every community sits in a street"),),
    PartyBranch: ((_HOSTS, "it sits in a host: 'host_community_id' or 'host_organisation_id'"),),
    ServiceProject: ((("street_id",), "every project names the street it serves"),),
}


def _kinds_of(cls: type, names_: Sequence[str]) -> tuple[RecordKind, ...]:
    found = [kind for name in names_ for kind in fields.kinds(cls, name)]
    return tuple(dict.fromkeys(found))


def needs(cls: type[Entity]) -> tuple[Need, ...]:
    """What a record of ``cls`` needs in the dataset: its references that must be set (from
    their declarations and bounds), then :data:`_OTHER_NEEDS`."""
    found = []
    described: type = cls  # fields_of is cached: mypy wants a plainly hashable argument
    required = {field.name for field in fields_of(described) if field.required}
    for field in reference_fields(cls):
        if field.form == "record" or cls.record_kind in field.kinds:
            continue
        least = fields.of(cls, field.name).min_len if field.many else int(field.name in required)
        if least:
            found.append(Need(field.kinds, least, f"its '{field.name}'"))
    for field_names, why in _OTHER_NEEDS.get(cls, ()):
        found.append(Need(_kinds_of(cls, field_names), 1, why))
    return tuple(found)


def _refers_to(cls: type) -> Iterator[RecordKind]:
    """Every kind a record of ``cls`` may refer to, in its parts too."""
    for field in reference_fields(cls):
        if field.part is not None:
            yield from _refers_to(field.part)
        yield from field.kinds


def providers_first() -> tuple[RecordKind, ...]:
    """The kinds in an order in which every kind comes after those it refers to (references
    to a record's own kind aside); ties in the dataset's order."""
    pending = [cls.record_kind for cls in KINDS.values()]
    after = {cls.record_kind: set(_refers_to(cls)) - {cls.record_kind} for cls in KINDS.values()}
    order: list[RecordKind] = []
    while pending:
        kind = next(kind for kind in pending if after[kind] <= set(order))
        order.append(kind)
        pending.remove(kind)
    return tuple(order)


ORDER: Final = providers_first()
NEEDS: Final = {cls.record_kind: needs(cls) for cls in KINDS.values()}


# -- sizes ----------------------------------------------------------------------------------------


def reach(most: Mapping[RecordKind, int]) -> dict[RecordKind, int]:
    """The most records of each kind whose needs can be met: ``most``, or 0."""
    found: dict[RecordKind, int] = {}
    for kind in ORDER:
        met = all(sum(found[k] for k in need.kinds) >= need.least for need in NEEDS[kind])
        found[kind] = most[kind] if met else 0
    return found


def unmet(least: Mapping[RecordKind, int], reachable: Mapping[RecordKind, int]) -> str | None:
    """Why a minimum cannot be met with the maximums given, or ``None``."""
    for kind in ORDER:
        if least[kind] > reachable[kind]:
            name = _NAMES[kind]
            for need in NEEDS[kind]:
                if sum(reachable[k] for k in need.kinds) < need.least:
                    among = ", ".join(_NAMES[k] for k in need.kinds)
                    return (
                        f"min_{name}={least[kind]} cannot be met with the maximums given: a "
                        f"record of {name} needs {need.least} among {among} ({need.why})"
                    )
            return f"min_{name}={least[kind]} exceeds max_{name}"
    return None


def sizes(
    c: Choices,
    least: Mapping[RecordKind, int],
    reachable: Mapping[RecordKind, int],
    *,
    exact: bool = False,
) -> dict[RecordKind, int]:
    """How many records of each kind: consumers first, then providers with the lower bounds
    their consumers need (a need falls on the kind drawn last: a street rather than an
    organisation). ``exact``: ``least`` of each, or what the needs raise it to."""
    found: dict[RecordKind, int] = {}
    for kind in reversed(ORDER):
        low = least[kind]
        for consumer, count in found.items():
            for need in NEEDS[consumer] if count else ():
                if kind in need.kinds:
                    known = sum(found.get(k, 0) for k in need.kinds)
                    pending = sum(reachable[k] for k in need.kinds if k not in found and k != kind)
                    low = max(low, need.least - known - pending)
        found[kind] = low if exact else c.integer(low, max(low, reachable[kind]))
    return found


# -- building -------------------------------------------------------------------------------------


class Chain(Sequence[Any]):
    """Several lists read as one, without copying them (they may still grow)."""

    __slots__ = ("_lists",)

    def __init__(self, lists: Sequence[list[Any]]) -> None:
        self._lists = lists

    def __len__(self) -> int:
        return sum(len(items) for items in self._lists)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        for items in self._lists:
            if index < len(items):
                return items[index]
            index -= len(items)
        raise IndexError(index)


class Built:
    """The records built so far, by kind, and what reference fields may point at."""

    def __init__(self) -> None:
        self.records: dict[RecordKind, list[Any]] = {kind: [] for kind in RecordKind}
        self.ids: dict[RecordKind, list[str]] = {kind: [] for kind in RecordKind}
        self.refs: dict[RecordKind, list[Any]] = {kind: [] for kind in RecordKind}
        self.codes: set[str] = set()  # division codes in use
        self.by_street: dict[str, list[str]] = {}  # community ids by street id
        self.by_level: dict[BranchLevel, list[str]] = {level: [] for level in BranchLevel}
        self.periods: dict[str, Any] = {}  # the life of each project
        self.sources: list[Source] = []  # the articles cited so far

    def add(self, record: Entity) -> None:
        kind = record.record_kind
        self.records[kind].append(record)
        self.ids[kind].append(record.id)
        self.refs[kind].append(record.ref)

    def among(self, kinds: Sequence[RecordKind]) -> Chain:
        """The records of ``kinds`` built so far."""
        return Chain([self.records[kind] for kind in kinds])

    def pool(self, cls: type, field: ReferenceField) -> Chain:
        """What ``field`` of ``cls`` may point to: ids or references of the records of the
        kinds it declares."""
        table = self.ids if field.form == "id" else self.refs
        return Chain([table[kind] for kind in fields.kinds(cls, field.name)])

    def pools(self, cls: type) -> dict[str, Sequence[Any]]:
        """A pool for every reference field of ``cls`` (``part.field`` for a part's fields),
        and the articles cited so far."""
        found: dict[str, Sequence[Any]] = {"sources": self.sources}
        for field in reference_fields(cls):
            part = field.part
            if part is None:
                found[field.name] = self.pool(cls, field)
                continue
            for inner in reference_fields(part):
                found[f"{field.name}.{inner.name}"] = self.pool(part, inner)
        return found


Builder = Callable[[Choices, str, Built, Window], Entity]


def _street(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    kind = c.pick(fields.members(Street, "kind"))
    pools = built.pools(Street)
    return entities.street(c, ident, kind, dates=dates, pools=pools, taken=built.codes)


def _community(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    street = c.pick(built.among(fields.kinds(Community, "street_id")))
    kind = c.pick(fields.members(Community, "kind"))
    pools = built.pools(Community)
    record = entities.community(
        c, ident, kind, dates=dates, street=street, pools=pools, taken=built.codes
    )
    built.by_street.setdefault(street.id, []).append(record.id)
    return record


def _organisation(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    kind = c.pick(fields.members(Organisation, "kind"))
    return entities.organisation(c, ident, kind, dates=dates, pools=built.pools(Organisation))


def _person(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    return entities.person(c, ident, dates=dates, pools=built.pools(Person))


def _party_branch(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    level = c.pick(fields.members(PartyBranch, "level"))
    host = c.pick(built.among(_kinds_of(PartyBranch, _HOSTS)))
    pools = built.pools(PartyBranch)
    pools["parent_id"] = Chain([built.by_level[above] for above in entities.ABOVE[level]])
    record = entities.party_branch(c, ident, level, dates=dates, host=host, pools=pools)
    built.by_level[level].append(record.id)
    return record


def _partnership(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    return entities.partnership(c, ident, dates=dates, pools=built.pools(Partnership))


def _service_project(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    street = c.pick(built.among(fields.kinds(ServiceProject, "street_id")))
    pools = built.pools(ServiceProject)
    pools["community_ids"] = built.by_street.get(street.id, [])
    record = entities.service_project(c, ident, dates=dates, street=street, pools=pools)
    built.periods[record.id] = record.period
    return record


def _activity(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    pools = built.pools(Activity)
    return entities.activity(c, ident, dates=dates, pools=pools, periods=built.periods)


def _service_list(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    kind = c.pick(fields.members(ServiceList, "kind"))
    return entities.service_list(c, ident, kind, dates=dates, pools=built.pools(ServiceList))


def _list_item(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    """An item of a list of the dataset, for a community its keeper serves: the keeper itself,
    or one of a keeping street's communities."""
    held_in = c.pick(built.among(fields.kinds(ListItem, "list_id")))
    pools = built.pools(ListItem)
    keeper = held_in.keeper
    if keeper.kind in fields.kinds(ListItem, "community_id"):
        pools["community_id"] = [keeper.id]
    elif keeper.kind in fields.kinds(Community, "street_id"):
        pools["community_id"] = built.by_street.get(keeper.id, [])
    return entities.list_item(c, ident, dates=dates, service_list=held_in, pools=pools)


def _adoption(c: Choices, ident: str, built: Built, dates: Window) -> Entity:
    return entities.adoption(c, ident, dates=dates, pools=built.pools(Adoption))


def type_of(name: str) -> type[Entity]:
    """The class of the records of collection ``name``."""
    return KINDS[name]


#: How a record of each kind is built in a dataset: with the records it must sit in (a street,
#: a host) picked first, the rest of its references from the pools of their declared kinds.
BUILDERS: Final[Mapping[RecordKind, Builder]] = {
    RecordKind.STREET: _street,
    RecordKind.COMMUNITY: _community,
    RecordKind.ORGANISATION: _organisation,
    RecordKind.PERSON: _person,
    RecordKind.PARTY_BRANCH: _party_branch,
    RecordKind.PARTNERSHIP: _partnership,
    RecordKind.SERVICE_PROJECT: _service_project,
    RecordKind.ACTIVITY: _activity,
    RecordKind.SERVICE_LIST: _service_list,
    RecordKind.LIST_ITEM: _list_item,
    RecordKind.ADOPTION: _adoption,
}


def _ident(c: Choices, cls: type[Entity], number: int) -> str:
    """``street:1``, unique by its number; with edge cases, sometimes an odd tail after ``-``."""
    head = names.numbered_id(cls.record_kind, number)
    most = fields.of(cls, "id").max_len
    assert most is not None
    room = most - len(head) - 1
    if room < 1 or not c.edge():
        return head
    return f"{head}-{c.odd_text(room, 'id')}"


def _name_secretaries(c: Choices, built: Built) -> None:
    """A branch's secretary is named for the role (书记): a repair after drawing, as in life."""
    secretaries = {branch.secretary_id for branch in built.records[RecordKind.PARTY_BRANCH]}
    most = fields.of(Person, "roles").max_len
    people = built.records[RecordKind.PERSON]
    for position, person in enumerate(people):
        if (
            person.id in secretaries
            and Role.SECRETARY not in person.roles
            and (most is None or len(person.roles) < most)
        ):
            people[position] = evolve(person, c, roles=(*person.roles, Role.SECRETARY))


def _mark_adopted(c: Choices, built: Built) -> None:
    """An item some unit adopted is no longer waiting for one (待认领): a repair after drawing,
    as in life (``Dataset.check()`` warns of an open item with adoptions)."""
    adopted = {adoption.item_id for adoption in built.records[RecordKind.ADOPTION]}
    items = built.records[RecordKind.LIST_ITEM]
    for position, item in enumerate(items):
        if item.id in adopted and item.status is ItemStatus.OPEN:
            items[position] = evolve(item, c, status=ItemStatus.ADOPTED)


def _count_items(c: Choices, built: Built) -> None:
    """A list's reported total of items collected is at least the items the dataset holds of
    it: a repair after drawing, raising the number the total states."""
    held = Counter(item.list_id for item in built.records[RecordKind.LIST_ITEM])
    lists = built.records[RecordKind.SERVICE_LIST]
    for position, service_list in enumerate(lists):
        total, found = service_list.items_collected, held[service_list.id]
        if total is not None and total.maximum is not None and total.maximum < found:
            value = found + total.value - total.maximum  # 不足N states one more than it allows
            raised = evolve(total, c, value=value)
            lists[position] = evolve(service_list, c, items_collected=raised)


def build(c: Choices, counts: Mapping[RecordKind, int], dates: Window) -> Dataset:
    """A dataset of ``counts`` records of each kind, providers first; every reference resolves.

    Hypothesis' choices are used until :data:`BUDGET` is spent, then a seeded generator.
    """
    built = Built()
    for kind in ORDER:
        make, cls = BUILDERS[kind], KINDS[_NAMES[kind]]
        for number in range(1, counts[kind] + 1):
            c = c.thrifty(BUDGET)
            built.add(make(c, _ident(c, cls, number), built, dates))
    _name_secretaries(c, built)
    _mark_adopted(c, built)
    _count_items(c, built)
    collections = {name: tuple(built.records[cls.record_kind]) for name, cls in KINDS.items()}
    return construct(Dataset, c, **collections)


# -- the strategy ---------------------------------------------------------------------------------

#: The most records of each kind a drawn dataset has unless asked for more.
_DEFAULT_MOST: Final = {
    "streets": 2,
    "communities": 4,
    "party_branches": 3,
    "organisations": 3,
    "people": 3,
    "partnerships": 2,
    "service_projects": 2,
    "activities": 3,
    "service_lists": 2,
    "list_items": 4,
    "adoptions": 3,
}


@args.lazy
def datasets(
    *,
    min_streets: int = 0,
    max_streets: int | None = None,
    min_communities: int = 0,
    max_communities: int | None = None,
    min_party_branches: int = 0,
    max_party_branches: int | None = None,
    min_organisations: int = 0,
    max_organisations: int | None = None,
    min_people: int = 0,
    max_people: int | None = None,
    min_partnerships: int = 0,
    max_partnerships: int | None = None,
    min_service_projects: int = 0,
    max_service_projects: int | None = None,
    min_activities: int = 0,
    max_activities: int | None = None,
    min_service_lists: int = 0,
    max_service_lists: int | None = None,
    min_list_items: int = 0,
    max_list_items: int | None = None,
    min_adoptions: int = 0,
    max_adoptions: int | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Dataset]:
    """Whole collections in which every reference resolves to a record of the right kind.

    Communities sit in the dataset's streets and their codes extend their street's code;
    Party organisations have hosts, secretaries and parents in it; partnerships, projects and
    activities name its records; lists are kept by its streets, communities or Party
    organisations, their items are for communities the keeper serves and may have become its
    projects, and its units adopt them (an adopted item is never 待认领; a list's reported total
    covers the items it holds). Ids are unique (``street:1``). ``min_<kind>`` / ``max_<kind>``
    bound how many records of each kind (field names of the result; a maximum left out is a few,
    or the minimum when that is more: ``min_activities=500`` draws 500 activities). A kind
    another kind needs is drawn as well, so ``min_activities=1`` brings at least one street.
    Minimums that no allowed maximum can serve raise ``InvalidArgument``.

    The cost of a draw grows linearly with its size; beyond a few dozen records, the records
    come from a generator seeded by hypothesis (so they do not shrink one by one). For big
    fixture files, :func:`bulk_dataset` builds the same records without hypothesis' engine.
    """
    given = {
        "streets": (min_streets, max_streets),
        "communities": (min_communities, max_communities),
        "party_branches": (min_party_branches, max_party_branches),
        "organisations": (min_organisations, max_organisations),
        "people": (min_people, max_people),
        "partnerships": (min_partnerships, max_partnerships),
        "service_projects": (min_service_projects, max_service_projects),
        "activities": (min_activities, max_activities),
        "service_lists": (min_service_lists, max_service_lists),
        "list_items": (min_list_items, max_list_items),
        "adoptions": (min_adoptions, max_adoptions),
    }
    least: dict[RecordKind, int] = {}
    most: dict[RecordKind, int] = {}
    for name, (low, high) in given.items():
        kind = type_of(name).record_kind
        least[kind] = args.check_int(low, f"min_{name}")
        most[kind] = high if high is not None else max(least[kind], _DEFAULT_MOST[name])
        args.check_sizes(low, most[kind], f"min_{name}", f"max_{name}")
    reachable = reach(most)
    problem = unmet(least, reachable)
    if problem is not None:
        raise InvalidArgument(problem)
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)

    def draw(c: HypothesisChoices) -> Dataset:
        return build(c, sizes(c, least, reachable), dates)

    return built(draw, edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- the bulk generator ---------------------------------------------------------------------------


def bulk_dataset(
    *,
    seed: int,
    streets: int = 2,
    communities: int = 20,
    party_branches: int = 20,
    organisations: int = 20,
    people: int = 40,
    partnerships: int = 20,
    service_projects: int = 20,
    activities: int = 200,
    service_lists: int = 4,
    list_items: int = 40,
    adoptions: int = 20,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> Dataset:
    """A big, consistent dataset for fixture files and benchmarks, the same for the same seed.

    The records are those :func:`datasets` draws (realistic names, codes, times and counts;
    every reference resolves), built from a seeded ``random.Random`` instead of hypothesis'
    choices: the cost is linear in the size (a few thousand records a second), with no
    shrinking and no example database. The sizes are exact, except that a kind another kind
    needs is raised to the least it needs (``streets=0, activities=10`` still brings a street).
    ``edge_cases`` and ``allow_warnings`` work as in the strategies. Bad arguments raise
    ``ValueError``.
    """
    counts = {
        "streets": streets,
        "communities": communities,
        "party_branches": party_branches,
        "organisations": organisations,
        "people": people,
        "partnerships": partnerships,
        "service_projects": service_projects,
        "activities": activities,
        "service_lists": service_lists,
        "list_items": list_items,
        "adoptions": adoptions,
    }
    try:
        seed = args.check_int(seed, "seed")
        least = {}
        for name, count in counts.items():
            least[type_of(name).record_kind] = args.check_int(count, name)
            if count < 0:
                raise InvalidArgument(f"{name} must be at least 0 (got {count})")
        dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)
    except InvalidArgument as error:
        raise ValueError(str(error)) from None
    c = RandomChoices(seed, edge_cases=edge_cases, allow_warnings=allow_warnings)
    unbounded = reach(dict.fromkeys(least, _MANY))  # any kind can be added where needed
    return build(c, sizes(c, least, unbounded, exact=True), dates)


#: More records of a kind than any dataset holds: no limit.
_MANY: Final = 10**12


def _warm_up() -> None:
    """Build every kind of record once, plain and at the edges (see ``draws.prepare``)."""
    for flags in (False, True):
        c = RandomChoices(0, edge_cases=flags, allow_warnings=flags)
        build(c, dict.fromkeys(ORDER, 1), fields.VALID_DAYS if flags else fields.PLAUSIBLE_DAYS)


warm_up_with(_warm_up)
