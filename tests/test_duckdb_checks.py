"""The out-of-core checks (DuckDB over Parquet) find what ``Dataset.check()`` finds.

For any generated dataset with faults planted in it (duplicate ids, references that do not
resolve, community codes outside their street's, cycles of parents, activities outside their
project's life, lists whose items or adoptions disagree with them), ``check_export`` over its
Parquet export gives the same problems, with the same paths, messages and order; over its JSON
Lines, the same problems at their lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import community_model as cm
from community_model import (
    Activity,
    Adoption,
    AdoptionRole,
    Count,
    Dataset,
    DivisionCode,
    ItemStatus,
    ListItem,
    ListKind,
    MeasureWord,
    RecordKind,
    Ref,
    ServiceList,
    When,
    check_export,
    write_jsonl,
    write_parquet,
)
from community_model._errors import Message
from community_model._references import rewrite_references
from community_model.strategies import datasets

# Generated records may break conventions on purpose (allow_warnings): the checks report them.
pytestmark = pytest.mark.filterwarnings("ignore::community_model.DomainWarning")

Fault = Callable[[st.DrawFn, Dataset], Dataset]


def _replace(dataset: Dataset, name: str, position: int, record: object) -> Dataset:
    items = list(getattr(dataset, name))
    items[position] = record
    return attrs.evolve(dataset, **{name: tuple(items)})


def duplicate(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A record again, anywhere in its list: its id used twice."""
    names = [name for name, items in dataset._by_kind() if items]
    if not names:
        return dataset
    name = draw(st.sampled_from(names))
    items = list(getattr(dataset, name))
    copy = items[draw(st.integers(0, len(items) - 1))]
    items.insert(draw(st.integers(0, len(items))), copy)
    return attrs.evolve(dataset, **{name: tuple(items)})


