"""Sharded JSON Lines validated and converted on a local Dask cluster of two worker processes.

The cluster is started and stopped by the tests. On a generated sharded export with planted
faults (lines that are not JSON, break rules, are too long; an unreadable shard; files split
into many blocks), the cluster gives the problems and the Parquet files of the single-process
path, byte for byte; a worker killed in the middle of a run changes nothing; a run after a crash
resumes from its committed parts, or starts clean when the files changed.
"""

from __future__ import annotations

import filecmp
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from faults import EVERY_CODE, faulty_datasets, planted
from hypothesis import given, settings
from support import examples

import community_model as cm
from community_model import FileProblem, Limits, write_jsonl, write_parquet
from community_model._scale._found import UNREADABLE
from community_model._scale._parts import Block, blocks_of, convert_block
from community_model._wire.jsonl import numbered_lines

distributed = pytest.importorskip("distributed")

LIMITS = Limits(max_line_bytes=4096)
BLOCKSIZE = 20_000


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A local cluster of two worker processes, one thread each, for the module's tests."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _renamed(record: cm.Entity, tail: str) -> cm.Entity:
    return attrs.evolve(record, id=f"{record.id}-{tail}")


def sharded_export(directory: Path, shards: int = 3, copies: int = 12) -> list[str]:
    """Shards of the example page repeated with new ids; faults planted in some of them."""
    example = list(cm.suzhou_2023().records())
    files = []
    for shard in range(shards):
        file = directory / f"shard-{shard}.jsonl"
        write_jsonl(
            [_renamed(record, f"{shard}-{n}") for n in range(copies) for record in example], file
        )
        files.append(str(file))
    with open(files[1], "ab") as handle:  # a line that breaks rules, one not JSON, one too long
        handle.write(b'{"type": "street", "id": 5}\nnot json at all\n\n')
        handle.write(b'{"type": "street", "name": "' + ("长" * 3000).encode() + b'"}\n')
    with open(files[0], "r+b") as handle:  # a line in the middle of the first file, broken
        lines = handle.read().split(b"\n")
        lines[100] = lines[100][:-2]
        handle.seek(0)
        handle.write(b"\n".join(lines))
        handle.truncate()
    (directory / "not-a-file.jsonl").mkdir()
    files.append(str(directory / "not-a-file.jsonl"))
    files.append(str(directory / "missing.jsonl"))
    return files


def single_process(files: list[str], target: Path) -> list[FileProblem]:
    """What one process finds and writes: each file's lines in order, as ``validate`` reads
    them; the good records written by ``write_parquet``."""
    good: list[cm.Entity] = []
    problems: list[FileProblem] = []
    for file in files:
        if not os.path.isfile(file):
            reason = "Is a directory" if os.path.isdir(file) else "No such file or directory"
            problems.append(FileProblem(file, UNREADABLE.at("$", reason=reason)))
            continue
        for number, record, found in numbered_lines(file, limits=LIMITS):
            if record is None:
                problems.extend(FileProblem(file, problem) for problem in found)
                continue
            good.append(record)
            problems.extend(
                FileProblem(file, attrs.evolve(warning, line=number))
                for warning in record.warnings()
            )
    write_parquet(good, target)
    return problems


def same_files(one: Path, other: Path) -> bool:
    names = sorted(os.listdir(one))
    return names == sorted(os.listdir(other)) and all(
        filecmp.cmp(one / name, other / name, shallow=False) for name in names
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, list[FileProblem]]:
    directory = tmp_path_factory.mktemp("export")
    files = sharded_export(directory)
    expected = single_process(files, directory / "single")
    return files, directory / "single", expected


def _messages(problems: tuple[FileProblem, ...] | list[FileProblem]) -> list[tuple[str, str]]:
    return [(found.file, str(found)) for found in problems]


