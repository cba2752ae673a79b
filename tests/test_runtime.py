"""The runtime helpers: the pause of the garbage collector during large loads, and what is
worked out once per class."""

import gc
import threading

import pytest

from community_model import Activity, Dataset, dumps, loads, suzhou_2023
from community_model._record import _CHECKS
from community_model._rules import fields_of
from community_model._runtime import forget_worked_out, gc_paused, per_class
from community_model._wire.converter import codecs

PAGE = suzhou_2023()


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


def test_the_gc_pause_keeps_a_collector_the_application_disabled_meanwhile() -> None:
    """An application that disables the collector during a load keeps it disabled after the
    last load ends (the pause only moves the first threshold, and gives it back)."""
    threshold = gc.get_threshold()
    try:
        with gc_paused():
            gc.disable()
        assert not gc.isenabled()
        assert gc.get_threshold() == threshold
    finally:
        gc.enable()


def test_the_gc_pause_keeps_thresholds_the_application_set_meanwhile() -> None:
    """Thresholds the application sets during a pause are left as it set them."""
    threshold = gc.get_threshold()
    try:
        with gc_paused():
            gc.set_threshold(5000, 20, 20)
        assert gc.get_threshold() == (5000, 20, 20)
    finally:
        gc.set_threshold(*threshold)


def test_per_class_works_out_each_class_once() -> None:
    """A second ask of a class gives the same object, without working it out again."""
    asked: list[type] = []

    @per_class
    def name_of(cls: type) -> list[str]:
        asked.append(cls)
        return [cls.__name__]

    first = name_of(int)
    assert name_of(int) is first
    assert name_of(str) == ["str"]
    assert asked == [int, str]
    assert name_of.__name__ == "name_of"


def test_per_class_keeps_nothing_when_the_work_fails() -> None:
    """A class refused once is refused again: the error is raised each time, never kept."""
    asked: list[type] = []

    @per_class
    def refuse(cls: type) -> int:
        asked.append(cls)
        raise TypeError(cls.__name__)

    for _ in range(2):
        with pytest.raises(TypeError, match="int"):
            refuse(int)
    assert asked == [int, int]


def test_forgetting_what_was_worked_out_changes_no_result() -> None:
    """Every compiled check, loader, dumper and per-class fact is emptied, and worked out again
    the same on next use (mutation testing relies on it: tests/conftest.py)."""
    text = dumps(suzhou_2023())
    before = loads(text, Dataset)
    assert _CHECKS
    loader = codecs(strict=True).loader(Activity)
    assert codecs(strict=True).loader(Activity) is loader
    fields = fields_of(Dataset)
    forget_worked_out()
    assert not _CHECKS
    assert fields_of.cache_info().currsize == 0
    assert codecs(strict=True).loader(Activity) is not loader
    after = loads(text, Dataset)
    assert after == before
    assert dumps(after) == text
    assert fields_of(Dataset) == fields
