"""The ASGI application: records of community governance over HTTP, with Litestar.

Routes (``{collection}`` is one of the document's lists: ``streets``, ``communities``,
``party_branches``, ``organisations``, ``people``, ``partnerships``, ``service_projects``,
``activities``):

- ``GET /v1``: what the service holds;
- ``GET /v1/{collection}``: a page of records, with filters (street, community, category, and
  for activities a time window read as EDTF);
- ``GET /v1/{collection}/{id}``: one record;
- ``POST /v1/{collection}``: store a new record, after every rule of the record and every
  integrity check of the dataset (the key is needed);
- ``GET /v1/export``: every record as JSON Lines, streamed;
- ``POST /v1/import``: JSON Lines in, streamed, all or nothing (the key is needed);
- ``GET /schema/openapi.json``: the OpenAPI 3.1 document (``/schema/swagger`` shows it).

Bodies are read and written by ``community_model`` itself (strict loading, every problem at
once, the library's limits), never by the framework's own model layer; refusals are RFC 9457
problem details. Personal fields are redacted in every response unless the request carries the
service's key (``Authorization: Bearer <key>``).
"""

from __future__ import annotations

import hmac
import http
import logging
from typing import Any, Final
from urllib.parse import quote

import attrs
import orjson
from litestar import Litestar, Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.response import Stream
from litestar.types import ExceptionHandlersMap

from community_model import (
    ActivityCategory,
    Dataset,
    Entity,
    Limits,
    Problem,
    ProjectCategory,
    RecordNotFound,
    RedactionPolicy,
    ValidationError,
    loads,
    problem_details,
    suzhou_2023,
    to_dict,
)

from . import openapi
from .queries import FILTERS, BadQuery, flag, parse_query, select
from .store import COLLECTION_OF, COLLECTIONS, Conflict, Store
from .streaming import export_lines, read_records

_MiB: Final = 1 << 20
logger = logging.getLogger(__name__)

#: Media types an import accepts as JSON Lines.
JSONL_TYPES: Final = frozenset(
    {"application/jsonl", "application/x-ndjson", "application/jsonlines"}
)


@attrs.frozen(kw_only=True)
class Settings:
    """What a deployment sets: the key, the limits on what it reads, the redaction policy.

    ``limits`` apply to every body: ``max_bytes`` to one record (``POST /v1/{collection}``),
    ``max_line_bytes`` to each line of an import, and depth, strings and lists to both;
    ``max_import_bytes`` bounds a whole import. ``key`` is compared in constant time.
    """

    key: str | None = None
    limits: Limits = attrs.field(factory=lambda: Limits(max_bytes=_MiB, max_line_bytes=_MiB))
    max_import_bytes: int = 1 << 30
    policy: RedactionPolicy = attrs.field(factory=RedactionPolicy)


# -- responses -------------------------------------------------------------------------------------


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response[bytes]:
    return Response(
        content=orjson.dumps(data),
        status_code=status,
        media_type=openapi.JSON,
        headers=headers,
    )


