"""The checks of a whole dataset: every check (one failing example each, all in one run)."""

import ast
import inspect
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples, ref

from community_model import (
    Activity,
    ActivityCategory,
    Adoption,
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
    ItemStatus,
    ListItem,
    ListKind,
    Organisation,
    OrganisationKind,
    Partnership,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    ServiceList,
    ServiceProject,
    Severity,
    Street,
    StreetKind,
    Unknown,
    ValidationError,
    When,
    parse_count,
)
from community_model._dataset import findings
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


def test_every_problem_of_a_dataset_says_what_and_where() -> None:
    """Each problem of a collection names the records at fault: the id and the record already
    holding it, the kind (code and Chinese term) of a missing reference, both codes and the
    street, every member of a cycle, the activity's time and the project's name and period."""
    messages = {p.path: p.message for p in broken_dataset().check()}
    expected = {
        "$.streets[5].id": "the id 'street:wumenqiao' is already used by $.streets[0]",
        "$.communities[13].street_id": "no street (街道/镇) has the id 'street:nowhere'",
        "$.partnerships[1].parties[1]": "no organisation (共建单位) has the id 'org:x'",
        "$.service_projects[7].funding[0].provider": (
            "no organisation (共建单位) has the id 'org:y'"
        ),
        "$.communities[14].code": (
            "code 320507100001 does not start with the code of its street 吴门桥街道 (320508024)"
        ),
        "$.party_branches[7].parent_id": (
            "party_branch records (党组织) are their own ancestors: "
            "branch:a -> branch:b -> branch:a"
        ),
        "$.service_projects[7].programme_id": (
            "service_project records (为民服务项目) are their own ancestors: "
            "project:x -> project:y -> project:x"
        ),
        "$.activities[8].when": (
            "the activity (2023-08-18) lies outside the life of its project 某项目 "
            "(2023-01/2023-03)"
        ),
    }
    assert {path: messages[path] for path in expected} == expected


# -- the lists: their totals and their items' status ----------------------------------------------


def _list_records(
    reported: str | None, items: int, *, adopted: int = 0, status: str = "open"
) -> Dataset:
    street = Street(id="street:s", name="某街道", kind=StreetKind.SUBDISTRICT)
    bank = Organisation(id="org:bank", name="某银行", kind=OrganisationKind.COMPANY)
    needs = ServiceList(
        id="list:needs",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=Ref(kind=RecordKind.STREET, id=street.id),
        items_collected=None if reported is None else parse_count(reported),
    )
    listed = [
        ListItem(
            id=f"item:{n}",
            list_id=needs.id,
            title=f"需求{n}",
            status=ItemStatus.from_code(status),
        )
        for n in range(items)
    ]
    adoptions = [
        Adoption(
            id=f"adoption:{n}",
            item_id="item:0",
            adopter=Ref(kind=RecordKind.ORGANISATION, id=bank.id),
        )
        for n in range(adopted)
    ]
    return Dataset.from_records([street, bank, needs, *listed, *adoptions])


def _warnings_of(dataset: Dataset, code: str) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in dataset.check() if p.code == code]


@pytest.mark.parametrize(
    ("reported", "items", "warned"),
    [
        ("3项", 3, False),
        ("3项", 4, True),
        ("3项", 2, False),
        ("近3项", 3, False),
        ("近3项", 4, True),
        ("不足3项", 2, False),
        ("不足3项", 3, True),
        ("3余项", 40, False),
        ("约3项", 40, False),
        (None, 40, False),
    ],
)
def test_a_list_with_more_items_than_it_reports_is_warned(
    reported: str | None, items: int, warned: bool
) -> None:
    """Items recorded beyond the most the list's reported total allows are a warning at the
    total, naming both; up to that most (or with no upper bound) they are not."""
    found = _warnings_of(_list_records(reported, items), "list_totals")
    if not warned:
        assert found == []
    else:
        assert reported is not None
        assert found == [
            (
                "$.service_lists[0].items_collected",
                f"the list has {items} items recorded but reports {parse_count(reported)} "
                "collected",
            )
        ]
    assert all(p.severity is Severity.WARNING for p in _list_records(reported, items).check())


@pytest.mark.parametrize(
    ("status", "adopted", "warned"),
    [("open", 0, False), ("open", 1, True), ("open", 2, True), ("adopted", 2, False)],
)
def test_an_open_item_with_adoptions_is_warned(status: str, adopted: int, warned: bool) -> None:
    """An item still marked open although adoptions of it are recorded is a warning at its
    status, saying how many; an adopted item, or an open one without adoptions, is not."""
    found = _warnings_of(_list_records(None, 1, adopted=adopted, status=status), "item_status")
    expected = [
        (
            "$.list_items[0].status",
            f"the item is 'open' (待认领) but {adopted} adoption(s) of it are recorded",
        )
    ]
    assert found == (expected if warned else [])


