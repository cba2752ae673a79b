"""Trusted with real data: shared between threads, never losing a saved file, exact round trips."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from community_model import (
    Activity,
    ActivityCategory,
    Dataset,
    ProjectStatus,
    When,
    dumps,
    load_dataset,
    loads,
    read_jsonl,
    save_dataset,
    write_jsonl,
)
from community_model._examples import suzhou_2023

PAGE = suzhou_2023()


def test_threads_share_the_converter_and_the_indexes() -> None:
    """Eight threads load and query at once, from fresh compiled loaders and a fresh index."""
    text = dumps(PAGE)
    lines = io.StringIO()
    write_jsonl(PAGE.records(), lines)
    shared = Dataset.from_records(PAGE.records())  # its index is built by whichever thread wins
    expected_summary = PAGE.summary()
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def work(number: int) -> None:
        try:
            start.wait()
            for _ in range(30):
                assert loads(text, Dataset) == PAGE
                assert tuple(read_jsonl(io.StringIO(lines.getvalue()))) == tuple(PAGE.records())
                assert len(shared.activities_in(ActivityCategory.FREE_CLINIC)) == 1
                assert shared.summary() == expected_summary
                assert shared.check() == []
                assert len(shared.projects(status=ProjectStatus.IN_USE)) == 3
                window = shared.activities_between(When.month(2023, 7), When.month(2023, 8))
                assert [a.id for a in window] == ["activity:nanya-garbage-sorting"]
                activity = PAGE.activities[number % 8]
                assert loads(dumps(activity), Activity) == activity
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


WRITER = textwrap.dedent(
    """
    import sys
    from community_model import Dataset, save_dataset
    from community_model._examples import suzhou_2023

    page = suzhou_2023()
    records = list(page.records())
    # A large dataset: the page's activities repeated with new ids.
    import attrs
    extra = [attrs.evolve(a, id=f"{a.id}-{n}") for n in range(4000) for a in page.activities]
    big = Dataset.from_records([*records, *extra])
    print("ready", flush=True)
    while True:
        save_dataset(big, sys.argv[1])
    """
)


def test_killing_a_writer_never_loses_the_good_file(tmp_path: Path) -> None:
    """A writer killed mid-save leaves the previous good file whole, every time."""
    path = tmp_path / "page.json"
    save_dataset(PAGE, path)
    for attempt in range(5):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.07 * attempt)  # somewhere inside a save
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        loaded = load_dataset(path)  # whole: the old file or a complete new one
        assert loaded == PAGE or len(loaded.activities) == 8 + 4000 * 8
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "page.json"]
    assert all(name.startswith(".page.json.") and name.endswith(".tmp") for name in leftovers)
