"""Datasets on disk: both formats round-trip; saving is atomic; bad paths say why."""

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from community_model import (
    CommunityModelError,
    Dataset,
    Limits,
    ValidationError,
    load_dataset,
    save_dataset,
    write_jsonl,
)
from community_model._examples import suzhou_2023

PAGE = suzhou_2023()


@pytest.mark.parametrize("name", ["page.json", "page.jsonl", "page.ndjson", "PAGE.JSON"])
def test_round_trip_by_suffix(tmp_path: Path, name: str) -> None:
    """A dataset saved and loaded again is equal, in either format."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    assert load_dataset(path) == PAGE
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_format_named_explicitly(tmp_path: Path) -> None:
    """A format given by name wins over the suffix."""
    path = tmp_path / "page.txt"
    save_dataset(PAGE, path, format="jsonl")
    assert path.read_text(encoding="utf-8").startswith('{"type":"street"')
    assert load_dataset(path, format="jsonl") == PAGE
    with pytest.raises(CommunityModelError, match="from its suffix"):
        load_dataset(path)
    with pytest.raises(CommunityModelError, match="unknown format"):
        save_dataset(PAGE, path, format="xml")  # type: ignore[arg-type]


def test_document_is_indented_unless_asked(tmp_path: Path) -> None:
    """Documents are written indented for people; compact on request."""
    save_dataset(PAGE, tmp_path / "a.json")
    save_dataset(PAGE, tmp_path / "b.json", indent=False)
    assert (tmp_path / "a.json").read_text(encoding="utf-8").startswith('{\n  "schema_version"')
    assert "\n" not in (tmp_path / "b.json").read_text(encoding="utf-8")


def test_load_reports_every_problem_with_lines(tmp_path: Path) -> None:
    """A broken JSON Lines file: every bad line in one ValidationError."""
    path = tmp_path / "page.jsonl"
    save_dataset(PAGE, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"kind":"town"', '"kind":"city"')
    lines[9] = "{"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path)
    assert [(p.line, p.path) for p in caught.value.errors] == [(3, "$.kind"), (10, "$")]


class Exploding:
    """A file stand-in that fails after some bytes, as a full disk does."""

    def __init__(self, real: object, after: int) -> None:
        self.real, self.left = real, after

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)

    def write(self, data: bytes) -> int:
        if len(data) > self.left:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.left -= len(data)
        return self.real.write(data)  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_a_full_disk_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A failed save leaves the previous good file, and no temporary file behind."""
    path = tmp_path / name
    save_dataset(Dataset.from_records(list(PAGE.records())[:5]), path)
    before = path.read_bytes()
    import tempfile  # noqa: PLC0415 - the module whose files the test breaks

    real = tempfile.NamedTemporaryFile

    def failing(*args: object, **kwargs: object) -> object:
        return Exploding(real(*args, **kwargs), after=200)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", failing)
    with pytest.raises(OSError, match="No space left"):
        save_dataset(PAGE, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [name]


def test_missing_file(tmp_path: Path) -> None:
    """A file that is not there is an OSError (FileNotFoundError) naming it."""
    with pytest.raises(FileNotFoundError):
        load_dataset(tmp_path / "absent.json")


Event = tuple[str, ...]


class DiskLog:
    """Records, in order, each fsync and rename a save makes, and what the disk held at each.

    ``os.fsync`` and ``os.replace`` are replaced on the ``os`` module itself, so the log sees
    them whichever module of the library calls them. A file's fsync is logged with the file's
    inode and the bytes the system already holds for it (what was written and flushed before);
    a rename with the inode and the content of its source; a directory's fsync with the
    directory.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[Event] = []
        self.inodes: dict[int, str] = {}
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                self.events.append(("fsync directory", self.name(info.st_ino)))
            else:
                self.events.append(("fsync file", self.name(info.st_ino), str(info.st_size)))
            real_fsync(fd)

        def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
            data = Path(source).read_bytes()
            inode = os.stat(source).st_ino
            self.events.append(("replace", self.name(inode), str(len(data)), Path(target).name))
            real_replace(source, target)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def name(self, inode: int) -> str:
        """A stable name per inode seen: 'A', 'B', ... in order of first appearance."""
        return self.inodes.setdefault(inode, chr(ord("A") + len(self.inodes)))


SAVES: dict[str, tuple[str, Callable[[Path], object]]] = {
    "save_dataset, a document": ("page.json", lambda path: save_dataset(PAGE, path)),
    "save_dataset, JSON Lines": ("page.jsonl", lambda path: save_dataset(PAGE, path)),
    "write_jsonl to a path": ("page.jsonl", lambda path: write_jsonl(PAGE.records(), path)),
}


@pytest.mark.parametrize("old_file", [False, True], ids=["new file", "over an old file"])
@pytest.mark.parametrize(("name", "save"), list(SAVES.values()), ids=list(SAVES))
def test_a_save_is_written_flushed_synced_renamed_then_the_directory_synced(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    save: Callable[[Path], object],
    old_file: bool,
) -> None:
    """Durable replacement, in exactly this order: the whole new content is written to a
    temporary file beside the target and flushed; that file is fsynced; it is renamed over the
    target; then the directory is fsynced, so that the rename itself survives a power cut.
    Nothing else is fsynced or renamed."""
    directory = tmp_path / "data"
    directory.mkdir()
    target = directory / name
    if old_file:
        target.write_bytes(b"old")
    log = DiskLog(monkeypatch)
    log.name(directory.stat().st_ino)  # the directory is 'A'
    save(target)
    size = str(target.stat().st_size)
    assert log.events == [
        ("fsync file", "B", size),  # written and flushed: the system holds every byte
        ("replace", "B", size, name),  # the synced file, whole, renamed over the target
        ("fsync directory", "A"),  # the directory that holds the new entry
    ]
    assert log.name(target.stat().st_ino) == "B"
    assert load_dataset(target) == PAGE
    assert os.listdir(directory) == [name]


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failure_before_the_rename_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, step: str
) -> None:
    """A save that fails in the fsync of its file or in the rename itself leaves the old file
    byte for byte, and no temporary file beside it."""
    path = tmp_path / name
    save_dataset(Dataset.from_records(list(PAGE.records())[:5]), path)
    before = path.read_bytes()

    def failing(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, step, failing)
    with pytest.raises(OSError, match="Input/output error"):
        save_dataset(PAGE, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [name]


def test_a_bad_record_while_writing_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """write_jsonl to a path that meets a non-record halfway keeps the old file, whole, alone."""
    path = tmp_path / "page.jsonl"
    write_jsonl(list(PAGE.records())[:5], path)
    before = path.read_bytes()
    with pytest.raises(TypeError, match="not a record"):
        write_jsonl([*PAGE.records(), "not a record"], path)  # type: ignore[list-item]
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_file_size_limits_at_their_edge(tmp_path: Path, name: str) -> None:
    """A document file of exactly ``max_bytes`` (a JSON Lines file whose longest line has
    exactly ``max_line_bytes``) loads; one byte less in the limit and it is refused, by name."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    data = path.read_bytes()
    if name.endswith(".jsonl"):
        size, limit = max(len(line) for line in data.splitlines()), "max_line_bytes"
    else:
        size, limit = len(data), "max_bytes"
    assert load_dataset(path, limits=Limits(**{limit: size})) == PAGE
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(**{limit: size - 1}))
    assert {p.code for p in caught.value.errors} == {"limit"}
    assert all(f"{limit}={size - 1:,}" in p.message for p in caught.value.errors)


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_load_dataset_passes_strict_and_limits_on(tmp_path: Path, name: str) -> None:
    """load_dataset reads strictly unless told (an unknown field is refused, or ignored with
    strict=False), and applies every limit it is given, in both formats."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"name"', '"zz_unknown": 1, "name"', 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path)
    assert {p.code for p in caught.value.errors} == {"unknown_field"}
    assert load_dataset(path, strict=False) == PAGE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(max_depth=2))
    assert {p.code for p in caught.value.errors} == {"limit"}


def test_a_document_over_max_bytes_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size of a document file is checked against max_bytes before a byte of it is read."""
    path = tmp_path / "page.json"
    save_dataset(PAGE, path)
    size = path.stat().st_size

    def unread(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", unread)
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(max_bytes=size - 1))
    assert [(p.path, p.code) for p in caught.value.errors] == [("$", "limit")]
    assert f"max_bytes={size - 1:,}" in caught.value.errors[0].message


@pytest.mark.parametrize("format", ["document", "jsonl"])
def test_a_format_named_wins_over_any_suffix(tmp_path: Path, format: str) -> None:
    """Either format may be named for a file whatever its suffix; another name is refused
    with the two that exist."""
    path = tmp_path / "page.data"
    save_dataset(PAGE, path, format=format)  # type: ignore[arg-type]
    assert load_dataset(path, format=format) == PAGE  # type: ignore[arg-type]
    with pytest.raises(CommunityModelError) as caught:
        load_dataset(path)
    assert str(caught.value) == (
        f"cannot tell the format of {str(path)!r} from its suffix '.data': use .json (a "
        "document) or .jsonl / .ndjson (JSON Lines), or name the format"
    )
    with pytest.raises(CommunityModelError) as caught:
        load_dataset(path, format="csv")  # type: ignore[arg-type]
    assert str(caught.value) == "unknown format 'csv': use 'document' or 'jsonl'"
