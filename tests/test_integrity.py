"""The checks of a whole dataset: every check (one failing example each, all in one run)."""

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples, ref

from community_model import (
    Activity,
    ActivityCategory,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    Dataset,
    DivisionCode,
    DomainWarning,
    Entity,
    Funding,
    FundingSource,
    Partnership,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    ServiceProject,
    Severity,
    Street,
    StreetKind,
    ValidationError,
    When,
)
from community_model._examples import suzhou_2023
from community_model.strategies import datasets

PAGE = suzhou_2023()


def broken_dataset() -> Dataset:
    """The page's records plus one record breaking each rule."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        odd_street = Street(
            id="street:odd",
            name="某街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320508401"),  # 401 is not in the 街道 range
        )
        small_committee = PartyBranch(
            id="branch:small-committee",
            name="某社区党委",
            level=BranchLevel.COMMITTEE,
            host_community_id="community:xincheng",
            members=Count(value=40),
        )
    records = [
        *PAGE.records(),
        Street(id="street:wumenqiao", name="吴门桥街道", kind=StreetKind.SUBDISTRICT),
        odd_street,
        Community(
            id="community:lost",
            name="某社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="street:nowhere",
        ),
        Community(
            id="community:outside",
            name="某社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="street:wumenqiao",
            code=DivisionCode.parse("320507100001"),
        ),
        small_committee,
        PartyBranch(
            id="branch:a",
            name="甲党支部",
            level=BranchLevel.BRANCH,
            host_organisation_id="org:nowhere",
            parent_id="branch:b",
            secretary_id="person:nobody",
        ),
        PartyBranch(
            id="branch:b",
            name="乙党支部",
            level=BranchLevel.BRANCH,
            host_community_id="community:nowhere",
            parent_id="branch:a",
        ),
        Person(id="person:x", name="某居民", community_id="community:nowhere"),
        Partnership(
            id="partnership:x",
            parties=(
                ref(RecordKind.PARTY_BRANCH, "branch:a"),
                ref(RecordKind.ORGANISATION, "org:x"),
            ),
        ),
        ServiceProject(
            id="project:x",
            name="某项目",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.PROPOSED,
            community_ids=("community:nowhere",),
            street_id="street:nowhere",
            programme_id="project:y",
            lead=ref(RecordKind.COMMUNITY, "community:nowhere"),
            partners=(ref(RecordKind.ORGANISATION, "org:x"),),
            funding=(
                Funding(
                    source=FundingSource.PARTNER,
                    provider=ref(RecordKind.ORGANISATION, "org:y"),
                ),
            ),
            period=When.parse("2023-01/2023-03"),
        ),
        ServiceProject(
            id="project:y",
            name="某项目群",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.PROPOSED,
            street_id="street:odd",
            programme_id="project:x",
        ),
        Activity(
            id="activity:x",
            title="某活动",
            category=ActivityCategory.LECTURE,
            organisers=(ref(RecordKind.COMMUNITY, "community:nowhere"),),
            partners=(ref(RecordKind.ORGANISATION, "org:x"),),
            community_ids=("community:nowhere",),
            project_id="project:x",
            partnership_id="partnership:nowhere",
            when=When.parse("2023-08-18"),
        ),
    ]
    return Dataset.from_records(records)  # its records warned when built; no second warning


def test_every_check_fails_once_in_one_run() -> None:
    """One check() run finds every problem, each at its path, with its severity."""
    found = [(p.path, p.code, p.severity.value) for p in broken_dataset().check()]
    error, warning = "error", "warning"
    expected = [
        ("$.streets[5].id", "duplicate_id", error),
        ("$.streets[6].kind", "kind_mismatch", warning),
        ("$.communities[13].street_id", "unresolved_reference", error),
        ("$.party_branches[6].members", "level_members", warning),
        ("$.party_branches[7].host_organisation_id", "unresolved_reference", error),
        ("$.party_branches[7].secretary_id", "unresolved_reference", error),
        ("$.party_branches[8].host_community_id", "unresolved_reference", error),
        ("$.people[9].community_id", "unresolved_reference", error),
        ("$.partnerships[1].parties[1]", "unresolved_reference", error),
        ("$.service_projects[7].community_ids[0]", "unresolved_reference", error),
        ("$.service_projects[7].street_id", "unresolved_reference", error),
        ("$.service_projects[7].lead", "unresolved_reference", error),
        ("$.service_projects[7].funding[0].provider", "unresolved_reference", error),
        ("$.service_projects[7].partners[0]", "unresolved_reference", error),
        ("$.activities[8].organisers[0]", "unresolved_reference", error),
        ("$.activities[8].community_ids[0]", "unresolved_reference", error),
        ("$.activities[8].partners[0]", "unresolved_reference", error),
        ("$.activities[8].partnership_id", "unresolved_reference", error),
        ("$.communities[14].code", "code_outside_street", error),
        ("$.party_branches[7].parent_id", "parent_cycle", error),
        ("$.service_projects[7].programme_id", "parent_cycle", error),
        ("$.activities[8].when", "outside_project", error),
    ]
    assert found == expected


def test_validate_raises_the_errors_only() -> None:
    """validate() raises every error; warnings alone do not fail."""
    with pytest.raises(ValidationError) as caught:
        broken_dataset().validate()
    assert len(caught.value.errors) == 20
    assert all(p.severity is Severity.ERROR for p in caught.value.errors)
    PAGE.validate()


@settings(max_examples=examples(0.5))  # whole datasets: 50 under ci
@given(datasets())
def test_generated_datasets_pass_every_check(dataset: Dataset) -> None:
    """datasets() always passes the dataset's own checks."""
    assert [p for p in dataset.check() if p.severity is Severity.ERROR] == []


