"""Small helpers of the running process, below every other layer: the pause of the collector,
what is worked out once per class, and a way to forget everything worked out once."""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Final, TypeVar

__all__ = ["Kept", "forget_worked_out", "gc_paused", "per_class"]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

_LOCK: Final = threading.Lock()


class _Pause:
    """The shared state of the pause: how many callers hold it, and what to give back."""

    depth = 0
    saved: tuple[int, ...] | None = None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large input becomes records.

    Building many objects while a large parsed tree is alive makes the collector walk the whole
    heap again and again: two thirds of the time of a 20,000-record load. Records hold no
    reference cycles, so nothing is lost by waiting. Threads share one pause (a counter under a
    lock). The pause sets the collector's first threshold to 0 rather than disabling it, so the
    application's own choice stays visible and is respected: a collector the application had
    disabled stays disabled, one it disables or re-tunes during the pause is left as it set it.
    """
    with _LOCK:
        if _Pause.depth == 0 and gc.isenabled():
            thresholds = gc.get_threshold()
            if thresholds[0] != 0:
                _Pause.saved = thresholds
                gc.set_threshold(0, *thresholds[1:])
        _Pause.depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _Pause.depth -= 1
            saved = _Pause.saved
            if _Pause.depth == 0 and saved is not None:
                _Pause.saved = None
                if gc.get_threshold() == (0, *saved[1:]):  # nobody re-tuned it meanwhile
                    gc.set_threshold(*saved)


def per_class(compute: Callable[[type], T]) -> Callable[[type], T]:
    """``compute`` worked out once per class and kept: the fields, references or schema of a
    record class, asked again and again, never change.

    A plain dictionary keyed by the class, as ``functools.cache`` would keep, but typed:
    mypy refuses a class as ``functools.cache``'s argument (it reads ``__hash__`` as an instance
    method). What ``compute`` raises is raised each time, and nothing is kept.
    """
    found: dict[type, T] = {}

    @functools.wraps(compute)
    def once(cls: type) -> T:
        try:
            return found[cls]
        except KeyError:
            known = found[cls] = compute(cls)
            return known

    once.cache_clear = found.clear  # type: ignore[attr-defined]
    return once


class Kept(dict[K, V]):
    """A dictionary of what is worked out once and kept (compiled checks by class, memos by
    input) that, like a ``functools.cache``, can be emptied: ``cache_clear``."""

    def cache_clear(self) -> None:
        self.clear()


def forget_worked_out() -> None:
    """Empty every cache of the library's modules: the compiled checks, loaders and dumpers,
    the fields of each class, the parse caches (any module-level object with ``cache_clear``).

    What is used next is worked out again. Mutation testing needs it (tools/mutation.py, through
    tests/conftest.py): a mutant of the code that compiles a check changes nothing once the
    check is compiled and kept, so each test compiles what it uses afresh.
    """
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "community_model" or name.startswith("community_model.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and not isinstance(value, type):
                clear()
