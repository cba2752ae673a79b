"""The "three lists" (三张清单): needs collected from residents, resources units offer, projects.

A street office or community keeps a :class:`ServiceList`; its :class:`ListItem` records are what
residents need (a ramp, a reading room for children) or what units can give; a partner unit
adopts (认领) an item and funds or carries it out: an :class:`Adoption`. Reports often give only
the totals ("收集需求63项, 26家单位认领"), which the list holds without inventing the items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import annotated_types as at
import attrs

from community_model._entities.base import (
    CommunityId,
    Entity,
    ListId,
    ListItemId,
    ProjectId,
    Ref,
    Time,
)
from community_model._errors import Problem
from community_model._messages import MORE_ADOPTED
from community_model._rules import CountsOf, LongText, RefersTo, ShortText, Title, Unique
from community_model._values.count import Count
from community_model._values.money import Money
from community_model._vocab import AdoptionRole, ItemStatus, ListKind, MeasureWord, RecordKind

__all__ = ["Adoption", "ListItem", "ServiceList"]

Keeper = Annotated[Ref, RefersTo(RecordKind.STREET, RecordKind.COMMUNITY, RecordKind.PARTY_BRANCH)]
Adopter = Annotated[Ref, RefersTo(RecordKind.ORGANISATION, RecordKind.PARTY_BRANCH)]
Units = Annotated[Count, CountsOf(MeasureWord.UNITS)]
Items = Annotated[Count, CountsOf(MeasureWord.ITEMS, MeasureWord.ENTRIES)]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class ServiceList(Entity):
    """A list a street or community keeps: of needs (需求清单), resources (资源清单) or projects.

    ``keeper`` is the street, community or Party organisation that keeps it; ``items_collected``,
    ``items_adopted`` and ``adopters`` are the totals a report gives ("收集需求63项, 26家单位
    认领"), whether or not the items themselves are recorded.
    """

    record_kind = RecordKind.SERVICE_LIST

    name: Title
    kind: ListKind
    keeper: Keeper
    period: Time | None = None
    items_collected: Items | None = None
    items_adopted: Items | None = None
    adopters: Units | None = None
    description: LongText | None = None

    def _warnings(self) -> Iterator[Problem]:
        collected, adopted = self.items_collected, self.items_adopted
        if collected is None or adopted is None:
            return
        most, least = collected.maximum, adopted.minimum
        if most is not None and least is not None and least > most:
            yield MORE_ADOPTED.at("$.items_adopted", adopted=str(adopted), collected=str(collected))


@attrs.frozen(kw_only=True, slots=True, repr=False)
class ListItem(Entity):
    """One item of a list: what is needed (or offered), for whom, and where it stands.

    ``community_id`` is where the need is; ``project_id`` the service project it became. A
    status the source does not give is ``ItemStatus.UNKNOWN``.
    """

    record_kind = RecordKind.LIST_ITEM

    list_id: ListId
    title: Title
    status: ItemStatus = ItemStatus.UNKNOWN
    for_whom: ShortText | None = None
    community_id: CommunityId | None = None
    project_id: ProjectId | None = None
    description: LongText | None = None


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Adoption(Entity):
    """A unit adopts an item (认领): it funds, carries out, donates or volunteers for it."""

    record_kind = RecordKind.ADOPTION

    item_id: ListItemId
    adopter: Adopter
    roles: Annotated[tuple[AdoptionRole, ...], at.MinLen(1), at.MaxLen(10), Unique()] = (
        AdoptionRole.ADOPT,
    )
    when: Time | None = None
    amount: Money | None = None
    note: ShortText | None = None
