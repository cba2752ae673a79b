"""Organisations: Party organisations (党组织), partner units (共建单位) and their agreements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._entities.base import (
    CommunityId,
    Entity,
    Named,
    OrganisationId,
    PartyBranchId,
    People,
    PersonId,
    Ref,
    Time,
    name_key,
)
from community_model._errors import Problem
from community_model._messages import HOST, LEVEL_MEMBERS, SELF_PARENT
from community_model._rules import LongText, Name, RefersTo, Title, Unique
from community_model._values.credit import CreditCode
from community_model._values.unknown import Unknown
from community_model._vocab import (
    BranchLevel,
    OrganisationKind,
    PartnershipScope,
    RecordKind,
)

__all__ = ["Organisation", "Partnership", "PartyBranch", "typical_members"]

#: Conventional full membership of each level (the Party's rules on grassroots organisations):
#: a branch from 3 members (正式党员3人以上), a general branch from 50 (50人以上; the branch work
#: regulations say 超过50人, so both 50 and 51 occur), a committee from 100 (100人以上). In legal
#: usage 以上 includes the number itself (Civil Code art. 1259), so the bounds meet: 50 members
#: fit a branch and a general branch, 100 a general branch and a committee. Exceptions are
#: allowed (确因工作需要), so a mismatch is a warning.
_TYPICAL: Final = {
    BranchLevel.BRANCH: (3, 50),
    BranchLevel.GENERAL_BRANCH: (50, 100),
    BranchLevel.COMMITTEE: (100, None),
}


def typical_members(level: BranchLevel) -> tuple[int, int | None]:
    """The conventional (least, most) full members of a level; ``None`` is no upper bound."""
    return _TYPICAL[level]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class PartyBranch(Named, Entity):
    """A grassroots Party organisation: a 党委, 党总支 or 党支部.

    It sits in exactly one host: a community (``host_community_id``) or a unit
    (``host_organisation_id``; ``Unknown`` when the source names no unit). ``parent_id`` is
    the organisation above it, ``secretary_id`` the person who is its secretary (书记),
    ``brand`` its Party-building brand (党建品牌).
    """

    record_kind = RecordKind.PARTY_BRANCH

    name: Name
    level: BranchLevel
    host_community_id: CommunityId | None = None
    host_organisation_id: OrganisationId | Unknown | None = None
    parent_id: PartyBranchId | None = None
    secretary_id: PersonId | None = None
    members: People | None = None
    brand: Name | None = None
    description: LongText | None = None

    @property
    def host(self) -> Ref | Unknown:
        """The community or organisation this Party organisation sits in, or ``Unknown``."""
        if self.host_community_id is not None:
            return Ref(kind=RecordKind.COMMUNITY, id=self.host_community_id)
        if isinstance(self.host_organisation_id, Unknown):
            return self.host_organisation_id
        assert self.host_organisation_id is not None
        return Ref(kind=RecordKind.ORGANISATION, id=self.host_organisation_id)

    def _rules(self) -> Iterator[Problem]:
        if (self.host_community_id is None) == (self.host_organisation_id is None):
            got = "both" if self.host_community_id is not None else "neither"
            yield HOST.at("$.host_community_id", got=got)
        if self.parent_id == self.id:
            yield SELF_PARENT.at("$.parent_id")

    def _warnings(self) -> Iterator[Problem]:
        if self.members is None:
            return
        least, most = _TYPICAL[self.level]
        high, low = self.members.maximum, self.members.minimum
        if (high is not None and high < least) or (
            most is not None and low is not None and low > most
        ):
            bound = f"{least} to {most}" if most is not None else f"{least} or more"
            yield LEVEL_MEMBERS.at(
                "$.members",
                level=self.level.value,
                label=self.level.label,
                bound=bound,
                got=str(self.members),
            )


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Organisation(Named, Entity):
    """A partner unit (共建单位): law firm, hospital, company, public agency, property manager ...

    ``credit_code`` is its unified social credit code when it is a legal entity; ``aliases``
    are other names it is written under (a brand, a short name); ``district`` and ``city``
    where it is (相城经开区, 苏州市).
    """

    record_kind = RecordKind.ORGANISATION

    name: Name
    kind: OrganisationKind
    credit_code: CreditCode | None = None
    aliases: Annotated[tuple[Name, ...], at.MaxLen(50)] = ()
    description: LongText | None = None
    district: Name | None = None
    city: Name | None = None

    def matches_name(self, name: str) -> bool:
        """Whether ``name`` is this unit's name or an alias, however its brackets are written."""
        key = name_key(name)
        return key == self.name_key or any(key == name_key(alias) for alias in self.aliases)


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Partnership(Entity):
    """A co-building agreement (结对共建 / 支部共建) between two or more parties.

    A party the source does not name is ``Unknown`` (a community "与共建单位签约").
    """

    record_kind = RecordKind.PARTNERSHIP

    parties: Annotated[
        tuple[
            Annotated[Ref, RefersTo(RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION)] | Unknown,
            ...,
        ],
        at.MinLen(2),
        at.MaxLen(100),
        Unique(),
    ]
    name: Title | None = None
    signed: Time | None = None
    scope: Annotated[tuple[PartnershipScope, ...], Unique()] = ()
    description: LongText | None = None

    @property
    def display_name(self) -> str:
        """Its name, else the parties joined: ``branch:a + org:b``."""
        return self.name or " + ".join(str(party) for party in self.parties)
