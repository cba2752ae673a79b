"""The example web service (examples/service), tested over real HTTP on the loopback interface.

Each server is the command users run (``python -m examples.service``) in a subprocess, on a port
the system picks, started and stopped by a fixture; every request goes through a real client
(httpx) and a real server (uvicorn). The data is the bundled example with phones, identity
numbers and addresses added to its people: every response to a request without the key is
searched for them, and for the people's full names, as it arrives (an httpx event hook), so no
test can return personal data unnoticed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import httpx
import jsonschema
import orjson
import pytest
from openapi_spec_validator import validate

import community_model
from community_model import (
    Activity,
    Dataset,
    Person,
    When,
    openapi_components,
    problem_type,
    read_jsonl,
    redact,
    save_dataset,
    suzhou_2023,
    to_dict,
    write_jsonl,
)
from community_model._dataset.collection import COLLECTIONS as DATASET_LISTS

ROOT = Path(__file__).resolve().parent.parent
KEY = "test-key-kept-by-the-office-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {"Content-Type": "application/json"}
COLLECTIONS = tuple(DATASET_LISTS.values())  # every list of a Dataset, in document order
CLASS_OF = {name: cls for cls, name in DATASET_LISTS.items()}
MiB = 1 << 20

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")


# -- the data: the example, with personal data to protect ------------------------------------------


def resident_id(region: str, birth: str, sequence: int) -> str:
    """A valid identity number (GB 11643): ISO 7064 MOD 11-2 check character."""
    body = f"{region}{birth}{sequence:03d}"
    total = sum(int(digit) * pow(2, 17 - i, 11) for i, digit in enumerate(body))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def with_personal_data(page: Dataset) -> Dataset:
    people = [
        attrs.evolve(
            person,
            phone=f"1391234{5600 + n:04d}",
            id_number=resident_id("320508", f"19{60 + n}0{n + 1}1{n}", 100 + n),
            address=f"苏州市姑苏区人民路{300 + n}号{n + 1}幢",
        )
        for n, person in enumerate(page.people)
    ]
    return attrs.evolve(page, people=tuple(people))


DATA = with_personal_data(suzhou_2023())
SECRETS = tuple(
    value
    for person in DATA.people
    for value in (person.phone, person.id_number, person.address, person.name)
    if value is not None
)


def test_the_data_has_personal_data_to_protect() -> None:
    """Nine people, each with a valid phone, identity number and address."""
    assert DATA.check() == []
    assert len(DATA.people) == 9
    assert all(p.phone and p.id_number and p.address for p in DATA.people)
    assert len(SECRETS) == 36


# -- servers ---------------------------------------------------------------------------------------


@dataclass
class Server:
    """A running service: its address, its process, and every response checked so far."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    checked: list[str] = field(default_factory=list)

    def client(self, **options: Any) -> httpx.Client:
        """A client whose every response without the key is searched for personal data."""

        def check(response: httpx.Response) -> None:
            response.read()
            self.checked.append(str(response.url))
            if response.request.headers.get("authorization") == AUTH["Authorization"]:
                return
            text = response.content.decode("utf-8", errors="replace")
            leaked = [secret for secret in SECRETS if secret in text]
            assert not leaked, f"{response.request.url}: personal data in the response {leaked}"

        options.setdefault("timeout", 60)
        return httpx.Client(base_url=self.url, event_hooks={"response": [check]}, **options)

    def peak_memory(self) -> int:
        """The server process's peak resident memory (VmHWM), in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert found is not None
        return int(found.group(1)) * 1024

    def resident_memory(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        assert found is not None
        return int(found.group(1)) * 1024

    def reset_peak_memory(self) -> bool:
        """Set the peak to the current resident memory (Linux 4.0+: clear_refs 5)."""
        try:
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True


def start(tmp: Path, *arguments: str, key: str | None = KEY) -> Iterator[Server]:
    data = tmp / "data.json"
    save_dataset(DATA, data)
    log = tmp / "server.log"
    environment = {k: v for k, v in os.environ.items() if k != "COMMUNITY_SERVICE_KEY"}
    if key is not None:
        environment["COMMUNITY_SERVICE_KEY"] = key
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "examples.service",
                "--port",
                "0",
                "--data",
                str(data),
                *arguments,
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline().decode() if ready else ""
        found = re.fullmatch(r"serving on (http://127\.0\.0\.1:\d+)\n", line)
        assert found, f"the server did not start: {line!r}\n{log.read_text()}"
        server = Server(url=found.group(1), process=process, log=log)
        with server.client() as client:  # the socket is bound: wait until the app answers
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.get("/v1").raise_for_status()
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.05)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - a server that hangs
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with the key, room for a large import, and the default record limits."""
    yield from start(tmp_path_factory.mktemp("main"), "--max-import-bytes", str(256 * MiB))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with small limits, to test oversized bodies and lines cheaply."""
    yield from start(
        tmp_path_factory.mktemp("small"),
        "--max-body-bytes",
        "4096",
        "--max-line-bytes",
        "2048",
        "--max-import-bytes",
        "65536",
    )


@pytest.fixture(scope="module")
def readonly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service with no key configured."""
    yield from start(tmp_path_factory.mktemp("readonly"), key=None)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The body of a problem details response, after checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


