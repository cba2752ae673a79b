"""Equal strictness, shown: which contender refuses which bad input.

    python benchmarks/strictness.py            # print the table
    python benchmarks/strictness.py --write    # and write it into benchmarks/README.md

Each input is one activity as JSON text: a valid record with one thing broken. Every contender
reads it as its benchmark does (``loads`` for community_model, ``validate_json`` for the
generated pydantic models, ``decode`` for the generated msgspec structs, ``orjson.loads`` for
the floor). A second table holds good inputs that need normalising: every contender must accept
them and give the same record (compared as the JSON each writes back). A third checks the
restated cross-field rules against the library for every reference kind.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from contenders import msgspec_family, pydantic_family
from msgspec.json import decode as decode_one

from community_model import Activity, RecordKind, dumps, loads

README = Path(__file__).with_name("README.md")
START, END = "<!-- strictness: start -->", "<!-- strictness: end -->"

VALID: dict[str, Any] = {
    "id": "activity:1",
    "title": "绿色时光健康义诊",
    "category": "free_clinic",
    "organisers": [{"kind": "party_branch", "id": "branch:1"}],
    "when": "2023-08-18",
    "status": "held",
    "community_ids": ["community:1", "community:2"],
    "partners": [{"kind": "organisation", "id": "org:1"}],
    "venue": "社区广场",
    "services": ["量血压", "理发"],
    "participants": {"value": 400, "qualifier": "more_than"},
    "series": "健康讲座",
    "number": 3,
    "sources": [{"title": "苏州日报", "url": "https://example.org/a", "published": "2023-08-19"}],
}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a dotted path (``a.b``, ``a.0.b``) to ``value``; ``...`` deletes it."""

    def change(record: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = record
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        key: Any = int(last) if last.isdigit() else last
        if value is ...:
            del node[key]
        else:
            node[key] = value

    return change


def _text(replace: str, by: str) -> Callable[[dict[str, Any]], None]:
    """A change made on the JSON text itself (for what a dict cannot hold)."""

    def change(record: dict[str, Any]) -> None:
        record["__text__"] = (replace, by)

    return change


#: (what is wrong, change to the valid record)
BAD: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("title with a control character (U+0007)", _set("title", "义诊\x07")),
    ("title with a lone surrogate (`\\ud800`)", _text('"绿色时光健康义诊"', '"义诊\\ud800"')),
    ("blank title (spaces only)", _set("title", "   ")),
    ("empty title", _set("title", "")),
    ("title of 201 characters", _set("title", "义" * 201)),
    ("title missing", _set("title", ...)),
    ("title null", _set("title", None)),
    ("title a number", _set("title", 7)),
    ("organiser of a forbidden kind (person)", _set("organisers.0.kind", "person")),
    ("partner of a forbidden kind (community)", _set("partners.0.kind", "community")),
    (
        "the same organiser twice",
        _set(
            "organisers", [{"kind": "party_branch", "id": "b"}, {"kind": "party_branch", "id": "b"}]
        ),
    ),
    ("no organiser (empty list)", _set("organisers", [])),
    ("duplicate service", _set("services", ["理发", "理发"])),
    ("duplicate community id", _set("community_ids", ["community:1", "community:1"])),
    ("service with a control character", _set("services", ["理发\x1b"])),
    ("blank service", _set("services", [" "])),
    ("number without series", _set("series", ...)),
    ("number 0 (below 1)", _set("number", 0)),
    ("number 100,001 (above 100,000)", _set("number", 100_001)),
    ('number given as a string (`"3"`)', _set("number", "3")),
    ("number given as a float (`3.0`)", _set("number", 3.0)),
    ("number given as a boolean (`true`)", _set("number", True)),
    ("negative count", _set("participants.value", -1)),
    ("count above 2^53 - 1", _set("participants.value", 2**53)),
    ("count given as a string", _set("participants.value", "400")),
    ("count qualifier not in the vocabulary", _set("participants.qualifier", "roughly")),
    ("category not in the vocabulary", _set("category", "party")),
    ("category in Chinese (a label, not the code)", _set("category", "义诊")),
    ("status null (a default is not a null)", _set("status", None)),
    ("unknown field", _set("colour", "red")),
    ("unknown field in a reference", _set("organisers.0.name", "党委")),
    ("unknown field in a source", _set("sources.0.pages", 3)),
    ("reference kind not in the vocabulary", _set("organisers.0.kind", "committee")),
    ("id with a space", _set("id", "activity 1")),
    ("id of 129 characters", _set("id", "a" * 129)),
    ("community id with a tab", _set("community_ids", ["community\t1"])),
    ("id ending in a newline", _set("id", "activity:1\n")),
    ("services given as a string, not a list", _set("services", "理发")),
    ("bad EDTF text (`2023-13-01`)", _set("when", "2023-13-01")),
    ("impossible day (`2023-02-30`)", _set("when", "2023-02-30")),
    ("interval ending before it starts", _set("when", "2023-08-20/2023-08-01")),
    ("open interval at both ends (`../..`)", _set("when", "../..")),
    ("moment without its offset", _set("when", "2023-08-18T18:30:00")),
    ("EDTF given as an object", _set("when", {"year": 2023})),
    ("source published on a bad date", _set("sources.0.published", "2023-02-29")),
    ("source URL not http(s)", _set("sources.0.url", "ftp://example.org/a")),
    ("source without a title", _set("sources.0.title", ...)),
    ("the same key twice", _text('"venue":"社区广场"', '"venue":"社区广场","venue":"广场"')),
    ("a JSON array where a record is expected", _text("__whole__", "[]")),
]

