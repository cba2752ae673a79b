"""One exception tree for the whole library, and the problems it reports.

Every error also subclasses the builtin a caller would expect (``ValueError`` for bad data,
``KeyError`` for a missing record), so code that does not know this library still catches it.
A :class:`ValidationError` carries *every* problem found, each as a :class:`Problem` with a JSON
path, a stable machine-readable code, its parameters as data and the message rendered from them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final, SupportsIndex

import attrs

__all__ = [
    "CODES",
    "DECLARED",
    "MAX_PROBLEMS",
    "MORE_PROBLEMS",
    "PROBLEMS_STOPPED",
    "CommunityModelError",
    "ConfigurationError",
    "DomainWarning",
    "Message",
    "Problem",
    "ProblemCapReached",
    "Problems",
    "RecordNotFound",
    "Severity",
    "ValidationError",
    "field_of",
]


class Severity(enum.StrEnum):
    """How bad a problem is: an error refuses the data, a warning flags data real life allows."""

    ERROR = "error"
    WARNING = "warning"


def field_of(path: str) -> str:
    """How a message names the place a path points to: ``'title'``, ``'organisers[2]'``.

    The last name in the path with any indexes after it, quoted; ``the value`` for the root.
    """
    if path == "$":
        return "the value"
    name = path.rsplit(".", 1)[-1]
    return f"'{name}'"


@attrs.frozen(kw_only=True, slots=True)
class Problem:
    """One problem in one place.

    ``path`` is a JSON path from the checked object (``$.participants.value``); ``code`` is a
    stable word for programs (``too_long``, ``enum``, ``check_character`` ...); ``message`` is
    for people, rendered from ``template`` and ``params`` (the bound, the length found, the
    expected type: data a program can read without parsing the message). ``line`` is set when
    the problem was read from a line of a JSON Lines file. Personal values never reach
    ``params`` nor the message: a field marked personal is described by its length only.
    """

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    line: int | None = None
    params: Mapping[str, Any] = attrs.field(
        factory=dict, eq=False, hash=False, repr=False, converter=dict
    )
    template: str = attrs.field(default="", eq=False, hash=False, repr=False)

    def rendered(self, **changes: Any) -> Problem:
        """The same problem with some parameters changed and its message rendered again.

        The command line uses it to say how to raise a limit with its own options.
        """
        params = {**self.params, **changes}
        if not self.template:
            return attrs.evolve(self, params=params)
        return attrs.evolve(self, params=params, message=_render(self.template, self.path, params))

    def under(self, prefix: str) -> Problem:
        """The same problem seen from a containing object: ``$.x`` under ``$.items[2]``."""
        return self.moved(prefix + self.path[1:])

    def moved(self, path: str) -> Problem:
        """The same problem at another path; a message that names its field follows it."""
        if not self.template:
            return attrs.evolve(self, path=path)
        return attrs.evolve(self, path=path, message=_render(self.template, path, self.params))

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.path}: {self.message} [{self.code}]"


def _render(template: str, path: str, params: Mapping[str, Any]) -> str:
    return template.format_map({"field": field_of(path), **params})


#: Every problem code the library gives, with its meaning (a fixed title), each written once:
#: in the first message declared with that code (``Message(..., title=...)``, in ``_messages.py``).
CODES: dict[str, str] = {}
#: Every code a message was declared with, titled or not (every one must have a title).
DECLARED: set[str] = set()


@attrs.frozen(slots=True)
class Message:
    """One kind of problem: its code and the template its message is rendered from.

    ``{field}`` in a template names the place (see :func:`field_of`); every other name is a
    parameter given to :meth:`at`. Messages are declared once, in the catalogue ``_messages.py``
    (the two below excepted), and every part of the library that reports that problem uses the
    declaration.
    The first message of a code gives the code's ``title``: what the code means, whatever the
    message (it becomes the ``title`` of HTTP problem details).
    """

    code: str
    template: str
    severity: Severity = Severity.ERROR
    title: str | None = attrs.field(default=None, kw_only=True, eq=False)

    def __attrs_post_init__(self) -> None:
        DECLARED.add(self.code)
        if self.title is not None and CODES.setdefault(self.code, self.title) != self.title:
            raise ValueError(f"the problem code {self.code!r} is given two meanings")

    def at(self, path: str, /, **params: Any) -> Problem:
        """The problem at ``path`` with these parameters."""
        return Problem(
            path=path,
            code=self.code,
            message=_render(self.template, path, params),
            severity=self.severity,
            params=params,
            template=self.template,
        )

    def error(self, path: str = "$", /, **params: Any) -> ValidationError:
        """A :class:`ValidationError` holding this one problem."""
        return ValidationError([self.at(path, **params)])


#: How many problems one load collects by default before it stops (``Limits.max_problems``).
MAX_PROBLEMS: Final = 1000

MORE_PROBLEMS: Final = Message(
    "too_many_problems",
    "{more} more problems not listed (the first {shown} are)",
    title="More problems were found than are listed",
)
PROBLEMS_STOPPED: Final = Message(
    "too_many_problems",
    "more problems not listed: the work stopped at problem {shown:,}, one over the limit "
    "max_problems={limit:,} ({remedy})",
)


_REMEDY: Final = "pass limits=Limits(max_problems=...) to list more"


class ProblemCapReached(Exception):
    """A :class:`Problems` list is full: the work that fills it stops here."""


class Problems(list[Problem]):
    """The problems of one load, at most ``cap`` of them: one more stops the work.

    Adding a problem to a full list raises :class:`ProblemCapReached`, so a hostile input with
    millions of faults costs no more than its first ``cap``; whoever made the list catches it
    and closes the list with :meth:`finished`. ``cap=None`` collects every problem.
    """

    __slots__ = ("cap", "stopped")

    def __init__(self, cap: int | None = MAX_PROBLEMS) -> None:
        super().__init__()
        self.cap = cap
        self.stopped = False

    def append(self, problem: Problem, /) -> None:
        if self.cap is not None and len(self) >= self.cap:
            self.stopped = True
            raise ProblemCapReached
        super().append(problem)

    def extend(self, problems: Iterable[Problem], /) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem], /) -> Problems:  # type: ignore[override,misc]
        self.extend(problems)
        return self

    def insert(self, index: SupportsIndex, problem: Problem, /) -> None:
        if self.cap is not None and len(self) >= self.cap:
            self.stopped = True
            raise ProblemCapReached
        super().insert(index, problem)

    def finished(self, remedy: str = _REMEDY) -> list[Problem]:
        """The problems as a plain list, closed by one that says the work stopped, if it did."""
        found = list(self)
        if self.stopped:
            assert self.cap is not None
            found.append(
                PROBLEMS_STOPPED.at("$", shown=self.cap + 1, limit=self.cap, remedy=remedy)
            )
        return found


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
