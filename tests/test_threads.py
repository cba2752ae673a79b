"""Shared between threads: loading, the compiled loaders and the indexes of a dataset."""

import io
import threading

from community_model import (
    Activity,
    ActivityCategory,
    Dataset,
    ProjectStatus,
    When,
    dumps,
    loads,
    read_jsonl,
    suzhou_2023,
    write_jsonl,
)

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
