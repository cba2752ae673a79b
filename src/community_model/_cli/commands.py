"""The commands: each takes the parsed arguments and returns the exit status.

Results go to stdout, diagnostics to stderr. Invalid data raises :class:`InvalidData` and
usage problems :class:`UsageError`; :func:`community_model._cli.main` turns both, and the
library's own errors, into messages and exit statuses.
"""

from __future__ import annotations

import argparse
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from community_model._dataset.collection import Dataset
from community_model._entities import Person
from community_model._errors import CommunityModelError, Problem, Severity, ValidationError
from community_model._examples import suzhou_2023
from community_model._io import json_schema
from community_model._privacy import (
    MIN_KEY_BYTES,
    Action,
    KeyFileWarning,
    RedactionPolicy,
    Redactor,
    read_key,
)
from community_model._privacy import redact as redact_records
from community_model._registry import by_name
from community_model._storage import Format, save_dataset
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import Limits

from .output import (
    UsageError,
    cli_problem,
    err,
    is_stdio,
    json_text,
    out,
    problem_data,
    problem_text,
    shown,
    stdout_console,
)
from .parquet import convert_parquet, is_parquet
from .parser import PROG
from .schemas import schema_help
from .streams import data_format, read_dataset, write_dataset
from .tables import check_line, overview, print_summary, summary_data, total_participants
from .validate import JsonReport, Reading, TextReport, validate_files

_FORMAT_NAMES = {"document": "document", "jsonl": "JSON Lines"}


class InvalidData(Exception):
    """A file's data is invalid: exit status 1, its problems on stderr."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__(f"{file}: {len(self.problems)} problems")


def reading(arguments: argparse.Namespace) -> tuple[bool, Limits]:
    """``strict`` and the limits the reading options (``--lenient``, ``--max-...``) give."""
    changes: dict[str, int] = {
        name: getattr(arguments, name)
        for name in ("max_bytes", "max_line_bytes")
        if getattr(arguments, name, None) is not None
    }
    return not getattr(arguments, "lenient", False), Limits(**changes)


def _load(file: str, given: Format | None, arguments: argparse.Namespace) -> Dataset:
    """Load a whole file or standard input (usage errors first: unknown format, a directory)."""
    format = data_format(file, given, "--from", stream="standard input")
    strict, limits = reading(arguments)
    try:
        return read_dataset(file, format, strict=strict, limits=limits)
    except ValidationError as error:
        raise InvalidData(file, [cli_problem(p) for p in error.errors]) from None


def _print_dataset(
    heading: str, file: str, dataset: Dataset, problems: list[Problem] | None
) -> None:
    """The overview, the check's verdict and problems if it was run, then the tables."""
    out(f"{heading}: {len(dataset):,} records")
    for line in overview(dataset):
        out(line)
    total = total_participants(dataset)
    out(f"Participants in all activities (参与人数): {'-' if total is None else total}")
    if problems is not None:
        out(check_line(problems))
        for problem in problems:
            out("  " + problem_text(file, problem))
    print_summary(stdout_console(), dataset, dataset.summary())


#: The files ``demo --save DIR`` writes: the bundled example in each format.
SAVED: Final[tuple[tuple[str, Format], ...]] = (
    ("suzhou_2023.json", "document"),
    ("suzhou_2023.jsonl", "jsonl"),
)


def demo(arguments: argparse.Namespace) -> int:
    """Check and summarise the bundled example (or save it); 1 if its check finds errors."""
    dataset = suzhou_2023()
    if arguments.save is not None:
        return _save_example(dataset, Path(arguments.save), arguments)
    problems = dataset.check()
    status = 1 if any(problem.severity is Severity.ERROR for problem in problems) else 0
    if arguments.output == "json":
        data = summary_data(dataset, dataset.summary())
        out(json_text({**data, "problems": [problem_data(p) for p in problems]}))
        return status
    _print_dataset("The source page (Suzhou, 2023)", "suzhou_2023", dataset, problems)
    return status


