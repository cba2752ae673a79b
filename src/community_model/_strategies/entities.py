"""Builders and strategies for the entities, one per class, each record valid by construction.

A builder makes one record from a :class:`~.choices.Choices`, checked arguments and ``pools``:
for each reference field (by name; ``funding.provider`` for a field of a part) the records it
may point to. A field with no pool refers to records that need not exist, of the kinds its
declaration allows. :mod:`.datasets` passes pools of records that exist; the public functions
pass the caller's records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._entities.activities import Activity
from community_model._entities.base import Entity, Ref
from community_model._entities.lists import Adoption, ListItem, ServiceList
from community_model._entities.organisations import (
    Organisation,
    Partnership,
    PartyBranch,
    typical_members,
)
from community_model._entities.people import Person
from community_model._entities.places import Community, Street
from community_model._entities.projects import ServiceProject
from community_model._strategies import args, fields, records, values
from community_model._strategies import text as names
from community_model._strategies.choices import Choices, tidy
from community_model._strategies.draws import HypothesisChoices, built
from community_model._strategies.fields import Window
from community_model._strategies.records import construct
from community_model._values.identity import mask_id_number, mask_phone
from community_model._values.money import Measurement
from community_model._values.unknown import Unknown
from community_model._values.when import BEIJING, When
from community_model._vocab import (
    AdoptionRole,
    BranchLevel,
    CommunityKind,
    ItemStatus,
    ListKind,
    OrganisationKind,
    ProjectStatus,
    RecordKind,
    StreetKind,
    Unit,
)

#: The records each reference field may point to, by field name (no pool: any record), and
#: under ``sources`` a list of articles already cited, to cite again and to add to.
Pools = Mapping[str, Sequence[Any] | None]

_NONE: Final[Pools] = {}
_REGION_NAMES: Final = {county: (city, district) for county, city, district in names.REGIONS}


def _given(c: Choices, cls: type, name: str, value: str | None) -> str | None:
    """A known value of a text field (a district), or with edge cases sometimes odd text."""
    return None if value is None else fields.text(c, cls, name, lambda c: value)


def _cut(value: str | None, cls: type, name: str) -> str | None:
    """A value copied from another field, no longer than this field allows."""
    most = fields.of(cls, name).max_len
    return None if value is None or most is None else tidy(value, most)


def _description(c: Choices, cls: type, name: str = "description") -> str | None:
    return fields.optional_text(c, cls, name, names.description, alphabet="lines")


def _ident(c: HypothesisChoices, ids: st.SearchStrategy[str] | None, cls: type[Entity]) -> str:
    """The id of a record drawn on its own: from ``ids``, or ``street:wumenqiao``."""
    if ids is not None:
        return c.draw(ids)
    kind = cls.record_kind
    return fields.text(c, cls, "id", lambda c: names.record_id(c, kind), alphabet="id")


# -- places ---------------------------------------------------------------------------------------


def street(
    c: Choices,
    ident: str,
    kind: StreetKind,
    *,
    dates: Window,
    pools: Pools = _NONE,
    taken: set[str] | None = None,
) -> Street:
    """A street with a code in the range of its kind, and the city and district of the code.

    With warnings allowed, the code may lie in another kind's range (the record keeps its kind;
    ``Street.warnings()`` reports it).
    """
    code = city = district = None
    if not c.chance(5):
        code_kind = c.pick(fields.members(Street, "kind")) if c.allow_warnings else kind
        code = values.division_code(c, code_kind, taken=taken)
        region = _REGION_NAMES.get(code.county)
        if region is not None and not c.chance(5):
            city, district = region
    return construct(
        Street,
        c,
        id=ident,
        name=fields.text(c, Street, "name", lambda c: names.street_name(c, kind)),
        kind=kind,
        code=code,
        district=_given(c, Street, "district", district),
        city=_given(c, Street, "city", city),
        compound_count=c.maybe(lambda c: fields.count(c, Street, "compound_count", (0, 80))),
        description=_description(c, Street),
        sources=records.citations(c, dates, pools.get("sources")),
        housing=_housing(c, Street),
    )


def _housing(c: Choices, cls: type) -> tuple[Any, ...]:
    """The kinds of housing among a place's compounds (商品房, 安置房 ...), each once."""
    kinds = fields.members(cls, "housing", item=True)
    return c.subset(kinds, 0, fields.size(c, cls, "housing", 2, available=len(kinds)))


