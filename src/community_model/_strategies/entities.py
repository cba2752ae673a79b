"""Strategies for the entities, one per class, each record valid by construction.

A ``draw_*`` helper builds one record from checked arguments; :mod:`.datasets` calls them with
pools of records that exist, the public functions with the caller's fixed records or pools.
A pool argument left as ``None`` means "refer to records that need not exist".
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._entities import (
    Activity,
    Community,
    Entity,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    Ref,
    ServiceProject,
    Street,
)
from community_model._errors import DomainWarning
from community_model._rules import MOST_PEOPLE
from community_model._strategies import args, records, text, values
from community_model._strategies.draws import (
    BOOLEANS,
    ONE_IN_FIVE,
    integers,
    maybe,
    maybe_pick,
    pick,
    subset,
)
from community_model._values import Count, When
from community_model._values.identity import (
    MASKED_PHONE_PATTERN,
    PHONE_PATTERN,
    mask_id_number,
)
from community_model._vocab import (
    ActivityCategory,
    ActivityStatus,
    BranchLevel,
    CommunityKind,
    CountQualifier,
    OrganisationKind,
    PartnershipScope,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Role,
    StreetKind,
)

R = TypeVar("R", bound=Entity)

_REGION_NAMES: Final = {county: (city, district) for county, city, district in text.REGIONS}


def construct(cls: type[R], allow_warnings: bool, **fields: Any) -> R:
    """Build a record; ``allow_warnings`` silences its DomainWarning (``warnings()`` keeps it)."""
    if not allow_warnings:
        return cls(**fields)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        return cls(**fields)


_COUNTS: Final = st.builds(
    Count,
    value=values.count_values(0, MOST_PEOPLE // 2),
    qualifier=st.sampled_from(CountQualifier),
)


_NAME_SIZE: Final = 100
_LONG_TEXT: Final = text.text_field(
    st.lists(st.sampled_from(text.SENTENCES), min_size=1, max_size=3).map("".join),
    10_000,
    lines=True,
)

# -- places ---------------------------------------------------------------------------------------


def draw_street(
    draw: st.DrawFn,
    ident: str,
    kind: StreetKind,
    *,
    allow_warnings: bool = False,
    taken: set[str] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Street:
    """A street with a code in the range of its kind, and the city and district of the code."""
    code = None
    city = district = None
    if draw(ONE_IN_FIVE) != 4:
        code_kind = pick(draw, tuple(StreetKind)) if allow_warnings else kind
        code = values.draw_division_code(draw, code_kind, taken=taken)
        region = _REGION_NAMES.get(code.county)
        if region is not None and draw(ONE_IN_FIVE) != 4:
            city, district = region
    return construct(
        Street,
        allow_warnings,
        id=ident,
        name=draw(text.name_field(text.street_names(kind))),
        kind=kind,
        code=code,
        district=district,
        city=city,
        compound_count=maybe(draw, _COUNTS),
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def streets(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[StreetKind] | None = None,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Street]:
    """Streets (街道 / 镇 / 乡) with names like 吴门桥街道 and codes in the range of their kind.

    ``allow_warnings=True`` also draws codes in another kind's range (the record keeps its
    kind; ``Street.warnings()`` reports it and the DomainWarning is silenced while drawing).
    """

    def define() -> st.SearchStrategy[Street]:
        args.check_strategy(ids, "ids")
        args.check_strategy(kinds, "kinds")
        args.check_bool(allow_warnings, "allow_warnings")
        chosen = kinds if kinds is not None else st.sampled_from(StreetKind)
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.STREET)

        @st.composite
        def built(draw: st.DrawFn) -> Street:
            return draw_street(draw, draw(id_strategy), draw(chosen), allow_warnings=allow_warnings)

        return built()

    return args.lazily(
        "streets", {"ids": ids, "kinds": kinds, "allow_warnings": allow_warnings or None}, define
    )


def draw_community(
    draw: st.DrawFn,
    ident: str,
    kind: CommunityKind,
    *,
    street: Street | None = None,
    allow_warnings: bool = False,
    taken: set[str] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Community:
    """A community; in ``street`` when given (its code extends the street's code)."""
    code = None
    if (street is None or street.code is not None) and draw(ONE_IN_FIVE) != 4:
        code_kind = pick(draw, tuple(CommunityKind)) if allow_warnings else kind
        parent = street.code if street is not None else None
        code = values.draw_division_code(draw, code_kind, parent=parent, taken=taken)
    street_id: str | None
    district: str | None
    if street is not None:
        street_id, district = street.id, street.district
    else:
        street_id = maybe(draw, text.record_ids(RecordKind.STREET))
        district = None
        if code is not None and draw(BOOLEANS):
            district = _REGION_NAMES.get(code.county, (None, None))[1]
    return construct(
        Community,
        allow_warnings,
        id=ident,
        name=draw(text.name_field(text.community_names(kind))),
        kind=kind,
        street_id=street_id,
        district=district,
        code=code,
        compounds=tuple(records.draw_compound(draw) for _ in range(draw(integers(0, 2)))),
        households=maybe(draw, _COUNTS),
        residents=maybe(draw, _COUNTS),
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def communities(
    *,
    street: Street | None = None,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[CommunityKind] | None = None,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Community]:
    """Communities (社区 / 村) such as 新城社区, with codes in the range of their kind.

    With ``street``, every community sits in it: its ``street_id`` and district are the
    street's, and its code extends the street's code.
    """

    def define() -> st.SearchStrategy[Community]:
        args.check_instance(street, Street, "street")
        args.check_strategy(ids, "ids")
        args.check_strategy(kinds, "kinds")
        args.check_bool(allow_warnings, "allow_warnings")
        chosen = kinds if kinds is not None else st.sampled_from(CommunityKind)
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.COMMUNITY)

        @st.composite
        def built(draw: st.DrawFn) -> Community:
            return draw_community(
                draw, draw(id_strategy), draw(chosen), street=street, allow_warnings=allow_warnings
            )

        return built()

    return args.lazily(
        "communities",
        {"street": street, "ids": ids, "kinds": kinds, "allow_warnings": allow_warnings or None},
        define,
    )


# -- organisations --------------------------------------------------------------------------------

#: Full members a level usually has, as drawn: wide, but never against the convention.
_MEMBERS: Final = {
    BranchLevel.BRANCH: (3, 49),
    BranchLevel.GENERAL_BRANCH: (51, 100),
    BranchLevel.COMMITTEE: (101, 50_000),
}
#: Levels above each level (a parent organisation is of a higher level).
_ABOVE: Final = {
    BranchLevel.BRANCH: (BranchLevel.GENERAL_BRANCH, BranchLevel.COMMITTEE),
    BranchLevel.GENERAL_BRANCH: (BranchLevel.COMMITTEE,),
    BranchLevel.COMMITTEE: (),
}
_BRANDS: Final = text.text_field(text.brand_names, _NAME_SIZE)


def draw_party_branch(
    draw: st.DrawFn,
    ident: str,
    level: BranchLevel,
    *,
    host: Community | Organisation | None = None,
    secretaries: Sequence[Person] | None = None,
    parents: Sequence[PartyBranch] | None = None,
    allow_warnings: bool = False,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> PartyBranch:
    """A Party organisation named after its host, with members its level usually has."""
    host_community_id = host_organisation_id = None
    if isinstance(host, Community):
        host_community_id, host_name = host.id, host.name
    elif isinstance(host, Organisation):
        host_organisation_id, host_name = host.id, host.name
    elif draw(BOOLEANS):
        host_organisation_id = draw(text.record_ids(RecordKind.ORGANISATION))
        kind = pick(draw, tuple(OrganisationKind))
        host_name = draw(text.organisation_names(kind))
    else:
        host_community_id = draw(text.record_ids(RecordKind.COMMUNITY))
        host_name = draw(text.community_names(CommunityKind.RESIDENTS_COMMITTEE))
    if parents is None:
        parent_id = maybe(draw, text.record_ids(RecordKind.PARTY_BRANCH))
    else:
        above = [p.id for p in parents if p.level in _ABOVE[level] and p.id != ident]
        parent_id = maybe_pick(draw, above) if above else None
    if parent_id == ident:
        parent_id = None
    if secretaries is None:
        secretary_id = maybe(draw, text.record_ids(RecordKind.PERSON))
    else:
        ids = [person.id for person in secretaries]
        secretary_id = maybe_pick(draw, ids) if ids else None
    members = None
    if draw(BOOLEANS):
        least, most = (0, None) if allow_warnings else _MEMBERS[level]
        qualifier = pick(draw, tuple(CountQualifier))
        if qualifier is CountQualifier.MORE_THAN and most is not None:
            most -= 1  # "100余" is at least 101
        members = Count(value=draw(values.count_values(least, most)), qualifier=qualifier)
    realistic = text.branch_name(host_name, level)
    return construct(
        PartyBranch,
        allow_warnings,
        id=ident,
        name=draw(text.mostly(st.just(realistic), text.free_text(_NAME_SIZE))),
        level=level,
        host_community_id=host_community_id,
        host_organisation_id=host_organisation_id,
        parent_id=parent_id,
        secretary_id=secretary_id,
        members=members,
        brand=maybe(draw, _BRANDS),
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def party_branches(
    *,
    community: Community | None = None,
    organisation: Organisation | None = None,
    secretaries: Sequence[Person] | None = None,
    parents: Sequence[PartyBranch] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    levels: st.SearchStrategy[BranchLevel] | None = None,
    allow_warnings: bool = False,
) -> st.SearchStrategy[PartyBranch]:
    """Party organisations (党委 / 党总支 / 党支部), named after their host.

    The host is ``community`` or ``organisation`` (at most one); the secretary is one of
    ``secretaries`` (or none), the parent one of ``parents`` of a higher level (or none).
    Members agree with the level (a 党支部 3 to 50) unless ``allow_warnings``.
    """

    def define() -> st.SearchStrategy[PartyBranch]:
        args.check_instance(community, Community, "community")
        args.check_instance(organisation, Organisation, "organisation")
        if community is not None and organisation is not None:
            raise InvalidArgument(
                "a Party organisation sits in one host: pass community or organisation, not both"
            )
        people = args.check_records(secretaries, Person, "secretaries")
        above = args.check_records(parents, PartyBranch, "parents")
        args.check_strategy(ids, "ids")
        args.check_strategy(levels, "levels")
        args.check_bool(allow_warnings, "allow_warnings")
        chosen = levels if levels is not None else st.sampled_from(BranchLevel)
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.PARTY_BRANCH)

        @st.composite
        def built(draw: st.DrawFn) -> PartyBranch:
            return draw_party_branch(
                draw,
                draw(id_strategy),
                draw(chosen),
                host=community or organisation,
                secretaries=people,
                parents=above,
                allow_warnings=allow_warnings,
            )

        return built()

    return args.lazily(
        "party_branches",
        {
            "community": community,
            "organisation": organisation,
            "secretaries": secretaries,
            "parents": parents,
            "ids": ids,
            "levels": levels,
            "allow_warnings": allow_warnings or None,
        },
        define,
    )


@functools.cache
def _aliases(kind: OrganisationKind) -> st.SearchStrategy[list[str]]:
    return st.lists(text.name_field(text.organisation_names(kind)), max_size=2, unique=True)


def draw_organisation(
    draw: st.DrawFn,
    ident: str,
    kind: OrganisationKind,
    *,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Organisation:
    """A partner unit named as its kind is (…律师事务所, …人民医院), usually with a credit code."""
    names = text.name_field(text.organisation_names(kind))
    return Organisation(
        id=ident,
        name=draw(names),
        kind=kind,
        credit_code=values.draw_credit_code(draw, kind) if draw(ONE_IN_FIVE) != 4 else None,
        aliases=tuple(draw(_aliases(kind))),
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def organisations(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[OrganisationKind] | None = None,
) -> st.SearchStrategy[Organisation]:
    """Partner units: law firms, hospitals, companies, agencies ... with valid credit codes."""

    def define() -> st.SearchStrategy[Organisation]:
        args.check_strategy(ids, "ids")
        args.check_strategy(kinds, "kinds")
        chosen = kinds if kinds is not None else st.sampled_from(OrganisationKind)
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.ORGANISATION)

        @st.composite
        def built(draw: st.DrawFn) -> Organisation:
            return draw_organisation(draw, draw(id_strategy), draw(chosen))

        return built()

    return args.lazily("organisations", {"ids": ids, "kinds": kinds}, define)


# -- people ---------------------------------------------------------------------------------------

_PERSON_NAMES: Final = text.text_field(text.person_names, _NAME_SIZE)
_ROLES: Final = st.lists(st.sampled_from(Role), max_size=3, unique=True)
_POSITIONS: Final = text.text_field(st.sampled_from(text.POSITIONS), _NAME_SIZE)
_PHONES: Final = st.one_of(
    st.builds("{}{}{:09d}".format, st.just("1"), st.integers(3, 9), st.integers(0, 999_999_999)),
    st.builds(
        "{}{}{}{}".format,
        st.sampled_from(["0512", "010", "021", "025", "0510"]),
        st.sampled_from(["-", ""]),
        st.integers(2, 9),
        st.integers(0, 9_999_999).map("{:07d}".format),
    ),
    st.from_regex(PHONE_PATTERN, fullmatch=True),
    st.from_regex(MASKED_PHONE_PATTERN, fullmatch=True),  # as redaction leaves them
)


@st.composite
def _id_numbers(draw: st.DrawFn) -> str:
    """Resident identity numbers, now and then masked as redaction leaves them."""
    number = values.draw_resident_id(draw, dt.date(1900, 1, 1), dt.date.today()).number
    return mask_id_number(number) if draw(st.integers(0, 9)) == 0 else number


_ID_NUMBERS: Final = _id_numbers()
_ADDRESSES: Final = text.text_field(
    st.builds(
        "{}{}幢{}室".format,
        st.sampled_from(text.COMPOUND_STEMS),
        st.integers(1, 40),
        st.integers(101, 2604),
    ),
    200,
)


def draw_person(
    draw: st.DrawFn,
    ident: str,
    *,
    community: Community | None = None,
    community_ids: Sequence[str] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Person:
    """A person named for roles, of ``community`` or maybe of one of ``community_ids``."""
    community_id: str | None
    if community is not None:
        community_id = community.id
    elif community_ids is None:
        community_id = maybe(draw, text.record_ids(RecordKind.COMMUNITY))
    else:
        community_id = maybe_pick(draw, community_ids) if community_ids else None
    return Person(
        id=ident,
        name=draw(_PERSON_NAMES),
        roles=tuple(draw(_ROLES)),
        position=maybe(draw, _POSITIONS),
        community_id=community_id,
        phone=maybe(draw, _PHONES),
        id_number=maybe(draw, _ID_NUMBERS),
        address=maybe(draw, _ADDRESSES),
        sources=records.draw_sources(draw, low, high),
    )


def people(
    *,
    community: Community | None = None,
    ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Person]:
    """People named in records (成丽君, 姚女士), with phones and addresses that look real.

    With ``community``, everyone lives in or works for it.
    """

    def define() -> st.SearchStrategy[Person]:
        args.check_instance(community, Community, "community")
        args.check_strategy(ids, "ids")
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.PERSON)

        @st.composite
        def built(draw: st.DrawFn) -> Person:
            return draw_person(draw, draw(id_strategy), community=community)

        return built()

    return args.lazily("people", {"community": community, "ids": ids}, define)


# -- agreements, projects, activities -------------------------------------------------------------

_SCOPES: Final = st.lists(st.sampled_from(PartnershipScope), max_size=3, unique=True)
_AGREEMENT_NAMES: Final = text.text_field(
    st.sampled_from(["结对共建协议", "支部共建协议", "党建联建协议", "公共法律服务共建"]), 200
)


def draw_partnership(
    draw: st.DrawFn,
    ident: str,
    *,
    parties: tuple[Ref, ...] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Partnership:
    """An agreement between two or more distinct parties (from ``parties`` when given)."""
    return Partnership(
        id=ident,
        parties=records.draw_refs(draw, parties, records.PARTY_KINDS, min_size=2, max_size=3),
        name=maybe(draw, _AGREEMENT_NAMES),
        signed=(
            values.draw_when(draw, low, high, allow_intervals=False) if draw(BOOLEANS) else None
        ),
        scope=tuple(draw(_SCOPES)),
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def partnerships(
    *,
    parties: Sequence[Entity | Ref] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
) -> st.SearchStrategy[Partnership]:
    """Co-building agreements (结对共建) between Party organisations and partner units.

    ``parties`` (branches, organisations or their Refs, at least two) are the possible parties.
    """

    def define() -> st.SearchStrategy[Partnership]:
        pool = args.check_refs(parties, records.PARTY_KINDS, "parties", at_least=2)
        args.check_strategy(ids, "ids")
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.PARTNERSHIP)

        @st.composite
        def built(draw: st.DrawFn) -> Partnership:
            return draw_partnership(draw, draw(id_strategy), parties=pool, low=low, high=high)

        return built()

    return args.lazily(
        "partnerships",
        {"parties": parties, "ids": ids, "min_date": min_date, "max_date": max_date},
        define,
    )


@functools.lru_cache(maxsize=4)
def _community_id_lists(min_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(
        text.record_ids(RecordKind.COMMUNITY), min_size=min_size, max_size=3, unique=True
    )


def _draw_community_ids(
    draw: st.DrawFn, pool: Sequence[str] | None, min_size: int
) -> tuple[str, ...]:
    """Up to three distinct communities: of ``pool``, or ids that need not resolve."""
    if pool is None:
        return tuple(draw(_community_id_lists(min_size)))
    return subset(draw, pool, min_size, 3)


_PROJECT_NAMES: Final = text.text_field(
    st.one_of(
        st.sampled_from(text.PROJECT_NAMES),
        st.builds(str.__add__, text.community_stems, st.sampled_from(text.PROJECT_NAMES)),
    ),
    200,
)
_YEARS: Final = st.one_of(st.integers(2015, 2030), st.integers(*values.PLAUSIBLE_YEARS))


def draw_service_project(
    draw: st.DrawFn,
    ident: str,
    *,
    street: Street | None = None,
    community_ids: Sequence[str] | None = None,
    programme_ids: Sequence[str] | None = None,
    leads: tuple[Ref, ...] | None = None,
    partners: tuple[Ref, ...] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> ServiceProject:
    """A project serving some of ``community_ids`` or the whole ``street`` (at least one)."""
    street_id = street.id if street is not None else maybe(draw, text.record_ids(RecordKind.STREET))
    served = _draw_community_ids(draw, community_ids, 0 if street_id is not None else 1)
    if leads is None:
        lead = records.draw_ref(draw, records.LEAD_KINDS) if draw(BOOLEANS) else None
    else:
        lead = maybe_pick(draw, leads) if leads else None
    if programme_ids is None:
        programme_id = maybe(draw, text.record_ids(RecordKind.SERVICE_PROJECT))
    else:
        others = [other for other in programme_ids if other != ident]
        programme_id = maybe_pick(draw, others) if others else None
    if programme_id == ident:
        programme_id = None
    providers = leads
    return ServiceProject(
        id=ident,
        name=draw(_PROJECT_NAMES),
        category=pick(draw, tuple(ProjectCategory)),
        status=pick(draw, tuple(ProjectStatus)),
        community_ids=served,
        street_id=street_id,
        programme_id=programme_id,
        lead=lead,
        year=maybe(draw, _YEARS),
        period=values.draw_when(draw, low, high) if draw(BOOLEANS) else None,
        needs=maybe(draw, _LONG_TEXT),
        description=maybe(draw, _LONG_TEXT),
        funding=tuple(records.draw_funding(draw, providers) for _ in range(draw(integers(0, 2)))),
        decisions=tuple(
            records.draw_decision(draw, low, high) for _ in range(draw(integers(0, 2)))
        ),
        partners=records.draw_refs(draw, partners, records.PARTY_KINDS),
        outcomes=tuple(records.draw_outcome(draw) for _ in range(draw(integers(0, 2)))),
        sources=records.draw_sources(draw, low, high),
    )


def service_projects(
    *,
    street: Street | None = None,
    communities: Sequence[Community] | None = None,
    programmes: Sequence[ServiceProject] | None = None,
    leads: Sequence[Entity | Ref] | None = None,
    partners: Sequence[Entity | Ref] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
) -> st.SearchStrategy[ServiceProject]:
    """Service projects (口袋公园, 舍得空间) with funding, decisions and measured outcomes.

    With ``street`` the project names it; it serves some of ``communities`` (at least one when
    there is no street), may be part of one of ``programmes`` (a street's 微改造 programme);
    ``leads`` may lead and fund it, ``partners`` partner it.
    """

    def define() -> st.SearchStrategy[ServiceProject]:
        args.check_instance(street, Street, "street")
        served = args.check_records(communities, Community, "communities")
        if street is None and served == ():
            raise InvalidArgument(
                "a project serves at least one community or a street: pass a street or "
                "at least one community"
            )
        wider = args.check_records(programmes, ServiceProject, "programmes")
        lead_pool = args.check_refs(leads, records.LEAD_KINDS, "leads")
        partner_pool = args.check_refs(partners, records.PARTY_KINDS, "partners")
        args.check_strategy(ids, "ids")
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.SERVICE_PROJECT)
        community_ids = None if served is None else [c.id for c in served]
        programme_ids = None if wider is None else [p.id for p in wider]

        @st.composite
        def built(draw: st.DrawFn) -> ServiceProject:
            return draw_service_project(
                draw,
                draw(id_strategy),
                street=street,
                community_ids=community_ids,
                programme_ids=programme_ids,
                leads=lead_pool,
                partners=partner_pool,
                low=low,
                high=high,
            )

        return built()

    return args.lazily(
        "service_projects",
        {
            "street": street,
            "communities": communities,
            "programmes": programmes,
            "leads": leads,
            "partners": partners,
            "ids": ids,
            "min_date": min_date,
            "max_date": max_date,
        },
        define,
    )


_VENUES: Final = text.text_field(
    st.one_of(
        st.sampled_from(text.VENUES),
        st.builds(str.__add__, text.community_stems, st.just("社区党群服务中心")),
    ),
    500,
)
_AUDIENCES: Final = text.text_field(st.sampled_from(text.AUDIENCES), 500)
_SERVICES: Final = text.text_field(st.sampled_from(text.SERVICES), _NAME_SIZE)
_SERVICE_LISTS: Final = st.lists(_SERVICES, max_size=4, unique=True)
_NUMBERS: Final = st.one_of(st.integers(1, 20), st.integers(1, 100_000))


def _draw_activity_time(draw: st.DrawFn, period: When | None, low: dt.date, high: dt.date) -> When:
    if period is None:
        return values.draw_when(draw, low, high)
    ends = [When(start=point) for point in (period.start, period.end) if point is not None]
    return pick(draw, (period, *ends))


def draw_activity(
    draw: st.DrawFn,
    ident: str,
    *,
    organisers: tuple[Ref, ...] | None = None,
    partners: tuple[Ref, ...] | None = None,
    community_ids: Sequence[str] | None = None,
    project_ids: Sequence[str] | None = None,
    partnership_ids: Sequence[str] | None = None,
    periods: Mapping[str, When | None] | None = None,
    low: dt.date = values.PLAUSIBLE_FIRST_DAY,
    high: dt.date = values.PLAUSIBLE_LAST_DAY,
) -> Activity:
    """A dated event by one or more ``organisers``, maybe in a series (第三期 is number 3).

    ``periods`` gives the life of each project: an activity of a project is dated within it (the
    whole period, or its first or last known time), as the dataset's checks require.
    """
    category = pick(draw, tuple(ActivityCategory))
    served = _draw_community_ids(draw, community_ids, 0)
    if project_ids is None:
        project_id = maybe(draw, text.record_ids(RecordKind.SERVICE_PROJECT))
    else:
        project_id = maybe_pick(draw, project_ids) if project_ids else None
    if partnership_ids is None:
        partnership_id = maybe(draw, text.record_ids(RecordKind.PARTNERSHIP))
    else:
        partnership_id = maybe_pick(draw, partnership_ids) if partnership_ids else None
    series = number = None
    if draw(ONE_IN_FIVE) == 4:
        series = draw(text.name_field(text.activity_titles(category), 200))
        number = maybe(draw, _NUMBERS)
    return Activity(
        id=ident,
        title=draw(text.name_field(text.activity_titles(category), 200)),
        category=category,
        organisers=records.draw_refs(draw, organisers, records.LEAD_KINDS, min_size=1),
        when=_draw_activity_time(draw, (periods or {}).get(project_id or ""), low, high),
        status=pick(draw, tuple(ActivityStatus)),
        community_ids=served,
        partners=records.draw_refs(draw, partners, records.PARTY_KINDS),
        project_id=project_id,
        partnership_id=partnership_id,
        venue=maybe(draw, _VENUES),
        audience=maybe(draw, _AUDIENCES),
        services=tuple(draw(_SERVICE_LISTS)),
        participants=maybe(draw, _COUNTS),
        volunteers=maybe(draw, _COUNTS),
        staff=maybe(draw, _COUNTS),
        series=series,
        number=number,
        description=maybe(draw, _LONG_TEXT),
        sources=records.draw_sources(draw, low, high),
    )


def activities(
    *,
    organisers: Sequence[Entity | Ref] | None = None,
    partners: Sequence[Entity | Ref] | None = None,
    communities: Sequence[Community] | None = None,
    projects: Sequence[ServiceProject] | None = None,
    partnerships: Sequence[Partnership] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
) -> st.SearchStrategy[Activity]:
    """Activities (义诊, 讲座, 集市, 共建签约) dated between ``min_date`` and ``max_date``.

    ``organisers`` (streets, communities, branches, organisations or their Refs; at least one)
    organise it, ``partners`` partner it, it is held in some of ``communities`` and may belong
    to one of ``projects`` and one of ``partnerships``.
    """

    def define() -> st.SearchStrategy[Activity]:
        organiser_pool = args.check_refs(organisers, records.LEAD_KINDS, "organisers", at_least=1)
        partner_pool = args.check_refs(partners, records.PARTY_KINDS, "partners")
        held_in = args.check_records(communities, Community, "communities")
        belongs = args.check_records(projects, ServiceProject, "projects")
        agreements = args.check_records(partnerships, Partnership, "partnerships")
        args.check_strategy(ids, "ids")
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )
        id_strategy = ids if ids is not None else text.record_ids(RecordKind.ACTIVITY)
        community_ids = None if held_in is None else [c.id for c in held_in]
        project_ids = None if belongs is None else [p.id for p in belongs]
        partnership_ids = None if agreements is None else [p.id for p in agreements]

        @st.composite
        def built(draw: st.DrawFn) -> Activity:
            return draw_activity(
                draw,
                draw(id_strategy),
                organisers=organiser_pool,
                partners=partner_pool,
                community_ids=community_ids,
                project_ids=project_ids,
                partnership_ids=partnership_ids,
                low=low,
                high=high,
            )

        return built()

    return args.lazily(
        "activities",
        {
            "organisers": organisers,
            "partners": partners,
            "communities": communities,
            "projects": projects,
            "partnerships": partnerships,
            "ids": ids,
            "min_date": min_date,
            "max_date": max_date,
        },
        define,
    )