def _save_example(dataset: Dataset, folder: Path, arguments: argparse.Namespace) -> int:
    """The example as files to start from; existing files are kept unless ``--force``."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{shown(str(folder))}: is not a directory")
    targets = [(folder / name, format) for name, format in SAVED]
    taken = [str(path) for path, _ in targets if os.path.lexists(path)]
    if taken and not arguments.force:
        raise UsageError(f"{shown(taken[0])} exists; give --force to replace it")
    folder.mkdir(parents=True, exist_ok=True)
    for path, format in targets:
        save_dataset(dataset, path, format=format)
        if not arguments.quiet:
            out(f"{shown(str(path))}: {len(dataset):,} records ({_FORMAT_NAMES[format]})")
    return 0


def validate(arguments: argparse.Namespace) -> int:
    """Check files, streaming; the worst status of them all."""
    report = JsonReport() if arguments.output == "json" else TextReport(quiet=arguments.quiet)
    strict, limits = reading(arguments)
    checking = Reading(
        format=arguments.from_format,
        strict=strict,
        limits=limits,
        references=arguments.references,
    )
    return validate_files(arguments.files, checking, report)


def schema(arguments: argparse.Namespace) -> int:
    """Print the JSON Schema of one TYPE."""
    entry = by_name(arguments.type)
    if entry is None:
        raise UsageError(f"unknown TYPE {arguments.type!r}; the types are:\n{schema_help()}")
    out(json_text(json_schema(entry.cls)))
    return 0


def summary(arguments: argparse.Namespace) -> int:
    """Summarise a whole file per street and per community."""
    dataset = _load(arguments.file, arguments.from_format, arguments)
    if arguments.output == "json":
        out(json_text(summary_data(dataset, dataset.summary())))
        return 0
    _print_dataset(shown(arguments.file), arguments.file, dataset, None)
    return 0


def _in_out(arguments: argparse.Namespace) -> tuple[str, str, Format, Format]:
    """IN, OUT and their formats; usage errors (formats, an OUT to keep) before any reading."""
    source, target = arguments.input, arguments.output
    from_format = data_format(source, arguments.from_format, "--from", stream="standard input")
    to_format = data_format(target, arguments.to_format, "--to", stream="standard output")
    if not is_stdio(target) and os.path.lexists(target) and not arguments.force:
        raise UsageError(f"{shown(target)} exists; give --force to replace it")
    return source, target, from_format, to_format


def _done(arguments: argparse.Namespace, line: str) -> None:
    """The line saying what was written: on stderr when the data itself goes to stdout."""
    if arguments.quiet:
        return
    if is_stdio(arguments.output):
        err(line)
    else:
        out(line)


def convert(arguments: argparse.Namespace) -> int:
    """Between a document, JSON Lines and Parquet; OUT is never replaced unless ``--force``."""
    if arguments.to_format == "parquet" or is_parquet(arguments.input, arguments.from_format):
        strict, limits = reading(arguments)
        try:
            return convert_parquet(arguments, strict=strict, limits=limits)
        except ValidationError as error:
            problems = [cli_problem(p) for p in error.errors]
            raise InvalidData(arguments.input, problems) from None
    source, target, from_format, to_format = _in_out(arguments)
    dataset = _load(source, from_format, arguments)
    write_dataset(dataset, target, to_format)
    _done(
        arguments,
        f"{shown(source)} ({_FORMAT_NAMES[from_format]}) -> {shown(target, writing=True)} "
        f"({_FORMAT_NAMES[to_format]}): {len(dataset):,} records",
    )
    return 0


def _key(arguments: argparse.Namespace) -> bytes | None:
    """The key as the library reads it (:func:`read_key`); its warnings go to stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KeyFileWarning)
        try:
            key = read_key(arguments.key_file)
        except OSError as error:
            message = f"cannot read the key file {arguments.key_file}: {error.strerror}"
            raise UsageError(message) from None
    for warning in caught:
        err(f"{PROG} redact: warning: {warning.message}")
    return key


_NO_KEY = "pseudonyms need a secret key: give --key-file FILE or set COMMUNITY_MODEL_KEY"


def _policy(arguments: argparse.Namespace) -> RedactionPolicy:
    """The named policy with the ``--set`` overrides; every mistake is a usage error."""
    key = _key(arguments)
    try:
        base = RedactionPolicy.preset(arguments.policy, key=key or bytes(MIN_KEY_BYTES))
    except CommunityModelError as error:
        raise UsageError(str(error)) from None
    changes: dict[str, Any] = {"free_text": not arguments.keep_free_text}
    for setting in arguments.set:
        field, _, action = setting.partition("=")
        if field not in ("name", "phone", "id_number", "address", "ids") or not action:
            raise UsageError(
                f"--set {setting!r}: use FIELD=ACTION with FIELD one of name, phone, id_number, "
                "address, ids"
            )
        try:
            changes[field] = Action(action)
        except ValueError:
            raise UsageError(
                f"--set {setting!r}: ACTION must be keep, remove, mask or pseudonym"
            ) from None
    try:
        policy = attrs.evolve(base, key=key, **changes)
    except CommunityModelError as error:
        raise UsageError(_NO_KEY if "secret key" in str(error) else str(error)) from None
    return policy


def _redact_lines(
    source: str, target: str, policy: RedactionPolicy, arguments: argparse.Namespace
) -> int:
    """JSON Lines to JSON Lines, in constant memory: a first pass gathers the names of the
    people, the second redacts record by record, as thoroughly as a whole dataset."""
    strict, limits = reading(arguments)
    try:
        records = read_jsonl(source, strict=strict, limits=limits)
        names = [record.name for record in records if isinstance(record, Person)]
        redactor = Redactor(policy, names=names)
        records = read_jsonl(source, strict=strict, limits=limits)
        write_jsonl((redactor(record) for record in records), target)
    except ValidationError as error:
        raise InvalidData(source, [cli_problem(p) for p in error.errors]) from None
    return len(names)


def redact(arguments: argparse.Namespace) -> int:
    """A copy of IN without personal data; OUT is never replaced unless ``--force``."""
    source, target, from_format, to_format = _in_out(arguments)
    policy = _policy(arguments)
    piped = is_stdio(source) or is_stdio(target)
    if from_format == to_format == "jsonl" and not piped and os.path.isfile(source):  # read twice
        people = _redact_lines(source, target, policy, arguments)
    else:
        dataset = _load(source, from_format, arguments)
        write_dataset(redact_records(dataset, policy), target, to_format)
        people = len(dataset.people)
    _done(
        arguments,
        f"{shown(source)} -> {shown(target, writing=True)}: {people:,} people redacted "
        f"(name {policy.name}, phone {policy.phone}, id_number {policy.id_number}, "
        f"address {policy.address}, ids {policy.ids})",
    )
    return 0