@args.lazy
def streets(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[StreetKind] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Street]:
    """Streets (街道 / 镇 / 乡) with names like 吴门桥街道 and codes in the range of their kind.

    ``allow_warnings=True`` also draws codes in another kind's range (the record keeps its
    kind; ``Street.warnings()`` reports it and the DomainWarning is silenced while drawing).
    """
    args.check_strategy(ids, "ids")
    args.check_strategy(kinds, "kinds")
    dates = args.record_dates(None, None, edge_cases, allow_warnings)
    chosen = kinds if kinds is not None else st.sampled_from(StreetKind)

    def build(c: HypothesisChoices) -> Street:
        return street(c, _ident(c, ids, Street), c.draw(chosen), dates=dates)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


def community(
    c: Choices,
    ident: str,
    kind: CommunityKind,
    *,
    dates: Window,
    street: Street | None = None,
    pools: Pools = _NONE,
    taken: set[str] | None = None,
) -> Community:
    """A community; in ``street`` when given (its code extends the street's code)."""
    code = None
    if (street is None or street.code is not None) and not c.chance(5):
        code_kind = c.pick(fields.members(Community, "kind")) if c.allow_warnings else kind
        parent = street.code if street is not None else None
        code = values.division_code(c, code_kind, parent=parent, taken=taken)
    street_id: str | None
    district: str | None
    if street is not None:  # in the street's district (cut to this field's length)
        street_id, district = street.id, _cut(street.district, Community, "district")
    else:
        street_id = fields.reference(c, Community, "street_id", pools.get("street_id"))
        district = None
        if code is not None and c.boolean():
            district = _given(
                c, Community, "district", _REGION_NAMES.get(code.county, ("", None))[1]
            )
    count = fields.size(c, Community, "compounds", 2)
    return construct(
        Community,
        c,
        id=ident,
        name=fields.text(c, Community, "name", lambda c: names.community_name(c, kind)),
        kind=kind,
        street_id=street_id,
        district=district,
        code=code,
        compounds=tuple(records.compound(c) for _ in range(count)),
        households=c.maybe(lambda c: fields.count(c, Community, "households", (0, 5000))),
        residents=c.maybe(lambda c: fields.count(c, Community, "residents", (0, 20000))),
        description=_description(c, Community),
        sources=records.citations(c, dates, pools.get("sources")),
        housing=_housing(c, Community),
    )


@args.lazy
def communities(
    *,
    street: Street | None = None,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[CommunityKind] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Community]:
    """Communities (社区 / 村) such as 新城社区, with codes in the range of their kind.

    With ``street``, every community sits in it: its ``street_id`` and district are the
    street's, and its code extends the street's code.
    """
    args.check_instance(street, Street, "street")
    args.check_strategy(ids, "ids")
    args.check_strategy(kinds, "kinds")
    dates = args.record_dates(None, None, edge_cases, allow_warnings)
    chosen = kinds if kinds is not None else st.sampled_from(CommunityKind)

    def build(c: HypothesisChoices) -> Community:
        ident = _ident(c, ids, Community)
        return community(c, ident, c.draw(chosen), dates=dates, street=street)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- organisations --------------------------------------------------------------------------------

#: A committee (no upper bound of its own) usually has up to this many times its least members.
_OPEN_MEMBERSHIP: Final = 10


def _members(c: Choices, level: BranchLevel) -> Any:
    """Full members as the level usually has them (``typical_members``: what the count says
    stays within them, so 50余 never counts a 党支部); any number the field allows when warnings
    are allowed."""
    if c.allow_warnings:
        return fields.count(c, PartyBranch, "members", (0, 500))
    least, most = typical_members(level)
    usual = (least, most if most is not None else least * _OPEN_MEMBERSHIP)
    return fields.count(c, PartyBranch, "members", usual, least=least, most=most)


#: Levels above each level (a parent organisation is of a higher level).
ABOVE: Final = {
    BranchLevel.BRANCH: (BranchLevel.GENERAL_BRANCH, BranchLevel.COMMITTEE),
    BranchLevel.GENERAL_BRANCH: (BranchLevel.COMMITTEE,),
    BranchLevel.COMMITTEE: (),
}