def dangling(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """Some references of one record renamed to ids no record has."""
    records = [(name, i) for name, items in dataset._by_kind() for i in range(len(items))]
    if not records:
        return dataset
    name, position = draw(st.sampled_from(records))
    record = getattr(dataset, name)[position]

    def change(kind: RecordKind, ident: str) -> str:
        return f"{ident}-gone" if draw(st.booleans()) else ident

    try:
        changed = rewrite_references(record, change)
    except cm.ValidationError:  # an id grown past its length
        return dataset
    return _replace(dataset, name, position, changed)


def wrong_code(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A community's code moved to another township than its street's (or another edition)."""
    streets = {street.id: street for street in dataset.streets if street.code is not None}
    candidates = [
        i
        for i, community in enumerate(dataset.communities)
        if community.code is not None and community.street_id in streets
    ]
    if not candidates:
        return dataset
    position = draw(st.sampled_from(candidates))
    community = dataset.communities[position]
    assert community.code is not None
    digits = community.code.digits
    township = int(digits[6:9])
    other = f"{digits[:6]}{(township + 1) % 1000:03d}{digits[9:]}"
    edition = draw(st.sampled_from([community.code.edition, 2016, 2023]))
    try:
        code = DivisionCode(digits=other, edition=edition)
        changed = attrs.evolve(community, code=code)
    except cm.ValidationError:
        return dataset
    return _replace(dataset, "communities", position, changed)


def cycle(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """Party organisations (or projects) that are each other's parents."""
    name, field = draw(
        st.sampled_from([("party_branches", "parent_id"), ("service_projects", "programme_id")])
    )
    items = list(getattr(dataset, name))
    if len({item.id for item in items}) < 2:
        return dataset
    # positions of distinct ids (a duplicate planted before would name itself)
    members = draw(
        st.lists(
            st.integers(0, len(items) - 1),
            min_size=2,
            max_size=len(items),
            unique_by=lambda position: items[position].id,
        )
    )
    for here, there in zip(members, [*members[1:], members[0]], strict=True):
        items[here] = attrs.evolve(items[here], **{field: items[there].id})
    return attrs.evolve(dataset, **{name: tuple(items)})


def outside_project(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """An activity of a project dated years before or after the project's life."""
    projects = [p for p in dataset.service_projects if p.period is not None]
    if not projects or not dataset.activities:
        return dataset
    project = draw(st.sampled_from(projects))
    position = draw(st.integers(0, len(dataset.activities) - 1))
    earliest = project.period.earliest if project.period else None
    year = 1990 if earliest is None or earliest.year > 2000 else 2090
    year = draw(st.sampled_from([year, 2023]))
    activity: Activity = attrs.evolve(
        dataset.activities[position], project_id=project.id, when=When.year(year)
    )
    return _replace(dataset, "activities", position, activity)


def lists(draw: st.DrawFn, dataset: Dataset) -> Dataset:
    """A list with items and adoptions: more items than it reports, items open but adopted."""
    keepers = [street.ref for street in dataset.streets] or [
        Ref(kind=RecordKind.STREET, id="street:gone")
    ]
    adopters = [o.ref for o in dataset.organisations] or [
        Ref(kind=RecordKind.ORGANISATION, id="organisation:gone")
    ]
    reported = draw(st.integers(0, 3))
    found = draw(st.integers(0, 4))
    service_list = ServiceList(
        id=f"service_list:{len(dataset.service_lists) + 1}",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=draw(st.sampled_from(keepers)),
        items_collected=Count(value=reported, unit=MeasureWord.ITEMS),
    )
    items = [
        ListItem(
            id=f"list_item:{service_list.id}-{n}",
            list_id=service_list.id,
            title=f"需求{n}",
            status=draw(st.sampled_from(list(ItemStatus))),
        )
        for n in range(found)
    ]
    adoptions = [
        Adoption(
            id=f"adoption:{item.id}-{n}",
            item_id=item.id,
            adopter=draw(st.sampled_from(adopters)),
            roles=(AdoptionRole.FUND,),
        )
        for item in items
        for n in range(draw(st.integers(0, 2)))
    ]
    return attrs.evolve(
        dataset,
        service_lists=(*dataset.service_lists, service_list),
        list_items=(*dataset.list_items, *items),
        adoptions=(*dataset.adoptions, *adoptions),
    )


FAULTS: tuple[Fault, ...] = (duplicate, dangling, wrong_code, cycle, outside_project, lists)


@st.composite
def faulty_datasets(draw: st.DrawFn) -> Dataset:
    """A generated dataset with up to four faults planted in it."""
    dataset = draw(datasets(allow_warnings=True))
    for fault in draw(st.lists(st.sampled_from(FAULTS), max_size=4)):
        dataset = fault(draw, dataset)
    return dataset


def _check(source: Path | list[str]) -> list[cm.FileProblem]:
    return list(check_export(source, memory_limit="512MB", threads=1))


@given(faulty_datasets())
def test_the_checks_of_a_parquet_export_are_those_of_the_dataset(dataset: Dataset) -> None:
    """Same problems, paths, messages and order; each names its table's file."""
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        found = _check(Path(directory))
    assert [problem.problem for problem in found] == dataset.check()
    for problem in found:
        table = problem.path.split("[", 1)[0].removeprefix("$.")
        assert problem.file == os.path.join(directory, f"{table}.parquet")


@given(faulty_datasets(), st.integers(1, 40))
def test_the_summary_of_a_parquet_export_is_that_of_the_dataset(
    dataset: Dataset, records_per_batch: int
) -> None:
    """Out of core, a batch of records at a time, the figures of ``Dataset.summary()``."""
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        found = cm.summarise_export(
            directory, memory_limit="512MB", threads=1, records_per_batch=records_per_batch
        )
        # The records as the export holds them: a summary counts a record listed twice as one
        # when it is the same object in memory, as two once read back (two objects).
        loaded = cm.from_arrow(
            {path.stem: pq.read_table(path) for path in Path(directory).glob("*.parquet")}
        )
    assert found == loaded.summary()


@given(faulty_datasets(), st.integers(1, 40))
def test_the_views_of_a_parquet_export_are_those_of_the_dataset(
    dataset: Dataset, records_per_batch: int
) -> None:
    """Out of core, a batch of records at a time, the rows of ``analysis_views()``."""
    expected = cm.analysis_views(dataset)
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        target = Path(directory) / "views"
        rows = cm.write_analysis_views(
            directory, target, memory_limit="512MB", threads=1, records_per_batch=records_per_batch
        )
        found = {name: pq.read_table(target / f"{name}.parquet") for name in expected}
        assert sorted(path.name for path in target.iterdir()) == sorted(
            f"{name}.parquet" for name in expected
        )
    assert rows == {name: table.num_rows for name, table in expected.items()}
    for name, table in expected.items():
        assert found[name].equals(table), name


def test_a_summary_needs_every_record_to_load(tmp_path: Path) -> None:
    """A row that does not load is named at its row; nothing is summarised from half."""
    example = cm.suzhou_2023()
    write_parquet(example, tmp_path)
    table = pq.read_table(tmp_path / "communities.parquet")
    names = table.column("name").to_pylist()
    names[2] = ""
    changed = table.set_column(
        table.schema.get_field_index("name"), table.schema.field("name"), pa.array(names)
    )
    pq.write_table(changed, tmp_path / "communities.parquet")
    with pytest.raises(cm.ValidationError) as error:
        cm.summarise_export(tmp_path, memory_limit="512MB", records_per_batch=3)
    assert {problem.path for problem in error.value.errors} == {"$.communities[2].name"}


def test_summaries_need_a_parquet_export(tmp_path: Path) -> None:
    """JSON Lines are converted first (convert_shards): said by name."""
    write_jsonl(cm.suzhou_2023().records(), tmp_path / "a.jsonl")
    with pytest.raises(FileNotFoundError, match="not a directory of Parquet files"):
        cm.summarise_export(tmp_path / "a.jsonl")


def _planted() -> Dataset:
    """The example page with one fault of each kind planted in it."""
    example = cm.suzhou_2023()
    branches = list(example.party_branches)
    branches[0] = attrs.evolve(branches[0], parent_id=branches[1].id)
    branches[1] = attrs.evolve(branches[1], parent_id=branches[0].id)
    communities = list(example.communities)
    communities[0] = attrs.evolve(communities[0], code=DivisionCode.parse("320599024001"))
    communities[1] = attrs.evolve(communities[1], street_id="street:gone")
    projects = [p for p in example.service_projects if p.period is not None]
    activities = list(example.activities)
    activities[0] = attrs.evolve(activities[0], project_id=projects[0].id, when=When.year(1990))
    planted = attrs.evolve(
        example,
        streets=(*example.streets, example.streets[0]),
        party_branches=tuple(branches),
        communities=tuple(communities),
        activities=tuple(activities),
    )
    service_list = ServiceList(
        id="service_list:planted",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=example.streets[0].ref,
        items_collected=Count(value=1, unit=MeasureWord.ITEMS),
    )
    items = tuple(
        ListItem(id=f"list_item:planted-{n}", list_id=service_list.id, title=f"需求{n}")
        for n in range(2)
    )
    items = (attrs.evolve(items[0], status=ItemStatus.OPEN), items[1])
    adoption = Adoption(
        id="adoption:planted",
        item_id=items[0].id,
        adopter=example.organisations[0].ref,
        roles=(AdoptionRole.FUND,),
    )
    return attrs.evolve(
        planted,
        service_lists=(*planted.service_lists, service_list),
        list_items=(*planted.list_items, *items),
        adoptions=(*planted.adoptions, adoption),
    )


EVERY_CODE = {
    "duplicate_id",
    "unresolved_reference",
    "code_outside_street",
    "parent_cycle",
    "outside_project",
    "list_totals",
    "item_status",
}


def test_every_kind_of_fault_is_found(tmp_path: Path) -> None:
    """One export with each fault planted once: every code of the checks, at its place."""
    dataset = _planted()
    write_parquet(dataset, tmp_path)
    found = _check(tmp_path)
    assert [problem.problem for problem in found] == dataset.check()
    assert {problem.code for problem in found} >= EVERY_CODE


def test_json_lines_shards_are_checked_at_their_files_and_lines(tmp_path: Path) -> None:
    """JSON Lines converted on the fly: the dataset's problems, each at its file and line."""
    dataset = _planted()
    records = list(dataset.records())
    half = len(records) // 2
    files = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    write_jsonl(records[:half], files[0])
    write_jsonl(records[half:], files[1])
    found = _check(files)
    where: dict[tuple[str, int], tuple[str, int]] = {}
    seen: dict[str, int] = {}
    for number, record in enumerate(records):
        name = cm.Dataset.from_records([record])._by_kind()
        table = next(n for n, items in name if items)
        position = seen.get(table, 0)
        seen[table] = position + 1
        file = files[0] if number < half else files[1]
        where[table, position] = (file, number + 1 if number < half else number - half + 1)
    expected = []
    for problem in dataset.check():
        table, rest = problem.path.removeprefix("$.").split("[", 1)
        position, rest = rest.split("]", 1)
        file, line = where[table, int(position)]
        expected.append((file, attrs.evolve(problem, path="$" + rest, line=line)))
    assert [(problem.file, problem.problem) for problem in found] == expected
    assert {problem.code for problem in found} >= EVERY_CODE


def test_a_partitioned_export_is_refused_by_name(tmp_path: Path) -> None:
    """The checks need rows in the order written: one file per kind."""
    write_parquet(cm.suzhou_2023(), tmp_path, partition_by=["category"])
    with pytest.raises(ValueError, match="partitioned"):
        _check(tmp_path)


def test_import_community_model_imports_neither_duckdb_nor_dask() -> None:
    """The extras load on first use only."""
    code = (
        "import sys, community_model; "
        "print(sorted(m for m in ('duckdb', 'dask', 'distributed', 'pyarrow') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing duckdb (or dask) raises MissingExtraError naming the extra to install."""
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(cm.MissingExtraError, match=r"community-model\[duckdb\]") as error:
        check_export("anywhere")
    assert error.value.extra == "duckdb"
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(cm.MissingExtraError, match=r"community-model\[dask\]"):
        cm.convert_shards(["anywhere.jsonl"], "out", workers=2)


def test_every_check_of_the_dataset_has_its_query() -> None:
    """A check added to integrity.py without its query here would be missed out of core."""
    from community_model._dataset import integrity  # noqa: PLC0415
    from community_model._scale import _duck  # noqa: PLC0415

    declared = {value.code for value in vars(integrity).values() if isinstance(value, Message)}
    queried = {value.code for value in vars(_duck).values() if isinstance(value, Message)}
    assert queried == declared
