"""``community-model validate``: every problem of every file, streamed as it is found.

A JSON Lines file is read line by line (``numbered_lines`` of
:mod:`community_model._wire.jsonl`) and nothing is kept of a line once it is checked, so memory
stays flat however long the file is;
problems are written out as they are found, in text or in JSON, never gathered. Only
``--references`` keeps the records, because references, duplicate ids and cycles can only be
checked against the whole dataset.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final, Protocol

import attrs

from community_model._dataset.collection import Dataset
from community_model._dataset.index import COLLECTIONS
from community_model._entities import Entity
from community_model._errors import CommunityModelError, Problem, Severity, ValidationError
from community_model._storage import Format
from community_model._wire.jsonl import numbered_lines
from community_model._wire.limits import DEFAULT_LIMITS, Limits

from .output import (
    PROGRESS_EVERY,
    UsageError,
    cli_problem,
    describe_os_error,
    err,
    escaped,
    json_text,
    out,
    out_raw,
    problem_data,
    problem_text,
    progress,
    shown,
)
from .streams import data_format, opened, read_document

#: A problem of a whole dataset at ``$.activities[3].organisers[0]``: its list, index and rest.
_DATASET_PATH: Final = re.compile(r"\$\.([a-z_]+)\[(\d+)\](.*)", re.DOTALL)

_FORMAT_NAMES: Final = {"document": "document", "jsonl": "JSON Lines"}


@attrs.define
class FileResult:
    """What checking one file found; ``error`` is why it could not be checked at all."""

    file: str
    format: Format | None = None
    records: int | None = None
    errors: int = 0
    warnings: int = 0
    references: bool | None = None  # None: not asked for; False: skipped after errors
    error: str | None = None

    @property
    def status(self) -> int:
        """2 when the file could not be read, 1 when it has errors, else 0."""
        if self.error is not None:
            return 2
        return 1 if self.errors else 0


class Report(Protocol):
    """Where a file's problems and verdict go, as they come."""

    def start(self, result: FileResult) -> None: ...
    def problem(self, result: FileResult, problem: Problem) -> None: ...
    def end(self, result: FileResult) -> None: ...
    def close(self, status: int) -> None: ...


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@attrs.define
class TextReport:
    """``file:line: severity: path: message [code]`` lines, then one verdict line per file
    (``quiet``: only for a file with problems)."""

    quiet: bool = False

    def start(self, result: FileResult) -> None:
        """Nothing to say before the first problem."""

    def problem(self, result: FileResult, problem: Problem) -> None:
        """One line per problem, as compilers write them."""
        out(problem_text(result.file, problem))

    def end(self, result: FileResult) -> None:
        """``good.jsonl: ok: 1,000 records (JSON Lines), 0 errors, 0 warnings``."""
        if result.error is not None:
            err(f"community-model validate: error: {result.error}")
            return
        if self.quiet and not (result.errors or result.warnings):
            return
        verdict = "invalid" if result.errors else "ok"
        kind = _FORMAT_NAMES[result.format or "document"]
        if result.records is None:
            read = f"{kind} not loaded"
        else:
            read = f"{_plural(result.records, 'record')} ({kind})"
        references = {
            None: "",
            True: "; references checked",
            False: "; references not checked (fix the errors first)",
        }[result.references]
        out(
            f"{shown(result.file)}: {verdict}: {read}, {_plural(result.errors, 'error')}, "
            f"{_plural(result.warnings, 'warning')}{references}"
        )

    def close(self, status: int) -> None:
        """Nothing after the last file."""


class JsonReport:
    """One JSON document, written as problems come: memory does not grow with their number.

    ``{"files": [{"file", "problems": [...], "format", "records", "errors", "warnings",
    "references_checked", "error", "valid"}, ...], "valid": bool}``
    """

    def __init__(self) -> None:
        self._files = 0
        self._problems = 0

    def start(self, result: FileResult) -> None:
        """Open the file's object and its list of problems."""
        head = '{"files": [\n' if self._files == 0 else ",\n"
        self._files += 1
        self._problems = 0
        out_raw(f'{head}  {{"file": {json_text(shown(result.file))}, "problems": [')

    def problem(self, result: FileResult, problem: Problem) -> None:
        """One problem, on its own line."""
        comma = "" if self._problems == 0 else ","
        self._problems += 1
        out_raw(f"{comma}\n    {json_text(problem_data(problem), indent=False)}")

    def end(self, result: FileResult) -> None:
        """Close the list and give the file's counts and verdict."""
        if result.error is not None:
            err(f"community-model validate: error: {result.error}")
        tail = {
            "format": result.format,
            "records": result.records,
            "errors": result.errors,
            "warnings": result.warnings,
            "references_checked": result.references,
            "error": result.error,
            "valid": result.status == 0,
        }
        fields = ", ".join(f"{json_text(key)}: {json_text(value)}" for key, value in tail.items())
        closing = "\n  ]" if self._problems else "]"
        out_raw(f"{closing}, {fields}}}")

    def close(self, status: int) -> None:
        """Close the list of files with the verdict on them all."""
        head = '{"files": [' if self._files == 0 else "\n"
        out_raw(f'{head}], "valid": {json_text(status == 0)}}}\n')


