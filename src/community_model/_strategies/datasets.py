"""Whole, referentially consistent collections of records.

Sizes are drawn first, consumers before providers (activities, then what they need), each
with the least that makes every reference resolvable as its lower bound; hypothesis shrinks a
size towards its lower bound, so a failing dataset shrinks to the few records the failure
needs: one activity needs one organiser, and the smallest organiser is one street.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._dataset.collection import Dataset
from community_model._entities import (
    Community,
    Organisation,
    PartyBranch,
    Person,
    Ref,
    ServiceProject,
)
from community_model._strategies import args, entities, text, values
from community_model._strategies.draws import integers, pick
from community_model._vocab import (
    BranchLevel,
    CommunityKind,
    OrganisationKind,
    RecordKind,
    Role,
    StreetKind,
)

__all__ = ["datasets"]


@attrs.frozen
class _Sizes:
    """How many records of each kind, drawn so every reference can resolve."""

    streets: int
    communities: int
    party_branches: int
    organisations: int
    people: int
    partnerships: int
    service_projects: int
    activities: int


@attrs.frozen
class _Bounds:
    """Checked least and most of each kind; ``most`` already lowered to what can resolve."""

    least: _Sizes
    most: _Sizes


def _bounds(least: dict[str, int], most: dict[str, int]) -> _Bounds:
    """The most of each kind whose references can resolve; refuse minimums that cannot."""
    s = most["streets"]
    c = most["communities"] if s else 0
    o = most["organisations"]
    b = most["party_branches"] if c or o else 0
    reachable = {
        "streets": (s, ""),
        "communities": (c, "communities sit in streets: max_streets must be at least 1"),
        "organisations": (o, ""),
        "party_branches": (
            b,
            "a Party organisation needs a host: a community (and so a street) or an organisation",
        ),
        "people": (most["people"], ""),
        "partnerships": (
            most["partnerships"] if b + o >= 2 else 0,
            "a partnership needs two parties: branches and organisations together at least 2",
        ),
        "service_projects": (
            most["service_projects"] if s else 0,
            "a service project serves communities or a street: max_streets must be at least 1",
        ),
        "activities": (
            most["activities"] if s + c + b + o else 0,
            "an activity needs an organiser: a street, community, branch or organisation",
        ),
    }
    for name, (reach, why) in reachable.items():
        if least[name] > reach:
            raise InvalidArgument(
                f"min_{name}={least[name]} cannot be met with the maximums given ({why})"
            )
    return _Bounds(
        least=_Sizes(**least),
        most=_Sizes(**{name: reach for name, (reach, _) in reachable.items()}),
    )


def _draw_sizes(draw: st.DrawFn, bounds: _Bounds) -> _Sizes:
    """Consumers first, then providers with the lower bounds their consumers need."""
    least, most = bounds.least, bounds.most

    def size(low: int, high: int) -> int:
        return draw(integers(low, high))

    activities = size(least.activities, most.activities)
    partnerships = size(least.partnerships, most.partnerships)
    projects = size(least.service_projects, most.service_projects)
    people = size(least.people, most.people)
    branches_low = least.party_branches
    if partnerships:
        branches_low = max(branches_low, 2 - most.organisations)
    branches = size(branches_low, most.party_branches)
    organisations_low = least.organisations
    if partnerships:
        organisations_low = max(organisations_low, 2 - branches)
    if branches and not most.communities:
        organisations_low = max(organisations_low, 1)
    if activities and not most.streets and not branches:
        organisations_low = max(organisations_low, 1)
    organisations = size(organisations_low, most.organisations)
    communities_low = least.communities
    if branches and not organisations:
        communities_low = max(communities_low, 1)
    communities = size(communities_low, most.communities)
    streets_low = least.streets
    if communities or projects or (activities and not branches + organisations + communities):
        streets_low = max(streets_low, 1)
    streets = size(streets_low, most.streets)
    return _Sizes(
        streets=streets,
        communities=communities,
        party_branches=branches,
        organisations=organisations,
        people=people,
        partnerships=partnerships,
        service_projects=projects,
        activities=activities,
    )


def _draw_dataset(
    draw: st.DrawFn, bounds: _Bounds, low: dt.date, high: dt.date, allow_warnings: bool
) -> Dataset:
    sizes = _draw_sizes(draw, bounds)

    def ident(kind: RecordKind, index: int) -> str:
        return text.draw_dataset_id(draw, kind, index + 1)

    taken: set[str] = set()
    streets = [
        entities.draw_street(
            draw,
            ident(RecordKind.STREET, i),
            pick(draw, tuple(StreetKind)),
            allow_warnings=allow_warnings,
            taken=taken,
            low=low,
            high=high,
        )
        for i in range(sizes.streets)
    ]
    communities = [
        entities.draw_community(
            draw,
            ident(RecordKind.COMMUNITY, i),
            pick(draw, tuple(CommunityKind)),
            street=pick(draw, streets),
            allow_warnings=allow_warnings,
            taken=taken,
            low=low,
            high=high,
        )
        for i in range(sizes.communities)
    ]
    organisations = [
        entities.draw_organisation(
            draw,
            ident(RecordKind.ORGANISATION, i),
            pick(draw, tuple(OrganisationKind)),
            low=low,
            high=high,
        )
        for i in range(sizes.organisations)
    ]
    community_ids = [community.id for community in communities]
    people = [
        entities.draw_person(
            draw, ident(RecordKind.PERSON, i), community_ids=community_ids, low=low, high=high
        )
        for i in range(sizes.people)
    ]
    hosts: list[Community | Organisation] = [*communities, *organisations]
    branches: list[PartyBranch] = []
    for i in range(sizes.party_branches):
        branches.append(
            entities.draw_party_branch(
                draw,
                ident(RecordKind.PARTY_BRANCH, i),
                pick(draw, tuple(BranchLevel)),
                host=pick(draw, hosts),
                secretaries=people,
                parents=branches,
                allow_warnings=allow_warnings,
                low=low,
                high=high,
            )
        )
    people = _name_secretaries(people, branches)
    parties = tuple(record.ref for record in (*branches, *organisations))
    partnerships = [
        entities.draw_partnership(
            draw, ident(RecordKind.PARTNERSHIP, i), parties=parties, low=low, high=high
        )
        for i in range(sizes.partnerships)
    ]
    leads: tuple[Ref, ...] = tuple(
        record.ref for record in (*streets, *communities, *branches, *organisations)
    )
    projects: list[ServiceProject] = []
    for i in range(sizes.service_projects):
        street = pick(draw, streets)
        projects.append(
            entities.draw_service_project(
                draw,
                ident(RecordKind.SERVICE_PROJECT, i),
                street=street,
                community_ids=[c.id for c in communities if c.street_id == street.id],
                programme_ids=[project.id for project in projects],
                leads=leads,
                partners=parties,
                low=low,
                high=high,
            )
        )
    project_ids = [project.id for project in projects]
    activities = [
        entities.draw_activity(
            draw,
            ident(RecordKind.ACTIVITY, i),
            organisers=leads,
            partners=parties,
            community_ids=community_ids,
            project_ids=project_ids,
            partnership_ids=[partnership.id for partnership in partnerships],
            periods={project.id: project.period for project in projects},
            low=low,
            high=high,
        )
        for i in range(sizes.activities)
    ]
    return Dataset(
        streets=tuple(streets),
        communities=tuple(communities),
        party_branches=tuple(branches),
        organisations=tuple(organisations),
        people=tuple(people),
        partnerships=tuple(partnerships),
        service_projects=tuple(projects),
        activities=tuple(activities),
    )


def _name_secretaries(people: list[Person], branches: list[PartyBranch]) -> list[Person]:
    """A branch's secretary is named for the role (书记): a repair after drawing, as in life."""
    secretaries = {branch.secretary_id for branch in branches}
    return [
        attrs.evolve(person, roles=(*person.roles, Role.SECRETARY))
        if person.id in secretaries
        and Role.SECRETARY not in person.roles
        and len(person.roles) < 20
        else person
        for person in people
    ]