def codes(body: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(p["code"], p["path"], p["pointer"]) for p in body["errors"]]


# -- the OpenAPI document --------------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_uses_the_library_components(
    client: httpx.Client,
) -> None:
    """OpenAPI 3.1, valid; its schemas are the library's, unchanged; operations refer to them."""
    document = client.get("/schema/openapi.json").json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    library = openapi_components()["schemas"]
    schemas = document["components"]["schemas"]
    assert set(schemas) == {*library, "HttpProblem"}
    for name, schema in library.items():
        assert schemas[name] == schema, name
    paths = document["paths"]
    for name in COLLECTIONS:
        assert f"/v1/{name}" in paths
        assert f"/v1/{name}/{{ident}}" in paths
    create = paths["/v1/activities"]["post"]
    body_schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/Activity"}
    refusal = create["responses"]["422"]["content"]["application/problem+json"]["schema"]
    assert refusal == {"$ref": "#/components/schemas/ValidationError"}
    start_parameter = next(
        p for p in paths["/v1/activities"]["get"]["parameters"] if p["name"] == "start"
    )
    assert start_parameter["schema"] == {"$ref": "#/components/schemas/When"}
    assert schemas["Person"]["properties"]["phone"]["x-personal"] is True


# -- reading ---------------------------------------------------------------------------------------


def test_the_index_counts_every_collection(client: httpx.Client) -> None:
    body = client.get("/v1").json()
    for name in COLLECTIONS:
        assert body["collections"][name]["count"] >= len(getattr(DATA, name))


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_collection_lists_as_its_schema_says(client: httpx.Client, name: str) -> None:
    """A page of each collection, redacted; every item valid against the component schema."""
    response = client.get(f"/v1/{name}", params={"limit": 1000})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    page = response.json()
    expected = [to_dict(r) for r in getattr(redact(DATA), name)]
    assert page["items"][: len(expected)] == expected
    assert page["total"] >= len(expected)
    components = openapi_components()
    cls = CLASS_OF[name]  # some lists of the example are empty (no adoption is reported)
    validator = jsonschema.Draft202012Validator(
        {"components": components, "$ref": f"#/components/schemas/{cls.__name__}"}
    )
    for item in page["items"]:
        validator.validate(item)


def test_every_record_is_fetched_by_id(client: httpx.Client) -> None:
    """Each record of the example, by its kind and id, as its redacted JSON."""
    public = redact(DATA)
    for name in COLLECTIONS:
        for record in getattr(public, name):
            response = client.get(f"/v1/{name}/{record.id}")
            assert response.status_code == 200, response.text
            assert response.json() == to_dict(record)


def test_a_missing_record_is_404_problem(client: httpx.Client) -> None:
    body = problem(client.get("/v1/activities/activity:nowhere"), 404)
    assert body["type"] == "about:blank"
    assert "activity:nowhere" in body["detail"]
    problem(client.get("/v1/nothing-here"), 404)
    problem(client.delete("/v1/activities/activity:nowhere"), 405)


