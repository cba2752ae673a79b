"""Entities validate on construction: every rule refuses what it must, at the right path."""

import warnings
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import BRANCH, activity, problems

from community_model import (
    ENTITY_TYPES,
    Activity,
    BranchLevel,
    Community,
    CommunityKind,
    Compound,
    CompoundKind,
    Count,
    Decision,
    DecisionBody,
    DivisionCode,
    DomainWarning,
    ItemStatus,
    ListItem,
    Measurement,
    Organisation,
    OrganisationKind,
    Outcome,
    Partnership,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    Role,
    ServiceProject,
    Severity,
    Source,
    Street,
    StreetKind,
    Unit,
    ValidationError,
    Votes,
    When,
    name_key,
    personal_fields,
)

LAW_FIRM = Ref(kind=RecordKind.ORGANISATION, id="org:law")


def test_every_field_problem_is_reported_at_once() -> None:
    """Type errors, lengths and vocabularies of one object come in one ValidationError."""
    found = problems(
        lambda: activity(
            id="has space",
            title="长" * 201,
            category="义诊",
            organisers=[],
            participants=Count(value=1),
            number=0,
        )
    )
    assert found == [
        ("$.id", "pattern"),
        ("$.title", "too_long"),
        ("$.category", "enum"),
        ("$.organisers", "empty"),
        ("$.number", "too_small"),
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": ""}, [("$.id", "empty")]),
        ({"id": 7}, [("$.id", "type")]),
        ({"title": 123}, [("$.title", "type")]),
        ({"title": "a\x00b"}, [("$.title", "control_character")]),
        ({"organisers": (BRANCH, BRANCH)}, [("$.organisers[1]", "duplicate")]),
        (
            {"organisers": (Ref(kind=RecordKind.PERSON, id="p"),)},
            [("$.organisers[0].kind", "reference_kind")],
        ),
        ({"organisers": ("branch:a",)}, [("$.organisers[0]", "type")]),
        ({"organisers": "branch:a"}, [("$.organisers", "type")]),
        (
            {"partners": (Ref(kind=RecordKind.COMMUNITY, id="c"),)},
            [("$.partners[0].kind", "reference_kind")],
        ),
        ({"number": 3}, [("$.number", "series")]),
        ({"participants": 400}, [("$.participants", "type")]),
        ({"when": "2023-08-18"}, [("$.when", "type")]),
        ({"services": ("理发", "理发")}, [("$.services[1]", "duplicate")]),
        ({"community_ids": ("c", "c")}, [("$.community_ids[1]", "duplicate")]),
        ({"status": None}, [("$.status", "null")]),
    ],
)
def test_activity_rules(changes: dict[str, object], expected: list[tuple[str, str]]) -> None:
    """Each rule of an activity refuses what it must, at its path."""
    assert problems(lambda: activity(**changes)) == expected


def test_lists_become_tuples_and_names_are_normalised() -> None:
    """Lists are stored as tuples; text is stripped and put in NFC."""
    made = activity(title="  Cafe\u0301 义诊 ", services=["理发", "修鞋"])
    assert made.title == "Café 义诊"
    assert made.services == ("理发", "修鞋")
    assert attrs.evolve(made, title=made.title) == made


def test_evolve_revalidates() -> None:
    """attrs.evolve goes through validation again."""
    with pytest.raises(ValidationError):
        attrs.evolve(activity(), title="")


def test_branch_host_is_exactly_one() -> None:
    """A Party organisation sits in a community or a unit, not both, not neither."""
    base = {"id": "b", "name": "党支部", "level": BranchLevel.BRANCH}
    assert problems(lambda: PartyBranch(**base)) == [("$.host_community_id", "host")]  # type: ignore[arg-type]
    assert problems(
        lambda: PartyBranch(**base, host_community_id="c", host_organisation_id="o")  # type: ignore[arg-type]
    ) == [("$.host_community_id", "host")]
    assert PartyBranch(**base, host_organisation_id="o").host == Ref(  # type: ignore[arg-type]
        kind=RecordKind.ORGANISATION, id="o"
    )
    assert problems(
        lambda: PartyBranch(**base, host_community_id="c", parent_id="b")  # type: ignore[arg-type]
    ) == [("$.parent_id", "self_reference")]


