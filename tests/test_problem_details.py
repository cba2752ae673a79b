"""RFC 9457 problem details of a ValidationError, and JSON Pointers of the library's paths."""

from __future__ import annotations

import ast
import io
import json
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import community_model
from community_model import (
    PROBLEM_CODES,
    Dataset,
    Person,
    Problem,
    Ref,
    Severity,
    ValidationError,
    json_pointer,
    loads,
    problem_details,
    problem_type,
    read_jsonl,
    suzhou_2023,
)
from community_model._errors import DECLARED

#: RFC 4151: tag:authorityName,date:specific
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?:[!-~]+$")


def details_of(text: str, cls: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        loads(text, cls)
    return problem_details(caught.value)


def resolve(document: Any, pointer: str) -> Any:
    """RFC 6901, section 4: evaluate a JSON Pointer."""
    if pointer == "":
        return document
    assert pointer.startswith("/")
    for token in pointer[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        document = document[int(key)] if isinstance(document, list) else document[key]
    return document


def test_one_code_names_the_type() -> None:
    """One problem: the body's type and title are those of its code; status 422; every field."""
    body = details_of('{"kind": "street", "id": "street 1"}', Ref)
    assert body == {
        "type": "tag:community-model,2026:problem/pattern",
        "title": PROBLEM_CODES["pattern"],
        "status": 422,
        "detail": body["errors"][0]["path"] + ": " + body["errors"][0]["message"],
        "errors": [
            {
                "type": "tag:community-model,2026:problem/pattern",
                "code": "pattern",
                "path": "$.id",
                "pointer": "/id",
                "message": body["errors"][0]["message"],
                "severity": "error",
            }
        ],
    }


def test_several_codes_make_a_validation_problem_listing_each() -> None:
    """Problems of several codes: the general type, and each problem with its own type."""
    body = details_of('{"kind": "town", "name": 1}', Ref)
    assert body["type"] == problem_type("validation")
    assert body["status"] == 422
    assert body["detail"] == "3 problems (3 errors); 'errors' lists each"
    assert [(p["code"], p["pointer"]) for p in body["errors"]] == [
        ("enum", "/kind"),
        ("missing", "/id"),
        ("unknown_field", "/name"),
    ]
    assert [p["type"] for p in body["errors"]] == [
        problem_type("enum"),
        problem_type("missing"),
        problem_type("unknown_field"),
    ]


def test_a_missing_street_from_the_dataset_check() -> None:
    """An integrity problem of a dataset renders with its path and pointer into the document."""
    page = suzhou_2023()
    new = community_model.Community(
        id="community:new",
        name="新社区",
        kind=community_model.CommunityKind.RESIDENTS_COMMITTEE,
        street_id="street:nowhere",
    )
    broken = Dataset.from_records([*page.records(), new])
    errors = [p for p in broken.check() if p.severity is Severity.ERROR]
    body = problem_details(ValidationError(errors), instance="/communities/community:new")
    assert body["type"] == problem_type("unresolved_reference")
    assert body["instance"] == "/communities/community:new"
    (problem,) = body["errors"]
    assert problem["pointer"] == f"/communities/{len(page.communities)}/street_id"
    assert resolve(orjson.loads(community_model.dumps(broken)), problem["pointer"]) == (
        "street:nowhere"
    )


def test_lines_and_warnings_are_kept() -> None:
    """A problem read from a JSON Lines line keeps its line; a warning its severity."""
    street = '{"type": "street", "id": "street:a", "name": "街道", "kind": "subdistrict"}'
    lines = f'{street}\n{{"type": "nope"}}\n'.encode()
    with pytest.raises(ValidationError) as caught:
        list(read_jsonl(io.BytesIO(lines)))
    body = problem_details(caught.value)
    assert body["errors"][0]["line"] == 2
    assert body["detail"].startswith("line 2: $")
    warning = Problem(
        path="$.members", code="level_members", message="m", severity=Severity.WARNING
    )
    error = Problem(path="$.id", code="pattern", message="p")
    mixed = problem_details(ValidationError([error, warning]))
    assert mixed["detail"] == "2 problems (1 error, 1 warning); 'errors' lists each"
    assert [p["severity"] for p in mixed["errors"]] == ["error", "warning"]
    assert "line" not in mixed["errors"][0]


def test_a_custom_type_base_and_status() -> None:
    """A service that documents the codes itself gives its own base; the status is its own."""
    error = ValidationError([Problem(path="$", code="limit", message="too big")])
    body = problem_details(error, status=413, type_base="https://example.org/problems/")
    assert body["type"] == "https://example.org/problems/limit"
    assert body["errors"][0]["type"] == "https://example.org/problems/limit"
    assert body["status"] == 413
    assert body["title"] == PROBLEM_CODES["limit"]


def test_an_unknown_code_still_renders() -> None:
    """A code this version does not list (from a newer library, say) gets a generic title."""
    body = problem_details(ValidationError([Problem(path="$", code="brand_new", message="m")]))
    assert body["type"] == problem_type("brand_new")
    assert body["title"]


def test_only_validation_errors_are_rendered() -> None:
    """Anything else is a TypeError that says what to pass."""
    with pytest.raises(TypeError, match="ValidationError"):
        problem_details(ValueError("x"))  # type: ignore[arg-type]


def test_every_type_uri_is_a_tag_uri() -> None:
    """Every code's type URI follows RFC 4151, and names the code after the last slash."""
    for code in [*PROBLEM_CODES, "validation"]:
        uri = problem_type(code)
        assert TAG_URI.match(uri), uri
        assert uri.rsplit("/", 1)[1] == code
    assert "validation" not in PROBLEM_CODES


# -- personal values -------------------------------------------------------------------------------

PHONE = "13812345678"
ID_NUMBER = "32050519900307123X"
ID_DIGITS = "320505199003071230"


@pytest.mark.parametrize(
    "person",
    [
        {"phone": PHONE + "9", "id_number": ID_NUMBER[:-1] + "Y"},  # bad patterns
        {"phone": int(PHONE), "id_number": int(ID_DIGITS)},  # wrong JSON types
        {"phone": [PHONE], "id_number": {"n": ID_NUMBER}},
        {"phone": PHONE, "id_number": ID_DIGITS[:-1] + "7", "name": ""},  # bad check character
        {"phone": PHONE, "id_number": "329905" + ID_NUMBER[6:], "address": "路\x00" + PHONE},
    ],
)
def test_no_personal_value_reaches_the_body(person: dict[str, Any]) -> None:
    """Phones and identity numbers given wrongly, at any depth, never appear in the body."""
    record = {"id": "person:x", "name": "某居民", **person}
    bodies = [
        details_of(orjson.dumps(record).decode(), Person),
        details_of(
            orjson.dumps({"schema_version": 1, "people": [record, record]}).decode(), Dataset
        ),
    ]
    for body in bodies:
        text = json.dumps(body, ensure_ascii=False)
        assert body["errors"]
        for secret in (PHONE, PHONE + "9", ID_NUMBER, ID_DIGITS, ID_DIGITS[:-1], "19900307"):
            assert secret not in text, (secret, text)


# -- JSON Pointer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("$", ""),
        ("$.id", "/id"),
        ("$.organisers[2].id", "/organisers/2/id"),
        ("$.activities[10].when", "/activities/10/when"),
        ("$['a/b']", "/a~1b"),
        ("$['~1']", "/~01"),
        ("$['']", "/"),
        ("$['a b'].c", "/a b/c"),
        ('$["it\'s"]', "/it's"),
        ("$['a]b'][0]", "/a]b/0"),
        ("$['\\n\\\\']", "/\n\\"),
        ("$['社区']", "/社区"),
    ],
)
def test_json_pointer(path: str, pointer: str) -> None:
    """Names, indexes and quoted keys, with ~ and / escaped as RFC 6901 says."""
    assert json_pointer(path) == pointer


