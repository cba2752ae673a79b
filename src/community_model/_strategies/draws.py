"""Hypothesis' side of the builders: its choices, and strategies made from builders.

:class:`HypothesisChoices` asks hypothesis for every number a builder needs, through integer
strategies built once per range (building a strategy inside a draw costs more than the draw).
:func:`built` turns a builder into a strategy. Odd text (edge cases only) is drawn from
hypothesis' own text strategies; :func:`prepare` builds them before the first draw, where their
one-time cost (hypothesis' table of Unicode categories) does not count as drawing time.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from types import ModuleType
from typing import Final, TypeVar

from hypothesis import strategies as st

from community_model._strategies.choices import FILLERS, Alphabet, Choices, RandomChoices

__all__ = ["HypothesisChoices", "built", "prepare", "warm_up_with"]

_providers: ModuleType | None
try:  # where hypothesis keeps its reading of constants from local source files (private)
    from hypothesis.internal.conjecture import providers as _providers
except ImportError:  # pragma: no cover - another layout of hypothesis' internals
    _providers = None

T = TypeVar("T")

#: Characters odd text may hold: assigned code points without control characters or
#: surrogates (a consumer with another Unicode version could normalise unassigned ones
#: differently); ids hold no white space either (every white space character is in Cc, Zs, Zl
#: or Zp).
_EXCLUDED: Final[dict[str, tuple[str, ...]]] = {
    "text": ("Cc", "Cs", "Cn"),
    "lines": ("Cc", "Cs", "Cn"),
    "id": ("Cc", "Cs", "Cn", "Zs", "Zl", "Zp"),
}
#: The longest odd text drawn character by character (longer edges are filled: FILLERS).
_ODD_LENGTH: Final = 40


@functools.lru_cache(maxsize=2048)
def integers(low: int, high: int) -> st.SearchStrategy[int]:
    """``st.integers(low, high)``, built once per range."""
    return st.integers(low, high)


@functools.cache
def _characters(alphabet: Alphabet) -> st.SearchStrategy[str]:
    return st.characters(
        exclude_categories=_EXCLUDED[alphabet],  # type: ignore[arg-type]
        include_characters="\n" if alphabet == "lines" else None,
    )


@functools.lru_cache(maxsize=256)
def _odd_texts(max_len: int, alphabet: Alphabet) -> st.SearchStrategy[str]:
    drawn = st.text(_characters(alphabet), min_size=1, max_size=min(max_len, _ODD_LENGTH))
    filled = st.sampled_from(FILLERS).map(lambda char: char * max_len)
    return st.one_of(drawn, filled)


#: The characters text matching a pattern is drawn from (the patterns of the model's fields are
#: ASCII; hypothesis' default, every UTF-8 character, costs seconds to tabulate on a first run).
_PATTERN_CHARACTERS: Final = st.characters(max_codepoint=0x7F)


@functools.lru_cache(maxsize=64)
def _matching(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True, alphabet=_PATTERN_CHARACTERS)


#: One-time work to do before the first draw (:func:`warm_up_with`).
_WARM_UPS: Final[list[Callable[[], object]]] = []
_ODD_READY: Final[list[bool]] = []


def warm_up_with(work: Callable[[], object]) -> None:
    """Have :func:`prepare` run ``work`` once, before the first strategy draws."""
    _WARM_UPS.append(work)


def prepare(edge_cases: bool) -> None:
    """Pay one-time costs now, when a strategy is first used, not inside a draw hypothesis
    times against its ``too_slow`` health check.

    They are: the library's generated checks (compiled on the first record of each class);
    hypothesis' reading of constants from every local source file (done on its first draw and
    cached in ``.hypothesis/constants``: in a fresh checkout, about half a second); and for
    edge cases, hypothesis' table of Unicode categories behind odd text. Each is work the first
    draw would do anyway; none changes what is drawn.
    """
    while _WARM_UPS:
        _WARM_UPS.pop()()
    collect = getattr(_providers, "_get_local_constants", None)
    if collect is not None:
        with contextlib.suppress(Exception):  # an optimisation only: the draw does it anyway
            collect()
    if edge_cases and not _ODD_READY:
        for alphabet in _EXCLUDED:
            _characters(alphabet).validate()
        _PATTERN_CHARACTERS.validate()
        _ODD_READY.append(True)


class HypothesisChoices(Choices):
    """Every decision a choice of hypothesis, so that examples shrink."""

    __slots__ = ("_draw", "spent")

    def __init__(
        self, draw: st.DrawFn, *, edge_cases: bool = False, allow_warnings: bool = False
    ) -> None:
        super().__init__(edge_cases=edge_cases, allow_warnings=allow_warnings)
        self._draw = draw
        self.spent = 0  # about how many choices were made (odd text counts its characters)

    def integer(self, low: int, high: int) -> int:
        if low == high:
            return low
        self.spent += 1
        return self._draw(integers(low, high))

    def odd_text(self, max_len: int, alphabet: Alphabet) -> str:
        self.spent += min(max_len, _ODD_LENGTH) + 1
        return self._draw(_odd_texts(max_len, alphabet))

    def matching(self, pattern: str) -> str | None:
        self.spent += _ODD_LENGTH  # a guess: patterns of the model's fields are short
        return self._draw(_matching(pattern))

    def draw(self, strategy: st.SearchStrategy[T]) -> T:
        """A value of a strategy the caller gave (``ids=``, ``kinds=``)."""
        self.spent += 1
        return self._draw(strategy)

    def thrifty(self, budget: int) -> Choices:
        if self.spent <= budget:
            return self
        seed = self.integer(0, 2**64 - 1)
        return RandomChoices(seed, edge_cases=self.edge_cases, allow_warnings=self.allow_warnings)


def built(
    build: Callable[[HypothesisChoices], T], *, edge_cases: bool, allow_warnings: bool = False
) -> st.SearchStrategy[T]:
    """The strategy whose values ``build`` makes from hypothesis' choices."""
    prepare(edge_cases)

    @st.composite
    def drawn(draw: st.DrawFn) -> T:
        return build(HypothesisChoices(draw, edge_cases=edge_cases, allow_warnings=allow_warnings))

    return drawn()
