"""Edges a review found: each was a bug, and each test keeps it fixed."""

import gc
import os
import threading
import warnings
from pathlib import Path

from community_model import (
    BranchLevel,
    Count,
    DomainWarning,
    PartyBranch,
    save_dataset,
    suzhou_2023,
)
from community_model._runtime import gc_paused


def test_saving_keeps_permissions_and_links(tmp_path: Path) -> None:
    """A saved file keeps its mode; a new one gets the umask's; a link is followed, not replaced."""
    shared = tmp_path / "shared.json"
    shared.write_text("{}", encoding="utf-8")
    shared.chmod(0o644)
    save_dataset(suzhou_2023(), shared)
    assert shared.stat().st_mode & 0o777 == 0o644
    umask = os.umask(0o022)
    os.umask(umask)
    save_dataset(suzhou_2023(), tmp_path / "new.json")
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o666 & ~umask
    link = tmp_path / "link.json"
    link.symlink_to(shared)
    save_dataset(suzhou_2023(), link)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "new.json", "shared.json"]


def test_the_gc_pause_is_shared_between_threads() -> None:
    """The collector stays paused until the last thread is done, then comes back."""
    assert gc.isenabled()
    threshold = gc.get_threshold()
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait(5)
    with gc_paused():
        assert gc.get_threshold()[0] == 0  # no automatic collection
    assert gc.get_threshold()[0] == 0  # the other thread is still inside
    release.set()
    thread.join()
    assert gc.get_threshold() == threshold


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
