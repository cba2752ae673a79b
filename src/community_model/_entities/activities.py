"""Activities: dated events (义诊, 讲座, 集市, 共建签约 ...) and who organised them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import annotated_types as at
import attrs

from community_model._entities.base import (
    CommunityId,
    Entity,
    Organiser,
    Participants,
    Partner,
    PartnershipId,
    People,
    ProjectId,
    Sessions,
    Time,
)
from community_model._entities.projects import Outcome
from community_model._errors import Problem
from community_model._messages import NUMBER_NEEDS_SERIES, SESSIONS_NEED_SERIES
from community_model._rules import LongText, Name, ShortText, Title, Unique
from community_model._values.schedule import Schedule
from community_model._values.unknown import Unknown
from community_model._vocab import ActivityCategory, ActivityStatus, PartOfDay, RecordKind

__all__ = ["Activity"]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Activity(Entity):
    """A dated event with its organisers, partners, place, services, head counts and outcomes.

    ``community_ids`` are the communities it was held in or for (a hospital's free clinic in
    盛南社区); ``series`` and ``number`` place it in a series (第三期 is number 3), and on a
    record of a whole series ``sessions`` counts the sessions held (活动20余场);
    ``partnership_id`` is the agreement it belongs to (the ceremony that signed it, say).
    ``participants`` took part (参与), ``beneficiaries`` benefited (受益): people, person-times
    (人次) or households; ``volunteers`` and ``staff`` served. ``when`` is ``Unknown`` when the
    source gives no time at all; a recurring activity (定期, 每周六) keeps its ``schedule`` beside
    the period it ran in, and ``part_of_day`` says when in the day it was held (当日傍晚), even
    when the day itself is not known.
    """

    record_kind = RecordKind.ACTIVITY

    title: Title
    category: ActivityCategory
    organisers: Annotated[tuple[Organiser, ...], at.MinLen(1), at.MaxLen(100), Unique()]
    when: Time | Unknown
    status: ActivityStatus = ActivityStatus.HELD
    community_ids: Annotated[tuple[CommunityId, ...], at.MaxLen(1000), Unique()] = ()
    partners: Annotated[tuple[Partner, ...], at.MaxLen(1000), Unique()] = ()
    project_id: ProjectId | None = None
    partnership_id: PartnershipId | None = None
    venue: ShortText | None = None
    audience: ShortText | None = None
    services: Annotated[tuple[Name, ...], at.MaxLen(200), Unique()] = ()
    participants: Participants | None = None
    volunteers: People | None = None
    staff: People | None = None
    series: Title | None = None
    number: Annotated[int, at.Ge(1), at.Le(100_000)] | None = None
    description: LongText | None = None
    beneficiaries: Participants | None = None
    sessions: Sessions | None = None
    outcomes: Annotated[tuple[Outcome, ...], at.MaxLen(100)] = ()
    schedule: Schedule | None = None
    part_of_day: PartOfDay | None = None

    def _rules(self) -> Iterator[Problem]:
        if self.number is not None and self.series is None:
            yield NUMBER_NEEDS_SERIES.at("$.number")
        if self.sessions is not None and self.series is None:
            yield SESSIONS_NEED_SERIES.at("$.sessions")
