"""Personal data never leaks: no problem of a personal field shows its value.

Every personal field (found through the rule table's ``Personal`` marker on every loadable
type, never listed by hand) gets every kind of bad value, each made from a secret the test then
looks for in everything the library says: the error's text and ``repr``, each problem's
message and parameters, the exceptions chained to it (and a ``doc`` they may keep), the
warnings issued. It goes through construction, ``from_dict``, ``loads`` (of the type, of a
tagged line, of a whole document) and ``read_jsonl``.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from support import examples

from community_model import (
    Dataset,
    Entity,
    ResidentId,
    ValidationError,
    When,
    from_dict,
    loads,
    read_jsonl,
    to_dict,
)
from community_model._cli import main
from community_model._codegen import wire_form
from community_model._registry import TYPES
from community_model._rules import bounds, fields_of
from community_model._values.identity import id_check_character, mask_id_number, mask_phone

#: (class, field) for every field marked personal, on every loadable type.
PERSONAL = [
    (entry.cls, field.name)
    for entry in TYPES
    if attrs.has(entry.cls)
    for field in fields_of(entry.cls)
    if field.shape.personal
]

#: Characters of secrets: digits (phones, identity numbers) and those of names and addresses.
DIGITS = "0123456789"
HAN = "周福珍许向前欧阳丽君虎池苑小区幢室"
#: How much of a secret may show before it counts as shown: message texts hold short runs of
#: digits (bounds, lengths, the example 138****5678) but never 6 characters of a secret.
WINDOW = 6


def test_personal_fields_are_found_through_the_rule_table() -> None:
    """The fields under test are those marked ``Personal()``: the four of a person and the
    number inside a ResidentId (a new personal field joins the test by its marker alone)."""
    names = {(cls.__name__, name) for cls, name in PERSONAL}
    assert names >= {
        ("Person", "name"),
        ("Person", "phone"),
        ("Person", "id_number"),
        ("Person", "address"),
        ("ResidentId", "number"),
    }


def _id_number(body: str, *, right: bool) -> str:
    check = id_check_character(body)
    return body + (check if right else ("0" if check != "0" else "1"))


def _longer_than(cls: type, field: str, secret: str) -> str:
    most = bounds(cls, field).max_len or 200
    return secret * (most // len(secret) + 2)


#: Every kind of bad value, made from a secret (text) and a number (int).
KINDS: dict[str, Callable[[type, str, str, int], Any]] = {
    "a number": lambda cls, field, secret, number: number,
    "a negative number": lambda cls, field, secret, number: -number,
    "a fraction": lambda cls, field, secret, number: number + 0.5,
    "a number past Python's digit limit": lambda cls, field, secret, number: 10**5000 + number,
    "true": lambda cls, field, secret, number: True,
    "an array": lambda cls, field, secret, number: [secret, number],
    "an object": lambda cls, field, secret, number: {"value": secret, secret: number},
    "too long": lambda cls, field, secret, number: _longer_than(cls, field, secret),
    "the wrong pattern": lambda cls, field, secret, number: secret + "x!",
    "a letter inside": lambda cls, field, secret, number: secret[:3] + "Z" + secret[3:],
    "a control character": lambda cls, field, secret, number: secret[:3] + "\x07" + secret[3:],
    "a null character": lambda cls, field, secret, number: secret + "\x00",
    "a lone surrogate": lambda cls, field, secret, number: secret + "\ud800",
    "a line break inside": lambda cls, field, secret, number: secret[:4] + "\n" + secret[4:],
    "a wrong check character": lambda cls, field, secret, number: _id_number(
        "320505" + "19900307" + str(number)[-3:].zfill(3), right=False
    ),
    "a birth date that does not exist": lambda cls, field, secret, number: _id_number(
        "320505" + "19901332" + str(number)[-3:].zfill(3), right=True
    ),
    "a birth date to come": lambda cls, field, secret, number: _id_number(
        "320505" + "20990101" + str(number)[-3:].zfill(3), right=True
    ),
    "no province": lambda cls, field, secret, number: _id_number(
        "990505" + "19900307" + str(number)[-3:].zfill(3), right=True
    ),
    "a lower-case check character": lambda cls, field, secret, number: (
        _id_number("32050519900307123", right=True).replace("X", "x")
        if str(number).endswith("0")
        else "32050519900307123x"
    ),
}


def _secret_parts(value: Any, secret: str, number: int) -> set[str]:
    """What must never be shown: windows of the secret, of the number and of the value, and
    the masks of the value (a mask shows 7 characters of an identity number)."""
    parts: set[str] = set()
    texts = [secret, str(number)]
    if isinstance(value, str):
        texts.append(value)
        if len(value) >= 11:
            parts |= {mask_phone(value), mask_id_number(value)}
    for text in texts:
        clean = "".join(ch for ch in text if ch.isprintable() and not ch.isspace())
        parts |= {clean[i : i + WINDOW] for i in range(max(1, len(clean) - WINDOW + 1))}
    return {part for part in parts if len(part) >= WINDOW}


def _said(error: BaseException, caught: list[warnings.WarningMessage]) -> Iterator[str]:
    """Everything the library says about a failure: texts of the error, its problems, the
    exceptions chained to it, and the warnings."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield repr(current.args)
        yield repr(getattr(current, "doc", ""))
        for problem in getattr(current, "errors", []):
            yield problem.message
            yield str(problem)
            yield repr(dict(problem.params))
        current = current.__cause__ or current.__context__
    for warning in caught:
        yield str(warning.message)