def test_personal_fields_are_redacted_without_the_key(server: Server) -> None:
    """Without the key: names and phones masked, identity numbers and addresses removed."""
    person = DATA.people[0]
    with server.client() as http:
        shown = http.get(f"/v1/people/{person.id}").json()
        listed = http.get("/v1/people", params={"limit": 1}).json()["items"][0]
    assert shown == listed
    assert shown["name"] == person.name[0] + "*" * (len(person.name) - 1)
    assert shown["phone"] == person.phone[:3] + "****" + person.phone[-4:]
    assert "id_number" not in shown
    assert "address" not in shown


def test_the_key_shows_everything(server: Server) -> None:
    """With the key, the records as stored; a wrong key is refused, never ignored."""
    person = DATA.people[0]
    with server.client(headers=AUTH) as http:
        assert http.get(f"/v1/people/{person.id}").json() == to_dict(person)
        assert http.get("/v1/people", params={"limit": 9}).json()["items"] == [
            to_dict(p) for p in DATA.people
        ]
    with server.client() as http:
        for header in ("Bearer wrong", f"Basic {KEY}", f"Bearer {KEY}x", "Bearer"):
            response = http.get(f"/v1/people/{person.id}", headers={"Authorization": header})
            problem(response, 401)
            assert response.headers["www-authenticate"].startswith("Bearer")


# -- filters ---------------------------------------------------------------------------------------


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_filters_answer_as_the_dataset_does(client: httpx.Client) -> None:
    """Street, community, category and time window: the same answers as the library's queries."""
    page = DATA
    get = client.get
    assert ids(get("/v1/communities", params={"street": "street:baiyangwan"})) == [
        c.id for c in page.communities_of("street:baiyangwan")
    ]
    assert ids(get("/v1/activities", params={"community": "community:shengnan"})) == [
        a.id for a in page.activities_of("community:shengnan")
    ]
    assert ids(get("/v1/activities", params={"category": "lecture"})) == [
        a.id for a in page.activities_in(community_model.ActivityCategory.LECTURE)
    ]
    summer = {"start": "2023-07", "end": "2023-08"}
    assert ids(get("/v1/activities", params=summer)) == [
        a.id for a in page.activities_between(When.month(2023, 7), When.month(2023, 8))
    ]
    possibly = ids(get("/v1/activities", params={**summer, "within": "possibly"}))
    assert possibly == [
        a.id
        for a in page.activities_between(
            When.month(2023, 7), When.month(2023, 8), within="possibly"
        )
    ]
    assert len(possibly) > len(ids(get("/v1/activities", params=summer)))
    street = ids(get("/v1/activities", params={"street": "street:yuanhe"}))
    assert street == ["activity:yuanhe-hyperbaric-lecture"]
    both = {"street": "street:wumenqiao", "category": "market"}
    assert len(ids(get("/v1/activities", params=both))) == 1
    assert ids(get("/v1/service_projects", params={"community": "community:guoyuan"})) == [
        p.id for p in page.service_projects if "community:guoyuan" in p.community_ids
    ]
    assert ids(get("/v1/party_branches", params={"community": "community:xincheng"})) == [
        b.id for b in page.branches_of("community:xincheng")
    ]
    assert ids(get("/v1/people", params={"street": "street:baiyangwan"})) == [
        "person:zhou-fuzhen",
        "person:xu-xiangqian",
        "person:gao-fumei",
    ]


def test_pages(client: httpx.Client) -> None:
    everything = ids(client.get("/v1/communities", params={"limit": 1000}))
    pages = [
        ids(client.get("/v1/communities", params={"offset": offset, "limit": 5}))
        for offset in range(0, len(everything), 5)
    ]
    assert [i for page in pages for i in page] == everything
    body = client.get("/v1/communities", params={"offset": 3, "limit": 2}).json()
    assert (body["offset"], body["limit"], body["total"]) == (3, 2, len(everything))