def party_branch(
    c: Choices,
    ident: str,
    level: BranchLevel,
    *,
    dates: Window,
    host: Community | Organisation | None = None,
    pools: Pools = _NONE,
    unknown_host: bool = True,
) -> PartyBranch:
    """A Party organisation named after its host, with members its level usually has.

    ``pools["parent_id"]`` holds organisations of a higher level. A host unit may be unknown
    (rarely: reports mostly name it) unless ``unknown_host`` is false.
    """
    host_community_id = None
    host_organisation_id: Any = None
    if isinstance(host, Community):
        host_community_id, host_name = host.id, host.name
    elif isinstance(host, Organisation):
        host_organisation_id, host_name = host.id, host.name
    elif c.boolean():
        host_organisation_id = fields.free(c, PartyBranch, "host_organisation_id")
        host_name = names.organisation_name(c, c.pick(fields.members(Organisation, "kind")))
    else:
        host_community_id = fields.free(c, PartyBranch, "host_community_id")
        host_name = names.community_name(c, CommunityKind.RESIDENTS_COMMITTEE)
    if host_organisation_id is not None and unknown_host:
        known = host_organisation_id
        host_organisation_id = records.or_unknown(
            c, PartyBranch, "host_organisation_id", lambda c: known
        )
        if isinstance(host_organisation_id, Unknown):  # a unit the report does not name
            host_name = c.pick(names.UNNAMED_HOSTS)
    parent_id = fields.reference(c, PartyBranch, "parent_id", pools.get("parent_id"))
    most = fields.of(PartyBranch, "name").max_len
    assert most is not None
    return construct(
        PartyBranch,
        c,
        id=ident,
        name=fields.text(
            c, PartyBranch, "name", lambda c: names.branch_name(host_name, level, most)
        ),
        level=level,
        host_community_id=host_community_id,
        host_organisation_id=host_organisation_id,
        parent_id=None if parent_id == ident else parent_id,
        secretary_id=fields.reference(c, PartyBranch, "secretary_id", pools.get("secretary_id")),
        members=c.maybe(lambda c: _members(c, level)),
        brand=fields.optional_text(c, PartyBranch, "brand", names.brand_name),
        description=_description(c, PartyBranch),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def party_branches(
    *,
    community: Community | None = None,
    organisation: Organisation | None = None,
    secretaries: Sequence[Person] | None = None,
    parents: Sequence[PartyBranch] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    levels: st.SearchStrategy[BranchLevel] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[PartyBranch]:
    """Party organisations (党委 / 党总支 / 党支部), named after their host.

    The host is ``community`` or ``organisation`` (at most one); the secretary is one of
    ``secretaries`` (or none), the parent one of ``parents`` of a higher level (or none).
    Members agree with the level (``community_model.typical_members``: a 党支部 3 to 50)
    unless ``allow_warnings``. Without ``organisation``, a host unit is now and then ``Unknown``
    (a unit the report does not name).
    """
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
    dates = args.record_dates(None, None, edge_cases, allow_warnings)
    chosen = levels if levels is not None else st.sampled_from(BranchLevel)
    secretary_ids = None if people is None else [person.id for person in people]

    def build(c: HypothesisChoices) -> PartyBranch:
        ident = _ident(c, ids, PartyBranch)
        level = c.draw(chosen)
        pools = {
            "secretary_id": secretary_ids,
            "parent_id": None
            if above is None
            else [p.id for p in above if p.level in ABOVE[level] and p.id != ident],
        }
        return party_branch(
            c,
            ident,
            level,
            dates=dates,
            host=community or organisation,
            pools=pools,
            unknown_host=organisation is None,
        )

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


#: An edge case of a long list of aliases numbers them (no need to draw so many names).
_USUAL_ALIASES: Final = 2


def organisation(
    c: Choices, ident: str, kind: OrganisationKind, *, dates: Window, pools: Pools = _NONE
) -> Organisation:
    """A partner unit named as its kind is (…律师事务所, …人民医院), usually with a credit code."""

    def realistic(c: Choices) -> str:
        return names.organisation_name(c, kind)

    count = fields.size(c, Organisation, "aliases", _USUAL_ALIASES)
    if count <= _USUAL_ALIASES:
        aliases = [
            fields.text(c, Organisation, "aliases", realistic, item=True) for _ in range(count)
        ]
    else:
        aliases = [f"别名{number}" for number in range(1, count + 1)]
    credit_code = values.credit_code(c, kind) if not c.chance(5) else None
    city = district = None
    if c.boolean():  # where it is: the region of its code, when real
        region = None if credit_code is None else _REGION_NAMES.get(credit_code.code[2:8])
        city, district = region or c.pick(names.REGIONS)[1:]
        district = district if not c.chance(4) else None
    return construct(
        Organisation,
        c,
        id=ident,
        name=fields.text(c, Organisation, "name", realistic),
        kind=kind,
        credit_code=credit_code,
        aliases=tuple(dict.fromkeys(aliases)),
        description=_description(c, Organisation),
        sources=records.citations(c, dates, pools.get("sources")),
        district=_given(c, Organisation, "district", district),
        city=_given(c, Organisation, "city", city),
    )


@args.lazy
def organisations(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[OrganisationKind] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Organisation]:
    """Partner units: law firms, hospitals, companies, agencies ... with valid credit codes, and
    often the district and city they are in (those of the code's region when it is real)."""
    args.check_strategy(ids, "ids")
    args.check_strategy(kinds, "kinds")
    dates = args.record_dates(None, None, edge_cases, allow_warnings)
    chosen = kinds if kinds is not None else st.sampled_from(OrganisationKind)

    def build(c: HypothesisChoices) -> Organisation:
        return organisation(c, _ident(c, ids, Organisation), c.draw(chosen), dates=dates)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- people ---------------------------------------------------------------------------------------

_AREA_CODES: Final = ("0512", "010", "021", "025", "0510")


def _phone(c: Choices) -> str:
    """A mobile or landline number (now and then masked, as redaction leaves it); with edge
    cases, sometimes anything the field's pattern allows."""
    if c.edge():
        pattern = fields.of(Person, "phone").pattern
        assert pattern is not None
        odd = c.matching(pattern)
        if odd is not None:
            return odd
    if c.boolean():
        area, dash = c.pick(_AREA_CODES), c.pick(("-", ""))
        number = f"{area}{dash}{c.integer(2, 9)}{c.integer(0, 9_999_999):07d}"
    else:
        number = f"1{c.integer(3, 9)}{c.integer(0, 999_999_999):09d}"
    return mask_phone(number) if c.chance(10) else number


def _id_number(c: Choices) -> str:
    """A resident identity number, now and then masked as redaction leaves it."""
    number = values.resident_id(c, (values.FIRST_BIRTH, dt.date.today())).number
    return mask_id_number(number) if c.chance(10) else number


def person(
    c: Choices,
    ident: str,
    *,
    dates: Window,
    pools: Pools = _NONE,
    community_id: str | None = None,
) -> Person:
    """A person named in records: of ``community_id``, or maybe of one of
    ``pools["community_id"]``."""
    if community_id is None:
        community_id = fields.reference(c, Person, "community_id", pools.get("community_id"))
    roles = fields.members(Person, "roles", item=True)
    roles = c.subset(roles, 0, fields.size(c, Person, "roles", 3, available=len(roles)))
    return construct(
        Person,
        c,
        id=ident,
        name=fields.text(c, Person, "name", names.person_name),
        roles=roles,
        position=fields.optional_text(c, Person, "position", lambda c: c.pick(names.POSITIONS)),
        community_id=community_id,
        phone=c.maybe(_phone),
        id_number=c.maybe(_id_number),
        address=fields.optional_text(c, Person, "address", names.address),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def people(
    *,
    community: Community | None = None,
    ids: st.SearchStrategy[str] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Person]:
    """People named in records (成丽君, 姚女士), with phones and addresses that look real.

    With ``community``, everyone lives in or works for it.
    """
    args.check_instance(community, Community, "community")
    args.check_strategy(ids, "ids")
    dates = args.record_dates(None, None, edge_cases, allow_warnings)
    community_id = None if community is None else community.id

    def build(c: HypothesisChoices) -> Person:
        return person(c, _ident(c, ids, Person), dates=dates, community_id=community_id)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- agreements, projects, activities -------------------------------------------------------------

_AGREEMENT_NAMES: Final = ("结对共建协议", "支部共建协议", "党建联建协议", "公共法律服务共建")


def partnership(c: Choices, ident: str, *, dates: Window, pools: Pools = _NONE) -> Partnership:
    """An agreement between distinct parties (of ``pools["parties"]`` when given)."""
    signed = fields.window(c, Partnership, "signed", dates)
    scopes = fields.members(Partnership, "scope", item=True)
    scope = fields.size(c, Partnership, "scope", 3, available=len(scopes))
    return construct(
        Partnership,
        c,
        id=ident,
        parties=records.with_unknown(
            c,
            Partnership,
            "parties",
            fields.references(c, Partnership, "parties", pools.get("parties")),
        ),
        name=fields.optional_text(c, Partnership, "name", lambda c: c.pick(_AGREEMENT_NAMES)),
        signed=c.maybe(lambda c: values.when(c, signed, allow_intervals=False)),
        scope=c.subset(scopes, 0, scope),
        description=_description(c, Partnership),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def partnerships(
    *,
    parties: Sequence[Entity | Ref] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Partnership]:
    """Co-building agreements (结对共建) between Party organisations and partner units.

    ``parties`` (branches, organisations or their Refs, at least two) are the possible parties;
    now and then one party is ``Unknown`` (a report's "与共建单位签约" names no unit).
    """
    pools = {"parties": args.check_field_refs(parties, Partnership, "parties")}
    args.check_strategy(ids, "ids")
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)

    def build(c: HypothesisChoices) -> Partnership:
        return partnership(c, _ident(c, ids, Partnership), dates=dates, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


def service_project(
    c: Choices,
    ident: str,
    *,
    dates: Window,
    street: Street | None = None,
    pools: Pools = _NONE,
) -> ServiceProject:
    """A project serving some communities or the whole street (at least one of them).

    ``street`` is the street it names; ``pools["community_ids"]`` must not be empty when no
    street is named and ``pools["street_id"]`` is given.
    """
    if street is not None:
        street_id: str | None = street.id
    else:
        street_id = fields.reference(c, ServiceProject, "street_id", pools.get("street_id"))
    served = pools.get("community_ids")
    community_ids = fields.references(c, ServiceProject, "community_ids", served)
    if not community_ids and street_id is None:  # a project serves something: a repair
        community_ids = (c.pick(served),) if served else (names.record_id(c, RecordKind.COMMUNITY),)
    programme_id = fields.reference(c, ServiceProject, "programme_id", pools.get("programme_id"))
    period = c.maybe(lambda c: values.when(c, fields.window(c, ServiceProject, "period", dates)))
    status = c.pick(fields.members(ServiceProject, "status"))
    return construct(
        ServiceProject,
        c,
        id=ident,
        name=fields.text(c, ServiceProject, "name", names.project_name),
        category=c.pick(fields.members(ServiceProject, "category")),
        status=status,
        community_ids=community_ids,
        street_id=street_id,
        programme_id=None if programme_id == ident else programme_id,
        lead=fields.reference(c, ServiceProject, "lead", pools.get("lead")),
        year=c.maybe(lambda c: fields.integer(c, ServiceProject, "year", (2015, 2030))),
        period=period,
        needs=_description(c, ServiceProject, "needs"),
        description=_description(c, ServiceProject),
        funding=fields.repeated(
            c,
            ServiceProject,
            "funding",
            2,
            lambda c: records.funding(c, pools.get("funding.provider")),
        ),
        decisions=fields.repeated(
            c, ServiceProject, "decisions", 2, lambda c: records.decision(c, dates)
        ),
        partners=fields.references(c, ServiceProject, "partners", pools.get("partners")),
        outcomes=fields.repeated(c, ServiceProject, "outcomes", 2, records.outcome),
        sources=records.citations(c, dates, pools.get("sources")),
        duration=c.maybe(_duration),
        in_use=_in_use(c, status, period, dates) if c.boolean() else None,
    )


#: The units a project's work is measured in (2天, 3小时), and how long it usually takes.
_DURATIONS: Final = ((Unit.DAY, 90), (Unit.HOUR, 48))
#: The statuses of a project that has been put into use (or may have been: unknown).
_USED: Final = (ProjectStatus.COMPLETED, ProjectStatus.IN_USE, ProjectStatus.UNKNOWN)


def _duration(c: Choices) -> Measurement:
    """How long the work took: 2 days, about 3 hours."""
    unit, usual = c.pick(_DURATIONS)
    return values.measurement(c, unit, usual)


def _in_use(c: Choices, status: ProjectStatus, period: When | None, dates: Window) -> When | None:
    """When a project that is in use (or may be) was put into use: a time not before its period
    begins (within the window of its dates)."""
    if status not in _USED:
        return None
    low, high = fields.window(c, ServiceProject, "in_use", dates)
    begun = None if period is None else period.earliest
    if begun is not None:
        low = max(low, begun.in_timezone(BEIJING).date())
    if low > high:
        return None
    return When(start=values.point(c, values.day(c, (low, high)), (low, high), allow_moments=True))


@args.lazy
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
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[ServiceProject]:
    """Service projects (口袋公园, 舍得空间) with funding, decisions and measured or counted
    outcomes, how long the work took and when the project was put into use; a status the source
    does not give is ``ProjectStatus.UNKNOWN``.

    With ``street`` the project names it; it serves some of ``communities`` (at least one when
    there is no street), may be part of one of ``programmes`` (a street's 微改造 programme);
    ``leads`` may lead and fund it, ``partners`` partner it.
    """
    args.check_instance(street, Street, "street")
    served = args.check_records(communities, Community, "communities")
    if street is None and served == ():
        raise InvalidArgument(
            "a project serves at least one community or a street: pass a street or "
            "at least one community"
        )
    wider = args.check_records(programmes, ServiceProject, "programmes")
    lead_pool = args.check_field_refs(leads, ServiceProject, "lead", "leads")
    pools = {
        "community_ids": None if served is None else [c.id for c in served],
        "programme_id": None if wider is None else [p.id for p in wider],
        "lead": lead_pool,
        "funding.provider": lead_pool,
        "partners": args.check_field_refs(partners, ServiceProject, "partners"),
    }
    args.check_strategy(ids, "ids")
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)

    def build(c: HypothesisChoices) -> ServiceProject:
        ident = _ident(c, ids, ServiceProject)
        return service_project(c, ident, dates=dates, street=street, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


def _activity_time(c: Choices, period: When | None, dates: Window) -> When:
    """Within its project's life (the whole period, or its first or last known time)."""
    if period is None:
        return values.when(c, dates)
    ends = [When(start=point) for point in (period.start, period.end) if point is not None]
    return c.pick((period, *ends))


#: An edge case of a long list of services numbers them (no need to draw so many names).
_USUAL_SERVICES: Final = 4


def _services(c: Choices) -> tuple[str, ...]:
    count = fields.size(c, Activity, "services", _USUAL_SERVICES)
    if count > _USUAL_SERVICES:
        return tuple(f"服务{number}" for number in range(1, count + 1))
    chosen = c.subset(names.SERVICES, count, count)
    return tuple(dict.fromkeys(_service(c, service) for service in chosen))


def _service(c: Choices, service: str) -> str:
    return fields.text(c, Activity, "services", lambda c: service, item=True)


def activity(
    c: Choices,
    ident: str,
    *,
    dates: Window,
    pools: Pools = _NONE,
    periods: Mapping[str, When | None] | None = None,
) -> Activity:
    """A dated event by one or more organisers, maybe in a series (第三期 is number 3, or on a
    record of the whole series the sessions held), with who took part and who benefited, its
    outcomes, and now and then its schedule (每周六) and the part of the day (傍晚). Its time is
    rarely ``Unknown`` (more often with edge cases).

    ``periods`` gives the life of each project: an activity of a project is dated within it, as
    the dataset's checks require.
    """
    category = c.pick(fields.members(Activity, "category"))
    project_id = fields.reference(c, Activity, "project_id", pools.get("project_id"))
    series = number = sessions = None
    if c.chance(5):
        series = fields.text(c, Activity, "series", lambda c: names.activity_title(c, category))
        number = c.maybe(lambda c: fields.integer(c, Activity, "number", (1, 20)))
        if number is None:  # a record of the whole series: 活动20余场
            sessions = c.maybe(lambda c: fields.count(c, Activity, "sessions", (2, 30)))
    when = fields.window(c, Activity, "when", dates)
    period = (periods or {}).get(project_id or "")
    return construct(
        Activity,
        c,
        id=ident,
        title=fields.text(c, Activity, "title", lambda c: names.activity_title(c, category)),
        category=category,
        organisers=fields.references(c, Activity, "organisers", pools.get("organisers")),
        when=records.or_unknown(c, Activity, "when", lambda c: _activity_time(c, period, when)),
        status=c.pick(fields.members(Activity, "status")),
        community_ids=fields.references(c, Activity, "community_ids", pools.get("community_ids")),
        partners=fields.references(c, Activity, "partners", pools.get("partners")),
        project_id=project_id,
        partnership_id=fields.reference(c, Activity, "partnership_id", pools.get("partnership_id")),
        venue=fields.optional_text(c, Activity, "venue", names.venue),
        audience=fields.optional_text(c, Activity, "audience", lambda c: c.pick(names.AUDIENCES)),
        services=_services(c),
        participants=c.maybe(lambda c: fields.count(c, Activity, "participants", (0, 500))),
        volunteers=c.maybe(lambda c: fields.count(c, Activity, "volunteers", (0, 50))),
        staff=c.maybe(lambda c: fields.count(c, Activity, "staff", (0, 30))),
        series=series,
        number=number,
        description=_description(c, Activity),
        sources=records.citations(c, dates, pools.get("sources")),
        beneficiaries=(
            fields.count(c, Activity, "beneficiaries", (0, 2000)) if c.chance(3) else None
        ),
        sessions=sessions,
        outcomes=fields.repeated(c, Activity, "outcomes", 1, records.outcome),
        schedule=values.schedule(c, when) if c.chance(5) else None,
        part_of_day=c.pick(fields.members(Activity, "part_of_day")) if c.chance(5) else None,
    )


@args.lazy
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
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Activity]:
    """Activities (义诊, 讲座, 集市, 共建签约) dated between ``min_date`` and ``max_date``
    (rarely ``Unknown``: a report that gives no time), with participants and beneficiaries
    (人, 人次 or 户), outcomes, and now and then a series with its sessions, a schedule (每周六,
    每月第一个周六, 定期) and the part of the day.

    ``organisers`` (streets, communities, branches, organisations or their Refs; at least one)
    organise it, ``partners`` partner it, it is held in some of ``communities`` and may belong
    to one of ``projects`` and one of ``partnerships``.
    """
    held_in = args.check_records(communities, Community, "communities")
    belongs = args.check_records(projects, ServiceProject, "projects")
    agreements = args.check_records(partnerships, Partnership, "partnerships")
    pools = {
        "organisers": args.check_field_refs(organisers, Activity, "organisers"),
        "partners": args.check_field_refs(partners, Activity, "partners"),
        "community_ids": None if held_in is None else [c.id for c in held_in],
        "project_id": None if belongs is None else [p.id for p in belongs],
        "partnership_id": None if agreements is None else [p.id for p in agreements],
    }
    args.check_strategy(ids, "ids")
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)

    def build(c: HypothesisChoices) -> Activity:
        return activity(c, _ident(c, ids, Activity), dates=dates, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- the three lists ------------------------------------------------------------------------------


def service_list(
    c: Choices, ident: str, kind: ListKind, *, dates: Window, pools: Pools = _NONE
) -> ServiceList:
    """A list a street, community or Party organisation keeps (of ``pools["keeper"]``), maybe
    with the totals a report gives: collected, adopted (never more than collected, unless
    warnings are allowed) and the units that adopted."""
    collected = c.maybe(lambda c: fields.count(c, ServiceList, "items_collected", (5, 100)))
    most = None if collected is None or c.allow_warnings else collected.maximum
    period = fields.window(c, ServiceList, "period", dates)
    return construct(
        ServiceList,
        c,
        id=ident,
        name=fields.text(c, ServiceList, "name", lambda c: names.list_name(c, kind)),
        kind=kind,
        keeper=fields.required(c, ServiceList, "keeper", pools.get("keeper")),
        period=c.maybe(lambda c: values.when(c, period)),
        items_collected=collected,
        items_adopted=c.maybe(
            lambda c: fields.count(c, ServiceList, "items_adopted", (1, 60), most=most)
        ),
        adopters=c.maybe(lambda c: fields.count(c, ServiceList, "adopters", (1, 30))),
        description=_description(c, ServiceList),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def service_lists(
    *,
    keepers: Sequence[Entity | Ref] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[ListKind] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[ServiceList]:
    """The "three lists" (需求清单, 资源清单, 项目清单) streets and communities keep, with the
    totals reports give (收集需求63项, 26家单位认领), their period between the bounds.

    ``keepers`` (streets, communities, Party organisations or their Refs; at least one) are who
    may keep the list; ``kinds`` draws which list it is. The number adopted never exceeds the
    number collected unless ``allow_warnings``.
    """
    pools = {"keeper": _one_at_least(keepers, ServiceList, "keeper", "keepers")}
    args.check_strategy(ids, "ids")
    args.check_strategy(kinds, "kinds")
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)
    chosen = kinds if kinds is not None else st.sampled_from(ListKind)

    def build(c: HypothesisChoices) -> ServiceList:
        ident = _ident(c, ids, ServiceList)
        return service_list(c, ident, c.draw(chosen), dates=dates, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


def _one_at_least(pool: object, cls: type, field: str, name: str) -> tuple[Ref, ...] | None:
    """A pool for a reference that must be set: of the kinds it allows, not empty."""
    return args.check_refs(pool, fields.kinds(cls, field), name, at_least=1)


def list_item(
    c: Choices,
    ident: str,
    *,
    dates: Window,
    service_list: ServiceList | None = None,
    status: ItemStatus | None = None,
    pools: Pools = _NONE,
) -> ListItem:
    """An item of ``service_list`` (or of a list that need not exist) as its kind of list holds
    it (a need, a resource, a project), for a community and a project of ``pools``."""
    if service_list is not None:
        list_id, kind = service_list.id, service_list.kind
    else:
        list_id = fields.free(c, ListItem, "list_id")
        kind = c.pick(fields.members(ServiceList, "kind"))
    return construct(
        ListItem,
        c,
        id=ident,
        list_id=list_id,
        title=fields.text(c, ListItem, "title", lambda c: names.list_item_title(c, kind)),
        status=status if status is not None else c.pick(fields.members(ListItem, "status")),
        for_whom=fields.optional_text(c, ListItem, "for_whom", lambda c: c.pick(names.AUDIENCES)),
        community_id=fields.reference(c, ListItem, "community_id", pools.get("community_id")),
        project_id=fields.reference(c, ListItem, "project_id", pools.get("project_id")),
        description=_description(c, ListItem),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def list_items(
    *,
    lists: Sequence[ServiceList] | None = None,
    communities: Sequence[Community] | None = None,
    projects: Sequence[ServiceProject] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    statuses: st.SearchStrategy[ItemStatus] | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[ListItem]:
    """Items of lists: needs (楼道照明维修, 加装电梯), resources (法律咨询服务), projects.

    Each belongs to one of ``lists`` (at least one), as its kind of list holds it; it may be for
    one of ``communities`` and have become one of ``projects``; ``statuses`` draws where it
    stands (待认领, 已认领 ... 不详).
    """
    held_in = args.check_records(lists, ServiceList, "lists")
    if held_in == ():
        raise InvalidArgument("an item belongs to a list: pass at least one list, or None")
    served = args.check_records(communities, Community, "communities")
    became = args.check_records(projects, ServiceProject, "projects")
    pools = {
        "community_id": None if served is None else [c.id for c in served],
        "project_id": None if became is None else [p.id for p in became],
    }
    args.check_strategy(ids, "ids")
    args.check_strategy(statuses, "statuses")
    dates = args.record_dates(None, None, edge_cases, allow_warnings)

    def build(c: HypothesisChoices) -> ListItem:
        ident = _ident(c, ids, ListItem)
        owner = None if held_in is None else c.pick(held_in)
        status = None if statuses is None else c.draw(statuses)
        return list_item(c, ident, dates=dates, service_list=owner, status=status, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)


#: Roles in which a unit gives money, and so states an amount now and then.
_PAYING: Final = frozenset({AdoptionRole.FUND, AdoptionRole.DONATE})


def adoption(c: Choices, ident: str, *, dates: Window, pools: Pools = _NONE) -> Adoption:
    """A unit of ``pools["adopter"]`` adopts an item of ``pools["item_id"]`` (认领), in one or
    more roles; maybe when, and the amount a unit that funds or donates gives."""
    roles = fields.members(Adoption, "roles", item=True)
    chosen = c.subset(roles, 1, fields.size(c, Adoption, "roles", 2, available=len(roles)))
    when = fields.window(c, Adoption, "when", dates)
    return construct(
        Adoption,
        c,
        id=ident,
        item_id=fields.required(c, Adoption, "item_id", pools.get("item_id")),
        adopter=fields.required(c, Adoption, "adopter", pools.get("adopter")),
        roles=chosen,
        when=c.maybe(lambda c: values.when(c, when, allow_intervals=False)),
        amount=c.maybe(values.money_value) if _PAYING.intersection(chosen) else None,
        note=fields.optional_text(c, Adoption, "note", lambda c: c.pick(names.ADOPTION_NOTES)),
        sources=records.citations(c, dates, pools.get("sources")),
    )


@args.lazy
def adoptions(
    *,
    items: Sequence[ListItem] | None = None,
    adopters: Sequence[Entity | Ref] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Adoption]:
    """Adoptions (认领): a unit adopts an item of a list, to adopt, fund, implement, donate or
    volunteer, dated between the bounds.

    The item is one of ``items`` (at least one), the unit one of ``adopters`` (organisations,
    Party organisations or their Refs; at least one). An item recorded as adopted should not
    stay 待认领 (``ItemStatus.OPEN``): ``Dataset.check()`` warns of that.
    """
    adopted = args.check_records(items, ListItem, "items")
    if adopted == ():
        raise InvalidArgument("an adoption adopts an item: pass at least one item, or None")
    pools = {
        "item_id": None if adopted is None else [item.id for item in adopted],
        "adopter": _one_at_least(adopters, Adoption, "adopter", "adopters"),
    }
    args.check_strategy(ids, "ids")
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)

    def build(c: HypothesisChoices) -> Adoption:
        return adoption(c, _ident(c, ids, Adoption), dates=dates, pools=pools)

    return built(build, edge_cases=edge_cases, allow_warnings=allow_warnings)