def _json(data: Any, *, ensure_ascii: bool = True) -> str:
    """JSON text of ``data``, integers past Python's digit limit included."""
    huge: list[int] = []

    def default(value: Any) -> str:
        raise TypeError(value)

    def placeholder(value: Any) -> Any:
        if type(value) is int and value.bit_length() > 10_000:
            huge.append(value)
            return f"\x00HUGE{len(huge) - 1}"
        if isinstance(value, dict):
            return {key: placeholder(item) for key, item in value.items()}
        if isinstance(value, list):
            return [placeholder(item) for item in value]
        return value

    text = json.dumps(placeholder(data), ensure_ascii=ensure_ascii, default=default)
    for index, value in enumerate(huge):
        low = value - 10**5000  # every huge value here is 10**5000 + a small number
        digits = "1" + str(low).zfill(5000)
        text = text.replace(json.dumps(f"\x00HUGE{index}", ensure_ascii=ensure_ascii), digits)
    return text


def _attempts(
    cls: type, field: str, valid: Any, bad: Any
) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Each way the bad value can reach the library, as (name, call)."""
    if wire_form(cls) == "record":
        data = to_dict(valid)
        data[field] = bad
        yield "construction", lambda: attrs.evolve(valid, **{field: bad})
        yield "from_dict", lambda: from_dict(data, cls)
        text = _json(data)
        yield "loads", lambda: loads(text, cls)
        raw = _json(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        yield "loads (bytes, not ASCII)", lambda: loads(raw, cls)
        tag = next((entry.tag for entry in TYPES if entry.cls is cls), None)
        if tag is not None:
            line = _json({"type": tag, **data})
            yield "loads as a line", lambda: loads(line, Entity)
            yield "read_jsonl", lambda: list(read_jsonl(io.StringIO(line + "\n")))
            yield "read_jsonl (bytes)", lambda: list(read_jsonl(io.BytesIO(line.encode() + b"\n")))
            document = _json({"schema_version": 2, "people": [data]})
            yield "a document", lambda: loads(document, Dataset)
    else:  # a value written as text: the personal field is all of it
        yield "construction", lambda: cls(**{field: bad})
        yield "parse", lambda: cls.parse(bad)
        yield "from_dict", lambda: from_dict(bad, cls)
        yield "loads", lambda: loads(_json(bad), cls)


@pytest.mark.parametrize("place", PERSONAL, ids=lambda place: f"{place[0].__name__}.{place[1]}")
@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=examples(0.1))  # every place and kind is a test of its own
@given(
    secret=st.one_of(
        st.text(DIGITS, min_size=8, max_size=18), st.text(HAN, min_size=WINDOW, max_size=12)
    ),
    number=st.integers(10**7, 10**18),
    data=st.data(),
)
def test_no_problem_of_a_personal_field_shows_its_value(
    place: tuple[type, str], kind: str, secret: str, number: int, data: st.DataObject
) -> None:
    """Every personal field × every kind of bad value × every way in: whatever the problem,
    its value (or a mask of it) is nowhere in what the library says."""
    cls, field = place
    valid = data.draw(st.from_type(cls), label="valid")
    bad = KINDS[kind](cls, field, secret, number)
    hidden = _secret_parts(bad, secret, number)
    ways = list(_attempts(cls, field, valid, bad))
    refused = []
    for way, call in ways:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                call()
            except ValidationError as error:
                refused.append(way)
                note(f"{way}: {error}")
                for text in _said(error, caught):
                    shown = sorted(part for part in hidden if part in text)
                    assert not shown, f"{way} shows {shown} in {text!r}"
    # Every way in agrees; a value of the wrong type, or text a pattern refuses, is refused
    # (free text such as a name may be anything printable).
    assert len(refused) in (0, len(ways)), refused
    if not isinstance(bad, str) or _has_pattern(cls, field):
        assert len(refused) == len(ways)


def _has_pattern(cls: type, field: str) -> bool:
    return bounds(cls, field).pattern is not None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"type":"person","id":"p","name":"周福珍","phone":13812345678}', "13812345678"),
        (
            '{"type":"person","id":"p","name":"周福珍","id_number":32050519900307123}',
            "32050519900307123",
        ),
        ('{"type":"person","id":"p","name":"周福珍","phone":"13812345678\\u0007"}', "13812345678"),
    ],
)
def test_a_phone_given_as_a_number_is_not_shown(text: str, value: str) -> None:
    """Phones exported from spreadsheets come as JSON numbers: the type error names a number
    without showing it."""
    with pytest.raises(ValidationError) as caught:
        loads(text, Entity)
    assert value not in str(caught.value)
    assert "not shown: personal data" in str(caught.value)


@pytest.mark.parametrize(
    "number",
    ["32050519900307123x", "32050519900307123Y", "32050519901332123X", "99050519900307123X"],
)
def test_a_bad_resident_id_is_not_shown(number: str) -> None:
    """ResidentId.parse of a bad number (wrong case, check character, date, province) shows
    neither the number nor its mask; the problem names the rule and the length."""
    for call in (lambda: ResidentId.parse(number), lambda: from_dict(number, ResidentId)):
        with pytest.raises(ValidationError) as caught:
            call()
        text = str(caught.value)
        assert number not in text
        assert mask_id_number(number) not in text
        assert number[-4:] not in text
        assert "18 characters, not shown: personal data" in text


def test_validate_output_json_shows_no_personal_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate --output json`` reports personal problems with their paths and codes but
    never their values."""
    lines = tmp_path / "people.jsonl"
    records = [
        {"type": "person", "id": "person:a", "name": "周福珍", "phone": 13812345678},
        {"type": "person", "id": "person:b", "name": "许向前", "id_number": "320505199003071230"},
        {"type": "person", "id": "person:c", "name": "欧阳丽君", "address": "虎池苑\u00074幢201室"},
    ]
    lines.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    assert main(["validate", "--output", "json", str(lines)]) == 1
    output = capsys.readouterr()
    report = output.out + output.err
    for value in ("13812345678", "320505199003071230", "320***********1230", "虎池苑"):
        assert value not in report
    assert "id_number" in report
    assert "check_character" in report


