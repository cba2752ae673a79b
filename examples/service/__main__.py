"""Run the service with uvicorn: ``python -m examples.service [--port N] [--data FILE]``.

The key comes from the environment (``COMMUNITY_SERVICE_KEY``) or a file (``--key-file``),
never from the command line, where other users of the machine could read it. Without a key the
service is read-only and every response is redacted.

Once the socket is bound, the first line printed is ``serving on http://HOST:PORT`` (with the
real port when ``--port 0`` let the system choose one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
from pathlib import Path

import uvicorn

from community_model import Dataset, Limits, load_dataset, suzhou_2023

from .app import Settings, create_app

_MiB = 1 << 20


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m examples.service",
        description="Serve community_model records over HTTP (Litestar on uvicorn).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (8000)")
    parser.add_argument(
        "--data",
        type=Path,
        help="a document (.json) or JSON Lines file (.jsonl) to serve instead of the bundled "
        "example; it must pass every check",
    )
    parser.add_argument("--key-file", type=Path, help="a file holding the service's key")
    parser.add_argument(
        "--max-body-bytes", type=int, default=_MiB, help="largest record body (1 MiB)"
    )
    parser.add_argument(
        "--max-line-bytes", type=int, default=_MiB, help="largest line of an import (1 MiB)"
    )
    parser.add_argument(
        "--max-import-bytes", type=int, default=1 << 30, help="largest import body (1 GiB)"
    )
    parser.add_argument("--access-log", action="store_true", help="log every request")
    return parser.parse_args(argv)


def read_key(arguments: argparse.Namespace) -> str | None:
    if arguments.key_file is not None:
        return arguments.key_file.read_text(encoding="utf-8").strip() or None
    return os.environ.get("COMMUNITY_SERVICE_KEY") or None


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket the service listens on, bound to ``host`` and ``port`` (0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets
    # that say they are TCP; without it a kept-alive connection waits ~40 ms per response.
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    return listener


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    dataset: Dataset = load_dataset(arguments.data) if arguments.data else suzhou_2023()
    settings = Settings(
        key=read_key(arguments),
        limits=Limits(max_bytes=arguments.max_body_bytes, max_line_bytes=arguments.max_line_bytes),
        max_import_bytes=arguments.max_import_bytes,
    )
    app = create_app(dataset, settings)
    listener = listening_socket(arguments.host, arguments.port)
    family = listener.family
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"serving on http://{shown}:{port}", flush=True)
    if settings.key is None:
        print("no key configured: read-only, every response redacted", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, access_log=arguments.access_log, log_level="warning")
    # On Ctrl-C uvicorn shuts down gracefully, then raises the signal again: end quietly.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main()
