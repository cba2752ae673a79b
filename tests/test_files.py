"""Files are replaced atomically: a failed or killed save leaves the old file whole; a saved
file keeps its mode and its links.
"""

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from community_model import (
    ConfigurationError,
    Dataset,
    load_dataset,
    save_dataset,
    suzhou_2023,
    write_jsonl,
)
from community_model._files import (
    STALE_AFTER,
    check_target,
    remove_stale_temporary_files,
    replace_with_directory,
)

PAGE = suzhou_2023()


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


#: Builds a large dataset once; then, for each line it reads, forks a writer that saves the
#: dataset over and over until it is killed, says the writer's pid and waits for its end.
WRITERS = textwrap.dedent(
    """
    import os
    import sys
    from community_model import Dataset, save_dataset
    from community_model._examples import suzhou_2023

    page = suzhou_2023()
    records = list(page.records())
    # A large dataset: the page's activities repeated with new ids.
    import attrs
    extra = [attrs.evolve(a, id=f"{a.id}-{n}") for n in range(4000) for a in page.activities]
    big = Dataset.from_records([*records, *extra])
    print("ready", flush=True)
    for _ in sys.stdin:
        writer = os.fork()
        if writer == 0:
            parent = os.getppid()
            while os.getppid() == parent:  # never outlive this process
                save_dataset(big, sys.argv[1])
            os._exit(0)
        print(writer, flush=True)
        os.waitpid(writer, 0)
        print("ended", flush=True)
    """
)