#: Where a contender cannot be made as strict as the library, why (a footnote to its row).
CANNOT = {
    "the same key twice": (
        "pydantic-core (jiter) and msgspec keep the last value of a repeated key, and neither "
        "has an option to refuse it; only a second parse of the text (which the library makes "
        "for text that is not canonical) finds it. So the library's figures include this check "
        "(on canonical text: an `orjson.dumps` of the parsed tree compared with the input) and "
        "the contenders' do not."
    ),
}

#: Good inputs that need normalising: every contender must accept them and agree on the result.
GOOD: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("the valid record itself", lambda record: None),
    ("title with surrounding spaces (stripped)", _set("title", "  义诊  ")),
    ("title in NFD (put in NFC)", _set("title", "Cafe\u0301 义诊")),
    ("service with surrounding spaces", _set("services", [" 理发 "])),
    ("status left out (the default)", _set("status", ...)),
    ("count qualifier left out (the default)", _set("participants", {"value": 3})),
    ("title of 200 characters and a space", _set("title", "义" * 200 + " ")),
    ("interval open at its start", _set("when", "../2023-08-20")),
    ("moment with its offset", _set("when", "2023-08-18T18:30:00+08:00")),
]


def text_of(change: Callable[[dict[str, Any]], None]) -> bytes:
    record = copy.deepcopy(VALID)
    change(record)
    edit = record.pop("__text__", None)
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    if edit is not None:
        old, new = edit
        text = new if old == "__whole__" else text.replace(old, new)
    return text.encode("utf-8", "surrogatepass")


def readers() -> dict[str, Callable[[bytes], Any]]:
    """How each contender reads one record (as its benchmark does); each returns JSON bytes."""
    py = pydantic_family(Activity)
    ms = msgspec_family(Activity)

    def ours(text: bytes) -> bytes:
        return dumps(loads(text, Activity)).encode()

    def ours_trusted(text: bytes) -> bytes:
        return dumps(loads(text, Activity, limits=None)).encode()

    def pydantic(text: bytes) -> bytes:
        return py.model.model_validate_json(text).model_dump_json(exclude_none=True).encode()

    def msgspec(text: bytes) -> bytes:
        return ms.encoder.encode(decode_one(text, type=ms.struct))

    return {
        "community_model `loads`": ours,
        "`loads(limits=None)`": ours_trusted,
        "pydantic (generated)": pydantic,
        "msgspec (generated)": msgspec,
        "orjson alone": orjson.loads,
    }