@pytest.mark.parametrize(
    ("level", "members", "warns"),
    [
        (BranchLevel.COMMITTEE, Count(value=40), True),
        (BranchLevel.COMMITTEE, Count(value=99), True),
        (BranchLevel.COMMITTEE, Count(value=100), False),  # 100人以上 includes 100
        (BranchLevel.COMMITTEE, Count.parse("约40"), False),
        (BranchLevel.GENERAL_BRANCH, Count(value=49), True),
        (BranchLevel.GENERAL_BRANCH, Count(value=50), False),
        (BranchLevel.GENERAL_BRANCH, Count(value=100), False),
        (BranchLevel.GENERAL_BRANCH, Count(value=101), True),
        (BranchLevel.BRANCH, Count(value=50), False),
        (BranchLevel.BRANCH, Count(value=2), True),
        (BranchLevel.BRANCH, Count(value=3), False),
        (BranchLevel.BRANCH, Count.parse("50余"), True),
        (BranchLevel.BRANCH, Count.parse("至少50"), False),
    ],
)
def test_level_and_members_is_a_warning(level: BranchLevel, members: Count, warns: bool) -> None:
    """A 党委 of 40 members is allowed but reported, never silent."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        branch = PartyBranch(
            id="b", name="党组织", level=level, host_community_id="c", members=members
        )
    found = branch.warnings()
    assert bool(found) is warns
    assert len(caught) == len(found)
    if warns:
        assert found[0].severity is Severity.WARNING
        assert (found[0].path, found[0].code) == ("$.members", "level_members")
        assert issubclass(caught[0].category, DomainWarning)


def test_street_and_community_codes() -> None:
    """A street takes a 9-digit code, a community a 12-digit one; a kind mismatch warns."""
    street = Street(
        id="street:wumenqiao",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508024@2023"),
    )
    assert street.warnings() == []
    assert problems(
        lambda: Street(
            id="s", name="x", kind=StreetKind.TOWN, code=DivisionCode.parse("320508024001")
        )
    ) == [("$.code.digits", "division_level")]
    assert problems(
        lambda: Community(
            id="c",
            name="x",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="s",
            code=DivisionCode.parse("320508024"),
        )
    ) == [("$.code.digits", "division_level")]
    with pytest.warns(DomainWarning, match="kind_mismatch"):
        odd = Street(
            id="s", name="某街道", kind=StreetKind.SUBDISTRICT, code=DivisionCode.parse("320508401")
        )
    assert [w.code for w in odd.warnings()] == ["kind_mismatch"]


def test_bracket_forms_match() -> None:
    """Full-width and half-width bracket forms of a name match; each is kept as written."""
    full = Organisation(id="o", name="京师（苏州）律师事务所", kind=OrganisationKind.LAW_FIRM)
    assert full.name == "京师（苏州）律师事务所"
    assert full.matches_name("京师(苏州)律师事务所")
    assert full.matches_name(" 京师 ( 苏州 ) 律师事务所")
    assert not full.matches_name("京师(南京)律师事务所")
    assert name_key("京师（苏州）律师事务所") == name_key("京师(苏州)律师事务所")


def test_partnership_needs_two_distinct_parties_of_the_right_kinds() -> None:
    """A co-building agreement joins two or more Party organisations or units."""
    assert problems(lambda: Partnership(id="p", parties=(BRANCH,))) == [("$.parties", "too_short")]
    assert problems(lambda: Partnership(id="p", parties=(BRANCH, BRANCH))) == [
        ("$.parties[1]", "duplicate")
    ]
    assert problems(
        lambda: Partnership(id="p", parties=(BRANCH, Ref(kind=RecordKind.STREET, id="s")))
    ) == [("$.parties[1].kind", "reference_kind")]
    assert Partnership(id="p", parties=(BRANCH, LAW_FIRM)).parties[1] == LAW_FIRM


def test_votes_add_up() -> None:
    """Votes cast equal the three tallies; no more votes than voters."""
    assert Votes(in_favour=30, against=2, abstaining=1, cast=33).total == 33
    assert problems(lambda: Votes(in_favour=30, against=2, cast=33)) == [("$.cast", "votes_sum")]
    assert problems(lambda: Votes(in_favour=30, eligible=20)) == [("$.eligible", "votes_sum")]
    assert problems(lambda: Votes(in_favour=-1)) == [("$.in_favour", "too_small")]


def test_project_rules() -> None:
    """A project serves a community or a street; outcomes compare like with like."""
    base = {"id": "project:1", "name": "口袋公园", "category": "service_for_people"}
    assert problems(
        lambda: ServiceProject(**base, status="in_use")  # type: ignore[arg-type]
    ) == [("$.category", "enum"), ("$.status", "enum")]
    fields = {
        "id": "project:1",
        "name": "口袋公园",
        "category": ProjectCategory.SERVICE_FOR_PEOPLE,
        "status": ProjectStatus.IN_USE,
    }
    assert problems(lambda: ServiceProject(**fields)) == [("$.community_ids", "scope")]  # type: ignore[arg-type]
    project = ServiceProject(
        **fields,  # type: ignore[arg-type]
        community_ids=("community:guoyuan",),
        year=2023,
        decisions=(Decision(body=DecisionBody.PARTY_MEMBERS_MEETING),),
    )
    assert project.year == 2023
    assert problems(
        lambda: Outcome(
            description="通道拓宽",
            before=Measurement(value=Decimal(50), unit=Unit.CENTIMETRE),
            after=Measurement(value=Decimal("1.2"), unit=Unit.METRE),
        )
    ) == [("$.after.unit", "unit_mismatch")]


def test_person_personal_fields() -> None:
    """Name, phone and address are declared personal, once, in the model."""
    assert personal_fields(Person) == ("name", "phone", "id_number", "address")
    assert personal_fields(Activity) == ()
    person = Person(id="person:1", name="成丽君", roles=(Role.SECRETARY,), phone="13812345678")
    assert person.phone == "13812345678"
    assert problems(lambda: Person(id="p", name="x", phone="12345")) == [("$.phone", "pattern")]
    assert problems(lambda: Person(id="p", name="x", roles=(Role.RESIDENT, Role.RESIDENT))) == [
        ("$.roles[1]", "duplicate")
    ]


def test_records_are_frozen_slotted_and_keyword_only() -> None:
    """Records cannot change after construction and take keyword arguments only."""
    for cls in ENTITY_TYPES:
        assert attrs.has(cls)
        assert (
            "__dict__" not in dir(cls) or not hasattr(cls, "__dict__") or cls.__slots__ is not None
        )
        assert all(field.kw_only for field in attrs.fields(cls))
    made = activity()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.title = "x"  # type: ignore[misc]


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=100,
)


@given(name=names, level=st.sampled_from(BranchLevel), members=st.integers(0, 10_000))
def test_valid_branches_construct(name: str, level: BranchLevel, members: int) -> None:
    """Any valid name, level and member count builds a branch (warnings aside)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        branch = PartyBranch(
            id="b", name=name, level=level, host_community_id="c", members=Count(value=members)
        )
    assert branch.name == name.strip() or branch.name


