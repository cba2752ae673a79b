"""Limits on loading: hostile input is refused early, with the limit named, in little memory."""

import contextlib
import io
import json
import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import (
    Activity,
    Adoption,
    AdoptionRole,
    ConfigurationError,
    Dataset,
    Entity,
    Limits,
    ListItem,
    Money,
    Organisation,
    ServiceProject,
    Source,
    ValidationError,
    When,
    dumps,
    load_dataset,
    loads,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from community_model._examples import suzhou_2023, suzhou_2023_records
from community_model._wire.converter import nesting
from community_model._wire.json import parse_json
from community_model._wire.limits import LARGEST


def limit_problem(call: object) -> tuple[str, str, str]:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call()
    (problem,) = caught.value.errors
    assert problem.code == "limit"
    return problem.path, problem.message, problem.code


def test_size_is_checked_before_parsing() -> None:
    """A text larger than max_bytes is refused without being parsed (it is not even JSON)."""
    path, message, _ = limit_problem(
        lambda: loads("x" * 2000, Dataset, limits=Limits(max_bytes=1000))
    )
    assert path == "$"
    assert "the input has 2,000 bytes" in message
    assert "max_bytes=1,000" in message
    assert "Limits(max_bytes=...)" in message


def test_depth_is_checked_before_building() -> None:
    """Nesting deeper than max_depth is refused at the deepest object, with its path."""
    text = '{"schema_version": 1, "streets": [[[[{"a": 1}]]]]}'
    path, message, _ = limit_problem(lambda: loads(text, Dataset, limits=Limits(max_depth=4)))
    assert path == "$.streets[0][0][0]"  # the root is level 1
    assert "5 levels" in message
    deep = "[" * 500 + "]" * 500  # below the parser's 1,024, above the default 64
    assert limit_problem(lambda: loads(deep, Entity))[0].startswith("$[0][0]")


def test_a_limit_in_a_later_record_of_a_list_is_reported_first() -> None:
    """``loads`` lets go of each record's part of the parsed tree once it is loaded; a limit
    exceeded in a record it has already let go of is still found, and reported alone."""
    good = to_dict(suzhou_2023().activities[0])
    deep = {**good, "title": [[[[["x"]]]]]}
    text = json.dumps([good, {"id": 1}, deep], ensure_ascii=False)
    path, message, _ = limit_problem(
        lambda: loads(text, list[Activity], limits=Limits(max_depth=5))
    )
    assert path == "$[2].title[0][0][0]"  # the sixth level: the list, a record, its title ...
    assert "6 levels" in message


def test_long_strings_and_arrays() -> None:
    """A string or an array over its limit is refused at its path."""
    text = '{"title": "' + "长" * 50 + '"}'
    path, message, _ = limit_problem(
        lambda: loads(text, Entity, limits=Limits(max_string_length=10))
    )
    assert (path, "50 characters" in message) == ("$.title", True)
    text = '{"schema_version": 1, "activities": [' + ",".join(["{}"] * 20) + "]}"
    path, _, _ = limit_problem(lambda: loads(text, Dataset, limits=Limits(max_list_length=10)))
    assert path == "$.activities"


def test_a_huge_line_is_skipped_in_little_memory() -> None:
    """A 30 MB line is refused by its number without being held; later lines still load."""
    good = '{"type": "street", "id": "s", "name": "某街道", "kind": "town"}\n'
    huge = '{"type": "street", "name": "' + "长" * 10_000_000 + '"}\n'
    stream = io.BytesIO((good + huge + good.replace('"s"', '"t"')).encode())
    tracemalloc.start()
    records: list[Entity] = []
    with pytest.raises(ValidationError) as caught:
        records.extend(read_jsonl(stream, limits=Limits(max_line_bytes=1000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.id for r in records] == ["s", "t"]
    assert [(p.line, p.code) for p in caught.value.errors] == [(2, "limit")]
    assert peak < 5_000_000  # the line has 30,000,000 bytes


def test_a_document_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    """load_dataset looks at the file's size first."""
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000)
    assert limit_problem(lambda: load_dataset(path, limits=Limits(max_bytes=100)))[0] == "$"


def test_defaults_accept_real_data() -> None:
    """The example dataset is far inside the default limits."""
    assert loads(dumps(suzhou_2023()), Dataset) == suzhou_2023()


@pytest.mark.parametrize(
    "arguments",
    [{"max_bytes": 0}, {"max_depth": 1025}, {"max_list_length": -1}, {"max_string_length": 1.5}],
)
def test_limits_must_make_sense(arguments: dict[str, object]) -> None:
    """Limits are whole numbers from 1; depth at most the parser's 1,024."""
    with pytest.raises(ValueError, match="Limits"):
        Limits(**arguments)  # type: ignore[arg-type]


def test_trusted_input_skips_the_limits_but_not_the_rules() -> None:
    """limits=None: no size or shape limit, every rule of every record still applies."""
    text = '{"schema_version": 1, "streets": [[[[{"a": 1}]]]]}'
    with pytest.raises(ValidationError) as caught:
        loads(text, Dataset, limits=None)
    assert {p.code for p in caught.value.errors} == {"type"}
    page = suzhou_2023()
    assert loads(dumps(page), Dataset, limits=None) == page
    lines = io.BytesIO()
    write_jsonl(page.records(), lines)
    assert len(list(read_jsonl(io.BytesIO(lines.getvalue()), limits=None))) == len(page)


def limit_problems(text: str | bytes, limits: Limits) -> list[tuple[str, str]]:
    """(path, message) of each limit problem ``loads`` finds; none if the limits let it through.

    The text need not be a record: a tree the limits let through is then refused for its
    shape, with other codes, which this ignores.
    """
    try:
        loads(text, Entity, limits=limits)
    except ValidationError as error:
        return [(p.path, p.message) for p in error.errors if p.code == "limit"]
    return []


def nested(kinds: str, *, wide: bool) -> tuple[str, list[str]]:
    """JSON nesting one container per character of ``kinds`` (``[`` an array, ``{`` an object),
    outermost first; with the path of each container. ``wide`` adds shallow siblings."""
    text = ""
    for kind in reversed(kinds):
        if kind == "[":
            items = ["0", '"s"', text] if wide else [text]
            text = "[" + ",".join(item for item in items if item) + "]"
        else:
            items = ['"a":1', f'"k":{text}'] if wide else [f'"k":{text}']
            text = "{" + ",".join(items if text else items[:-1]) + "}"
    paths, path = [], "$"
    for kind in kinds:
        paths.append(path)
        path += ("[2]" if wide else "[0]") if kind == "[" else ".k"
    return text, paths


def test_depth_is_counted_from_one_at_the_root() -> None:
    """``[[[]]]`` nests 3 levels: refused by max_depth=2, at the third array; ``[[]]`` is not."""
    assert limit_problems("[[[]]]", Limits(max_depth=2)) == [
        (
            "$[0][0]",
            "nesting 3 levels deep: the limit is max_depth=2 "
            "(pass limits=Limits(max_depth=...) to allow more)",
        )
    ]
    assert limit_problems("[[]]", Limits(max_depth=2)) == []
    assert limit_problems("[]", Limits(max_depth=1)) == []
    assert limit_problems("[[]]", Limits(max_depth=1))[0][0] == "$[0]"


@given(
    st.integers(1, 200).flatmap(
        lambda depth: st.text(alphabet="[{", min_size=depth + 1, max_size=depth + 1)
    ),
    st.booleans(),
)
def test_depth_limit_at_its_edge(kinds: str, wide: bool) -> None:
    """With ``max_depth=N``, arrays and objects nested exactly N deep (or N - 1) are accepted,
    and N + 1 deep are refused at the container one level too deep."""
    depth = len(kinds) - 1
    limits = Limits(max_depth=depth)
    for under in (depth - 1, depth):
        if under:
            assert limit_problems(nested(kinds[:under], wide=wide)[0], limits) == []
    text, paths = nested(kinds, wide=wide)
    ((path, message),) = limit_problems(text, limits)
    assert path == paths[depth]
    assert message.startswith(f"nesting {depth + 1} levels deep: the limit is max_depth={depth}")


def tree_depth(tree: object) -> int:
    if isinstance(tree, dict):
        return 1 + max(map(tree_depth, tree.values()), default=0)
    if isinstance(tree, list):
        return 1 + max(map(tree_depth, tree), default=0)
    return 0


def test_real_documents_at_the_depth_limit() -> None:
    """A document nesting exactly max_depth levels loads whole; one level less is refused."""
    page = suzhou_2023()
    text = dumps(page)
    depth = tree_depth(json.loads(text))
    assert loads(text, Dataset, limits=Limits(max_depth=depth)) == page
    with pytest.raises(ValidationError) as caught:
        loads(text, Dataset, limits=Limits(max_depth=depth - 1))
    assert [p.code for p in caught.value.errors] == ["limit"]


def _deepest_records() -> dict[type, Any]:
    """The deepest record of each class: the examples', an activity holding a project's
    outcomes and an adoption with sources (no example of theirs nests as deep as they can)."""
    records = suzhou_2023_records()
    deepest: dict[type, Any] = {}
    for record in records:
        cls = type(record)
        if cls not in deepest or tree_depth(to_dict(record)) > tree_depth(to_dict(deepest[cls])):
            deepest[cls] = record
    project = max(
        (r for r in records if type(r) is ServiceProject),
        key=lambda r: tree_depth(to_dict(r.outcomes)),
    )
    deepest[Activity] = attrs.evolve(deepest[Activity], outcomes=project.outcomes)
    deepest[Adoption] = Adoption(
        id="adoption:deep",
        item_id=next(r.id for r in records if type(r) is ListItem),
        adopter=next(r for r in records if type(r) is Organisation).ref,
        roles=(AdoptionRole.FUND,),
        sources=records[0].sources,
    )
    return deepest


DEEPEST = _deepest_records()


@pytest.mark.parametrize("record", list(DEEPEST.values()), ids=lambda r: type(r).__name__)
def test_a_record_class_nests_as_deep_as_its_deepest_record(record: Any) -> None:
    """``nesting(cls)``, the depth a strict load leaves to the loader (``_io.loads``), is the
    depth of the deepest record of the class, and of a list of them one more. At that depth it
    loads, as a document, a list and a line of JSON Lines; one level less is refused with the
    limit, whatever the loader would say."""
    cls = type(record)
    text = dumps(record)
    depth = tree_depth(json.loads(text))
    assert (nesting(cls), nesting(list[cls]), nesting(tuple[cls, ...])) == (
        depth,
        depth + 1,
        depth + 1,
    )
    assert loads(text, cls, limits=Limits(max_depth=depth)) == record
    limit_problem(lambda: loads(text, cls, limits=Limits(max_depth=depth - 1)))
    listed = f"[{text},{text}]"
    assert loads(listed, list[cls], limits=Limits(max_depth=depth + 1)) == [record, record]
    limit_problem(lambda: loads(listed, list[cls], limits=Limits(max_depth=depth)))
    line = io.BytesIO()
    write_jsonl([record], line)
    assert list(read_jsonl(io.BytesIO(line.getvalue()), limits=Limits(max_depth=depth))) == [record]
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl(io.BytesIO(line.getvalue()), limits=Limits(max_depth=depth - 1)))
    assert [(p.line, p.code) for p in caught.value.errors] == [(1, "limit")]


def test_what_holds_records_nests_one_level_deeper_than_the_deepest() -> None:
    """A tagged record (``Entity``) nests as deep as the deepest class; a document two levels
    deeper (its object, its lists); a value's text not at all; what is not ours has no bound."""
    deepest = max(tree_depth(to_dict(record)) for record in DEEPEST.values())
    assert nesting(Entity) == deepest
    document = to_dict(Dataset.from_records(DEEPEST.values()))
    assert nesting(Dataset) == tree_depth(document) == deepest + 2
    assert nesting(Money) == nesting(When) == 0
    assert nesting(list[Money]) == 1
    for foreign in (int, str, list[int], tuple[Money, int], dict[str, Money]):
        assert nesting(foreign) is None


@pytest.mark.parametrize("limit", [1, 2, 10, 100])
@pytest.mark.parametrize("character", ["a", "长", "\U00020000"])
@pytest.mark.parametrize(
    ("template", "path"),
    [
        ('"{}"', "$"),
        ('["{}"]', "$[0]"),
        ('{{"k": "{}"}}', "$.k"),
        ('{{"{}": 1}}', "$"),
    ],
    ids=["a string", "in an array", "a value", "a key"],
)
def test_string_length_limit_at_its_edge(
    limit: int, character: str, template: str, path: str
) -> None:
    """Strings and keys of exactly max_string_length characters (not bytes) are accepted; one
    character more is refused, at the string's place."""
    limits = Limits(max_string_length=limit)
    for length in (limit - 1, limit):
        assert limit_problems(template.format(character * length), limits) == []
    ((where, message),) = limit_problems(template.format(character * (limit + 1)), limits)
    assert where == path
    assert f"of {limit + 1:,} characters" in message


@pytest.mark.parametrize("limit", [1, 2, 10, 100])
@pytest.mark.parametrize(("template", "path"), [("[{}]", "$"), ('{{"k": [{}]}}', "$.k")])
def test_list_length_limit_at_its_edge(limit: int, template: str, path: str) -> None:
    """Arrays of exactly max_list_length items are accepted; one item more is refused."""
    limits = Limits(max_list_length=limit)
    for length in (limit - 1, limit):
        assert limit_problems(template.format(",".join(["0"] * length)), limits) == []
    ((where, message),) = limit_problems(template.format(",".join(["0"] * (limit + 1))), limits)
    assert (where, f"an array of {limit + 1:,}" in message) == (path, True)


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_size_limit_at_its_edge(limit: int) -> None:
    """A text of exactly max_bytes bytes is parsed; one byte more is refused unparsed."""
    limits = Limits(max_bytes=limit)
    for size in {limit - 1, limit} - {0}:
        assert limit_problems(b"0" + b" " * (size - 1), limits) == []
    ((where, message),) = limit_problems(b"0" + b" " * limit, limits)
    assert (where, f"has {limit + 1:,} bytes" in message) == ("$", True)


STREET_LINE = '{"type":"street","id":"s","name":"某街道","kind":"town"}'


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""], ids=["LF", "CRLF", "end of file"])
@pytest.mark.parametrize("extra", [1, 2, 8])
def test_line_size_limit_at_its_edge(ending: str, extra: int) -> None:
    """A JSON Lines line of exactly max_line_bytes bytes (its line ending not counted) loads;
    one byte more is refused by its line number, and the (shorter) lines after it still load."""
    line = (STREET_LINE[:-1] + " " * extra + "}").encode()
    limit = len(line)
    after = STREET_LINE.replace('"s"', '"t"').encode() + b"\n"
    for size_of_limit, refused in ((limit + 1, False), (limit, False), (limit - 1, True)):
        stream = io.BytesIO(line + b"\n" + line + ending.encode() + (after if ending else b""))
        records: list[Entity] = []
        limits = Limits(max_line_bytes=size_of_limit)
        if not refused:
            records.extend(read_jsonl(stream, limits=limits))
            assert len(records) == (3 if ending else 2)
            continue
        with pytest.raises(ValidationError) as caught:
            records.extend(read_jsonl(stream, limits=limits))
        assert [(p.line, p.code) for p in caught.value.errors] == [(1, "limit"), (2, "limit")]
        assert [r.id for r in records] == (["t"] if ending else [])


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_bytes": 1},
        {"max_line_bytes": 1},
        {"max_depth": 1},
        {"max_depth": 1024},
        {"max_string_length": 1},
        {"max_list_length": 1},
    ],
)
def test_limits_at_their_own_bounds(arguments: dict[str, int]) -> None:
    """Each limit may be 1; max_depth may be the parser's own 1,024 (one more is refused)."""
    assert attrs.asdict(Limits(**arguments)).items() >= arguments.items()
    name, value = next(iter(arguments.items()))
    with pytest.raises(ValueError, match=f"Limits.{name}"):
        Limits(**{name: value - 1 if value == 1 else value + 1})


