# pyright: strict
"""A typed program that uses the public API broadly, as a user's program would.

``mypy --strict`` and ``pyright`` (strict, by the comment above) must accept it with no error
and no ``type: ignore``: it is how the library's annotations are held to what a typed user
needs (docs/compatibility.md). ``assert_type`` pins the types the checkers infer, and the
program also runs (tests/typing/test_user_program.py), so what it claims is true.

It imports only ``community_model`` and ``community_model.strategies``, the public API.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, assert_type

import attrs
import cattrs
import pendulum

# hypothesis before community_model.strategies (see the README of this folder).
from hypothesis import given, settings
from hypothesis import strategies as st

import community_model
from community_model import (
    PROBLEM_CODES,
    Activity,
    ActivityCategory,
    Adoption,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    CountQualifier,
    CreditCode,
    Dataset,
    DivisionCode,
    DomainWarning,
    Entity,
    Funding,
    FundingSource,
    ListItem,
    ListKind,
    Measurement,
    MeasureWord,
    Money,
    Organisation,
    OrganisationKind,
    Outcome,
    PartialDate,
    PartyBranch,
    Person,
    Problem,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    RecordNotFound,
    Ref,
    Role,
    ServiceList,
    ServiceProject,
    Severity,
    Source,
    Street,
    StreetKind,
    Unit,
    UnitMismatch,
    Unknown,
    ValidationError,
    Vocabulary,
    When,
    dumps,
    from_dict,
    json_pointer,
    json_schema,
    load_dataset,
    loads,
    make_converter,
    name_key,
    openapi_components,
    parse_count,
    personal_fields,
    problem_details,
    problem_type,
    read_jsonl,
    save_dataset,
    to_dict,
    write_jsonl,
)
from community_model.strategies import activities, counts, datasets, streets, whens

SOURCE = Source(title="漕湖人民医院义诊进社区", byline="相经开 高达")


# -- building records -----------------------------------------------------------------------------


def build_records() -> list[Entity]:
    """Records of every main kind, built with keyword arguments and tuples."""
    street = Street(
        id="street:beiqiao",
        name="北桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320507004@2023"),
        district="相城区",
        city="苏州市",
        sources=(SOURCE,),
    )
    community = Community(
        id="community:shengnan",
        name="盛南社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id=street.id,
        households=Count(value=1200, qualifier=CountQualifier.ABOUT),
    )
    hospital = Organisation(
        id="org:caohu-hospital",
        name="漕湖人民医院",
        kind=OrganisationKind.HOSPITAL,
        credit_code=CreditCode.parse("91320214745555318W"),
    )
    branch = PartyBranch(
        id="branch:caohu-hospital",
        name="漕湖人民医院党支部",
        level=BranchLevel.BRANCH,
        host_organisation_id=hospital.id,
    )
    secretary = Person(id="person:x", name="王海", roles=(Role.SECRETARY,))
    project = ServiceProject(
        id="project:lane",
        name="小区南门非机动车道拓宽改造",
        category=ProjectCategory.MICRO_RENOVATION,
        status=ProjectStatus.IN_USE,
        community_ids=(community.id,),
        lead=community.ref,
        funding=(Funding(source=FundingSource.PARTY_SERVICE_FUND, amount=Money.parse("5000.00")),),
        outcomes=(
            Outcome(
                description="拓宽",
                before=Measurement(value=Decimal(50), unit=Unit.CENTIMETRE, approximate=True),
                after=Measurement(value=Decimal(120), unit=Unit.CENTIMETRE),
            ),
        ),
    )
    clinic = Activity(
        id="activity:caohu-free-clinic-3",
        title="第三期‘救’在身边,健康集市科普义诊",
        category=ActivityCategory.FREE_CLINIC,
        organisers=(branch.ref,),
        when=When.between(When.year(2023), When.day(2023, 8, 19)),
        community_ids=(community.id,),
        participants=parse_count("400余名"),
        staff=parse_count("10余名"),
        series="‘救’在身边,健康集市科普义诊",
        number=3,
        sources=(SOURCE,),
    )
    return [street, community, hospital, branch, secretary, project, clinic]


def values() -> None:
    """Value types: parse and format, and the types of what they give back."""
    more = parse_count("400余名")
    assert_type(more, Count)
    assert_type(more.minimum, int | None)
    total = more + parse_count("20余人")
    assert_type(total, Count)
    assert str(total) == "420余人"
    assert_type(more < total, bool)

    code = DivisionCode.parse("320507100201")
    assert_type(code.parent, DivisionCode | None)
    assert_type(code.kind_by_range, StreetKind | CommunityKind)
    assert code.kind_by_range is CommunityKind.VILLAGE_COMMITTEE

    when = When.parse("../2023-08-20")
    assert_type(when.earliest, pendulum.DateTime | None)
    latest = when.latest
    assert latest is not None
    assert latest.year == 2023
    assert when.possibly_within(When.month(2023, 8), None)
    day = PartialDate.parse("2023-08~")
    assert_type(day.earliest, pendulum.DateTime)
    assert When.moment(pendulum.datetime(2023, 8, 18, 18, 30, tz="Asia/Shanghai")).format() == (
        "2023-08-18T18:30:00+08:00"
    )
    assert Money.parse("50000.00").format() == "50000.00"
    assert name_key("京师（苏州）律师事务所") == name_key("京师(苏州)律师事务所")
    assert_type(personal_fields(Person), tuple[str, ...])


def vocabularies() -> None:
    """A vocabulary member is a str with a Chinese label; codes round-trip."""
    level: Vocabulary = BranchLevel.GENERAL_BRANCH
    assert_type(level.label, str)
    assert BranchLevel.from_code("committee") is BranchLevel.COMMITTEE
    assert_type(BranchLevel.codes(), tuple[str, ...])
    code: str = ActivityCategory.FREE_CLINIC  # a StrEnum is a str
    assert code == "free_clinic"


def errors() -> list[tuple[str, str]]:
    """Bad data is refused with every problem; ValidationError is a ValueError."""
    problems: list[Problem] = []
    try:
        Street(id="street 1", name="", kind=StreetKind.TOWN)
    except ValueError as error:  # a ValidationError is a ValueError
        if isinstance(error, ValidationError):
            problems = error.errors
    return [(problem.path, problem.code) for problem in problems]


# -- JSON -----------------------------------------------------------------------------------------


def json_round_trips(records: list[Entity]) -> Dataset:
    clinic = next(record for record in records if isinstance(record, Activity))
    text = dumps(clinic)
    assert_type(text, str)
    again = loads(text, Activity)
    assert_type(again, Activity)
    assert again == clinic
    data = to_dict(clinic)
    assert from_dict(data, Activity) == clinic

    dataset = Dataset.from_records(records)
    document = dumps(dataset, indent=True)
    assert_type(loads(document, Dataset), Dataset)

    buffer = io.StringIO()
    count = write_jsonl(dataset.records(), buffer)
    assert_type(count, int)
    streamed: Iterator[Entity] = read_jsonl(io.StringIO(buffer.getvalue()))
    assert tuple(streamed) == tuple(dataset.records())

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        save_dataset(dataset, path)
        assert_type(load_dataset(path), Dataset)

    schema = json_schema(Dataset)
    assert_type(schema, dict[str, Any])
    assert schema["properties"]["schema_version"]["const"] == community_model.SCHEMA_VERSION
    return dataset


# -- HTTP -----------------------------------------------------------------------------------------


def http_bodies() -> None:
    """OpenAPI components and problem details, as a web service uses them."""
    components = openapi_components([Activity, ValidationError])
    assert_type(components, dict[str, Any])
    assert "Activity" in components["schemas"]
    body: dict[str, Any] = {}
    try:
        Street(id="street 1", name="", kind=StreetKind.TOWN)
    except ValidationError as error:
        body = problem_details(error, instance="/streets")
        assert_type(body, dict[str, Any])
    assert body["status"] == 422
    assert_type(json_pointer("$.organisers[0].id"), str)
    assert problem_type("too_long").endswith("/too_long")
    meaning: str = PROBLEM_CODES["too_long"]
    assert meaning


# -- Dataset queries ------------------------------------------------------------------------------


def queries(dataset: Dataset) -> None:
    branch = dataset.party_branch("branch:caohu-hospital")
    assert_type(branch, PartyBranch)
    assert_type(branch.host, Ref | Unknown)
    activities_held = dataset.activities_of("community:shengnan")
    assert_type(activities_held, tuple[Activity, ...])
    by_branch = dataset.activities_by(Ref(kind=RecordKind.PARTY_BRANCH, id=branch.id))
    assert by_branch == activities_held
    summer = dataset.activities_between(When.month(2023, 7), When.month(2023, 8), within="possibly")
    assert len(summer) == 1
    assert_type(dataset.projects(status=ProjectStatus.IN_USE), tuple[ServiceProject, ...])
    found: Entity = dataset.get(RecordKind.STREET, "street:beiqiao")
    assert found.display_name == "北桥街道"
    problems = dataset.check()
    assert [problem for problem in problems if problem.severity is Severity.ERROR] == []
    dataset.validate()
    missing: KeyError | None = None
    try:
        dataset.community("community:nowhere")
    except KeyError as error:  # a RecordNotFound is a KeyError
        missing = error
    assert isinstance(missing, RecordNotFound)
    summary = dataset.summary()
    assert [place.name for place in summary.streets] == ["北桥街道"]
    warnings_: list[Problem] = branch.warnings()
    assert warnings_ == []
    assert issubclass(DomainWarning, UserWarning)


# -- hypothesis -----------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(activities(min_date=dt.date(2023, 1, 1), max_date=dt.date(2023, 12, 31)), counts())
def check_activities(activity: Activity, count: Count) -> None:
    assert loads(dumps(activity), Activity) == activity
    assert count.qualifier in CountQualifier


@settings(max_examples=5, deadline=None)
@given(datasets(max_activities=2), st.data())
def check_datasets(dataset: Dataset, data: st.DataObject) -> None:
    street: Street = data.draw(streets(kinds=st.just(StreetKind.TOWN)))
    when: When = data.draw(whens(allow_open=False))
    assert street.kind is StreetKind.TOWN
    assert when.earliest is not None
    assert loads(dumps(dataset), Dataset) == dataset


def strategies() -> None:
    strategy: st.SearchStrategy[Activity] = activities()
    assert strategy is not None
    check_activities()
    check_datasets()


# -- our types in the user's own attrs classes ----------------------------------------------------


@attrs.frozen(kw_only=True)
class Report:
    """A class of the user's own that holds ours."""

    headline: str
    published: pendulum.DateTime
    activities: tuple[Activity, ...]
    readers: Count | None = None


