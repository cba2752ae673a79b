"""The runtime helpers: the pause of the garbage collector during large loads."""

import gc
import threading

from community_model import suzhou_2023
from community_model._runtime import gc_paused

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