def test_wrong_query_parameters_are_400_with_every_problem(client: httpx.Client) -> None:
    """Every problem of the query string at once, each at $.<parameter>."""
    query = "category=bazaar&start=2023-13&within=maybe&limit=0&offset=-1&colour=red"
    body = problem(client.get(f"/v1/activities?{query}"), 400)
    assert body["type"] == problem_type("validation")
    assert sorted(codes(body)) == [
        ("enum", "$.category", "/category"),
        ("enum", "$.within", "/within"),
        ("too_large", "$.start.month", "/start/month"),
        ("too_small", "$.limit", "/limit"),
        ("type", "$.offset", "/offset"),
        ("unknown_field", "$.colour", "/colour"),
    ]
    body = problem(client.get("/v1/activities", params={"end": "recently"}), 400)
    assert codes(body) == [("edtf", "$.end", "/end")]
    body = problem(client.get("/v1/streets", params={"category": "lecture"}), 400)
    assert codes(body) == [("unknown_field", "$.category", "/category")]
    body = problem(client.get("/v1/activities?limit=5&limit=6"), 400)
    assert codes(body) == [("duplicate", "$.limit", "/limit")]
    problem(client.get("/v1/activities", params={"limit": 1001}), 400)


# -- creating --------------------------------------------------------------------------------------


def new_activity(ident: str, **changes: Any) -> dict[str, Any]:
    record = {
        "id": ident,
        "title": "社区义诊",
        "category": "free_clinic",
        "organisers": [{"kind": "community", "id": "community:shengnan"}],
        "when": "2023-09-01",
        "community_ids": ["community:shengnan"],
        "participants": {"value": 50, "qualifier": "more_than"},
    }
    record.update(changes)
    return record


def test_a_valid_record_is_stored(server: Server) -> None:
    """201 with its Location; then listed, fetched and exported like the others."""
    with server.client(headers=AUTH) as http:
        response = http.post("/v1/activities", json=new_activity("activity:created-1"))
        assert response.status_code == 201, response.text
        assert response.headers["location"] == "/v1/activities/activity:created-1"
        stored = http.get(response.headers["location"]).json()
        assert stored == response.json()
        assert stored["participants"] == {"value": 50, "qualifier": "more_than"}
        assert "activity:created-1" in ids(
            http.get("/v1/activities", params={"community": "community:shengnan"})
        )


def test_an_id_with_a_slash_is_fetched_encoded(server: Server) -> None:
    with server.client(headers=AUTH) as http:
        created = http.post("/v1/activities", json=new_activity("activity:2023/09/clinic"))
        assert created.status_code == 201, created.text
        assert created.headers["location"] == "/v1/activities/activity:2023%2F09%2Fclinic"
        assert http.get(created.headers["location"]).json()["id"] == "activity:2023/09/clinic"


def test_an_invalid_record_is_422_with_every_problem(server: Server) -> None:
    """Every rule broken, each problem with path, pointer, code and message; nothing stored."""
    body = new_activity(
        "activity bad", title="", category="bazaar", number="3", organisers=[], colour="red"
    )
    with server.client(headers=AUTH) as http:
        refused = problem(http.post("/v1/activities", json=body), 422)
        assert refused["instance"] == "/v1/activities"
        assert sorted(codes(refused)) == [
            ("empty", "$.organisers", "/organisers"),
            ("empty", "$.title", "/title"),
            ("enum", "$.category", "/category"),
            ("pattern", "$.id", "/id"),
            ("type", "$.number", "/number"),
            ("unknown_field", "$.colour", "/colour"),
        ]
        for item in refused["errors"]:
            assert item["type"] == problem_type(item["code"])
            assert item["severity"] == "error"
        syntax = http.post("/v1/activities", content=b'{"id": "x",', headers=JSON)
        broken = problem(syntax, 422)
        assert codes(broken) == [("json_syntax", "$", "")]
        wrong = http.post("/v1/activities", content=b"{}", headers={"Content-Type": "text/plain"})
        problem(wrong, 415)
        assert http.get("/v1/activities/activity bad").status_code == 404


def test_a_reference_to_a_missing_street_is_422_from_the_dataset_check(server: Server) -> None:
    """The record is sound; the dataset with it in is not: unresolved_reference at its field."""
    community = {
        "id": "community:new",
        "name": "新社区",
        "kind": "residents_committee",
        "street_id": "street:nowhere",
    }
    with server.client(headers=AUTH) as http:
        refused = problem(http.post("/v1/communities", json=community), 422)
        assert refused["type"] == problem_type("unresolved_reference")
        assert codes(refused) == [("unresolved_reference", "$.street_id", "/street_id")]
        assert "street:nowhere" in refused["errors"][0]["message"]
        assert http.get("/v1/communities/community:new").status_code == 404
        community["street_id"] = "street:baiyangwan"
        assert http.post("/v1/communities", json=community).status_code == 201


