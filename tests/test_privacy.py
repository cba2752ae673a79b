"""Personal data: declared once, visible in the schema, redacted by policy, hidden from repr."""

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples

from community_model import (
    Action,
    Activity,
    ActivityCategory,
    Community,
    CommunityKind,
    CommunityModelError,
    ConfigurationError,
    Dataset,
    Person,
    RecordKind,
    RedactionPolicy,
    Redactor,
    Ref,
    Role,
    Source,
    Street,
    StreetKind,
    When,
    dumps,
    loads,
    read_key,
    redact,
)
from community_model._examples import suzhou_2023
from community_model._privacy import MAX_KEY_BYTES, MIN_KEY_BYTES
from community_model.strategies import datasets, people

RESIDENT = Person(
    id="person:zhou-fuzhen",
    name="周福珍",
    roles=(Role.RESIDENT,),
    community_id="community:huchiyuan",
    phone="13812345678",
    id_number="32050519900307123X",
    address="虎池苑小区4幢201室",
)
KEY = b"kept by the street office"


def test_default_policy_masks_and_removes() -> None:
    """By default: 周**, 138****5678; identity number and address removed; ids kept."""
    redacted = redact(RESIDENT)
    assert (redacted.name, redacted.phone) == ("周**", "138****5678")
    assert (redacted.id_number, redacted.address) == (None, None)
    assert redacted.id == RESIDENT.id
    assert redacted.roles == RESIDENT.roles
    assert loads(dumps(redacted), Person) == redacted  # a redacted record still loads


def test_masking_every_field() -> None:
    """Masked identity numbers and addresses keep only their ends."""
    policy = RedactionPolicy(id_number=Action.MASK, address=Action.MASK)
    redacted = redact(RESIDENT, policy)
    assert redacted.id_number == "320***********123X"
    assert redacted.address == "虎池苑" + "*" * (len(RESIDENT.address or "") - 3)


def test_pseudonyms_are_stable_and_keyed() -> None:
    """The same key gives the same pseudonym in every file; another key, another one."""
    policy = RedactionPolicy.preset("pseudonym", key=KEY)
    first, again = redact(RESIDENT, policy), redact(RESIDENT, policy)
    other = redact(
        RESIDENT, RedactionPolicy.preset("pseudonym", key=b"another key, just as secret")
    )
    assert first.name == again.name
    assert first.name.startswith("人员-")
    assert first.name != other.name
    assert first.id == again.id != RESIDENT.id
    assert first.id.startswith("person:")
    assert "zhou" not in first.id
    assert (first.phone, first.id_number, first.address) == (None, None, None)


def test_references_follow_pseudonymous_ids() -> None:
    """A dataset's secretaries point to the pseudonymised people; every check still passes."""
    page = suzhou_2023()
    redacted = redact(page, RedactionPolicy.preset("pseudonym", key=KEY))
    assert redacted.check() == []
    secretaries = {b.secretary_id for b in redacted.party_branches if b.secretary_id}
    assert secretaries <= {p.id for p in redacted.people}
    text = dumps(redacted)
    assert "person:cheng-lijun" not in text
    for person in page.people:
        assert person.name not in text  # in records and where free text quotes them
    salon = next(a for a in redacted.activities if a.id == "activity:wumenqiao-friday-salon")
    pseudonym = next(p.name for p in redacted.people if p.id != "person:cheng-lijun")
    assert pseudonym.startswith("人员-")
    assert "人员-" in (salon.description or "")


def test_free_text_can_be_left_alone() -> None:
    """free_text=False leaves titles and descriptions as they are."""
    page = suzhou_2023()
    kept = redact(page, RedactionPolicy(free_text=False))
    assert "成丽君" in dumps(kept)
    assert "成丽君" not in dumps(redact(page))


@settings(max_examples=examples(0.3))  # whole datasets: 30 under ci
@given(datasets())
def test_redacted_datasets_pass_their_checks(dataset: Dataset) -> None:
    """Whatever the dataset, redaction keeps every reference resolvable."""
    policy = RedactionPolicy.preset("pseudonym", key=KEY)
    before = [p.code for p in dataset.check()]
    assert [p.code for p in redact(dataset, policy).check()] == before


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"name": Action.REMOVE}, "name may be"),
        ({"phone": Action.PSEUDONYM, "key": KEY}, "phone may be"),
        ({"id_number": Action.PSEUDONYM, "key": KEY}, "id_number may be"),
        ({"name": Action.PSEUDONYM}, "needs a secret key"),
        ({"name": "mask"}, "must be an Action"),
    ],
)
def test_policies_that_cannot_hold(arguments: dict[str, object], words: str) -> None:
    """A required name cannot be removed; a pseudonymous phone could be real; keys are needed."""
    with pytest.raises(CommunityModelError, match=words):
        RedactionPolicy(**arguments)  # type: ignore[arg-type]
    with pytest.raises(CommunityModelError, match="unknown redaction policy"):
        RedactionPolicy.preset("shred")