def test_the_cluster_finds_and_writes_what_one_process_does(
    client: distributed.Client,
    export: tuple[list[str], Path, list[FileProblem]],
    tmp_path: Path,
) -> None:
    """Same problems (file, line, path, message), same Parquet files byte for byte."""
    files, single, expected = export
    report = cm.convert_shards(
        files, tmp_path / "out", client=client, blocksize=BLOCKSIZE, limits=LIMITS
    )
    assert report.parts > 10  # the files were split, lines numbered across blocks
    assert _messages(report.problems) == _messages(expected)
    assert list(report.problems) == expected
    assert same_files(single, tmp_path / "out")
    assert report.failed_files == tuple(files[-2:])
    assert {found.code for found in report.problems} >= {
        "type",
        "json_syntax",
        "limit",
        "unreadable_file",
    }
    assert not (tmp_path / ".out.work").exists()


def test_in_process_is_the_same_path(
    export: tuple[list[str], Path, list[FileProblem]], tmp_path: Path
) -> None:
    """``workers=0``: the same blocks and parts in this process, without Dask."""
    files, single, expected = export
    report = cm.convert_shards(
        files, tmp_path / "out", workers=0, blocksize=BLOCKSIZE, limits=LIMITS
    )
    assert list(report.problems) == expected
    assert same_files(single, tmp_path / "out")


def test_a_worker_killed_mid_run_changes_nothing(
    client: distributed.Client, tmp_path: Path
) -> None:
    """Dask runs the killed worker's tasks again; committed parts are read back, never doubled."""
    files = sharded_export(tmp_path, shards=4, copies=40)
    expected = single_process(files, tmp_path / "single")
    work = tmp_path / "work"
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["report"] = cm.convert_shards(
                files,
                tmp_path / "out",
                client=client,
                blocksize=50_000,
                limits=LIMITS,
                work_directory=work,
            )
        except BaseException as error:  # pragma: no cover - reported below
            outcome["error"] = error

    pids = client.run(os.getpid)
    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    parts = work / "parts"
    while time.monotonic() < deadline:  # wait until some blocks are committed, not all
        committed = (
            [p for p in parts.iterdir() if not p.name.startswith(".")] if parts.exists() else []
        )
        if len(committed) >= 3:
            break
        time.sleep(0.01)
    busy = [address for address, tasks in client.processing().items() if tasks]
    victim = busy[0] if busy else next(iter(pids))
    os.kill(pids[victim], signal.SIGKILL)
    killed_mid_run = thread.is_alive()
    thread.join(timeout=300)
    assert "error" not in outcome, outcome.get("error")
    assert killed_mid_run
    report = outcome["report"]
    assert isinstance(report, cm.ShardReport)
    assert list(report.problems) == expected
    assert same_files(tmp_path / "single", tmp_path / "out")
    client.wait_for_workers(2, timeout=120)


def test_a_run_after_a_crash_resumes_or_starts_clean(
    export: tuple[list[str], Path, list[FileProblem]], tmp_path: Path
) -> None:
    """Committed parts of the same plan are reused; a changed file throws them all away."""
    files, single, expected = export
    out, work = tmp_path / "out", tmp_path / "work"
    cm.convert_shards(
        files[:1], out, workers=0, blocksize=BLOCKSIZE, limits=LIMITS, work_directory=work
    )
    # A crashed run of the whole export: the manifest and some parts, a part half written.
    from community_model._scale import _shards  # noqa: PLC0415

    plan = _shards._plan(files, BLOCKSIZE)
    options = {
        "blocksize": BLOCKSIZE,
        "strict": True,
        "limits": attrs.asdict(LIMITS),
        "batch_rows": _shards.BATCH_ROWS,
        "lines": False,
    }
    assert not _shards._prepare(work, _shards._manifest(plan, options))
    for block in plan.blocks[:5]:
        convert_block(block, str(work / "parts"), strict=True, limits=LIMITS, batch_rows=10_000)
    (work / "parts" / f".{plan.blocks[5].key}.dead.tmp").mkdir()
    report = cm.convert_shards(
        files, out, workers=0, blocksize=BLOCKSIZE, limits=LIMITS, work_directory=work
    )
    assert list(report.problems) == expected
    assert same_files(single, out)
    # A crashed run whose files changed since: nothing of it is kept.
    assert not _shards._prepare(work, _shards._manifest(plan, options))
    for block in plan.blocks[:5]:
        convert_block(block, str(work / "parts"), strict=True, limits=LIMITS, batch_rows=10_000)
    with open(files[2], "ab") as handle:
        handle.write(b"{}\n")
    again = cm.convert_shards(
        files, out, workers=0, blocksize=BLOCKSIZE, limits=LIMITS, work_directory=work
    )
    fresh = single_process(files, tmp_path / "fresh")
    assert list(again.problems) == fresh
    assert same_files(tmp_path / "fresh", out)


