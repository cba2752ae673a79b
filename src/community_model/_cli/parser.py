"""The arguments of every command and their help, in English with the Chinese terms.

One convention in every command, after pandoc's and kubectl's: ``--from`` names the format of
the data read and ``--to`` the format of the data written (``document`` or ``jsonl``; by default
a file's suffix says), ``--output text|json`` the form of the results (for people, or for
programs), ``-o/--output-file FILE`` where the results go instead of stdout, ``-q/--quiet``
fewer words. ``-`` is standard input or output. Old spellings (``--format``) still work for one
release, with a deprecation message (:data:`DEPRECATED`).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from typing import Any, Final

from community_model._version import VERSION

from .schemas import schema_help

PROG: Final = "community-model"

DESCRIPTION: Final = """\
Records of grassroots community governance in China (基层社区治理): streets (街道/镇),
communities (社区/村), Party organisations (党委/党总支/党支部), partner units (共建单位),
co-building agreements (结对共建), service projects (为民服务项目, 微改造) and activities
(义诊, 讲座, 集市, 共建签约).

Files are JSON documents (.json) or JSON Lines (.jsonl, .ndjson: one record per line, tagged
with its "type"); "-" is standard input or output (name its format with --from or --to).
Options: --from/--to FORMAT the format read/written, --output text|json the form of the
results, -o/--output-file FILE where results go, -q/--quiet fewer words. Exit status: 0 all
good (warnings allowed), 1 invalid data, 2 usage error (bad arguments, a file that is missing,
unreadable or of unknown format)."""

#: The formats of data, as ``--from`` and ``--to`` name them.
FORMATS: Final = ("document", "jsonl")

#: Old spellings that still work, and the option that replaces each.
DEPRECATED: Final = {"--format": "--from"}

#: The release that drops the old spellings.
REMOVED_IN: Final = "0.3.0"

#: The largest number the size limits take here: more than any file, and within what the
#: platform's reads take (a larger one raised OverflowError).
MOST_BYTES: Final = sys.maxsize // 2


def _wrapped(text: str) -> str:
    """A description filled to 88 columns (the formatter keeps text as given, for the lists)."""
    return textwrap.fill(text, width=88, break_on_hyphens=False)


def whole_number(least: int, most: int | None = None) -> Callable[[str], int]:
    """The type of an option that takes a whole number from ``least`` (to ``most``, the most
    the platform takes): anything else is a usage error that says why."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least} (got {value})")
        if most is not None and value > most:
            raise argparse.ArgumentTypeError(
                f"must be at most {most} on this platform (got {text})"
            )
        return value

    return parse


#: A number of bytes for the size limits.
_bytes = whole_number(1, MOST_BYTES)


class _Deprecated(argparse.Action):
    """An old spelling: stores its value as the new option does, and notes the deprecation."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        notes = [*getattr(namespace, "deprecations", []), deprecation(option_string or "")]
        namespace.deprecations = notes


def deprecation(option: str) -> str:
    """What the command line says when an old spelling is used."""
    return f"{option} is deprecated and will be removed in {REMOVED_IN}: use {DEPRECATED[option]}"


def _add_from(parser: argparse.ArgumentParser, what: str, *, old: bool = False) -> None:
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=FORMATS,
        metavar="FORMAT",
        help=f"the format of {what}: document or jsonl (JSON Lines), whatever the suffix "
        "(default: by suffix: .json is a document, .jsonl and .ndjson are JSON Lines; "
        "needed for - , standard input)",
    )
    if old:
        parser.add_argument(
            "--format",
            dest="from_format",
            choices=FORMATS,
            metavar="FORMAT",
            action=_Deprecated,
            help=f"deprecated spelling of --from (removed in {REMOVED_IN})",
        )


def _add_output(
    parser: argparse.ArgumentParser, what: str, forms: tuple[str, ...] = ("text", "json")
) -> None:
    """``--output`` (the form of the results) and ``-o/--output-file`` (where they go)."""
    if forms == ("json",):
        help_text = f"write {what} as JSON (UTF-8), the only form"
    else:
        help_text = (
            f"write {what} as text for people, or as one JSON document for programs "
            "(UTF-8; default: text)"
        )
    parser.add_argument("--output", choices=forms, default=forms[0], help=help_text)
    parser.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the results to FILE (whole or not at all) instead of standard output",
    )


def _add_quiet(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=f"say less: {what}")


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
        type=_bytes,
        metavar="N",
        help="refuse a document larger than N bytes (default 512 MiB)",
    )
    parser.add_argument(
        "--max-line-bytes",
        type=_bytes,
        metavar="N",
        help="refuse a JSON Lines line longer than N bytes (default 16 MiB)",
    )


def _add_in_out(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    """IN and OUT, their formats, --force and --quiet: commands that read one file and write
    another."""
    parser.add_argument("input", metavar="IN", help="the file to read (- : standard input)")
    parser.add_argument("output", metavar="OUT", help="the file to write (- : standard output)")
    names = " or ".join(formats)
    for option, dest, what in (("--from", "from_format", "IN"), ("--to", "to_format", "OUT")):
        parser.add_argument(
            option,
            dest=dest,
            choices=formats,
            metavar="FORMAT",
            help=f"the format of {what}: {names} (default: by its suffix; needed for -)",
        )
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (default: refuse)"
    )
    _add_quiet(parser, "no line saying what was written")


#: The helpers other command modules use to add the same options with the same help.
add_output = _add_output
add_reading = _add_reading


Run = Callable[[argparse.Namespace], int]


def _command(
    subparsers: Any, name: str, summary: str, description: str, run: Run, **more: Any
) -> argparse.ArgumentParser:
    """One command: its one-line help, its description, and the function that runs it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=_wrapped(description),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **more,
    )
    parser.set_defaults(run=run, command_parser=parser)
    return parser