def test_killing_a_writer_never_loses_the_good_file(tmp_path: Path) -> None:
    """A writer killed mid-save leaves the previous good file whole, every time."""
    path = tmp_path / "page.json"
    save_dataset(PAGE, path)
    with subprocess.Popen(
        [sys.executable, "-c", WRITERS, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writers:  # the large dataset is built once, each writer is a fork
        assert writers.stdin is not None
        assert writers.stdout is not None
        try:
            assert writers.stdout.readline().strip() == "ready"
            for attempt in range(5):
                writers.stdin.write("start\n")
                writers.stdin.flush()
                writer = int(writers.stdout.readline())
                time.sleep(0.05 + 0.07 * attempt)  # somewhere inside a save
                os.kill(writer, signal.SIGKILL)
                assert writers.stdout.readline().strip() == "ended"
                loaded = load_dataset(path)  # whole: the old file or a complete new one
                assert loaded == PAGE or len(loaded.activities) == 8 + 4000 * 8
        except BaseException:
            writers.kill()
            raise
        writers.stdin.close()
    assert writers.returncode == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "page.json"]
    assert all(name.startswith(".page.json.") and name.endswith(".tmp") for name in leftovers)


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


# -- Round two (issue 12): saving never destroys what it should not ----------------------------


def _special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a directory and (where this user may make one) a character device like
    /dev/null, each with a name a save would accept."""
    found = {"fifo": tmp_path / "pipe.json", "directory": tmp_path / "folder.json"}
    os.mkfifo(found["fifo"])
    found["directory"].mkdir()
    device = tmp_path / "null.json"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:  # pragma: no cover - not root
        pass
    else:
        found["device"] = device
    return found


@pytest.mark.parametrize("format", ["document", "jsonl"])
def test_a_save_refuses_device_nodes_fifos_and_directories(tmp_path: Path, format: str) -> None:
    """save_dataset renamed over whatever the path was: a device node or FIFO became a file of
    personal data (as root, convert IN /dev/null --force replaced /dev/null). Now refused, with
    the kind named, and nothing is written."""
    for kind, path in _special_files(tmp_path).items():
        before = path.lstat()
        with pytest.raises(ConfigurationError, match="not a regular file"):
            save_dataset(PAGE, path, format=format)  # type: ignore[arg-type]
        after = path.lstat()
        assert (stat.S_IFMT(after.st_mode), after.st_ino) == (
            stat.S_IFMT(before.st_mode),
            before.st_ino,
        ), kind
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_link_to_a_device_is_refused_too(tmp_path: Path) -> None:
    """A symbolic link is followed: one that points to a FIFO is refused like the FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "page.json"
    link.symlink_to(fifo)
    with pytest.raises(ConfigurationError):
        save_dataset(PAGE, link)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink()


def test_check_target_accepts_a_new_or_regular_file(tmp_path: Path) -> None:
    """What the command line calls before reading IN: a new path or a regular file is fine."""
    assert check_target(tmp_path / "new.json") == tmp_path / "new.json"
    (tmp_path / "old.json").write_text("{}", encoding="utf-8")
    assert check_target(tmp_path / "old.json") == tmp_path / "old.json"
    with pytest.raises(ConfigurationError, match="a directory"):
        check_target(tmp_path)


class _FailingClose:
    """A temporary file on a full disk: writing fails, and so does closing (it flushes)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        self.real.close()
        raise OSError(errno.ENOSPC, "No space left on device (close failed)")


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_a_full_disk_failing_close_too_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The cleanup's close() failed again with ENOSPC, so the unlink never ran and the partial
    temporary file stayed. Now it is removed whatever close says, and the first error is the
    one reported."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    before = path.read_bytes()
    import tempfile  # noqa: PLC0415 - the module whose files the test breaks

    real = tempfile.NamedTemporaryFile
    monkeypatch.setattr(
        tempfile, "NamedTemporaryFile", lambda *a, **k: _FailingClose(real(*a, **k))
    )
    with pytest.raises(OSError, match="No space left"):
        save_dataset(PAGE, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [name]


@pytest.mark.parametrize("step", ["fchmod", "fsync", "replace", "close"])
def test_every_failure_path_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Property over the steps of a save: whichever fails, the old file stays whole and no
    temporary file is left."""
    path = tmp_path / "page.json"
    save_dataset(PAGE, path)
    before = path.read_bytes()

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, f"{step} failed")

    if step == "close":
        import tempfile  # noqa: PLC0415 - the module whose files the test breaks

        real = tempfile.NamedTemporaryFile

        class Closing(_FailingClose):
            def write(self, data: bytes) -> int:
                return int(self.real.write(data))

        monkeypatch.setattr(tempfile, "NamedTemporaryFile", lambda *a, **k: Closing(real(*a, **k)))
    else:
        monkeypatch.setattr(os, step, failing)
    with pytest.raises(OSError, match=r"failed|No space left"):
        save_dataset(PAGE, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["page.json"]


def test_a_save_removes_stale_temporary_files_of_its_own_name_only(tmp_path: Path) -> None:
    """Temporary files a killed writer left pile up: a save removes those of its target's name
    pattern older than STALE_AFTER, and nothing else (a fresh one, another target's, a file
    with a similar name, a link)."""
    path = tmp_path / "page.json"
    old = time.time() - STALE_AFTER - 60
    stale = tmp_path / ".page.json.abcd1234.tmp"
    fresh = tmp_path / ".page.json.efgh5678.tmp"
    other = tmp_path / ".other.json.abcd1234.tmp"
    similar = tmp_path / ".page.json.notours.tmp"
    link = tmp_path / ".page.json.link1234.tmp"
    for file in (stale, fresh, other, similar):
        file.write_bytes(b"partial")
    link.symlink_to(other)
    for file in (stale, other, similar):
        os.utime(file, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    save_dataset(PAGE, path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(p.name for p in (path, fresh, other, similar, link))
    assert remove_stale_temporary_files(path, older_than=0) == [fresh]


def test_a_directory_replaces_a_directory_a_file_or_nothing(tmp_path: Path) -> None:
    """The finished directory takes the place of an old directory, a regular file or nothing,
    and of nothing else: a FIFO is refused and kept."""
    for make_old in (lambda p: p.mkdir(), lambda p: p.write_text("old"), lambda p: None):
        target = tmp_path / "out"
        staging = tmp_path / "staging"
        staging.mkdir()
        (staging / "a.parquet").write_text("new")
        make_old(target)
        replace_with_directory(staging, target)
        assert (target / "a.parquet").read_text() == "new"
        assert not staging.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
        shutil.rmtree(target)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(ConfigurationError, match="FIFO"):
        replace_with_directory(staging, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