@attrs.frozen
class Reading:
    """How every file is read and checked: its format if named (``--from``), strictness, the
    limits on hostile input, and whether references are checked too."""

    format: Format | None = None
    strict: bool = True
    limits: Limits = DEFAULT_LIMITS
    references: bool = False


def validate_files(files: Iterable[str], reading: Reading, report: Report) -> int:
    """Check every file in turn; the worst status of them all (2 unreadable, 1 invalid)."""
    status = 0
    for file in files:
        status = max(status, validate_file(file, reading, report).status)
    report.close(status)
    return status


def validate_file(file: str, reading: Reading, report: Report) -> FileResult:
    """Check one file (``-``: standard input), reporting each problem as it is found."""
    result = FileResult(file=file)
    report.start(result)
    try:
        result.format = data_format(file, reading.format, "--from", stream="standard input")
        if result.format == "jsonl":
            _check_lines(result, report, reading)
        else:
            _check_document(result, report, reading)
    except ValidationError as error:  # pragma: no cover - problems are reported, not raised
        for problem in error.errors:
            _emit(result, report, problem)
    except (CommunityModelError, UsageError) as error:
        result.error = escaped(str(error))
    except OSError as error:
        result.error = escaped(describe_os_error(error))
    report.end(result)
    return result


def _emit(result: FileResult, report: Report, problem: Problem) -> None:
    problem = cli_problem(problem)
    if problem.severity is Severity.ERROR:
        result.errors += 1
    else:
        result.warnings += 1
    report.problem(result, problem)


def _check_lines(result: FileResult, report: Report, reading: Reading) -> None:
    """Stream a JSON Lines file; keep its records only when ``references`` asks for them."""
    references = reading.references
    records: list[Entity] = []
    lines: dict[str, list[int]] = defaultdict(list)  # line number of each record, per list
    reported: set[tuple[int | None, str, str]] = set()  # warnings already reported
    result.records = 0
    label = f"validating {shown(Path(result.file).name)}"
    with opened(result.file) as (handle, size), progress(label, size) as update:
        lines_read = numbered_lines(handle, strict=reading.strict, limits=reading.limits)
        for count, (number, record, problems) in enumerate(lines_read, start=1):
            if size and count % PROGRESS_EVERY == 0:  # a pipe has neither size nor place
                update(handle.tell())
            if record is None:
                for problem in problems:
                    _emit(result, report, problem)
                continue
            result.records += 1
            for found in record.warnings():
                warning = attrs.evolve(found, line=number)
                _emit(result, report, warning)
                if references:
                    reported.add((warning.line, warning.path, warning.code))
            if references:
                records.append(record)
                lines[COLLECTIONS[type(record)]].append(number)
        update(size)
    if not references:
        return
    if result.errors:
        result.references = False
        return
    dataset = Dataset.from_records(records)
    del records
    for found in dataset.check():
        problem = _on_its_line(found, lines)
        if (problem.line, problem.path, problem.code) not in reported:
            _emit(result, report, problem)
    result.references = True


def _on_its_line(problem: Problem, lines: dict[str, list[int]]) -> Problem:
    """``$.activities[3].organisers[0]`` of the dataset as ``$.organisers[0]`` of its line."""
    match = _DATASET_PATH.fullmatch(problem.path)
    if match is None:
        return problem
    name, index, rest = match.group(1), int(match.group(2)), match.group(3)
    numbers = lines.get(name, [])
    if index >= len(numbers):
        return problem
    return attrs.evolve(problem, path="$" + rest, line=numbers[index])


def _check_document(result: FileResult, report: Report, reading: Reading) -> None:
    """Read a whole document (it is one JSON value) and report its problems."""
    references = reading.references
    label = f"reading {shown(Path(result.file).name)}"
    with opened(result.file) as (handle, size), progress(label, size, follow=False):
        try:  # a document over the size limit is refused before it is parsed
            dataset = read_document(handle, strict=reading.strict, limits=reading.limits, size=size)
        except ValidationError as error:
            for problem in error.errors:
                _emit(result, report, problem)
            if references:
                result.references = False
            return
        result.records = len(dataset)
        found = dataset.check() if references else _record_warnings(dataset)
        for problem in found:
            _emit(result, report, problem)
    if references:
        result.references = True


def _record_warnings(dataset: Dataset) -> Iterator[Problem]:
    """The conventions each record breaks, at its place in the document."""
    for name in COLLECTIONS.values():
        for position, record in enumerate(getattr(dataset, name)):
            for found in record.warnings():
                yield found.under(f"$.{name}[{position}]")
