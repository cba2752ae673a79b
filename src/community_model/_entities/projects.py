"""Service projects (为民服务项目, 微改造): lasting work with a lifecycle, money and decisions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._entities.base import Entity, Ref, check_refs, check_unique
from community_model._errors import Problem
from community_model._validation import Id, LongText, Record, ShortText, Title, Year, problem
from community_model._values.money import Measurement, Money
from community_model._values.when import When
from community_model._vocab import (
    DecisionBody,
    FundingSource,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
)

__all__ = ["Decision", "Funding", "Outcome", "ServiceProject", "Votes"]

Tally = Annotated[int, at.Ge(0), at.Le(10_000_000)]


@attrs.frozen(kw_only=True, slots=True)
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
            yield problem(
                "$.cast",
                "votes_sum",
                f"'cast' must equal in_favour + against + abstaining = {self.total} "
                f"(got {self.cast})",
            )
        if self.eligible is not None and self.total > self.eligible:
            yield problem(
                "$.eligible",
                "votes_sum",
                f"'eligible' must be at least the {self.total} votes cast (got {self.eligible})",
            )


@attrs.frozen(kw_only=True, slots=True)
class Decision(Record):
    """A step of deciding a project: who met, when, how they voted and what they decided."""

    body: DecisionBody
    date: When | None = None
    votes: Votes | None = None
    outcome: ShortText | None = None


@attrs.frozen(kw_only=True, slots=True)
class Funding(Record):
    """Money for a project: its source, amount (when reported) and who provided it."""

    source: FundingSource
    amount: Money | None = None
    provider: Ref | None = None
    note: ShortText | None = None


@attrs.frozen(kw_only=True, slots=True)
class Outcome(Record):
    """A result, measured where the source measures it.

    ``quantity`` is an amount achieved (100 m² resurfaced, 2 days of work, 48 projects);
    ``before`` and ``after`` a change (a lane widened from about 50 cm to 120 cm).
    """

    description: ShortText
    quantity: Measurement | None = None
    before: Measurement | None = None
    after: Measurement | None = None

    def _rules(self) -> Iterator[Problem]:
        before, after = self.before, self.after
        if self.quantity is not None and (before is not None or after is not None):
            yield problem(
                "$.quantity",
                "outcome_form",
                "'quantity' (an amount) and 'before' / 'after' (a change) exclude each other",
            )
        if before is not None and after is not None and before.unit is not after.unit:
            yield problem(
                "$.after.unit",
                "unit_mismatch",
                f"'after' must be in the unit of 'before' ({before.unit.value}) "
                f"(got {after.unit.value})",
            )


_PARTNER_KINDS: Final = frozenset({RecordKind.ORGANISATION, RecordKind.PARTY_BRANCH})
_LEAD_KINDS: Final = frozenset(
    {RecordKind.COMMUNITY, RecordKind.STREET, RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION}
)


@attrs.frozen(kw_only=True, slots=True)
class ServiceProject(Entity):
    """A service project: a need found, a plan decided, money found, built, put into use.

    ``community_ids`` are the communities it serves (or ``street_id`` a street-wide programme);
    ``programme_id`` the project it is part of (one 微改造 of a street's programme); ``year`` its
    programme year (2023年度); ``period`` its life, from start to completion.
    """

    record_kind = RecordKind.SERVICE_PROJECT

    name: Title
    category: ProjectCategory
    status: ProjectStatus
    community_ids: Annotated[tuple[Id, ...], at.MaxLen(1000)] = ()
    street_id: Id | None = None
    programme_id: Id | None = None
    lead: Ref | None = None
    year: Year | None = None
    period: When | None = None
    needs: LongText | None = None
    description: LongText | None = None
    funding: Annotated[tuple[Funding, ...], at.MaxLen(100)] = ()
    decisions: Annotated[tuple[Decision, ...], at.MaxLen(100)] = ()
    partners: Annotated[tuple[Ref, ...], at.MaxLen(1000)] = ()
    outcomes: Annotated[tuple[Outcome, ...], at.MaxLen(100)] = ()

    def _rules(self) -> Iterator[Problem]:
        if not self.community_ids and self.street_id is None:
            yield problem(
                "$.community_ids",
                "scope",
                "a project must serve at least one community or name its 'street_id'",
            )
        if self.programme_id == self.id:
            yield problem(
                "$.programme_id", "self_reference", "'programme_id' must not be the own id"
            )
        yield from check_unique(self.community_ids, "$.community_ids")
        yield from check_refs(self.partners, "$.partners", _PARTNER_KINDS)
        if self.lead is not None:
            yield from check_refs((self.lead,), "$.lead", _LEAD_KINDS)
        for index, funding in enumerate(self.funding):
            if funding.provider is not None:
                yield from check_refs(
                    (funding.provider,), f"$.funding[{index}].provider", _LEAD_KINDS
                )
