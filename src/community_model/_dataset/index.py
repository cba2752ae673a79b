"""A collection's records, kind by kind, and the indexes built over them once, in one pass.

Every lookup and query of a :class:`~community_model.Dataset` is answered here in time linear in
what it returns (or in the records it walks once); the integrity checks and the summaries are
handed the same records and indexes (:class:`Collections`), not the dataset.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Final, TypeVar

import attrs

from community_model._entities import (
    Activity,
    Adoption,
    Community,
    Entity,
    ListItem,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    Ref,
    ServiceList,
    ServiceProject,
    Street,
)
from community_model._errors import RecordNotFound
from community_model._record import Record
from community_model._rules import fields_of
from community_model._vocab import ActivityCategory, RecordKind

_ID: Final = operator.attrgetter("id")

__all__ = ["COLLECTIONS", "Collections", "Index"]

E = TypeVar("E", bound=Entity)


@attrs.define(slots=True)
class Index:
    """Everything the queries and checks look up, built in one pass over the records."""

    by_id: dict[RecordKind, dict[str, Entity]] = attrs.Factory(lambda: defaultdict(dict))
    duplicates: list[tuple[str, int, str, int]] = attrs.Factory(list)
    communities_by_street: dict[str, list[Community]] = attrs.Factory(lambda: defaultdict(list))
    branches_by_host: dict[Ref, list[PartyBranch]] = attrs.Factory(lambda: defaultdict(list))
    partnerships_by_party: dict[Ref, list[Partnership]] = attrs.Factory(lambda: defaultdict(list))
    projects_by_community: dict[str, list[ServiceProject]] = attrs.Factory(
        lambda: defaultdict(list)
    )
    projects_by_street: dict[str, list[ServiceProject]] = attrs.Factory(lambda: defaultdict(list))
    activities_by_community: dict[str, list[Activity]] = attrs.Factory(lambda: defaultdict(list))
    activities_by_organiser: dict[Ref, list[Activity]] = attrs.Factory(lambda: defaultdict(list))
    activities_by_category: dict[ActivityCategory, list[Activity]] = attrs.Factory(
        lambda: defaultdict(list)
    )
    items_by_list: dict[str, list[ListItem]] = attrs.Factory(lambda: defaultdict(list))
    #: The partner units each record names, resolved on first use (see ``partners_of``).
    units: dict[int, dict[int, Entity]] = attrs.Factory(dict)
    adoptions_by_item: dict[str, list[Adoption]] = attrs.Factory(lambda: defaultdict(list))
    adoptions_by_adopter: dict[Ref, list[Adoption]] = attrs.Factory(lambda: defaultdict(list))
    items_by_community: dict[str, list[ListItem]] = attrs.Factory(lambda: defaultdict(list))

    @classmethod
    def build(cls, records: Collections) -> Index:
        """The indexes of a collection: one pass that enters every id, then one over each kind
        of record that links to others."""
        index = cls()
        for name, items in records._by_kind():
            if not items:
                continue
            ids = list(map(_ID, items))
            table = dict(zip(ids, items, strict=True))  # in C; of two with one id, the later wins
            if len(table) != len(items):  # a duplicate: the first wins, the others are named
                table = {}
                first: dict[str, int] = {}
                for position, (ident, record) in enumerate(zip(ids, items, strict=True)):
                    if ident in table:
                        index.duplicates.append((name, position, ident, first[ident]))
                    else:
                        table[ident], first[ident] = record, position
            index.by_id[items[0].record_kind] = table
        for community in records.communities:
            if community.street_id is not None:
                index.communities_by_street[community.street_id].append(community)
        for branch in records.party_branches:
            branch_host = branch.host
            if isinstance(branch_host, Ref):
                index.branches_by_host[branch_host].append(branch)
        for partnership in records.partnerships:
            for party in partnership.parties:
                if isinstance(party, Ref):
                    index.partnerships_by_party[party].append(partnership)
        for project in records.service_projects:
            for community_id in project.community_ids:
                index.projects_by_community[community_id].append(project)
            if project.street_id is not None:
                index.projects_by_street[project.street_id].append(project)
        communities_of_branch = {
            branch.id: branch.host_community_id
            for branch in records.party_branches
            if branch.host_community_id is not None
        }
        for activity in records.activities:
            places = dict.fromkeys(activity.community_ids)
            for organiser in activity.organisers:
                index.activities_by_organiser[organiser].append(activity)
                if organiser.kind is RecordKind.COMMUNITY:
                    places[organiser.id] = None
                elif organiser.kind is RecordKind.PARTY_BRANCH:
                    host = communities_of_branch.get(organiser.id)
                    if host is not None:
                        places[host] = None
            for community_id in places:
                index.activities_by_community[community_id].append(activity)
            index.activities_by_category[activity.category].append(activity)
        keepers = {lst.id: lst.keeper for lst in reversed(records.service_lists)}
        for item in records.list_items:
            index.items_by_list[item.list_id].append(item)
            keeper = keepers.get(item.list_id)
            if item.community_id is not None:
                index.items_by_community[item.community_id].append(item)
            elif keeper is not None and keeper.kind is RecordKind.COMMUNITY:
                index.items_by_community[keeper.id].append(item)
        for adoption in records.adoptions:
            index.adoptions_by_item[adoption.item_id].append(adoption)
            index.adoptions_by_adopter[adoption.adopter].append(adoption)
        return index

    # -- queries ----------------------------------------------------------------------------------

    def communities_of(self, street_id: str) -> tuple[Community, ...]:
        """The communities of a street, in dataset order."""
        return tuple(self.communities_by_street.get(street_id, ()))

    def branches_of(self, community_id: str) -> tuple[PartyBranch, ...]:
        """The Party organisations a community hosts."""
        host = Ref(kind=RecordKind.COMMUNITY, id=community_id)
        return tuple(self.branches_by_host.get(host, ()))

    def activities_of(self, community_id: str) -> tuple[Activity, ...]:
        """Activities held in or for a community, or organised by it or a branch it hosts."""
        return tuple(self.activities_by_community.get(community_id, ()))

    def items_per_community(self) -> dict[str, int]:
        """How many items each community listed: those it names, or of lists it keeps."""
        return {community: len(items) for community, items in self.items_by_community.items()}

    def partners_of(self, community_id: str) -> tuple[Entity, ...]:
        """What :meth:`community_model.Dataset.partners_of` returns (it says which units count).

        Linear in what it returns: each record's partner references are resolved once, and kept
        (``units``), so a community costs one step per partner of each record it shares.
        """
        own = {id(branch) for branch in self.branches_of(community_id)}
        own.add(id(self.by_id[RecordKind.COMMUNITY].get(community_id)))
        found: dict[int, Entity] = {}
        host = Ref(kind=RecordKind.COMMUNITY, id=community_id)
        for branch in (host, *(branch.ref for branch in self.branches_of(community_id))):
            for partnership in self.partnerships_by_party.get(branch, ()):
                found.update(self._units(partnership, partnership.parties))
        for project in self.projects_by_community.get(community_id, ()):
            found.update(self._units(project, project.partners))
        for activity in self.activities_by_community.get(community_id, ()):
            found.update(self._units(activity, activity.partners))
        for item in self.items_by_community.get(community_id, ()):
            for adoption in self.adoptions_by_item.get(item.id, ()):
                found.update(self._units(adoption, (adoption.adopter,)))
        return tuple(record for key, record in found.items() if key not in own)

    def _units(self, record: Entity, refs: Iterable[object]) -> dict[int, Entity]:
        """The partner units ``refs`` (of ``record``) name, resolved once per record: an
        organisation, or a Party organisation a unit hosts; unresolved references skipped."""
        units = self.units.get(id(record))
        if units is None:
            units = {}
            for ref in refs:
                if not isinstance(ref, Ref):
                    continue
                found = self.by_id[ref.kind].get(ref.id)
                if isinstance(found, Organisation) or (
                    isinstance(found, PartyBranch) and found.host_organisation_id is not None
                ):
                    units[id(found)] = found
            self.units[id(record)] = units
        return units


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Collections(Record):
    """Every kind of record in its own tuple, in the order given, with the index built over them
    on first use: what the lookups, the queries, the summaries and the checks are handed.
    :class:`~community_model.Dataset` adds building, queries, summaries and checks."""

    streets: tuple[Street, ...] = ()
    communities: tuple[Community, ...] = ()
    party_branches: tuple[PartyBranch, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    partnerships: tuple[Partnership, ...] = ()
    service_projects: tuple[ServiceProject, ...] = ()
    activities: tuple[Activity, ...] = ()
    service_lists: tuple[ServiceList, ...] = ()
    list_items: tuple[ListItem, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    _index: Index | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    def records(self) -> Iterator[Entity]:
        """Every record, kind after kind, in document order."""
        for name in COLLECTIONS.values():
            yield from getattr(self, name)

    def _by_kind(self) -> Iterator[tuple[str, tuple[Entity, ...]]]:
        """Each kind's name (``streets``, ``communities`` ...) and its records, in order."""
        for name in COLLECTIONS.values():
            yield name, getattr(self, name)

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in COLLECTIONS.values())

    # -- indexes --------------------------------------------------------------------------------

    @property
    def _indexes(self) -> Index:
        index = self._index
        if index is None:
            index = Index.build(self)
            object.__setattr__(self, "_index", index)
        return index

    # -- lookups --------------------------------------------------------------------------------

    def get(self, kind: RecordKind, ident: str) -> Entity:
        """The record of ``kind`` with id ``ident``; :class:`RecordNotFound` if there is none."""
        found = self._indexes.by_id[kind].get(ident)
        if found is None:
            raise RecordNotFound(kind, ident)
        return found

    def resolve(self, ref: Ref) -> Entity:
        """The record a reference points to; :class:`RecordNotFound` if there is none."""
        return self.get(ref.kind, ref.id)

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, Ref) and ref.id in self._indexes.by_id[ref.kind]

    def _typed(self, kind: RecordKind, ident: str, cls: type[E]) -> E:
        found = self.get(kind, ident)
        assert isinstance(found, cls)
        return found

    def street(self, ident: str) -> Street:
        """The street with id ``ident``."""
        return self._typed(RecordKind.STREET, ident, Street)

    def community(self, ident: str) -> Community:
        """The community with id ``ident``."""
        return self._typed(RecordKind.COMMUNITY, ident, Community)

    def party_branch(self, ident: str) -> PartyBranch:
        """The Party organisation with id ``ident``."""
        return self._typed(RecordKind.PARTY_BRANCH, ident, PartyBranch)

    def organisation(self, ident: str) -> Organisation:
        """The organisation (partner unit) with id ``ident``."""
        return self._typed(RecordKind.ORGANISATION, ident, Organisation)

    def person(self, ident: str) -> Person:
        """The person with id ``ident``."""
        return self._typed(RecordKind.PERSON, ident, Person)

    def partnership(self, ident: str) -> Partnership:
        """The partnership with id ``ident``."""
        return self._typed(RecordKind.PARTNERSHIP, ident, Partnership)

    def service_project(self, ident: str) -> ServiceProject:
        """The service project with id ``ident``."""
        return self._typed(RecordKind.SERVICE_PROJECT, ident, ServiceProject)

    def activity(self, ident: str) -> Activity:
        """The activity with id ``ident``."""
        return self._typed(RecordKind.ACTIVITY, ident, Activity)

    def service_list(self, ident: str) -> ServiceList:
        """The list (清单) with id ``ident``."""
        return self._typed(RecordKind.SERVICE_LIST, ident, ServiceList)

    def list_item(self, ident: str) -> ListItem:
        """The list item with id ``ident``."""
        return self._typed(RecordKind.LIST_ITEM, ident, ListItem)

    def adoption(self, ident: str) -> Adoption:
        """The adoption (认领) with id ``ident``."""
        return self._typed(RecordKind.ADOPTION, ident, Adoption)


#: The list of each entity class, in document order: the collection's own fields.
COLLECTIONS: Final[dict[type[Entity], str]] = {
    field.shape.item.base: field.name for field in fields_of(Collections) if field.shape.item
}
