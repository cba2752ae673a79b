"""What the scale-out checks and conversions give back: problems with their files, and reports.

Imported with the package (no optional dependency): a problem of a file export is a
:class:`~community_model.Problem` and the file it was found in, so that a program reads the same
``code``, ``path``, ``line`` and ``message`` as everywhere else in the library.
"""

from __future__ import annotations

from typing import Final

import attrs

from community_model._errors import Problem, Severity
from community_model._messages import UNREADABLE

#: ``UNREADABLE`` (declared in ``_messages.py``) is the problem of a file that cannot be read
#: at all; it is also named here, beside :class:`FileProblem`, which carries it.
__all__ = ["UNREADABLE", "FileProblem", "ShardReport", "parse_size"]


@attrs.frozen(slots=True)
class FileProblem:
    """One problem and the file it was found in.

    ``file`` is the JSON Lines file (``problem.line`` is then the line) or, for a Parquet
    export, the file of the record kind (``problem.path`` then names the table and the row:
    ``$.activities[3].project_id``, the path the record has in a document).
    """

    file: str
    problem: Problem

    @property
    def code(self) -> str:
        """The problem's stable code (``unresolved_reference`` ...)."""
        return self.problem.code

    @property
    def path(self) -> str:
        """The problem's JSON path."""
        return self.problem.path

    @property
    def line(self) -> int | None:
        """The line of a JSON Lines file, if the problem was read from one."""
        return self.problem.line

    @property
    def message(self) -> str:
        """The problem's message, as :class:`~community_model.Problem` renders it."""
        return self.problem.message

    @property
    def severity(self) -> Severity:
        """Error or warning."""
        return self.problem.severity

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        problem = self.problem
        return f"{where}: {problem.severity}: {problem.path}: {problem.message} [{problem.code}]"


@attrs.frozen(kw_only=True, slots=True)
class ShardReport:
    """What validating and converting a sharded export found and wrote.

    ``records`` were written (good lines), out of ``lines`` non-blank lines read; ``problems``
    are those of single lines (rules, then the conventions each record breaks as warnings),
    in file and line order, with unreadable files reported by name (code
    ``unreadable_file``); ``failed_files`` names those files, none of whose records were written.
    ``parts`` is how many pieces (byte ranges of files) the work was split into.
    """

    records: int
    lines: int
    parts: int
    problems: tuple[FileProblem, ...]
    failed_files: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        """How many problems are errors (warnings aside)."""
        return sum(1 for found in self.problems if found.severity is Severity.ERROR)


_UNITS: Final = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}


def parse_size(size: int | str) -> int:
    """Bytes from ``64MB``, ``2GiB``, ``1_000_000`` or an int (``ValueError`` otherwise)."""
    if isinstance(size, int):
        if size < 1:
            raise ValueError(f"a size must be at least 1 byte (got {size})")
        return size
    text = size.strip().upper().replace("_", "").removesuffix("B")
    binary = text.endswith("I")
    text = text.removesuffix("I")
    unit = text[-1:] if text[-1:] in _UNITS and text[-1:] else ""
    number = text[: len(text) - len(unit)].strip()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"not a size: {size!r} (write 64MB, 2GB, 512MiB)") from None
    scale = 1024 ** list(_UNITS).index(unit) if binary else _UNITS[unit]
    found = int(value * scale)
    if found < 1:
        raise ValueError(f"a size must be at least 1 byte (got {size!r})")
    return found