def _community(ident: str, code: str | None, street_id: str | None = "s") -> Community:
    return Community(
        id=ident,
        name="某社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id=street_id,
        code=None if code is None else DivisionCode.parse(code),
    )


def test_every_community_code_is_compared_with_its_streets() -> None:
    """A community of another edition is passed over, and the communities after it are still
    compared with their street."""
    street = Street(
        id="s",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508024@2023"),
    )
    communities = (
        _community("c1", "320508004001@2016"),
        _community("c2", "320507100001"),
        _community("c3", "320508024001"),
        _community("c4", "320507100002"),
    )
    found = Dataset(streets=(street,), communities=communities).check()
    assert [(p.path, p.code) for p in found] == [
        ("$.communities[1].code", "code_outside_street"),
        ("$.communities[3].code", "code_outside_street"),
    ]


@pytest.mark.parametrize("street_id", [None, "street:nowhere"])
def test_a_community_without_a_known_street_has_no_code_to_compare(street_id: str | None) -> None:
    """A community whose street is not given, or not in the dataset, is not compared (a missing
    street is reported as such, once)."""
    community = _community("c", "320507100001", street_id=street_id)
    found = [p.code for p in Dataset(communities=(community,)).check()]
    assert found == ([] if street_id is None else ["unresolved_reference"])


def test_ids_are_unique_per_kind_so_a_shared_id_is_no_cycle() -> None:
    """Ids are unique within a kind: a Party organisation may share its id with the community
    that hosts it, and that is no cycle of ancestors."""
    community = _community("x", None, street_id=None)
    branch = PartyBranch(
        id="x", name="某党支部", level=BranchLevel.BRANCH, host_community_id=community.id
    )
    assert Dataset(communities=(community,), party_branches=(branch,)).check() == []


def test_references_after_an_unknown_one_are_still_checked() -> None:
    """An unknown party (a report that does not name it) is passed over; the parties after it
    must still resolve."""
    agreement = Partnership(
        id="partnership:x",
        parties=(Unknown(reason="报道未说明"), ref(RecordKind.ORGANISATION, "org:nowhere")),
    )
    found = [(p.path, p.code) for p in Dataset(partnerships=(agreement,)).check()]
    assert found == [("$.partnerships[0].parties[1]", "unresolved_reference")]


def test_activities_after_an_undated_one_are_still_compared() -> None:
    """An activity whose time the source does not give cannot lie outside its project (it is
    passed over); the activities after it are still compared."""
    project = ServiceProject(
        id="project:p",
        name="某项目",
        category=ProjectCategory.MICRO_RENOVATION,
        status=ProjectStatus.COMPLETED,
        community_ids=("community:c",),
        period=When.parse("2023"),
    )

    def activity(ident: str, when: When | Unknown) -> Activity:
        return Activity(
            id=ident,
            title="某活动",
            category=ActivityCategory.LECTURE,
            organisers=(ref(RecordKind.COMMUNITY, "community:c"),),
            project_id=project.id,
            when=when,
        )

    activities = (activity("a:1", Unknown()), activity("a:2", When.parse("2024-01-01")))
    found = Dataset.from_records([*PLACES, project, *activities]).check()
    assert [(p.path, p.code) for p in found] == [("$.activities[1].when", "outside_project")]


def test_a_parent_that_is_not_there_is_unresolved_not_a_cycle() -> None:
    """A Party organisation whose parent the dataset does not hold: one unresolved reference,
    and the search for cycles stops there."""
    branch = PartyBranch(
        id="branch:a",
        name="甲党支部",
        level=BranchLevel.BRANCH,
        host_community_id="community:c",
        parent_id="branch:nowhere",
    )
    found = Dataset.from_records([*PLACES, branch]).check()
    assert [(p.path, p.code) for p in found] == [
        ("$.party_branches[0].parent_id", "unresolved_reference")
    ]


@pytest.mark.parametrize(
    "engine", ["_dataset/integrity.py", "_scale/_duck.py", "_scale/_frames.py"]
)
def test_every_engine_reports_every_finding(engine: str) -> None:
    """A finding added to findings.py and left out of one engine (in memory, DuckDB, Dask)
    would be missed by it: each engine's code reports each finding."""
    functions = {
        name
        for name, value in vars(findings).items()
        if inspect.isfunction(value) and value.__module__ == findings.__name__
    }
    source = (Path(findings.__file__).parent.parent / engine).read_text(encoding="utf-8")
    reported = {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "findings"
    }
    assert reported == functions
