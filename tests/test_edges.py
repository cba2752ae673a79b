"""Edges a review found: each was a bug, and each test keeps it fixed."""

import gc
import io
import os
import threading
import warnings
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from community_model import (
    BranchLevel,
    Community,
    CommunityKind,
    Compound,
    ConfigurationError,
    Count,
    Dataset,
    DivisionCode,
    DomainWarning,
    Limits,
    Measurement,
    PartyBranch,
    Source,
    Street,
    StreetKind,
    Unit,
    ValidationError,
    dumps,
    from_dict,
    json_schema,
    loads,
    read_jsonl,
    save_dataset,
    suzhou_2023,
    to_dict,
)
from community_model._runtime import gc_paused


def test_saving_keeps_permissions_and_links(tmp_path: Path) -> None:
    """A saved file keeps its mode; a new one gets the umask's; a link is followed, not replaced."""
    shared = tmp_path / "shared.json"
    shared.write_text("{}", encoding="utf-8")
    shared.chmod(0o644)
    save_dataset(suzhou_2023(), shared)
    assert shared.stat().st_mode & 0o777 == 0o644
    umask = os.umask(0o022)
    os.umask(umask)
    save_dataset(suzhou_2023(), tmp_path / "new.json")
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o666 & ~umask
    link = tmp_path / "link.json"
    link.symlink_to(shared)
    save_dataset(suzhou_2023(), link)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "new.json", "shared.json"]


def test_every_constructible_record_dumps() -> None:
    """What constructs also dumps: no orjson error after validation passed."""
    compound = Compound(name="𠀀𪚥 rare but whole", buildings=("4幢",))
    assert loads(dumps(compound), Compound) == compound


def test_schema_and_loading_agree_on_edges() -> None:
    """null for an optional code, blank text, negative decimal strings."""
    compound = jsonschema.Draft202012Validator(json_schema(Compound))
    assert compound.is_valid({"name": "x", "kind": None})
    assert from_dict({"name": "x", "kind": None}, Compound).kind is None
    assert not compound.is_valid({"name": "   "})
    measurement = jsonschema.Draft202012Validator(json_schema(Measurement))
    assert not measurement.is_valid({"value": "-5", "unit": "metre"})
    assert measurement.is_valid(to_dict(Measurement(value=Decimal(5), unit=Unit.METRE)))


def test_limits_count_keys_and_lines_exactly() -> None:
    """A long key is refused whatever its value; a line exactly at the limit is read."""
    with pytest.raises(ValidationError, match="max_string_length"):
        loads('{"' + "k" * 50 + '": {}}', Source, limits=Limits(max_string_length=10))
    line = b'{"type":"street","id":"s","name":"x","kind":"town"}'
    limits = Limits(max_line_bytes=len(line))
    for ending in (b"\n", b"\r\n", b""):
        assert [r.id for r in read_jsonl(io.BytesIO(line + ending), limits=limits)] == ["s"]


def test_limits_are_configuration_errors() -> None:
    """A limit below 1 is a ConfigurationError (a ValueError and a CommunityModelError)."""
    with pytest.raises(ConfigurationError):
        Limits(max_bytes=0)


def test_the_gc_pause_is_shared_between_threads() -> None:
    """The collector stays paused until the last thread is done, then comes back."""
    assert gc.isenabled()
    threshold = gc.get_threshold()
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait(5)
    with gc_paused():
        assert gc.get_threshold()[0] == 0  # no automatic collection
    assert gc.get_threshold()[0] == 0  # the other thread is still inside
    release.set()
    thread.join()
    assert gc.get_threshold() == threshold


def test_codes_of_different_editions_are_not_compared() -> None:
    """吴门桥街道 was 320508004 in 2016: a 2023 community code need not start with it."""
    street = Street(
        id="s",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508004@2016"),
    )
    community = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2023"),
    )
    assert Dataset(streets=(street,), communities=(community,)).check() == []
    same = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2016"),
    )
    found = Dataset(streets=(street,), communities=(same,)).check()
    assert [p.code for p in found] == ["code_outside_street"]


def test_a_general_branch_of_committee_size_warns() -> None:
    """A 党总支 of 300 members is usually a 党委: allowed, reported."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PartyBranch(
            id="b",
            name="某党总支",
            level=BranchLevel.GENERAL_BRANCH,
            host_community_id="c",
            members=Count(value=300),
        )
    assert [w.category for w in caught] == [DomainWarning]
    assert caught[0].filename == __file__  # the warning names the code that built the record
