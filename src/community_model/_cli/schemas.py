"""The names ``community-model schema TYPE`` knows: the registry's, grouped for help texts."""

from __future__ import annotations

import textwrap

from community_model._registry import TYPES


def _wrapped(title: str, names: list[str]) -> str:
    body = textwrap.fill(", ".join(names), width=76, initial_indent="  ", subsequent_indent="  ")
    return f"{title}\n{body}"


def schema_help() -> str:
    """The list of TYPE names, grouped, for ``schema --help`` and unknown names."""
    records = [entry for entry in TYPES if entry.group == "record"]
    labels = ", ".join(entry.cls.record_kind.label for entry in records)
    values = sorted(entry.name for entry in TYPES if entry.group == "value")
    return "\n".join(
        [
            "whole files:\n  document (the default), line (one line of a JSON Lines file)",
            _wrapped(f"records ({labels}):", [entry.name for entry in records]),
            _wrapped("values and parts of records:", values),
        ]
    )