def test_codes_of_different_editions_are_not_compared() -> None:
    """吴门桥街道 was 320508004 in 2016: a 2023 community code need not start with it."""
    street = Street(
        id="s",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508004@2016"),
    )
    community = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2023"),
    )
    assert Dataset(streets=(street,), communities=(community,)).check() == []
    same = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2016"),
    )
    found = Dataset(streets=(street,), communities=(same,)).check()
    assert [p.code for p in found] == ["code_outside_street"]


#: Per project period: activity times at its edges that lie in it (possibly), and one step
#: beyond each edge that do not. Dates are Beijing days; moments carry their offset.
PERIOD_EDGES: dict[str, tuple[list[str], list[str]]] = {
    "2023": (
        ["2023-01-01", "2023-12-31", "2022-12-31T16:00:00Z", "2022-12/2023-01", "2023-12~"],
        ["2022-12-31", "2024-01-01", "2022-12-31T23:59:59+08:00", "2022-12-31T15:59:59Z"],
    ),
    "2023-08": (
        ["2023-08-01", "2023-08-31", "2023", "2023-08-31T23:59:59.999999+08:00"],
        ["2023-07-31", "2023-09-01", "2023-07", "2023-09-01T00:00:00+08:00"],
    ),
    "2023-08-18": (
        ["2023-08-18", "2023-08-18T00:00:00+08:00", "2023-08-18T15:59:59Z", "2023-08"],
        ["2023-08-17", "2023-08-19", "2023-08-17T23:59:59+08:00", "2023-08-18T16:00:00Z"],
    ),
    "2023-08-18T18:30:00+08:00": (
        ["2023-08-18T18:30:00+08:00", "2023-08-18T10:30:00Z", "2023-08-18"],
        ["2023-08-18T18:29:59.999999+08:00", "2023-08-18T18:30:00.000001+08:00"],
    ),
    "2023-01/2023-03": (
        ["2023-01-01", "2023-03-31", "2022-12-15/2023-01-01"],
        ["2022-12-31", "2023-04-01", "2023-04/2023-05"],
    ),
    "2023-05-10/..": (["2023-05-10", "2099-12-31"], ["2023-05-09", "../2023-05-09"]),
    "../2023-05-10": (["1990-01-01", "2023-05-10"], ["2023-05-11", "2023-05-11/.."]),
}


