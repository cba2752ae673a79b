"""Small drawing helpers that build each strategy once.

Building a strategy inside a draw costs more than the draw (hypothesis validates every new
strategy), so helpers here cache strategies by their arguments and pick from pools by index:
an index shrinks to 0 just as ``st.sampled_from`` shrinks to the first element.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

BOOLEANS: Final = st.booleans()
#: ``== 4`` one time in five: how often a field takes an unusual value.
ONE_IN_FIVE: Final = st.integers(0, 4)


@functools.lru_cache(maxsize=1024)
def integers(low: int, high: int) -> st.SearchStrategy[int]:
    """``st.integers(low, high)``, built once per range."""
    return st.integers(low, high)


@functools.lru_cache(maxsize=1024)
def _index_lists(size: int, min_size: int, max_size: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, size - 1), min_size=min_size, max_size=max_size, unique=True)


def pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options`` (not empty); shrinks to the first."""
    return options[draw(integers(0, len(options) - 1))] if len(options) > 1 else options[0]


def maybe_pick(draw: st.DrawFn, options: Sequence[T]) -> T | None:
    """``None`` or one of ``options``; ``None`` when there are none. Shrinks to ``None``."""
    if len(options) > 0 and draw(BOOLEANS):
        return pick(draw, options)
    return None


def subset(draw: st.DrawFn, options: Sequence[T], min_size: int, max_size: int) -> tuple[T, ...]:
    """Distinct items of ``options``, between ``min_size`` and ``max_size`` of them."""
    most = min(max_size, len(options))
    if most == 0:
        return ()
    indices = draw(_index_lists(len(options), min(min_size, most), most))
    return tuple(options[index] for index in indices)


def maybe(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """``None`` or a value; shrinks to ``None``."""
    return draw(strategy) if draw(BOOLEANS) else None
