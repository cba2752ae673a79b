"""community-model redact: personal data out, references intact, mistakes are usage errors."""

from pathlib import Path

import pytest

from community_model import Action, load_dataset, suzhou_2023
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
    monkeypatch.setenv("COMMUNITY_MODEL_KEY", "secret")
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
