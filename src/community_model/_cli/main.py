"""The command line: ``community-model`` (also ``python -m community_model``).

Commands: ``demo``, ``validate``, ``schema``, ``summary`` and ``convert`` (see ``--help``).
:func:`main` never lets a traceback reach the user for bad input or usage: the library's
errors and the system's become one-line messages on stderr and an exit status, 0 when all is
good, 1 for invalid data, 2 for usage errors; a reader that goes away (``| head``) ends it
quietly with the status of a process killed by SIGPIPE, 141, as shells report it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence

from community_model._cli.commands import InvalidData
from community_model._cli.output import (
    UsageError,
    describe_os_error,
    err,
    escaped,
    problem_text,
    shown,
)
from community_model._cli.parser import PROG, build_parser
from community_model._cli.streams import results_to
from community_model._errors import CommunityModelError, ValidationError

__all__ = ["main"]

#: Exit statuses; BROKEN_PIPE is 128 + SIGPIPE, what a shell reports for ``... | head``.
OK, INVALID, USAGE, BROKEN_PIPE = 0, 1, 2, 141


def _utf8(stream: object) -> None:
    """Write UTF-8 whatever the locale says: the data is Chinese, and JSON is UTF-8."""
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
        stream.reconfigure(encoding="utf-8")


def _exit_status(code: object) -> int:
    """argparse's ``SystemExit`` code as a status (it exits 0 after --help, 2 on errors)."""
    if code is None:
        return OK
    return code if isinstance(code, int) else USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid data, 2 usage error)."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = build_parser()
    try:
        arguments, extra = parser.parse_known_args(argv)
        if extra:  # the command's own usage, not the top level's
            arguments.command_parser.error(f"unrecognized arguments: {escaped(' '.join(extra))}")
    except SystemExit as exit_:
        return _exit_status(exit_.code)
    command = f"{PROG} {arguments.command}"
    for note in getattr(arguments, "deprecations", []):
        err(f"{command}: warning: {note}")
    try:
        with results_to(getattr(arguments, "output_file", None)):
            status: int = arguments.run(arguments)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except InvalidData as error:
        for problem in error.problems:
            err(problem_text(error.file, problem))
        count = len(error.problems)
        file = shown(error.file)
        err(f"{command}: {file} is invalid: {count} problem{'' if count == 1 else 's'}")
        return INVALID
    except ValidationError as error:
        for problem in error.errors:
            err(escaped(str(problem)))
        return INVALID
    except (UsageError, CommunityModelError) as error:
        err(f"{command}: error: {escaped(str(error))}")
        return USAGE
    except BrokenPipeError:
        # The reader went away (`... | head`): say nothing more, and keep Python from
        # complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except OSError as error:
        err(f"{command}: error: {escaped(describe_os_error(error))}")
        return USAGE
    except KeyboardInterrupt:
        err(f"{command}: interrupted")
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
