"""Arrow tables: schemas generated from the classes, lossless both ways, problems with paths."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import typing
from decimal import Decimal
from typing import Annotated, Any, ClassVar

import annotated_types as at
import attrs
import hypothesis
import pyarrow as pa
import pytest
from hypothesis import given
from support import examples

from community_model import (
    ENTITY_TYPES,
    SCHEMA_VERSION,
    Activity,
    ActivityCategory,
    CommunityModelError,
    Count,
    Dataset,
    Entity,
    Funding,
    FundingSource,
    MissingExtraError,
    Money,
    Person,
    RecordKind,
    Ref,
    ServiceProject,
    Street,
    ValidationError,
    When,
    arrow_schema,
    dumps,
    from_arrow,
    json_schema,
    personal_fields,
    suzhou_2023,
    to_arrow,
)
from community_model._dataset.collection import COLLECTIONS as DATASET_LISTS
from community_model._rules import RefersTo
from community_model.strategies import datasets

EXAMPLE = suzhou_2023()
TIMESTAMP = pa.timestamp("us", tz="Asia/Shanghai")
TABLES = tuple(DATASET_LISTS.values())  # every list of a Dataset, in document order


def problems(tables: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    """(path, code) of every problem ``from_arrow`` reports."""
    with pytest.raises(ValidationError) as caught:
        from_arrow(tables, **options)
    return [(p.path, p.code) for p in caught.value.errors]


def replaced(table: pa.Table, name: str, values: list[Any], type_: Any = None) -> pa.Table:
    """``table`` with the column ``name`` replaced by ``values``."""
    index = table.schema.get_field_index(name)
    return table.set_column(index, name, pa.array(values, type_))


# -- the optional dependency ------------------------------------------------------------------


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_import_stays_light() -> None:
    """``import community_model`` imports neither pyarrow, polars, pandas nor numpy."""
    result = run_python(
        """
        import sys
        import community_model
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in
                       ("pyarrow", "polars", "pandas", "numpy", "duckdb"))
        print(heavy)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_a_missing_extra_is_named() -> None:
    """Without pyarrow (or polars, pandas), a function says which extra to install."""
    result = run_python(
        """
        import sys
        sys.modules["pyarrow"] = None  # as if it were not installed
        sys.modules["polars"] = None
        import community_model
        for call in (lambda: community_model.to_arrow([]),
                     lambda: community_model.arrow_schema(community_model.Activity)):
            try:
                call()
            except community_model.MissingExtraError as error:
                assert isinstance(error, ImportError) and error.extra == "arrow", error
                print(error)
        del sys.modules["pyarrow"]
        try:
            community_model.to_polars([])
        except community_model.MissingExtraError as error:
            print(error)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "to_arrow needs pyarrow, which is not installed: pip install 'community-model[arrow]'",
        "arrow_schema needs pyarrow, which is not installed: pip install 'community-model[arrow]'",
        "to_polars needs polars, which is not installed: pip install 'community-model[polars]'",
    ]
    assert issubclass(MissingExtraError, CommunityModelError)


# -- schemas ----------------------------------------------------------------------------------


def test_every_wire_field_is_a_column_in_wire_order() -> None:
    """One column per field of the JSON form, for every record kind, ``sources`` last."""
    for cls in ENTITY_TYPES:
        columns = arrow_schema(cls).names
        properties = list(json_schema(cls)["properties"])
        assert sorted(columns) == sorted(properties), cls.__name__
        assert columns[0] == "id"
        assert columns[-1] == "sources"


def test_schema_metadata_names_the_version_and_the_table() -> None:
    """The library version, the schema_version, the table and its record kind."""
    from importlib import metadata  # noqa: PLC0415

    info = arrow_schema(Activity).metadata
    assert info == {
        b"community_model.version": metadata.version("community-model").encode(),
        b"community_model.schema_version": str(SCHEMA_VERSION).encode(),
        b"community_model.table": b"activities",
        b"community_model.record_kind": b"activity",
    }


def test_value_types_are_structs_a_tool_can_use() -> None:
    """When, Count, Money, Ref and vocabularies as the issue asks."""
    schema = arrow_schema(Activity)
    when = [
        pa.field("text", pa.string()),
        pa.field("earliest", TIMESTAMP),
        pa.field("latest", TIMESTAMP),
        pa.field("precision", pa.dictionary(pa.int8(), pa.string())),
    ]
    period = arrow_schema(ServiceProject).field("period")
    assert period.type == pa.struct(when)
    assert period.nullable
    # An activity's time may be stated unknown: the same children, null when it is, and the
    # unknown's reason beside them.
    unknown = pa.field("unknown", pa.struct([pa.field("reason", pa.string())]))
    assert schema.field("when").type == pa.struct([*when, unknown])
    assert not schema.field("when").nullable
    participants = schema.field("participants")
    assert participants.nullable
    names = [f.name for f in participants.type]
    assert names == ["value", "qualifier", "unit", "minimum", "maximum"]
    assert participants.type.field("value").type == pa.int64()
    assert schema.field("category").type == pa.dictionary(pa.int8(), pa.string())
    organiser = schema.field("organisers").type.value_type
    assert [f.name for f in organiser] == ["kind", "id"]
    funding = arrow_schema(ServiceProject).field("funding").type.value_type
    amount = funding.field("amount").type
    assert amount.field("amount").type == pa.decimal128(38, 2)
    assert amount.field("currency").type == pa.dictionary(pa.int8(), pa.string())


def test_vocabularies_hold_every_code_in_their_dictionary() -> None:
    """A column's dictionary is the whole vocabulary, so batches and files share it."""
    column = to_arrow(EXAMPLE)["activities"].column("category").chunk(0)
    assert column.dictionary.to_pylist() == list(ActivityCategory.codes())


def test_personal_fields_and_references_are_marked() -> None:
    """Field metadata: personal = true, refers_to = the kind an id names."""
    people = arrow_schema(Person)
    marked = [f.name for f in people if (f.metadata or {}).get(b"personal") == b"true"]
    assert marked == list(personal_fields(Person))
    refers = {
        (cls.__name__, f.name): f.metadata[b"refers_to"].decode()
        for cls in ENTITY_TYPES
        for f in arrow_schema(cls)
        if f.metadata and b"refers_to" in f.metadata
    }
    assert refers == {
        ("Community", "street_id"): "street",
        ("PartyBranch", "host_community_id"): "community",
        ("PartyBranch", "host_organisation_id"): "organisation",
        ("PartyBranch", "parent_id"): "party_branch",
        ("PartyBranch", "secretary_id"): "person",
        ("Person", "community_id"): "community",
        ("ServiceProject", "community_ids"): "community",
        ("ServiceProject", "street_id"): "street",
        ("ServiceProject", "programme_id"): "service_project",
        ("Activity", "community_ids"): "community",
        ("Activity", "project_id"): "service_project",
        ("Activity", "partnership_id"): "partnership",
        ("ListItem", "list_id"): "service_list",
        ("ListItem", "community_id"): "community",
        ("ListItem", "project_id"): "service_project",
        ("Adoption", "item_id"): "list_item",
    }


@attrs.frozen(kw_only=True, slots=True)
class Petition(Entity):
    """A record kind the library does not have: its table comes from its annotations alone
    (a reference is one because it says so, never because of its name)."""

    record_kind: ClassVar[RecordKind] = RecordKind.ACTIVITY

    title: Annotated[str, at.MinLen(1)]
    signatures: Count
    filed: When | None = None
    topics: tuple[ActivityCategory, ...] = ()
    addressees: tuple[Ref, ...] = ()
    street_id: Annotated[str, RefersTo(RecordKind.STREET)] | None = None
    budget: Money | None = None


def children(struct: pa.StructType) -> list[tuple[str, pa.DataType]]:
    return [(field.name, field.type) for field in struct]


def schema_of(cls: type, name: str) -> Any:
    return arrow_schema(cls).field(name).type


def test_a_new_record_kind_maps_by_its_annotations() -> None:
    """Nothing lists fields by hand: a new class gets its columns from its types."""
    schema = arrow_schema(Petition)
    types = {field.name: field.type for field in schema}
    assert children(types["signatures"]) == children(schema_of(Activity, "participants"))
    assert children(types["filed"]) == children(schema_of(ServiceProject, "period"))
    assert types["topics"].value_type == pa.dictionary(pa.int8(), pa.string())
    assert types["budget"].field("amount").type == pa.decimal128(38, 2)
    assert schema.field("street_id").metadata == {b"refers_to": b"street"}
    assert b"community_model.table" not in schema.metadata  # not a list of a dataset


def test_arrow_schema_refuses_what_is_no_record() -> None:
    with pytest.raises(TypeError, match="not a record class"):
        arrow_schema(int)
    with pytest.raises(TypeError, match="not a record class"):
        arrow_schema(Dataset)


# -- both ways --------------------------------------------------------------------------------


def test_the_example_round_trips() -> None:
    """Dataset -> tables -> dataset, exactly, to the byte of its JSON; records of any kinds."""
    tables = to_arrow(EXAMPLE)
    assert list(tables) == list(TABLES)
    assert {name: table.num_rows for name, table in tables.items()} == {
        name: len(getattr(EXAMPLE, name)) for name in TABLES
    }
    assert from_arrow(tables) == EXAMPLE
    assert dumps(from_arrow(tables)) == dumps(EXAMPLE)  # 100 m² stays "100", not "100.000000"
    assert from_arrow(to_arrow(EXAMPLE.records())) == EXAMPLE
    assert from_arrow({}) == Dataset()


def test_derived_columns_hold_what_the_values_say() -> None:
    """earliest / latest / precision of a When, minimum / maximum of a Count."""
    table = to_arrow(EXAMPLE)["activities"]
    row = table.filter(pa.compute.equal(table["id"], "activity:caohu-free-clinic-3")).to_pylist()
    clinic = EXAMPLE.activity("activity:caohu-free-clinic-3")
    when, participants = row[0]["when"], row[0]["participants"]
    assert when["text"] == "2023/2023-08-19" == str(clinic.when)
    assert when["earliest"] == clinic.when.earliest
    assert when["latest"] == clinic.when.latest
    assert when["precision"] == "interval"
    assert participants == {
        "value": 400,
        "qualifier": "more_than",
        "unit": "people",
        "minimum": 401,
        "maximum": None,
    }


@hypothesis.settings(max_examples=examples(0.6))  # whole datasets: 60 under ci
@given(datasets())
def test_generated_datasets_round_trip_through_arrow(dataset: Dataset) -> None:
    """Any valid dataset comes back equal, and writes the same JSON."""
    back = from_arrow(to_arrow(dataset))
    assert back == dataset
    assert dumps(back) == dumps(dataset)


def test_tables_through_polars_come_back() -> None:
    """A table that went through polars (large strings, other dictionaries) still loads."""
    import polars as pl  # noqa: PLC0415

    tables = {name: pl.from_arrow(t).to_arrow() for name, t in to_arrow(EXAMPLE).items()}
    assert from_arrow(tables) == EXAMPLE


def test_plain_columns_from_other_tools_load() -> None:
    """Strings for vocabularies and times, decimals as strings: read by what they hold."""
    activities = to_arrow(EXAMPLE)["activities"]
    texts = [row["text"] for row in activities.column("when").to_pylist()]
    plain = replaced(activities, "when", texts)
    plain = replaced(plain, "category", activities.column("category").to_pylist())
    assert from_arrow({"activities": plain}).activities == EXAMPLE.activities


# -- problems ---------------------------------------------------------------------------------


def test_problems_name_the_table_row_and_column() -> None:
    """Every problem of every row, as loading JSON reports it, at $.<table>[<row>].<column>."""
    tables = to_arrow(EXAMPLE)
    activities = tables["activities"]
    titles = activities.column("title").to_pylist()
    titles[2] = "长" * 201
    categories = activities.column("category").to_pylist()
    categories[1] = "bazaar"
    participants = activities.column("participants").to_pylist()
    participants[6]["value"] = -1
    broken = replaced(activities, "title", titles)
    broken = replaced(broken, "category", categories)
    broken = replaced(
        broken, "participants", participants, activities.schema.field("participants").type
    )
    found = problems({**tables, "activities": broken})
    assert found == [
        ("$.activities[1].category", "enum"),
        ("$.activities[2].title", "too_long"),
        ("$.activities[6].participants.value", "too_small"),
    ]


def test_a_missing_column_is_one_problem_not_one_per_row() -> None:
    activities = to_arrow(EXAMPLE)["activities"].drop_columns(["when", "title"])
    assert problems({"activities": activities}) == [
        ("$.activities[*].title", "missing"),
        ("$.activities[*].when", "missing"),
    ]
    # An optional column may be left out.
    streets = to_arrow(EXAMPLE)["streets"].drop_columns(["code", "district", "sources"])
    assert len(from_arrow({"streets": streets}).streets) == 5


def test_unknown_columns_and_tables_are_refused_unless_lenient() -> None:
    streets = to_arrow(EXAMPLE)["streets"]
    coloured = streets.append_column("colour", pa.array(["red"] * streets.num_rows))
    assert problems({"streets": coloured, "petitions": streets})[:2] == [
        ("$.streets[0].colour", "unknown_field"),
        ("$.streets[1].colour", "unknown_field"),
    ]
    assert problems({"petitions": streets}) == [("$.petitions", "unknown_field")]
    lenient = from_arrow({"streets": coloured, "petitions": streets}, strict=False)
    assert lenient.streets == EXAMPLE.streets


def test_nulls_where_a_value_is_needed() -> None:
    streets = to_arrow(EXAMPLE)["streets"]
    names = streets.column("name").to_pylist()
    names[3] = None
    assert problems({"streets": replaced(streets, "name", names)}) == [
        ("$.streets[3].name", "null")
    ]


def test_a_newer_schema_version_is_refused() -> None:
    streets = to_arrow(EXAMPLE)["streets"]
    newer = streets.replace_schema_metadata(
        {**streets.schema.metadata, b"community_model.schema_version": b"99"}
    )
    with pytest.raises(ValidationError) as caught:
        from_arrow({"streets": newer})
    (found,) = caught.value.errors
    assert (found.path, found.code) == ("$.streets", "newer_schema")
    assert found.message == (
        "the table 'streets' was written with schema version 99, newer than this library "
        f"reads ({SCHEMA_VERSION}); upgrade community_model to read it"
    )
    # A table without our metadata (from another tool) is read by its columns.
    assert from_arrow({"streets": streets.replace_schema_metadata(None)}).streets == (
        EXAMPLE.streets
    )


def test_money_beyond_decimal128_is_refused_at_its_row() -> None:
    """Arrow's decimal128 holds 36 digits of yuan; more is refused, not cut."""
    project = EXAMPLE.service_projects[2]
    huge = Funding(source=FundingSource.GOVERNMENT, amount=Money(amount=Decimal(10) ** 40))
    dataset = attrs.evolve(
        EXAMPLE,
        service_projects=(*EXAMPLE.service_projects[:2], attrs.evolve(project, funding=(huge,))),
    )
    with pytest.raises(ValidationError) as caught:
        to_arrow(dataset)
    (found,) = caught.value.errors
    assert (found.path, found.code) == ("$.service_projects[2].funding", "arrow_range")


def test_money_keeps_its_value_and_currency() -> None:
    """Amounts come back as written (120.5, not 120.50); another currency is refused."""
    project = attrs.evolve(
        EXAMPLE.service_projects[2],
        funding=(Funding(source=FundingSource.GOVERNMENT, amount=Money.parse("120.5")),),
    )
    table = to_arrow([project])["service_projects"]
    funding = table.column("funding").to_pylist()[0][0]
    assert funding["amount"] == {
        "amount": Decimal("120.50"),  # the column's scale: 2 places
        "amount_places": 1,  # the places written
        "currency": "CNY",
    }
    (back,) = from_arrow({"service_projects": table}).service_projects
    assert back == project
    assert str(back.funding[0].amount) == "120.5"
    funding["amount"]["currency"] = "USD"
    other = replaced(table, "funding", [[funding]], table.schema.field("funding").type)
    with pytest.raises(ValidationError, match=r"120\.5 USD"):
        from_arrow({"service_projects": other})


def test_record_batches_are_tables_too() -> None:
    batch = to_arrow(EXAMPLE)["streets"].to_batches()[0]
    assert from_arrow({"streets": batch}).streets == EXAMPLE.streets


def test_a_street_table_reads_by_name_and_type() -> None:
    """The types a tool reads: dictionary codes, strings, lists of structs."""
    street = to_arrow([EXAMPLE.streets[0]])["streets"].to_pylist()[0]
    assert street["kind"] == "subdistrict"
    assert street["code"] == "320508024@2023"
    assert isinstance(EXAMPLE.streets[0], Street)
    assert typing.get_type_hints(Street)["kind"].__name__ == "StreetKind"
