"""Activities: dated events (义诊, 讲座, 集市, 共建签约 ...) and who organised them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._entities.base import (
    CommunityId,
    Entity,
    PartnershipId,
    People,
    ProjectId,
    Ref,
    Time,
)
from community_model._errors import Message, Problem
from community_model._rules import LongText, Name, RefersTo, ShortText, Title, Unique
from community_model._vocab import ActivityCategory, ActivityStatus, RecordKind

__all__ = ["Activity"]

Organiser = Annotated[
    Ref,
    RefersTo(
        RecordKind.COMMUNITY, RecordKind.STREET, RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION
    ),
]
Partner = Annotated[Ref, RefersTo(RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION)]

_NUMBER_NEEDS_SERIES: Final = Message(
    "series",
    "{field} needs the 'series' it numbers",
    title="A number in a series is given without the series",
)


@attrs.frozen(kw_only=True, slots=True)
class Activity(Entity):
    """A dated event with its organisers, partners, place, services and head counts.

    ``community_ids`` are the communities it was held in or for (a hospital's free clinic in
    盛南社区); ``series`` and ``number`` place it in a series (第三期 is number 3);
    ``partnership_id`` is the agreement it belongs to (the ceremony that signed it, say).
    """

    record_kind = RecordKind.ACTIVITY

    title: Title
    category: ActivityCategory
    organisers: Annotated[tuple[Organiser, ...], at.MinLen(1), at.MaxLen(100), Unique()]
    when: Time
    status: ActivityStatus = ActivityStatus.HELD
    community_ids: Annotated[tuple[CommunityId, ...], at.MaxLen(1000), Unique()] = ()
    partners: Annotated[tuple[Partner, ...], at.MaxLen(1000), Unique()] = ()
    project_id: ProjectId | None = None
    partnership_id: PartnershipId | None = None
    venue: ShortText | None = None
    audience: ShortText | None = None
    services: Annotated[tuple[Name, ...], at.MaxLen(200), Unique()] = ()
    participants: People | None = None
    volunteers: People | None = None
    staff: People | None = None
    series: Title | None = None
    number: Annotated[int, at.Ge(1), at.Le(100_000)] | None = None
    description: LongText | None = None

    def _rules(self) -> Iterator[Problem]:
        if self.number is not None and self.series is None:
            yield _NUMBER_NEEDS_SERIES.at("$.number")
