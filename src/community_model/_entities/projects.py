"""Service projects (为民服务项目, 微改造): lasting work with a lifecycle, money and decisions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import annotated_types as at
import attrs

from community_model._entities.base import (
    CommunityId,
    Entity,
    Organiser,
    Partner,
    ProjectId,
    StreetId,
    Time,
)
from community_model._errors import Problem
from community_model._messages import (
    OUTCOME_FORM,
    SCOPE,
    SELF_PROGRAMME,
    UNIT_MISMATCH,
    VOTES_CAST,
    VOTES_ELIGIBLE,
)
from community_model._record import Record
from community_model._rules import (
    RECORDED_YEARS,
    LongText,
    ShortText,
    Title,
    Unique,
    Year,
)
from community_model._values.count import Count
from community_model._values.money import Measurement, Money
from community_model._vocab import (
    DecisionBody,
    FundingSource,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
)

__all__ = ["Decision", "Funding", "Outcome", "ServiceProject", "Votes"]

Tally = Annotated[int, at.Ge(0), at.Le(10_000_000)]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Votes(Record):
    """A vote's result; ``cast`` (when known) must equal the three tallies added up."""

    in_favour: Tally
    against: Tally = 0
    abstaining: Tally = 0
    cast: Tally | None = None
    eligible: Tally | None = None

    @property
    def total(self) -> int:
        """Votes cast: in favour, against and abstaining together."""
        return self.in_favour + self.against + self.abstaining

    def _rules(self) -> Iterator[Problem]:
        if self.cast is not None and self.cast != self.total:
            yield VOTES_CAST.at("$.cast", total=self.total, got=self.cast)
        if self.eligible is not None and self.total > self.eligible:
            yield VOTES_ELIGIBLE.at("$.eligible", total=self.total, got=self.eligible)


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Decision(Record):
    """A step of deciding a project: who met, when, how they voted and what they decided."""

    body: DecisionBody
    date: Time | None = None
    votes: Votes | None = None
    outcome: ShortText | None = None


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Funding(Record):
    """Money for a project: its source, amount (when reported) and who provided it."""

    source: FundingSource
    amount: Money | None = None
    provider: Organiser | None = None
    note: ShortText | None = None


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Outcome(Record):
    """A result, measured where the source measures it.

    ``quantity`` is an amount achieved (100 m² resurfaced, 2 days of work); ``count`` a number
    of things as reports count them, with their measure word (48个项目, 收集需求63条, 清运垃圾
    3车); ``before`` and ``after`` a change (a lane widened from about 50 cm to 120 cm).
    """

    description: ShortText
    quantity: Measurement | None = None
    before: Measurement | None = None
    after: Measurement | None = None
    count: Count | None = None

    def _rules(self) -> Iterator[Problem]:
        before, after = self.before, self.after
        if self.quantity is not None and (before is not None or after is not None):
            yield OUTCOME_FORM.at("$.quantity")
        if before is not None and after is not None and before.unit is not after.unit:
            yield UNIT_MISMATCH.at("$.after.unit", unit=before.unit.value, got=after.unit.value)


@attrs.frozen(kw_only=True, slots=True, repr=False)
class ServiceProject(Entity):
    """A service project: a need found, a plan decided, money found, built, put into use.

    ``community_ids`` are the communities it serves (or ``street_id`` a street-wide programme);
    ``programme_id`` the project it is part of (one 微改造 of a street's programme); ``year`` its
    programme year (2023年度); ``period`` its life, from start to completion; ``duration`` how
    long the work took (2 days); ``in_use`` when it was put into use (投用). A status the source
    does not give is ``ProjectStatus.UNKNOWN``, never a guess.
    """

    record_kind = RecordKind.SERVICE_PROJECT

    name: Title
    category: ProjectCategory
    status: ProjectStatus
    community_ids: Annotated[tuple[CommunityId, ...], at.MaxLen(1000), Unique()] = ()
    street_id: StreetId | None = None
    programme_id: ProjectId | None = None
    lead: Organiser | None = None
    year: Annotated[Year, RECORDED_YEARS] | None = None
    period: Time | None = None
    needs: LongText | None = None
    description: LongText | None = None
    funding: Annotated[tuple[Funding, ...], at.MaxLen(100)] = ()
    decisions: Annotated[tuple[Decision, ...], at.MaxLen(100)] = ()
    partners: Annotated[tuple[Partner, ...], at.MaxLen(1000), Unique()] = ()
    outcomes: Annotated[tuple[Outcome, ...], at.MaxLen(100)] = ()
    duration: Measurement | None = None
    in_use: Time | None = None

    def _rules(self) -> Iterator[Problem]:
        if not self.community_ids and self.street_id is None:
            yield SCOPE.at("$.community_ids")
        if self.programme_id == self.id:
            yield SELF_PROGRAMME.at("$.programme_id")