def _outcome(read: Callable[[bytes], Any], text: bytes) -> tuple[bool, Any]:
    try:
        return True, read(text)
    except Exception as error:
        return False, f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"


def bad_table(read_all: dict[str, Callable[[bytes], Any]]) -> tuple[list[str], int]:
    names = list(read_all)
    lines = [
        "| bad input | " + " | ".join(names) + " |",
        "| --- | " + " | ".join(":---:" for _ in names) + " |",
    ]
    gaps = 0
    notes = []
    for what, change in BAD:
        text = text_of(change)
        label = what
        if what in CANNOT:
            notes.append(f"[{len(notes) + 1}] {CANNOT[what]}")
            label = f"{what} [{len(notes)}]"
        cells = []
        for name, read in read_all.items():
            accepted, _ = _outcome(read, text)
            cells.append("accepted" if accepted else "refused")
            if accepted and name != "orjson alone":
                gaps += 1
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*lines, "", *notes], gaps


def good_table(read_all: dict[str, Callable[[bytes], Any]]) -> tuple[list[str], int]:
    names = [name for name in read_all if name != "orjson alone"]
    lines = [
        "| good input | " + " | ".join(names) + " |",
        "| --- | " + " | ".join(":---:" for _ in names) + " |",
    ]
    gaps = 0
    for what, change in GOOD:
        text = text_of(change)
        ok, expected = _outcome(read_all[names[0]], text)
        cells = []
        for name in names:
            accepted, written = _outcome(read_all[name], text)
            if not accepted:
                cells.append("**refused**")
            elif orjson.loads(written) != orjson.loads(expected if ok else b"null"):
                cells.append("**accepted, different**")
            else:
                cells.append("accepted, same")
            gaps += cells[-1] != "accepted, same"
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    return lines, gaps


def kinds_table(read_all: dict[str, Callable[[bytes], Any]]) -> tuple[list[str], int]:
    """Organisers and partners of every reference kind: the restated rules against the library."""
    names = [name for name in read_all if name != "orjson alone"]
    agree = dict.fromkeys(names, 0)
    total = 0
    for role in ("organisers", "partners"):
        for kind in RecordKind:
            text = text_of(_set(f"{role}.0.kind", kind.value))
            expected, _ = _outcome(read_all[names[0]], text)
            total += 1
            for name in names:
                agree[name] += _outcome(read_all[name], text)[0] == expected
    lines = [
        "| organisers and partners of each of the "
        f"{len(RecordKind)} reference kinds | " + " | ".join(names) + " |",
        "| --- | " + " | ".join(":---:" for _ in names) + " |",
        "| agrees with the library | "
        + " | ".join(f"{agree[name]}/{total}" for name in names)
        + " |",
    ]
    return lines, sum(total - count for count in agree.values())


def markdown() -> tuple[str, int]:
    read_all = readers()
    bad, bad_gaps = bad_table(read_all)
    good, good_gaps = good_table(read_all)
    kinds, kind_gaps = kinds_table(read_all)
    intro = (
        f"Generated by `python benchmarks/strictness.py --write` from {len(BAD)} bad inputs and "
        f"{len(GOOD)} good ones: a valid activity with one thing changed, read as one record "
        "by each contender (the generated models and structs its benchmarks use). *refused* "
        "means an error was raised."
    )
    return "\n".join([intro, "", *bad, "", *good, "", *kinds]), bad_gaps + good_gaps + kind_gaps


def write_readme(table: str) -> None:
    text = README.read_text()
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{README} has no {START} ... {END} block")
    README.write_text(pattern.sub(lambda _: f"{START}\n{table}\n{END}", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    table, gaps = markdown()
    print(table)
    if options.write:
        write_readme(table)
    print(f"\n{gaps} cells where a contender is not as strict as community_model", file=sys.stderr)


if __name__ == "__main__":
    main()
