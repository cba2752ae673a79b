"""Personal data (PIPL): take it out of records before they leave the office that keeps them.

The model declares once which fields hold personal information (``personal_fields``). A
:class:`RedactionPolicy` says, field by field, what :func:`redact` does with them: keep, remove,
mask (``成**``, ``138****5678``) or replace by a stable pseudonym. Pseudonyms are keyed hashes
(HMAC-SHA-256): the same person gets the same pseudonym in every file redacted with the same
key, and without the key nobody can recompute them. Person ids can be pseudonymised too (ids
such as ``person:cheng-lijun`` spell a name), and every reference to them follows.

Free text (titles, descriptions, positions, sources and their URLs) is scanned for the names
the caller knows (a dataset's people, or any set of names) in one linear pass of an Aho–Corasick
automaton, and for phone and identity numbers: a :class:`Redactor` does it record by record, as
thoroughly as :func:`redact` does for a whole dataset.
"""

from __future__ import annotations

import base64
import bisect
import enum
import functools
import hashlib
import hmac
import os
import re
import stat
import typing
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs
from ahocorasick_rs import AhoCorasick, MatchKind

from community_model._codegen import wire_form
from community_model._dataset.collection import Dataset
from community_model._entities import Entity, Person
from community_model._entities.base import URL
from community_model._errors import ConfigurationError
from community_model._record import Record
from community_model._references import rewrite_references
from community_model._rules import Normalised, Shape, fields_of, personal_fields
from community_model._values.identity import (
    ID_NUMBER_IN_TEXT,
    PHONE_IN_TEXT,
    mask_id_number,
    mask_phone,
)
from community_model._vocab import RecordKind

__all__ = [
    "KEY_VARIABLE",
    "MAX_KEY_BYTES",
    "MIN_KEY_BYTES",
    "Action",
    "KeyFileWarning",
    "RedactionPolicy",
    "Redactor",
    "read_key",
    "redact",
]

E = TypeVar("E", bound=Entity)
R = TypeVar("R", bound=Record)


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


#: Characters a name may be written with inside it (周 福珍): white space and the invisible
#: characters that join or separate words.
_GAP: Final = r"\s\u200b-\u200d\u2060\ufeff"
_GAPS: Final = re.compile(f"[{_GAP}]+")
_SOLID: Final = re.compile(f"[^{_GAP}]+")


def _without_gaps(text: str) -> str:
    return _GAPS.sub("", text)


class _Names:
    """Every name of a set found in text in one pass: an Aho–Corasick automaton.

    Names are matched leftmost-longest (成丽君 whole, not 成丽 inside it) and also where text
    writes them with white space inside (周 福珍), in time linear in the text whatever the
    number of names. A name of one character is never looked for: it would hit ordinary words
    (周 in 周末).
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        keys: dict[str, str] = {}
        for name in sorted(replacements, key=lambda name: (_GAPS.search(name) is not None, name)):
            key = _without_gaps(name)
            if len(key) >= 2:
                keys.setdefault(key, replacements[name])
        self.keys = frozenset(keys)
        self.replacements = list(keys.values())
        self.automaton = (
            AhoCorasick(list(keys), matchkind=MatchKind.LeftmostLongest) if keys else None
        )

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where names are in ``text`` (start, end) and what replaces each, in text order."""
        if self.automaton is None:
            return []
        if _GAPS.search(text) is None:
            found = self.automaton.find_matches_as_indexes(text)
            return [(start, end, self.replacements[index]) for index, start, end in found]
        return self._spans_across_gaps(text)

    def _spans_across_gaps(self, text: str) -> list[tuple[int, int, str]]:
        """Matches in the text without its gaps, mapped back to where they are in ``text``."""
        assert self.automaton is not None
        runs = [(match.start(), match.end()) for match in _SOLID.finditer(text)]
        offsets: list[int] = []  # where each run starts in the text without gaps
        total = 0
        for start, end in runs:
            offsets.append(total)
            total += end - start
        solid = "".join(text[start:end] for start, end in runs)

        def where(position: int, *, end: bool) -> int:
            """A position of ``solid`` in ``text``: an end just after its last character."""
            inside = position - 1 if end else position
            run = bisect.bisect_right(offsets, inside) - 1
            return runs[run][0] + position - offsets[run]

        return [
            (where(start, end=False), where(end, end=True), self.replacements[index])
            for index, start, end in self.automaton.find_matches_as_indexes(solid)
        ]