@pytest.mark.parametrize("path", ["", "id", "$.", "$[x]", "$['a'", "$['a'x]", "$.a..b", "$[-1]"])
def test_json_pointer_refuses_what_is_not_a_path(path: str) -> None:
    """Text that is no path of this library is a ValueError."""
    with pytest.raises(ValueError, match="not a JSON path"):
        json_pointer(path)


@given(st.text(max_size=12))
def test_pointers_of_unknown_keys_find_the_key(key: str) -> None:
    """For any key, the pointer of the library's own path leads back to that key's value."""
    if key in ("kind", "id"):
        return
    document = {"kind": "street", "id": "street:a", key: "marker"}
    try:
        loads(orjson.dumps(document).decode(), Ref)
    except ValidationError as error:
        (problem,) = error.errors
        assert problem.code == "unknown_field"
        assert resolve(document, json_pointer(problem.path)) == "marker"
    else:  # pragma: no cover - an unknown key is always refused
        raise AssertionError(key)


# -- the list of codes -----------------------------------------------------------------------------


SOURCE = Path(community_model.__file__).parent


def test_every_code_has_its_meaning() -> None:
    """Every code a message is declared with has its title (PROBLEM_CODES, the docs' table)."""
    assert len(DECLARED) >= 40
    assert set(PROBLEM_CODES) >= DECLARED


def test_problems_are_built_from_declared_messages() -> None:
    """No module builds a Problem by hand: each comes from a Message, so its code is known."""
    for path in SOURCE.rglob("*.py"):
        if path.name == "_errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                raise AssertionError(f"{path.relative_to(SOURCE)}:{node.lineno} builds a Problem")