@given(length=st.integers(201, 400))
def test_too_long_titles_are_refused(length: int) -> None:
    """A title longer than 200 characters is refused at $.title."""
    assert problems(lambda: activity(title="题" * length)) == [("$.title", "too_long")]


def test_a_general_branch_of_committee_size_warns() -> None:
    """A 党总支 of 300 members is usually a 党委: allowed, reported."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PartyBranch(
            id="b",
            name="某党总支",
            level=BranchLevel.GENERAL_BRANCH,
            host_community_id="c",
            members=Count(value=300),
        )
    assert [w.category for w in caught] == [DomainWarning]
    assert caught[0].filename == __file__  # the warning names the code that built the record


# -- how a record reads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        (
            Street(id="street:a", name="吴门桥街道", kind=StreetKind.SUBDISTRICT),
            "Street(id='street:a', name='吴门桥街道', kind=StreetKind.SUBDISTRICT)",
        ),
        (  # a default left out; a value that is not its default shown
            ListItem(id="item:a", list_id="list:a", title="修路"),
            "ListItem(id='item:a', list_id='list:a', title='修路')",
        ),
        (
            ListItem(id="item:a", list_id="list:a", title="修路", status=ItemStatus.OPEN),
            "ListItem(id='item:a', list_id='list:a', title='修路', status=ItemStatus.OPEN)",
        ),
        (  # a value type as its text; a tuple of one, and of two
            Source(title="t", published=When.parse("2023-08-18")),
            "Source(title='t', published=When.parse('2023-08-18'))",
        ),
        (
            Compound(name="x", buildings=("1幢",)),
            "Compound(name='x', buildings=('1幢',))",
        ),
        (
            Compound(name="x", kind=CompoundKind.COMMERCIAL, buildings=("1幢", "2幢")),
            "Compound(name='x', kind=CompoundKind.COMMERCIAL, buildings=('1幢', '2幢'))",
        ),
    ],
)
def test_a_record_repr_is_exact(record: object, shown: str) -> None:
    """Only the fields that are set, members as ``Kind.NAME``, values as ``Type.parse(text)``."""
    assert repr(record) == shown
