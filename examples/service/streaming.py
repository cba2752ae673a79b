"""JSON Lines in and out, streamed: the library's reader on the request body as it arrives.

Import: the event loop receives the body chunk by chunk and hands each over through a small
bounded channel to a worker thread, where ``community_model.read_jsonl`` reads it as a file,
line by line, with the service's ``Limits`` (a line longer than ``max_line_bytes`` is skipped
without being held, and reported with its line number). The body is never held whole: at most
the channel's few chunks, the reader's buffer and one line. The parsing runs off the event loop,
so other requests are served meanwhile.

Export: records are written by ``community_model.write_jsonl`` in batches, each batch sent as it
is written.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from typing import Final

import anyio
import anyio.from_thread
import anyio.to_thread
import attrs
from anyio.streams.memory import MemoryObjectReceiveStream

from community_model import Dataset, Entity, Limits, read_jsonl, write_jsonl

#: Chunks waiting between the event loop and the reader: the most the import holds in transit.
CHANNEL_CHUNKS: Final = 4
#: The reader's buffer: lines are cut from it (bigger lines are read on, up to the limit).
READ_BUFFER: Final = 1 << 16
#: Records written per chunk of an export.
EXPORT_BATCH: Final = 500


class _ChunkReader(io.RawIOBase):
    """A blocking, readable stream over chunks that ``next_chunk`` hands over (``None``: end)."""

    def __init__(self, next_chunk: Callable[[], bytes | None]) -> None:
        self._next_chunk = next_chunk
        self._pending = memoryview(b"")
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            if self._ended:
                return 0
            chunk = self._next_chunk()
            if chunk is None:
                self._ended = True
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _LineCounter:
    """``readline`` of a buffered stream, counting the lines it has started to read."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self._stream = stream
        self.line = 0
        self._at_start = True

    def readline(self, size: int = -1) -> bytes:
        data = self._stream.readline(size)
        if data and self._at_start:
            self.line += 1
        self._at_start = data.endswith(b"\n")
        return data


@attrs.define
class Imported:
    """What an import read: every record (unless only counting) and the line of each."""

    counts: dict[str, int] = attrs.Factory(dict)
    records: list[Entity] = attrs.Factory(list)
    lines: list[int] = attrs.Factory(list)
    body_bytes: int = 0


def _read(
    receive: MemoryObjectReceiveStream[bytes],
    limits: Limits,
    collection_of: dict[type[Entity], str],
    keep: bool,
) -> Imported:
    """Run in a worker thread: read the body's lines as records; raise every problem at once."""
    result = Imported()

    def next_chunk() -> bytes | None:
        try:
            chunk = anyio.from_thread.run(receive.receive)
        except anyio.EndOfStream:
            return None
        result.body_bytes += len(chunk)
        return chunk

    counter = _LineCounter(io.BufferedReader(_ChunkReader(next_chunk), buffer_size=READ_BUFFER))
    for record in read_jsonl(counter, limits=limits):  # type: ignore[arg-type]
        name = collection_of[type(record)]
        result.counts[name] = result.counts.get(name, 0) + 1
        if keep:
            result.records.append(record)
            result.lines.append(counter.line)
    return result


async def read_records(
    body: AsyncIterable[bytes],
    *,
    limits: Limits,
    collection_of: dict[type[Entity], str],
    keep: bool,
) -> Imported:
    """Read a JSON Lines body as it arrives; ``keep=False`` only counts the records.

    Raises the ``ValidationError`` of ``read_jsonl`` (every problem, with its line) after the
    whole body is read, or whatever reading the body raised (a body over the size limit).
    """
    send, receive = anyio.create_memory_object_stream[bytes](max_buffer_size=CHANNEL_CHUNKS)
    failure: list[BaseException] = []

    async def pump() -> None:
        async with send:
            try:
                async for chunk in body:
                    if chunk:
                        await send.send(chunk)
            except anyio.BrokenResourceError:  # the reader stopped: nothing more to hand over
                pass
            except Exception as error:  # the body failed (too large, client gone): end here
                failure.append(error)

    imported: Imported | None = None
    refused: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(pump)
        try:
            imported = await anyio.to_thread.run_sync(_read, receive, limits, collection_of, keep)
        except Exception as error:  # raised below, once the pump has stopped
            refused = error
        finally:
            receive.close()  # a pump still sending stops at once
    if failure:  # the body itself failed: that comes first (the lines read are cut short)
        raise failure[0]
    if refused is not None:
        raise refused
    assert imported is not None
    return imported


def _batches(records: Iterator[Entity]) -> Iterator[list[Entity]]:
    batch: list[Entity] = []
    for record in records:
        batch.append(record)
        if len(batch) == EXPORT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def export_lines(dataset: Dataset) -> AsyncIterator[bytes]:
    """The dataset as JSON Lines, one chunk per batch of records."""
    buffer = io.BytesIO()
    for batch in _batches(dataset.records()):
        write_jsonl(batch, buffer)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        await anyio.sleep(0)  # let other requests in between batches
