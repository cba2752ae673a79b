"""The indexes of a collection, built once in one pass, and the queries they answer.

Every lookup and query of a :class:`~community_model.Dataset` is answered here in time linear in
what it returns (or in the records it walks once); the integrity checks and the summaries use the
same indexes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

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
from community_model._vocab import ActivityCategory, RecordKind

__all__ = ["Collections", "Index"]


class Collections(Protocol):
    """What an index is built from: each kind of record in its own tuple, in document order."""

    @property
    def streets(self) -> tuple[Street, ...]: ...
    @property
    def communities(self) -> tuple[Community, ...]: ...
    @property
    def party_branches(self) -> tuple[PartyBranch, ...]: ...
    @property
    def organisations(self) -> tuple[Organisation, ...]: ...
    @property
    def people(self) -> tuple[Person, ...]: ...
    @property
    def partnerships(self) -> tuple[Partnership, ...]: ...
    @property
    def service_projects(self) -> tuple[ServiceProject, ...]: ...
    @property
    def activities(self) -> tuple[Activity, ...]: ...
    @property
    def service_lists(self) -> tuple[ServiceList, ...]: ...
    @property
    def list_items(self) -> tuple[ListItem, ...]: ...
    @property
    def adoptions(self) -> tuple[Adoption, ...]: ...

    def _by_kind(self) -> Iterable[tuple[str, tuple[Entity, ...]]]: ...


@attrs.define(slots=True)
class Index:
    """Everything the queries and checks look up, built in one pass over the records."""

    by_id: dict[RecordKind, dict[str, Entity]] = attrs.Factory(lambda: defaultdict(dict))
    positions: dict[tuple[RecordKind, str], int] = attrs.Factory(dict)
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
    adoptions_by_item: dict[str, list[Adoption]] = attrs.Factory(lambda: defaultdict(list))
    adoptions_by_adopter: dict[Ref, list[Adoption]] = attrs.Factory(lambda: defaultdict(list))
    items_by_community: dict[str, list[ListItem]] = attrs.Factory(lambda: defaultdict(list))

    @classmethod
    def build(cls, records: Collections) -> Index:
        """The indexes of a collection, in one pass over its records."""
        index = cls()
        for name, items in records._by_kind():
            for position, record in enumerate(items):
                kind = record.record_kind
                table = index.by_id[kind]
                if record.id in table:
                    first = index.positions[kind, record.id]
                    index.duplicates.append((name, position, record.id, first))
                    continue
                table[record.id] = record
                index.positions[kind, record.id] = position
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
        """Partner units (共建单位) of a community: through partnerships, projects, activities.

        The other parties of partnerships its Party organisations signed, the partners of
        projects that serve it and of activities held in it, and the units that adopted items
        it listed, when they are units: organisations, or Party organisations that units host.
        An organiser of an activity is not a partner for organising it (a hospital holding a
        free clinic). Unresolved references are skipped.
        """
        # In order (a dict, not a set): the partners' order is the same in every process.
        own = dict.fromkeys(branch.ref for branch in self.branches_of(community_id))
        own[Ref(kind=RecordKind.COMMUNITY, id=community_id)] = None
        found: dict[Ref, None] = {}
        for branch_ref in own:
            for partnership in self.partnerships_by_party.get(branch_ref, ()):
                found.update(dict.fromkeys(p for p in partnership.parties if isinstance(p, Ref)))
        for project in self.projects_by_community.get(community_id, ()):
            found.update(dict.fromkeys(project.partners))
        for activity in self.activities_by_community.get(community_id, ()):
            found.update(dict.fromkeys(activity.partners))
        for item in self.items_by_community.get(community_id, ()):
            for adoption in self.adoptions_by_item.get(item.id, ()):
                found[adoption.adopter] = None
        partners = []
        for ref in found:
            record = self.by_id[ref.kind].get(ref.id)
            if ref in own or record is None:
                continue
            if isinstance(record, Organisation) or (
                isinstance(record, PartyBranch) and record.host_organisation_id is not None
            ):
                partners.append(record)
        return tuple(partners)
