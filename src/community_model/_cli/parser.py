"""The arguments of every command and their help, in English with the Chinese terms.

Options mean the same in every command: ``--format`` is the format of the data read
(``document`` or ``jsonl``; by default the file's suffix says), ``--output`` the form of what is
written to stdout (``text`` for people, ``json`` for programs).
"""

from __future__ import annotations

import argparse
import textwrap
from importlib import metadata
from typing import Final

from .schemas import schema_help

PROG: Final = "community-model"

DESCRIPTION: Final = """\
Records of grassroots community governance in China (基层社区治理): streets (街道/镇),
communities (社区/村), Party organisations (党委/党总支/党支部), partner units (共建单位),
co-building agreements (结对共建), service projects (为民服务项目, 微改造) and activities
(义诊, 讲座, 集市, 共建签约).

Files are JSON documents (.json) or JSON Lines (.jsonl, .ndjson: one record per line, tagged
with its "type"). Exit status: 0 all good (warnings allowed), 1 invalid data, 2 usage error
(bad arguments, a file that is missing, unreadable or of unknown format)."""

_FORMAT_HELP: Final = (
    "read as a JSON document or as JSON Lines, whatever the suffix "
    "(default: by suffix: .json is a document, .jsonl and .ndjson are JSON Lines)"
)


def _wrapped(text: str) -> str:
    """A description filled to 88 columns (the formatter keeps text as given, for the lists)."""
    return textwrap.fill(text, width=88, break_on_hyphens=False)


def _version() -> str:
    try:
        return metadata.version("community-model")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("document", "jsonl"), help=_FORMAT_HELP)


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--output",
        choices=("text", "json"),
        default="text",
        help=f"write {what} as text for people, or as one JSON document for programs "
        "(UTF-8; default: text)",
    )


def _add_reading(parser: argparse.ArgumentParser) -> None:
    """How files are read: strictness and the limits on hostile input."""
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="ignore fields this version does not know (files written by newer tools); by "
        "default they are errors",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive,
        metavar="N",
        help="refuse a document larger than N bytes (default 512 MiB)",
    )
    parser.add_argument(
        "--max-line-bytes",
        type=_positive,
        metavar="N",
        help="refuse a JSON Lines line longer than N bytes (default 16 MiB)",
    )


def _add_in_out(
    parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("document", "jsonl")
) -> None:
    """IN and OUT, their formats, and --force: commands that read one file and write another."""
    parser.add_argument("input", metavar="IN", help="the file to read")
    parser.add_argument("output", metavar="OUT", help="the file to write")
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=formats,
        help="the format of IN (default: by its suffix)",
    )
    parser.add_argument(
        "--to",
        dest="to_format",
        choices=formats,
        help="the format of OUT (default: by its suffix)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (default: refuse)"
    )


