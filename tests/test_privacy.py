"""Personal data: declared once, visible in the schema, redacted by policy, hidden from repr."""

import attrs
import pytest
from hypothesis import given, settings
from support import examples

from community_model import (
    Action,
    CommunityModelError,
    Dataset,
    Person,
    RedactionPolicy,
    Role,
    dumps,
    loads,
    redact,
)
from community_model._examples import suzhou_2023
from community_model.strategies import datasets

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
    other = redact(RESIDENT, RedactionPolicy.preset("pseudonym", key=b"another key"))
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
    assert repr(attrs.evolve(RESIDENT, phone=None)).count("None") >= 2
    assert "kept by" not in repr(RedactionPolicy.preset("pseudonym", key=KEY))
