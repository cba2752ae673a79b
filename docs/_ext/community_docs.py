"""Sphinx extension of the community_model docs: tables generated from the code, and checks.

Nothing in these tables is written by hand, so none of it can drift from the library:

``vocabulary`` (argument: a vocabulary class of ``community_model``)
    Its codes, Chinese labels and Python members, in declaration order.
``record-kinds``
    Every entity class with its ``type`` tag, its Chinese name and its summary.
``arrow-mapping``
    How each kind of annotation becomes an Arrow type, as the code works it out
    (``community_model._arrow._schema.mapping_rows``).
``arrow-tables``
    Every record kind's Arrow table (its Parquet file): its columns, in order, and which hold
    personal data or name other records, read off ``community_model.arrow_schema``.
``wire-fields`` (argument: a class of ``community_model``)
    The class's JSON form, field by field: JSON name, JSON type, whether it is required (or its
    default) and the rules it must meet, read from the class and its generated JSON Schema. A
    value written as text (``DivisionCode``, ``When`` ...) gets its description and examples.

The API reference gets every vocabulary's table appended to its docstring.

When the documents have been read, the build checks that every public name
(``community_model.__all__`` and ``community_model.strategies.__all__``) is documented in the
API reference, that every vocabulary has its table in the glossary, and that every class with a
JSON form has its table on the wire-format page; anything missing is a warning, which ``-W``
makes an error.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
from docutils import nodes
from docutils import statemachine as docutils_statemachine
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import community_model
import community_model.strategies

logger = logging.getLogger(__name__)

MODULE = "community_model"
#: Pattern of the JSON Schema rule "no control characters", shown in words, not as a regex.
_NO_CONTROL_PREFIX = "^[^\\x00-"


# -- the library, as the tables see it ------------------------------------------------------------


def public_object(name: str) -> Any:
    """``community_model.<name>``, refusing names that are not public."""
    if name not in community_model.__all__:
        raise ValueError(f"{name!r} is not in community_model.__all__")
    return getattr(community_model, name)


def vocabularies() -> list[str]:
    """Names of every public vocabulary (subclasses of ``Vocabulary``), in ``__all__`` order."""
    return [
        name
        for name in community_model.__all__
        if isinstance(obj := getattr(community_model, name), type)
        and issubclass(obj, community_model.Vocabulary)
        and obj is not community_model.Vocabulary
    ]


def wire_classes() -> list[str]:
    """Public attrs classes that travel as JSON (``json_schema`` knows them), but ``Entity``."""
    names = []
    for name in community_model.__all__:
        obj = getattr(community_model, name)
        if not (isinstance(obj, type) and attrs.has(obj)) or obj is community_model.Entity:
            continue
        try:
            community_model.json_schema(obj)
        except (TypeError, ValueError, KeyError):
            continue
        names.append(name)
    return names


def first_line(obj: object) -> str:
    """The first line of an object's docstring."""
    return (obj.__doc__ or "").strip().splitlines()[0] if obj.__doc__ else ""


_INLINE = re.compile(r":[a-z]+:`~?(?P<target>[^`]+)`|``(?P<code>[^`]+)``")


def inline(text: str) -> list[nodes.Node]:
    """Docstring text with its reST roles and ``literals`` as nodes (roles become links)."""
    out: list[nodes.Node] = []
    position = 0
    for found in _INLINE.finditer(text):
        out.append(nodes.Text(text[position : found.start()]))
        target = found.group("target")
        if target is not None:
            short = target.rsplit(".", 1)[-1]
            if target.startswith(MODULE + ".") and short in community_model.__all__:
                out.append(xref(short))
            else:
                out.append(literal(short))
        else:
            out.append(literal(found.group("code")))
        position = found.end()
    out.append(nodes.Text(text[position:]))
    return out


# -- docutils helpers -----------------------------------------------------------------------------

Cell = str | nodes.Node | Sequence[nodes.Node]


def literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def xref(name: str, *, reftype: str = "class", text: str | None = None) -> addnodes.pending_xref:
    """A link to ``community_model.<name>`` in the API reference, shown as ``text`` or name."""
    shown = text or name
    return addnodes.pending_xref(
        "",
        literal(shown),
        refdomain="py",
        reftype=reftype,
        reftarget=f"{MODULE}.{name}",
        refexplicit=True,
        refwarn=True,
    )


def _paragraph(cell: Cell) -> nodes.paragraph:
    para = nodes.paragraph()
    if isinstance(cell, str):
        para += nodes.Text(cell)
    elif isinstance(cell, nodes.Node):
        para += cell
    else:
        for part in cell:
            para += part
    return para


def table(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], widths: Sequence[int]
) -> nodes.table:
    """A docutils table with a header row."""
    tbl = nodes.table(classes=["community-docs-table"])
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    return tbl


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += _paragraph(cell)
        row += entry
    return row