#: The helpers other command modules use to add the same options with the same help.
wrapped = _wrapped
add_output = _add_output
add_reading = _add_reading


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``community-model`` and its commands; ``run`` is set to each command."""
    from . import commands, scale  # noqa: PLC0415 - they import the library; parser stays light

    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = subparsers.add_parser(
        "demo",
        help="check and summarise the bundled example: the Suzhou 2023 news page as records",
        description=_wrapped(
            "Load the bundled example (a page of Suzhou local news, 2023: 5 streets "
            "(街道/镇), 13 communities (社区), their Party organisations (党组织), partner units "
            "(共建单位), service projects (为民服务项目) and activities (活动)), check it, and "
            "summarise it per street and per community: Party organisations, projects by status, "
            "activities by category and month, participants counted honestly (400余 and 20余 make "
            "420余: more than 420), partner units. Exit status 1 if the check finds errors."
        ),
        formatter_class=formatter,
    )
    demo.set_defaults(run=commands.demo)

    validate = subparsers.add_parser(
        "validate",
        help="check files and print every problem with its file, line and JSON path",
        description=_wrapped(
            "Check documents and JSON Lines files: every record of every kind "
            "(街道, 社区, 党组织, 共建单位, 人员, 结对共建, 为民服务项目, 活动) against every rule "
            "(types, lengths, vocabularies, division codes 区划代码, "
            "credit codes 统一社会信用代码, dates), each problem printed as "
            "FILE[:LINE]: error|warning: JSON-PATH: message [code]. "
            "JSON Lines are streamed in constant memory, with a progress bar on stderr for large "
            "files when stderr is a terminal. Warnings (conventions real data may break, such as a "
            "党委 with fewer than 100 members) are printed but never make the exit status 1. Exit "
            "status: 0 no errors, 1 errors, 2 a file could not be read."
        ),
        formatter_class=formatter,
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="a .json, .jsonl or .ndjson file"
    )
    _add_format(validate)
    _add_output(validate, "the problems and the verdict on each file")
    _add_reading(validate)
    validate.add_argument(
        "--references",
        action="store_true",
        help="also check each file as one whole dataset: references resolve (社区 to its 街道, "
        "党组织 to its host, 活动 to its organisers), ids are unique, Party organisations form "
        "no cycle, community codes lie within their street's code, activities lie within their "
        "project's life. Keeps every record in memory (JSON Lines are no longer read in "
        "constant memory); skipped for a file that has errors already",
    )
    validate.set_defaults(run=commands.validate)

    schema = subparsers.add_parser(
        "schema",
        help="print a JSON Schema (draft 2020-12) generated from the classes",
        description=_wrapped(
            "Print the JSON Schema (draft 2020-12) of a document, of one JSON Lines "
            "line, of a record or of a value type, as UTF-8 JSON with the Chinese labels of the "
            'vocabularies (e.g. 党委 / 党总支 / 党支部) and "x-personal": true on personal fields '
            "(个人信息)."
        ),
        epilog=schema_help(),
        formatter_class=formatter,
    )
    schema.add_argument(
        "type",
        nargs="?",
        default="document",
        metavar="TYPE",
        help="what to describe (default: document); the types are listed below",
    )
    schema.set_defaults(run=commands.schema)

    summary = subparsers.add_parser(
        "summary",
        help="summarise a file per street (街道/镇) and per community (社区)",
        description=_wrapped(
            "Load a file and summarise it per street (街道/镇) and per community "
            "(社区/村): communities, Party organisations (党组织), service projects (为民服务项目) "
            "by status, activities (活动) by category and month, participants counted honestly "
            "(400余 and 20余 make 420余), partner units (共建单位). "
            "Loads the whole file in memory. "
            "Exit status 1 if the file is invalid (see validate)."
        ),
        formatter_class=formatter,
    )
    summary.add_argument("file", metavar="FILE", help="a .json, .jsonl or .ndjson file")
    _add_format(summary)
    _add_reading(summary)
    _add_output(summary, "the summary (JSON: Summary.as_dict() with the counts of records)")
    summary.set_defaults(run=commands.summary)

    convert = subparsers.add_parser(
        "convert",
        help="convert between a document, JSON Lines and Parquet",
        description=_wrapped(
            "Read IN and write the same records to OUT: a document (.json) becomes JSON "
            "Lines (.jsonl, .ndjson) and back, and either becomes Parquet (--to parquet: OUT is "
            "a directory of one file per record kind, for data tools) and back (--from parquet, "
            "or IN a directory). Every record (街道, 社区, 党组织, 共建单位, 人员, "
            "结对共建, 为民服务项目, 活动) is checked on the way; invalid input is reported and "
            "OUT is left untouched (exit status 1). OUT is written whole or not at all. A "
            "document is loaded whole in memory; JSON Lines and Parquet are streamed. Parquet "
            "needs the arrow extra: pip install 'community-model[arrow]'."
        ),
        formatter_class=formatter,
    )
    _add_in_out(convert, ("document", "jsonl", "parquet"))
    _add_reading(convert)
    convert.set_defaults(run=commands.convert)

    redact = subparsers.add_parser(
        "redact",
        help="write a copy without personal data (个人信息): names, phones, ID numbers",
        description=_wrapped(
            "Read IN and write OUT with the personal fields of people (人员: name, phone, "
            "resident ID number 身份证号码, household address) removed, masked (成**, "
            "138****5678) or replaced by stable pseudonyms, as the policy says; names quoted "
            "in free text are replaced too. References stay intact. Pseudonyms are keyed "
            "hashes (HMAC-SHA-256): the same key gives the same pseudonym in every file, and "
            "the key never leaves its owner. OUT is written whole or not at all."
        ),
        formatter_class=formatter,
    )
    _add_in_out(redact)
    redact.add_argument(
        "--policy",
        choices=("mask", "remove", "pseudonym"),
        default="mask",
        help="mask: names and phones masked, ID numbers and addresses removed (the default); "
        "remove: every optional personal field removed, names masked; pseudonym: names and "
        "person ids replaced by keyed pseudonyms, the rest removed",
    )
    redact.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=ACTION",
        help="override one field: name, phone, id_number, address or ids = keep, remove, mask "
        "or pseudonym (repeatable)",
    )
    redact.add_argument(
        "--key-file",
        metavar="FILE",
        help="the secret key for pseudonyms, read from FILE (default: the environment "
        "variable COMMUNITY_MODEL_KEY)",
    )
    redact.add_argument(
        "--keep-free-text",
        action="store_true",
        help="leave titles and descriptions as they are (default: replace quoted names)",
    )
    _add_reading(redact)
    redact.set_defaults(run=commands.redact)
    scale.register(subparsers, formatter)
    return parser