def converter(records: list[Entity]) -> None:
    clinic = next(record for record in records if isinstance(record, Activity))
    convert: cattrs.Converter = make_converter()
    report = Report(
        headline="义诊进社区",
        published=pendulum.datetime(2023, 8, 20, 9, tz="Asia/Shanghai"),
        activities=(clinic,),
        readers=Count.parse("约2000"),
    )
    data: Any = convert.unstructure(report)
    again = convert.structure(data, Report)
    assert_type(again, Report)
    assert again == report
    assert type(again.published) is pendulum.DateTime


# -- Facts as reports give them (schema version 2) ---------------------------------------------


def report_facts(dataset: Dataset) -> None:
    count = parse_count("3000余人次")
    assert_type(count.unit, MeasureWord | None)
    assert count.unit is MeasureWord.PERSON_TIMES
    assert str(count) == "3000余人次"
    try:
        _ = count + parse_count("12人")
        raise AssertionError("人 and 人次 were added")
    except UnitMismatch:
        pass
    needs = ServiceList(
        id="list:beiqiao-needs",
        name="北桥街道需求清单",
        kind=ListKind.NEEDS,
        keeper=Ref(kind=RecordKind.STREET, id="street:beiqiao"),
        items_collected=parse_count("63条"),
    )
    item = ListItem(
        id="item:ramp", list_id=needs.id, title="无障碍坡道", community_id="community:shengnan"
    )
    adoption = Adoption(
        id="adoption:ramp",
        item_id=item.id,
        adopter=Ref(kind=RecordKind.PARTY_BRANCH, id="branch:caohu-hospital"),
    )
    reported = Dataset.from_records([*dataset.records(), needs, item, adoption])
    assert_type(reported.items_of(needs.id), tuple[ListItem, ...])
    assert reported.adoptions_of(item.id) == (adoption,)


def main() -> None:
    records = build_records()
    values()
    vocabularies()
    assert errors() == [("$.id", "pattern"), ("$.name", "empty")]
    dataset = json_round_trips(records)
    http_bodies()
    queries(dataset)
    report_facts(dataset)
    strategies()
    converter(records)


if __name__ == "__main__":
    main()