def problem_response(
    body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[bytes]:
    return Response(
        content=orjson.dumps(body),
        status_code=body["status"],
        media_type=openapi.PROBLEM_JSON,
        headers=headers,
    )


def http_problem(
    status: int, detail: str, headers: dict[str, str] | None = None
) -> Response[bytes]:
    """Problem details of a refusal that is not about the data: RFC 9457's ``about:blank``."""
    body = {
        "type": "about:blank",
        "title": http.HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    return problem_response(body, headers)


def data_problem(
    problems: list[Problem], status: int, instance: str | None = None
) -> Response[bytes]:
    return problem_response(
        problem_details(ValidationError(problems), status=status, instance=instance)
    )


_CHALLENGE: Final = {"WWW-Authenticate": 'Bearer realm="community-model"'}


class Refused(Exception):
    """A request the service answers with a ready response (no key, wrong media type ...)."""

    def __init__(self, response: Response[bytes]) -> None:
        self.response = response


# -- the application -------------------------------------------------------------------------------


def media_type(request: Request[Any, Any, Any]) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


class Service:
    """The routes of one store, with the key and the limits they apply."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.key = settings.key.encode() if settings.key else None

    def holds_key(self, request: Request[Any, Any, Any]) -> bool:
        """Whether the request carries the key; a wrong key is refused, never ignored."""
        header = request.headers.get("authorization")
        if header is None:
            return False
        scheme, _, presented = header.partition(" ")
        if (
            self.key is None
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(presented.strip().encode(), self.key)
        ):
            raise Refused(http_problem(401, "the key given is not the service's key", _CHALLENGE))
        return True

    def require_key(self, request: Request[Any, Any, Any]) -> None:
        if self.key is None:
            raise Refused(http_problem(403, "this service has no key configured: it is read-only"))
        if not self.holds_key(request):
            raise Refused(http_problem(401, "writing needs the service's key", _CHALLENGE))

    def view(self, request: Request[Any, Any, Any]) -> Dataset:
        """The dataset as this request may see it: whole with the key, else redacted."""
        return self.store.view(full=self.holds_key(request))

    # -- one set of routes per kind of record ------------------------------------------------------

    def routes_for(self, name: str, cls: type[Entity]) -> list[HTTPRouteHandler]:
        kind = cls.record_kind
        label = f"{kind.value.replace('_', ' ')} ({kind.label})"
        codes: tuple[str, ...] = ()
        if name == "activities":
            codes = tuple(ActivityCategory.codes())
        elif name == "service_projects":
            codes = tuple(ProjectCategory.codes())

        async def list_records(request: Request[Any, Any, Any]) -> Response[bytes]:
            dataset = self.view(request)
            query = parse_query(name, request.query_params.multi_items())
            found = select(dataset, name, query)
            page = found[query.offset : query.offset + query.limit]
            return json_response(
                {
                    "items": [to_dict(record) for record in page],
                    "total": len(found),
                    "offset": query.offset,
                    "limit": query.limit,
                }
            )

        async def fetch_record(request: Request[Any, Any, Any], ident: str) -> Response[bytes]:
            record = self.view(request).get(kind, ident.removeprefix("/"))
            return json_response(to_dict(record))

        async def create_record(request: Request[Any, Any, Any]) -> Response[bytes]:
            self.require_key(request)
            if media_type(request) != openapi.JSON:
                return http_problem(415, f"send the {kind.value} as {openapi.JSON}")
            record = loads(await request.body(), cls, limits=self.settings.limits)
            assert isinstance(record, Entity)
            await self.store.add(record)
            location = f"/v1/{name}/{quote(record.id, safe=':')}"
            return json_response(to_dict(record), 201, {"Location": location})

        return [
            get(
                f"/v1/{name}",
                operation_id=f"list_{name}",
                summary=f"List {name}",
                description=f"A page of {name}, in the order stored, filtered as asked.",
                operation_class=openapi.list_operation(cls.__name__, FILTERS.get(name, ()), codes),
                tags=[name],
            )(list_records),
            get(
                f"/v1/{name}/{{ident:path}}",
                operation_id=f"get_{kind.value}",
                summary=f"Get one {label}",
                operation_class=openapi.fetch_operation(cls.__name__, label),
                tags=[name],
            )(fetch_record),
            post(
                f"/v1/{name}",
                operation_id=f"create_{kind.value}",
                summary=f"Store a new {label}",
                description="Every rule of the record, then every integrity check of the "
                "dataset with the record in it; a reference to a record that does not exist "
                "is refused (422, code unresolved_reference).",
                operation_class=openapi.create_operation(cls.__name__, label),
                request_max_body_size=self.settings.limits.max_bytes,
                tags=[name],
            )(create_record),
        ]

    # -- the whole dataset -------------------------------------------------------------------------

    def dataset_routes(self) -> list[HTTPRouteHandler]:
        store = self.store

        @get(
            "/v1",
            operation_id="index",
            summary="What the service holds",
            operation_class=openapi.index_operation(),
            tags=["service"],
        )
        async def index(request: Request[Any, Any, Any]) -> Response[bytes]:
            dataset = self.view(request)
            return json_response(
                {
                    "version": store.snapshot.version,
                    "collections": {
                        name: {"count": len(getattr(dataset, name)), "href": f"/v1/{name}"}
                        for name in COLLECTIONS
                    },
                    "openapi": "/schema/openapi.json",
                }
            )

        @get(
            "/v1/export",
            operation_id="export",
            summary="Every record as JSON Lines",
            operation_class=openapi.export_operation(),
            tags=["service"],
        )
        async def export(request: Request[Any, Any, Any]) -> Stream:
            return Stream(
                export_lines(self.view(request)),
                media_type=openapi.JSONL,
                headers={"Content-Disposition": 'attachment; filename="community-model.jsonl"'},
            )

        @post(
            "/v1/import",
            operation_id="import",
            summary="Store records from JSON Lines, all or none",
            description="The body is read as it arrives, each line with the service's limits; "
            "then the records are checked with the whole dataset and stored together.",
            operation_class=openapi.import_operation(),
            request_max_body_size=self.settings.max_import_bytes,
            tags=["service"],
        )
        async def import_records(request: Request[Any, Any, Any]) -> Response[bytes]:
            self.require_key(request)
            validate_only = flag(request.query_params.multi_items(), "validate_only")
            if media_type(request) not in JSONL_TYPES:
                return http_problem(415, f"send JSON Lines ({', '.join(sorted(JSONL_TYPES))})")
            imported = await read_records(
                request.stream(),
                limits=self.settings.limits,
                collection_of=COLLECTION_OF,
                keep=not validate_only,
            )
            if not validate_only:
                await store.add_many(imported.records, imported.lines)
            return json_response(
                {
                    "imported": sum(imported.counts.values()),
                    "by_collection": imported.counts,
                    "stored": not validate_only,
                }
            )

        return [index, export, import_records]

    def route_handlers(self) -> list[HTTPRouteHandler]:
        handlers = self.dataset_routes()
        for name, cls in COLLECTIONS.items():
            handlers.extend(self.routes_for(name, cls))
        return handlers


# -- refusals as problem details -------------------------------------------------------------------


def on_validation_error(request: Request[Any, Any, Any], error: ValidationError) -> Response[bytes]:
    # A body that breaks rules is 422; one over the size limit 413.
    status = 422
    if any(p.code == "limit" and p.path == "$" and p.line is None for p in error.errors):
        status = 413
    return problem_response(problem_details(error, status=status, instance=request.url.path))


def on_bad_query(request: Request[Any, Any, Any], error: BadQuery) -> Response[bytes]:
    return problem_response(problem_details(error, status=400, instance=request.url.path))


def on_conflict(request: Request[Any, Any, Any], error: Conflict) -> Response[bytes]:
    problem = Problem(path="$.id", code="duplicate_id", message=str(error))
    return data_problem([problem], 409, request.url.path)


def on_not_found(request: Request[Any, Any, Any], error: RecordNotFound) -> Response[bytes]:
    return http_problem(404, str(error))


def on_refused(request: Request[Any, Any, Any], refused: Refused) -> Response[bytes]:
    return refused.response


def on_http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[bytes]:
    if error.status_code == 413:
        limit = request.route_handler.resolve_request_max_body_size()
        problem = Problem(
            path="$",
            code="limit",
            message=f"the body has more than {limit:,} bytes, the service's limit",
        )
        return data_problem([problem], 413, request.url.path)
    detail = error.detail if error.status_code < 500 else "the service failed"
    return http_problem(error.status_code, detail, dict(error.headers or {}))


def on_error(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    logger.exception("%s %s failed", request.method, request.url.path, exc_info=error)
    return http_problem(500, "the service failed")


EXCEPTION_HANDLERS: Final[ExceptionHandlersMap] = {
    ValidationError: on_validation_error,
    BadQuery: on_bad_query,
    Conflict: on_conflict,
    RecordNotFound: on_not_found,
    Refused: on_refused,
    HTTPException: on_http_error,
    Exception: on_error,
}


def create_app(dataset: Dataset | None = None, settings: Settings | None = None) -> Litestar:
    """The service, holding ``dataset`` (the bundled example if none is given)."""
    settings = settings or Settings()
    store = Store(dataset if dataset is not None else suzhou_2023(), settings.policy)
    app = Litestar(
        route_handlers=Service(store, settings).route_handlers(),
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="community_model records",
            version="1",
            description="Records of grassroots community governance (基层社区治理), with the "
            "schemas of community_model. Personal fields are redacted unless the request "
            "carries the service's key.",
            components=openapi.components(),
            path="/schema",
            render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin()],
        ),
        debug=False,
    )
    openapi.add_schemas(app.openapi_schema)
    return app