def test_repr_never_shows_phones_or_identity_numbers() -> None:
    """Logs leak: repr hides the middle of phones and identity numbers."""
    text = repr(RESIDENT)
    assert "13812345678" not in text
    assert "32050519900307123X" not in text
    assert "138****5678" in text
    assert "phone=" not in repr(attrs.evolve(RESIDENT, phone=None))  # unset: left out
    assert "kept by" not in repr(RedactionPolicy.preset("pseudonym", key=KEY))


#: Every field of a policy that says what to do (an Action).
ACTION_FIELDS = [f.name for f in attrs.fields(RedactionPolicy) if isinstance(f.default, Action)]
#: The fields a pseudonym may replace.
PSEUDONYMOUS = ["name", "address", "ids"]


@pytest.mark.parametrize("field", ACTION_FIELDS)
@pytest.mark.parametrize("key", [None, b""], ids=["no key", "an empty key"])
def test_no_pseudonym_without_a_key(field: str, key: bytes | None) -> None:
    """A policy that pseudonymises anything (names, addresses or the ids of people) cannot be
    made without a key: a pseudonym anyone could recompute, or an id left readable, would
    hide nothing."""
    with pytest.raises(ConfigurationError) as caught:
        RedactionPolicy(key=key, **{field: Action.PSEUDONYM})  # type: ignore[arg-type]
    if field in PSEUDONYMOUS:
        assert "needs a secret key" in str(caught.value)


@pytest.mark.parametrize("field", PSEUDONYMOUS)
def test_a_key_has_at_least_16_bytes(field: str) -> None:
    """The key's bound: 15 bytes are refused with a message that says how to make a key; 16
    are accepted (a 1-byte key could be found by trying all 256)."""
    with pytest.raises(ConfigurationError) as caught:
        RedactionPolicy(key=b"k" * (MIN_KEY_BYTES - 1), **{field: Action.PSEUDONYM})  # type: ignore[arg-type]
    assert str(caught.value).startswith(
        "RedactionPolicy.key must have at least 16 bytes (got 15): a short key can be found by "
        "trying every key; make one with python -c"
    )
    policy = RedactionPolicy(key=b"k" * MIN_KEY_BYTES, **{field: Action.PSEUDONYM})  # type: ignore[arg-type]
    assert getattr(policy, field) is Action.PSEUDONYM
    with pytest.raises(ConfigurationError, match="at least 16 bytes"):
        RedactionPolicy(key=b"k")


PSEUDONYMOUS_ID = re.compile("person:[a-z2-7]{16}")


@given(people())
def test_pseudonymous_ids_are_not_the_readable_ids(person: Person) -> None:
    """With ``ids=pseudonym`` and a key, a person's id becomes a keyed digest: not the readable
    id, the same with the same key, another with another key; nothing else changes."""
    policy = RedactionPolicy(ids=Action.PSEUDONYM, key=KEY)
    redacted = redact(person, policy)
    assert PSEUDONYMOUS_ID.fullmatch(redacted.id)
    assert redacted.id != person.id
    assert redact(person, policy).id == redacted.id
    assert (
        redact(person, attrs.evolve(policy, key=b"another key, just as secret")).id != redacted.id
    )
    assert attrs.evolve(redacted, id=person.id) == redact(
        person, attrs.evolve(policy, ids=Action.KEEP)
    )


def test_no_readable_person_id_is_left_in_a_dataset() -> None:
    """Pseudonymising ids alone: no person's readable id is left anywhere in the dataset, each
    person has their own pseudonym, and every reference follows."""
    page = suzhou_2023()
    redacted = redact(page, RedactionPolicy(ids=Action.PSEUDONYM, key=KEY))
    text = dumps(redacted)
    for person in page.people:
        assert f'"{person.id}"' not in text
    assert len({p.id for p in redacted.people}) == len(page.people)
    assert all(PSEUDONYMOUS_ID.fullmatch(p.id) for p in redacted.people)
    assert redacted.check() == []