def joined(parts: Sequence[Cell], separator: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            out.append(nodes.Text(separator))
        out.append(nodes.Text(part) if isinstance(part, str) else part)  # type: ignore[arg-type]
    return out


# -- vocabularies ---------------------------------------------------------------------------------


def vocabulary_rows(cls: type[enum.Enum]) -> list[tuple[str, str, str]]:
    """(code, label, member name) of every member, in declaration order."""
    return [(member.value, member.label, member.name) for member in cls]  # type: ignore[attr-defined]


class VocabularyDirective(SphinxDirective):
    """A table of a vocabulary's codes, Chinese labels and Python members."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        cls = public_object(name)
        self.env.community_docs_vocabularies.setdefault(self.env.docname, set()).add(name)
        rows = [
            (literal(code), label, literal(f"{name}.{member}"))
            for code, label, member in vocabulary_rows(cls)
        ]
        intro = _paragraph([xref(name), nodes.Text(": "), *inline(first_line(cls))])
        return [intro, table(["code (JSON)", "中文", "Python"], rows, [3, 3, 4])]


def append_vocabulary_table(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """autodoc: a vocabulary's docstring ends with the table of its codes and labels."""
    if not (
        what == "class"
        and isinstance(obj, type)
        and issubclass(obj, community_model.Vocabulary)
        and obj is not community_model.Vocabulary
    ):
        return
    lines.extend(["", ".. list-table::", "   :header-rows: 1", ""])
    lines.extend(["   * - code (JSON)", "     - 中文", "     - Python"])
    for code, label, member in vocabulary_rows(obj):
        lines.extend([f"   * - ``{code}``", f"     - {label}", f"     - ``{member}``"])
    lines.append("")


# -- record kinds ---------------------------------------------------------------------------------


class RecordKindsDirective(SphinxDirective):
    """Every entity class: its ``type`` tag in JSON Lines, its Chinese name, its summary."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for cls in community_model.ENTITY_TYPES:
            kind = cls.record_kind
            summary = inline(first_line(cls))
            rows.append((xref(cls.__name__), literal(kind.value), kind.label, summary))
        return [table(["class", "type", "中文", "what it is"], rows, [2, 2, 2, 6])]


# -- the wire format ------------------------------------------------------------------------------


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return tp, False


def _strip_annotated(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    if typing.get_origin(tp) is typing.Annotated:
        return tp.__origin__, tp.__metadata__
    return tp, ()


def all_metadata(tp: Any) -> list[Any]:
    """The ``Annotated`` metadata of a type, of its non-null part and of its items."""
    found: list[Any] = []
    while True:
        tp, metadata = _strip_annotated(tp)
        found.extend(metadata)
        tp, _ = _unwrap_optional(tp)
        tp, metadata = _strip_annotated(tp)
        found.extend(metadata)
        if typing.get_origin(tp) in (tuple, list) and typing.get_args(tp):
            tp = typing.get_args(tp)[0]
            continue
        return found


def json_type(tp: Any) -> list[nodes.Node]:
    """What a Python field type looks like in JSON, with links to our classes."""
    tp, _ = _strip_annotated(tp)
    tp, nullable = _unwrap_optional(tp)
    tp, _ = _strip_annotated(tp)
    out: list[nodes.Node]
    origin = typing.get_origin(tp)
    if origin is tuple or origin is list:
        out = [nodes.Text("array of "), *json_type(typing.get_args(tp)[0])]
    elif tp is str:
        out = [nodes.Text("string")]
    elif tp is bool:
        out = [nodes.Text("boolean")]
    elif tp is int:
        out = [nodes.Text("integer")]
    elif tp is Decimal:
        out = [nodes.Text("decimal string")]
    elif isinstance(tp, type) and issubclass(tp, community_model.Vocabulary):
        out = [nodes.Text("code of "), xref(tp.__name__)]
    elif isinstance(tp, type) and tp.__name__ in community_model.__all__:
        is_text = community_model.json_schema(tp).get("type") == "string"
        out = [xref(tp.__name__), nodes.Text(" as text" if is_text else " object")]
    else:
        out = [literal(getattr(tp, "__name__", str(tp)))]
    if nullable:
        out.append(nodes.Text(" or null"))
    return out


def _items(schema: dict[str, Any]) -> dict[str, Any]:
    for option in schema.get("anyOf", ()):
        if option.get("type") != "null":
            return option  # type: ignore[no-any-return]
    return schema


def rules(schema: dict[str, Any], metadata: Sequence[Any]) -> list[str]:
    """The rules of one property, in words."""
    found: list[str] = []
    schema = _items(schema)
    if "const" in schema:
        found.append(f"always {schema['const']}")
    if "minItems" in schema or "maxItems" in schema:
        found.append(_range("items", schema.get("minItems"), schema.get("maxItems")))
    item = schema.get("items", schema) if schema.get("type") == "array" else schema
    item = _items(item)
    if "minLength" in item or "maxLength" in item:
        found.append(_range("characters", item.get("minLength"), item.get("maxLength")))
    if "minimum" in item or "maximum" in item:
        found.append(_range("", item.get("minimum"), item.get("maximum")).strip())
    pattern = item.get("pattern", "")
    if pattern.startswith(_NO_CONTROL_PREFIX):
        found.append("stripped, NFC, no control characters")
    for meta in metadata:
        rule = getattr(meta, "rule", None)
        if isinstance(rule, str) and rule not in found:
            found.append(rule)
    if item.get("x-personal") or schema.get("x-personal"):
        found.append("personal information (PIPL)")
    return found


def _range(unit: str, least: int | None, most: int | None) -> str:
    if least is not None and most is not None:
        return f"{least}–{most} {unit}"
    if least is not None:
        return f"at least {least} {unit}"
    return f"at most {most} {unit}"


def default_text(field: attrs.Attribute[Any]) -> Cell:
    if field.default is attrs.NOTHING:
        return "required"
    default = field.default
    if default is None:
        return "no (unset: left out)"
    if default == ():
        return "no (empty: left out)"
    if isinstance(default, enum.Enum):
        return [nodes.Text("no, default "), literal(str(default.value))]
    return [nodes.Text("no, default "), literal(repr(default))]


class WireFieldsDirective(SphinxDirective):
    """A class's JSON form, field by field."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        cls = public_object(name)
        self.env.community_docs_wire.setdefault(self.env.docname, set()).add(name)
        schema = community_model.json_schema(cls)
        if schema.get("type") == "string":
            return self._text_form(name, schema)
        hints = typing.get_type_hints(cls, include_extras=True)
        rows = []
        for field in attrs.fields(cls):
            if not field.init or field.name not in schema["properties"]:
                continue
            metadata = all_metadata(hints[field.name])
            prop = schema["properties"][field.name]
            rows.append(
                (
                    literal(field.name),
                    json_type(hints[field.name]),
                    default_text(field),
                    "; ".join(rules(prop, metadata)) or "",
                )
            )
        if "schema_version" in schema["properties"]:
            version = schema["properties"]["schema_version"]["const"]
            rows.insert(
                0,
                (literal("schema_version"), "integer", "required", f"always {version}; first key"),
            )
        intro = _paragraph([xref(name), nodes.Text(": "), *inline(first_line(cls))])
        return [intro, table(["field", "JSON", "required", "rules"], rows, [3, 4, 3, 5])]

    def _text_form(self, name: str, schema: dict[str, Any]) -> list[nodes.Node]:
        cls = public_object(name)
        summary = [xref(name), nodes.Text(": "), *inline(first_line(cls)), nodes.Text(" A string.")]
        out: list[nodes.Node] = [_paragraph(summary)]
        if schema.get("description"):
            out.append(_paragraph(inline(schema["description"])))
        examples = schema.get("examples", ())
        if examples:
            shown = joined([literal(example) for example in examples])
            out.append(_paragraph([nodes.Text("Examples: "), *shown]))
        return out


# -- Arrow --------------------------------------------------------------------------------------


class ArrowMappingDirective(SphinxDirective):
    """Python annotation, Arrow type, and how: the mapping the code applies."""

    def run(self) -> list[nodes.Node]:
        from community_model._arrow._schema import mapping_rows  # noqa: PLC0415 - needs pyarrow

        rows = [(literal(python), literal(arrow), how) for python, arrow, how in mapping_rows()]
        return [table(["Python", "Arrow", "how"], rows, [3, 5, 5])]


def _marks(schema: Any) -> list[str]:
    marks = []
    for field in schema:
        metadata = field.metadata or {}
        if metadata.get(b"personal") == b"true":
            marks.append(f"{field.name}: personal")
        if b"refers_to" in metadata:
            marks.append(f"{field.name} refers to {metadata[b'refers_to'].decode()}")
    return marks


class ArrowTablesDirective(SphinxDirective):
    """Each record kind's table: its file, class, columns and marked columns."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for cls in community_model.ENTITY_TYPES:
            schema = community_model.arrow_schema(cls)
            name = schema.metadata[b"community_model.table"].decode()
            columns = joined([literal(column) for column in schema.names])
            rows.append(
                (literal(f"{name}.parquet"), xref(cls.__name__), columns, "; ".join(_marks(schema)))
            )
        return [table(["file", "class", "columns", "field metadata"], rows, [3, 2, 6, 4])]


# -- the API reference ---------------------------------------------------------------------------


def _module_of(name: str) -> tuple[Any, str]:
    module, _, short = name.rpartition(".")
    if module == f"{MODULE}.strategies":
        return community_model.strategies, short
    if module == MODULE:
        return community_model, short
    raise ValueError(f"{name!r}: only community_model.X and community_model.strategies.x")


def autodoc_markdown(name: str, description: str = "") -> str:
    """MyST text that documents one public name with autodoc (plus ``description``).

    autodoc writes reStructuredText, so its directives go in an ``eval-rst`` block.
    """
    module, short = _module_of(name)
    if short not in module.__all__:
        raise ValueError(f"{name!r} is not in {module.__name__}.__all__")
    obj = getattr(module, short)
    if isinstance(obj, type):
        directive = f".. autoclass:: {name}\n   :members:\n"
    elif callable(obj):
        directive = f".. autofunction:: {name}\n"
    else:
        directive = f".. autodata:: {name}\n"
        if description:
            directive += f"\n   {description}\n"
    return f"```{{eval-rst}}\n{directive}```\n"


class ApiNamesDirective(SphinxDirective):
    """Documents the public names listed in its content (one a line) with autodoc.

    A line may add a description after ``|``, for data that has no docstring of its own.

    With ``:rest: community_model`` (or ``community_model.strategies``) and no content, it
    documents the names of that module's ``__all__`` that no earlier ``api-names`` of the page
    listed, so that a new public name is never missing from the reference.
    """

    has_content = True
    option_spec = {"rest": str}  # noqa: RUF012 - docutils' protocol

    def run(self) -> list[nodes.Node]:
        listed = self.env.community_docs_api.setdefault(self.env.docname, set())
        described = dict(
            (part.strip() for part in (*line.split("|", 1), "")[:2])
            for line in self.content
            if line.strip()
        )
        names = list(described)
        if "rest" in self.options:
            module, _ = _module_of(self.options["rest"] + ".x")
            names = [
                f"{module.__name__}.{short}"
                for short in module.__all__
                if f"{module.__name__}.{short}" not in listed
            ]
        listed.update(names)
        if not names:
            return []
        text = "\n".join(autodoc_markdown(name, described.get(name, "")) for name in names)
        if "rest" in self.options and self.options["rest"] == MODULE:
            text = "```{rubric} Other public names\n```\n" + text
        container = nodes.container()
        self.state.nested_parse(
            docutils_statemachine.StringList(text.splitlines(), source=self.env.docname),
            self.content_offset,
            container,
        )
        return container.children


# -- bookkeeping and the checks -------------------------------------------------------------------


def _init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for attribute in ("community_docs_vocabularies", "community_docs_wire", "community_docs_api"):
        if not hasattr(env, attribute):
            setattr(env, attribute, {})


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.community_docs_vocabularies.pop(docname, None)
    env.community_docs_wire.pop(docname, None)
    env.community_docs_api.pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.community_docs_vocabularies.update(other.community_docs_vocabularies)
    env.community_docs_wire.update(other.community_docs_wire)
    env.community_docs_api.update(other.community_docs_api)


def _seen(table: dict[str, set[str]]) -> set[str]:
    return set().union(*table.values()) if table else set()


def check_coverage(app: Sphinx, env: BuildEnvironment) -> None:
    """Every public name documented, every vocabulary and wire class given its table."""
    documented = set(env.domains.python_domain.objects)
    for module in (community_model, community_model.strategies):
        for name in module.__all__:
            if f"{module.__name__}.{name}" not in documented:
                logger.warning(
                    "the public name %s.%s is not documented in the API reference (docs/api.md)",
                    module.__name__,
                    name,
                )
    for name in sorted(set(vocabularies()) - _seen(env.community_docs_vocabularies)):
        logger.warning("the vocabulary %s has no table in the glossary (docs/glossary.md)", name)
    for name in sorted(set(wire_classes()) - _seen(env.community_docs_wire)):
        logger.warning("the class %s has no wire-fields table (docs/json.md)", name)


def warn_broken_link(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> None:
    """A link of the hand-written pages to a name of ours that does not exist is a warning.

    (``nitpicky`` stays off: docstrings and signatures name types of other libraries and
    private aliases that have no page here.)
    """
    target = node.get("reftarget", "")
    if node.get("refdomain") == "py" and target.startswith(MODULE) and node.get("refdoc") != "api":
        logger.warning("link to %s, which is not documented", target, location=node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.autodoc")
    app.add_directive("vocabulary", VocabularyDirective)
    app.add_directive("record-kinds", RecordKindsDirective)
    app.add_directive("wire-fields", WireFieldsDirective)
    app.add_directive("arrow-mapping", ArrowMappingDirective)
    app.add_directive("arrow-tables", ArrowTablesDirective)
    app.add_directive("api-names", ApiNamesDirective)
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", check_coverage)
    app.connect("missing-reference", warn_broken_link)
    app.connect("autodoc-process-docstring", append_vocabulary_table)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
