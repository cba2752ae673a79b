"""Sphinx extension of the HTTP pages: tables and documents generated from the code at build time.

``problem-codes``
    Every problem code (``community_model.PROBLEM_CODES``) with its meaning and its type URI.
``openapi-operations``
    The operations of the example service (``examples/service``): method, path, summary, the
    body it takes and the responses it gives, read off its OpenAPI document.
``openapi-document``
    The example service's whole OpenAPI 3.1 document as a JSON block; the HTML build also writes
    it beside the pages as ``openapi.json``, and the block links to it.

The document is the one the service serves at ``/schema/openapi.json``: built by the service's
own code (Litestar, with the library's components), never pasted.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from community_docs import literal, table
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import community_model

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT_NAME = "openapi.json"


@cache
def service_document() -> dict[str, Any]:
    """The OpenAPI document of ``examples.service``, as it serves it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from examples.service import create_app  # noqa: PLC0415 - the repository's root, added above

    document: dict[str, Any] = create_app().openapi_schema.to_schema()
    return document


def document_text() -> str:
    return json.dumps(service_document(), ensure_ascii=False, indent=2) + "\n"


class ProblemCodesDirective(SphinxDirective):
    """Every problem code with its meaning, and the URI of its type."""

    def run(self) -> list[nodes.Node]:
        rows = [
            (literal(code), meaning, literal(community_model.problem_type(code)))
            for code, meaning in sorted(community_model.PROBLEM_CODES.items())
        ]
        return [table(("code", "meaning", "type"), rows, (18, 52, 30))]


def _schema_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "object" and "items" in schema.get("properties", {}):
        return "page of " + _schema_name(schema["properties"]["items"]["items"])
    return str(schema.get("type", "-"))


def _contents(content: dict[str, Any]) -> str:
    return ", ".join(
        f"{_schema_name(media['schema'])} ({media_type})" for media_type, media in content.items()
    )


class OpenApiOperationsDirective(SphinxDirective):
    """The example service's operations, one row each."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for path, item in service_document()["paths"].items():
            for method, operation in item.items():
                body = operation.get("requestBody")
                responses = ", ".join(
                    f"{status} {_contents(response['content'])}".strip()
                    if "content" in response and not status.startswith(("4", "5"))
                    else status
                    for status, response in operation["responses"].items()
                )
                rows.append(
                    (
                        literal(f"{method.upper()} {path}"),
                        operation.get("summary", ""),
                        _contents(body["content"]) if body else "-",
                        responses,
                    )
                )
        return [table(("operation", "summary", "body", "responses"), rows, (26, 26, 22, 26))]


class OpenApiDocumentDirective(SphinxDirective):
    """The whole document, as a JSON block, with a link to the file beside the pages."""

    def run(self) -> list[nodes.Node]:
        uri = "../" * self.env.docname.count("/") + DOCUMENT_NAME
        link = nodes.paragraph()
        link += nodes.Text("The document as a file: ")
        link += nodes.reference("", DOCUMENT_NAME, refuri=uri)
        link += nodes.Text(f" ({len(document_text().encode()):,} bytes).")
        block = nodes.literal_block(document_text(), document_text(), language="json")
        return [link, block]


def write_document(app: Sphinx, exception: Exception | None) -> None:
    """Write openapi.json beside the HTML pages, where the page links to it."""
    if exception is None and app.builder.format == "html":
        Path(app.outdir, DOCUMENT_NAME).write_text(document_text(), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("problem-codes", ProblemCodesDirective)
    app.add_directive("openapi-operations", OpenApiOperationsDirective)
    app.add_directive("openapi-document", OpenApiDocumentDirective)
    app.connect("build-finished", write_document)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
