"""References read from their declarations: every one found, every one rewritten, none else."""

import attrs
import pytest

from community_model import Funding, Partnership, RecordKind, Ref, ServiceProject, Unknown
from community_model._examples import suzhou_2023
from community_model._references import reference_fields, references, rewrite_references

RECORDS = list(suzhou_2023().records())


def _renamed(kind: RecordKind, ident: str) -> str:
    return f"{kind.value}/{ident}"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_a_rewrite_changes_every_reference_and_nothing_else(record: object) -> None:
    """After a rewrite, the record holds the same references at the same paths, each id
    changed by the function (given the kind it points to); every other field is unchanged."""
    rewritten = rewrite_references(record, _renamed)
    assert list(references(rewritten)) == [
        (path, kind, _renamed(kind, ident)) for path, kind, ident in references(record)
    ]
    assert type(rewritten) is type(record)
    ids = {path.split(".")[1].split("[")[0] for path, _, _ in references(record)}
    for field in attrs.fields(type(record)):
        if field.name not in ids:
            assert getattr(rewritten, field.name) == getattr(record, field.name)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_a_rewrite_that_changes_nothing_gives_the_record_itself(record: object) -> None:
    """Ids mapped to themselves, or to equal text, leave the very same record (nothing is
    copied)."""
    assert rewrite_references(record, lambda kind, ident: ident) is record
    assert rewrite_references(record, lambda kind, ident: (ident + "!")[:-1]) is record


def test_references_of_the_example_are_found() -> None:
    """The example holds references of each form: ids, refs, in lists and inside parts."""
    found = [ref for record in RECORDS for ref in references(record)]
    assert any("[" in path for path, _, _ in found)  # in lists
    kinds = {kind for _, kind, _ in found}
    assert {RecordKind.STREET, RecordKind.COMMUNITY, RecordKind.ORGANISATION} <= kinds


def test_unknown_references_are_kept_as_they_are() -> None:
    """A party the source does not name is no reference: not listed, not rewritten; a ref
    keeps its kind and only its id changes."""
    unknown = Unknown(reason="报道未说明")
    agreement = Partnership(
        id="partnership:x",
        parties=(unknown, Ref(kind=RecordKind.ORGANISATION, id="org:x")),
    )
    assert list(references(agreement)) == [
        ("$.parties[1]", RecordKind.ORGANISATION, "org:x"),
    ]
    rewritten = rewrite_references(agreement, _renamed)
    assert rewritten.parties == (
        unknown,
        Ref(kind=RecordKind.ORGANISATION, id="organisation/org:x"),
    )
    assert rewritten.parties[0] is unknown


def test_fields_say_the_form_of_their_references() -> None:
    """A project refers by ids (one or a list), by refs of the kinds allowed, and through the
    parts that hold references themselves (its funding's provider), named with their class."""
    fields = {field.name: field for field in reference_fields(ServiceProject)}
    assert (fields["street_id"].form, fields["street_id"].many) == ("id", False)
    assert fields["street_id"].kinds == (RecordKind.STREET,)
    assert (fields["community_ids"].form, fields["community_ids"].many) == ("id", True)
    assert (fields["lead"].form, fields["lead"].many) == ("ref", False)
    assert RecordKind.ORGANISATION in fields["lead"].kinds
    assert (fields["partners"].form, fields["partners"].many) == ("ref", True)
    funding = fields["funding"]
    assert (funding.form, funding.many, funding.kinds, funding.part) == (
        "record",
        True,
        (),
        Funding,
    )
    assert [f.name for f in reference_fields(Funding)] == ["provider"]
    assert all(field.part is None for field in fields.values() if field.form != "record")
    assert reference_fields(ServiceProject) is reference_fields(ServiceProject)
