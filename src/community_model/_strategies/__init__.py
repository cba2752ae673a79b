"""The machinery behind :mod:`community_model.strategies`; import from there, not from here."""