def test_pseudonymous_addresses() -> None:
    """With ``address=pseudonym`` and a key, an address becomes a stable keyed pseudonym."""
    policy = RedactionPolicy(address=Action.PSEUDONYM, key=KEY)
    redacted = redact(RESIDENT, policy)
    assert redacted.address is not None
    assert re.fullmatch("地址-[a-z2-7]{16}", redacted.address)
    assert redact(RESIDENT, policy).address == redacted.address
    assert loads(dumps(redacted), Person) == redacted


@pytest.mark.parametrize(
    ("name", "masked"), [("周福", "周*"), ("周福珍", "周**"), ("欧阳福珍", "欧***")]
)
def test_masked_names_at_their_lengths(name: str, masked: str) -> None:
    """A masked name keeps its first character only, whatever its length from 2."""
    assert redact(attrs.evolve(RESIDENT, name=name)).name == masked


@pytest.mark.parametrize(
    ("address", "masked"), [("虎池苑小", "虎池苑*"), ("虎池苑小区", "虎池苑**")]
)
def test_masked_addresses_at_their_lengths(address: str, masked: str) -> None:
    """A masked address keeps its first three characters only, whatever its length from 4."""
    policy = RedactionPolicy(address=Action.MASK)
    assert redact(attrs.evolve(RESIDENT, address=address), policy).address == masked


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("name", "周", "*"), ("address", "3号楼", "3号*"), ("address", "楼", "*")],
)
def test_a_mask_hides_at_least_one_character(field: str, value: str, expected: str) -> None:
    """A masked value never shows the whole of the original, however short: a name of one
    character is all hidden, an address of three keeps two (the mask keeps 1 character of a
    name and 3 of an address only when there are more)."""
    policy = RedactionPolicy(address=Action.MASK)
    masked = getattr(redact(attrs.evolve(RESIDENT, **{field: value}), policy), field)
    assert masked == expected
    assert value not in masked
    assert len(masked) == len(value)


def test_free_text_names_from_two_characters() -> None:
    """Names of two characters or more are replaced where free text quotes them; a name of one
    character is not (it would hit ordinary words: 周 in 周末)."""
    community = Ref(kind=RecordKind.COMMUNITY, id="community:c")
    dataset = Dataset.from_records(
        [
            Street(id="street:s", name="某街道", kind=StreetKind.SUBDISTRICT),
            Community(
                id="community:c",
                name="某社区",
                kind=CommunityKind.RESIDENTS_COMMITTEE,
                street_id="street:s",
            ),
            Person(id="person:a", name="周"),
            Person(id="person:b", name="成丽"),
            Person(id="person:c", name="欧阳丽君"),
            Activity(
                id="activity:a",
                title="周末读书会",
                category=ActivityCategory.LECTURE,
                organisers=(community,),
                when=When.parse("2023-08-18"),
                description="成丽和欧阳丽君周末主持",
            ),
        ]
    )
    (activity,) = redact(dataset).activities
    assert (activity.title, activity.description) == ("周末读书会", "成*和欧***周末主持")


def test_pseudonyms_are_the_same_in_every_release() -> None:
    """A pseudonym is HMAC-SHA-256 of the field's kind and value under the key: files redacted
    by different versions of the library with the same key still join on it (these values are
    pinned; changing them breaks every user's joins)."""
    policy = RedactionPolicy(
        name=Action.PSEUDONYM, address=Action.PSEUDONYM, ids=Action.PSEUDONYM, key=KEY
    )
    redacted = redact(RESIDENT, policy)
    assert (redacted.id, redacted.name, redacted.address) == (
        "person:tibyw76nqngrr764",
        "人员-alz745wx56bsesle",
        "地址-jl6tnvoq3wd3jlzh",
    )


def test_the_same_text_as_name_and_as_address_has_two_pseudonyms() -> None:
    """The kind of field is part of what is hashed: a name that is also an address (or an id)
    does not get the same pseudonym, so pseudonyms cannot be matched across fields."""
    policy = RedactionPolicy(name=Action.PSEUDONYM, address=Action.PSEUDONYM, key=KEY)
    redacted = redact(attrs.evolve(RESIDENT, name="周福珍", address="周福珍"), policy)
    assert redacted.name is not None
    assert redacted.address is not None
    assert redacted.name.removeprefix("人员-") != redacted.address.removeprefix("地址-")