def period_edge_records() -> tuple[list[Entity], list[Activity], set[str]]:
    """A street, a community, a project per period, and its activities; the ids of those
    that lie outside their project's life. Two more activities have a project without a
    period, or none."""
    places: list[Entity] = [
        Street(id="street:s", name="某街道", kind=StreetKind.SUBDISTRICT),
        Community(
            id="community:c",
            name="某社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="street:s",
        ),
    ]
    activities: list[Activity] = []
    outside: set[str] = set()
    for number, (period, (inside_times, outside_times)) in enumerate(PERIOD_EDGES.items()):
        project = f"project:{number}"
        places.append(
            ServiceProject(
                id=project,
                name=f"某项目 {period}",
                category=ProjectCategory.MICRO_RENOVATION,
                status=ProjectStatus.COMPLETED,
                community_ids=("community:c",),
                period=When.parse(period),
            )
        )
        for side, times in (("in", inside_times), ("out", outside_times)):
            for position, time in enumerate(times):
                ident = f"activity:{number}-{side}-{position}"
                activities.append(
                    Activity(
                        id=ident,
                        title=f"某活动 {time}",
                        category=ActivityCategory.LECTURE,
                        organisers=(ref(RecordKind.COMMUNITY, "community:c"),),
                        community_ids=("community:c",),
                        project_id=project,
                        when=When.parse(time),
                    )
                )
                if side == "out":
                    outside.add(ident)
    places.append(
        ServiceProject(
            id="project:no-period",
            name="某项目",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.PROPOSED,
            community_ids=("community:c",),
        )
    )
    for project in ("project:no-period", None):  # nothing to compare: never reported
        activities.append(
            Activity(
                id=f"activity:{project}",
                title="某活动",
                category=ActivityCategory.LECTURE,
                organisers=(ref(RecordKind.COMMUNITY, "community:c"),),
                project_id=project,
                when=When.parse("1999"),
            )
        )
    return places, activities, outside


PLACES, EDGE_ACTIVITIES, OUTSIDE = period_edge_records()


def test_activities_at_the_edges_of_every_kind_of_period() -> None:
    """An activity on the first or last day (instant) of its project's period is inside it;
    one a day (an instant) before or after is reported, saying when it was and which project's
    period it misses, for a year, a month, a day, a moment, a closed interval and intervals open
    at either end."""
    found = Dataset.from_records([*PLACES, *EDGE_ACTIVITIES]).check()
    positions = [int(p.path.removeprefix("$.activities[").split("]")[0]) for p in found]
    for problem, position in zip(found, positions, strict=True):
        activity = EDGE_ACTIVITIES[position]
        project = next(p for p in PLACES if p.id == activity.project_id)
        assert isinstance(project, ServiceProject)
        assert problem.message == (
            f"the activity ({activity.when}) lies outside the life of its project "
            f"{project.name} ({project.period})"
        )
    assert [(p.code, p.severity) for p in found] == [("outside_project", Severity.ERROR)] * len(
        OUTSIDE
    )
    assert sorted(EDGE_ACTIVITIES[position].id for position in positions) == sorted(OUTSIDE)


@given(st.permutations(EDGE_ACTIVITIES))
def test_every_activity_outside_its_project_is_reported(activities: list[Activity]) -> None:
    """Whatever the order of activities and of the kinds of period their projects have (single
    values and intervals mixed), check() reports each activity outside its project, at its
    path, and no other."""
    found = Dataset.from_records([*PLACES, *activities]).check()
    expected = [
        (f"$.activities[{position}].when", "outside_project")
        for position, activity in enumerate(activities)
        if activity.id in OUTSIDE
    ]
    assert [(p.path, p.code) for p in found] == expected