def _replace_names(text: str, names: _Names, own: _Names | None) -> str:
    """``text`` with the names of both sets replaced, leftmost-longest over the two."""
    spans = names.spans(text)
    if own is not None:
        extra = own.spans(text)
        if extra:
            spans = sorted([*spans, *extra], key=lambda span: (span[0], -span[1]))
    if not spans:
        return text
    pieces: list[str] = []
    done = 0
    for start, end, replacement in spans:
        if start < done:  # overlaps a match already taken (of the other set)
            continue
        pieces += (text[done:start], replacement)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


_NUMBERS: Final = re.compile(f"(?P<id>{ID_NUMBER_IN_TEXT})|{PHONE_IN_TEXT}")


class Redactor:
    """Redaction as a policy says, record by record, as thorough as redacting a whole dataset.

    ``names`` are the names to look for in free text: the people of a dataset
    (:meth:`for_dataset`), a register of residents, or any set of names known to the caller.
    Each record's personal fields are handled as the policy says, and every text field (titles,
    descriptions, positions, sources' titles and bylines, URLs, in the record and the records
    it holds) has these names, and the record's own person's name, replaced by the same masks
    or pseudonyms; phone numbers and resident identity numbers written in it are masked or
    removed as the policy says of the fields that hold them. Build one and call it on each
    record of a stream: its automaton of names is built once.

    >>> from community_model import Source
    >>> redactor = Redactor(names=["周福珍"])
    >>> source = Source(title="周 福珍: 电话 13812345678", url="https://example.cn/周福珍")
    >>> redacted = redactor(source)
    >>> redacted.title, redacted.url
    ('周**: 电话 138****5678', 'https://example.cn/周**')
    """

    def __init__(self, policy: RedactionPolicy | None = None, *, names: Iterable[str] = ()) -> None:
        self.policy = policy or RedactionPolicy()
        self._scans = self.policy.free_text
        self._names_replaced = self._scans and self.policy.name is not Action.KEEP
        self._names = _Names(
            {name: self._name(name) for name in names} if self._names_replaced else {}
        )
        self._numbers = self._scans and (
            self.policy.phone is not Action.KEEP or self.policy.id_number is not Action.KEEP
        )

    @classmethod
    def for_dataset(
        cls, dataset: Dataset, policy: RedactionPolicy | None = None, *, names: Iterable[str] = ()
    ) -> Redactor:
        """A redactor that looks for the names of the dataset's people (and ``names``)."""
        return cls(policy, names=[*(person.name for person in dataset.people), *names])

    def __call__(self, record: R) -> R:
        """A copy of ``record`` (an entity, or a record it holds such as a source) redacted."""
        if not isinstance(record, Record):
            raise TypeError(f"a Redactor takes records (got {type(record).__name__})")
        own = None  # a person's own name, where the redactor was not given it
        if isinstance(record, Person) and self._names_replaced:
            name = record.name
            own = (
                None
                if _without_gaps(name) in self._names.keys
                else _Names({name: self._name(name)})
            )
        redacted = rewrite_references(self._record_text(record, own), self._reference)
        if isinstance(redacted, Person):
            changes: dict[str, Any] = {
                name: self._field(name, getattr(redacted, name)) for name in personal_fields(Person)
            }
            changes["id"] = self._person_id(redacted.id)
            redacted = attrs.evolve(redacted, **changes)
        return typing.cast(R, redacted)

    def text(self, text: str) -> str:
        """One piece of free text redacted: names, phone numbers and identity numbers."""
        return self._text(text, None)

    # -- free text ----------------------------------------------------------------------------

    def _text(self, text: str, own: _Names | None) -> str:
        if self._numbers:
            text = _NUMBERS.sub(self._number, text)
        return _replace_names(text, self._names, own)

    def _url(self, url: str, own: _Names | None) -> str:
        """A URL redacted as written and as its percent-escapes read (…/%E5%91%A8%E7%A6%8F…)."""
        url = self._text(url, own)
        if "%" not in url:
            return url
        decoded = urllib.parse.unquote(url)
        redacted = self._text(decoded, own)
        if redacted == decoded:
            return url
        return urllib.parse.quote(redacted, safe=_URL_SAFE)

    def _number(self, match: re.Match[str]) -> str:
        found = match.group()
        if match.group("id") is not None:
            return self._in_text("id_number", found)
        country = match.group("country") or ""
        return country + self._in_text("phone", match.group("phone"))

    def _in_text(self, name: str, value: str) -> str:
        """A phone or identity number in free text: kept, masked, or removed (all asterisks)."""
        action: Action = getattr(self.policy, name)
        if action is Action.KEEP:
            return value
        if action is Action.MASK:
            return _MASKS[name](value)
        return "*" * len(value)

    def _record_text(self, value: Any, own: _Names | None) -> Any:
        """``value`` with its free text redacted, and that of the records it holds."""
        if isinstance(value, tuple):
            return tuple(self._record_text(item, own) for item in value)
        if wire_form(type(value)) != "record":
            return value
        cls: Any = type(value)
        changes: dict[str, Any] = {}
        for name, kind in _text_fields(cls):
            old = getattr(value, name)
            if old is None:
                continue
            if kind == "text":
                new = self._text(old, own)
            elif kind == "url":
                new = self._url(old, own)
            else:
                new = self._record_text(old, own)
            if new != old:
                changes[name] = new
        return attrs.evolve(value, **changes) if changes else value

    # -- personal fields and ids --------------------------------------------------------------

    def _name(self, name: str) -> str:
        return self._field("name", name) or name

    def _person_id(self, ident: str) -> str:
        if self.policy.ids is Action.KEEP or self.policy.key is None:
            return ident
        return f"person:{_digest(self.policy.key, 'id', ident)}"

    def _field(self, name: str, value: str | None) -> str | None:
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

    def _reference(self, kind: RecordKind, ident: str) -> str:
        return self._person_id(ident) if kind is RecordKind.PERSON else ident


