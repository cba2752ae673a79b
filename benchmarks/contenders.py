"""Contenders of equal strictness, generated from community_model's own annotations.

``describe(cls)`` reads a record class once, generically (``typing.get_type_hints(cls,
include_extras=True)`` and ``attrs.fields(cls)``), into a small description of its fields:
types, lengths, ranges, patterns, vocabularies (wire codes), defaults, text normalisation and
value types that travel as text. Two backends turn that description into classes:

* ``pydantic_family(Activity)``: pydantic v2 models, ``strict=True``, ``extra="forbid"``,
  ``frozen=True``; lengths, ranges and patterns checked by pydantic-core; normalised text
  stripped and put in NFC by a ``BeforeValidator`` (then its length and the absence of control
  characters checked natively); value types in their text form (``When`` as EDTF) checked by the
  JSON Schema's pattern and then by the value type's own ``parse`` (cached, as the library
  caches it); the cross-field rules in a ``model_validator``.
* ``msgspec_family(Activity)``: ``msgspec.Struct`` classes (frozen, ``forbid_unknown_fields``),
  lengths, ranges and patterns as ``msgspec.Meta``; normalised text, value-type text and the
  cross-field rules in ``__post_init__`` (msgspec has no hook before its own checks).

What annotations cannot say, the cross-field rules of ``_rules`` methods, is restated once in
``CROSS_FIELD_RULES`` (by class name) and shared by both backends; ``strictness.py`` checks
the result against the library on bad inputs. Markers are recognised in one function,
``read_marker``, by duck typing (annotated_types' classes, an attribute ``pattern``, a class
name), and unknown markers are ignored, so the generator survives the library moving its marker
classes. Only the public API of community_model is imported.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import annotated_types as at
import attrs
import msgspec
import pydantic
from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from community_model import json_schema

# -- reading the annotations ---------------------------------------------------------------------

#: What ``Normalised()`` refuses after stripping: control characters (lone surrogates too, which
#: none of the JSON parsers here lets through). The library documents the rule; this mirrors it.
CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_SURROGATES = r"\ud800-\udfff"


def read_marker(meta: object) -> tuple[str, Any] | None:
    """What one ``Annotated`` marker asks for, as (rule, parameter); None for unknown markers.

    The one place that knows the library's own markers: ``Matches(pattern, rule)`` by its
    ``pattern`` attribute, ``Normalised()`` by its class name. ``Personal()`` and
    ``RefersTo(kind)`` do not change what a single record accepts (they matter for redaction and
    for a dataset's references), so they are read and have no effect here.
    """
    name = type(meta).__name__
    if isinstance(meta, at.MinLen):
        return ("min_len", meta.min_length)
    if isinstance(meta, at.MaxLen):
        return ("max_len", meta.max_length)
    if isinstance(meta, at.Ge):
        return ("ge", meta.ge)
    if isinstance(meta, at.Le):
        return ("le", meta.le)
    if isinstance(meta, at.Gt):
        return ("gt", meta.gt)
    if isinstance(meta, at.Lt):
        return ("lt", meta.lt)
    if isinstance(getattr(meta, "pattern", None), str):
        return ("pattern", meta.pattern)  # type: ignore[attr-defined]
    if name in ("Normalised", "Normalized"):
        return ("normalised", True)
    if name in ("Personal", "RefersTo"):
        return (name.lower(), getattr(meta, "kind", True))
    return None


@dataclass(frozen=True)
class Rules:
    """The constraints of one ``Annotated`` level."""

    min_len: int | None = None
    max_len: int | None = None
    ge: int | None = None
    le: int | None = None
    gt: int | None = None
    lt: int | None = None
    pattern: str | None = None
    normalised: bool = False

    @classmethod
    def of(cls, metadata: tuple[object, ...]) -> Rules:
        found: dict[str, Any] = {}
        for meta in metadata:
            marker = read_marker(meta)
            if marker is not None and marker[0] in cls.__dataclass_fields__:
                found[marker[0]] = marker[1]
        return cls(**found)


# The shapes a field can take.
@dataclass(frozen=True)
class Scalar:
    """``str``, ``int`` or ``bool`` with its rules."""

    kind: type
    rules: Rules = Rules()


@dataclass(frozen=True)
class Codes:
    """A closed vocabulary: one of its wire codes."""

    codes: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    """A value type that travels as its text form (``When`` as EDTF)."""

    cls: type
    pattern: str | None


@dataclass(frozen=True)
class Seq:
    """A JSON array (held as a tuple)."""

    item: Shape
    rules: Rules = Rules()


@dataclass(frozen=True)
class Nullable:
    """``null`` or the inner shape."""

    inner: Shape


@dataclass(frozen=True)
class Obj:
    """A nested record, generated in turn."""

    cls: type


Shape = Scalar | Codes | Text | Seq | Nullable | Obj

#: The default of a field, as the wire gives it; REQUIRED when it has none.
REQUIRED: Any = object()


@dataclass(frozen=True)
class FieldSpec:
    name: str
    shape: Shape
    default: Any = REQUIRED


def _text_pattern(cls: type) -> str | None:
    """The JSON Schema pattern of a value type that travels as text; None when it is an object."""
    schema = json_schema(cls)
    if schema.get("type") != "string":
        return None
    return schema.get("pattern", ".*")


def shape_of(tp: Any) -> Shape:
    """The shape of an annotation."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *metadata = typing.get_args(tp)
        rules = Rules.of(tuple(metadata))
        inner = shape_of(base)
        if isinstance(inner, Scalar):
            return Scalar(inner.kind, rules)
        if isinstance(inner, Seq):
            return Seq(inner.item, rules)
        return inner
    if origin in (Union, types.UnionType):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        if len(members) != 1:
            raise NotImplementedError(f"no contender shape for the union {tp!r}")
        inner = shape_of(members[0])
        return Nullable(inner) if len(members) < len(typing.get_args(tp)) else inner
    if origin is tuple:
        return Seq(shape_of(typing.get_args(tp)[0]))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return Codes(tuple(member.value for member in tp))
    if tp in (str, int, bool):
        return Scalar(tp)
    if attrs.has(tp):
        pattern = _text_pattern(tp)
        if pattern is not None and hasattr(tp, "parse"):
            return Text(tp, pattern)
        return Obj(tp)
    raise NotImplementedError(f"no contender shape for {tp!r}")


def _wire_default(value: Any) -> Any:
    if value is attrs.NOTHING:
        return REQUIRED
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        value = value.factory()  # type: ignore[attr-defined]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def describe(cls: type) -> list[FieldSpec]:
    """The fields of a record class that travel on the wire, from its annotations."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return [
        FieldSpec(f.name, shape_of(hints[f.name]), _wire_default(f.default))
        for f in attrs.fields(cls)  # type: ignore[misc]
        if f.init
    ]


def nested_classes(cls: type) -> Iterator[type]:
    """``cls`` and every record class it holds, innermost first."""
    seen: list[type] = []

    def visit(shape: Shape) -> None:
        if isinstance(shape, Obj):
            walk(shape.cls)
        elif isinstance(shape, Seq):
            visit(shape.item)
        elif isinstance(shape, Nullable):
            visit(shape.inner)

    def walk(current: type) -> None:
        if current in seen:
            return
        for spec in describe(current):
            visit(spec.shape)
        seen.append(current)

    walk(cls)
    yield from seen


# -- what both backends share ---------------------------------------------------------------------

_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}{_SURROGATES}]")

#: Every cache a contender keeps (cleared with the library's for cold figures).
CACHES: list[Any] = []


def clear_caches() -> None:
    """Empty the contenders' own text caches."""
    for cache in CACHES:
        cache.cache_clear()


def text_check(cls: type) -> Callable[[str], str]:
    """A check of a value type's text by the type's own ``parse``, cached like the library's."""

    @functools.lru_cache(maxsize=4096)
    def check(text: str) -> str:
        try:
            cls.parse(text)  # type: ignore[attr-defined]
        except Exception as error:  # the library's ValidationError
            raise ValueError(f"not a valid {cls.__name__}: {error}") from None
        return text

    CACHES.append(check)
    return check


def normalise(value: Any) -> Any:
    """``Normalised()``'s transformation: strip, then Unicode NFC (as the library does)."""
    if type(value) is not str:
        return value
    text = value.strip()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _refs(refs: Any, allowed: frozenset[str], name: str) -> Iterator[str]:
    seen: set[tuple[str, str]] = set()
    for index, ref in enumerate(refs):
        if ref.kind not in allowed:
            yield f"{name}[{index}]: kind must be one of {', '.join(sorted(allowed))}"
        if (ref.kind, ref.id) in seen:
            yield f"{name}[{index}]: listed more than once"
        seen.add((ref.kind, ref.id))


def _unique(items: Any, name: str) -> Iterator[str]:
    if len(set(items)) != len(items):
        yield f"{name}: an item is listed more than once"


_ORGANISER_KINDS = frozenset({"community", "street", "party_branch", "organisation"})
_PARTNER_KINDS = frozenset({"party_branch", "organisation"})


def _activity_rules(record: Any) -> Iterator[str]:
    """``Activity._rules``, restated."""
    yield from _refs(record.organisers, _ORGANISER_KINDS, "organisers")
    yield from _refs(record.partners, _PARTNER_KINDS, "partners")
    yield from _unique(record.community_ids, "community_ids")
    yield from _unique(record.services, "services")
    if record.number is not None and record.series is None:
        yield "number: needs the 'series' it numbers"


#: The cross-field rules per record class name (the annotations cannot state them).
CROSS_FIELD_RULES: dict[str, Callable[[Any], Iterator[str]]] = {"Activity": _activity_rules}


def _anchored(pattern: str, engine: str) -> str:
    """A full-match pattern for pydantic-core's Rust regex or for Python's ``re.search``."""
    if engine == "rust":
        # Rust strings hold no surrogates (and no JSON parser here lets one through).
        return "^(?:" + pattern.replace(_SURROGATES, "") + ")$"
    return "^(?:" + pattern + r")\Z"


def _strip_anchors(pattern: str) -> str:
    """A JSON Schema pattern without its ``^`` and ``$`` (they are added back per engine)."""
    return pattern.removeprefix("^").removesuffix("$")


# -- pydantic ------------------------------------------------------------------------------------

_PYDANTIC_CONFIG = ConfigDict(strict=True, extra="forbid", frozen=True)


def _empty(value: Any) -> bool:
    return not value


def _pydantic_rules(rules: Rules) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, name in (
        ("min_len", "min_length"),
        ("max_len", "max_length"),
        ("ge", "ge"),
        ("le", "le"),
        ("gt", "gt"),
        ("lt", "lt"),
    ):
        if getattr(rules, key) is not None:
            found[name] = getattr(rules, key)
    return found


class _PydanticBuilder:
    def __init__(self) -> None:
        self.models: dict[type, type[pydantic.BaseModel]] = {}

    def annotation(self, shape: Shape) -> Any:
        if isinstance(shape, Scalar):
            constraints = _pydantic_rules(shape.rules)
            patterns = []
            if shape.rules.pattern is not None:
                patterns.append(_anchored(shape.rules.pattern, "rust"))
            if shape.rules.normalised:
                patterns.append(f"^[^{CONTROL_CHARACTERS}]*$")
            if len(patterns) == 1:
                constraints["pattern"] = patterns[0]
            elif patterns:
                raise NotImplementedError("two patterns on one field")
            tp: Any = shape.kind
            if constraints:
                tp = Annotated[tp, Field(**constraints)]
            if shape.rules.normalised:  # runs before the checks of the field (it wraps them)
                tp = Annotated[tp, BeforeValidator(normalise)]
            return tp
        if isinstance(shape, Codes):
            return Literal[shape.codes]  # type: ignore[valid-type]
        if isinstance(shape, Text):
            tp = str
            if shape.pattern is not None:
                tp = Annotated[str, Field(pattern=_anchored(_strip_anchors(shape.pattern), "rust"))]
            return Annotated[tp, pydantic.AfterValidator(text_check(shape.cls))]
        if isinstance(shape, Seq):
            tp = tuple[self.annotation(shape.item), ...]  # type: ignore[misc]
            constraints = _pydantic_rules(shape.rules)
            return Annotated[tp, Field(**constraints)] if constraints else tp
        if isinstance(shape, Nullable):
            return self.annotation(shape.inner) | None
        if isinstance(shape, Obj):
            return self.model(shape.cls)
        raise NotImplementedError(shape)

    def model(self, cls: type, *, tag: str | None = None) -> type[pydantic.BaseModel]:
        key = (cls, tag)
        if key in self.models:
            return self.models[key]  # type: ignore[index]
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {"model_config": _PYDANTIC_CONFIG, "__module__": __name__}
        if tag is not None:
            annotations["type"] = Literal[tag]  # type: ignore[valid-type]
        for spec in describe(cls):
            annotations[spec.name] = self.annotation(spec.shape)
            if spec.default is not REQUIRED:
                if isinstance(spec.shape, Seq):  # the library writes no empty list
                    namespace[spec.name] = Field(default=spec.default, exclude_if=_empty)
                else:
                    namespace[spec.name] = spec.default
        rules = CROSS_FIELD_RULES.get(cls.__name__)
        if rules is not None:

            def check(self: Any) -> Any:
                problems = list(rules(self))
                if problems:
                    raise ValueError("; ".join(problems))
                return self

            namespace["_cross_field_rules"] = model_validator(mode="after")(check)
        namespace["__annotations__"] = annotations
        name = f"P{cls.__name__}" + ("Line" if tag else "")
        model = type(name, (pydantic.BaseModel,), namespace)
        self.models[key] = model  # type: ignore[index]
        return model


@dataclass
class PydanticFamily:
    """The generated models: ``array`` reads a JSON array, ``line`` one tagged JSON Lines record."""

    model: type[pydantic.BaseModel]
    line_model: type[pydantic.BaseModel]
    array: pydantic.TypeAdapter[Any]
    line: pydantic.TypeAdapter[Any]
    models: dict[Any, type[pydantic.BaseModel]]

    def dump_json(self, models: Any) -> bytes:
        return self.array.dump_json(models, exclude_none=True)

    def dump_line(self, model: Any) -> bytes:
        return self.line.dump_json(model, exclude_none=True)

    def to_builtins(self, models: Any) -> Any:
        return self.array.dump_python(models, mode="json", exclude_none=True)


def pydantic_family(cls: type, *, tag: str | None = None) -> PydanticFamily:
    """pydantic v2 models for ``cls`` and every record it holds."""
    builder = _PydanticBuilder()
    model = builder.model(cls)
    line_model = builder.model(cls, tag=tag or _tag_of(cls))
    return PydanticFamily(
        model,
        line_model,
        pydantic.TypeAdapter(list[model]),  # type: ignore[valid-type]
        pydantic.TypeAdapter(line_model),
        builder.models,  # type: ignore[arg-type]
    )


def _tag_of(cls: type) -> str:
    return cls.record_kind.value  # type: ignore[attr-defined]


# -- msgspec -------------------------------------------------------------------------------------


def _meta(rules: Rules, *, lengths: bool = True) -> dict[str, Any]:
    found: dict[str, Any] = {}
    pairs = [("ge", "ge"), ("le", "le"), ("gt", "gt"), ("lt", "lt")]
    if lengths:
        pairs += [("min_len", "min_length"), ("max_len", "max_length")]
    for key, name in pairs:
        if getattr(rules, key) is not None:
            found[name] = getattr(rules, key)
    if rules.pattern is not None:
        found["pattern"] = _anchored(rules.pattern, "python")
    return found


def _normalised_check(rules: Rules) -> Callable[[str], tuple[str, str | None]]:
    """Normalise one text as the library does, then check what normalising may change."""
    least, most = rules.min_len, rules.max_len

    def check(value: str) -> tuple[str, str | None]:
        text = normalise(value)
        if _CONTROL.search(text):
            return text, "must not contain control characters"
        if least is not None and len(text) < least:
            return text, f"must have at least {least} characters"
        if most is not None and len(text) > most:
            return text, f"must have at most {most} characters"
        return text, None

    return check


class _MsgspecBuilder:
    def __init__(self) -> None:
        self.structs: dict[Any, type[msgspec.Struct]] = {}

    def annotation(self, shape: Shape) -> Any:
        if isinstance(shape, Scalar):
            # Normalised text: its lengths are checked after normalising, in __post_init__.
            meta = _meta(shape.rules, lengths=not shape.rules.normalised)
            return Annotated[shape.kind, msgspec.Meta(**meta)] if meta else shape.kind
        if isinstance(shape, Codes):
            return Literal[shape.codes]  # type: ignore[valid-type]
        if isinstance(shape, Text):
            if shape.pattern is None:
                return str
            pattern = _anchored(_strip_anchors(shape.pattern), "python")
            return Annotated[str, msgspec.Meta(pattern=pattern)]
        if isinstance(shape, Seq):
            tp = tuple[self.annotation(shape.item), ...]  # type: ignore[misc]
            meta = _meta(shape.rules)
            return Annotated[tp, msgspec.Meta(**meta)] if meta else tp
        if isinstance(shape, Nullable):
            return self.annotation(shape.inner) | None
        if isinstance(shape, Obj):
            return self.struct(shape.cls)
        raise NotImplementedError(shape)

    def post_init(self, cls: type, specs: list[FieldSpec]) -> Callable[[Any], None] | None:
        """The checks msgspec cannot make natively, for one struct."""
        steps: list[Callable[[Any, list[str]], None]] = []
        for spec in specs:
            steps.extend(self._steps(spec))
        rules = CROSS_FIELD_RULES.get(cls.__name__)
        if not steps and rules is None:
            return None

        def __post_init__(self: Any) -> None:
            problems: list[str] = []
            for step in steps:
                step(self, problems)
            if not problems and rules is not None:
                problems.extend(rules(self))
            if problems:
                raise ValueError("; ".join(problems))

        return __post_init__

    def _steps(self, spec: FieldSpec) -> Iterator[Callable[[Any, list[str]], None]]:
        name = spec.name
        shape = spec.shape
        if spec.default is not REQUIRED and not _omitted(spec.default):
            default = spec.default

            def fill(record: Any, problems: list[str]) -> None:
                if getattr(record, name) is msgspec.UNSET:
                    msgspec.structs.force_setattr(record, name, default)

            yield fill
        inner = shape.inner if isinstance(shape, Nullable) else shape
        if isinstance(inner, Scalar) and inner.rules.normalised:
            check = _normalised_check(inner.rules)

            def one(record: Any, problems: list[str]) -> None:
                value = getattr(record, name)
                if value is not None:
                    text, wrong = check(value)
                    if wrong:
                        problems.append(f"{name}: {wrong}")
                    elif text is not value:
                        msgspec.structs.force_setattr(record, name, text)

            yield one
        elif (
            isinstance(inner, Seq)
            and isinstance(inner.item, Scalar)
            and inner.item.rules.normalised
        ):
            check = _normalised_check(inner.item.rules)

            def many(record: Any, problems: list[str]) -> None:
                values = getattr(record, name)
                texts = []
                for index, value in enumerate(values):
                    text, wrong = check(value)
                    if wrong:
                        problems.append(f"{name}[{index}]: {wrong}")
                    texts.append(text)
                if any(a is not b for a, b in zip(texts, values, strict=True)):
                    msgspec.structs.force_setattr(record, name, tuple(texts))

            yield many
        elif isinstance(inner, Text):
            text_ok = text_check(inner.cls)

            def text(record: Any, problems: list[str]) -> None:
                value = getattr(record, name)
                if value is not None:
                    try:
                        text_ok(value)
                    except ValueError as error:
                        problems.append(f"{name}: {error}")

            yield text
        elif isinstance(inner, Seq | Scalar | Codes | Obj):
            return
        else:  # pragma: no cover - a shape this generator does not know
            raise NotImplementedError(shape)

    def struct(self, cls: type, *, tag: str | None = None) -> type[msgspec.Struct]:
        key = (cls, tag)
        if key in self.structs:
            return self.structs[key]
        specs = describe(cls)
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for spec in specs:  # kw_only: required fields may follow optional ones, as in attrs
            tp = self.annotation(spec.shape)
            if spec.default is REQUIRED:
                fields.append((spec.name, tp))
            elif _omitted(spec.default):
                fields.append((spec.name, tp, spec.default))
            else:  # UNSET until __post_init__: omit_defaults would otherwise drop it on writing
                fields.append((spec.name, tp | msgspec.UnsetType, msgspec.UNSET))
        namespace = {}
        post_init = self.post_init(cls, specs)
        if post_init is not None:
            namespace["__post_init__"] = post_init
        struct = msgspec.defstruct(
            f"M{cls.__name__}" + ("Line" if tag else ""),
            fields,
            namespace=namespace,
            module=__name__,
            frozen=True,
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            tag_field="type" if tag else None,
            tag=tag,
        )
        self.structs[key] = struct
        return struct


def _omitted(default: Any) -> bool:
    """Defaults the library leaves out when writing (None and empty lists)."""
    return default is None or default == ()


@dataclass
class MsgspecFamily:
    """The generated structs and their coders (arrays of records, and tagged JSON Lines)."""

    struct: type[msgspec.Struct]
    line_struct: type[msgspec.Struct]
    array: msgspec.json.Decoder[Any]
    line: msgspec.json.Decoder[Any]
    encoder: msgspec.json.Encoder

    def dump_json(self, structs: Any) -> bytes:
        return self.encoder.encode(structs)

    def dump_line(self, struct: Any) -> bytes:
        return self.encoder.encode(struct)

    def to_builtins(self, structs: Any) -> Any:
        return msgspec.to_builtins(structs)


def msgspec_family(cls: type, *, tag: str | None = None) -> MsgspecFamily:
    """msgspec Structs for ``cls`` and every record it holds."""
    builder = _MsgspecBuilder()
    struct = builder.struct(cls)
    line_struct = builder.struct(cls, tag=tag or _tag_of(cls))
    return MsgspecFamily(
        struct,
        line_struct,
        msgspec.json.Decoder(list[struct]),  # type: ignore[valid-type]
        msgspec.json.Decoder(line_struct),
        msgspec.json.Encoder(),
    )
