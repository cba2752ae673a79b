"""Files are replaced atomically: a failed or killed save leaves the old file whole; a saved
file keeps its mode and its links.
"""

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from community_model import Dataset, load_dataset, save_dataset, suzhou_2023

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
