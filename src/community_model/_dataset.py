"""A whole collection of records: what a street office keeps, and what a data team checks.

A :class:`Dataset` holds every kind of record, each kind in its own tuple. Its indexes are built
once, on first use, in one pass over the records; every lookup, query and :meth:`Dataset.check`
is then linear in the records or better, so a file of hundreds of thousands of records is
checked in seconds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final, Literal, TypeVar

import attrs

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
from community_model._errors import Problem, RecordNotFound, Severity, ValidationError
from community_model._validation import Record
from community_model._values import Count, When
from community_model._vocab import ActivityCategory, ProjectStatus, RecordKind

__all__ = [
    "COLLECTIONS",
    "SCHEMA_VERSION",
    "Dataset",
    "PlaceSummary",
    "Summary",
]

#: The version of the document format this library writes, and the newest it reads.
SCHEMA_VERSION: Final = 1

#: The document's list of each entity class, in document order.
COLLECTIONS: Final[dict[type[Entity], str]] = {
    Street: "streets",
    Community: "communities",
    PartyBranch: "party_branches",
    Organisation: "organisations",
    Person: "people",
    Partnership: "partnerships",
    ServiceProject: "service_projects",
    Activity: "activities",
}
_KIND_OF: Final[dict[type[Entity], RecordKind]] = {cls: cls.record_kind for cls in COLLECTIONS}

E = TypeVar("E", bound=Entity)
Within = Literal["surely", "possibly"]


@attrs.define(slots=True)
class _Index:
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


@attrs.frozen(kw_only=True, slots=True)
class PlaceSummary:
    """The figures of one street or community: what it hosts, runs and holds.

    ``participants`` adds the participant counts honestly: 400余 and 20余 make 420余 ("more than
    420"). Activity months are ``YYYY-MM`` when an activity's time lies within one month,
    ``YYYY`` when within one year, and ``undated`` otherwise.
    """

    kind: RecordKind
    id: str
    name: str
    communities: int
    branches: int
    projects_by_status: dict[str, int]
    activities_by_category: dict[str, int]
    activities_by_month: dict[str, int]
    participants: Count | None
    partners: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain data, for JSON output."""
        data = attrs.asdict(self, recurse=False)
        data["kind"] = self.kind.value
        data["participants"] = None if self.participants is None else str(self.participants)
        data["partners"] = list(self.partners)
        return data


@attrs.frozen(kw_only=True, slots=True)
class Summary:
    """The summaries of every street and every community of a dataset."""

    streets: tuple[PlaceSummary, ...]
    communities: tuple[PlaceSummary, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain data, for JSON output."""
        return {
            "streets": [place.as_dict() for place in self.streets],
            "communities": [place.as_dict() for place in self.communities],
        }


@attrs.frozen(kw_only=True, slots=True)
class Dataset(Record):
    """Every kind of record, each in its own tuple, in the order given.

    Build one from records of any kinds with :meth:`from_records`, from JSON Lines with
    :meth:`from_jsonl`, or read a document with ``loads(text, Dataset)`` or
    :func:`~community_model.load_dataset`.
    """

    streets: tuple[Street, ...] = ()
    communities: tuple[Community, ...] = ()
    party_branches: tuple[PartyBranch, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    partnerships: tuple[Partnership, ...] = ()
    service_projects: tuple[ServiceProject, ...] = ()
    activities: tuple[Activity, ...] = ()
    _index: _Index | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[Entity]) -> Dataset:
        """Sort records of any kinds into a dataset, keeping their order within each kind."""
        lists: dict[str, list[Entity]] = {name: [] for name in COLLECTIONS.values()}
        for record in records:
            name = COLLECTIONS.get(type(record))
            if name is None:
                raise TypeError(f"not a record: {type(record).__name__}")
            lists[name].append(record)
        return cls(**lists)  # type: ignore[arg-type]

    @classmethod
    def from_jsonl(cls, source: str | IO[str] | IO[bytes], *, strict: bool = True) -> Dataset:
        """Read a JSON Lines stream (a path or an open file); every problem is raised at once."""
        from community_model._io import read_jsonl  # noqa: PLC0415 - io imports this module

        return cls.from_records(read_jsonl(source, strict=strict))

    def records(self) -> Iterator[Entity]:
        """Every record, kind after kind, in document order."""
        for name in COLLECTIONS.values():
            yield from getattr(self, name)

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in COLLECTIONS.values())

    # -- indexes --------------------------------------------------------------------------------

    @property
    def _indexes(self) -> _Index:
        index = self._index
        if index is None:
            index = self._build_index()
            object.__setattr__(self, "_index", index)
        return index

    def _build_index(self) -> _Index:
        index = _Index()
        for cls, name in COLLECTIONS.items():
            kind = _KIND_OF[cls]
            table = index.by_id[kind]
            for position, record in enumerate(getattr(self, name)):
                if record.id in table:
                    first = index.positions[kind, record.id]
                    index.duplicates.append((name, position, record.id, first))
                    continue
                table[record.id] = record
                index.positions[kind, record.id] = position
        for community in self.communities:
            if community.street_id is not None:
                index.communities_by_street[community.street_id].append(community)
        for branch in self.party_branches:
            index.branches_by_host[branch.host].append(branch)
        for partnership in self.partnerships:
            for party in partnership.parties:
                index.partnerships_by_party[party].append(partnership)
        for project in self.service_projects:
            for community_id in project.community_ids:
                index.projects_by_community[community_id].append(project)
            if project.street_id is not None:
                index.projects_by_street[project.street_id].append(project)
        communities_of_branch = {
            branch.id: branch.host_community_id
            for branch in self.party_branches
            if branch.host_community_id is not None
        }
        for activity in self.activities:
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

    # -- queries --------------------------------------------------------------------------------

    def communities_of(self, street_id: str) -> tuple[Community, ...]:
        """The communities of a street, in dataset order."""
        return tuple(self._indexes.communities_by_street.get(street_id, ()))

    def branches_of(self, community_id: str) -> tuple[PartyBranch, ...]:
        """The Party organisations a community hosts."""
        host = Ref(kind=RecordKind.COMMUNITY, id=community_id)
        return tuple(self._indexes.branches_by_host.get(host, ()))

    def organisations_of(self, community_id: str) -> tuple[Entity, ...]:
        """The organisations of a community: its own Party organisations, then its partners."""
        return (*self.branches_of(community_id), *self.partners_of(community_id))

    def activities_of(self, community_id: str) -> tuple[Activity, ...]:
        """Activities held in or for a community, or organised by it or a branch it hosts."""
        return tuple(self._indexes.activities_by_community.get(community_id, ()))

    def activities_by(self, organiser: Ref) -> tuple[Activity, ...]:
        """Activities that ``organiser`` organised (alone or with others)."""
        return tuple(self._indexes.activities_by_organiser.get(organiser, ()))

    def activities_in(self, category: ActivityCategory) -> tuple[Activity, ...]:
        """Activities of one category."""
        return tuple(self._indexes.activities_by_category.get(category, ()))

    def activities_between(
        self, start: When | None, end: When | None, *, within: Within = "surely"
    ) -> tuple[Activity, ...]:
        """Activities in a time window (``None`` leaves an end open).

        ``surely`` keeps those whose every possible instant lies in the window; ``possibly``
        those that may lie in it at all (近日 in a report of August may be in July).
        """
        test = When.surely_within if within == "surely" else When.possibly_within
        return tuple(activity for activity in self.activities if test(activity.when, start, end))

    def projects(
        self, *, year: int | None = None, status: ProjectStatus | None = None
    ) -> tuple[ServiceProject, ...]:
        """Service projects of a programme year and / or a status (``None`` matches all)."""
        return tuple(
            project
            for project in self.service_projects
            if (year is None or project.year == year)
            and (status is None or project.status is status)
        )

    def partners_of(self, community_id: str) -> tuple[Entity, ...]:
        """Partner units (共建单位) of a community: through partnerships, projects, activities.

        The other parties of partnerships its Party organisations signed, the partners of
        projects that serve it, and the partners and outside organisers of activities held in
        it, when they are units: organisations, or Party organisations that units host (other
        communities organising with it are not its partners). Unresolved references are
        skipped.
        """
        index = self._indexes
        own = {branch.ref for branch in self.branches_of(community_id)}
        own.add(Ref(kind=RecordKind.COMMUNITY, id=community_id))
        found: dict[Ref, None] = {}
        for branch_ref in list(own):
            for partnership in index.partnerships_by_party.get(branch_ref, ()):
                found.update(dict.fromkeys(partnership.parties))
        for project in index.projects_by_community.get(community_id, ()):
            found.update(dict.fromkeys(project.partners))
        for activity in index.activities_by_community.get(community_id, ()):
            found.update(dict.fromkeys(activity.partners))
            found.update(
                dict.fromkeys(
                    ref for ref in activity.organisers if ref.kind is not RecordKind.STREET
                )
            )
        partners = []
        for ref in found:
            record = index.by_id[ref.kind].get(ref.id)
            if ref in own or record is None:
                continue
            if isinstance(record, Organisation) or (
                isinstance(record, PartyBranch) and record.host_organisation_id is not None
            ):
                partners.append(record)
        return tuple(partners)

    # -- summaries ------------------------------------------------------------------------------

    def summary(self) -> Summary:
        """Figures per street and per community (see :class:`PlaceSummary`).

        A street's figures count each record once, however many of its communities share it
        (a lecture held jointly by four communities is one lecture of the street).
        """
        index = self._indexes
        communities = tuple(
            _place(
                community,
                communities=1,
                branches=len(self.branches_of(community.id)),
                projects=index.projects_by_community.get(community.id, ()),
                activities=self.activities_of(community.id),
                partners=self.partners_of(community.id),
            )
            for community in self.communities
        )
        streets = []
        for street in self.streets:
            members = self.communities_of(street.id)
            projects: dict[int, ServiceProject] = {}
            activities: dict[int, Activity] = {}
            partners: dict[Ref, Entity] = {}
            for project in index.projects_by_street.get(street.id, ()):
                projects[id(project)] = project
            for activity in index.activities_by_organiser.get(street.ref, ()):
                activities[id(activity)] = activity
            for community in members:
                for project in index.projects_by_community.get(community.id, ()):
                    projects[id(project)] = project
                for activity in self.activities_of(community.id):
                    activities[id(activity)] = activity
                for partner in self.partners_of(community.id):
                    partners[partner.ref] = partner
            streets.append(
                _place(
                    street,
                    communities=len(members),
                    branches=sum(len(self.branches_of(c.id)) for c in members),
                    projects=projects.values(),
                    activities=activities.values(),
                    partners=partners.values(),
                )
            )
        return Summary(streets=tuple(streets), communities=communities)

    # -- checks ---------------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Every problem of the whole dataset, errors and warnings, each with its JSON path.

        Errors: duplicate ids, references that do not resolve, a community code outside its
        street's code, cycles of Party organisations or of projects and their programmes, an
        activity dated outside its project's life. Warnings: the conventions each record
        reports (a code's range against the record's kind, a level against its members).
        """
        return list(_Checker(self).run())

    def validate(self) -> None:
        """Raise a :class:`ValidationError` carrying every error :meth:`check` finds."""
        errors = [found for found in self.check() if found.severity is Severity.ERROR]
        if errors:
            raise ValidationError(errors)


def _by_status(projects: Iterable[ServiceProject]) -> dict[str, int]:
    counts = Counter(project.status.value for project in projects)
    return {status.value: counts[status.value] for status in ProjectStatus if counts[status.value]}


def _by_category(activities: Iterable[Activity]) -> dict[str, int]:
    counts = Counter(activity.category.value for activity in activities)
    return {c.value: counts[c.value] for c in ActivityCategory if counts[c.value]}


def month_of(when: When) -> str:
    """``YYYY-MM`` when a time lies within one month, ``YYYY`` within one year, else ``undated``."""
    first, last = when.earliest, when.latest
    if first is None or last is None:
        return "undated"
    try:
        first, last = first.in_tz("Asia/Shanghai"), last.in_tz("Asia/Shanghai")
    except OverflowError:  # the last or first day that Python's dates hold, seen from Beijing
        return "undated"
    if first.year != last.year:
        return "undated"
    if first.month != last.month:
        return f"{first.year:04d}"
    return f"{first.year:04d}-{first.month:02d}"


def _by_month(activities: Iterable[Activity]) -> dict[str, int]:
    return dict(sorted(Counter(month_of(activity.when) for activity in activities).items()))


def _participants(activities: Iterable[Activity]) -> Count | None:
    total = None
    for activity in activities:
        if activity.participants is not None:
            total = activity.participants if total is None else total + activity.participants
    return total


def _place(
    place: Street | Community,
    *,
    communities: int,
    branches: int,
    projects: Iterable[ServiceProject],
    activities: Iterable[Activity],
    partners: Iterable[Entity],
) -> PlaceSummary:
    activities = tuple(activities)
    return PlaceSummary(
        kind=place.record_kind,
        id=place.id,
        name=place.name,
        communities=communities,
        branches=branches,
        projects_by_status=_by_status(projects),
        activities_by_category=_by_category(activities),
        activities_by_month=_by_month(activities),
        participants=_participants(activities),
        partners=tuple(partner.id for partner in partners),
    )


class _Checker:
    """One pass over a dataset that yields every problem, in document order."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.index = dataset._indexes

    def run(self) -> Iterator[Problem]:
        index = self.index
        for name, position, ident, first in index.duplicates:
            yield _error(
                f"$.{name}[{position}].id",
                "duplicate_id",
                f"the id {ident!r} is already used by $.{name}[{first}]",
            )
        for name in COLLECTIONS.values():
            for position, record in enumerate(getattr(self.dataset, name)):
                where = f"$.{name}[{position}]"
                for found in record.warnings():
                    yield found.under(where)
                yield from self._references(record, where)
        yield from self._community_codes()
        yield from self._cycles(
            "party_branches", RecordKind.PARTY_BRANCH, "parent_id", "Party organisations"
        )
        yield from self._cycles(
            "service_projects", RecordKind.SERVICE_PROJECT, "programme_id", "projects"
        )
        yield from self._activity_dates()

    def _exists(self, kind: RecordKind, ident: str) -> bool:
        return ident in self.index.by_id[kind]

    def _missing(self, path: str, kind: RecordKind, ident: str) -> Problem:
        return _error(
            path,
            "unresolved_reference",
            f"no {kind.value} ({kind.label}) has the id {ident!r}",
        )

    def _id(self, path: str, kind: RecordKind, ident: str | None) -> Iterator[Problem]:
        if ident is not None and not self._exists(kind, ident):
            yield self._missing(path, kind, ident)

    def _ids(self, path: str, kind: RecordKind, idents: Iterable[str]) -> Iterator[Problem]:
        for position, ident in enumerate(idents):
            yield from self._id(f"{path}[{position}]", kind, ident)

    def _refs(self, path: str, refs: Iterable[Ref]) -> Iterator[Problem]:
        for position, ref in enumerate(refs):
            if not self._exists(ref.kind, ref.id):
                yield self._missing(f"{path}[{position}]", ref.kind, ref.id)

    def _references(self, record: Entity, where: str) -> Iterator[Problem]:
        kinds = RecordKind
        match record:
            case Community():
                yield from self._id(f"{where}.street_id", kinds.STREET, record.street_id)
            case PartyBranch():
                yield from self._id(
                    f"{where}.host_community_id", kinds.COMMUNITY, record.host_community_id
                )
                yield from self._id(
                    f"{where}.host_organisation_id",
                    kinds.ORGANISATION,
                    record.host_organisation_id,
                )
                yield from self._id(f"{where}.parent_id", kinds.PARTY_BRANCH, record.parent_id)
                yield from self._id(f"{where}.secretary_id", kinds.PERSON, record.secretary_id)
            case Person():
                yield from self._id(f"{where}.community_id", kinds.COMMUNITY, record.community_id)
            case Partnership():
                yield from self._refs(f"{where}.parties", record.parties)
            case ServiceProject():
                yield from self._ids(
                    f"{where}.community_ids", kinds.COMMUNITY, record.community_ids
                )
                yield from self._id(f"{where}.street_id", kinds.STREET, record.street_id)
                yield from self._id(
                    f"{where}.programme_id", kinds.SERVICE_PROJECT, record.programme_id
                )
                if record.lead is not None:
                    yield from self._ref_at(f"{where}.lead", record.lead)
                yield from self._refs(f"{where}.partners", record.partners)
                for position, funding in enumerate(record.funding):
                    if funding.provider is not None:
                        yield from self._ref_at(
                            f"{where}.funding[{position}].provider", funding.provider
                        )
            case Activity():
                yield from self._refs(f"{where}.organisers", record.organisers)
                yield from self._refs(f"{where}.partners", record.partners)
                yield from self._ids(
                    f"{where}.community_ids", kinds.COMMUNITY, record.community_ids
                )
                yield from self._id(f"{where}.project_id", kinds.SERVICE_PROJECT, record.project_id)
                yield from self._id(
                    f"{where}.partnership_id", kinds.PARTNERSHIP, record.partnership_id
                )
            case _:
                return

    def _ref_at(self, path: str, ref: Ref) -> Iterator[Problem]:
        if not self._exists(ref.kind, ref.id):
            yield self._missing(path, ref.kind, ref.id)

    def _community_codes(self) -> Iterator[Problem]:
        streets = self.index.by_id[RecordKind.STREET]
        for position, community in enumerate(self.dataset.communities):
            street = streets.get(community.street_id) if community.street_id else None
            if community.code is None or street is None or not isinstance(street, Street):
                continue
            if street.code is None:
                continue
            if None not in (street.code.edition, community.code.edition) and (
                street.code.edition != community.code.edition
            ):
                continue  # codes of different editions of the table need not agree
            if not street.code.contains(community.code):
                yield _error(
                    f"$.communities[{position}].code",
                    "code_outside_street",
                    f"code {community.code.digits} does not start with the code of its street "
                    f"{street.name} ({street.code.digits})",
                )

    def _cycles(self, name: str, kind: RecordKind, parent: str, what: str) -> Iterator[Problem]:
        """Records that are their own ancestors through ``parent``; each cycle reported once."""
        table = self.index.by_id[kind]
        positions = self.index.positions
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in getattr(self.dataset, name):
            path: list[str] = []
            ident: str | None = start.id
            while ident is not None and ident not in state:
                state[ident] = 1
                path.append(ident)
                record = table.get(ident)
                ident = getattr(record, parent) if record is not None else None
            if ident is not None and state.get(ident) == 1:
                cycle = path[path.index(ident) :]
                first = min(positions[kind, member] for member in cycle)
                yield _error(
                    f"$.{name}[{first}].{parent}",
                    "parent_cycle",
                    f"{what} are their own ancestors: " + " -> ".join([*cycle, ident]),
                )
            for done in path:
                state[done] = 2

    def _activity_dates(self) -> Iterator[Problem]:
        projects = self.index.by_id[RecordKind.SERVICE_PROJECT]
        for position, activity in enumerate(self.dataset.activities):
            if activity.project_id is None:
                continue
            project = projects.get(activity.project_id)
            if not isinstance(project, ServiceProject) or project.period is None:
                continue
            period = project.period
            start = None if period.start is None else When(start=period.start)
            end = period.end if period.interval else period.start
            end_when = None if end is None else When(start=end)
            if not activity.when.possibly_within(start, end_when):
                yield _error(
                    f"$.activities[{position}].when",
                    "outside_project",
                    f"the activity ({activity.when}) lies outside the life of its project "
                    f"{project.name} ({period})",
                )


def _error(path: str, code: str, message: str) -> Problem:
    return Problem(path=path, code=code, message=message)