def test_a_syntax_error_keeps_no_copy_of_the_input() -> None:
    """After a syntax error, neither the error nor the exceptions chained to it keep the text
    (the parser's own exception holds the whole document in ``doc``)."""
    text = '{"type":"person","id":"p","name":"周福珍","phone":"13812345678",}'
    person = text.replace('"type":"person",', "")
    document = '{"schema_version": 2, "people": [' + person + "]}"
    calls = (
        lambda: loads(text, Entity),
        lambda: loads(text.encode(), Entity),
        lambda: loads(document, Dataset),
        lambda: list(read_jsonl(io.StringIO(text))),
        lambda: list(read_jsonl(io.BytesIO(text.encode()))),
    )
    for call in calls:
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.__context__ is None
        assert caught.value.__cause__ is None
        for said in _said(caught.value, []):
            assert "13812345678" not in said
            assert "周福珍" not in said


def test_personal_values_are_not_kept_in_a_cache() -> None:
    """Values read from text are cached (dates, codes), but not a ResidentId: the cache lives
    as long as the process and would keep every identity number read. Two reads of one number
    give two objects; two reads of one date, the same."""
    number = "32050519900307123X"
    assert from_dict(number, ResidentId) is not from_dict(number, ResidentId)
    assert from_dict("2023-08-18", When) is from_dict("2023-08-18", When)
