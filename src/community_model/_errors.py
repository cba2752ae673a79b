"""One exception tree for the whole library.

Every error also subclasses the builtin a caller would expect (``ValueError`` for bad data,
``KeyError`` for a missing record), so code that does not know this library still catches it.
A :class:`ValidationError` carries *every* problem found, each as a :class:`Problem` with a JSON
path, a stable machine-readable code and a message that names the field, the rule and the value.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = [
    "CommunityModelError",
    "ConfigurationError",
    "DomainWarning",
    "Problem",
    "RecordNotFound",
    "Severity",
    "ValidationError",
]


class Severity(enum.StrEnum):
    """How bad a problem is: an error refuses the data, a warning flags data real life allows."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True, slots=True)
class Problem:
    """One problem in one place.

    ``path`` is a JSON path from the checked object (``$.participants.value``); ``code`` is a
    stable word for programs (``too_long``, ``enum``, ``check_character`` ...); ``message`` is
    for people. ``line`` is set when the problem was read from a line of a JSON Lines file.
    """

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    line: int | None = None

    def under(self, prefix: str) -> Problem:
        """The same problem seen from a containing object: ``$.x`` under ``$.items[2]``."""
        return attrs.evolve(self, path=prefix + self.path[1:])

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.path}: {self.message} [{self.code}]"


class CommunityModelError(Exception):
    """Root of every exception this library raises on purpose."""


class ConfigurationError(CommunityModelError, ValueError):
    """A setting that cannot work: limits below 1, a redaction policy that cannot hold."""


class ValidationError(CommunityModelError, ValueError):
    """Data that breaks a rule; ``errors`` lists every problem found, in the order found."""

    errors: list[Problem]

    def __init__(self, errors: Iterable[Problem]) -> None:
        self.errors = list(errors)
        if not self.errors:
            raise ValueError("a ValidationError needs at least one problem")
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''}"
        shown = "\n".join(f"  {problem}" for problem in self.errors[:20])
        more = f"\n  ... and {count - 20} more" if count > 20 else ""
        return f"{head}:\n{shown}{more}"

    def __reduce__(self) -> tuple[type[ValidationError], tuple[list[Problem]]]:
        return (type(self), (self.errors,))


class RecordNotFound(CommunityModelError, KeyError):
    """No record of a kind has an id: raised by the lookups of a dataset."""

    def __init__(self, kind: object, ident: str) -> None:
        self.kind = kind
        self.id = ident
        super().__init__(kind, ident)

    def __str__(self) -> str:
        kind = getattr(self.kind, "value", self.kind)
        label = getattr(self.kind, "label", "")
        return f"no {kind} ({label}) has the id {self.id!r}" if label else f"no {kind} {self.id!r}"


class DomainWarning(UserWarning):
    """Real data breaks a rule that is only a convention (a 党委 with 40 members).

    Records report such problems from their ``warnings()`` method; constructing one also issues
    this warning through :mod:`warnings`, so it is never silent, and a program can turn it into
    an error with ``-W error::community_model.DomainWarning``.
    """
