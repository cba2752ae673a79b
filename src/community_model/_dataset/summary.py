"""Figures per street and per community: what each hosts, runs and holds.

Summaries are read off the collection's index (:mod:`.index`); a street's figures count each
record once, however many of its communities share it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

import attrs

from community_model._dataset.index import Collections, Index
from community_model._entities import Activity, Community, Entity, ServiceProject, Street
from community_model._values import Count, When
from community_model._values.unknown import Unknown
from community_model._vocab import ActivityCategory, MeasureWord, ProjectStatus, RecordKind
from community_model._wire.converter import to_dict

__all__ = ["PEOPLE", "PlaceSummary", "Summary", "month_of", "summarise", "total"]


@attrs.frozen(kw_only=True, slots=True)
class PlaceSummary:
    """The figures of one street or community: what it hosts, runs and holds.

    ``participants`` adds the participant counts of people honestly: 400余 and 20余 make 420余
    ("more than 420"); ``person_times`` adds those given in person-times (人次), which are not
    people and are never added to them. A count that gives no measure word counts people. Sums
    never fail: past the largest number the wire holds they say "more than" it. Activity months
    are ``YYYY-MM`` when an activity's time lies within one month, ``YYYY`` when within one
    year, and ``undated`` otherwise.
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
    person_times: Count | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain data in the wire format, for JSON output (counts as ``{"value": ...}``)."""
        data = attrs.asdict(self, recurse=False)
        data["kind"] = self.kind.value
        for name in ("participants", "person_times"):
            count = getattr(self, name)
            data[name] = None if count is None else to_dict(count)
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


def summarise(records: Collections, index: Index) -> Summary:
    """Figures per street and per community (see :class:`PlaceSummary`).

    A street's figures count each record once, however many of its communities share it
    (a lecture held jointly by four communities is one lecture of the street).
    """
    partners_of = {
        community.id: index.partners_of(community.id) for community in records.communities
    }

    communities = tuple(
        _place(
            community,
            communities=1,
            branches=len(index.branches_of(community.id)),
            projects=index.projects_by_community.get(community.id, ()),
            activities=index.activities_of(community.id),
            partners=partners_of[community.id],
        )
        for community in records.communities
    )
    streets = []
    for street in records.streets:
        members = index.communities_of(street.id)
        projects: dict[int, ServiceProject] = {}
        activities: dict[int, Activity] = {}
        partners: dict[int, Entity] = {}  # by identity: a record is in the index once
        for project in index.projects_by_street.get(street.id, ()):
            projects[id(project)] = project
        for activity in index.activities_by_organiser.get(street.ref, ()):
            activities[id(activity)] = activity
        for community in members:
            for project in index.projects_by_community.get(community.id, ()):
                projects[id(project)] = project
            for activity in index.activities_of(community.id):
                activities[id(activity)] = activity
            for partner in partners_of[community.id]:
                partners[id(partner)] = partner
        streets.append(
            _place(
                street,
                communities=len(members),
                branches=sum(len(index.branches_of(c.id)) for c in members),
                projects=projects.values(),
                activities=activities.values(),
                partners=partners.values(),
            )
        )
    return Summary(streets=tuple(streets), communities=communities)


def _by_status(projects: Iterable[ServiceProject]) -> dict[str, int]:
    counts = Counter(project.status.value for project in projects)
    return {status.value: counts[status.value] for status in ProjectStatus if counts[status.value]}


def _by_category(activities: Iterable[Activity]) -> dict[str, int]:
    counts = Counter(activity.category.value for activity in activities)
    return {c.value: counts[c.value] for c in ActivityCategory if counts[c.value]}


def month_of(when: When | Unknown) -> str:
    """``YYYY-MM`` when a time lies within one month, ``YYYY`` within one year, else ``undated``."""
    if isinstance(when, Unknown):
        return "undated"
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


#: The measure words of participants who are people (a count without one counts people).
PEOPLE: Final = (MeasureWord.PEOPLE, None)


def total(activities: Iterable[Activity], units: tuple[MeasureWord | None, ...]) -> Count | None:
    """The honest sum of the participants counted in ``units`` (``None`` if there are none)."""
    total = None
    for activity in activities:
        count = activity.participants
        if count is not None and count.unit in units:
            total = count if total is None else total + count
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
        participants=total(activities, PEOPLE),
        person_times=total(activities, (MeasureWord.PERSON_TIMES,)),
        partners=tuple(partner.id for partner in partners),
    )