def test_every_secretary_reference_follows_its_person() -> None:
    """With pseudonymous ids, each Party organisation that had a secretary still has one: the
    pseudonym of the same person (none is dropped, none points elsewhere)."""
    page = suzhou_2023()
    policy = RedactionPolicy.preset("pseudonym", key=KEY)
    redacted = redact(page, policy)
    pseudonym = {p.id: redact(p, policy).id for p in page.people}
    before = {b.id: b.secretary_id for b in page.party_branches}
    after = {b.id: b.secretary_id for b in redacted.party_branches}
    assert any(before.values())
    assert after == {
        branch: None if person is None else pseudonym[person] for branch, person in before.items()
    }


def test_a_longer_name_is_replaced_whole_before_a_shorter_one_inside_it() -> None:
    """Where one person's name contains another's (成丽 in 成丽君, 丽华 in 丁丽华), free text
    replaces the longer name whole, not the shorter one inside it."""
    community = Ref(kind=RecordKind.COMMUNITY, id="community:c")
    dataset = Dataset.from_records(
        [
            Street(id="street:s", name="某街道", kind=StreetKind.SUBDISTRICT),
            Community(
                id="community:c",
                name="某社区",
                kind=CommunityKind.RESIDENTS_COMMITTEE,
                street_id="street:s",
            ),
            Person(id="person:a", name="成丽"),
            Person(id="person:b", name="成丽君"),
            Person(id="person:c", name="丽华"),
            Person(id="person:d", name="丁丽华"),
            Activity(
                id="activity:a",
                title="读书会",
                category=ActivityCategory.LECTURE,
                organisers=(community,),
                when=When.parse("2023-08-18"),
                description="成丽君和成丽主持,丁丽华和丽华协办",
            ),
        ]
    )
    (activity,) = redact(dataset).activities
    assert activity.description == "成**和成*主持,丁**和丽*协办"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"name": Action.REMOVE},
            "RedactionPolicy.name may be keep, mask, pseudonym (got 'remove')",
        ),
        (
            {"name": "mask"},
            "RedactionPolicy.name must be an Action: keep, remove, mask, pseudonym (got 'mask')",
        ),
        ({"key": "secret"}, "RedactionPolicy.key must be bytes"),
        (
            {"ids": Action.PSEUDONYM},
            "a pseudonym needs a secret key: RedactionPolicy(key=...) with bytes only the data's "
            "owner keeps",
        ),
    ],
)
def test_a_refused_policy_says_what_is_accepted(arguments: dict[str, object], message: str) -> None:
    """A policy that cannot hold is refused with the choices that would be accepted."""
    with pytest.raises(ConfigurationError) as caught:
        RedactionPolicy(**arguments)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_presets_by_name() -> None:
    """``remove`` removes phones (and, like every preset, identity numbers and addresses) and
    masks names; an unknown preset names the known ones."""
    assert RedactionPolicy.preset("remove") == RedactionPolicy(phone=Action.REMOVE)
    assert RedactionPolicy.preset("mask") == RedactionPolicy()
    with pytest.raises(ConfigurationError) as caught:
        RedactionPolicy.preset("shred")
    assert (
        str(caught.value) == "unknown redaction policy 'shred': use one of mask, remove, pseudonym"
    )


def test_redact_takes_records_and_datasets_only() -> None:
    """Anything else is a TypeError that names what it got."""
    with pytest.raises(TypeError) as caught:
        redact(RESIDENT.name)  # type: ignore[call-overload]
    assert str(caught.value) == "redact takes a record or a Dataset (got str)"


# -- record by record, as thorough as a dataset -----------------------------------------------

KNOWN = ["周福珍", "许向前", "欧阳丽君"]


def test_a_record_alone_is_scanned_for_the_names_the_caller_knows() -> None:
    """Given the names to look for, a record alone is redacted as a dataset would redact it:
    positions, source titles and bylines, descriptions."""
    source = Source(title="许向前谈楼道改造", byline="周福珍", url="https://example.cn/a")
    activity = Activity(
        id="activity:a",
        title="周福珍的读书会",
        category=ActivityCategory.LECTURE,
        organisers=(Ref(kind=RecordKind.COMMUNITY, id="community:c"),),
        when=When.parse("2023-08-18"),
        description="欧阳丽君主持",
        sources=(source,),
    )
    redacted = redact(activity, names=KNOWN)
    assert (redacted.title, redacted.description) == ("周**的读书会", "欧***主持")
    assert (redacted.sources[0].title, redacted.sources[0].byline) == ("许**谈楼道改造", "周**")
    person = attrs.evolve(RESIDENT, position="许向前的邻居")
    assert redact(person, names=KNOWN).position == "许**的邻居"
    assert redact(activity) == activity  # no names given, none known: nothing to find


