"""Files are replaced atomically: a failed or killed save leaves the old file whole; a saved
file keeps its mode and its links.
"""

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from community_model import Dataset, load_dataset, save_dataset, suzhou_2023, write_jsonl

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
