"""Files written safely: a new file replaces an old one only once it is whole on disk."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

__all__ = ["atomic_file"]

_UMASK_LOCK: Final = threading.Lock()


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` only when the block ends without an error.

    It is written beside ``path``, flushed to disk, given the permissions the old file had (or,
    for a new file, those the umask gives), then renamed over it: a crash, an error or a full
    disk leaves the old file whole. A symbolic link is followed: the file it points to is
    replaced, and the link stays.
    """
    target = Path(os.path.realpath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below on every path
        mode="wb", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        yield handle
        handle.flush()
        os.fchmod(handle.fileno(), _mode_for(target))
        os.fsync(handle.fileno())
        handle.close()
        os.replace(handle.name, target)
        _sync_directory(target.parent)
    except BaseException:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: the old file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        with _UMASK_LOCK:  # reading the umask means setting it; no other thread may see that
            umask = os.umask(0o022)
            os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: Path) -> None:
    """Make a rename durable: flush the directory entry too (where the system allows it)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - systems that cannot open a directory
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - file systems that refuse it
        pass
    finally:
        os.close(descriptor)