def test_a_persons_own_name_is_found_in_their_record() -> None:
    """A person's own name is looked for in their own record, with no names given."""
    person = attrs.evolve(RESIDENT, position="周福珍家庭代表")
    assert redact(person).position == "周**家庭代表"
    policy = RedactionPolicy.preset("pseudonym", key=KEY)
    redacted = redact(person, policy)
    assert redacted.position == f"{redacted.name}家庭代表"


def test_a_redactor_gives_what_redacting_the_dataset_gives() -> None:
    """Redacting record by record with the dataset's people is redacting the dataset."""
    page = suzhou_2023()
    for policy in (RedactionPolicy(), RedactionPolicy.preset("pseudonym", key=KEY)):
        redactor = Redactor.for_dataset(page, policy)
        assert Dataset.from_records(redactor(r) for r in page.records()) == redact(page, policy)


@settings(max_examples=examples(0.3))  # whole datasets: 30 under ci
@given(datasets())
def test_record_by_record_is_as_thorough_as_a_dataset(dataset: Dataset) -> None:
    """For any dataset, a Redactor given its people's names redacts each record exactly as
    redacting the whole dataset does."""
    policy = RedactionPolicy.preset("pseudonym", key=KEY)
    redactor = Redactor(policy, names=[person.name for person in dataset.people])
    assert [redactor(r) for r in dataset.records()] == list(redact(dataset, policy).records())


def test_source_urls_are_scanned_as_written_and_percent_decoded() -> None:
    """A URL that spells a name, raw or percent-escaped, or holds a phone is redacted; the
    rest of the URL is kept, and it is still a URL."""
    raw = Source(title="报道", url="https://example.cn/people/周福珍?tel=13812345678")
    escaped = Source(title="报道", url="https://example.cn/p/%E5%91%A8%E7%A6%8F%E7%8F%8D.html")
    redactor = Redactor(names=KNOWN)
    assert redactor(raw).url == "https://example.cn/people/周**?tel=138****5678"
    assert redactor(escaped).url == "https://example.cn/p/%E5%91%A8**.html"
    plain = Source(title="报道", url="https://example.cn/p/%E6%8A%A5%E9%81%93.html")
    assert redactor(plain) == plain  # nothing found: kept byte for byte


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周 福珍来了", "周**来了"),
        ("周　福　珍来了", "周**来了"),  # ideographic spaces
        ("周\u200b福珍来了", "周**来了"),  # a zero-width space
        ("周福 珍和许 向 前", "周**和许**"),
        ("周末, 福珍", "周末, 福珍"),  # not a name: 周 and 福珍 are not next to each other
    ],
)
def test_names_written_with_spaces_inside_are_found(text: str, expected: str) -> None:
    """周 福珍 is 周福珍: white space and invisible characters inside a name do not hide it."""
    assert Redactor(names=KNOWN).text(text) == expected


def test_a_name_written_with_a_space_is_looked_for_without_it() -> None:
    """A person recorded as 周 福珍 is found where text writes 周福珍, and the reverse."""
    assert Redactor(names=["周 福珍"]).text("周福珍说") == "周***说"
    assert Redactor(names=["周福珍"]).text("周 福 珍说") == "周**说"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13812345678。", "电话138****5678。"),
        ("电话 138 1234 5678 或 138-1234-5678", "电话 138******5678 或 138******5678"),
        ("拨+8613812345678", "拨+86138****5678"),
        ("座机0512-65123456", "座机0512-****3456"),
        ("身份证32050519900307123X", "身份证320***********123X"),
        ("身份证32050519900307123x号", "身份证320***********123x号"),
        ("旧证320505900307123", "旧证320********7123"),
        ("订单号2023081913812345678", "订单号2023081913812345678"),  # inside a longer number
        ("编号A32050519900307123X", "编号A32050519900307123X"),  # inside a longer code
    ],
)
def test_phones_and_identity_numbers_in_free_text_are_masked(text: str, masked: str) -> None:
    """Phone numbers (mobile in groups or not, with +86, landlines) and identity numbers (18
    characters or the 15 digits of the first generation) written in free text are masked by
    the mask policy; digits inside a longer number are left alone."""
    policy = RedactionPolicy(id_number=Action.MASK)
    assert Redactor(policy).text(text) == masked


