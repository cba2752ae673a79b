"""Personal data (PIPL): take it out of records before they leave the office that keeps them.

The model declares once which fields hold personal information (``personal_fields``). A
:class:`RedactionPolicy` says, field by field, what :func:`redact` does with them: keep, remove,
mask (``成**``, ``138****5678``) or replace by a stable pseudonym. Pseudonyms are keyed hashes
(HMAC-SHA-256): the same person gets the same pseudonym in every file redacted with the same
key, and without the key nobody can recompute them. Person ids can be pseudonymised too (ids
such as ``person:cheng-lijun`` spell a name), and every reference to them follows.

Free text (descriptions, titles) is not scanned: keep names of people in :class:`Person`
records, where the policy can reach them.
"""

from __future__ import annotations

import base64
import enum
import functools
import hashlib
import hmac
import os
import re
import stat
import typing
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from community_model._codegen import wire_form
from community_model._dataset.collection import Dataset
from community_model._entities import Entity, Person
from community_model._errors import ConfigurationError
from community_model._references import rewrite_references
from community_model._rules import Normalised, Shape, fields_of, personal_fields
from community_model._values.identity import mask_id_number, mask_phone
from community_model._vocab import RecordKind

__all__ = [
    "KEY_VARIABLE",
    "MAX_KEY_BYTES",
    "MIN_KEY_BYTES",
    "Action",
    "KeyFileWarning",
    "RedactionPolicy",
    "read_key",
    "redact",
]

E = TypeVar("E", bound=Entity)


class Action(enum.StrEnum):
    """What to do with one personal field."""

    KEEP = "keep"
    REMOVE = "remove"
    MASK = "mask"
    PSEUDONYM = "pseudonym"


#: What each personal field allows: a required field cannot be removed; a pseudonym of a phone
#: or identity number could be someone's real one, so those are masked or removed instead.
ALLOWED: Final[Mapping[str, frozenset[Action]]] = {
    "name": frozenset({Action.KEEP, Action.MASK, Action.PSEUDONYM}),
    "phone": frozenset({Action.KEEP, Action.REMOVE, Action.MASK}),
    "id_number": frozenset({Action.KEEP, Action.REMOVE, Action.MASK}),
    "address": frozenset(Action),
    "ids": frozenset({Action.KEEP, Action.PSEUDONYM}),
}


#: The shortest key pseudonyms are made with: a shorter one could be found by trying them all.
MIN_KEY_BYTES: Final = 16
#: The longest key :func:`read_key` reads; a larger file (``/dev/zero``) is no key.
MAX_KEY_BYTES: Final = 4096
#: The environment variable :func:`read_key` takes the key from when no file is named.
KEY_VARIABLE: Final = "COMMUNITY_MODEL_KEY"


class KeyFileWarning(UserWarning):
    """A key file others may read: whoever reads it can recompute every pseudonym."""


