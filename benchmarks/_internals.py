"""Every use of community_model's internals by the benchmarks, in this one module.

The library keeps a parse cache (``functools.lru_cache`` over a value type's ``parse``) in each
of its compiled text loaders, and offers no public way to empty them. A cold figure needs them
empty, so :func:`clear_parse_caches` finds them among the live objects (``gc.get_objects``):
any ``lru_cache`` wrapper of a ``parse`` method of a class defined in ``community_model``. No
private module is imported; if the redesign moves the caches, only this function changes, and
:func:`clear_parse_caches` says so by finding none.
"""

from __future__ import annotations

import gc
from typing import Any

import contenders


def library_parse_caches() -> list[Any]:
    """The library's live ``lru_cache`` wrappers of value types' ``parse`` methods."""
    found = []
    for obj in gc.get_objects():
        wrapped = getattr(obj, "__wrapped__", None) if callable(obj) else None
        if wrapped is None or not hasattr(obj, "cache_clear"):
            continue
        owner = getattr(wrapped, "__self__", None)
        if (
            isinstance(owner, type)
            and owner.__module__.startswith("community_model")
            and getattr(wrapped, "__name__", "") == "parse"
        ):
            found.append(obj)
    return found


_FOUND: list[Any] = []


def clear_parse_caches() -> int:
    """Empty the library's parse caches and the contenders' own; returns how many there were.

    The scan of live objects runs once, after the first load has made the caches; the caches
    live as long as the library's compiled loaders (the life of the process).
    """
    if not _FOUND:
        _FOUND.extend(library_parse_caches())
    for cache in _FOUND:
        cache.cache_clear()
    contenders.clear_caches()
    return len(_FOUND)


def cache_sizes() -> dict[str, int]:
    """How many texts each library parse cache holds (to check that clearing works)."""
    return {
        f"{cache.__wrapped__.__self__.__name__}#{index}": cache.cache_info().currsize
        for index, cache in enumerate(_FOUND or library_parse_caches())
    }