@pytest.mark.parametrize(
    ("text", "limits", "path", "name"),
    [
        ('["aaa", "aaaa"]', Limits(max_string_length=3), "$[1]", "max_string_length"),
        ('{"aaa": 1, "aaaa": 2}', Limits(max_string_length=3), "$", "max_string_length"),
        ('{"k": "aaa", "l": ["aaaa"]}', Limits(max_string_length=3), "$.l[0]", "max_string_length"),
        ("[[0, 0, 0], [0, 0, 0, 0]]", Limits(max_list_length=3), "$[1]", "max_list_length"),
        ('{"a": [[]], "b": [[[]]]}', Limits(max_depth=3), "$.b[0][0]", "max_depth"),
    ],
)
def test_the_excess_is_found_past_values_exactly_at_the_limit(
    text: str, limits: Limits, path: str, name: str
) -> None:
    """Values exactly at a limit come first; the problem is at the one over it, and names the
    limit exceeded."""
    ((where, message),) = limit_problems(text, limits)
    assert where == path
    assert f"the limit is {name}=" in message


def test_max_bytes_bounds_whole_texts_not_the_lines_of_a_stream() -> None:
    """A JSON Lines line longer than max_bytes but within max_line_bytes loads: max_bytes is for
    a whole text given to ``loads`` (or a document file), max_line_bytes for each line."""
    line = STREET_LINE.encode() + b"\n"
    limits = Limits(max_bytes=10, max_line_bytes=len(line))
    assert [r.id for r in read_jsonl(io.BytesIO(line * 2), limits=limits)] == ["s", "s"]
    assert limit_problems(line, limits)[0][0] == "$"


