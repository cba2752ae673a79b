"""The command line: ``community-model`` (also ``python -m community_model``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from community_model.entities import Entity

__all__ = ["main"]


def _describe(record: Entity) -> str:
    return f"  {record.id:<42} {record.display_name}"


def _demo(_: argparse.Namespace) -> int:
    from community_model.examples import suzhou_2023_records  # noqa: PLC0415 - keeps --help fast

    records = suzhou_2023_records()
    print("The source page (Suzhou, 2023) as records:")
    kinds: dict[str, list[Entity]] = {}
    for record in records:
        kinds.setdefault(record.record_kind.value, []).append(record)
    for kind, members in kinds.items():
        label = members[0].record_kind.label
        print(f"\n{kind} ({label}): {len(members)}")
        for record in members:
            print(_describe(record))
    warnings = [(record, found) for record in records for found in record.warnings()]
    print(f"\n{len(records)} records, all valid; {len(warnings)} warnings.")
    for record, found in warnings:
        print(f"  warning: {record.id} {found}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="community-model",
        description="Records of grassroots community governance in China (基层社区治理).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo", help="build the bundled example records (the Suzhou 2023 page) and print them"
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid data, 2 usage error)."""
    arguments = _parser().parse_args(argv)
    status: int = arguments.run(arguments)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
