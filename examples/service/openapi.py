"""The service's OpenAPI 3.1 document: the library's components, referred to by every operation.

Litestar builds the document's paths from the routes; the bodies and responses are the
library's JSON forms, which Litestar does not derive itself (the service reads and writes them
with ``community_model``), so each route names them through its ``operation_class``. The schemas
themselves come from ``community_model.openapi_components()``, unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)

from community_model import openapi_components

from .queries import DESCRIPTIONS, MAX_LIMIT

JSON: Final = "application/json"
JSONL: Final = "application/jsonl"
PROBLEM_JSON: Final = "application/problem+json"
KEY_SCHEME: Final = "serviceKey"

#: Operations anyone may call; the key shows personal fields unredacted.
OPEN: Final[list[dict[str, list[str]]]] = [{}, {KEY_SCHEME: []}]
#: Operations only the key's holders may call.
KEYED: Final[list[dict[str, list[str]]]] = [{KEY_SCHEME: []}]


def ref(name: str) -> Reference:
    """A reference to a component schema."""
    return Reference(ref=f"#/components/schemas/{name}")


def schemas() -> dict[str, Any]:
    """The library's schemas, unchanged, and the service's own generic problem."""
    found: dict[str, Any] = dict(openapi_components()["schemas"])
    found["HttpProblem"] = {
        "type": "object",
        "title": "HttpProblem",
        "description": "Problem details (RFC 9457) of a request the service refuses for a "
        "reason that is not in its data (no key, no such record, wrong media type).",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
        },
        "required": ["type", "title", "status"],
    }
    return found


def components() -> Components:
    """The security scheme of the key (the schemas are added once the app is built)."""
    return Components(
        security_schemes={
            KEY_SCHEME: SecurityScheme(
                type="http",
                scheme="bearer",
                description="The key configured for the service (COMMUNITY_SERVICE_KEY). "
                "Without it, reads answer with personal fields redacted and writes are refused.",
            )
        },
    )


def add_schemas(document: OpenAPI) -> None:
    """Put the schemas in the app's document, next to those Litestar derived (none, here).

    Litestar fills ``components/schemas`` with the schemas of the types it sees in handler
    signatures, replacing any given in its configuration; our handlers read and write the
    library's JSON themselves, so it sees none, and the library's schemas go in afterwards.
    """
    generated = document.components.schemas
    ours = schemas()
    clash = set(generated) & set(ours)
    if clash:  # pragma: no cover - a handler that Litestar documents itself
        raise RuntimeError(f"schemas named twice: {sorted(clash)}")
    generated.update(ours)


def _problem(description: str, schema: str = "ValidationError") -> OpenAPIResponse:
    return OpenAPIResponse(
        description=description, content={PROBLEM_JSON: OpenAPIMediaType(schema=ref(schema))}
    )


def _http_problem(description: str) -> OpenAPIResponse:
    return _problem(description, "HttpProblem")


def _json(description: str, schema: Schema | Reference) -> OpenAPIResponse:
    return OpenAPIResponse(description=description, content={JSON: OpenAPIMediaType(schema=schema)})


_UNAUTHORISED: Final = _http_problem("A key was given, and it is not the service's key.")


def page_schema(name: str) -> Schema:
    """A page of a list: the matching records, and how many match in all."""
    return Schema(
        type=OpenAPIType.OBJECT,
        properties={
            "items": Schema(type=OpenAPIType.ARRAY, items=ref(name)),
            "total": Schema(type=OpenAPIType.INTEGER, minimum=0),
            "offset": Schema(type=OpenAPIType.INTEGER, minimum=0),
            "limit": Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=MAX_LIMIT),
        },
        required=["items", "total", "offset", "limit"],
        additional_properties=False,
    )


def query_parameter(name: str, category_codes: tuple[str, ...] = ()) -> Parameter:
    """A documented query parameter of a list endpoint."""
    schema: Schema | Reference
    if name in ("start", "end"):
        schema = ref("When")
    elif name == "within":
        schema = Schema(type=OpenAPIType.STRING, enum=["surely", "possibly"], default="surely")
    elif name in ("offset", "limit"):
        schema = Schema(type=OpenAPIType.INTEGER, minimum=0 if name == "offset" else 1)
    elif name == "category":
        schema = Schema(type=OpenAPIType.STRING, enum=list(category_codes))
    else:
        schema = Schema(type=OpenAPIType.STRING)
    return Parameter(
        name=name, param_in="query", schema=schema, description=DESCRIPTIONS[name], required=False
    )


def ident_parameter(kind: str) -> Parameter:
    return Parameter(
        name="ident",
        param_in="path",
        schema=Schema(type=OpenAPIType.STRING),
        description=f"The id of the {kind} ('/' in an id is sent as %2F).",
        required=True,
    )


def operation(
    *,
    parameters: list[Parameter] | None = None,
    body: RequestBody | None = None,
    responses: dict[str, OpenAPIResponse],
    security: list[dict[str, list[str]]],
) -> type[Operation]:
    """An ``Operation`` class that documents what Litestar cannot see: our bodies, our schemas."""

    @dataclass
    class Documented(Operation):
        def __post_init__(self) -> None:
            self.parameters = list(parameters) if parameters else None
            self.request_body = body
            self.responses = dict(responses)
            self.security = security

    return Documented


def list_operation(name: str, filters: tuple[str, ...], codes: tuple[str, ...]) -> type[Operation]:
    return operation(
        parameters=[query_parameter(f, codes) for f in (*filters, "offset", "limit")],
        responses={
            "200": _json("A page of the matching records.", page_schema(name)),
            "400": _problem("A query parameter is wrong; every problem is listed."),
            "401": _UNAUTHORISED,
        },
        security=OPEN,
    )


def fetch_operation(name: str, kind: str) -> type[Operation]:
    return operation(
        parameters=[ident_parameter(kind)],
        responses={
            "200": _json(f"The {kind}.", ref(name)),
            "401": _UNAUTHORISED,
            "404": _http_problem(f"No {kind} has this id."),
        },
        security=OPEN,
    )


def create_operation(name: str, kind: str) -> type[Operation]:
    return operation(
        body=RequestBody(
            content={JSON: OpenAPIMediaType(schema=ref(name))},
            required=True,
            description=f"The new {kind}, as community_model writes it.",
        ),
        responses={
            "201": _json(f"The {kind} was stored; Location names it.", ref(name)),
            "401": _http_problem("No key, or not the service's key."),
            "403": _http_problem("The service has no key configured: it is read-only."),
            "409": _problem("A record of this kind already has this id."),
            "413": _problem("The body is larger than the service's limit (code 'limit')."),
            "415": _http_problem("The body is not application/json."),
            "422": _problem(
                "The record breaks rules: its own (types, lengths, codes ...) or the "
                "dataset's (a reference to a record that does not exist ...)."
            ),
        },
        security=KEYED,
    )


def index_operation() -> type[Operation]:
    collection = Schema(
        type=OpenAPIType.OBJECT,
        properties={
            "count": Schema(type=OpenAPIType.INTEGER, minimum=0),
            "href": Schema(type=OpenAPIType.STRING),
        },
        required=["count", "href"],
    )
    index = Schema(
        type=OpenAPIType.OBJECT,
        properties={
            "version": Schema(
                type=OpenAPIType.INTEGER, minimum=0, description="How many changes were stored."
            ),
            "collections": Schema(type=OpenAPIType.OBJECT, additional_properties=collection),
            "openapi": Schema(type=OpenAPIType.STRING),
        },
        required=["version", "collections", "openapi"],
    )
    return operation(
        responses={"200": _json("How many records of each kind.", index), "401": _UNAUTHORISED},
        security=OPEN,
    )


def export_operation() -> type[Operation]:
    return operation(
        responses={
            "200": OpenAPIResponse(
                description="Every record as JSON Lines, one tagged record per line, streamed.",
                content={JSONL: OpenAPIMediaType(schema=ref("Entity"))},
            ),
            "401": _UNAUTHORISED,
        },
        security=OPEN,
    )


def import_operation() -> type[Operation]:
    summary = Schema(
        type=OpenAPIType.OBJECT,
        properties={
            "imported": Schema(type=OpenAPIType.INTEGER, minimum=0),
            "by_collection": Schema(
                type=OpenAPIType.OBJECT,
                additional_properties=Schema(type=OpenAPIType.INTEGER, minimum=0),
            ),
            "stored": Schema(type=OpenAPIType.BOOLEAN),
        },
        required=["imported", "by_collection", "stored"],
    )
    return operation(
        parameters=[
            Parameter(
                name="validate_only",
                param_in="query",
                schema=Schema(type=OpenAPIType.BOOLEAN, default=False),
                description="Check every line as a record (types, rules, limits) and store "
                "nothing; the dataset's integrity checks, which need every record at once, run "
                "only on a real import.",
                required=False,
            )
        ],
        body=RequestBody(
            content={JSONL: OpenAPIMediaType(schema=ref("Entity"))},
            required=True,
            description="JSON Lines: one record per line, tagged with its type (also taken as "
            "application/x-ndjson). Read as it arrives, never held whole.",
        ),
        responses={
            "200": _json("Every line was a sound record; all were stored (or checked).", summary),
            "400": _problem("A query parameter is wrong."),
            "401": _http_problem("No key, or not the service's key."),
            "403": _http_problem("The service has no key configured: it is read-only."),
            "413": _problem("The body is larger than the service's import limit."),
            "415": _http_problem("The body is not JSON Lines."),
            "422": _problem(
                "Some lines break rules; every problem is listed with its line, and nothing "
                "was stored."
            ),
        },
        security=KEYED,
    )