def test_limits_count_keys_and_lines_exactly() -> None:
    """A long key is refused whatever its value; a line exactly at the limit is read."""
    with pytest.raises(ValidationError, match="max_string_length"):
        loads('{"' + "k" * 50 + '": {}}', Source, limits=Limits(max_string_length=10))
    line = b'{"type":"street","id":"s","name":"x","kind":"town"}'
    limits = Limits(max_line_bytes=len(line))
    for ending in (b"\n", b"\r\n", b""):
        assert [r.id for r in read_jsonl(io.BytesIO(line + ending), limits=limits)] == ["s"]


def test_limits_are_configuration_errors() -> None:
    """A limit below 1 is a ConfigurationError (a ValueError and a CommunityModelError)."""
    with pytest.raises(ConfigurationError):
        Limits(max_bytes=0)


# -- Round two (issue 12): limits that hold for every kind of input ---------------------------


def test_a_document_is_read_through_a_bounded_reader_whatever_stat_says(tmp_path: Path) -> None:
    """/dev/zero says its size is 0 and never ends: reading stops one byte past max_bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            load_dataset("/dev/zero", format="document", limits=Limits(max_bytes=1000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (problem,) = caught.value.errors
    assert (problem.code, problem.params["name"]) == ("limit", "max_bytes")
    assert "more than 1,000 bytes" in problem.message
    assert peak < 1 << 20


def test_a_fifo_fed_more_than_max_bytes_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A FIFO reports size 0; a writer feeding it 20 MB meets a reader that stops at the limit."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    chunk = b" " * (1 << 20)

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as writer:
            for _ in range(20):
                writer.write(chunk)

    writer = threading.Thread(target=feed)
    writer.start()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            load_dataset(fifo, format="document", limits=Limits(max_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        writer.join(10)
    assert caught.value.errors[0].params["name"] == "max_bytes"
    assert peak < 2 << 20


def test_a_proc_file_reporting_size_zero_is_read_and_bounded() -> None:
    """A /proc file says 0 bytes and then gives more: the limit counts what is read."""
    proc = Path("/proc/self/status")
    if not proc.exists() or proc.stat().st_size != 0:  # pragma: no cover - not Linux
        pytest.skip("needs Linux's /proc")
    with pytest.raises(ValidationError) as caught:
        load_dataset(proc, format="document", limits=Limits(max_bytes=10))
    assert caught.value.errors[0].params["name"] == "max_bytes"


def test_json_lines_from_an_endless_source_stop_at_max_stream_bytes() -> None:
    """/dev/zero as JSON Lines (one endless line) ends at the total-size limit, not never."""
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl("/dev/zero", limits=Limits(max_line_bytes=1000, max_stream_bytes=5 << 20)))
    names = [p.params.get("name") for p in caught.value.errors]
    assert names[-1] == "max_stream_bytes"


class _Endless(io.RawIOBase):
    """A stream of valid JSON Lines that never ends."""

    line = b'{"type": "street", "id": "street:a", "name": "A", "kind": "subdistrict"}\n'

    def readable(self) -> bool:
        return True

    at = 0

    def readinto(self, buffer: Any) -> int:
        size, start = len(buffer), self.at % len(self.line)
        data = (self.line * (size // len(self.line) + 2))[start : start + size]
        buffer[:size] = data
        self.at += size
        return size


def test_an_endless_stream_of_valid_lines_stops_at_max_stream_bytes() -> None:
    """Good lines forever: the records stop after max_stream_bytes, and a problem says why."""
    source = io.BufferedReader(_Endless())
    records = []
    reading = read_jsonl(source, limits=Limits(max_stream_bytes=100_000))
    with pytest.raises(ValidationError) as caught:
        records.extend(reading)
    assert 0 < len(records) < 100_000 // len(_Endless.line) + 1
    (problem,) = caught.value.errors
    assert problem.params["name"] == "max_stream_bytes"


def test_max_bytes_counts_encoded_bytes_of_a_str() -> None:
    """A str of 100 Chinese characters is 300 bytes in UTF-8: over a limit of 200."""
    text = json.dumps("周" * 100, ensure_ascii=False)
    with pytest.raises(ValidationError) as caught:
        loads(text, Source, limits=Limits(max_bytes=200))
    assert "302 bytes" in caught.value.errors[0].message


@pytest.mark.parametrize(
    "name",
    [
        "max_bytes",
        "max_line_bytes",
        "max_stream_bytes",
        "max_string_length",
        "max_list_length",
        "max_problems",
    ],
)
def test_limits_that_would_overflow_are_refused_when_built(name: str) -> None:
    """max_line_bytes=2**63 used to raise OverflowError while reading: now when built."""
    with pytest.raises(ConfigurationError, match=f"Limits.{name} must be at most"):
        Limits(**{name: 2**63})
    with pytest.raises(ConfigurationError, match="bits"):
        Limits(**{name: 10**5000})
    Limits(**{name: LARGEST})  # the largest is allowed, and reading with it works
    list(read_jsonl(io.BytesIO(b"\n"), limits=Limits(**{name: LARGEST})))


@given(st.integers(min_value=LARGEST + 1, max_value=2**200) | st.integers(max_value=0))
def test_every_limit_is_refused_outside_its_range(value: int) -> None:
    """Property: any limit value outside 1..LARGEST is a ConfigurationError, for every limit."""
    for field in attrs.fields(Limits):
        with pytest.raises(ConfigurationError):
            Limits(**{field.name: value})


def test_an_endless_stream_of_bad_lines_stops_at_the_problem_cap() -> None:
    """Faults forever: reading stops at the max_problems-th problem, and a last one says so."""
    _Bad = type("_Bad", (_Endless,), {"line": b"0\n"})
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl(io.BufferedReader(_Bad()), limits=Limits(max_problems=50)))
    problems = caught.value.errors
    assert len(problems) == 51
    assert problems[-1].code == "too_many_problems"
    assert problems[-1].message.startswith(
        "more problems not listed: the work stopped at problem 51, one over the limit "
        "max_problems=50 ("
    )


def test_ten_million_faults_in_a_document_stop_at_the_problem_cap() -> None:
    """A document whose list holds a million zeros: 1,000 problems and a last one, in little
    memory (it built a million problems before)."""
    text = '{"schema_version": 2, "streets": [' + ",".join(["0"] * 1_000_000) + "]}"
    tracemalloc.start()
    try:
        parse_json(text)  # what reading the text costs, whatever follows
        parsing = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        with pytest.raises(ValidationError) as caught:
            loads(text, Dataset)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    problems = caught.value.errors
    assert len(problems) == 1001
    assert [p.code for p in problems[-2:]] == ["type", "too_many_problems"]
    assert "max_problems=1,000" in problems[-1].message
    assert peak < parsing + (20 << 20)  # a million problems took 500 MB more


def test_one_json_line_with_a_million_unknown_keys_stops_at_the_problem_cap() -> None:
    """One line, a million unknown keys: the first max_problems problems, then the end."""
    line = '{"type": "street", ' + ",".join(f'"k{i}": 0' for i in range(1_000_000)) + "}\n"
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl(io.StringIO(line), limits=Limits(max_problems=100)))
    problems = caught.value.errors
    assert len(problems) == 101
    assert problems[-1].code == "too_many_problems"


def test_the_problem_cap_is_a_limit_of_loads_and_none_lifts_it() -> None:
    """Limits(max_problems=N) lists N problems; limits=None lists every one."""
    text = '{"schema_version": 2, "streets": [0, 0, 0, 0, 0]}'
    with pytest.raises(ValidationError) as capped:
        loads(text, Dataset, limits=Limits(max_problems=2))
    assert [p.code for p in capped.value.errors] == ["type", "type", "too_many_problems"]
    with pytest.raises(ValidationError) as whole:
        loads(text, Dataset, limits=None)
    assert [p.code for p in whole.value.errors] == ["type"] * 5


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=20))
def test_a_load_never_lists_more_than_its_cap(faults: int, cap: int) -> None:
    """Property: n faults and a cap of c give min(n, c) problems, and one more iff n > c."""
    text = '{"schema_version": 2, "streets": [' + ",".join(["0"] * faults) + "]}"
    try:
        loads(text, Dataset, limits=Limits(max_problems=cap))
    except ValidationError as error:
        codes = [p.code for p in error.errors]
    else:
        codes = []
    assert codes[: min(faults, cap)] == ["type"] * min(faults, cap)
    assert codes[min(faults, cap) :] == (["too_many_problems"] if faults > cap else [])


def test_a_text_stream_with_invalid_utf8_gives_a_problem_not_unicode_decode_error() -> None:
    """read_jsonl on a text stream that cannot decode: a problem on its line, no traceback."""
    good = b'{"type": "street", "id": "street:a", "name": "A", "kind": "subdistrict"}\n'
    stream = io.TextIOWrapper(io.BytesIO(good + b'{"type": "street\xff"}\n'), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl(stream))
    (problem,) = caught.value.errors
    assert problem.code == "encoding"
    assert "utf-8" in problem.message
