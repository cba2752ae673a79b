"""Files written safely: a new file replaces an old one only once it is whole on disk."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

from community_model._errors import ConfigurationError

__all__ = [
    "STALE_AFTER",
    "atomic_file",
    "check_target",
    "read_at_most",
    "read_stream_at_most",
    "remove_stale_temporary_files",
    "replace_with_directory",
]

_UMASK_LOCK: Final = threading.Lock()

#: How old (in seconds) a temporary file of ours must be before a later save removes it: a
#: day, far longer than any save takes, so a writer still at work never loses its file.
STALE_AFTER: Final = 24 * 60 * 60

#: The name of a temporary file beside ``NAME``: ``.NAME.`` + 8 random characters + ``.tmp``
#: (what :func:`tempfile.NamedTemporaryFile` makes with the prefix and suffix below).
_TEMPORARY: Final = "{prefix}[a-z0-9_]{{8}}{suffix}"
_SUFFIX: Final = ".tmp"


def _prefix(target: Path) -> str:
    return f".{target.name}."


def check_target(path: str | os.PathLike[str]) -> Path:
    """The file a save to ``path`` replaces (a symbolic link followed), if it may be replaced.

    Only a regular file, or nothing, may be replaced: a device node (``/dev/null``), a FIFO, a
    socket or a directory is refused with a :class:`ConfigurationError` before anything is
    written, so no save ever puts a file in place of one.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise ConfigurationError(
            f"{os.fspath(path)!r} is {_kind(mode)}, not a regular file: only a regular file "
            "(or a new one) is ever replaced by a save"
        )
    return target


def replace_with_directory(staging: Path, target: Path) -> None:
    """Put a finished directory (``staging``) in place of ``target``: a directory, a regular
    file, or nothing. Anything else (a device node, a FIFO, a socket) is refused with a
    :class:`ConfigurationError` and left as it is; the caller removes ``staging``."""
    if target.is_dir() and not target.is_symlink():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
        return
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(target).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise ConfigurationError(
                f"{os.fspath(target)!r} is {_kind(mode)}: only a directory, a regular file "
                "(or a new name) is ever replaced by a directory"
            )
        target.unlink()
    os.replace(staging, target)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"  # pragma: no cover - no other kind exists on POSIX


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` only when the block ends without an error.

    It is written beside ``path``, flushed to disk, given the permissions the old file had (or,
    for a new file, those the umask gives), then renamed over it: a crash, an error or a full
    disk leaves the old file whole, and the temporary file is removed on every failure (a
    close that fails again on a full disk included). A symbolic link is followed: the file it
    points to is replaced, and the link stays. A target that is not a regular file is refused
    (:func:`check_target`), before writing and again before the rename.
    """
    target = check_target(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below on every path
        mode="wb", dir=target.parent, prefix=_prefix(target), suffix=_SUFFIX, delete=False
    )
    try:
        yield handle
        handle.flush()
        os.fchmod(handle.fileno(), _mode_for(target))
        os.fsync(handle.fileno())
        handle.close()
        check_target(target)  # nothing put a device or a pipe there meanwhile
        os.replace(handle.name, target)
    except BaseException:
        _discard(handle)
        raise
    _sync_directory(target.parent)


def _discard(handle: IO[bytes]) -> None:
    """Close and remove a temporary file after a failure; the removal happens whatever the
    close says (on a full disk, closing fails again as it flushes what it holds)."""
    try:
        handle.close()
    except OSError:
        pass  # the first failure is the one reported
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)


def remove_stale_temporary_files(
    path: str | os.PathLike[str], *, older_than: float = STALE_AFTER
) -> list[Path]:
    """Remove the temporary files a killed save to ``path`` left behind; returns them.

    Only files of this library's own name pattern beside the target (``.NAME.`` + 8 random
    characters + ``.tmp``) are touched, and only regular files (never a link) owned by this
    user and last changed more than ``older_than`` seconds ago (a day by default): a save still
    at work is never disturbed.
    """
    target = Path(os.path.realpath(path))
    prefix, suffix = re.escape(_prefix(target)), re.escape(_SUFFIX)
    pattern = re.compile(_TEMPORARY.format(prefix=prefix, suffix=suffix))
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.geteuid()
                and now - info.st_mtime > older_than
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


_CHUNK: Final = 1 << 20


def read_at_most(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a file, but never more than ``limit + 1`` of them.

    The file's reported size is not trusted: a pipe, a device such as ``/dev/zero`` or a
    ``/proc`` file says 0 and then gives more (or never ends). Reading stops one byte past
    ``limit``, so a caller that gets more than ``limit`` bytes knows the file is too large
    having held no more than that.
    """
    with open(path, "rb") as handle:
        return read_stream_at_most(handle, limit)


def read_stream_at_most(stream: IO[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a binary stream, read in chunks (see :func:`read_at_most`)."""
    parts: list[bytes] = []
    left = limit + 1
    while left > 0:
        part = stream.read(min(left, _CHUNK))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


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
