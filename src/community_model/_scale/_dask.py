"""The executor of a sharded conversion on a Dask cluster: local, or an existing scheduler.

Each block of the plan is one task, run by the library's own code on a worker
(:func:`._parts.convert_block`), so the workers need this package installed (the same version)
and must see the files at the same paths. A worker that dies takes its running tasks with it;
the scheduler gives them to another worker, and a block committed before the death is read back,
never written again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from distributed import Client, LocalCluster

from community_model._scale._shards import new_token

__all__ = ["DaskExecutor", "dask_executor"]

R = TypeVar("R")


class DaskExecutor:
    """Runs each item as a task of ``client``'s cluster; results in item order."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def map(self, function: Callable[..., R], items: Sequence[Any], **kwargs: Any) -> list[R]:
        """One task per item, named after the function and this run."""
        if not items:
            return []
        token = new_token()
        keys = [
            f"community-model-{function.__name__}-{token}-{index}" for index in range(len(items))
        ]
        futures = self.client.map(function, list(items), key=keys, pure=False, **kwargs)
        results: list[R] = self.client.gather(futures)  # type: ignore[no-untyped-call]
        return results


@contextlib.contextmanager
def dask_executor(
    *, workers: int | None, scheduler: str | None, client: Client | None
) -> Iterator[DaskExecutor]:
    """An executor on ``client``, on the scheduler at ``scheduler``, or on a new local cluster
    of ``workers`` processes (one thread each; default: one per core), closed afterwards."""
    if client is not None:
        yield DaskExecutor(client)
        return
    if scheduler is not None:
        with Client(scheduler) as connected:  # type: ignore[no-untyped-call]
            yield DaskExecutor(connected)
        return
    count = workers if workers is not None else (os.cpu_count() or 1)
    with (
        _quiet(),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as local,  # type: ignore[no-untyped-call]
    ):
        yield DaskExecutor(local)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The cluster's own start-up and shut-down chatter kept at warnings."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)