@pytest.mark.filterwarnings("ignore::community_model.DomainWarning")
def test_each_records_checks_run_on_the_cluster(client: distributed.Client, tmp_path: Path) -> None:
    """``check_export`` of Parquet with a client: the per-record checks as tasks, same problems."""
    example = cm.suzhou_2023()
    branches = list(example.party_branches)
    branches[0] = attrs.evolve(branches[0], members=cm.Count(value=4))  # a 党委 of 4: a warning
    communities = list(example.communities)
    communities[0] = attrs.evolve(communities[0], street_id="street:gone")
    dataset = attrs.evolve(example, party_branches=tuple(branches), communities=tuple(communities))
    write_parquet(dataset, tmp_path)
    found = list(cm.check_export(tmp_path, client=client, threads=1))
    assert [problem.problem for problem in found] == dataset.check()
    assert {problem.severity for problem in found} == {cm.Severity.ERROR, cm.Severity.WARNING}


@pytest.mark.filterwarnings("ignore::community_model.DomainWarning")
def test_the_dataset_checks_run_on_dask_dataframes_on_the_cluster(
    client: distributed.Client, tmp_path: Path
) -> None:
    """``engine="dask"``: every kind of fault found on the cluster, as ``Dataset.check()``."""
    dataset = planted()
    write_parquet(dataset, tmp_path)
    found = list(cm.check_export(tmp_path, engine="dask", client=client))
    assert [problem.problem for problem in found] == dataset.check()
    assert {problem.code for problem in found} >= EVERY_CODE
    for problem in found:
        table = problem.path.split("[", 1)[0].removeprefix("$.")
        assert problem.file == os.path.join(tmp_path, f"{table}.parquet")
    only = list(cm.check_export(tmp_path, engine="dask", client=client, record_checks=False))
    assert [problem.problem for problem in only] == [
        problem for problem in dataset.check() if problem.code in EVERY_CODE
    ]


# Dask plans and runs hundreds of tasks for each dataset, however small: seconds per example.
@settings(max_examples=examples(0.12), deadline=None)  # 12 under ci
@given(faulty_datasets())
@pytest.mark.filterwarnings("ignore::community_model.DomainWarning")
def test_the_dataset_checks_on_dask_dataframes_are_those_of_the_dataset(
    dataset: cm.Dataset,
) -> None:
    """For any generated dataset with planted faults, in this process (``workers=0``)."""
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        found = list(cm.check_export(directory, engine="dask", workers=0))
    assert [problem.problem for problem in found] == dataset.check()


def test_the_dask_engine_checks_parquet(tmp_path: Path) -> None:
    """JSON Lines are converted first; an unknown engine is refused by name."""
    write_jsonl(cm.suzhou_2023().records(), tmp_path / "a.jsonl")
    with pytest.raises(ValueError, match="convert JSON Lines first"):
        cm.check_export(tmp_path / "a.jsonl", engine="dask")
    with pytest.raises(ValueError, match="engine must be 'duckdb' or 'dask'"):
        cm.check_export(tmp_path / "a.jsonl", engine="spark")


def test_blocks_own_the_lines_that_start_in_them(tmp_path: Path) -> None:
    """Every line in exactly one block, whatever the cut, and numbered in its file."""
    file = tmp_path / "lines.jsonl"
    example = list(cm.suzhou_2023().records())[:20]
    write_jsonl(example, file)
    size = file.stat().st_size
    whole = [(n, r) for n, r, _ in numbered_lines(str(file))]
    for blocksize in (97, 1000, size // 3, size - 1, size, size + 1):
        blocks = blocks_of(str(file), 0, size, blocksize)
        assert all(isinstance(block, Block) for block in blocks)
        parts = tmp_path / f"parts-{blocksize}"
        results = [
            convert_block(block, str(parts), strict=True, limits=None, batch_rows=10)
            for block in blocks
        ]
        assert sum(result.lines for result in results) == len(whole)
        assert sum(sum(result.rows.values()) for result in results) == len(example)