#: The helper other command modules use to add a command the same way.
add_command = _command


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``community-model`` and its commands; ``run`` is set to each command, and
    ``command_parser`` to the command's own parser (for its usage on an unknown option)."""
    from . import commands, scale  # noqa: PLC0415 - they import the library; parser stays light

    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = _command(
        subparsers,
        "demo",
        "check and summarise the bundled example: the Suzhou 2023 news page as records",
        "Load the bundled example (a page of Suzhou local news, 2023: 5 streets "
        "(街道/镇), 13 communities (社区), their Party organisations (党组织), partner units "
        "(共建单位), service projects (为民服务项目) and activities (活动)), check it, and "
        "summarise it per street and per community: Party organisations, projects by status, "
        "activities by category and month, participants counted honestly (400余 and 20余 make "
        "420余: more than 420), partner units. --save DIR writes the example as files to start "
        "from: DIR/suzhou_2023.json (a document) and DIR/suzhou_2023.jsonl (JSON Lines). Exit "
        "status 1 if the check finds errors.",
        commands.demo,
    )
    _add_output(demo, "the summary (JSON: as summary --output json gives it, with the check)")
    demo.add_argument(
        "--save",
        metavar="DIR",
        help="write the example to DIR (made if missing) as a document and as JSON Lines, "
        "instead of summarising it",
    )
    demo.add_argument(
        "--force", action="store_true", help="with --save: replace the files if they exist"
    )
    _add_quiet(demo, "with --save, no line per file written")

    validate = _command(
        subparsers,
        "validate",
        "check files and print every problem with its file, line and JSON path",
        "Check documents and JSON Lines files: every record of every kind "
        "(街道, 社区, 党组织, 共建单位, 人员, 结对共建, 为民服务项目, 活动) against every rule "
        "(types, lengths, vocabularies, division codes 区划代码, "
        "credit codes 统一社会信用代码, dates), each problem printed as "
        "FILE[:LINE]: error|warning: JSON-PATH: message [code]. "
        "JSON Lines are streamed in constant memory, with a progress bar on stderr for large "
        "files when stderr is a terminal. Warnings (conventions real data may break, such as a "
        "党委 with fewer than 100 members) are printed but never make the exit status 1. Exit "
        "status: 0 no errors, 1 errors, 2 a file could not be read.",
        commands.validate,
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="a .json, .jsonl or .ndjson file (- : stdin)"
    )
    _add_from(validate, "each FILE", old=True)
    _add_output(validate, "the problems and the verdict on each file")
    _add_quiet(validate, "no verdict line for a file without problems")
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

    schema = _command(
        subparsers,
        "schema",
        "print a JSON Schema (draft 2020-12) generated from the classes",
        "Print the JSON Schema (draft 2020-12) of a document, of one JSON Lines "
        "line, of a record or of a value type, as UTF-8 JSON with the Chinese labels of the "
        'vocabularies (e.g. 党委 / 党总支 / 党支部) and "x-personal": true on personal fields '
        "(个人信息).",
        commands.schema,
        epilog=schema_help(),
    )
    schema.add_argument(
        "type",
        nargs="?",
        default="document",
        metavar="TYPE",
        help="what to describe (default: document); the types are listed below",
    )
    _add_output(schema, "the schema", forms=("json",))

    summary = _command(
        subparsers,
        "summary",
        "summarise a file per street (街道/镇) and per community (社区)",
        "Load a file and summarise it per street (街道/镇) and per community "
        "(社区/村): communities, Party organisations (党组织), service projects (为民服务项目) "
        "by status, activities (活动) by category and month, participants counted honestly "
        "(400余 and 20余 make 420余), partner units (共建单位). "
        "Loads the whole file in memory. "
        "Exit status 1 if the file is invalid (see validate).",
        commands.summary,
    )
    summary.add_argument("file", metavar="FILE", help="a .json, .jsonl or .ndjson file (- : stdin)")
    _add_from(summary, "FILE", old=True)
    _add_reading(summary)
    _add_output(
        summary,
        "the summary (JSON: Summary.as_dict() with the counts of records, counts in "
        "the wire format)",
    )

    convert = _command(
        subparsers,
        "convert",
        "convert between a document, JSON Lines and Parquet",
        "Read IN and write the same records to OUT: a document (.json) becomes JSON "
        "Lines (.jsonl, .ndjson) and back, and either becomes Parquet (--to parquet: OUT is "
        "a directory of one file per record kind, for data tools) and back (--from parquet, "
        "or IN a directory). Every record (街道, 社区, 党组织, 共建单位, 人员, "
        "结对共建, 为民服务项目, 活动) is checked on the way; invalid input is reported and "
        "OUT is left untouched (exit status 1). OUT is written whole or not at all. A "
        "document is loaded whole in memory; JSON Lines and Parquet are streamed. Parquet "
        "needs the arrow extra: pip install 'community-model[arrow]'.",
        commands.convert,
    )
    _add_in_out(convert, (*FORMATS, "parquet"))
    _add_reading(convert)

    redact = _command(
        subparsers,
        "redact",
        "write a copy without personal data (个人信息): names, phones, ID numbers",
        "Read IN and write OUT with the personal fields of people (人员: name, phone, "
        "resident ID number 身份证号码, household address) removed, masked (成**, "
        "138****5678) or replaced by stable pseudonyms, as the policy says; names quoted "
        "in free text are replaced too. References stay intact. Pseudonyms are keyed "
        "hashes (HMAC-SHA-256): the same key gives the same pseudonym in every file, and "
        "the key never leaves its owner. OUT is written whole or not at all.",
        commands.redact,
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
    scale.register(subparsers)
    return parser