_DEFAULT_MOST: Final = {
    "streets": 2,
    "communities": 4,
    "party_branches": 3,
    "organisations": 3,
    "people": 3,
    "partnerships": 2,
    "service_projects": 2,
    "activities": 3,
}


def datasets(
    *,
    min_streets: int = 0,
    max_streets: int = _DEFAULT_MOST["streets"],
    min_communities: int = 0,
    max_communities: int = _DEFAULT_MOST["communities"],
    min_party_branches: int = 0,
    max_party_branches: int = _DEFAULT_MOST["party_branches"],
    min_organisations: int = 0,
    max_organisations: int = _DEFAULT_MOST["organisations"],
    min_people: int = 0,
    max_people: int = _DEFAULT_MOST["people"],
    min_partnerships: int = 0,
    max_partnerships: int = _DEFAULT_MOST["partnerships"],
    min_service_projects: int = 0,
    max_service_projects: int = _DEFAULT_MOST["service_projects"],
    min_activities: int = 0,
    max_activities: int = _DEFAULT_MOST["activities"],
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Dataset]:
    """Whole collections in which every reference resolves to a record of the right kind.

    Communities sit in the dataset's streets and their codes extend their street's code;
    Party organisations have hosts, secretaries and parents in it; partnerships, projects and
    activities name its records. Ids are unique (``street:1``, sometimes with an odd tail).
    ``min_<kind>`` / ``max_<kind>`` bound how many records of each kind (field names of the
    result); a kind another kind needs is drawn as well, so ``min_activities=1`` brings at least
    one street. Minimums that no allowed maximum can serve raise ``InvalidArgument``.
    """
    sizes = {
        "streets": (min_streets, max_streets),
        "communities": (min_communities, max_communities),
        "party_branches": (min_party_branches, max_party_branches),
        "organisations": (min_organisations, max_organisations),
        "people": (min_people, max_people),
        "partnerships": (min_partnerships, max_partnerships),
        "service_projects": (min_service_projects, max_service_projects),
        "activities": (min_activities, max_activities),
    }

    def define() -> st.SearchStrategy[Dataset]:
        for name, (least, most) in sizes.items():
            args.check_sizes(least, most, f"min_{name}", f"max_{name}")
        bounds = _bounds(
            {name: least for name, (least, _) in sizes.items()},
            {name: most for name, (_, most) in sizes.items()},
        )
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )
        args.check_bool(allow_warnings, "allow_warnings")

        @st.composite
        def collections(draw: st.DrawFn) -> Dataset:
            return _draw_dataset(draw, bounds, low, high, allow_warnings)

        return collections()

    given: dict[str, object] = {
        f"{end}_{name}": value
        for name, (least, most) in sizes.items()
        for end, value, default in (("min", least, 0), ("max", most, _DEFAULT_MOST[name]))
        if value != default
    }
    given.update(min_date=min_date, max_date=max_date, allow_warnings=allow_warnings or None)
    return args.lazily("datasets", given, define)