def test_a_taken_id_is_409(server: Server) -> None:
    existing = to_dict(DATA.streets[0])
    with server.client(headers=AUTH) as http:
        refused = problem(http.post("/v1/streets", json=existing), 409)
        assert codes(refused) == [("duplicate_id", "$.id", "/id")]


def test_personal_values_in_a_refused_body_never_come_back(server: Server) -> None:
    """A person sent with a bad phone and identity number: the problems do not repeat them."""
    phone, number = "1391234567", resident_id("320508", "19900307", 123)
    people = [
        {"id": "person:p1", "name": "某居民", "phone": phone, "id_number": number[:-1] + "Y"},
        {"id": "person:p2", "name": "某居民", "phone": int(phone + "8"), "id_number": int(number)},
        {"id": "person:p3", "name": "", "phone": phone + "8", "id_number": number[:-1] + "0"},
    ]
    with server.client(headers=AUTH) as http:
        for person in people:
            if person["id_number"] == number:  # pragma: no cover - the check character was 0
                continue
            refused = problem(http.post("/v1/people", json=person), 422)
            text = json.dumps(refused, ensure_ascii=False)
            for secret in (phone, phone + "8", number, number[:-1], number[6:14]):
                assert secret not in text, (secret, text)


def test_writing_needs_the_key(server: Server, readonly: Server) -> None:
    """No key: 401 with a challenge; a server with no key configured is read-only (403)."""
    with server.client() as http:
        response = http.post("/v1/activities", json=new_activity("activity:nokey"))
        problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
        problem(
            http.post("/v1/import", content=b"", headers={"Content-Type": "application/jsonl"}), 401
        )
    with readonly.client() as http:
        problem(http.post("/v1/activities", json=new_activity("activity:ro")), 403)
        assert http.get("/v1/activities").status_code == 200
        problem(http.get("/v1/activities", headers=AUTH), 401)  # no key is anyone's key


# -- oversized bodies ------------------------------------------------------------------------------


def test_an_oversized_record_is_413(small: Server) -> None:
    """Over --max-body-bytes: 413 with the code limit, announced or streamed."""
    big = new_activity("activity:big", description="很" * 3000)
    with small.client(headers=AUTH) as http:
        refused = problem(http.post("/v1/activities", json=big), 413)
        assert codes(refused) == [("limit", "$", "")]
        assert refused["type"] == problem_type("limit")

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            text = orjson.dumps(big)
            for start in range(0, len(text), 1000):
                yield text[start : start + 1000]

        streamed = http.post(
            "/v1/activities", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert codes(problem(streamed, 413)) == [("limit", "$", "")]
        assert http.post("/v1/activities", json=new_activity("activity:fits")).status_code == 201


def test_an_announced_oversized_import_is_refused_before_it_is_read(small: Server) -> None:
    """A Content-Length over the import limit is refused at once: nothing is read or sent."""
    host, port = small.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            b"POST /v1/import HTTP/1.1\r\nHost: test\r\n"
            + f"Authorization: Bearer {KEY}\r\n".encode()
            + b"Content-Type: application/jsonl\r\nContent-Length: 1000000000\r\n\r\n"
        )
        head = connection.recv(65536).decode("utf-8", errors="replace")
    assert head.startswith("HTTP/1.1 413"), head
    assert "application/problem+json" in head


def test_a_streamed_oversized_import_is_413(small: Server) -> None:
    line = orjson.dumps({"type": "activity", **new_activity("activity:x")}) + b"\n"

    def body() -> Iterator[bytes]:
        for _ in range(400):  # 400 lines of about 250 bytes: over 65,536 bytes
            yield line

    with small.client(headers=AUTH) as http:
        response = http.post(
            "/v1/import", content=body(), headers={"Content-Type": "application/jsonl"}
        )
        assert codes(problem(response, 413)) == [("limit", "$", "")]


