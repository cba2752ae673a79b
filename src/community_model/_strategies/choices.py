"""Where the builders' decisions come from: hypothesis' choices, or a seeded random generator.

Every builder of a value or a record (:mod:`.text`, :mod:`.values`, :mod:`.records`,
:mod:`.entities`, :mod:`.datasets`) takes a :class:`Choices` and asks it for whole numbers in a
range, nothing else. The same builders thus serve the hypothesis strategies (each number a choice
of hypothesis, which shrinks towards the low end: the first option, the shortest list, no
optional field) and the bulk generator (:class:`RandomChoices`: a seeded ``random.Random``, fast
at any size). This module does not import hypothesis.

A :class:`Choices` also carries the two knobs of every strategy: ``edge_cases`` (reach the
edges the rules allow: exact maximum lengths, the first and last valid values, odd text) and
``allow_warnings`` (records may break a convention and carry a ``DomainWarning``). Values
outside a field's ``Plausible`` bounds need both (:attr:`Choices.wild`).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from typing import Final, Literal, TypeVar

__all__ = [
    "EDGE_ONE_IN",
    "FILLERS",
    "RARE_ONE_IN",
    "UNKNOWN_ONE_IN",
    "Alphabet",
    "Choices",
    "RandomChoices",
    "tidy",
]

T = TypeVar("T")

#: How often a field takes an edge value when edge cases are asked for: one time in this many.
EDGE_ONE_IN: Final = 4
#: How often a value takes one of its rarer forms by default (a season, unspecified digits, an
#: inferred year, an end that is unknown): one time in this many; with edge cases, more often.
RARE_ONE_IN: Final = 10
#: How often a field that may be ``Unknown`` is unknown by default: reports mostly give facts.
UNKNOWN_ONE_IN: Final = 25

#: Characters repeated to fill a field to its exact maximum length: CJK, Latin, an astral CJK
#: ideograph (two UTF-16 units, four UTF-8 bytes), a precomposed accent, the ideographic zero.
FILLERS: Final = ("字", "a", "\U00020000", "é", "〇")

#: What odd text may hold: ``text`` (no control characters), ``lines`` (and line breaks) or ``id``
#: (no white space either).
Alphabet = Literal["text", "lines", "id"]

#: Odd characters the seeded generator uses for edge text: rare and astral ideographs,
#: combining and joining marks, right-to-left letters, full-width and compatibility forms.
_ODD: Final = "字〇\U00020000\U0002a6d6é\u0301\u200d\u05d0\u0627ﬁＡ１\U0001f600\ufe0f々"


#: Ranges up to this size are drawn from one random float (see RandomChoices.integer).
_EXACT_SPAN: Final = 2**32


def tidy(text: str, max_len: int, fallback: str = "某") -> str:
    """``text`` as the model stores it (stripped, NFC), at most ``max_len`` characters.

    Repeats to a fixed point: cutting to length can end on white space, and NFC may change
    length, so one pass is not always enough. A deterministic repair, never a filter.
    """
    for _ in range(8):
        cleaned = unicodedata.normalize("NFC", text.strip())[:max_len]
        if cleaned == text:
            break
        text = cleaned
    else:  # pragma: no cover - no known text needs more than three passes
        return fallback
    return text or fallback


class Choices:
    """A source of decisions for the builders; subclasses say where the numbers come from."""

    __slots__ = ("allow_warnings", "edge_cases")

    def __init__(self, *, edge_cases: bool = False, allow_warnings: bool = False) -> None:
        self.edge_cases = edge_cases
        self.allow_warnings = allow_warnings

    @property
    def wild(self) -> bool:
        """Values outside the ``Plausible`` bounds may be drawn: edge cases that warn."""
        return self.edge_cases and self.allow_warnings

    # -- what subclasses give -------------------------------------------------------------------

    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``; hypothesis shrinks it to ``low``."""
        raise NotImplementedError

    def odd_text(self, max_len: int, alphabet: Alphabet) -> str:
        """Text at the edges: odd characters, or exactly ``max_len`` of them (not stripped)."""
        raise NotImplementedError

    def matching(self, pattern: str) -> str | None:
        """Any ASCII text that fully matches ``pattern``, or ``None`` where no such text is drawn
        (the caller then makes a realistic one)."""
        return None

    def thrifty(self, budget: int) -> Choices:
        """Choices for what follows: these, or a seeded generator once ``budget`` choices are
        spent (hypothesis' own are limited per example)."""
        return self

    # -- built on integer() ---------------------------------------------------------------------

    def boolean(self) -> bool:
        """True or False; shrinks to False."""
        return self.integer(0, 1) == 1

    def chance(self, one_in: int) -> bool:
        """True about one time in ``one_in``; shrinks to False."""
        return self.integer(0, one_in - 1) == one_in - 1

    def edge(self) -> bool:
        """Whether this value is an edge case (never unless edge cases are asked for)."""
        return self.edge_cases and self.chance(EDGE_ONE_IN)

    def rare(self) -> bool:
        """Whether a value takes one of its rarer forms: now and then, more often with edge
        cases (each an edge then too); shrinks to False."""
        return self.edge() or self.chance(RARE_ONE_IN)

    def unknown(self) -> bool:
        """Whether a field that may be unknown is: rarely, more often with edge cases."""
        return self.edge() or self.chance(UNKNOWN_ONE_IN)

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options`` (not empty); shrinks to the first."""
        return options[self.integer(0, len(options) - 1)] if len(options) > 1 else options[0]

    def maybe(self, build: Callable[[Choices], T]) -> T | None:
        """``None`` or what ``build`` makes; shrinks to ``None``."""
        return build(self) if self.boolean() else None

    def characters(self, alphabet: str, low: int, high: int) -> str:
        """``low`` to ``high`` characters of ``alphabet``."""
        return "".join(self.pick(alphabet) for _ in range(self.integer(low, high)))

    def subset(self, options: Sequence[T], low: int, high: int) -> tuple[T, ...]:
        """Distinct items of ``options`` (by position), ``low`` to ``high`` of them.

        A partial Fisher-Yates shuffle over a sparse map: the cost is the number of items taken,
        whatever the size of ``options``; shrinks to the first items in order.
        """
        count = self.integer(min(low, len(options)), min(high, len(options)))
        moved: dict[int, int] = {}
        taken = []
        for position in range(count):
            other = self.integer(position, len(options) - 1)
            taken.append(moved.get(other, other))
            moved[other] = moved.get(position, position)
        return tuple(options[index] for index in taken)


class RandomChoices(Choices):
    """Decisions from a seeded ``random.Random``: the same seed gives the same records."""

    __slots__ = ("_random",)

    def __init__(
        self, seed: int, *, edge_cases: bool = False, allow_warnings: bool = False
    ) -> None:
        super().__init__(edge_cases=edge_cases, allow_warnings=allow_warnings)
        self._random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        span = high - low + 1
        if span < _EXACT_SPAN:  # a float's 53 bits pick evenly enough, at a third of the cost
            return low + int(self._random.random() * span)
        return self._random.randint(low, high)

    def boolean(self) -> bool:
        return self._random.random() < 0.5

    def odd_text(self, max_len: int, alphabet: Alphabet) -> str:
        if self.boolean():
            return self.pick(FILLERS) * max_len
        text = self.characters(_ODD, 1, min(max_len, 40))
        return text + "\n" + text if alphabet == "lines" and len(text) * 2 < max_len else text
