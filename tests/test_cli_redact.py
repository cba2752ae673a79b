"""community-model redact: personal data out, references intact, mistakes are usage errors."""

import os
from pathlib import Path

import pytest
from support import subprocess_cli

from community_model import (
    Action,
    KeyFileWarning,
    RedactionPolicy,
    load_dataset,
    read_jsonl,
    read_key,
    redact,
    suzhou_2023,
)
from community_model._cli import main

PAGE = suzhou_2023()


def test_default_policy_masks(document: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """By default names are masked; the output loads and passes every check."""
    out = document.parent / "out.jsonl"
    assert main(["redact", str(document), str(out)]) == 0
    redacted = load_dataset(out)
    assert redacted.check() == []
    assert {p.name for p in redacted.people} >= {"成**", "王*"}
    assert "9 people redacted" in capsys.readouterr().out
    assert "成丽君" not in out.read_text(encoding="utf-8")


def test_pseudonyms_with_a_key_file(document: Path, tmp_path: Path) -> None:
    """The same key file gives the same pseudonyms in two runs; ids and references follow."""
    key = tmp_path / "key"
    key.write_bytes(b"street office secret\n")
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        arguments = ["redact", str(document), str(out), "--policy", "pseudonym"]
        assert main([*arguments, "--key-file", str(key)]) == 0
    first, second = (load_dataset(out) for out in outs)
    assert first == second
    assert first.check() == []
    assert all(p.id.startswith("person:") and p.name.startswith("人员-") for p in first.people)


def test_key_from_the_environment(
    document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMUNITY_MODEL_KEY serves when no key file is given."""
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", "a secret of the street office")
    out = tmp_path / "out.json"
    assert main(["redact", str(document), str(out), "--set", "name=pseudonym"]) == 0
    assert all(p.name.startswith("人员-") for p in load_dataset(out).people)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--policy", "pseudonym"], "secret key"),
        (["--set", "name=remove"], "name may be"),
        (["--set", "phone=pseudonym"], "phone may be"),
        (["--set", "colour=mask"], "FIELD=ACTION"),
        (["--set", "name=shred"], "ACTION must be"),
        (["--key-file", "/nonexistent/key", "--policy", "pseudonym"], "cannot read the key file"),
    ],
)
def test_usage_errors(
    document: Path,
    extra: list[str],
    words: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Impossible policies exit 2 with a message, and write nothing."""
    monkeypatch.delenv("COMMUNITY_MODEL_KEY", raising=False)
    out = document.parent / "out.json"
    assert main(["redact", str(document), str(out), *extra]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_refuses_to_overwrite(document: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing OUT is kept unless --force."""
    out = document.parent / "out.json"
    out.write_text("keep me", encoding="utf-8")
    assert main(["redact", str(document), str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["redact", str(document), str(out), "--force"]) == 0
    assert Action.MASK.value in capsys.readouterr().out


OFFICE_KEY = b"  the street office's key, with spaces around it  "


def test_the_command_line_and_the_api_read_a_key_file_the_same(
    document: Path, tmp_path: Path
) -> None:
    """One key file gives the same pseudonyms through ``--key-file`` and through
    ``read_key`` (the bytes as written, less one final line ending; spaces are part of the key)."""
    key = tmp_path / "key"
    key.write_bytes(OFFICE_KEY + b"\n")
    key.chmod(0o600)
    out = tmp_path / "out.json"
    arguments = ["redact", str(document), str(out), "--policy", "pseudonym"]
    assert main([*arguments, "--key-file", str(key)]) == 0
    assert read_key(key) == OFFICE_KEY
    policy = RedactionPolicy.preset("pseudonym", key=read_key(key))
    assert load_dataset(out) == redact(PAGE, policy)


def test_the_key_variable_is_read_as_the_library_reads_it(
    document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMUNITY_MODEL_KEY holding the same text as a key file gives the same pseudonyms."""
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", OFFICE_KEY.decode())
    out = tmp_path / "out.json"
    assert main(["redact", str(document), str(out), "--policy", "pseudonym"]) == 0
    assert read_key() == OFFICE_KEY
    assert load_dataset(out) == redact(PAGE, RedactionPolicy.preset("pseudonym", key=OFFICE_KEY))


@pytest.mark.parametrize(
    ("mode", "warned"), [(0o600, False), (0o400, False), (0o640, True), (0o604, True)]
)
def test_a_key_file_readable_by_others_draws_a_warning(
    document: Path,
    tmp_path: Path,
    mode: int,
    warned: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A key file the group or others may read is used, with a warning on stderr (and a
    KeyFileWarning from the library); one only its owner reads draws none."""
    key = tmp_path / "key"
    key.write_bytes(OFFICE_KEY)
    key.chmod(mode)
    out = tmp_path / "out.json"
    arguments = ["redact", str(document), str(out), "--policy", "pseudonym", "--key-file", str(key)]
    assert main(arguments) == 0
    error = capsys.readouterr().err
    assert ("may be read by others" in error) is warned
    if warned:
        assert f"community-model redact: warning: the key file {key} may be read by others" in error
        assert f"(mode {mode:o})" in error
        with pytest.warns(KeyFileWarning, match="chmod 600"):
            read_key(key)


def test_a_short_key_is_a_usage_error(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key file of 15 bytes (after its line end) is refused with exit status 2; OUT is not
    written."""
    key = tmp_path / "key"
    key.write_bytes(b"k" * 15 + b"\n")
    key.chmod(0o600)
    out = tmp_path / "out.json"
    arguments = ["redact", str(document), str(out), "--policy", "pseudonym", "--key-file", str(key)]
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert f"the key in {key} must have at least 16 bytes (got 15)" in error
    assert not out.exists()


def test_a_key_file_of_endless_zeros_is_refused_after_a_bounded_read(
    document: Path, tmp_path: Path
) -> None:
    """``--key-file /dev/zero`` reads 4,097 bytes, then stops with a message and status 2."""
    out = tmp_path / "out.json"
    result = subprocess_cli(
        "redact", document, out, "--policy", "pseudonym", "--key-file", "/dev/zero", timeout=60
    )
    assert result.status == 2
    assert "Traceback" not in result.err
    assert "the key in /dev/zero must have at most 4,096 bytes (got more)" in result.err
    assert not out.exists()


def test_a_key_variable_that_is_not_utf8_is_a_usage_error(document: Path, tmp_path: Path) -> None:
    """COMMUNITY_MODEL_KEY=$'secret\\xffkey' ends in a message and status 2, not a traceback."""
    out = tmp_path / "out.json"
    environment = {
        key: value for key, value in os.environb.items() if key != b"COMMUNITY_MODEL_KEY"
    }
    environment[b"COMMUNITY_MODEL_KEY"] = b"secret\xffkey of the street office"
    result = subprocess_cli(
        "redact", document, out, "--policy", "pseudonym", env=environment, timeout=60
    )
    assert result.status == 2
    assert "Traceback" not in result.err
    assert "COMMUNITY_MODEL_KEY is not UTF-8 text" in result.err
    assert not out.exists()


def test_json_lines_are_redacted_record_by_record_as_thoroughly(
    lines: Path, tmp_path: Path
) -> None:
    """JSON Lines to JSON Lines streams (records keep their order) and is as thorough as
    redacting the whole dataset: a name quoted before its person's line is replaced too."""
    people = [line for line in lines.read_text(encoding="utf-8").splitlines() if '"person"' in line]
    others = [line for line in lines.read_text(encoding="utf-8").splitlines() if line not in people]
    reordered = tmp_path / "people-last.jsonl"
    reordered.write_text("\n".join([*others, *people]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["redact", str(reordered), str(out)]) == 0
    redacted = list(read_jsonl(out))
    expected = redact(load_dataset(reordered))
    assert [r.id for r in redacted] == [r.id for r in read_jsonl(reordered)]
    assert sorted(map(repr, redacted)) == sorted(map(repr, expected.records()))
    text = out.read_text(encoding="utf-8")
    assert all(person.name not in text for person in PAGE.people if len(person.name) > 1)


def test_invalid_json_lines_are_not_redacted(
    broken_lines: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON Lines file with bad lines is refused (status 1, its problems with their line
    numbers) before anything is written."""
    out = tmp_path / "out.jsonl"
    assert main(["redact", str(broken_lines), str(out)]) == 1
    error = capsys.readouterr().err
    assert f"{broken_lines}:2: error:" in error
    assert "is invalid: 3 problems" in error
    assert not out.exists()