#: What a redacted URL keeps unescaped: the characters with a meaning in URLs, and ``*``.
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=~"

TextKind = typing.Literal["text", "url", "records"]


@functools.cache
def _text_fields(cls: type) -> tuple[tuple[str, TextKind], ...]:
    """The fields redaction scans: free text, URLs, and records (or lists) that hold some.

    Never a personal field (the policy handles those), an id or a code.
    """
    found: list[tuple[str, TextKind]] = []
    for field in fields_of(cls):
        kind = None if field.shape.personal else _text_kind(field.shape)
        if kind is not None:
            found.append((field.name, kind))
    return tuple(found)


def _text_kind(shape: Shape) -> TextKind | None:
    if shape.item is not None:
        return None if _text_kind(shape.item) is None else "records"
    if shape.marker(Normalised) is not None:
        return "text"
    if URL in shape.markers:
        return "url"
    if wire_form(shape.base) == "record" and _text_fields(shape.base):
        return "records"
    return None


@typing.overload
def redact(
    records: Dataset, policy: RedactionPolicy | None = None, *, names: Iterable[str] = ()
) -> Dataset: ...
@typing.overload
def redact(
    records: E, policy: RedactionPolicy | None = None, *, names: Iterable[str] = ()
) -> E: ...
def redact(
    records: Dataset | Entity, policy: RedactionPolicy | None = None, *, names: Iterable[str] = ()
) -> Dataset | Entity:
    """A copy of a record or dataset with personal data handled as ``policy`` says.

    References stay intact: with pseudonymous ids, every reference to a person (a Party
    organisation's secretary) carries the same pseudonym. Free text is scanned (unless
    ``RedactionPolicy.free_text`` is false) for ``names`` and, in a dataset, the names of its
    people, and for phone and identity numbers: see :class:`Redactor`, which does the same
    record by record. A record alone is scanned for ``names`` and, if it is a person, their own
    name.
    """
    if isinstance(records, Dataset):
        redactor = Redactor.for_dataset(records, policy, names=names)
        return Dataset.from_records(redactor(record) for record in records.records())
    if isinstance(records, Entity):
        return Redactor(policy, names=names)(records)
    raise TypeError(f"redact takes a record or a Dataset (got {type(records).__name__})")
