"""Coverage-guided fuzzing of every entry point with atheris (libFuzzer), on demand.

    pip install -e '.[fuzz]'
    python fuzz/fuzz_targets.py -max_total_time=600 -rss_limit_mb=4096 fuzz/corpus

The first input byte picks the target (``loads`` as one of the types, ``read_jsonl``,
``load_dataset`` of a document or JSON Lines file, the command line's ``validate``); the rest
is the input. Anything but a ValidationError escaping (or a validate exit status other than 0
or 1) is a crash, which libFuzzer reports with the input that caused it. The seed corpus is
made from the example dataset and the JSONTestSuite files (``--seed`` writes it).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["community_model"]):
    from community_model import (
        Dataset,
        Limits,
        ValidationError,
        dumps,
        load_dataset,
        loads,
        read_jsonl,
        write_jsonl,
    )
    from community_model._cli import main as cli_main
    from community_model._registry import LOADABLE_TYPES

TYPES: list[type] = list(LOADABLE_TYPES)
SCRATCH = Path(tempfile.mkdtemp(prefix="community-model-fuzz-"))
TARGETS = len(TYPES) + 6
#: Tight limits, so that every limit and the cap on problems are reached often.
TIGHT = Limits(
    max_bytes=4000,
    max_line_bytes=1000,
    max_stream_bytes=8000,
    max_depth=8,
    max_string_length=200,
    max_list_length=50,
    max_problems=5,
)


def _problems(call: Callable[[], object]) -> list[object]:
    """The problems ``call`` raises in a ValidationError (none if it returns)."""
    try:
        call()
    except ValidationError as error:
        return list(error.errors)
    return []


def one_input(data: bytes) -> None:
    if not data:
        return
    choice, payload = data[0] % TARGETS, data[1:]
    try:
        if choice < len(TYPES):
            value = loads(payload, TYPES[choice])
            assert isinstance(value, TYPES[choice])
        elif choice == len(TYPES):
            list(read_jsonl(io.BytesIO(payload)))
        elif choice == len(TYPES) + 1:
            path = SCRATCH / "input.json"
            path.write_bytes(payload)
            load_dataset(path)
        elif choice == len(TYPES) + 4:  # a strict UTF-8 text stream, tight limits
            stream = io.TextIOWrapper(io.BytesIO(payload), encoding="utf-8", errors="strict")
            found = _problems(lambda: list(read_jsonl(stream, limits=TIGHT)))
            assert len(found) <= TIGHT.max_problems + 1, len(found)
        elif choice == len(TYPES) + 5:  # a document, tight limits
            found = _problems(lambda: loads(payload, Dataset, limits=TIGHT))
            assert len(found) <= TIGHT.max_problems + 1, len(found)
        elif choice == len(TYPES) + 2:
            path = SCRATCH / "input.jsonl"
            path.write_bytes(payload)
            load_dataset(path)
        else:
            path = SCRATCH / "input.jsonl"
            path.write_bytes(payload)
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                status = cli_main(["validate", "--references", str(path)])
            assert status in (0, 1), status
    except ValidationError:
        pass


def write_seeds(directory: Path) -> None:
    """Seed inputs: the example dataset (document, lines, records) and JSONTestSuite files."""
    from community_model._examples import suzhou_2023  # noqa: PLC0415

    directory.mkdir(parents=True, exist_ok=True)
    page = suzhou_2023()
    lines = io.BytesIO()
    write_jsonl(page.records(), lines)
    seeds = [bytes([TYPES.index(Dataset)]) + dumps(page).encode()]
    seeds += [bytes([len(TYPES) + n]) + lines.getvalue() for n in range(6)]
    seeds += [
        bytes([TYPES.index(type(record))]) + dumps(record).encode() for record in page.records()
    ]
    suite = Path(__file__).resolve().parents[2] / "shared/corpora/JSONTestSuite/test_parsing"
    if suite.is_dir():
        seeds += [
            bytes([n % TARGETS]) + p.read_bytes() for n, p in enumerate(sorted(suite.iterdir()))
        ]
    for number, seed in enumerate(seeds):
        (directory / f"seed-{number:04d}").write_bytes(seed)
    print(f"wrote {len(seeds)} seeds to {directory}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed"]:
        write_seeds(Path(sys.argv[2] if len(sys.argv) > 2 else "fuzz/corpus"))
    else:
        os.environ.setdefault("COLUMNS", "100")
        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()