def _checked_key(key: bytes, where: str) -> bytes:
    """``key`` if it is long enough (and not absurdly long); else a :class:`ConfigurationError`."""
    if len(key) < MIN_KEY_BYTES:
        raise ConfigurationError(
            f"{where} must have at least {MIN_KEY_BYTES} bytes (got {len(key)}): a short key "
            "can be found by trying every key; make one with "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if len(key) > MAX_KEY_BYTES:
        raise ConfigurationError(
            f"{where} must have at most {MAX_KEY_BYTES:,} bytes (got more): is it a key?"
        )
    return key


def _line_end_removed(key: bytes) -> bytes:
    """The key as written, without the one line ending an editor or ``echo`` puts after it."""
    for end in (b"\r\n", b"\n"):
        if key.endswith(end):
            return key[: -len(end)]
    return key


def read_key(path: str | os.PathLike[str] | None = None) -> bytes | None:
    """The secret key for pseudonyms: from the file at ``path``, else from the environment.

    The bytes are taken as written, less one final line ending (``\\n`` or ``\\r\\n``): the
    command line reads keys through this function too, so a file gives the same pseudonyms
    through both. Without ``path``, the key is the text of the environment variable
    ``COMMUNITY_MODEL_KEY`` in UTF-8 (``None`` if it is unset or empty). A key of fewer than
    :data:`MIN_KEY_BYTES` bytes, a file of more than :data:`MAX_KEY_BYTES` (only so many are
    read: ``/dev/zero`` is refused, not read whole) or a variable that is not UTF-8 is a
    :class:`ConfigurationError`; a file that cannot be opened raises its ``OSError``. A key
    file that others than its owner may read draws a :class:`KeyFileWarning`.
    """
    if path is None:
        text = os.environ.get(KEY_VARIABLE)
        if not text:
            return None
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ConfigurationError(
                f"{KEY_VARIABLE} is not UTF-8 text (a byte that is not UTF-8 at character "
                f"{error.start}): write the key as text, or put it in a file and name the file"
            ) from None
        return _checked_key(_line_end_removed(raw), KEY_VARIABLE)
    with open(path, "rb") as handle:
        raw = handle.read(MAX_KEY_BYTES + 1)
        mode = os.fstat(handle.fileno()).st_mode
    where = f"the key in {os.fspath(path)!s}"
    key = _checked_key(raw if len(raw) > MAX_KEY_BYTES else _line_end_removed(raw), where)
    if stat.S_ISREG(mode) and mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.warn(
            f"the key file {os.fspath(path)!s} may be read by others (mode "
            f"{stat.S_IMODE(mode):o}): whoever reads it can recompute every pseudonym; "
            f"chmod 600 it",
            KeyFileWarning,
            stacklevel=2,
        )
    return key


def _check(instance: RedactionPolicy, attribute: attrs.Attribute[Action], value: Action) -> None:
    if not isinstance(value, Action):
        raise ConfigurationError(
            f"RedactionPolicy.{attribute.name} must be an Action: "
            f"{', '.join(a.value for a in Action)} (got {value!r})"
        )
    if value not in ALLOWED[attribute.name]:
        allowed = ", ".join(sorted(a.value for a in ALLOWED[attribute.name]))
        raise ConfigurationError(
            f"RedactionPolicy.{attribute.name} may be {allowed} (got {value.value!r})"
        )


@attrs.frozen(kw_only=True, slots=True)
class RedactionPolicy:
    """Per personal field, what :func:`redact` does; ``ids`` is for the ids of people.

    The default masks names and phones and removes identity numbers and addresses: what a
    record may show outside its office. ``key`` (bytes, kept by the data's owner) is needed
    whenever an action is ``pseudonym``. With ``free_text`` (the default), redacting a dataset
    also replaces the names of its people wherever free text (titles, descriptions, bylines)
    quotes them, by the same masks or pseudonyms.
    """

    name: Action = attrs.field(default=Action.MASK, validator=_check)
    phone: Action = attrs.field(default=Action.MASK, validator=_check)
    id_number: Action = attrs.field(default=Action.REMOVE, validator=_check)
    address: Action = attrs.field(default=Action.REMOVE, validator=_check)
    ids: Action = attrs.field(default=Action.KEEP, validator=_check)
    key: bytes | None = attrs.field(default=None, repr=False)
    free_text: bool = True

    def __attrs_post_init__(self) -> None:
        uses_key = Action.PSEUDONYM in (self.name, self.address, self.ids)
        if uses_key and not self.key:
            raise ConfigurationError(
                "a pseudonym needs a secret key: RedactionPolicy(key=...) with bytes only the "
                "data's owner keeps"
            )
        if self.key is not None and not isinstance(self.key, bytes):
            raise ConfigurationError("RedactionPolicy.key must be bytes")
        if self.key is not None:
            _checked_key(self.key, "RedactionPolicy.key")
        covered = {f.name for f in attrs.fields(RedactionPolicy)} - {"ids", "key"}
        missing = set(personal_fields(Person)) - covered
        if missing:  # pragma: no cover - guards the model and this policy against drifting
            raise ConfigurationError(f"no redaction rule for personal fields {sorted(missing)}")

    @classmethod
    def preset(cls, name: str, *, key: bytes | None = None) -> RedactionPolicy:
        """A named policy: ``mask`` (the default), ``remove`` or ``pseudonym``."""
        presets: dict[str, dict[str, Any]] = {
            "mask": {},
            "remove": {"phone": Action.REMOVE, "name": Action.MASK},
            "pseudonym": {
                "name": Action.PSEUDONYM,
                "address": Action.REMOVE,
                "phone": Action.REMOVE,
                "ids": Action.PSEUDONYM,
            },
        }
        if name not in presets:
            raise ConfigurationError(
                f"unknown redaction policy {name!r}: use one of {', '.join(presets)}"
            )
        return cls(key=key, **presets[name])


def _digest(key: bytes, kind: str, value: str) -> str:
    mac = hmac.new(key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac[:10]).decode().lower()


def _mask_text(value: str, keep: int) -> str:
    """``value`` with all but its first ``keep`` characters hidden, and always at least one."""
    shown = min(keep, len(value) - 1)
    return value[:shown] + "*" * (len(value) - shown)


_MASKS: Final[dict[str, Callable[[str], str]]] = {
    "name": lambda value: _mask_text(value, 1),
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": lambda value: _mask_text(value, 3),
}


class _Redactor:
    def __init__(self, policy: RedactionPolicy, names: Iterable[str] = ()) -> None:
        self.policy = policy
        self.names: dict[str, str] = {}
        if policy.free_text and policy.name is not Action.KEEP:
            for name in names:
                if len(name) >= 2:  # a one-character "name" would hit ordinary words
                    self.names[name] = self.field("name", name) or name
        found = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, found))) if found else None

    def text(self, value: Any) -> Any:
        """Names of people in free text replaced, in this record and the records it holds."""
        if self.pattern is None:
            return value
        if isinstance(value, str):
            return self.pattern.sub(lambda match: self.names[match.group()], value)
        if isinstance(value, tuple):
            return tuple(self.text(item) for item in value)
        if wire_form(type(value)) == "record":
            cls: Any = type(value)
            changes = {
                name: self.text(getattr(value, name))
                for name in _free_text_fields(cls)
                if getattr(value, name) is not None
            }
            return attrs.evolve(typing.cast(Any, value), **changes) if changes else value
        return value

    def person_id(self, ident: str) -> str:
        if self.policy.ids is Action.KEEP or self.policy.key is None:
            return ident
        return f"person:{_digest(self.policy.key, 'id', ident)}"

    def field(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        action: Action = getattr(self.policy, name)
        if action is Action.KEEP:
            return value
        if action is Action.REMOVE:
            return None
        if action is Action.MASK:
            return _MASKS[name](value)
        assert self.policy.key is not None
        prefix = {"name": "人员", "address": "地址"}[name]
        return f"{prefix}-{_digest(self.policy.key, name, value)}"

    def reference(self, kind: RecordKind, ident: str) -> str:
        return self.person_id(ident) if kind is RecordKind.PERSON else ident

    def record(self, record: Entity) -> Entity:
        record = rewrite_references(self.text(record), self.reference)
        if isinstance(record, Person):
            changes: dict[str, Any] = {
                name: self.field(name, getattr(record, name)) for name in personal_fields(Person)
            }
            changes["id"] = self.person_id(record.id)
            return attrs.evolve(record, **changes)
        return record


@functools.cache
def _free_text_fields(cls: type) -> tuple[str, ...]:
    """Fields of free text (or holding records that have some), not ids, codes or personal."""
    return tuple(
        field.name
        for field in fields_of(cls)
        if not field.shape.personal and _has_free_text(field.shape)
    )


def _has_free_text(shape: Shape) -> bool:
    if shape.item is not None:
        return _has_free_text(shape.item)
    if shape.marker(Normalised) is not None:
        return True
    return wire_form(shape.base) == "record" and bool(_free_text_fields(shape.base))


@typing.overload
def redact(records: Dataset, policy: RedactionPolicy | None = None) -> Dataset: ...
@typing.overload
def redact(records: E, policy: RedactionPolicy | None = None) -> E: ...
def redact(records: Dataset | Entity, policy: RedactionPolicy | None = None) -> Dataset | Entity:
    """A copy of a record or dataset with personal fields handled as ``policy`` says.

    References stay intact: with pseudonymous ids, every reference to a person (a Party
    organisation's secretary) carries the same pseudonym. Given a dataset, the names of its
    people are also replaced where free text quotes them (see ``RedactionPolicy.free_text``).
    """
    policy = policy or RedactionPolicy()
    if isinstance(records, Dataset):
        redactor = _Redactor(policy, (person.name for person in records.people))
        return Dataset.from_records(redactor.record(record) for record in records.records())
    if isinstance(records, Entity):
        return _Redactor(policy).record(records)
    raise TypeError(f"redact takes a record or a Dataset (got {type(records).__name__})")