def test_numbers_in_free_text_follow_the_policy_of_their_fields() -> None:
    """Removed identity numbers leave only asterisks; kept phones are kept."""
    text = "电话13812345678, 身份证32050519900307123X"
    assert Redactor().text(text) == "电话138****5678, 身份证" + "*" * 18
    kept = RedactionPolicy(phone=Action.KEEP, id_number=Action.KEEP)
    assert Redactor(kept).text(text) == text
    assert Redactor(RedactionPolicy(free_text=False), names=KNOWN).text(text) == text


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E0F)  # few: names share characters


@given(
    names=st.lists(st.text(CJK, min_size=2, max_size=4), min_size=1, max_size=8),
    pieces=st.lists(
        st.one_of(st.integers(0, 7), st.text(CJK, max_size=3), st.sampled_from([" ", "，"])),
        max_size=30,
    ),
    spaced=st.booleans(),
)
def test_no_known_name_survives_in_free_text(
    names: list[str], pieces: list[int | str], spaced: bool
) -> None:
    """Whatever the names (sharing characters, one inside another) and however text writes
    them (next to each other, with spaces inside), no known name is left in the text."""
    written = [
        (" ".join(names[piece % len(names)]) if spaced else names[piece % len(names)])
        if isinstance(piece, int)
        else piece
        for piece in pieces
    ]
    for policy in (RedactionPolicy(), RedactionPolicy(name=Action.PSEUDONYM, key=KEY)):
        redacted = re.sub(r"\s", "", Redactor(policy, names=names).text("".join(written)))
        assert not [name for name in names if name in redacted]


@given(people())
def test_phones_and_identity_numbers_never_survive_in_free_text(person: Person) -> None:
    """Any phone or identity number the model accepts, written in free text, is masked."""
    policy = RedactionPolicy(id_number=Action.MASK)
    for number in (person.phone, person.id_number):
        if number is None or "*" in number:
            continue
        redacted = Redactor(policy).text(f"联系{number}。")
        assert number not in redacted
        assert "*" in redacted


# -- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        (b"kept by the street office\n", b"kept by the street office"),
        (b"kept by the street office\r\n", b"kept by the street office"),
        (b" kept by the street office \n\n", b" kept by the street office \n"),
        (b"\x00\xff binary key of 16+ bytes", b"\x00\xff binary key of 16+ bytes"),
    ],
)
def test_a_key_file_is_read_as_written_less_one_line_end(
    tmp_path: Path, written: bytes, key: bytes
) -> None:
    """read_key takes a file's bytes as written (any bytes), less one final line ending."""
    path = tmp_path / "key"
    path.write_bytes(written)
    path.chmod(0o600)
    assert read_key(path) == key


def test_the_key_variable_is_utf8_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """COMMUNITY_MODEL_KEY is read as UTF-8 text, less one final line ending; unset or empty
    gives no key; a byte that is not UTF-8 (which Python keeps as a lone surrogate) is a
    ConfigurationError that does not show the key."""
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", "街道办事处的钥匙, kept safe\n")
    assert read_key() == "街道办事处的钥匙, kept safe".encode()
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", "")
    assert read_key() is None
    monkeypatch.delenv("COMMUNITY_MODEL_KEY")
    assert read_key() is None
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", "secret\udcffkey of the office")
    with pytest.raises(ConfigurationError) as caught:
        read_key()
    assert "COMMUNITY_MODEL_KEY is not UTF-8 text" in str(caught.value)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("size", [MAX_KEY_BYTES, MAX_KEY_BYTES + 1])
def test_a_key_file_is_read_up_to_its_bound(tmp_path: Path, size: int) -> None:
    """A key file of 4,096 bytes is a key; one byte more (even a line end) is refused, and no
    more than 4,097 bytes are read."""
    path = tmp_path / "key"
    path.write_bytes(b"k" * (size - 1) + b"\n")
    path.chmod(0o600)
    if size <= MAX_KEY_BYTES:
        assert read_key(path) == b"k" * (size - 1)
    else:
        with pytest.raises(ConfigurationError, match="at most 4,096 bytes"):
            read_key(path)