def test_an_overlong_line_is_a_problem_of_its_line(small: Server) -> None:
    """A line over --max-line-bytes is skipped unread and reported with its number."""
    good = orjson.dumps({"type": "activity", **new_activity("activity:ok-1")})
    long = orjson.dumps({"type": "activity", **new_activity("activity:long", title="长" * 2000)})
    with small.client(headers=AUTH) as http:
        response = http.post(
            "/v1/import",
            content=b"\n".join([good, long, good.replace(b"ok-1", b"ok-2")]),
            headers={"Content-Type": "application/jsonl"},
        )
        refused = problem(response, 422)
        assert [(p["line"], p["code"]) for p in refused["errors"]] == [(2, "limit")]
        assert http.get("/v1/activities/activity:ok-1").status_code == 404


# -- JSON Lines ------------------------------------------------------------------------------------


def exported(http: httpx.Client) -> Dataset:
    with http.stream("GET", "/v1/export") as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/jsonl"
        assert "content-length" not in response.headers  # streamed, in chunks
        text = b"".join(response.iter_bytes())
    return Dataset.from_records(read_jsonl(io.BytesIO(text)))


def test_export_streams_every_record(server: Server) -> None:
    """JSON Lines of every record: redacted without the key, as stored with it."""
    with server.client() as http:
        public = exported(http)
    with server.client(headers=AUTH) as http:
        full = exported(http)
    for name in COLLECTIONS:
        ours = getattr(full, name)
        assert ours[: len(getattr(DATA, name))] == getattr(DATA, name)
    assert public.people[:9] == redact(DATA).people
    assert len(public) == len(full)
    assert public == redact(full)  # the copy kept up to date as records come is redact()'s


def lines_of(records: list[Any]) -> bytes:
    buffer = io.BytesIO()
    write_jsonl(records, buffer)
    return buffer.getvalue()


def test_import_stores_all_or_nothing(server: Server) -> None:
    """Good lines are stored together; one bad line or one missing reference stores none."""
    street = community_model.Street(
        id="street:imported", name="新街道", kind=community_model.StreetKind.SUBDISTRICT
    )
    community = community_model.Community(
        id="community:imported",
        name="新社区",
        kind=community_model.CommunityKind.RESIDENTS_COMMITTEE,
        street_id="street:imported",
    )
    activity = Activity(**{**attrs.asdict(DATA.activities[0], recurse=False), "id": "activity:imp"})
    jsonl = {"Content-Type": "application/jsonl"}
    with server.client(headers=AUTH) as http:
        # A community that names a street imported later in the same body: checked together.
        body = lines_of([community, activity]) + b"\n" + lines_of([street])
        response = http.post("/v1/import", content=body, headers=jsonl)
        assert response.status_code == 200, response.text
        assert response.json() == {
            "imported": 3,
            "by_collection": {"communities": 1, "activities": 1, "streets": 1},
            "stored": True,
        }
        assert http.get("/v1/communities/community:imported").status_code == 200

        broken = (
            lines_of([attrs.evolve(street, id="street:two")])
            + b'{"type": "activity", "id": "a"}\n'
            + lines_of([attrs.evolve(community, id="community:two", street_id="street:none")])
        )
        refused = problem(
            http.post(
                "/v1/import", content=broken, headers={"Content-Type": "application/x-ndjson"}
            ),
            422,
        )
        assert {(p["line"], p["code"]) for p in refused["errors"]} >= {(2, "missing")}
        assert http.get("/v1/streets/street:two").status_code == 404

        dangling = lines_of([attrs.evolve(street, id="street:three")]) + lines_of(
            [attrs.evolve(community, id="community:three", street_id="street:none")]
        )
        refused = problem(http.post("/v1/import", content=dangling, headers=jsonl), 422)
        assert [(p["line"], p["code"], p["path"]) for p in refused["errors"]] == [
            (2, "unresolved_reference", "$.street_id")
        ]
        assert http.get("/v1/streets/street:three").status_code == 404
        problem(http.post("/v1/import", content=body, headers={"Content-Type": "text/csv"}), 415)
        problem(http.post("/v1/import?validate_only=perhaps", content=b"", headers=jsonl), 400)


