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
