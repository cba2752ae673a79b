"""The command line's private parts; :mod:`community_model.cli` is the entry point.

One module per concern: ``parser`` (arguments and help), ``output`` (streams, consoles, problem
lines, progress), ``validate`` (the streaming checker), ``tables`` (summaries as tables) and
``commands`` (demo, schema, summary, convert).
"""