def bulk_lines(count: int, prefix: str) -> Iterator[bytes]:
    """``count`` JSON Lines activities of the example's communities, in chunks of 1,000 lines."""
    template = orjson.dumps({"type": "activity", **to_dict(DATA.activities[5])})
    marker = b'"id":"' + DATA.activities[5].id.encode() + b'"'
    assert marker in template
    head, tail = template.split(marker)
    for start in range(0, count, 1000):
        yield b"".join(
            head + b'"id":"activity:' + prefix.encode() + str(n).encode() + b'"' + tail + b"\n"
            for n in range(start, min(count, start + 1000))
        )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_100000_line_import_streams_in_bounded_memory(server: Server) -> None:
    """100,000 lines read as they arrive: the server's peak memory grows by far less than
    the body, which it therefore never holds (validate_only: the records are not kept)."""
    count = 100_000
    size = sum(len(chunk) for chunk in bulk_lines(count, "bulk-"))
    reset = server.reset_peak_memory()
    before = server.resident_memory() if reset else server.peak_memory()
    started = time.perf_counter()
    with server.client(headers=AUTH) as http:
        response = http.post(
            "/v1/import",
            params={"validate_only": "true"},
            content=bulk_lines(count, "bulk-"),
            headers={"Content-Type": "application/jsonl"},
        )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    assert response.json() == {
        "imported": count,
        "by_collection": {"activities": count},
        "stored": False,
    }
    growth = server.peak_memory() - before
    print(
        f"\n100,000-line import: {size / MiB:.1f} MiB in {elapsed:.2f} s; "
        f"server peak memory +{growth / MiB:.1f} MiB"
    )
    assert size > 50 * MiB
    assert growth < min(size / 4, 24 * MiB), (growth, size)


# -- many clients at once --------------------------------------------------------------------------


def test_concurrent_clients(server: Server) -> None:
    """16 clients at once: reads, filtered lists and writes all answered, every write stored."""

    def work(worker: int) -> list[int]:
        statuses = []
        headers = AUTH if worker % 2 else {}
        with server.client(headers=headers) as http:
            for n in range(12):
                if worker % 2 and n % 3 == 0:
                    ident = f"activity:concurrent-{worker}-{n}"
                    response = http.post("/v1/activities", json=new_activity(ident))
                elif n % 3 == 1:
                    response = http.get(
                        "/v1/activities", params={"street": "street:beiqiao", "end": "2023"}
                    )
                else:
                    record = DATA.people[n % len(DATA.people)]
                    response = http.get(f"/v1/people/{record.id}")
                statuses.append(response.status_code)
        return statuses

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(work, range(16)))
    assert all(status in (200, 201) for statuses in results for status in statuses), results
    with server.client(headers=AUTH) as http:
        stored = ids(http.get("/v1/activities", params={"limit": 1000}))
    created = {f"activity:concurrent-{w}-{n}" for w in range(1, 16, 2) for n in (0, 3, 6, 9)}
    assert created <= set(stored)


def test_kept_alive_connections_answer_at_once() -> None:
    """No ~40 ms stall per response on a kept-alive connection: the sockets the service accepts
    on its listening socket have Nagle's algorithm off (TCP_NODELAY), as asyncio sets it on
    sockets that say they are TCP."""
    from examples.service.__main__ import listening_socket  # noqa: PLC0415

    async def accepted_nodelay() -> int:
        loop = asyncio.get_running_loop()
        found: asyncio.Future[int] = loop.create_future()

        class Accept(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                found.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        listener = listening_socket("127.0.0.1", 0)
        server = await loop.create_server(Accept, sock=listener)
        try:
            _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
            value = await asyncio.wait_for(found, 30)
            writer.close()
            return value
        finally:
            server.close()

    assert asyncio.run(accepted_nodelay()) != 0


def test_every_response_was_searched(server: Server) -> None:
    """The event hook saw the responses of this module's tests (and found nothing)."""
    assert len(server.checked) > 150


def test_the_service_knows_every_collection() -> None:
    """The example's table of collections is the document's, kind by kind."""
    from examples.service.store import COLLECTIONS as TABLE  # noqa: PLC0415

    assert tuple(TABLE) == COLLECTIONS
    for name, cls in TABLE.items():
        assert all(type(record) is cls for record in getattr(DATA, name))
    assert {f.name for f in attrs.fields(Dataset) if not f.name.startswith("_")} == set(TABLE)
    assert Person in TABLE.values()
