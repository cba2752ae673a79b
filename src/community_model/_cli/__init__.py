"""The command line ``community-model`` (also ``python -m community_model``).

One module per concern: ``main`` (the entry point), ``parser`` (arguments and help), ``output``
(streams, consoles, problem lines, progress), ``validate`` (the streaming checker), ``tables``
(summaries as tables) and ``commands`` (demo, schema, summary, convert, redact).
"""

from community_model._cli.main import main

__all__ = ["main"]
